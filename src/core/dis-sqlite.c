/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sqlite"

#include "config.h"

#include "dis-sqlite.h"

gboolean
dis_sqlite_error (sqlite3        *db,
                  DisSqliteFail   fail,
                  GError        **error)
{
  g_assert (fail != NULL);

  if (error != NULL)
    fail (error, sqlite3_errmsg (db));
  return FALSE;
}

/* Every `x IN ('a', 'b', 'c')` CHECK of a table (the hub's and the
 * store's have many) runs as an ephemeral table built again for each row
 * inserted, and SQLite gives each such table a first page cache of 20
 * pages in one block. Freed at the statement's end, that block is handed
 * back to the kernel by malloc every time (a shrinking brk, a TLB flush
 * on every core, page faults on the next row): measured, ten times the
 * cost of the insert itself. Without the bulk block a page cache takes
 * its pages one by one, and malloc keeps them. Only possible before
 * SQLite initializes; once that happened elsewhere in the process, the
 * call fails and changes nothing. */
static void
configure_sqlite (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      sqlite3_config (SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
      /* Nothing reads SQLite's memory statistics (no soft heap limit
       * either), and keeping them takes a process-wide mutex around
       * every allocation SQLite makes: a few per row written. */
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&once, 1);
    }
}

sqlite3 *
dis_sqlite_open (const char  *path,
                 int          flags,
                 char       **out_message)
{
  sqlite3 *db = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  configure_sqlite ();

  if (sqlite3_open_v2 (path, &db, flags, NULL) == SQLITE_OK)
    return db;

  /* SQLite hands out a connection even when it fails, for the message. */
  if (out_message != NULL)
    *out_message = g_strdup (db != NULL ? sqlite3_errmsg (db) : "out of memory");
  sqlite3_close (db);
  return NULL;
}

gboolean
dis_sqlite_exec (sqlite3        *db,
                 DisSqliteFail   fail,
                 const char     *sql,
                 GError        **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;

  if (error != NULL)
    fail (error, message != NULL ? message : sqlite3_errmsg (db));
  sqlite3_free (message);
  return FALSE;
}

sqlite3_stmt *
dis_sqlite_prepare (sqlite3        *db,
                    DisSqliteFail   fail,
                    const char     *sql,
                    unsigned int    prepare_flags,
                    GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (db, sql, -1, prepare_flags, &stmt, NULL) != SQLITE_OK)
    {
      dis_sqlite_error (db, fail, error);
      return NULL;
    }
  return stmt;
}

gboolean
dis_sqlite_step_row (sqlite3        *db,
                     DisSqliteFail   fail,
                     sqlite3_stmt   *stmt,
                     gboolean       *has_row,
                     GError        **error)
{
  int rc = sqlite3_step (stmt);

  *has_row = (rc == SQLITE_ROW);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return dis_sqlite_error (db, fail, error);
  return TRUE;
}

gboolean
dis_sqlite_step_done (sqlite3        *db,
                      DisSqliteFail   fail,
                      sqlite3_stmt   *stmt,
                      GError        **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return dis_sqlite_error (db, fail, error);
  return TRUE;
}

void
dis_sqlite_rollback (sqlite3 *db)
{
  /* A failed statement may already have rolled the transaction back. */
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

void
dis_sqlite_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
dis_sqlite_column_dup (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
dis_sqlite_get_user_version (sqlite3        *db,
                             DisSqliteFail   fail,
                             gint64         *out_version,
                             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_sqlite_prepare (db, fail, "PRAGMA user_version", 0, error);
  if (stmt == NULL || !dis_sqlite_step_row (db, fail, stmt, &has_row, error))
    return FALSE;
  *out_version = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

gboolean
dis_sqlite_migrate (sqlite3        *db,
                    DisSqliteFail   fail,
                    const char     *sql,
                    gint64          version,
                    GError        **error)
{
  /* The version is a number of ours, never text from outside. */
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version);

  if (!dis_sqlite_exec (db, fail, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!dis_sqlite_exec (db, fail, sql, error) ||
      !dis_sqlite_exec (db, fail, set_version, error) ||
      !dis_sqlite_exec (db, fail, "COMMIT", error))
    {
      dis_sqlite_rollback (db);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char              *path;
  DisSqliteOpenFunc  open;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  gpointer object = data->open (data->path, &error);

  if (object == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, object, g_object_unref);
}

void
dis_sqlite_open_in_thread (const char          *path,
                           DisSqliteOpenFunc    open,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (open != NULL);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->open = open;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

gpointer
dis_sqlite_open_in_thread_finish (GAsyncResult  *result,
                                  gpointer       source_tag,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
