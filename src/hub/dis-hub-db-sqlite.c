/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-db"

#include "config.h"

#include "dis-hub-db-private.h"
#include "dis-sqlite.h"

/* The SQLite backend of the hub's statement API: a thin layer over the
 * shared helpers of dis-sqlite.h. */

typedef struct
{
  DisHubDb    parent;
  sqlite3    *handle;
  GHashTable *control;  /* text → sqlite3_stmt of the transaction statements */
} SqliteDb;

typedef struct
{
  DisHubStmt    parent;
  sqlite3_stmt *stmt;
} SqliteStmt;

#define HANDLE(db) (((SqliteDb *) (db))->handle)
#define STMT(stmt) (((SqliteStmt *) (stmt))->stmt)

/* A failure of the connection's last call, as DisHubError: violations
 * of a key are CONFLICT, so callers can tell them apart. @message is
 * SQLite's (NULL: the connection's). */
static gboolean
sqlite_fail (DisHubDb    *db,
             const char  *message,
             GError     **error)
{
  int code = sqlite3_extended_errcode (HANDLE (db));

  if (message == NULL)
    message = sqlite3_errmsg (HANDLE (db));
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_CONFLICT, "database: %s", message);
  else
    _dis_hub_db_fail (error, message);
  return FALSE;
}

static DisHubStmt *
sqlite_prepare (DisHubDb    *db,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = dis_sqlite_prepare (HANDLE (db), _dis_hub_db_fail, sql, 0, error);
  SqliteStmt *self;

  if (stmt == NULL)
    return NULL;
  self = g_new0 (SqliteStmt, 1);
  self->stmt = stmt;
  return &self->parent;
}

static void
sqlite_free (DisHubStmt *stmt)
{
  sqlite3_finalize (STMT (stmt));
  g_free (stmt);
}

static void
sqlite_bind_int64 (DisHubStmt *stmt,
                   int         index,
                   gint64      value)
{
  sqlite3_bind_int64 (STMT (stmt), index, value);
}

static void
sqlite_bind_text (DisHubStmt *stmt,
                  int         index,
                  const char *text)
{
  dis_sqlite_bind_text (STMT (stmt), index, text);
}

static void
sqlite_bind_null (DisHubStmt *stmt,
                  int         index)
{
  sqlite3_bind_null (STMT (stmt), index);
}

static void
sqlite_reset (DisHubStmt *stmt)
{
  sqlite3_reset (STMT (stmt));
}

static void
sqlite_clear (DisHubStmt *stmt)
{
  sqlite3_reset (STMT (stmt));
  sqlite3_clear_bindings (STMT (stmt));
}

static gboolean
sqlite_step (DisHubDb    *db,
             DisHubStmt  *stmt,
             gboolean    *has_row,
             GError     **error)
{
  int rc = sqlite3_step (STMT (stmt));

  *has_row = (rc == SQLITE_ROW);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sqlite_fail (db, NULL, error);
  return TRUE;
}

static gint64
sqlite_changes (DisHubDb *db)
{
  return sqlite3_changes (HANDLE (db));
}

static int
sqlite_column_count (DisHubStmt *stmt)
{
  return sqlite3_column_count (STMT (stmt));
}

static const char *
sqlite_column_name (DisHubStmt *stmt,
                    int         column)
{
  return sqlite3_column_name (STMT (stmt), column);
}

static gboolean
sqlite_column_is_null (DisHubStmt *stmt,
                       int         column)
{
  return sqlite3_column_type (STMT (stmt), column) == SQLITE_NULL;
}

static gint64
sqlite_column_int64 (DisHubStmt *stmt,
                     int         column)
{
  return sqlite3_column_int64 (STMT (stmt), column);
}

static const char *
sqlite_column_text (DisHubStmt *stmt,
                    int         column)
{
  return (const char *) sqlite3_column_text (STMT (stmt), column);
}

static DisHubColumnType
sqlite_column_type (DisHubStmt *stmt,
                    int         column)
{
  switch (sqlite3_column_type (STMT (stmt), column))
    {
    case SQLITE_NULL:
      return DIS_HUB_COLUMN_NULL;
    case SQLITE_INTEGER:
      return DIS_HUB_COLUMN_INTEGER;
    default:
      return DIS_HUB_COLUMN_TEXT;
    }
}

/* BEGIN, COMMIT and the savepoints run for every batch and every group:
 * kept prepared, since preparing one costs the writer a parser (a large
 * allocation, and glibc consolidating its bins; issue 12's profile). */
static gboolean
is_control (const char *sql)
{
  return g_str_has_prefix (sql, "BEGIN") || g_str_equal (sql, "COMMIT") ||
         g_str_has_prefix (sql, "SAVEPOINT ") || g_str_has_prefix (sql, "RELEASE SAVEPOINT ");
}

static void
finalize_control (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gboolean
sqlite_exec (DisHubDb    *db,
             const char  *sql,
             GError     **error)
{
  SqliteDb *self = (SqliteDb *) db;
  char *message = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!is_control (sql))
    {
      if (sqlite3_exec (HANDLE (db), sql, NULL, NULL, &message) == SQLITE_OK)
        return TRUE;
      sqlite_fail (db, message, error);
      sqlite3_free (message);
      return FALSE;
    }
  stmt = g_hash_table_lookup (self->control, sql);
  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (HANDLE (db), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        return sqlite_fail (db, NULL, error);
      g_hash_table_insert (self->control, g_strdup (sql), stmt);
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    sqlite_fail (db, NULL, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static void
sqlite_close (DisHubDb *db)
{
  g_hash_table_destroy (((SqliteDb *) db)->control);
  /* Checkpoint so the file is whole on its own after a clean shutdown. */
  sqlite3_exec (HANDLE (db), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  if (sqlite3_close (HANDLE (db)) != SQLITE_OK)
    g_warning ("database not closed cleanly: %s", sqlite3_errmsg (HANDLE (db)));
  g_free (db);
}

static gboolean
sqlite_begin (DisHubDb  *db,
              GError   **error)
{
  /* The write lock at once: a deferred transaction that reads first may
   * fail to upgrade with SQLITE_BUSY, past the busy timeout's help. */
  return sqlite_exec (db, "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_in_transaction (DisHubDb *db)
{
  return !sqlite3_get_autocommit (HANDLE (db));
}

static gboolean
sqlite_get_version (DisHubDb  *db,
                    gint64    *out_version,
                    GError   **error)
{
  return dis_sqlite_get_user_version (HANDLE (db), _dis_hub_db_fail, out_version, error);
}

static gboolean
sqlite_set_version (DisHubDb  *db,
                    gint64     version,
                    GError   **error)
{
  /* The version is a number of ours, never text from outside. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version);

  return sqlite_exec (db, sql, error);
}

static const DisHubDbBackend sqlite_backend = {
  .prepare = sqlite_prepare,
  .free = sqlite_free,
  .bind_int64 = sqlite_bind_int64,
  .bind_text = sqlite_bind_text,
  .bind_null = sqlite_bind_null,
  .reset = sqlite_reset,
  .clear = sqlite_clear,
  .step = sqlite_step,
  .changes = sqlite_changes,
  .column_count = sqlite_column_count,
  .column_name = sqlite_column_name,
  .column_is_null = sqlite_column_is_null,
  .column_int64 = sqlite_column_int64,
  .column_text = sqlite_column_text,
  .exec = sqlite_exec,
  .close = sqlite_close,
  .column_type = sqlite_column_type,
  .begin = sqlite_begin,
  .in_transaction = sqlite_in_transaction,
  .get_version = sqlite_get_version,
  .set_version = sqlite_set_version,
};

DisHubDb *
_dis_hub_db_sqlite_open (const char  *path,
                         gboolean     create,
                         gboolean     one_thread,
                         GError     **error)
{
  g_autofree char *message = NULL;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | (one_thread ? SQLITE_OPEN_NOMUTEX : 0);
  sqlite3 *handle = dis_sqlite_open (path, flags, &message);
  SqliteDb *self;

  if (handle == NULL)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB, "cannot open %s: %s", path, message);
      return NULL;
    }
  sqlite3_busy_timeout (handle, DIS_HUB_DB_SQLITE_BUSY_MS);

  self = g_new0 (SqliteDb, 1);
  self->handle = handle;
  self->control = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_control);
  _dis_hub_db_init (&self->parent, &sqlite_backend, DIS_HUB_ENGINE_SQLITE);
  /* A push writes some thirty pages per event (the rows and every index
   * they sit in, keyed by random ids) under a savepoint per event: the
   * savepoints' journals stay in memory instead of a temporary file
   * opened, written and deleted for each event, and a batch's pages fit
   * in the cache instead of spilling to the WAL and being read back
   * before the commit (issue 12's profile). */
  if (!sqlite_exec (&self->parent, "PRAGMA journal_mode = WAL", error) ||
      !sqlite_exec (&self->parent, "PRAGMA foreign_keys = ON", error) ||
      !sqlite_exec (&self->parent, "PRAGMA temp_store = MEMORY", error) ||
      !sqlite_exec (&self->parent, "PRAGMA cache_size = -32768", error))
    {
      dis_hub_db_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}

sqlite3 *
_dis_hub_db_sqlite_get_handle (DisHubDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);

  if (db->engine != DIS_HUB_ENGINE_SQLITE)
    return NULL;
  return HANDLE (db);
}

gboolean
_dis_hub_db_sqlite_plain_checks (DisHubDb  *db,
                                 GError   **error)
{
  /* Each as version 1 to 9 wrote it, and as it becomes. */
  static const struct { const char *table, *in, *or; } checks[] = {
    { "hub_sales", "tier IN ('accessibile', 'impegno', 'equa', 'solidale')",
      "(tier = 'accessibile' OR tier = 'impegno' OR tier = 'equa' OR tier = 'solidale')" },
    { "hub_sales", "review_state IN ('none', 'pending', 'accepted', 'rejected')",
      "(review_state = 'none' OR review_state = 'pending' OR review_state = 'accepted'"
      " OR review_state = 'rejected')" },
    { "hub_sale_lines", "unit IN ('piece', 'kg', 'l')",
      "(unit = 'piece' OR unit = 'kg' OR unit = 'l')" },
    { "hub_sale_lines", "vat_rate IN (4, 5, 10, 22)",
      "(vat_rate = 4 OR vat_rate = 5 OR vat_rate = 10 OR vat_rate = 22)" },
    { "hub_payments", "method IN ('cash', 'card', 'other')",
      "(method = 'cash' OR method = 'card' OR method = 'other')" },
    { "hub_stock_movements", "kind IN ('receive', 'adjust', 'waste', 'transfer', 'sale', 'refund')",
      "(kind = 'receive' OR kind = 'adjust' OR kind = 'waste' OR kind = 'transfer' OR kind = 'sale'"
      " OR kind = 'refund')" },
  };
  g_autoptr(DisHubStmt) version = NULL;
  g_autoptr(DisHubStmt) update = NULL;
  g_autoptr(DisHubStmt) reread = NULL;
  g_autofree char *bump = NULL;
  gboolean has_row, ok = FALSE;

  g_return_val_if_fail (db != NULL && dis_hub_db_get_engine (db) == DIS_HUB_ENGINE_SQLITE, FALSE);
  g_return_val_if_fail (dis_hub_db_in_transaction (db), FALSE);

  version = dis_hub_db_prepare (db, "PRAGMA schema_version", error);
  if (version == NULL || !dis_hub_db_step (db, version, &has_row, error))
    return FALSE;
  g_assert (has_row);
  /* Other connections read the schema again when its version moves. */
  bump = g_strdup_printf ("PRAGMA schema_version = %" G_GINT64_FORMAT, dis_hub_stmt_column_int64 (version, 0) + 1);
  g_clear_pointer (&version, dis_hub_stmt_free);

  if (!sqlite_exec (db, "PRAGMA writable_schema = ON", error))
    return FALSE;
  update = dis_hub_db_prepare (db,
                               "UPDATE sqlite_schema SET sql = replace (sql, ?2, ?3)"
                               " WHERE type = 'table' AND name = ?1 AND instr (sql, ?2) > 0",
                               error);
  if (update == NULL)
    goto out;
  for (gsize i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      dis_hub_stmt_reset (update);
      dis_hub_stmt_bind_text (update, 1, checks[i].table);
      dis_hub_stmt_bind_text (update, 2, checks[i].in);
      dis_hub_stmt_bind_text (update, 3, checks[i].or);
      if (!dis_hub_db_step_done (db, update, error))
        goto out;
      if (dis_hub_db_changes (db) != 1)
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB,
                       "database: table %s has no CHECK (%s) as this hub wrote it", checks[i].table, checks[i].in);
          goto out;
        }
    }
  ok = sqlite_exec (db, bump, error);

out:
  g_clear_pointer (&update, dis_hub_stmt_free);
  if (!sqlite_exec (db, "PRAGMA writable_schema = OFF", ok ? error : NULL))
    ok = FALSE;
  if (!ok)
    return FALSE;
  /* Read back now, in the migration's transaction: text SQLite cannot
   * parse fails the migration, which puts the old text back. */
  reread = dis_hub_db_prepare (db, "SELECT 1 FROM hub_sales, hub_sale_lines, hub_payments, hub_stock_movements"
                                   " WHERE 0", error);
  return reread != NULL;
}
