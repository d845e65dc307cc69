/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one place where the hub's SQL differs between SQLite and
 * PostgreSQL (issue 12). The hub's queries are written once, in SQL both
 * engines run, with SQLite's parameters (?N, ?); the schema is SQLite's
 * migrations, of which PostgreSQL starts from the end state of the first
 * DIS_HUB_DIALECT_PG_BASELINE as one baseline, and takes every later one
 * translated by dis_hub_dialect_migration(). */

#define DIS_HUB_DIALECT_PG_BASELINE 8

/* @sql with ?N and ? (numbered as SQLite numbers them) made $N, outside
 * string literals, quoted names and comments. *@out_n_params (if given)
 * gets the highest parameter number, *@out_used (if given) a new array
 * saying which of them the SQL names (PostgreSQL cannot infer the type
 * of one it does not: the caller says text). */
char       *dis_hub_dialect_placeholders (const char  *sql,
                                          int         *out_n_params,
                                          gboolean   **out_used);

/* The PostgreSQL schema at version DIS_HUB_DIALECT_PG_BASELINE, with the
 * table that keeps the version, and SQLite's json_valid() and
 * json_extract() (for '$.a.b' paths) so CHECKs and queries read the
 * same on both. */
const char *dis_hub_dialect_pg_baseline  (void);

/* A SQLite migration (after the baseline) in PostgreSQL's dialect:
 * STRICT and WITHOUT ROWID dropped, INTEGER made BIGINT, an INTEGER
 * PRIMARY KEY (AUTOINCREMENT or not) an identity column, x GLOB 'literal'
 * a regular expression match. Anything else must be written in SQL both
 * engines run. */
char       *dis_hub_dialect_migration    (const char *sqlite_sql);

/* The query with one row when the table named ?1 exists. */
const char *dis_hub_dialect_has_table    (gboolean    postgresql);

/* Run by every write transaction on PostgreSQL right after BEGIN: one
 * transaction-scoped advisory lock, so writers (of every hub process
 * sharing the database) run one at a time as under SQLite's BEGIN
 * IMMEDIATE, and the changes feed's seq order is commit order: a reader
 * never sees seq N+1 committed while seq N may still commit. */
#define DIS_HUB_DIALECT_PG_WRITE_LOCK "SELECT pg_advisory_xact_lock (1684632431)"

G_END_DECLS
