/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dis-store.h"

G_BEGIN_DECLS

#define DIS_GEO_EARTH_RADIUS_M 6371008.8   /* mean radius (IUGG) */

/* Great-circle distance (haversine) in metres, degrees in. */
double     dis_geo_distance_m      (double lat1,
                                    double lon1,
                                    double lat2,
                                    double lon2);
/* "850 m" under 1 km, "1,2 km" under 10 km (the locale's decimal
 * separator), "23 km" above. */
char      *dis_geo_format_distance (double metres);

typedef struct
{
  DisPointRecord *point;    /* borrowed from the input array */
  double          metres;
} DisGeoNearest;

/* @points holds DisPointRecord*; points without coordinates (lat_e6 and
 * lon_e6 both 0) are left out. Returns a GPtrArray of DisGeoNearest
 * (g_free'd with the array), nearest first. The array must not outlive
 * @points. */
GPtrArray *dis_geo_nearest         (GPtrArray *points,
                                    double     lat,
                                    double     lon);

G_END_DECLS
