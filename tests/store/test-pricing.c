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

int
main (int   argc,
      char *argv[])
{
  dis_core_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/pricing/prices-out-of-order", test_prices_out_of_order);
#undef ADD

  return g_test_run ();
}
