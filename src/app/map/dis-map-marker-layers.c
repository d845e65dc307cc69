/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-marker-layers"

#include "config.h"

#include "dis-map-cluster-layer.h"
#include "dis-map-marker-layers.h"

/* The network is drawn by one DisMapClusterLayer: a ShumateMarkerLayer
 * places every child widget at every move of the map, so 2,000 marker
 * widgets (even hidden ones) cost more than a frame. Widgets are kept
 * for what a person acts on: our own point and the selected one (the
 * details popover points at its button), made when first needed. */

struct _DisMapMarkerLayers
{
  GObject             parent_instance;

  ShumateViewport    *viewport;
  DisMapClusterLayer *cluster_layer;
  ShumateMarkerLayer *selected_layer;
  ShumateMarkerLayer *own_layer;
  ShumateMarkerLayer *place_layer;
  ShumateMarker      *place_marker;

  GHashTable         *by_code;    /* code → DisMapPoint (owned) */
  GHashTable         *markers;    /* code → DisMapMarker (owned), made when first needed */
  DisMapMarker       *own_marker;
  char               *selected_code;
};

G_DEFINE_FINAL_TYPE (DisMapMarkerLayers, dis_map_marker_layers, G_TYPE_OBJECT)

enum {
  POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
marker_activate_cb (DisMapMarkerLayers *self,
                    DisMapMarker       *marker)
{
  g_signal_emit (self, signals[POINT_ACTIVATED], 0, dis_map_marker_get_point (marker));
}

static DisMapMarker *
ensure_marker (DisMapMarkerLayers *self,
               DisMapPoint        *point)
{
  const char *code = dis_map_point_get_code (point);
  DisMapMarker *marker = g_hash_table_lookup (self->markers, code);

  if (marker != NULL)
    return marker;

  marker = g_object_ref_sink (dis_map_marker_new (point));
  g_signal_connect_object (marker, "activate",
                           G_CALLBACK (marker_activate_cb), self,
                           G_CONNECT_SWAPPED);
  dis_map_marker_set_selected (marker, g_strcmp0 (code, self->selected_code) == 0);
  g_hash_table_insert (self->markers, (gpointer) code, marker);
  return marker;
}

static void
dis_map_marker_layers_dispose (GObject *object)
{
  DisMapMarkerLayers *self = (DisMapMarkerLayers *)object;

  /* The layers belong to the map; only our hold on the markers goes. */
  g_clear_pointer (&self->markers, g_hash_table_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_object (&self->viewport);

  G_OBJECT_CLASS (dis_map_marker_layers_parent_class)->dispose (object);
}

static void
dis_map_marker_layers_finalize (GObject *object)
{
  DisMapMarkerLayers *self = (DisMapMarkerLayers *)object;

  g_clear_pointer (&self->selected_code, g_free);

  G_OBJECT_CLASS (dis_map_marker_layers_parent_class)->finalize (object);
}

static void
dis_map_marker_layers_class_init (DisMapMarkerLayersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dis_map_marker_layers_dispose;
  object_class->finalize = dis_map_marker_layers_finalize;

  signals[POINT_ACTIVATED] =
    g_signal_new ("point-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DIS_TYPE_MAP_POINT);
}

static void
dis_map_marker_layers_init (DisMapMarkerLayers *self)
{
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->markers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

DisMapMarkerLayers *
dis_map_marker_layers_new (ShumateMap *map)
{
  DisMapMarkerLayers *self;
  ShumateViewport *viewport;

  g_return_val_if_fail (SHUMATE_IS_MAP (map), NULL);

  viewport = shumate_map_get_viewport (map);
  self = g_object_new (DIS_TYPE_MAP_MARKER_LAYERS, NULL);
  self->viewport = g_object_ref (viewport);

  /* The network, the selected point above it, our own point above them,
   * the chosen place above all. */
  self->cluster_layer = dis_map_cluster_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->cluster_layer));
  self->selected_layer = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->selected_layer));
  self->own_layer = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->own_layer));
  self->place_layer = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->place_layer));

  return self;
}

static void
show_selected (DisMapMarkerLayers *self)
{
  DisMapMarker *marker = dis_map_marker_layers_lookup (self, self->selected_code);

  shumate_marker_layer_remove_all (self->selected_layer);
  if (marker != NULL && marker != self->own_marker)
    shumate_marker_layer_add_marker (self->selected_layer, SHUMATE_MARKER (marker));
}

void
dis_map_marker_layers_set_points (DisMapMarkerLayers *self,
                                  GListModel         *points)
{
  g_autoptr(GPtrArray) drawn = g_ptr_array_new ();
  guint n;

  g_return_if_fail (DIS_IS_MAP_MARKER_LAYERS (self));
  g_return_if_fail (G_IS_LIST_MODEL (points));

  shumate_marker_layer_remove_all (self->selected_layer);
  shumate_marker_layer_remove_all (self->own_layer);
  g_hash_table_remove_all (self->markers);
  g_hash_table_remove_all (self->by_code);
  self->own_marker = NULL;

  n = g_list_model_get_n_items (points);
  for (guint i = 0; i < n; i++)
    {
      DisMapPoint *point = g_list_model_get_item (points, i);

      g_hash_table_replace (self->by_code, (gpointer) dis_map_point_get_code (point), point);
      if (!dis_map_point_has_location (point))
        continue;

      /* Our own point always shows, larger, on its own. */
      if (dis_map_point_get_own (point) && self->own_marker == NULL)
        {
          self->own_marker = ensure_marker (self, point);
          shumate_marker_layer_add_marker (self->own_layer, SHUMATE_MARKER (self->own_marker));
          continue;
        }
      g_ptr_array_add (drawn, point);
    }

  dis_map_cluster_layer_set_points (self->cluster_layer, drawn);
  show_selected (self);
}

void
dis_map_marker_layers_refresh (DisMapMarkerLayers *self)
{
  g_return_if_fail (DIS_IS_MAP_MARKER_LAYERS (self));

  dis_map_cluster_layer_refresh (self->cluster_layer);
}

DisMapMarker *
dis_map_marker_layers_lookup (DisMapMarkerLayers *self,
                              const char         *code)
{
  DisMapPoint *point;

  g_return_val_if_fail (DIS_IS_MAP_MARKER_LAYERS (self), NULL);

  if (code == NULL || !(point = g_hash_table_lookup (self->by_code, code)) ||
      !dis_map_point_has_location (point))
    return NULL;

  return ensure_marker (self, point);
}

gboolean
dis_map_marker_layers_activate_at (DisMapMarkerLayers *self,
                                   double              x,
                                   double              y)
{
  DisMapPoint *point = NULL;
  double latitude, longitude;
  guint n_points;

  g_return_val_if_fail (DIS_IS_MAP_MARKER_LAYERS (self), FALSE);

  if (!dis_map_cluster_layer_hit (self->cluster_layer, x, y, &n_points, &point, &latitude, &longitude))
    return FALSE;

  if (point != NULL)
    g_signal_emit (self, signals[POINT_ACTIVATED], 0, point);
  else
    {
      /* Two levels closer the cluster's points are four times as far
       * apart: most of them come apart. */
      double zoom = MIN (shumate_viewport_get_zoom_level (self->viewport) + 2,
                         shumate_viewport_get_max_zoom_level (self->viewport));

      shumate_location_set_location (SHUMATE_LOCATION (self->viewport), latitude, longitude);
      shumate_viewport_set_zoom_level (self->viewport, zoom);
    }
  return TRUE;
}

guint
dis_map_marker_layers_get_n_drawn (DisMapMarkerLayers *self)
{
  g_return_val_if_fail (DIS_IS_MAP_MARKER_LAYERS (self), 0);

  return dis_map_cluster_layer_get_n_drawn (self->cluster_layer);
}

void
dis_map_marker_layers_set_selected (DisMapMarkerLayers *self,
                                    const char         *code)
{
  DisMapMarker *marker;

  g_return_if_fail (DIS_IS_MAP_MARKER_LAYERS (self));

  if (g_strcmp0 (code, self->selected_code) == 0)
    return;

  if ((marker = dis_map_marker_layers_lookup (self, self->selected_code)))
    dis_map_marker_set_selected (marker, FALSE);

  g_free (self->selected_code);
  self->selected_code = g_strdup (code);

  if ((marker = dis_map_marker_layers_lookup (self, code)))
    dis_map_marker_set_selected (marker, TRUE);

  show_selected (self);
}

void
dis_map_marker_layers_show_place (DisMapMarkerLayers *self,
                                  double              latitude,
                                  double              longitude,
                                  const char         *label)
{
  g_return_if_fail (DIS_IS_MAP_MARKER_LAYERS (self));

  if (self->place_marker == NULL)
    {
      GtkWidget *pin = gtk_image_new_from_icon_name ("mark-location-symbolic");

      gtk_image_set_pixel_size (GTK_IMAGE (pin), 32);
      gtk_widget_add_css_class (pin, "map-place-pin");
      self->place_marker = shumate_marker_new ();
      shumate_marker_set_child (self->place_marker, pin);
      shumate_marker_layer_add_marker (self->place_layer, self->place_marker);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->place_marker),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  shumate_location_set_location (SHUMATE_LOCATION (self->place_marker), latitude, longitude);
  gtk_widget_set_visible (GTK_WIDGET (self->place_marker), TRUE);
}

void
dis_map_marker_layers_hide_place (DisMapMarkerLayers *self)
{
  g_return_if_fail (DIS_IS_MAP_MARKER_LAYERS (self));

  if (self->place_marker != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->place_marker), FALSE);
}
