/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-page"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dis-gazetteer.h"
#include "dis-geo.h"
#include "dis-map-page.h"
#include "dis-map-symbol.h"
#include "dis-mbtiles-source.h"
#include "dis-pack-manager.h"
#include "dis-store-points.h"

/* Settings of the optional online layer (added by the pack preferences);
 * looked up by name so the page works with an older schema too. */
#define ONLINE_ENABLED_KEY      "map-online-enabled"
#define ONLINE_URL_KEY          "map-online-url"
#define ONLINE_ATTRIBUTION_KEY  "map-online-attribution"

#define DEFAULT_SPOT_ZOOM 12.0

struct _DisMapPage
{
  GtkWidget            parent_instance;

  DisStore            *store;
  GSettings           *settings;
  GCancellable        *cancellable;
  GCancellable        *pack_cancellable;
  DisPackManager      *pack_manager;

  /* Template widgets */
  GtkSearchEntry      *search_entry;
  GtkRevealer         *nearest_revealer;
  GtkLabel            *nearest_label;
  GtkRevealer         *places_revealer;
  GtkListBox          *places_list;
  GtkStack            *list_stack;
  GtkListView         *point_list;
  AdwStatusPage       *empty_page;
  GtkStack            *map_stack;
  AdwStatusPage       *no_pack_page;
  ShumateMap          *map;
  ShumateScale        *scale;
  ShumateLicense      *license;
  GtkBox              *legend_box;

  ShumateViewport     *viewport;
  DisMbtilesSource    *pack_source;
  ShumateMapSource    *base_source;
  ShumateMapLayer     *base_layer;
  ShumateMapSource    *online_source;
  ShumateMapLayer     *online_layer;
  ShumateMarkerLayer  *kind_layers[DIS_N_POINT_KINDS];
  ShumateMarkerLayer  *own_layer;
  ShumateMarkerLayer  *place_layer;
  ShumateMarker       *place_marker;

  GListStore          *points;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filtered;
  GtkCustomSorter     *sorter;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  GHashTable          *markers;          /* code → ShumateMarker (owned by its layer) */
  GHashTable          *points_by_code;   /* code → DisMapPoint */
  GHashTable          *rows;             /* code → bound row widget */
  guint                details_source;
  double               thinned_zoom;
  GPtrArray           *places;           /* DisPlace suggestions */
  char               **search_words;     /* normalized */

  GtkWidget           *popover;
  char                *selected_code;
  char                *pending_code;     /* restored, applied once points load */
  char                *own_code;
  double               own_lat;
  double               own_lon;

  double               nearest_lat;
  double               nearest_lon;
  guint                n_tiles_received;

  guint                loaded : 1;
  guint                has_own_location : 1;
  guint                nearest_active : 1;
  guint                syncing_selection : 1;
};

G_DEFINE_FINAL_TYPE (DisMapPage, dis_map_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADED,
  PROP_SELECTED_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void select_point (DisMapPage  *self,
                          DisMapPoint *point,
                          gboolean     center,
                          gboolean     details);
static void close_popover (DisMapPage *self);

/* ---- Base map ----------------------------------------------------------- */

static void
clamp_zoom (DisMapPage *self)
{
  guint min_zoom = 8, max_zoom = 14;

  if (self->pack_source != NULL)
    {
      min_zoom = dis_mbtiles_source_get_min_zoom (self->pack_source);
      max_zoom = dis_mbtiles_source_get_max_zoom (self->pack_source);
    }

  /* The online layer may go deeper than the pack. */
  if (self->online_source != NULL)
    max_zoom = MAX (max_zoom, shumate_map_source_get_max_zoom_level (self->online_source));

  shumate_viewport_set_min_zoom_level (self->viewport, min_zoom);
  shumate_viewport_set_max_zoom_level (self->viewport, max_zoom);
}

static void
received_data_cb (DisMapPage *self)
{
  self->n_tiles_received++;
}

static void
remove_base_layer (DisMapPage *self)
{
  if (self->base_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->base_layer));
  if (self->base_source != NULL)
    shumate_license_remove_map_source (self->license, self->base_source);
  if (self->pack_source != NULL)
    g_signal_handlers_disconnect_by_func (self->pack_source, received_data_cb, self);

  self->base_layer = NULL;
  g_clear_object (&self->base_source);
  g_clear_object (&self->pack_source);
}

static void
set_pack_source (DisMapPage       *self,
                 DisMbtilesSource *source)
{
  remove_base_layer (self);

  if (source == NULL)
    {
      gtk_stack_set_visible_child_name (self->map_stack, "no-pack");
      return;
    }

  self->pack_source = g_object_ref (source);
  self->n_tiles_received = 0;
  g_signal_connect_object (source, "received-data",
                           G_CALLBACK (received_data_cb), self,
                           G_CONNECT_SWAPPED);

  self->base_source = dis_mbtiles_source_create_renderer (source);
  shumate_viewport_set_reference_map_source (self->viewport, self->base_source);
  self->base_layer = shumate_map_layer_new (self->base_source, self->viewport);
  /* Bottom-most: a NULL sibling for "above" puts it first. */
  shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->base_layer), NULL);
  shumate_license_prepend_map_source (self->license, self->base_source);
  clamp_zoom (self);

  gtk_stack_set_visible_child_name (self->map_stack, "map");
}

static char *
find_pack_path (DisMapPage *self)
{
  const char *path = NULL;

  if (self->pack_manager != NULL)
    path = dis_pack_manager_get_active_path (self->pack_manager);
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_strdup (path);

  path = g_getenv ("DIS_REGION_PACK");
  if (path != NULL && path[0] != '\0' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_strdup (path);

  return NULL;
}

static void
open_pack_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisMapPage) self = user_data;
  g_autoptr(DisMbtilesSource) source = NULL;
  g_autoptr(GError) error = NULL;

  source = dis_mbtiles_source_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (source == NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("The region pack on this computer cannot be read: %s "
                           "Download the network’s pack again or import another "
                           "pack file in Preferences."),
                         error->message);

      g_warning ("Could not open the region pack: %s", error->message);
      adw_status_page_set_title (self->no_pack_page, _("The Map Cannot Be Shown"));
      adw_status_page_set_description (self->no_pack_page, description);
    }

  set_pack_source (self, source);
}

static void
load_pack (DisMapPage *self)
{
  g_autofree char *path = find_pack_path (self);

  g_cancellable_cancel (self->pack_cancellable);
  g_clear_object (&self->pack_cancellable);

  if (path == NULL)
    {
      set_pack_source (self, NULL);
      return;
    }

  /* Opening checks the file (SQLite quick_check): off the UI thread. */
  self->pack_cancellable = g_cancellable_new ();
  dis_mbtiles_source_new_async (path, self->pack_cancellable, open_pack_cb, g_object_ref (self));
}

/* ---- Online layer ------------------------------------------------------- */

static gboolean
settings_has_key (GSettings  *settings,
                  const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

static void
update_online_layer (DisMapPage *self)
{
  g_autofree char *url = NULL;
  g_autofree char *attribution = NULL;
  ShumateRasterRenderer *renderer;

  if (self->online_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->online_layer));
  if (self->online_source != NULL)
    shumate_license_remove_map_source (self->license, self->online_source);
  self->online_layer = NULL;
  g_clear_object (&self->online_source);

  if (!settings_has_key (self->settings, ONLINE_ENABLED_KEY) ||
      !settings_has_key (self->settings, ONLINE_URL_KEY) ||
      !g_settings_get_boolean (self->settings, ONLINE_ENABLED_KEY))
    goto out;

  url = g_settings_get_string (self->settings, ONLINE_URL_KEY);
  if (url == NULL || strstr (url, "{z}") == NULL)
    goto out;

  if (settings_has_key (self->settings, ONLINE_ATTRIBUTION_KEY))
    attribution = g_settings_get_string (self->settings, ONLINE_ATTRIBUTION_KEY);

  /* A URL renderer has libshumate's tile downloader and file cache: tiles
   * seen once stay available offline, and where none is cached the region
   * pack underneath shows through. */
  renderer = shumate_raster_renderer_new_full_from_url ("disotto-online",
                                                        _("Online map"),
                                                        attribution && *attribution ? attribution : NULL,
                                                        NULL, 0, 19, 256,
                                                        SHUMATE_MAP_PROJECTION_MERCATOR,
                                                        url);
  self->online_source = SHUMATE_MAP_SOURCE (renderer);
  self->online_layer = shumate_map_layer_new (self->online_source, self->viewport);
  if (self->base_layer != NULL)
    shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->online_layer),
                                    SHUMATE_LAYER (self->base_layer));
  else
    shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->online_layer), NULL);
  shumate_license_append_map_source (self->license, self->online_source);

out:
  clamp_zoom (self);
}

/* ---- Points: markers ---------------------------------------------------- */

static DisMapPoint *
widget_get_point (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "dis-map-point");
}

static void
marker_clicked_cb (DisMapPage *self,
                   GtkButton  *button)
{
  DisMapPoint *point = widget_get_point (GTK_WIDGET (button));

  g_assert (DIS_IS_MAP_POINT (point));

  select_point (self, point, FALSE, TRUE);
}

static ShumateMarker *
create_marker (DisMapPage  *self,
               DisMapPoint *point)
{
  ShumateMarker *marker = shumate_marker_new ();
  GtkWidget *button = gtk_button_new ();
  GtkWidget *symbol;
  gboolean own = dis_map_point_get_own (point);

  symbol = dis_map_symbol_new (dis_map_point_get_kind (point),
                               own ? DIS_MAP_SYMBOL_OWN : DIS_MAP_SYMBOL_MARKER);
  gtk_button_set_child (GTK_BUTTON (button), symbol);
  gtk_widget_add_css_class (button, "map-marker");
  gtk_widget_set_tooltip_text (button, dis_map_point_get_name (point));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dis_map_point_get_accessible_label (point),
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "dis-map-point",
                          g_object_ref (point), g_object_unref);
  g_signal_connect_object (button, "clicked",
                           G_CALLBACK (marker_clicked_cb), self,
                           G_CONNECT_SWAPPED);

  shumate_location_set_location (SHUMATE_LOCATION (marker),
                                 dis_map_point_get_latitude (point),
                                 dis_map_point_get_longitude (point));
  shumate_marker_set_child (marker, button);
  g_object_set_data (G_OBJECT (marker), "dis-map-symbol", symbol);
  g_object_set_data (G_OBJECT (marker), "dis-map-button", button);

  return marker;
}

static void
remove_markers (DisMapPage *self)
{
  close_popover (self);

  for (guint i = 0; i < DIS_N_POINT_KINDS; i++)
    shumate_marker_layer_remove_all (self->kind_layers[i]);
  shumate_marker_layer_remove_all (self->own_layer);
  g_hash_table_remove_all (self->markers);
}

static void
set_marker_selected (DisMapPage *self,
                     const char *code,
                     gboolean    selected)
{
  ShumateMarker *marker;

  if (code == NULL || !(marker = g_hash_table_lookup (self->markers, code)))
    return;

  dis_map_symbol_set_selected (g_object_get_data (G_OBJECT (marker), "dis-map-symbol"),
                               selected);
}

/* Where markers would overlap (a big network seen from afar), show one
 * per 14-pixel cell: the picture stays readable and the frames cheap. Our
 * own point and the selected one always show; the list reaches all. */
#define THIN_CELL_PX 14.0

static void
thin_markers (DisMapPage *self)
{
  double zoom = shumate_viewport_get_zoom_level (self->viewport);
  double world = 256.0 * exp2 (zoom) / THIN_CELL_PX;
  g_autoptr(GHashTable) taken = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->points));

  self->thinned_zoom = zoom;

  /* Points come by name: a stable choice of who shows in a cell. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(DisMapPoint) point = g_list_model_get_item (G_LIST_MODEL (self->points), i);
        const char *code = dis_map_point_get_code (point);
        ShumateMarker *marker = g_hash_table_lookup (self->markers, code);
        gboolean always = dis_map_point_get_own (point) || g_strcmp0 (code, self->selected_code) == 0;
        double lat, x, y;
        gpointer key;

        if (marker == NULL || (pass == 0) != always)
          continue;

        lat = dis_map_point_get_latitude (point) * G_PI / 180.0;
        x = (dis_map_point_get_longitude (point) + 180.0) / 360.0 * world;
        y = (1.0 - log (tan (lat) + 1.0 / cos (lat)) / G_PI) / 2.0 * world;
        key = GSIZE_TO_POINTER ((gsize)((guint64)floor (x) * 1000003u + (guint64)floor (y)));

        if (always || !g_hash_table_contains (taken, key))
          {
            g_hash_table_add (taken, key);
            gtk_widget_set_visible (GTK_WIDGET (marker), TRUE);
          }
        else
          gtk_widget_set_visible (GTK_WIDGET (marker), FALSE);
      }
}

static void
zoom_changed_cb (DisMapPage *self)
{
  if (fabs (shumate_viewport_get_zoom_level (self->viewport) - self->thinned_zoom) >= 0.25)
    thin_markers (self);
}

/* ---- Points: loading ---------------------------------------------------- */

static void
update_own_distances (DisMapPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->points));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (G_LIST_MODEL (self->points), i);

      if (!self->nearest_active || !dis_map_point_has_location (point))
        dis_map_point_set_distance (point, -1);
      else
        dis_map_point_set_distance (point,
                                    dis_geo_distance_m (self->nearest_lat, self->nearest_lon,
                                                        dis_map_point_get_latitude (point),
                                                        dis_map_point_get_longitude (point)));
    }
}

static void
set_points (DisMapPage *self,
            GPtrArray  *points,
            const char *own_code)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  DisMapPoint *pending = NULL;

  remove_markers (self);
  g_hash_table_remove_all (self->points_by_code);
  g_clear_pointer (&self->own_code, g_free);
  self->own_code = g_strdup (own_code);
  self->has_own_location = FALSE;

  for (guint i = 0; i < points->len; i++)
    {
      const DisPointRecord *record = g_ptr_array_index (points, i);
      gboolean own = g_strcmp0 (record->code, own_code) == 0;
      DisMapPoint *point = dis_map_point_new (record, own);

      g_ptr_array_add (items, point);
      g_hash_table_replace (self->points_by_code, g_strdup (record->code), point);

      if (own && dis_map_point_has_location (point))
        {
          self->has_own_location = TRUE;
          self->own_lat = dis_map_point_get_latitude (point);
          self->own_lon = dis_map_point_get_longitude (point);
        }

      if (dis_map_point_has_location (point))
        {
          ShumateMarker *marker = create_marker (self, point);

          g_hash_table_replace (self->markers, g_strdup (record->code), marker);
          shumate_marker_layer_add_marker (own ? self->own_layer
                                               : self->kind_layers[dis_map_point_get_kind (point)],
                                           marker);
        }
    }

  self->syncing_selection = TRUE;
  g_list_store_splice (self->points, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->points)),
                       items->pdata, items->len);
  update_own_distances (self);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  self->syncing_selection = FALSE;

  /* Keep the selection across a reload, or restore the saved one. */
  if (self->selected_code != NULL)
    pending = g_hash_table_lookup (self->points_by_code, self->selected_code);
  else if (self->pending_code != NULL)
    pending = g_hash_table_lookup (self->points_by_code, self->pending_code);
  g_clear_pointer (&self->pending_code, g_free);
  g_clear_pointer (&self->selected_code, g_free);
  if (pending != NULL)
    select_point (self, pending, FALSE, FALSE);
  thin_markers (self);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
load_points_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DisMapPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = NULL;
  g_autofree char *own_code = NULL;

  points = dis_store_load_map_points_finish (DIS_STORE (object), result, &own_code, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (points == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The network’s points could not be read: %s"), error->message);

      g_warning ("%s", message);
      adw_status_page_set_title (self->empty_page, _("Points Not Available"));
      adw_status_page_set_description (self->empty_page, message);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }

  set_points (self, points, own_code);
}

/* ---- The side list ------------------------------------------------------ */

static void
update_list_state (DisMapPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > 0 || !self->loaded)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  adw_status_page_set_title (self->empty_page, _("No Points Found"));
  if (text != NULL && text[0] != '\0')
    adw_status_page_set_description (self->empty_page,
                                     _("No point of the network has this name or is in this comune. "
                                       "Choose a place above to see the nearest points."));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("The network’s points arrive with the next sync from the hub."));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  DisMapPage *self = user_data;
  DisMapPoint *point = item;
  const char *key;

  if (self->nearest_active)
    return dis_map_point_has_location (point);

  if (self->search_words == NULL)
    return TRUE;

  key = dis_map_point_get_search_key (point);
  for (guint i = 0; self->search_words[i] != NULL; i++)
    if (strstr (key, self->search_words[i]) == NULL)
      return FALSE;

  return TRUE;
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  DisMapPage *self = user_data;
  DisMapPoint *pa = (DisMapPoint *)a;
  DisMapPoint *pb = (DisMapPoint *)b;

  if (self->nearest_active)
    {
      double da = dis_map_point_get_distance (pa);
      double db = dis_map_point_get_distance (pb);

      if (da >= 0 && db >= 0 && da != db)
        return da < db ? -1 : 1;
      if ((da >= 0) != (db >= 0))
        return da >= 0 ? -1 : 1;
    }
  else if (dis_map_point_get_own (pa) != dis_map_point_get_own (pb))
    return dis_map_point_get_own (pa) ? -1 : 1;

  return g_utf8_collate (dis_map_point_get_name (pa), dis_map_point_get_name (pb));
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box, *text, *name, *subtitle, *distance, *symbol;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  symbol = dis_map_symbol_new (DIS_POINT_KIND_SHOP, DIS_MAP_SYMBOL_ICON);
  gtk_widget_set_valign (symbol, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), symbol);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  name = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "point-name");
  subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), text);

  distance = gtk_label_new (NULL);
  gtk_widget_add_css_class (distance, "distance");
  gtk_widget_add_css_class (distance, "caption");
  gtk_widget_set_valign (distance, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), distance);

  g_object_set_data (G_OBJECT (box), "symbol", symbol);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "distance", distance);

  gtk_list_item_set_child (item, box);
}

static void
row_update (GtkWidget   *box,
            DisMapPoint *point)
{
  GtkWidget *distance = g_object_get_data (G_OBJECT (box), "distance");
  const char *distance_label = dis_map_point_get_distance_label (point);
  g_autofree char *label = NULL;

  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "distance"), distance_label);
  gtk_widget_set_visible (distance, distance_label != NULL);

  /* The row's accessible name says everything the row shows. */
  if (distance_label != NULL)
    label = g_strdup_printf (_("%s, %s away"), dis_map_point_get_accessible_label (point),
                             distance_label);
  else if (dis_map_point_get_own (point))
    label = g_strdup_printf (_("%s, your point"), dis_map_point_get_accessible_label (point));
  else
    label = g_strdup (dis_map_point_get_accessible_label (point));

  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
row_distance_changed_cb (DisMapPoint *point,
                         GParamSpec  *pspec,
                         GtkWidget   *box)
{
  row_update (box, point);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  DisMapPage *self = user_data;
  GtkWidget *box = gtk_list_item_get_child (item);
  DisMapPoint *point = gtk_list_item_get_item (item);
  g_autofree char *subtitle = NULL;
  const char *comune = dis_map_point_get_comune (point);

  dis_map_symbol_set_kind (g_object_get_data (G_OBJECT (box), "symbol"),
                           dis_map_point_get_kind (point));
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "name"),
                       dis_map_point_get_name (point));

  if (dis_map_point_get_own (point))
    subtitle = g_strdup_printf (_("%s · Your point"), comune ? comune : "");
  else
    subtitle = g_strdup_printf ("%s · %s", comune ? comune : "",
                                dis_point_kind_to_label (dis_map_point_get_kind (point)));
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);

  row_update (box, point);
  g_hash_table_replace (self->rows, g_strdup (dis_map_point_get_code (point)), box);
  g_signal_connect_object (point, "notify::distance-label",
                           G_CALLBACK (row_distance_changed_cb), box, 0);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  DisMapPoint *point = gtk_list_item_get_item (item);

  if (point != NULL)
    {
      DisMapPage *self = user_data;

      g_signal_handlers_disconnect_by_func (point, row_distance_changed_cb, box);
      if (g_hash_table_lookup (self->rows, dis_map_point_get_code (point)) == box)
        g_hash_table_remove (self->rows, dis_map_point_get_code (point));
    }
}

static guint
find_position (DisMapPage  *self,
               DisMapPoint *point)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisMapPoint) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (item == point)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
selection_changed_cb (DisMapPage *self)
{
  DisMapPoint *point;

  if (self->syncing_selection)
    return;

  point = gtk_single_selection_get_selected_item (self->selection);
  if (point != NULL)
    select_point (self, point, TRUE, TRUE);
}

static void
point_activated_cb (DisMapPage  *self,
                    guint        position,
                    GtkListView *list)
{
  g_autoptr(DisMapPoint) point = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (point != NULL)
    select_point (self, point, TRUE, TRUE);
}

/* ---- Search and places -------------------------------------------------- */

static void
place_row_add (DisMapPage     *self,
               const DisPlace *place)
{
  GtkWidget *row, *box, *icon, *text, *name, *subtitle;
  g_autofree char *detail = NULL;
  g_autofree char *label = NULL;

  if (g_strcmp0 (place->kind, "hamlet") == 0)
    detail = g_strdup_printf (_("Hamlet of %s"), place->comune);
  else
    detail = g_strdup (_("Comune"));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);
  icon = gtk_image_new_from_icon_name ("find-location-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), icon);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  name = gtk_label_new (place->name);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  subtitle = gtk_label_new (detail);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), text);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  label = g_strdup_printf (_("%s, %s, nearest points"), place->name, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_list_box_append (self->places_list, row);
}

static void
update_places (DisMapPage *self,
               const char *text)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->places_list))))
    gtk_list_box_remove (self->places_list, child);

  g_clear_pointer (&self->places, g_ptr_array_unref);
  if (text != NULL && text[0] != '\0' && !self->nearest_active)
    self->places = dis_gazetteer_search (dis_gazetteer_get_default (), text, 4);

  if (self->places != NULL)
    for (guint i = 0; i < self->places->len; i++)
      place_row_add (self, g_ptr_array_index (self->places, i));

  gtk_revealer_set_reveal_child (self->places_revealer,
                                 self->places != NULL && self->places->len > 0);
}

static void
search_changed_cb (DisMapPage     *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *normal = NULL;

  /* Typing again leaves "nearest to": the text is a new search. */
  if (self->nearest_active &&
      g_strcmp0 (text, gtk_label_get_label (self->nearest_label)) != 0 &&
      g_object_get_data (G_OBJECT (entry), "dis-place-text") != NULL &&
      g_strcmp0 (text, g_object_get_data (G_OBJECT (entry), "dis-place-text")) != 0)
    dis_map_page_clear_nearest (self);

  g_clear_pointer (&self->search_words, g_strfreev);
  normal = dis_gazetteer_normalize (text);
  if (normal != NULL)
    {
      g_strstrip (normal);
      if (normal[0] != '\0')
        self->search_words = g_strsplit_set (normal, " \t", -1);
    }

  /* Drop empty words from repeated spaces. */
  if (self->search_words != NULL)
    {
      guint j = 0;

      for (guint i = 0; self->search_words[i] != NULL; i++)
        {
          if (self->search_words[i][0] != '\0')
            self->search_words[j++] = self->search_words[i];
          else
            g_free (self->search_words[i]);
        }
      self->search_words[j] = NULL;
    }

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_places (self, text);
  update_list_state (self);
}

static void
choose_place (DisMapPage     *self,
              const DisPlace *place)
{
  g_autofree char *label = g_strdup (place->name);

  g_object_set_data_full (G_OBJECT (self->search_entry), "dis-place-text",
                          g_strdup (place->name), g_free);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), place->name) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), place->name);

  dis_map_page_show_nearest (self, place->lat, place->lon, label);
}

static void
place_activated_cb (DisMapPage    *self,
                    GtkListBoxRow *row,
                    GtkListBox    *list)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->places != NULL && index >= 0 && (guint)index < self->places->len)
    {
      g_autoptr(DisPlace) place = dis_place_copy (g_ptr_array_index (self->places, index));

      choose_place (self, place);
    }
}

static void
search_activate_cb (DisMapPage     *self,
                    GtkSearchEntry *entry)
{
  if (self->places != NULL && self->places->len > 0)
    {
      g_autoptr(DisPlace) place = dis_place_copy (g_ptr_array_index (self->places, 0));

      choose_place (self, place);
    }
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (G_LIST_MODEL (self->sorted), 0);

      select_point (self, point, TRUE, TRUE);
    }
}

static void
stop_search_cb (DisMapPage *self)
{
  if (self->nearest_active)
    dis_map_page_clear_nearest (self);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* ---- Details popover ---------------------------------------------------- */

static gboolean
unparent_idle_cb (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);

  return G_SOURCE_REMOVE;
}

static void
release_parent (gpointer data)
{
  GtkWidget *popover = data;
  GtkWidget *parent = g_object_get_data (G_OBJECT (popover), "dis-popover-parent");

  g_object_unref (popover);
  g_clear_object (&parent);
}

static void
popover_closed_cb (DisMapPage *self,
                   GtkPopover *popover)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (popover));

  if (self->popover == GTK_WIDGET (popover))
    g_clear_weak_pointer (&self->popover);

  /* Unparent later, as "closed" is emitted from inside the popover; the
   * marker is kept alive until then so it never dies with a child. */
  g_object_set_data (G_OBJECT (popover), "dis-popover-parent",
                     parent ? g_object_ref (parent) : NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT, unparent_idle_cb,
                   g_object_ref (popover), release_parent);
}

static void
close_popover (DisMapPage *self)
{
  GtkWidget *popover = self->popover;

  if (popover == NULL)
    return;

  g_clear_weak_pointer (&self->popover);

  g_signal_handlers_disconnect_by_func (popover, popover_closed_cb, self);
  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_unparent (popover);
}

static void
details_add_line (GtkWidget  *grid,
                  int         row,
                  const char *icon_name,
                  const char *text,
                  const char *style_class,
                  gboolean    selectable)
{
  GtkWidget *icon, *label;

  if (text == NULL || text[0] == '\0')
    return;

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_grid_attach (GTK_GRID (grid), icon, 0, row, 1, 1);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 34);
  gtk_label_set_selectable (GTK_LABEL (label), selectable);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  gtk_grid_attach (GTK_GRID (grid), label, 1, row, 1, 1);
}

static GtkWidget *
build_details (DisMapPage  *self,
               DisMapPoint *point)
{
  const DisPointRecord *record = dis_map_point_get_record (point);
  GtkWidget *box, *header, *kind_box, *symbol, *kind, *name, *close, *grid, *services;
  g_autofree char *distance = NULL;
  int row = 0;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_add_css_class (box, "map-details");
  gtk_widget_set_size_request (box, 280, -1);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  kind_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (kind_box, TRUE);
  symbol = dis_map_symbol_new (dis_map_point_get_kind (point), DIS_MAP_SYMBOL_ICON);
  gtk_box_append (GTK_BOX (kind_box), symbol);
  kind = gtk_label_new (dis_map_point_get_own (point)
                        ? _("Your point")
                        : dis_point_kind_to_label (dis_map_point_get_kind (point)));
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_add_css_class (kind, "caption-heading");
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_box_append (GTK_BOX (kind_box), kind);
  gtk_box_append (GTK_BOX (header), kind_box);

  close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (close, "flat");
  gtk_widget_add_css_class (close, "circular");
  gtk_widget_set_valign (close, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (close, _("Close"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Close"), -1);
  g_object_set_data (G_OBJECT (box), "close-button", close);
  gtk_box_append (GTK_BOX (header), close);
  gtk_box_append (GTK_BOX (box), header);

  name = gtk_label_new (record->name);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 30);
  gtk_label_set_selectable (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "title-3");
  gtk_box_append (GTK_BOX (box), name);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  details_add_line (grid, row++, "mark-location-symbolic", record->address, NULL, TRUE);
  details_add_line (grid, row++, "", record->comune, NULL, TRUE);
  details_add_line (grid, row++, "preferences-system-time-symbolic", record->hours, NULL, TRUE);
  details_add_line (grid, row++, "call-start-symbolic", record->phone, NULL, TRUE);
  details_add_line (grid, row++, "mail-unread-symbolic", record->email, NULL, TRUE);

  if (dis_map_point_get_own (point))
    distance = g_strdup (_("This is your point"));
  else if (self->has_own_location && dis_map_point_has_location (point))
    {
      g_autofree char *d =
        dis_geo_format_distance (dis_geo_distance_m (self->own_lat, self->own_lon,
                                                     dis_map_point_get_latitude (point),
                                                     dis_map_point_get_longitude (point)));

      /* Translators: a straight-line distance, e.g. "12 km from here" */
      distance = g_strdup_printf (_("%s from here"), d);
    }
  details_add_line (grid, row++, "find-location-symbolic", distance, NULL, FALSE);
  gtk_box_append (GTK_BOX (box), grid);

  services = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (record->home_delivery)
    {
      GtkWidget *pill = gtk_label_new (_("Home delivery"));

      gtk_widget_add_css_class (pill, "service");
      gtk_box_append (GTK_BOX (services), pill);
    }
  if (record->collection_point)
    {
      GtkWidget *pill = gtk_label_new (_("Collection point"));

      gtk_widget_add_css_class (pill, "service");
      gtk_box_append (GTK_BOX (services), pill);
    }
  gtk_box_append (GTK_BOX (box), services);
  gtk_widget_set_visible (services, gtk_widget_get_first_child (services) != NULL);

  return box;
}

static void
open_details (DisMapPage  *self,
              DisMapPoint *point)
{
  ShumateMarker *marker = g_hash_table_lookup (self->markers, dis_map_point_get_code (point));
  GtkWidget *button;
  GtkWidget *popover;
  GtkWidget *details;
  g_autofree char *label = NULL;

  close_popover (self);

  /* On the map, the details point at the marker; without a map (no pack,
   * or no coordinates) at the point's row, so the list alone is enough. */
  if (marker != NULL && gtk_widget_get_mapped (GTK_WIDGET (marker)) &&
      gtk_widget_get_child_visible (GTK_WIDGET (marker)))
    button = g_object_get_data (G_OBJECT (marker), "dis-map-button");
  else if (!gtk_widget_get_mapped (GTK_WIDGET (self->map)) || marker == NULL)
    button = g_hash_table_lookup (self->rows, dis_map_point_get_code (point));
  else
    button = NULL;

  if (button == NULL || !gtk_widget_get_mapped (button))
    return;

  popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  details = build_details (self, point);
  gtk_popover_set_child (GTK_POPOVER (popover), details);
  g_signal_connect_object (g_object_get_data (G_OBJECT (details), "close-button"), "clicked",
                           G_CALLBACK (gtk_popover_popdown), popover, G_CONNECT_SWAPPED);
  label = g_strdup_printf (_("Details of %s"), dis_map_point_get_name (point));
  gtk_accessible_update_property (GTK_ACCESSIBLE (popover), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_parent (popover, button);
  if (marker == NULL || button != g_object_get_data (G_OBJECT (marker), "dis-map-button"))
    gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_RIGHT);
  g_signal_connect_object (popover, "closed", G_CALLBACK (popover_closed_cb), self, G_CONNECT_SWAPPED);
  /* Weak: a row that is recycled or destroyed takes its popover along. */
  g_set_weak_pointer (&self->popover, popover);

  gtk_popover_popup (GTK_POPOVER (popover));
}

/* The marker may be off screen (hidden by its layer) until the map has
 * moved to it: open the details once it is shown. */
static void
marker_mapped_cb (GtkWidget  *button,
                  DisMapPage *self)
{
  DisMapPoint *point = widget_get_point (button);

  g_signal_handlers_disconnect_by_func (button, marker_mapped_cb, self);

  if (point != NULL && g_strcmp0 (self->selected_code, dis_map_point_get_code (point)) == 0)
    open_details (self, point);
}

static gboolean
row_details_cb (gpointer data)
{
  DisMapPage *self = data;
  DisMapPoint *point;

  self->details_source = 0;

  if (self->selected_code != NULL &&
      (point = g_hash_table_lookup (self->points_by_code, self->selected_code)))
    open_details (self, point);

  return G_SOURCE_REMOVE;
}

static void
select_point (DisMapPage  *self,
              DisMapPoint *point,
              gboolean     center,
              gboolean     details)
{
  ShumateMarker *marker;
  guint position;

  g_assert (DIS_IS_MAP_PAGE (self));
  g_assert (DIS_IS_MAP_POINT (point));

  if (g_strcmp0 (self->selected_code, dis_map_point_get_code (point)) != 0)
    {
      set_marker_selected (self, self->selected_code, FALSE);
      g_free (self->selected_code);
      self->selected_code = g_strdup (dis_map_point_get_code (point));
      set_marker_selected (self, self->selected_code, TRUE);
      if ((marker = g_hash_table_lookup (self->markers, self->selected_code)))
        gtk_widget_set_visible (GTK_WIDGET (marker), TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CODE]);
    }

  /* The list follows the map: a point hidden by the search comes back. */
  position = find_position (self, point);
  if (position == GTK_INVALID_LIST_POSITION && !self->nearest_active)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      position = find_position (self, point);
    }

  self->syncing_selection = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing_selection = FALSE;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->point_list), "list.scroll-to-item", "u", position);

  marker = g_hash_table_lookup (self->markers, dis_map_point_get_code (point));
  g_clear_handle_id (&self->details_source, g_source_remove);
  if (marker == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->map)))
    {
      /* The row may be bound only at the next layout, after scrolling. */
      if (details)
        {
          close_popover (self);
          self->details_source = g_timeout_add (50, row_details_cb, self);
        }
      return;
    }

  if (center)
    shumate_map_center_on (self->map,
                           dis_map_point_get_latitude (point),
                           dis_map_point_get_longitude (point));

  if (!details)
    return;

  if (gtk_widget_get_mapped (GTK_WIDGET (marker)) && gtk_widget_get_child_visible (GTK_WIDGET (marker)))
    open_details (self, point);
  else
    {
      GtkWidget *button = g_object_get_data (G_OBJECT (marker), "dis-map-button");

      close_popover (self);
      g_signal_handlers_disconnect_by_func (button, marker_mapped_cb, self);
      g_signal_connect (button, "map", G_CALLBACK (marker_mapped_cb), self);
    }
}

/* ---- Map gestures ------------------------------------------------------- */

static void
nearest_at (DisMapPage *self,
            double      x,
            double      y)
{
  double lat, lon;

  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map),
                                              x, y, &lat, &lon);
  dis_map_page_show_nearest (self, lat, lon, NULL);
}

static void
secondary_pressed_cb (DisMapPage      *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  nearest_at (self, x, y);
}

static void
long_pressed_cb (DisMapPage          *self,
                 double               x,
                 double               y,
                 GtkGestureLongPress *gesture)
{
  nearest_at (self, x, y);
}

static void
primary_released_cb (DisMapPage *self)
{
  close_popover (self);
}

/* ---- Actions ------------------------------------------------------------ */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  shumate_map_zoom_in (DIS_MAP_PAGE (widget)->map);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  shumate_map_zoom_out (DIS_MAP_PAGE (widget)->map);
}

static void
clear_nearest_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DisMapPage *self = DIS_MAP_PAGE (widget);

  dis_map_page_clear_nearest (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  dis_map_page_focus_search (DIS_MAP_PAGE (widget));
}

/* ---- View state --------------------------------------------------------- */

static void
save_view (DisMapPage *self)
{
  double zoom = shumate_viewport_get_zoom_level (self->viewport);

  g_settings_delay (self->settings);
  g_settings_set_double (self->settings, "map-latitude",
                         shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport)));
  g_settings_set_double (self->settings, "map-longitude",
                         shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport)));
  g_settings_set_double (self->settings, "map-zoom", zoom);
  g_settings_set_string (self->settings, "map-selected-point",
                         self->selected_code ? self->selected_code : "");
  g_settings_apply (self->settings);
}

static void
restore_view (DisMapPage *self)
{
  g_autofree char *code = g_settings_get_string (self->settings, "map-selected-point");

  shumate_location_set_location (SHUMATE_LOCATION (self->viewport),
                                 g_settings_get_double (self->settings, "map-latitude"),
                                 g_settings_get_double (self->settings, "map-longitude"));
  shumate_viewport_set_zoom_level (self->viewport,
                                   g_settings_get_double (self->settings, "map-zoom"));

  if (code != NULL && code[0] != '\0')
    self->pending_code = g_steal_pointer (&code);
}

/* ---- Legend ------------------------------------------------------------- */

static void
build_legend (DisMapPage *self)
{
  for (guint kind = 0; kind < DIS_N_POINT_KINDS; kind++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *label = gtk_label_new (dis_point_kind_to_label (kind));

      gtk_box_append (GTK_BOX (item), dis_map_symbol_new (kind, DIS_MAP_SYMBOL_ICON));
      gtk_box_append (GTK_BOX (item), label);
      gtk_box_append (self->legend_box, item);
    }
}

/* ---- GtkWidget ---------------------------------------------------------- */

static void
ensure_css (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done || gdk_display_get_default () == NULL)
    return;

  done = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/it/disotto/Punto/map/dis-map-page.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
dis_map_page_unmap (GtkWidget *widget)
{
  save_view (DIS_MAP_PAGE (widget));

  GTK_WIDGET_CLASS (dis_map_page_parent_class)->unmap (widget);
}

static void
pack_changed_cb (DisMapPage *self)
{
  load_pack (self);
}

static void
online_settings_changed_cb (DisMapPage *self,
                            const char *key)
{
  if (g_str_has_prefix (key, "map-online"))
    update_online_layer (self);
}

static void
dis_map_page_dispose (GObject *object)
{
  DisMapPage *self = (DisMapPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->pack_cancellable);
  g_clear_handle_id (&self->details_source, g_source_remove);

  close_popover (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_MAP_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dis_map_page_parent_class)->dispose (object);
}

static void
dis_map_page_finalize (GObject *object)
{
  DisMapPage *self = (DisMapPage *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pack_cancellable);
  g_clear_object (&self->pack_manager);
  g_clear_object (&self->pack_source);
  g_clear_object (&self->base_source);
  g_clear_object (&self->online_source);
  g_clear_object (&self->points);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->markers, g_hash_table_unref);
  g_clear_pointer (&self->points_by_code, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_clear_pointer (&self->search_words, g_strfreev);
  g_clear_pointer (&self->selected_code, g_free);
  g_clear_pointer (&self->pending_code, g_free);
  g_clear_pointer (&self->own_code, g_free);

  G_OBJECT_CLASS (dis_map_page_parent_class)->finalize (object);
}

static void
dis_map_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DisMapPage *self = DIS_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_SELECTED_CODE:
      g_value_set_string (value, self->selected_code);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DisMapPage *self = DIS_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      dis_map_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_page_class_init (DisMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_map_page_dispose;
  object_class->finalize = dis_map_page_finalize;
  object_class->get_property = dis_map_page_get_property;
  object_class->set_property = dis_map_page_set_property;

  widget_class->unmap = dis_map_page_unmap;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_CODE] =
    g_param_spec_string ("selected-code", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (SHUMATE_TYPE_LICENSE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/map/dis-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, nearest_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, nearest_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, places_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, places_list);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, point_list);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, map_stack);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, no_pack_page);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, map);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, scale);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, license);
  gtk_widget_class_bind_template_child (widget_class, DisMapPage, legend_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, place_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, point_activated_cb);

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.clear-nearest", NULL, clear_nearest_action);
  gtk_widget_class_install_action (widget_class, "map.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "map.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out", NULL);
}

static void
dis_map_page_init (DisMapPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_css ();

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  self->markers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->points_by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->viewport = shumate_map_get_viewport (self->map);
  shumate_scale_set_viewport (self->scale, self->viewport);
  shumate_map_set_go_to_duration (self->map, 400);
  g_signal_connect_object (self->viewport, "notify::zoom-level",
                           G_CALLBACK (zoom_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* One marker layer per meaning: kinds under our own point, the chosen
   * place above all. */
  for (guint i = 0; i < DIS_N_POINT_KINDS; i++)
    {
      self->kind_layers[i] = shumate_marker_layer_new (self->viewport);
      shumate_map_add_layer (self->map, SHUMATE_LAYER (self->kind_layers[i]));
    }
  self->own_layer = shumate_marker_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->own_layer));
  self->place_layer = shumate_marker_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->place_layer));

  build_legend (self);

  /* The list: all points → search filter → sort (name or distance). */
  self->points = g_list_store_new (DIS_TYPE_MAP_POINT);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->points)),
                                              GTK_FILTER (self->filter));
  self->sorter = gtk_custom_sorter_new (sort_func, self, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                          GTK_SORTER (self->sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sorted, "items-changed",
                           G_CALLBACK (update_list_state), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->point_list, factory);
  gtk_list_view_set_model (self->point_list, GTK_SELECTION_MODEL (self->selection));

  /* Right-click or long-press: the points nearest to that spot. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (long_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (gesture));

  /* A click on the map itself (not a marker, not a drag) closes details. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (primary_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (gesture));

  restore_view (self);
  clamp_zoom (self);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (online_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->pack_manager = g_object_ref (dis_pack_manager_get_default ());
  g_signal_connect_object (self->pack_manager, "pack-changed",
                           G_CALLBACK (pack_changed_cb), self,
                           G_CONNECT_SWAPPED);

  load_pack (self);
  update_online_layer (self);
}

/* ---- Public API --------------------------------------------------------- */

GtkWidget *
dis_map_page_new (void)
{
  return g_object_new (DIS_TYPE_MAP_PAGE, NULL);
}

void
dis_map_page_set_store (DisMapPage *self,
                        DisStore   *store)
{
  g_return_if_fail (DIS_IS_MAP_PAGE (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  dis_map_page_reload (self);
}

DisStore *
dis_map_page_get_store (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->store;
}

void
dis_map_page_reload (DisMapPage *self)
{
  g_return_if_fail (DIS_IS_MAP_PAGE (self));

  if (self->store == NULL)
    return;

  dis_store_load_map_points_async (self->store, self->cancellable, load_points_cb, g_object_ref (self));
}

void
dis_map_page_focus_search (DisMapPage *self)
{
  g_return_if_fail (DIS_IS_MAP_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
dis_map_page_show_nearest (DisMapPage *self,
                           double      latitude,
                           double      longitude,
                           const char *label)
{
  g_autofree char *title = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *pin;

  g_return_if_fail (DIS_IS_MAP_PAGE (self));

  self->nearest_active = TRUE;
  self->nearest_lat = latitude;
  self->nearest_lon = longitude;

  if (label != NULL)
    title = g_strdup_printf (_("Nearest to %s"), label);
  else
    title = g_strdup (_("Nearest to the selected spot"));
  gtk_label_set_label (self->nearest_label, title);
  gtk_revealer_set_reveal_child (self->nearest_revealer, TRUE);
  update_places (self, NULL);

  update_own_distances (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  update_list_state (self);

  /* Nothing is selected in the new order until the user picks a row. */
  self->syncing_selection = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->syncing_selection = FALSE;
  close_popover (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->point_list), "list.scroll-to-item", "u", 0);

  /* Mark the spot on the map and bring it into view. */
  if (self->place_marker == NULL)
    {
      self->place_marker = shumate_marker_new ();
      pin = gtk_image_new_from_icon_name ("mark-location-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (pin), 32);
      gtk_widget_add_css_class (pin, "map-place-pin");
      shumate_marker_set_child (self->place_marker, pin);
      shumate_marker_layer_add_marker (self->place_layer, self->place_marker);
    }
  accessible = g_strdup_printf ("%s", title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->place_marker),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  shumate_location_set_location (SHUMATE_LOCATION (self->place_marker), latitude, longitude);
  gtk_widget_set_visible (GTK_WIDGET (self->place_marker), TRUE);

  if (label != NULL)
    shumate_map_go_to_full (self->map, latitude, longitude,
                            MAX (shumate_viewport_get_zoom_level (self->viewport), 11.0));
}

void
dis_map_page_clear_nearest (DisMapPage *self)
{
  g_return_if_fail (DIS_IS_MAP_PAGE (self));

  if (!self->nearest_active)
    return;

  self->nearest_active = FALSE;
  g_object_set_data (G_OBJECT (self->search_entry), "dis-place-text", NULL);
  gtk_revealer_set_reveal_child (self->nearest_revealer, FALSE);
  if (self->place_marker != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->place_marker), FALSE);

  update_own_distances (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  update_places (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_list_state (self);
}

gboolean
dis_map_page_select_point (DisMapPage *self,
                           const char *code)
{
  DisMapPoint *point;

  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (!(point = g_hash_table_lookup (self->points_by_code, code)))
    return FALSE;

  select_point (self, point, TRUE, TRUE);
  return TRUE;
}

const char *
dis_map_page_get_selected_code (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->selected_code;
}

gboolean
dis_map_page_get_loaded (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), FALSE);

  return self->loaded;
}

gboolean
dis_map_page_has_pack (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), FALSE);

  return self->pack_source != NULL;
}

ShumateMap *
dis_map_page_get_map (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->map;
}

ShumateViewport *
dis_map_page_get_viewport (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->viewport;
}

GtkEditable *
dis_map_page_get_search_entry (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkSelectionModel *
dis_map_page_get_list_model (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

guint
dis_map_page_get_n_place_suggestions (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), 0);

  return self->places ? self->places->len : 0;
}

guint
dis_map_page_get_n_tiles_received (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), 0);

  return self->n_tiles_received;
}

GtkWidget *
dis_map_page_get_marker (DisMapPage *self,
                         const char *code)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (self->markers, code);
}

GtkWidget *
dis_map_page_get_popover (DisMapPage *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PAGE (self), NULL);

  return self->popover;
}
