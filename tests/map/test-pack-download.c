/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-pack-download"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "dis-pack.h"
#include "dis-pack-manager.h"
#include "dis-test-hub.h"
#include "dis-test-proxy.h"
#include "dis-test-util.h"

/* DisPackManager against a real disotto-hub on 127.0.0.1, through a
 * loopback proxy owned by the test that records requests and replies and
 * can cut a reply after a number of bytes. Every wait is bounded. */

/* ---- Packs ---------------------------------------------------------------- */

/* A small valid pack: @n_tiles tiles of 4 KiB of noise (the manager checks
 * the database, not the images), seeded so two packs differ. */
static void
make_pack (const char *path,
           const char *name,
           guint       n_tiles,
           guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint8 blob[4096];

  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE metadata (name TEXT, value TEXT);"
                                 "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,"
                                 "  tile_row INTEGER, tile_data BLOB);"
                                 "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"
                                 "BEGIN;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO metadata VALUES (?1, ?2)", -1, &stmt, NULL), ==, SQLITE_OK);
  {
    const char *meta[][2] = {
      { "name", name }, { "format", "png" }, { "minzoom", "8" }, { "maxzoom", "9" },
      { "bounds", "7.5,44.9,7.9,45.2" }, { "attribution", "test data" }, { "type", "baselayer" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
      {
        sqlite3_bind_text (stmt, 1, meta[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, meta[i][1], -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
        sqlite3_reset (stmt);
      }
  }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_tiles; i++)
    {
      for (guint j = 0; j < sizeof blob; j += 4)
        *(guint32 *) (blob + j) = g_rand_int (rand);
      memcpy (blob, "\x89PNG\r\n\x1a\n", 8);
      sqlite3_bind_int (stmt, 1, 8 + (i % 2));
      sqlite3_bind_int (stmt, 2, 130 + i / 64);
      sqlite3_bind_int (stmt, 3, i % 64);
      sqlite3_bind_blob (stmt, 4, blob, sizeof blob, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (dis_pack_validate (path, NULL, NULL));
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *da = NULL, *db = NULL;
  gsize la = 0, lb = 0;

  g_assert_true (g_file_get_contents (a, &da, &la, NULL));
  g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
  g_assert_cmpuint (la, ==, lb);
  g_assert_true (memcmp (da, db, la) == 0);
}

/* ---- Fixture -------------------------------------------------------------- */

typedef struct
{
  DisTestNetwork  net;
  char           *active;
  char           *pack_a;
  char           *pack_b;
  DisTestProxy   *proxy;
  DisPackManager *manager;
  guint           changed;
  gboolean        done;
  gboolean        result;
  GError         *error;
  double          max_progress;
} Fixture;

/* Sets the hub's pack; returns the path of the hub's stored copy. */
static char *
hub_set_pack (Fixture    *f,
              const char *file)
{
  g_autofree char *out = NULL;
  const char *start, *end;

  g_assert_cmpint (dis_test_hub_run (f->net.hub, &out, NULL, "map", "set-pack", file, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "map pack set: "));
  start = out + strlen ("map pack set: ");
  end = strstr (start, " (");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
changed_cb (DisPackManager *manager,
            Fixture        *f)
{
  f->changed++;
}

static void
progress_cb (DisPackManager *manager,
             GParamSpec     *pspec,
             Fixture        *f)
{
  f->max_progress = MAX (f->max_progress, dis_pack_manager_get_progress (manager));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *ini = NULL, *ini_path = NULL, *token_path = NULL;

  dis_test_network_init (&f->net, "test-pack", NULL);
  f->active = g_build_filename (f->net.dir, "data", "disotto", "region.mbtiles", NULL);
  f->pack_a = g_build_filename (f->net.dir, "a.mbtiles", NULL);
  f->pack_b = g_build_filename (f->net.dir, "b.mbtiles", NULL);
  make_pack (f->pack_a, "Pack A", 96, 1);
  make_pack (f->pack_b, "Pack B", 80, 2);

  dis_test_hub_start (f->net.hub, 0, NULL);
  f->proxy = dis_test_proxy_new (f->net.hub->port);

  /* The enrolment, in the format the sync client writes. */
  g_assert_cmpint (g_mkdir_with_parents (f->net.config_dir, 0700), ==, 0);
  ini_path = g_build_filename (f->net.config_dir, "hub.ini", NULL);
  token_path = g_build_filename (f->net.config_dir, "token", NULL);
  ini = g_strdup_printf ("[hub]\nurl=http://127.0.0.1:%u\nfingerprint=\n", f->proxy->port);
  g_assert_true (g_file_set_contents (ini_path, ini, -1, NULL));
  g_assert_true (g_file_set_contents (token_path, f->net.token, -1, NULL));

  f->manager = dis_pack_manager_new (f->active);
  dis_pack_manager_set_config_dir (f->manager, f->net.config_dir);
  g_signal_connect (f->manager, "pack-changed", G_CALLBACK (changed_cb), f);
  g_signal_connect (f->manager, "notify::progress", G_CALLBACK (progress_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* A worker thread of GTask may hold its task (and so the manager) a
   * moment after the callback ran: wait for it, boundedly, then require
   * that nothing else keeps the manager alive. */
  {
    gpointer weak = f->manager;
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (f->manager), &weak);
    g_clear_object (&f->manager);
    while (weak != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_null (weak);
  }
  dis_test_network_clear (&f->net);
  dis_test_proxy_free (f->proxy);
  g_clear_error (&f->error);
  g_free (f->active);
  g_free (f->pack_a);
  g_free (f->pack_b);
}

/* ---- Running the manager -------------------------------------------------- */

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting for the pack manager");
  return G_SOURCE_REMOVE;
}

static void
wait_done (Fixture *f)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, NULL);

  while (!f->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  Fixture *f = data;

  g_clear_error (&f->error);
  f->result = dis_pack_manager_download_finish (DIS_PACK_MANAGER (object), result, &f->error);
  f->done = TRUE;
}

static void
download (Fixture *f)
{
  f->done = FALSE;
  dis_pack_manager_download_async (f->manager, NULL, download_cb, f);
  g_assert_true (dis_pack_manager_get_downloading (f->manager));
  wait_done (f);
  g_assert_false (dis_pack_manager_get_downloading (f->manager));
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  Fixture *f = data;

  g_clear_error (&f->error);
  f->result = dis_pack_manager_import_finish (DIS_PACK_MANAGER (object), result, &f->error);
  f->done = TRUE;
}

static void
import (Fixture    *f,
        const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->done = FALSE;
  dis_pack_manager_import_async (f->manager, file, NULL, import_cb, f);
  wait_done (f);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* ---- Tests ---------------------------------------------------------------- */

static void
test_download_then_not_modified (Fixture       *f,
                                 gconstpointer  data)
{
  const DisPackInfo *info;

  g_assert_null (dis_pack_manager_get_active_path (f->manager));
  g_free (hub_set_pack (f, f->pack_a));

  download (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_cmpstr (dis_pack_manager_get_active_path (f->manager), ==, f->active);
  g_assert_null (dis_pack_manager_get_last_error (f->manager));
  assert_same_file (f->active, f->pack_a);
  g_assert_cmpfloat (f->max_progress, ==, 1.0);
  g_assert_cmpuint (dis_pack_manager_get_bytes_total (f->manager), ==, file_size (f->pack_a));
  info = dis_pack_manager_get_info (f->manager);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->name, ==, "Pack A");
  g_assert_true (dis_test_proxy_saw_status (f->proxy, "200"));

  /* Again: the hub answers 304 and nothing is downloaded or replaced. */
  dis_test_proxy_reset (f->proxy, -1);
  download (f);
  g_assert_no_error (f->error);
  g_assert_false (f->result);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_true (dis_test_proxy_saw_request_text (f->proxy, "If-None-Match: \""));
  g_assert_true (dis_test_proxy_saw_status (f->proxy, "304"));
  g_assert_false (dis_test_proxy_saw_status (f->proxy, "200"));
  assert_same_file (f->active, f->pack_a);

  /* A new pack on the hub is downloaded in its place. */
  g_free (hub_set_pack (f, f->pack_b));
  dis_test_proxy_reset (f->proxy, -1);
  download (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result);
  g_assert_cmpuint (f->changed, ==, 2);
  assert_same_file (f->active, f->pack_b);
  g_assert_cmpstr (dis_pack_manager_get_info (f->manager)->name, ==, "Pack B");
}

static void
test_cut_and_resume (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *part = g_strconcat (f->active, ".part", NULL);
  gint64 size = file_size (f->pack_a);
  g_autofree char *range = NULL;

  g_free (hub_set_pack (f, f->pack_a));

  /* The connection dies halfway through the body. */
  dis_test_proxy_reset (f->proxy, size / 2);
  download (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_false (f->result);
  g_assert_cmpuint (f->changed, ==, 0);
  g_assert_null (dis_pack_manager_get_active_path (f->manager));
  g_assert_false (g_file_test (f->active, G_FILE_TEST_EXISTS));
  g_assert_nonnull (dis_pack_manager_get_last_error (f->manager));
  g_assert_nonnull (strstr (dis_pack_manager_get_last_error (f->manager), "interrupted"));
  g_assert_cmpint (file_size (part), >, 0);
  g_assert_cmpint (file_size (part), <, size);

  /* Next time it asks for the rest only, and ends with the whole file. */
  range = g_strdup_printf ("Range: bytes=%" G_GINT64_FORMAT "-", file_size (part));
  dis_test_proxy_reset (f->proxy, -1);
  download (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result);
  g_assert_true (dis_test_proxy_saw_request_text (f->proxy, range));
  g_assert_true (dis_test_proxy_saw_request_text (f->proxy, "If-Range: \""));
  g_assert_true (dis_test_proxy_saw_status (f->proxy, "206"));
  g_assert_false (dis_test_proxy_saw_status (f->proxy, "200"));
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_null (dis_pack_manager_get_last_error (f->manager));
  assert_same_file (f->active, f->pack_a);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_corrupt_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *part = g_strconcat (f->active, ".part", NULL);
  g_autofree char *stored = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  /* set-pack refuses a broken file outright. */
  g_assert_true (g_file_set_contents (f->pack_b, "not a map at all", -1, NULL));
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "map", "set-pack", f->pack_b, NULL), ==, 1);

  g_free (hub_set_pack (f, f->pack_a));
  download (f);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->changed, ==, 1);

  /* A valid new pack, then its stored copy rots on the hub's disk. */
  make_pack (f->pack_b, "Pack B", 80, 2);
  stored = hub_set_pack (f, f->pack_b);
  g_assert_true (g_file_get_contents (stored, &contents, &length, NULL));
  memset (contents + 4096, 0x5a, length - 8192);
  g_assert_true (g_file_set_contents (stored, contents, length, NULL));

  download (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (f->result);
  g_assert_cmpuint (f->changed, ==, 1);
  g_test_message ("last error: %s", dis_pack_manager_get_last_error (f->manager));
  g_assert_nonnull (strstr (dis_pack_manager_get_last_error (f->manager), "refused"));
  g_assert_nonnull (strstr (dis_pack_manager_get_last_error (f->manager), "current map stays in use"));
  /* The old pack stays, and the broken download is gone. */
  g_assert_cmpstr (dis_pack_manager_get_active_path (f->manager), ==, f->active);
  assert_same_file (f->active, f->pack_a);
  g_assert_cmpstr (dis_pack_manager_get_info (f->manager)->name, ==, "Pack A");
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *junk = g_build_filename (f->net.dir, "junk.mbtiles", NULL);

  import (f, f->pack_a);
  g_assert_no_error (f->error);
  g_assert_true (f->result);
  g_assert_cmpuint (f->changed, ==, 1);
  assert_same_file (f->active, f->pack_a);

  g_assert_true (g_file_set_contents (junk, "SQLite format 3\0garbage", 24, NULL));
  import (f, junk);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_nonnull (dis_pack_manager_get_last_error (f->manager));
  assert_same_file (f->active, f->pack_a);

  import (f, f->pack_b);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->changed, ==, 2);
  g_assert_null (dis_pack_manager_get_last_error (f->manager));
  assert_same_file (f->active, f->pack_b);
}

static void
test_not_enrolled (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = g_build_filename (f->net.config_dir, "token", NULL);

  g_free (hub_set_pack (f, f->pack_a));
  g_assert_true (dis_pack_manager_can_download (f->manager));
  g_unlink (token);
  g_assert_false (dis_pack_manager_can_download (f->manager));
  f->done = FALSE;
  dis_pack_manager_download_async (f->manager, NULL, download_cb, f);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_cmpuint (f->changed, ==, 0);
}

static void
test_no_pack_on_hub (Fixture       *f,
                     gconstpointer  data)
{
  download (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (dis_pack_manager_get_last_error (f->manager), ==, "The hub has no map pack yet");
  g_assert_true (dis_test_proxy_saw_status (f->proxy, "404"));
  g_assert_null (dis_pack_manager_get_active_path (f->manager));
}


/* ---- The pack builder (disotto-hub map build) ----------------------------- */

/* Builds z8–9 over a small bbox and checks the result: valid, and a tile
 * near Turin that is not one flat colour. */
static void
build_and_check (const char * const *layers)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dis_test_tmpdir_new ("test-pack-build");
  g_autofree char *out = g_build_filename (dir, "tiny.mbtiles", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(DisPackInfo) info = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const guint8 *pixels;
  gboolean uniform = TRUE;
  int stride, channels;

  g_ptr_array_add (argv, (char *) g_getenv ("DIS_HUB"));
  g_ptr_array_add (argv, (char *) "map");
  g_ptr_array_add (argv, (char *) "build");
  g_ptr_array_add (argv, (char *) "--out");
  g_ptr_array_add (argv, out);
  g_ptr_array_add (argv, (char *) "--bbox");
  g_ptr_array_add (argv, (char *) "7.5,44.95,7.85,45.2");
  g_ptr_array_add (argv, (char *) "--minzoom");
  g_ptr_array_add (argv, (char *) "8");
  g_ptr_array_add (argv, (char *) "--maxzoom");
  g_ptr_array_add (argv, (char *) "9");
  g_ptr_array_add (argv, (char *) "--attribution");
  g_ptr_array_add (argv, (char *) "test layers");
  for (guint i = 0; layers[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) layers[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (dis_pack_validate (out, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info->min_zoom, ==, 8);
  g_assert_cmpuint (info->max_zoom, ==, 9);
  g_assert_cmpstr (info->attribution, ==, "test layers");
  g_assert_cmpfloat_with_epsilon (info->west, 7.5, 1e-9);

  /* Torino (45.07, 7.69) at z9 is x 266, y 183; TMS row 511 - 183. */
  g_assert_cmpint (sqlite3_open_v2 (out, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT tile_data FROM tiles WHERE zoom_level = 9"
                                           " AND tile_column = 266 AND tile_row = 328", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (gdk_pixbuf_loader_write (loader, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 256);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  for (int y = 0; y < 256 && uniform; y++)
    for (int x = 0; x < 256 && uniform; x++)
      uniform = memcmp (pixels + y * stride + x * channels, pixels, 3) == 0;
  g_assert_false (uniform);

  dis_test_rm_rf (dir);
}

static void
test_build_synthetic (void)
{
  g_autofree char *dir = dis_test_tmpdir_new ("test-pack-geo");
  g_autofree char *places = g_build_filename (dir, "places.geojson", NULL);
  g_autofree char *rivers = g_build_filename (dir, "rivers.geojson", NULL);
  const char *layers[] = { "--places", places, "--rivers", rivers, NULL };

  g_assert_true (g_file_set_contents (places,
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[7.6869,45.0703]},"
    "\"properties\":{\"name\":\"Torino\",\"pop\":850000}}]}", -1, NULL));
  g_assert_true (g_file_set_contents (rivers,
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[7.55,44.98],[7.7,45.05],[7.8,45.15]]}}]}",
    -1, NULL));
  build_and_check (layers);
  dis_test_rm_rf (dir);
}

static void
test_build_shared (void)
{
  const char *shared = g_getenv ("DIS_SHARED_DATA");
  g_autofree char *geo = shared ? g_build_filename (shared, "geo", NULL) : NULL;
  g_autofree char *boundaries = NULL, *places = NULL, *rivers = NULL, *borders = NULL;

  if (geo == NULL || !g_file_test (geo, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no ../shared/data/geo");
      return;
    }
  boundaries = g_build_filename (geo, "comuni-torino.geojson", NULL);
  places = g_build_filename (geo, "places.geojson", NULL);
  rivers = g_build_filename (geo, "rivers.geojson", NULL);
  borders = g_build_filename (geo, "borders.geojson", NULL);
  {
    const char *layers[] = { "--boundaries", boundaries, "--places", places, "--rivers", rivers,
                             "--borders", borders, NULL };

    build_and_check (layers);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/pack-download/ok-then-304", test_download_then_not_modified);
  ADD ("/pack-download/cut-and-resume", test_cut_and_resume);
  ADD ("/pack-download/corrupt-refused", test_corrupt_refused);
  ADD ("/pack-download/import", test_import);
  ADD ("/pack-download/not-enrolled", test_not_enrolled);
  ADD ("/pack-download/no-pack-on-hub", test_no_pack_on_hub);
#undef ADD
  g_test_add_func ("/pack-build/synthetic", test_build_synthetic);
  g_test_add_func ("/pack-build/shared-data", test_build_shared);

  return g_test_run ();
}
