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
/* Accent-stripped, casefolded, words separated by one space (anything
 * that is not a letter or digit separates): the form place names are
 * matched in ("Sant'Ambrogio" and "sant ambrogio" are the same). "" for
 * text that is not UTF-8. */
char      *dis_geo_fold_name       (const char *text);

/* Where an address falls against a delivery zone. */
typedef enum
{
  DIS_GEO_ZONE_INSIDE,
  DIS_GEO_ZONE_OTHER_COMUNE,   /* the zone lists comuni and not this one */
  DIS_GEO_ZONE_NO_POSITION,    /* the zone is a radius and the address (or the point) has no position */
  DIS_GEO_ZONE_TOO_FAR,        /* farther from the point than the radius */
} DisGeoZone;

/* A delivery zone is a list of comuni (@comuni, NULL-terminated; NULL:
 * none), a radius from the point (@radius_m; 0: none), or both, and then
 * an address must be in both. Comuni compare by dis_geo_fold_name(). The
 * positions are in degrees; *@out_metres is the distance from the point
 * when both are known, else -1. */
DisGeoZone dis_geo_zone_check      (const char * const *comuni,
                                    gint64              radius_m,
                                    const char         *comune,
                                    gboolean            point_has_position,
                                    double              point_lat,
                                    double              point_lon,
                                    gboolean            has_position,
                                    double              lat,
                                    double              lon,
                                    double             *out_metres);

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
/* The position of the point @code among @points (DisPointRecord*), in
 * degrees; FALSE when it is not there or has no coordinates. */
gboolean   dis_geo_point_position  (GPtrArray  *points,
                                    const char *code,
                                    double     *out_lat,
                                    double     *out_lon);

G_END_DECLS
