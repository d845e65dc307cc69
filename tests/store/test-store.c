/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <json-glib/json-glib.h>

#include "dis-store-private.h"
#include "store-test-util.h"

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
  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "punto.db", NULL);
  f->store = test_store_new (f->dir);
  test_store_add_catalog (f->store, f->ids);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->manager);
  g_assert_finalize_object (f->store);
  test_tmpdir_remove (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static DisOperator *
fixture_manager (Fixture *f)
{
  if (f->manager == NULL)
    f->manager = test_store_add_manager (f->store);
  return f->manager;
}

static void
open_day (Fixture *f,
          gint64   opening_float)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) report = dis_store_open_day (f->store, fixture_manager (f), opening_float, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (report->opening_float, ==, opening_float);
}

/* ---- Schema ------------------------------------------------------------ */

static void
test_migrations (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(GError) error = NULL;
  DisStore *store;
  sqlite3 *db;
  int version;

  store = dis_store_open (path, &error);
  g_assert_no_error (error);
  version = dis_store_get_schema_version (store);
  g_assert_cmpint (version, >=, 1);
  g_assert_cmpstr (dis_store_get_path (store), ==, path);
  g_assert_finalize_object (store);

  db = test_db_open (path);
  g_assert_cmpint (test_db_int (db, "PRAGMA user_version"), ==, version);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'products_fts'"), ==, 1);
  g_assert_cmpint (test_db_int (db, "SELECT strict FROM pragma_table_list WHERE name = 'sales'"), ==, 1);
  sqlite3_close (db);

  /* Opening again applies nothing twice. */
  store = dis_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_get_schema_version (store), ==, version);
  g_assert_null (dis_store_get_identity (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  db = test_db_open (path);
  g_assert_cmpint (test_db_int (db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), ==, 1);
  sqlite3_close (db);
  test_tmpdir_remove (dir);
}

/* ---- Catalog ----------------------------------------------------------- */

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

/* ---- Async ------------------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  GThread   *main_thread;
  guint      pending;
  DisScan   *scan;
  GPtrArray *found;
  gboolean   committed;
  gint64    *count;
} AsyncState;

static void
async_done (AsyncState *state)
{
  g_assert_true (g_thread_self () == state->main_thread);
  if (--state->pending == 0)
    g_main_loop_quit (state->loop);
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->scan = dis_store_resolve_scan_finish (DIS_STORE (object), result, &error);
  g_assert_no_error (error);
  async_done (state);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->found = dis_store_search_products_finish (DIS_STORE (object), result, &error);
  g_assert_no_error (error);
  async_done (state);
}

static void
commit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->committed = dis_store_commit_sale_finish (DIS_STORE (object), result, &error);
  g_assert_no_error (error);
  async_done (state);
}

static gpointer
count_sales (DisStore  *store,
             gpointer   data,
             GError   **error)
{
  g_autoptr(GPtrArray) sales = dis_store_list_sales_today (store, error);
  gint64 *n;

  g_assert_false (g_thread_self () == data);
  if (sales == NULL)
    return NULL;
  n = g_new (gint64, 1);
  *n = sales->len;
  return n;
}

static const DisStoreCall count_call = {
  .source_tag = count_sales, .write = TRUE, .func = count_sales, .result_free = g_free,
};

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->count = _dis_store_run_finish (DIS_STORE (object), result, count_sales, &error);
  g_assert_no_error (error);
  async_done (state);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = dis_store_open_finish (result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  async_done (state);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DisSale) sale = NULL;
  AsyncState state = { 0 };
  gint64 ids[] = { f->ids[TEST_CAFFE] };
  gint64 qty[] = { 2000 };
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);

  open_day (f, 0);
  sale = test_make_sale (f->store, DIS_TIER_EQUA, ids, qty, 1);

  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  state.pending = 4;

  dis_store_resolve_scan_async (f->store, test_eans[TEST_OLIO], NULL, scan_cb, &state);
  dis_store_search_products_async (f->store, "pomod", 10, NULL, search_cb, &state);
  dis_store_commit_sale_async (f->store, sale, fixture_manager (f), NULL, commit_cb, &state);
  dis_store_open_async (other, NULL, open_cb, &state);
  g_main_loop_run (state.loop);

  /* The write worker is serial: queued after the commit, it sees it. */
  state.pending = 1;
  _dis_store_run_async (f->store, &count_call, g_thread_self (), NULL, run_cb, &state);
  g_main_loop_run (state.loop);

  g_assert_cmpint (dis_product_get_id (state.scan->product), ==, f->ids[TEST_OLIO]);
  g_assert_cmpuint (state.found->len, ==, 1);
  g_assert_true (state.committed);
  g_assert_nonnull (sale->id);
  g_assert_cmpstr (sale->receipt_no, ==, "TO-TEST-C1-000001");
  g_assert_cmpint (*state.count, ==, 1);

  /* Workers drop their task (and so store) references just after the
   * result is posted: give them that moment before the teardown checks
   * that the store is finalized. */
  for (guint i = 0; i < 5000 && G_OBJECT (f->store)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  dis_scan_free (state.scan);
  g_ptr_array_unref (state.found);
  g_free (state.count);
  g_main_loop_unref (state.loop);
}

/* ---- Parked carts ------------------------------------------------------ */

static void
test_parked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisCart) resumed = NULL;
  g_autoptr(DisCart) empty = dis_cart_new ();
  g_autoptr(DisProduct) caffe = dis_store_lookup_product (f->store, f->ids[TEST_CAFFE], NULL);
  g_autoptr(DisProduct) mele = dis_store_lookup_product (f->store, f->ids[TEST_MELE], NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(DisCartLine) line = NULL;
  DisParkedCart *parked;
  DisProductRecord record = {
    .code = "B-CAFFE", .name = "Caffè arabica 250 g", .kind = DIS_PRODUCT_BASKET,
    .unit = DIS_UNIT_PIECE, .vat_rate = 22, .ean = (char *) test_eans[TEST_CAFFE],
    .supplier_code = "LT", .category = "Bevande", .equa_cents = 500,
  };
  gint64 id;

  g_assert_cmpint (dis_store_park_cart (f->store, empty, "x", &error), ==, 0);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_EMPTY);
  g_clear_error (&error);

  dis_cart_set_tier (cart, DIS_TIER_SOLIDALE);
  dis_cart_add (cart, caffe, 3000, FALSE);
  dis_cart_add (cart, mele, 742, TRUE);

  id = dis_store_park_cart (f->store, cart, "Signora in rosso", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  list = dis_store_list_parked_carts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  parked = g_ptr_array_index (list, 0);
  g_assert_cmpint (parked->id, ==, id);
  g_assert_cmpstr (parked->label, ==, "Signora in rosso");
  g_assert_cmpint (parked->n_lines, ==, 2);
  g_assert_cmpint (parked->total, ==, dis_cart_get_total (cart));
  g_assert_nonnull (parked->parked_at);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Resuming uses the current catalog price. */
  dis_store_upsert_product (f->store, &record, &error);
  g_assert_no_error (error);

  resumed = dis_store_resume_parked_cart (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_cart_get_tier (resumed), ==, DIS_TIER_SOLIDALE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (resumed)), ==, 2);
  line = g_list_model_get_item (G_LIST_MODEL (resumed), 0);
  g_assert_cmpint (dis_cart_line_get_quantity (line), ==, 3000);
  g_assert_cmpint (dis_cart_line_get_unit_price (line), ==, 575);
  g_clear_object (&line);
  line = g_list_model_get_item (G_LIST_MODEL (resumed), 1);
  g_assert_cmpint (dis_product_get_id (dis_cart_line_get_product (line)), ==, f->ids[TEST_MELE]);
  g_assert_cmpint (dis_cart_line_get_quantity (line), ==, 742);
  g_assert_true (dis_cart_line_get_quantity_from_barcode (line));

  list = dis_store_list_parked_carts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  g_assert_null (dis_store_resume_parked_cart (f->store, id, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
}

/* ---- Operators --------------------------------------------------------- */

static void
test_operators (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOperator) anna = NULL;
  g_autoptr(DisOperator) bruno = NULL;
  g_autoptr(DisOperator) signed_in = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_false (dis_store_has_operators (f->store, &error));
  g_assert_no_error (error);

  /* The first operator must be a responsabile. */
  g_assert_null (dis_store_create_operator (f->store, NULL, "Bruno", "1111", DIS_ROLE_VOLONTARIO, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (dis_store_create_operator (f->store, NULL, "Anna", "12", DIS_ROLE_RESPONSABILE, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  anna = dis_store_create_operator (f->store, NULL, " Anna ", "1234", DIS_ROLE_RESPONSABILE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dis_operator_get_name (anna), ==, "Anna");
  g_assert_true (dis_store_has_operators (f->store, &error));

  /* Afterwards an acting manager is needed. */
  g_assert_null (dis_store_create_operator (f->store, NULL, "Bruno", "1111", DIS_ROLE_VOLONTARIO, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  bruno = dis_store_create_operator (f->store, anna, "Bruno", "1111", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  g_assert_null (dis_store_create_operator (f->store, bruno, "Carla", "2222", DIS_ROLE_VOLONTARIO, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (dis_store_create_operator (f->store, anna, "bruno", "2222", DIS_ROLE_VOLONTARIO, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  list = dis_store_list_operators (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (dis_operator_get_name (g_ptr_array_index (list, 0)), ==, "Anna");

  /* PINs. */
  g_assert_null (dis_store_sign_in (f->store, dis_operator_get_id (bruno), "1112", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_WRONG_PIN);
  g_clear_error (&error);
  signed_in = dis_store_sign_in (f->store, dis_operator_get_id (bruno), "1111", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_operator_get_role (signed_in), ==, DIS_ROLE_VOLONTARIO);
  g_clear_object (&signed_in);

  g_assert_true (dis_store_set_operator_pin (f->store, bruno, dis_operator_get_id (bruno), "5555", &error));
  g_assert_no_error (error);
  g_assert_false (dis_store_set_operator_pin (f->store, bruno, dis_operator_get_id (anna), "5555", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  signed_in = dis_store_sign_in (f->store, dis_operator_get_id (bruno), "5555", &error);
  g_assert_no_error (error);
  g_clear_object (&signed_in);

  /* Roles gate management, and inactive operators cannot sign in or act. */
  g_assert_false (dis_store_set_operator_active (f->store, bruno, dis_operator_get_id (anna), FALSE, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (dis_store_set_operator_active (f->store, anna, dis_operator_get_id (anna), FALSE, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (dis_store_set_operator_active (f->store, anna, dis_operator_get_id (bruno), FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (dis_store_sign_in (f->store, dis_operator_get_id (bruno), "5555", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (dis_store_open_day (f->store, bruno, 0, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_null (dis_store_sign_in (f->store, 4242, "1234", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
}

/* ---- Day --------------------------------------------------------------- */

static DisSale *
commit (Fixture     *f,
        DisOperator *operator,
        DisTier      tier,
        gint64       product,
        gint64       qty,
        gint64       cash,
        gint64       tendered)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisProduct) p = dis_store_lookup_product (f->store, product, NULL);
  DisSale *sale;

  dis_cart_set_tier (cart, tier);
  dis_cart_add (cart, p, qty, FALSE);
  sale = dis_sale_new_from_cart (cart);
  if (cash > 0)
    dis_sale_add_payment (sale, DIS_PAYMENT_CASH, MIN (cash, sale->total));
  if (cash < sale->total)
    dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total - MAX (cash, 0));
  sale->cash_tendered = tendered;
  g_assert_true (dis_store_commit_sale (f->store, sale, operator, &error));
  g_assert_no_error (error);
  return sale;
}

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

int
main (int   argc,
      char *argv[])
{
  dis_core_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/store/migrations", test_migrations);
  ADD ("/store/upsert", test_upsert);
  ADD ("/store/barcode", test_barcode);
  ADD ("/store/search", test_search);
  ADD ("/store/search-ranking", test_search_ranking);
  ADD ("/store/resolve-scan", test_resolve_scan);
  ADD ("/store/async", test_async);
  ADD ("/store/parked", test_parked);
  ADD ("/store/operators", test_operators);
  ADD ("/store/day", test_day);
  ADD ("/store/refund-limits", test_refund_limits);
  ADD ("/store/long-sale", test_long_sale);
  g_test_add_func ("/store/demo", test_demo);
#undef ADD

  return g_test_run ();
}
