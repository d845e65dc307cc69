/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <json-glib/json-glib.h>

#include "dis-store-private.h"
#include "store-test-util.h"
#include "store-test-fixture.h"

/* The store's day: opening, sales, refunds and closing with their
 * ledger; refund limits; a long sale; the demo data. */

/* ---- Day --------------------------------------------------------------- */

static void
test_day (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) report = NULL;
  g_autoptr(DisDayReport) closed = NULL;
  g_autoptr(DisOperator) bruno = NULL;
  g_autoptr(DisSale) a = NULL, b = NULL, c = NULL, refund = NULL, late = NULL, loaded = NULL;
  g_autoptr(GArray) vat_a = NULL;
  gint64 quantities[1] = { 1000 };
  gint64 vat_gross = 0;

  fixture_manager (f);
  bruno = dis_store_create_operator (f->store, f->manager, "Bruno", "1111", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);

  /* No day open: no sale. */
  g_assert_null (dis_store_get_open_day (f->store, &error));
  g_assert_no_error (error);
  {
    gint64 ids[] = { f->ids[TEST_CAFFE] };
    gint64 qty[] = { 1000 };

    late = test_make_sale (f->store, DIS_TIER_EQUA, ids, qty, 1);
    g_assert_false (dis_store_commit_sale (f->store, late, bruno, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_DAY_CLOSED);
    g_assert_null (late->id);
    g_clear_error (&error);
  }

  open_day (f, 5000);
  g_assert_null (dis_store_open_day (f->store, f->manager, 100, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  /* A: 2 × caffè at Equa (900), cash, tendered 2000 → change 1100. */
  a = commit (f, bruno, DIS_TIER_EQUA, f->ids[TEST_CAFFE], 2000, 900, 2000);
  g_assert_cmpint (a->total, ==, 900);
  g_assert_cmpint (a->change_due, ==, 1100);
  g_assert_cmpstr (a->receipt_no, ==, "TO-TEST-C1-000001");
  g_assert_cmpstr (a->point_code, ==, "TO-TEST");
  g_assert_cmpstr (a->operator_name, ==, "Bruno");
  /* B: 3 × passata at Solidale (265 each = 795), card. */
  b = commit (f, bruno, DIS_TIER_SOLIDALE, f->ids[TEST_PASSATA], 3000, 0, 0);
  g_assert_cmpint (b->total, ==, 795);
  g_assert_cmpint (b->tier_delta, ==, 105);
  /* C: 1.5 l of olive oil at Accessibile (938 × 1.5 = 1407), 500 cash + card. */
  c = commit (f, bruno, DIS_TIER_ACCESSIBILE, f->ids[TEST_OLIO], 1500, 500, 500);
  g_assert_cmpint (c->total, ==, 1407);
  g_assert_cmpint (c->tier_delta, ==, 1407 - 1875);
  g_assert_cmpstr (c->receipt_no, ==, "TO-TEST-C1-000003");

  /* A volunteer cannot refund; a responsabile refunds 1 caffè in cash. */
  loaded = dis_store_load_sale (f->store, a->receipt_no, &error);
  g_assert_no_error (error);
  refund = dis_sale_new_refund (loaded, quantities, 1, &error);
  g_assert_no_error (error);
  dis_sale_add_payment (refund, DIS_PAYMENT_CASH, refund->total);
  g_assert_false (dis_store_commit_sale (f->store, refund, bruno, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (refund->id);
  g_assert_true (dis_store_commit_sale (f->store, refund, f->manager, &error));
  g_assert_no_error (error);
  g_assert_cmpint (refund->total, ==, -450);
  g_assert_cmpstr (refund->refund_of_receipt_no, ==, a->receipt_no);

  report = dis_store_get_open_day (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->n_sales, ==, 3);
  g_assert_cmpint (report->n_refunds, ==, 1);
  g_assert_cmpint (report->cash_sales, ==, 900 + 500);
  g_assert_cmpint (report->cash_refunds, ==, 450);
  g_assert_cmpint (report->expected_cash, ==, 5000 + 1400 - 450);
  g_assert_cmpint (report->gross, ==, 900 + 795 + 1407 - 450);
  g_assert_cmpint (report->by_payment[DIS_PAYMENT_CASH], ==, 1400 - 450);
  g_assert_cmpint (report->by_payment[DIS_PAYMENT_CARD], ==, 795 + 907);
  g_assert_cmpint (report->by_payment[DIS_PAYMENT_OTHER], ==, 0);
  g_assert_cmpint (report->by_tier[DIS_TIER_EQUA].n_sales, ==, 1);
  g_assert_cmpint (report->by_tier[DIS_TIER_EQUA].gross, ==, 450);
  g_assert_cmpint (report->by_tier[DIS_TIER_EQUA].tier_delta, ==, 0);
  g_assert_cmpint (report->by_tier[DIS_TIER_SOLIDALE].gross, ==, 795);
  g_assert_cmpint (report->by_tier[DIS_TIER_SOLIDALE].tier_delta, ==, 105);
  g_assert_cmpint (report->by_tier[DIS_TIER_ACCESSIBILE].tier_delta, ==, -468);
  g_assert_cmpint (report->by_tier[DIS_TIER_IMPEGNO].n_sales, ==, 0);
  g_assert_false (report->has_counted);
  g_assert_null (report->closed_at);
  g_assert_cmpstr (report->opened_by, ==, "Anna");
  g_assert_cmpint (report->pending_events, ==, 4);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 4);

  /* VAT rows: 22 % is the caffè net of its refund, 4 % the rest. */
  g_assert_cmpuint (report->by_vat->len, ==, 2);
  g_assert_cmpuint (g_array_index (report->by_vat, DisVatRow, 0).vat_rate, ==, 4);
  g_assert_cmpint (g_array_index (report->by_vat, DisVatRow, 0).gross, ==, 795 + 1407);
  g_assert_cmpint (g_array_index (report->by_vat, DisVatRow, 0).net, ==, dis_vat_net (2202, 4));
  g_assert_cmpuint (g_array_index (report->by_vat, DisVatRow, 1).vat_rate, ==, 22);
  g_assert_cmpint (g_array_index (report->by_vat, DisVatRow, 1).gross, ==, 450);
  g_assert_cmpint (g_array_index (report->by_vat, DisVatRow, 1).net, ==, 369);
  g_assert_cmpint (g_array_index (report->by_vat, DisVatRow, 1).vat, ==, 81);
  for (guint i = 0; i < report->by_vat->len; i++)
    vat_gross += g_array_index (report->by_vat, DisVatRow, i).gross;
  g_assert_cmpint (vat_gross, ==, report->gross);
  /* Same rule as a sale's breakdown. */
  vat_a = dis_sale_vat_breakdown (a);
  g_assert_cmpint (g_array_index (vat_a, DisVatRow, 0).net, ==, dis_vat_net (900, 22));

  {
    g_autoptr(GPtrArray) today = dis_store_list_sales_today (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (today->len, ==, 3);
    g_assert_cmpstr (((DisSale *) g_ptr_array_index (today, 0))->id, ==, c->id);
  }

  /* Closing: volunteers may not; counted 6000 vs expected 5950. */
  g_assert_null (dis_store_close_day (f->store, bruno, 6000, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  closed = dis_store_close_day (f->store, f->manager, 6000, &error);
  g_assert_no_error (error);
  g_assert_true (closed->has_counted);
  g_assert_cmpint (closed->counted_cash, ==, 6000);
  g_assert_cmpint (closed->expected_cash, ==, 5950);
  g_assert_cmpint (closed->difference, ==, 50);
  g_assert_nonnull (closed->closed_at);
  g_assert_cmpstr (closed->closed_by, ==, "Anna");
  g_assert_cmpint (closed->gross, ==, report->gross);

  /* Frozen. */
  g_clear_object (&late);
  {
    gint64 ids[] = { f->ids[TEST_CAFFE] };
    gint64 qty[] = { 1000 };

    late = test_make_sale (f->store, DIS_TIER_EQUA, ids, qty, 1);
  }
  g_assert_false (dis_store_commit_sale (f->store, late, f->manager, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_DAY_CLOSED);
  g_assert_null (late->id);
  g_clear_error (&error);
  g_assert_null (dis_store_close_day (f->store, f->manager, 0, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_DAY_CLOSED);
  g_clear_error (&error);
  g_assert_null (dis_store_get_open_day (f->store, &error));
  g_assert_no_error (error);

  {
    g_autoptr(DisDayReport) again = dis_store_get_day_report (f->store, closed->day_id, &error);
    sqlite3 *db = test_db_open (f->path);

    g_assert_no_error (error);
    g_assert_cmpint (again->difference, ==, 50);
    /* Even raw SQL cannot change a closed day. */
    g_assert_cmpint (sqlite3_exec (db, "UPDATE days SET counted_cash = 1", NULL, NULL, NULL), !=, SQLITE_OK);
    test_db_check_ledger (db);
    sqlite3_close (db);
  }
}

/* ---- Refund limits ----------------------------------------------------- */

static void
test_refund_limits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSale) sale = NULL, stale = NULL, fresh = NULL;
  g_autoptr(DisSale) first = NULL, second = NULL, third = NULL;
  gint64 ids[] = { f->ids[TEST_PASSATA], f->ids[TEST_MELE] };
  gint64 qty[] = { 3000, 500 };
  gint64 refund_two[] = { 2000, 0 };
  gint64 refund_rest[] = { 1000, 500 };

  open_day (f, 0);
  sale = test_make_sale (f->store, DIS_TIER_IMPEGNO, ids, qty, 2);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_get_stock (f->store, f->ids[TEST_PASSATA], NULL), ==, -3000);
  g_assert_cmpint (dis_store_get_stock (f->store, f->ids[TEST_MELE], NULL), ==, -500);

  stale = dis_store_load_sale (f->store, sale->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (stale->lines, 0))->refunded_quantity, ==, 0);

  /* Partial refund. */
  first = dis_sale_new_refund (stale, refund_two, 2, &error);
  g_assert_no_error (error);
  dis_sale_add_payment (first, DIS_PAYMENT_CASH, first->total);
  g_assert_true (dis_store_commit_sale (f->store, first, f->manager, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_get_stock (f->store, f->ids[TEST_PASSATA], NULL), ==, -1000);

  fresh = dis_store_load_sale (f->store, sale->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (fresh->lines, 0))->refunded_quantity, ==, 2000);
  g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (fresh->lines, 1))->refunded_quantity, ==, 0);

  /* The stale copy still believes 3 are refundable: the store says no. */
  second = dis_sale_new_refund (stale, refund_two, 2, &error);
  g_assert_no_error (error);
  dis_sale_add_payment (second, DIS_PAYMENT_CASH, second->total);
  g_assert_false (dis_store_commit_sale (f->store, second, f->manager, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT);
  g_clear_error (&error);
  g_assert_null (second->id);
  g_assert_null (second->receipt_no);
  g_assert_cmpint (dis_store_get_stock (f->store, f->ids[TEST_PASSATA], NULL), ==, -1000);

  /* The rest is fine, and the stock comes back entirely. */
  third = dis_sale_new_refund (fresh, refund_rest, 2, &error);
  g_assert_no_error (error);
  dis_sale_add_payment (third, DIS_PAYMENT_CARD, third->total);
  g_assert_true (dis_store_commit_sale (f->store, third, f->manager, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_get_stock (f->store, f->ids[TEST_PASSATA], NULL), ==, 0);
  g_assert_cmpint (dis_store_get_stock (f->store, f->ids[TEST_MELE], NULL), ==, 0);
  g_assert_cmpstr (third->receipt_no, ==, "TO-TEST-C1-000003");

  /* A refund cannot be committed twice. */
  g_assert_false (dis_store_commit_sale (f->store, third, f->manager, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr(DisSale) last = dis_store_get_last_sale (f->store, &error);
    sqlite3 *db = test_db_open (f->path);

    g_assert_no_error (error);
    g_assert_cmpstr (last->id, ==, third->id);
    g_assert_cmpstr (last->refund_of, ==, sale->id);
    g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sales"), ==, 3);
    test_db_check_ledger (db);
    sqlite3_close (db);
  }
}

/* ---- Demo -------------------------------------------------------------- */

static void
test_demo (void)
{
  const char *demo = g_getenv ("DIS_DEMO_DIR");
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(GPtrArray) found = NULL;
  DisEligibilityRules rules;
  DisStore *store;
  sqlite3 *db;
  gint64 n_products;

  if (demo == NULL || !g_file_test (demo, G_FILE_TEST_IS_DIR))
    demo = DEMO_DIR_SOURCE;

  store = dis_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (dis_demo_load (store, demo, "TO-CEN", &error));
  g_assert_no_error (error);

  db = test_db_open (path);
  n_products = test_db_int (db, "SELECT count(*) FROM products");
  g_assert_cmpint (n_products, >, 100);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM products WHERE kind = 'own'"), >, 0);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM points"), >, 10);

  /* Idempotent. */
  g_assert_true (dis_demo_load (store, demo, "TO-CEN", &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM products"), ==, n_products);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM products_fts"), ==, n_products);
  sqlite3_close (db);

  identity = dis_store_get_identity (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->point_code, ==, "TO-CEN");
  g_assert_cmpstr (identity->device_id, ==, "C1");
  g_assert_nonnull (identity->point_name);
  g_assert_true (dis_store_get_eligibility_rules (store, &rules, &error));
  g_assert_cmpint (rules.impegno_volume_cents, ==, 15000);

  found = dis_store_search_products (store, "spaghetti", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 1);

  g_assert_false (dis_demo_load (store, demo, "XX-NONE", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);

  g_assert_finalize_object (store);
  test_tmpdir_remove (dir);
}

/* A long sale of repeated weighed lines, with a name JSON must escape:
 * the lines, their ledger and levels, and the hub's payload agree. */
static void
test_long_sale (Fixture       *f,
                gconstpointer  data)
{
  static const char odd_name[] = "Toma \"d'alpe\" \\ 1/2\tforma\nstagionata è \x01";
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sql = NULL;
  g_autofree char *payload = NULL;
  DisProductRecord record = {
    .code = "R-TOMA", .name = (char *) odd_name, .kind = DIS_PRODUCT_BASKET,
    .unit = DIS_UNIT_KG, .vat_rate = 4, .supplier_code = "CB",
    .category = "Formaggi", .equa_cents = 1800,
  };
  gint64 ids[20], qty[20], toma, toma_total = 0, mele_total = 0;
  JsonObject *root;
  JsonArray *lines;
  sqlite3_stmt *stmt;
  sqlite3 *db;

  toma = dis_store_upsert_product (f->store, &record, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ids[i] = i % 3 == 0 ? f->ids[TEST_MELE] : toma;
      qty[i] = 100 + 7 * i;
      if (ids[i] == toma)
        toma_total += qty[i];
      else
        mele_total += qty[i];
    }

  open_day (f, 0);
  sale = test_make_sale (f->store, DIS_TIER_EQUA, ids, qty, G_N_ELEMENTS (ids));
  g_assert_cmpuint (sale->lines->len, ==, G_N_ELEMENTS (ids));
  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_get_stock (f->store, toma, NULL), ==, -toma_total);
  g_assert_cmpint (dis_store_get_stock (f->store, f->ids[TEST_MELE], NULL), ==, -mele_total);

  db = test_db_open (f->path);
  sql = g_strdup_printf ("SELECT count(*) FROM stock_movements m JOIN sale_lines l ON l.id = m.sale_line_id"
                         " WHERE l.sale_id = '%s' AND m.kind = 'sale' AND m.qty = -l.quantity"
                         " AND m.product_id = l.product_id", sale->id);
  g_assert_cmpint (test_db_int (db, sql), ==, G_N_ELEMENTS (ids));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM sale_lines WHERE sale_id = '%s'"
                         " AND line_no BETWEEN 1 AND %u", sale->id, (guint) G_N_ELEMENTS (ids));
  g_assert_cmpint (test_db_int (db, sql), ==, G_N_ELEMENTS (ids));
  test_db_check_ledger (db);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT payload FROM outbox WHERE sale_id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, sale->id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  payload = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "receipt_no"), ==, sale->receipt_no);
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, sale->total);
  g_assert_true (json_object_get_null_member (root, "member_card"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "operator"), "name"),
                   ==, "Anna");
  lines = json_object_get_array_member (root, "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      g_assert_cmpint (json_object_get_int_member (line, "line_no"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (line, "quantity"), ==, qty[i]);
      g_assert_cmpstr (json_object_get_string_member (line, "product_code"), ==,
                       ids[i] == toma ? "R-TOMA" : "B-MELE");
      if (ids[i] == toma)
        g_assert_cmpstr (json_object_get_string_member (line, "product_name"), ==, odd_name);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "payments")), ==, 1);
}

void
store_add_day_tests (void)
{
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/day", test_day);
  ADD ("/store/refund-limits", test_refund_limits);
  ADD ("/store/long-sale", test_long_sale);
  g_test_add_func ("/store/demo", test_demo);
#undef ADD
}
