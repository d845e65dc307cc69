/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "dis-pack.h"
#include "dis-sqlite.h"

#define MAX_ZOOM 22
#define MERCATOR_MAX_LAT 85.0511288

void
dis_pack_info_free (DisPackInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->name);
  g_free (info->format);
  g_free (info->attribution);
  g_free (info->description);
  g_free (info);
}

DisPackInfo *
dis_pack_info_copy (const DisPackInfo *info)
{
  DisPackInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->path = g_strdup (info->path);
  copy->name = g_strdup (info->name);
  copy->format = g_strdup (info->format);
  copy->attribution = g_strdup (info->attribution);
  copy->description = g_strdup (info->description);
  return copy;
}

static gboolean
damaged (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The region pack is damaged: it is not a readable map database"));
  return FALSE;
}

static gboolean
parse_zoom (const char *text,
            guint      *out)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || *text == '\0')
    return FALSE;

  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (errno != 0 || end == NULL || *end != '\0' || value < 0 || value > MAX_ZOOM)
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

static gboolean
parse_bounds (const char  *text,
              DisPackInfo *info)
{
  g_auto(GStrv) parts = NULL;
  double v[4];

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;
      const char *start = g_strstrip (parts[i]);

      v[i] = g_ascii_strtod (start, &end);
      if (end == start || *end != '\0' || !isfinite (v[i]))
        return FALSE;
    }

  if (v[0] < -180 || v[2] > 180 || v[0] >= v[2] ||
      v[1] < -MERCATOR_MAX_LAT - 1e-6 || v[3] > MERCATOR_MAX_LAT + 1e-6 || v[1] >= v[3])
    return FALSE;

  info->west = v[0];
  info->south = v[1];
  info->east = v[2];
  info->north = v[3];
  return TRUE;
}

static gboolean
check_integrity (sqlite3   *db,
                 gboolean   quick,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *result;

  if (sqlite3_prepare_v2 (db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check",
                          -1, &stmt, NULL) != SQLITE_OK)
    return damaged (error);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return damaged (error);

  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_debug ("Integrity check: %s", result);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The region pack is damaged: its database failed the integrity check"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_metadata (sqlite3     *db,
               DisPackInfo *info,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *text;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT name, value FROM metadata", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The region pack has no metadata table: it is not an MBTiles map"));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (name != NULL && value != NULL)
        g_hash_table_replace (meta, g_strdup (name), g_strdup (value));
    }
  if (rc != SQLITE_DONE)
    return damaged (error);

  text = g_hash_table_lookup (meta, "name");
  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The region pack has no name in its metadata"));
      return FALSE;
    }
  info->name = g_strdup (text);

  text = g_hash_table_lookup (meta, "format");
  if (g_strcmp0 (text, "png") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The region pack’s tiles are in format “%s”; only PNG images can be shown"),
                   text ? text : _("unknown"));
      return FALSE;
    }
  info->format = g_strdup (text);

  if (!parse_zoom (g_hash_table_lookup (meta, "minzoom"), &info->min_zoom) ||
      !parse_zoom (g_hash_table_lookup (meta, "maxzoom"), &info->max_zoom) ||
      info->min_zoom > info->max_zoom)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The region pack’s zoom levels are missing or out of the range 0–%d"),
                   MAX_ZOOM);
      return FALSE;
    }

  if (!parse_bounds (g_hash_table_lookup (meta, "bounds"), info))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The region pack’s bounds are missing or not valid"));
      return FALSE;
    }

  text = g_hash_table_lookup (meta, "attribution");
  info->attribution = (text && *text) ? g_strdup (text) : NULL;
  text = g_hash_table_lookup (meta, "description");
  info->description = (text && *text) ? g_strdup (text) : NULL;
  return TRUE;
}

static gboolean
count_tiles (sqlite3     *db,
             DisPackInfo *info,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT count(*) FROM tiles"
                          " WHERE zoom_level BETWEEN ?1 AND ?2 AND tile_data IS NOT NULL",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The region pack has no tiles table: it is not an MBTiles map"));
      return FALSE;
    }

  sqlite3_bind_int (stmt, 1, info->min_zoom);
  sqlite3_bind_int (stmt, 2, info->max_zoom);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return damaged (error);

  info->n_tiles = sqlite3_column_int64 (stmt, 0);
  if (info->n_tiles == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The region pack has no tiles"));
      return FALSE;
    }

  return TRUE;
}

gboolean
dis_pack_validate_full (const char   *path,
                        gboolean      quick,
                        DisPackInfo **info_out,
                        GError      **error)
{
  g_autoptr(DisPackInfo) info = NULL;
  g_autoptr(sqlite3) db = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The region pack file does not exist"));
      return FALSE;
    }

  if (st.st_size == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The region pack file is empty"));
      return FALSE;
    }

  db = dis_sqlite_open (path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (db == NULL)
    return damaged (error);

  info = g_new0 (DisPackInfo, 1);
  info->path = g_strdup (path);
  info->size_bytes = st.st_size;

  if (!check_integrity (db, quick, error) ||
      !read_metadata (db, info, error) ||
      !count_tiles (db, info, error))
    return FALSE;

  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);
  return TRUE;
}

gboolean
dis_pack_validate (const char   *path,
                   DisPackInfo **info,
                   GError      **error)
{
  return dis_pack_validate_full (path, FALSE, info, error);
}
