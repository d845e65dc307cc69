/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dis-map-point.h"

G_BEGIN_DECLS

/* A network point on the map: a flat button with the kind's shape (ring
 * and larger for our own point), named for assistive technologies as its
 * list row is. The button is the marker's child, where the details
 * popover points. */

#define DIS_TYPE_MAP_MARKER (dis_map_marker_get_type ())
G_DECLARE_FINAL_TYPE (DisMapMarker, dis_map_marker, DIS, MAP_MARKER, ShumateMarker)

DisMapMarker *dis_map_marker_new          (DisMapPoint  *point);
DisMapPoint  *dis_map_marker_get_point    (DisMapMarker *self);
GtkWidget    *dis_map_marker_get_button   (DisMapMarker *self);
void          dis_map_marker_set_selected (DisMapMarker *self,
                                           gboolean      selected);

G_END_DECLS
