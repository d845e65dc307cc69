/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <sodium.h>

#include "bench-util.h"
#include "dis-hub-db.h"
#include "dis-hub-fund.h"
#include "dis-test-util.h"

/* Closing a fund period of 1,000,000 sale lines (generated) on the hub,
 * next to the bare `SELECT supplier, sum (…) GROUP BY` over the same
 * rows on its own SQLite connection to the same file. The close is
 * rolled back each round but the last, so every round closes the same
 * month. */

#define N_LINES        1000000
#define LINES_PER_SALE 4
#define N_SUPPLIERS    40
#define N_ROUNDS       5
#define PERIOD         "2026-10"
#define SEED           20261005
#define AIM_RATIO      3.0

static void
check (gboolean    ok,
       GError     *error,
       const char *what)
{
  bench_check (ok, error, what);
}

/* Sales at every tier, the way store_sale() stores them and
 * dis_hub_fund_place_sale() places them; one in 50 flagged. */
static void
generate (DisHubDb *db)
{
  static const char *tiers[] = { "accessibile", "impegno", "equa", "solidale" };
  static const gint64 bp[] = { -2500, -1000, 0, 1500 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  GError *error = NULL;
  DisHubStmt *sale, *line;

  /* The event rows are not what a close reads. */
  check (dis_hub_db_exec (db, "PRAGMA foreign_keys = OFF", &error), error, "foreign keys off");
  check (dis_hub_db_begin (db, &error), error, "begin");
  sale = dis_hub_db_prepare (db,
                             "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
                             " created_at, operator_id, operator_name, tier, n_lines, total, total_equa,"
                             " tier_delta, cash_tendered, change_due, point_total, point_total_equa,"
                             " point_tier_delta, review_flag, fund_period, late, review_state)"
                             " VALUES (?1, ?1, 'sale', 'TO-CEN', 'C1', ?2, 'TO-CEN-C1-' || ?2, ?3, 1, 'Anna', ?4,"
                             " ?5, ?6, ?7, ?6 - ?7, 0, 0, ?6, ?7, ?6 - ?7, ?8, ?9, 0,"
                             " CASE WHEN ?8 THEN 'pending' ELSE 'none' END)",
                             &error);
  check (sale != NULL, error, "prepare sale");
  line = dis_hub_db_prepare (db,
                             "INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
                             " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
                             " line_total_equa, tier_delta, vat_rate, point_line_total)"
                             " VALUES (?1, ?2, 'P-' || ?3, 'Prodotto', ?4, 'piece', 1000, ?5, ?6, ?5, ?6, ?5 - ?6, 4, ?5)",
                             &error);
  check (line != NULL, error, "prepare line");

  for (guint s = 0; s < N_LINES / LINES_PER_SALE; s++)
    {
      char id[40];
      char created[32];
      guint t = g_rand_int_range (rand, 0, 4);
      gint64 total = 0, total_equa = 0;

      g_snprintf (id, sizeof id, "sale-%08u", s);
      g_snprintf (created, sizeof created, "2026-10-%02dT%02d:%02d:00Z",
                  g_rand_int_range (rand, 1, 31), g_rand_int_range (rand, 0, 22), g_rand_int_range (rand, 0, 60));
      for (guint l = 0; l < LINES_PER_SALE; l++)
        {
          guint product = g_rand_int_range (rand, 0, 2000);
          char supplier[16];
          gint64 equa = 100 + product % 900;
          gint64 unit = (equa * (10000 + bp[t]) + 5000) / 10000;

          g_snprintf (supplier, sizeof supplier, "F-%03u", product % N_SUPPLIERS);
          dis_hub_stmt_reset (line);
          dis_hub_stmt_bind_text (line, 1, id);
          dis_hub_stmt_bind_int64 (line, 2, l + 1);
          dis_hub_stmt_bind_int64 (line, 3, product);
          dis_hub_stmt_bind_text (line, 4, supplier);
          dis_hub_stmt_bind_int64 (line, 5, unit);
          dis_hub_stmt_bind_int64 (line, 6, equa);
          check (dis_hub_db_step_done (db, line, &error), error, "insert line");
          total += unit;
          total_equa += equa;
        }
      dis_hub_stmt_reset (sale);
      dis_hub_stmt_bind_text (sale, 1, id);
      dis_hub_stmt_bind_int64 (sale, 2, s + 1);
      dis_hub_stmt_bind_text (sale, 3, created);
      dis_hub_stmt_bind_text (sale, 4, tiers[t]);
      dis_hub_stmt_bind_int64 (sale, 5, LINES_PER_SALE);
      dis_hub_stmt_bind_int64 (sale, 6, total);
      dis_hub_stmt_bind_int64 (sale, 7, total_equa);
      dis_hub_stmt_bind_int64 (sale, 8, g_rand_int_range (rand, 0, 50) == 0);
      dis_hub_stmt_bind_text (sale, 9, PERIOD);
      check (dis_hub_db_step_done (db, sale, &error), error, "insert sale");
    }
  dis_hub_stmt_free (sale);
  dis_hub_stmt_free (line);
  check (dis_hub_db_commit (db, &error), error, "commit");
  check (dis_hub_db_exec (db, "PRAGMA foreign_keys = ON; ANALYZE", &error), error, "analyze");
}

/* The reference: the bare aggregate over the same rows. */
static gint64
reference (sqlite3 *raw,
           guint   *out_rows)
{
  sqlite3_stmt *stmt = NULL;
  gint64 start = bench_now ();
  int rc;

  if (sqlite3_prepare_v2 (raw,
                          "SELECT l.supplier_code, sum (l.tier_delta) FROM hub_sales s"
                          " JOIN hub_sale_lines l ON l.sale_id = s.id"
                          " WHERE s.fund_period = ?1 GROUP BY l.supplier_code",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("bench error: reference: %s\n", sqlite3_errmsg (raw));
      exit (1);
    }
  sqlite3_bind_text (stmt, 1, PERIOD, -1, SQLITE_STATIC);
  *out_rows = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    (*out_rows)++;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_printerr ("bench error: reference: %s\n", sqlite3_errmsg (raw));
      exit (1);
    }
  return bench_now () - start;
}

/* One close; kept only when @keep. */
static gint64
close_once (DisHubDb *db,
            gboolean  keep,
            JsonNode **out)
{
  GError *error = NULL;
  gint64 start = bench_now ();

  check (dis_hub_db_begin (db, &error), error, "begin");
  *out = dis_hub_fund_close (db, PERIOD, FALSE, &error);
  check (*out != NULL, error, "fund close");
  if (keep)
    check (dis_hub_db_commit (db, &error), error, "commit");
  else
    dis_hub_db_rollback (db);
  return bench_now () - start;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = dis_test_tmpdir_new ("disotto-bench-fund");
  g_autofree char *path = g_build_filename (dir, "hub.db", NULL);
  g_autoptr(GArray) ours = bench_samples_new (N_ROUNDS);
  g_autoptr(GArray) ref = bench_samples_new (N_ROUNDS);
  g_autofree char *what = NULL, *aim = NULL, *gen_time = NULL;
  GError *error = NULL;
  BenchStats ours_stats, ref_stats;
  DisHubDb *db;
  sqlite3 *raw = NULL;
  gint64 start;
  double ratio;
  guint n_groups = 0;
  gboolean ok = TRUE;

  if (sodium_init () < 0)
    bench_check (FALSE, g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_FAILED, "libsodium"), "init");
  db = dis_hub_db_open (path, TRUE, &error);
  check (db != NULL, error, "open hub database");
  start = bench_now ();
  generate (db);
  gen_time = bench_format_usec ((double) (bench_now () - start));
  g_print ("generated %u sale lines in %u sales in %s\n", N_LINES, N_LINES / LINES_PER_SALE, gen_time);
  if (sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("bench error: open: %s\n", sqlite3_errmsg (raw));
      return 1;
    }

  /* A warm-up of each, then rounds alternating the two. */
  {
    g_autoptr(JsonNode) warm = NULL;

    reference (raw, &n_groups);
    close_once (db, FALSE, &warm);
  }
  for (guint i = 0; i < N_ROUNDS; i++)
    {
      g_autoptr(JsonNode) closed = NULL;

      bench_samples_add (ref, reference (raw, &n_groups));
      bench_samples_add (ours, close_once (db, i == N_ROUNDS - 1, &closed));
      if (i == N_ROUNDS - 1)
        {
          JsonObject *object = json_node_get_object (closed);
          JsonArray *claims = json_object_get_array_member (object, "claims");
          gint64 allocated = 0;

          for (guint c = 0; c < json_array_get_length (claims); c++)
            allocated += json_object_get_int_member (json_array_get_object_element (claims, c), "allocated_cents");
          /* The figures must be right for the time to mean anything. */
          ok = json_array_get_length (claims) == N_SUPPLIERS && n_groups == N_SUPPLIERS &&
               json_object_get_int_member (object, "inflow_cents") +
               json_object_get_int_member (object, "carried_in_cents") ==
               allocated + json_object_get_int_member (object, "carried_out_cents");
          g_print ("closed %s: inflow %" G_GINT64_FORMAT ", %u claims, allocated %" G_GINT64_FORMAT
                   ", carried out %" G_GINT64_FORMAT ", flagged excluded %" G_GINT64_FORMAT "\n",
                   PERIOD, json_object_get_int_member (object, "inflow_cents"), json_array_get_length (claims),
                   allocated, json_object_get_int_member (object, "carried_out_cents"),
                   json_object_get_int_member (object, "flagged_excluded_cents"));
        }
    }
  sqlite3_close (raw);
  dis_hub_db_close (db);
  dis_test_rm_rf (dir);
  if (!ok)
    {
      g_printerr ("bench error: the closed period does not add up\n");
      return 1;
    }

  bench_stats_compute (ours, &ours_stats);
  bench_stats_compute (ref, &ref_stats);
  ratio = (double) ours_stats.p50 / MAX (ref_stats.p50, 1);
  what = g_strdup_printf ("fund close of %u sale lines", N_LINES);
  aim = g_strdup_printf ("p50 ≤ %.0f× reference (is %.2f×)", AIM_RATIO, ratio);
  bench_print_line (what, &ours_stats, "bare SELECT supplier, sum (tier_delta) … GROUP BY over the same rows",
                    &ref_stats, "p50 min max", aim, ratio <= AIM_RATIO);
  return 0;
}
