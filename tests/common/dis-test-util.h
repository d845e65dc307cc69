/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* What every test and benchmark builds its fixture from: temporary
 * directories, waits on the main context that always end, read-only SQL
 * checks. A failure inside these helpers fails the GTest test that called
 * them; outside GTest (the benchmarks) it prints the reason and exits 1. */

G_NORETURN
void         dis_test_fail          (const char   *what,
                                     const GError *error);

/* A fresh private directory under g_get_tmp_dir(), named @prefix-XXXXXX;
 * dis_test_rm_rf() removes it with everything in it. */
char        *dis_test_tmpdir_new    (const char   *prefix);
void         dis_test_rm_rf         (const char   *path);

typedef gboolean (*DisTestCheck) (gpointer data);

/* Runs the thread-default main context until @check holds (looked at
 * least every 10 ms) or @timeout_ms passed; returns whether it holds. */
gboolean     dis_test_wait_for      (DisTestCheck  check,
                                     gpointer      data,
                                     guint         timeout_ms);
/* The same, looking at least every @poll_ms. */
gboolean     dis_test_wait_for_full (DisTestCheck  check,
                                     gpointer      data,
                                     guint         poll_ms,
                                     guint         timeout_ms);
/* The same, failing with "Timed out waiting for @what" after @timeout_ms. */
void         dis_test_wait_until    (DisTestCheck  check,
                                     gpointer      data,
                                     guint         timeout_ms,
                                     const char   *what);
/* Runs the thread-default main context for @ms milliseconds. */
void         dis_test_sleep_ms      (guint         ms);
/* @n rounds of pending work on the default main context, sleeping 1 ms
 * in a round that had none. */
void         dis_test_iterate       (guint         n);

/* Iterates the default main context until the expression @cond holds;
 * fails after @secs seconds, naming @cond. */
#define DIS_TEST_WAIT_UNTIL(cond, secs)                                     \
  G_STMT_START {                                                            \
    gint64 _dis_end = g_get_monotonic_time () + (secs) * G_USEC_PER_SEC;    \
    while (!(cond))                                                         \
      dis_test_step (_dis_end, #cond);                                      \
  } G_STMT_END
void         dis_test_step          (gint64        end,
                                     const char   *what);

/* @path read-only (a "file:" URI too), waiting up to 10 s for a writer. */
sqlite3     *dis_test_db_open_ro    (const char   *path);
/* The first column of the one row @sql returns; @text, when not NULL, is
 * bound to ?1. */
gint64       dis_test_db_int        (sqlite3      *db,
                                     const char   *sql,
                                     const char   *text);
char        *dis_test_db_text       (sqlite3      *db,
                                     const char   *sql,
                                     const char   *text);
/* Opens, queries and closes @path. */
gint64       dis_test_file_int      (const char   *path,
                                     const char   *sql,
                                     const char   *text);
char        *dis_test_file_text     (const char   *path,
                                     const char   *sql,
                                     const char   *text);
/* Opens @path read-write, runs @sql (any statements) and closes it;
 * fails the test on an error. */
void         dis_test_file_exec     (const char   *path,
                                     const char   *sql);

/* A member who may buy at every tier today (validated a year ago, every
 * Impegno criterion met, a certificate valid for another year), written
 * straight into the point's database @path: the store refuses a sale
 * below Equa to anyone else (dis_store_commit_sale ()). */
#define DIS_TEST_ELIGIBLE_CARD "DS99999997"
void         dis_test_add_eligible_member (const char *path);

G_END_DECLS
