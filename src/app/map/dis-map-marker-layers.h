/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dis-map-marker.h"

G_BEGIN_DECLS

/* The markers of the Map page, one ShumateMarkerLayer per meaning: the
 * clusters, one per kind of point, our own point above them, and the
 * chosen place (the pin of "nearest to") above all. Points that would
 * overlap at the zoom level are one cluster marker with their number
 * (dis-map-cluster.h); our own and the selected point always show.
 *
 * "point-activated" (DisMapPoint *point): a marker was clicked.
 * "cluster-activated" (double latitude, double longitude, double zoom):
 * a cluster was clicked; zooming there to @zoom shows its points apart. */

#define DIS_TYPE_MAP_MARKER_LAYERS (dis_map_marker_layers_get_type ())
G_DECLARE_FINAL_TYPE (DisMapMarkerLayers, dis_map_marker_layers, DIS, MAP_MARKER_LAYERS, GObject)

/* Adds the layers on top of @map's. */
DisMapMarkerLayers *dis_map_marker_layers_new          (ShumateMap         *map);
/* Replaces the markers by those of @points (DisMapPoint items, in the
 * order that decides which of overlapping markers shows). */
void                dis_map_marker_layers_set_points   (DisMapMarkerLayers *self,
                                                        GListModel         *points);
/* The marker of @code (made if it was never shown), NULL for a point
 * without a location. */
DisMapMarker       *dis_map_marker_layers_lookup       (DisMapMarkerLayers *self,
                                                        const char         *code);
/* Shows the clusters again, after the points' completeness changed. */
void                dis_map_marker_layers_refresh      (DisMapMarkerLayers *self);
/* Markers in the layers (points and clusters), for tests and benchmarks. */
guint               dis_map_marker_layers_get_n_shown  (DisMapMarkerLayers *self);
/* Highlights the marker of @code (NULL for none) and keeps it shown. */
void                dis_map_marker_layers_set_selected (DisMapMarkerLayers *self,
                                                        const char         *code);
/* The pin of the chosen place, named @label for assistive technologies. */
void                dis_map_marker_layers_show_place   (DisMapMarkerLayers *self,
                                                        double              latitude,
                                                        double              longitude,
                                                        const char         *label);
void                dis_map_marker_layers_hide_place   (DisMapMarkerLayers *self);

G_END_DECLS
