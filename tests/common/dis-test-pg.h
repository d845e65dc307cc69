/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A real PostgreSQL 15 for the tests that run the hub on it
 * (DIS_TEST_DB=postgresql): one server per test program, started on
 * first use in a temporary folder owned by the `postgres` user, listening
 * only on a Unix socket in that folder (no TCP), and one database per
 * test case. A watchdog outside the test's process group stops the
 * server and removes the folder when the program ends in any way (exit,
 * failed assertion, SIGTERM, SIGKILL). */

/* Which engine the hub under test uses, from $DIS_TEST_DB ("sqlite", the
 * default, or "postgresql"). */
gboolean    dis_test_pg_enabled       (void);

/* Starts the server if it does not run yet; returns its socket folder. */
const char *dis_test_pg_server_dir    (void);

/* A new empty database; returns its URI, postgresql:///NAME?host=DIR. */
char       *dis_test_pg_new_database  (void);

/* A new database that starts as a copy of the one saved as @name with
 * dis_test_pg_save_template(); returns its URI. */
char       *dis_test_pg_new_database_from (const char *name);
/* Keeps a copy of the database at @uri (no one connected to it) as
 * @name, for dis_test_pg_new_database_from(). */
void        dis_test_pg_save_template (const char *uri,
                                       const char *name);

/* Runs @sql (any statements, no result) on the database at @uri; fails
 * the test on an error. */
void        dis_test_pg_exec          (const char *uri,
                                       const char *sql);

/* Stops the server with `pg_ctl stop -m @mode` ("fast", "immediate") and
 * starts it again on the same folder: the fault tests' restart. */
void        dis_test_pg_restart       (const char *mode);

/* Stops the server and removes its folder now; also done at exit. */
void        dis_test_pg_stop          (void);

G_END_DECLS
