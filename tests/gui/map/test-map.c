/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "dis-core.h"
#include "dis-geo.h"
#include "dis-map-details-popover.h"
#include "dis-map-page-private.h"
#include "dis-map-point.h"
#include "dis-map-symbol.h"
#include "dis-preferences-window.h"
#include "dis-store-sync.h"
#include "dis-test-gui.h"
#include "dis-test-map.h"
#include "dis-test-util.h"

/* Iterates the main context until @cond holds; fails after 10 s. */
#define WAIT_UNTIL(cond) DIS_TEST_WAIT_UNTIL (cond, 10)

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
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  /* Every test starts from the default view. */
  g_settings_reset (settings, "map-latitude");
  g_settings_reset (settings, "map-longitude");
  g_settings_reset (settings, "map-zoom");
  g_settings_reset (settings, "map-selected-point");

  fixture->store = dis_test_map_store_new ("dis-test-map", &fixture->dir);

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

      dis_test_map_add_point (fixture->store, &record);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dis_test_map_tear_down (g_steal_pointer (&fixture->window), g_steal_pointer (&fixture->store),
                          g_steal_pointer (&fixture->dir));
}

/* Builds the page in a 1024×768 window; FALSE (test skipped) without the
 * shared pack when @need_pack. */
static gboolean
show_page (Fixture  *fixture,
           gboolean  need_pack)
{
  fixture->page = dis_test_map_show_page (fixture->store, need_pack, &fixture->window);
  return fixture->page != NULL;
}

static DisMapPoint *
list_item (Fixture *fixture,
           guint    position)
{
  return g_list_model_get_item (G_LIST_MODEL (_dis_map_page_get_list_model (fixture->page)), position);
}

static guint
list_position (Fixture    *fixture,
               const char *code)
{
  GListModel *model = G_LIST_MODEL (_dis_map_page_get_list_model (fixture->page));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (model, i);

      if (g_strcmp0 (dis_map_point_get_code (point), code) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
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
  ShumateViewport *viewport;
  DisTestPixels pixels;
  cairo_rectangle_int_t around;
  double tx, ty, cx, cy, commonest;
  guint n_colors;

  if (!show_page (fixture, TRUE))
    return;

  viewport = _dis_map_page_get_viewport (fixture->page);
  shumate_map_center_on (_dis_map_page_get_map (fixture->page), TORINO_LAT, TORINO_LON);
  shumate_viewport_set_zoom_level (viewport, 10);
  dis_test_map_wait_for_tiles (fixture->page, 6);

  texture = dis_test_map_render (fixture->page);
  save_texture (texture, fixture->dir, "map-page.png");
  dis_test_pixels_download (texture, &pixels);
  g_assert_cmpint (pixels.width, ==, gtk_widget_get_width (GTK_WIDGET (fixture->page)));

  /* The 240×240 area around Turin shows a drawn map: many colours, and
   * no single colour (a blank background) covering nearly all of it. */
  dis_test_map_location_to_page (fixture->page, TORINO_LAT, TORINO_LON, &tx, &ty);
  g_assert_cmpfloat (tx, >, 400);
  g_assert_cmpfloat (tx, <, pixels.width);
  around.x = MAX (0, (int)tx - 120);
  around.y = MAX (0, (int)ty - 120);
  around.width = MIN (pixels.width, (int)tx + 120) - around.x;
  around.height = MIN (pixels.height, (int)ty + 120) - around.y;
  dis_test_pixels_colors (&pixels, &around, &n_colors, &commonest);
  g_test_message ("Around Turin: %u colours, the commonest covers %.1f %%",
                  n_colors, 100.0 * commonest);
  g_assert_cmpuint (n_colors, >, 50);
  g_assert_cmpfloat (commonest, <, 0.9);

  /* Each marker is drawn where its coordinates say, in its kind's colour
   * (our own point in Torino too). */
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      DisPointKind kind = dis_point_kind_from_string (points[i].kind);
      GdkRGBA color;
      gboolean found = FALSE;

      dis_test_map_location_to_page (fixture->page, points[i].lat, points[i].lon, &cx, &cy);
      if (cx < 320 + 4 || cy < 4 || cx >= pixels.width - 4 || cy >= pixels.height - 4)
        continue;   /* outside the visible map */

      dis_map_symbol_get_color (kind, &color);
      for (int dy = -3; dy <= 3 && !found; dy++)
        for (int dx = -3; dx <= 3 && !found; dx++)
          found = color_near (dis_test_pixel_rgb (&pixels, (int)cx + dx, (int)cy + dy), &color, 12);

      g_test_message ("%s at (%.0f, %.0f): %s", points[i].comune, cx, cy,
                      found ? "marker found" : "no marker");
      g_assert_true (found);
    }

  /* And not where there is none: the map between Turin and Chieri. */
  {
    GdkRGBA color;
    gboolean found = FALSE;

    dis_map_symbol_get_color (DIS_POINT_KIND_GAS, &color);
    dis_test_map_location_to_page (fixture->page, 45.20, 7.55, &cx, &cy);
    for (int dy = -3; dy <= 3; dy++)
      for (int dx = -3; dx <= 3; dx++)
        found |= color_near (dis_test_pixel_rgb (&pixels, (int)cx + dx, (int)cy + dy), &color, 12);
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

  model = G_LIST_MODEL (_dis_map_page_get_list_model (fixture->page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (points));

  /* Our own point leads the plain list. */
  first = list_item (fixture, 0);
  g_assert_cmpstr (dis_map_point_get_code (first), ==, "TO-TOR");
  g_clear_object (&first);

  /* Accent- and case-insensitive search on names offers the place. */
  gtk_editable_set_text (_dis_map_page_get_search_entry (fixture->page), "chieri");
  WAIT_UNTIL (_dis_map_page_get_n_place_suggestions (fixture->page) > 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);   /* the point in Chieri */

  g_signal_emit_by_name (_dis_map_page_get_search_entry (fixture->page), "activate");
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

  model = _dis_map_page_get_list_model (fixture->page);
  viewport = _dis_map_page_get_viewport (fixture->page);

  /* A row centres the map on its point and opens its details. */
  position = list_position (fixture, "TO-IVR");
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_selection_model_select_item (model, position, TRUE);
  g_assert_cmpstr (dis_map_page_get_selected_code (fixture->page), ==, "TO-IVR");
  WAIT_UNTIL (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - 45.4667) < 0.001 &&
              fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - 7.8761) < 0.001);
  WAIT_UNTIL (_dis_map_page_get_popover (fixture->page) != NULL &&
              gtk_widget_get_mapped (_dis_map_page_get_popover (fixture->page)));

  /* A marker selects its row. */
  marker = _dis_map_page_get_marker (fixture->page, "TO-CHI");
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

/* The texts of the labels shown in @widget, in order. */
static GPtrArray *
shown_labels (GtkWidget *widget)
{
  GPtrArray *texts = g_ptr_array_new ();
  GtkWidget *child;

  if (!gtk_widget_get_visible (widget))
    return texts;

  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, (gpointer)gtk_label_get_label (GTK_LABEL (widget)));

  for (child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GPtrArray) more = shown_labels (child);

      g_ptr_array_extend (texts, more, NULL, NULL);
    }

  return texts;
}

static gboolean
texts_have (GPtrArray  *texts,
            const char *text)
{
  return g_ptr_array_find_with_equal_func (texts, text, g_str_equal, NULL);
}

static gboolean
texts_have_suffix (GPtrArray  *texts,
                   const char *suffix)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (texts, i), suffix))
      return TRUE;
  return FALSE;
}

/* Opens the details of @code and returns the labels they show. */
static GPtrArray *
open_details (Fixture    *fixture,
              const char *code)
{
  GtkWidget *popover;

  g_assert_true (dis_map_page_select_point (fixture->page, code));
  WAIT_UNTIL ((popover = _dis_map_page_get_popover (fixture->page)) != NULL &&
              gtk_widget_get_mapped (popover) &&
              g_strcmp0 (dis_map_point_get_code (dis_map_details_popover_get_point (DIS_MAP_DETAILS_POPOVER (popover))),
                         code) == 0);

  return shown_labels (popover);
}

static void
test_details (Fixture       *fixture,
              gconstpointer  data)
{
  DisPointRecord bare = {
    .code = (char *)"TO-LAN",
    .name = (char *)"Spaccio Lanzo",
    .kind = (char *)"producer",
    .address = (char *)"Piazza Albert 2",
    .comune = (char *)"Lanzo Torinese",
    .lat_e6 = 45274000,
    .lon_e6 = 7480000,
  };
  g_autoptr(GPtrArray) labels = NULL;

  /* A point that says little: no hours, phone, e-mail or services. */
  dis_test_map_add_point (fixture->store, &bare);
  if (!show_page (fixture, FALSE))
    return;

  labels = open_details (fixture, "TO-PIN");
  g_assert_true (texts_have (labels, "Producer"));
  g_assert_true (texts_have (labels, "Cascina Pinerolese"));
  g_assert_true (texts_have (labels, "Via Roma 1"));
  g_assert_true (texts_have (labels, "Pinerolo"));
  g_assert_true (texts_have (labels, "lun–sab 9–13"));
  g_assert_true (texts_have (labels, "011 000 0000"));
  g_assert_true (texts_have (labels, "punto@example.org"));
  g_assert_true (texts_have (labels, "Home delivery"));
  g_assert_true (texts_have (labels, "Collection point"));
  g_assert_true (texts_have_suffix (labels, " from here"));
  g_assert_cmpuint (labels->len, ==, 10);
  g_clear_pointer (&labels, g_ptr_array_unref);

  /* What is not known is not shown, not even as an empty line. */
  labels = open_details (fixture, "TO-LAN");
  g_assert_true (texts_have (labels, "Producer"));
  g_assert_true (texts_have (labels, "Spaccio Lanzo"));
  g_assert_true (texts_have (labels, "Piazza Albert 2"));
  g_assert_true (texts_have (labels, "Lanzo Torinese"));
  g_assert_true (texts_have_suffix (labels, " from here"));
  g_assert_false (texts_have (labels, "Home delivery"));
  g_assert_false (texts_have (labels, "Collection point"));
  g_assert_false (texts_have (labels, ""));
  g_assert_cmpuint (labels->len, ==, 5);   /* kind, name, address, comune, distance */
  g_clear_pointer (&labels, g_ptr_array_unref);

  /* Our own point says so, instead of a distance. */
  labels = open_details (fixture, "TO-TOR");
  g_assert_true (texts_have (labels, "Your point"));
  g_assert_true (texts_have (labels, "This is your point"));
  g_assert_false (texts_have_suffix (labels, " from here"));
}

static void
test_restore_view (Fixture       *fixture,
                   gconstpointer  data)
{
  ShumateViewport *viewport;

  if (!show_page (fixture, FALSE))
    return;

  /* Default: Turin at zoom 10. */
  viewport = _dis_map_page_get_viewport (fixture->page);
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
  viewport = _dis_map_page_get_viewport (fixture->page);
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

  g_assert_false (_dis_map_page_has_pack (fixture->page));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (_dis_map_page_get_map (fixture->page))));
  /* The list still reaches every point. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (_dis_map_page_get_list_model (fixture->page))),
                    ==, G_N_ELEMENTS (points));
}

/* Italian tills: the scale in metres and kilometres only, not miles. */
/* A point the hub publishes while the page is shown (a sync pulled it)
 * appears in the list without a restart, and goes when withdrawn. */
static void
test_points_from_sync (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *pages[] = {
    "[{\"seq\":1,\"kind\":\"point\",\"op\":\"upsert\",\"data\":"
    "{\"code\":\"TO-NEW\",\"name\":\"Bottega Nuova\",\"kind\":\"shop\","
    "\"address\":\"Via Po 1\",\"comune\":\"Torino\",\"lat\":45.07,\"lon\":7.69}}]",
    "[{\"seq\":2,\"kind\":\"point\",\"op\":\"delete\",\"data\":{\"code\":\"TO-NEW\"}}]",
  };

  if (!show_page (fixture, FALSE))
    return;
  WAIT_UNTIL (list_position (fixture, "TO-IVR") != GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (list_position (fixture, "TO-NEW"), ==, GTK_INVALID_LIST_POSITION);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (json_parser_load_from_data (parser, pages[i], -1, &error));
      g_assert_true (dis_store_sync_apply_changes (fixture->store, json_node_get_array (json_parser_get_root (parser)),
                                                   i + 1, &error));
      g_assert_no_error (error);
      if (i == 0)
        WAIT_UNTIL (list_position (fixture, "TO-NEW") != GTK_INVALID_LIST_POSITION);
      else
        WAIT_UNTIL (list_position (fixture, "TO-NEW") == GTK_INVALID_LIST_POSITION);
    }
}

static void
test_metric_scale (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!show_page (fixture, FALSE))
    return;

  g_assert_cmpint (shumate_scale_get_unit (fixture->page->scale), ==, SHUMATE_UNIT_METRIC);
}

/* Preferences → Map names the pack the map shows: without a downloaded
 * or imported pack, the base pack the application came with (it said
 * "None" while the map showed the base pack). */
static void
test_preferences_base_pack (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *base = NULL;
  g_autofree char *file = NULL;
  GtkWidget *prefs;
  const char *subtitle;

  if (!show_page (fixture, TRUE))
    return;
  WAIT_UNTIL (_dis_map_page_has_pack (fixture->page));
  base = g_strdup (g_getenv ("DIS_REGION_PACK"));
  g_assert_nonnull (base);
  file = g_path_get_basename (base);

  prefs = dis_preferences_window_new (fixture->window);
  gtk_window_present (GTK_WINDOW (prefs));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (dis_test_get_text (prefs, ADW_TYPE_ACTION_ROW,
                                                                             "Current Pack")));
  g_assert_nonnull (strstr (subtitle, "base pack shipped with the application"));
  g_assert_nonnull (strstr (subtitle, file));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  int ret;
  g_autofree char *home = g_dir_make_tmp ("dis-test-map-home-XXXXXX", NULL);

  g_assert_nonnull (home);
  dis_test_map_init (&argc, &argv, home, home);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/map/render", test_render);
  ADD ("/map/search-nearest", test_search_nearest);
  ADD ("/map/select-row", test_select_row);
  ADD ("/map/details", test_details);
  ADD ("/map/restore-view", test_restore_view);
  ADD ("/map/no-pack", test_no_pack);
  ADD ("/map/metric-scale", test_metric_scale);
  ADD ("/map/points-from-sync", test_points_from_sync);
  ADD ("/map/preferences-base-pack", test_preferences_base_pack);
#undef ADD

  ret = g_test_run ();
  dis_test_rm_rf (home);

  return ret;
}
