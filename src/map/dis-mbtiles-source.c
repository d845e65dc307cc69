/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-mbtiles-source.h"
#include "dis-pack.h"
#include "dis-sqlite.h"

#define TILE_SQL \
  "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3"

/* A small pool of read-only connections: tile requests come in bursts of
 * a dozen or so, and SQLite connections opened NOMUTEX must not be shared
 * between threads at once. Each connection is taken out of the pool for
 * one read and given back. */
#define POOL_MAX 4

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *stmt;
} Conn;

struct _DisMbtilesSource
{
  ShumateDataSource  parent_instance;

  DisPackInfo       *info;

  GMutex             pool_lock;
  GPtrArray         *pool;      /* idle Conn* */
};

G_DEFINE_FINAL_TYPE (DisMbtilesSource, dis_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE)

typedef struct
{
  int x;
  int y;
  int zoom;
} TileRequest;

static void
conn_free (Conn *conn)
{
  if (conn == NULL)
    return;

  g_clear_pointer (&conn->stmt, sqlite3_finalize);
  g_clear_pointer (&conn->db, sqlite3_close);
  g_free (conn);
}

/* A failed read: SQLite's message for the log, and the words people see. */
static void
read_fail (GError     **error,
           const char  *message)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Could not read the region pack: %s"), message);
}

static Conn *
conn_open (const char  *path,
           GError     **error)
{
  Conn *conn = g_new0 (Conn, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;

  conn->db = dis_sqlite_open (path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, &message);
  if (conn->db != NULL)
    conn->stmt = dis_sqlite_prepare (conn->db, read_fail, TILE_SQL, SQLITE_PREPARE_PERSISTENT, &local_error);
  if (conn->stmt == NULL)
    {
      g_debug ("Opening %s: %s", path, message != NULL ? message : local_error->message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The region pack is damaged: it is not a readable map database"));
      conn_free (conn);
      return NULL;
    }

  return conn;
}

static Conn *
take_conn (DisMbtilesSource  *self,
           GError           **error)
{
  Conn *conn = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->pool->len > 0)
    conn = g_ptr_array_steal_index_fast (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (conn == NULL)
    conn = conn_open (self->info->path, error);

  return conn;
}

static void
give_conn (DisMbtilesSource *self,
           Conn             *conn)
{
  sqlite3_reset (conn->stmt);

  g_mutex_lock (&self->pool_lock);
  if (self->pool->len < POOL_MAX)
    g_ptr_array_add (self->pool, g_steal_pointer (&conn));
  g_mutex_unlock (&self->pool_lock);

  conn_free (conn);
}

GBytes *
dis_mbtiles_source_read_tile (DisMbtilesSource  *self,
                              int                x,
                              int                y,
                              int                zoom,
                              GError           **error)
{
  Conn *conn;
  GBytes *bytes = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_MBTILES_SOURCE (self), NULL);

  if (zoom < (int) self->info->min_zoom || zoom > (int) self->info->max_zoom ||
      x < 0 || y < 0 || x >= (1 << zoom) || y >= (1 << zoom))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No tile %d/%d/%d in the region pack", zoom, x, y);
      return NULL;
    }

  if (!(conn = take_conn (self, error)))
    return NULL;

  sqlite3_bind_int (conn->stmt, 1, zoom);
  sqlite3_bind_int (conn->stmt, 2, x);
  /* MBTiles rows count from the south (TMS). */
  sqlite3_bind_int (conn->stmt, 3, (1 << zoom) - 1 - y);

  if (dis_sqlite_step_row (conn->db, read_fail, conn->stmt, &has_row, error))
    {
      if (has_row && sqlite3_column_type (conn->stmt, 0) == SQLITE_BLOB)
        bytes = g_bytes_new (sqlite3_column_blob (conn->stmt, 0),
                             sqlite3_column_bytes (conn->stmt, 0));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "No tile %d/%d/%d in the region pack", zoom, x, y);
    }

  give_conn (self, conn);
  return bytes;
}

static void
read_tile_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TileRequest *req = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;

  bytes = dis_mbtiles_source_read_tile (source_object, req->x, req->y, req->zoom, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* Back on the caller's context: announce the tile (the raster renderer
 * decodes only what arrives through "received-data"), then complete the
 * outer task. */
static void
read_tile_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DisMbtilesSource *self = (DisMbtilesSource *) object;
  g_autoptr(GTask) task = user_data;
  TileRequest *req = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_signal_emit_by_name (self, "received-data", req->x, req->y, req->zoom, bytes);
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
dis_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                        int                  x,
                                        int                  y,
                                        int                  zoom_level,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  DisMbtilesSource *self = (DisMbtilesSource *) source;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  TileRequest *req;

  g_assert (DIS_IS_MBTILES_SOURCE (self));

  req = g_new (TileRequest, 1);
  req->x = x;
  req->y = y;
  req->zoom = zoom_level;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dis_mbtiles_source_get_tile_data_async);
  g_task_set_task_data (task, req, g_free);

  worker = g_task_new (self, cancellable, read_tile_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, read_tile_thread);
  g_task_set_task_data (worker, g_memdup2 (req, sizeof *req), g_free);
  g_task_run_in_thread (worker, read_tile_thread);
}

static GBytes *
dis_mbtiles_source_get_tile_data_finish (ShumateDataSource  *source,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_assert (g_task_is_valid (result, source));
  g_assert (g_task_get_source_tag (G_TASK (result)) == dis_mbtiles_source_get_tile_data_async);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dis_mbtiles_source_finalize (GObject *object)
{
  DisMbtilesSource *self = (DisMbtilesSource *) object;

  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_mutex_clear (&self->pool_lock);
  g_clear_pointer (&self->info, dis_pack_info_free);

  G_OBJECT_CLASS (dis_mbtiles_source_parent_class)->finalize (object);
}

static void
dis_mbtiles_source_class_init (DisMbtilesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = dis_mbtiles_source_finalize;

  source_class->get_tile_data_async = dis_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = dis_mbtiles_source_get_tile_data_finish;
}

static void
dis_mbtiles_source_init (DisMbtilesSource *self)
{
  g_mutex_init (&self->pool_lock);
  self->pool = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_free);
}

DisMbtilesSource *
dis_mbtiles_source_new (const char  *path,
                        GError     **error)
{
  g_autoptr(DisMbtilesSource) self = NULL;
  g_autoptr(DisPackInfo) info = NULL;
  Conn *conn;

  g_return_val_if_fail (path != NULL, NULL);

  /* The full integrity check ran when the pack was installed; opening
   * needs only to catch a file damaged since. */
  if (!dis_pack_validate_full (path, TRUE, &info, error))
    return NULL;

  self = g_object_new (DIS_TYPE_MBTILES_SOURCE, NULL);
  self->info = g_steal_pointer (&info);

  if (!(conn = conn_open (path, error)))
    return NULL;
  g_ptr_array_add (self->pool, conn);

  return g_steal_pointer (&self);
}

void
dis_mbtiles_source_new_async (const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (path != NULL);

  dis_sqlite_open_in_thread (path, (DisSqliteOpenFunc) dis_mbtiles_source_new,
                             dis_mbtiles_source_new_async, cancellable, callback, user_data);
}

DisMbtilesSource *
dis_mbtiles_source_new_finish (GAsyncResult  *result,
                               GError       **error)
{
  return dis_sqlite_open_in_thread_finish (result, dis_mbtiles_source_new_async, error);
}

const char *
dis_mbtiles_source_get_name (DisMbtilesSource *self)
{
  g_return_val_if_fail (DIS_IS_MBTILES_SOURCE (self), NULL);
  return self->info->name;
}

const char *
dis_mbtiles_source_get_attribution (DisMbtilesSource *self)
{
  g_return_val_if_fail (DIS_IS_MBTILES_SOURCE (self), NULL);
  return self->info->attribution;
}

guint
dis_mbtiles_source_get_min_zoom (DisMbtilesSource *self)
{
  g_return_val_if_fail (DIS_IS_MBTILES_SOURCE (self), 0);
  return self->info->min_zoom;
}

guint
dis_mbtiles_source_get_max_zoom (DisMbtilesSource *self)
{
  g_return_val_if_fail (DIS_IS_MBTILES_SOURCE (self), 0);
  return self->info->max_zoom;
}

void
dis_mbtiles_source_get_bounds (DisMbtilesSource *self,
                               double           *west,
                               double           *south,
                               double           *east,
                               double           *north)
{
  g_return_if_fail (DIS_IS_MBTILES_SOURCE (self));

  if (west)
    *west = self->info->west;
  if (south)
    *south = self->info->south;
  if (east)
    *east = self->info->east;
  if (north)
    *north = self->info->north;
}

ShumateMapSource *
dis_mbtiles_source_create_renderer (DisMbtilesSource *self)
{
  g_return_val_if_fail (DIS_IS_MBTILES_SOURCE (self), NULL);

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("disotto-region-pack",
                                                               self->info->name,
                                                               self->info->attribution,
                                                               NULL,
                                                               self->info->min_zoom,
                                                               self->info->max_zoom,
                                                               256,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (self)));
}
