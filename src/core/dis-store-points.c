/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-points.h"
#include "dis-store-private.h"

DisPointRecord *
dis_point_record_copy (const DisPointRecord *point)
{
  DisPointRecord *copy;

  g_return_val_if_fail (point != NULL, NULL);

  copy = g_new0 (DisPointRecord, 1);
  copy->code = g_strdup (point->code);
  copy->name = g_strdup (point->name);
  copy->kind = g_strdup (point->kind);
  copy->address = g_strdup (point->address);
  copy->comune = g_strdup (point->comune);
  copy->lat_e6 = point->lat_e6;
  copy->lon_e6 = point->lon_e6;
  copy->hours = g_strdup (point->hours);
  copy->phone = g_strdup (point->phone);
  copy->email = g_strdup (point->email);
  copy->home_delivery = point->home_delivery;
  copy->collection_point = point->collection_point;
  return copy;
}

void
dis_point_record_free (DisPointRecord *point)
{
  if (point == NULL)
    return;

  g_free (point->code);
  g_free (point->name);
  g_free (point->kind);
  g_free (point->address);
  g_free (point->comune);
  g_free (point->hours);
  g_free (point->phone);
  g_free (point->email);
  g_free (point);
}

GPtrArray *
dis_store_list_points (DisStore  *self,
                       GError   **error)
{
  g_autoptr(GPtrArray) points = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT code, name, kind, address, comune, lat_e6, lon_e6,"
                          " hours, phone, email, home_delivery, collection_point"
                          " FROM points ORDER BY name COLLATE NOCASE, code",
                          error);
  if (stmt == NULL)
    return NULL;

  points = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_point_record_free);

  for (;;)
    {
      DisPointRecord *point;

      if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      point = g_new0 (DisPointRecord, 1);
      point->code = _dis_column_dup (stmt, 0);
      point->name = _dis_column_dup (stmt, 1);
      point->kind = _dis_column_dup (stmt, 2);
      point->address = _dis_column_dup (stmt, 3);
      point->comune = _dis_column_dup (stmt, 4);
      point->lat_e6 = sqlite3_column_int64 (stmt, 5);
      point->lon_e6 = sqlite3_column_int64 (stmt, 6);
      point->hours = _dis_column_dup (stmt, 7);
      point->phone = _dis_column_dup (stmt, 8);
      point->email = _dis_column_dup (stmt, 9);
      point->home_delivery = sqlite3_column_int (stmt, 10) != 0;
      point->collection_point = sqlite3_column_int (stmt, 11) != 0;
      g_ptr_array_add (points, point);
    }

  return g_steal_pointer (&points);
}

static gpointer
list_points_func (DisStore  *store,
                  gpointer   data,
                  GError   **error)
{
  return dis_store_list_points (store, error);
}

void
dis_store_list_points_async (DisStore            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_list_points_async, .func = list_points_func,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_list_points_finish (DisStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_list_points_async, error);
}

typedef struct
{
  GPtrArray *points;
  char      *own_code;
} MapPoints;

static void
map_points_free (MapPoints *map)
{
  g_clear_pointer (&map->points, g_ptr_array_unref);
  g_free (map->own_code);
  g_free (map);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MapPoints, map_points_free)

static gpointer
load_map_points_func (DisStore  *store,
                      gpointer   data,
                      GError   **error)
{
  g_autoptr(MapPoints) map = g_new0 (MapPoints, 1);
  g_autoptr(DisIdentity) identity = NULL;
  GError *local_error = NULL;

  map->points = dis_store_list_points (store, error);
  if (map->points == NULL)
    return NULL;

  identity = dis_store_get_identity (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  map->own_code = identity != NULL ? g_strdup (identity->point_code) : NULL;

  return g_steal_pointer (&map);
}

void
dis_store_load_map_points_async (DisStore            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_load_map_points_async, .func = load_map_points_func,
                                     .result_free = (GDestroyNotify) map_points_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_load_map_points_finish (DisStore      *self,
                                  GAsyncResult  *result,
                                  char         **out_own_code,
                                  GError       **error)
{
  g_autoptr(MapPoints) map = NULL;

  map = _dis_store_run_finish (self, result, dis_store_load_map_points_async, error);
  if (map == NULL)
    return NULL;

  if (out_own_code != NULL)
    *out_own_code = g_steal_pointer (&map->own_code);
  return g_steal_pointer (&map->points);
}

gboolean
_dis_store_write_point (DisDb                 *db,
                        const DisPointRecord  *point,
                        GError               **error)
{
  static const char * const kinds[] = { "shop", "gas", "producer", "collection", NULL };
  g_autoptr(DisStmt) stmt = NULL;

  if (point->code == NULL || *point->code == '\0' ||
      point->name == NULL || *point->name == '\0' ||
      point->kind == NULL || !g_strv_contains (kinds, point->kind))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The point “%s” is not valid"), point->code ? point->code : "");
      return FALSE;
    }

  stmt = _dis_db_prepare (db,
                          "INSERT INTO points (code, name, kind, address, comune, lat_e6, lon_e6,"
                          " hours, phone, email, home_delivery, collection_point)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                          " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                          " kind = excluded.kind, address = excluded.address, comune = excluded.comune,"
                          " lat_e6 = excluded.lat_e6, lon_e6 = excluded.lon_e6, hours = excluded.hours,"
                          " phone = excluded.phone, email = excluded.email,"
                          " home_delivery = excluded.home_delivery,"
                          " collection_point = excluded.collection_point",
                          error);
  if (stmt == NULL)
    return FALSE;

  _dis_bind_text (stmt, 1, point->code);
  _dis_bind_text (stmt, 2, point->name);
  _dis_bind_text (stmt, 3, point->kind);
  _dis_bind_text (stmt, 4, point->address);
  _dis_bind_text (stmt, 5, point->comune);
  sqlite3_bind_int64 (stmt, 6, point->lat_e6);
  sqlite3_bind_int64 (stmt, 7, point->lon_e6);
  _dis_bind_text (stmt, 8, point->hours);
  _dis_bind_text (stmt, 9, point->phone);
  _dis_bind_text (stmt, 10, point->email);
  sqlite3_bind_int (stmt, 11, point->home_delivery ? 1 : 0);
  sqlite3_bind_int (stmt, 12, point->collection_point ? 1 : 0);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
dis_store_upsert_point (DisStore              *self,
                        const DisPointRecord  *point,
                        GError               **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);
  DIS_DB_LOCK (&self->writer);

  return _dis_store_write_point (&self->writer, point, error);
}
