/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "dis-test-hub.h"
#include "dis-test-util.h"

#include "../codec-golden.h"

/* Integration tests: a real disotto-hub process on 127.0.0.1 with an
 * ephemeral port, a temporary database, libsoup as the client. */

typedef struct
{
  char            *dir;
  DisTestHub      *hub;
  char            *token;
  SoupSession     *session;
  GTlsCertificate *accept;     /* self-signed certificate the client trusts */
} Fixture;

/* Runs a hub admin command to completion; returns its exit status. */
#define run_hub(f, out_stdout, out_stderr, ...) \
  dis_test_hub_run ((f)->hub, out_stdout, out_stderr, __VA_ARGS__)

static void
start_server (Fixture    *f,
              const char *extra1,
              const char *extra2,
              const char *extra3,
              const char *extra4)
{
  dis_test_hub_start (f->hub, 0, extra1, extra2, extra3, extra4, NULL);
}

static void
stop_server (Fixture *f)
{
  g_assert_true (dis_test_hub_stop (f->hub));
}

static void
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

static void
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
static JsonNode *
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
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

static void
assert_error (JsonNode   *root,
              const char *code)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (root), "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
}

static gint64
db_int (Fixture    *f,
        const char *sql)
{
  return dis_test_hub_int (f->hub, sql, NULL);
}

/* A fingerprint of everything events and admin commands can change. */
static char *
db_state (Fixture *f)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          db_int (f, "SELECT count(*) FROM events"),
                          db_int (f, "SELECT count(*) FROM hub_sales"),
                          db_int (f, "SELECT count(*) FROM hub_sale_lines"),
                          db_int (f, "SELECT count(*) FROM hub_payments"),
                          db_int (f, "SELECT count(*) FROM gaps"),
                          db_int (f, "SELECT total(last_seq) FROM devices"),
                          db_int (f, "SELECT count(*) FROM changes"),
                          db_int (f, "SELECT count(*) FROM products"));
}

/* A sale of @qty milli-units of spaghetti (P-0001, equa 185) at @tier in
 * the format of the point's store; @skew is added to the point's totals. */
static char *
sale_event (const char *point,
            gint64      seq,
            const char *tier,
            gint64      qty,
            gint64      unit_price,
            gint64      skew)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *sale_id = g_uuid_string_random ();
  gint64 lt = (unit_price * qty + 500) / 1000;
  gint64 lte = (185 * qty + 500) / 1000;

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"sale.committed\","
                          "\"at\":\"2024-05-02T10:00:00+02:00\",\"payload\":{"
                          "\"id\":\"%s\",\"receipt_no\":\"%s-C1-%06" G_GINT64_FORMAT "\",\"point\":\"%s\","
                          "\"device\":\"C1\",\"seq\":%" G_GINT64_FORMAT ",\"created_at\":\"2024-05-02T10:00:00+02:00\","
                          "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"member_card\":null,\"tier\":\"%s\","
                          "\"refund_of\":null,\"refund_of_receipt_no\":null,\"lines\":[{\"line_no\":1,"
                          "\"product_code\":\"P-0001\",\"product_name\":\"Spaghetti\",\"supplier_code\":\"F-PAS\","
                          "\"unit\":\"piece\",\"quantity\":%" G_GINT64_FORMAT ",\"unit_price\":%" G_GINT64_FORMAT ","
                          "\"unit_price_equa\":185,\"line_total\":%" G_GINT64_FORMAT ",\"line_total_equa\":%" G_GINT64_FORMAT ","
                          "\"tier_delta\":%" G_GINT64_FORMAT ",\"vat_rate\":4}],"
                          "\"payments\":[{\"method\":\"card\",\"amount\":%" G_GINT64_FORMAT "}],\"n_lines\":1,"
                          "\"total\":%" G_GINT64_FORMAT ",\"total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":%" G_GINT64_FORMAT ","
                          "\"cash_tendered\":0,\"change_due\":0}}",
                          id, seq, sale_id, point, seq, point, seq, tier, qty, unit_price,
                          lt + skew, lte, lt - lte, lt, lt + skew, lte, lt - lte);
}

static JsonNode *
push (Fixture    *f,
      const char *token,
      const char *events_csv,
      guint      *out_status)
{
  g_autofree char *body = g_strdup_printf ("{\"device\":\"C1\",\"events\":[%s]}", events_csv);

  return http (f, "POST", "/api/v1/events", token, body, 0, out_status);
}

static JsonObject *
result_at (JsonNode *root,
           guint     index)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (root), "results");

  return json_array_get_object_element (results, index);
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_health (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *limits;
  guint status;

  root = http (f, "GET", "/api/v1/health", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "version"), ==, PACKAGE_VERSION);
  /* The push limits of `serve`, its defaults here. */
  limits = json_object_get_object_member (json_node_get_object (root), "limits");
  g_assert_nonnull (limits);
  g_assert_cmpint (json_object_get_int_member (limits, "batch_events"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (limits, "body_bytes"), ==, 1048576);
}

static void
test_me (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) wrong = NULL;
  g_autofree char *query = g_strdup_printf ("SELECT count(*) FROM devices WHERE token_hash = '%s'", f->token);
  JsonObject *point;
  guint status;

  /* Only a hash is stored. */
  g_assert_cmpint (db_int (f, query), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM devices WHERE length (token_hash) = 64"), ==, 1);

  root = http (f, "GET", "/api/v1/me", f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  point = json_object_get_object_member (json_node_get_object (root), "point");
  g_assert_cmpstr (json_object_get_string_member (point, "code"), ==, "TO-CEN");
  g_assert_cmpstr (json_object_get_string_member (point, "name"), ==, "Bottega DiSoTTo Centro");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "device"), ==, "C1");

  missing = http (f, "GET", "/api/v1/me", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error (missing, "unauthorized");
  wrong = http (f, "GET", "/api/v1/me", "not-a-token", NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error (wrong, "unauthorized");
}

static void
test_events_duplicate (Fixture *f, gconstpointer data)
{
  g_autofree char *e1 = sale_event ("TO-CEN", 1, "solidale", 2000, 213, 0);
  g_autofree char *e2 = sale_event ("TO-CEN", 2, "equa", 1500, 185, 0);
  g_autofree char *batch = g_strconcat (e1, ",", e2, NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *state = NULL;
  g_autofree char *state_after = NULL;
  guint status;

  first = push (f, f->token, batch, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpstr (json_object_get_string_member (result_at (first, i), "status"), ==, "accepted");
      g_assert_false (json_object_has_member (result_at (first, i), "review"));
    }
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales"), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1"), ==, 0);
  /* 2 × 2.13 and 1.5 × 1.85 = 2.775 → 2.78 (half up), recomputed by the hub. */
  g_assert_cmpint (db_int (f, "SELECT total(total) FROM hub_sales"), ==, 426 + 278);
  g_assert_cmpint (db_int (f, "SELECT total(tier_delta) FROM hub_sale_lines"), ==, 56);

  state = db_state (f);
  again = push (f, f->token, batch, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (json_object_get_string_member (result_at (again, i), "status"), ==, "duplicate");
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
}

static void
test_events_flagged (Fixture *f, gconstpointer data)
{
  g_autofree char *e1 = sale_event ("TO-CEN", 1, "impegno", 3000, 167, 10);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  JsonObject *result;
  guint status;

  root = push (f, f->token, e1, &status);
  g_assert_cmpuint (status, ==, 200);
  result = result_at (root, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "accepted");
  g_assert_nonnull (strstr (json_object_get_string_member (result, "review"), "total"));

  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT total FROM hub_sales"), ==, 501);
  g_assert_cmpint (db_int (f, "SELECT point_total FROM hub_sales"), ==, 511);
  g_assert_cmpint (run_hub (f, &out, NULL, "point", "status", "--code", "TO-CEN", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "flagged for review: 1"));
  g_assert_nonnull (strstr (out, "events accepted: 1"));
}

static void
test_events_gap (Fixture *f, gconstpointer data)
{
  g_autofree char *e1 = sale_event ("TO-CEN", 1, "equa", 1000, 185, 0);
  g_autofree char *e4 = sale_event ("TO-CEN", 4, "equa", 1000, 185, 0);
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) four = NULL;
  g_autofree char *out = NULL;
  JsonArray *gaps;
  JsonObject *gap;
  guint status;

  one = push (f, f->token, e1, &status);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (one), "gaps")), ==, 0);
  four = push (f, f->token, e4, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (four, 0), "status"), ==, "accepted");
  gaps = json_object_get_array_member (json_node_get_object (four), "gaps");
  g_assert_cmpuint (json_array_get_length (gaps), ==, 1);
  gap = json_array_get_object_element (gaps, 0);
  g_assert_cmpstr (json_object_get_string_member (gap, "device"), ==, "C1");
  g_assert_cmpint (json_object_get_int_member (gap, "from"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (gap, "to"), ==, 3);

  g_assert_cmpint (run_hub (f, &out, NULL, "point", "status", "--code", "TO-CEN", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "C1 seq 2-3"));
  g_assert_nonnull (strstr (out, "C1 last_seq=4"));
}

static void
test_events_rejected (Fixture *f, gconstpointer data)
{
  g_autofree char *other = sale_event ("TO-SSA", 1, "equa", 1000, 185, 0);
  g_autofree char *good = sale_event ("TO-CEN", 1, "equa", 1000, 185, 0);
  g_autofree char *unknown = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) edit = NULL;
  JsonObject *r;
  guint status;

  unknown = g_strdup_printf ("{\"id\":\"%s\",\"seq\":1,\"type\":\"stock.moved\",\"at\":\"2024-05-02T10:00:00Z\",\"payload\":{}}",
                             "6f1c7e2a-0d0b-4a57-9f3d-1c2a3b4c5d6e");
  edit = g_string_new (good);
  g_string_replace (edit, "\"quantity\":1000", "\"quantity\":\"1000\"", 1);
  broken = g_string_free (g_steal_pointer (&edit), FALSE);
  batch = g_strjoin (",", other, unknown, broken, "42", NULL);

  root = push (f, f->token, batch, &status);
  g_assert_cmpuint (status, ==, 200);
  r = result_at (root, 0);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "wrong_point");
  r = result_at (root, 1);
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "unknown_type");
  r = result_at (root, 2);
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "invalid_payload");
  g_assert_nonnull (strstr (json_object_get_string_member (r, "message"), "payload.lines[0].quantity"));
  r = result_at (root, 3);
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "invalid_payload");

  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;
  g_autofree char *big = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"device\":\"C1\",\"events\":");
  g_autoptr(GString) many = g_string_new (NULL);
  struct { const char *method, *path, *body; guint status; const char *code; } cases[] = {
    { "POST", "/api/v1/events", "{\"device\":\"C1\",\"events\":[", 400, "malformed_json" },
    { "POST", "/api/v1/events", "\xff\xfe", 400, "malformed_json" },
    { "POST", "/api/v1/events", "[1,2]", 400, "invalid_request" },
    { "POST", "/api/v1/events", "{\"device\":\"C1\",\"events\":{}}", 400, "invalid_request" },
    { "POST", "/api/v1/events", "{\"device\":7,\"events\":[]}", 400, "invalid_request" },
    { "POST", "/api/v1/events", "{\"device\":\"C2\",\"events\":[]}", 403, "wrong_device" },
    { "GET", "/api/v1/nothing-here", NULL, 404, "not_found" },
    { "DELETE", "/api/v1/events", NULL, 405, "method_not_allowed" },
    { "POST", "/api/v1/changes", "{}", 405, "method_not_allowed" },
    { "GET", "/api/v1/changes?limit=0", NULL, 400, "invalid_request" },
    { "GET", "/api/v1/changes?since=abc", NULL, 400, "invalid_request" },
  };
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = http (f, cases[i].method, cases[i].path, f->token, cases[i].body, 0, &status);

      g_test_message ("case %u: %s %s", i, cases[i].method, cases[i].path);
      g_assert_cmpuint (status, ==, cases[i].status);
      assert_error (root, cases[i].code);
    }

  /* 1 MiB + 1 byte of otherwise valid JSON. */
  big = g_malloc (1024 * 1024 + 2);
  memset (big, ' ', 1024 * 1024 + 1);
  big[0] = '{';
  big[1024 * 1024] = '}';
  big[1024 * 1024 + 1] = '\0';
  {
    g_autoptr(JsonNode) root = http (f, "POST", "/api/v1/events", f->token, big, 0, &status);

    g_assert_cmpuint (status, ==, 413);
    assert_error (root, "body_too_large");
  }

  /* 501 events, each of which would be accepted on its own. */
  for (guint i = 1; i <= 501; i++)
    {
      g_autofree char *event = g_strdup_printf ("%s{\"id\":\"00000000-0000-4000-8000-%012u\",\"seq\":%u,"
                                                "\"type\":\"x\",\"at\":\"2024-05-02T10:00:00Z\",\"payload\":{}}",
                                                i > 1 ? "," : "", i, i);

      g_string_append (many, event);
    }
  {
    g_autoptr(JsonNode) root = push (f, f->token, many->str, &status);

    g_assert_cmpuint (status, ==, 413);
    assert_error (root, "batch_too_large");
  }

  for (guint i = 0; i < 40; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 40; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  {
    g_autoptr(JsonNode) root = http (f, "POST", "/api/v1/events", f->token, deep->str, 0, &status);

    g_assert_cmpuint (status, ==, 400);
    assert_error (root, "too_deep");
  }

  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
}

static void
test_changes_paging (Fixture *f, gconstpointer data)
{
  gint64 total = db_int (f, "SELECT count(*) FROM changes");
  gint64 max = db_int (f, "SELECT max(seq) FROM changes");
  gint64 since = 0, seen = 0, last_seq = 0;
  gboolean more = TRUE;
  guint pages = 0;

  /* settings + 26 suppliers + 29 points + 124 products */
  g_assert_cmpint (total, ==, 1 + 26 + 29 + 124);

  while (more && pages < 20)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=50", since);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;
      JsonArray *changes;
      guint status;

      root = http (f, "GET", path, f->token, NULL, 0, &status);
      g_assert_cmpuint (status, ==, 200);
      object = json_node_get_object (root);
      changes = json_object_get_array_member (object, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, 50);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          const char *kind = json_object_get_string_member (change, "kind");

          g_assert_cmpint (json_object_get_int_member (change, "seq"), >, last_seq);
          last_seq = json_object_get_int_member (change, "seq");
          g_assert_true (g_strv_contains ((const char *[]) { "product", "supplier", "point", "settings", NULL }, kind));
          g_assert_cmpstr (json_object_get_string_member (change, "op"), ==, "upsert");
          g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (change, "data")));
          seen++;
        }
      since = json_object_get_int_member (object, "next");
      g_assert_cmpint (since, ==, last_seq);
      more = json_object_get_boolean_member (object, "more");
      pages++;
    }
  g_assert_false (more);
  g_assert_cmpuint (pages, ==, 4);
  g_assert_cmpint (seen, ==, total);
  g_assert_cmpint (since, ==, max);

  {
    g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, max);
    g_autoptr(JsonNode) root = NULL;
    guint status;

    root = http (f, "GET", path, f->token, NULL, 0, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "changes")), ==, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "next"), ==, max);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "more"));
  }
}

static void
test_catalog_import (Fixture *f, gconstpointer data)
{
  g_autofree char *json_path = g_build_filename (f->dir, "catalog.json", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "catalog.csv", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *state = NULL, *state_after = NULL;
  gint64 changes = db_int (f, "SELECT count(*) FROM changes");
  const char *json =
    "[{\"code\":\"P-9001\",\"name\":\"Farina tipo 1\",\"supplier\":\"F-MUL\",\"category\":\"Farine\","
    "\"unit\":\"piece\",\"vat\":4,\"ean\":\"8000000000019\",\"plu\":0,\"equa_cents\":250},"
    " {\"code\":\"P-9002\",\"name\":\"Lenticchie sfuse\",\"supplier\":\"F-LEG\",\"category\":\"Legumi\","
    "\"unit\":\"kg\",\"vat\":4,\"ean\":null,\"plu\":29002,\"equa_cents\":480,\"overrides\":{\"solidale\":2000}}]";
  const char *csv =
    "code,name,supplier,category,unit,vat,ean,plu,equa_cents,accessibile_bp\n"
    "P-9101,Ceci,F-LEG,Legumi,piece,4,8000000000026,0,300,\n"
    "P-9102,\"Olio, extravergine\",F-OLI,Olio,piece,4,8000000000018,0,900,\n"
    "P-9103,Vino,F-VIN,Vino,piece,7,8000000000033,0,700,\n"
    "P-9104,Sapone,F-XXX,Casa,piece,22,8000000000040,0,350,\n"
    "P-9105,Riso,F-RIS,Riso,piece,4,8000000000057,0,400,500\n";

  g_assert_true (g_file_set_contents (json_path, json, -1, NULL));
  g_assert_cmpint (run_hub (f, &out, NULL, "catalog", "import", json_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "imported 2"));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM changes"), ==, changes + 2);
  g_assert_cmpint (db_int (f, "SELECT json_extract (data, '$.overrides.solidale') FROM products WHERE code = 'P-9002'"), ==, 2000);

  /* The same file again changes nothing. */
  g_assert_cmpint (run_hub (f, NULL, NULL, "catalog", "import", json_path, NULL), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM changes"), ==, changes + 2);

  state = db_state (f);
  g_assert_true (g_file_set_contents (csv_path, csv, -1, NULL));
  g_assert_cmpint (run_hub (f, NULL, &err, "catalog", "import", csv_path, NULL), ==, 1);
  /* The header is row 1. */
  g_assert_null (strstr (err, "row 2:"));
  g_assert_nonnull (strstr (err, "row 3: ean:"));
  g_assert_nonnull (strstr (err, "row 4: vat:"));
  g_assert_nonnull (strstr (err, "row 5: supplier:"));
  g_assert_nonnull (strstr (err, "row 6: prices:"));
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM products WHERE code = 'P-9101'"), ==, 0);
}

static void
test_demo_load (Fixture *f, gconstpointer data)
{
  g_autofree char *state = NULL, *state_after = NULL;

  g_assert_cmpint (db_int (f, "SELECT count(*) FROM points"), ==, 29);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM suppliers"), ==, 26);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM products"), ==, 124);
  g_assert_cmpint (db_int (f, "SELECT value FROM settings WHERE key = 'tier.solidale_bp'"), ==, 1500);
  /* Demo points get no token; only the one enrolled by the fixture has one. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM devices"), ==, 1);

  state = db_state (f);
  g_assert_cmpint (run_hub (f, NULL, NULL, "demo", "load", g_getenv ("DIS_DEMO_DIR"), NULL), ==, 0);
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
}

static void
test_revoke (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) pushed = NULL;
  guint status;

  before = http (f, "GET", "/api/v1/me", f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (run_hub (f, NULL, NULL, "point", "revoke", "--code", "TO-CEN", NULL), ==, 0);
  after = http (f, "GET", "/api/v1/me", f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error (after, "token_revoked");
  pushed = push (f, f->token, "", &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error (pushed, "token_revoked");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM changes WHERE kind = 'point' AND op = 'delete' AND key = 'TO-CEN'"), ==, 1);
}

static GSocketConnection *
raw_connect (Fixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->hub->port, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static char *
read_all (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  /* Bounded by the socket timeout and the size. */
  while (text->len < 65536 &&
         (n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (text, buffer, n);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_sigterm_in_flight (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketConnection) connection = raw_connect (f);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *event = sale_event ("TO-CEN", 1, "equa", 1000, 185, 0);
  g_autofree char *body = g_strdup_printf ("{\"device\":\"C1\",\"events\":[%s]}", event);
  g_autofree char *head = g_strdup_printf ("POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                                           f->token, strlen (body));
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  gsize half = strlen (body) / 2;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 10);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, body, half, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (out, NULL, NULL);

  /* Let the hub read the headers, then ask it to stop mid-request. */
  g_usleep (300 * 1000);
  g_subprocess_send_signal (f->hub->process, SIGTERM);
  g_usleep (300 * 1000);

  g_output_stream_write_all (out, body + half, strlen (body) - half, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = read_all (connection);
  g_test_message ("reply: %s", reply);
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (reply, "\"accepted\""));

  g_assert_true (dis_test_hub_wait (f->hub));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales"), ==, 1);
}

static void
test_request_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  const char *partial = "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  gint64 start;

  start_server (f, "--request-timeout", "1", NULL, NULL);
  connection = raw_connect (f);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 10);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             partial, strlen (partial), NULL, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  reply = read_all (connection);
  /* The hub closed the connection well before the client's own timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  g_assert_cmpstr (reply, ==, "");
}

static void
test_tls (Fixture *f, gconstpointer data)
{
  g_autofree char *cert = g_build_filename (f->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (f->dir, "key.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  int status = -1;
  guint http_status;

  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1", NULL };
    g_autoptr(GSubprocess) openssl = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

    if (openssl == NULL)
      {
        g_test_skip ("openssl is not installed");
        return;
      }
    g_subprocess_wait (openssl, NULL, &error);
    g_assert_no_error (error);
    status = g_subprocess_get_exit_status (openssl);
    g_assert_cmpint (status, ==, 0);
  }

  f->accept = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  start_server (f, "--tls-cert", cert, "--tls-key", key);
  g_assert_true (g_str_has_prefix (f->hub->url, "https://127.0.0.1:"));

  root = http (f, "GET", "/api/v1/me", f->token, NULL, 0, &http_status);
  g_assert_cmpuint (http_status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "device"), ==, "C1");

  /* Without trusting the certificate the client refuses the hub. */
  g_clear_object (&f->accept);
  {
    g_autofree char *url = g_strconcat (f->hub->url, "/api/v1/health", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(SoupSession) fresh = soup_session_new_with_options ("timeout", 20, NULL);
    g_autoptr(GBytes) bytes = NULL;

    /* A new session: the first one keeps its trusted connection alive. */
    bytes = soup_session_send_and_read (fresh, msg, NULL, &error);
    g_assert_null (bytes);
    g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  }
}

/* ---- The codec (issue 8 item 4) and hostile events (issue 9) ------------- */

/* The text of the last member of a golden object, @name: a payload ends
 * its event's envelope, data its change. */
static char *
golden_last_member (const char *text,
                    const char *name)
{
  g_autofree char *key = g_strdup_printf ("\"%s\":", name);
  const char *value = strstr (text, key);

  g_assert_nonnull (value);
  value += strlen (key);
  return g_strndup (value, strlen (value) - 1);
}

static char *
db_text (Fixture    *f,
         const char *sql,
         const char *parameter)
{
  return dis_test_hub_text (f->hub, sql, parameter);
}

/* A reply's body as bytes, for byte-for-byte comparisons. */
static char *
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

static const char *golden_events[] = {
  "event-member-registered.json",
  "event-member-updated.json",
  "event-member-provisional-basis.json",
  "event-sale-committed.json",
  "event-sale-refunded.json",
};

/* The hub decodes every golden event and stores its payload as the codec
 * writes it: byte for byte the golden payload. */
static void
test_codec_golden_events (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) batch = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *batch_file = codec_golden ("batch.json");
  g_autofree char *member_change = codec_golden ("change-member.json");
  g_autofree char *member_data = golden_last_member (member_change, "data");
  g_autofree char *published = NULL;
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (golden_events); i++)
    {
      g_autofree char *event = codec_golden (golden_events[i]);

      g_string_append_printf (batch, "%s%s", i > 0 ? "," : "", event);
    }
  root = push (f, f->token, batch->str, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < G_N_ELEMENTS (golden_events); i++)
    {
      g_autofree char *event = codec_golden (golden_events[i]);
      g_autofree char *payload = golden_last_member (event, "payload");
      g_autofree char *id = g_strndup (event + strlen ("{\"id\":\""), 36);
      g_autofree char *stored = NULL;

      g_test_message ("%s", golden_events[i]);
      g_assert_cmpstr (json_object_get_string_member (result_at (root, i), "status"), ==, "accepted");
      g_assert_cmpstr (json_object_get_string_member (result_at (root, i), "id"), ==, id);
      stored = db_text (f, "SELECT payload FROM events WHERE id = ?1", id);
      g_assert_cmpstr (stored, ==, payload);
    }
  /* The sale's figures add up: nothing to review. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1"), ==, 0);

  /* The registration published the member as the golden change has it. */
  published = db_text (f, "SELECT data FROM changes WHERE kind = 'member' ORDER BY seq LIMIT 1", NULL);
  g_assert_cmpstr (published, ==, member_data);

  /* The golden batch envelope: both of its events are known by now. */
  again = http (f, "POST", "/api/v1/events", f->token, batch_file, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (again, 0), "status"), ==, "duplicate");
  g_assert_cmpstr (json_object_get_string_member (result_at (again, 1), "status"), ==, "duplicate");
}

/* A hub loaded from the golden data objects publishes the golden changes,
 * page and GET /me, byte for byte. */
static void
test_codec_golden_changes (Fixture *f, gconstpointer data)
{
  static const char *changes[] = {
    "change-settings.json", "change-supplier.json", "change-point.json", "change-product.json",
  };
  g_autofree char *dir = g_build_filename (f->dir, "golden", NULL);
  g_autofree char *hub_dir = g_build_filename (f->dir, "golden-hub", NULL);
  g_autofree char *settings = codec_golden ("change-settings.json");
  g_autofree char *supplier = codec_golden ("change-supplier.json");
  g_autofree char *point = codec_golden ("change-point.json");
  g_autofree char *product = codec_golden ("change-product.json");
  g_autofree char *deleted = codec_golden ("change-point-delete.json");
  g_autofree char *page = codec_golden ("changes-page.json");
  g_autofree char *me = codec_golden ("me.json");
  g_autofree char *supplier_data = golden_last_member (supplier, "data");
  g_autofree char *point_data = golden_last_member (point, "data");
  g_autofree char *product_data = golden_last_member (product, "data");
  g_autofree char *deleted_data = golden_last_member (deleted, "data");
  /* The admin's files, each made of the golden data objects. */
  struct { const char *name; char *text; } files[] = {
    { "settings.json", golden_last_member (settings, "data") },
    { "suppliers.json", g_strdup_printf ("[%s]", supplier_data) },
    { "points.json", g_strdup_printf ("[%s]", point_data) },
    { "basket.json", g_strdup_printf ("[%s]", product_data) },
  };
  g_autofree char *served_page = NULL;
  g_autofree char *served_me = NULL;
  g_autofree char *all = NULL;
  g_autofree char *kind_op = NULL;
  g_autofree char *stored_delete = NULL;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

      g_assert_true (g_file_set_contents (path, files[i].text, -1, NULL));
    }

  /* A new hub with only the golden data. */
  g_assert_cmpint (g_mkdir (hub_dir, 0700), ==, 0);
  g_clear_pointer (&f->hub, dis_test_hub_free);
  f->hub = dis_test_hub_new (hub_dir);
  g_free (dis_test_hub_admin (f->hub, "demo", "load", dir, NULL));
  g_free (f->token);
  f->token = dis_test_hub_add_device (f->hub, "TO-CEN", "C1", FALSE);
  start_server (f, NULL, NULL, NULL, NULL);

  served_page = http_text (f, "/api/v1/changes?since=0&limit=2", f->token);
  g_assert_cmpstr (served_page, ==, page);
  served_me = http_text (f, "/api/v1/me", f->token);
  g_assert_cmpstr (served_me, ==, me);
  all = http_text (f, "/api/v1/changes?since=0&limit=10", f->token);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *change = codec_golden (changes[i]);

      g_test_message ("%s", changes[i]);
      g_assert_nonnull (strstr (all, change));
    }

  g_assert_cmpint (run_hub (f, NULL, NULL, "point", "revoke", "--code", "TO-CEN", NULL), ==, 0);
  kind_op = db_text (f, "SELECT seq || ' ' || kind || ' ' || op FROM changes ORDER BY seq DESC LIMIT 1", NULL);
  g_assert_cmpstr (kind_op, ==, "5 point delete");
  stored_delete = db_text (f, "SELECT data FROM changes WHERE seq = 5", NULL);
  g_assert_cmpstr (stored_delete, ==, deleted_data);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

      g_free (files[i].text);
    }
}

/* Issue 9, item 3: an unknown field holding 1e400 is ignored; the batch's
 * sales are all accepted, and what is stored leaves it out. */
static void
test_unknown_huge_number (Fixture *f, gconstpointer data)
{
  g_autofree char *first = sale_event ("TO-CEN", 1, "equa", 1000, 185, 0);
  g_autofree char *odd_sale = sale_event ("TO-CEN", 2, "equa", 2000, 185, 0);
  g_autofree char *last = sale_event ("TO-CEN", 4, "equa", 3000, 185, 0);
  g_autofree char *registered = codec_golden ("event-member-registered.json");
  g_autoptr(GString) sale_edit = g_string_new (odd_sale);
  g_autoptr(GString) member_edit = g_string_new (registered);
  g_autofree char *batch = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  g_assert_cmpuint (g_string_replace (sale_edit, "\"change_due\":0}", "\"change_due\":0,\"x\":1e400}", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (member_edit, "\"seq\":1,", "\"seq\":3,", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (member_edit, "\"registered_on\"", "\"x\":[-1e400],\"registered_on\"", 1), ==, 1);
  batch = g_strjoin (",", first, sale_edit->str, member_edit->str, last, NULL);

  root = push (f, f->token, batch, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (json_object_get_string_member (result_at (root, i), "status"), ==, "accepted");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales"), ==, 3);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM members"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM events WHERE payload LIKE '%\"x\"%'"), ==, 0);
}

/* Issue 9, item 4: integers past any bound (and past gint64, which a JSON
 * reader would wrap) reject their event as invalid_payload. */
static void
test_huge_quantities (Fixture *f, gconstpointer data)
{
  static const char *quantities[] = {
    "9223372036854775808", "-9223372036854775808", "18446744073709551616", "36893488147419104232",
  };
  g_autoptr(GString) batch = g_string_new (NULL);
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;
  g_autofree char *refund = codec_golden ("event-sale-refunded.json");
  g_autoptr(GString) refund_edit = g_string_new (refund);
  g_autoptr(JsonNode) root = NULL;
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (quantities); i++)
    {
      g_autofree char *event = sale_event ("TO-CEN", i + 1, "equa", 1000, 185, 0);
      g_autoptr(GString) edit = g_string_new (event);
      g_autofree char *quantity = g_strconcat ("\"quantity\":", quantities[i], NULL);

      g_assert_cmpuint (g_string_replace (edit, "\"quantity\":1000", quantity, 1), ==, 1);
      g_string_append_printf (batch, "%s,", edit->str);
    }
  /* 2^64 − 1000: a JSON reader that wraps reads a refund of one gram. */
  g_assert_cmpuint (g_string_replace (refund_edit, "\"quantity\":-100", "\"quantity\":18446744073709550616", 1), ==, 1);
  g_string_append (batch, refund_edit->str);

  root = push (f, f->token, batch->str, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i <= G_N_ELEMENTS (quantities); i++)
    {
      JsonObject *r = result_at (root, i);

      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
      g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "invalid_payload");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "message"), "payload.lines[0].quantity:"));
    }
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
}

/* Issue 9, item 5: a long product or operator name is refused: past its
 * field's limit (200 characters) that event is rejected naming the field;
 * past the reader's string limit (64 KiB) the whole body is refused. */
static void
test_long_texts (Fixture *f, gconstpointer data)
{
  static const struct { const char *from, *field; } cases[] = {
    { "\"product_name\":\"Spaghetti\"", "payload.lines[0].product_name:" },
    { "\"name\":\"Anna\"", "payload.operator.name:" },
  };
  static const gsize lengths[] = { 60000, 1000000 };
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;
  guint seq = 1;

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *event = sale_event ("TO-CEN", seq++, "equa", 1000, 185, 0);
        g_autoptr(GString) edit = g_string_new (event);
        g_autofree char *to = g_strdup (cases[i].from);
        g_autofree char *long_name = g_malloc (lengths[l] + 1);
        g_autoptr(JsonNode) root = NULL;
        guint status;

        memset (long_name, 'x', lengths[l]);
        long_name[lengths[l]] = '\0';
        /* The same member, its value that many characters long. */
        *strrchr (to, '"') = '\0';
        *(strrchr (to, '"') + 1) = '\0';
        {
          g_autofree char *replacement = g_strconcat (to, long_name, "\"", NULL);

          g_assert_cmpuint (g_string_replace (edit, cases[i].from, replacement, 1), ==, 1);
        }
        root = push (f, f->token, edit->str, &status);
        if (lengths[l] > 64 * 1024)
          {
            JsonObject *error = json_object_get_object_member (json_node_get_object (root), "error");

            g_assert_cmpuint (status, ==, 413);
            g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "json_too_large");
          }
        else
          {
            JsonObject *r = result_at (root, 0);

            g_assert_cmpuint (status, ==, 200);
            g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "invalid_payload");
            g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "message"), cases[i].field));
          }
      }
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
}

/* Issue 9, item 8: a sale's member card is a card code of a member the
 * hub knows. */
static void
test_sale_member_card (Fixture *f, gconstpointer data)
{
  static const struct { const char *card, *code, *field; } cases[] = {
    { "\"x'; DROP TABLE members;--\"", "invalid_payload", "payload.member_card:" },
    { "\"DS00000019\"", "invalid_payload", "payload.member_card:" },
    { "\"DS00000026\"", "unknown_card", "payload.member_card:" },
  };
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *event = sale_event ("TO-CEN", i + 1, "equa", 1000, 185, 0);
      g_autoptr(GString) edit = g_string_new (event);
      g_autofree char *card = g_strconcat ("\"member_card\":", cases[i].card, NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *r;
      guint status;

      g_assert_cmpuint (g_string_replace (edit, "\"member_card\":null", card, 1), ==, 1);
      root = push (f, f->token, edit->str, &status);
      g_assert_cmpuint (status, ==, 200);
      r = result_at (root, 0);
      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
      g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, cases[i].code);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "message"), cases[i].field));
    }
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM members"), ==, 0);
}

/* Issue 9, item 8: a seq of 2^63 − 1 is refused, so the device's gap
 * detection keeps working. */
static void
test_seq_bound (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = sale_event ("TO-CEN", 1, "equa", 1000, 185, 0);
  g_autofree char *third = sale_event ("TO-CEN", 3, "equa", 1000, 185, 0);
  g_autoptr(GString) edit = g_string_new (huge);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *gaps;
  JsonObject *r;
  guint status;

  g_assert_cmpuint (g_string_replace (edit, "\"seq\":1,\"type\"", "\"seq\":9223372036854775807,\"type\"", 1), ==, 1);
  refused = push (f, f->token, edit->str, &status);
  g_assert_cmpuint (status, ==, 200);
  r = result_at (refused, 0);
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "invalid_payload");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "message"), "seq:"));
  g_assert_cmpint (db_int (f, "SELECT total(last_seq) FROM devices"), ==, 0);

  root = push (f, f->token, third, &status);
  g_assert_cmpstr (json_object_get_string_member (result_at (root, 0), "status"), ==, "accepted");
  gaps = json_object_get_array_member (json_node_get_object (root), "gaps");
  g_assert_cmpuint (json_array_get_length (gaps), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (gaps, 0), "from"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (gaps, 0), "to"), ==, 2);
}

/* Writes @text to @name in the fixture's directory and imports it. */
static int
import_catalog (Fixture     *f,
                const char  *name,
                const char  *text,
                char       **out_stderr)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return run_hub (f, NULL, out_stderr, "catalog", "import", path, NULL);
}

/* Issue 9, item 10: a percentage that suits the defaults but puts one
 * product's prices out of order (with its overrides) is refused, naming
 * that product and only it; nothing changes. */
static void
test_settings_break_products (Fixture *f, gconstpointer data)
{
  const char *product =
    "[{\"code\":\"P-9301\",\"name\":\"Tahina\",\"supplier\":\"F-LEG\",\"category\":\"Legumi\","
    "\"unit\":\"piece\",\"vat\":10,\"ean\":null,\"plu\":0,\"equa_cents\":1000,"
    "\"overrides\":{\"impegno\":-2000}}]";
  g_autofree char *state = NULL, *state_after = NULL;
  g_autofree char *err = NULL, *err2 = NULL;
  gint64 changes;

  g_assert_cmpint (import_catalog (f, "tahina.json", product, NULL), ==, 0);
  state = db_state (f);

  /* Accessibile −15 % is above P-9301's Impegno −20 %: € 8,50 > € 8,00. */
  g_assert_cmpint (run_hub (f, NULL, &err, "settings", "set", "tier.accessibile_bp", "-1500", NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "P-9301"));
  g_assert_nonnull (strstr (err, "Accessibile"));
  g_assert_null (strstr (err, "P-0043"));
  g_assert_cmpint (db_int (f, "SELECT value FROM settings WHERE key = 'tier.accessibile_bp'"), ==, -2500);

  /* Impegno −22 % is below the demo's P-0043, which keeps Accessibile at −20 %. */
  g_assert_cmpint (run_hub (f, NULL, &err2, "settings", "set", "tier.impegno_bp", "-2200", NULL), ==, 1);
  g_test_message ("%s", err2);
  g_assert_nonnull (strstr (err2, "P-0043"));
  g_assert_null (strstr (err2, "P-9301"));
  g_assert_cmpint (db_int (f, "SELECT value FROM settings WHERE key = 'tier.impegno_bp'"), ==, -1000);
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);

  /* What breaks nothing is taken and published. */
  changes = db_int (f, "SELECT count(*) FROM changes");
  g_assert_cmpint (run_hub (f, NULL, NULL, "settings", "set", "tier.accessibile_bp", "-2100", NULL), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT value FROM settings WHERE key = 'tier.accessibile_bp'"), ==, -2100);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM changes"), ==, changes + 1);
}

/* Issue 9, item 11: an EAN or a scale code is unique in the whole
 * catalog, not only in one file; a file may swap codes between its own
 * products. */
static void
test_catalog_codes_unique (Fixture *f, gconstpointer data)
{
  static const struct { const char *row, *expect, *holder; } refused[] = {
    /* P-0001's EAN. */
    { "{\"code\":\"P-9401\",\"name\":\"Spaghetti bis\",\"supplier\":\"F-PAS\",\"category\":\"Pasta\","
      "\"unit\":\"piece\",\"vat\":4,\"ean\":\"8191630694454\",\"plu\":0,\"equa_cents\":185}",
      "row 1: ean:", "P-0001" },
    /* P-0080's scale code. */
    { "{\"code\":\"P-9402\",\"name\":\"Formaggio bis\",\"supplier\":null,\"category\":\"Formaggi\","
      "\"unit\":\"kg\",\"vat\":4,\"ean\":null,\"plu\":10143,\"equa_cents\":2000}",
      "row 1: plu:", "P-0080" },
  };
  g_autofree char *state = db_state (f);
  g_autofree char *state_after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *p1 = db_text (f, "SELECT data FROM products WHERE code = ?1", "P-0001");
  g_autofree char *p2 = db_text (f, "SELECT data FROM products WHERE code = ?1", "P-0002");
  g_autofree char *p80 = db_text (f, "SELECT data FROM products WHERE code = ?1", "P-0080");
  g_autofree char *p90 = db_text (f, "SELECT data FROM products WHERE code = ?1", "P-0090");
  g_autoptr(GString) swap = g_string_new ("[");
  g_autoptr(GString) edit = NULL;
  gint64 changes;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *text = g_strdup_printf ("[%s]", refused[i].row);
      g_autofree char *message = NULL;

      g_assert_cmpint (import_catalog (f, "one.json", text, &message), ==, 1);
      g_test_message ("%s", message);
      g_assert_nonnull (strstr (message, refused[i].expect));
      g_assert_nonnull (strstr (message, refused[i].holder));
    }

  /* Two new products of one file with the same scale code. */
  g_assert_cmpint (import_catalog (f, "two.json",
                                   "[{\"code\":\"P-9403\",\"name\":\"Ceci sfusi\",\"supplier\":\"F-LEG\","
                                   "\"category\":\"Legumi\",\"unit\":\"kg\",\"vat\":4,\"ean\":null,\"plu\":29999,"
                                   "\"equa_cents\":400},"
                                   "{\"code\":\"P-9404\",\"name\":\"Fave sfuse\",\"supplier\":\"F-LEG\","
                                   "\"category\":\"Legumi\",\"unit\":\"kg\",\"vat\":4,\"ean\":null,\"plu\":29999,"
                                   "\"equa_cents\":400}]", &err), ==, 1);
  g_assert_nonnull (strstr (err, "row 2: plu:"));
  state_after = db_state (f);
  g_assert_cmpstr (state, ==, state_after);

  /* A swap of EANs (P-0001, P-0002) and of scale codes (P-0080, P-0090)
   * inside one file ends with every code unique: taken as a whole. */
  edit = g_string_new (p1);
  g_assert_cmpuint (g_string_replace (edit, "8191630694454", "8191630282484", 1), ==, 1);
  g_string_append_printf (swap, "%s,", edit->str);
  g_string_assign (edit, p2);
  g_assert_cmpuint (g_string_replace (edit, "8191630282484", "8191630694454", 1), ==, 1);
  g_string_append_printf (swap, "%s,", edit->str);
  g_string_assign (edit, p80);
  g_assert_cmpuint (g_string_replace (edit, "\"plu\":10143", "\"plu\":10334", 1), ==, 1);
  g_string_append_printf (swap, "%s,", edit->str);
  g_string_assign (edit, p90);
  g_assert_cmpuint (g_string_replace (edit, "\"plu\":10334", "\"plu\":10143", 1), ==, 1);
  g_string_append_printf (swap, "%s]", edit->str);

  changes = db_int (f, "SELECT count(*) FROM changes");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (import_catalog (f, "swap.json", swap->str, &err), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM changes"), ==, changes + 4);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM products WHERE code = 'P-0001'"
                              " AND json_extract (data, '$.ean') = '8191630282484'"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM products WHERE code = 'P-0002'"
                              " AND json_extract (data, '$.ean') = '8191630694454'"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT json_extract (data, '$.plu') FROM products WHERE code = 'P-0080'"), ==, 10334);
  g_assert_cmpint (db_int (f, "SELECT json_extract (data, '$.plu') FROM products WHERE code = 'P-0090'"), ==, 10143);
  /* Still one product per code across the catalog. */
  g_assert_cmpint (db_int (f, "SELECT count(*) - count(DISTINCT json_extract (data, '$.ean'))"
                              " FROM products WHERE json_extract (data, '$.ean') IS NOT NULL"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) - count(DISTINCT json_extract (data, '$.plu'))"
                              " FROM products WHERE json_extract (data, '$.plu') > 0"), ==, 0);
}

/* A date in Turin @months from today, as "YYYY-MM-DD". */
static char *
network_date (int months)
{
  g_autoptr(GTimeZone) rome = g_time_zone_new_identifier ("Europe/Rome");
  g_autoptr(GTimeZone) tz = rome != NULL ? g_time_zone_ref (rome) : g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) then = g_date_time_add_months (now, months);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gint64
published_volume (Fixture    *f,
                  const char *card)
{
  g_autofree char *sql = g_strdup_printf ("SELECT json_extract (data, '$.volume_12m_cents') FROM changes"
                                          " WHERE kind = 'member' AND key = '%s' ORDER BY seq DESC LIMIT 1", card);

  return db_int (f, sql);
}

static gint64
member_changes (Fixture    *f,
                const char *card)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM changes WHERE kind = 'member' AND key = '%s'", card);

  return db_int (f, sql);
}

/* Issue 9, item 14: a member's 12-month volume follows the calendar with
 * nobody running `member refresh`: when the hub serves again after a sale
 * left the window, it publishes that member with the new volume, and
 * only members whose data changed. */
static void
test_volume_window (Fixture *f, gconstpointer data)
{
  g_autofree char *registered = codec_golden ("event-member-registered.json");
  g_autofree char *sale = sale_event ("TO-CEN", 3, "equa", 100000, 185, 0);
  g_autoptr(GString) other = g_string_new (registered);
  g_autoptr(GString) edit = g_string_new (sale);
  g_autofree char *recent = network_date (-6);
  g_autofree char *old = network_date (-13);
  g_autofree char *recent_at = g_strconcat (recent, "T10:00:00+01:00", NULL);
  g_autofree char *batch = NULL;
  g_autofree char *age = NULL;
  g_autofree char *feed = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 seq, n_other;
  guint status;

  /* Two members; a sale of € 185,00 to the first six months ago. */
  g_assert_cmpuint (g_string_replace (other, "9b2e4c1a-7d3f-4e8b-a5c6-0f1e2d3c4b5a",
                                      "9b2e4c1a-7d3f-4e8b-a5c6-0f1e2d3c4b5b", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (other, "\"seq\":1,", "\"seq\":2,", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (other, "DS00000018", "DS00000026", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edit, "\"member_card\":null", "\"member_card\":\"DS00000018\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edit, "2024-05-02T10:00:00+02:00", recent_at, 0), ==, 2);
  batch = g_strjoin (",", registered, other->str, edit->str, NULL);
  root = push (f, f->token, batch, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (result_at (root, i), "status"), ==, "accepted");
  g_assert_cmpint (published_volume (f, "DS00000018"), ==, 18500);
  g_assert_cmpint (published_volume (f, "DS00000026"), ==, 0);
  n_other = member_changes (f, "DS00000026");

  /* Seven months pass: the sale is now thirteen months old. */
  stop_server (f);
  age = g_strdup_printf ("UPDATE hub_sales SET created_at = '%sT10:00:00+01:00'", old);
  dis_test_file_exec (f->hub->db_path, age);
  g_assert_cmpint (published_volume (f, "DS00000018"), ==, 18500);
  seq = db_int (f, "SELECT max (seq) FROM changes");

  /* The hub notices by itself. */
  start_server (f, NULL, NULL, NULL, NULL);
  g_assert_cmpint (published_volume (f, "DS00000018"), ==, 0);
  g_assert_cmpint (member_changes (f, "DS00000026"), ==, n_other);
  g_assert_cmpint (db_int (f, "SELECT max (seq) FROM changes"), ==, seq + 1);
  /* And every point hears of it. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, seq);

    feed = http_text (f, path, f->token);
    g_assert_nonnull (strstr (feed, "\"card_code\":\"DS00000018\""));
    g_assert_nonnull (strstr (feed, "\"volume_12m_cents\":0,"));
    g_assert_null (strstr (feed, "DS00000026"));
  }
}

/* A sale (@refund_of NULL) or a refund at Equa of one line of a weighed
 * product, with the point's figures as given. */
static char *
weighed_event (gint64      seq,
               const char *sale_id,
               const char *refund_of,
               const char *product,
               gint64      line_no,
               gint64      qty,
               gint64      price,
               gint64      total)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *refund = refund_of != NULL ? g_strdup_printf ("\"%s\"", refund_of) : g_strdup ("null");
  g_autofree char *refund_receipt = refund_of != NULL ? g_strdup ("\"TO-CEN-C1-000001\"") : g_strdup ("null");

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"%s\","
                          "\"at\":\"2024-05-02T10:00:00+02:00\",\"payload\":{"
                          "\"id\":\"%s\",\"receipt_no\":\"TO-CEN-C1-%06" G_GINT64_FORMAT "\",\"point\":\"TO-CEN\","
                          "\"device\":\"C1\",\"seq\":%" G_GINT64_FORMAT ",\"created_at\":\"2024-05-02T10:00:00+02:00\","
                          "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"member_card\":null,\"tier\":\"equa\","
                          "\"refund_of\":%s,\"refund_of_receipt_no\":%s,\"lines\":[{\"line_no\":%" G_GINT64_FORMAT ","
                          "\"product_code\":\"%s\",\"product_name\":\"Sfuso\",\"supplier_code\":null,"
                          "\"unit\":\"kg\",\"quantity\":%" G_GINT64_FORMAT ",\"unit_price\":%" G_GINT64_FORMAT ","
                          "\"unit_price_equa\":%" G_GINT64_FORMAT ",\"line_total\":%" G_GINT64_FORMAT ","
                          "\"line_total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":0,\"vat_rate\":4}],"
                          "\"payments\":[{\"method\":\"card\",\"amount\":%" G_GINT64_FORMAT "}],\"n_lines\":1,"
                          "\"total\":%" G_GINT64_FORMAT ",\"total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":0,"
                          "\"cash_tendered\":0,\"change_due\":0}}",
                          id, seq, refund_of != NULL ? "sale.refunded" : "sale.committed",
                          sale_id, seq, seq, refund, refund_receipt, line_no, product, qty, price, price,
                          total, total, total, total, total);
}

static JsonObject *
push_one (Fixture    *f,
          const char *event,
          JsonNode  **out_root)
{
  guint status;

  *out_root = push (f, f->token, event, &status);
  g_assert_cmpuint (status, ==, 200);
  return result_at (*out_root, 0);
}

/* Issue 9, items 12 and 13, on the hub: a price label's line is taken at
 * the label's price; the refunds of a weighed line are recomputed against
 * the line they refund, the last taking what is left, and one that would
 * take more than was sold is flagged and pays back nothing more. */
static void
test_weighed_figures (Fixture *f, gconstpointer data)
{
  const char *sale_id = "5e1b9d2a-1c3f-4b6a-8d7e-9f0a1b2c3d4e";
  static const gint64 refunds[] = { -25, -25, -24 };
  g_autofree char *label = weighed_event (1, "5e1b9d2a-1c3f-4b6a-8d7e-9f0a1b2c3d40", NULL, "P-0080",
                                          1, 25, 50000, 1234);
  g_autofree char *sale = weighed_event (2, sale_id, NULL, "P-0090", 1, 300, 245, 74);
  g_autofree char *over = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *r;

  /* € 12,34 of a € 500,00/kg product: 25 g, not priced again at € 12,50. */
  r = push_one (f, label, &root);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "accepted");
  g_assert_false (json_object_has_member (r, "review"));
  g_assert_cmpint (db_int (f, "SELECT total FROM hub_sales WHERE seq = 1"), ==, 1234);
  g_clear_pointer (&root, json_node_unref);

  /* 0,300 kg at € 2,45/kg: € 0,74; refunds of 0,100 kg: 25, 25, 24. */
  r = push_one (f, sale, &root);
  g_assert_false (json_object_has_member (r, "review"));
  g_clear_pointer (&root, json_node_unref);
  for (guint i = 0; i < G_N_ELEMENTS (refunds); i++)
    {
      g_autofree char *refund_id = g_uuid_string_random ();
      g_autofree char *refund = weighed_event (3 + i, refund_id, sale_id, "P-0090", 1, -100, 245, refunds[i]);

      r = push_one (f, refund, &root);
      g_test_message ("refund %u: %s", i, json_object_get_string_member_with_default (r, "review", ""));
      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "accepted");
      g_assert_false (json_object_has_member (r, "review"));
      g_clear_pointer (&root, json_node_unref);
    }
  g_assert_cmpint (db_int (f, "SELECT -sum (total) FROM hub_sales WHERE kind = 'refund'"), ==, 74);

  /* One more 0,100 kg: nothing was left, so the hub pays back nothing
   * and says why. */
  {
    g_autofree char *refund_id = g_uuid_string_random ();

    over = weighed_event (6, refund_id, sale_id, "P-0090", 1, -100, 245, -25);
  }
  r = push_one (f, over, &root);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "accepted");
  g_assert_nonnull (strstr (json_object_get_string_member (r, "review"), "left of the sale's line"));
  g_assert_cmpint (db_int (f, "SELECT total FROM hub_sales WHERE seq = 6"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT point_total FROM hub_sales WHERE seq = 6"), ==, -25);
  g_assert_cmpint (db_int (f, "SELECT -sum (total) FROM hub_sales WHERE kind = 'refund'"), ==, 74);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/hub/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
#define ADD_NOSERVER(path, fn) g_test_add ("/hub/" path, Fixture, GINT_TO_POINTER (1), fixture_set_up, fn, fixture_tear_down)
  ADD ("health", test_health);
  ADD ("me", test_me);
  ADD ("events/duplicate", test_events_duplicate);
  ADD ("events/flagged", test_events_flagged);
  ADD ("events/gap", test_events_gap);
  ADD ("events/rejected", test_events_rejected);
  ADD ("bad-input", test_bad_input);
  ADD ("changes/paging", test_changes_paging);
  ADD ("catalog/import", test_catalog_import);
  ADD ("demo/load", test_demo_load);
  ADD ("revoke", test_revoke);
  ADD ("sigterm-in-flight", test_sigterm_in_flight);
  ADD_NOSERVER ("request-timeout", test_request_timeout);
  ADD_NOSERVER ("tls", test_tls);
  ADD ("codec/golden-events", test_codec_golden_events);
  ADD_NOSERVER ("codec/golden-changes", test_codec_golden_changes);
  ADD ("events/unknown-huge-number", test_unknown_huge_number);
  ADD ("events/huge-quantities", test_huge_quantities);
  ADD ("events/long-texts", test_long_texts);
  ADD ("events/sale-member-card", test_sale_member_card);
  ADD ("events/seq-bound", test_seq_bound);
  ADD_NOSERVER ("settings/break-products", test_settings_break_products);
  ADD_NOSERVER ("catalog/codes-unique", test_catalog_codes_unique);
  ADD ("members/volume-window", test_volume_window);
  ADD ("events/weighed-figures", test_weighed_figures);
#undef ADD
#undef ADD_NOSERVER

  return g_test_run ();
}
