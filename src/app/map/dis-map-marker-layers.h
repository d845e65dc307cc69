/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dis-map-marker.h"

G_BEGIN_DECLS

/* The markers of the Map page, one layer per meaning: the network drawn
 * grouped at the zoom level (DisMapClusterLayer: points that would
 * overlap are one circle with their number), the selected point's marker
 * above it, our own point above them, and the chosen place (the pin of
 * "nearest to") above all.
 *
 * "point-activated" (DisMapPoint *point): a point was clicked. */

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
/* Draws again, after the points' completeness changed. */
void                dis_map_marker_layers_refresh      (DisMapMarkerLayers *self);
/* A click on the map at @x, @y (the map's coordinates): a point drawn
 * there is activated, a cluster is zoomed in on. FALSE when nothing is
 * drawn there. */
gboolean            dis_map_marker_layers_activate_at  (DisMapMarkerLayers *self,
                                                        double              x,
                                                        double              y);
/* Clusters and single points drawn at the zoom level, for tests and
 * benchmarks. */
guint               dis_map_marker_layers_get_n_drawn  (DisMapMarkerLayers *self);
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
