/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <locale.h>

#include "bench-fixture.h"
#include "bench-util.h"
#include "dis-store-restock.h"
#include "dis-store-restock-sql.h"
#include "dis-test-util.h"

/* Restock suggestion benchmark (issue 11): a 2,000-product store whose
 * every product has a minimum and a target, about a third of them under
 * the minimum, case sizes and a few orders already sent; the whole
 * suggestion (dis_store_restock_suggest()) next to the bare SELECT of the
 * same rows, prepared, on a connection with the store's pragmas. */

#define N_PRODUCTS     2000
#define CATALOG_SEED   20261205
#define STOCK_SEED     1105
#define N_RUNS         60
#define N_WARMUP       5

#define SUGGEST_AIM_USEC 100000

/* Stock on the shelves through the ledger: receipts of at most 1000 lines. */
static void
receive_stock (DisStore     *store,
               DisOperator  *manager,
               GArray       *product_ids,
               GRand        *rand)
{
  for (guint first = 0; first < product_ids->len; first += DIS_RECEIPT_LINES_MAX)
    {
      g_autoptr(DisReceipt) receipt = dis_receipt_new (NULL, "DDT bench");
      g_autoptr(GError) error = NULL;

      for (guint i = first; i < MIN (first + DIS_RECEIPT_LINES_MAX, product_ids->len); i++)
        dis_receipt_add_line (receipt, g_array_index (product_ids, gint64, i),
                              1000 * g_rand_int_range (rand, 1, 40), NULL, NULL,
                              g_rand_int_range (rand, 50, 2000), 0);
      bench_check (dis_store_restock_receive (store, manager, receipt, NULL, &error),
                   g_steal_pointer (&error), "receiving the stock");
    }
}

/* Minimum, target and case size of every product, straight in the file. */
static void
set_rules (sqlite3 *raw,
           GRand   *rand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) ids = bench_sqlite_prepare (raw, "SELECT id FROM products", &error);
  g_autoptr(sqlite3_stmt) rule = NULL;
  g_autoptr(sqlite3_stmt) cases = NULL;

  rule = bench_sqlite_prepare (raw, "INSERT INTO stock_settings (product_id, min_qty, target_qty)"
                               " VALUES (?1, ?2, ?3)", &error);
  cases = bench_sqlite_prepare (raw, "UPDATE products SET case_size = ?2 WHERE id = ?1", &error);
  if (ids == NULL || rule == NULL || cases == NULL)
    bench_fail ("preparing the rules", error);
  bench_check (bench_sqlite_exec (raw, "BEGIN", &error), g_steal_pointer (&error), "BEGIN");
  while (sqlite3_step (ids) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (ids, 0);
      /* Levels are 1 … 39 pieces: a minimum of 1 … 30 puts about a third under it. */
      gint64 min_qty = 1000 * g_rand_int_range (rand, 1, 20);

      sqlite3_bind_int64 (rule, 1, id);
      sqlite3_bind_int64 (rule, 2, min_qty);
      sqlite3_bind_int64 (rule, 3, min_qty + 1000 * g_rand_int_range (rand, 0, 30));
      if (bench_sqlite_run (raw, rule, &error) < 0)
        bench_fail ("a rule", error);
      sqlite3_bind_int64 (cases, 1, id);
      if (g_rand_boolean (rand))
        sqlite3_bind_int64 (cases, 2, 1000 * g_rand_int_range (rand, 1, 25));
      else
        sqlite3_bind_null (cases, 2);
      if (bench_sqlite_run (raw, cases, &error) < 0)
        bench_fail ("a case size", error);
    }
  bench_check (bench_sqlite_exec (raw, "COMMIT", &error), g_steal_pointer (&error), "COMMIT");
}

/* Sends the first suggested order of each of a few suppliers, so that
 * what is on order counts in the runs. */
static guint
send_some (DisStore    *store,
           DisOperator *manager,
           guint        n_orders)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = dis_store_restock_suggest (store, &error);
  guint sent = 0;

  if (orders == NULL)
    bench_fail ("the first suggestion", error);
  for (guint i = 0; i < MIN (n_orders, orders->len); i++)
    {
      DisRestockOrder *order = g_ptr_array_index (orders, i);
      GListModel *lines = dis_restock_order_get_lines (order);
      g_autoptr(GArray) draft = g_array_new (FALSE, FALSE, sizeof (DisRestockDraftLine));
      g_autoptr(DisRestockOrder) saved = NULL;
      g_autoptr(DisRestockOrder) done = NULL;

      for (guint j = 0; j < g_list_model_get_n_items (lines); j++)
        {
          g_autoptr(DisRestockLine) line = g_list_model_get_item (lines, j);
          DisRestockDraftLine d = { dis_restock_line_get_product_id (line), dis_restock_line_get_ordered (line) };

          g_array_append_val (draft, d);
        }
      saved = dis_store_restock_save_draft (store, manager, NULL, dis_restock_order_get_supplier_id (order), NULL,
                                            (DisRestockDraftLine *) (gpointer) draft->data, draft->len, &error);
      if (saved == NULL)
        bench_fail ("saving a draft", error);
      done = dis_store_restock_send (store, manager, dis_restock_order_get_id (saved), &error);
      if (done == NULL)
        bench_fail ("sending an order", error);
      sent++;
    }
  return sent;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = NULL;
  g_autoptr(BenchCatalog) catalog = NULL;
  g_autoptr(DisOperator) manager = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (STOCK_SEED);
  g_autoptr(GArray) ours = bench_samples_new (N_RUNS);
  g_autoptr(GArray) ref = bench_samples_new (N_RUNS);
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  BenchStats ours_stats, ref_stats;
  guint n_orders = 0, n_lines = 0, n_sent;
  int n_rows = 0;
  sqlite3 *raw;

  setlocale (LC_ALL, "");

  tmpdir = dis_test_tmpdir_new ("dis-bench-restock");
  path = g_build_filename (tmpdir, "punto.db", NULL);
  store = bench_store_new (path, N_PRODUCTS, CATALOG_SEED, &catalog);
  manager = bench_prepare_till (store, "Bench", "1234", &error);
  if (manager == NULL)
    bench_fail ("preparing the till", error);
  raw = bench_sqlite_open (path, &error);
  if (raw == NULL)
    bench_fail ("opening the reference connection", error);

  receive_stock (store, manager, catalog->product_ids, rand);
  set_rules (raw, rand);
  n_sent = send_some (store, manager, 3);

  select = bench_sqlite_prepare (raw, _dis_store_restock_suggest_sql (), &error);
  if (select == NULL)
    bench_fail ("preparing the reference SELECT", error);

  /* Alternate the two so that both see the same cache state. */
  for (guint i = 0; i < N_WARMUP + N_RUNS; i++)
    {
      g_autoptr(GPtrArray) orders = NULL;
      gint64 start, ours_usec, ref_usec;

      start = bench_now ();
      orders = dis_store_restock_suggest (store, &error);
      ours_usec = bench_now () - start;
      if (orders == NULL)
        bench_fail ("the suggestion", error);

      start = bench_now ();
      n_rows = bench_sqlite_run (raw, select, &error);
      ref_usec = bench_now () - start;
      if (n_rows < 0)
        bench_fail ("the reference SELECT", error);

      if (i >= N_WARMUP)
        {
          bench_samples_add (ours, ours_usec);
          bench_samples_add (ref, ref_usec);
        }
      n_orders = orders->len;
      n_lines = 0;
      for (guint j = 0; j < orders->len; j++)
        n_lines += dis_restock_order_get_n_lines (g_ptr_array_index (orders, j));
    }

  g_print ("restock suggestion: %d products with a supplier and a minimum, %u orders sent,"
           " %u suggested orders of %u lines\n", n_rows, n_sent, n_orders, n_lines);
  bench_stats_compute (ours, &ours_stats);
  bench_stats_compute (ref, &ref_stats);
  bench_print_line ("restock suggestion, 2,000 products", &ours_stats,
                    "bare prepared SELECT of the same rows", &ref_stats,
                    "p50 p99", "p99 < 100 ms", ours_stats.p99 < SUGGEST_AIM_USEC);

  sqlite3_close (raw);
  g_clear_object (&store);
  dis_test_rm_rf (tmpdir);
  return EXIT_SUCCESS;
}
