/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-test"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "dis-hub-db.h"
#include "dis-test-hub.h"
#include "dis-test-pg.h"
#include "dis-test-util.h"

/* Bounds on every wait for the hub: an admin command (a big catalog
 * import takes seconds), the first line of `serve`, a clean stop. */
#define ADMIN_TIMEOUT_MS  (120 * 1000)
#define LISTEN_TIMEOUT_MS (20 * 1000)
#define STOP_TIMEOUT_MS   (40 * 1000)
#define KILL_TIMEOUT_MS   (5 * 1000)

static const char *
hub_binary (void)
{
  const char *path = g_getenv ("DIS_HUB");

  if (path == NULL || *path == '\0')
    dis_test_fail ("finding disotto-hub: DIS_HUB is not set", NULL);
  return path;
}

/* A note for whoever reads the log: a test message, or a line on stderr. */
static void
note (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
note (const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (g_test_initialized ())
    g_test_message ("%s", text);
  else
    g_printerr ("%s\n", text);
}

/* Never outlive a test that failed half-way. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

/* ---- Bounded waits on a private main context ------------------------------ */

/* The hub's pipes and exit are watched on a context of our own, so that
 * waiting for them runs nothing else of the test. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Pending;

static void
pending_begin (Pending *pending)
{
  pending->context = g_main_context_new ();
  pending->result = NULL;
  g_main_context_push_thread_default (pending->context);
}

static void
pending_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Pending *pending = data;

  pending->result = g_object_ref (result);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the private context until the operation ended or @timeout_ms
 * passed; returns whether it ended. */
static gboolean
pending_wait (Pending *pending,
              guint    timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GSource *tick = g_timeout_source_new (50);

  g_source_set_callback (tick, wake_cb, NULL, NULL);
  g_source_attach (tick, pending->context);
  while (pending->result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (pending->context, TRUE);
  g_source_destroy (tick);
  g_source_unref (tick);
  return pending->result != NULL;
}

static void
pending_end (Pending *pending)
{
  g_main_context_pop_thread_default (pending->context);
  g_clear_object (&pending->result);
  g_clear_pointer (&pending->context, g_main_context_unref);
}

/* ---- Admin commands --------------------------------------------------------- */

char *
dis_test_hub_location_new (const char *dir)
{
  if (dis_test_pg_enabled ())
    return dis_test_pg_new_database ();
  return g_build_filename (dir, "hub.db", NULL);
}

DisTestHub *
dis_test_hub_new (const char *dir)
{
  DisTestHub *hub = g_new0 (DisTestHub, 1);

  hub->dir = g_strdup (dir);
  hub->db_path = dis_test_hub_location_new (dir);
  hub->log_path = g_build_filename (dir, "hub.log", NULL);
  g_free (dis_test_hub_admin (hub, "init", NULL));
  return hub;
}

DisTestHub *
dis_test_hub_new_shared (const char *dir,
                         DisTestHub *other)
{
  DisTestHub *hub = g_new0 (DisTestHub, 1);

  hub->dir = g_strdup (dir);
  hub->db_path = g_strdup (other->db_path);
  hub->log_path = g_build_filename (dir, "hub-shared.log", NULL);
  return hub;
}

DisTestHub *
dis_test_hub_new_demo (const char *dir)
{
  const char *demo = g_getenv ("DIS_DEMO_DIR");
  DisTestHub *hub;

  static gboolean have_pg_demo;

  if (demo == NULL || *demo == '\0')
    dis_test_fail ("loading the demo network: DIS_DEMO_DIR is not set", NULL);
  /* On PostgreSQL the program loads the demo network once and copies
   * that database for each test: the suite stays as quick as on SQLite. */
  if (dis_test_pg_enabled () && have_pg_demo)
    {
      hub = g_new0 (DisTestHub, 1);
      hub->dir = g_strdup (dir);
      hub->db_path = dis_test_pg_new_database_from ("demo");
      hub->log_path = g_build_filename (dir, "hub.log", NULL);
      return hub;
    }
  hub = dis_test_hub_new (dir);
  g_free (dis_test_hub_admin (hub, "demo", "load", demo, NULL));
  if (dis_test_pg_enabled ())
    {
      dis_test_pg_save_template (hub->db_path, "demo");
      have_pg_demo = TRUE;
    }
  return hub;
}

void
dis_test_hub_free (DisTestHub *hub)
{
  if (hub == NULL)
    return;
  dis_test_hub_stop (hub);
  g_free (hub->dir);
  g_free (hub->db_path);
  g_free (hub->log_path);
  g_free (hub->url);
  g_free (hub);
}

/* Runs `disotto-hub @args --db DB` to completion, with @input (if not
 * NULL) on its standard input; returns its exit status. */
static int
run_args_input (DisTestHub  *hub,
                GPtrArray   *args,
                const char  *input,
                char       **out_stdout,
                char       **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  Pending pending;
  gboolean ended;

  g_ptr_array_add (argv, (char *) hub_binary ());
  g_ptr_array_extend (argv, args, NULL, NULL);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, hub->db_path);
  g_ptr_array_add (argv, NULL);

  launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                           (input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL)
    dis_test_fail ("running disotto-hub", error);

  pending_begin (&pending);
  g_subprocess_communicate_utf8_async (process, input, NULL, pending_cb, &pending);
  ended = pending_wait (&pending, ADMIN_TIMEOUT_MS);
  if (!ended)
    {
      /* Killed, its pipes close and the reading ends. */
      g_subprocess_force_exit (process);
      pending_wait (&pending, KILL_TIMEOUT_MS);
    }
  else
    g_subprocess_communicate_utf8_finish (process, pending.result, &out, &err, &error);
  pending_end (&pending);
  if (!ended)
    {
      g_autofree char *what = g_strdup_printf ("disotto-hub %s did not end within %d s",
                                               (char *) g_ptr_array_index (args, 0),
                                               ADMIN_TIMEOUT_MS / 1000);

      dis_test_fail (what, NULL);
    }
  if (error != NULL)
    dis_test_fail ("reading the output of disotto-hub", error);

  if (err != NULL && *err != '\0')
    note ("hub stderr: %s", err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static int
run_args (DisTestHub  *hub,
          GPtrArray   *args,
          char       **out_stdout,
          char       **out_stderr)
{
  return run_args_input (hub, args, NULL, out_stdout, out_stderr);
}

static char *
admin_args (DisTestHub *hub,
            GPtrArray  *args)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = run_args (hub, args, &out, &err);

  if (status != 0)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "exit status %d: %s",
                                             status, err != NULL ? g_strstrip (err) : "");
      g_autofree char *what = g_strdup_printf ("disotto-hub %s", (char *) g_ptr_array_index (args, 0));

      dis_test_fail (what, error);
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
collect_args (const char *first,
              va_list     args)
{
  GPtrArray *array = g_ptr_array_new ();

  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (array, (char *) arg);
  return array;
}

int
dis_test_hub_run (DisTestHub  *hub,
                  char       **out_stdout,
                  char       **out_stderr,
                  const char  *first,
                  ...)
{
  g_autoptr(GPtrArray) array = NULL;
  va_list args;

  va_start (args, first);
  array = collect_args (first, args);
  va_end (args);
  return run_args (hub, array, out_stdout, out_stderr);
}

int
dis_test_hub_run_input (DisTestHub  *hub,
                        const char  *input,
                        char       **out_stdout,
                        char       **out_stderr,
                        const char  *first,
                        ...)
{
  g_autoptr(GPtrArray) array = NULL;
  va_list args;

  va_start (args, first);
  array = collect_args (first, args);
  va_end (args);
  return run_args_input (hub, array, input, out_stdout, out_stderr);
}

char *
dis_test_hub_admin (DisTestHub *hub,
                    const char *first,
                    ...)
{
  g_autoptr(GPtrArray) array = NULL;
  va_list args;

  va_start (args, first);
  array = collect_args (first, args);
  va_end (args);
  return admin_args (hub, array);
}

/* 32 random bytes in base64url without padding. */
static gboolean
is_token (const char *token)
{
  if (strlen (token) != 43)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
dis_test_hub_add_device (DisTestHub *hub,
                         const char *code,
                         const char *device,
                         gboolean    new_point)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *name = g_strdup_printf ("Punto %s", code);
  const char *place[] = { "--name", name, "--address", "Via Po 1", "--comune", "Torino",
                          "--lat", "45.0703", "--lon", "7.6869" };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (args, (char *) "point");
  g_ptr_array_add (args, (char *) "add");
  g_ptr_array_add (args, (char *) "--code");
  g_ptr_array_add (args, (char *) code);
  for (guint i = 0; new_point && i < G_N_ELEMENTS (place); i++)
    g_ptr_array_add (args, (char *) place[i]);
  if (device != NULL)
    {
      g_ptr_array_add (args, (char *) "--device");
      g_ptr_array_add (args, (char *) device);
    }
  out = admin_args (hub, args);

  /* "point C device D enrolled; token (shown once, keep it safe):\nTOKEN\n" */
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  if (g_strv_length (lines) != 2 || !is_token (lines[1]))
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                             "unexpected output “%s”", out);

      dis_test_fail ("enrolling a device", error);
    }
  return g_strdup (lines[1]);
}

/* ---- Serving ------------------------------------------------------------------ */

static void
hub_start_argv (DisTestHub         *hub,
                const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *colon = NULL;
  Pending pending;
  int log_fd;

  g_return_if_fail (hub->process == NULL);

  /* One log line per request: kept in a file, appended to across restarts. */
  log_fd = g_open (hub->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0)
    dis_test_fail ("opening the hub's log", NULL);
  g_subprocess_launcher_take_stderr_fd (launcher, log_fd);
  /* Under `run-tests --asan`: the hub serves with G_SLICE=always-malloc
   * (src/hub/main.c), so libsoup 3.2's leaks show, and tests/lsan.supp
   * names them by libsoup's and GIO's frames, which only the slow
   * unwinder sees through GLib (built without frame pointers), as
   * dis-test-app.c does for the application. */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *options = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":fast_unwind_on_malloc=0", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }
  hub->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (hub->process == NULL)
    dis_test_fail ("starting disotto-hub serve", error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hub->process));
  /* The pipe stays open with the process: closing it could SIGPIPE the hub. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  pending_begin (&pending);
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, pending_cb, &pending);
  if (pending_wait (&pending, LISTEN_TIMEOUT_MS))
    line = g_data_input_stream_read_line_finish_utf8 (lines, pending.result, NULL, &error);
  else
    {
      /* Its stdout closes when it dies: the read ends too. */
      g_subprocess_force_exit (hub->process);
      pending_wait (&pending, KILL_TIMEOUT_MS);
    }
  pending_end (&pending);

  /* 127.0.0.1 unless a test asked for another address (--listen given again). */
  if (line != NULL && (g_str_has_prefix (line, "listening on http://") ||
                       g_str_has_prefix (line, "listening on https://")))
    colon = strrchr (line, ':');
  if (colon == NULL || (hub->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10)) == 0)
    {
      g_autofree char *what = g_strdup_printf ("starting disotto-hub serve: it said “%s” (log in %s)",
                                               line != NULL ? line : "nothing", hub->log_path);

      dis_test_hub_kill (hub);
      dis_test_fail (what, error);
    }
  g_free (hub->url);
  hub->url = g_strdup (line + strlen ("listening on "));
}

void
dis_test_hub_start (DisTestHub *hub,
                    guint       port,
                    ...)
{
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  /* A guint, not a guint16: va_start after a promoted type is undefined. */
  g_assert (port <= G_MAXUINT16);
  g_ptr_array_add (argv, (char *) hub_binary ());
  g_ptr_array_add (argv, (char *) "serve");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, hub->db_path);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, listen);
  va_start (args, port);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  hub_start_argv (hub, (const char * const *) argv->pdata);
}

static gboolean
wait_exit (DisTestHub *hub,
           guint       timeout_ms)
{
  Pending pending;
  gboolean ended;

  pending_begin (&pending);
  g_subprocess_wait_async (hub->process, NULL, pending_cb, &pending);
  ended = pending_wait (&pending, timeout_ms);
  pending_end (&pending);
  return ended;
}

gboolean
dis_test_hub_wait (DisTestHub *hub)
{
  gboolean clean;

  if (hub->process == NULL)
    return TRUE;
  if (!wait_exit (hub, STOP_TIMEOUT_MS))
    {
      note ("the hub did not stop within %d s, killing it (log in %s)",
            STOP_TIMEOUT_MS / 1000, hub->log_path);
      dis_test_hub_kill (hub);
      return FALSE;
    }
  clean = g_subprocess_get_if_exited (hub->process) && g_subprocess_get_exit_status (hub->process) == 0;
  if (!clean)
    {
      g_autofree char *log = NULL;

      /* The folder goes with the test: say what the hub said. */
      g_file_get_contents (hub->log_path, &log, NULL, NULL);
      note ("the hub did not exit cleanly (status %d, log in %s):\n%s",
            g_subprocess_get_if_exited (hub->process) ? g_subprocess_get_exit_status (hub->process)
                                                       : -g_subprocess_get_term_sig (hub->process),
            hub->log_path, log != NULL ? log : "");
    }
  g_clear_object (&hub->process);
  return clean;
}

gboolean
dis_test_hub_stop (DisTestHub *hub)
{
  if (hub->process == NULL)
    return TRUE;
  g_subprocess_send_signal (hub->process, SIGTERM);
  return dis_test_hub_wait (hub);
}

void
dis_test_hub_kill (DisTestHub *hub)
{
  if (hub->process == NULL)
    return;
  g_subprocess_force_exit (hub->process);
  if (!wait_exit (hub, KILL_TIMEOUT_MS))
    dis_test_fail ("the hub did not die on SIGKILL", NULL);
  g_clear_object (&hub->process);
}

/* ---- Its database ------------------------------------------------------------- */

static DisHubDb *
hub_db_open (DisTestHub *hub)
{
  g_autoptr(GError) error = NULL;
  DisHubDb *db = dis_hub_db_open (hub->db_path, FALSE, &error);

  if (db == NULL)
    dis_test_fail ("opening the hub database", error);
  return db;
}

/* The first column of the one row @sql returns, as text (NULL for NULL):
 * whether it is an integer is up to the caller. */
static char *
hub_value (DisTestHub *hub,
           const char *sql,
           const char *text)
{
  DisHubDb *db = hub_db_open (hub);
  g_autoptr(GError) error = NULL;
  DisHubStmt *stmt = dis_hub_db_prepare (db, sql, &error);
  gboolean has_row = FALSE;
  char *value;

  if (stmt != NULL && text != NULL)
    dis_hub_stmt_bind_text (stmt, 1, text);
  if (stmt == NULL || !dis_hub_db_step (db, stmt, &has_row, &error) || !has_row)
    {
      g_autofree char *what = g_strdup_printf ("reading the hub database: %s", sql);

      dis_test_fail (what, error);
    }
  value = dis_hub_column_dup (stmt, 0);
  dis_hub_stmt_free (stmt);
  dis_hub_db_close (db);
  return value;
}

gint64
dis_test_hub_int (DisTestHub *hub,
                  const char *sql,
                  const char *text)
{
  g_autofree char *value = hub_value (hub, sql, text);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

char *
dis_test_hub_text (DisTestHub *hub,
                   const char *sql,
                   const char *text)
{
  return hub_value (hub, sql, text);
}

char *
dis_test_hub_join (DisTestHub *hub,
                   const char *sql,
                   const char *separator)
{
  DisHubDb *db = hub_db_open (hub);
  g_autoptr(GError) error = NULL;
  DisHubStmt *stmt = dis_hub_db_prepare (db, sql, &error);
  g_autoptr(GString) joined = NULL;
  gboolean has_row = FALSE;

  while (stmt != NULL && dis_hub_db_step (db, stmt, &has_row, &error) && has_row)
    {
      const char *value = dis_hub_stmt_column_text (stmt, 0);

      if (value == NULL)
        continue;
      if (joined == NULL)
        joined = g_string_new (value);
      else
        g_string_append_printf (joined, "%s%s", separator, value);
    }
  if (error != NULL)
    {
      g_autofree char *what = g_strdup_printf ("reading the hub database: %s", sql);

      dis_test_fail (what, error);
    }
  dis_hub_stmt_free (stmt);
  dis_hub_db_close (db);
  return joined != NULL ? g_string_free (g_steal_pointer (&joined), FALSE) : NULL;
}

void
dis_test_hub_exec (DisTestHub *hub,
                   const char *sql)
{
  DisHubDb *db = hub_db_open (hub);
  g_autoptr(GError) error = NULL;

  if (!dis_hub_db_exec (db, sql, &error))
    {
      g_autofree char *what = g_strdup_printf ("writing the hub database: %s", sql);

      dis_test_fail (what, error);
    }
  dis_hub_db_close (db);
}

/* ---- A network ---------------------------------------------------------------- */

void
dis_test_hub_add_eligible_member (DisTestHub *hub)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_years (now, -2);
  g_autoptr(GDateTime) after = g_date_time_add_years (now, 2);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *ago = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *ahead = g_date_time_format (after, "%Y-%m-%d");
  /* Dates worked out here: the SQL must run on both engines. */
  g_autofree char *sql =
    g_strdup_printf ("INSERT INTO members (card_code, kind, display_name, registered_on, status,"
                     " documentation_acknowledged_on, declaration_text, declaration_on, basis,"
                     " basis_verified_by, basis_verified_on, basis_expires_on, activity_hours,"
                     " privacy_consent_on, created_at, updated_at)"
                     " VALUES ('" DIS_TEST_ELIGIBLE_CARD "', 'person', 'Socia di prova',"
                     " '%s', 'validated', '%s', 'Per la rete', '%s', 'certificate', 'Test', '%s',"
                     " '%s', 1000, '%s', '%s', '%s')",
                     ago, ago, ago, ago, ahead, ago, today, today);

  dis_test_hub_exec (hub, sql);
  g_free (dis_test_hub_admin (hub, "settings", "set", "eligibility.impegno_volume_cents", "0", NULL));
  g_free (dis_test_hub_admin (hub, "member", "refresh", NULL));
}

void
dis_test_network_init (DisTestNetwork *network,
                       const char     *prefix,
                       const char     *device)
{
  network->dir = dis_test_tmpdir_new (prefix);
  network->point_db = g_build_filename (network->dir, "punto.db", NULL);
  network->config_dir = g_build_filename (network->dir, "config", NULL);
  network->hub = dis_test_hub_new_demo (network->dir);
  network->token = dis_test_hub_add_device (network->hub, "TO-CEN", device, FALSE);
}

void
dis_test_network_clear (DisTestNetwork *network)
{
  g_clear_pointer (&network->hub, dis_test_hub_free);
  if (network->dir != NULL)
    dis_test_rm_rf (network->dir);
  g_clear_pointer (&network->dir, g_free);
  g_clear_pointer (&network->token, g_free);
  g_clear_pointer (&network->point_db, g_free);
  g_clear_pointer (&network->config_dir, g_free);
}

char *
dis_test_hub_sale_event (const char *point,
                         const char *device,
                         gint64      seq,
                         const char *tier,
                         gint64      qty,
                         gint64      unit_price,
                         gint64      skew)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *sale_id = g_uuid_string_random ();
  gint64 lt = (unit_price * qty + 500) / 1000;
  gint64 lte = (185 * qty + 500) / 1000;

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"sale.committed\","
                          "\"at\":\"2024-05-02T10:00:00+02:00\",\"payload\":{"
                          "\"id\":\"%s\",\"receipt_no\":\"%s-%s-%06" G_GINT64_FORMAT "\",\"point\":\"%s\","
                          "\"device\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"created_at\":\"2024-05-02T10:00:00+02:00\","
                          "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"member_card\":null,\"tier\":\"%s\","
                          "\"refund_of\":null,\"refund_of_receipt_no\":null,\"lines\":[{\"line_no\":1,"
                          "\"product_code\":\"P-0001\",\"product_name\":\"Spaghetti\",\"supplier_code\":\"F-PAS\","
                          "\"unit\":\"piece\",\"quantity\":%" G_GINT64_FORMAT ",\"unit_price\":%" G_GINT64_FORMAT ","
                          "\"unit_price_equa\":185,\"line_total\":%" G_GINT64_FORMAT ",\"line_total_equa\":%" G_GINT64_FORMAT ","
                          "\"tier_delta\":%" G_GINT64_FORMAT ",\"vat_rate\":4}],"
                          "\"payments\":[{\"method\":\"card\",\"amount\":%" G_GINT64_FORMAT "}],\"n_lines\":1,"
                          "\"total\":%" G_GINT64_FORMAT ",\"total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":%" G_GINT64_FORMAT ","
                          "\"cash_tendered\":0,\"change_due\":0}}",
                          id, seq, sale_id, point, device, seq, point, device, seq, tier, qty, unit_price,
                          lt + skew, lte, lt - lte, lt, lt + skew, lte, lt - lte);
}
