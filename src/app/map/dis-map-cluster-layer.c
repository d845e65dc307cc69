/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-cluster-layer"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "dis-map-cluster.h"
#include "dis-map-cluster-layer.h"
#include "dis-map-symbol.h"

/* Points closer than this on screen are one cluster: the width of a
 * symbol with its badge, so what is drawn does not overlap. */
#define CLUSTER_RADIUS_PX 40.0
#define MAX_LEVEL 22
/* How far from a drawn point or cluster a click still hits it. */
#define HIT_RADIUS_PX 16.0
#define BADGE_DY 18.0f

struct _DisMapClusterLayer
{
  ShumateLayer    parent_instance;

  GPtrArray      *points;                  /* DisMapPoint, owned */
  DisMapLocation *locations;               /* of @points */
  GPtrArray      *levels[MAX_LEVEL + 1];   /* DisMapCluster per zoom level, made when needed */
  GHashTable     *pills;                   /* key → GdkTexture of a badge or a number */
};

G_DEFINE_FINAL_TYPE (DisMapClusterLayer, dis_map_cluster_layer, SHUMATE_TYPE_LAYER)

static int
current_level (DisMapClusterLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  return CLAMP ((int) floor (shumate_viewport_get_zoom_level (viewport) + 0.5), 0, MAX_LEVEL);
}

static GPtrArray *
ensure_level (DisMapClusterLayer *self,
              int                 level)
{
  if (self->levels[level] == NULL)
    self->levels[level] = dis_map_cluster_points (self->locations, self->points->len,
                                                  (guint) level, CLUSTER_RADIUS_PX);
  return self->levels[level];
}

typedef enum
{
  PILL_INCOMPLETE,
  PILL_COMPLETE,
  PILL_CLUSTER,
} PillStyle;

/* A pill with @text, drawn once into a texture per text, style and
 * scale: hundreds are drawn each frame, and a texture is the cheapest
 * thing to draw. Readable without colour, since the text says it; the
 * fill only adds to it. */
static GdkTexture *
get_pill (DisMapClusterLayer *self,
          const char         *text,
          PillStyle           style,
          int                 min_size,
          int                 scale)
{
  g_autofree char *key = g_strdup_printf ("%d/%d/%d/%s", style, scale, min_size, text);
  GdkTexture *texture = g_hash_table_lookup (self->pills, key);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int tw, th, w, h;
  double edge;

  if (texture != NULL)
    return texture;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_scale_new (style == PILL_CLUSTER ? 0.9 : 0.8));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_get_pixel_size (layout, &tw, &th);
  edge = style == PILL_CLUSTER ? 3 : 1;
  h = MAX (min_size, th + 2 + 2 * (int) edge);
  w = MAX (h, tw + 10 + 2 * (int) edge);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * scale, h * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_new_sub_path (cr);
  cairo_arc (cr, w - h / 2.0, h / 2.0, h / 2.0 - edge / 2, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, h / 2.0, h / 2.0, h / 2.0 - edge / 2, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
  switch (style)
    {
    case PILL_COMPLETE:
      cairo_set_source_rgb (cr, 0.149, 0.635, 0.412);      /* Green 5 */
      break;
    case PILL_INCOMPLETE:
      cairo_set_source_rgb (cr, 0.965, 0.827, 0.176);      /* Yellow 3 */
      break;
    case PILL_CLUSTER:
    default:
      cairo_set_source_rgb (cr, 1, 1, 1);
      break;
    }
  cairo_fill_preserve (cr);
  if (style == PILL_CLUSTER)
    cairo_set_source_rgba (cr, 0.110, 0.443, 0.847, 0.8);  /* Blue 4 */
  else
    cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, edge);
  cairo_stroke (cr);

  if (style == PILL_COMPLETE)
    cairo_set_source_rgb (cr, 1, 1, 1);
  else
    cairo_set_source_rgb (cr, 0.141, 0.122, 0.192);
  cairo_move_to (cr, (w - tw) / 2.0, (h - th) / 2.0);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * h * scale);
  /* Cairo's ARGB32 is premultiplied native-endian 32-bit: GDK's default. */
  texture = gdk_memory_texture_new (w * scale, h * scale, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  g_hash_table_insert (self->pills, g_steal_pointer (&key), texture);
  return texture;
}

static void
append_pill (DisMapClusterLayer *self,
             GtkSnapshot        *snapshot,
             const char         *text,
             PillStyle           style,
             int                 min_size,
             int                 scale,
             float               x,
             float               y)
{
  GdkTexture *texture = get_pill (self, text, style, min_size, scale);
  float w = gdk_texture_get_width (texture) / (float) scale;
  float h = gdk_texture_get_height (texture) / (float) scale;

  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT (floorf (x - w / 2), floorf (y - h / 2), w, h));
}

static void
append_point (DisMapClusterLayer *self,
              GtkSnapshot        *snapshot,
              DisMapPoint        *point,
              float               x,
              float               y,
              int                 scale)
{
  const char *label = dis_map_point_get_completeness_label (point);

  dis_map_symbol_append (snapshot, dis_map_point_get_kind (point), DIS_MAP_SYMBOL_MARKER,
                         FALSE, scale, x, y);
  if (label != NULL)
    {
      gboolean full = dis_map_point_get_basket_complete (point);
      g_autofree char *text = full ? g_strdup_printf ("✓ %s", label) : NULL;

      append_pill (self, snapshot, full ? text : label, full ? PILL_COMPLETE : PILL_INCOMPLETE,
                   0, scale, x, y + BADGE_DY);
    }
}

static void
dis_map_cluster_layer_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  DisMapClusterLayer *self = DIS_MAP_CLUSTER_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  GPtrArray *clusters;

  if (self->points->len == 0)
    return;

  clusters = ensure_level (self, current_level (self));
  for (guint c = 0; c < clusters->len; c++)
    {
      DisMapCluster *cluster = g_ptr_array_index (clusters, c);
      double x, y;

      shumate_viewport_location_to_widget_coords (viewport, widget,
                                                  self->locations[cluster->seed].latitude,
                                                  self->locations[cluster->seed].longitude,
                                                  &x, &y);
      /* Only what can show, with room for the badges. */
      if (x < -CLUSTER_RADIUS_PX || y < -CLUSTER_RADIUS_PX ||
          x > width + CLUSTER_RADIUS_PX || y > height + CLUSTER_RADIUS_PX)
        continue;

      if (cluster->n_members == 1)
        append_point (self, snapshot, g_ptr_array_index (self->points, cluster->seed), x, y, scale);
      else
        {
          char number[16];

          g_snprintf (number, sizeof number, "%u", cluster->n_members);
          /* Larger groups, larger circles: the size repeats the number. */
          append_pill (self, snapshot, number, PILL_CLUSTER,
                       cluster->n_members >= 100 ? 36 : cluster->n_members >= 10 ? 30 : 26,
                       scale, x, y);
        }
    }
}

static void
viewport_changed_cb (DisMapClusterLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
forget_levels (DisMapClusterLayer *self)
{
  for (guint i = 0; i <= MAX_LEVEL; i++)
    g_clear_pointer (&self->levels[i], g_ptr_array_unref);
}

static void
dis_map_cluster_layer_constructed (GObject *object)
{
  DisMapClusterLayer *self = (DisMapClusterLayer *)object;
  ShumateViewport *viewport;

  G_OBJECT_CLASS (dis_map_cluster_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
dis_map_cluster_layer_finalize (GObject *object)
{
  DisMapClusterLayer *self = (DisMapClusterLayer *)object;

  forget_levels (self);
  g_clear_pointer (&self->points, g_ptr_array_unref);
  g_clear_pointer (&self->locations, g_free);
  g_clear_pointer (&self->pills, g_hash_table_unref);

  G_OBJECT_CLASS (dis_map_cluster_layer_parent_class)->finalize (object);
}

static void
dis_map_cluster_layer_class_init (DisMapClusterLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_map_cluster_layer_constructed;
  object_class->finalize = dis_map_cluster_layer_finalize;
  widget_class->snapshot = dis_map_cluster_layer_snapshot;
}

static void
dis_map_cluster_layer_init (DisMapClusterLayer *self)
{
  self->points = g_ptr_array_new_with_free_func (g_object_unref);
  self->pills = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  /* The map's gestures get the clicks; the page asks what was hit. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

DisMapClusterLayer *
dis_map_cluster_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DIS_TYPE_MAP_CLUSTER_LAYER, "viewport", viewport, NULL);
}

void
dis_map_cluster_layer_set_points (DisMapClusterLayer *self,
                                  GPtrArray          *points)
{
  g_return_if_fail (DIS_IS_MAP_CLUSTER_LAYER (self));
  g_return_if_fail (points != NULL);

  forget_levels (self);
  g_ptr_array_set_size (self->points, 0);
  g_clear_pointer (&self->locations, g_free);

  self->locations = g_new (DisMapLocation, MAX (points->len, 1));
  for (guint i = 0; i < points->len; i++)
    {
      DisMapPoint *point = g_ptr_array_index (points, i);

      self->locations[i].latitude = dis_map_point_get_latitude (point);
      self->locations[i].longitude = dis_map_point_get_longitude (point);
      g_ptr_array_add (self->points, g_object_ref (point));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dis_map_cluster_layer_refresh (DisMapClusterLayer *self)
{
  g_return_if_fail (DIS_IS_MAP_CLUSTER_LAYER (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
dis_map_cluster_layer_hit (DisMapClusterLayer  *self,
                           double               x,
                           double               y,
                           guint               *out_n_points,
                           DisMapPoint        **out_point,
                           double              *out_latitude,
                           double              *out_longitude)
{
  ShumateViewport *viewport;
  GPtrArray *clusters;
  double best = HIT_RADIUS_PX * HIT_RADIUS_PX;
  DisMapCluster *hit = NULL;

  g_return_val_if_fail (DIS_IS_MAP_CLUSTER_LAYER (self), FALSE);

  if (self->points->len == 0)
    return FALSE;

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  clusters = ensure_level (self, current_level (self));
  for (guint c = 0; c < clusters->len; c++)
    {
      DisMapCluster *cluster = g_ptr_array_index (clusters, c);
      double cx, cy, d;

      shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self),
                                                  self->locations[cluster->seed].latitude,
                                                  self->locations[cluster->seed].longitude,
                                                  &cx, &cy);
      /* A point's badge, under it, counts as the point. */
      if (cluster->n_members == 1 && y > cy && y - cy <= BADGE_DY + 8)
        cy = y;
      d = (cx - x) * (cx - x) + (cy - y) * (cy - y);
      if (d <= best)
        {
          best = d;
          hit = cluster;
        }
    }

  if (hit == NULL)
    return FALSE;

  if (out_n_points != NULL)
    *out_n_points = hit->n_members;
  if (out_point != NULL)
    *out_point = hit->n_members == 1 ? g_ptr_array_index (self->points, hit->seed) : NULL;
  if (out_latitude != NULL)
    *out_latitude = self->locations[hit->seed].latitude;
  if (out_longitude != NULL)
    *out_longitude = self->locations[hit->seed].longitude;
  return TRUE;
}

guint
dis_map_cluster_layer_get_n_drawn (DisMapClusterLayer *self)
{
  g_return_val_if_fail (DIS_IS_MAP_CLUSTER_LAYER (self), 0);

  if (self->points->len == 0)
    return 0;
  return ensure_level (self, current_level (self))->len;
}
