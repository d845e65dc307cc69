/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* Several network points that would overlap at this zoom, drawn as one
 * round label with their number (readable without colour); a click
 * zooms in on them (the list of points is the way there by keyboard). Named for assistive technologies with the number
 * and how many have the basket complete. */

#define DIS_TYPE_MAP_CLUSTER_MARKER (dis_map_cluster_marker_get_type ())
G_DECLARE_FINAL_TYPE (DisMapClusterMarker, dis_map_cluster_marker, DIS, MAP_CLUSTER_MARKER, ShumateMarker)

DisMapClusterMarker *dis_map_cluster_marker_new        (void);
/* Where it is and what it holds (a marker is reused as the map moves).
 * @n_complete: how many of the @n_points have the whole basket. */
void                 dis_map_cluster_marker_set        (DisMapClusterMarker *self,
                                                        double               latitude,
                                                        double               longitude,
                                                        guint                n_points,
                                                        guint                n_complete);
guint                dis_map_cluster_marker_get_n_points (DisMapClusterMarker *self);

G_END_DECLS
