/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "dis-core.h"
#include "dis-map-availability.h"
#include "dis-map-details-popover.h"
#include "dis-map-page-private.h"
#include "dis-map-point.h"
#include "dis-store-sync.h"
#include "dis-test-gui.h"
#include "dis-test-map.h"
#include "dis-test-util.h"

/* The basket across the network on the Map page (issue 11), under Xvfb:
 * stock snapshots from the changes feed give each point its completeness
 * on its marker and in its details; "where can I find…" lists the points
 * with a product nearest first; a big network is drawn grouped. */

#define WAIT_UNTIL(cond) DIS_TEST_WAIT_UNTIL (cond, 10)

static const struct {
  const char *code;
  const char *name;
  const char *kind;
  double      lat;
  double      lon;
} points[] = {
  { "TO-TOR", "Bottega Torino Centro", "shop",       45.0703, 7.6869 },   /* ours */
  { "TO-CHI", "GAS Chierese",          "gas",        45.0125, 7.8247 },   /* 13 km */
  { "TO-PIN", "Cascina Pinerolese",    "producer",   44.8847, 7.3314 },   /* 35 km */
  { "TO-IVR", "Raccolta Ivrea",        "collection", 45.4667, 7.8761 },   /* 46 km */
};

/* Two products of the basket, one of ours; the hub's snapshots. */
#define FEED \
  "[{\"seq\":1,\"kind\":\"supplier\",\"op\":\"upsert\",\"data\":{\"code\":\"LT\",\"name\":\"Libera Terra\"}}," \
  "{\"seq\":2,\"kind\":\"product\",\"op\":\"upsert\",\"data\":{\"code\":\"B-OLIO\",\"name\":\"Olio extravergine\"," \
  "\"unit\":\"l\",\"vat\":4,\"supplier\":\"LT\",\"equa_cents\":1250}}," \
  "{\"seq\":3,\"kind\":\"product\",\"op\":\"upsert\",\"data\":{\"code\":\"B-PASTA\",\"name\":\"Pasta di grano duro\"," \
  "\"unit\":\"piece\",\"vat\":4,\"supplier\":\"LT\",\"equa_cents\":230}}," \
  "{\"seq\":4,\"kind\":\"stock_snapshot\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-CHI\"," \
  "\"at\":\"%s\",\"levels\":[[\"B-PASTA\",12000]]}}," \
  "{\"seq\":5,\"kind\":\"stock_snapshot\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-PIN\"," \
  "\"at\":\"%s\",\"levels\":[[\"B-PASTA\",3000],[\"B-OLIO\",1500]]}}," \
  "{\"seq\":6,\"kind\":\"stock_snapshot\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-IVR\"," \
  "\"at\":\"%s\",\"levels\":[[\"B-PASTA\",40000],[\"B-OLIO\",500]]}}]"

typedef struct
{
  char       *dir;
  DisStore   *store;
  GtkWindow  *window;
  DisMapPage *page;
} Fixture;

static void
add_point (DisStore   *store,
           const char *code,
           const char *name,
           const char *kind,
           double      lat,
           double      lon)
{
  DisPointRecord record = {
    .code = (char *) code, .name = (char *) name, .kind = (char *) kind,
    .address = (char *) "Via Roma 1", .comune = (char *) "Torino",
    .lat_e6 = (gint64) llround (lat * 1e6), .lon_e6 = (gint64) llround (lon * 1e6),
  };

  dis_test_map_add_point (store, &record);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -3);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -2);
  g_autofree char *at_now = g_date_time_format_iso8601 (now);
  g_autofree char *at_earlier = g_date_time_format_iso8601 (earlier);
  g_autofree char *at_yesterday = g_date_time_format_iso8601 (yesterday);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_reset (settings, "map-latitude");
  g_settings_reset (settings, "map-longitude");
  g_settings_reset (settings, "map-zoom");
  g_settings_reset (settings, "map-selected-point");

  fixture->store = dis_test_map_store_new ("dis-test-map-stock", &fixture->dir);
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    add_point (fixture->store, points[i].code, points[i].name, points[i].kind, points[i].lat, points[i].lon);

  text = g_strdup_printf (FEED, at_earlier, at_now, at_yesterday);
  root = dis_codec_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (dis_store_sync_apply_changes (fixture->store, json_node_get_array (root), 6, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dis_test_map_tear_down (g_steal_pointer (&fixture->window), g_steal_pointer (&fixture->store),
                          g_steal_pointer (&fixture->dir));
}

static DisMapPoint *
find_point (Fixture    *fixture,
            const char *code)
{
  GListModel *model = G_LIST_MODEL (_dis_map_page_get_list_model (fixture->page));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (model, i);

      if (g_strcmp0 (dis_map_point_get_code (point), code) == 0)
        return point;   /* the list holds it */
    }
  g_error ("No point %s", code);
}

static GPtrArray *
shown_labels (GtkWidget *widget)
{
  GPtrArray *texts = g_ptr_array_new ();

  if (!gtk_widget_get_visible (widget))
    return texts;
  if (GTK_IS_LABEL (widget) && gtk_label_get_label (GTK_LABEL (widget)) != NULL)
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GPtrArray) more = shown_labels (child);

      g_ptr_array_extend (texts, more, NULL, NULL);
    }
  return texts;
}

static gboolean
texts_have_prefix (GPtrArray  *texts,
                   const char *prefix)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (texts, i), prefix))
      return TRUE;
  return FALSE;
}

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

/* With DIS_SCREENSHOT_DIR set, a picture of the page for people to look at. */
static void
keep_screenshot (Fixture    *fixture,
                 const char *name)
{
  const char *dir = g_getenv ("DIS_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || dir[0] == '\0' || !_dis_map_page_has_pack (fixture->page))
    return;
  dis_test_map_wait_for_tiles (fixture->page, 4);
  texture = dis_test_map_render (fixture->page);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

static void
test_completeness (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) labels = NULL;
  GtkWidget *marker;

  fixture->page = dis_test_map_show_page (fixture->store, FALSE, &fixture->window);

  /* Each point's basket, once read; ours from its own (empty) shelves. */
  WAIT_UNTIL (dis_map_point_get_completeness_label (find_point (fixture, "TO-IVR")) != NULL);
  g_assert_cmpstr (dis_map_point_get_completeness_label (find_point (fixture, "TO-CHI")), ==, "1/2");
  g_assert_false (dis_map_point_get_basket_complete (find_point (fixture, "TO-CHI")));
  g_assert_cmpstr (dis_map_point_get_completeness_label (find_point (fixture, "TO-PIN")), ==, "2/2");
  g_assert_true (dis_map_point_get_basket_complete (find_point (fixture, "TO-PIN")));
  g_assert_cmpstr (dis_map_point_get_completeness_label (find_point (fixture, "TO-TOR")), ==, "0/2");

  /* The marker says it in words and in its accessible name. */
  marker = _dis_map_page_get_marker (fixture->page, "TO-PIN");
  g_assert_nonnull (marker);
  labels = shown_labels (marker);
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "✓ 2/2", g_str_equal, NULL));
  g_clear_pointer (&labels, g_ptr_array_unref);

  /* The details: how much, what is missing, how old. */
  labels = open_details (fixture, "TO-CHI");
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Basket: 1 of 2 products", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Missing: Olio extravergine", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Stock as of 3 hours ago", g_str_equal, NULL));
  g_clear_pointer (&labels, g_ptr_array_unref);

  labels = open_details (fixture, "TO-IVR");
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Basket complete: 2 of 2 products", g_str_equal, NULL));
  g_assert_false (texts_have_prefix (labels, "Missing"));
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Stock as of 2 days ago", g_str_equal, NULL));
  g_clear_pointer (&labels, g_ptr_array_unref);

  g_clear_pointer (&labels, g_ptr_array_unref);
  keep_screenshot (fixture, "map-stock-details.png");

  labels = open_details (fixture, "TO-TOR");
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "Stock of this point, up to date", g_str_equal, NULL));
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *results;
  DisMapAvailability *a;

  fixture->page = dis_test_map_show_page (fixture->store, FALSE, &fixture->window);
  results = _dis_map_page_get_find_results (fixture->page);

  products = dis_store_search_products (fixture->store, "pasta", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 1);
  _dis_map_page_find_product (fixture->page, g_ptr_array_index (products, 0));
  WAIT_UNTIL (g_list_model_get_n_items (results) == 3);

  /* Nearest to our point first: Chieri, Pinerolo, Ivrea. */
  a = g_list_model_get_item (results, 0);
  g_assert_cmpstr (dis_map_availability_get_code (a), ==, "TO-CHI");
  g_assert_nonnull (strstr (dis_map_availability_get_subtitle (a), "12 pieces"));
  g_assert_nonnull (strstr (dis_map_availability_get_subtitle (a), "13 km"));
  g_assert_nonnull (strstr (dis_map_availability_get_subtitle (a), "3 hours ago"));
  g_object_unref (a);
  a = g_list_model_get_item (results, 1);
  g_assert_cmpstr (dis_map_availability_get_code (a), ==, "TO-PIN");
  g_object_unref (a);
  a = g_list_model_get_item (results, 2);
  g_assert_cmpstr (dis_map_availability_get_code (a), ==, "TO-IVR");
  g_assert_nonnull (strstr (dis_map_availability_get_subtitle (a), "2 days ago"));
  g_object_unref (a);

  /* Olive oil: only two points have it. */
  g_clear_pointer (&products, g_ptr_array_unref);
  products = dis_store_search_products (fixture->store, "olio", 1, &error);
  g_assert_no_error (error);
  _dis_map_page_find_product (fixture->page, g_ptr_array_index (products, 0));
  WAIT_UNTIL (g_list_model_get_n_items (results) == 2);
  a = g_list_model_get_item (results, 0);
  g_assert_cmpstr (dis_map_availability_get_code (a), ==, "TO-PIN");
  g_object_unref (a);

  /* Typing in the field offers the products; Enter takes the first. */
  _dis_map_page_find_product (fixture->page, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  {
    GtkEditable *entry = _dis_map_page_get_find_entry (fixture->page);

    gtk_editable_set_text (entry, "pasta");
    g_signal_emit_by_name (entry, "search-changed");
    WAIT_UNTIL (g_list_model_get_n_items (_dis_map_page_get_find_products (fixture->page)) == 1);
    /* The row offered says which product it is. */
    g_assert_nonnull (dis_test_get_text (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW, "Pasta di grano duro"));
    g_signal_emit_by_name (entry, "activate");
    WAIT_UNTIL (g_list_model_get_n_items (results) == 3);
  }
  keep_screenshot (fixture, "map-stock-find.png");
}

/* 400 points around Turin: drawn grouped from afar, apart from close. */
static void
test_clusters (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  ShumateViewport *viewport;
  guint far, near;

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *code = g_strdup_printf ("TO-N%03u", i);
      g_autofree char *name = g_strdup_printf ("Punto %u", i);

      add_point (fixture->store, code, name, "shop",
                 45.0703 + g_rand_double_range (rand, -0.2, 0.2),
                 7.6869 + g_rand_double_range (rand, -0.3, 0.3));
    }
  fixture->page = dis_test_map_show_page (fixture->store, FALSE, &fixture->window);
  viewport = _dis_map_page_get_viewport (fixture->page);

  shumate_viewport_set_zoom_level (viewport, 9);
  far = _dis_map_page_get_n_markers_drawn (fixture->page);
  shumate_viewport_set_zoom_level (viewport, 15);
  near = _dis_map_page_get_n_markers_drawn (fixture->page);
  g_test_message ("drawn at zoom 9: %u, at zoom 15: %u, of %u points", far, near, 403u);
  g_assert_cmpuint (far, <, 100);
  g_assert_cmpuint (near, >, 300);
  g_assert_cmpuint (near, <=, 403);   /* our own point has its own marker */

  shumate_viewport_set_zoom_level (viewport, 10);
  keep_screenshot (fixture, "map-stock-clusters.png");
}

int
main (int   argc,
      char *argv[])
{
  int ret;
  g_autofree char *home = g_dir_make_tmp ("dis-test-map-stock-home-XXXXXX", NULL);

  g_assert_nonnull (home);
  dis_test_map_init (&argc, &argv, home, home);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/map/stock/completeness", test_completeness);
  ADD ("/map/stock/find", test_find);
  ADD ("/map/stock/clusters", test_clusters);
#undef ADD

  ret = g_test_run ();
  dis_test_rm_rf (home);

  return ret;
}
