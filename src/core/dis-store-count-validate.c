/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-count"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-count-private.h"

/* Validating a count: each counted line's difference from the level of
 * the moment it was counted becomes one "adjust" movement, through the
 * stock ledger's one writer (dis-store-private.h), announced to the hub
 * with the count's state in the same transaction. */

static gboolean
set_unit_cost (DisDb    *db,
               gint64    count_id,
               gint64    product_id,
               gint64    unit_cost,
               GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db, "UPDATE stock_count_lines SET unit_cost = ?3 WHERE count_id = ?1 AND product_id = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, count_id);
  sqlite3_bind_int64 (stmt, 2, product_id);
  if (unit_cost >= 0)
    sqlite3_bind_int64 (stmt, 3, unit_cost);
  return _dis_db_step_done (db, stmt, error);
}

/* Writes the adjustments of @count; *out_n_moved of them. */
static gboolean
write_adjustments (DisDb        *db,
                   DisCount     *count,
                   DisOperator  *acting,
                   const char   *at,
                   guint        *out_n_moved,
                   GError      **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *document = g_strdup_printf ("count:%" G_GINT64_FORMAT, dis_count_get_id (count));
  gboolean has_row;

  *out_n_moved = 0;
  stmt = _dis_db_prepare (db,
                          "SELECT product_id, counted - expected FROM stock_count_lines"
                          " WHERE count_id = ?1 AND counted IS NOT NULL AND counted <> expected"
                          " ORDER BY product_id",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dis_count_get_id (count));
  while (_dis_db_step_row (db, stmt, &has_row, &local_error) && has_row)
    {
      gint64 product_id = sqlite3_column_int64 (stmt, 0);
      gint64 unit_cost = -1;
      DisStockMove move = {
        .product_id = product_id,
        .kind = "adjust",
        .qty = sqlite3_column_int64 (stmt, 1),
        .at = at,
        .operator_id = dis_operator_get_id (acting),
        .document = document,
      };

      if (!_dis_store_stock_unit_cost (db, product_id, &unit_cost, error))
        return FALSE;
      move.unit_cost = unit_cost >= 0 ? unit_cost : -1;
      if (!_dis_store_stock_move (db, &move, error) ||
          !set_unit_cost (db, dis_count_get_id (count), product_id, move.unit_cost, error))
        return FALSE;
      (*out_n_moved)++;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
close_count (DisDb        *db,
             gint64        count_id,
             DisOperator  *acting,
             const char   *at,
             GError      **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "UPDATE stock_counts SET state = 'validated', closed_at = ?2, closed_by = ?3"
                          " WHERE id = ?1 AND state = 'open'",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, count_id);
  _dis_bind_text (stmt, 2, at);
  sqlite3_bind_int64 (stmt, 3, dis_operator_get_id (acting));
  return _dis_db_step_done (db, stmt, error);
}

static gpointer
validate_body (DisDb         *db,
               DisCountArgs  *args,
               GError       **error)
{
  g_autoptr(DisCount) count = NULL;
  g_autoptr(DisCount) closed = NULL;
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) differences = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  gint64 first_movement_id;
  guint n_moved;

  if (!_dis_store_check_acting (db, args->acting, DIS_PERMISSION_COUNT, error))
    return NULL;
  count = _dis_store_count_read_open (db, args->count_id, error);
  if (count == NULL)
    return NULL;
  identity = _dis_store_read_identity (db, &local_error);
  if (identity == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This till has no point identity yet"));
      return NULL;
    }

  if (!_dis_store_stock_next_movement_id (db, &first_movement_id, error) ||
      !write_adjustments (db, count, args->acting, now, &n_moved, error) ||
      (n_moved > 0 && !_dis_store_stock_announce (db, identity, first_movement_id, error)) ||
      !close_count (db, args->count_id, args->acting, now, error))
    return NULL;

  /* Read back as validated: the expected quantities are no secret now. */
  closed = _dis_store_count_read (db, args->count_id, error);
  if (closed == NULL)
    return NULL;
  lines = _dis_store_count_read_lines (db, closed, DIS_COUNT_LINES_COUNTED, error);
  if (lines == NULL)
    return NULL;
  for (guint i = 0; i < lines->len; i++)
    if (dis_count_line_get_difference (g_ptr_array_index (lines, i)) != 0)
      g_ptr_array_add (differences, g_object_ref (g_ptr_array_index (lines, i)));
  g_assert (differences->len == n_moved);
  return dis_count_result_new (args->count_id, dis_count_get_n_counted (closed), differences);
}

DisCountResult *
dis_store_count_validate (DisStore     *self,
                          DisOperator  *acting,
                          gint64        count_id,
                          GError      **error)
{
  g_autoptr(DisCountArgs) args = NULL;
  DisCountResult *result;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  args = _dis_count_args_new (acting, count_id);
  result = _dis_store_count_write (self, validate_body, args, error);
  if (result != NULL && dis_count_result_get_n_adjusted (result) > 0)
    {
      _dis_store_notify_outbox_changed (self);
      _dis_store_notify_stock_changed (self);
    }
  return result;
}

static gpointer
validate_func (DisStore *self, gpointer data, GError **error)
{
  DisCountArgs *args = data;

  return dis_store_count_validate (self, args->acting, args->count_id, error);
}

void
dis_store_count_validate_async (DisStore            *self,
                                DisOperator         *acting,
                                gint64               count_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_validate_async, TRUE, .func = validate_func,
                                     .data_free = _dis_count_args_free, .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, _dis_count_args_new (acting, count_id), cancellable, callback, user_data);
}

DisCountResult *
dis_store_count_validate_finish (DisStore      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_validate_async, error);
}
