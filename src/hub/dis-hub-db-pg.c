/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-db"

#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "dis-hub-db-private.h"
#include "dis-hub-dialect.h"

/* The PostgreSQL backend of the hub's statement API (issue 12), on
 * libpq. A statement's SQL is translated once (?N → $N); it runs at its
 * first step with the bound values as text, PostgreSQL inferring their
 * types, and its rows are walked from the result. A statement run a
 * second time (reset, bound again) is prepared on the server then, so
 * the cached ones cost one round trip per run and one-off ones never
 * two. A connection the server dropped (a restart) is reset before the
 * next transaction; its statements are prepared again when next run. */

#define OID_BOOL 16
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25

typedef struct
{
  DisHubDb  parent;
  PGconn   *conn;
  gint64    changes;
  guint     n_names;      /* server-side statements named so far */
  guint     generation;   /* bumped by every reset of the connection */
} PgDb;

typedef struct
{
  DisHubStmt  parent;
  char       *sql;        /* with $N */
  int         n_params;
  Oid        *types;      /* 0 (inferred) for a parameter the SQL names, else text */
  char      **values;     /* @n_params bound values, NULL for NULL */
  char       *name;       /* prepared on the server, or NULL */
  guint       generation; /* of the connection that prepared @name */
  guint       n_runs;
  PGresult   *result;     /* of the run under way */
  PGresult   *described;  /* the columns, asked for before a run */
  int         row;        /* the current row in @result, -1 before the first */
} PgStmt;

#define PG(db) ((PgDb *) (db))
#define PG_STMT(stmt) ((PgStmt *) (stmt))

/* SQLSTATE of a unique or primary key violation. */
#define SQLSTATE_UNIQUE "23505"

static void
pg_fail_result (PGresult  *result,
                PgDb      *db,
                GError   **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? PQresultErrorMessage (result) : "";
  g_autofree char *text = NULL;

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (db->conn);
  text = g_strstrip (g_strdup (message));
  if (g_strcmp0 (state, SQLSTATE_UNIQUE) == 0)
    g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_CONFLICT, "database: %s", text);
  else
    _dis_hub_db_fail (error, text);
}

/* Resets a connection the server dropped. Only between transactions:
 * one that was open is lost with it, and its owner learnt that from the
 * statement that failed. */
static void pg_reconnect (PgDb *db);

static void
pg_revive (PgDb *db)
{
  if (PQstatus (db->conn) != CONNECTION_BAD)
    return;
  pg_reconnect (db);
}

/* Whether @result failed because the connection went, not the SQL: no
 * SQLSTATE, or a connection (08) or shutdown (57) one. libpq does not
 * always mark the connection bad when the server closed it. */
static gboolean
pg_connection_lost (PgDb           *db,
                    const PGresult *result)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;

  return PQstatus (db->conn) == CONNECTION_BAD || state == NULL ||
         g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57");
}

static void
pg_reconnect (PgDb *db)
{
  /* A server restarting refuses connections for a moment: wait for it,
   * a little (it is down anyway, and the statement would fail). */
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      PQreset (db->conn);
      if (PQstatus (db->conn) == CONNECTION_OK)
        break;
      g_usleep (100 * 1000);
    }
  db->generation++;
  if (PQstatus (db->conn) == CONNECTION_OK)
    g_message ("reconnected to PostgreSQL");
}

static gboolean
pg_command_ok (PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

static gboolean
pg_exec (DisHubDb    *db,
         const char  *sql,
         GError     **error)
{
  PGresult *result;
  gboolean ok;

  if (PQtransactionStatus (PG (db)->conn) == PQTRANS_IDLE || PQstatus (PG (db)->conn) == CONNECTION_BAD)
    pg_revive (PG (db));
  result = PQexec (PG (db)->conn, sql);
  ok = pg_command_ok (result);
  /* A COMMIT of a transaction a statement broke is a ROLLBACK, without
   * an error: the caller must hear that nothing was kept. */
  if (ok && g_ascii_strcasecmp (sql, "COMMIT") == 0 && g_strcmp0 (PQcmdStatus (result), "ROLLBACK") == 0)
    {
      _dis_hub_db_fail (error, "the transaction was rolled back after an error");
      ok = FALSE;
    }
  else if (!ok)
    pg_fail_result (result, PG (db), error);
  PQclear (result);
  return ok;
}

static DisHubStmt *
pg_prepare (DisHubDb    *db,
            const char  *sql,
            GError     **error)
{
  PgStmt *self = g_new0 (PgStmt, 1);
  g_autofree gboolean *used = NULL;

  self->sql = dis_hub_dialect_placeholders (sql, &self->n_params, &used);
  self->values = g_new0 (char *, MAX (self->n_params, 1));
  self->types = g_new0 (Oid, MAX (self->n_params, 1));
  for (int i = 0; i < self->n_params; i++)
    self->types[i] = used[i] ? 0 : OID_TEXT;
  self->row = -1;
  return &self->parent;
}

static void
pg_stmt_end_run (PgStmt *self)
{
  g_clear_pointer (&self->result, PQclear);
  self->row = -1;
}

static void
pg_free (DisHubStmt *stmt)
{
  PgStmt *self = PG_STMT (stmt);
  PgDb *db = PG (stmt->db);

  pg_stmt_end_run (self);
  g_clear_pointer (&self->described, PQclear);
  if (self->name != NULL && self->generation == db->generation && PQstatus (db->conn) == CONNECTION_OK &&
      PQtransactionStatus (db->conn) != PQTRANS_INERROR)
    {
      g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", self->name);

      PQclear (PQexec (db->conn, sql));
    }
  for (int i = 0; i < self->n_params; i++)
    g_free (self->values[i]);
  g_free (self->values);
  g_free (self->types);
  g_free (self->name);
  g_free (self->sql);
  g_free (self);
}

static void
pg_bind_text (DisHubStmt *stmt,
              int         index,
              const char *text)
{
  PgStmt *self = PG_STMT (stmt);

  /* As on SQLite (SQLITE_RANGE, unchecked by the API): a value for a
   * parameter the SQL does not have goes nowhere. */
  if (index < 1 || index > self->n_params)
    return;
  g_free (self->values[index - 1]);
  self->values[index - 1] = g_strdup (text);
}

static void
pg_bind_int64 (DisHubStmt *stmt,
               int         index,
               gint64      value)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  pg_bind_text (stmt, index, text);
}

static void
pg_bind_null (DisHubStmt *stmt,
              int         index)
{
  pg_bind_text (stmt, index, NULL);
}

static void
pg_reset (DisHubStmt *stmt)
{
  pg_stmt_end_run (PG_STMT (stmt));
}

static void
pg_clear (DisHubStmt *stmt)
{
  PgStmt *self = PG_STMT (stmt);

  pg_stmt_end_run (self);
  for (int i = 0; i < self->n_params; i++)
    g_clear_pointer (&self->values[i], g_free);
}

/* Runs the statement: the first run directly, later ones prepared. */
static PGresult *
pg_run (PgDb   *db,
        PgStmt *self)
{
  const char * const *values = (const char * const *) self->values;

  if (self->name != NULL && self->generation != db->generation)
    g_clear_pointer (&self->name, g_free);
  if (self->name == NULL && self->n_runs > 0)
    {
      g_autofree char *name = g_strdup_printf ("dis_%u", ++db->n_names);
      PGresult *prepared = PQprepare (db->conn, name, self->sql, self->n_params, self->types);

      if (PQresultStatus (prepared) != PGRES_COMMAND_OK)
        return prepared;
      PQclear (prepared);
      self->name = g_steal_pointer (&name);
      self->generation = db->generation;
    }
  self->n_runs++;
  if (self->name != NULL)
    return PQexecPrepared (db->conn, self->name, self->n_params, values, NULL, NULL, 0);
  return PQexecParams (db->conn, self->sql, self->n_params, self->types, values, NULL, NULL, 0);
}

static void
pg_count_changes (PgDb     *db,
                  PGresult *result)
{
  const char *status = PQcmdStatus (result);

  /* As sqlite3_changes(): only what wrote rows counts. */
  if (g_str_has_prefix (status, "INSERT") || g_str_has_prefix (status, "UPDATE") ||
      g_str_has_prefix (status, "DELETE"))
    db->changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
}

static gboolean
pg_step (DisHubDb    *db,
         DisHubStmt  *stmt,
         gboolean    *has_row,
         GError     **error)
{
  PgStmt *self = PG_STMT (stmt);

  *has_row = FALSE;
  if (self->result == NULL)
    {
      gboolean idle = PQtransactionStatus (PG (db)->conn) == PQTRANS_IDLE;

      if (idle || PQstatus (PG (db)->conn) == CONNECTION_BAD)
        pg_revive (PG (db));
      self->result = pg_run (PG (db), self);
      /* A connection only learns that the server restarted from the
       * statement that fails. A read outside a transaction (a worker's
       * pool connection) is safe to run again on the reset one; a write
       * is not: its caller hears of the failure. */
      if (!pg_command_ok (self->result) && idle && pg_connection_lost (PG (db), self->result) &&
          g_ascii_strncasecmp (self->sql, "SELECT", 6) == 0)
        {
          pg_stmt_end_run (self);
          pg_reconnect (PG (db));
          self->result = pg_run (PG (db), self);
        }
      if (!pg_command_ok (self->result))
        {
          pg_fail_result (self->result, PG (db), error);
          pg_stmt_end_run (self);
          return FALSE;
        }
      pg_count_changes (PG (db), self->result);
    }
  if (self->row + 1 < PQntuples (self->result))
    {
      self->row++;
      *has_row = TRUE;
    }
  return TRUE;
}

static gint64
pg_changes (DisHubDb *db)
{
  return PG (db)->changes;
}

/* The columns are known before the first step too, as with SQLite. */
static const PGresult *
pg_columns (PgStmt *self)
{
  PgDb *db = PG (self->parent.db);

  if (self->result != NULL)
    return self->result;
  if (self->described == NULL)
    {
      g_autofree char *name = g_strdup_printf ("dis_%u", ++db->n_names);
      PGresult *prepared = PQprepare (db->conn, name, self->sql, self->n_params, self->types);

      if (PQresultStatus (prepared) == PGRES_COMMAND_OK)
        {
          g_free (self->name);
          self->name = g_steal_pointer (&name);
          self->generation = db->generation;
          self->described = PQdescribePrepared (db->conn, self->name);
        }
      PQclear (prepared);
    }
  return self->described;
}

static int
pg_column_count (DisHubStmt *stmt)
{
  const PGresult *result = pg_columns (PG_STMT (stmt));

  return result != NULL ? PQnfields (result) : 0;
}

static const char *
pg_column_name (DisHubStmt *stmt,
                int         column)
{
  const PGresult *result = pg_columns (PG_STMT (stmt));

  return result != NULL ? PQfname (result, column) : NULL;
}

static gboolean
pg_column_is_null (DisHubStmt *stmt,
                   int         column)
{
  PgStmt *self = PG_STMT (stmt);

  g_assert (self->result != NULL && self->row >= 0);
  return PQgetisnull (self->result, self->row, column);
}

static const char *
pg_column_text (DisHubStmt *stmt,
                int         column)
{
  PgStmt *self = PG_STMT (stmt);
  const char *value;

  g_assert (self->result != NULL && self->row >= 0);
  if (PQgetisnull (self->result, self->row, column))
    return NULL;
  value = PQgetvalue (self->result, self->row, column);
  /* A comparison is 1 or 0 on SQLite; so it reads here. */
  if (PQftype (self->result, column) == OID_BOOL)
    return value[0] == 't' ? "1" : "0";
  return value;
}

static gint64
pg_column_int64 (DisHubStmt *stmt,
                 int         column)
{
  const char *text = pg_column_text (stmt, column);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static DisHubColumnType
pg_column_type (DisHubStmt *stmt,
                int         column)
{
  PgStmt *self = PG_STMT (stmt);

  if (pg_column_is_null (stmt, column))
    return DIS_HUB_COLUMN_NULL;
  switch (PQftype (self->result, column))
    {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
      return DIS_HUB_COLUMN_INTEGER;
    default:
      return DIS_HUB_COLUMN_TEXT;
    }
}

static void
pg_close (DisHubDb *db)
{
  PQfinish (PG (db)->conn);
  g_free (db);
}

static gboolean
pg_begin (DisHubDb  *db,
          GError   **error)
{
  /* A BEGIN changes nothing: after a restart of the server it is safe to
   * send again on the reset connection. */
  if (!pg_exec (db, "BEGIN", NULL))
    {
      /* Only a lost connection fails a BEGIN; libpq may not know yet. */
      pg_reconnect (PG (db));
      if (!pg_exec (db, "BEGIN", error))
        return FALSE;
    }
  if (!pg_exec (db, DIS_HUB_DIALECT_PG_WRITE_LOCK, error))
    {
      PQclear (PQexec (PG (db)->conn, "ROLLBACK"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_in_transaction (DisHubDb *db)
{
  PGTransactionStatusType status = PQtransactionStatus (PG (db)->conn);

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

/* One value of a query without parameters; FALSE on an error or no row. */
static gboolean
pg_value (PgDb        *db,
          const char  *sql,
          char       **out_value,
          GError     **error)
{
  PGresult *result = PQexec (db->conn, sql);
  gboolean ok = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1;

  if (!ok)
    pg_fail_result (result, db, error);
  else
    *out_value = PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return ok;
}

static gboolean
pg_get_version (DisHubDb  *db,
                gint64    *out_version,
                GError   **error)
{
  g_autofree char *table = NULL, *version = NULL;

  /* A new database has not even the table. */
  if (!pg_value (PG (db), "SELECT to_regclass ('dis_hub_schema')", &table, error))
    return FALSE;
  *out_version = 0;
  if (table == NULL)
    return TRUE;
  if (!pg_value (PG (db), "SELECT version FROM dis_hub_schema", &version, error))
    return FALSE;
  *out_version = g_ascii_strtoll (version, NULL, 10);
  return TRUE;
}

static gboolean
pg_set_version (DisHubDb  *db,
                gint64     version,
                GError   **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE dis_hub_schema SET version = %" G_GINT64_FORMAT, version);

  return pg_exec (db, sql, error);
}

static const DisHubDbBackend pg_backend = {
  .prepare = pg_prepare,
  .free = pg_free,
  .bind_int64 = pg_bind_int64,
  .bind_text = pg_bind_text,
  .bind_null = pg_bind_null,
  .reset = pg_reset,
  .clear = pg_clear,
  .step = pg_step,
  .changes = pg_changes,
  .column_count = pg_column_count,
  .column_name = pg_column_name,
  .column_is_null = pg_column_is_null,
  .column_int64 = pg_column_int64,
  .column_text = pg_column_text,
  .exec = pg_exec,
  .close = pg_close,
  .column_type = pg_column_type,
  .begin = pg_begin,
  .in_transaction = pg_in_transaction,
  .get_version = pg_get_version,
  .set_version = pg_set_version,
};

/* Notices (an identity's sequence created, …) are not the hub's news. */
static void
pg_notice (void       *data,
           const char *message)
{
  g_debug ("%s", message);
}

gboolean
_dis_hub_db_is_pg_location (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

DisHubDb *
_dis_hub_db_pg_open (const char  *uri,
                     GError     **error)
{
  PGconn *conn = PQconnectdb (uri);
  PgDb *self;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB, "cannot connect to PostgreSQL: %s", message);
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, pg_notice, NULL);
  self = g_new0 (PgDb, 1);
  self->conn = conn;
  _dis_hub_db_init (&self->parent, &pg_backend, DIS_HUB_ENGINE_POSTGRESQL);
  /* Times are ISO text in UTC; the session's zone must not bend any. */
  if (!pg_exec (&self->parent, "SET TIME ZONE 'UTC'", error))
    {
      pg_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}

gboolean
_dis_hub_db_pg_sync_identities (DisHubDb  *db,
                                GError   **error)
{
  PGresult *columns = PQexec (PG (db)->conn,
                              "SELECT table_name, column_name FROM information_schema.columns"
                              " WHERE table_schema = current_schema () AND is_identity = 'YES'");
  gboolean ok = PQresultStatus (columns) == PGRES_TUPLES_OK;

  if (!ok)
    pg_fail_result (columns, PG (db), error);
  for (int i = 0; ok && i < PQntuples (columns); i++)
    {
      /* Names from the catalog, quoted as identifiers all the same. */
      char *table = PQescapeIdentifier (PG (db)->conn, PQgetvalue (columns, i, 0), strlen (PQgetvalue (columns, i, 0)));
      char *column = PQescapeIdentifier (PG (db)->conn, PQgetvalue (columns, i, 1), strlen (PQgetvalue (columns, i, 1)));
      g_autofree char *sql =
        g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('%s', '%s'),"
                         " coalesce ((SELECT max (%s) FROM %s), 0) + 1, false)",
                         PQgetvalue (columns, i, 0), PQgetvalue (columns, i, 1), column, table);

      ok = pg_exec (db, sql, error);
      PQfreemem (table);
      PQfreemem (column);
    }
  PQclear (columns);
  return ok;
}
