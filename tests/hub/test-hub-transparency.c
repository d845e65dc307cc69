/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-transparency"

#include "config.h"

#include <string.h>

#include "dis-test-hub.h"

#include "transparency-test-fixture.h"

/* Issue 10 §3 against a real disotto-hub: GET /api/v1/transparency,
 * public, JSON and CSV, and the suppression of small cells. The big
 * networks are in test-hub-transparency-network.c, the query's rules in
 * test-hub-transparency-query.c; here, the figures of sales pushed
 * through /api/v1/events. */

/* A refund at Equa of @qty milli-units of the spaghetti of @refund_of. */
static char *
refund_event (gint64      seq,
              const char *refund_of,
              gint64      qty)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *sale_id = g_uuid_string_random ();
  gint64 lt = -(185 * qty + 500) / 1000;

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"sale.refunded\","
                          "\"at\":\"2024-05-03T10:00:00+02:00\",\"payload\":{"
                          "\"id\":\"%s\",\"receipt_no\":\"TO-CEN-C1-%06" G_GINT64_FORMAT "\",\"point\":\"TO-CEN\","
                          "\"device\":\"C1\",\"seq\":%" G_GINT64_FORMAT ",\"created_at\":\"2024-05-03T10:00:00+02:00\","
                          "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"member_card\":null,\"tier\":\"equa\","
                          "\"refund_of\":\"%s\",\"refund_of_receipt_no\":\"TO-CEN-C1-000001\",\"lines\":[{\"line_no\":1,"
                          "\"product_code\":\"P-0001\",\"product_name\":\"Spaghetti\",\"supplier_code\":\"F-PAS\","
                          "\"unit\":\"piece\",\"quantity\":%" G_GINT64_FORMAT ",\"unit_price\":185,"
                          "\"unit_price_equa\":185,\"line_total\":%" G_GINT64_FORMAT ",\"line_total_equa\":%" G_GINT64_FORMAT ","
                          "\"tier_delta\":0,\"vat_rate\":4}],"
                          "\"payments\":[{\"method\":\"card\",\"amount\":%" G_GINT64_FORMAT "}],\"n_lines\":1,"
                          "\"total\":%" G_GINT64_FORMAT ",\"total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":0,"
                          "\"cash_tendered\":0,\"change_due\":0}}",
                          id, seq, sale_id, seq, seq, refund_of, -qty, lt, lt, lt, lt, lt);
}

static JsonObject *
cell_of (JsonObject *row,
         guint       tier)
{
  return tier == TOTAL ? json_object_get_object_member (row, "total")
                       : json_array_get_object_element (json_object_get_array_member (row, "tiers"), tier);
}

/* The hub's own figures of @tier at TO-CEN, summed by SQL. */
static gint64
stored_sum (Fixture    *f,
            const char *column,
            const char *tier)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (sum (l.%s), 0) FROM hub_sale_lines l JOIN hub_sales s"
                                          " ON s.id = l.sale_id WHERE s.tier = ?1", column);

  return dis_test_hub_int (f->hub, sql, tier);
}

/* Sales and a refund pushed by a till: the refund is a negative sale of
 * its tier, the figures are the hub's, the small tiers are suppressed, the
 * setting stats.min_cell moves the threshold, and no token is needed. */
static void
test_pushed_sales (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) events = g_string_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sale_id = NULL;
  g_autofree char *refund = NULL;
  g_autofree char *name = NULL;
  JsonObject *doc, *point, *cell;
  guint status;

  for (gint64 seq = 1; seq <= 8; seq++)
    {
      g_autofree char *event = seq <= 6 ? sale_event ("TO-CEN", seq, "equa", 2000, 185, 0)
                                        : sale_event ("TO-CEN", seq, "solidale", 1000, 213, 0);

      g_string_append_printf (events, "%s%s", seq > 1 ? "," : "", event);
    }
  reply = push (f, f->token, events->str, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);
  sale_id = db_text (f, "SELECT id FROM hub_sales WHERE seq = 1", NULL);
  refund = refund_event (9, sale_id, 1000);
  reply = push (f, f->token, refund, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "accepted");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE kind = 'refund'"), ==, 1);

  root = document (f, "2024-05");
  doc = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "points")), ==, 1);
  point = json_array_get_object_element (json_object_get_array_member (doc, "points"), 0);
  g_assert_cmpstr (json_object_get_string_member (point, "code"), ==, "TO-CEN");
  name = db_text (f, "SELECT name FROM points WHERE code = 'TO-CEN'", NULL);
  g_assert_cmpstr (json_object_get_string_member (point, "name"), ==, name);

  /* Six sales less one refund: five, with 12 × € 1,85 less one € 1,85. */
  cell = cell_of (point, 2);
  g_assert_cmpstr (json_object_get_string_member (cell, "tier"), ==, "equa");
  g_assert_false (json_object_get_boolean_member (cell, "suppressed"));
  g_assert_cmpint (json_object_get_int_member (cell, "sales"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (cell, "gross_cents"), ==, 11 * 185);
  g_assert_cmpint (json_object_get_int_member (cell, "gross_cents"), ==, stored_sum (f, "line_total", "equa"));
  g_assert_cmpint (json_object_get_int_member (cell, "equa_cents"), ==, stored_sum (f, "line_total_equa", "equa"));
  g_assert_cmpint (json_object_get_int_member (cell, "delta_cents"), ==, 0);
  /* One point: the network's row is the point's. */
  g_assert_true (json_node_equal (json_object_get_member (json_object_get_object_member (doc, "network"), "tiers"),
                                  json_object_get_member (point, "tiers")));
  /* Two Solidale sales, and no sales at all, are too few; the total goes
   * with them, or it would give the Solidale cell away. */
  for (guint t = 0; t < N_COLUMNS; t++)
    if (t != 2)
      {
        g_assert_true (json_object_get_boolean_member (cell_of (point, t), "suppressed"));
        g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (cell_of (point, t), "gross_cents")));
      }
  assert_csv_matches (f, "2024-05", root);

  /* The fund's figures as CSV, one a line, as in the document: the two
   * Solidale sales are the whole inflow, carried on for lack of claims. */
  {
    JsonObject *fund = json_object_get_object_member (doc, "fund");
    g_autofree char *type = NULL;
    g_autofree char *text = get (f, "/api/v1/transparency?period=2024-05&format=fund-csv", &status, &type);
    g_autofree char *inflow = g_strdup_printf ("2024-05,inflow_cents,,%" G_GINT64_FORMAT "\r\n",
                                               json_object_get_int_member (fund, "inflow_cents"));
    g_autofree char *carried = g_strdup_printf ("2024-05,carried_out_cents,,%" G_GINT64_FORMAT "\r\n",
                                                json_object_get_int_member (fund, "carried_out_cents"));

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (type, ==, "text/csv; charset=utf-8");
    g_assert_true (g_str_has_prefix (text, "period,item,supplier,value\r\n"));
    g_assert_cmpint (json_object_get_int_member (fund, "inflow_cents"), ==, 2 * (213 - 185));
    g_assert_nonnull (strstr (text, inflow));
    g_assert_nonnull (strstr (text, carried));
  }

  /* The refund was made in May: nothing in April or June. */
  {
    g_autoptr(JsonNode) april = document (f, "2024-04");

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (april), "points")),
                      ==, 0);
  }

  /* With stats.min_cell = 2 the two Solidale sales are published. */
  g_assert_cmpint (run_hub (f, NULL, NULL, "settings", "set", "stats.min_cell", "0", NULL), ==, 1);
  g_assert_cmpint (run_hub (f, NULL, NULL, "settings", "set", "stats.min_cell", "1001", NULL), ==, 1);
  g_assert_cmpint (run_hub (f, NULL, NULL, "settings", "set", "stats.min_cell", "2", NULL), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = document (f, "2024-05");
  doc = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (doc, "min_cell"), ==, 2);
  point = json_array_get_object_element (json_object_get_array_member (doc, "points"), 0);
  cell = cell_of (point, 3);
  g_assert_false (json_object_get_boolean_member (cell, "suppressed"));
  g_assert_cmpint (json_object_get_int_member (cell, "sales"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (cell, "gross_cents"), ==, 2 * 213);
  g_assert_cmpint (json_object_get_int_member (cell, "delta_cents"), ==,
                   stored_sum (f, "line_total", "solidale") - stored_sum (f, "line_total_equa", "solidale"));
  /* The empty tiers are still under 2, so the total stays hidden. */
  g_assert_true (json_object_get_boolean_member (cell_of (point, 0), "suppressed"));
  g_assert_true (json_object_get_boolean_member (cell_of (point, TOTAL), "suppressed"));
}

/* A month with no sales: nothing to list, and the network's empty cells
 * are under the threshold like any other. */
static void
test_empty_period (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) root = document (f, "2031-02");
  JsonObject *doc = json_node_get_object (root);
  JsonObject *network = json_object_get_object_member (doc, "network");
  Table t = { 0 };

  g_assert_cmpstr (json_object_get_string_member (doc, "period"), ==, "2031-02");
  g_assert_false (json_object_get_boolean_member (doc, "closed"));
  /* Nothing came in, nothing is claimed. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (doc, "fund"), "inflow_cents"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "points")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (network, "tiers")), ==, N_TIERS);
  table_read (root, &t);
  for (guint c = 0; c < N_COLUMNS; c++)
    g_assert_true (t.suppressed[c]);
  table_clear (&t);
  assert_csv_matches (f, "2031-02", root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  transparency_add_network_tests ();
  g_test_add ("/hub-transparency/pushed-sales", Fixture, NULL, fixture_set_up, test_pushed_sales, fixture_tear_down);
  g_test_add ("/hub-transparency/empty-period", Fixture, NULL, fixture_set_up, test_empty_period, fixture_tear_down);
  transparency_add_query_tests ();
  return g_test_run ();
}
