/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-server"

#include "config.h"

#include <glib-unix.h>
#include <malloc.h>
#include <stdio.h>
#include <sys/resource.h>
#include <string.h>

#include "dis-codec.h"
#include "dis-hub-coordinator-routes.h"
#include "dis-hub-cycles.h"
#include "dis-hub-db.h"
#include "dis-hub-events.h"
#include "dis-hub-json.h"
#include "dis-hub-map.h"
#include "dis-hub-members.h"
#include "dis-hub-metrics-route.h"
#include "dis-hub-points.h"
#include "dis-hub-server-private.h"
#include "dis-hub-stock-routes.h"
#include "dis-hub-fund.h"
#include "dis-hub-transparency.h"

/* ---- Replies ----------------------------------------------------------- */

/* Text from the database may predate the strict reader: a reply is
 * always valid JSON, and a repair is logged with the path. */
char *
_dis_hub_json_text (JsonNode   *root,
                    const char *path)
{
  guint n_repaired = 0;
  char *text = dis_json_to_string (root, &n_repaired);

  if (n_repaired > 0)
    g_warning ("reply to %s: %u stored text(s) held invalid UTF-8; sent with U+FFFD in their place",
               path, n_repaired);
  return text;
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *root)
{
  g_autofree char *path = _dis_hub_log_path (msg);
  char *text = _dis_hub_json_text (root, path);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

char *
_dis_hub_error_text (const char *code,
                     const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return dis_json_to_string (root, NULL);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  char *text = _dis_hub_error_text (code, message);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

/* ---- Authentication ------------------------------------------------------ */

gboolean
_dis_hub_check_token (DisHubDb    *db,
                      const char  *authorization,
                      char       **out_point,
                      char       **out_device,
                      guint       *out_status,
                      const char **out_code,
                      const char **out_message,
                      const char **out_challenge)
{
  g_autoptr(GError) error = NULL;
  DisHubAuth auth;

  *out_status = SOUP_STATUS_UNAUTHORIZED;
  *out_challenge = NULL;
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0 ||
      authorization[7] == '\0')
    {
      *out_challenge = "Bearer";
      *out_code = "unauthorized";
      *out_message = "a bearer token is required";
      return FALSE;
    }

  auth = dis_hub_auth_lookup (db, authorization + 7, out_point, out_device, &error);
  if (error != NULL)
    {
      g_warning ("authentication: %s", error->message);
      *out_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      *out_code = "internal_error";
      *out_message = "database error";
      return FALSE;
    }
  if (auth == DIS_HUB_AUTH_REVOKED)
    {
      *out_code = "token_revoked";
      *out_message = "this device's token was revoked";
      return FALSE;
    }
  if (auth != DIS_HUB_AUTH_OK)
    {
      *out_challenge = "Bearer error=\"invalid_token\"";
      *out_code = "unauthorized";
      *out_message = "unknown token";
      return FALSE;
    }
  return TRUE;
}

static gboolean
authenticate (Hub                *hub,
              SoupServerMessage  *msg,
              char              **out_point,
              char              **out_device)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *code, *message, *challenge;
  guint status;

  if (!_dis_hub_check_token (hub->db, soup_message_headers_get_one (headers, "Authorization"),
                             out_point, out_device, &status, &code, &message, &challenge))
    {
      if (challenge != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "WWW-Authenticate", challenge);
      reply_error (msg, status, code, message);
      return FALSE;
    }
  g_free (_dis_hub_request_get (msg)->point);
  _dis_hub_request_get (msg)->point = g_strdup (*out_point);
  return TRUE;
}

/* ---- Endpoints ----------------------------------------------------------- */

/* With the limits of a push, so a point sizes its batches to them. */
static void
handle_health (Hub               *hub,
               SoupServerMessage *msg)
{
  DisCodecHealth health = { "ok", PACKAGE_VERSION, TRUE,
                            MIN ((gint64) hub->options.batch_limit, (gint64) DIS_CODEC_BATCH_EVENTS_MAX),
                            MIN ((gint64) hub->options.body_limit, DIS_CODEC_BODY_BYTES_MAX) };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = dis_codec_health_to_node (&health, &error);
  if (root == NULL)
    {
      g_warning ("health: %s", error->message);
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "health");
      return;
    }
  reply_json (msg, SOUP_STATUS_OK, root);
}

/* The body by the strict reader, as json-glib's tree or as a DisJsonDoc
 * (@doc): the same limits and the same answers either way. */
static gpointer
parse_body (Hub         *hub,
            GBytes      *body,
            gboolean     doc,
            guint       *out_status,
            const char **out_code,
            char       **out_message)
{
  g_autoptr(GError) error = NULL;
  DisJsonLimits limits = dis_hub_json_request_limits (hub->options.body_limit, hub->options.depth_limit,
                                                      hub->options.batch_limit);
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  gpointer root;

  if (length > hub->options.body_limit)
    {
      *out_status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      *out_code = "body_too_large";
      *out_message = g_strdup ("the request body is over the limit");
      return NULL;
    }
  if (doc)
    root = dis_json_doc_parse (data != NULL ? data : "", length, &limits, &error);
  else
    root = dis_json_parse (data != NULL ? data : "", length, &limits, &error);
  if (root != NULL)
    return root;
  *out_status = SOUP_STATUS_BAD_REQUEST;
  *out_code = "malformed_json";
  if (g_error_matches (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_DEEP))
    *out_code = "too_deep";
  else if (g_error_matches (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_LONG) ||
           g_error_matches (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_MANY_MEMBERS))
    {
      *out_status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      *out_code = "json_too_large";
    }
  *out_message = g_strdup (error->message);
  return NULL;
}

JsonNode *
_dis_hub_parse_body (Hub         *hub,
                     GBytes      *body,
                     guint       *out_status,
                     const char **out_code,
                     char       **out_message)
{
  return parse_body (hub, body, FALSE, out_status, out_code, out_message);
}

DisJsonDoc *
_dis_hub_parse_body_doc (Hub         *hub,
                         GBytes      *body,
                         guint       *out_status,
                         const char **out_code,
                         char       **out_message)
{
  return parse_body (hub, body, TRUE, out_status, out_code, out_message);
}

/* Reads the body as JSON with the strict reader, answering the request
 * when it cannot. */
static JsonNode *
read_json_body (Hub               *hub,
                SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *message = NULL;
  const char *code;
  guint status;
  JsonNode *root;

  root = _dis_hub_parse_body (hub, bytes, &status, &code, &message);
  if (root == NULL)
    reply_error (msg, status, code, message);
  return root;
}

/* For handlers in their own files (dis-hub-server-private.h). */
void
_dis_hub_reply_json (SoupServerMessage *msg,
                     guint              status,
                     JsonNode          *root)
{
  reply_json (msg, status, root);
}

void
_dis_hub_reply_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *message)
{
  reply_error (msg, status, code, message);
}

gboolean
_dis_hub_authenticate (Hub                *hub,
                       SoupServerMessage  *msg,
                       char              **out_point,
                       char              **out_device)
{
  return authenticate (hub, msg, out_point, out_device);
}

JsonNode *
_dis_hub_read_json_body (Hub               *hub,
                         SoupServerMessage *msg)
{
  return read_json_body (hub, msg);
}

/* A route is handled on the main thread (@handle) or as a job on a
 * worker with a read connection (@work, dis-hub-server-work.c). */
typedef struct
{
  const char   *path;
  const char   *method;
  void        (*handle) (Hub *hub, SoupServerMessage *msg);
  DisHubJobFunc work;
} Route;

static const Route routes[] = {
  { "/api/v1/health", "GET", handle_health, NULL },
  { "/api/v1/me", "GET", NULL, _dis_hub_work_me },
  { "/api/v1/events", "POST", NULL, _dis_hub_work_events },
  { "/api/v1/changes", "GET", NULL, _dis_hub_work_changes },
  { "/api/v1/map/pack", "GET", NULL, _dis_hub_work_map_pack },
  { "/api/v1/declarations", "GET", NULL, _dis_hub_work_declarations },
  { "/api/v1/transparency", "GET", NULL, _dis_hub_work_transparency },
  { "/api/v1/basket/completeness", "GET", NULL, dis_hub_stock_work_completeness },
  { "/api/v1/availability", "GET", NULL, dis_hub_stock_work_availability },
  { "/api/v1/metrics", "GET", dis_hub_metrics_handle, NULL },
};

const char *
_dis_hub_route_endpoint (const char *path)
{
  if (path == NULL)
    return NULL;
  if (g_str_has_prefix (path, DIS_HUB_COORDINATOR_PREFIX))
    return DIS_HUB_COORDINATOR_PREFIX;
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (path, routes[i].path))
      return routes[i].path;
  return NULL;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Hub *hub = user_data;
  const char *method = soup_server_message_get_method (msg);

  /* libsoup would cut any 200 to a Range itself, several ranges into a
   * multipart reply: only the map pack serves ranges, and decides alone. */
  if (!g_str_equal (path, "/api/v1/map/pack"))
    soup_message_headers_remove (soup_server_message_get_request_headers (msg), "Range");

  /* Requests already under way when shutdown began are served; new ones are not. */
  if (_dis_hub_request_get (msg) == NULL || _dis_hub_request_get (msg)->late)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "shutting_down", "the hub is shutting down");
      return;
    }

  if (g_str_has_prefix (path, DIS_HUB_COORDINATOR_PREFIX))
    {
      dis_hub_coordinator_route (hub, msg, path);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!g_str_equal (path, routes[i].path))
        continue;
      if (!g_str_equal (method, routes[i].method))
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", routes[i].method);
          reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                       "this method is not allowed here");
          return;
        }
      if (routes[i].work != NULL)
        _dis_hub_job_start (hub, msg, routes[i].work);
      else
        routes[i].handle (hub, msg);
      return;
    }
  reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such endpoint");
}

/* ---- Lifecycle ---------------------------------------------------------- */

void
_dis_hub_maybe_quit (Hub *hub)
{
  if (hub->draining && hub->in_flight == 0)
    g_main_loop_quit (hub->loop);
}

static gboolean
drain_timeout_cb (gpointer data)
{
  Hub *hub = data;

  hub->drain_timeout_id = 0;
  g_printerr ("hub: %u request(s) still running after %u s, stopping anyway\n",
              hub->in_flight, hub->options.drain_timeout);
  g_main_loop_quit (hub->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer data)
{
  Hub *hub = data;

  if (hub->draining)
    return G_SOURCE_CONTINUE;
  g_printerr ("hub: shutting down, %u request(s) in flight\n", hub->in_flight);
  hub->draining = TRUE;
  hub->drain_timeout_id = g_timeout_add_seconds (hub->options.drain_timeout, drain_timeout_cb, hub);
  _dis_hub_maybe_quit (hub);
  return G_SOURCE_CONTINUE;
}

/* Many points push at once after an outage: GSocketListener's default
 * backlog of 10 made the kernel reset connections under a burst of 200
 * devices (tests/bench/bench-sync-devices), so listen on our own socket
 * with a deep queue. */
#define LISTEN_BACKLOG 1024

static gboolean
listen_with_backlog (SoupServer               *server,
                     GSocketAddress           *address,
                     SoupServerListenOptions   options,
                     GError                  **error)
{
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (address),
                         G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error))
    return FALSE;
  return soup_server_listen_socket (server, socket, options, error);
}

static GSocketAddress *
parse_listen (const char  *listen,
              GError     **error)
{
  const char *colon = listen ? strrchr (listen, ':') : NULL;
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  guint64 port;

  if (colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto bad;
  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    goto bad;
  return g_inet_socket_address_new (address, (guint16) port);

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "--listen must be an IP address and a port, like 127.0.0.1:8040");
  return NULL;
}

/* The writer first: it commits what is queued. Workers still running
 * after the drain timeout keep the read pool: the process ends anyway. */
static void
close_databases (Hub *hub)
{
  g_clear_pointer (&hub->writer, dis_hub_writer_free);
  /* Only the main context queues pushes to free, and it has stopped. */
  if (hub->reaper != NULL)
    g_thread_pool_free (g_steal_pointer (&hub->reaper), FALSE, TRUE);
  if (g_atomic_int_get (&hub->working) == 0)
    g_clear_pointer (&hub->readers, g_async_queue_unref);
  g_clear_pointer (&hub->db, dis_hub_db_close);
}

static void
free_push (gpointer data,
           gpointer user_data)
{
  dis_hub_push_free (data);
}

/* What serving many points at once needs from the process. */
static void
tune_process (void)
{
  struct rlimit files;

  /* Workers free what they parsed, and glibc gives the memory back to the
   * kernel at once: madvise() on every trim, a TLB shootdown across CPUs
   * each time, 14% of a push's time in a profile. Keep it instead. */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  /* A connection per point: systemd's soft limit of 1024 files is too
   * few for a network; the hard limit is the administrator's. */
  if (getrlimit (RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max)
    {
      files.rlim_cur = files.rlim_max;
      setrlimit (RLIMIT_NOFILE, &files);
    }
}

int
dis_hub_serve (const DisHubServeOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(DisHubMetrics) metrics = dis_hub_metrics_new ();
  GSList *uris;
  Hub hub = { .options = *options, .loop = loop, .metrics = metrics };
  DisHubVolumeWatch *volumes = NULL;
  DisHubCycleWatch *cycles = NULL;
  SoupServerListenOptions listen_options = 0;
  guint sigterm, sigint;

  tune_process ();
  address = parse_listen (options->listen, &error);
  if (address == NULL)
    goto failed;
  if ((options->tls_cert == NULL) != (options->tls_key == NULL))
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "--tls-cert and --tls-key go together");
      goto failed;
    }
  if (options->tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (options->tls_cert, options->tls_key, &error);
      if (certificate == NULL)
        goto failed;
      listen_options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  hub.db = dis_hub_db_open (options->db_path, FALSE, &error);
  if (hub.db == NULL)
    goto failed;
  hub.writer = dis_hub_writer_new (options->db_path, &error);
  if (hub.writer == NULL)
    {
      dis_hub_db_close (hub.db);
      goto failed;
    }
  hub.readers = g_async_queue_new_full ((GDestroyNotify) dis_hub_db_close);
  /* One thread: freeing is cheap next to applying, and never waited for. */
  hub.reaper = g_thread_pool_new (free_push, NULL, 1, FALSE, NULL);
  /* Old sales leave the 12-month window with no request to notice it. */
  volumes = dis_hub_members_watch_volumes (hub.db);
  /* Order cycles close at their closing time, published then. */
  cycles = dis_hub_cycles_watch (hub.db);

  hub.server = soup_server_new ("server-header", "disotto-hub/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate,
                                NULL);
  soup_server_add_handler (hub.server, NULL, server_cb, &hub, NULL);
  _dis_hub_watch_requests (&hub);

  if (!listen_with_backlog (hub.server, address, listen_options, &error))
    {
      g_clear_object (&hub.server);
      g_clear_pointer (&volumes, dis_hub_members_watch_free);
      g_clear_pointer (&cycles, dis_hub_cycles_watch_free);
      close_databases (&hub);
      goto failed;
    }

  /* Before the line below: a test may send SIGTERM as soon as it reads it. */
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &hub);
  sigint = g_unix_signal_add (SIGINT, signal_cb, &hub);

  uris = soup_server_get_uris (hub.server);
  uri = uris ? g_uri_ref (uris->data) : NULL;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* Tests read the port from this first line: keep it first and flushed. */
  printf ("listening on %s://%s:%d\n", certificate ? "https" : "http",
          uri ? g_uri_get_host (uri) : "?", uri ? g_uri_get_port (uri) : 0);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_clear_handle_id (&hub.drain_timeout_id, g_source_remove);
  soup_server_disconnect (hub.server);
  g_clear_object (&hub.server);
  g_clear_pointer (&volumes, dis_hub_members_watch_free);
  g_clear_pointer (&cycles, dis_hub_cycles_watch_free);
  close_databases (&hub);
  g_printerr ("hub: stopped\n");
  return 0;

failed:
  g_printerr ("disotto-hub serve: %s\n", error->message);
  return 1;
}
