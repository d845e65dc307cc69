/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-server"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "dis-codec.h"
#include "dis-hub-coordinator-routes.h"
#include "dis-hub-db.h"
#include "dis-hub-events.h"
#include "dis-hub-json.h"
#include "dis-hub-map.h"
#include "dis-hub-members.h"
#include "dis-hub-points.h"
#include "dis-hub-server-private.h"
#include "dis-hub-stock-routes.h"
#include "dis-hub-fund.h"
#include "dis-hub-transparency.h"

/* ---- Replies ----------------------------------------------------------- */

/* Text from the database may predate the strict reader: a reply is
 * always valid JSON, and a repair is logged with the path. */
static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *root)
{
  guint n_repaired = 0;
  char *text = dis_json_to_string (root, &n_repaired);

  if (n_repaired > 0)
    {
      g_autofree char *path = _dis_hub_log_path (msg);

      g_warning ("reply to %s: %u stored text(s) held invalid UTF-8; sent with U+FFFD in their place",
                 path, n_repaired);
    }
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

static gboolean
authenticate (Hub                *hub,
              SoupServerMessage  *msg,
              char              **out_point,
              char              **out_device)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  DisHubAuth auth;

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0 || value[7] == '\0')
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer");
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "a bearer token is required");
      return FALSE;
    }

  auth = dis_hub_auth_lookup (hub->db, value + 7, out_point, out_device, &error);
  if (error != NULL)
    {
      g_warning ("authentication: %s", error->message);
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
      return FALSE;
    }
  if (auth == DIS_HUB_AUTH_REVOKED)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "token_revoked", "this device's token was revoked");
      return FALSE;
    }
  if (auth != DIS_HUB_AUTH_OK)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "unknown token");
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

static void
handle_me (Hub               *hub,
           SoupServerMessage *msg)
{
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!authenticate (hub, msg, &point, &device))
    return;
  data = dis_hub_point_get (hub->db, point, &error);
  if (data == NULL || (root = dis_codec_me_to_node (data, device, &error)) == NULL)
    {
      g_warning ("me: %s", error ? error->message : "point not found");
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "point not found");
      return;
    }
  reply_json (msg, SOUP_STATUS_OK, root);
}

/* Reads the body as JSON with the strict reader, answering the request
 * when it cannot. */
static JsonNode *
read_json_body (Hub               *hub,
                SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  DisJsonLimits limits = dis_hub_json_request_limits (hub->options.body_limit, hub->options.depth_limit,
                                                      hub->options.batch_limit);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *root;

  if (length > hub->options.body_limit)
    {
      reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                   "the request body is over the limit");
      return NULL;
    }
  root = dis_json_parse (data != NULL ? data : "", length, &limits, &error);
  if (root != NULL)
    return root;
  if (g_error_matches (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_DEEP))
    reply_error (msg, SOUP_STATUS_BAD_REQUEST, "too_deep", error->message);
  else if (g_error_matches (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_LONG) ||
           g_error_matches (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_MANY_MEMBERS))
    reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "json_too_large", error->message);
  else
    reply_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed_json", error->message);
  return NULL;
}

static void
handle_events (Hub               *hub,
               SoupServerMessage *msg)
{
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *events;
  const char *body_device;

  if (!authenticate (hub, msg, &point, &device))
    return;
  root = read_json_body (hub, msg);
  if (root == NULL)
    return;

  if (!dis_codec_batch_decode (root, &body_device, &events, &error))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", error->message);
      return;
    }
  if (!g_str_equal (body_device, device))
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "wrong_device",
                   "the token belongs to another device");
      return;
    }
  if (json_array_get_length (events) > hub->options.batch_limit)
    {
      g_autofree char *message = g_strdup_printf ("at most %u events per batch", hub->options.batch_limit);

      reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "batch_too_large", message);
      return;
    }

  reply = dis_hub_events_apply (hub->db, point, device, events, &error);
  if (reply == NULL)
    {
      g_warning ("events from %s/%s: %s", point, device, error->message);
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "the batch was not applied");
      return;
    }
  reply_json (msg, SOUP_STATUS_OK, reply);
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

static void
handle_changes (Hub               *hub,
                SoupServerMessage *msg)
{
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GString) page = NULL;
  g_autoptr(GError) error = NULL;
  const char *query_text;
  gint64 since, limit, next, n = 0;
  gboolean has_row, more = FALSE;
  gsize length;

  if (!authenticate (hub, msg, &point, &device))
    return;

  query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  if (query_text != NULL)
    query = soup_form_decode (query_text);
  if (!query_int (query, "since", 0, 0, G_MAXINT64, &since) ||
      !query_int (query, "limit", 100, 1, 1000, &limit))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                   "since must be an integer ≥ 0 and limit an integer in 1…1000");
      return;
    }

  stmt = dis_hub_db_prepare (hub->db,
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
  while (dis_hub_db_step (hub->db, stmt, &has_row, &error) && has_row)
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
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&page), FALSE), length);
  return;

failed:
  g_warning ("changes: %s", error ? error->message : "?");
  reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
}

static void
handle_map_pack (Hub               *hub,
                 SoupServerMessage *msg)
{
  g_autofree char *point = NULL;
  g_autofree char *device = NULL;
  const char *code = NULL, *message = NULL;
  guint status = 0;

  if (!authenticate (hub, msg, &point, &device))
    return;
  if (!dis_hub_map_serve_pack (hub->db, hub->options.db_path, msg, &status, &code, &message))
    reply_error (msg, status, code, message);
}

/* Public, no token: what members chose to publish, nothing else. */
static void
handle_declarations (Hub               *hub,
                     SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = dis_hub_members_declarations (hub->db, &error);

  if (root == NULL)
    {
      g_warning ("declarations: %s", error ? error->message : "?");
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
      return;
    }
  reply_json (msg, SOUP_STATUS_OK, root);
}

/* Public, no token: the month's figures, small cells suppressed. */
static void
handle_transparency (Hub               *hub,
                     SoupServerMessage *msg)
{
  const char *code = NULL, *message = NULL;
  guint status = 0;

  if (!dis_hub_transparency_serve (hub->db, dis_hub_fund_for_period, msg, &status, &code, &message))
    reply_error (msg, status, code, message);
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

typedef struct
{
  const char *path;
  const char *method;
  void      (*handle) (Hub *hub, SoupServerMessage *msg);
} Route;

static const Route routes[] = {
  { "/api/v1/health", "GET", handle_health },
  { "/api/v1/me", "GET", handle_me },
  { "/api/v1/events", "POST", handle_events },
  { "/api/v1/changes", "GET", handle_changes },
  { "/api/v1/map/pack", "GET", handle_map_pack },
  { "/api/v1/declarations", "GET", handle_declarations },
  { "/api/v1/transparency", "GET", handle_transparency },
  { "/api/v1/basket/completeness", "GET", dis_hub_stock_handle_completeness },
  { "/api/v1/availability", "GET", dis_hub_stock_handle_availability },
};

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

int
dis_hub_serve (const DisHubServeOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GUri) uri = NULL;
  GSList *uris;
  Hub hub = { .options = *options, .loop = loop };
  DisHubVolumeWatch *volumes = NULL;
  SoupServerListenOptions listen_options = 0;
  guint sigterm, sigint;

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
  /* Old sales leave the 12-month window with no request to notice it. */
  volumes = dis_hub_members_watch_volumes (hub.db);

  hub.server = soup_server_new ("server-header", "disotto-hub/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate,
                                NULL);
  soup_server_add_handler (hub.server, NULL, server_cb, &hub, NULL);
  _dis_hub_watch_requests (&hub);

  if (!listen_with_backlog (hub.server, address, listen_options, &error))
    {
      g_clear_object (&hub.server);
      g_clear_pointer (&volumes, dis_hub_members_watch_free);
      dis_hub_db_close (hub.db);
      goto failed;
    }

  uris = soup_server_get_uris (hub.server);
  uri = uris ? g_uri_ref (uris->data) : NULL;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* Tests read the port from this first line: keep it first and flushed. */
  printf ("listening on %s://%s:%d\n", certificate ? "https" : "http",
          uri ? g_uri_get_host (uri) : "?", uri ? g_uri_get_port (uri) : 0);
  fflush (stdout);

  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &hub);
  sigint = g_unix_signal_add (SIGINT, signal_cb, &hub);
  g_main_loop_run (loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_clear_handle_id (&hub.drain_timeout_id, g_source_remove);
  soup_server_disconnect (hub.server);
  g_clear_object (&hub.server);
  g_clear_pointer (&volumes, dis_hub_members_watch_free);
  dis_hub_db_close (hub.db);
  g_printerr ("hub: stopped\n");
  return 0;

failed:
  g_printerr ("disotto-hub serve: %s\n", error->message);
  return 1;
}
