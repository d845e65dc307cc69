/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-test"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "dis-test-util.h"

void
dis_test_fail (const char   *what,
               const GError *error)
{
  g_autofree char *message = error != NULL ? g_strdup_printf ("%s: %s", what, error->message)
                                           : g_strdup (what);

  if (g_test_initialized ())
    {
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
      abort ();
    }
  g_printerr ("error: %s\n", message);
  fflush (stdout);
  exit (EXIT_FAILURE);
}

char *
dis_test_tmpdir_new (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *path = g_dir_make_tmp (template, &error);

  if (path == NULL)
    dis_test_fail ("creating a temporary directory", error);
  return path;
}

static void
rm_rf_file (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  /* Into real directories only: a link to one goes, not what it points to. */
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL) == G_FILE_TYPE_DIRECTORY)
    children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          rm_rf_file (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

void
dis_test_rm_rf (const char *path)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  rm_rf_file (file);
}

/* ---- Waiting ---------------------------------------------------------------- */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
dis_test_wait_for_full (DisTestCheck check,
                        gpointer     data,
                        guint        poll_ms,
                        guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  GSource *tick = g_timeout_source_new (MAX (poll_ms, 1));
  gboolean ok;

  /* The tick wakes the loop up to look again, and to see the deadline. */
  g_source_set_callback (tick, wake_cb, NULL, NULL);
  g_source_attach (tick, context);
  while (!(ok = check (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (tick);
  g_source_unref (tick);
  return ok;
}

gboolean
dis_test_wait_for (DisTestCheck check,
                   gpointer     data,
                   guint        timeout_ms)
{
  return dis_test_wait_for_full (check, data, 10, timeout_ms);
}

void
dis_test_wait_until (DisTestCheck  check,
                     gpointer      data,
                     guint         timeout_ms,
                     const char   *what)
{
  if (!dis_test_wait_for (check, data, timeout_ms))
    {
      g_autofree char *message = g_strdup_printf ("Timed out waiting for %s", what);

      dis_test_fail (message, NULL);
    }
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
dis_test_sleep_ms (guint ms)
{
  dis_test_wait_for_full (never, NULL, 5, ms);
}

void
dis_test_iterate (guint n)
{
  for (guint i = 0; i < n; i++)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

void
dis_test_step (gint64      end,
               const char *what)
{
  if (g_get_monotonic_time () > end)
    {
      g_autofree char *message = g_strdup_printf ("Timed out waiting for %s", what);

      dis_test_fail (message, NULL);
    }
  dis_test_iterate (1);
}

/* ---- SQL checks --------------------------------------------------------------- */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static G_NORETURN void
db_fail (sqlite3    *db,
         const char *sql)
{
  g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql,
                                         db != NULL ? sqlite3_errmsg (db) : "cannot open");

  dis_test_fail ("querying a test database", error);
}

sqlite3 *
dis_test_db_open_ro (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    db_fail (db, path);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

static sqlite3_stmt *
query_row (sqlite3    *db,
           const char *sql,
           const char *text)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    db_fail (db, sql);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      db_fail (db, sql);
    }
  return stmt;
}

gint64
dis_test_db_int (sqlite3    *db,
                 const char *sql,
                 const char *text)
{
  g_autoptr(sqlite3_stmt) stmt = query_row (db, sql, text);

  return sqlite3_column_int64 (stmt, 0);
}

char *
dis_test_db_text (sqlite3    *db,
                  const char *sql,
                  const char *text)
{
  g_autoptr(sqlite3_stmt) stmt = query_row (db, sql, text);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gint64
dis_test_file_int (const char *path,
                   const char *sql,
                   const char *text)
{
  sqlite3 *db = dis_test_db_open_ro (path);
  gint64 value = dis_test_db_int (db, sql, text);

  sqlite3_close (db);
  return value;
}

void
dis_test_file_exec (const char *path,
                    const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

void
dis_test_add_eligible_member (const char *path)
{
  dis_test_file_exec (path,
                      "INSERT INTO members (card_code, display_name, status, preferred_tier, registered_on,"
                      " volume_12m_cents, documentation_acknowledged, has_declaration, basis, basis_expires_on,"
                      " activity_hours, known_to_hub, updated_at)"
                      " VALUES ('" DIS_TEST_ELIGIBLE_CARD "', 'Socia di prova', 'validated', 'equa',"
                      " date ('now', 'localtime', '-1 year'), 1000000, 1, 1, 'certificate',"
                      " date ('now', 'localtime', '+1 year'), 1000, 1, date ('now', 'localtime'))"
                      " ON CONFLICT (card_code) DO NOTHING");
}

char *
dis_test_file_text (const char *path,
                    const char *sql,
                    const char *text)
{
  sqlite3 *db = dis_test_db_open_ro (path);
  char *value = dis_test_db_text (db, sql, text);

  sqlite3_close (db);
  return value;
}
