/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <string.h>

#include "dis-store-members.h"
#include "dis-store-private.h"
#include "dis-test-util.h"
#include "store-test-util.h"
#include "store-test-fixture.h"

/* The point's local SQLite store: the schema's migrations, the async
 * API, parked carts, operators. The catalog is in test-store-catalog.c,
 * the day, refunds, a long sale and the demo data in test-store-day.c. */

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

/* Issue 10: an own product is declared to the hub before its first sale,
 * again before its first sale after a change, never for basket products;
 * each sale carries no catalog version before the first pull. */
static void
test_own_declared (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSale) first = NULL;
  g_autoptr(DisSale) second = NULL;
  g_autoptr(DisSale) third = NULL;
  g_autoptr(DisSale) basket = NULL;
  g_autofree char *payload = NULL;
  DisProductRecord record = {
    .code = "O-PANE", .name = "Pane di segale", .kind = DIS_PRODUCT_OWN, .unit = DIS_UNIT_KG,
    .vat_rate = 4, .plu = 456, .category = "Forno", .equa_cents = 600,
  };
  sqlite3 *db;

  open_day (f, 0);
  first = commit (f, fixture_manager (f), DIS_TIER_EQUA, f->ids[TEST_PANE], 500, 0, 0);
  second = commit (f, fixture_manager (f), DIS_TIER_EQUA, f->ids[TEST_PANE], 500, 0, 0);
  basket = commit (f, fixture_manager (f), DIS_TIER_EQUA, f->ids[TEST_CAFFE], 1000, 0, 0);
  g_assert_cmpint (dis_store_upsert_product (f->store, &record, &error), ==, f->ids[TEST_PANE]);
  g_assert_no_error (error);
  third = commit (f, fixture_manager (f), DIS_TIER_EQUA, f->ids[TEST_PANE], 500, 0, 0);

  db = test_db_open (f->path);
  /* Declared, sold, sold, basket sold, declared again, sold. */
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox"), ==, 6);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox WHERE type = 'product.declared'"), ==, 2);
  g_assert_cmpint (test_db_int (db, "SELECT position FROM outbox WHERE type = 'product.declared'"
                                    " ORDER BY position LIMIT 1"), <,
                   test_db_int (db, "SELECT min (position) FROM outbox WHERE type = 'sale.committed'"));
  g_assert_cmpint (test_db_int (db, "SELECT json_extract (payload, '$.product.equa_cents') FROM outbox"
                                    " WHERE type = 'product.declared' ORDER BY position DESC LIMIT 1"), ==, 600);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox WHERE type = 'product.declared'"
                                    " AND json_extract (payload, '$.product.code') = 'O-PANE'"
                                    " AND json_extract (payload, '$.point') = 'TO-TEST'"), ==, 2);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sales WHERE catalog_version IS NULL"), ==, 4);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox"
                                    " WHERE json_extract (payload, '$.catalog_version') IS NOT NULL"), ==, 0);
  sqlite3_close (db);
}

/* ---- Eligibility at commit (issue 10) ------------------------------------ */

/* A sale at @tier of one coffee to @card (NULL: anonymous), committed or
 * refused with DIS_ERROR_TIER_NOT_ALLOWED and nothing stored. */
static void
commit_to (Fixture    *f,
           DisTier     tier,
           const char *card,
           gboolean    allowed)
{
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[] = { f->ids[TEST_CAFFE] };
  gint64 qty[] = { 1000 };
  sqlite3 *db = test_db_open (f->path);
  gint64 before = test_db_int (db, "SELECT count(*) FROM sales");
  gint64 outbox = test_db_int (db, "SELECT count(*) FROM outbox");

  sale = test_make_sale (f->store, tier, ids, qty, 1);
  g_free (sale->member_card);
  sale->member_card = g_strdup (card);
  if (allowed)
    {
      g_assert_true (dis_store_commit_sale (f->store, sale, fixture_manager (f), &error));
      g_assert_no_error (error);
      g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sales"), ==, before + 1);
    }
  else
    {
      g_assert_false (dis_store_commit_sale (f->store, sale, fixture_manager (f), &error));
      g_assert_error (error, DIS_ERROR, DIS_ERROR_TIER_NOT_ALLOWED);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, dis_tier_get_name (tier)));
      g_assert_null (sale->id);
      g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sales"), ==, before);
      g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox"), ==, outbox);
    }
  sqlite3_close (db);
}

/* Core refuses a sale below Equa that dis_eligibility_evaluate () does
 * not allow, whatever the till's widget offered: an anonymous buyer, a
 * pending member with no basis, a basis that expired yesterday. */
static void
test_commit_eligibility (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *pending = g_strdup ("DS00000018");
  g_autofree char *expired = g_strdup ("DS00000026");
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("INSERT INTO members (card_code, display_name, status, registered_on, basis,"
                         " basis_expires_on, updated_at) VALUES"
                         " ('%s', 'In attesa', 'pending', date ('now', 'localtime'), 'none', NULL, ''),"
                         " ('%s', 'Scaduta', 'validated', date ('now', 'localtime', '-1 year'), 'certificate',"
                         " date ('now', 'localtime', '-1 day'), '')",
                         pending, expired);
  dis_test_file_exec (f->path, sql);
  open_day (f, 0);

  commit_to (f, DIS_TIER_ACCESSIBILE, NULL, FALSE);
  commit_to (f, DIS_TIER_IMPEGNO, NULL, FALSE);
  commit_to (f, DIS_TIER_ACCESSIBILE, pending, FALSE);
  commit_to (f, DIS_TIER_IMPEGNO, pending, FALSE);
  commit_to (f, DIS_TIER_ACCESSIBILE, expired, FALSE);
  /* Anyone may pay Equa or more; an eligible member any tier. */
  commit_to (f, DIS_TIER_EQUA, NULL, TRUE);
  commit_to (f, DIS_TIER_SOLIDALE, pending, TRUE);
  commit_to (f, DIS_TIER_ACCESSIBILE, DIS_TEST_ELIGIBLE_CARD, TRUE);
  commit_to (f, DIS_TIER_IMPEGNO, DIS_TEST_ELIGIBLE_CARD, TRUE);
}

/* A provisional basis never replaces a verified one, at the point as on
 * the hub, and leaves nothing to send. */
static void
test_provisional_over_verified (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(DisMember) granted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basis = NULL;
  sqlite3 *db;

  dis_test_file_exec (f->path,
                      "INSERT INTO members (card_code, display_name, status, registered_on, basis,"
                      " basis_expires_on, known_to_hub, updated_at) VALUES"
                      " ('DS00000018', 'Certificata', 'pending', '2026-01-01', 'certificate', '2099-01-01', 1, ''),"
                      " ('DS00000026', 'Senza base', 'pending', '2026-01-01', 'none', NULL, 1, '')");

  granted = dis_store_grant_provisional_basis (f->store, fixture_manager (f), "DS00000018", 0, &error);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_null (granted);
  g_clear_error (&error);
  granted = dis_store_grant_provisional_basis (f->store, fixture_manager (f), "DS00000026", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (granted->basis, ==, DIS_BASIS_PROVISIONAL);

  db = test_db_open (f->path);
  basis = dis_test_db_text (db, "SELECT group_concat (basis, ' ') FROM (SELECT basis FROM members ORDER BY card_code)", NULL);
  g_assert_cmpstr (basis, ==, "certificate provisional certificate");
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox WHERE type = 'member.provisional_basis'"), ==, 1);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  dis_core_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/store/migrations", test_migrations);
  store_add_catalog_tests ();
  ADD ("/store/async", test_async);
  ADD ("/store/parked", test_parked);
  ADD ("/store/operators", test_operators);
  ADD ("/store/own-declared", test_own_declared);
  ADD ("/store/commit-eligibility", test_commit_eligibility);
  ADD ("/store/provisional-over-verified", test_provisional_over_verified);
  store_add_day_tests ();
#undef ADD

  return g_test_run ();
}
