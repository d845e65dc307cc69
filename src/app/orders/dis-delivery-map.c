/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-delivery"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include <shumate/shumate.h>

#include "dis-delivery-map.h"
#include "dis-map-page.h"
#include "dis-mbtiles-source.h"
#include "dis-pack-manager.h"

struct _DisDeliveryMap
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  ShumateMap         *map;
  ShumateViewport    *viewport;
  ShumateLicense     *license;
  ShumateMapSource   *base_source;
  ShumateMarkerLayer *markers;
  ShumatePathLayer   *path;
  GCancellable       *cancellable;
  DisMbtilesSource   *pack;

  gboolean            has_point;
  double              min_lat, max_lat, min_lon, max_lon;
  guint               n_stops;
};

G_DEFINE_FINAL_TYPE (DisDeliveryMap, dis_delivery_map, GTK_TYPE_WIDGET)

/* ---- The region pack ---------------------------------------------------- */

static void
open_pack_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisDeliveryMap) self = user_data;
  g_autoptr(GError) error = NULL;
  ShumateMapLayer *layer;

  self->pack = dis_mbtiles_source_new_finish (result, &error);
  if (self->pack == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The region pack cannot be read: %s", error->message);
      return;
    }

  self->base_source = dis_mbtiles_source_create_renderer (self->pack);
  shumate_viewport_set_reference_map_source (self->viewport, self->base_source);
  shumate_viewport_set_min_zoom_level (self->viewport, dis_mbtiles_source_get_min_zoom (self->pack));
  shumate_viewport_set_max_zoom_level (self->viewport, dis_mbtiles_source_get_max_zoom (self->pack));
  layer = shumate_map_layer_new (self->base_source, self->viewport);
  /* Under the path and the markers. */
  shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (layer), NULL);
  shumate_license_append_map_source (self->license, self->base_source);
  gtk_stack_set_visible_child_name (self->stack, "map");
  dis_delivery_map_show_all (self);
}

static void
load_pack (DisDeliveryMap *self)
{
  g_autofree char *path = dis_map_page_find_pack (dis_pack_manager_get_default (), NULL);

  if (path == NULL)
    return;

  dis_mbtiles_source_new_async (path, self->cancellable, open_pack_cb, g_object_ref (self));
}

/* ---- Markers ------------------------------------------------------------ */

static ShumateMarker *
marker_new (double      lat,
            double      lon,
            const char *label,
            const char *name,
            gboolean    point)
{
  ShumateMarker *marker = shumate_marker_new ();
  GtkWidget *child = gtk_label_new (label);

  gtk_widget_add_css_class (child, "card");
  gtk_widget_add_css_class (child, point ? "accent" : "heading");
  gtk_widget_set_size_request (child, 28, 28);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  shumate_marker_set_child (marker, child);
  shumate_location_set_location (SHUMATE_LOCATION (marker), lat, lon);

  return marker;
}

static void
extend (DisDeliveryMap *self,
        double          lat,
        double          lon)
{
  gboolean first = !self->has_point && self->n_stops == 0;

  self->min_lat = first ? lat : MIN (self->min_lat, lat);
  self->max_lat = first ? lat : MAX (self->max_lat, lat);
  self->min_lon = first ? lon : MIN (self->min_lon, lon);
  self->max_lon = first ? lon : MAX (self->max_lon, lon);
}

void
dis_delivery_map_clear (DisDeliveryMap *self)
{
  g_return_if_fail (DIS_IS_DELIVERY_MAP (self));

  shumate_marker_layer_remove_all (self->markers);
  shumate_path_layer_remove_all (self->path);
  self->has_point = FALSE;
  self->n_stops = 0;
}

void
dis_delivery_map_set_point (DisDeliveryMap *self,
                            double          lat,
                            double          lon)
{
  g_return_if_fail (DIS_IS_DELIVERY_MAP (self));
  g_return_if_fail (!self->has_point && self->n_stops == 0);

  extend (self, lat, lon);
  self->has_point = TRUE;
  shumate_marker_layer_add_marker (self->markers, marker_new (lat, lon, "★", _("The point: start and end of the round"), TRUE));
  /* The path's first node: it closes back on it. */
  shumate_path_layer_add_node (self->path, SHUMATE_LOCATION (shumate_coordinate_new_full (lat, lon)));
}

void
dis_delivery_map_add_stop (DisDeliveryMap *self,
                           double          lat,
                           double          lon,
                           const char     *label,
                           const char     *name)
{
  ShumateMarker *marker;

  g_return_if_fail (DIS_IS_DELIVERY_MAP (self));
  g_return_if_fail (label != NULL && name != NULL);

  extend (self, lat, lon);
  self->n_stops++;
  marker = marker_new (lat, lon, label, name, FALSE);
  shumate_marker_layer_add_marker (self->markers, marker);
  shumate_path_layer_add_node (self->path, SHUMATE_LOCATION (marker));
}

void
dis_delivery_map_show_all (DisDeliveryMap *self)
{
  double span;
  double zoom;

  g_return_if_fail (DIS_IS_DELIVERY_MAP (self));

  if (!self->has_point && self->n_stops == 0)
    return;

  shumate_map_center_on (self->map, (self->min_lat + self->max_lat) / 2, (self->min_lon + self->max_lon) / 2);

  /* About 500 pixels for the larger span, in 256-pixel tiles. */
  span = MAX (self->max_lon - self->min_lon, (self->max_lat - self->min_lat) * 1.4);
  zoom = span > 0 ? log2 (500.0 * 360.0 / (256.0 * span)) : 15;
  shumate_viewport_set_zoom_level (self->viewport,
                                   CLAMP (floor (zoom),
                                          shumate_viewport_get_min_zoom_level (self->viewport),
                                          shumate_viewport_get_max_zoom_level (self->viewport)));
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_delivery_map_dispose (GObject *object)
{
  DisDeliveryMap *self = (DisDeliveryMap *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->stack != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->stack));
      self->stack = NULL;
    }
  g_clear_object (&self->cancellable);
  g_clear_object (&self->base_source);
  g_clear_object (&self->pack);

  G_OBJECT_CLASS (dis_delivery_map_parent_class)->dispose (object);
}

static void
dis_delivery_map_class_init (DisDeliveryMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_delivery_map_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
dis_delivery_map_init (DisDeliveryMap *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *scale;
  GtkWidget *status;

  self->cancellable = g_cancellable_new ();
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "mark-location-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Map on This Computer"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("The stops are listed in the order of the round. To see them on the map, download the network’s region pack in Preferences."));
  gtk_stack_add_named (self->stack, status, "no-pack");

  self->map = shumate_map_new ();
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map of the delivery round"), -1);
  self->viewport = shumate_map_get_viewport (self->map);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->map));

  scale = GTK_WIDGET (shumate_scale_new (self->viewport));
  shumate_scale_set_unit (SHUMATE_SCALE (scale), SHUMATE_UNIT_METRIC);
  gtk_widget_set_halign (scale, GTK_ALIGN_START);
  gtk_widget_set_valign (scale, GTK_ALIGN_END);
  gtk_widget_set_can_target (scale, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), scale);
  self->license = shumate_license_new ();
  gtk_widget_set_halign (GTK_WIDGET (self->license), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self->license), GTK_ALIGN_END);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->license));
  gtk_stack_add_named (self->stack, overlay, "map");

  self->path = shumate_path_layer_new (self->viewport);
  shumate_path_layer_set_closed (self->path, TRUE);
  shumate_path_layer_set_stroke_width (self->path, 4.0);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->path));
  self->markers = shumate_marker_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->markers));

  gtk_stack_set_visible_child_name (self->stack, "no-pack");
  load_pack (self);
}

GtkWidget *
dis_delivery_map_new (void)
{
  return g_object_new (DIS_TYPE_DELIVERY_MAP, NULL);
}

gboolean
_dis_delivery_map_has_pack (DisDeliveryMap *self)
{
  g_return_val_if_fail (DIS_IS_DELIVERY_MAP (self), FALSE);

  return self->pack != NULL;
}

guint
_dis_delivery_map_n_stops (DisDeliveryMap *self)
{
  g_return_val_if_fail (DIS_IS_DELIVERY_MAP (self), 0);

  return self->n_stops;
}
