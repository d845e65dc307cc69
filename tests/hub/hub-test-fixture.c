/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dis-test-hub.h"
#include "dis-test-util.h"

#include "hub-test-fixture.h"

/* The hub tests' fixture: a real disotto-hub process on 127.0.0.1, and
 * the helpers that speak to it over HTTP and read its database. */

void
start_server (Fixture    *f,
              const char *extra1,
              const char *extra2,
              const char *extra3,
              const char *extra4)
{
  dis_test_hub_start (f->hub, 0, extra1, extra2, extra3, extra4, NULL);
}

void
stop_server (Fixture *f)
{
  g_assert_true (dis_test_hub_stop (f->hub));
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = dis_test_tmpdir_new ("disotto-hub");
  f->hub = dis_test_hub_new_demo (f->dir);
  f->token = dis_test_hub_add_device (f->hub, "TO-CEN", "C1", FALSE);
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
  if (data == NULL)
    start_server (f, NULL, NULL, NULL, NULL);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_server (f);
  g_clear_pointer (&f->hub, dis_test_hub_free);
  g_clear_object (&f->session);
  g_clear_object (&f->accept);
  dis_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->token);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Fixture *f = user_data;

  return f->accept != NULL && g_tls_certificate_is_same (certificate, f->accept);
}

/* One request; returns the parsed JSON reply and the status. */
JsonNode *
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
      const char *body,
      gsize       body_length,
      guint      *out_status)
{
  return http_header (f, method, path, token, NULL, NULL, body, body_length, out_status);
}

JsonNode *
http_header (Fixture    *f,
             const char *method,
             const char *path,
             const char *token,
             const char *header,
             const char *header_value,
             const char *body,
             gsize       body_length,
             guint      *out_status)
{
  g_autofree char *url = g_strconcat (f->hub->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data;

  g_assert_nonnull (msg);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), f);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (header != NULL && header_value != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, header_value);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length == 0 ? strlen (body) : body_length);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");
  data = g_bytes_get_data (reply, &length);
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

void
assert_error (JsonNode   *root,
              const char *code)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (root), "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
}

gint64
db_int (Fixture    *f,
        const char *sql)
{
  return dis_test_hub_int (f->hub, sql, NULL);
}

/* A fingerprint of everything events and admin commands can change. */
char *
db_state (Fixture *f)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          db_int (f, "SELECT count(*) FROM events"),
                          db_int (f, "SELECT count(*) FROM hub_sales"),
                          db_int (f, "SELECT count(*) FROM hub_sale_lines"),
                          db_int (f, "SELECT count(*) FROM hub_payments"),
                          db_int (f, "SELECT count(*) FROM gaps"),
                          db_int (f, "SELECT coalesce (sum (last_seq), 0) FROM devices"),
                          db_int (f, "SELECT count(*) FROM changes"),
                          db_int (f, "SELECT count(*) FROM products"));
}

/* dis_test_hub_sale_event() from device C1. */
char *
sale_event (const char *point,
            gint64      seq,
            const char *tier,
            gint64      qty,
            gint64      unit_price,
            gint64      skew)
{
  return dis_test_hub_sale_event (point, "C1", seq, tier, qty, unit_price, skew);
}

JsonNode *
push (Fixture    *f,
      const char *token,
      const char *events_csv,
      guint      *out_status)
{
  g_autofree char *body = g_strdup_printf ("{\"device\":\"C1\",\"events\":[%s]}", events_csv);

  return http (f, "POST", "/api/v1/events", token, body, 0, out_status);
}

JsonObject *
result_at (JsonNode *root,
           guint     index)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (root), "results");

  return json_array_get_object_element (results, index);
}

char *
db_text (Fixture    *f,
         const char *sql,
         const char *parameter)
{
  return dis_test_hub_text (f->hub, sql, parameter);
}

/* A reply's body as bytes, for byte-for-byte comparisons. */
char *
http_text (Fixture    *f,
           const char *path,
           const char *token)
{
  g_autofree char *url = g_strconcat (f->hub->url, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

char *
fixture_write_file (Fixture    *f,
                    const char *name,
                    const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}
