/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-orders"

#include "config.h"

#include <json-glib/json-glib.h>

#include "dis-geo.h"
#include "dis-hub-orders-private.h"

/* The delivery zone of a slot, re-checked on the hub: a point's word
 * that an address is in the zone is not taken. */

/* The names of a stored comuni array; NULL when it is not one (the
 * admin's file went through the codec, so only a damaged row gets
 * here, and then no comune matches). */
static GStrv
parse_comuni (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

/* The point's position from its data ("lat" and "lon"), when it has one. */
static gboolean
point_position (DisHubDb    *db,
                const char  *point,
                gboolean    *out_has,
                double      *out_lat,
                double      *out_lon,
                GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  const char *lat, *lon;
  gboolean has_row;

  *out_has = FALSE;
  stmt = dis_hub_db_prepare_cached (db, "SELECT json_extract (data, '$.lat'), json_extract (data, '$.lon')"
                                        " FROM points WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;

  lat = dis_hub_stmt_column_text (stmt, 0);
  lon = dis_hub_stmt_column_text (stmt, 1);
  if (lat != NULL && lon != NULL)
    {
      char *lat_end, *lon_end;

      *out_lat = g_ascii_strtod (lat, &lat_end);
      *out_lon = g_ascii_strtod (lon, &lon_end);
      *out_has = *lat_end == '\0' && *lon_end == '\0' &&
                 *out_lat >= -90 && *out_lat <= 90 && *out_lon >= -180 && *out_lon <= 180 &&
                 (*out_lat != 0 || *out_lon != 0);
    }
  return TRUE;
}

gboolean
_dis_hub_orders_check_zone (DisHubDb                   *db,
                            const DisCodecOrderPlaced  *order,
                            const char                 *comuni_json,
                            gint64                      radius_m,
                            char                      **out_why,
                            GError                    **error)
{
  g_auto(GStrv) comuni = NULL;
  gboolean point_has = FALSE;
  double point_lat = 0, point_lon = 0, metres;
  const char *empty[] = { NULL };

  g_assert (out_why != NULL && *out_why == NULL);

  if (comuni_json == NULL && radius_m <= 0)
    return TRUE;
  if (comuni_json != NULL)
    comuni = parse_comuni (comuni_json);
  if (radius_m > 0 && !point_position (db, order->point, &point_has, &point_lat, &point_lon, error))
    return FALSE;

  switch (dis_geo_zone_check (comuni_json == NULL ? NULL : comuni != NULL ? (const char * const *) comuni : empty,
                              radius_m, order->comune, point_has, point_lat, point_lon,
                              order->has_position, order->lat, order->lon, &metres))
    {
    case DIS_GEO_ZONE_INSIDE:
      break;
    case DIS_GEO_ZONE_OTHER_COMUNE:
      *out_why = g_strdup_printf ("The delivery slot %s does not serve %s", order->slot,
                                  order->comune != NULL ? order->comune : "an address without a comune");
      break;
    case DIS_GEO_ZONE_NO_POSITION:
      *out_why = g_strdup_printf (point_has ? "The delivery slot %s serves within %" G_GINT64_FORMAT
                                              " m of the point, and the address has no position"
                                            : "The delivery slot %s serves within %" G_GINT64_FORMAT
                                              " m of the point, and the point has no position",
                                  order->slot, radius_m);
      break;
    case DIS_GEO_ZONE_TOO_FAR:
      *out_why = g_strdup_printf ("The address is %.0f m from the point; the delivery slot %s serves within %"
                                  G_GINT64_FORMAT " m", metres, order->slot, radius_m);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}
