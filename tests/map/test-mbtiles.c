/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "dis-mbtiles-source.h"
#include "dis-pack.h"

/* Three tiles with distinct images; the second and third share z and x
 * so that a missing or wrong TMS flip returns the wrong one. */
static const struct { int z, x, y; double r, g, b; } tiles[] = {
  { 1, 0, 0, 1.0, 0.0, 0.0 },
  { 2, 3, 1, 0.0, 1.0, 0.0 },
  { 2, 3, 2, 0.0, 0.0, 1.0 },
};

typedef struct
{
  char   *dir;
  char   *path;
  GBytes *png[G_N_ELEMENTS (tiles)];
} Fixture;

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_png (double r,
          double g,
          double b)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *buf = g_byte_array_new ();

  cairo_set_source_rgb (cr, r, g, b);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1 - r, 1 - g, 1 - b);
  cairo_rectangle (cr, 64, 64, 128, 128);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, buf), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (buf);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

/* An MBTiles file; @with_tiles FALSE leaves out the tiles table. */
static void
write_pack (const char *path,
            const char *format,
            gboolean    with_tiles,
            GBytes    **png,
            guint       n_png)
{
  sqlite3 *db = NULL;
  g_autofree char *meta = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  meta = g_strdup_printf ("CREATE TABLE metadata (name TEXT, value TEXT);"
                          "INSERT INTO metadata VALUES ('name', 'Test pack'), ('format', '%s'),"
                          " ('minzoom', '1'), ('maxzoom', '3'), ('bounds', '6.6,44.6,8.2,45.6'),"
                          " ('attribution', 'Test data CC0');", format);
  exec_sql (db, meta);

  if (with_tiles)
    {
      sqlite3_stmt *stmt = NULL;

      exec_sql (db, "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                    "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);");
      g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
      for (guint i = 0; i < n_png; i++)
        {
          gsize size;
          gconstpointer data = g_bytes_get_data (png[i], &size);

          sqlite3_bind_int (stmt, 1, tiles[i].z);
          sqlite3_bind_int (stmt, 2, tiles[i].x);
          sqlite3_bind_int (stmt, 3, (1 << tiles[i].z) - 1 - tiles[i].y);
          sqlite3_bind_blob (stmt, 4, data, size, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_reset (stmt);
        }
      sqlite3_finalize (stmt);
    }

  sqlite3_close (db);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dis-test-mbtiles-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "pack.mbtiles", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    f->png[i] = make_png (tiles[i].r, tiles[i].g, tiles[i].b);
  write_pack (f->path, "png", TRUE, f->png, G_N_ELEMENTS (tiles));
}

static void
remove_dir (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_clear_pointer (&dir, g_dir_close);
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    g_bytes_unref (f->png[i]);
  remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ---- Async reads ------------------------------------------------------ */

typedef struct
{
  GMainLoop *loop;
  GBytes    *received;     /* from "received-data" */
  int        rx, ry, rz;
  guint      n_received;
  gboolean   received_before_result;
  GBytes    *result;
  GError    *error;
  GThread   *main_thread;
} Request;

static void
on_received_data (ShumateDataSource *source,
                  int                x,
                  int                y,
                  int                zoom,
                  GBytes            *bytes,
                  Request           *req)
{
  g_assert_true (g_thread_self () == req->main_thread);
  req->n_received++;
  req->rx = x;
  req->ry = y;
  req->rz = zoom;
  g_clear_pointer (&req->received, g_bytes_unref);
  req->received = g_bytes_ref (bytes);
}

static void
on_tile_data (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Request *req = user_data;

  g_assert_true (g_thread_self () == req->main_thread);
  req->received_before_result = req->n_received > 0;
  req->result = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &req->error);
  g_main_loop_quit (req->loop);
}

static void
request_tile (DisMbtilesSource *source,
              int               x,
              int               y,
              int               z,
              Request          *req)
{
  gulong id;

  memset (req, 0, sizeof *req);
  req->loop = g_main_loop_new (NULL, FALSE);
  req->main_thread = g_thread_self ();
  id = g_signal_connect (source, "received-data", G_CALLBACK (on_received_data), req);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), x, y, z, NULL, on_tile_data, req);
  g_main_loop_run (req->loop);
  g_signal_handler_disconnect (source, id);
  g_main_loop_unref (req->loop);
}

static void
request_clear (Request *req)
{
  g_clear_pointer (&req->received, g_bytes_unref);
  g_clear_pointer (&req->result, g_bytes_unref);
  g_clear_error (&req->error);
}

static void
test_read_tiles (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMbtilesSource) source = dis_mbtiles_source_new (f->path, &error);
  double w, s, e, n;

  g_assert_no_error (error);
  g_assert_nonnull (source);
  g_assert_cmpstr (dis_mbtiles_source_get_name (source), ==, "Test pack");
  g_assert_cmpstr (dis_mbtiles_source_get_attribution (source), ==, "Test data CC0");
  g_assert_cmpuint (dis_mbtiles_source_get_min_zoom (source), ==, 1);
  g_assert_cmpuint (dis_mbtiles_source_get_max_zoom (source), ==, 3);
  dis_mbtiles_source_get_bounds (source, &w, &s, &e, &n);
  g_assert_cmpfloat_with_epsilon (w, 6.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (s, 44.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (e, 8.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (n, 45.6, 1e-9);

  /* The images really differ, so equality below means the right tile. */
  g_assert_false (g_bytes_equal (f->png[1], f->png[2]));

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      Request req;

      request_tile (source, tiles[i].x, tiles[i].y, tiles[i].z, &req);
      g_assert_no_error (req.error);
      g_assert_nonnull (req.result);
      g_assert_true (g_bytes_equal (req.result, f->png[i]));
      g_assert_cmpuint (req.n_received, ==, 1);
      g_assert_true (req.received_before_result);
      g_assert_true (g_bytes_equal (req.received, f->png[i]));
      g_assert_cmpint (req.rx, ==, tiles[i].x);
      g_assert_cmpint (req.ry, ==, tiles[i].y);
      g_assert_cmpint (req.rz, ==, tiles[i].z);
      request_clear (&req);
    }
}

static void
test_missing_tile (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMbtilesSource) source = dis_mbtiles_source_new (f->path, &error);
  /* Absent rows; out of the zoom range; off the tile grid. */
  static const int missing[][3] = { { 0, 0, 2 }, { 3, 3, 2 }, { 0, 0, 0 }, { 0, 0, 9 }, { 5, 0, 1 }, { -1, 0, 2 } };

  g_assert_no_error (error);

  /* g_test_init() made warnings and criticals fatal: a warning here
   * would abort the test. */
  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      Request req;

      request_tile (source, missing[i][0], missing[i][1], missing[i][2], &req);
      g_assert_error (req.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_null (req.result);
      g_assert_cmpuint (req.n_received, ==, 0);
      request_clear (&req);
    }
}

static void
on_cancelled_tile (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Request *req = user_data;

  req->result = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &req->error);
  g_main_loop_quit (req->loop);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMbtilesSource) source = dis_mbtiles_source_new (f->path, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Request req = { 0 };

  g_assert_no_error (error);
  req.loop = g_main_loop_new (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), 0, 0, 1, cancellable,
                                           on_cancelled_tile, &req);
  g_main_loop_run (req.loop);
  g_assert_error (req.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_main_loop_unref (req.loop);
  request_clear (&req);
}

static void
test_blocking_read (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMbtilesSource) source = dis_mbtiles_source_new (f->path, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = dis_mbtiles_source_read_tile (source, 3, 2, 2, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, f->png[2]));
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = dis_mbtiles_source_read_tile (source, 3, 0, 2, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (bytes);
}

static void
test_renderer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMbtilesSource) source = dis_mbtiles_source_new (f->path, &error);
  g_autoptr(ShumateMapSource) renderer = NULL;

  g_assert_no_error (error);
  renderer = dis_mbtiles_source_create_renderer (source);
  g_assert_true (SHUMATE_IS_RASTER_RENDERER (renderer));
  g_assert_cmpstr (shumate_map_source_get_license (renderer), ==, "Test data CC0");
  g_assert_cmpstr (shumate_map_source_get_name (renderer), ==, "Test pack");
  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (renderer), ==, 1);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (renderer), ==, 3);
  g_assert_cmpuint (shumate_map_source_get_tile_size (renderer), ==, 256);
  g_assert_cmpint (shumate_map_source_get_projection (renderer), ==, SHUMATE_MAP_PROJECTION_MERCATOR);

  g_clear_object (&renderer);
  g_assert_finalize_object (g_steal_pointer (&source));
}

/* The contract that matters to the map: the raster renderer over our
 * source turns a tile into a 256-pixel image (it decodes only what comes
 * through "received-data"), and a missing tile fails without a warning. */
typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Fill;

static void
on_filled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fill *fill = user_data;

  fill->ok = shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &fill->error);
  g_main_loop_quit (fill->loop);
}

static void
fill_tile (ShumateMapSource *renderer,
           ShumateTile      *tile,
           Fill             *fill)
{
  fill->loop = g_main_loop_new (NULL, FALSE);
  shumate_map_source_fill_tile_async (renderer, tile, NULL, on_filled, fill);
  g_main_loop_run (fill->loop);
  g_main_loop_unref (fill->loop);
}

static void
test_renderer_fill (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMbtilesSource) source = dis_mbtiles_source_new (f->path, &error);
  g_autoptr(ShumateMapSource) renderer = NULL;
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (3, 2, 256, 2);
  g_autoptr(ShumateTile) missing = shumate_tile_new_full (0, 0, 256, 2);
  GdkPaintable *paintable;
  Fill fill = { 0 };

  g_assert_no_error (error);
  renderer = dis_mbtiles_source_create_renderer (source);

  fill_tile (renderer, tile, &fill);
  g_assert_no_error (fill.error);
  g_assert_true (fill.ok);
  paintable = shumate_tile_get_paintable (tile);
  g_assert_nonnull (paintable);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 256);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 256);

  memset (&fill, 0, sizeof fill);
  fill_tile (renderer, missing, &fill);
  g_assert_false (fill.ok);
  g_assert_nonnull (fill.error);
  g_assert_null (shumate_tile_get_paintable (missing));
  g_clear_error (&fill.error);
}

/* ---- Broken packs ----------------------------------------------------- */

static void
assert_refused (const char *path,
                GQuark      domain,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisPackInfo) info = NULL;
  g_autoptr(DisMbtilesSource) source = NULL;

  g_assert_false (dis_pack_validate (path, &info, &error));
  g_assert_error (error, domain, code);
  g_assert_null (info);
  g_test_message ("%s: %s", path, error->message);
  if (words != NULL)
    g_assert_nonnull (strstr (error->message, words));
  g_clear_error (&error);

  source = dis_mbtiles_source_new (path, &error);
  g_assert_error (error, domain, code);
  g_assert_null (source);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "random.mbtiles", NULL);
  g_autofree char *noise = g_malloc (64 * 1024);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 64 * 1024; i++)
    noise[i] = (char) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  g_file_set_contents (path, noise, 64 * 1024, &error);
  g_assert_no_error (error);

  assert_refused (path, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "damaged");
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (f->dir, "half.mbtiles", NULL);
  g_autoptr(GError) error = NULL;
  gsize size;

  /* A download cut halfway: the header says more pages than are there. */
  g_file_get_contents (f->path, &contents, &size, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, size / 2, &error);
  g_assert_no_error (error);

  assert_refused (path, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, NULL);
}

static void
test_no_tiles_table (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "notiles.mbtiles", NULL);

  write_pack (path, "png", FALSE, NULL, 0);
  assert_refused (path, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "tiles");
}

static void
test_empty_tiles (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "empty.mbtiles", NULL);

  write_pack (path, "png", TRUE, NULL, 0);
  assert_refused (path, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no tiles");
}

static void
test_not_png (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "vector.mbtiles", NULL);

  write_pack (path, "pbf", TRUE, f->png, G_N_ELEMENTS (tiles));
  assert_refused (path, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "pbf");
}

static void
test_bad_metadata (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const edits[] = {
    "UPDATE metadata SET value = '23' WHERE name = 'maxzoom'",
    "UPDATE metadata SET value = '4' WHERE name = 'minzoom'",
    "UPDATE metadata SET value = 'x' WHERE name = 'minzoom'",
    "UPDATE metadata SET value = '6.6,44.6,8.2' WHERE name = 'bounds'",
    "UPDATE metadata SET value = '8.2,44.6,6.6,45.6' WHERE name = 'bounds'",
    "DELETE FROM metadata WHERE name = 'name'",
    "DROP TABLE metadata",
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/meta-%u.mbtiles", f->dir, i);
      sqlite3 *db = NULL;

      write_pack (path, "png", TRUE, f->png, G_N_ELEMENTS (tiles));
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      exec_sql (db, edits[i]);
      sqlite3_close (db);

      assert_refused (path, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, NULL);
    }
}

static void
test_missing_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "nothing.mbtiles", NULL);

  assert_refused (path, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, NULL);
}

static void
test_valid_info (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisPackInfo) info = NULL;
  g_autoptr(DisPackInfo) copy = NULL;

  g_assert_true (dis_pack_validate (f->path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info->name, ==, "Test pack");
  g_assert_cmpstr (info->format, ==, "png");
  g_assert_cmpint (info->n_tiles, ==, G_N_ELEMENTS (tiles));
  g_assert_cmpint (info->size_bytes, >, 0);

  copy = dis_pack_info_copy (info);
  g_assert_cmpstr (copy->attribution, ==, info->attribution);
  g_assert_true (copy->attribution != info->attribution);
}

/* ---- The real pack ---------------------------------------------------- */

static void
test_real_pack (void)
{
  const char *shared = g_getenv ("DIS_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DisPackInfo) info = NULL;
  g_autoptr(DisMbtilesSource) source = NULL;
  g_autoptr(GBytes) bytes = NULL;
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  int n, x, y;

  if (shared == NULL)
    {
      g_test_skip ("DIS_SHARED_DATA is not set");
      return;
    }
  path = g_build_filename (shared, "maps", "torino-z8-14.mbtiles", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The shared region pack is not there");
      return;
    }

  g_assert_true (dis_pack_validate (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info->min_zoom, ==, 8);
  g_assert_cmpuint (info->max_zoom, ==, 14);
  g_assert_cmpint (info->n_tiles, ==, 6561);
  g_assert_nonnull (info->attribution);

  source = dis_mbtiles_source_new (path, &error);
  g_assert_no_error (error);

  /* The tile over Piazza Castello (45.0712 N, 7.6858 E) at zoom 12. */
  n = 1 << 12;
  x = (int) ((7.6858 + 180.0) / 360.0 * n);
  y = (int) ((1.0 - asinh (tan (45.0712 * G_PI / 180.0)) / G_PI) / 2.0 * n);
  bytes = dis_mbtiles_source_read_tile (source, x, y, 12, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, sizeof png_magic);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), sizeof png_magic, png_magic, sizeof png_magic);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/map/mbtiles/read", Fixture, NULL, fixture_setup, test_read_tiles, fixture_teardown);
  g_test_add ("/map/mbtiles/missing", Fixture, NULL, fixture_setup, test_missing_tile, fixture_teardown);
  g_test_add ("/map/mbtiles/cancelled", Fixture, NULL, fixture_setup, test_cancelled, fixture_teardown);
  g_test_add ("/map/mbtiles/blocking", Fixture, NULL, fixture_setup, test_blocking_read, fixture_teardown);
  g_test_add ("/map/mbtiles/renderer", Fixture, NULL, fixture_setup, test_renderer, fixture_teardown);
  g_test_add ("/map/mbtiles/renderer-fill", Fixture, NULL, fixture_setup, test_renderer_fill, fixture_teardown);
  g_test_add ("/map/pack/valid", Fixture, NULL, fixture_setup, test_valid_info, fixture_teardown);
  g_test_add ("/map/pack/corrupt", Fixture, NULL, fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/map/pack/truncated", Fixture, NULL, fixture_setup, test_truncated, fixture_teardown);
  g_test_add ("/map/pack/no-tiles-table", Fixture, NULL, fixture_setup, test_no_tiles_table, fixture_teardown);
  g_test_add ("/map/pack/empty", Fixture, NULL, fixture_setup, test_empty_tiles, fixture_teardown);
  g_test_add ("/map/pack/not-png", Fixture, NULL, fixture_setup, test_not_png, fixture_teardown);
  g_test_add ("/map/pack/bad-metadata", Fixture, NULL, fixture_setup, test_bad_metadata, fixture_teardown);
  g_test_add ("/map/pack/missing-file", Fixture, NULL, fixture_setup, test_missing_file, fixture_teardown);
  g_test_add_func ("/map/pack/real", test_real_pack);

  return g_test_run ();
}
