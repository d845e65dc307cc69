/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "dis-hub-db.h"
#include "dis-test-hub.h"
#include "dis-test-util.h"

/* GET /api/v1/availability?product=CODE on a real disotto-hub holding
 * the levels of 300 points × 2,000 products (generated; about seven in
 * ten levels above zero), over HTTP on 127.0.0.1, one request at a time:
 * each request's time from sending to the whole reply read. The
 * reference, measured in the same run on the same file: the bare indexed
 * SELECT of the rows the answer is made of, on a SQLite connection of
 * this process. Then what a snapshot adds to a push: one stock.moved of
 * one movement at a point with 2,000 products in stock (its batch
 * publishes a snapshot of 2,000 levels), against the same push at a
 * point with one product in stock (a snapshot of one level), the two
 * alternating in the same run. */

#define N_POINTS    300
#define N_PRODUCTS  2000
#define N_REQUESTS  2000
#define N_WARMUP    50
#define N_PUSHES    200
#define SEED        20261205
#define AIM_USEC    20000

static void
check (gboolean    ok,
       GError     *error,
       const char *what)
{
  bench_check (ok, error, what);
}

static void
generate (const char *path)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  GError *error = NULL;
  DisHubDb *db = dis_hub_db_open (path, FALSE, &error);
  DisHubStmt *point, *product, *level, *snapshot;

  check (db != NULL, error, "open the hub database");
  check (dis_hub_db_begin (db, &error), error, "begin");
  check (dis_hub_db_exec (db, "INSERT INTO suppliers (code, name, data) VALUES"
                              " ('F-BEN', 'Bench', '{\"code\":\"F-BEN\",\"name\":\"Bench\"}')", &error),
         error, "supplier");
  point = dis_hub_db_prepare (db,
                              "INSERT INTO points (code, name, data, created_at) VALUES (?1, ?2,"
                              " json_object ('code', ?1, 'name', ?2, 'kind', 'shop', 'address', 'Via Roma 1',"
                              " 'comune', 'Torino', 'lat', 45.07, 'lon', 7.68), '2026-01-01T00:00:00Z')",
                              &error);
  check (point != NULL, error, "prepare point");
  product = dis_hub_db_prepare (db,
                                "INSERT INTO products (code, supplier, data) VALUES (?1, 'F-BEN',"
                                " json_object ('code', ?1, 'name', 'Prodotto ' || ?1, 'supplier', 'F-BEN',"
                                " 'unit', 'piece', 'vat', 4, 'equa_cents', 250))",
                                &error);
  check (product != NULL, error, "prepare product");
  level = dis_hub_db_prepare (db,
                              "INSERT INTO point_stock (point_code, product_code, qty, updated_at)"
                              " VALUES (?1, ?2, ?3, '2026-12-05T08:00:00Z')",
                              &error);
  check (level != NULL, error, "prepare level");
  snapshot = dis_hub_db_prepare (db,
                                 "INSERT INTO stock_snapshots (point_code, moved, at)"
                                 " VALUES (?1, 0, '2026-12-05T08:00:00Z')",
                                 &error);
  check (snapshot != NULL, error, "prepare snapshot");

  for (guint p = 0; p < N_PRODUCTS; p++)
    {
      g_autofree char *code = g_strdup_printf ("B-%05u", p);

      dis_hub_stmt_reset (product);
      dis_hub_stmt_bind_text (product, 1, code);
      check (dis_hub_db_step_done (db, product, &error), error, "product");
    }
  /* The reference of the pushes: a point with no stock yet. */
  dis_hub_stmt_reset (point);
  dis_hub_stmt_bind_text (point, 1, "PT-ONE");
  dis_hub_stmt_bind_text (point, 2, "Punto uno");
  check (dis_hub_db_step_done (db, point, &error), error, "point");
  for (guint i = 0; i < N_POINTS; i++)
    {
      g_autofree char *code = g_strdup_printf ("PT-%03u", i);
      g_autofree char *name = g_strdup_printf ("Punto %u", i);

      dis_hub_stmt_reset (point);
      dis_hub_stmt_bind_text (point, 1, code);
      dis_hub_stmt_bind_text (point, 2, name);
      check (dis_hub_db_step_done (db, point, &error), error, "point");
      dis_hub_stmt_reset (snapshot);
      dis_hub_stmt_bind_text (snapshot, 1, code);
      check (dis_hub_db_step_done (db, snapshot, &error), error, "snapshot");
      for (guint p = 0; p < N_PRODUCTS; p++)
        {
          g_autofree char *product_code = g_strdup_printf ("B-%05u", p);
          /* Point 0 has everything, the others about seven in ten. */
          gint64 qty = i == 0 || g_rand_int_range (rand, 0, 10) < 7 ? g_rand_int_range (rand, 1, 50) * 1000
                                                                    : -g_rand_int_range (rand, 0, 3) * 1000;

          dis_hub_stmt_reset (level);
          dis_hub_stmt_bind_text (level, 1, code);
          dis_hub_stmt_bind_text (level, 2, product_code);
          dis_hub_stmt_bind_int64 (level, 3, qty);
          check (dis_hub_db_step_done (db, level, &error), error, "level");
        }
    }
  dis_hub_stmt_free (point);
  dis_hub_stmt_free (product);
  dis_hub_stmt_free (level);
  dis_hub_stmt_free (snapshot);
  check (dis_hub_db_commit (db, &error), error, "commit");
  check (dis_hub_db_exec (db, "ANALYZE", &error), error, "analyze");
  dis_hub_db_close (db);
}

/* One request; its time in µs. The reply must be 200 and list @expected
 * points, or the time means nothing. */
static gint64
request (SoupSession *session,
         const char  *url,
         const char  *auth,
         const char  *body,
         guint        expected)
{
  g_autoptr(SoupMessage) msg = soup_message_new (body != NULL ? "POST" : "GET", url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, elapsed;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  start = bench_now ();
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  elapsed = bench_now () - start;
  check (reply != NULL, g_steal_pointer (&error), url);
  if (soup_message_get_status (msg) != 200)
    {
      g_printerr ("bench error: %s answered %u: %.*s\n", url, soup_message_get_status (msg),
                  (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
      exit (1);
    }
  if (expected > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *points;

      check (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error),
             g_steal_pointer (&error), "reply");
      points = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "points");
      if (json_array_get_length (points) != expected)
        {
          g_printerr ("bench error: %s: %u points, the database has %u\n", url,
                      json_array_get_length (points), expected);
          exit (1);
        }
    }
  return elapsed;
}

/* The bare SELECT of what an answer is made of (@product bound to ?1
 * when given); its time in µs and its number of rows in *@out_rows. */
static gint64
bare_select (sqlite3_stmt *stmt,
             const char   *product,
             guint        *out_rows)
{
  gint64 start = bench_now ();
  guint rows = 0;

  sqlite3_reset (stmt);
  if (product != NULL)
    sqlite3_bind_text (stmt, 1, product, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      (void) sqlite3_column_text (stmt, 0);
      (void) sqlite3_column_int64 (stmt, 1);
      rows++;
    }
  *out_rows = rows;
  return bench_now () - start;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = dis_test_tmpdir_new ("bench-availability");
  g_autoptr(DisTestHub) hub = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(GArray) ours = bench_samples_new (N_REQUESTS);
  g_autoptr(GArray) ref = bench_samples_new (N_REQUESTS);
  g_autoptr(GArray) pushes = bench_samples_new (N_PUSHES);
  g_autoptr(GArray) snapshots = bench_samples_new (N_PUSHES);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + 1);
  g_autofree char *token = NULL, *auth = NULL, *what = NULL, *aim = NULL, *events_url = NULL;
  g_autofree char *token_one = NULL, *auth_one = NULL;
  BenchStats ours_stats, ref_stats, push_stats, snapshot_stats;
  sqlite3_stmt *select;
  sqlite3 *raw;
  gint64 start;

  if (sodium_init () < 0)
    return 1;
  hub = dis_test_hub_new (dir);
  start = bench_now ();
  generate (hub->db_path);
  g_print ("generated %u points × %u products in %.1f s\n", N_POINTS, N_PRODUCTS,
           (bench_now () - start) / 1e6);
  token = dis_test_hub_add_device (hub, "PT-000", "C1", FALSE);
  auth = g_strconcat ("Bearer ", token, NULL);
  token_one = dis_test_hub_add_device (hub, "PT-ONE", "C1", FALSE);
  auth_one = g_strconcat ("Bearer ", token_one, NULL);
  dis_test_hub_start (hub, 0, NULL);

  raw = dis_test_db_open_ro (hub->db_path);
  check (sqlite3_prepare_v2 (raw, "SELECT point_code, qty FROM point_stock WHERE product_code = ?1 AND qty > 0",
                             -1, &select, NULL) == SQLITE_OK, NULL, "prepare the bare SELECT");
  for (guint i = 0; i < N_WARMUP + N_REQUESTS; i++)
    {
      g_autofree char *product = g_strdup_printf ("B-%05d", g_rand_int_range (rand, 0, N_PRODUCTS));
      g_autofree char *url = g_strdup_printf ("%s/api/v1/availability?product=%s", hub->url, product);
      guint rows;
      gint64 bare = bare_select (select, product, &rows);
      gint64 http = request (session, url, auth, NULL, rows);

      if (i < N_WARMUP)
        continue;
      bench_samples_add (ref, bare);
      bench_samples_add (ours, http);
    }
  sqlite3_finalize (select);

  /* Pushes alternate between PT-000, all 2,000 products in stock, and
   * PT-ONE, always the same one product: each batch publishes its
   * point's snapshot, of 2,000 levels or of one. */
  events_url = g_strconcat (hub->url, "/api/v1/events", NULL);
  for (guint i = 0; i < 2 * N_PUSHES; i++)
    {
      gboolean big = i % 2 == 0;
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *body = g_strdup_printf ("{\"device\":\"C1\",\"events\":[{\"id\":\"%s\",\"seq\":%u,"
                                               "\"type\":\"stock.moved\",\"at\":\"2026-12-05T10:00:00Z\","
                                               "\"payload\":{\"movements\":[{\"product\":\"B-%05d\","
                                               "\"kind\":\"adjust\",\"qty\":1000,\"at\":\"2026-12-05T10:00:00Z\"}]}}]}",
                                               id, i / 2 + 1, big ? g_rand_int_range (rand, 0, N_PRODUCTS) : 0);

      bench_samples_add (big ? pushes : snapshots, request (session, events_url, big ? auth : auth_one, body, 0));
    }
  if (dis_test_hub_int (hub, "SELECT count (*) FROM changes WHERE kind = 'stock_snapshot'", NULL) != 2 ||
      dis_test_hub_int (hub, "SELECT count (*) FROM hub_stock_movements", NULL) != 2 * N_PUSHES ||
      dis_test_hub_int (hub, "SELECT count (*) FROM point_stock WHERE point_code = 'PT-000' AND qty > 0", NULL)
      != N_PRODUCTS ||
      dis_test_hub_int (hub, "SELECT length (data) FROM changes WHERE key = 'PT-000'", NULL) < 15 * N_PRODUCTS)
    {
      g_printerr ("bench error: the pushes did not each move stock and publish one snapshot\n");
      return 1;
    }
  sqlite3_close (raw);
  check (dis_test_hub_stop (hub), NULL, "stop the hub");

  bench_stats_compute (ours, &ours_stats);
  bench_stats_compute (ref, &ref_stats);
  what = g_strdup_printf ("GET /api/v1/availability, %u points × %u products, %u requests",
                          N_POINTS, N_PRODUCTS, N_REQUESTS);
  aim = g_strdup_printf ("p99 < %u ms", AIM_USEC / 1000);
  bench_print_line (what, &ours_stats, "bare indexed SELECT point_code, qty … WHERE product_code = ? AND qty > 0",
                    &ref_stats, "p50 p99 max", aim, ours_stats.p99 < AIM_USEC);

  bench_stats_compute (pushes, &push_stats);
  bench_stats_compute (snapshots, &snapshot_stats);
  g_clear_pointer (&what, g_free);
  what = g_strdup_printf ("POST /api/v1/events, one stock.moved and its snapshot of %u levels, %u pushes",
                          N_PRODUCTS, N_PUSHES);
  g_clear_pointer (&aim, g_free);
  /* The snapshot may cost what the rest of the push costs, no more. */
  aim = g_strdup_printf ("p50 ≤ 2× reference (is %.2f×, %+.2f ms)",
                         (double) push_stats.p50 / MAX (snapshot_stats.p50, 1),
                         (push_stats.p50 - snapshot_stats.p50) / 1000.0);
  bench_print_line (what, &push_stats, "the same push at a point with one product in stock (a 1-level snapshot)",
                    &snapshot_stats, "p50 p99 max", aim, push_stats.p50 <= 2 * snapshot_stats.p50);
  dis_test_rm_rf (dir);
  return 0;
}
