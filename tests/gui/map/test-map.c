/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "dis-app-resources.h"
#include "dis-core.h"
#include "dis-geo.h"
#include "dis-map-page.h"
#include "dis-map-point.h"
#include "dis-map-symbol.h"

/* Iterates the main context until @cond holds; fails after @secs. */
#define WAIT_UNTIL_FOR(cond, secs)                                        \
  G_STMT_START {                                                          \
    gint64 _end = g_get_monotonic_time () + (secs) * G_USEC_PER_SEC;      \
    while (!(cond))                                                       \
      {                                                                   \
        if (g_get_monotonic_time () > _end)                               \
          g_error ("Timed out waiting for %s", #cond);                    \
        if (!g_main_context_iteration (NULL, FALSE))                      \
          g_usleep (1000);                                                \
      }                                                                   \
  } G_STMT_END
#define WAIT_UNTIL(cond) WAIT_UNTIL_FOR (cond, 10)

#define TORINO_LAT 45.0703
#define TORINO_LON 7.6869

/* Real comuni (seat coordinates, GeoNames), one kind each but the two
 * shops: Torino is our own point. */
static const struct {
  const char *code;
  const char *name;
  const char *kind;
  const char *comune;
  double      lat;
  double      lon;
} points[] = {
  { "TO-TOR", "Bottega Torino Centro",  "shop",       "Torino",   45.0703, 7.6869 },
  { "TO-CHI", "GAS Chierese",           "gas",        "Chieri",   45.0125, 7.8247 },
  { "TO-PIN", "Cascina Pinerolese",     "producer",   "Pinerolo", 44.8847, 7.3314 },
  { "TO-IVR", "Raccolta Ivrea",         "collection", "Ivrea",    45.4667, 7.8761 },
  { "TO-SUS", "Dispensa Valsusina",     "shop",       "Susa",     45.1372, 7.0492 },
};

typedef struct
{
  char       *dir;
  DisStore   *store;
  GtkWindow  *window;
  DisMapPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  /* Every test starts from the default view. */
  g_settings_reset (settings, "map-latitude");
  g_settings_reset (settings, "map-longitude");
  g_settings_reset (settings, "map-zoom");
  g_settings_reset (settings, "map-selected-point");

  fixture->dir = g_dir_make_tmp ("dis-test-map-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "punto.db", NULL);
  fixture->store = dis_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (dis_store_set_identity (fixture->store, "TO-TOR", "Bottega Torino Centro", "C1", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      DisPointRecord record = {
        .code = (char *)points[i].code,
        .name = (char *)points[i].name,
        .kind = (char *)points[i].kind,
        .address = (char *)"Via Roma 1",
        .comune = (char *)points[i].comune,
        .lat_e6 = (gint64)llround (points[i].lat * 1e6),
        .lon_e6 = (gint64)llround (points[i].lon * 1e6),
        .hours = (char *)"lun–sab 9–13",
        .phone = (char *)"011 000 0000",
        .email = (char *)"punto@example.org",
        .home_delivery = i % 2 == 0,
        .collection_point = TRUE,
      };

      g_assert_true (dis_store_upsert_point (fixture->store, &record, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->store);

  /* Let the store's workers and the pack's tile reads finish. */
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE));

  if (fixture->dir != NULL)
    {
      g_autofree char *db = g_build_filename (fixture->dir, "punto.db", NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (wal);
      g_unlink (shm);
      g_unlink (db);
      g_rmdir (fixture->dir);
      g_free (fixture->dir);
    }
}

static char *
pack_path (void)
{
  const char *shared = g_getenv ("DIS_SHARED_DATA");
  char *path;

  if (shared == NULL)
    return NULL;

  path = g_build_filename (shared, "maps", "torino-z8-14.mbtiles", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);

  return path;
}

/* Builds the page in a 1024×768 window; FALSE (test skipped) without the
 * shared pack when @need_pack. */
static gboolean
show_page (Fixture  *fixture,
           gboolean  need_pack)
{
  g_autofree char *pack = pack_path ();

  if (need_pack && pack == NULL)
    {
      g_test_skip ("../shared/data/maps/torino-z8-14.mbtiles is not available");
      return FALSE;
    }

  if (pack != NULL)
    g_setenv ("DIS_REGION_PACK", pack, TRUE);
  else
    g_unsetenv ("DIS_REGION_PACK");

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1024, 768);
  fixture->page = DIS_MAP_PAGE (dis_map_page_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  dis_map_page_set_store (fixture->page, fixture->store);
  gtk_window_present (fixture->window);

  WAIT_UNTIL (dis_map_page_get_loaded (fixture->page) &&
              gtk_widget_get_mapped (GTK_WIDGET (fixture->page)) &&
              gtk_widget_get_width (GTK_WIDGET (fixture->page)) >= 1000);
  if (need_pack)
    WAIT_UNTIL (dis_map_page_has_pack (fixture->page));

  return TRUE;
}

static DisMapPoint *
list_item (Fixture *fixture,
           guint    position)
{
  return g_list_model_get_item (G_LIST_MODEL (dis_map_page_get_list_model (fixture->page)), position);
}

static guint
list_position (Fixture    *fixture,
               const char *code)
{
  GListModel *model = G_LIST_MODEL (dis_map_page_get_list_model (fixture->page));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (model, i);

      if (g_strcmp0 (dis_map_point_get_code (point), code) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Waits until the base layer stops receiving tiles for a while. */
static void
wait_for_tiles (Fixture *fixture,
                guint    at_least)
{
  guint last = 0;
  gint64 quiet_since = g_get_monotonic_time ();
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  for (;;)
    {
      guint n = dis_map_page_get_n_tiles_received (fixture->page);
      gint64 now = g_get_monotonic_time ();

      if (n != last)
        {
          last = n;
          quiet_since = now;
        }
      if (n >= at_least && now - quiet_since > 400 * 1000)
        break;
      if (now > end)
        g_error ("Only %u tiles arrived", n);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  /* A few more frames to draw what arrived. */
  for (int i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE));
      g_usleep (5000);
    }
}

static GdkTexture *
render_page (Fixture *fixture)
{
  GtkWidget *widget = GTK_WIDGET (fixture->page);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
save_texture (GdkTexture *texture,
              const char *dir,
              const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  const char *keep = g_getenv ("DIS_SCREENSHOT_DIR");

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);

  if (keep != NULL && keep[0] != '\0')
    {
      g_autofree char *copy = g_build_filename (keep, name, NULL);

      g_mkdir_with_parents (keep, 0755);
      g_assert_true (gdk_texture_save_to_png (texture, copy));
      g_test_message ("Kept a copy at %s", copy);
    }
}

typedef struct
{
  guchar *data;   /* B8G8R8A8 premultiplied (GDK_MEMORY_DEFAULT, little-endian) */
  int     width;
  int     height;
  gsize   stride;
} Pixels;

static void
pixels_download (GdkTexture *texture,
                 Pixels     *pixels)
{
  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->stride = (gsize)pixels->width * 4;
  pixels->data = g_malloc (pixels->stride * pixels->height);
  gdk_texture_download (texture, pixels->data, pixels->stride);
}

static guint32
pixel_rgb (const Pixels *pixels,
           int           x,
           int           y)
{
  const guchar *p = pixels->data + y * pixels->stride + x * 4;

  return (guint32)p[2] << 16 | (guint32)p[1] << 8 | p[0];
}

/* Widget coordinates of a location, in the page's coordinate space. */
static void
location_to_page (Fixture *fixture,
                  double   lat,
                  double   lon,
                  double  *x,
                  double  *y)
{
  ShumateMap *map = dis_map_page_get_map (fixture->page);
  double mx, my;

  shumate_viewport_location_to_widget_coords (dis_map_page_get_viewport (fixture->page),
                                              GTK_WIDGET (map), lat, lon, &mx, &my);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (map), GTK_WIDGET (fixture->page),
                                                   mx, my, x, y));
}

static gboolean
color_near (guint32        rgb,
            const GdkRGBA *color,
            int            tolerance)
{
  int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

  return ABS (r - (int)(color->red * 255)) <= tolerance &&
         ABS (g - (int)(color->green * 255)) <= tolerance &&
         ABS (b - (int)(color->blue * 255)) <= tolerance;
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);
  ShumateViewport *viewport;
  Pixels pixels;
  double tx, ty, cx, cy;
  guint most = 0, total = 0;
  GHashTableIter iter;
  gpointer value;

  if (!show_page (fixture, TRUE))
    return;

  viewport = dis_map_page_get_viewport (fixture->page);
  shumate_map_center_on (dis_map_page_get_map (fixture->page), TORINO_LAT, TORINO_LON);
  shumate_viewport_set_zoom_level (viewport, 10);
  wait_for_tiles (fixture, 6);

  texture = render_page (fixture);
  save_texture (texture, fixture->dir, "map-page.png");
  pixels_download (texture, &pixels);
  g_assert_cmpint (pixels.width, ==, gtk_widget_get_width (GTK_WIDGET (fixture->page)));

  /* The 240×240 area around Turin shows a drawn map: many colours, and
   * no single colour (a blank background) covering nearly all of it. */
  location_to_page (fixture, TORINO_LAT, TORINO_LON, &tx, &ty);
  g_assert_cmpfloat (tx, >, 400);
  g_assert_cmpfloat (tx, <, pixels.width);
  for (int y = MAX (0, (int)ty - 120); y < MIN (pixels.height, (int)ty + 120); y++)
    for (int x = MAX (0, (int)tx - 120); x < MIN (pixels.width, (int)tx + 120); x++)
      {
        gpointer key = GUINT_TO_POINTER (pixel_rgb (&pixels, x, y));
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (colors, key)) + 1;

        g_hash_table_insert (colors, key, GUINT_TO_POINTER (n));
        total++;
      }
  g_hash_table_iter_init (&iter, colors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    most = MAX (most, GPOINTER_TO_UINT (value));
  g_test_message ("Around Turin: %u colours, the commonest covers %.1f %%",
                  g_hash_table_size (colors), 100.0 * most / total);
  g_assert_cmpuint (g_hash_table_size (colors), >, 50);
  g_assert_cmpfloat ((double)most / total, <, 0.9);

  /* Each marker is drawn where its coordinates say, in its kind's colour
   * (our own point in Torino too). */
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      DisPointKind kind = dis_point_kind_from_string (points[i].kind);
      GdkRGBA color;
      gboolean found = FALSE;

      location_to_page (fixture, points[i].lat, points[i].lon, &cx, &cy);
      if (cx < 320 + 4 || cy < 4 || cx >= pixels.width - 4 || cy >= pixels.height - 4)
        continue;   /* outside the visible map */

      dis_map_symbol_get_color (kind, &color);
      for (int dy = -3; dy <= 3 && !found; dy++)
        for (int dx = -3; dx <= 3 && !found; dx++)
          found = color_near (pixel_rgb (&pixels, (int)cx + dx, (int)cy + dy), &color, 12);

      g_test_message ("%s at (%.0f, %.0f): %s", points[i].comune, cx, cy,
                      found ? "marker found" : "no marker");
      g_assert_true (found);
    }

  /* And not where there is none: the map between Turin and Chieri. */
  {
    GdkRGBA color;
    gboolean found = FALSE;

    dis_map_symbol_get_color (DIS_POINT_KIND_GAS, &color);
    location_to_page (fixture, 45.20, 7.55, &cx, &cy);
    for (int dy = -3; dy <= 3; dy++)
      for (int dx = -3; dx <= 3; dx++)
        found |= color_near (pixel_rgb (&pixels, (int)cx + dx, (int)cy + dy), &color, 12);
    g_assert_false (found);
  }

  g_free (pixels.data);
}

static void
test_search_nearest (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DisMapPoint) first = NULL;
  GListModel *model;
  double last = -1;

  if (!show_page (fixture, FALSE))
    return;

  model = G_LIST_MODEL (dis_map_page_get_list_model (fixture->page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (points));

  /* Our own point leads the plain list. */
  first = list_item (fixture, 0);
  g_assert_cmpstr (dis_map_point_get_code (first), ==, "TO-TOR");
  g_clear_object (&first);

  /* Accent- and case-insensitive search on names offers the place. */
  gtk_editable_set_text (dis_map_page_get_search_entry (fixture->page), "chieri");
  WAIT_UNTIL (dis_map_page_get_n_place_suggestions (fixture->page) > 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);   /* the point in Chieri */

  g_signal_emit_by_name (dis_map_page_get_search_entry (fixture->page), "activate");
  WAIT_UNTIL (g_list_model_get_n_items (model) == G_N_ELEMENTS (points));

  first = list_item (fixture, 0);
  g_assert_cmpstr (dis_map_point_get_code (first), ==, "TO-CHI");
  g_assert_nonnull (dis_map_point_get_distance_label (first));

  /* Sorted by great-circle distance from Chieri, computed here anew. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DisMapPoint) point = list_item (fixture, i);
      double d = dis_geo_distance_m (45.0125, 7.8247,
                                     dis_map_point_get_latitude (point),
                                     dis_map_point_get_longitude (point));

      g_assert_cmpfloat (fabs (d - dis_map_point_get_distance (point)), <, 2000);
      g_assert_cmpfloat (dis_map_point_get_distance (point), >=, last);
      last = dis_map_point_get_distance (point);
    }

  /* Right-click on the map: the same for a spot (here near Susa). */
  dis_map_page_show_nearest (fixture->page, 45.14, 7.05, NULL);
  g_clear_object (&first);
  first = list_item (fixture, 0);
  g_assert_cmpstr (dis_map_point_get_code (first), ==, "TO-SUS");

  dis_map_page_clear_nearest (fixture->page);
  g_assert_cmpfloat (dis_map_point_get_distance (first), <, 0);
}

static void
test_select_row (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkSelectionModel *model;
  ShumateViewport *viewport;
  GtkWidget *marker;
  guint position;

  if (!show_page (fixture, TRUE))
    return;

  model = dis_map_page_get_list_model (fixture->page);
  viewport = dis_map_page_get_viewport (fixture->page);

  /* A row centres the map on its point and opens its details. */
  position = list_position (fixture, "TO-IVR");
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_selection_model_select_item (model, position, TRUE);
  g_assert_cmpstr (dis_map_page_get_selected_code (fixture->page), ==, "TO-IVR");
  WAIT_UNTIL (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - 45.4667) < 0.001 &&
              fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - 7.8761) < 0.001);
  WAIT_UNTIL (dis_map_page_get_popover (fixture->page) != NULL &&
              gtk_widget_get_mapped (dis_map_page_get_popover (fixture->page)));

  /* A marker selects its row. */
  marker = dis_map_page_get_marker (fixture->page, "TO-CHI");
  g_assert_nonnull (marker);
  g_signal_emit_by_name (shumate_marker_get_child (SHUMATE_MARKER (marker)), "clicked");
  WAIT_UNTIL (g_strcmp0 (dis_map_page_get_selected_code (fixture->page), "TO-CHI") == 0);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==,
                    list_position (fixture, "TO-CHI"));

  /* The marker's accessible name says what it is. */
  {
    GtkWidget *button = shumate_marker_get_child (SHUMATE_MARKER (marker));
    const char *tooltip = gtk_widget_get_tooltip_text (button);

    g_assert_cmpstr (tooltip, ==, "GAS Chierese");
    g_assert_true (gtk_widget_get_focusable (button));
  }
}

static void
test_restore_view (Fixture       *fixture,
                   gconstpointer  data)
{
  ShumateViewport *viewport;

  if (!show_page (fixture, FALSE))
    return;

  /* Default: Turin at zoom 10. */
  viewport = dis_map_page_get_viewport (fixture->page);
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - TORINO_LAT), <, 0.01);
  g_assert_cmpfloat (fabs (shumate_viewport_get_zoom_level (viewport) - 10), <, 0.01);

  g_assert_true (dis_map_page_select_point (fixture->page, "TO-PIN"));
  shumate_location_set_location (SHUMATE_LOCATION (viewport), 44.9, 7.35);
  shumate_viewport_set_zoom_level (viewport, 12);

  /* Saved on unmap... */
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;

  /* ...restored by a new page. */
  if (!show_page (fixture, FALSE))
    return;
  viewport = dis_map_page_get_viewport (fixture->page);
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - 44.9), <, 0.0001);
  g_assert_cmpfloat (fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - 7.35), <, 0.0001);
  g_assert_cmpfloat (fabs (shumate_viewport_get_zoom_level (viewport) - 12), <, 0.01);
  g_assert_cmpstr (dis_map_page_get_selected_code (fixture->page), ==, "TO-PIN");
}

static void
test_no_pack (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *shared = g_strdup (g_getenv ("DIS_SHARED_DATA"));

  /* Hide the shared pack: the page explains how to get one. */
  g_setenv ("DIS_SHARED_DATA", "/nonexistent", TRUE);
  show_page (fixture, FALSE);
  if (shared != NULL)
    g_setenv ("DIS_SHARED_DATA", shared, TRUE);

  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE));

  g_assert_false (dis_map_page_has_pack (fixture->page));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (dis_map_page_get_map (fixture->page))));
  /* The list still reaches every point. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dis_map_page_get_list_model (fixture->page))),
                    ==, G_N_ELEMENTS (points));
}

int
main (int   argc,
      char *argv[])
{
  int ret;
  g_autofree char *home = g_dir_make_tmp ("dis-test-map-home-XXXXXX", NULL);

  /* A private data dir, so that no installed region pack is picked up;
   * not G_TEST_OPTION_ISOLATE_DIRS, which hides the icon themes too. */
  g_assert_nonnull (home);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);

  g_test_init (&argc, &argv, NULL);
  dis_core_init ();
  gtk_init ();
  adw_init ();
  /* Pulls the app's resources (templates, styles) out of the static library. */
  g_resources_register (dis_app_get_resource ());

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/map/render", test_render);
  ADD ("/map/search-nearest", test_search_nearest);
  ADD ("/map/select-row", test_select_row);
  ADD ("/map/restore-view", test_restore_view);
  ADD ("/map/no-pack", test_no_pack);
#undef ADD

  ret = g_test_run ();
  g_rmdir (home);   /* may hold the pack manager's folder: best effort */

  return ret;
}
