/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-db"

#include "config.h"

#include <string.h>

#include "dis-hub-db-private.h"

/* The statements of the hub's database, whatever its engine: each call
 * goes to the backend; the cache of prepared statements is shared. */

DisHubStmt *
dis_hub_db_prepare (DisHubDb    *db,
                    const char  *sql,
                    GError     **error)
{
  DisHubStmt *stmt;

  g_return_val_if_fail (db != NULL && sql != NULL, NULL);

  stmt = db->backend->prepare (db, sql, error);
  if (stmt != NULL)
    stmt->db = db;
  return stmt;
}

DisHubStmt *
dis_hub_db_prepare_cached (DisHubDb    *db,
                           const char  *sql,
                           GError     **error)
{
  DisHubStmt *stmt;

  g_return_val_if_fail (db != NULL && sql != NULL, NULL);

  /* The SQL is nearly always a literal: found by its address, its few
   * hundred bytes are compared rather than hashed (a push looks up some
   * twenty statements per sale: g_str_hash was 3% of the hub's time in
   * issue 12's profile). Text at an address once another's is looked up
   * by its text; addresses of SQL built at run time are forgotten in
   * bulk, so they cannot pile up. */
  stmt = g_hash_table_lookup (db->addresses, sql);
  if (stmt == NULL || strcmp (stmt->cache_key, sql) != 0)
    {
      stmt = g_hash_table_lookup (db->cache, sql);
      if (stmt != NULL)
        {
          if (g_hash_table_size (db->addresses) > 4 * g_hash_table_size (db->cache) + 64)
            g_hash_table_remove_all (db->addresses);
          g_hash_table_insert (db->addresses, (gpointer) sql, stmt);
        }
    }
  if (stmt != NULL)
    {
      /* Out already (a query inside its own loop): a statement of its
       * own, freed on release. */
      if (stmt->in_use)
        return dis_hub_db_prepare (db, sql, error);
      stmt->in_use = TRUE;
      return stmt;
    }

  stmt = dis_hub_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  stmt->cache_key = g_strdup (sql);
  stmt->in_use = TRUE;
  g_hash_table_insert (db->cache, stmt->cache_key, stmt);
  g_hash_table_insert (db->addresses, (gpointer) sql, stmt);
  return stmt;
}

void
dis_hub_stmt_release (DisHubStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (stmt->cache_key == NULL)
    {
      dis_hub_stmt_free (stmt);
      return;
    }
  g_return_if_fail (stmt->in_use);
  dis_hub_stmt_clear (stmt);
  stmt->in_use = FALSE;
}

void
dis_hub_stmt_free (DisHubStmt *stmt)
{
  char *cache_key;

  if (stmt == NULL)
    return;
  /* The cache owns a cached statement: only its db frees it. */
  g_return_if_fail (stmt->cache_key == NULL || !stmt->in_use);

  cache_key = stmt->cache_key;
  stmt->db->backend->free (stmt);
  g_free (cache_key);
}

void
dis_hub_stmt_bind_int64 (DisHubStmt *stmt,
                         int         index,
                         gint64      value)
{
  g_return_if_fail (stmt != NULL);

  stmt->db->backend->bind_int64 (stmt, index, value);
}

void
dis_hub_stmt_bind_text (DisHubStmt *stmt,
                        int         index,
                        const char *text)
{
  g_return_if_fail (stmt != NULL);

  if (text == NULL)
    stmt->db->backend->bind_null (stmt, index);
  else
    stmt->db->backend->bind_text (stmt, index, text);
}

void
dis_hub_stmt_bind_null (DisHubStmt *stmt,
                        int         index)
{
  g_return_if_fail (stmt != NULL);

  stmt->db->backend->bind_null (stmt, index);
}

void
dis_hub_stmt_reset (DisHubStmt *stmt)
{
  g_return_if_fail (stmt != NULL);

  stmt->db->backend->reset (stmt);
}

void
dis_hub_stmt_clear (DisHubStmt *stmt)
{
  g_return_if_fail (stmt != NULL);

  stmt->db->backend->clear (stmt);
}

gboolean
dis_hub_db_step (DisHubDb    *db,
                 DisHubStmt  *stmt,
                 gboolean    *has_row,
                 GError     **error)
{
  g_return_val_if_fail (db != NULL && stmt != NULL && stmt->db == db && has_row != NULL, FALSE);

  return db->backend->step (db, stmt, has_row, error);
}

gboolean
dis_hub_db_step_done (DisHubDb    *db,
                      DisHubStmt  *stmt,
                      GError     **error)
{
  gboolean has_row;

  g_return_val_if_fail (db != NULL && stmt != NULL && stmt->db == db, FALSE);

  do
    if (!db->backend->step (db, stmt, &has_row, error))
      return FALSE;
  while (has_row);
  return TRUE;
}

gint64
dis_hub_db_changes (DisHubDb *db)
{
  g_return_val_if_fail (db != NULL, 0);

  return db->backend->changes (db);
}

int
dis_hub_stmt_column_count (DisHubStmt *stmt)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return stmt->db->backend->column_count (stmt);
}

const char *
dis_hub_stmt_column_name (DisHubStmt *stmt,
                          int         column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return stmt->db->backend->column_name (stmt, column);
}

DisHubColumnType
dis_hub_stmt_column_type (DisHubStmt *stmt,
                          int         column)
{
  g_return_val_if_fail (stmt != NULL, DIS_HUB_COLUMN_NULL);

  return stmt->db->backend->column_type (stmt, column);
}

gboolean
dis_hub_stmt_column_is_null (DisHubStmt *stmt,
                             int         column)
{
  g_return_val_if_fail (stmt != NULL, TRUE);

  return stmt->db->backend->column_is_null (stmt, column);
}

gint64
dis_hub_stmt_column_int64 (DisHubStmt *stmt,
                           int         column)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return stmt->db->backend->column_int64 (stmt, column);
}

const char *
dis_hub_stmt_column_text (DisHubStmt *stmt,
                          int         column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return stmt->db->backend->column_text (stmt, column);
}

char *
dis_hub_column_dup (DisHubStmt *stmt,
                    int         column)
{
  return g_strdup (dis_hub_stmt_column_text (stmt, column));
}

char *
dis_hub_utc_key (const char *at)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (at != NULL, NULL);

  /* The codec lets only a readable time through; should that ever
   * differ, the text itself still orders something. */
  parsed = g_date_time_new_from_iso8601 (at, NULL);
  if (parsed == NULL || (utc = g_date_time_to_utc (parsed)) == NULL)
    return g_strdup (at);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}
