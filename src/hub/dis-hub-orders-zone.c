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

/* The point's position from its data ("lat" and "lon"), when it has
 * one. Read with json-glib, not json_extract(): SQLite 3.40 reads a
 * decimal in the process's locale, and 45.0729 is 45 under it_IT. */
static gboolean
point_position (DisHubDb    *db,
                const char  *point,
                gboolean    *out_has,
                double      *out_lat,
                double      *out_lon,
                GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *data;
  JsonNode *root, *lat, *lon;
  gboolean has_row;

  *out_has = FALSE;
  stmt = dis_hub_db_prepare_cached (db, "SELECT data FROM points WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row || !json_parser_load_from_data (parser, dis_hub_stmt_column_text (stmt, 0), -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  data = json_node_get_object (root);
  lat = json_object_get_member (data, "lat");
  lon = json_object_get_member (data, "lon");
  if (lat == NULL || lon == NULL || !JSON_NODE_HOLDS_VALUE (lat) || !JSON_NODE_HOLDS_VALUE (lon) ||
      (json_node_get_value_type (lat) != G_TYPE_DOUBLE && json_node_get_value_type (lat) != G_TYPE_INT64) ||
      (json_node_get_value_type (lon) != G_TYPE_DOUBLE && json_node_get_value_type (lon) != G_TYPE_INT64))
    return TRUE;
  *out_lat = json_node_get_double (lat);
  *out_lon = json_node_get_double (lon);
  *out_has = *out_lat >= -90 && *out_lat <= 90 && *out_lon >= -180 && *out_lon <= 180 &&
             (*out_lat != 0 || *out_lon != 0);
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
