/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "bench-sync-hub.h"
#include "bench-util.h"

static const char *
hub_binary (void)
{
  const char *path = g_getenv ("DIS_HUB");

  if (path == NULL || *path == '\0')
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                     "DIS_HUB is not set");
      bench_fail ("finding disotto-hub", error);
    }
  return path;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

BenchHub *
bench_hub_new (const char *dir)
{
  BenchHub *hub = g_new0 (BenchHub, 1);
  g_autofree char *out = NULL;

  hub->dir = g_strdup (dir);
  hub->db_path = g_build_filename (dir, "hub.db", NULL);
  hub->log_path = g_build_filename (dir, "hub.log", NULL);
  out = bench_hub_run (hub, "init", NULL);
  return hub;
}

void
bench_hub_free (BenchHub *hub)
{
  if (hub == NULL)
    return;
  bench_hub_stop (hub);
  g_free (hub->dir);
  g_free (hub->db_path);
  g_free (hub->log_path);
  g_free (hub->url);
  g_free (hub);
}

char *
bench_hub_run (BenchHub   *hub,
               const char *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) hub_binary ());
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, hub->db_path);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error))
    bench_fail ("running disotto-hub", error);

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "disotto-hub %s failed: %s",
                   first, err != NULL ? g_strstrip (err) : "");
      bench_fail ("running disotto-hub", error);
    }
  return g_steal_pointer (&out);
}

char *
bench_hub_add_device (BenchHub   *hub,
                      const char *code,
                      const char *device,
                      gboolean    new_point)
{
  g_autofree char *out = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) lines = NULL;

  if (new_point)
    {
      name = g_strdup_printf ("Punto %s", code);
      out = bench_hub_run (hub, "point", "add", "--code", code, "--name", name,
                           "--address", "Via Po 1", "--comune", "Torino",
                           "--lat", "45.0703", "--lon", "7.6869",
                           "--device", device, NULL);
    }
  else
    out = bench_hub_run (hub, "point", "add", "--code", code, "--device", device, NULL);

  /* "point C device D enrolled; token (shown once, keep it safe):\nTOKEN\n" */
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  if (g_strv_length (lines) != 2 || *lines[1] == '\0')
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                             "unexpected output “%s”", out);
      bench_fail ("enrolling a device", error);
    }
  return g_strdup (lines[1]);
}

void
bench_hub_serve (BenchHub *hub)
{
  const char *argv[] = { hub_binary (), "serve", "--db", hub->db_path,
                         "--listen", "127.0.0.1:0", NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *colon;

  g_return_if_fail (hub->process == NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* One log line per request: kept in a file, not in the report. */
  g_subprocess_launcher_set_stderr_file_path (launcher, hub->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  hub->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (hub->process == NULL)
    bench_fail ("starting disotto-hub serve", error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hub->process));
  /* The pipe stays open with the process: closing it could SIGPIPE the hub. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://127.0.0.1:") ||
      (colon = strrchr (line, ':')) == NULL ||
      (hub->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10)) == 0)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "first line “%s” (log in %s)",
                             line ? line : "(none)", hub->log_path);
      bench_fail ("starting disotto-hub serve", error);
    }
  g_free (hub->url);
  hub->url = g_strdup_printf ("http://127.0.0.1:%u", hub->port);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  gboolean *done = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
bench_hub_stop (BenchHub *hub)
{
  gboolean done = FALSE;

  if (hub->process == NULL)
    return;

  g_subprocess_send_signal (hub->process, SIGTERM);
  g_subprocess_wait_async (hub->process, NULL, wait_cb, &done);
  if (!bench_wait_for (is_true, &done, 20, 40000))
    {
      g_printerr ("bench: the hub did not stop within 40 s, killing it\n");
      g_subprocess_force_exit (hub->process);
      done = FALSE;
      bench_wait_for (is_true, &done, 20, 5000);
    }
  else if (!g_subprocess_get_if_exited (hub->process) ||
           g_subprocess_get_exit_status (hub->process) != 0)
    g_printerr ("bench: the hub did not exit cleanly (log in %s)\n", hub->log_path);
  g_clear_object (&hub->process);
}

gint64
bench_hub_query_int (BenchHub   *hub,
                     const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_open_v2 (hub->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    goto failed;
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;

failed:
  error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql,
                       db ? sqlite3_errmsg (db) : "cannot open");
  bench_fail ("querying the hub database", error);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
bench_wait_for (BenchCheck check,
                gpointer   data,
                guint      poll_ms,
                guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GSource *tick = g_timeout_source_new (MAX (poll_ms, 1));
  GMainContext *context = g_main_context_ref_thread_default ();
  gboolean ok;

  g_source_set_callback (tick, wake_cb, NULL, NULL);
  g_source_attach (tick, context);
  while (!(ok = check (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (tick);
  g_source_unref (tick);
  g_main_context_unref (context);
  return ok;
}
