/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "bench-fixture.h"
#include "bench-util.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"

/* A point offline for a week drains its outbox to a real hub over
 * loopback: sales per second from enrolment until the outbox is empty and
 * the hub holds every sale, next to the physical limit of the hub's disk
 * work: the same rows (event, sale, 5 lines, payment) inserted straight
 * into a fresh database with the hub's own schema (`disotto-hub init`)
 * and pragmas (journal_mode=WAL, foreign_keys=ON, synchronous left at
 * its default like the hub), one transaction per batch of the size the
 * client sends. */

#define N_SALES_FULL     100000
#define N_SALES_REDUCED  20000
#define N_PROBE          1000
#define PREP_LIMIT_S     120.0
#define N_LINES          5
#define N_PRODUCTS       60
#define CATALOG_SEED     4242
#define SALE_SEED        1848
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

/* ---- Reference: the same rows straight into SQLite ------------------------ */

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *begin;
  sqlite3_stmt *commit;
  sqlite3_stmt *event;
  sqlite3_stmt *sale;
  sqlite3_stmt *line;
  sqlite3_stmt *payment;
} Reference;

static void
reference_check (Reference  *ref,
                 int         rc,
                 const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s",
                                             what, sqlite3_errmsg (ref->db));
      bench_fail ("reference insert", error);
    }
}

static void
reference_open (Reference  *ref,
                const char *path)
{
  g_autoptr(GError) error = NULL;

  /* dis_hub_db_open(): the same two pragmas, nothing else. */
  if (sqlite3_open_v2 (path, &ref->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    reference_check (ref, SQLITE_ERROR, "open");
  sqlite3_busy_timeout (ref->db, 5000);
  if (!bench_sqlite_exec (ref->db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON", &error) ||
      !(ref->begin = bench_sqlite_prepare (ref->db, "BEGIN IMMEDIATE", &error)) ||
      !(ref->commit = bench_sqlite_prepare (ref->db, "COMMIT", &error)) ||
      !(ref->event = bench_sqlite_prepare (ref->db,
          "INSERT INTO events (id, point_code, device, seq, type, at, received_at, payload)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &error)) ||
      !(ref->sale = bench_sqlite_prepare (ref->db,
          "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
          " created_at, operator_id, operator_name, member_card, tier, refund_of, n_lines,"
          " total, total_equa, tier_delta, cash_tendered, change_due, point_total,"
          " point_total_equa, point_tier_delta, review_flag, review_reason)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
          " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)", &error)) ||
      !(ref->line = bench_sqlite_prepare (ref->db,
          "INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
          " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
          " line_total_equa, tier_delta, vat_rate, point_line_total)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", &error)) ||
      !(ref->payment = bench_sqlite_prepare (ref->db,
          "INSERT INTO hub_payments (sale_id, method, amount) VALUES (?1, ?2, ?3)", &error)))
    bench_fail ("preparing the reference database", error);
}

static void
reference_close (Reference *ref)
{
  sqlite3_finalize (ref->begin);
  sqlite3_finalize (ref->commit);
  sqlite3_finalize (ref->event);
  sqlite3_finalize (ref->sale);
  sqlite3_finalize (ref->line);
  sqlite3_finalize (ref->payment);
  sqlite3_close (ref->db);
}

/* One outbox row, parsed before the clock starts. */
typedef struct
{
  char       *id;
  gint64      seq;
  char       *type;
  char       *at;
  char       *text;
  JsonNode   *payload;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->id);
  g_free (row->type);
  g_free (row->at);
  g_free (row->text);
  g_clear_pointer (&row->payload, json_node_unref);
}

static void
step (Reference    *ref,
      sqlite3_stmt *stmt,
      const char   *what)
{
  reference_check (ref, sqlite3_step (stmt), what);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           JsonObject   *object,
           const char   *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_STATIC);
}

static void
bind_int (sqlite3_stmt *stmt,
          int           index,
          JsonObject   *object,
          const char   *member)
{
  sqlite3_bind_int64 (stmt, index, json_object_get_int_member (object, member));
}

/* The rows the hub writes for one batch, in one transaction. */
static gint64
reference_batch (Reference  *ref,
                 GArray     *rows,
                 const char *received_at)
{
  gint64 start = bench_now ();

  step (ref, ref->begin, "BEGIN");
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      JsonObject *sale = json_node_get_object (row->payload);
      JsonObject *operator = json_object_get_object_member (sale, "operator");
      JsonArray *lines = json_object_get_array_member (sale, "lines");
      JsonArray *payments = json_object_get_array_member (sale, "payments");

      sqlite3_bind_text (ref->event, 1, row->id, -1, SQLITE_STATIC);
      bind_text (ref->event, 2, sale, "point");
      bind_text (ref->event, 3, sale, "device");
      sqlite3_bind_int64 (ref->event, 4, row->seq);
      sqlite3_bind_text (ref->event, 5, row->type, -1, SQLITE_STATIC);
      sqlite3_bind_text (ref->event, 6, row->at, -1, SQLITE_STATIC);
      sqlite3_bind_text (ref->event, 7, received_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (ref->event, 8, row->text, -1, SQLITE_STATIC);
      step (ref, ref->event, "event");

      bind_text (ref->sale, 1, sale, "id");
      sqlite3_bind_text (ref->sale, 2, row->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (ref->sale, 3, "sale", -1, SQLITE_STATIC);
      bind_text (ref->sale, 4, sale, "point");
      bind_text (ref->sale, 5, sale, "device");
      bind_int (ref->sale, 6, sale, "seq");
      bind_text (ref->sale, 7, sale, "receipt_no");
      bind_text (ref->sale, 8, sale, "created_at");
      bind_int (ref->sale, 9, operator, "id");
      bind_text (ref->sale, 10, operator, "name");
      bind_text (ref->sale, 11, sale, "member_card");
      bind_text (ref->sale, 12, sale, "tier");
      bind_text (ref->sale, 13, sale, "refund_of");
      bind_int (ref->sale, 14, sale, "n_lines");
      bind_int (ref->sale, 15, sale, "total");
      bind_int (ref->sale, 16, sale, "total_equa");
      bind_int (ref->sale, 17, sale, "tier_delta");
      bind_int (ref->sale, 18, sale, "cash_tendered");
      bind_int (ref->sale, 19, sale, "change_due");
      bind_int (ref->sale, 20, sale, "total");
      bind_int (ref->sale, 21, sale, "total_equa");
      bind_int (ref->sale, 22, sale, "tier_delta");
      sqlite3_bind_int (ref->sale, 23, 0);
      sqlite3_bind_null (ref->sale, 24);
      step (ref, ref->sale, "sale");

      for (guint l = 0; l < json_array_get_length (lines); l++)
        {
          JsonObject *line = json_array_get_object_element (lines, l);

          bind_text (ref->line, 1, sale, "id");
          bind_int (ref->line, 2, line, "line_no");
          bind_text (ref->line, 3, line, "product_code");
          bind_text (ref->line, 4, line, "product_name");
          bind_text (ref->line, 5, line, "supplier_code");
          bind_text (ref->line, 6, line, "unit");
          bind_int (ref->line, 7, line, "quantity");
          bind_int (ref->line, 8, line, "unit_price");
          bind_int (ref->line, 9, line, "unit_price_equa");
          bind_int (ref->line, 10, line, "line_total");
          bind_int (ref->line, 11, line, "line_total_equa");
          bind_int (ref->line, 12, line, "tier_delta");
          bind_int (ref->line, 13, line, "vat_rate");
          bind_int (ref->line, 14, line, "line_total");
          step (ref, ref->line, "line");
        }
      for (guint p = 0; p < json_array_get_length (payments); p++)
        {
          JsonObject *payment = json_array_get_object_element (payments, p);

          bind_text (ref->payment, 1, sale, "id");
          bind_text (ref->payment, 2, payment, "method");
          bind_int (ref->payment, 3, payment, "amount");
          step (ref, ref->payment, "payment");
        }
    }
  step (ref, ref->commit, "COMMIT");

  return bench_now () - start;
}

/* Replays the point's outbox, in seq order, into @ref_path; returns the
 * µs spent in the transactions only (reading and parsing is not timed). */
static gint64
run_reference (const char *point_path,
               const char *ref_path,
               guint       batch_size,
               guint       n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autofree char *received_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Reference ref = { 0 };
  sqlite3 *point = NULL;
  gint64 total = 0;
  guint n = 0;
  int rc;

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  received_at = g_date_time_format_iso8601 (now);

  if (sqlite3_open_v2 (point_path, &point, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      !(select = bench_sqlite_prepare (point, "SELECT id, seq, type, at, payload FROM outbox ORDER BY seq",
                                       &error)))
    bench_fail ("reading the outbox", error);
  reference_open (&ref, ref_path);

  while ((rc = sqlite3_step (select)) == SQLITE_ROW || rows->len > 0)
    {
      if (rc == SQLITE_ROW)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          Row row = { 0 };

          row.id = g_strdup ((const char *) sqlite3_column_text (select, 0));
          row.seq = sqlite3_column_int64 (select, 1);
          row.type = g_strdup ((const char *) sqlite3_column_text (select, 2));
          row.at = g_strdup ((const char *) sqlite3_column_text (select, 3));
          row.text = g_strdup ((const char *) sqlite3_column_text (select, 4));
          if (!json_parser_load_from_data (parser, row.text, -1, &error))
            bench_fail ("parsing an outbox payload", error);
          row.payload = json_parser_steal_root (parser);
          g_array_append_val (rows, row);
        }
      if (rows->len == batch_size || (rc != SQLITE_ROW && rows->len > 0))
        {
          total += reference_batch (&ref, rows, received_at);
          n += rows->len;
          g_array_set_size (rows, 0);
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
  reference_close (&ref);

  if (n != n_expected)
    {
      g_printerr ("bench error: the reference wrote %u sales, expected %u\n", n, n_expected);
      exit (EXIT_FAILURE);
    }
  return total;
}

/* ---- The drain ------------------------------------------------------------ */

static gboolean
outbox_empty (gpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 n = dis_store_count_outbox (DIS_STORE (data), &error);

  if (n < 0)
    bench_fail ("counting the outbox", error);
  return n == 0;
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
  g_autoptr(DisTestHub) hub = NULL;
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(DisSyncClient) client = NULL;
  g_autofree char *tmpdir = NULL, *path = NULL, *ref_dir = NULL, *hub_dir = NULL;
  g_autofree char *config_dir = NULL, *token = NULL, *aim = NULL;
  g_autofree char *sql = NULL;
  gint64 start, probe_usec, prep_usec, ref_usec, drain_usec;
  double projected_s, rate, ref_rate, ratio;
  guint n_sales, batch_size;

  setlocale (LC_ALL, "");

  tmpdir = dis_test_tmpdir_new ("dis-bench-sync-drain");
  path = g_build_filename (tmpdir, "punto.db", NULL);
  ref_dir = g_build_filename (tmpdir, "reference", NULL);
  hub_dir = g_build_filename (tmpdir, "hub", NULL);
  config_dir = g_build_filename (tmpdir, "config", NULL);
  g_mkdir (ref_dir, 0700);
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
  if (dis_store_count_outbox (till->store, &error) != n_sales)
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
  ref_usec = run_reference (path, ref_hub->db_path, batch_size, n_sales);
  g_clear_pointer (&ref_hub, dis_test_hub_free);

  /* The hub, and the point enrolled to it: the engine starts draining. */
  hub = dis_test_hub_new (hub_dir);
  token = dis_test_hub_add_device (hub, "TO-BEN", "C1", TRUE);
  dis_test_hub_start (hub, 0, NULL);

  client = dis_sync_client_new (till->store, config_dir);
  start = bench_now ();
  enrolment = dis_test_enrol (client, hub->url, token, NULL, &error);
  if (enrolment == NULL)
    bench_fail ("enrolling", error);
  if (!dis_test_wait_for_full (outbox_empty, till->store, 20, DRAIN_TIMEOUT_MS))
    {
      g_printerr ("bench error: %" G_GINT64_FORMAT " events still in the outbox after %d s (%s)\n",
                  dis_store_count_outbox (till->store, NULL), DRAIN_TIMEOUT_MS / 1000,
                  dis_sync_client_get_last_error (client) ? dis_sync_client_get_last_error (client) : "no error");
      return EXIT_FAILURE;
    }
  /* Every row left the outbox only after the hub committed it. */
  sql = g_strdup_printf ("SELECT count(*) FROM hub_sales WHERE point_code = 'TO-BEN' AND device = 'C1'");
  check_count (hub, sql, n_sales);
  drain_usec = bench_now () - start;

  dis_sync_client_stop (client);
  check_count (hub, "SELECT count(*) FROM events", n_sales);
  check_count (hub, "SELECT count(DISTINCT receipt_no) FROM hub_sales", n_sales);
  check_count (hub, "SELECT count(*) FROM hub_sale_lines", (gint64) n_sales * N_LINES);
  check_count (hub, "SELECT count(*) FROM hub_payments", n_sales);
  check_count (hub, "SELECT count(*) FROM hub_sales WHERE review_flag = 1", 0);
  if (dis_store_sync_count_dead_letters (till->store, &error) != 0)
    {
      g_printerr ("bench error: dead letters after the drain\n");
      return EXIT_FAILURE;
    }

  rate = n_sales / (drain_usec / 1e6);
  ref_rate = n_sales / (ref_usec / 1e6);
  ratio = rate / ref_rate;
  aim = g_strdup_printf ("≥ %.1f× reference rate (is %.2f×)", AIM_RATIO, ratio);
  g_print ("outbox drain (%u sales × %d lines, enrolment to empty outbox, loopback): %.2f s, %.0f sales/s"
           " | reference (the same rows straight into SQLite, hub schema and pragmas, %u per transaction):"
           " %.2f s, %.0f sales/s | aim %s: %s\n",
           n_sales, N_LINES, drain_usec / 1e6, rate, batch_size, ref_usec / 1e6, ref_rate,
           aim, bench_verdict (ratio >= AIM_RATIO));

  g_clear_object (&client);
  g_clear_pointer (&hub, dis_test_hub_free);
  g_clear_pointer (&till, bench_till_free);
  dis_test_rm_rf (tmpdir);

  return EXIT_SUCCESS;
}
