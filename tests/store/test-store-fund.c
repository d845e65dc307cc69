/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <string.h>

#include "../codec-golden.h"
#include "dis-date.h"
#include "dis-error.h"
#include "dis-store-fund.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "store-test-util.h"

/* The point's side of the fund (issue 10 §4): closed periods from the
 * changes feed are kept in the page's transaction and announced, and the
 * month so far is summed from the point's own sales, refunds included,
 * in the network's calendar. */

typedef struct
{
  char        *dir;
  DisStore    *store;
  DisOperator *manager;
  gint64       ids[TEST_N_PRODUCTS];
  guint        n_heard;
} Fixture;

static void
fund_periods_changed_cb (DisStore *store,
                         Fixture  *f)
{
  f->n_heard++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DisDayReport) day = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = test_tmpdir_new ();
  f->store = test_store_new (f->dir);
  test_store_add_catalog (f->store, f->ids);
  f->manager = test_store_add_manager (f->store);
  day = dis_store_open_day (f->store, f->manager, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (f->store, "fund-periods-changed", G_CALLBACK (fund_periods_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->manager);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  test_tmpdir_remove (f->dir);
  g_free (f->dir);
}

static void
apply (Fixture    *f,
       const char *page,
       gint64      next)
{
  test_store_apply_changes (f->store, page, next);
}

static GPtrArray *
list_periods (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *periods = dis_store_list_fund_periods (f->store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (periods);
  return periods;
}

static gint64
cursor_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;

  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor, &error));
  g_assert_no_error (error);
  return cursor;
}

/* A month with a claim of a supplier of the local catalog ("LT"). */
#define CLOSED_DECEMBER \
  "{\"seq\":%d,\"kind\":\"fund_period\",\"op\":\"upsert\",\"data\":{\"period\":\"2025-12\",\"closed\":true," \
  "\"fund\":{\"inflow_cents\":%d,\"carried_in_cents\":0,\"available_cents\":%d," \
  "\"claims\":[{\"supplier\":\"LT\",\"claim_cents\":300,\"allocated_cents\":300}]," \
  "\"carried_out_cents\":%d,\"impegno_delta_cents\":0}}}"

static void
test_apply (Fixture *f, gconstpointer data)
{
  g_autofree char *golden = codec_golden ("change-fund-period.json");
  g_autofree char *december = g_strdup_printf (CLOSED_DECEMBER, 2, 500, 500, 200);
  g_autofree char *page = g_strdup_printf ("[%s,%s]", golden, december);
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  const DisCodecFundDocument *document;
  DisFundPeriod *period;

  /* Both, with the cursor, announced once after the commit. */
  apply (f, page, 42);
  g_assert_cmpuint (f->n_heard, ==, 1);
  g_assert_cmpint (cursor_of (f), ==, 42);
  periods = list_periods (f);
  g_assert_cmpuint (periods->len, ==, 2);
  period = g_ptr_array_index (periods, 0);
  g_assert_cmpstr (dis_fund_period_get_period (period), ==, "2025-12");
  g_assert_true (dis_fund_period_get_closed (period));
  g_assert_false (dis_fund_period_get_from_ledger (period));
  document = dis_fund_period_get_document (period);
  g_assert_false (document->has_network);
  g_assert_cmpint (document->fund.inflow_cents, ==, 500);
  /* The supplier's name comes from the local catalog, else its code. */
  g_assert_cmpstr (dis_fund_period_get_supplier_name (period, "LT"), ==, "Libera Terra");
  g_assert_cmpstr (dis_fund_period_get_supplier_name (period, "F-PAS"), ==, "F-PAS");

  period = g_ptr_array_index (periods, 1);
  g_assert_cmpstr (dis_fund_period_get_period (period), ==, "2026-10");
  document = dis_fund_period_get_document (period);
  g_assert_true (document->has_network);
  g_assert_true (g_array_index (document->network_tiers, DisCodecFundCell, DIS_TIER_ACCESSIBILE).suppressed);
  g_assert_cmpint (g_array_index (document->network_tiers, DisCodecFundCell, DIS_TIER_EQUA).sales, ==, 41);
  g_clear_pointer (&periods, g_ptr_array_unref);

  /* A newer change of the same month replaces it. */
  again = g_strdup_printf ("[" CLOSED_DECEMBER "]", 43, 900, 900, 600);
  apply (f, again, 43);
  g_assert_cmpuint (f->n_heard, ==, 2);
  periods = list_periods (f);
  g_assert_cmpuint (periods->len, ==, 2);
  document = dis_fund_period_get_document (g_ptr_array_index (periods, 0));
  g_assert_cmpint (document->fund.inflow_cents, ==, 900);
  g_assert_cmpint (document->fund.carried_out_cents, ==, 600);
  g_clear_pointer (&periods, g_ptr_array_unref);

  /* A document the page could not draw waits with the unapplied changes,
   * the cursor moves on, nobody is told. */
  apply (f, "[{\"seq\":44,\"kind\":\"fund_period\",\"op\":\"upsert\",\"data\":{\"period\":\"2026-01\","
            "\"closed\":true,\"fund\":{\"inflow_cents\":1}}}]", 44);
  g_assert_cmpuint (f->n_heard, ==, 2);
  g_assert_cmpint (cursor_of (f), ==, 44);
  periods = list_periods (f);
  g_assert_cmpuint (periods->len, ==, 2);
  kept = dis_store_sync_list_unapplied (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_cmpstr (((DisUnappliedChange *) g_ptr_array_index (kept, 0))->key, ==, "2026-01");
  g_assert_cmpstr (((DisUnappliedChange *) g_ptr_array_index (kept, 0))->kind, ==, "fund_period");
}

/* ---- This month ------------------------------------------------------------- */

static DisSale *
commit (Fixture *f,
        DisTier  tier,
        int      product,
        gint64   quantity)
{
  g_autoptr(DisSale) sale = test_make_sale (f->store, tier, &f->ids[product], &quantity, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&sale);
}

static void
refund_one (Fixture *f,
            DisSale *sale)
{
  g_autoptr(DisSale) loaded = NULL;
  g_autoptr(DisSale) refund = NULL;
  g_autoptr(GError) error = NULL;
  gint64 quantity = 1000;

  loaded = dis_store_load_sale (f->store, sale->receipt_no, &error);
  g_assert_no_error (error);
  refund = dis_sale_new_refund (loaded, &quantity, 1, &error);
  g_assert_no_error (error);
  dis_sale_add_payment (refund, DIS_PAYMENT_CASH, refund->total);
  g_assert_true (dis_store_commit_sale (f->store, refund, f->manager, &error));
  g_assert_no_error (error);
}

static void
assert_cell (const DisCodecFundDocument *document,
             DisTier                     tier,
             gint64                      sales,
             gint64                      gross,
             gint64                      equa)
{
  const DisCodecFundCell *cell = &g_array_index (document->network_tiers, DisCodecFundCell, tier);

  g_assert_false (cell->suppressed);
  g_assert_cmpint (cell->sales, ==, sales);
  g_assert_cmpint (cell->gross_cents, ==, gross);
  g_assert_cmpint (cell->equa_cents, ==, equa);
  g_assert_cmpint (cell->delta_cents, ==, gross - equa);
}

static void
month_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  DisFundPeriod **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dis_store_fund_month_so_far_finish (DIS_STORE (source), result, &error);
  g_assert_no_error (error);
}

static DisFundPeriod *
month_so_far (Fixture    *f,
              const char *period)
{
  DisFundPeriod *month = NULL;

  dis_store_fund_month_so_far_async (f->store, period, NULL, month_cb, &month);
  while (month == NULL)
    g_main_context_iteration (NULL, TRUE);
  return month;
}

/* Sales at three tiers and a refund, summed for this month; the month
 * before has none of them, unless one was made in the first minutes of
 * this month in Rome, which is still last month in UTC. */
static void
test_month_so_far (Fixture *f, gconstpointer data)
{
  g_autoptr(DisSale) caffe = NULL;
  g_autoptr(DisSale) passata = NULL;
  g_autoptr(DisSale) olio = NULL;
  g_autoptr(DisFundPeriod) month = NULL;
  g_autoptr(DisFundPeriod) before = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) last_month = g_date_time_add_months (now, -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *current = dis_date_current_period ();
  g_autofree char *previous = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *path = NULL;
  const DisCodecFundDocument *document;
  gint64 start, end;
  sqlite3 *db;

  /* 2 × caffè at Equa (900), refunded one (−450); 3 × passata at
   * Solidale (795, 105 over Equa); 1.5 l of oil at Accessibile (1407,
   * Equa 1875). */
  caffe = commit (f, DIS_TIER_EQUA, TEST_CAFFE, 2000);
  refund_one (f, caffe);
  passata = commit (f, DIS_TIER_SOLIDALE, TEST_PASSATA, 3000);
  olio = commit (f, DIS_TIER_ACCESSIBILE, TEST_OLIO, 1500);

  month = month_so_far (f, NULL);
  g_assert_cmpstr (dis_fund_period_get_period (month), ==, current);
  g_assert_false (dis_fund_period_get_closed (month));
  g_assert_true (dis_fund_period_get_from_ledger (month));
  document = dis_fund_period_get_document (month);
  g_assert_true (document->has_network);
  g_assert_false (document->has_fund);
  assert_cell (document, DIS_TIER_ACCESSIBILE, 1, 1407, 1875);
  assert_cell (document, DIS_TIER_IMPEGNO, 0, 0, 0);
  assert_cell (document, DIS_TIER_EQUA, 1, 450, 450);
  assert_cell (document, DIS_TIER_SOLIDALE, 1, 795, 690);
  g_assert_cmpint (document->network_total.sales, ==, 3);
  g_assert_cmpint (document->network_total.gross_cents, ==, 1407 + 450 + 795);
  g_assert_cmpint (document->network_total.delta_cents, ==, (1407 - 1875) + 105);

  previous = dis_date_period_of (last_month);
  before = month_so_far (f, previous);
  g_assert_cmpint (dis_fund_period_get_document (before)->network_total.sales, ==, 0);
  g_clear_object (&before);
  g_clear_object (&month);

  /* The first half hour of this month in Rome, written in UTC. */
  g_assert_true (dis_date_period_bounds (current, &start, &end));
  {
    g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (start + 30 * 60);
    g_autofree char *utc = g_date_time_format_iso8601 (first);

    sql = g_strdup_printf ("DROP TRIGGER sales_immutable;"
                           "UPDATE sales SET created_at = '%s' WHERE id = '%s';"
                           "UPDATE sales SET created_at = '%s' WHERE id = '%s';",
                           utc, olio->id, "2001-01-31T23:30:00Z", passata->id);
  }
  path = g_build_filename (f->dir, "punto.db", NULL);
  db = test_db_open (path);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  month = dis_store_fund_month_so_far (f->store, current, &error);
  g_assert_no_error (error);
  document = dis_fund_period_get_document (month);
  assert_cell (document, DIS_TIER_ACCESSIBILE, 1, 1407, 1875);
  assert_cell (document, DIS_TIER_SOLIDALE, 0, 0, 0);
  /* 23:30 UTC on 31 January is 00:30 on 1 February in Rome. */
  before = dis_store_fund_month_so_far (f->store, "2001-02", &error);
  g_assert_no_error (error);
  assert_cell (dis_fund_period_get_document (before), DIS_TIER_SOLIDALE, 1, 795, 690);
  g_clear_object (&before);
  before = dis_store_fund_month_so_far (f->store, "2001-01", &error);
  g_assert_no_error (error);
  assert_cell (dis_fund_period_get_document (before), DIS_TIER_SOLIDALE, 0, 0, 0);
  g_clear_object (&before);

  g_assert_null (dis_store_fund_month_so_far (f->store, "2001-13", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/store-fund/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("apply", test_apply);
  ADD ("month-so-far", test_month_so_far);
#undef ADD

  return g_test_run ();
}
