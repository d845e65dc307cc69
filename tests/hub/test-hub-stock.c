/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dis-core.h"
#include "dis-store-private.h"
#include "dis-sync.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "hub-test-fixture.h"
#include "../store/store-test-util.h"

/* Stock at the hub (issue 11): stock events applied exactly once, the
 * snapshot published once per batch, hostile payloads refused with a
 * code, transfers and restock orders, the admin's restock commands, and
 * completeness and availability from a real hub after two real points
 * synced through their sync clients. */

#define AT "2026-12-05T09:00:00+01:00"

static gint64 next_seq = 1;

/* An event of @type around @payload; its id in *@out_id when asked. */
static char *
event (const char  *type,
       const char  *payload,
       char       **out_id)
{
  g_autofree char *id = g_uuid_string_random ();
  char *text = g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"%s\",\"at\":\"%s\","
                                "\"payload\":%s}", id, next_seq++, type, AT, payload);

  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return text;
}

/* A stock.moved of one movement. */
static char *
moved (const char *product,
       const char *kind,
       gint64      qty)
{
  g_autofree char *payload = g_strdup_printf ("{\"movements\":[{\"product\":\"%s\",\"kind\":\"%s\",\"qty\":%"
                                              G_GINT64_FORMAT ",\"at\":\"%s\"}]}", product, kind, qty, AT);

  return event ("stock.moved", payload, NULL);
}

static const char *
status_at (JsonNode *reply,
           guint     index)
{
  return json_object_get_string_member (result_at (reply, index), "status");
}

static void
assert_rejected (JsonNode   *reply,
                 guint       index,
                 const char *code)
{
  JsonObject *result = result_at (reply, index);

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
}

/* One push, which must be answered 200. */
static JsonNode *
push_ok (Fixture    *f,
         const char *token,
         const char *events_csv)
{
  guint status = 0;
  JsonNode *reply = push (f, token, events_csv, &status);

  g_assert_cmpuint (status, ==, 200);
  return reply;
}

static gint64
level (Fixture    *f,
       const char *point,
       const char *product)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce ((SELECT qty FROM point_stock WHERE point_code = '%s'"
                                          " AND product_code = ?1), 0)", point);

  return dis_test_hub_int (f->hub, sql, product);
}

/* The levels of @point's snapshot in the feed, as "CODE=QTY,…". */
static char *
snapshot_levels (Fixture    *f,
                 const char *point)
{
  g_autofree char *data = db_text (f, "SELECT data FROM changes WHERE kind = 'stock_snapshot' AND key = ?1", point);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *levels;

  g_assert_nonnull (data);
  json_parser_load_from_data (parser, data, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "point"), ==, point);
  g_assert_nonnull (json_object_get_string_member (object, "at"));
  levels = json_object_get_array_member (object, "levels");
  for (guint i = 0; i < json_array_get_length (levels); i++)
    {
      JsonArray *pair = json_array_get_array_element (levels, i);

      g_string_append_printf (out, "%s%s=%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              json_array_get_string_element (pair, 0), json_array_get_int_element (pair, 1));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Movements of three events, the same event twice in a batch and again
 * in a later one, a sale: every level the sum of what was applied once,
 * and one snapshot per batch, replacing the one before. */
static void
test_moved_once (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *first = event ("stock.moved",
                                  "{\"movements\":["
                                  "{\"product\":\"P-0001\",\"kind\":\"receive\",\"qty\":5000,\"at\":\"" AT "\","
                                  "\"document\":\"DDT 2026/118\"},"
                                  "{\"product\":\"P-0001\",\"kind\":\"waste\",\"qty\":-1000,\"at\":\"" AT "\","
                                  "\"reason\":\"broken\"},"
                                  "{\"product\":\"P-0002\",\"kind\":\"receive\",\"qty\":2000,\"at\":\"" AT "\"}]}",
                                  &id);
  g_autofree char *twice = g_strdup_printf ("%s,%s", first, first);
  g_autofree char *levels = NULL;
  g_autofree char *second = moved ("P-0003", "adjust", 500);
  g_autofree char *third = moved ("P-0001", "receive", 1000);
  g_autofree char *sale = sale_event ("TO-CEN", next_seq++, "equa", 2000, 185, 0);
  g_autofree char *batch = g_strdup_printf ("%s,%s,%s", second, third, sale);
  g_autoptr(JsonNode) reply = NULL;
  gint64 seq, n_changes;

  reply = push_ok (f, f->token, twice);
  g_assert_cmpstr (status_at (reply, 0), ==, "accepted");
  g_assert_cmpstr (status_at (reply, 1), ==, "duplicate");
  g_assert_cmpint (level (f, "TO-CEN", "P-0001"), ==, 4000);
  g_assert_cmpint (level (f, "TO-CEN", "P-0002"), ==, 2000);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_stock_movements"), ==, 3);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count (*) FROM hub_stock_movements WHERE event_id = ?1"
                                             " AND document = 'DDT 2026/118' AND kind = 'receive'", id), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'stock_snapshot'"), ==, 1);
  levels = snapshot_levels (f, "TO-CEN");
  g_assert_cmpstr (levels, ==, "P-0001=4000,P-0002=2000");
  seq = db_int (f, "SELECT seq FROM changes WHERE kind = 'stock_snapshot'");

  /* Again: a duplicate, which moves nothing and publishes nothing. */
  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, f->token, first);
  g_assert_cmpstr (status_at (reply, 0), ==, "duplicate");
  g_assert_cmpint (level (f, "TO-CEN", "P-0001"), ==, 4000);
  g_assert_cmpint (db_int (f, "SELECT max (seq) FROM changes"), ==, seq);

  /* Three events that move stock, a sale among them: one snapshot. */
  n_changes = db_int (f, "SELECT count (*) FROM changes");
  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, f->token, batch);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (status_at (reply, i), ==, "accepted");
  g_assert_cmpint (level (f, "TO-CEN", "P-0001"), ==, 3000);
  g_assert_cmpint (level (f, "TO-CEN", "P-0003"), ==, 500);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_stock_movements WHERE kind = 'sale' AND qty = -2000"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'stock_snapshot'"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes"), ==, n_changes);
  g_assert_cmpint (db_int (f, "SELECT seq FROM changes WHERE kind = 'stock_snapshot'"), ==, seq + 1);
  g_clear_pointer (&levels, g_free);
  levels = snapshot_levels (f, "TO-CEN");
  g_assert_cmpstr (levels, ==, "P-0001=3000,P-0002=2000,P-0003=500");

  /* Every level is the sum of its movements. */
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM point_stock s WHERE qty <> (SELECT sum (m.qty)"
                              " FROM hub_stock_movements m WHERE m.point_code = s.point_code"
                              " AND m.product_code = s.product_code)"), ==, 0);
}

/* Hostile stock events: each refused with its code, nothing of it kept,
 * the batch answered 200 and the rest of it applied. */
/* Sales keep the levels they move in memory until the batch ends
 * (dis_hub_stock_sales_flush ()): a stock event between them must see,
 * and keep, what they did, and they what it did. */
static void
test_sales_between_moves (Fixture *f, gconstpointer data)
{
  g_autofree char *receive = moved ("P-0001", "receive", 10000);
  g_autofree char *sale1 = sale_event ("TO-CEN", next_seq++, "equa", 2000, 185, 0);
  g_autofree char *more = moved ("P-0001", "receive", 1000);
  g_autofree char *sale2 = sale_event ("TO-CEN", next_seq++, "equa", 3000, 185, 0);
  g_autofree char *waste = moved ("P-0001", "waste", -500);
  g_autofree char *sale3 = sale_event ("TO-CEN", next_seq++, "equa", 1000, 185, 0);
  g_autofree char *batch = g_strdup_printf ("%s,%s,%s,%s,%s,%s", receive, sale1, more, sale2, waste, sale3);
  g_autofree char *sale4 = sale_event ("TO-CEN", next_seq++, "equa", 1000, 185, 0);
  g_autofree char *sale5 = sale_event ("TO-CEN", next_seq++, "equa", 1500, 185, 0);
  g_autofree char *sales = g_strdup_printf ("%s,%s", sale4, sale5);
  g_autofree char *levels = NULL;
  g_autoptr(JsonNode) reply = NULL;

  reply = push_ok (f, f->token, batch);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (status_at (reply, i), ==, "accepted");
  g_assert_cmpint (level (f, "TO-CEN", "P-0001"), ==, 10000 - 2000 + 1000 - 3000 - 500 - 1000);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_stock_movements"), ==, 6);
  levels = snapshot_levels (f, "TO-CEN");
  g_assert_cmpstr (levels, ==, "P-0001=4500");

  /* Sales alone: the level read once, moved twice, written once. */
  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, f->token, sales);
  g_assert_cmpstr (status_at (reply, 0), ==, "accepted");
  g_assert_cmpstr (status_at (reply, 1), ==, "accepted");
  g_assert_cmpint (level (f, "TO-CEN", "P-0001"), ==, 2000);
  g_clear_pointer (&levels, g_free);
  levels = snapshot_levels (f, "TO-CEN");
  g_assert_cmpstr (levels, ==, "P-0001=2000");

  /* Every level is the sum of its movements. */
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM point_stock s WHERE qty <> (SELECT sum (m.qty)"
                              " FROM hub_stock_movements m WHERE m.point_code = s.point_code"
                              " AND m.product_code = s.product_code)"), ==, 0);
}

static void
test_hostile (Fixture *f, gconstpointer data)
{
  g_autofree char *unknown = moved ("P-9999", "receive", 1000);
  g_autofree char *zero = moved ("P-0001", "receive", 0);
  g_autofree char *sale_kind = moved ("P-0001", "sale", -1000);
  g_autofree char *huge = moved ("P-0001", "receive", G_GINT64_CONSTANT (1000000001));
  g_autofree char *fine = moved ("P-0004", "receive", 3000);
  g_autofree char *batch = g_strdup_printf ("%s,%s,%s,%s,%s", unknown, zero, sale_kind, huge, fine);
  g_autofree char *bound = NULL;
  g_autofree char *past = moved ("P-0001", "receive", 1000);
  g_autofree char *self = event ("transfer.sent", "{\"id\":\"9a4f3c8e-4f0e-4a51-9d4a-3b1f6f0c2a11\",\"to\":\"TO-CEN\","
                                 "\"at\":\"" AT "\",\"lines\":[{\"product\":\"P-0001\",\"qty\":1000}]}", NULL);
  g_autofree char *nobody = event ("transfer.sent", "{\"id\":\"9a4f3c8e-4f0e-4a51-9d4a-3b1f6f0c2a12\",\"to\":\"XX-NONE\","
                                   "\"at\":\"" AT "\",\"lines\":[{\"product\":\"P-0001\",\"qty\":1000}]}", NULL);
  g_autofree char *unsent = event ("transfer.received", "{\"id\":\"9a4f3c8e-4f0e-4a51-9d4a-3b1f6f0c2a13\","
                                   "\"at\":\"" AT "\",\"lines\":[{\"product\":\"P-0001\",\"qty\":1000}]}", NULL);
  g_autofree char *supplier = event ("restock.order", "{\"id\":\"9a4f3c8e-4f0e-4a51-9d4a-3b1f6f0c2a14\","
                                     "\"supplier\":\"F-NONE\",\"state\":\"sent\",\"at\":\"" AT "\","
                                     "\"lines\":[{\"product\":\"P-0001\",\"ordered\":1000,\"received\":0}]}", NULL);
  g_autofree char *twice = event ("restock.order", "{\"id\":\"9a4f3c8e-4f0e-4a51-9d4a-3b1f6f0c2a15\","
                                  "\"supplier\":\"F-PAS\",\"state\":\"sent\",\"at\":\"" AT "\","
                                  "\"lines\":[{\"product\":\"P-0001\",\"ordered\":1000,\"received\":0},"
                                  "{\"product\":\"P-0001\",\"ordered\":2000,\"received\":0}]}", NULL);
  g_autofree char *transfers = g_strdup_printf ("%s,%s,%s,%s,%s", self, nobody, unsent, supplier, twice);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *message = NULL;
  gint64 n_events = db_int (f, "SELECT count (*) FROM events");

  reply = push_ok (f, f->token, batch);
  assert_rejected (reply, 0, "unknown_product");
  message = g_strdup (json_object_get_string_member (result_at (reply, 0), "message"));
  g_assert_true (g_str_has_prefix (message, "payload.movements[0].product"));
  assert_rejected (reply, 1, "invalid_payload");
  assert_rejected (reply, 2, "invalid_payload");
  assert_rejected (reply, 3, "invalid_payload");
  g_assert_cmpstr (status_at (reply, 4), ==, "accepted");
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM events"), ==, n_events + 1);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_stock_movements"), ==, 1);
  g_assert_cmpint (level (f, "TO-CEN", "P-0004"), ==, 3000);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM point_stock WHERE product_code <> 'P-0004'"), ==, 0);

  /* A level at its bound: the movement past it is refused whole. */
  bound = g_strdup_printf ("INSERT INTO point_stock VALUES ('TO-CEN', 'P-0001', %" G_GINT64_FORMAT ", 'x')",
                           G_GINT64_CONSTANT (1000000000000000) - 500);
  dis_test_hub_exec (f->hub, bound);
  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, f->token, past);
  assert_rejected (reply, 0, "level_out_of_range");
  g_assert_cmpint (level (f, "TO-CEN", "P-0001"), ==, G_GINT64_CONSTANT (1000000000000000) - 500);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_stock_movements"), ==, 1);

  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, f->token, transfers);
  assert_rejected (reply, 0, "same_point");
  assert_rejected (reply, 1, "unknown_point");
  assert_rejected (reply, 2, "unknown_transfer");
  assert_rejected (reply, 3, "unknown_supplier");
  assert_rejected (reply, 4, "invalid_payload");   /* the codec: each product once */
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_transfers"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_restock_orders"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind IN ('transfer', 'restock_order')"), ==, 0);
}

static void
assert_http_error (Fixture    *f,
                   const char *path,
                   const char *token,
                   guint       expected,
                   const char *code)
{
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = http (f, "GET", path, token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, expected);
  assert_error (root, code);
}

/* The read endpoints refuse what they do not understand, with a code. */
static void
test_queries_refused (Fixture *f, gconstpointer data)
{
  assert_http_error (f, "/api/v1/availability?product=P-0001", NULL, 401, "unauthorized");
  assert_http_error (f, "/api/v1/basket/completeness", "nope", 401, "unauthorized");
  assert_http_error (f, "/api/v1/availability", f->token, 400, "invalid_request");
  assert_http_error (f, "/api/v1/availability?product=", f->token, 400, "invalid_request");
  assert_http_error (f, "/api/v1/availability?product=..%2F%2Fx%20y", f->token, 400, "invalid_request");
  assert_http_error (f, "/api/v1/availability?product=P-0001&product=P-0002", f->token, 400, "invalid_request");
  assert_http_error (f, "/api/v1/availability?product=P-0001&x=1", f->token, 400, "invalid_request");
  assert_http_error (f, "/api/v1/availability?product=%FF%FE", f->token, 400, "invalid_request");
  assert_http_error (f, "/api/v1/availability?product=P-9999", f->token, 404, "unknown_product");
  assert_http_error (f, "/api/v1/basket/completeness?point=TO-CEN", f->token, 400, "invalid_request");
}

/* A transfer from TO-CEN to TO-SSA: the change tells TO-SSA; only TO-SSA
 * may receive it, once. */
static void
test_transfer (Fixture *f, gconstpointer data)
{
  g_autofree char *ssa = dis_test_hub_add_device (f->hub, "TO-SSA", "C1", FALSE);
  g_autofree char *sent = event ("transfer.sent", "{\"id\":\"5d7e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6\",\"to\":\"TO-SSA\","
                                 "\"at\":\"" AT "\",\"lines\":[{\"product\":\"P-0001\",\"qty\":3000},"
                                 "{\"product\":\"P-0002\",\"qty\":1000}]}", NULL);
  g_autofree char *received = NULL;
  g_autofree char *received_id = NULL;
  g_autofree char *again = event ("transfer.received", "{\"id\":\"5d7e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6\","
                                  "\"at\":\"" AT "\",\"lines\":[{\"product\":\"P-0001\",\"qty\":3000}]}", NULL);
  g_autofree char *change = NULL;
  g_autoptr(JsonNode) reply = NULL;

  received = event ("transfer.received", "{\"id\":\"5d7e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6\","
                    "\"at\":\"" AT "\",\"lines\":[{\"product\":\"P-0001\",\"qty\":2500},"
                    "{\"product\":\"P-0005\",\"qty\":1000}]}", &received_id);
  reply = push_ok (f, f->token, sent);
  g_assert_cmpstr (status_at (reply, 0), ==, "accepted");
  change = db_text (f, "SELECT data FROM changes WHERE kind = 'transfer' AND key = ?1",
                    "5d7e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6");
  g_assert_nonnull (strstr (change, "\"from\":\"TO-CEN\""));
  g_assert_nonnull (strstr (change, "\"to\":\"TO-SSA\""));
  g_assert_nonnull (strstr (change, "\"state\":\"sent\""));
  g_assert_nonnull (strstr (change, "{\"product\":\"P-0002\",\"qty\":1000}"));

  /* Only the receiving point receives. */
  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, f->token, received);
  assert_rejected (reply, 0, "wrong_point");

  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, ssa, received);
  g_assert_cmpstr (status_at (reply, 0), ==, "accepted");
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_transfers WHERE state = 'received'"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT received_qty FROM hub_transfer_lines WHERE product_code = 'P-0001'"), ==, 2500);
  g_assert_cmpint (db_int (f, "SELECT received_qty FROM hub_transfer_lines WHERE product_code = 'P-0002'"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT sent_qty FROM hub_transfer_lines WHERE product_code = 'P-0005'"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'transfer'"), ==, 2);
  g_clear_pointer (&change, g_free);
  change = db_text (f, "SELECT data FROM changes WHERE kind = 'transfer' ORDER BY seq DESC LIMIT 1", NULL);
  g_assert_nonnull (strstr (change, "\"state\":\"received\""));

  /* The same event again is a duplicate; another event receiving it is refused. */
  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, ssa, received);
  g_assert_cmpstr (status_at (reply, 0), ==, "duplicate");
  g_clear_pointer (&reply, json_node_unref);
  reply = push_ok (f, ssa, again);
  assert_rejected (reply, 0, "transfer_already_received");
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'transfer'"), ==, 2);
  /* Transfers move no level by themselves: the points' movements do. */
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM point_stock"), ==, 0);
}

#define ORDER_A "7c9e6679-7425-40de-944b-e07fc1f90ae7"
#define ORDER_B "16fd2706-8baf-433b-82eb-8c7fada847da"

static char *
restock (const char *id,
         const char *state,
         const char *at,
         gint64      received)
{
  g_autofree char *payload = g_strdup_printf ("{\"id\":\"%s\",\"supplier\":\"F-PAS\",\"state\":\"%s\",\"at\":\"%s\","
                                              "\"note\":\"consegna \\\"entro\\\" venerdì\","
                                              "\"lines\":[{\"product\":\"P-0001\",\"ordered\":12000,\"received\":%"
                                              G_GINT64_FORMAT "},{\"product\":\"P-0002\",\"ordered\":6000,"
                                              "\"received\":0}]}", id, state, at, received);

  return event ("restock.order", payload, NULL);
}

static char *
order_state (Fixture    *f,
             const char *id)
{
  return db_text (f, "SELECT state FROM hub_restock_orders WHERE id = ?1", id);
}

static void
push_one (Fixture    *f,
          const char *text,
          const char *expected)
{
  g_autoptr(JsonNode) reply = push_ok (f, f->token, text);

  g_assert_cmpstr (status_at (reply, 0), ==, expected);
}

/* Restock orders: the last by time, never backwards but to cancelled,
 * confirmed by the hub; listed, exported as CSV and PDF. */
static void
test_restock (Fixture *f, gconstpointer data)
{
  g_autofree char *sent = restock (ORDER_A, "sent", "2026-12-01T10:00:00+01:00", 0);
  g_autofree char *other = restock (ORDER_B, "sent", "2026-12-02T10:00:00+01:00", 0);
  g_autofree char *resent = restock (ORDER_A, "sent", "2026-12-02T11:00:00+01:00", 0);
  g_autofree char *partly = restock (ORDER_A, "partially_received", "2026-12-03T10:00:00Z", 5000);
  g_autofree char *older = restock (ORDER_A, "received", "2026-12-03T10:30:00+01:00", 12000);
  g_autofree char *cancel = restock (ORDER_A, "cancelled", "2026-12-04T10:00:00Z", 5000);
  g_autofree char *cancel_b = restock (ORDER_B, "cancelled", "2026-12-04T10:00:00Z", 0);
  g_autofree char *out = NULL, *err = NULL, *state = NULL, *csv = NULL, *pdf = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "orders.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "orders.pdf", NULL);
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  push_one (f, sent, "accepted");
  push_one (f, other, "accepted");

  /* Listed per supplier and state, newest first. */
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "list", "--supplier", "F-PAS", "--status", "sent", NULL), ==, 0);
  g_assert_nonnull (strstr (out, ORDER_B));
  g_assert_true (strstr (out, ORDER_B) < strstr (out, ORDER_A));
  g_assert_nonnull (strstr (out, "\"ordered\" : 12000"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "list", "--supplier", "F-RIS", NULL), ==, 0);
  g_assert_null (strstr (out, ORDER_A));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "list", "--status", "lost", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--status"));

  /* The hub confirms A; a later "sent" does not take it back. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "confirm", ORDER_A, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"confirmed\""));
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count (*) FROM changes WHERE kind = 'restock_order'"
                                             " AND key = ?1 AND data LIKE '%\"state\":\"confirmed\"%'"
                                             " AND data LIKE '%\"point\":\"TO-CEN\"%'", ORDER_A), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "confirm", ORDER_A, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "confirm", "not-a-uuid", NULL), ==, 1);
  push_one (f, resent, "accepted");
  state = order_state (f, ORDER_A);
  g_assert_cmpstr (state, ==, "confirmed");

  /* Partly received; a state from before that arrives late is history;
   * a cancellation after a delivery is refused as a move. */
  push_one (f, partly, "accepted");
  push_one (f, older, "accepted");
  push_one (f, cancel, "accepted");
  g_clear_pointer (&state, g_free);
  state = order_state (f, ORDER_A);
  g_assert_cmpstr (state, ==, "partially_received");
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT received FROM hub_restock_order_lines WHERE order_id = ?1"
                                             " AND product_code = 'P-0001'", ORDER_A), ==, 5000);

  /* The supplier's open orders, for it to read. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "export", "--supplier", "F-PAS", "--out", csv_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"orders\" : 2"));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "order,point,point_name,state,at,product,product_name,unit,"
                                        "ordered_milli,received_milli,to_deliver_milli,note\r\n"));
  g_assert_nonnull (strstr (csv, ORDER_A ",TO-CEN,\"Bottega DiSoTTo Centro\",partially_received,"
                                 "2026-12-03T10:00:00Z,P-0001,\"Spaghetti di grano duro bio 500 g\",piece,"
                                 "12000,5000,7000,\"consegna \"\"entro\"\" venerdì\"\r\n"));
  g_assert_nonnull (strstr (csv, ORDER_B ",TO-CEN,"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "export", "--supplier", "F-PAS", "--out", pdf_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));

  /* Cancelled orders are no longer open. */
  push_one (f, cancel_b, "accepted");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&csv, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "export", "--supplier", "F-PAS", "--out", csv_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"orders\" : 1"));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_null (strstr (csv, ORDER_B));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, &out, &err, "restock", "export", "--supplier", "F-PAS", "--out", "x.txt", NULL), ==, 1);
}

void hub_add_stock_sync_tests (void);

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/hub/stock/moved-once", Fixture, NULL, fixture_set_up, test_moved_once, fixture_tear_down);
  g_test_add ("/hub/stock/sales-between-moves", Fixture, NULL, fixture_set_up, test_sales_between_moves,
              fixture_tear_down);
  g_test_add ("/hub/stock/hostile", Fixture, NULL, fixture_set_up, test_hostile, fixture_tear_down);
  g_test_add ("/hub/stock/queries-refused", Fixture, NULL, fixture_set_up, test_queries_refused, fixture_tear_down);
  g_test_add ("/hub/stock/transfer", Fixture, NULL, fixture_set_up, test_transfer, fixture_tear_down);
  g_test_add ("/hub/stock/restock", Fixture, NULL, fixture_set_up, test_restock, fixture_tear_down);
  hub_add_stock_sync_tests ();
  return g_test_run ();
}
