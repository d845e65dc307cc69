/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-points"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-hub-json.h"
#include "dis-hub-points.h"

JsonNode *
dis_hub_point_build (JsonObject  *object,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  DisCodecPoint point;
  JsonNode *canonical;

  if (!dis_codec_point_decode (object, &point, &local_error) ||
      (canonical = dis_codec_point_to_node (&point, &local_error)) == NULL)
    {
      const char *code = dis_hub_json_string (object, "code");

      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "point %s: %s",
                   code != NULL ? code : "?", local_error->message);
      return NULL;
    }
  return canonical;
}

gboolean
dis_hub_point_upsert (DisHubDb  *db,
                      JsonNode  *point,
                      gboolean  *out_changed,
                      GError   **error)
{
  g_autoptr(DisHubStmt) select = NULL;
  g_autoptr(DisHubStmt) upsert = NULL;
  g_autofree char *data = dis_hub_json_to_string (point);
  g_autofree char *now = dis_hub_now_iso ();
  DisCodecPoint decoded;
  const char *code;
  gboolean has_row;

  if (!dis_codec_point_decode (JSON_NODE_HOLDS_OBJECT (point) ? json_node_get_object (point) : NULL,
                               &decoded, error))
    return FALSE;
  code = decoded.code;

  select = dis_hub_db_prepare (db, "SELECT data, revoked_at FROM points WHERE code = ?1", error);
  if (select == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (select, 1, code);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return FALSE;
  if (has_row && !dis_hub_stmt_column_is_null (select, 1))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "point %s is revoked", code);
      return FALSE;
    }
  *out_changed = !has_row || g_strcmp0 (dis_hub_stmt_column_text (select, 0), data) != 0;
  if (!*out_changed)
    return TRUE;

  upsert = dis_hub_db_prepare (db,
                               "INSERT INTO points (code, name, data, created_at) VALUES (?1, ?2, ?3, ?4)"
                               " ON CONFLICT (code) DO UPDATE SET name = excluded.name, data = excluded.data",
                               error);
  if (upsert == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (upsert, 1, code);
  dis_hub_stmt_bind_text (upsert, 2, decoded.name);
  dis_hub_stmt_bind_text (upsert, 3, data);
  dis_hub_stmt_bind_text (upsert, 4, now);
  return dis_hub_db_step_done (db, upsert, error) &&
         dis_hub_db_append_change (db, dis_codec_change_kind_to_string (DIS_CODEC_CHANGE_POINT),
                                   "upsert", code, point, error);
}

static gboolean
load_point (DisHubDb   *db,
            JsonNode   *element,
            guint       index,
            gboolean   *out_changed,
            GError    **error)
{
  g_autoptr(JsonNode) point = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "points: row %u is not an object", index + 1);
      return FALSE;
    }
  point = dis_hub_point_build (json_node_get_object (element), error);
  return point != NULL && dis_hub_point_upsert (db, point, out_changed, error);
}

gboolean
dis_hub_points_load (DisHubDb  *db,
                     JsonNode  *root,
                     guint     *out_n_changed,
                     GError   **error)
{
  return dis_hub_db_load_rows (db, root, "points", load_point, out_n_changed, error);
}

JsonNode *
dis_hub_point_get (DisHubDb    *db,
                   const char  *code,
                   GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *what = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db, "SELECT data FROM points WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, code);
  if (!dis_hub_db_step (db, stmt, &has_row, error) || !has_row)
    return NULL;
  what = g_strdup_printf ("point %s", code);
  return dis_hub_json_parse_stored (dis_hub_stmt_column_text (stmt, 0), -1, what, error);
}

char *
dis_hub_point_enrol (DisHubDb    *db,
                     const char  *code,
                     const char  *device,
                     GError     **error)
{
  g_autoptr(DisHubStmt) select = NULL;
  g_autoptr(DisHubStmt) insert = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  /* What every event of the device will carry: a code of the protocol. */
  if (device == NULL || !dis_codec_is_code (device))
    {
      g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                           "the device code must be 1 to 32 letters, digits, “.”, “_” or “-”");
      return NULL;
    }
  select = dis_hub_db_prepare (db, "SELECT revoked_at FROM points WHERE code = ?1", error);
  if (select == NULL)
    return NULL;
  dis_hub_stmt_bind_text (select, 1, code);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return NULL;
  if (!has_row || !dis_hub_stmt_column_is_null (select, 0))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND,
                   has_row ? "point %s is revoked" : "no point %s", code);
      return NULL;
    }

  token = dis_hub_new_token ();
  hash = dis_hub_hash_token (token);
  insert = dis_hub_db_prepare (db,
                               "INSERT INTO devices (point_code, device, token_hash, created_at)"
                               " VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (insert == NULL)
    return NULL;
  dis_hub_stmt_bind_text (insert, 1, code);
  dis_hub_stmt_bind_text (insert, 2, device);
  dis_hub_stmt_bind_text (insert, 3, hash);
  dis_hub_stmt_bind_text (insert, 4, now);
  if (!dis_hub_db_step_done (db, insert, &local_error))
    {
      if (g_error_matches (local_error, DIS_HUB_ERROR, DIS_HUB_ERROR_CONFLICT))
        g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_EXISTS,
                     "device %s of point %s is already enrolled", device, code);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&token);
}

gboolean
dis_hub_point_revoke (DisHubDb    *db,
                      const char  *code,
                      GError     **error)
{
  g_autoptr(DisHubStmt) point = NULL;
  g_autoptr(DisHubStmt) devices = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *now = dis_hub_now_iso ();

  point = dis_hub_db_prepare (db,
                              "UPDATE points SET revoked_at = ?2 WHERE code = ?1 AND revoked_at IS NULL",
                              error);
  if (point == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (point, 1, code);
  dis_hub_stmt_bind_text (point, 2, now);
  if (!dis_hub_db_step_done (db, point, error))
    return FALSE;
  if (dis_hub_db_changes (db) == 0)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND,
                   "no active point %s", code);
      return FALSE;
    }

  devices = dis_hub_db_prepare (db,
                                "UPDATE devices SET revoked_at = ?2 WHERE point_code = ?1 AND revoked_at IS NULL",
                                error);
  if (devices == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (devices, 1, code);
  dis_hub_stmt_bind_text (devices, 2, now);
  if (!dis_hub_db_step_done (db, devices, error))
    return FALSE;

  data = dis_codec_delete_to_node (DIS_CODEC_CHANGE_POINT, code, error);
  return data != NULL &&
         dis_hub_db_append_change (db, dis_codec_change_kind_to_string (DIS_CODEC_CHANGE_POINT),
                                   "delete", code, data, error);
}

gboolean
dis_hub_point_list (DisHubDb  *db,
                    GString   *out,
                    GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT p.code, json_extract (p.data, '$.kind'), p.name,"
                             "       json_extract (p.data, '$.comune'), p.revoked_at,"
                             "       (SELECT count(*) FROM devices d WHERE d.point_code = p.code"
                             "                                         AND d.revoked_at IS NULL)"
                             " FROM points p ORDER BY p.code",
                             error);
  if (stmt == NULL)
    return FALSE;
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT " device(s)\n",
                            dis_hub_stmt_column_text (stmt, 0),
                            dis_hub_stmt_column_text (stmt, 1),
                            dis_hub_stmt_column_text (stmt, 2),
                            dis_hub_stmt_column_text (stmt, 3),
                            dis_hub_stmt_column_is_null (stmt, 4) ? "active" : "revoked",
                            dis_hub_stmt_column_int64 (stmt, 5));
  return error == NULL || *error == NULL;
}

static gint64
count (DisHubDb   *db,
       const char *sql,
       const char *code)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, sql, NULL);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return -1;
  dis_hub_stmt_bind_text (stmt, 1, code);
  if (!dis_hub_db_step (db, stmt, &has_row, NULL) || !has_row)
    return -1;
  return dis_hub_stmt_column_int64 (stmt, 0);
}

gboolean
dis_hub_point_status (DisHubDb    *db,
                      const char  *code,
                      GString     *out,
                      GError     **error)
{
  g_autoptr(DisHubStmt) point = NULL;
  g_autoptr(DisHubStmt) devices = NULL;
  g_autoptr(DisHubStmt) gaps = NULL;
  g_autoptr(DisHubStmt) flagged = NULL;
  gboolean has_row;

  point = dis_hub_db_prepare (db, "SELECT name, revoked_at FROM points WHERE code = ?1", error);
  if (point == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (point, 1, code);
  if (!dis_hub_db_step (db, point, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no point %s", code);
      return FALSE;
    }
  g_string_append_printf (out, "point: %s %s\nstate: %s%s\n", code,
                          dis_hub_stmt_column_text (point, 0),
                          dis_hub_stmt_column_is_null (point, 1) ? "active" : "revoked at ",
                          dis_hub_stmt_column_is_null (point, 1) ? "" : dis_hub_stmt_column_text (point, 1));

  devices = dis_hub_db_prepare (db,
                                "SELECT device, last_seq, created_at, revoked_at FROM devices"
                                " WHERE point_code = ?1 ORDER BY device",
                                error);
  if (devices == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (devices, 1, code);
  g_string_append (out, "devices:\n");
  while (dis_hub_db_step (db, devices, &has_row, error) && has_row)
    g_string_append_printf (out, "  %s last_seq=%" G_GINT64_FORMAT " enrolled=%s%s\n",
                            dis_hub_stmt_column_text (devices, 0),
                            (gint64) dis_hub_stmt_column_int64 (devices, 1),
                            dis_hub_stmt_column_text (devices, 2),
                            dis_hub_stmt_column_is_null (devices, 3) ? "" : " revoked");

  gaps = dis_hub_db_prepare (db,
                             "SELECT device, from_seq, to_seq, recorded_at FROM gaps"
                             " WHERE point_code = ?1 ORDER BY id",
                             error);
  if (gaps == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (gaps, 1, code);
  g_string_append (out, "gaps:\n");
  while (dis_hub_db_step (db, gaps, &has_row, error) && has_row)
    g_string_append_printf (out, "  %s seq %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " recorded=%s\n",
                            dis_hub_stmt_column_text (gaps, 0),
                            (gint64) dis_hub_stmt_column_int64 (gaps, 1),
                            (gint64) dis_hub_stmt_column_int64 (gaps, 2),
                            dis_hub_stmt_column_text (gaps, 3));

  g_string_append_printf (out, "events accepted: %" G_GINT64_FORMAT "\n",
                          count (db, "SELECT count(*) FROM events WHERE point_code = ?1", code));
  g_string_append_printf (out, "sales: %" G_GINT64_FORMAT "\n",
                          count (db, "SELECT count(*) FROM hub_sales WHERE point_code = ?1", code));
  g_string_append_printf (out, "flagged for review: %" G_GINT64_FORMAT "\n",
                          count (db, "SELECT count(*) FROM hub_sales WHERE point_code = ?1 AND review_flag = 1", code));

  flagged = dis_hub_db_prepare (db,
                                "SELECT receipt_no, review_reason FROM hub_sales"
                                " WHERE point_code = ?1 AND review_flag = 1 ORDER BY created_at",
                                error);
  if (flagged == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (flagged, 1, code);
  while (dis_hub_db_step (db, flagged, &has_row, error) && has_row)
    g_string_append_printf (out, "  %s: %s\n", dis_hub_stmt_column_text (flagged, 0),
                            dis_hub_stmt_column_text (flagged, 1));
  return error == NULL || *error == NULL;
}

DisHubAuth
dis_hub_auth_lookup (DisHubDb    *db,
                     const char  *token,
                     char       **out_point,
                     char       **out_device,
                     GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *hash = dis_hub_hash_token (token);
  gboolean has_row;

  /* Cached: every request asks, and preparing it again each time cost
   * a push about a twentieth of the hub's time (issue 12's profile). */
  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT d.point_code, d.device, d.revoked_at IS NOT NULL OR p.revoked_at IS NOT NULL"
                                    " FROM devices d JOIN points p ON p.code = d.point_code"
                                    " WHERE d.token_hash = ?1",
                                    error);
  if (stmt == NULL)
    return DIS_HUB_AUTH_UNKNOWN;
  dis_hub_stmt_bind_text (stmt, 1, hash);
  if (!dis_hub_db_step (db, stmt, &has_row, error) || !has_row)
    return DIS_HUB_AUTH_UNKNOWN;
  if (dis_hub_stmt_column_int64 (stmt, 2))
    return DIS_HUB_AUTH_REVOKED;
  *out_point = dis_hub_column_dup (stmt, 0);
  *out_device = dis_hub_column_dup (stmt, 1);
  return DIS_HUB_AUTH_OK;
}
