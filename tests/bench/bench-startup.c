/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-fixture.h"
#include "bench-util.h"
#include "dis-test-util.h"

/* Cold start to an interactive till with a 20,000-product catalog, and
 * resident memory then, next to a minimal GTK 4 window with an entry
 * (bench-ref-window). The till is bench-punto, the application built from
 * the same library as disotto-punto with a hook that signs in and
 * reports. Both print "dis-ready <µs>" when ready for typing and
 * "dis-rss <kB>" before quitting. The figure compared is the time from
 * spawn to reading "dis-ready", measured here the same way for both. */

#define N_PRODUCTS       20000
#define CATALOG_SEED     20240917
#define N_RUNS           5
#define READY_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define QUIT_TIMEOUT_US  (10 * G_USEC_PER_SEC)
#define OPERATOR_NAME    "Bench"
#define OPERATOR_PIN     "2468"

#define AIM_READY_US     G_USEC_PER_SEC
#define AIM_RSS_KB       (120 * 1024)

typedef struct
{
  GMainLoop        *loop;
  GSubprocess      *process;
  GDataInputStream *output;
  gint64            spawned_at;
  gint64            ready_at;      /* bench clock, 0 until dis-ready */
  gint64            reported_us;   /* what the program said, -1 when unknown */
  gint64            rss_kb;        /* -1 until dis-rss */
  gboolean          eof;
  gboolean          exited;
  GError           *error;
} Run;

static void read_line_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
run_set_error (Run        *run,
               const char *format,
               ...) G_GNUC_PRINTF (2, 3);

static void
run_set_error (Run        *run,
               const char *format,
               ...)
{
  va_list args;

  if (run->error != NULL)
    return;

  va_start (args, format);
  run->error = g_error_new_valist (G_IO_ERROR, G_IO_ERROR_FAILED, format, args);
  va_end (args);
}

static void
maybe_quit (Run *run)
{
  if (run->eof && run->exited)
    g_main_loop_quit (run->loop);
}

static void
handle_line (Run        *run,
             const char *line)
{
  if (g_str_has_prefix (line, "dis-ready ") && run->ready_at == 0)
    {
      run->ready_at = bench_now ();
      run->reported_us = g_ascii_strtoll (line + strlen ("dis-ready "), NULL, 10);
    }
  else if (g_str_has_prefix (line, "dis-rss "))
    run->rss_kb = g_ascii_strtoll (line + strlen ("dis-rss "), NULL, 10);
  else
    g_printerr ("  (program output) %s\n", line);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                    result, NULL, &error);
  if (line == NULL)
    {
      if (error != NULL)
        run_set_error (run, "reading its output: %s", error->message);
      run->eof = TRUE;
      maybe_quit (run);
      return;
    }

  handle_line (run, line);
  g_data_input_stream_read_line_async (run->output, G_PRIORITY_DEFAULT, NULL,
                                       read_line_cb, run);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error))
    run_set_error (run, "waiting for it: %s", error->message);
  run->exited = TRUE;
  maybe_quit (run);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = bench_now ();

  if (run->exited)
    return G_SOURCE_CONTINUE;

  if (run->ready_at == 0 && now - run->spawned_at > READY_TIMEOUT_US)
    {
      run_set_error (run, "no “dis-ready” line within %d s: "
                     "can it sign in as %s?",
                     (int) (READY_TIMEOUT_US / G_USEC_PER_SEC), OPERATOR_NAME);
      g_subprocess_force_exit (run->process);
    }
  else if (run->ready_at != 0 && now - run->ready_at > QUIT_TIMEOUT_US)
    {
      run_set_error (run, "did not quit within %d s of “dis-ready” with DIS_BENCH_QUIT=1",
                     (int) (QUIT_TIMEOUT_US / G_USEC_PER_SEC));
      g_subprocess_force_exit (run->process);
    }

  return G_SOURCE_CONTINUE;
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_signaled (process))
    return g_strdup_printf ("killed by signal %d (%s)",
                            g_subprocess_get_term_sig (process),
                            g_strsignal (g_subprocess_get_term_sig (process)));
  return g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (process));
}

/* Spawns @argv0 with @launcher and waits for its two lines. */
static gboolean
run_once (GSubprocessLauncher *launcher,
          const char          *argv0,
          gint64              *out_ready_us,
          gint64              *out_reported_us,
          gint64              *out_rss_kb,
          GError             **error)
{
  const char *argv[] = { argv0, NULL };
  Run run = { 0 };
  guint deadline;

  run.loop = g_main_loop_new (NULL, FALSE);
  run.reported_us = -1;
  run.rss_kb = -1;

  run.spawned_at = bench_now ();
  run.process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (run.process == NULL)
    {
      g_main_loop_unref (run.loop);
      return FALSE;
    }

  run.output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run.process));
  g_data_input_stream_read_line_async (run.output, G_PRIORITY_DEFAULT, NULL,
                                       read_line_cb, &run);
  g_subprocess_wait_async (run.process, NULL, wait_cb, &run);
  deadline = g_timeout_add (50, deadline_cb, &run);

  g_main_loop_run (run.loop);

  g_source_remove (deadline);

  if (run.error == NULL && run.ready_at == 0)
    {
      g_autofree char *how = describe_exit (run.process);
      run_set_error (&run, "%s without printing “dis-ready”", how);
    }
  else if (run.error == NULL && !g_subprocess_get_successful (run.process))
    {
      g_autofree char *how = describe_exit (run.process);
      run_set_error (&run, "%s after “dis-ready”", how);
    }
  else if (run.error == NULL && run.rss_kb < 0)
    run_set_error (&run, "quit without printing “dis-rss”");

  g_clear_object (&run.output);
  g_clear_object (&run.process);
  g_main_loop_unref (run.loop);

  if (run.error != NULL)
    {
      g_propagate_prefixed_error (error, run.error, "%s: ", argv0);
      return FALSE;
    }

  *out_ready_us = run.ready_at - run.spawned_at;
  *out_reported_us = run.reported_us;
  *out_rss_kb = run.rss_kb;
  return TRUE;
}

typedef struct
{
  const char *label;
  GArray     *ready;     /* gint64 µs, bench-measured */
  GArray     *reported;  /* gint64 µs, program-reported */
  GArray     *rss;       /* gint64 kB */
  GError     *error;
} Series;

static void
series_clear (Series *series)
{
  g_clear_pointer (&series->ready, g_array_unref);
  g_clear_pointer (&series->reported, g_array_unref);
  g_clear_pointer (&series->rss, g_array_unref);
  g_clear_error (&series->error);
}

static void
run_series (Series              *series,
            const char          *label,
            GSubprocessLauncher *launcher,
            const char          *program,
            guint                n_runs)
{
  series->label = label;
  series->ready = bench_samples_new (n_runs);
  series->reported = bench_samples_new (n_runs);
  series->rss = bench_samples_new (n_runs);

  /* The first run is as cold as we can make it without root tricks:
   * everything written so far is on disk first. */
  sync ();

  for (guint i = 0; i < n_runs; i++)
    {
      g_autofree char *ready = NULL;
      g_autofree char *reported = NULL;
      g_autofree char *rss = NULL;
      gint64 ready_us, reported_us, rss_kb;

      if (!run_once (launcher, program, &ready_us, &reported_us, &rss_kb, &series->error))
        {
          /* One timeout is enough to know; do not spend the budget on five. */
          g_print ("%s run %u: ERROR %s\n", label, i + 1, series->error->message);
          return;
        }

      bench_samples_add (series->ready, ready_us);
      bench_samples_add (series->reported, reported_us);
      bench_samples_add (series->rss, rss_kb);

      ready = bench_format_usec (ready_us);
      reported = reported_us >= 0 ? bench_format_usec (reported_us) : g_strdup ("?");
      rss = bench_format_kb (rss_kb);
      g_print ("%s run %u%s: ready %s after spawn (self-reported %s since process start), RSS %s\n",
               label, i + 1, i == 0 ? " (after sync)" : "", ready, reported, rss);
    }
}

static gint64
median (GArray *samples)
{
  BenchStats stats;

  bench_stats_compute (samples, &stats);
  return stats.p50;
}

static void
print_summary (Series *app,
               Series *ref)
{
  g_autofree char *app_ready = NULL;
  g_autofree char *ref_ready = NULL;
  g_autofree char *app_rss = NULL;
  g_autofree char *ref_rss = NULL;
  gboolean have_app = app->error == NULL && app->ready->len > 0;
  gboolean have_ref = ref->error == NULL && ref->ready->len > 0;

  app_ready = have_app ? bench_format_usec (median (app->ready)) : g_strdup ("ERROR");
  ref_ready = have_ref ? bench_format_usec (median (ref->ready)) : g_strdup ("ERROR");
  app_rss = have_app ? bench_format_kb (median (app->rss)) : g_strdup ("ERROR");
  ref_rss = have_ref ? bench_format_kb (median (ref->rss)) : g_strdup ("ERROR");

  g_print ("cold start to interactive till (%d products): median %s (n=%u) "
           "| reference (minimal GTK 4 window with a focused entry): median %s (n=%u) "
           "| aim < 1 s: %s\n",
           N_PRODUCTS, app_ready, app->ready->len, ref_ready, ref->ready->len,
           have_app ? bench_verdict (median (app->ready) < AIM_READY_US) : "ERROR");
  g_print ("resident memory when ready: median %s "
           "| reference (minimal GTK 4 window with a focused entry): median %s "
           "| aim < 120 MB: %s\n",
           app_rss, ref_rss,
           have_app ? bench_verdict (median (app->rss) < AIM_RSS_KB) : "ERROR");
}

/* Without a display, run again under xvfb-run; always on a private
 * session bus, so that no running instance of the app answers for us. */
static void
maybe_reexec (int    argc,
              char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  gboolean need_display = g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL;
  gboolean need_bus = g_getenv ("DIS_BENCH_PRIVATE_BUS") == NULL;
  g_autofree char *dbus_run_session = g_find_program_in_path ("dbus-run-session");
  g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");

  if (need_bus && dbus_run_session != NULL)
    {
      g_ptr_array_add (args, g_strdup (dbus_run_session));
      g_ptr_array_add (args, g_strdup ("--"));
    }

  if (need_display)
    {
      if (xvfb_run == NULL)
        {
          g_printerr ("bench error: no DISPLAY and no xvfb-run (Debian package xvfb)\n");
          exit (EXIT_FAILURE);
        }
      g_ptr_array_add (args, g_strdup (xvfb_run));
      g_ptr_array_add (args, g_strdup ("-a"));
      g_ptr_array_add (args, g_strdup ("-s"));
      g_ptr_array_add (args, g_strdup ("-screen 0 1280x1024x24"));
    }

  if (args->len == 0)
    return;

  g_ptr_array_add (args, g_strdup (self != NULL ? self : argv[0]));
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);

  g_setenv ("DIS_BENCH_PRIVATE_BUS", "1", TRUE);
  fflush (stdout);
  execv (g_ptr_array_index (args, 0), (char **) args->pdata);
  g_printerr ("bench error: could not run %s: %s\n",
              (char *) g_ptr_array_index (args, 0), g_strerror (errno));
  exit (EXIT_FAILURE);
}

static char *
find_ref_window (void)
{
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;

  if (g_getenv ("DIS_BENCH_REF_WINDOW") != NULL)
    return g_strdup (g_getenv ("DIS_BENCH_REF_WINDOW"));

  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    return NULL;
  dir = g_path_get_dirname (self);
  return g_build_filename (dir, "bench-ref-window", NULL);
}

static void
copy_file (const char *from_dir,
           const char *to_dir,
           const char *name,
           gboolean    required)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from_path = g_build_filename (from_dir, name, NULL);
  g_autofree char *to_path = g_build_filename (to_dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (from_path);
  g_autoptr(GFile) to = g_file_new_for_path (to_path);

  if (!required && !g_file_query_exists (from, NULL))
    return;

  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    bench_fail ("copying the prepared database", error);
}

/* A catalog, identity, one operator and an open day, where the app looks
 * for its database: $XDG_DATA_HOME/disotto/punto.db. The store writes it
 * on /dev/shm when there is one, where a durable commit per product costs
 * nothing, then the file is copied: bench-catalog times generation on
 * disk already, here only the result matters. */
static void
prepare_database (const char *data_home)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = NULL;
  g_autoptr(BenchCatalog) catalog = NULL;
  g_autoptr(DisOperator) operator = NULL;
  g_autofree char *dir = g_build_filename (data_home, "disotto", NULL);
  g_autofree char *work_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *elapsed = NULL;
  gint64 start = bench_now ();

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("bench error: cannot create %s\n", dir);
      exit (EXIT_FAILURE);
    }

  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    work_dir = g_mkdtemp (g_strdup ("/dev/shm/dis-bench-startup-XXXXXX"));
  if (work_dir == NULL)
    work_dir = g_strdup (dir);
  path = g_build_filename (work_dir, "punto.db", NULL);

  store = bench_store_new (path, N_PRODUCTS, CATALOG_SEED, &catalog);
  operator = bench_prepare_till (store, OPERATOR_NAME, OPERATOR_PIN, &error);
  if (operator == NULL)
    bench_fail ("preparing the till", error);

  /* Closing the last connection checkpoints the WAL into the file. */
  g_clear_object (&operator);
  g_clear_object (&store);

  if (!g_str_equal (work_dir, dir))
    {
      copy_file (work_dir, dir, "punto.db", TRUE);
      copy_file (work_dir, dir, "punto.db-wal", FALSE);
      dis_test_rm_rf (work_dir);
    }

  elapsed = bench_format_usec (bench_now () - start);
  g_print ("startup database: %u products, operator %s, open day (prepared in %s)\n",
           catalog->n_products, OPERATOR_NAME, elapsed);
}

static GSubprocessLauncher *
new_launcher (const char *tmpdir,
              const char *gsk_renderer)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  const char *dirs[][2] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (tmpdir, dirs[i][1], NULL);

      g_mkdir_with_parents (path, 0700);
      g_subprocess_launcher_setenv (launcher, dirs[i][0], path, TRUE);
    }

  g_subprocess_launcher_setenv (launcher, "DIS_BENCH_QUIT", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "DIS_BENCH_OPERATOR", OPERATOR_NAME, TRUE);
  g_subprocess_launcher_setenv (launcher, "DIS_BENCH_PIN", OPERATOR_PIN, TRUE);
  g_subprocess_launcher_set_cwd (launcher, tmpdir);
  if (gsk_renderer != NULL)
    g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", gsk_renderer, TRUE);

  return launcher;
}

/* Under Xvfb, GTK draws with Mesa's software GL, whose LLVM alone is tens
 * of MB resident; one run each with the cairo renderer tells the app's own
 * memory apart from the driver's. */
static void
print_cairo_summary (Series *app,
                     Series *ref)
{
  g_autofree char *app_rss = NULL;
  g_autofree char *ref_rss = NULL;
  g_autofree char *app_ready = NULL;
  g_autofree char *ref_ready = NULL;
  gboolean have_app = app->error == NULL && app->rss->len > 0;
  gboolean have_ref = ref->error == NULL && ref->rss->len > 0;

  app_rss = have_app ? bench_format_kb (median (app->rss)) : g_strdup ("ERROR");
  ref_rss = have_ref ? bench_format_kb (median (ref->rss)) : g_strdup ("ERROR");
  app_ready = have_app ? bench_format_usec (median (app->ready)) : g_strdup ("ERROR");
  ref_ready = have_ref ? bench_format_usec (median (ref->ready)) : g_strdup ("ERROR");

  g_print ("resident memory with GSK_RENDERER=cairo (no GL driver, informative): %s, ready %s "
           "| reference (same renderer): %s, ready %s "
           "| aim < 120 MB: %s\n",
           app_rss, app_ready, ref_rss, ref_ready,
           have_app ? bench_verdict (median (app->rss) < AIM_RSS_KB) : "ERROR");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocessLauncher) cairo_launcher = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *ref_window = NULL;
  const char *punto;
  Series app = { 0 };
  Series ref = { 0 };
  Series app_cairo = { 0 };
  Series ref_cairo = { 0 };
  int status;

  setlocale (LC_ALL, "");
  maybe_reexec (argc, argv);

  punto = g_getenv ("DIS_PUNTO");
  ref_window = find_ref_window ();
  if (ref_window == NULL || !g_file_test (ref_window, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench error: bench-ref-window not found (set DIS_BENCH_REF_WINDOW)\n");
      return EXIT_FAILURE;
    }

  tmpdir = dis_test_tmpdir_new ("dis-bench-startup");
  data_home = g_build_filename (tmpdir, "data", NULL);
  launcher = new_launcher (tmpdir, NULL);
  cairo_launcher = new_launcher (tmpdir, "cairo");

  if (punto == NULL || !g_file_test (punto, G_FILE_TEST_IS_EXECUTABLE))
    {
      app.ready = bench_samples_new (0);
      app.rss = bench_samples_new (0);
      app.error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "DIS_PUNTO does not name the built bench-punto (%s)",
                               punto != NULL ? punto : "unset");
      g_print ("till run: ERROR %s\n", app.error->message);
    }
  else
    {
      prepare_database (data_home);
      run_series (&app, "till", launcher, punto, N_RUNS);
    }

  run_series (&ref, "reference", launcher, ref_window, N_RUNS);

  if (app.error == NULL)
    run_series (&app_cairo, "till (GSK_RENDERER=cairo)", cairo_launcher, punto, 1);
  run_series (&ref_cairo, "reference (GSK_RENDERER=cairo)", cairo_launcher, ref_window, 1);

  print_summary (&app, &ref);
  if (app.error == NULL)
    print_cairo_summary (&app_cairo, &ref_cairo);

  status = app.error == NULL && ref.error == NULL &&
           app_cairo.error == NULL && ref_cairo.error == NULL ? EXIT_SUCCESS : EXIT_FAILURE;
  if (app.error != NULL)
    g_printerr ("bench error: till: %s\n", app.error->message);
  if (ref.error != NULL)
    g_printerr ("bench error: reference: %s\n", ref.error->message);
  if (app_cairo.error != NULL)
    g_printerr ("bench error: till with cairo: %s\n", app_cairo.error->message);
  if (ref_cairo.error != NULL)
    g_printerr ("bench error: reference with cairo: %s\n", ref_cairo.error->message);

  series_clear (&app);
  series_clear (&ref);
  series_clear (&app_cairo);
  series_clear (&ref_cairo);
  dis_test_rm_rf (tmpdir);

  return status;
}
