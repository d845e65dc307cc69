/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Grouping map points that would overlap at a zoom level, so a big
 * network seen from afar draws a few hundred markers instead of
 * thousands. A pure function: the same points at the same zoom give the
 * same clusters.
 *
 * Greedy, in the points' order: the first point not yet taken seeds a
 * cluster and takes every point not yet taken within @radius_px of it
 * (in Web Mercator pixels at @zoom, 256-pixel tiles). Every point is in
 * exactly one cluster; two seeds are never within @radius_px of each
 * other, so markers drawn at the seeds do not overlap. */

typedef struct
{
  double latitude;    /* degrees */
  double longitude;
} DisMapLocation;

typedef struct
{
  guint  seed;        /* index of the point the cluster is drawn at */
  guint  n_members;
  guint *members;     /* indices into the input, ascending; members[0] == seed */
} DisMapCluster;

/* A GPtrArray of DisMapCluster (free function set), ordered by seed. */
GPtrArray *dis_map_cluster_points (const DisMapLocation *points,
                                   guint                 n_points,
                                   guint                 zoom,
                                   double                radius_px);
void       dis_map_cluster_free   (DisMapCluster        *cluster);

G_END_DECLS
