/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-map"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dis-hub-map.h"
#include "dis-pack.h"

/* ---- Validation ---------------------------------------------------------- */

/* A pack is a SQLite file by design, whatever engine keeps the hub's own
 * data: dispack (and the pack builder, which writes it) read it with
 * SQLite; the hub's tables go through DisHubDb like everywhere else. */

gboolean
dis_hub_map_validate (const char  *path,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!dis_pack_validate (path, NULL, &local_error))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "%s: %s", path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- Setting the pack ---------------------------------------------------- */

static const char *table_sql =
  "CREATE TABLE IF NOT EXISTS map_pack ("
  "  id     INTEGER PRIMARY KEY CHECK (id = 1),"
  "  file   TEXT NOT NULL,"         /* name in the database's directory */
  "  etag   TEXT NOT NULL,"         /* hex SHA-256 of the file */
  "  size   INTEGER NOT NULL,"
  "  set_at TEXT NOT NULL"
  ") STRICT";

/* Where the pack files live: beside a SQLite database; for one on
 * PostgreSQL, which has no folder, the working directory of the hub
 * (every `serve` of that database runs in one holding the same files). */
static char *
files_dir (const char *db_path)
{
  if (dis_hub_db_location_is_postgresql (db_path))
    return g_get_current_dir ();
  return g_path_get_dirname (db_path);
}

static char *
sha256_file (const char  *path,
             gint64      *out_size,
             GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = g_malloc (1 << 16);
  FILE *file = g_fopen (path, "rb");
  gint64 size = 0;
  size_t n;

  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  while ((n = fread (buffer, 1, 1 << 16, file)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      size += n;
    }
  if (ferror (file))
    {
      fclose (file);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: read error", path);
      return NULL;
    }
  fclose (file);
  *out_size = size;
  return g_strdup (g_checksum_get_string (checksum));
}

gboolean
dis_hub_map_set_pack (DisHubDb    *db,
                      const char  *db_path,
                      const char  *file,
                      char       **out_path,
                      char       **out_etag,
                      gint64      *out_size,
                      GError     **error)
{
  g_autofree char *dir = files_dir (db_path);
  g_autofree char *base = dis_hub_db_location_is_postgresql (db_path) ? g_strdup ("hub") : g_path_get_basename (db_path);
  g_autofree char *tmp_path = g_strdup_printf ("%s/.%s.map-XXXXXX", dir, base);
  g_autofree char *etag = NULL, *final_name = NULL, *final_path = NULL;
  g_autofree char *old_name = NULL, *now = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (file);
  g_autoptr(GFile) copy = NULL;
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;
  gint64 size = 0;
  int fd;

  if (!dis_hub_map_validate (file, error))
    return FALSE;

  /* Copy under a temporary name in the same directory, check the copy (not
   * the source, which could change meanwhile), then rename into place. */
  fd = g_mkstemp_full (tmp_path, O_RDWR, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  copy = g_file_new_for_path (tmp_path);
  if (!g_file_copy (source, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error) ||
      !dis_hub_map_validate (tmp_path, error) ||
      (etag = sha256_file (tmp_path, &size, error)) == NULL)
    goto failed;

  /* Named by content: the row and the file always agree, and a request
   * already streaming the old pack keeps its own mapping. */
  final_name = g_strdup_printf ("%s.map-%.16s.mbtiles", base, etag);
  final_path = g_build_filename (dir, final_name, NULL);
  if (g_rename (tmp_path, final_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", final_path, g_strerror (saved));
      goto failed;
    }
  g_clear_pointer (&tmp_path, g_free);

  if (!dis_hub_db_exec_schema (db, table_sql, error) || !dis_hub_db_begin (db, error))
    return FALSE;
  stmt = dis_hub_db_prepare (db, "SELECT file FROM map_pack WHERE id = 1", error);
  if (stmt == NULL || !dis_hub_db_step (db, stmt, &has_row, error))
    goto rollback;
  if (has_row)
    old_name = dis_hub_column_dup (stmt, 0);
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO map_pack (id, file, etag, size, set_at) VALUES (1, ?1, ?2, ?3, ?4)"
                             " ON CONFLICT (id) DO UPDATE SET file = excluded.file, etag = excluded.etag,"
                             " size = excluded.size, set_at = excluded.set_at",
                             error);
  if (stmt == NULL)
    goto rollback;
  now = dis_hub_now_iso ();
  dis_hub_stmt_bind_text (stmt, 1, final_name);
  dis_hub_stmt_bind_text (stmt, 2, etag);
  dis_hub_stmt_bind_int64 (stmt, 3, size);
  dis_hub_stmt_bind_text (stmt, 4, now);
  if (!dis_hub_db_step_done (db, stmt, error) || !dis_hub_db_commit (db, error))
    goto rollback;

  if (old_name != NULL && !g_str_equal (old_name, final_name))
    {
      g_autofree char *old_path = g_build_filename (dir, old_name, NULL);

      g_unlink (old_path);
    }
  if (out_path)
    *out_path = g_steal_pointer (&final_path);
  if (out_etag)
    *out_etag = g_steal_pointer (&etag);
  if (out_size)
    *out_size = size;
  return TRUE;

rollback:
  dis_hub_db_rollback (db);
  return FALSE;

failed:
  if (tmp_path != NULL)
    g_unlink (tmp_path);
  return FALSE;
}

/* ---- Serving the pack ---------------------------------------------------- */

/* Does the comma-separated entity-tag list @header name @etag (quoted)?
 * Weak comparison, as If-None-Match wants. */
static gboolean
etag_list_matches (const char *header,
                   const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

typedef enum { RANGE_NONE, RANGE_OK, RANGE_UNSATISFIABLE } RangeResult;

/* One range of "bytes=N-", "bytes=N-M" or "bytes=-S"; anything else (several
 * ranges, other units, bad syntax) is ignored and the whole file is sent,
 * as RFC 9110 allows. */
static RangeResult
parse_range (const char *header,
             gint64      size,
             gint64     *out_start,
             gint64     *out_end)
{
  g_autofree char *spec = NULL;
  char *dash;
  guint64 a = 0, b = 0;

  if (header == NULL || !g_str_has_prefix (header, "bytes="))
    return RANGE_NONE;
  spec = g_strstrip (g_strdup (header + 6));
  if (strchr (spec, ',') != NULL || (dash = strchr (spec, '-')) == NULL)
    return RANGE_NONE;
  *dash = '\0';
  g_strstrip (spec);
  g_strstrip (dash + 1);
  if (*spec == '\0')
    {
      /* Suffix: the last S bytes. */
      if (!g_ascii_string_to_unsigned (dash + 1, 10, 0, G_MAXINT64, &b, NULL))
        return RANGE_NONE;
      if (b == 0 || size == 0)
        return RANGE_UNSATISFIABLE;
      *out_start = size - MIN ((gint64) b, size);
      *out_end = size - 1;
      return RANGE_OK;
    }
  if (!g_ascii_string_to_unsigned (spec, 10, 0, G_MAXINT64, &a, NULL))
    return RANGE_NONE;
  if (dash[1] != '\0')
    {
      if (!g_ascii_string_to_unsigned (dash + 1, 10, 0, G_MAXINT64, &b, NULL) || b < a)
        return RANGE_NONE;
    }
  else
    b = G_MAXINT64;
  if ((gint64) a >= size)
    return RANGE_UNSATISFIABLE;
  *out_start = a;
  *out_end = MIN ((gint64) b, size - 1);
  return RANGE_OK;
}

static gboolean
lookup_pack (DisHubDb    *db,
             char       **out_file,
             char       **out_etag,
             gint64      *out_size,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  *out_file = NULL;
  if (!dis_hub_db_has_table (db, "map_pack", &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  stmt = dis_hub_db_prepare (db, "SELECT file, etag, size FROM map_pack WHERE id = 1", error);
  if (stmt == NULL || !dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_file = dis_hub_column_dup (stmt, 0);
      *out_etag = dis_hub_column_dup (stmt, 1);
      *out_size = dis_hub_stmt_column_int64 (stmt, 2);
    }
  return TRUE;
}

gboolean
dis_hub_map_serve_pack (DisHubDb           *db,
                        const char         *db_path,
                        SoupMessageHeaders *request,
                        SoupMessageHeaders *response,
                        GBytes            **out_body,
                        guint              *out_status,
                        const char        **out_code,
                        const char        **out_message)
{
  g_autofree char *file = NULL, *hex = NULL, *etag = NULL, *dir = NULL, *path = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *if_range;
  gint64 size = 0, start = 0, end = 0;
  RangeResult range;

  if (!lookup_pack (db, &file, &hex, &size, &error))
    {
      g_warning ("map pack: %s", error->message);
      *out_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      *out_code = "internal_error";
      *out_message = "database error";
      return FALSE;
    }
  if (file == NULL)
    {
      *out_status = SOUP_STATUS_NOT_FOUND;
      *out_code = "no_pack";
      *out_message = "the hub has no map pack (disotto-hub map set-pack)";
      return FALSE;
    }

  dir = files_dir (db_path);
  path = g_build_filename (dir, file, NULL);
  /* A read-only mapping: the bytes go out without being copied to the heap. */
  mapped = g_mapped_file_new (path, FALSE, &error);
  if (mapped == NULL || (gint64) g_mapped_file_get_length (mapped) != size)
    {
      g_warning ("map pack %s: %s", path, error ? error->message : "size differs from the recorded one");
      *out_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      *out_code = "internal_error";
      *out_message = "the map pack file is missing or changed";
      return FALSE;
    }
  bytes = g_mapped_file_get_bytes (mapped);

  etag = g_strdup_printf ("\"%s\"", hex);
  soup_message_headers_replace (response, "ETag", etag);
  soup_message_headers_replace (response, "Accept-Ranges", "bytes");
  soup_message_headers_replace (response, "Cache-Control", "no-cache");

  if (etag_list_matches (soup_message_headers_get_one (request, "If-None-Match"), etag))
    {
      *out_status = SOUP_STATUS_NOT_MODIFIED;
      *out_body = NULL;
      return TRUE;
    }

  range = parse_range (soup_message_headers_get_one (request, "Range"), size, &start, &end);
  /* If-Range: a range of this very file only; another ETag (or a date)
   * means the client's partial copy is stale, so send everything. */
  if_range = soup_message_headers_get_one (request, "If-Range");
  if (range != RANGE_NONE && if_range != NULL && !g_str_equal (if_range, etag))
    range = RANGE_NONE;

  if (range == RANGE_UNSATISFIABLE)
    {
      g_autofree char *content_range = g_strdup_printf ("bytes */%" G_GINT64_FORMAT, size);

      soup_message_headers_replace (response, "Content-Range", content_range);
      *out_status = SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE;
      *out_code = "range_not_satisfiable";
      *out_message = "the range starts past the end of the pack";
      return FALSE;
    }

  soup_message_headers_set_content_type (response, "application/vnd.sqlite3", NULL);
  if (range == RANGE_OK)
    {
      g_autofree char *content_range =
        g_strdup_printf ("bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                         start, end, size);

      soup_message_headers_replace (response, "Content-Range", content_range);
      *out_body = g_bytes_new_from_bytes (bytes, start, end - start + 1);
      *out_status = SOUP_STATUS_PARTIAL_CONTENT;
    }
  else
    {
      /* The caller drops Range from the request: libsoup would cut a 200
       * to it on its own, and the decision is ours. */
      *out_body = g_bytes_ref (bytes);
      *out_status = SOUP_STATUS_OK;
    }
  return TRUE;
}

/* ---- Building a pack ----------------------------------------------------- */

static char *
builder_script (void)
{
  const char *env = g_getenv ("DIS_PACK_BUILDER");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* Uninstalled (run from the build tree): the script next to the source. */
  if (self != NULL && g_str_has_prefix (self, HUB_BUILD_ROOT "/") &&
      g_file_test (PACK_BUILDER_SOURCE, G_FILE_TEST_EXISTS))
    return g_strdup (PACK_BUILDER_SOURCE);
  return g_strdup (PACK_BUILDER_INSTALLED);
}

int
dis_hub_map_build (const char * const *args,
                   const char         *out_file)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, builder_script ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  if (process == NULL || !g_subprocess_wait (process, NULL, &error))
    {
      g_printerr ("disotto-hub map build: %s\n", error->message);
      return 1;
    }
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_printerr ("disotto-hub map build: the pack builder failed\n");
      return 1;
    }
  if (!dis_hub_map_validate (out_file, &error))
    {
      g_printerr ("disotto-hub map build: the result is not a valid pack: %s\n", error->message);
      return 1;
    }
  return 0;
}
