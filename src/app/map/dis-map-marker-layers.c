/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-marker-layers"

#include "config.h"

#include <math.h>

#include "dis-map-cluster.h"
#include "dis-map-cluster-marker.h"
#include "dis-map-marker-layers.h"

/* Points closer than this on screen are one cluster: the width of a
 * marker with its badge, so what shows never overlaps. */
#define CLUSTER_RADIUS_PX 40.0
#define MAX_LEVEL 22

/* Only what shows is in the layers: a ShumateMarkerLayer places every
 * child at every move of the map, so 2,000 children (even hidden ones)
 * cost a frame's budget, and a few hundred do not. Point markers are made
 * when first shown and kept; cluster markers are made anew at each zoom
 * step. */

struct _DisMapMarkerLayers
{
  GObject             parent_instance;

  ShumateViewport    *viewport;
  ShumateMarkerLayer *cluster_layer;
  ShumateMarkerLayer *kind_layers[DIS_N_POINT_KINDS];
  ShumateMarkerLayer *own_layer;
  ShumateMarkerLayer *place_layer;
  ShumateMarker      *place_marker;

  GPtrArray          *points;     /* DisMapPoint with a location, not our own, in the points' order */
  DisMapLocation     *locations;  /* of @points */
  GPtrArray          *levels[MAX_LEVEL + 1];   /* DisMapCluster of @points per zoom, made when needed */
  GHashTable         *by_code;    /* code → DisMapPoint (owned), our own too */
  GHashTable         *markers;    /* code → DisMapMarker (owned), made when first needed */
  DisMapMarker       *own_marker;
  char               *selected_code;
  GtkWidget          *map;           /* weak */
  GHashTable         *clusters_shown;   /* cluster index + 1 → DisMapClusterMarker (owned) */
  GPtrArray          *cluster_pool;     /* DisMapClusterMarker not shown, to reuse */
  int                 shown_level;   /* -1: nothing shown yet */
  double              shown_latitude;   /* the map's centre when the markers were chosen */
  double              shown_longitude;
};

G_DEFINE_FINAL_TYPE (DisMapMarkerLayers, dis_map_marker_layers, G_TYPE_OBJECT)

enum {
  POINT_ACTIVATED,
  CLUSTER_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
level_of (DisMapMarkerLayers *self)
{
  return CLAMP ((int) floor (shumate_viewport_get_zoom_level (self->viewport) + 0.5), 0, MAX_LEVEL);
}

static GPtrArray *
ensure_level (DisMapMarkerLayers *self,
              int                 level)
{
  if (self->levels[level] == NULL)
    self->levels[level] = dis_map_cluster_points (self->locations, self->points->len,
                                                  (guint) level, CLUSTER_RADIUS_PX);
  return self->levels[level];
}

static void
marker_activate_cb (DisMapMarkerLayers *self,
                    DisMapMarker       *marker)
{
  g_signal_emit (self, signals[POINT_ACTIVATED], 0, dis_map_marker_get_point (marker));
}

static void
cluster_activate_cb (DisMapMarkerLayers  *self,
                     DisMapClusterMarker *marker)
{
  double zoom = MIN (shumate_viewport_get_zoom_level (self->viewport) + 2,
                     shumate_viewport_get_max_zoom_level (self->viewport));

  g_signal_emit (self, signals[CLUSTER_ACTIVATED], 0,
                 shumate_location_get_latitude (SHUMATE_LOCATION (marker)),
                 shumate_location_get_longitude (SHUMATE_LOCATION (marker)),
                 zoom);
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

/* Web Mercator pixels at @level, as dis-map-cluster.c counts them. */
static void
project (double  latitude,
         double  longitude,
         int     level,
         double *x,
         double *y)
{
  double world = 256.0 * exp2 (level);
  double lat = CLAMP (latitude, -85.05112878, 85.05112878) * G_PI / 180.0;

  *x = (longitude + 180.0) / 360.0 * world;
  *y = (1.0 - log (tan (lat) + 1.0 / cos (lat)) / G_PI) / 2.0 * world;
}

static void
clear_shown (DisMapMarkerLayers *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->clusters_shown);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      shumate_marker_layer_remove_marker (self->cluster_layer, value);
      g_ptr_array_add (self->cluster_pool, g_object_ref (value));
      g_hash_table_iter_remove (&iter);
    }
  for (guint i = 0; i < DIS_N_POINT_KINDS; i++)
    shumate_marker_layer_remove_all (self->kind_layers[i]);
}

static DisMapClusterMarker *
take_cluster_marker (DisMapMarkerLayers *self)
{
  DisMapClusterMarker *marker;

  if (self->cluster_pool->len > 0)
    return g_ptr_array_steal_index_fast (self->cluster_pool, self->cluster_pool->len - 1);

  marker = g_object_ref_sink (dis_map_cluster_marker_new ());
  g_signal_connect_object (marker, "activate",
                           G_CALLBACK (cluster_activate_cb), self,
                           G_CONNECT_SWAPPED);
  return marker;
}

/* Puts in the layers the clusters of the zoom level that fall within the
 * map and a margin around it; the selected point shows above its
 * cluster. What stays shown is not touched (the details popover may
 * point at a marker), and cluster markers are reused. */
static void
update_shown (DisMapMarkerLayers *self)
{
  int level = level_of (self);
  GPtrArray *clusters;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) wanted_clusters = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;
  double cx, cy, half_w, half_h;

  gint64 t0 = g_get_monotonic_time ();
  if (self->points->len == 0)
    return;

  if (level != self->shown_level)
    clear_shown (self);
  self->shown_level = level;
  clusters = ensure_level (self, level);

  /* The map's area with half its size again on each side: panning
   * brings in what is near before it shows. */
  self->shown_latitude = shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport));
  self->shown_longitude = shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport));
  project (self->shown_latitude, self->shown_longitude, level, &cx, &cy);
  half_w = (self->map != NULL ? MAX (gtk_widget_get_width (self->map), 640) : 1280) * exp2 (level - shumate_viewport_get_zoom_level (self->viewport));
  half_h = (self->map != NULL ? MAX (gtk_widget_get_height (self->map), 480) : 1024) * exp2 (level - shumate_viewport_get_zoom_level (self->viewport));

  for (guint c = 0; c < clusters->len; c++)
    {
      DisMapCluster *cluster = g_ptr_array_index (clusters, c);
      DisMapPoint *seed = g_ptr_array_index (self->points, cluster->seed);
      double x, y;

      project (self->locations[cluster->seed].latitude, self->locations[cluster->seed].longitude,
               level, &x, &y);
      if (fabs (x - cx) > half_w || fabs (y - cy) > half_h)
        continue;

      if (cluster->n_members == 1)
        g_hash_table_add (wanted, ensure_marker (self, seed));
      else
        g_hash_table_add (wanted_clusters, GUINT_TO_POINTER (c + 1));
    }

  /* The selected point, wherever it is. */
  if (self->selected_code != NULL && g_hash_table_contains (self->by_code, self->selected_code))
    {
      DisMapMarker *marker = dis_map_marker_layers_lookup (self, self->selected_code);

      if (marker != NULL && marker != self->own_marker)
        g_hash_table_add (wanted, marker);
    }

  /* Clusters: those going back to the pool, then the new ones. */
  g_hash_table_iter_init (&iter, self->clusters_shown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (wanted_clusters, key))
      {
        shumate_marker_layer_remove_marker (self->cluster_layer, value);
        g_ptr_array_add (self->cluster_pool, g_object_ref (value));
        g_hash_table_iter_remove (&iter);
      }
  g_hash_table_iter_init (&iter, wanted_clusters);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      DisMapCluster *cluster = g_ptr_array_index (clusters, GPOINTER_TO_UINT (key) - 1);
      DisMapClusterMarker *marker;
      guint n_complete = 0;

      if (g_hash_table_contains (self->clusters_shown, key))
        continue;
      for (guint m = 0; m < cluster->n_members; m++)
        if (dis_map_point_get_basket_complete (g_ptr_array_index (self->points, cluster->members[m])))
          n_complete++;
      marker = take_cluster_marker (self);
      dis_map_cluster_marker_set (marker,
                                  self->locations[cluster->seed].latitude,
                                  self->locations[cluster->seed].longitude,
                                  cluster->n_members, n_complete);
      shumate_marker_layer_add_marker (self->cluster_layer, SHUMATE_MARKER (marker));
      g_hash_table_insert (self->clusters_shown, key, marker);
    }

  /* Points. */
  g_hash_table_iter_init (&iter, self->markers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DisMapMarker *marker = value;
      DisMapPoint *point = dis_map_marker_get_point (marker);
      ShumateMarkerLayer *layer = self->kind_layers[dis_map_point_get_kind (point)];
      gboolean shown = gtk_widget_get_parent (GTK_WIDGET (marker)) != NULL;

      if (marker == self->own_marker)
        continue;
      if (shown && !g_hash_table_contains (wanted, marker))
        shumate_marker_layer_remove_marker (layer, SHUMATE_MARKER (marker));
      else if (!shown && g_hash_table_contains (wanted, marker))
        shumate_marker_layer_add_marker (layer, SHUMATE_MARKER (marker));
    }
  g_printerr ("TIMING %d: %u wanted %u clusters %ld us\n", level, g_hash_table_size (wanted), g_hash_table_size (wanted_clusters), (long)(g_get_monotonic_time () - t0));
}

static void
zoom_changed_cb (DisMapMarkerLayers *self)
{
  if (level_of (self) != self->shown_level)
    update_shown (self);
}

/* Past a quarter of the map's size from where the markers were chosen,
 * choose again. */
static void
moved_cb (DisMapMarkerLayers *self)
{
  double x0, y0, x1, y1;
  double zoom = shumate_viewport_get_zoom_level (self->viewport);
  int level = (int) floor (zoom);
  double w = self->map != NULL ? gtk_widget_get_width (self->map) : 1024;
  double h = self->map != NULL ? gtk_widget_get_height (self->map) : 768;

  if (self->shown_level < 0)
    return;
  project (self->shown_latitude, self->shown_longitude, level, &x0, &y0);
  project (shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport)),
           shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport)), level, &x1, &y1);
  if (fabs (x1 - x0) * exp2 (zoom - level) > w / 4 || fabs (y1 - y0) * exp2 (zoom - level) > h / 4)
    update_shown (self);
}

static void
forget_points (DisMapMarkerLayers *self)
{
  clear_shown (self);
  shumate_marker_layer_remove_all (self->own_layer);
  for (guint i = 0; i <= MAX_LEVEL; i++)
    g_clear_pointer (&self->levels[i], g_ptr_array_unref);
  g_clear_pointer (&self->locations, g_free);
  g_ptr_array_set_size (self->points, 0);
  g_hash_table_remove_all (self->markers);
  g_hash_table_remove_all (self->by_code);
  self->own_marker = NULL;
  self->shown_level = -1;
}

static void
dis_map_marker_layers_dispose (GObject *object)
{
  DisMapMarkerLayers *self = (DisMapMarkerLayers *)object;

  /* The layers belong to the map; only our hold on the markers goes. */
  for (guint i = 0; i <= MAX_LEVEL; i++)
    g_clear_pointer (&self->levels[i], g_ptr_array_unref);
  g_clear_pointer (&self->markers, g_hash_table_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->clusters_shown, g_hash_table_unref);
  g_clear_pointer (&self->cluster_pool, g_ptr_array_unref);
  g_clear_weak_pointer (&self->map);
  g_clear_pointer (&self->points, g_ptr_array_unref);
  g_clear_pointer (&self->locations, g_free);
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
  signals[CLUSTER_ACTIVATED] =
    g_signal_new ("cluster-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
dis_map_marker_layers_init (DisMapMarkerLayers *self)
{
  self->points = g_ptr_array_new ();
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->markers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->clusters_shown = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  self->cluster_pool = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown_level = -1;
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
  g_set_weak_pointer (&self->map, GTK_WIDGET (map));

  /* Clusters under the kinds (the selected point shows above its
   * cluster), our own point above them, the chosen place above all. */
  self->cluster_layer = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->cluster_layer));
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
  g_signal_connect_object (viewport, "notify::latitude",
                           G_CALLBACK (moved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude",
                           G_CALLBACK (moved_cb), self,
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

  forget_points (self);

  n = g_list_model_get_n_items (points);
  self->locations = g_new (DisMapLocation, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      DisMapPoint *point = g_list_model_get_item (points, i);

      g_hash_table_replace (self->by_code, (gpointer) dis_map_point_get_code (point), point);
      if (!dis_map_point_has_location (point))
        continue;

      /* Our own point always shows, larger, on its own. */
      if (dis_map_point_get_own (point))
        {
          g_assert (self->own_marker == NULL);
          self->own_marker = ensure_marker (self, point);
          shumate_marker_layer_add_marker (self->own_layer, SHUMATE_MARKER (self->own_marker));
          continue;
        }

      self->locations[self->points->len].latitude = dis_map_point_get_latitude (point);
      self->locations[self->points->len].longitude = dis_map_point_get_longitude (point);
      g_ptr_array_add (self->points, point);
    }

  if (self->points->len > 0)
    update_shown (self);
}

void
dis_map_marker_layers_refresh (DisMapMarkerLayers *self)
{
  g_return_if_fail (DIS_IS_MAP_MARKER_LAYERS (self));

  if (self->points->len > 0)
    update_shown (self);
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

guint
dis_map_marker_layers_get_n_shown (DisMapMarkerLayers *self)
{
  guint n = 0;

  g_return_val_if_fail (DIS_IS_MAP_MARKER_LAYERS (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cluster_layer));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  for (guint i = 0; i < DIS_N_POINT_KINDS; i++)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->kind_layers[i]));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      n++;
  return n + (self->own_marker != NULL);
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

  /* The selected point shows even inside a cluster; the one before goes
   * back into its own. */
  if (self->points->len > 0)
    update_shown (self);
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
