/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "dis-codec.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* One SQLite connection with its statement cache. Every use happens with
 * @mutex held (recursive, so a public function may call another one). */
typedef struct
{
  GRecMutex   mutex;
  sqlite3    *db;
  GHashTable *stmts;   /* SQL text → sqlite3_stmt*, finalized on close */
} DisDb;

struct _DisStore
{
  GObject      parent_instance;

  char        *path;
  int          schema_version;

  DisDb        writer;
  DisDb        reader;

  /* One thread each: writes are serial, and reads never wait for them. */
  GThreadPool *write_pool;
  GThreadPool *read_pool;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A statement borrowed from a connection's cache: the cleanup resets it
 * and clears its bindings instead of finalizing it. */
typedef sqlite3_stmt DisStmt;
void _dis_stmt_release (DisStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisStmt, _dis_stmt_release)

#define DIS_DB_LOCK(dbp) \
  G_GNUC_UNUSED g_autoptr(GRecMutexLocker) G_PASTE (_dis_db_locker_, __LINE__) = g_rec_mutex_locker_new (&(dbp)->mutex)

DisStmt  *_dis_db_prepare     (DisDb        *db,
                               const char   *sql,
                               GError      **error);
gboolean  _dis_db_error       (DisDb        *db,
                               GError      **error);
/* Steps a statement that returns no row (or whose rows are ignored). */
gboolean  _dis_db_step_done   (DisDb        *db,
                               DisStmt      *stmt,
                               GError      **error);
/* Steps once: TRUE and *has_row when a row is there, FALSE on error. */
gboolean  _dis_db_step_row    (DisDb        *db,
                               DisStmt      *stmt,
                               gboolean     *has_row,
                               GError      **error);
gboolean  _dis_db_begin       (DisDb        *db,
                               GError      **error);   /* BEGIN IMMEDIATE */
gboolean  _dis_db_commit      (DisDb        *db,
                               GError      **error);
void      _dis_db_rollback    (DisDb        *db);

void      _dis_bind_text      (DisStmt      *stmt,
                               int           index,
                               const char   *text);    /* NULL binds NULL */
char     *_dis_column_dup     (DisStmt      *stmt,
                               int           column);  /* NULL for NULL */

char      *_dis_now_iso8601   (void);
GDateTime *_dis_parse_iso8601 (const char   *text);

/* Runs @func on the write or read worker with @task; the worker drops its
 * reference to @task afterwards. */
void      _dis_store_queue    (DisStore        *self,
                               gboolean         write,
                               GTask           *task,
                               GTaskThreadFunc  func);

/* Settings, on whichever connection the caller holds. */
gboolean  _dis_store_read_percents (DisDb            *db,
                                    DisTierPercents  *out,
                                    GError          **error);
gboolean  _dis_store_write_percents (DisDb                 *db,
                                     const DisTierPercents *percents,
                                     GError               **error);
gboolean  _dis_store_write_eligibility_rules (DisDb                     *db,
                                              const DisEligibilityRules *rules,
                                              GError                   **error);
DisIdentity *_dis_store_read_identity (DisDb    *db,
                                       GError  **error);
gboolean  _dis_store_write_identity (DisDb       *db,
                                     const char  *point_code,
                                     const char  *point_name,
                                     const char  *device_id,
                                     GError     **error);
gboolean  _dis_store_write_point    (DisDb                *db,
                                     const DisPointRecord *point,
                                     GError              **error);

/* Catalog, inside a transaction the caller opened on the writer. */
gboolean  _dis_store_write_supplier (DisDb       *db,
                                     const char  *code,
                                     const char  *name,
                                     GError     **error);
gint64    _dis_store_write_product  (DisDb                  *db,
                                     const DisProductRecord *record,
                                     GError                **error);
DisProduct *_dis_store_read_product (DisDb       *db,
                                     gint64       product_id,
                                     GError     **error);

/* Operators as stored, to check @acting against the database rather than
 * trusting the caller's object. */
gboolean  _dis_store_check_acting   (DisDb         *db,
                                     DisOperator   *acting,
                                     DisPermission  permission,
                                     GError       **error);

/* Emits "outbox-changed" on the store creator's main context; call after
 * a commit that added an outbox row. */
void      _dis_store_notify_outbox_changed (DisStore *self);

/* An outbox event (with the next event seq of @device_id) inside the
 * transaction the caller opened on the writer; for events that are not
 * sales (members). */
gboolean  _dis_store_insert_outbox  (DisDb       *db,
                                     const char  *device_id,
                                     const char  *type,
                                     const char  *at,
                                     const char  *payload,
                                     GError     **error);

/* A "member" change of the hub's feed, inside the page's transaction. */
gboolean  _dis_store_apply_member_change (DisDb                 *db,
                                          const DisCodecMember  *member,
                                          gboolean               upsert,
                                          GError               **error);

G_END_DECLS
