/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-server"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-hub-events.h"
#include "dis-hub-fund.h"
#include "dis-hub-json.h"
#include "dis-hub-map.h"
#include "dis-hub-members.h"
#include "dis-hub-points.h"
#include "dis-hub-server-private.h"
#include "dis-hub-transparency.h"

/* Requests that read the database, and pushes, off the main loop.
 *
 * libsoup's server, its connections and its messages belong to the main
 * context: a job copies what its handler needs from the message (the
 * token, the query, the body), pauses the message, runs the handler on a
 * GTask worker with a read connection of the pool (SQLite in WAL mode:
 * readers never wait for the writer), and back on the main context puts
 * the reply on the message and unpauses it. A push, once decoded and
 * checked on the worker, goes to the one writer (dis-hub-writer.c),
 * which answers after its commit. */

struct _DisHubJob
{
  Hub               *hub;
  SoupServerMessage *msg;          /* main thread only */
  DisHubJobFunc      func;
  char              *path;         /* for log lines */
  char              *authorization;
  char              *query;
  SoupMessageHeaders *request_headers;  /* a copy */
  GBytes            *body;         /* POST only */
  char              *point;        /* once authenticated */
  char              *device;
  gint64             queued;       /* g_get_monotonic_time() at the writer */

  /* The reply. */
  guint              status;
  char              *content_type;
  char              *text;
  gsize              length;
  GBytes            *bytes;        /* instead of @text */
  SoupMessageHeaders *response_headers;
  gboolean           drop_range;   /* libsoup must not cut the 200 to a Range */

  /* A push, decoded on the worker, for the writer. */
  DisHubPush        *push;
};

static void
job_free (gpointer data)
{
  DisHubJob *job = data;

  g_clear_object (&job->msg);
  g_free (job->path);
  g_free (job->authorization);
  g_free (job->query);
  g_clear_pointer (&job->request_headers, soup_message_headers_unref);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->point);
  g_free (job->device);
  g_free (job->content_type);
  g_free (job->text);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->response_headers, soup_message_headers_unref);
  /* A push's decoded events are freed off the main thread and off
   * the writer: freeing a batch's JSON takes as long as parsing it. */
  if (job->push != NULL)
    g_thread_pool_push (job->hub->reaper, g_steal_pointer (&job->push), NULL);
  g_free (job);
}

/* ---- The read pool -------------------------------------------------------- */

DisHubDb *
_dis_hub_reader_take (Hub     *hub,
                      GError **error)
{
  DisHubDb *db = g_async_queue_try_pop (hub->readers);

  /* GTask's pool bounds the workers, and so the connections. */
  if (db == NULL)
    db = dis_hub_db_open (hub->options.db_path, FALSE, error);
  return db;
}

void
_dis_hub_reader_give (Hub      *hub,
                      DisHubDb *db)
{
  g_async_queue_push (hub->readers, db);
}

/* ---- The job's side of a request --------------------------------------------- */

Hub *
_dis_hub_job_get_hub (DisHubJob *job)
{
  return job->hub;
}

const char *
_dis_hub_job_get_query (DisHubJob *job)
{
  return job->query;
}

void
_dis_hub_job_reply_text (DisHubJob  *job,
                         guint       status,
                         const char *content_type,
                         char       *text,
                         gsize       length)
{
  job->status = status;
  g_free (job->content_type);
  job->content_type = g_strdup (content_type);
  g_free (job->text);
  job->text = text;
  job->length = length;
  g_clear_pointer (&job->bytes, g_bytes_unref);
}

void
_dis_hub_job_reply_json (DisHubJob *job,
                         guint      status,
                         JsonNode  *root)
{
  char *text = _dis_hub_json_text (root, job->path);

  _dis_hub_job_reply_text (job, status, "application/json", text, strlen (text));
}

void
_dis_hub_job_reply_error (DisHubJob  *job,
                          guint       status,
                          const char *code,
                          const char *message)
{
  char *text = _dis_hub_error_text (code, message);

  _dis_hub_job_reply_text (job, status, "application/json", text, strlen (text));
}

gboolean
_dis_hub_job_authenticate (DisHubJob  *job,
                           DisHubDb   *db,
                           char      **out_point,
                           char      **out_device)
{
  const char *code, *message, *challenge;
  guint status;

  if (!_dis_hub_check_token (db, job->authorization, out_point, out_device,
                             &status, &code, &message, &challenge))
    {
      if (challenge != NULL)
        soup_message_headers_replace (job->response_headers, "WWW-Authenticate", challenge);
      _dis_hub_job_reply_error (job, status, code, message);
      return FALSE;
    }
  g_free (job->point);
  job->point = g_strdup (*out_point);
  return TRUE;
}

/* The body as json-glib's tree or as a DisJsonDoc (@doc), or NULL and
 * the request answered. */
static gpointer
job_read_body (DisHubJob *job,
               gboolean   doc)
{
  g_autofree char *message = NULL;
  const char *code;
  guint status;
  gpointer root;

  if (doc)
    root = _dis_hub_parse_body_doc (job->hub, job->body, &status, &code, &message);
  else
    root = _dis_hub_parse_body (job->hub, job->body, &status, &code, &message);
  if (root == NULL)
    _dis_hub_job_reply_error (job, status, code, message);
  return root;
}

JsonNode *
_dis_hub_job_read_json_body (DisHubJob *job)
{
  return job_read_body (job, FALSE);
}

DisJsonDoc *
_dis_hub_job_read_json_doc (DisHubJob *job)
{
  return job_read_body (job, TRUE);
}

/* ---- Running a job --------------------------------------------------------------- */

static void
copy_header (const char *name,
             const char *value,
             gpointer    data)
{
  soup_message_headers_append (data, name, value);
}

/* Main context: the reply onto the message, and the message back to libsoup. */
static void
job_answer (DisHubJob *job)
{
  SoupServerMessage *msg = job->msg;
  Request *request = _dis_hub_request_get (msg);

  if (request != NULL && job->point != NULL)
    {
      g_free (request->point);
      request->point = g_strdup (job->point);
    }
  if (job->status == 0)
    _dis_hub_job_reply_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "no reply");
  if (job->drop_range)
    soup_message_headers_remove (soup_server_message_get_request_headers (msg), "Range");
  soup_message_headers_foreach (job->response_headers, copy_header,
                                soup_server_message_get_response_headers (msg));
  soup_server_message_set_status (msg, job->status, NULL);
  if (job->text != NULL)
    soup_server_message_set_response (msg, job->content_type, SOUP_MEMORY_TAKE,
                                      g_steal_pointer (&job->text), job->length);
  else if (job->bytes != NULL)
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), job->bytes);
  soup_server_message_unpause (msg);
  job_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  DisHubJob *job = data;
  g_autoptr(GError) error = NULL;
  DisHubDb *db;

  db = _dis_hub_reader_take (job->hub, &error);
  if (db == NULL)
    {
      g_warning ("%s: no read connection: %s", job->path, error->message);
      _dis_hub_job_reply_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
    }
  else
    {
      job->func (job, db);
      /* A reader left in a transaction would pin an old snapshot. */
      g_assert (!dis_hub_db_in_transaction (db));
      _dis_hub_reader_give (job->hub, db);
    }
  g_atomic_int_add (&job->hub->working, -1);
  g_task_return_boolean (task, TRUE);
}

static void
batch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  DisHubJob *job = data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = dis_hub_writer_apply_finish (job->hub->writer, result, &error);
  dis_hub_metrics_set_queue_depth (job->hub->metrics, dis_hub_writer_get_depth (job->hub->writer));
  if (reply == NULL)
    {
      g_warning ("events from %s/%s: %s", job->point, job->device, error->message);
      _dis_hub_job_reply_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                                "the batch was not applied");
    }
  else
    {
      dis_hub_metrics_batch_reply (job->hub->metrics, g_get_monotonic_time () - job->queued, reply);
      _dis_hub_job_reply_json (job, SOUP_STATUS_OK, reply);
    }
  job_answer (job);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  /* The job outlives its task (no destroy notify: the task always
   * completes, and this callback owns the job from here). */
  DisHubJob *job = g_task_get_task_data (G_TASK (result));

  if (job->push != NULL)
    {
      job->queued = g_get_monotonic_time ();
      dis_hub_writer_apply_async (job->hub->writer, job->point, job->device, job->push,
                                  batch_done_cb, job);
      dis_hub_metrics_set_queue_depth (job->hub->metrics, dis_hub_writer_get_depth (job->hub->writer));
      return;
    }
  job_answer (job);
}

void
_dis_hub_job_start (Hub               *hub,
                    SoupServerMessage *msg,
                    DisHubJobFunc      func)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GTask) task = NULL;
  DisHubJob *job;

  job = g_new0 (DisHubJob, 1);
  job->hub = hub;
  job->msg = g_object_ref (msg);
  job->func = func;
  job->path = _dis_hub_log_path (msg);
  job->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  job->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  job->request_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (headers, copy_header, job->request_headers);
  job->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    job->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  soup_server_message_pause (msg);
  g_atomic_int_inc (&hub->working);
  task = g_task_new (NULL, NULL, job_done_cb, NULL);
  g_task_set_source_tag (task, _dis_hub_job_start);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, job_thread);
}

/* ---- The handlers ---------------------------------------------------------- */

/* POST /api/v1/events: everything but the commit. */
void
_dis_hub_work_events (DisHubJob *job,
                      DisHubDb  *db)
{
  Hub *hub = job->hub;
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(DisJsonDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  const DisJsonValue *events;
  const char *body_device;

  if (!_dis_hub_job_authenticate (job, db, &point, &device))
    return;
  /* A document of the arena, not json-glib's tree: building and freeing
   * that tree was half of a push's work outside the database (issue 12). */
  doc = _dis_hub_job_read_json_doc (job);
  if (doc == NULL)
    return;

  if (!dis_codec_batch_decode_doc (dis_json_doc_get_root (doc), &body_device, &events, &error))
    {
      _dis_hub_job_reply_error (job, SOUP_STATUS_BAD_REQUEST, "invalid_request", error->message);
      return;
    }
  if (!g_str_equal (body_device, device))
    {
      _dis_hub_job_reply_error (job, SOUP_STATUS_FORBIDDEN, "wrong_device",
                                "the token belongs to another device");
      return;
    }
  if (events->n > hub->options.batch_limit)
    {
      g_autofree char *message = g_strdup_printf ("at most %u events per batch", hub->options.batch_limit);

      _dis_hub_job_reply_error (job, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "batch_too_large", message);
      return;
    }
  job->device = g_steal_pointer (&device);
  /* Decoded here, not on the writer, which every push waits for; the
   * document goes with the push, whose strings point into it. */
  job->push = dis_hub_push_decode_doc (g_steal_pointer (&doc), events);
}

static gboolean
query_int (GHashTable *query,
           const char *name,
           gint64      fallback,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  return g_ascii_string_to_signed (text, 10, min, max, out, NULL);
}

/* GET /api/v1/changes?since=&limit= */
void
_dis_hub_work_changes (DisHubJob *job,
                       DisHubDb  *db)
{
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GString) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, limit, next, n = 0;
  gboolean has_row, more = FALSE;
  gsize length;

  if (!_dis_hub_job_authenticate (job, db, &point, &device))
    return;

  if (job->query != NULL)
    query = soup_form_decode (job->query);
  if (!query_int (query, "since", 0, 0, G_MAXINT64, &since) ||
      !query_int (query, "limit", 100, 1, 1000, &limit))
    {
      _dis_hub_job_reply_error (job, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                                "since must be an integer ≥ 0 and limit an integer in 1…1000");
      return;
    }

  /* Every point asks this, on every read connection: kept prepared. */
  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT seq, kind, op, data FROM changes WHERE seq > ?1"
                                    " ORDER BY seq LIMIT ?2",
                                    &error);
  if (stmt == NULL)
    goto failed;
  dis_hub_stmt_bind_int64 (stmt, 1, since);
  dis_hub_stmt_bind_int64 (stmt, 2, limit + 1);

  /* The stored data goes as the codec wrote it, once checked. */
  next = since;
  page = g_string_sized_new (256 * (gsize) limit);
  dis_codec_changes_page_begin (page);
  while (dis_hub_db_step (db, stmt, &has_row, &error) && has_row)
    {
      g_autoptr(GError) row_error = NULL;
      g_autofree char *what = NULL;
      g_autofree char *repaired = NULL;
      const char *data;

      if (n == limit)
        {
          more = TRUE;
          break;
        }
      n++;
      next = dis_hub_stmt_column_int64 (stmt, 0);
      /* One bad row must not stop every point's pull: it is repaired, or
       * logged and skipped, and the cursor moves past it. */
      what = g_strdup_printf ("changes seq=%" G_GINT64_FORMAT, next);
      data = dis_hub_stmt_column_text (stmt, 3);
      if (!dis_hub_json_check_stored (data, what, &repaired, &row_error))
        {
          g_warning ("%s: skipped: %s", what, row_error->message);
          continue;
        }
      dis_codec_change_write (page, next, dis_hub_stmt_column_text (stmt, 1),
                              dis_hub_stmt_column_text (stmt, 2),
                              repaired != NULL ? repaired : data);
    }
  if (error != NULL)
    goto failed;
  dis_codec_changes_page_end (page, next, more);
  length = page->len;
  _dis_hub_job_reply_text (job, SOUP_STATUS_OK, "application/json",
                           g_string_free (g_steal_pointer (&page), FALSE), length);
  return;

failed:
  g_warning ("changes: %s", error ? error->message : "?");
  _dis_hub_job_reply_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
}

/* GET /api/v1/me */
void
_dis_hub_work_me (DisHubJob *job,
                  DisHubDb  *db)
{
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!_dis_hub_job_authenticate (job, db, &point, &device))
    return;
  data = dis_hub_point_get (db, point, &error);
  if (data == NULL || (root = dis_codec_me_to_node (data, device, &error)) == NULL)
    {
      g_warning ("me: %s", error ? error->message : "point not found");
      _dis_hub_job_reply_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "point not found");
      return;
    }
  _dis_hub_job_reply_json (job, SOUP_STATUS_OK, root);
}

/* GET /api/v1/declarations: public, no token; what members chose to
 * publish, nothing else. */
void
_dis_hub_work_declarations (DisHubJob *job,
                            DisHubDb  *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = dis_hub_members_declarations (db, &error);

  if (root == NULL)
    {
      g_warning ("declarations: %s", error ? error->message : "?");
      _dis_hub_job_reply_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
      return;
    }
  _dis_hub_job_reply_json (job, SOUP_STATUS_OK, root);
}

/* GET /api/v1/transparency: public, no token; the month's figures,
 * small cells suppressed. */
void
_dis_hub_work_transparency (DisHubJob *job,
                            DisHubDb  *db)
{
  const char *content_type = NULL, *code = NULL, *message = NULL;
  char *text = NULL;
  guint status = 0;

  if (!dis_hub_transparency_serve (db, dis_hub_fund_for_period, job->query, &content_type, &text,
                                   &status, &code, &message))
    {
      _dis_hub_job_reply_error (job, status, code, message);
      return;
    }
  _dis_hub_job_reply_text (job, SOUP_STATUS_OK, content_type, text, strlen (text));
}

/* GET /api/v1/map/pack: the pack file, whole, by range or not modified. */
void
_dis_hub_work_map_pack (DisHubJob *job,
                        DisHubDb  *db)
{
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  const char *code = NULL, *message = NULL;
  GBytes *body = NULL;
  guint status = 0;

  if (!_dis_hub_job_authenticate (job, db, &point, &device))
    return;
  if (!dis_hub_map_serve_pack (db, job->hub->options.db_path, job->request_headers, job->response_headers,
                               &body, &status, &code, &message))
    {
      _dis_hub_job_reply_error (job, status, code, message);
      return;
    }
  job->status = status;
  job->bytes = body;
  job->drop_range = status == SOUP_STATUS_OK;
}
