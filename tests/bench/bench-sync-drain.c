/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "bench-fixture.h"
#include "bench-hub-reference.h"
#include "bench-util.h"
#include "dis-hub-catalog.h"
#include "dis-hub-db.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"

/* A point offline for a week drains its outbox to a real hub over
 * loopback: sales per second from enrolment until the outbox is empty and
 * the hub holds every sale, next to the physical limit of the hub's disk
 * work: the same rows (event, sale, 5 lines, payment, 5 stock movements,
 * the levels once per batch) inserted straight
 * into a fresh hub database (`disotto-hub init`) through the hub's own
 * database layer, one transaction per batch of the size the client sends
 * (bench-hub-reference.h); and the same without waiting for the disk. */

#define N_SALES_FULL     100000
#define N_SALES_REDUCED  20000
#define N_PROBE          1000
#define PREP_LIMIT_S     120.0
#define N_LINES          5
#define N_PRODUCTS       60
#define CATALOG_SEED     4242
#define SALE_SEED        1848
#define AIM_RATE         10000.0
#define AIM_RATIO        0.5
#define DRAIN_TIMEOUT_MS (300 * 1000)

/* As in dis-sync.c: the client's batch limits. */
#define CLIENT_BATCH_EVENTS 200
#define CLIENT_BATCH_BYTES  (512 * 1024)

static void
commit_sales (BenchTill *till,
              GRand     *rand,
              guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisSale) sale = bench_random_sale (till->products, rand, N_LINES);
      g_autoptr(GError) error = NULL;

      if (!dis_store_commit_sale (till->store, sale, till->operator, &error))
        bench_fail ("committing a sale", error);
    }
}

/* ---- Reference: the same rows straight into the hub's database ---------- */

/* Replays the point's sales, in seq order, into @ref_path, @batch_size
 * per transaction (bench-hub-reference.h); returns the µs spent in the
 * transactions only (reading and parsing is not timed). */
static gint64
run_reference (const char *point_path,
               const char *ref_path,
               guint       batch_size,
               gboolean    durable,
               guint       n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_hub_row_free);
  g_autoptr(BenchHubReference) ref = bench_hub_reference_new (ref_path, durable);
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autofree char *received_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  sqlite3 *point = NULL;
  gint64 total = 0;
  guint n = 0;
  int rc;

  received_at = g_date_time_format_iso8601 (now);
  if (sqlite3_open_v2 (point_path, &point, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      !(select = bench_sqlite_prepare (point, "SELECT id, seq, type, at, payload FROM outbox"
                                       " WHERE type = 'sale.committed' ORDER BY seq", &error)))
    bench_fail ("reading the outbox", error);

  while ((rc = sqlite3_step (select)) == SQLITE_ROW || rows->len > 0)
    {
      if (rc == SQLITE_ROW)
        g_ptr_array_add (rows, bench_hub_row_new ((const char *) sqlite3_column_text (select, 0),
                                                  sqlite3_column_int64 (select, 1),
                                                  (const char *) sqlite3_column_text (select, 2),
                                                  (const char *) sqlite3_column_text (select, 3),
                                                  (const char *) sqlite3_column_text (select, 4)));
      if (rows->len == batch_size || (rc != SQLITE_ROW && rows->len > 0))
        {
          total += bench_hub_reference_batch (ref, rows, received_at, NULL);
          n += rows->len;
          g_ptr_array_set_size (rows, 0);
        }
      if (rc != SQLITE_ROW)
        break;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (point));
      bench_fail ("reading the outbox", error);
    }
  g_clear_pointer (&select, sqlite3_finalize);
  sqlite3_close (point);

  if (n != n_expected)
    {
      g_printerr ("bench error: the reference wrote %u sales, expected %u\n", n, n_expected);
      exit (EXIT_FAILURE);
    }
  return total;
}

/* Rows of the point's database as a JSON array of objects, one member
 * per column (NULL columns left out, integers as integers, a column
 * named "overrides" holding JSON text as that JSON). */
static JsonNode *
read_rows (sqlite3    *point,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) select = bench_sqlite_prepare (point, sql, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int rc;

  if (select == NULL)
    bench_fail ("reading the point's catalog", error);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      for (int i = 0; i < sqlite3_column_count (select); i++)
        {
          if (sqlite3_column_type (select, i) == SQLITE_NULL)
            continue;
          json_builder_set_member_name (builder, sqlite3_column_name (select, i));
          if (g_str_equal (sqlite3_column_name (select, i), "overrides"))
            json_builder_add_value (builder, json_from_string ((const char *) sqlite3_column_text (select, i), NULL));
          else if (sqlite3_column_type (select, i) == SQLITE_INTEGER)
            json_builder_add_int_value (builder, sqlite3_column_int64 (select, i));
          else
            json_builder_add_string_value (builder, (const char *) sqlite3_column_text (select, i));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (point));
      bench_fail ("reading the point's catalog", error);
    }
  return json_builder_get_root (builder);
}

/* The hub learns the generated catalog as an admin loads it (its
 * suppliers.json and basket.json, through the hub's own loaders), so
 * that it prices every line of the point's sales and flags none: the
 * demo network's catalog knows none of these products. */
static void
load_catalog (const char *point_path,
              const char *hub_location)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) suppliers = NULL;
  g_autoptr(JsonNode) basket = NULL;
  g_autoptr(GPtrArray) row_errors = g_ptr_array_new_with_free_func (g_free);
  DisHubDb *db;
  sqlite3 *point = NULL;

  if (sqlite3_open_v2 (point_path, &point, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    bench_fail ("reading the point's catalog", NULL);
  suppliers = read_rows (point, "SELECT code, name FROM suppliers ORDER BY code");
  basket = read_rows (point,
                      "SELECT p.code, p.name, s.code AS supplier, p.category, p.unit, p.vat_rate AS vat,"
                      " p.ean, coalesce (p.plu, 0) AS plu, p.equa_cents,"
                      /* json_patch() leaves out the tiers without one. */
                      " CASE WHEN coalesce (p.accessibile_bp, p.impegno_bp, p.solidale_bp) IS NULL THEN NULL"
                      " ELSE json_patch ('{}', json_object ('accessibile', p.accessibile_bp,"
                      " 'impegno', p.impegno_bp, 'solidale', p.solidale_bp)) END AS overrides"
                      " FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id"
                      " WHERE p.kind = 'basket' ORDER BY p.code");
  sqlite3_close (point);

  db = dis_hub_db_open (hub_location, FALSE, &error);
  if (db == NULL || !dis_hub_db_begin (db, &error) ||
      !dis_hub_suppliers_load (db, suppliers, NULL, &error) ||
      !dis_hub_catalog_import_json (db, basket, row_errors, NULL, NULL, &error) ||
      !dis_hub_db_commit (db, &error))
    {
      for (guint i = 0; i < row_errors->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (row_errors, i));
      bench_fail ("loading the catalog into the hub", error);
    }
  dis_hub_db_close (db);
}

/* ---- The drain ------------------------------------------------------------ */

/* Whether the point's outbox is empty, asked every 20 ms on a connection
 * of the bench's own. It used to count the outbox through the store:
 * count(*) walks the whole table, and it held the store's read
 * connection, the one the engine reads its next batch through, so the
 * poll took a tenth of the machine and made the drain wait. */
static gboolean
outbox_empty (gpointer data)
{
  sqlite3 *db = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = bench_sqlite_prepare (db, "SELECT EXISTS (SELECT 1 FROM outbox)", &error);

  if (stmt == NULL)
    bench_fail ("asking the outbox", error);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      bench_fail ("asking the outbox", error);
    }
  return sqlite3_column_int (stmt, 0) == 0;
}

static void
check_count (DisTestHub *hub,
             const char *sql,
             gint64      expected)
{
  gint64 n = dis_test_hub_int (hub, sql, NULL);

  if (n != expected)
    {
      g_printerr ("bench error: %s is %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT "\n",
                  sql, n, expected);
      exit (EXIT_FAILURE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchTill) till = NULL;
  g_autoptr(GPtrArray) first_batch = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SALE_SEED);
  g_autoptr(DisTestHub) ref_hub = NULL;
  g_autoptr(DisTestHub) nosync_hub = NULL;
  g_autoptr(DisTestHub) hub = NULL;
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(DisSyncClient) client = NULL;
  g_autofree char *tmpdir = NULL, *path = NULL, *ref_dir = NULL, *nosync_dir = NULL, *hub_dir = NULL;
  g_autofree char *config_dir = NULL, *token = NULL, *aim = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *poll = NULL;
  gint64 start, probe_usec, prep_usec, ref_usec, nosync_usec, drain_usec, n_events;
  double projected_s, rate, ref_rate, ratio;
  guint n_sales, batch_size;

  setlocale (LC_ALL, "");

  tmpdir = dis_test_tmpdir_new ("dis-bench-sync-drain");
  path = g_build_filename (tmpdir, "punto.db", NULL);
  ref_dir = g_build_filename (tmpdir, "reference", NULL);
  nosync_dir = g_build_filename (tmpdir, "reference-nosync", NULL);
  hub_dir = g_build_filename (tmpdir, "hub", NULL);
  config_dir = g_build_filename (tmpdir, "config", NULL);
  g_mkdir (ref_dir, 0700);
  g_mkdir (nosync_dir, 0700);
  g_mkdir (hub_dir, 0700);

  /* The point: a catalog, a till, and a week of sales nobody synced. */
  till = bench_till_new (path, N_PRODUCTS, CATALOG_SEED);

  /* Durable commits one by one, as the till makes them: too slow for
   * 100,000 on some disks, so a probe decides (nothing is scaled). */
  start = bench_now ();
  commit_sales (till, rand, N_PROBE);
  probe_usec = bench_now () - start;
  projected_s = probe_usec / 1e6 * N_SALES_FULL / N_PROBE;
  n_sales = projected_s > PREP_LIMIT_S ? N_SALES_REDUCED : N_SALES_FULL;
  if (n_sales != N_SALES_FULL)
    g_print ("outbox preparation: %u commits took %.2f s, so %u would take about %.0f s (> %.0f s): "
             "draining %u sales instead of %u (figures are for %u, not scaled)\n",
             N_PROBE, probe_usec / 1e6, N_SALES_FULL, projected_s, PREP_LIMIT_S,
             n_sales, N_SALES_FULL, n_sales);
  commit_sales (till, rand, n_sales - N_PROBE);
  prep_usec = bench_now () - start;
  /* The sales, and the declarations of the point's own products the
   * first sale of each made. */
  n_events = dis_store_count_outbox (till->store, &error);
  if (n_events < n_sales)
    bench_fail ("counting the outbox", error);

  first_batch = dis_store_sync_read_outbox (till->store, CLIENT_BATCH_EVENTS, CLIENT_BATCH_BYTES, &error);
  if (first_batch == NULL || first_batch->len == 0)
    bench_fail ("reading the outbox", error);
  batch_size = first_batch->len;
  g_print ("outbox preparation: %u sales of %d lines committed in %.1f s (%.0f commits/s); "
           "client batch %u events\n",
           n_sales, N_LINES, prep_usec / 1e6, n_sales / (prep_usec / 1e6), batch_size);

  /* The reference, on the same disk, before the hub starts. */
  ref_hub = dis_test_hub_new (ref_dir);
  ref_usec = run_reference (path, ref_hub->db_path, batch_size, TRUE, n_sales);
  g_clear_pointer (&ref_hub, dis_test_hub_free);
  nosync_hub = dis_test_hub_new (nosync_dir);
  nosync_usec = run_reference (path, nosync_hub->db_path, batch_size, FALSE, n_sales);
  g_clear_pointer (&nosync_hub, dis_test_hub_free);

  /* The hub, and the point enrolled to it: the engine starts draining. */
  hub = dis_test_hub_new (hub_dir);
  load_catalog (path, hub->db_path);
  token = dis_test_hub_add_device (hub, "TO-BEN", "C1", TRUE);
  dis_test_hub_start (hub, 0, NULL);

  if (sqlite3_open_v2 (path, &poll, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("bench error: opening %s: %s\n", path, sqlite3_errmsg (poll));
      return EXIT_FAILURE;
    }
  sqlite3_busy_timeout (poll, 1000);
  client = dis_sync_client_new (till->store, config_dir);
  start = bench_now ();
  enrolment = dis_test_enrol (client, hub->url, token, NULL, &error);
  if (enrolment == NULL)
    bench_fail ("enrolling", error);
  if (!dis_test_wait_for_full (outbox_empty, poll, 20, DRAIN_TIMEOUT_MS))
    {
      g_printerr ("bench error: %" G_GINT64_FORMAT " events still in the outbox after %d s (%s)\n",
                  dis_store_count_outbox (till->store, NULL), DRAIN_TIMEOUT_MS / 1000,
                  dis_sync_client_get_last_error (client) ? dis_sync_client_get_last_error (client) : "no error");
      return EXIT_FAILURE;
    }
  sqlite3_close (poll);
  /* Every row left the outbox only after the hub committed it. */
  sql = g_strdup_printf ("SELECT count(*) FROM hub_sales WHERE point_code = 'TO-BEN' AND device = 'C1'");
  check_count (hub, sql, n_sales);
  drain_usec = bench_now () - start;

  dis_sync_client_stop (client);
  rate = n_sales / (drain_usec / 1e6);
  ref_rate = n_sales / (ref_usec / 1e6);
  ratio = rate / ref_rate;
  aim = g_strdup_printf ("≥ %.0f sales/s and ≥ %.1f× reference rate (is %.2f×)", AIM_RATE, AIM_RATIO, ratio);
  g_print ("(on a shared machine: compare each figure with its reference, not across runs)\n");
  g_print ("outbox drain (%u sales × %d lines, enrolment to empty outbox, loopback): %.2f s, %.0f sales/s"
           " | reference (the same rows straight into a fresh hub database, hub's engine and pragmas,"
           " %u per transaction): %.2f s, %.0f sales/s; without waiting for the disk %.2f s, %.0f sales/s"
           " | aim %s: %s\n",
           n_sales, N_LINES, drain_usec / 1e6, rate, batch_size, ref_usec / 1e6, ref_rate,
           nosync_usec / 1e6, n_sales / (nosync_usec / 1e6),
           aim, bench_verdict (rate >= AIM_RATE && ratio >= AIM_RATIO));

  /* The figures first: a wrong count below still leaves them to read. */
  check_count (hub, "SELECT count(*) FROM events", n_events);
  check_count (hub, "SELECT count(DISTINCT receipt_no) FROM hub_sales", n_sales);
  check_count (hub, "SELECT count(*) FROM hub_sale_lines", (gint64) n_sales * N_LINES);
  check_count (hub, "SELECT count(*) FROM hub_payments", n_sales);
  if (dis_test_hub_int (hub, "SELECT count(*) FROM hub_sales WHERE review_flag = 1", NULL) != 0)
    {
      g_autofree char *reason = dis_test_hub_text (hub, "SELECT review_reason FROM hub_sales WHERE review_flag = 1"
                                                        " ORDER BY created_at LIMIT 1", NULL);

      g_printerr ("bench error: the hub flagged sales for review: %s\n", reason);
    }
  check_count (hub, "SELECT count(*) FROM hub_sales WHERE review_flag = 1", 0);
  /* Batches the hub took out of order left no gap behind. */
  check_count (hub, "SELECT count(*) FROM gaps", 0);
  check_count (hub, "SELECT count(*) FROM devices WHERE point_code = 'TO-BEN' AND device = 'C1'"
                    " AND last_seq = (SELECT max (seq) FROM events)", 1);
  if (dis_store_sync_count_dead_letters (till->store, &error) != 0)
    {
      g_printerr ("bench error: dead letters after the drain\n");
      return EXIT_FAILURE;
    }

  g_clear_object (&client);
  g_clear_pointer (&hub, dis_test_hub_free);
  g_clear_pointer (&till, bench_till_free);
  dis_test_rm_rf (tmpdir);

  return EXIT_SUCCESS;
}
