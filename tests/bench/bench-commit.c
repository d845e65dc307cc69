/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <locale.h>

#include "bench-fixture.h"
#include "bench-util.h"
#include "dis-test-util.h"

/* Durable sale commits next to the floor set by SQLite itself: one-row
 * transactions on a fresh file with the store's pragmas, in the same
 * directory, alternated with the sales so both see the same disk. */

#define N_SALES          500
#define N_WARMUP         10
#define N_LINES          5
#define N_PRODUCTS       60
#define CATALOG_SEED     77
#define SALE_SEED        1789
#define AIM_RATIO        2.0

static sqlite3 *
open_reference (const char    *path,
                sqlite3_stmt **begin,
                sqlite3_stmt **insert,
                sqlite3_stmt **commit)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  db = bench_sqlite_open (path, &error);
  if (db == NULL)
    bench_fail ("opening the reference database", error);

  if (!bench_sqlite_exec (db,
                          "CREATE TABLE receipts ("
                          "  id         INTEGER PRIMARY KEY,"
                          "  receipt_no TEXT NOT NULL UNIQUE,"
                          "  total      INTEGER NOT NULL,"
                          "  created_at TEXT NOT NULL"
                          ") STRICT",
                          &error) ||
      !(*begin = bench_sqlite_prepare (db, "BEGIN IMMEDIATE", &error)) ||
      !(*insert = bench_sqlite_prepare (db,
                                        "INSERT INTO receipts (receipt_no, total, created_at) "
                                        "VALUES (?1, ?2, ?3)",
                                        &error)) ||
      !(*commit = bench_sqlite_prepare (db, "COMMIT", &error)))
    bench_fail ("preparing the reference database", error);

  return db;
}

static gint64
reference_transaction (sqlite3      *db,
                       sqlite3_stmt *begin,
                       sqlite3_stmt *insert,
                       sqlite3_stmt *commit,
                       guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *receipt_no = g_strdup_printf ("REF-C1-%u", n);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  gint64 start = bench_now ();

  if (bench_sqlite_run (db, begin, &error) < 0)
    bench_fail ("reference BEGIN", error);
  sqlite3_bind_text (insert, 1, receipt_no, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, 1234 + n);
  sqlite3_bind_text (insert, 3, at, -1, SQLITE_STATIC);
  if (bench_sqlite_run (db, insert, &error) < 0)
    bench_fail ("reference INSERT", error);
  if (bench_sqlite_run (db, commit, &error) < 0)
    bench_fail ("reference COMMIT", error);

  return bench_now () - start;
}

static void
print_report (const BenchStats *ours,
              const BenchStats *ref)
{
  double p50_ratio = (double) ours->p50 / MAX (ref->p50, 1);
  double mean_ratio = ours->mean / MAX (ref->mean, 1.0);
  g_autofree char *aim = NULL;

  /* Both: the median is the typical overhead, the mean includes the tail. */
  aim = g_strdup_printf ("p50 and mean ≤ %.0f× reference (are %.2f×, %.2f×)",
                         AIM_RATIO, p50_ratio, mean_ratio);
  bench_print_line ("sale commit (5 lines, durable)", ours,
                    "bare SQLite one-row STRICT transaction, WAL, synchronous=FULL",
                    ref, "p50 p99 mean", aim,
                    p50_ratio <= AIM_RATIO && mean_ratio <= AIM_RATIO);
  g_print ("sale commit ratio to reference: p50 %.2f× p99 %.2f× mean %.2f×\n",
           p50_ratio, (double) ours->p99 / MAX (ref->p99, 1), mean_ratio);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchTill) till = NULL;
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SALE_SEED);
  g_autoptr(GArray) ours = bench_samples_new (N_SALES);
  g_autoptr(GArray) ref = bench_samples_new (N_SALES);
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ref_path = NULL;
  sqlite3_stmt *begin = NULL, *insert = NULL, *commit = NULL;
  BenchStats ours_stats, ref_stats;
  sqlite3 *ref_db;

  setlocale (LC_ALL, "");

  tmpdir = dis_test_tmpdir_new ("dis-bench-commit");
  path = g_build_filename (tmpdir, "punto.db", NULL);
  ref_path = g_build_filename (tmpdir, "reference.db", NULL);

  till = bench_till_new (path, N_PRODUCTS, CATALOG_SEED);

  ref_db = open_reference (ref_path, &begin, &insert, &commit);

  for (guint i = 0; i < N_WARMUP + N_SALES; i++)
    {
      g_autoptr(DisSale) sale = bench_random_sale (till->products, rand, N_LINES);
      gint64 start, ours_usec, ref_usec;

      start = bench_now ();
      if (!dis_store_commit_sale (till->store, sale, till->operator, &error))
        bench_fail ("committing a sale", error);
      ours_usec = bench_now () - start;

      if (sale->seq != (gint64) i + 1 || sale->id == NULL || sale->receipt_no == NULL)
        {
          g_printerr ("bench error: commit %u left seq %" G_GINT64_FORMAT ", id %s, receipt %s\n",
                      i + 1, sale->seq, sale->id, sale->receipt_no);
          return EXIT_FAILURE;
        }

      ref_usec = reference_transaction (ref_db, begin, insert, commit, i);

      if (i >= N_WARMUP)
        {
          bench_samples_add (ours, ours_usec);
          bench_samples_add (ref, ref_usec);
        }
    }

  /* Every sale is in the ledger. */
  today = dis_store_list_sales_today (till->store, &error);
  if (today == NULL)
    bench_fail ("listing today's sales", error);
  if (today->len != N_WARMUP + N_SALES)
    {
      g_printerr ("bench error: %u sales in the ledger, expected %u\n",
                  today->len, N_WARMUP + N_SALES);
      return EXIT_FAILURE;
    }

  bench_stats_compute (ours, &ours_stats);
  bench_stats_compute (ref, &ref_stats);
  print_report (&ours_stats, &ref_stats);

  sqlite3_finalize (begin);
  sqlite3_finalize (insert);
  sqlite3_finalize (commit);
  sqlite3_close (ref_db);
  g_clear_pointer (&till, bench_till_free);
  dis_test_rm_rf (tmpdir);

  return EXIT_SUCCESS;
}
