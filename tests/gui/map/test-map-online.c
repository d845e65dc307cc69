/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dis-core.h"
#include "dis-map-page-private.h"
#include "dis-test-gui.h"
#include "dis-test-map.h"
#include "dis-test-util.h"

/* The Map page's optional online layer, against a tile server on the
 * loopback interface that answers every /{z}/{x}/{y}.png with one magenta
 * tile: the layer shows, is credited, is cached, gives way to the region
 * pack when the server is gone, and goes when switched off. */

/* Iterates the main context until @cond holds; fails after @secs. */
#define WAIT_UNTIL_FOR(cond, secs) DIS_TEST_WAIT_UNTIL (cond, secs)
#define WAIT_UNTIL(cond) WAIT_UNTIL_FOR (cond, 10)

#define TORINO_LAT   45.0703
#define TORINO_LON   7.6869
/* Four zoom-11 tiles west of Turin, still inside the pack (6.6–8.2 E):
 * no tile seen around Turin reaches it. */
#define WEST_LAT     45.0703
#define WEST_LON     6.98
#define ZOOM         11
#define ATTRIBUTION  "Test tiles © Magenta Mapping Ltd"

typedef struct
{
  SoupServer *server;
  GBytes     *png;
  GHashTable *requested;   /* "z/x/y" → count */
  guint       n_requests;
  guint       n_bad;       /* requests for anything but a tile */
  guint       port;
} TileServer;

typedef struct
{
  char       *dir;
  DisStore   *store;
  GtkWindow  *window;
  DisMapPage *page;
  TileServer  tiles;
} Fixture;

/* ---- The tile server ---------------------------------------------------- */

static cairo_status_t
write_png_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
magenta_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 1, 0, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, write_png_cb, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static void
tile_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  TileServer *tiles = user_data;
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  int z, x, y;
  char end;

  tiles->n_requests++;

  /* "", z, x, "y.png" */
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0 ||
      g_strv_length (parts) != 4 ||
      sscanf (path, "/%d/%d/%d.pn%c", &z, &x, &y, &end) != 4 || end != 'g' ||
      !g_str_has_suffix (path, ".png") ||
      z < 0 || z > 19 || x < 0 || y < 0 || x >= 1 << z || y >= 1 << z)
    {
      tiles->n_bad++;
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  {
    g_autofree char *key = g_strdup_printf ("%d/%d/%d", z, x, y);
    guint n = GPOINTER_TO_UINT (g_hash_table_lookup (tiles->requested, key));

    g_hash_table_replace (tiles->requested, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
  }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (tiles->png, NULL),
                                    g_bytes_get_size (tiles->png));
}

static void
tile_server_start (TileServer *tiles)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  tiles->png = magenta_png ();
  tiles->requested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tiles->server = soup_server_new ("server-header", "dis-test-tiles ", NULL);
  soup_server_add_handler (tiles->server, "/", tile_handler, tiles, NULL);
  /* 127.0.0.1 only, a free port. */
  g_assert_true (soup_server_listen_local (tiles->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (tiles->server);
  g_assert_nonnull (uris);
  g_assert_cmpstr (g_uri_get_host (uris->data), ==, "127.0.0.1");
  tiles->port = g_uri_get_port (uris->data);
  g_assert_cmpuint (tiles->port, >, 0);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

/* Closes the listening socket and every open connection: "offline". */
static void
tile_server_stop (TileServer *tiles)
{
  if (tiles->server != NULL)
    soup_server_disconnect (tiles->server);
}

static void
tile_server_free (TileServer *tiles)
{
  tile_server_stop (tiles);
  g_clear_object (&tiles->server);
  g_clear_pointer (&tiles->png, g_bytes_unref);
  g_clear_pointer (&tiles->requested, g_hash_table_unref);
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  gboolean enabled = GPOINTER_TO_INT (data);

  tile_server_start (&fixture->tiles);

  /* Turin at zoom 11, inside the pack. */
  g_settings_set_double (settings, "map-latitude", TORINO_LAT);
  g_settings_set_double (settings, "map-longitude", TORINO_LON);
  g_settings_set_double (settings, "map-zoom", ZOOM);
  g_settings_reset (settings, "map-selected-point");

  url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", fixture->tiles.port);
  g_settings_set_string (settings, "map-online-url", url);
  g_settings_set_string (settings, "map-online-attribution", ATTRIBUTION);
  g_settings_set_boolean (settings, "map-online-enabled", enabled);

  fixture->store = dis_test_map_store_new ("dis-test-map-online", &fixture->dir);

  {
    DisPointRecord record = {
      .code = (char *)"TO-TOR",
      .name = (char *)"Bottega Torino Centro",
      .kind = (char *)"shop",
      .address = (char *)"Via Roma 1",
      .comune = (char *)"Torino",
      .lat_e6 = (gint64)llround (TORINO_LAT * 1e6),
      .lon_e6 = (gint64)llround (TORINO_LON * 1e6),
      .collection_point = TRUE,
    };

    dis_test_map_add_point (fixture->store, &record);
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  dis_test_map_tear_down (g_steal_pointer (&fixture->window), g_steal_pointer (&fixture->store),
                          g_steal_pointer (&fixture->dir));

  g_settings_reset (settings, "map-online-enabled");
  g_settings_reset (settings, "map-online-url");
  g_settings_reset (settings, "map-online-attribution");
  tile_server_free (&fixture->tiles);
}

/* Builds the page with the shared pack in a 1024×768 window; FALSE (test
 * skipped) without it. */
static gboolean
show_page (Fixture *fixture)
{
  fixture->page = dis_test_map_show_page (fixture->store, TRUE, &fixture->window);
  if (fixture->page == NULL)
    return FALSE;
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (_dis_map_page_get_map (fixture->page))));
  return TRUE;
}

static void
close_page (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  fixture->page = NULL;
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE));
}

static void
center_on (Fixture *fixture,
           double   lat,
           double   lon)
{
  ShumateViewport *viewport = _dis_map_page_get_viewport (fixture->page);

  shumate_viewport_set_zoom_level (viewport, ZOOM);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
  g_assert_cmpfloat (fabs (shumate_viewport_get_zoom_level (viewport) - ZOOM), <, 0.01);
}

/* ---- Rendering ---------------------------------------------------------- */

static void
render_page (Fixture       *fixture,
             DisTestPixels *pixels)
{
  g_autoptr(GdkTexture) texture = dis_test_map_render (fixture->page);

  dis_test_pixels_download (texture, pixels);
}

static void
save_pixels (Fixture             *fixture,
             const DisTestPixels *pixels,
             const char          *name)
{
  const char *keep = g_getenv ("DIS_SCREENSHOT_DIR");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (keep == NULL || keep[0] == '\0')
    return;

  bytes = g_bytes_new (pixels->data, pixels->stride * pixels->height);
  texture = gdk_memory_texture_new (pixels->width, pixels->height, GDK_MEMORY_DEFAULT,
                                    bytes, pixels->stride);
  g_mkdir_with_parents (keep, 0755);
  path = g_build_filename (keep, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Kept a screenshot at %s", path);
}

static gboolean
is_magenta (guint32 rgb)
{
  return ((rgb >> 16) & 0xff) >= 245 && ((rgb >> 8) & 0xff) <= 10 && (rgb & 0xff) >= 245;
}

/* The map's area in the page's coordinates. */
static void
map_rect (Fixture               *fixture,
          const DisTestPixels   *pixels,
          cairo_rectangle_int_t *rect)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (_dis_map_page_get_map (fixture->page)),
                                            GTK_WIDGET (fixture->page), &bounds));
  rect->x = MAX (0, (int)ceil (bounds.origin.x));
  rect->y = MAX (0, (int)ceil (bounds.origin.y));
  rect->width = MIN (pixels->width, (int)(bounds.origin.x + bounds.size.width)) - rect->x;
  rect->height = MIN (pixels->height, (int)(bounds.origin.y + bounds.size.height)) - rect->y;
  g_assert_cmpint (rect->width, >=, 400);
  g_assert_cmpint (rect->height, >=, 400);
}

/* A square of 2 × @half around a location, clipped to the map. */
static void
around_rect (Fixture               *fixture,
             const DisTestPixels   *pixels,
             double                 lat,
             double                 lon,
             int                    half,
             cairo_rectangle_int_t *rect)
{
  cairo_rectangle_int_t area;
  double x, y;

  map_rect (fixture, pixels, &area);
  dis_test_map_location_to_page (fixture->page, lat, lon, &x, &y);
  rect->x = MAX (area.x, (int)x - half);
  rect->y = MAX (area.y, (int)y - half);
  rect->width = MIN (area.x + area.width, (int)x + half) - rect->x;
  rect->height = MIN (area.y + area.height, (int)y + half) - rect->y;
  g_assert_cmpint (rect->width, >=, MIN (half, 100));
  g_assert_cmpint (rect->height, >=, MIN (half, 100));
}

static double
magenta_share (const DisTestPixels         *pixels,
               const cairo_rectangle_int_t *rect)
{
  guint n = 0;

  for (int y = rect->y; y < rect->y + rect->height; y++)
    for (int x = rect->x; x < rect->x + rect->width; x++)
      n += is_magenta (dis_test_pixel_rgb (pixels, x, y));

  return (double)n / ((double)rect->width * rect->height);
}

/* A drawn map, not a blank background: many colours, none covering
 * nearly all of @rect. */
static void
assert_drawn (const DisTestPixels         *pixels,
              const cairo_rectangle_int_t *rect,
              const char                  *what)
{
  guint n_colors;
  double commonest;

  dis_test_pixels_colors (pixels, rect, &n_colors, &commonest);
  g_test_message ("%s: %u colours, the commonest covers %.1f %%",
                  what, n_colors, 100.0 * commonest);
  g_assert_cmpuint (n_colors, >, 20);
  g_assert_cmpfloat (commonest, <, 0.9);
}

/* Renders the page until the magenta share of the map area around
 * (@lat, @lon) is at least @at_least (or, when @at_least is negative, at
 * most -@at_least); fails after 15 s. Leaves the last frame in @pixels. */
static double
wait_for_magenta (Fixture       *fixture,
                  double         lat,
                  double         lon,
                  int            half,
                  double         at_least,
                  DisTestPixels *pixels)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  double share;

  for (;;)
    {
      cairo_rectangle_int_t rect;

      for (int i = 0; i < 10; i++)
        {
          while (g_main_context_iteration (NULL, FALSE));
          g_usleep (5000);
        }

      render_page (fixture, pixels);
      around_rect (fixture, pixels, lat, lon, half, &rect);
      share = magenta_share (pixels, &rect);
      if (at_least >= 0 ? share >= at_least : share <= -at_least)
        break;
      if (g_get_monotonic_time () > end)
        {
          save_pixels (fixture, pixels, "map-online-failed.png");
          g_error ("Magenta covers %.1f %% of the map, waited for %s %.1f %%",
                   100 * share, at_least >= 0 ? "at least" : "at most", 100 * fabs (at_least));
        }
      g_clear_pointer (&pixels->data, g_free);
    }

  return share;
}

/* ---- The licence overlay ------------------------------------------------ */

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

/* What the licence overlay shows. */
static char *
license_text (Fixture *fixture)
{
  GtkWidget *license = dis_test_find_named (GTK_WIDGET (fixture->page), SHUMATE_TYPE_LICENSE, NULL);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (license);
  if (gtk_widget_get_mapped (license))
    collect_labels (license, text);

  return g_string_free (text, FALSE);
}

static gboolean
license_shows (Fixture    *fixture,
               const char *needle)
{
  g_autofree char *text = license_text (fixture);

  return strstr (text, needle) != NULL;
}

/* ---- Tiles -------------------------------------------------------------- */

static void
location_to_tile (double  lat,
                  double  lon,
                  int     zoom,
                  int    *x,
                  int    *y)
{
  double n = 1 << zoom;
  double lat_rad = lat * G_PI / 180;

  *x = (int)floor ((lon + 180) / 360 * n);
  *y = (int)floor ((1 - log (tan (lat_rad) + 1 / cos (lat_rad)) / G_PI) / 2 * n);
}

static gboolean
tile_requested (Fixture *fixture,
                double   lat,
                double   lon)
{
  g_autofree char *key = NULL;
  int x, y;

  location_to_tile (lat, lon, ZOOM, &x, &y);
  key = g_strdup_printf ("%d/%d/%d", ZOOM, x, y);

  return g_hash_table_contains (fixture->tiles.requested, key);
}

/* The tiles libshumate's file cache keeps under $XDG_CACHE_HOME/shumate. */
static guint
count_cached_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_cached_files (child);
      else if (g_str_has_suffix (name, ".png"))
        n++;
    }

  return n;
}

static guint
n_cached_tiles (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "shumate", NULL);

  return count_cached_files (path);
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_online_layer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  cairo_rectangle_int_t rect;
  DisTestPixels pixels = { 0 };
  guint n_served, n_tiles;
  double share;

  if (!show_page (fixture))
    return;
  center_on (fixture, TORINO_LAT, TORINO_LON);

  /* Online: the server is asked for the tiles in view, by the template,
   * and its magenta tiles cover the map. */
  WAIT_UNTIL_FOR (tile_requested (fixture, TORINO_LAT, TORINO_LON), 15);
  share = wait_for_magenta (fixture, TORINO_LAT, TORINO_LON, 4000, 0.8, &pixels);
  save_pixels (fixture, &pixels, "map-online.png");
  g_test_message ("Online: %u requests, magenta covers %.1f %% of the map",
                  fixture->tiles.n_requests, 100 * share);
  g_assert_cmpuint (fixture->tiles.n_bad, ==, 0);
  g_assert_cmpuint (g_hash_table_size (fixture->tiles.requested), >=, 4);
  g_clear_pointer (&pixels.data, g_free);

  /* The provider is credited, next to the pack's own attribution. */
  WAIT_UNTIL (license_shows (fixture, ATTRIBUTION));
  g_assert_true (license_shows (fixture, "ISTAT"));

  /* Cached in the private cache. */
  WAIT_UNTIL (n_cached_tiles () >= g_hash_table_size (fixture->tiles.requested));

  /* Offline: the server is gone. West of Turin no tile was ever cached:
   * the region pack shows there, a drawn map with no magenta. */
  tile_server_stop (&fixture->tiles);
  n_served = fixture->tiles.n_requests;
  n_tiles = _dis_map_page_get_n_tiles_received (fixture->page);
  g_assert_false (tile_requested (fixture, WEST_LAT, WEST_LON));
  center_on (fixture, WEST_LAT, WEST_LON);
  dis_test_map_wait_for_tiles (fixture->page, n_tiles + 4);
  wait_for_magenta (fixture, WEST_LAT, WEST_LON, 120, -0.001, &pixels);
  save_pixels (fixture, &pixels, "map-online-offline-west.png");
  map_rect (fixture, &pixels, &rect);
  assert_drawn (&pixels, &rect, "Offline, west of Turin");
  around_rect (fixture, &pixels, WEST_LAT, WEST_LON, 120, &rect);
  assert_drawn (&pixels, &rect, "Offline, the uncached tile west of Turin");
  g_assert_cmpuint (fixture->tiles.n_requests, ==, n_served);
  g_clear_pointer (&pixels.data, g_free);

  /* A new page, still offline: Turin's tiles come from the file cache. */
  close_page (fixture);
  if (!show_page (fixture))
    return;
  center_on (fixture, TORINO_LAT, TORINO_LON);
  share = wait_for_magenta (fixture, TORINO_LAT, TORINO_LON, 4000, 0.8, &pixels);
  save_pixels (fixture, &pixels, "map-online-offline-cached.png");
  g_test_message ("Offline from the cache: magenta covers %.1f %% of the map", 100 * share);
  g_assert_cmpuint (fixture->tiles.n_requests, ==, n_served);
  g_clear_pointer (&pixels.data, g_free);

  /* Switched off: the layer and its credit go, the pack stays. */
  g_settings_set_boolean (settings, "map-online-enabled", FALSE);
  wait_for_magenta (fixture, TORINO_LAT, TORINO_LON, 4000, -0.001, &pixels);
  save_pixels (fixture, &pixels, "map-online-off.png");
  map_rect (fixture, &pixels, &rect);
  assert_drawn (&pixels, &rect, "Online layer off");
  around_rect (fixture, &pixels, TORINO_LAT, TORINO_LON, 120, &rect);
  assert_drawn (&pixels, &rect, "Online layer off, around Turin");
  g_assert_false (license_shows (fixture, ATTRIBUTION));
  g_assert_true (license_shows (fixture, "ISTAT"));
  g_clear_pointer (&pixels.data, g_free);
}

static void
test_switch_on (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  cairo_rectangle_int_t rect;
  DisTestPixels pixels = { 0 };

  if (!show_page (fixture))
    return;
  center_on (fixture, TORINO_LAT, TORINO_LON);

  /* Off by default: nothing is asked of the server, the pack shows. */
  dis_test_map_wait_for_tiles (fixture->page, 4);
  render_page (fixture, &pixels);
  map_rect (fixture, &pixels, &rect);
  g_assert_cmpfloat (magenta_share (&pixels, &rect), <, 0.001);
  assert_drawn (&pixels, &rect, "Online layer not enabled");
  g_assert_cmpuint (fixture->tiles.n_requests, ==, 0);
  g_assert_false (license_shows (fixture, ATTRIBUTION));
  g_clear_pointer (&pixels.data, g_free);

  /* Switched on while the page is shown. */
  g_settings_set_boolean (settings, "map-online-enabled", TRUE);
  WAIT_UNTIL_FOR (tile_requested (fixture, TORINO_LAT, TORINO_LON), 15);
  wait_for_magenta (fixture, TORINO_LAT, TORINO_LON, 4000, 0.8, &pixels);
  WAIT_UNTIL (license_shows (fixture, ATTRIBUTION));
  g_assert_cmpuint (fixture->tiles.n_bad, ==, 0);
  g_clear_pointer (&pixels.data, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int ret;
  g_autofree char *home = g_dir_make_tmp ("dis-test-map-online-home-XXXXXX", NULL);
  g_autofree char *cache = NULL;

  /* The tile cache starts empty. */
  g_assert_nonnull (home);
  cache = g_build_filename (home, "cache", NULL);
  dis_test_map_init (&argc, &argv, home, cache);
  g_assert_cmpstr (g_get_user_cache_dir (), ==, cache);

  g_test_add ("/map/online/layer-cache-offline", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_online_layer, fixture_tear_down);
  g_test_add ("/map/online/switch-on", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_switch_on, fixture_tear_down);

  ret = g_test_run ();
  dis_test_rm_rf (home);

  return ret;
}
