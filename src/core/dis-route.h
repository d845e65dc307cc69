/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A stop of a delivery round, in degrees (WGS 84). */
typedef struct
{
  double lat, lon;
} DisRoutePlace;

/* @places[0] is the point (start and end); returns the visiting order
 * of all places as indices (guint), starting with 0 (not repeated at the
 * end), nearest neighbour improved by 2-opt until no move shortens it
 * (and by Or-opt: moving a run of 1 … 3 stops elsewhere, which 2-opt
 * alone misses), so never longer than dis_route_nearest_neighbour().
 * Deterministic.
 * *@out_metres (may be NULL): the round's length, point and back
 * (dis_geo_distance_m). @n_places ≥ 1. */
GArray *dis_route_plan              (const DisRoutePlace *places,
                                     guint                n_places,
                                     double              *out_metres);
/* The same, nearest neighbour alone (ties: the lower index). */
GArray *dis_route_nearest_neighbour (const DisRoutePlace *places,
                                     guint                n_places,
                                     double              *out_metres);

G_END_DECLS
