/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-geo.h"
#include "dis-map-page-private.h"

/* The details of the selected point, in a popover at its marker, or at
 * its list row when the map cannot show it. */

/* How long to wait for the list row of a point to be bound after
 * scrolling to it, before its details open on it. */
#define ROW_DETAILS_DELAY_MS 50

/* "12 km from here" from our own point, or NULL when that is unknown. */
static char *
distance_from_here (DisMapPage  *self,
                    DisMapPoint *point)
{
  g_autofree char *distance = NULL;

  if (dis_map_point_get_own (point))
    return g_strdup (_("This is your point"));

  if (self->own_point == NULL || !dis_map_point_has_location (point))
    return NULL;

  distance = dis_geo_format_distance (dis_geo_distance_m (dis_map_point_get_latitude (self->own_point),
                                                          dis_map_point_get_longitude (self->own_point),
                                                          dis_map_point_get_latitude (point),
                                                          dis_map_point_get_longitude (point)));

  /* Translators: a straight-line distance, e.g. "12 km from here" */
  return g_strdup_printf (_("%s from here"), distance);
}

static void
popover_closed_cb (DisMapPage           *self,
                   DisMapDetailsPopover *popover)
{
  if (self->popover == popover)
    g_clear_weak_pointer (&self->popover);
}

void
_dis_map_page_close_details (DisMapPage *self)
{
  DisMapDetailsPopover *popover = self->popover;

  if (popover == NULL)
    return;

  g_clear_weak_pointer (&self->popover);
  g_signal_handlers_disconnect_by_func (popover, popover_closed_cb, self);
  dis_map_details_popover_dismiss (popover);
}

static gboolean
marker_shown (DisMapMarker *marker)
{
  return marker != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (marker)) &&
         gtk_widget_get_child_visible (GTK_WIDGET (marker));
}

static void
open_details (DisMapPage  *self,
              DisMapPoint *point)
{
  DisMapMarker *marker = dis_map_marker_layers_lookup (self->markers, dis_map_point_get_code (point));
  g_autofree char *distance = NULL;
  GtkWidget *anchor = NULL;
  GtkWidget *popover;

  _dis_map_page_close_details (self);

  /* On the map, the details point at the marker; without a map (no pack,
   * or no coordinates) at the point's row, so the list alone is enough. */
  if (marker_shown (marker))
    anchor = dis_map_marker_get_button (marker);
  else if (!gtk_widget_get_mapped (GTK_WIDGET (self->map)) || marker == NULL)
    anchor = _dis_map_page_list_get_row (self, point);

  if (anchor == NULL || !gtk_widget_get_mapped (anchor))
    return;

  distance = distance_from_here (self, point);
  popover = dis_map_details_popover_new (point, distance);
  if (marker == NULL || anchor != dis_map_marker_get_button (marker))
    gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_RIGHT);
  g_signal_connect_object (popover, "closed", G_CALLBACK (popover_closed_cb), self, G_CONNECT_SWAPPED);
  /* Weak: a row that is recycled or destroyed takes its popover along. */
  g_set_weak_pointer (&self->popover, DIS_MAP_DETAILS_POPOVER (popover));

  dis_map_details_popover_present (DIS_MAP_DETAILS_POPOVER (popover), anchor);
}

/* The marker may be off screen (hidden by its layer) until the map has
 * moved to it: open the details once it is shown. */
static void
marker_mapped_cb (DisMapPage   *self,
                  DisMapMarker *marker)
{
  DisMapPoint *point = dis_map_marker_get_point (marker);

  g_signal_handlers_disconnect_by_func (marker, marker_mapped_cb, self);

  if (g_strcmp0 (self->selected_code, dis_map_point_get_code (point)) == 0)
    open_details (self, point);
}

static gboolean
row_details_cb (gpointer data)
{
  DisMapPage *self = data;
  DisMapPoint *point;

  self->details_source = 0;

  if ((point = _dis_map_page_list_lookup (self, self->selected_code)))
    open_details (self, point);

  return G_SOURCE_REMOVE;
}

void
_dis_map_page_show_point (DisMapPage  *self,
                          DisMapPoint *point,
                          gboolean     center,
                          gboolean     details)
{
  DisMapMarker *marker;

  g_assert (DIS_IS_MAP_PAGE (self));
  g_assert (DIS_IS_MAP_POINT (point));

  marker = dis_map_marker_layers_lookup (self->markers, dis_map_point_get_code (point));
  g_clear_handle_id (&self->details_source, g_source_remove);
  if (marker == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->map)))
    {
      /* The row may be bound only at the next layout, after scrolling. */
      if (details)
        {
          _dis_map_page_close_details (self);
          self->details_source = g_timeout_add (ROW_DETAILS_DELAY_MS, row_details_cb, self);
        }
      return;
    }

  if (center)
    shumate_map_center_on (self->map,
                           dis_map_point_get_latitude (point),
                           dis_map_point_get_longitude (point));

  if (!details)
    return;

  if (marker_shown (marker))
    open_details (self, point);
  else
    {
      _dis_map_page_close_details (self);
      g_signal_handlers_disconnect_by_func (marker, marker_mapped_cb, self);
      g_signal_connect_object (marker, "map", G_CALLBACK (marker_mapped_cb), self,
                               G_CONNECT_SWAPPED);
    }
}


void
_dis_map_page_details_dispose (DisMapPage *self)
{
  g_clear_handle_id (&self->details_source, g_source_remove);
  _dis_map_page_close_details (self);
}
