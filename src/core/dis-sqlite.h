/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The SQLite helpers of the point's store, the hub's database and the map
 * packs: open, run, step, bind and read, reporting through GError.
 *
 * Each program words SQLite's failures its own way (the store for people
 * in DIS_ERROR, the hub for its log in DIS_HUB_ERROR, the map in
 * G_IO_ERROR), so every helper that can fail takes the program's
 * DisSqliteFail, which turns SQLite's message into the GError. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef void (*DisSqliteFail) (GError     **error,
                               const char  *message);

/* Sets @error from the connection's last error; returns FALSE. */
gboolean      dis_sqlite_error            (sqlite3        *db,
                                           DisSqliteFail   fail,
                                           GError        **error);
/* sqlite3_open_v2() with @flags; NULL with SQLite's message in
 * @out_message (free it) when it fails, having closed what it opened. */
sqlite3      *dis_sqlite_open             (const char     *path,
                                           int             flags,
                                           char          **out_message);
/* One or more statements without results (sqlite3_exec()). */
gboolean      dis_sqlite_exec             (sqlite3        *db,
                                           DisSqliteFail   fail,
                                           const char     *sql,
                                           GError        **error);
/* sqlite3_prepare_v3() with @prepare_flags (SQLITE_PREPARE_PERSISTENT for
 * a statement kept in a cache). */
sqlite3_stmt *dis_sqlite_prepare          (sqlite3        *db,
                                           DisSqliteFail   fail,
                                           const char     *sql,
                                           unsigned int    prepare_flags,
                                           GError        **error);
/* Steps once: TRUE with *has_row when a row is there, TRUE without at
 * the end, FALSE on error. */
gboolean      dis_sqlite_step_row         (sqlite3        *db,
                                           DisSqliteFail   fail,
                                           sqlite3_stmt   *stmt,
                                           gboolean       *has_row,
                                           GError        **error);
/* Steps to the end, past any row (for statements run for their effect). */
gboolean      dis_sqlite_step_done        (sqlite3        *db,
                                           DisSqliteFail   fail,
                                           sqlite3_stmt   *stmt,
                                           GError        **error);
/* Rolls back the open transaction, if a failed statement has not already. */
void          dis_sqlite_rollback         (sqlite3        *db);

void          dis_sqlite_bind_text        (sqlite3_stmt   *stmt,
                                           int             index,
                                           const char     *text);    /* NULL binds NULL */
char         *dis_sqlite_column_dup       (sqlite3_stmt   *stmt,
                                           int             column);  /* NULL for NULL */

/* Schema versions by PRAGMA user_version. */
gboolean      dis_sqlite_get_user_version (sqlite3        *db,
                                           DisSqliteFail   fail,
                                           gint64         *out_version,
                                           GError        **error);
/* Runs @sql and sets the user version to @version in ONE transaction. */
gboolean      dis_sqlite_migrate          (sqlite3        *db,
                                           DisSqliteFail   fail,
                                           const char     *sql,
                                           gint64          version,
                                           GError        **error);

/* The _async half of a blocking constructor that opens a database file
 * (the store, a map pack): runs @open on @path in a worker thread; its
 * result is a GObject, which _finish hands over. Pass the _async function
 * as @source_tag to both. */
typedef gpointer (*DisSqliteOpenFunc) (const char  *path,
                                       GError     **error);

void          dis_sqlite_open_in_thread        (const char           *path,
                                                DisSqliteOpenFunc     open,
                                                gpointer              source_tag,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gpointer      dis_sqlite_open_in_thread_finish (GAsyncResult         *result,
                                                gpointer              source_tag,
                                                GError              **error);

G_END_DECLS
