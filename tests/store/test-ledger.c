/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ledger"

#include "config.h"

#include "store-test-util.h"

#define N_SALES 1000
#define SEED    20240611

static void
test_ledger (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) committed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DisOperator) manager = NULL;
  g_autoptr(DisDayReport) day = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  gint64 ids[TEST_N_PRODUCTS];
  gint64 n_total = 0, n_refunds = 0, gross = 0, cash_in = 0, cash_out = 0;
  gint64 tier_gross[DIS_N_TIERS] = { 0 };
  DisStore *store;
  sqlite3 *db;

  store = test_store_new (dir);
  test_store_add_catalog (store, ids);
  manager = test_store_add_manager (store);
  day = dis_store_open_day (store, manager, 10000, &error);
  g_assert_no_error (error);
  products = dis_store_search_products (store, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, TEST_N_PRODUCTS);

  for (guint i = 0; i < N_SALES; i++)
    {
      g_autoptr(DisSale) sale = test_random_sale (rand, products);
      g_autoptr(DisSale) refund = NULL;

      if (!dis_store_commit_sale (store, sale, manager, &error))
        g_error ("sale %u: %s", i, error->message);
      g_ptr_array_add (committed, g_strdup (sale->id));
      n_total++;
      gross += sale->total;
      tier_gross[sale->tier] += sale->total;
      for (guint j = 0; j < sale->payments->len; j++)
        {
          DisPayment *payment = g_ptr_array_index (sale->payments, j);

          if (payment->method == DIS_PAYMENT_CASH)
            cash_in += payment->amount;
        }

      /* Now and then a partial refund of an earlier sale. */
      if (g_rand_int_range (rand, 0, 8) == 0)
        {
          const char *id = g_ptr_array_index (committed, g_rand_int_range (rand, 0, committed->len));

          refund = test_random_refund (store, rand, id);
          if (refund != NULL)
            {
              if (!dis_store_commit_sale (store, refund, manager, &error))
                g_error ("refund of %s: %s", id, error->message);
              n_total++;
              n_refunds++;
              gross += refund->total;
              tier_gross[refund->tier] += refund->total;
              if (((DisPayment *) g_ptr_array_index (refund->payments, 0))->method == DIS_PAYMENT_CASH)
                cash_out -= refund->total;
            }
        }
    }

  g_test_message ("%" G_GINT64_FORMAT " sales and %" G_GINT64_FORMAT " refunds", n_total - n_refunds, n_refunds);
  g_assert_cmpint (n_refunds, >, 50);

  db = test_db_open (path);
  test_db_check_ledger (db);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sales"), ==, n_total);
  g_assert_cmpint (test_db_int (db, "SELECT max (seq) FROM sales WHERE device_id = 'C1'"), ==, n_total);
  /* One event per sale; the own product, declared to the hub once before
   * its first sale (issue 10), one more. */
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox WHERE sale_id IS NOT NULL"), ==, n_total);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox WHERE type = 'product.declared'"), ==, 1);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox"), ==, n_total + 1);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM stock_movements"), ==,
                   test_db_int (db, "SELECT count(*) FROM sale_lines"));
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sale_lines l JOIN sales s ON s.id = l.sale_id"
                                    " WHERE (s.refund_of IS NULL) <> (l.quantity > 0)"), ==, 0);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sale_lines WHERE unit <> 'piece'"), >, 100);
  g_assert_cmpint (test_db_int (db, "SELECT count(DISTINCT tier) FROM sales"), ==, DIS_N_TIERS);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM (SELECT sale_id FROM payments"
                                    " GROUP BY sale_id HAVING count(*) > 1)"), >, 100);
  g_assert_cmpint (test_db_int (db, "SELECT integrity_check = 'ok' FROM pragma_integrity_check"), ==, 1);
  sqlite3_close (db);

  /* The day's report agrees with what the test committed. */
  g_clear_pointer (&day, dis_day_report_free);
  day = dis_store_get_open_day (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (day->n_sales, ==, n_total - n_refunds);
  g_assert_cmpint (day->n_refunds, ==, n_refunds);
  g_assert_cmpint (day->gross, ==, gross);
  g_assert_cmpint (day->cash_sales, ==, cash_in);
  g_assert_cmpint (day->cash_refunds, ==, cash_out);
  g_assert_cmpint (day->expected_cash, ==, 10000 + cash_in - cash_out);
  for (guint t = 0; t < DIS_N_TIERS; t++)
    g_assert_cmpint (day->by_tier[t].gross, ==, tier_gross[t]);
  {
    gint64 vat_gross = 0;

    for (guint i = 0; i < day->by_vat->len; i++)
      vat_gross += g_array_index (day->by_vat, DisVatRow, i).gross;
    g_assert_cmpint (vat_gross, ==, gross);
  }

  g_assert_finalize_object (store);
  test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  dis_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ledger/random-sales", test_ledger);

  return g_test_run ();
}
