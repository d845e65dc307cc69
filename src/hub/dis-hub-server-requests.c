/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-server"

#include "config.h"

#include <string.h>

#include "dis-hub-server-private.h"

/* What happens to a request around its handler: limits on what libsoup
 * lets through, refusals answered before the body is read, timeouts and
 * the one log line per request.
 *
 * What libsoup 3.2 does on its own, before any of this code sees a
 * request (libsoup/server/soup-server-io.c, soup-message-io-data.c):
 *  - It reads the request line and the header fields into one buffer and
 *    stops at HEADER_SIZE_LIMIT, 64 KiB, with G_IO_ERROR_PARTIAL_INPUT
 *    "Header too big". io_read() sets 400 but returns the error, io_run()
 *    then sets 500 and finishes the message as interrupted, and
 *    request_finished() in soup-server.c, finding no method (the request
 *    line was never parsed), emits neither request-finished nor
 *    request-aborted and closes the connection. No reply is written and no
 *    signal but request-started (on a blank message) reaches us: a 1 MB
 *    bearer token, a 100 KB URL, a 1 MB query string or 10,000 header
 *    fields that add up to more than 64 KiB are dropped that way, and
 *    nothing in the public API changes the limit or hooks the failure.
 *    Under 64 KiB the request does reach got-headers, and the limits below
 *    (8 KiB target, 100 fields, 8 KiB per field) answer 414 or 431.
 *  - A request line or header block it cannot parse, an unknown
 *    Transfer-Encoding or a Content-Length it cannot read gets a bare
 *    400/501 with no body from libsoup, before got-headers.
 *  - After got-headers it reads the whole body (whatever Content-Length
 *    announces, unless the client sent Expect: 100-continue) before it
 *    writes any reply, even when a handler already set a status. So a
 *    request refused at its headers, or a chunked body past the limit, is
 *    taken from libsoup (soup_server_message_steal_connection()) and
 *    answered here: see Refusal.
 *  - It emits request-aborted, not request-finished, for every reply with
 *    status 500, written or not, and sets status 500 on a request that
 *    failed on the network: the log tells the two apart by wrote-body.
 *  - For a GET answered 200 it honours Range itself, with multipart
 *    replies for several ranges; dis-hub-server.c removes Range from
 *    requests other than the map pack, which handles it alone. */

#define URI_LIMIT       (8 * 1024)   /* path and query */
#define HEADERS_LIMIT   100          /* header fields */
#define FIELD_LIMIT     (8 * 1024)   /* one field, name and value */
#define RANGES_LIMIT    16
#define LOG_PATH_LIMIT  256
#define LINGER_SECONDS  5
#define LINGER_BYTES    (256 * 1024 * 1024)

Request *
_dis_hub_request_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "dis-hub-request");
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_handle_id (&request->timeout_id, g_source_remove);
  g_free (request->point);
  g_free (request);
}

/* ---- The log ------------------------------------------------------------ */

/* Printable ASCII but space, quote and backslash as they are, the rest as
 * \xNN; at most @max bytes of @text, then how long it was. */
static char *
log_escape (const char *text,
            gsize       max)
{
  gsize length = strlen (text);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < MIN (length, max); i++)
    {
      guchar c = (guchar) text[i];

      if (c > 0x20 && c < 0x7f && c != '"' && c != '\\')
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
  if (length > max)
    g_string_append_printf (out, "...(%" G_GSIZE_FORMAT " bytes)", length);
  return g_string_free (out, FALSE);
}

char *
_dis_hub_log_path (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return log_escape (uri != NULL ? g_uri_get_path (uri) : "-", LOG_PATH_LIMIT);
}

/* "method=… path=…": what a log line says of the request itself. */
static char *
log_request (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *escaped_method = log_escape (method != NULL ? method : "-", 16);
  g_autofree char *path = _dis_hub_log_path (msg);

  return g_strdup_printf ("method=%s path=%s", escaped_method, path);
}

/* One line per request; the path only, never the query or a token. */
static void
log_line (const char *request_part,
          const char *status,
          gint64      started,
          const char *point)
{
  g_printerr ("hub: request %s status=%s duration_ms=%" G_GINT64_FORMAT " point=%s\n",
              request_part, status, (g_get_monotonic_time () - started) / 1000,
              point != NULL ? point : "-");
}

/* ---- Refusals --------------------------------------------------------------- */

/* A request refused from its headers (or past the body limit while it
 * streams in): libsoup would first read the whole body, so the hub takes
 * the connection, writes the JSON error with "Connection: close", stops
 * sending, then reads and drops what the client still sends for up to
 * LINGER_SECONDS (closing with unread data would reset the connection and
 * could destroy the reply before the client read it), and closes. */
typedef struct
{
  Hub          *hub;
  GIOStream    *stream;
  GSocket      *socket;
  char         *reply;
  gsize         reply_length;
  GCancellable *cancellable;
  guint         linger_id;
  guint64       dropped;
  guint8        buffer[16384];
  char         *request_part;
  char         *status;
  char         *point;
  gint64        started;
  const char   *endpoint;
} Refusal;

/* Logs the refusal as @status, frees it, and gives its place in
 * hub->in_flight back. */
static void
refusal_done (Refusal    *refusal,
              const char *status)
{
  Hub *hub = refusal->hub;

  log_line (refusal->request_part, status, refusal->started, refusal->point);
  dis_hub_metrics_request (hub->metrics, refusal->endpoint, (guint) g_ascii_strtoull (status, NULL, 10),
                           g_get_monotonic_time () - refusal->started);
  g_clear_handle_id (&refusal->linger_id, g_source_remove);
  g_clear_object (&refusal->stream);
  g_clear_object (&refusal->socket);
  g_clear_object (&refusal->cancellable);
  g_free (refusal->reply);
  g_free (refusal->request_part);
  g_free (refusal->status);
  g_free (refusal->point);
  g_free (refusal);
  hub->in_flight--;
  _dis_hub_maybe_quit (hub);
}

static void
refusal_closed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Refusal *refusal = data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  refusal_done (refusal, refusal->status);
}

static void
refusal_close (Refusal *refusal)
{
  g_clear_handle_id (&refusal->linger_id, g_source_remove);
  g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, refusal_closed_cb, refusal);
}

static void
refusal_dropped_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Refusal *refusal = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (refusal->dropped += (guint64) n) >= LINGER_BYTES)
    {
      refusal_close (refusal);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_DEFAULT, refusal->cancellable, refusal_dropped_cb, refusal);
}

static void
refusal_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Refusal *refusal = data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_close (refusal);
      return;
    }
  /* Plain TCP: the client sees the end of the reply at once. (Over TLS
   * the reply's Content-Length and Connection: close say it.) */
  if (refusal->socket != NULL && !G_IS_TLS_CONNECTION (refusal->stream))
    g_socket_shutdown (refusal->socket, FALSE, TRUE, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer, G_PRIORITY_DEFAULT,
                             refusal->cancellable, refusal_dropped_cb, refusal);
}

static gboolean
refusal_linger_cb (gpointer data)
{
  Refusal *refusal = data;

  /* The pending write or read fails as cancelled and closes. */
  refusal->linger_id = 0;
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static char *
refusal_reply (guint       status,
               const char *code,
               const char *message,
               gsize      *out_length)
{
  g_autofree char *body = _dis_hub_error_text (code, message);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  char *reply;

  reply = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                           "Server: disotto-hub/" PACKAGE_VERSION "\r\n"
                           "Date: %s\r\n"
                           "Content-Type: application/json\r\n"
                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                           "Connection: close\r\n"
                           "\r\n"
                           "%s",
                           status,
                           /* libsoup 3.2 has no phrase for RFC 6585's 431. */
                           status == 431 ? "Request Header Fields Too Large" : soup_status_get_phrase (status),
                           date, strlen (body), body);
  *out_length = strlen (reply);
  return reply;
}

/* Answers @request with an error and closes its connection, whatever
 * state libsoup's reading was in. */
static void
refuse (Request    *request,
        guint       status,
        const char *code,
        const char *message)
{
  SoupServerMessage *msg = request->msg;
  GSocket *socket = soup_server_message_get_socket (msg);
  Refusal *refusal;

  g_assert (request->in_flight && !request->refused);

  refusal = g_new0 (Refusal, 1);
  refusal->hub = request->hub;
  refusal->socket = socket != NULL ? g_object_ref (socket) : NULL;
  refusal->reply = refusal_reply (status, code, message, &refusal->reply_length);
  refusal->cancellable = g_cancellable_new ();
  refusal->request_part = log_request (msg);
  refusal->status = g_strdup_printf ("%u", status);
  refusal->point = g_strdup (request->point);
  refusal->started = request->started;
  refusal->endpoint = _dis_hub_route_endpoint (g_uri_get_path (soup_server_message_get_uri (msg)));

  /* The refusal carries the request's place in hub->in_flight from now. */
  request->refused = TRUE;
  request->in_flight = FALSE;
  g_clear_handle_id (&request->timeout_id, g_source_remove);

  /* Neither request-finished nor request-aborted follows a stolen
   * connection; @msg may be gone when this returns. */
  refusal->stream = soup_server_message_steal_connection (msg);
  if (refusal->stream == NULL)
    {
      /* Already closed under us: nothing to answer. */
      refusal_done (refusal, "aborted");
      return;
    }
  refusal->linger_id = g_timeout_add_seconds (LINGER_SECONDS, refusal_linger_cb, refusal);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (refusal->stream),
                                   refusal->reply, refusal->reply_length, G_PRIORITY_DEFAULT,
                                   refusal->cancellable, refusal_written_cb, refusal);
}

/* ---- Checks on the headers -------------------------------------------------------- */

typedef struct
{
  guint n_fields;
  gsize longest;
} FieldStats;

static void
count_field (const char *name,
             const char *value,
             gpointer    data)
{
  FieldStats *stats = data;

  stats->n_fields++;
  stats->longest = MAX (stats->longest, strlen (name) + strlen (value));
}

/* RFC 9112 §6.3: several Content-Length values that differ leave the body's
 * end unknown (request smuggling), and so does Content-Length beside
 * Transfer-Encoding. libsoup would pick one. */
static gboolean
length_is_ambiguous (SoupMessageHeaders *headers)
{
  const char *lengths = soup_message_headers_get_list (headers, "Content-Length");
  g_auto(GStrv) values = NULL;

  if (lengths == NULL)
    return FALSE;
  if (soup_message_headers_get_list (headers, "Transfer-Encoding") != NULL)
    return TRUE;
  values = g_strsplit (lengths, ",", -1);
  for (guint i = 1; values[i] != NULL; i++)
    if (!g_str_equal (g_strstrip (values[i]), g_strstrip (values[0])))
      return TRUE;
  return FALSE;
}

static guint
count_ranges (SoupMessageHeaders *headers)
{
  const char *ranges = soup_message_headers_get_list (headers, "Range");
  guint n = 1;

  if (ranges == NULL)
    return 0;
  for (const char *p = ranges; *p != '\0'; p++)
    if (*p == ',')
      n++;
  return n;
}

/* Refuses what the hub will not read; TRUE when @request may go on. */
static gboolean
check_headers (Request *request)
{
  Hub *hub = request->hub;
  SoupServerMessage *msg = request->msg;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  FieldStats stats = { 0, 0 };
  gsize target;
  guint status = soup_server_message_get_status (msg);

  /* libsoup's own verdict (e.g. a "/../" path), with a JSON body. */
  if (status != 0)
    {
      refuse (request, status, "bad_request", "the request target is not valid");
      return FALSE;
    }
  target = strlen (g_uri_get_path (uri)) + (g_uri_get_query (uri) ? strlen (g_uri_get_query (uri)) : 0);
  if (target > URI_LIMIT)
    {
      refuse (request, SOUP_STATUS_REQUEST_URI_TOO_LONG, "uri_too_long",
              "the path and query are longer than 8 KiB");
      return FALSE;
    }
  soup_message_headers_foreach (headers, count_field, &stats);
  if (stats.n_fields > HEADERS_LIMIT || stats.longest > FIELD_LIMIT)
    {
      /* 431 Request Header Fields Too Large (RFC 6585). */
      refuse (request, 431, "headers_too_large",
              stats.n_fields > HEADERS_LIMIT ? "more than 100 header fields"
                                             : "a header field is longer than 8 KiB");
      return FALSE;
    }
  if (length_is_ambiguous (headers))
    {
      refuse (request, SOUP_STATUS_BAD_REQUEST, "invalid_request",
              "conflicting Content-Length or Transfer-Encoding headers");
      return FALSE;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) hub->options.body_limit)
    {
      refuse (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body_too_large",
              "the request body is over the limit");
      return FALSE;
    }
  if (count_ranges (headers) > RANGES_LIMIT)
    {
      /* RFC 9110 §14.2 lets a server reject many ranges: a classic
       * amplification attack. */
      refuse (request, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable",
              "at most 16 ranges per request");
      return FALSE;
    }
  return TRUE;
}

/* ---- Request lifecycle ------------------------------------------------------------- */

static gboolean
request_timeout_cb (gpointer data)
{
  Request *request = data;
  GSocket *socket = soup_server_message_get_socket (request->msg);
  const char *host = soup_server_message_get_remote_host (request->msg);
  g_autofree char *remote = log_escape (host != NULL ? host : "-", 64);

  request->timeout_id = 0;
  g_printerr ("hub: timeout remote=%s, closing the connection\n", remote);
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  Request *request = _dis_hub_request_get (msg);

  request->started = g_get_monotonic_time ();
  request->in_flight = TRUE;
  request->late = request->hub->draining;
  request->hub->in_flight++;
  check_headers (request);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  Request *request = _dis_hub_request_get (msg);

  if (request->refused)
    return;
  /* A chunked body announces no length: refuse it once past the limit,
   * having kept at most one chunk more than the limit. */
  request->received += g_bytes_get_size (chunk);
  if (request->received > request->hub->options.body_limit)
    refuse (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body_too_large",
            "the request body is over the limit");
}

static void
got_body_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  g_clear_handle_id (&_dis_hub_request_get (msg)->timeout_id, g_source_remove);
}

static void
wrote_body_cb (SoupServerMessage *msg,
               gpointer           user_data)
{
  _dis_hub_request_get (msg)->answered = TRUE;
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  Hub *hub = user_data;
  Request *request = g_new0 (Request, 1);

  request->hub = hub;
  request->msg = msg;
  request->started = g_get_monotonic_time ();
  if (hub->options.request_timeout > 0)
    request->timeout_id = g_timeout_add_seconds (hub->options.request_timeout, request_timeout_cb, request);
  g_object_set_data_full (G_OBJECT (msg), "dis-hub-request", request, request_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);
  g_signal_connect (msg, "got-body", G_CALLBACK (got_body_cb), NULL);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (wrote_body_cb), NULL);
}

static void
request_done (Hub               *hub,
              SoupServerMessage *msg,
              gboolean           aborted)
{
  Request *request = _dis_hub_request_get (msg);
  g_autofree char *request_part = NULL;
  g_autofree char *status = NULL;

  if (request == NULL || !request->in_flight)
    return;
  request->in_flight = FALSE;
  hub->in_flight--;
  g_clear_handle_id (&request->timeout_id, g_source_remove);

  /* libsoup reports every 500 as aborted, and gives a request the network
   * cut short a 500 it never sent: a reply counts once it was written. */
  request_part = log_request (msg);
  status = aborted && !request->answered ? g_strdup ("aborted")
                                         : g_strdup_printf ("%u", soup_server_message_get_status (msg));
  log_line (request_part, status, request->started, request->point);
  dis_hub_metrics_request (hub->metrics, _dis_hub_route_endpoint (g_uri_get_path (soup_server_message_get_uri (msg))),
                           aborted && !request->answered ? 0 : soup_server_message_get_status (msg),
                           g_get_monotonic_time () - request->started);
  _dis_hub_maybe_quit (hub);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  request_done (user_data, msg, FALSE);
}

static void
request_aborted_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  request_done (user_data, msg, TRUE);
}

void
_dis_hub_watch_requests (Hub *hub)
{
  g_signal_connect (hub->server, "request-started", G_CALLBACK (request_started_cb), hub);
  g_signal_connect (hub->server, "request-finished", G_CALLBACK (request_finished_cb), hub);
  g_signal_connect (hub->server, "request-aborted", G_CALLBACK (request_aborted_cb), hub);
}

/* ---- Queries ------------------------------------------------------------ */

gboolean
_dis_hub_parse_query (const char         *query,
                      const char * const *names,
                      char              **values,
                      const char        **out_message)
{
  g_auto(GStrv) pairs = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;
  pairs = g_strsplit (query, "&", 0);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_uri_unescape_segment (pairs[i], eq, NULL) : NULL;
      g_autofree char *value = eq ? g_uri_unescape_segment (eq + 1, NULL, NULL) : NULL;
      guint n;

      if (name == NULL || value == NULL)
        {
          *out_message = "the query is name=value pairs joined by &, percent-encoded";
          return FALSE;
        }
      for (n = 0; names[n] != NULL && !g_str_equal (names[n], name); n++)
        ;
      if (names[n] == NULL)
        {
          *out_message = "unknown query parameter";
          return FALSE;
        }
      if (values[n] != NULL)
        {
          *out_message = "a query parameter may be given once";
          return FALSE;
        }
      values[n] = g_steal_pointer (&value);
    }
  return TRUE;
}
