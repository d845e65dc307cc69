/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-geo"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "dis-geo.h"

static inline double
deg2rad (double degrees)
{
  return degrees * G_PI / 180.0;
}

double
dis_geo_distance_m (double lat1,
                    double lon1,
                    double lat2,
                    double lon2)
{
  double phi1 = deg2rad (lat1);
  double phi2 = deg2rad (lat2);
  double dphi = deg2rad (lat2 - lat1);
  double dlambda = deg2rad (lon2 - lon1);
  double s1 = sin (dphi / 2.0);
  double s2 = sin (dlambda / 2.0);
  double h = s1 * s1 + cos (phi1) * cos (phi2) * s2 * s2;

  /* Rounding may push h a hair above 1 for antipodal points. */
  return 2.0 * DIS_GEO_EARTH_RADIUS_M * asin (sqrt (MIN (1.0, h)));
}

char *
dis_geo_format_distance (double metres)
{
  if (!isfinite (metres) || metres < 0)
    metres = 0;

  if (metres < 999.5)
    /* Translators: a distance in metres, e.g. "850 m" */
    return g_strdup_printf (_("%.0f m"), metres);

  if (metres < 9950.0)
    /* Translators: a distance in kilometres with one decimal, e.g. "1.2 km";
     * printf uses the locale's decimal separator */
    return g_strdup_printf (_("%.1f km"), metres / 1000.0);

  /* Translators: a distance in whole kilometres, e.g. "23 km" */
  return g_strdup_printf (_("%.0f km"), metres / 1000.0);
}

static int
compare_nearest (gconstpointer a,
                 gconstpointer b)
{
  const DisGeoNearest *na = *(const DisGeoNearest * const *) a;
  const DisGeoNearest *nb = *(const DisGeoNearest * const *) b;

  if (na->metres < nb->metres)
    return -1;
  if (na->metres > nb->metres)
    return 1;
  return g_strcmp0 (na->point->name, nb->point->name);
}

GPtrArray *
dis_geo_nearest (GPtrArray *points,
                 double     lat,
                 double     lon)
{
  GPtrArray *result;

  g_return_val_if_fail (points != NULL, NULL);

  result = g_ptr_array_new_full (points->len, g_free);

  for (guint i = 0; i < points->len; i++)
    {
      DisPointRecord *point = g_ptr_array_index (points, i);
      DisGeoNearest *nearest;

      if (point->lat_e6 == 0 && point->lon_e6 == 0)
        continue;

      nearest = g_new0 (DisGeoNearest, 1);
      nearest->point = point;
      nearest->metres = dis_geo_distance_m (lat, lon,
                                            point->lat_e6 / 1e6,
                                            point->lon_e6 / 1e6);
      g_ptr_array_add (result, nearest);
    }

  g_ptr_array_sort (result, compare_nearest);
  return result;
}

char *
dis_geo_fold_name (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)   /* not UTF-8 */
    return g_strdup ("");

  folded = g_utf8_casefold (decomposed, -1);
  out = g_string_sized_new (strlen (folded));

  /* Marks go; anything that is not a letter or digit separates words
   * ("Sant'Ambrogio", "Tonengo-Casale"), collapsed to one space. */
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;

      if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (out, c);
          space = FALSE;
        }
      else if (!space)
        {
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static gboolean
comune_listed (const char * const *comuni,
               const char         *comune)
{
  g_autofree char *folded = NULL;

  if (comune == NULL)
    return FALSE;
  folded = dis_geo_fold_name (comune);
  for (guint i = 0; comuni[i] != NULL; i++)
    {
      g_autofree char *listed = dis_geo_fold_name (comuni[i]);

      if (*folded != '\0' && strcmp (listed, folded) == 0)
        return TRUE;
    }
  return FALSE;
}

DisGeoZone
dis_geo_zone_check (const char * const *comuni,
                    gint64              radius_m,
                    const char         *comune,
                    gboolean            point_has_position,
                    double              point_lat,
                    double              point_lon,
                    gboolean            has_position,
                    double              lat,
                    double              lon,
                    double             *out_metres)
{
  double metres = -1;

  g_return_val_if_fail (radius_m >= 0, DIS_GEO_ZONE_INSIDE);

  if (point_has_position && has_position)
    metres = dis_geo_distance_m (point_lat, point_lon, lat, lon);
  if (out_metres != NULL)
    *out_metres = metres;

  if (comuni != NULL && !comune_listed (comuni, comune))
    return DIS_GEO_ZONE_OTHER_COMUNE;
  if (radius_m > 0 && metres < 0)
    return DIS_GEO_ZONE_NO_POSITION;
  if (radius_m > 0 && metres > radius_m)
    return DIS_GEO_ZONE_TOO_FAR;
  return DIS_GEO_ZONE_INSIDE;
}

gboolean
dis_geo_point_position (GPtrArray  *points,
                        const char *code,
                        double     *out_lat,
                        double     *out_lon)
{
  g_return_val_if_fail (out_lat != NULL && out_lon != NULL, FALSE);

  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      DisPointRecord *point = g_ptr_array_index (points, i);

      /* Without coordinates both are 0 (dis_geo_nearest()'s rule). */
      if (g_strcmp0 (point->code, code) == 0 && (point->lat_e6 != 0 || point->lon_e6 != 0))
        {
          *out_lat = point->lat_e6 / 1e6;
          *out_lon = point->lon_e6 / 1e6;
          return TRUE;
        }
    }
  return FALSE;
}
