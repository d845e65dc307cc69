/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dis-hub-json.h"

G_BEGIN_DECLS

#define DIS_HUB_ERROR (dis_hub_error_quark ())

typedef enum
{
  DIS_HUB_ERROR_DB,
  DIS_HUB_ERROR_INVALID,
  DIS_HUB_ERROR_NOT_FOUND,
  DIS_HUB_ERROR_EXISTS,
  DIS_HUB_ERROR_CONFLICT,   /* a UNIQUE or PRIMARY KEY violation */
} DisHubError;

GQuark dis_hub_error_quark (void);

typedef enum
{
  DIS_HUB_ENGINE_SQLITE,
  DIS_HUB_ENGINE_POSTGRESQL,
} DisHubEngine;

/* What a column of the current row holds, as JSON would write it. */
typedef enum
{
  DIS_HUB_COLUMN_NULL,
  DIS_HUB_COLUMN_INTEGER,
  DIS_HUB_COLUMN_TEXT,      /* anything else: read it as text */
} DisHubColumnType;

typedef struct _DisHubDb DisHubDb;
typedef struct _DisHubStmt DisHubStmt;

/* The hub's database behind one statement API, whatever the engine: the
 * SQL is SQLite's, parameters written ?N; the other engines translate it.
 * A DisHubDb is one connection, used by one thread at a time: nothing in
 * it, its statements or their cache, takes a lock.
 *
 * Opens (creating when @create) the hub database at @location and
 * applies the hub's own migrations. */
DisHubDb     *dis_hub_db_open          (const char   *location,
                                        gboolean      create,
                                        GError      **error);
/* As dis_hub_db_open () (@create FALSE), for a connection that is only
 * ever used by the one thread that owns it (opened before that thread
 * starts, closed after it ends: the hub's writer, its checkpointer).
 * SQLite then takes no lock around each call on it, a pthread mutex
 * taken and released on every bind, step and column read of a push
 * otherwise (issue 12's profile). Never for a connection that is passed
 * between threads. */
DisHubDb     *dis_hub_db_open_one_thread (const char *location,
                                        GError      **error);
void          dis_hub_db_close         (DisHubDb     *db);
DisHubEngine  dis_hub_db_get_engine    (DisHubDb     *db);

/* One or more statements without results or parameters. */
gboolean      dis_hub_db_exec          (DisHubDb     *db,
                                        const char   *sql,
                                        GError      **error);

/* Statements. dis_hub_stmt_free() (or g_autoptr) ends one. */
DisHubStmt   *dis_hub_db_prepare       (DisHubDb     *db,
                                        const char   *sql,
                                        GError      **error);
/* Kept in the db's cache keyed by @sql's text, reset and unbound on
 * return; never free it: dis_hub_stmt_release() (or g_autoptr) when
 * done. While it is out, the same text gets a statement of its own. */
DisHubStmt   *dis_hub_db_prepare_cached (DisHubDb    *db,
                                        const char   *sql,
                                        GError      **error);
/* A cached statement goes back to the cache, cleared; any other is freed. */
void          dis_hub_stmt_release     (DisHubStmt   *stmt);
void          dis_hub_stmt_free        (DisHubStmt   *stmt);

void          dis_hub_stmt_bind_int64  (DisHubStmt   *stmt,
                                        int           index,
                                        gint64        value);
void          dis_hub_stmt_bind_text   (DisHubStmt   *stmt,
                                        int           index,
                                        const char   *text);   /* NULL binds NULL */
void          dis_hub_stmt_bind_null   (DisHubStmt   *stmt,
                                        int           index);
/* Back to before its first step, keeping the bindings. */
void          dis_hub_stmt_reset       (DisHubStmt   *stmt);
/* Reset and every binding NULL. */
void          dis_hub_stmt_clear       (DisHubStmt   *stmt);

/* Steps once: TRUE with *has_row when a row is there, TRUE without at
 * the end, FALSE on error (DIS_HUB_ERROR_CONFLICT for a UNIQUE or
 * PRIMARY KEY violation, else DIS_HUB_ERROR_DB). */
gboolean      dis_hub_db_step          (DisHubDb     *db,
                                        DisHubStmt   *stmt,
                                        gboolean     *has_row,
                                        GError      **error);
/* Steps to the end, past any row (for statements run for their effect). */
gboolean      dis_hub_db_step_done     (DisHubDb     *db,
                                        DisHubStmt   *stmt,
                                        GError      **error);
/* Rows changed by the last statement run to its end. */
gint64        dis_hub_db_changes       (DisHubDb     *db);

/* The current row. An integer column read as text is its digits; text
 * or NULL read as an integer is 0 (max(), sum() and count() are
 * integers on every engine: CAST (sum (x) AS BIGINT) where needed). */
int           dis_hub_stmt_column_count   (DisHubStmt *stmt);
const char   *dis_hub_stmt_column_name    (DisHubStmt *stmt,
                                           int         column);
DisHubColumnType dis_hub_stmt_column_type (DisHubStmt *stmt,
                                           int         column);
gboolean      dis_hub_stmt_column_is_null (DisHubStmt *stmt,
                                           int         column);
gint64        dis_hub_stmt_column_int64   (DisHubStmt *stmt,
                                           int         column);
/* NULL for NULL; valid until the next step or reset. */
const char   *dis_hub_stmt_column_text    (DisHubStmt *stmt,
                                           int         column);
char         *dis_hub_column_dup          (DisHubStmt *stmt,
                                           int         column);   /* NULL for NULL */

/* Transactions. dis_hub_db_begin() takes the write lock at once. */
gboolean      dis_hub_db_begin         (DisHubDb     *db,
                                        GError      **error);
gboolean      dis_hub_db_commit        (DisHubDb     *db,
                                        GError      **error);
/* Rolls back the open transaction, if a failed statement has not already. */
void          dis_hub_db_rollback      (DisHubDb     *db);
gboolean      dis_hub_db_in_transaction (DisHubDb    *db);
/* Savepoints inside a transaction; @name is letters, digits and '_'.
 * dis_hub_db_rollback_to() undoes what followed the savepoint and keeps
 * it, as SQL does: release it, or let the commit do so. */
gboolean      dis_hub_db_savepoint     (DisHubDb     *db,
                                        const char   *name,
                                        GError      **error);
gboolean      dis_hub_db_release       (DisHubDb     *db,
                                        const char   *name,
                                        GError      **error);
void          dis_hub_db_rollback_to   (DisHubDb     *db,
                                        const char   *name);

/* Whether @location names a PostgreSQL database (postgresql://…)
 * rather than a SQLite file. */
gboolean      dis_hub_db_location_is_postgresql (const char *location);
/* Schema SQL written in SQLite's dialect (a table made on demand), run
 * as this engine needs it (dis-hub-dialect.h). */
gboolean      dis_hub_db_exec_schema   (DisHubDb     *db,
                                        const char   *sql,
                                        GError      **error);
/* Whether the table @name exists. */
gboolean      dis_hub_db_has_table     (DisHubDb     *db,
                                        const char   *name,
                                        gboolean     *out_has_table,
                                        GError      **error);

/* After rows were copied in with their own keys (disotto-hub migrate):
 * every generated key goes on after the highest one held. */
gboolean      dis_hub_db_sync_identities (DisHubDb   *db,
                                        GError      **error);

/* Appends one row to the changes feed points pull; call inside the
 * transaction that made the change. */
gboolean      dis_hub_db_append_change (DisHubDb     *db,
                                        const char   *kind,
                                        const char   *op,
                                        const char   *key,
                                        JsonNode     *data,
                                        GError      **error);

/* Loads an admin's JSON array into the database, in the caller's
 * transaction: @func loads element @index (0-based) and says whether it
 * changed anything; *@out_n_changed (if given) counts those. @what names
 * the array in the error when @root is not one. */
typedef gboolean (*DisHubRowFunc) (DisHubDb   *db,
                                   JsonNode   *element,
                                   guint       index,
                                   gboolean   *out_changed,
                                   GError    **error);

gboolean      dis_hub_db_load_rows     (DisHubDb       *db,
                                        JsonNode       *root,
                                        const char     *what,
                                        DisHubRowFunc   func,
                                        guint          *out_n_changed,
                                        GError        **error);

/* Lower-case hex SHA-256 of a bearer token. */
char         *dis_hub_hash_token       (const char   *token);
/* 32 random bytes (libsodium), base64url without padding. */
char         *dis_hub_new_token        (void);

char         *dis_hub_now_iso          (void);
/* @at (ISO 8601 with a zone) in UTC with microseconds, always the same
 * width: such texts sort as their times do. An unreadable @at is
 * returned as it is. */
char         *dis_hub_utc_key          (const char   *at);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisHubStmt, dis_hub_stmt_release)

G_END_DECLS
