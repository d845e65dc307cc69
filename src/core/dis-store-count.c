/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-count"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-count-private.h"

/* ---- Arguments --------------------------------------------------------- */

DisCountArgs *
_dis_count_args_new (DisOperator *acting,
                     gint64       count_id)
{
  DisCountArgs *args = g_new0 (DisCountArgs, 1);

  args->acting = acting != NULL ? g_object_ref (acting) : NULL;
  args->count_id = count_id;
  return args;
}

void
_dis_count_args_free (gpointer data)
{
  DisCountArgs *args = data;

  g_clear_object (&args->acting);
  g_free (args->category);
  g_clear_pointer (&args->data, g_bytes_unref);
  g_clear_object (&args->import);
  g_free (args);
}

/* ---- Reading ------------------------------------------------------------ */

#define COUNT_COLUMNS \
  "c.id, c.category, c.blind, c.state, c.started_at, o.name," \
  " (SELECT count(*) FROM stock_count_lines l WHERE l.count_id = c.id)," \
  " (SELECT count(*) FROM stock_count_lines l WHERE l.count_id = c.id AND l.counted IS NOT NULL)" \
  " FROM stock_counts c LEFT JOIN operators o ON o.id = c.started_by"

static DisCount *
count_from_row (DisStmt *stmt)
{
  DisCountState state = DIS_COUNT_OPEN;

  dis_count_state_from_code ((const char *) sqlite3_column_text (stmt, 3), &state);
  return dis_count_new (sqlite3_column_int64 (stmt, 0),
                        (const char *) sqlite3_column_text (stmt, 1),
                        sqlite3_column_int (stmt, 2) != 0,
                        state,
                        (const char *) sqlite3_column_text (stmt, 4),
                        (const char *) sqlite3_column_text (stmt, 5),
                        (guint) sqlite3_column_int64 (stmt, 6),
                        (guint) sqlite3_column_int64 (stmt, 7));
}

/* The count of @stmt's single row, NULL without an error for none. */
static DisCount *
step_count (DisDb    *db,
            DisStmt  *stmt,
            GError  **error)
{
  gboolean has_row;

  if (!_dis_db_step_row (db, stmt, &has_row, error) || !has_row)
    return NULL;
  return count_from_row (stmt);
}

DisCount *
_dis_store_count_read (DisDb   *db,
                       gint64   count_id,
                       GError **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "SELECT " COUNT_COLUMNS " WHERE c.id = ?1", error);
  g_autoptr(GError) local_error = NULL;
  DisCount *count;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, count_id);
  count = step_count (db, stmt, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (count == NULL)
    g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("There is no such count"));
  return count;
}

DisCount *
_dis_store_count_read_open (DisDb   *db,
                            gint64   count_id,
                            GError **error)
{
  g_autoptr(DisCount) count = _dis_store_count_read (db, count_id, error);

  if (count == NULL)
    return NULL;
  if (dis_count_get_state (count) != DIS_COUNT_OPEN)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           dis_count_get_state (count) == DIS_COUNT_VALIDATED
                           ? _("This count was validated already")
                           : _("This count was abandoned"));
      return NULL;
    }
  return g_steal_pointer (&count);
}

static DisCount *
read_open_count (DisDb   *db,
                 GError **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "SELECT " COUNT_COLUMNS " WHERE c.state = 'open'", error);

  if (stmt == NULL)
    return NULL;
  return step_count (db, stmt, error);
}

/* One line from the columns of read_lines(). */
static DisCountLine *
line_from_row (DisStmt  *stmt,
               DisCount *count)
{
  gboolean open = dis_count_get_state (count) == DIS_COUNT_OPEN;
  gboolean hidden = open && dis_count_get_blind (count);
  DisCountLineRecord record = {
    .product_id = sqlite3_column_int64 (stmt, 0),
    .code = (const char *) sqlite3_column_text (stmt, 1),
    .name = (const char *) sqlite3_column_text (stmt, 2),
    .unit = (const char *) sqlite3_column_text (stmt, 3),
    .category = (const char *) sqlite3_column_text (stmt, 4),
    .is_counted = sqlite3_column_type (stmt, 5) != SQLITE_NULL,
    .counted = sqlite3_column_int64 (stmt, 5),
    .counted_at = (const char *) sqlite3_column_text (stmt, 7),
    .unit_cost = sqlite3_column_int64 (stmt, 9),
  };

  if (record.is_counted)
    {
      record.has_expected = !hidden;
      record.expected = sqlite3_column_int64 (stmt, 6);
    }
  else
    {
      /* Not counted yet: what the shelf should hold now, when the count
       * may show it. */
      record.has_expected = open && !hidden;
      record.expected = sqlite3_column_int64 (stmt, 8);
    }
  return dis_count_line_new (&record);
}

/* @product_id 0: every line the filter lets through. */
static GPtrArray *
read_lines (DisDb               *db,
            DisCount            *count,
            DisCountLinesFilter  filter,
            gint64               product_id,
            GError             **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db,
                          "SELECT p.id, p.code, p.name, p.unit, p.category, l.counted, l.expected,"
                          " l.counted_at, coalesce (st.qty, 0), coalesce (l.unit_cost, -1)"
                          " FROM stock_count_lines l JOIN products p ON p.id = l.product_id"
                          " LEFT JOIN stock_levels st ON st.product_id = p.id"
                          " WHERE l.count_id = ?1 AND (?2 = 0 OR l.product_id = ?2)"
                          " AND (?3 = 0 OR (?3 = 1) = (l.counted IS NULL))"
                          " ORDER BY p.name, p.id",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dis_count_get_id (count));
  sqlite3_bind_int64 (stmt, 2, product_id);
  sqlite3_bind_int (stmt, 3, filter);
  while (_dis_db_step_row (db, stmt, &has_row, &local_error) && has_row)
    g_ptr_array_add (lines, line_from_row (stmt, count));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&lines);
}

GPtrArray *
_dis_store_count_read_lines (DisDb               *db,
                             DisCount            *count,
                             DisCountLinesFilter  filter,
                             GError             **error)
{
  return read_lines (db, count, filter, 0, error);
}

DisCount *
dis_store_count_get_open (DisStore  *self,
                          GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  DIS_DB_LOCK (&self->reader);
  return read_open_count (&self->reader, error);
}

DisCount *
dis_store_count_get (DisStore  *self,
                     gint64     count_id,
                     GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  DIS_DB_LOCK (&self->reader);
  return _dis_store_count_read (&self->reader, count_id, error);
}

GPtrArray *
dis_store_count_list_lines (DisStore             *self,
                            gint64                count_id,
                            DisCountLinesFilter   filter,
                            GError              **error)
{
  g_autoptr(DisCount) count = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (filter <= DIS_COUNT_LINES_COUNTED, NULL);

  DIS_DB_LOCK (&self->reader);
  count = _dis_store_count_read (&self->reader, count_id, error);
  if (count == NULL)
    return NULL;
  return read_lines (&self->reader, count, filter, 0, error);
}

/* ---- Writing ------------------------------------------------------------ */

gpointer
_dis_store_count_write (DisStore           *self,
                        DisCountWriteBody   body,
                        DisCountArgs       *args,
                        GError            **error)
{
  gpointer result;

  DIS_DB_LOCK (&self->writer);
  if (!_dis_db_begin (&self->writer, error))
    return NULL;
  result = body (&self->writer, args, error);
  if (result == NULL || !_dis_db_commit (&self->writer, error))
    {
      if (result != NULL)
        g_object_unref (result);
      _dis_db_rollback (&self->writer);
      return NULL;
    }
  return result;
}

static gpointer
start_body (DisDb         *db,
            DisCountArgs  *args,
            GError       **error)
{
  g_autoptr(DisStmt) insert = NULL;
  g_autoptr(DisStmt) lines = NULL;
  g_autoptr(DisCount) open = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  gint64 id;

  if (!_dis_store_check_acting (db, args->acting, DIS_PERMISSION_STOCK, error))
    return NULL;
  open = read_open_count (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (open != NULL)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("A count is open already: validate or abandon it first"));
      return NULL;
    }

  insert = _dis_db_prepare (db,
                            "INSERT INTO stock_counts (category, blind, started_at, started_by)"
                            " VALUES (?1, ?2, ?3, ?4) RETURNING id",
                            error);
  if (insert == NULL)
    return NULL;
  _dis_bind_text (insert, 1, args->category);
  sqlite3_bind_int (insert, 2, args->blind ? 1 : 0);
  _dis_bind_text (insert, 3, now);
  sqlite3_bind_int64 (insert, 4, dis_operator_get_id (args->acting));
  if (!_dis_db_step_returning (db, insert, error))
    return NULL;
  id = sqlite3_column_int64 (insert, 0);

  /* The scope is the catalog as it is now. */
  lines = _dis_db_prepare (db,
                           "INSERT INTO stock_count_lines (count_id, product_id)"
                           " SELECT ?1, id FROM products WHERE ?2 IS NULL OR category = ?2",
                           error);
  if (lines == NULL)
    return NULL;
  sqlite3_bind_int64 (lines, 1, id);
  _dis_bind_text (lines, 2, args->category);
  if (!_dis_db_step_done (db, lines, error))
    return NULL;
  if (sqlite3_changes (db->db) == 0)
    {
      if (args->category != NULL)
        g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("No product is in the category “%s”"),
                     args->category);
      else
        g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("There are no products to count"));
      return NULL;
    }
  return _dis_store_count_read (db, id, error);
}

DisCount *
dis_store_count_start (DisStore     *self,
                       DisOperator  *acting,
                       const char   *category,
                       gboolean      blind,
                       GError      **error)
{
  g_autoptr(DisCountArgs) args = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  args = _dis_count_args_new (acting, 0);
  args->category = category != NULL ? g_strstrip (g_strdup (category)) : NULL;
  if (args->category != NULL && *args->category == '\0')
    g_clear_pointer (&args->category, g_free);
  args->blind = blind;
  return _dis_store_count_write (self, start_body, args, error);
}

char *
_dis_count_qty_problem (const char *name,
                        const char *unit,
                        gint64      counted)
{
  if (counted < 0)
    return g_strdup (_("a counted quantity cannot be negative"));
  if (counted > DIS_QUANTITY_MAX)
    return g_strdup (_("a counted quantity is at most one million"));
  if (g_strcmp0 (unit, "piece") == 0 && counted % 1000 != 0)
    /* Translators: %s is a product */
    return g_strdup_printf (_("%s is counted in whole pieces"), name);
  return NULL;
}

char *
_dis_count_scope_problem (DisCount   *count,
                          const char *name,
                          const char *category)
{
  const char *scope = dis_count_get_category (count);

  if (scope == NULL || g_strcmp0 (scope, category) == 0)
    return NULL;
  /* Translators: "Caffè 250 g is not in this count (only Bevande)" */
  return g_strdup_printf (_("%s is not in this count (only %s)"), name, scope);
}

gboolean
_dis_store_count_write_line (DisDb       *db,
                             DisCount    *count,
                             gint64       product_id,
                             gint64       counted,
                             gint64       operator_id,
                             const char  *at,
                             GError     **error)
{
  g_autoptr(DisStmt) product = NULL;
  g_autoptr(DisStmt) upsert = NULL;
  g_autofree char *problem = NULL;
  gboolean has_row;

  g_assert (dis_count_get_state (count) == DIS_COUNT_OPEN);

  product = _dis_db_prepare (db, "SELECT name, unit, category FROM products WHERE id = ?1", error);
  if (product == NULL)
    return FALSE;
  sqlite3_bind_int64 (product, 1, product_id);
  if (!_dis_db_step_row (db, product, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("There is no such product"));
      return FALSE;
    }
  problem = _dis_count_scope_problem (count, (const char *) sqlite3_column_text (product, 0),
                                      (const char *) sqlite3_column_text (product, 2));
  if (problem == NULL)
    problem = _dis_count_qty_problem ((const char *) sqlite3_column_text (product, 0),
                                      (const char *) sqlite3_column_text (product, 1), counted);
  if (problem != NULL)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, problem);
      return FALSE;
    }

  /* The level now is what the shelf should hold at this moment: sales
   * after it are no difference. */
  upsert = _dis_db_prepare (db,
                            "INSERT INTO stock_count_lines (count_id, product_id, counted, expected,"
                            " counted_at, counted_by)"
                            " VALUES (?1, ?2, ?3,"
                            " coalesce ((SELECT qty FROM stock_levels WHERE product_id = ?2), 0), ?4, ?5)"
                            " ON CONFLICT (count_id, product_id) DO UPDATE SET counted = excluded.counted,"
                            " expected = excluded.expected, counted_at = excluded.counted_at,"
                            " counted_by = excluded.counted_by",
                            error);
  if (upsert == NULL)
    return FALSE;
  sqlite3_bind_int64 (upsert, 1, dis_count_get_id (count));
  sqlite3_bind_int64 (upsert, 2, product_id);
  sqlite3_bind_int64 (upsert, 3, counted);
  _dis_bind_text (upsert, 4, at);
  if (operator_id > 0)
    sqlite3_bind_int64 (upsert, 5, operator_id);
  return _dis_db_step_done (db, upsert, error);
}

static gpointer
record_body (DisDb         *db,
             DisCountArgs  *args,
             GError       **error)
{
  g_autoptr(DisCount) count = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *now = _dis_now_iso8601 ();

  if (!_dis_store_check_acting (db, args->acting, DIS_PERMISSION_STOCK, error))
    return NULL;
  count = _dis_store_count_read_open (db, args->count_id, error);
  if (count == NULL ||
      !_dis_store_count_write_line (db, count, args->product_id, args->qty,
                                    dis_operator_get_id (args->acting), now, error))
    return NULL;
  lines = read_lines (db, count, DIS_COUNT_LINES_ALL, args->product_id, error);
  if (lines == NULL)
    return NULL;
  g_assert (lines->len == 1);
  return g_object_ref (g_ptr_array_index (lines, 0));
}

DisCountLine *
dis_store_count_record (DisStore     *self,
                        DisOperator  *acting,
                        gint64        count_id,
                        gint64        product_id,
                        gint64        counted_milli,
                        GError      **error)
{
  g_autoptr(DisCountArgs) args = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  args = _dis_count_args_new (acting, count_id);
  args->product_id = product_id;
  args->qty = counted_milli;
  return _dis_store_count_write (self, record_body, args, error);
}

static gpointer
abandon_body (DisDb         *db,
              DisCountArgs  *args,
              GError       **error)
{
  g_autoptr(DisCount) count = NULL;
  g_autoptr(DisStmt) update = NULL;
  g_autofree char *now = _dis_now_iso8601 ();

  if (!_dis_store_check_acting (db, args->acting, DIS_PERMISSION_STOCK, error))
    return NULL;
  count = _dis_store_count_read_open (db, args->count_id, error);
  if (count == NULL)
    return NULL;
  update = _dis_db_prepare (db,
                            "UPDATE stock_counts SET state = 'abandoned', closed_at = ?2, closed_by = ?3"
                            " WHERE id = ?1",
                            error);
  if (update == NULL)
    return NULL;
  sqlite3_bind_int64 (update, 1, args->count_id);
  _dis_bind_text (update, 2, now);
  sqlite3_bind_int64 (update, 3, dis_operator_get_id (args->acting));
  if (!_dis_db_step_done (db, update, error))
    return NULL;
  return g_steal_pointer (&count);
}

gboolean
dis_store_count_abandon (DisStore     *self,
                         DisOperator  *acting,
                         gint64        count_id,
                         GError      **error)
{
  g_autoptr(DisCountArgs) args = NULL;
  g_autoptr(DisCount) count = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);

  args = _dis_count_args_new (acting, count_id);
  count = _dis_store_count_write (self, abandon_body, args, error);
  return count != NULL;
}

/* ---- For the UI thread ------------------------------------------------- */

static gpointer
start_func (DisStore *self, gpointer data, GError **error)
{
  DisCountArgs *args = data;

  return dis_store_count_start (self, args->acting, args->category, args->blind, error);
}

void
dis_store_count_start_async (DisStore            *self,
                             DisOperator         *acting,
                             const char          *category,
                             gboolean             blind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_start_async, TRUE, .func = start_func,
                                     .data_free = _dis_count_args_free, .result_free = g_object_unref };
  DisCountArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));

  args = _dis_count_args_new (acting, 0);
  args->category = g_strdup (category);
  args->blind = blind;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

DisCount *
dis_store_count_start_finish (DisStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_start_async, error);
}

static gpointer
get_open_func (DisStore *self, gpointer data, GError **error)
{
  return dis_store_count_get_open (self, error);
}

void
dis_store_count_get_open_async (DisStore            *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_get_open_async, FALSE, .func = get_open_func,
                                     .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

DisCount *
dis_store_count_get_open_finish (DisStore      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_get_open_async, error);
}

static gpointer
get_func (DisStore *self, gpointer data, GError **error)
{
  return dis_store_count_get (self, ((DisCountArgs *) data)->count_id, error);
}

void
dis_store_count_get_async (DisStore            *self,
                           gint64               count_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_get_async, FALSE, .func = get_func,
                                     .data_free = _dis_count_args_free, .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, _dis_count_args_new (NULL, count_id), cancellable, callback, user_data);
}

DisCount *
dis_store_count_get_finish (DisStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_get_async, error);
}

static gpointer
record_func (DisStore *self, gpointer data, GError **error)
{
  DisCountArgs *args = data;

  return dis_store_count_record (self, args->acting, args->count_id, args->product_id, args->qty, error);
}

void
dis_store_count_record_async (DisStore            *self,
                              DisOperator         *acting,
                              gint64               count_id,
                              gint64               product_id,
                              gint64               counted_milli,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_record_async, TRUE, .func = record_func,
                                     .data_free = _dis_count_args_free, .result_free = g_object_unref };
  DisCountArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));

  args = _dis_count_args_new (acting, count_id);
  args->product_id = product_id;
  args->qty = counted_milli;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

DisCountLine *
dis_store_count_record_finish (DisStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_record_async, error);
}

static gpointer
list_lines_func (DisStore *self, gpointer data, GError **error)
{
  DisCountArgs *args = data;

  return dis_store_count_list_lines (self, args->count_id, args->filter, error);
}

void
dis_store_count_list_lines_async (DisStore            *self,
                                  gint64               count_id,
                                  DisCountLinesFilter  filter,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_list_lines_async, FALSE, .func = list_lines_func,
                                     .data_free = _dis_count_args_free,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };
  DisCountArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));

  args = _dis_count_args_new (NULL, count_id);
  args->filter = filter;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

GPtrArray *
dis_store_count_list_lines_finish (DisStore      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_count_list_lines_async, error);
}

static gboolean
abandon_func (DisStore *self, gpointer data, GError **error)
{
  DisCountArgs *args = data;

  return dis_store_count_abandon (self, args->acting, args->count_id, error);
}

void
dis_store_count_abandon_async (DisStore            *self,
                               DisOperator         *acting,
                               gint64               count_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_count_abandon_async, TRUE, .bool_func = abandon_func,
                                     .data_free = _dis_count_args_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, _dis_count_args_new (acting, count_id), cancellable, callback, user_data);
}

gboolean
dis_store_count_abandon_finish (DisStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _dis_store_run_boolean_finish (self, result, dis_store_count_abandon_async, error);
}
