/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include "dis-store-sync-private.h"
#include "dis-sync.h"

/* The events the hub rejected: listed for the responsabile, and sent again
 * when asked, for when a later change (a member registered, the hub's
 * rules, a new enrolment) makes them acceptable. */

void
dis_dead_letter_free (DisDeadLetter *letter)
{
  if (letter == NULL)
    return;
  g_free (letter->event_id);
  g_free (letter->type);
  g_free (letter->receipt_no);
  g_clear_pointer (&letter->at, g_date_time_unref);
  g_free (letter->code);
  g_free (letter->message);
  g_free (letter);
}

GPtrArray *
dis_store_list_dead_letters (DisStore  *self,
                             GError   **error)
{
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_dead_letter_free);
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  /* In the order they were rejected. */
  stmt = _dis_db_prepare (&self->reader,
                          "SELECT id, type,"
                          " CASE WHEN type LIKE 'sale.%' THEN json_extract (payload, '$.receipt_no') END,"
                          " at, code, message FROM dead_letters ORDER BY rowid",
                          error);
  if (stmt == NULL)
    return NULL;
  while (_dis_db_step_row (&self->reader, stmt, &has_row, error))
    {
      DisDeadLetter *letter;

      if (!has_row)
        return g_steal_pointer (&letters);
      letter = g_new0 (DisDeadLetter, 1);
      letter->event_id = _dis_column_dup (stmt, 0);
      letter->type = _dis_column_dup (stmt, 1);
      if (sqlite3_column_type (stmt, 2) == SQLITE_TEXT)
        letter->receipt_no = _dis_column_dup (stmt, 2);
      letter->at = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 3));
      letter->code = _dis_column_dup (stmt, 4);
      letter->message = _dis_column_dup (stmt, 5);
      g_ptr_array_add (letters, letter);
    }
  return NULL;
}

/* ---- Retry ----------------------------------------------------------------- */

static char *
json_array_of (const char * const *values)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gint64
_dis_store_requeue_dead_letters (DisDb               *db,
                                 const char          *column,
                                 const char * const  *values,
                                 GError             **error)
{
  g_autoptr(DisStmt) insert = NULL;
  g_autoptr(DisStmt) delete = NULL;
  g_autofree char *list = values != NULL ? json_array_of (values) : NULL;
  gboolean by_id;
  gint64 moved;

  g_assert (g_str_equal (column, "id") || g_str_equal (column, "code"));
  by_id = g_str_equal (column, "id");

  /* ?1: the JSON array of values (NULL: every letter); ?2: by id or code.
   * Each keeps its id, device and seq: the hub sees the same event. */
#define WHICH " (?1 IS NULL OR (CASE WHEN ?2 THEN id ELSE code END) IN (SELECT value FROM json_each (?1)))"
  insert = _dis_db_prepare (db,
                            "INSERT INTO outbox (id, device, seq, type, at, payload, sale_id)"
                            " SELECT id, coalesce (device, json_extract (payload, '$.device'), '?'), seq, type,"
                            " at, payload, sale_id FROM dead_letters WHERE" WHICH
                            " ORDER BY rowid ON CONFLICT DO NOTHING",
                            error);
  delete = _dis_db_prepare (db,
                            "DELETE FROM dead_letters WHERE" WHICH
                            " AND id IN (SELECT id FROM outbox)",
                            error);
#undef WHICH
  if (insert == NULL || delete == NULL)
    return -1;
  _dis_bind_text (insert, 1, list);
  sqlite3_bind_int (insert, 2, by_id);
  if (!_dis_db_step_done (db, insert, error))
    return -1;
  _dis_bind_text (delete, 1, list);
  sqlite3_bind_int (delete, 2, by_id);
  if (!_dis_db_step_done (db, delete, error))
    return -1;
  moved = sqlite3_changes64 (db->db);
  if (moved > 0)
    g_message ("%" G_GINT64_FORMAT " rejected event(s) back in the outbox", moved);
  return moved;
}

gint64
dis_store_retry_dead_letters (DisStore            *self,
                              const char * const  *event_ids,
                              GError             **error)
{
  gint64 moved;

  g_return_val_if_fail (DIS_IS_STORE (self), -1);

  {
    DIS_DB_LOCK (&self->writer);

    if (!_dis_db_begin (&self->writer, error))
      return -1;
    moved = _dis_store_requeue_dead_letters (&self->writer, "id", event_ids, error);
    if (moved < 0 || !_dis_db_commit (&self->writer, error))
      {
        _dis_db_rollback (&self->writer);
        return -1;
      }
  }
  if (moved > 0)
    _dis_store_notify_outbox_changed (self);
  return moved;
}

/* ---- For the UI thread ----------------------------------------------------- */

static gpointer
list_dead_letters_func (DisStore  *store,
                        gpointer   data,
                        GError   **error)
{
  return dis_store_list_dead_letters (store, error);
}

void
dis_store_list_dead_letters_async (DisStore            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_list_dead_letters_async,
                                     .func = list_dead_letters_func,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_list_dead_letters_finish (DisStore      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_list_dead_letters_async, error);
}

/* The count travels as the task's pointer: 0 is NULL without an error. */
static gpointer
retry_dead_letters_func (DisStore  *store,
                         gpointer   data,
                         GError   **error)
{
  gint64 moved = dis_store_retry_dead_letters (store, data, error);

  return moved < 0 ? NULL : GSIZE_TO_POINTER ((gsize) moved);
}

void
dis_store_retry_dead_letters_async (DisStore            *self,
                                    const char * const  *event_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_retry_dead_letters_async, .write = TRUE,
                                     .func = retry_dead_letters_func,
                                     .data_free = (GDestroyNotify) g_strfreev };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, event_ids != NULL ? g_strdupv ((char **) event_ids) : NULL,
                        cancellable, callback, user_data);
}

gint64
dis_store_retry_dead_letters_finish (DisStore      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer moved = _dis_store_run_finish (self, result, dis_store_retry_dead_letters_async, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  return (gint64) GPOINTER_TO_SIZE (moved);
}
