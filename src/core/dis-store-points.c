/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

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
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GPtrArray) points = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

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

static void
list_points_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *points;

  if (g_task_return_error_if_cancelled (task))
    return;

  points = dis_store_list_points (source_object, &error);
  if (points == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, points, (GDestroyNotify) g_ptr_array_unref);
}

void
dis_store_list_points_async (DisStore            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DIS_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dis_store_list_points_async);
  _dis_store_queue (self, FALSE, task, list_points_thread);
}

GPtrArray *
dis_store_list_points_finish (DisStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dis_store_list_points_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
