/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dis-hub-json.h"
#include "dis-sqlite.h"

G_BEGIN_DECLS

#define DIS_HUB_ERROR (dis_hub_error_quark ())

typedef enum
{
  DIS_HUB_ERROR_DB,
  DIS_HUB_ERROR_INVALID,
  DIS_HUB_ERROR_NOT_FOUND,
  DIS_HUB_ERROR_EXISTS,
} DisHubError;

GQuark dis_hub_error_quark (void);

typedef struct _DisHubDb DisHubDb;

/* Opens (creating when @create) the hub database and applies the hub's
 * own migrations by PRAGMA user_version. */
DisHubDb     *dis_hub_db_open          (const char   *path,
                                        gboolean      create,
                                        GError      **error);
void          dis_hub_db_close         (DisHubDb     *db);
sqlite3      *dis_hub_db_get_handle    (DisHubDb     *db);

gboolean      dis_hub_db_exec          (DisHubDb     *db,
                                        const char   *sql,
                                        GError      **error);
sqlite3_stmt *dis_hub_db_prepare       (DisHubDb     *db,
                                        const char   *sql,
                                        GError      **error);
/* SQLITE_ROW → TRUE with *has_row; SQLITE_DONE → TRUE, !*has_row. */
gboolean      dis_hub_db_step          (DisHubDb     *db,
                                        sqlite3_stmt *stmt,
                                        gboolean     *has_row,
                                        GError      **error);
gboolean      dis_hub_db_step_done     (DisHubDb     *db,
                                        sqlite3_stmt *stmt,
                                        GError      **error);
gboolean      dis_hub_db_begin         (DisHubDb     *db,
                                        GError      **error);
gboolean      dis_hub_db_commit        (DisHubDb     *db,
                                        GError      **error);
void          dis_hub_db_rollback      (DisHubDb     *db);
gboolean      dis_hub_db_in_transaction (DisHubDb    *db);

void          dis_hub_bind_text        (sqlite3_stmt *stmt,
                                        int           index,
                                        const char   *text);
char         *dis_hub_column_dup       (sqlite3_stmt *stmt,
                                        int           column);

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

G_END_DECLS
