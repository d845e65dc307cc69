/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-marker-layers"

#include "config.h"

#include <math.h>

#include "dis-map-marker-layers.h"

/* Where markers would overlap (a big network seen from afar), show one
 * per 14-pixel cell: the picture stays readable and the frames cheap. */
#define THIN_CELL_PX 14.0

struct _DisMapMarkerLayers
{
  GObject             parent_instance;

  ShumateViewport    *viewport;
  ShumateMarkerLayer *kind_layers[DIS_N_POINT_KINDS];
  ShumateMarkerLayer *own_layer;
  ShumateMarkerLayer *place_layer;
  ShumateMarker      *place_marker;

  GPtrArray          *markers;    /* DisMapMarker, in the points' order */
  GHashTable         *by_code;    /* code → DisMapMarker (in markers) */
  char               *selected_code;
  double              thinned_zoom;
};

G_DEFINE_FINAL_TYPE (DisMapMarkerLayers, dis_map_marker_layers, G_TYPE_OBJECT)

enum {
  POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
thin (DisMapMarkerLayers *self)
{
  double zoom = shumate_viewport_get_zoom_level (self->viewport);
  double world = 256.0 * exp2 (zoom) / THIN_CELL_PX;
  g_autoptr(GHashTable) taken = g_hash_table_new (g_direct_hash, g_direct_equal);

  self->thinned_zoom = zoom;

  /* The first pass places those that always show; then the rest, in the
   * points' order (by name): a stable choice of who shows in a cell. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->markers->len; i++)
      {
        DisMapMarker *marker = g_ptr_array_index (self->markers, i);
        DisMapPoint *point = dis_map_marker_get_point (marker);
        gboolean always = dis_map_point_get_own (point) ||
                          g_strcmp0 (dis_map_point_get_code (point), self->selected_code) == 0;
        double lat, x, y;
        gpointer key;

        if ((pass == 0) != always)
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
zoom_changed_cb (DisMapMarkerLayers *self)
{
  if (fabs (shumate_viewport_get_zoom_level (self->viewport) - self->thinned_zoom) >= 0.25)
    thin (self);
}

static void
marker_activate_cb (DisMapMarkerLayers *self,
                    DisMapMarker       *marker)
{
  g_signal_emit (self, signals[POINT_ACTIVATED], 0, dis_map_marker_get_point (marker));
}

static void
remove_all (DisMapMarkerLayers *self)
{
  for (guint i = 0; i < DIS_N_POINT_KINDS; i++)
    shumate_marker_layer_remove_all (self->kind_layers[i]);
  shumate_marker_layer_remove_all (self->own_layer);
  g_hash_table_remove_all (self->by_code);
  g_ptr_array_set_size (self->markers, 0);
}

static void
dis_map_marker_layers_dispose (GObject *object)
{
  DisMapMarkerLayers *self = (DisMapMarkerLayers *)object;

  /* The layers belong to the map; only our hold on the markers goes. */
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->markers, g_ptr_array_unref);
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
  self->markers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
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

  /* Kinds under our own point, the chosen place above all. */
  for (guint i = 0; i < DIS_N_POINT_KINDS; i++)
    {
      self->kind_layers[i] = shumate_marker_layer_new (viewport);
      shumate_map_add_layer (map, SHUMATE_LAYER (self->kind_layers[i]));
    }
  self->own_layer = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->own_layer));
  self->place_layer = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->place_layer));

  g_signal_connect_object (viewport, "notify::zoom-level",
                           G_CALLBACK (zoom_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

void
dis_map_marker_layers_set_points (DisMapMarkerLayers *self,
                                  GListModel         *points)
{
  guint n;

  g_return_if_fail (DIS_IS_MAP_MARKER_LAYERS (self));
  g_return_if_fail (G_IS_LIST_MODEL (points));

  remove_all (self);

  n = g_list_model_get_n_items (points);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (points, i);
      DisMapMarker *marker;
      ShumateMarkerLayer *layer;

      if (!dis_map_point_has_location (point))
        continue;

      marker = dis_map_marker_new (point);
      g_signal_connect_object (marker, "activate",
                               G_CALLBACK (marker_activate_cb), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->markers, g_object_ref_sink (marker));
      g_hash_table_replace (self->by_code, (gpointer)dis_map_point_get_code (point), marker);

      layer = dis_map_point_get_own (point)
              ? self->own_layer
              : self->kind_layers[dis_map_point_get_kind (point)];
      shumate_marker_layer_add_marker (layer, SHUMATE_MARKER (marker));
      if (g_strcmp0 (dis_map_point_get_code (point), self->selected_code) == 0)
        dis_map_marker_set_selected (marker, TRUE);
    }

  thin (self);
}

DisMapMarker *
dis_map_marker_layers_lookup (DisMapMarkerLayers *self,
                              const char         *code)
{
  g_return_val_if_fail (DIS_IS_MAP_MARKER_LAYERS (self), NULL);

  return code != NULL ? g_hash_table_lookup (self->by_code, code) : NULL;
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
    {
      dis_map_marker_set_selected (marker, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (marker), TRUE);
    }
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
