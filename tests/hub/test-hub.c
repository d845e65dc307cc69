/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "dis-test-hub.h"
#include "dis-test-util.h"

#include "hub-test-fixture.h"

/* Integration tests against a real disotto-hub on 127.0.0.1: health and
 * identity, event batches, bad input, change paging, catalog import,
 * revocation, the server's life (SIGTERM, timeouts, TLS). The codec and
 * hostile events are in test-hub-codec.c, the data rules of issue 9 in
 * test-hub-rules.c. */

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
  g_assert_cmpint (db_int (f, "SELECT coalesce (sum (total), 0) FROM hub_sales"), ==, 426 + 278);
  g_assert_cmpint (db_int (f, "SELECT coalesce (sum (tier_delta), 0) FROM hub_sale_lines"), ==, 56);

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

/* Events that come after later ones of their device fill the gap those
 * left: at its ends, in its middle (the gap splits in two), and whole. */
static void
test_events_gap_filled (Fixture *f, gconstpointer data)
{
  const gint64 order[] = { 1, 6, 2, 4, 5, 3 };
  const char *gaps_after[] = { "", "2-5", "3-5", "3-3 5-5", "3-3", "" };
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *event = sale_event ("TO-CEN", order[i], "equa", 1000, 185, 0);
      g_autoptr(JsonNode) reply = push (f, f->token, event, &status);
      g_autoptr(GString) gaps = g_string_new (NULL);
      gint64 n = db_int (f, "SELECT count(*) FROM gaps");

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "accepted");
      for (gint64 k = 0; k < n; k++)
        {
          g_autofree char *from = g_strdup_printf ("SELECT from_seq FROM gaps ORDER BY from_seq LIMIT 1 OFFSET %"
                                                   G_GINT64_FORMAT, k);
          g_autofree char *to = g_strdup_printf ("SELECT to_seq FROM gaps ORDER BY from_seq LIMIT 1 OFFSET %"
                                                 G_GINT64_FORMAT, k);

          g_string_append_printf (gaps, "%s%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, k > 0 ? " " : "",
                                  db_int (f, from), db_int (f, to));
        }
      g_assert_cmpstr (gaps->str, ==, gaps_after[i]);
    }
  g_assert_cmpint (db_int (f, "SELECT last_seq FROM devices WHERE point_code = 'TO-CEN'"), ==, 6);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales"), ==, 6);
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

  unknown = g_strdup_printf ("{\"id\":\"%s\",\"seq\":1,\"type\":\"stock.teleported\",\"at\":\"2024-05-02T10:00:00Z\",\"payload\":{}}",
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
  ADD ("events/gap-filled", test_events_gap_filled);
  ADD ("events/rejected", test_events_rejected);
  ADD ("bad-input", test_bad_input);
  ADD ("changes/paging", test_changes_paging);
  ADD ("catalog/import", test_catalog_import);
  ADD ("demo/load", test_demo_load);
  ADD ("revoke", test_revoke);
  ADD ("sigterm-in-flight", test_sigterm_in_flight);
  ADD_NOSERVER ("request-timeout", test_request_timeout);
  ADD_NOSERVER ("tls", test_tls);
#undef ADD
#undef ADD_NOSERVER
  hub_add_codec_tests ();
  hub_add_rules_tests ();
  hub_add_prices_tests ();
  hub_add_checks_tests ();

  return g_test_run ();
}
