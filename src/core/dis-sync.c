/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dis-error.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-sync-private.h"

/* The engine runs on its own thread, with its own GMainContext and
 * SoupSession, and blocking store calls: nothing here runs on the
 * creator's (UI) thread but the property updates it is sent.
 *
 * Exactly once: an outbox row is deleted only in the transaction that
 * records the hub's "accepted"/"duplicate" for that very event id; a lost
 * reply leaves it in the outbox and the retry answers "duplicate". */

#define BATCH_EVENTS      200
#define BATCH_BYTES       (512 * 1024)   /* the hub's default body limit is 1 MiB */
#define PAGE_LIMIT        500
#define MAX_LOOPS         100000         /* bound on batches/pages per round */

#define DEFAULT_BASE_MS       1000
#define DEFAULT_CAP_MS        (5 * 60 * 1000)
#define DEFAULT_PERIODIC_MS   (60 * 1000)
#define DEFAULT_TIMEOUT_S     30

G_DEFINE_QUARK (dis-sync-error-quark, dis_sync_error)

void
dis_sync_enrolment_free (DisSyncEnrolment *enrolment)
{
  if (enrolment == NULL)
    return;
  g_free (enrolment->hub_url);
  g_free (enrolment->point_code);
  g_free (enrolment->point_name);
  g_free (enrolment->device_id);
  g_free (enrolment->certificate_fingerprint);
  g_free (enrolment);
}

/* Plain words for people; never the token, never a raw GError. */
static const char *
error_to_words (const GError *error)
{
  if (error->domain == DIS_SYNC_ERROR)
    switch ((DisSyncError) error->code)
      {
      case DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE:
        return _("The hub’s certificate is not trusted");
      case DIS_SYNC_ERROR_CERTIFICATE_CHANGED:
        return _("The hub’s certificate changed: enrol this till again to trust the new one");
      case DIS_SYNC_ERROR_UNAUTHORIZED:
        return _("The hub refused this device’s token");
      case DIS_SYNC_ERROR_REVOKED:
        return _("The hub revoked this device’s token");
      case DIS_SYNC_ERROR_NETWORK:
        return _("The hub could not be reached");
      case DIS_SYNC_ERROR_SERVER:
        return _("The hub has a problem and could not take the data");
      case DIS_SYNC_ERROR_PROTOCOL:
        return _("The hub sent a reply this till does not understand");
      case DIS_SYNC_ERROR_INVALID_URL:
        return _("The hub address is not valid");
      default:
        break;
      }
  if (error->domain == DIS_ERROR)
    return _("The local database could not be updated");
  return _("Synchronization failed");
}

static gboolean
fail (GError     **error,
      DisSyncError code)
{
  GError *tmp = g_error_new_literal (DIS_SYNC_ERROR, code, "");

  g_free (tmp->message);
  tmp->message = g_strdup (error_to_words (tmp));
  g_propagate_error (error, tmp);
  return FALSE;
}

/* ---- HTTP ----------------------------------------------------------------- */

/* One hub connection's settings, used from one thread only. */
typedef struct
{
  SoupSession  *session;
  GCancellable *cancellable;
  char         *base_url;     /* without trailing slash */
  char         *token;
  char         *pin;          /* pinned fingerprint or NULL */
  char         *offered;      /* fingerprint of a refused certificate */
} Conn;

static void
conn_clear (Conn *conn)
{
  g_clear_object (&conn->session);
  g_clear_object (&conn->cancellable);
  g_clear_pointer (&conn->base_url, g_free);
  g_clear_pointer (&conn->token, g_free);
  g_clear_pointer (&conn->pin, g_free);
  g_clear_pointer (&conn->offered, g_free);
}

static char *
fingerprint_of (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  GString *out = g_string_new (NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der != NULL)
    g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, i ? ":%02X" : "%02X", digest[i]);
  return g_string_free (out, FALSE);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Conn                 *conn)
{
  g_autofree char *fingerprint = fingerprint_of (certificate);

  if (conn->pin != NULL && g_ascii_strcasecmp (conn->pin, fingerprint) == 0)
    return TRUE;
  g_free (conn->offered);
  conn->offered = g_steal_pointer (&fingerprint);
  return FALSE;
}

static char *
normalize_url (const char  *text,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return fail (error, DIS_SYNC_ERROR_INVALID_URL), NULL;
  trimmed = g_strstrip (g_strdup (text));
  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    return fail (error, DIS_SYNC_ERROR_INVALID_URL), NULL;
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  return g_steal_pointer (&trimmed);
}

static const char *
error_code_of (JsonNode *root)
{
  JsonObject *object, *error;
  JsonNode *code;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return NULL;
  error = json_object_get_object_member (object, "error");
  code = json_object_get_member (error, "code");
  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (code);
}

/* One request; returns the JSON reply of a 2xx (and of a 413, which the
 * caller handles), or fails with a DIS_SYNC_ERROR (or G_IO_ERROR_CANCELLED). */
static JsonNode *
conn_request (Conn        *conn,
              const char  *method,
              const char  *path,
              GBytes      *body,
              guint       *out_status,
              GError     **error)
{
  g_autofree char *url = g_strconcat (conn->base_url, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", conn->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = NULL;
  const char *code;
  const char *data;
  gsize length;
  guint status;

  *out_status = 0;
  if (msg == NULL)
    return fail (error, DIS_SYNC_ERROR_INVALID_URL), NULL;
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), conn);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  g_clear_pointer (&conn->offered, g_free);
  reply = soup_session_send_and_read (conn->session, msg, conn->cancellable, &local_error);
  if (reply == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (conn->offered != NULL)
        return fail (error, conn->pin != NULL ? DIS_SYNC_ERROR_CERTIFICATE_CHANGED
                                              : DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE), NULL;
      g_debug ("%s %s: %s", method, path, local_error->message);
      return fail (error, DIS_SYNC_ERROR_NETWORK), NULL;
    }

  status = soup_message_get_status (msg);
  *out_status = status;
  data = g_bytes_get_data (reply, &length);
  if (length > 0 && json_parser_load_from_data (parser, data, length, NULL))
    root = json_parser_steal_root (parser);
  code = error_code_of (root);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* @code lives in @root. */
      DisSyncError kind = g_strcmp0 (code, "token_revoked") == 0 ? DIS_SYNC_ERROR_REVOKED
                                                                 : DIS_SYNC_ERROR_UNAUTHORIZED;

      g_clear_pointer (&root, json_node_unref);
      return fail (error, kind), NULL;
    }
  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      g_clear_pointer (&root, json_node_unref);
      return fail (error, DIS_SYNC_ERROR_SERVER), NULL;
    }
  if (root == NULL || (!SOUP_STATUS_IS_SUCCESSFUL (status) && status != SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE))
    {
      g_debug ("%s %s: status %u, error code %s", method, path, status, code ? code : "none");
      g_clear_pointer (&root, json_node_unref);
      return fail (error, DIS_SYNC_ERROR_PROTOCOL), NULL;
    }
  return root;
}

static void
conn_init_session (Conn  *conn,
                   guint  timeout_s)
{
  conn->session = soup_session_new_with_options ("timeout", timeout_s,
                                                 "idle-timeout", 60,
                                                 "user-agent", "disotto-punto/" PACKAGE_VERSION,
                                                 NULL);
}

/* ---- Config --------------------------------------------------------------- */

typedef struct
{
  char *url;
  char *token;
  char *pin;
} Config;

static void
config_clear (Config *config)
{
  g_clear_pointer (&config->url, g_free);
  if (config->token != NULL)
    memset (config->token, 0, strlen (config->token));
  g_clear_pointer (&config->token, g_free);
  g_clear_pointer (&config->pin, g_free);
}

static void
config_load (const char *dir,
             Config     *out)
{
  g_autofree char *ini_path = g_build_filename (dir, "hub.ini", NULL);
  g_autofree char *token_path = g_build_filename (dir, "token", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autofree char *token = NULL;

  if (!g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, NULL))
    return;
  out->url = g_key_file_get_string (ini, "hub", "url", NULL);
  out->pin = g_key_file_get_string (ini, "hub", "fingerprint", NULL);
  if (out->pin != NULL && *out->pin == '\0')
    g_clear_pointer (&out->pin, g_free);
  if (g_file_get_contents (token_path, &token, NULL, NULL))
    out->token = g_strdup (g_strstrip (token));
  if (out->token != NULL && *out->token == '\0')
    g_clear_pointer (&out->token, g_free);
}

static gboolean
config_save (const char  *dir,
             const char  *url,
             const char  *token,
             const char  *pin,
             GError     **error)
{
  g_autofree char *ini_path = g_build_filename (dir, "hub.ini", NULL);
  g_autofree char *token_path = g_build_filename (dir, "token", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autofree char *ini_text = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize ini_length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  g_key_file_set_string (ini, "hub", "url", url);
  g_key_file_set_string (ini, "hub", "fingerprint", pin ? pin : "");
  ini_text = g_key_file_to_data (ini, &ini_length, NULL);

  /* The token first: a hub.ini without its token is just "not enrolled". */
  if (!g_file_set_contents_full (token_path, token, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error) ||
      !g_file_set_contents_full (ini_path, ini_text, ini_length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      /* The message names a path, never the token. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save the hub settings in %s"), dir);
      return FALSE;
    }
  return TRUE;
}

/* ---- Object --------------------------------------------------------------- */

typedef struct _Engine Engine;

struct _DisSyncClient
{
  GObject       parent_instance;

  DisStore     *store;
  char         *config_dir;
  GMainContext *owner;
  gulong        outbox_handler;

  Config        config;
  char         *offered_fingerprint;

  /* What the properties show, updated on the owner's context only. */
  DisSyncState  state;
  gint64        pending_events;
  gint64        oldest_pending;
  gint64        last_success;
  gint64        dead_letters;
  char         *last_error;

  /* Timings (the test-only setter changes them). */
  guint         base_ms;
  guint         cap_ms;
  guint         periodic_ms;
  guint         timeout_s;
  guint32       seed;
  gboolean      seeded;

  Engine       *engine;
  guint         generation;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING_EVENTS,
  PROP_OLDEST_PENDING,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  PROP_DEAD_LETTERS,
  PROP_HUB_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DisSyncClient, dis_sync_client, G_TYPE_OBJECT)

/* A weak link from the engine back to the client, for the updates it
 * sends to the owner's context. */
typedef struct
{
  GWeakRef client;
  guint    generation;
} Link;

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_weak_ref_clear (&link->client);
}

struct _Engine
{
  Link         *link;
  GMainContext *owner;
  DisStore     *store;
  Conn          conn;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GSource      *timer;
  GRand        *rand;

  guint         base_ms;
  guint         cap_ms;
  guint         periodic_ms;
  guint         timeout_s;

  guint         failures;   /* in a row: the backoff exponent */
  gboolean      halted;     /* refused by the hub: wait for sync_now */
  gboolean      network_available;
};

/* ---- Updates to the owner -------------------------------------------------- */

typedef struct
{
  Link         *link;
  DisSyncState  state;
  gboolean      has_counts;
  gint64        pending_events;
  gint64        oldest_pending;
  gint64        last_success;
  gint64        dead_letters;
  gboolean      set_error;
  char         *last_error;
} Update;

static void
update_free (gpointer data)
{
  Update *update = data;

  g_atomic_rc_box_release_full (update->link, link_clear);
  g_free (update->last_error);
  g_free (update);
}

static void
set_int_prop (DisSyncClient *self,
              gint64        *field,
              gint64         value,
              guint          prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (DisSyncClient *self,
           DisSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (DisSyncClient *self,
                const char    *text)
{
  if (g_strcmp0 (self->last_error, text) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static gboolean
apply_update (gpointer data)
{
  Update *update = data;
  g_autoptr(DisSyncClient) self = g_weak_ref_get (&update->link->client);

  /* Gone, or an update from a previous engine still in the queue. */
  if (self == NULL || self->engine == NULL || update->link->generation != self->generation)
    return G_SOURCE_REMOVE;

  g_object_freeze_notify (G_OBJECT (self));
  if (update->has_counts)
    {
      set_int_prop (self, &self->pending_events, update->pending_events, PROP_PENDING_EVENTS);
      set_int_prop (self, &self->oldest_pending, update->oldest_pending, PROP_OLDEST_PENDING);
      set_int_prop (self, &self->last_success, update->last_success, PROP_LAST_SUCCESS);
      set_int_prop (self, &self->dead_letters, update->dead_letters, PROP_DEAD_LETTERS);
    }
  if (update->set_error)
    set_last_error (self, update->last_error);
  set_state (self, update->state);
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

/* From the engine thread: reads the counts and sends them with @state. */
static void
post_update (Engine       *engine,
             DisSyncState  state,
             gboolean      set_error,
             const char   *last_error)
{
  Update *update = g_new0 (Update, 1);
  g_autoptr(GError) error = NULL;

  update->link = g_atomic_rc_box_acquire (engine->link);
  update->state = state;
  update->set_error = set_error;
  update->last_error = g_strdup (last_error);
  update->has_counts =
    dis_store_sync_get_pending (engine->store, &update->pending_events, &update->oldest_pending, &error) &&
    dis_store_sync_get_last_success (engine->store, &update->last_success, &error) &&
    (update->dead_letters = dis_store_sync_count_dead_letters (engine->store, &error)) >= 0;
  if (error != NULL)
    g_warning ("Could not read the sync state: %s", error->message);

  g_main_context_invoke_full (engine->owner, G_PRIORITY_DEFAULT, apply_update, update, update_free);
}

/* ---- Push ------------------------------------------------------------------ */

static GBytes *
build_batch (const char  *device,
             GPtrArray   *events,
             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device");
  json_builder_add_string_value (builder, device);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      DisOutboxEvent *event = g_ptr_array_index (events, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* The payload goes as the JSON object it is, not as a string. */
      if (!json_parser_load_from_data (parser, event->payload, -1, NULL))
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_DATABASE,
                       "outbox event %s has a payload that is not JSON", event->id);
          return NULL;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, event->id);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, event->seq);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, event->type);
      json_builder_set_member_name (builder, "at");
      json_builder_add_string_value (builder, event->at);
      json_builder_set_member_name (builder, "payload");
      json_builder_add_value (builder, json_parser_steal_root (parser));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Maps the reply's results onto the batch we sent; ids we did not send
 * are ignored, so nothing else can ever leave the outbox. */
static GArray *
read_results (JsonNode  *root,
              GPtrArray *events)
{
  g_autoptr(GHashTable) sent = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (DisPushResult));
  JsonNode *node;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (node = json_object_get_member (json_node_get_object (root), "results")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);

  for (guint i = 0; i < events->len; i++)
    g_hash_table_add (sent, ((DisOutboxEvent *) g_ptr_array_index (events, i))->id);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      DisPushResult result = { 0 };
      const char *status;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      result.id = string_member (object, "id");
      status = string_member (object, "status");
      if (result.id == NULL || status == NULL || !g_hash_table_remove (sent, result.id))
        continue;
      if (g_str_equal (status, "accepted"))
        result.status = DIS_PUSH_ACCEPTED;
      else if (g_str_equal (status, "duplicate"))
        result.status = DIS_PUSH_DUPLICATE;
      else if (g_str_equal (status, "rejected"))
        {
          result.status = DIS_PUSH_REJECTED;
          result.code = string_member (object, "code");
          result.message = string_member (object, "message");
        }
      else
        continue;
      g_array_append_val (results, result);
    }
  return g_steal_pointer (&results);
}

static gboolean
push_all (Engine  *engine,
          GError **error)
{
  g_autoptr(DisIdentity) identity = dis_store_get_identity (engine->store, error);

  if (identity == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, "no identity");
      return FALSE;
    }

  for (guint loop = 0; loop < MAX_LOOPS; loop++)
    {
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(GArray) results = NULL;
      guint status;

      events = dis_store_sync_read_outbox (engine->store, BATCH_EVENTS, BATCH_BYTES, error);
      if (events == NULL)
        return FALSE;
      if (events->len == 0)
        return TRUE;
      body = build_batch (identity->device_id, events, error);
      if (body == NULL)
        return FALSE;

      reply = conn_request (&engine->conn, "POST", "/api/v1/events", body, &status, error);
      if (reply == NULL)
        return FALSE;

      if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
        {
          DisOutboxEvent *event = g_ptr_array_index (events, 0);
          DisPushResult result = { event->id, DIS_PUSH_REJECTED, error_code_of (reply),
                                   "the event alone is larger than the hub accepts" };

          /* Only an event too large on its own is given up on. */
          if (events->len > 1)
            return fail (error, DIS_SYNC_ERROR_PROTOCOL);
          if (!dis_store_sync_apply_results (engine->store, &result, 1, error))
            return FALSE;
          continue;
        }

      results = read_results (reply, events);
      if (results == NULL || results->len == 0)
        return fail (error, DIS_SYNC_ERROR_PROTOCOL);
      if (!dis_store_sync_apply_results (engine->store, (DisPushResult *) (gpointer) results->data,
                                         results->len, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- Pull ------------------------------------------------------------------ */

static gboolean
pull_all (Engine  *engine,
          GError **error)
{
  gint64 cursor;

  if (!dis_store_sync_get_cursor (engine->store, &cursor, error))
    return FALSE;

  for (guint loop = 0; loop < MAX_LOOPS; loop++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%d",
                                               cursor, PAGE_LIMIT);
      g_autoptr(JsonNode) reply = NULL;
      JsonObject *object;
      JsonNode *changes, *next, *more;
      guint status;
      gint64 next_cursor;

      reply = conn_request (&engine->conn, "GET", path, NULL, &status, error);
      if (reply == NULL)
        return FALSE;
      if (status != SOUP_STATUS_OK || !JSON_NODE_HOLDS_OBJECT (reply))
        return fail (error, DIS_SYNC_ERROR_PROTOCOL);
      object = json_node_get_object (reply);
      changes = json_object_get_member (object, "changes");
      next = json_object_get_member (object, "next");
      more = json_object_get_member (object, "more");
      if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) ||
          next == NULL || !JSON_NODE_HOLDS_VALUE (next) || json_node_get_value_type (next) != G_TYPE_INT64 ||
          more == NULL || !JSON_NODE_HOLDS_VALUE (more) || json_node_get_value_type (more) != G_TYPE_BOOLEAN)
        return fail (error, DIS_SYNC_ERROR_PROTOCOL);
      next_cursor = json_node_get_int (next);
      if (next_cursor < cursor || (json_node_get_boolean (more) && next_cursor == cursor))
        return fail (error, DIS_SYNC_ERROR_PROTOCOL);

      if (next_cursor != cursor || json_array_get_length (json_node_get_array (changes)) > 0)
        if (!dis_store_sync_apply_changes (engine->store, json_node_get_array (changes), next_cursor, error))
          return FALSE;
      cursor = next_cursor;
      if (!json_node_get_boolean (more))
        return TRUE;
    }
  return TRUE;
}

/* ---- Scheduling ------------------------------------------------------------ */

static gboolean round_cb (gpointer data);

static void
schedule (Engine *engine,
          guint   delay_ms)
{
  if (engine->timer != NULL)
    {
      g_source_destroy (engine->timer);
      g_clear_pointer (&engine->timer, g_source_unref);
    }
  engine->timer = delay_ms == 0 ? g_idle_source_new () : g_timeout_source_new (delay_ms);
  g_source_set_callback (engine->timer, round_cb, engine, NULL);
  g_source_attach (engine->timer, engine->context);
}

/* Full jitter: uniform in (0, min (cap, base × 2^failures)]. */
static guint
backoff_ms (Engine *engine)
{
  guint64 ceiling = engine->base_ms;

  for (guint i = 1; i < engine->failures && ceiling < engine->cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, engine->cap_ms);
  return (guint) MAX (1, g_rand_double (engine->rand) * (double) ceiling);
}

static void
run_round (Engine *engine)
{
  g_autoptr(GError) error = NULL;
  gint64 pending = 0, oldest = 0;
  DisSyncState state;

  post_update (engine, DIS_SYNC_STATE_SYNCING, FALSE, NULL);

  if (push_all (engine, &error) && pull_all (engine, &error))
    {
      engine->failures = 0;
      if (!dis_store_sync_set_last_success (engine->store, g_get_real_time () / G_USEC_PER_SEC, &error) ||
          !dis_store_sync_get_pending (engine->store, &pending, &oldest, &error))
        g_warning ("Could not record the sync: %s", error->message);
      /* Sales committed during the round: go again right away. */
      if (pending > 0)
        {
          post_update (engine, DIS_SYNC_STATE_SYNCING, TRUE, NULL);
          schedule (engine, 0);
        }
      else
        {
          post_update (engine, DIS_SYNC_STATE_SYNCED, TRUE, NULL);
          schedule (engine, engine->periodic_ms);
        }
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error->domain == DIS_SYNC_ERROR &&
      (error->code == DIS_SYNC_ERROR_UNAUTHORIZED || error->code == DIS_SYNC_ERROR_REVOKED ||
       error->code == DIS_SYNC_ERROR_CERTIFICATE_CHANGED ||
       error->code == DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE))
    {
      /* Retrying cannot help: wait for "Sync now" or a new enrolment. */
      engine->halted = TRUE;
      g_message ("Sync stopped: %s", error_to_words (error));
      post_update (engine, DIS_SYNC_STATE_ERROR, TRUE, error_to_words (error));
      return;
    }

  if (error->domain == DIS_SYNC_ERROR &&
      (error->code == DIS_SYNC_ERROR_NETWORK || error->code == DIS_SYNC_ERROR_SERVER))
    state = DIS_SYNC_STATE_OFFLINE;
  else
    {
      g_warning ("Sync failed: %s", error->message);
      state = DIS_SYNC_STATE_ERROR;
    }
  engine->failures++;
  post_update (engine, state, TRUE, error_to_words (error));
  schedule (engine, backoff_ms (engine));
}

static gboolean
round_cb (gpointer data)
{
  Engine *engine = data;

  g_clear_pointer (&engine->timer, g_source_unref);
  if (!engine->halted)
    run_round (engine);
  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    Engine          *engine)
{
  gboolean was = engine->network_available;

  engine->network_available = available;
  if (available && !was && !engine->halted && engine->failures > 0)
    {
      engine->failures = 0;
      schedule (engine, 0);
    }
}

static gpointer
engine_thread (gpointer data)
{
  Engine *engine = data;
  GNetworkMonitor *monitor;
  gulong handler;

  g_main_context_push_thread_default (engine->context);

  conn_init_session (&engine->conn, engine->timeout_s);
  monitor = g_network_monitor_get_default ();
  engine->network_available = g_network_monitor_get_network_available (monitor);
  handler = g_signal_connect (monitor, "network-changed", G_CALLBACK (network_changed_cb), engine);

  schedule (engine, 0);
  g_main_loop_run (engine->loop);

  g_signal_handler_disconnect (monitor, handler);
  if (engine->timer != NULL)
    {
      g_source_destroy (engine->timer);
      g_clear_pointer (&engine->timer, g_source_unref);
    }
  g_clear_object (&engine->conn.session);

  /* Let pending source removals run before the context goes. */
  while (g_main_context_iteration (engine->context, FALSE))
    ;
  g_main_context_pop_thread_default (engine->context);
  return NULL;
}

static gboolean
poke_cb (gpointer data)
{
  Engine *engine = data;

  /* A commit: push now, unless backing off or refused by the hub. */
  if (!engine->halted && engine->failures == 0)
    schedule (engine, 0);
  return G_SOURCE_REMOVE;
}

static gboolean
now_cb (gpointer data)
{
  Engine *engine = data;

  engine->halted = FALSE;
  engine->failures = 0;
  schedule (engine, 0);
  return G_SOURCE_REMOVE;
}

static void
engine_free (Engine *engine)
{
  g_atomic_rc_box_release_full (engine->link, link_clear);
  conn_clear (&engine->conn);
  g_clear_object (&engine->store);
  g_clear_pointer (&engine->loop, g_main_loop_unref);
  g_clear_pointer (&engine->context, g_main_context_unref);
  g_clear_pointer (&engine->owner, g_main_context_unref);
  g_clear_pointer (&engine->rand, g_rand_free);
  g_free (engine);
}

/* ---- Public API ------------------------------------------------------------ */

static void
outbox_changed_cb (DisStore      *store,
                   DisSyncClient *self)
{
  if (self->engine != NULL)
    g_main_context_invoke (self->engine->context, poke_cb, self->engine);
}

void
dis_sync_client_start (DisSyncClient *self)
{
  Engine *engine;

  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));

  if (self->engine != NULL || !dis_sync_client_is_enrolled (self))
    return;

  engine = g_new0 (Engine, 1);
  engine->link = g_atomic_rc_box_new0 (Link);
  g_weak_ref_init (&engine->link->client, self);
  engine->link->generation = ++self->generation;
  engine->owner = g_main_context_ref (self->owner);
  engine->store = g_object_ref (self->store);
  engine->conn.cancellable = g_cancellable_new ();
  engine->conn.base_url = g_strdup (self->config.url);
  engine->conn.token = g_strdup (self->config.token);
  engine->conn.pin = g_strdup (self->config.pin);
  engine->context = g_main_context_new ();
  engine->loop = g_main_loop_new (engine->context, FALSE);
  engine->rand = self->seeded ? g_rand_new_with_seed (self->seed) : g_rand_new ();
  engine->base_ms = self->base_ms;
  engine->cap_ms = self->cap_ms;
  engine->periodic_ms = self->periodic_ms;
  engine->timeout_s = self->timeout_s;

  self->engine = engine;
  set_state (self, DIS_SYNC_STATE_SYNCING);
  engine->thread = g_thread_new ("dis-sync", engine_thread, engine);
}

void
dis_sync_client_stop (DisSyncClient *self)
{
  Engine *engine;

  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));

  if ((engine = g_steal_pointer (&self->engine)) == NULL)
    return;
  g_cancellable_cancel (engine->conn.cancellable);
  g_main_loop_quit (engine->loop);
  g_thread_join (engine->thread);
  engine_free (engine);
}

void
dis_sync_client_sync_now (DisSyncClient *self)
{
  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));

  if (self->engine == NULL)
    dis_sync_client_start (self);
  else
    g_main_context_invoke (self->engine->context, now_cb, self->engine);
}

void
dis_sync_client_set_timing_for_testing (DisSyncClient *self,
                                        guint          base_ms,
                                        guint          cap_ms,
                                        guint          periodic_ms,
                                        guint          timeout_s,
                                        guint32        seed)
{
  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));
  g_return_if_fail (base_ms > 0 && cap_ms >= base_ms && periodic_ms > 0 && timeout_s > 0);

  self->base_ms = base_ms;
  self->cap_ms = cap_ms;
  self->periodic_ms = periodic_ms;
  self->timeout_s = timeout_s;
  self->seed = seed;
  self->seeded = TRUE;
}

DisSyncClient *
dis_sync_client_new (DisStore   *store,
                     const char *config_dir)
{
  DisSyncClient *self;

  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (config_dir != NULL, NULL);

  self = g_object_new (DIS_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->config_dir = g_strdup (config_dir);
  self->owner = g_main_context_ref_thread_default ();
  self->outbox_handler = g_signal_connect (store, "outbox-changed", G_CALLBACK (outbox_changed_cb), self);
  config_load (config_dir, &self->config);
  if (dis_sync_client_is_enrolled (self))
    self->state = DIS_SYNC_STATE_OFFLINE;
  return self;
}

gboolean
dis_sync_client_is_enrolled (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), FALSE);

  return self->config.url != NULL && self->config.token != NULL;
}

/* ---- Enrolment ------------------------------------------------------------- */

typedef struct
{
  DisStore *store;
  char     *config_dir;
  char     *url;
  char     *token;
  char     *pin;
  char     *previous_url;
  guint     timeout_s;
  char     *offered;      /* out: the refused certificate's fingerprint */
} EnrolData;

static void
enrol_data_free (gpointer data)
{
  EnrolData *enrol = data;

  g_clear_object (&enrol->store);
  g_free (enrol->config_dir);
  g_free (enrol->url);
  if (enrol->token != NULL)
    memset (enrol->token, 0, strlen (enrol->token));
  g_free (enrol->token);
  g_free (enrol->pin);
  g_free (enrol->previous_url);
  g_free (enrol->offered);
  g_free (enrol);
}

static void
enrol_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EnrolData *enrol = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(DisSyncEnrolment) result = NULL;
  g_autoptr(GError) error = NULL;
  Conn conn = { 0 };
  JsonObject *object, *point;
  const char *code, *name, *device;
  guint status;

  g_main_context_push_thread_default (context);
  conn_init_session (&conn, enrol->timeout_s);
  conn.cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  conn.base_url = g_strdup (enrol->url);
  conn.token = g_strdup (enrol->token);
  conn.pin = g_strdup (enrol->pin);

  reply = conn_request (&conn, "GET", "/api/v1/me", NULL, &status, &error);
  enrol->offered = g_strdup (conn.offered);
  conn_clear (&conn);
  g_main_context_pop_thread_default (context);

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object = JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  point = object && json_object_has_member (object, "point") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "point"))
          ? json_object_get_object_member (object, "point") : NULL;
  code = point ? string_member (point, "code") : NULL;
  name = point ? string_member (point, "name") : NULL;
  device = object ? string_member (object, "device") : NULL;
  if (status != SOUP_STATUS_OK || code == NULL || device == NULL)
    {
      fail (&error, DIS_SYNC_ERROR_PROTOCOL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!dis_store_sync_enrol (enrol->store, code, name, device, point,
                             g_strcmp0 (enrol->previous_url, enrol->url) != 0, &error) ||
      !config_save (enrol->config_dir, enrol->url, enrol->token, enrol->pin, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (DisSyncEnrolment, 1);
  result->hub_url = g_strdup (enrol->url);
  result->point_code = g_strdup (code);
  result->point_name = g_strdup (name ? name : code);
  result->device_id = g_strdup (device);
  result->certificate_fingerprint = g_strdup (enrol->pin);
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) dis_sync_enrolment_free);
}

void
dis_sync_client_enrol_async (DisSyncClient       *self,
                             const char          *hub_url,
                             const char          *token,
                             const char          *pinned_fingerprint,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  EnrolData *enrol;

  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dis_sync_client_enrol_async);

  url = normalize_url (hub_url, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (token == NULL || *token == '\0' || strpbrk (token, " \t\r\n") != NULL)
    {
      fail (&error, DIS_SYNC_ERROR_UNAUTHORIZED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  enrol = g_new0 (EnrolData, 1);
  enrol->store = g_object_ref (self->store);
  enrol->config_dir = g_strdup (self->config_dir);
  enrol->url = g_steal_pointer (&url);
  enrol->token = g_strdup (token);
  enrol->pin = pinned_fingerprint && *pinned_fingerprint ? g_ascii_strup (pinned_fingerprint, -1) : NULL;
  enrol->previous_url = g_strdup (self->config.url);
  enrol->timeout_s = self->timeout_s;
  g_task_set_task_data (task, enrol, enrol_data_free);
  g_task_run_in_thread (task, enrol_thread);
}

DisSyncEnrolment *
dis_sync_client_enrol_finish (DisSyncClient  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  EnrolData *enrol;
  DisSyncEnrolment *enrolment;

  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dis_sync_client_enrol_async, NULL);

  enrol = g_task_get_task_data (G_TASK (result));
  if (enrol != NULL)
    {
      g_free (self->offered_fingerprint);
      self->offered_fingerprint = g_strdup (enrol->offered);
    }

  enrolment = g_task_propagate_pointer (G_TASK (result), error);
  if (enrolment == NULL)
    return NULL;

  /* The new settings take over from whatever ran before. */
  dis_sync_client_stop (self);
  config_clear (&self->config);
  self->config.url = g_strdup (enrol->url);
  self->config.token = g_strdup (enrol->token);
  self->config.pin = g_strdup (enrol->pin);
  set_last_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUB_URL]);
  dis_sync_client_start (self);
  return enrolment;
}

const char *
dis_sync_client_get_offered_fingerprint (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);

  return self->offered_fingerprint;
}

/* ---- Properties ------------------------------------------------------------ */

DisSyncState
dis_sync_client_get_state (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), DIS_SYNC_STATE_NOT_ENROLLED);
  return self->state;
}

gint64
dis_sync_client_get_pending_events (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return self->pending_events;
}

gint64
dis_sync_client_get_oldest_pending (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return self->oldest_pending;
}

gint64
dis_sync_client_get_last_success (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return self->last_success;
}

const char *
dis_sync_client_get_last_error (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);
  return self->last_error;
}

gint64
dis_sync_client_get_dead_letters (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return self->dead_letters;
}

const char *
dis_sync_client_get_hub_url (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);
  return self->config.url;
}

static void
dis_sync_client_dispose (GObject *object)
{
  DisSyncClient *self = (DisSyncClient *)object;

  dis_sync_client_stop (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->outbox_handler, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dis_sync_client_parent_class)->dispose (object);
}

static void
dis_sync_client_finalize (GObject *object)
{
  DisSyncClient *self = (DisSyncClient *)object;

  config_clear (&self->config);
  g_clear_pointer (&self->config_dir, g_free);
  g_clear_pointer (&self->offered_fingerprint, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->owner, g_main_context_unref);

  G_OBJECT_CLASS (dis_sync_client_parent_class)->finalize (object);
}

static void
dis_sync_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DisSyncClient *self = DIS_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PENDING_EVENTS:
      g_value_set_int64 (value, self->pending_events);
      break;
    case PROP_OLDEST_PENDING:
      g_value_set_int64 (value, self->oldest_pending);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_DEAD_LETTERS:
      g_value_set_int64 (value, self->dead_letters);
      break;
    case PROP_HUB_URL:
      g_value_set_string (value, self->config.url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_sync_client_class_init (DisSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dis_sync_client_dispose;
  object_class->finalize = dis_sync_client_finalize;
  object_class->get_property = dis_sync_client_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      DIS_SYNC_STATE_NOT_ENROLLED, DIS_SYNC_STATE_ERROR, DIS_SYNC_STATE_NOT_ENROLLED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_EVENTS] =
    g_param_spec_int64 ("pending-events", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OLDEST_PENDING] =
    g_param_spec_int64 ("oldest-pending", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEAD_LETTERS] =
    g_param_spec_int64 ("dead-letters", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HUB_URL] =
    g_param_spec_string ("hub-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_sync_client_init (DisSyncClient *self)
{
  self->state = DIS_SYNC_STATE_NOT_ENROLLED;
  self->base_ms = DEFAULT_BASE_MS;
  self->cap_ms = DEFAULT_CAP_MS;
  self->periodic_ms = DEFAULT_PERIODIC_MS;
  self->timeout_s = DEFAULT_TIMEOUT_S;
}

/* ---- Helpers for other downloads from the hub (the map pack) -------------- */

gboolean
dis_sync_config_read (const char  *config_dir,
                      char       **out_url,
                      char       **out_token,
                      char       **out_pin)
{
  Config config = { NULL, NULL, NULL };
  g_autofree char *url = NULL;

  g_return_val_if_fail (config_dir != NULL, FALSE);

  config_load (config_dir, &config);
  if (config.url == NULL || config.token == NULL ||
      (url = normalize_url (config.url, NULL)) == NULL)
    {
      config_clear (&config);
      return FALSE;
    }
  if (out_url)
    *out_url = g_steal_pointer (&url);
  if (out_token)
    *out_token = g_strdup (config.token);
  if (out_pin)
    *out_pin = g_strdup (config.pin);
  config_clear (&config);
  return TRUE;
}

gboolean
dis_sync_certificate_is_pinned (GTlsCertificate *certificate,
                                const char      *pin)
{
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);

  if (pin == NULL || *pin == '\0')
    return FALSE;
  fingerprint = fingerprint_of (certificate);
  return g_ascii_strcasecmp (pin, fingerprint) == 0;
}
