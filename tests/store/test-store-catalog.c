/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include "dis-store-private.h"
#include "store-test-util.h"
#include "store-test-fixture.h"

/* The store's catalog: upserts and their refusals, barcodes, search and
 * its ranking, resolving a scan. */

static void
expect_upsert_error (DisStore          *store,
                     DisProductRecord  *record,
                     int                code)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (dis_store_upsert_product (store, record, &error), ==, 0);
  g_assert_error (error, DIS_ERROR, code);
}

static void
test_upsert (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisProduct) product = NULL;
  g_autoptr(GPtrArray) found = NULL;
  DisProductRecord record = {
    .code = "B-RISO", .name = "Riso Carnaroli", .kind = DIS_PRODUCT_BASKET,
    .unit = DIS_UNIT_PIECE, .vat_rate = 4, .ean = "8005550000014",
    .supplier_code = "LT", .category = "Pasta e riso", .equa_cents = 400,
  };
  gint64 id, again;

  record.ean = "8005550000015";
  expect_upsert_error (f->store, &record, DIS_ERROR_BARCODE);
  record.ean = "80055500";
  expect_upsert_error (f->store, &record, DIS_ERROR_BARCODE);
  record.ean = (char *) test_eans[TEST_CAFFE];  /* taken by another product */
  expect_upsert_error (f->store, &record, DIS_ERROR_BARCODE);
  record.ean = "8005550000014";
  record.vat_rate = 7;
  expect_upsert_error (f->store, &record, DIS_ERROR_INVALID);
  record.vat_rate = 4;
  record.overrides.has_accessibile = TRUE;
  record.overrides.accessibile_bp = -500;   /* above Impegno's −10 % */
  expect_upsert_error (f->store, &record, DIS_ERROR_PRICE_ORDER);
  record.overrides.has_accessibile = FALSE;
  record.equa_cents = 0;
  expect_upsert_error (f->store, &record, DIS_ERROR_INVALID);
  record.equa_cents = 400;
  record.supplier_code = "NOPE";
  expect_upsert_error (f->store, &record, DIS_ERROR_INVALID);
  record.supplier_code = "LT";
  record.plu = 123;                          /* the apples' scale code */
  expect_upsert_error (f->store, &record, DIS_ERROR_INVALID);
  record.plu = 0;

  /* Nothing of the failed attempts was written. */
  found = dis_store_search_products (f->store, "carnaroli", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  id = dis_store_upsert_product (f->store, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  product = dis_store_lookup_product (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dis_product_get_name (product), ==, "Riso Carnaroli");
  g_assert_cmpint (dis_product_get_price (product, DIS_TIER_ACCESSIBILE), ==, 300);
  g_assert_cmpint (dis_product_get_price (product, DIS_TIER_IMPEGNO), ==, 360);
  g_assert_cmpint (dis_product_get_price (product, DIS_TIER_EQUA), ==, 400);
  g_assert_cmpint (dis_product_get_price (product, DIS_TIER_SOLIDALE), ==, 460);
  g_assert_cmpstr (dis_product_get_supplier_name (product), ==, "Libera Terra");
  g_assert_cmpstr (dis_product_get_ean (product), ==, "8005550000014");
  g_clear_object (&product);

  /* Upserting the same code updates in place, overrides included. */
  record.name = "Riso Carnaroli superfino";
  record.overrides.has_solidale = TRUE;
  record.overrides.solidale_bp = 2000;
  again = dis_store_upsert_product (f->store, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  product = dis_store_lookup_product (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dis_product_get_name (product), ==, "Riso Carnaroli superfino");
  g_assert_cmpint (dis_product_get_price (product, DIS_TIER_SOLIDALE), ==, 480);
  g_clear_object (&product);

  found = dis_store_search_products (f->store, "superfino", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* Network percentages apply to every product when it is read. */
  {
    DisTierPercents percents = { -2000, -500, 1000 };
    DisTierPercents read;

    g_assert_true (dis_store_set_tier_percents (f->store, &percents, &error));
    g_assert_no_error (error);
    g_assert_true (dis_store_get_tier_percents (f->store, &read, &error));
    g_assert_cmpint (read.impegno_bp, ==, -500);
    product = dis_store_lookup_product (f->store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (dis_product_get_price (product, DIS_TIER_ACCESSIBILE), ==, 320);
    g_assert_cmpint (dis_product_get_price (product, DIS_TIER_SOLIDALE), ==, 480);
  }

  g_assert_null (dis_store_lookup_product (f->store, 999999, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
}

static void
test_barcode (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisProduct) product = NULL;

  product = dis_store_lookup_barcode (f->store, test_eans[TEST_PASSATA], &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_product_get_id (product), ==, f->ids[TEST_PASSATA]);
  g_assert_cmpuint (dis_product_get_vat_rate (product), ==, 4);
  g_assert_cmpstr (dis_product_get_category (product), ==, "Conserve");

  g_assert_null (dis_store_lookup_barcode (f->store, "8005550000014", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "8005550000014"));
}

static void
expect_search (DisStore   *store,
               const char *text,
               gint64      first_id,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = dis_store_search_products (store, text, 20, &error);

  g_assert_no_error (error);
  if (found->len != n)
    g_error ("search “%s”: %u results, expected %u", text, found->len, n);
  if (n > 0 && first_id != 0)
    g_assert_cmpint (dis_product_get_id (g_ptr_array_index (found, 0)), ==, first_id);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  /* Accent- and case-insensitive prefixes on name, supplier, category. */
  expect_search (f->store, "caffe", f->ids[TEST_CAFFE], 1);
  expect_search (f->store, "CAFFÈ", f->ids[TEST_CAFFE], 1);
  expect_search (f->store, "caf", f->ids[TEST_CAFFE], 1);
  expect_search (f->store, "pas", f->ids[TEST_PASSATA], 1);
  expect_search (f->store, "libera", 0, 2);
  expect_search (f->store, "cascina", 0, 2);
  expect_search (f->store, "conserv", f->ids[TEST_PASSATA], 1);
  expect_search (f->store, "frut", f->ids[TEST_MELE], 1);
  /* Every word must match. */
  expect_search (f->store, "pas libera", f->ids[TEST_PASSATA], 1);
  expect_search (f->store, "pas cascina", 0, 0);
  /* Punctuation and FTS5 syntax are just text. */
  expect_search (f->store, "\"pas\"*", f->ids[TEST_PASSATA], 1);
  expect_search (f->store, "pas OR caffe", 0, 0);
  expect_search (f->store, "NEAR(pas", 0, 0);
  expect_search (f->store, "olio, extra-", f->ids[TEST_OLIO], 1);
  expect_search (f->store, "zzz", 0, 0);
  /* No words: the catalog by name. */
  expect_search (f->store, " !? ", f->ids[TEST_CAFFE], TEST_N_PRODUCTS);

  /* A renamed supplier is found under its new name. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (dis_store_upsert_supplier (f->store, "CB", "Cooperativa Orti", &error));
    g_assert_no_error (error);
    expect_search (f->store, "orti", 0, 2);
    expect_search (f->store, "cascina", 0, 0);
  }
}

static gint64
add_ranked_product (DisStore   *store,
                    const char *code,
                    const char *name,
                    const char *supplier_code,
                    const char *category)
{
  g_autoptr(GError) error = NULL;
  DisProductRecord record = {
    .code = (char *) code, .name = (char *) name, .kind = DIS_PRODUCT_BASKET,
    .unit = DIS_UNIT_PIECE, .vat_rate = 22, .supplier_code = (char *) supplier_code,
    .category = (char *) category, .equa_cents = 300,
  };
  gint64 id = dis_store_upsert_product (store, &record, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
expect_order (DisStore     *store,
              const char   *text,
              guint         limit,
              const gint64 *ids,
              guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = dis_store_search_products (store, text, limit, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("“%s” %u: %s", text, i, dis_product_get_name (g_ptr_array_index (found, i)));
  if (found->len != n)
    g_error ("search “%s”: %u results, expected %u", text, found->len, n);
  for (guint i = 0; i < n; i++)
    if (dis_product_get_id (g_ptr_array_index (found, i)) != ids[i])
      g_error ("search “%s”: result %u is “%s”", text, i,
               dis_product_get_name (g_ptr_array_index (found, i)));
}

/* Names before suppliers before categories, earlier words before later
 * ones, then by name; short queries take name matches first too. */
static void
test_search_ranking (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 semi, sapone, aceto, pesto;

  g_assert_true (dis_store_upsert_supplier (f->store, "OR", "Oliveto Rossi", &error));
  g_assert_no_error (error);
  /* Inserted in the reverse of the expected order, so that insertion
   * order cannot pass for ranking. */
  pesto = add_ranked_product (f->store, "R-PESTO", "Pesto genovese", NULL, "Olive e sughi");
  aceto = add_ranked_product (f->store, "R-ACETO", "Aceto rosso", "OR", "Condimenti");
  sapone = add_ranked_product (f->store, "R-SAPONE", "Sapone all'olio", NULL, "Casa");
  semi = add_ranked_product (f->store, "R-SEMI", "Olio di semi", "LT", "Dispensa");

  {
    gint64 expected[] = { semi, f->ids[TEST_OLIO], sapone, aceto, pesto };

    expect_order (f->store, "oli", 20, expected, G_N_ELEMENTS (expected));
    expect_order (f->store, "OLÌ", 20, expected, G_N_ELEMENTS (expected));
    expect_order (f->store, "oli", 3, expected, 3);
    /* Two letters: the same order here, where everything fits. */
    expect_order (f->store, "ol", 20, expected, G_N_ELEMENTS (expected));
  }
  {
    /* With a small limit, a short query still returns name matches (the
     * first ones found, not necessarily the best). */
    g_autoptr(GPtrArray) found = dis_store_search_products (f->store, "ol", 2, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 2);
    for (guint i = 0; i < found->len; i++)
      {
        gint64 id = dis_product_get_id (g_ptr_array_index (found, i));

        g_assert_true (id == semi || id == f->ids[TEST_OLIO] || id == sapone);
      }
  }
  {
    /* Every word must match, in any column, short or not. */
    gint64 expected[] = { semi };

    expect_order (f->store, "o d", 1, expected, 1);
    expect_order (f->store, "o di se", 20, expected, 1);
    expect_order (f->store, "oliv ace", 20, (gint64[]) { aceto }, 1);
    expect_order (f->store, "o r", 20, (gint64[]) { aceto }, 1);
  }
  {
    /* One letter matches supplier and category words too. */
    g_autoptr(GPtrArray) found = dis_store_search_products (f->store, "o", 50, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 5);
    g_assert_cmpint (dis_product_get_id (g_ptr_array_index (found, 3)), ==, aceto);
    g_assert_cmpint (dis_product_get_id (g_ptr_array_index (found, 4)), ==, pesto);
  }
}

static void
test_resolve_scan (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *weight = dis_weight_code_build (DIS_WEIGHT_CODE_WEIGHT, 123, 350);
  g_autofree char *price = dis_weight_code_build (DIS_WEIGHT_CODE_PRICE, 456, 300);
  g_autofree char *unknown = dis_weight_code_build (DIS_WEIGHT_CODE_WEIGHT, 999, 100);
  DisScan *scan;

  scan = dis_store_resolve_scan (f->store, test_eans[TEST_CAFFE], &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_product_get_id (scan->product), ==, f->ids[TEST_CAFFE]);
  g_assert_cmpint (scan->quantity, ==, 1000);
  g_assert_false (scan->from_barcode);
  dis_scan_free (scan);

  /* Weight label: 350 g of apples. */
  scan = dis_store_resolve_scan (f->store, weight, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_product_get_id (scan->product), ==, f->ids[TEST_MELE]);
  g_assert_cmpint (scan->quantity, ==, 350);
  g_assert_true (scan->from_barcode);
  dis_scan_free (scan);

  /* Price label: € 3,00 of bread at € 5,75/kg = 521.7 g → 522. */
  scan = dis_store_resolve_scan (f->store, price, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_product_get_id (scan->product), ==, f->ids[TEST_PANE]);
  g_assert_cmpint (scan->quantity, ==, 522);
  g_assert_true (scan->from_barcode);
  dis_scan_free (scan);

  g_assert_null (dis_store_resolve_scan (f->store, unknown, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, unknown));
  g_clear_error (&error);

  g_assert_null (dis_store_resolve_scan (f->store, "8005550000014", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "8005550000014"));
  g_clear_error (&error);

  g_assert_null (dis_store_resolve_scan (f->store, "hello", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "hello"));
}

void
store_add_catalog_tests (void)
{
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/upsert", test_upsert);
  ADD ("/store/barcode", test_barcode);
  ADD ("/store/search", test_search);
  ADD ("/store/search-ranking", test_search_ranking);
  ADD ("/store/resolve-scan", test_resolve_scan);
#undef ADD
}
