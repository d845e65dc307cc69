/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>

#include "dis-codec.h"
#include "dis-store-sync.h"
#include "dis-test-util.h"
#include "store-test-util.h"

const char *test_eans[TEST_N_PRODUCTS] = {
  "8000000000019", "8001234567897", NULL, "4006381333931", NULL,
};

char *
test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("disotto-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_tmpdir_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        test_tmpdir_remove (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
add_product (DisStore    *store,
             const char  *code,
             const char  *name,
             DisProductKind kind,
             DisUnit      unit,
             guint        vat,
             const char  *ean,
             guint        plu,
             const char  *supplier,
             const char  *category,
             gint64       equa,
             gint64      *out_id)
{
  g_autoptr(GError) error = NULL;
  DisProductRecord record = {
    .code = (char *) code, .name = (char *) name, .kind = kind, .unit = unit,
    .vat_rate = vat, .ean = (char *) ean, .plu = plu, .supplier_code = (char *) supplier,
    .category = (char *) category, .equa_cents = equa,
  };

  *out_id = dis_store_upsert_product (store, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (*out_id, >, 0);
}

void
test_store_add_catalog (DisStore *store,
                        gint64    ids[TEST_N_PRODUCTS])
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_store_upsert_supplier (store, "LT", "Libera Terra", &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_upsert_supplier (store, "CB", "Cascina Bio", &error));
  g_assert_no_error (error);

  add_product (store, "B-CAFFE", "Caffè arabica 250 g", DIS_PRODUCT_BASKET, DIS_UNIT_PIECE, 22,
               test_eans[TEST_CAFFE], 0, "LT", "Bevande", 450, &ids[TEST_CAFFE]);
  add_product (store, "B-PASSATA", "Passata di pomodoro", DIS_PRODUCT_BASKET, DIS_UNIT_PIECE, 4,
               test_eans[TEST_PASSATA], 0, "LT", "Conserve", 230, &ids[TEST_PASSATA]);
  add_product (store, "B-MELE", "Mele Renetta", DIS_PRODUCT_BASKET, DIS_UNIT_KG, 4,
               NULL, 123, "CB", "Frutta", 1990, &ids[TEST_MELE]);
  add_product (store, "B-OLIO", "Olio extravergine", DIS_PRODUCT_BASKET, DIS_UNIT_L, 4,
               test_eans[TEST_OLIO], 0, "CB", "Condimenti", 1250, &ids[TEST_OLIO]);
  add_product (store, "O-PANE", "Pane di segale", DIS_PRODUCT_OWN, DIS_UNIT_KG, 4,
               NULL, 456, NULL, "Forno", 575, &ids[TEST_PANE]);
}

DisStore *
test_store_new (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(GError) error = NULL;
  DisStore *store;

  store = dis_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (dis_store_set_identity (store, "TO-TEST", "Bottega di prova", "C1", &error));
  g_assert_no_error (error);
  /* The buyer of test_make_sale () and test_random_sale () below Equa. */
  dis_test_add_eligible_member (path);
  return store;
}

DisOperator *
test_store_add_manager (DisStore *store)
{
  g_autoptr(GError) error = NULL;
  DisOperator *manager;

  manager = dis_store_create_operator (store, NULL, "Anna", "1234", DIS_ROLE_RESPONSABILE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manager);
  return manager;
}

void
test_set_buyer (DisSale *sale)
{
  if (sale->tier < DIS_TIER_EQUA)
    {
      g_free (sale->member_card);
      sale->member_card = g_strdup (DIS_TEST_ELIGIBLE_CARD);
    }
}

DisSale *
test_make_sale (DisStore     *store,
                DisTier       tier,
                const gint64 *product_ids,
                const gint64 *quantities,
                guint         n)
{
  g_autoptr(DisCart) cart = dis_cart_new ();
  DisSale *sale;

  dis_cart_set_tier (cart, tier);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DisProduct) product = dis_store_lookup_product (store, product_ids[i], &error);

      g_assert_no_error (error);
      dis_cart_add (cart, product, quantities[i],
                    dis_product_get_unit (product) != DIS_UNIT_PIECE);
    }
  sale = dis_sale_new_from_cart (cart);
  test_set_buyer (sale);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, sale->total);
  return sale;
}

void
test_store_apply_changes (DisStore   *store,
                          const char *page,
                          gint64      next)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = dis_codec_parse (page, -1, &error);

  g_assert_no_error (error);
  g_assert_true (dis_store_sync_apply_changes (store, json_node_get_array (root), next, &error));
  g_assert_no_error (error);
  /* Signals reach the store's context after the commit. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

sqlite3 *
test_db_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

gint64
test_db_int (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
expect_zero (sqlite3    *db,
             const char *what,
             const char *sql)
{
  gint64 n = test_db_int (db, sql);

  if (n != 0)
    g_error ("%s: %" G_GINT64_FORMAT " violations", what, n);
}

void
test_db_check_ledger (sqlite3 *db)
{
  expect_zero (db, "line totals add up to the sale total",
               "SELECT count(*) FROM sales s"
               " WHERE total <> (SELECT coalesce (sum (line_total), 0) FROM sale_lines WHERE sale_id = s.id)"
               " OR total_equa <> (SELECT coalesce (sum (line_total_equa), 0) FROM sale_lines WHERE sale_id = s.id)");
  expect_zero (db, "payments add up to the total",
               "SELECT count(*) FROM sales s"
               " WHERE total <> (SELECT coalesce (sum (amount), 0) FROM payments WHERE sale_id = s.id)");
  expect_zero (db, "tier delta is the sum of line deltas",
               "SELECT count(*) FROM sales s"
               " WHERE tier_delta <> (SELECT coalesce (sum (tier_delta), 0) FROM sale_lines WHERE sale_id = s.id)");
  expect_zero (db, "every sale is whole",
               "SELECT count(*) FROM sales s"
               " WHERE n_lines <> (SELECT count(*) FROM sale_lines WHERE sale_id = s.id)");
  expect_zero (db, "one stock movement per line, mirroring it",
               "SELECT count(*) FROM sale_lines l"
               " WHERE (SELECT count(*) FROM stock_movements m WHERE m.sale_line_id = l.id"
               "        AND m.qty = -l.quantity AND m.product_id = l.product_id) <> 1"
               " OR (SELECT count(*) FROM stock_movements m WHERE m.sale_line_id = l.id) <> 1");
  expect_zero (db, "no stray stock movements of sales",
               "SELECT count(*) FROM stock_movements WHERE kind IN ('sale', 'refund') AND sale_line_id IS NULL");
  expect_zero (db, "one outbox event per sale",
               "SELECT count(*) FROM sales s WHERE (SELECT count(*) FROM outbox WHERE sale_id = s.id) <> 1");
  expect_zero (db, "outbox payload matches the sale",
               "SELECT count(*) FROM outbox o JOIN sales s ON s.id = o.sale_id"
               " WHERE json_extract (o.payload, '$.total') <> s.total"
               " OR json_extract (o.payload, '$.receipt_no') <> s.receipt_no"
               " OR json_array_length (o.payload, '$.lines') <> s.n_lines"
               " OR o.type <> CASE WHEN s.refund_of IS NULL THEN 'sale.committed' ELSE 'sale.refunded' END");
  expect_zero (db, "receipt numbers are unique",
               "SELECT count(*) - count(DISTINCT receipt_no) FROM sales");
  expect_zero (db, "receipt sequence is gapless per device",
               "SELECT count(*) FROM (SELECT device_id FROM sales GROUP BY device_id"
               " HAVING min (seq) <> 1 OR max (seq) <> count(*) OR count(DISTINCT seq) <> count(*))");
  expect_zero (db, "receipt number is point-device-seq",
               "SELECT count(*) FROM sales"
               " WHERE receipt_no <> point_code || '-' || device_id || '-' || printf ('%06d', seq)");
  expect_zero (db, "event sequence is gapless",
               "SELECT count(*) > 0 AND (min (seq) <> 1 OR max (seq) <> count(*)) FROM outbox");
  expect_zero (db, "stock level is the sum of its movements",
               "SELECT count(*) FROM stock_levels st"
               " WHERE qty <> (SELECT sum (qty) FROM stock_movements WHERE product_id = st.product_id)");
  expect_zero (db, "refunds stay within what was sold",
               "SELECT count(*) FROM sale_lines l"
               " WHERE l.quantity > 0 AND l.quantity + coalesce ((SELECT sum (r.quantity) FROM sale_lines r"
               "                               WHERE r.refund_of_line = l.id), 0) < 0");
  expect_zero (db, "refunds never pay back more than their line charged",
               "SELECT count(*) FROM sale_lines l"
               " WHERE l.quantity > 0 AND (coalesce ((SELECT -sum (r.line_total) FROM sale_lines r"
               "                                      WHERE r.refund_of_line = l.id), 0) > l.line_total"
               " OR coalesce ((SELECT -sum (r.line_total_equa) FROM sale_lines r"
               "               WHERE r.refund_of_line = l.id), 0) > l.line_total_equa)");
  expect_zero (db, "a line refunded in full paid back exactly what it charged",
               "SELECT count(*) FROM sale_lines l"
               " WHERE l.quantity > 0 AND l.quantity + coalesce ((SELECT sum (r.quantity) FROM sale_lines r"
               "                                                  WHERE r.refund_of_line = l.id), 0) = 0"
               " AND (l.line_total + (SELECT sum (r.line_total) FROM sale_lines r WHERE r.refund_of_line = l.id) <> 0"
               " OR l.line_total_equa + (SELECT sum (r.line_total_equa) FROM sale_lines r"
               "                         WHERE r.refund_of_line = l.id) <> 0)");
  expect_zero (db, "refund lines point at lines of the refunded sale",
               "SELECT count(*) FROM sale_lines r JOIN sales rs ON rs.id = r.sale_id"
               " WHERE rs.refund_of IS NOT NULL AND (r.refund_of_line IS NULL OR"
               " (SELECT sale_id FROM sale_lines o WHERE o.id = r.refund_of_line) <> rs.refund_of)");
}

DisSale *
test_random_sale (GRand     *rand,
                  GPtrArray *products)
{
  g_autoptr(DisCart) cart = dis_cart_new ();
  guint n_lines = g_rand_int_range (rand, 1, 6);
  DisSale *sale;
  gint64 cash;

  dis_cart_set_tier (cart, g_rand_int_range (rand, 0, DIS_N_TIERS));
  for (guint i = 0; i < n_lines; i++)
    {
      DisProduct *product = g_ptr_array_index (products, g_rand_int_range (rand, 0, products->len));
      gint64 qty;

      switch (dis_product_get_unit (product))
        {
        case DIS_UNIT_KG:
          qty = g_rand_int_range (rand, 5, 2500);
          break;
        case DIS_UNIT_L:
          qty = g_rand_int_range (rand, 100, 3000);
          break;
        case DIS_UNIT_PIECE:
        default:
          qty = 1000 * g_rand_int_range (rand, 1, 5);
          break;
        }
      dis_cart_add (cart, product, qty, dis_product_get_unit (product) != DIS_UNIT_PIECE);
    }

  sale = dis_sale_new_from_cart (cart);
  test_set_buyer (sale);
  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      dis_sale_add_payment (sale, DIS_PAYMENT_CASH, sale->total);
      sale->cash_tendered = sale->total + g_rand_int_range (rand, 0, 3) * g_rand_int_range (rand, 0, 2000);
      break;
    case 1:
      dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
      break;
    default:
      if (sale->total < 2)
        {
          dis_sale_add_payment (sale, DIS_PAYMENT_OTHER, sale->total);
          break;
        }
      cash = g_rand_int_range (rand, 1, (gint32) sale->total);
      dis_sale_add_payment (sale, DIS_PAYMENT_CASH, cash);
      dis_sale_add_payment (sale, g_rand_boolean (rand) ? DIS_PAYMENT_CARD : DIS_PAYMENT_OTHER,
                            sale->total - cash);
      sale->cash_tendered = cash;
      break;
    }
  return sale;
}

DisSale *
test_random_refund (DisStore   *store,
                    GRand      *rand,
                    const char *sale_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSale) original = dis_store_load_sale (store, sale_id, &error);
  g_autofree gint64 *quantities = NULL;
  gboolean any = FALSE;
  DisSale *refund;

  g_assert_no_error (error);
  quantities = g_new0 (gint64, original->lines->len);
  for (guint i = 0; i < original->lines->len; i++)
    {
      DisSaleLine *line = g_ptr_array_index (original->lines, i);
      gint64 left = line->quantity - line->refunded_quantity;

      if (left <= 0 || g_rand_boolean (rand))
        continue;
      if (g_strcmp0 (line->unit, "piece") == 0)
        quantities[i] = 1000 * g_rand_int_range (rand, 1, (gint32) (left / 1000) + 1);
      else
        quantities[i] = g_rand_int_range (rand, 1, (gint32) left + 1);
      any = TRUE;
    }
  if (!any)
    return NULL;

  refund = dis_sale_new_refund (original, quantities, original->lines->len, &error);
  g_assert_no_error (error);
  if (refund->total == 0)
    {
      /* A few grams of something cheap: nothing to pay back. */
      g_object_unref (refund);
      return NULL;
    }
  dis_sale_add_payment (refund, g_rand_boolean (rand) ? DIS_PAYMENT_CASH : DIS_PAYMENT_CARD,
                        refund->total);
  return refund;
}
