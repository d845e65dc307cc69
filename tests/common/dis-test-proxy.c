/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-test"

#include "config.h"

#include <string.h>

#include "dis-test-proxy.h"
#include "dis-test-util.h"

typedef struct
{
  DisTestProxy      *proxy;
  GSocketConnection *client;
  GSocketConnection *upstream;
  gboolean           last_was_post;
} ProxyConn;

/* The hub's replies, back to the client. */
static gpointer
pump_upstream (gpointer data)
{
  ProxyConn *conn = data;
  DisTestProxy *proxy = conn->proxy;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn->upstream));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn->client));
  gint64 sent = 0, cut;
  char buffer[16384];
  gssize n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gboolean drop;

      g_mutex_lock (&proxy->mutex);
      cut = proxy->cut_after;
      drop = proxy->drop_next_post_reply && conn->last_was_post;
      if (drop)
        {
          proxy->drop_next_post_reply = FALSE;
          proxy->dropped++;
        }
      if (n > 12 && g_str_has_prefix (buffer, "HTTP/1.1 "))
        g_ptr_array_add (proxy->statuses, g_strndup (buffer + 9, 3));
      g_mutex_unlock (&proxy->mutex);

      /* The hub answered, so it committed: lose the answer. */
      if (drop)
        break;
      if (cut >= 0 && sent + n > cut)
        {
          g_output_stream_write_all (out, buffer, cut - sent, NULL, NULL, NULL);
          break;
        }
      if (!g_output_stream_write_all (out, buffer, n, NULL, NULL, NULL))
        break;
      sent += n;
    }
  g_socket_shutdown (g_socket_connection_get_socket (conn->client), TRUE, TRUE, NULL);
  g_socket_shutdown (g_socket_connection_get_socket (conn->upstream), TRUE, TRUE, NULL);
  return NULL;
}

/* Reads the rest of the request that starts in @buffer, then answers 500. */
static void
answer_500 (GSocketConnection *client,
            const char        *buffer,
            gssize             n)
{
  static const char reply[] =
    "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
    "Content-Length: 56\r\nConnection: close\r\n\r\n"
    "{\"error\":{\"code\":\"internal_error\",\"message\":\"test 500\"}}";
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (client));
  g_autoptr(GString) request = g_string_new_len (buffer, n);
  char more[16384];
  const char *end, *length;
  gsize want = G_MAXSIZE;

  /* The whole request first, so that the client sees the answer. */
  while (TRUE)
    {
      if (want == G_MAXSIZE && (end = strstr (request->str, "\r\n\r\n")) != NULL)
        {
          length = g_strstr_len (request->str, end - request->str, "Content-Length: ");
          want = (end - request->str) + 4 + (length ? g_ascii_strtoull (length + 16, NULL, 10) : 0);
        }
      if (request->len >= want)
        break;
      n = g_input_stream_read (in, more, sizeof more, NULL, NULL);
      if (n <= 0)
        break;
      g_string_append_len (request, more, n);
    }
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (client)),
                             reply, sizeof reply - 1, NULL, NULL, NULL);
}

/* The client's requests, to the hub. */
static gboolean
proxy_run_cb (GThreadedSocketService *service,
              GSocketConnection      *client,
              GObject                *source,
              DisTestProxy           *proxy)
{
  ProxyConn conn = { proxy, client, NULL, FALSE };
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (client));
  GThread *pump = NULL;
  char buffer[16384];
  gssize n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gboolean is_post = n > 4 && memcmp (buffer, "POST ", 5) == 0;
      gboolean starts = is_post || (n > 4 && memcmp (buffer, "GET ", 4) == 0);
      DisTestProxyMode mode;
      guint16 upstream;
      guint delay_ms = 0;

      g_mutex_lock (&proxy->mutex);
      mode = proxy->mode;
      upstream = proxy->upstream;
      if (starts && proxy->delay_text != NULL && g_strstr_len (buffer, n, proxy->delay_text) != NULL)
        delay_ms = proxy->delay_ms;
      if (starts)
        {
          gint64 now = g_get_monotonic_time ();

          g_array_append_val (proxy->request_times, now);
          proxy->posts += is_post;
        }
      g_string_append_len (proxy->requests, buffer, n);
      g_mutex_unlock (&proxy->mutex);

      if (mode == DIS_TEST_PROXY_FAIL_500)
        {
          answer_500 (client, buffer, n);
          break;
        }
      if (mode == DIS_TEST_PROXY_SWALLOW)
        continue;
      if (delay_ms > 0)
        g_usleep (delay_ms * G_TIME_SPAN_MILLISECOND);

      if (conn.upstream == NULL)
        {
          g_autoptr(GSocketClient) connector = g_socket_client_new ();

          conn.upstream = g_socket_client_connect_to_host (connector, "127.0.0.1", upstream, NULL, NULL);
          if (conn.upstream == NULL)
            break;
          pump = g_thread_new ("proxy-pump", pump_upstream, &conn);
        }
      if (starts)
        conn.last_was_post = is_post;
      if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn.upstream)),
                                      buffer, n, NULL, NULL, NULL))
        break;
    }

  g_socket_shutdown (g_socket_connection_get_socket (client), TRUE, TRUE, NULL);
  if (conn.upstream != NULL)
    g_socket_shutdown (g_socket_connection_get_socket (conn.upstream), TRUE, TRUE, NULL);
  if (pump != NULL)
    g_thread_join (pump);
  g_clear_object (&conn.upstream);
  return TRUE;
}

DisTestProxy *
dis_test_proxy_new (guint16 upstream)
{
  DisTestProxy *proxy = g_new0 (DisTestProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&proxy->mutex);
  proxy->upstream = upstream;
  proxy->cut_after = -1;
  proxy->request_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  proxy->requests = g_string_new (NULL);
  proxy->statuses = g_ptr_array_new_with_free_func (g_free);
  proxy->service = g_threaded_socket_service_new (64);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, &error))
    dis_test_fail ("starting the loopback proxy", error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (proxy->service, "run", G_CALLBACK (proxy_run_cb), proxy);
  g_socket_service_start (proxy->service);
  return proxy;
}

void
dis_test_proxy_free (DisTestProxy *proxy)
{
  if (proxy == NULL)
    return;
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  g_array_unref (proxy->request_times);
  g_string_free (proxy->requests, TRUE);
  g_ptr_array_unref (proxy->statuses);
  g_free (proxy->delay_text);
  g_mutex_clear (&proxy->mutex);
  g_free (proxy);
}

void
dis_test_proxy_delay (DisTestProxy *proxy,
                      const char   *text,
                      guint         ms)
{
  g_mutex_lock (&proxy->mutex);
  g_free (proxy->delay_text);
  proxy->delay_text = g_strdup (text);
  proxy->delay_ms = ms;
  g_mutex_unlock (&proxy->mutex);
}

void
dis_test_proxy_set (DisTestProxy     *proxy,
                    DisTestProxyMode  mode,
                    guint16           upstream)
{
  g_mutex_lock (&proxy->mutex);
  proxy->mode = mode;
  if (upstream != 0)
    proxy->upstream = upstream;
  g_mutex_unlock (&proxy->mutex);
}

void
dis_test_proxy_reset (DisTestProxy *proxy,
                      gint64        cut_after)
{
  g_mutex_lock (&proxy->mutex);
  proxy->cut_after = cut_after;
  g_string_truncate (proxy->requests, 0);
  g_ptr_array_set_size (proxy->statuses, 0);
  g_mutex_unlock (&proxy->mutex);
}

gboolean
dis_test_proxy_saw_status (DisTestProxy *proxy,
                           const char   *status)
{
  gboolean found = FALSE;

  g_mutex_lock (&proxy->mutex);
  for (guint i = 0; i < proxy->statuses->len; i++)
    found |= g_str_equal (g_ptr_array_index (proxy->statuses, i), status);
  g_mutex_unlock (&proxy->mutex);
  return found;
}

gboolean
dis_test_proxy_saw_request_text (DisTestProxy *proxy,
                                 const char   *text)
{
  gboolean found;

  g_mutex_lock (&proxy->mutex);
  found = g_strstr_len (proxy->requests->str, proxy->requests->len, text) != NULL;
  g_mutex_unlock (&proxy->mutex);
  return found;
}
