/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <sqlite3.h>

#include "bench-util.h"
#include "dis-test-util.h"
#include "dis-mbtiles-source.h"

/* Tile reads: 2,000 random existing tiles of the shared Torino pack (or a
 * generated one when ../shared/data is absent), read through
 * DisMbtilesSource — the full async path the map uses (worker thread,
 * "received-data" and result back on the main context) and the blocking
 * read the worker runs — next to a bare SQLite blob read of the same
 * tiles. */

#define N_TILES   2000
#define N_WARMUP  200
#define SEED      8142
#define AIM_RATIO 2.0

typedef struct { int z, x, y; } TileId;

typedef struct
{
  GBytes  *bytes;
  GError  *error;
  gboolean done;
} Result;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
exec_or_fail (sqlite3    *db,
              const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_printerr ("bench error: %s: %s\n", sql, msg);
      exit (EXIT_FAILURE);
    }
}

/* z8–14 over the same bounds as the real pack, with incompressible
 * blobs of realistic size (0.5–3 kB). */
static char *
generate_pack (const char *dir)
{
  char *path = g_build_filename (dir, "generated.mbtiles", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint8 blob[3072];

  if (sqlite3_open (path, &db) != SQLITE_OK)
    {
      g_printerr ("bench error: cannot create %s\n", path);
      exit (EXIT_FAILURE);
    }
  exec_or_fail (db, "BEGIN;"
                    "CREATE TABLE metadata (name TEXT, value TEXT);"
                    "INSERT INTO metadata VALUES ('name', 'Generated'), ('format', 'png'),"
                    " ('minzoom', '8'), ('maxzoom', '14'), ('bounds', '6.6,44.6,8.2,45.6');"
                    "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                    "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);");
  sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL);

  for (int z = 8; z <= 14; z++)
    {
      int n = 1 << z;
      int x0 = (int) ((6.6 + 180) / 360 * n), x1 = (int) ((8.2 + 180) / 360 * n);
      int y0 = (int) ((1 - asinh (tan (45.6 * G_PI / 180)) / G_PI) / 2 * n);
      int y1 = (int) ((1 - asinh (tan (44.6 * G_PI / 180)) / G_PI) / 2 * n);

      for (int x = x0; x <= x1; x++)
        for (int y = y0; y <= y1; y++)
          {
            int size = g_rand_int_range (rand, 512, sizeof blob);

            for (int i = 0; i < size; i++)
              blob[i] = g_rand_int_range (rand, 0, 256);
            sqlite3_bind_int (stmt, 1, z);
            sqlite3_bind_int (stmt, 2, x);
            sqlite3_bind_int (stmt, 3, n - 1 - y);
            sqlite3_bind_blob (stmt, 4, blob, size, SQLITE_TRANSIENT);
            if (sqlite3_step (stmt) != SQLITE_DONE)
              {
                g_printerr ("bench error: inserting a tile: %s\n", sqlite3_errmsg (db));
                exit (EXIT_FAILURE);
              }
            sqlite3_reset (stmt);
          }
    }

  sqlite3_finalize (stmt);
  exec_or_fail (db, "COMMIT");
  sqlite3_close (db);
  return path;
}

static GArray *
pick_tiles (sqlite3 *db)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (TileId));
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GArray *picked = g_array_sized_new (FALSE, FALSE, sizeof (TileId), N_WARMUP + N_TILES);

  sqlite3_prepare_v2 (db, "SELECT zoom_level, tile_column, tile_row FROM tiles", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TileId t;

      t.z = sqlite3_column_int (stmt, 0);
      t.x = sqlite3_column_int (stmt, 1);
      t.y = (1 << t.z) - 1 - sqlite3_column_int (stmt, 2);   /* XYZ row */
      g_array_append_val (all, t);
    }

  if (all->len == 0)
    {
      g_printerr ("bench error: the pack has no tiles\n");
      exit (EXIT_FAILURE);
    }

  for (guint i = 0; i < N_WARMUP + N_TILES; i++)
    g_array_append_val (picked, g_array_index (all, TileId, g_rand_int_range (rand, 0, all->len)));

  return picked;
}

static void
tile_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *res = user_data;

  res->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &res->error);
  res->done = TRUE;
}

static GBytes *
bare_read (sqlite3_stmt *stmt,
           const TileId *t)
{
  GBytes *bytes = NULL;

  sqlite3_bind_int (stmt, 1, t->z);
  sqlite3_bind_int (stmt, 2, t->x);
  sqlite3_bind_int (stmt, 3, (1 << t->z) - 1 - t->y);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return bytes;
}

int
main (int   argc,
      char *argv[])
{
  const char *shared = g_getenv ("DIS_SHARED_DATA");
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMbtilesSource) source = NULL;
  g_autoptr(GArray) tiles = NULL;
  g_autoptr(GArray) async_samples = bench_samples_new (N_TILES);
  g_autoptr(GArray) sync_samples = bench_samples_new (N_TILES);
  g_autoptr(GArray) ref_samples = bench_samples_new (N_TILES);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BenchStats async_stats, sync_stats, ref_stats;
  g_autofree char *aim = NULL;
  sqlite3 *raw = NULL;

  setlocale (LC_ALL, "");

  if (shared != NULL)
    path = g_build_filename (shared, "maps", "torino-z8-14.mbtiles", NULL);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_clear_pointer (&path, g_free);
      tmpdir = dis_test_tmpdir_new ("dis-bench-tiles");
      path = generate_pack (tmpdir);
      g_print ("# no shared pack: using a generated one\n");
    }
  g_print ("# pack: %s\n", path);

  source = dis_mbtiles_source_new (path, &error);
  if (source == NULL)
    bench_fail ("opening the pack", error);

  if (sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (raw, "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("bench error: opening the reference connection\n");
      return EXIT_FAILURE;
    }

  tiles = pick_tiles (raw);

  for (guint i = 0; i < tiles->len; i++)
    {
      const TileId *t = &g_array_index (tiles, TileId, i);
      g_autoptr(GBytes) ref = NULL;
      g_autoptr(GBytes) sync = NULL;
      Result res = { 0 };
      gint64 start, async_usec, sync_usec, ref_usec;

      /* Each connection has its own page cache: take turns at being the
       * first to touch a tile. */
      if (i % 2 == 0)
        {
          start = bench_now ();
          ref = bare_read (stmt, t);
          ref_usec = bench_now () - start;
        }

      start = bench_now ();
      sync = dis_mbtiles_source_read_tile (source, t->x, t->y, t->z, &error);
      sync_usec = bench_now () - start;
      if (sync == NULL)
        bench_fail ("blocking read", error);

      if (i % 2 == 1)
        {
          start = bench_now ();
          ref = bare_read (stmt, t);
          ref_usec = bench_now () - start;
        }

      start = bench_now ();
      shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), t->x, t->y, t->z,
                                               NULL, tile_cb, &res);
      while (!res.done)
        g_main_context_iteration (NULL, TRUE);
      async_usec = bench_now () - start;
      if (res.bytes == NULL)
        bench_fail ("async read", res.error);

      if (ref == NULL || !g_bytes_equal (ref, sync) || !g_bytes_equal (ref, res.bytes))
        {
          g_printerr ("bench error: tile %d/%d/%d differs from the bare read\n", t->z, t->x, t->y);
          return EXIT_FAILURE;
        }
      g_bytes_unref (res.bytes);

      if (i >= N_WARMUP)
        {
          bench_samples_add (async_samples, async_usec);
          bench_samples_add (sync_samples, sync_usec);
          bench_samples_add (ref_samples, ref_usec);
        }
    }

  bench_stats_compute (async_samples, &async_stats);
  bench_stats_compute (sync_samples, &sync_stats);
  bench_stats_compute (ref_samples, &ref_stats);

  aim = g_strdup_printf ("p99 within %.0f× of bare", AIM_RATIO);
  bench_print_line ("tile read, blocking (DisMbtilesSource worker path)", &sync_stats,
                    "bare sqlite3 blob read", &ref_stats, "p50 p99", aim,
                    sync_stats.p99 <= AIM_RATIO * MAX (ref_stats.p99, 1));
  /* The async path adds a thread hop and a main-loop dispatch; its aim is
   * the frame budget, not the bare read. */
  bench_print_line ("tile read, async round trip (worker + received-data)", &async_stats,
                    "bare sqlite3 blob read", &ref_stats, "p50 p99", "p99 < 1 ms",
                    async_stats.p99 < 1000);

  sqlite3_finalize (g_steal_pointer (&stmt));
  sqlite3_close (raw);
  g_clear_object (&source);
  if (tmpdir != NULL)
    dis_test_rm_rf (tmpdir);
  return EXIT_SUCCESS;
}
