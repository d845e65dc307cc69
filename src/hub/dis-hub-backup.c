/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "dis-hub-backup.h"
#include "dis-hub-cli.h"
#include "dis-sqlite.h"

/* `disotto-hub backup`: a consistent copy of a SQLite hub while it
 * serves. This file keeps SQLite's own API, as the map pack builder
 * does: the backup API copies the database's pages, which no other
 * engine has, and a PostgreSQL hub is backed up with pg_dump.
 *
 * The source is opened read-only, without the hub's migrations: a backup
 * taken by a newer binary before an upgrade must be the database as the
 * old hub left it. All pages are copied in one step, so in one read
 * transaction: with WAL, writers go on meanwhile and the copy is the
 * database at the moment that transaction began.
 *
 * Points keep their place in the changes feed by sequence number. A hub
 * restored from a copy would hand out again the numbers it had given
 * after the copy, and a point that had read past them would never see
 * the new changes under them: so the copy's next number is set
 * FEED_JUMP above its last one. No read answers differently; only the
 * changes made after a restore are numbered from there. */

#define BACKUP_USAGE "Usage:\n  disotto-hub backup --db PATH --out FILE\n"
#define BUSY_TIMEOUT_MS 10000
#define FEED_JUMP G_GINT64_CONSTANT (1000000000)

static void
backup_fail (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, message);
}

static gboolean
is_postgresql (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

static sqlite3 *
open_file (const char  *path,
           int          flags,
           GError     **error)
{
  g_autofree char *message = NULL;
  sqlite3 *db = dis_sqlite_open (path, flags, &message);

  if (db == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, message);
  else
    sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  return db;
}

/* One value from @db, for the message: NULL when there is none (a table
 * an older hub did not have). */
static char *
query_text (sqlite3    *db,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = dis_sqlite_prepare (db, backup_fail, sql, 0, NULL);
  gboolean has_row = FALSE;

  if (stmt == NULL || !dis_sqlite_step_row (db, backup_fail, stmt, &has_row, NULL) || !has_row)
    return NULL;
  return dis_sqlite_column_dup (stmt, 0);
}

static gboolean
copy_pages (sqlite3  *source,
            sqlite3  *target,
            GError  **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (target, "main", source, "main");
  int rc;

  if (backup == NULL)
    return dis_sqlite_error (target, backup_fail, error);
  /* -1: every page in one step, under one read transaction of the source. */
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (100);
    }
  while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    return dis_sqlite_error (target, backup_fail, error);
  return TRUE;
}

/* See FEED_JUMP. AUTOINCREMENT numbers after the largest ever given,
 * kept in sqlite_sequence (no row yet when the feed never had one). */
static gboolean
jump_feed (sqlite3  *target,
           GError  **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  update = dis_sqlite_prepare (target, backup_fail,
                               "UPDATE sqlite_sequence SET seq = seq + ?1 WHERE name = 'changes'", 0, error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, FEED_JUMP);
  if (!dis_sqlite_step_done (target, backup_fail, update, error))
    return FALSE;
  if (sqlite3_changes (target) > 0)
    return TRUE;
  insert = dis_sqlite_prepare (target, backup_fail,
                               "INSERT INTO sqlite_sequence (name, seq) VALUES ('changes', ?1)", 0, error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, FEED_JUMP);
  return dis_sqlite_step_done (target, backup_fail, insert, error);
}

/* The copy must open and read back whole, or it is no backup. */
static gboolean
check_copy (sqlite3  *target,
            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = dis_sqlite_prepare (target, backup_fail, "PRAGMA quick_check", 0, error);
  gboolean has_row = FALSE;
  const char *verdict;

  if (stmt == NULL || !dis_sqlite_step_row (target, backup_fail, stmt, &has_row, error))
    return FALSE;
  verdict = has_row ? (const char *) sqlite3_column_text (stmt, 0) : "no answer";
  if (!g_str_equal (verdict, "ok"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the copy does not check: %s", verdict);
      return FALSE;
    }
  return TRUE;
}

/* The new name and its directory on disk, so a crash right after leaves
 * either no backup or the whole one. */
static gboolean
publish (const char  *partial,
         const char  *out,
         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (out);
  int fd;

  if (g_rename (partial, out) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", out, g_strerror (saved));
      return FALSE;
    }
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}

/* Copies @path to @out (which must not exist), printing the copy's point. */
static gboolean
backup (const char  *path,
        const char  *out,
        GError     **error)
{
  g_autofree char *partial = g_strconcat (out, ".part", NULL);
  g_autoptr(sqlite3) source = NULL;
  g_autoptr(sqlite3) target = NULL;
  g_autofree char *seq = NULL;
  g_autofree char *events = NULL;
  g_autofree char *pack = NULL;
  gint64 version;
  gboolean ok;
  int fd;

  if (g_file_test (out, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s already exists: give a new name", out);
      return FALSE;
    }
  source = open_file (path, SQLITE_OPEN_READONLY, error);
  if (source == NULL)
    return FALSE;
  if (!dis_sqlite_get_user_version (source, backup_fail, &version, error))
    return FALSE;
  if (version < 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a hub database", path);
      return FALSE;
    }

  /* Tokens' hashes and members' data: readable by the hub's owner only. */
  fd = g_open (partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", partial, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  target = open_file (partial, SQLITE_OPEN_READWRITE, error);
  /* The copy comes in WAL mode like the source: back to a rollback
   * journal, so that all of it is in its one file once closed (the hub
   * that opens it sets WAL again). */
  ok = target != NULL && copy_pages (source, target, error) && jump_feed (target, error) &&
       dis_sqlite_exec (target, backup_fail, "PRAGMA journal_mode = DELETE", error) &&
       check_copy (target, error);
  if (ok)
    {
      seq = query_text (target, "SELECT coalesce (max (seq), 0) FROM changes");
      events = query_text (target, "SELECT count(*) FROM events");
      pack = query_text (target, "SELECT file FROM map_pack WHERE id = 1");
    }
  g_clear_pointer (&target, sqlite3_close);
  if (!ok || !publish (partial, out, error))
    {
      g_unlink (partial);
      return FALSE;
    }
  printf ("backed up %s to %s: schema %" G_GINT64_FORMAT ", changes up to seq %s, %s event(s)\n",
          path, out, version, seq ? seq : "?", events ? events : "?");
  /* The pack is a file of its own next to the database (map set-pack). */
  if (pack != NULL)
    printf ("the map pack %s is a file next to the database, not in the copy: keep it with the backups\n",
            pack);
  return TRUE;
}

int
dis_hub_backup_main (int    argc,
                     char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "The copy to write (must not exist)", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!dis_hub_cli_parse ("backup", entries, &argc, &argv, &db_path))
    return 2;
  if (argc != 1 || out == NULL)
    {
      g_printerr ("%s", BACKUP_USAGE);
      return 2;
    }
  if (is_postgresql (db_path))
    {
      g_printerr ("disotto-hub backup: this hub is on PostgreSQL: back it up with pg_dump, e.g.\n"
                  "  pg_dump --format=custom --file=hub.dump 'DATABASE_URI'\n"
                  "and restore it with pg_restore (see the help page “Running the hub”).\n");
      return 1;
    }
  if (!backup (db_path, out, &error))
    return dis_hub_cli_fail ("backup", error);
  return 0;
}
