/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* What dis-hub-db.c shares with the engines' backends
 * (dis-hub-db-sqlite.c, dis-hub-db-pg.c): each keeps its own struct with
 * DisHubDb, or DisHubStmt, as its first member. */

typedef struct
{
  DisHubStmt *(*prepare)   (DisHubDb *db, const char *sql, GError **error);
  void        (*free)      (DisHubStmt *stmt);
  void        (*bind_int64)(DisHubStmt *stmt, int index, gint64 value);
  void        (*bind_text) (DisHubStmt *stmt, int index, const char *text);
  void        (*bind_null) (DisHubStmt *stmt, int index);
  void        (*reset)     (DisHubStmt *stmt);
  void        (*clear)     (DisHubStmt *stmt);
  gboolean    (*step)      (DisHubDb *db, DisHubStmt *stmt, gboolean *has_row, GError **error);
  gint64      (*changes)   (DisHubDb *db);
  int         (*column_count) (DisHubStmt *stmt);
  const char *(*column_name)  (DisHubStmt *stmt, int column);
  gboolean    (*column_is_null) (DisHubStmt *stmt, int column);
  gint64      (*column_int64) (DisHubStmt *stmt, int column);
  const char *(*column_text)  (DisHubStmt *stmt, int column);
  gboolean    (*exec)      (DisHubDb *db, const char *sql, GError **error);
  void        (*close)     (DisHubDb *db);

  /* Beyond the first design, which the conversion showed necessary: */
  /* the JSON type of a column (an admin export of SELECT *) */
  DisHubColumnType (*column_type) (DisHubStmt *stmt, int column);
  /* a write transaction (SQLite: BEGIN IMMEDIATE) */
  gboolean    (*begin)     (DisHubDb *db, GError **error);
  /* whether a transaction is open (SQLite may have ended it on error) */
  gboolean    (*in_transaction) (DisHubDb *db);
  /* the schema version the migrations reached (SQLite: user_version);
   * set_version runs inside the migration's transaction */
  gboolean    (*get_version) (DisHubDb *db, gint64 *out_version, GError **error);
  gboolean    (*set_version) (DisHubDb *db, gint64 version, GError **error);
} DisHubDbBackend;

struct _DisHubDb
{
  const DisHubDbBackend *backend;
  DisHubEngine           engine;
  GHashTable            *cache;      /* SQL text → DisHubStmt, see prepare_cached */
  GHashTable            *addresses;  /* SQL text's address → DisHubStmt of @cache */
  guint                  depth;      /* dis_hub_db_begin() nesting, 1: the transaction */
};

struct _DisHubStmt
{
  DisHubDb *db;
  char     *cache_key;               /* the SQL text when kept in the cache */
  gboolean  in_use;                  /* a cached one handed out */
};

/* Fills in the shared part of a backend's new DisHubDb. */
void          _dis_hub_db_init         (DisHubDb              *db,
                                        const DisHubDbBackend *backend,
                                        DisHubEngine           engine);
/* Sets @error to DIS_HUB_ERROR_DB with the engine's @message. */
void          _dis_hub_db_fail         (GError               **error,
                                        const char            *message);

/* How long a SQLite connection of the hub waits for a lock before it
 * gives up with SQLITE_BUSY. */
#define DIS_HUB_DB_SQLITE_BUSY_MS 5000

/* The SQLite backend: the file at @path, its pragmas set, not migrated;
 * with @one_thread, without SQLite's lock around each call
 * (dis_hub_db_open_one_thread ()). */
DisHubDb     *_dis_hub_db_sqlite_open  (const char            *path,
                                        gboolean               create,
                                        gboolean               one_thread,
                                        GError               **error);
/* Version 10 of the schema on SQLite (dis-hub-db.c): the CHECK (x IN
 * (…)) of the tables a push writes become comparisons joined by OR, in
 * the tables' text in sqlite_schema. No row changes, as SQLite's
 * documentation of ALTER TABLE allows for a change of CHECK
 * constraints. Inside the migration's transaction: a text this hub did
 * not write, or one SQLite cannot read back, fails it. */
gboolean      _dis_hub_db_sqlite_plain_checks (DisHubDb       *db,
                                        GError               **error);
/* The connection of a SQLite hub database, for what only SQLite does
 * (the backup API); NULL on another engine. The caller includes
 * <sqlite3.h>. */
struct sqlite3 *_dis_hub_db_sqlite_get_handle (DisHubDb      *db);

/* The PostgreSQL backend (dis-hub-db-pg.c): @location is a
 * postgresql:// (or postgres://) URI; connected, not migrated. */
gboolean      _dis_hub_db_is_pg_location (const char          *location);
DisHubDb     *_dis_hub_db_pg_open      (const char            *uri,
                                        GError               **error);
/* Every identity column goes on after the highest value it holds. */
gboolean      _dis_hub_db_pg_sync_identities (DisHubDb        *db,
                                        GError               **error);

G_END_DECLS
