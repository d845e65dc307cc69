/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-test"

#include "config.h"

#include "dis-app-resources.h"
#include "dis-test-map.h"
#include "dis-test-util.h"

void
dis_test_map_init (int          *argc,
                   char       ***argv,
                   const char   *home,
                   const char   *cache)
{
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);

  g_test_init (argc, argv, NULL);
  dis_core_init ();
  gtk_init ();
  adw_init ();
  /* Pulls the app's resources (templates, styles) out of the static library. */
  g_resources_register (dis_app_get_resource ());
}

DisStore *
dis_test_map_store_new (const char  *prefix,
                        char       **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dis_test_tmpdir_new (prefix);
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(DisStore) store = dis_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (dis_store_set_identity (store, "TO-TOR", "Bottega Torino Centro", "C1", &error));
  g_assert_no_error (error);
  *out_dir = g_steal_pointer (&dir);
  return g_steal_pointer (&store);
}

void
dis_test_map_add_point (DisStore             *store,
                        const DisPointRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_store_upsert_point (store, record, &error));
  g_assert_no_error (error);
}

void
dis_test_map_tear_down (GtkWindow *window,
                        DisStore  *store,
                        char      *dir)
{
  if (window != NULL)
    gtk_window_destroy (window);
  g_clear_object (&store);

  /* Let the store's workers, the tile reads and the downloads finish. */
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE));

  dis_test_rm_rf (dir);
  g_free (dir);
}

char *
dis_test_map_pack_path (void)
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

DisMapPage *
dis_test_map_show_page (DisStore   *store,
                        gboolean    need_pack,
                        GtkWindow **out_window)
{
  g_autofree char *pack = dis_test_map_pack_path ();
  GtkWindow *window;
  DisMapPage *page;

  if (need_pack && pack == NULL)
    {
      g_test_skip ("../shared/data/maps/torino-z8-14.mbtiles is not available");
      return NULL;
    }

  if (pack != NULL)
    g_setenv ("DIS_REGION_PACK", pack, TRUE);
  else
    g_unsetenv ("DIS_REGION_PACK");

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1024, 768);
  page = DIS_MAP_PAGE (dis_map_page_new ());
  gtk_window_set_child (window, GTK_WIDGET (page));
  dis_map_page_set_store (page, store);
  gtk_window_present (window);
  *out_window = window;

  DIS_TEST_WAIT_UNTIL (_dis_map_page_get_loaded (page) &&
                       gtk_widget_get_mapped (GTK_WIDGET (page)) &&
                       gtk_widget_get_width (GTK_WIDGET (page)) >= 1000, 10);
  if (need_pack)
    DIS_TEST_WAIT_UNTIL (_dis_map_page_has_pack (page), 10);

  return page;
}

void
dis_test_map_wait_for_tiles (DisMapPage *page,
                             guint       at_least)
{
  guint last = 0;
  gint64 quiet_since = g_get_monotonic_time ();
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  for (;;)
    {
      guint n = _dis_map_page_get_n_tiles_received (page);
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

void
dis_test_map_location_to_page (DisMapPage *page,
                               double      lat,
                               double      lon,
                               double     *x,
                               double     *y)
{
  ShumateMap *map = _dis_map_page_get_map (page);
  double mx, my;

  shumate_viewport_location_to_widget_coords (_dis_map_page_get_viewport (page),
                                              GTK_WIDGET (map), lat, lon, &mx, &my);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (map), GTK_WIDGET (page),
                                                   mx, my, x, y));
}

GdkTexture *
dis_test_map_render (DisMapPage *page)
{
  GtkWidget *widget = GTK_WIDGET (page);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
dis_test_pixels_download (GdkTexture    *texture,
                          DisTestPixels *pixels)
{
  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->stride = (gsize)pixels->width * 4;
  pixels->data = g_malloc (pixels->stride * pixels->height);
  gdk_texture_download (texture, pixels->data, pixels->stride);
}

guint32
dis_test_pixel_rgb (const DisTestPixels *pixels,
                    int                  x,
                    int                  y)
{
  const guchar *p = pixels->data + y * pixels->stride + x * 4;

  return (guint32)p[2] << 16 | (guint32)p[1] << 8 | p[0];
}

void
dis_test_pixels_colors (const DisTestPixels         *pixels,
                        const cairo_rectangle_int_t *rect,
                        guint                       *n_colors,
                        double                      *commonest)
{
  g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer value;
  guint most = 0, total = 0;

  for (int y = rect->y; y < rect->y + rect->height; y++)
    for (int x = rect->x; x < rect->x + rect->width; x++)
      {
        gpointer key = GUINT_TO_POINTER (dis_test_pixel_rgb (pixels, x, y));
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (colors, key)) + 1;

        g_hash_table_insert (colors, key, GUINT_TO_POINTER (n));
        total++;
      }
  g_hash_table_iter_init (&iter, colors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    most = MAX (most, GPOINTER_TO_UINT (value));

  *n_colors = g_hash_table_size (colors);
  *commonest = total > 0 ? (double)most / total : 1.0;
}
