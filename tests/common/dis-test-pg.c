/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-test-pg"

#include "config.h"

#include <gio/gio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dis-test-pg.h"
#include "dis-test-util.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"

static char *server_dir;          /* the socket folder, owned by postgres */
static char *data_dir;            /* @server_dir/data */
static GSubprocess *watchdog;     /* stops the server when our end of its stdin closes */
static guint n_databases;

gboolean
dis_test_pg_enabled (void)
{
  return g_strcmp0 (g_getenv ("DIS_TEST_DB"), "postgresql") == 0;
}

/* Runs a PostgreSQL program as the `postgres` user (when we are root,
 * which PostgreSQL refuses to run as) and fails the test unless it
 * succeeds. */
static void
run_pg (const char *what,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  va_list args;

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  va_start (args, what);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    dis_test_fail (what, error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_autoptr(GError) failed = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s", out);

      dis_test_fail (what, failed);
    }
}

/* In the watchdog, before its shell starts: its own session, so the
 * signals meant for the test's process group do not reach it. */
static void
watchdog_setup (gpointer data)
{
  setsid ();
}

/* A shell that waits for the end of its standard input (our end closes
 * when this process ends, however it ends) and then stops the server
 * and removes the folder. */
static void
start_watchdog (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GError) error = NULL;
  const char *script =
    "trap '' HUP INT TERM; read _ignored; "
    "if [ \"$(id -u)\" = 0 ]; then as='runuser -u postgres --'; else as=; fi; "
    "$as " PG_BIN "/pg_ctl -D \"$1\" -m immediate -w stop >/dev/null 2>&1; "
    "rm -rf \"$2\"";

  g_subprocess_launcher_set_child_setup (launcher, watchdog_setup, NULL, NULL);
  watchdog = g_subprocess_launcher_spawn (launcher, &error, "sh", "-c", script, "sh",
                                          data_dir, server_dir, NULL);
  if (watchdog == NULL)
    dis_test_fail ("starting the PostgreSQL watchdog", error);
}

static void
start_server (void)
{
  g_autofree char *options = g_strdup_printf ("-k %s -c listen_addresses='' -c fsync=off"
                                              " -c full_page_writes=off -c max_connections=200",
                                              server_dir);
  g_autofree char *log = g_build_filename (server_dir, "server.log", NULL);

  run_pg ("starting PostgreSQL", PG_BIN "/pg_ctl", "-D", data_dir, "-l", log, "-w", "-t", "60",
          "-o", options, "start", NULL);
}

static void
stop_at_exit (void)
{
  dis_test_pg_stop ();
}

const char *
dis_test_pg_server_dir (void)
{
  g_autoptr(GError) error = NULL;
  struct passwd *postgres;

  if (server_dir != NULL)
    return server_dir;

  server_dir = g_dir_make_tmp ("disotto-pg-XXXXXX", &error);
  if (server_dir == NULL)
    dis_test_fail ("making the PostgreSQL folder", error);
  data_dir = g_build_filename (server_dir, "data", NULL);
  start_watchdog ();
  atexit (stop_at_exit);
  if (geteuid () == 0)
    {
      postgres = getpwnam ("postgres");
      if (postgres == NULL || chown (server_dir, postgres->pw_uid, postgres->pw_gid) != 0)
        dis_test_fail ("giving the PostgreSQL folder to the postgres user", NULL);
    }
  /* Byte order for text as SQLite compares it; no fsync: a test's
   * server never outlives the machine. */
  run_pg ("initdb", PG_BIN "/initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8",
          "--locale=C", "--no-sync", "-D", data_dir, NULL);
  start_server ();
  return server_dir;
}

static char *
database_uri (const char *name)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=postgres", name, dis_test_pg_server_dir ());
}

void
dis_test_pg_exec (const char *uri,
                  const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;
  g_autofree char *message = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    message = g_strdup_printf ("connecting to %s: %s", uri, PQerrorMessage (conn));
  else
    {
      result = PQexec (conn, sql);
      if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        message = g_strdup_printf ("%s: %s", sql, PQresultErrorMessage (result));
      PQclear (result);
    }
  PQfinish (conn);
  if (message != NULL)
    dis_test_fail (message, NULL);
}

char *
dis_test_pg_new_database (void)
{
  g_autofree char *admin = database_uri ("postgres");
  g_autofree char *name = g_strdup_printf ("t%u", ++n_databases);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  dis_test_pg_exec (admin, sql);
  return database_uri (name);
}

char *
dis_test_pg_new_database_from (const char *name)
{
  g_autofree char *admin = database_uri ("postgres");
  g_autofree char *copy = g_strdup_printf ("t%u", ++n_databases);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", copy, name);

  dis_test_pg_exec (admin, sql);
  return database_uri (copy);
}

void
dis_test_pg_save_template (const char *uri,
                           const char *name)
{
  g_autofree char *admin = database_uri ("postgres");
  const char *dbname = strstr (uri, ":///");
  g_autofree char *source = NULL, *sql = NULL;

  g_assert_nonnull (dbname);
  dbname += strlen (":///");
  source = g_strndup (dbname, strcspn (dbname, "?"));
  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", name, source);
  dis_test_pg_exec (admin, sql);
}

void
dis_test_pg_restart (const char *mode)
{
  g_assert_nonnull (server_dir);
  run_pg ("stopping PostgreSQL", PG_BIN "/pg_ctl", "-D", data_dir, "-m", mode, "-w", "stop", NULL);
  start_server ();
}

void
dis_test_pg_stop (void)
{
  GOutputStream *input;

  if (watchdog == NULL)
    return;
  input = g_subprocess_get_stdin_pipe (watchdog);
  g_output_stream_close (input, NULL, NULL);
  g_subprocess_wait (watchdog, NULL, NULL);
  g_clear_object (&watchdog);
  g_clear_pointer (&server_dir, g_free);
  g_clear_pointer (&data_dir, g_free);
}
