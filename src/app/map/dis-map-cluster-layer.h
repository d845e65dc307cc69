/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dis-map-point.h"

G_BEGIN_DECLS

/* The network's points drawn in one layer, grouped at the zoom level
 * (dis-map-cluster.h): a point alone as its kind's symbol with its basket
 * ("7/9", "✓ 9/9"), several as a circle with their number. One widget
 * draws them all, so a big network costs a frame little; it takes no
 * clicks itself: the page asks dis_map_cluster_layer_hit() where the map
 * was clicked. */

#define DIS_TYPE_MAP_CLUSTER_LAYER (dis_map_cluster_layer_get_type ())
G_DECLARE_FINAL_TYPE (DisMapClusterLayer, dis_map_cluster_layer, DIS, MAP_CLUSTER_LAYER, ShumateLayer)

DisMapClusterLayer *dis_map_cluster_layer_new        (ShumateViewport    *viewport);
/* @points: DisMapPoint with a location, in the order that decides which
 * point a cluster is drawn at. */
void                dis_map_cluster_layer_set_points (DisMapClusterLayer *self,
                                                      GPtrArray          *points);
/* Draws again (the points' completeness changed). */
void                dis_map_cluster_layer_refresh    (DisMapClusterLayer *self);
/* What is drawn at @x, @y (the layer's coordinates): TRUE with the
 * number of points there and, for one point, the point (borrowed), or
 * for several the location to zoom in on. */
gboolean            dis_map_cluster_layer_hit        (DisMapClusterLayer *self,
                                                      double              x,
                                                      double              y,
                                                      guint              *out_n_points,
                                                      DisMapPoint       **out_point,
                                                      double             *out_latitude,
                                                      double             *out_longitude);
/* Clusters and single points drawn at the current zoom level (in the
 * whole network, not only the visible part). */
guint               dis_map_cluster_layer_get_n_drawn (DisMapClusterLayer *self);

G_END_DECLS
