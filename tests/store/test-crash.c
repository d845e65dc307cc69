/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-crash"

#include "config.h"

#include <signal.h>

#include "store-test-util.h"

#define N_KILLS      50
#define SEED         4242
#define TIME_LIMIT_S 60

static const char *writer_path;

static void
prepare_store (const char *dir,
               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOperator) manager = NULL;
  g_autoptr(DisDayReport) day = NULL;
  gint64 ids[TEST_N_PRODUCTS];
  DisStore *store;

  store = test_store_new (dir);
  g_assert_cmpstr (dis_store_get_path (store), ==, path);
  test_store_add_catalog (store, ids);
  manager = test_store_add_manager (store);
  day = dis_store_open_day (store, manager, 0, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (store);
}

static void
run_and_kill (const char *path,
              GRand      *rand,
              guint       round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (rand));
  g_autofree char *line = NULL;
  gint delay_ms;

  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             writer_path, path, seed, NULL);
  g_assert_no_error (error);

  /* Kill it only once it is really writing. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (line, "ready") != 0)
    g_error ("round %u: the writer did not start", round);

  delay_ms = g_rand_int_range (rand, 20, 151);
  g_usleep (delay_ms * 1000);
  g_subprocess_send_signal (writer, SIGKILL);
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);

  /* It must have been busy writing, not dead of an error. */
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);
}

static void
check_store (const char *path,
             gint64     *n_sales)
{
  sqlite3 *db = test_db_open (path);
  sqlite3_stmt *stmt = NULL;
  gint64 now;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  test_db_check_ledger (db);

  /* Committed sales never disappear. */
  now = test_db_int (db, "SELECT count(*) FROM sales");
  g_assert_cmpint (now, >=, *n_sales);
  *n_sales = now;
  sqlite3_close (db);
}

static void
test_crash (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  gint64 start = g_get_monotonic_time ();
  gint64 n_sales = 0;

  prepare_store (dir, path);

  for (guint round = 0; round < N_KILLS; round++)
    {
      run_and_kill (path, rand, round);
      check_store (path, &n_sales);
      g_assert_cmpint (g_get_monotonic_time () - start, <, TIME_LIMIT_S * G_USEC_PER_SEC);
    }

  g_test_message ("%" G_GINT64_FORMAT " sales survived %d kills", n_sales, N_KILLS);
  g_assert_cmpint (n_sales, >, N_KILLS);

  /* The store still opens and works after all that. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DisDayReport) day = NULL;
    DisStore *store = dis_store_open (path, &error);

    g_assert_no_error (error);
    day = dis_store_get_open_day (store, &error);
    g_assert_no_error (error);
    g_assert_cmpint (day->n_sales + day->n_refunds, ==, n_sales);
    g_assert_finalize_object (store);
  }

  test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  dis_core_init ();
  g_test_init (&argc, &argv, NULL);

  writer_path = argc > 1 ? argv[1] : g_getenv ("DIS_CRASH_WRITER");
  if (writer_path == NULL)
    g_error ("usage: %s CRASH-WRITER", argv[0]);

  g_test_add_func ("/crash/kill-while-writing", test_crash);

  return g_test_run ();
}
