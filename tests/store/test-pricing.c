/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <string.h>

#include "store-test-util.h"

/* How the point's store prices what it sells (issue 9): a product whose
 * tier prices fall out of order, price labels of the scale, refunds of
 * weighed lines. */

typedef struct
{
  char        *dir;
  char        *path;
  DisStore    *store;
  gint64       ids[TEST_N_PRODUCTS];
  DisOperator *manager;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) report = NULL;

  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "punto.db", NULL);
  f->store = test_store_new (f->dir);
  test_store_add_catalog (f->store, f->ids);
  f->manager = test_store_add_manager (f->store);
  report = dis_store_open_day (f->store, f->manager, 0, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sqlite3 *db = test_db_open (f->path);

  test_db_check_ledger (db);
  sqlite3_close (db);
  g_clear_object (&f->manager);
  g_assert_finalize_object (f->store);
  test_tmpdir_remove (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
add_product (Fixture                *f,
             const DisProductRecord *record)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dis_store_upsert_product (f->store, record, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* ---- Item 10: one product out of order ------------------------------------ */

static gboolean
contains (GPtrArray *products,
          gint64     id)
{
  for (guint i = 0; i < products->len; i++)
    if (dis_product_get_id (g_ptr_array_index (products, i)) == id)
      return TRUE;
  return FALSE;
}

/* A product overrides Impegno to −20 %; the network then moves
 * Accessibile to −15 %, valid on its own: € 8,50 above € 8,00 for that
 * product. Search leaves that one row out with a warning, scanning it
 * says why, every other product sells as before. */
static void
test_prices_out_of_order (Fixture       *f,
                          gconstpointer  data)
{
  DisProductRecord record = {
    .code = "B-TAHINA", .name = "Tahina di sesamo", .kind = DIS_PRODUCT_BASKET,
    .unit = DIS_UNIT_PIECE, .vat_rate = 10, .ean = "8001234567880", .supplier_code = "LT",
    .category = "Conserve", .equa_cents = 1000,
    .overrides = { .has_impegno = TRUE, .impegno_bp = -2000 },
  };
  DisTierPercents percents = { -1500, -1000, 1500 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) conserve = NULL;
  g_autoptr(DisScan) good = NULL;
  DisScan *bad;
  gint64 id;

  g_assert_true (dis_ean_is_valid (record.ean));
  id = add_product (f, &record);
  all = dis_store_search_products (f->store, "", 0, &error);
  g_assert_no_error (error);
  g_assert_true (contains (all, id));
  g_clear_pointer (&all, g_ptr_array_unref);

  g_assert_true (dis_store_set_tier_percents (f->store, &percents, &error));
  g_assert_no_error (error);

  /* The whole catalog, and a query that matches it and another. */
  g_test_expect_message ("dis-store", G_LOG_LEVEL_WARNING, "*left out of the search*Tahina di sesamo*Accessibile*");
  all = dis_store_search_products (f->store, "", 0, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (all);
  g_assert_cmpuint (all->len, ==, TEST_N_PRODUCTS);
  g_assert_false (contains (all, id));
  g_assert_true (contains (all, f->ids[TEST_PASSATA]));

  g_test_expect_message ("dis-store", G_LOG_LEVEL_WARNING, "*left out of the search*");
  conserve = dis_store_search_products (f->store, "conserve", 0, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (conserve->len, ==, 1);
  g_assert_true (contains (conserve, f->ids[TEST_PASSATA]));

  /* Scanning it is refused with a sentence that names it and says why. */
  bad = dis_store_resolve_scan (f->store, record.ean, &error);
  g_assert_null (bad);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER);
  g_assert_nonnull (strstr (error->message, "Tahina di sesamo"));
  g_assert_nonnull (strstr (error->message, "Accessibile"));
  g_assert_nonnull (strstr (error->message, "Impegno"));
  g_clear_error (&error);

  /* Any other scan works. */
  good = dis_store_resolve_scan (f->store, test_eans[TEST_PASSATA], &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_product_get_id (good->product), ==, f->ids[TEST_PASSATA]);
  g_assert_cmpint (dis_product_get_price (good->product, DIS_TIER_ACCESSIBILE), ==, 196);
}

/* ---- Item 12: price labels ---------------------------------------------- */

static gint64
add_weighed (Fixture    *f,
             const char *code,
             const char *name,
             guint       plu,
             gint64      equa)
{
  DisProductRecord record = {
    .code = (char *) code, .name = (char *) name, .kind = DIS_PRODUCT_BASKET,
    .unit = DIS_UNIT_KG, .vat_rate = 4, .plu = plu, .supplier_code = "CB",
    .category = "Banco", .equa_cents = equa,
  };

  return add_product (f, &record);
}

static DisScan *
scan_label (Fixture *f,
            guint    plu,
            gint64   cents)
{
  g_autofree char *code = dis_weight_code_build (DIS_WEIGHT_CODE_PRICE, plu, cents);
  g_autoptr(GError) error = NULL;
  DisScan *scan = dis_store_resolve_scan (f->store, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scan);
  return scan;
}

/* A sale of one label each of saffron at € 500,00/kg (€ 12,34) and cheese
 * at € 29,99/kg (€ 10,00), at @tier, committed and read back: the ledger
 * and the outbox carry exactly the labels' figures. */
static void
commit_labels (Fixture *f,
               DisTier  tier,
               gint64   saffron_total,
               gint64   cheese_total)
{
  g_autoptr(DisScan) saffron = scan_label (f, 777, 1234);
  g_autoptr(DisScan) cheese = scan_label (f, 778, 1000);
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(DisSale) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  /* What each label bought, in whole grams: 24,68 → 25, 333,44 → 333. */
  g_assert_cmpint (saffron->quantity, ==, 25);
  g_assert_cmpint (saffron->label_price, ==, 1234);
  g_assert_true (saffron->from_barcode);
  g_assert_cmpint (cheese->quantity, ==, 333);
  g_assert_cmpint (cheese->label_price, ==, 1000);

  dis_cart_set_tier (cart, tier);
  dis_cart_add_label (cart, saffron->product, saffron->quantity, saffron->label_price);
  dis_cart_add_label (cart, cheese->product, cheese->quantity, cheese->label_price);
  g_assert_cmpint (dis_cart_get_total (cart), ==, saffron_total + cheese_total);
  g_assert_cmpint (dis_cart_get_total_at (cart, DIS_TIER_EQUA), ==, 1234 + 1000);

  sale = dis_sale_new_from_cart (cart);
  test_set_buyer (sale);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);

  stored = dis_store_load_sale (f->store, sale->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->total, ==, saffron_total + cheese_total);
  g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (stored->lines, 0))->line_total, ==, saffron_total);
  g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (stored->lines, 0))->line_total_equa, ==, 1234);
  g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (stored->lines, 1))->line_total, ==, cheese_total);
  g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (stored->lines, 1))->line_total_equa, ==, 1000);

  db = test_db_open (f->path);
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE sale_id = '%s'"
                         " AND json_extract (payload, '$.lines[0].line_total') = %" G_GINT64_FORMAT
                         " AND json_extract (payload, '$.lines[0].line_total_equa') = 1234"
                         " AND json_extract (payload, '$.lines[0].quantity') = 25"
                         " AND json_extract (payload, '$.lines[1].line_total') = %" G_GINT64_FORMAT
                         " AND json_extract (payload, '$.lines[1].line_total_equa') = 1000"
                         " AND json_extract (payload, '$.lines[1].quantity') = 333",
                         sale->id, saffron_total, cheese_total);
  g_assert_cmpint (test_db_int (db, sql), ==, 1);
  sqlite3_close (db);
}

/* Issue 9, item 12: € 12,34 at € 500,00/kg was charged € 12,50, and
 * € 10,00 at € 29,99/kg € 9,99; each is charged exactly its price at
 * Equa, and at Impegno the label × Impegno price / Equa price. */
static void
test_price_labels (Fixture       *f,
                   gconstpointer  data)
{
  add_weighed (f, "B-ZAFFERANO", "Zafferano in pistilli", 777, 50000);
  add_weighed (f, "B-CASTELMAGNO", "Castelmagno", 778, 2999);

  commit_labels (f, DIS_TIER_EQUA, 1234, 1000);
  /* Impegno: 450,00 and 26,99 per kg; 1234 × 45000 / 50000 = 1110,6 →
   * 1111; 1000 × 2699 / 2999 = 899,97 → 900. */
  commit_labels (f, DIS_TIER_IMPEGNO, 1111, 900);
}

/* A parked cart keeps a label's price: it is what the label says, not a
 * price of the catalog to bring up to date. */
static void
test_parked_label (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DisScan) saffron = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisCart) resumed = NULL;
  g_autoptr(DisCartLine) line = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  add_weighed (f, "B-ZAFFERANO", "Zafferano in pistilli", 777, 50000);
  saffron = scan_label (f, 777, 1234);
  dis_cart_add_label (cart, saffron->product, saffron->quantity, saffron->label_price);
  dis_cart_add (cart, saffron->product, 25, TRUE);
  id = dis_store_park_cart (f->store, cart, "Zafferano", &error);
  g_assert_no_error (error);

  resumed = dis_store_resume_parked_cart (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (resumed)), ==, 2);
  line = g_list_model_get_item (G_LIST_MODEL (resumed), 0);
  g_assert_cmpint (dis_cart_line_get_label_price (line), ==, 1234);
  g_assert_cmpint (dis_cart_get_total (resumed), ==, 1234 + 1250);
}

/* ---- Item 13: refunds of a weighed line ----------------------------------- */

static DisSale *
refund_of (Fixture *f,
           DisSale *original,
           gint64   qty_line_1,
           gint64   qty_line_2)
{
  const gint64 qty[] = { qty_line_1, qty_line_2 };
  g_autoptr(GError) error = NULL;
  DisSale *refund = dis_sale_new_refund (original, qty, G_N_ELEMENTS (qty), &error);

  g_assert_no_error (error);
  dis_sale_add_payment (refund, DIS_PAYMENT_CASH, refund->total);
  return refund;
}

/* Issue 9, item 13: 0,300 kg at € 2,45/kg charged € 0,74; three refunds
 * of 0,100 kg paid back € 0,25 each, € 0,75 in all. The last one now takes
 * what is left, € 0,24; a refund built on a copy of the sale read before
 * an earlier refund is refused, and no refund ever takes more. */
static void
test_refund_weighed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(DisSale) first = NULL;
  g_autoptr(DisSale) stale = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 expected[] = { -25, -25, -24 };
  gint64 ids[2];
  gint64 qty[] = { 1000, 300 };
  sqlite3 *db;

  ids[0] = f->ids[TEST_PASSATA];
  ids[1] = add_weighed (f, "B-MELE-ROSSE", "Mele rosse", 124, 245);
  sale = test_make_sale (f->store, DIS_TIER_EQUA, ids, qty, 2);
  g_assert_cmpint (((DisSaleLine *) g_ptr_array_index (sale->lines, 1))->line_total, ==, 74);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(DisSale) loaded = dis_store_load_sale (f->store, sale->id, &error);
      g_autoptr(DisSale) refund = NULL;

      g_assert_no_error (error);
      if (i == 1)
        stale = g_object_ref (loaded);
      refund = refund_of (f, loaded, 0, 100);
      g_assert_cmpint (refund->total, ==, expected[i]);
      g_assert_true (dis_store_commit_sale (f->store, refund, f->manager, &error));
      g_assert_no_error (error);
    }

  /* Read before the second refund, the copy thinks 0,200 kg and € 0,49
   * are left: its 0,100 kg would pay € 0,25, but only € 0,00 and no
   * gram are left. */
  {
    g_autoptr(DisSale) late = refund_of (f, stale, 0, 100);

    g_assert_cmpint (late->total, ==, -25);
    g_assert_false (dis_store_commit_sale (f->store, late, f->manager, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT);
    g_clear_error (&error);
  }

  db = test_db_open (f->path);
  /* € 0,74 paid back in all, for the € 0,74 charged. */
  g_assert_cmpint (test_db_int (db, "SELECT -sum (line_total) FROM sale_lines WHERE refund_of_line IS NOT NULL"),
                   ==, 74);
  g_assert_cmpint (test_db_int (db, "SELECT -sum (total) FROM sales WHERE refund_of IS NOT NULL"), ==, 74);
  /* Each refund tells the hub which line of the sale it refunds. */
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox WHERE type = 'sale.refunded'"
                                    " AND json_extract (payload, '$.lines[0].line_no') = 2"), ==, 3);
  sqlite3_close (db);

  /* A stale copy of the sale whose next refund is the last one: it would
   * pay € 0,25 where € 0,24 are left. */
  g_clear_object (&stale);
  {
    g_autoptr(DisSale) other = NULL;
    g_autoptr(DisSale) loaded = NULL;
    g_autoptr(DisSale) half = NULL;
    g_autoptr(DisSale) late = NULL;
    gint64 more[] = { 1000, 300 };

    other = test_make_sale (f->store, DIS_TIER_EQUA, ids, more, 2);
    g_assert_true (dis_store_commit_sale (f->store, other, f->manager, &error));
    g_assert_no_error (error);
    loaded = dis_store_load_sale (f->store, other->id, &error);
    g_assert_no_error (error);
    first = refund_of (f, loaded, 0, 100);
    half = refund_of (f, loaded, 0, 100);
    g_assert_true (dis_store_commit_sale (f->store, first, f->manager, &error));
    g_assert_true (dis_store_commit_sale (f->store, half, f->manager, &error));
    g_assert_no_error (error);
    late = refund_of (f, loaded, 0, 100);
    g_assert_cmpint (late->total, ==, -25);
    g_assert_false (dis_store_commit_sale (f->store, late, f->manager, &error));
    g_assert_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT);
    g_assert_nonnull (strstr (error->message, "Mele rosse"));
    g_clear_error (&error);
  }
}

int
main (int   argc,
      char *argv[])
{
  dis_core_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/pricing/prices-out-of-order", test_prices_out_of_order);
  ADD ("/store/pricing/price-labels", test_price_labels);
  ADD ("/store/pricing/parked-label", test_parked_label);
  ADD ("/store/pricing/refund-weighed", test_refund_weighed);
#undef ADD

  return g_test_run ();
}
