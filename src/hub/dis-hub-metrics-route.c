/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-metrics"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "dis-hub-metrics-route.h"

/* A loopback peer, also as an IPv4-mapped IPv6 address (a hub listening
 * on [::] sees 127.0.0.1 as ::ffff:127.0.0.1). */
static gboolean
is_loopback (GSocketAddress *address)
{
  GInetAddress *inet;
  const guint8 *bytes;
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  if (g_inet_address_get_is_loopback (inet))
    return TRUE;
  if (g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6)
    return FALSE;
  bytes = g_inet_address_to_bytes (inet);
  return memcmp (bytes, mapped, sizeof mapped) == 0 && bytes[12] == 127;
}

/* The bearer token against --metrics-token, in constant time: both are
 * hashed first, so their lengths say nothing either. */
static gboolean
token_matches (SoupServerMessage *msg,
               const char        *expected)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *given_hash = NULL;
  g_autofree char *expected_hash = NULL;

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return FALSE;
  given_hash = dis_hub_hash_token (value + 7);
  expected_hash = dis_hub_hash_token (expected);
  return sodium_memcmp (given_hash, expected_hash, strlen (expected_hash)) == 0;
}

/* Who may read the metrics: see dis-hub-metrics-route.h. */
static gboolean
allowed (Hub               *hub,
         SoupServerMessage *msg)
{
  if (hub->options.metrics_token != NULL)
    {
      if (token_matches (msg, hub->options.metrics_token))
        return TRUE;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer");
      _dis_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                            "the metrics need the hub's metrics token");
      return FALSE;
    }
  if (is_loopback (soup_server_message_get_remote_address (msg)))
    return TRUE;
  _dis_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                        "the metrics are served to loopback only, unless the hub has a metrics token");
  return FALSE;
}

/* The database's size in bytes; -1 (and a warning) when it cannot be
 * read. Each engine says it its own way: SQLite its pages (without the
 * WAL), PostgreSQL the database's files. */
static gint64
database_bytes (DisHubDb *db)
{
  static const char *sql[] = {
    [DIS_HUB_ENGINE_SQLITE] = "SELECT page_count * page_size FROM pragma_page_count (), pragma_page_size ()",
    [DIS_HUB_ENGINE_POSTGRESQL] = "SELECT CAST (pg_database_size (current_database ()) AS BIGINT)",
  };
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row = FALSE;
  gint64 bytes = -1;

  stmt = dis_hub_db_prepare (db, sql[dis_hub_db_get_engine (db)], &error);
  if (stmt != NULL && dis_hub_db_step (db, stmt, &has_row, &error) && has_row)
    bytes = dis_hub_stmt_column_int64 (stmt, 0);
  if (error != NULL)
    g_warning ("metrics: database size: %s", error->message);
  return bytes;
}

#define TOKEN_MIN_LENGTH 16

gboolean
dis_hub_metrics_token (const char  *token,
                       const char  *file,
                       char       **out_token,
                       GError     **error)
{
  g_autofree char *read = NULL;

  *out_token = NULL;
  if (token != NULL && file != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "--metrics-token and --metrics-token-file: one or the other");
      return FALSE;
    }
  if (file != NULL)
    {
      if (!g_file_get_contents (file, &read, NULL, error))
        return FALSE;
      token = g_strchomp (read);
    }
  if (token == NULL)
    return TRUE;
  if (strlen (token) < TOKEN_MIN_LENGTH || strchr (token, '\n') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the metrics token must be one line of at least %d characters", TOKEN_MIN_LENGTH);
      return FALSE;
    }
  *out_token = g_strdup (token);
  return TRUE;
}

void
dis_hub_metrics_handle (Hub               *hub,
                        SoupServerMessage *msg)
{
  g_autoptr(GString) out = NULL;
  gsize length;

  if (!allowed (hub, msg))
    return;
  out = g_string_sized_new (4096);
  dis_hub_metrics_write (hub->metrics, database_bytes (hub->db), out);
  length = out->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, DIS_HUB_METRICS_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&out), FALSE), length);
}
