/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* A ShumateDataSource reading PNG tiles from an MBTiles file (a region
 * pack). Tiles are read on a worker thread with the source's own
 * read-only SQLite connection; rows are TMS (tile_row = 2^z - 1 - y).
 * For every tile found, "received-data" (x, y, zoom, GBytes) is emitted
 * on the caller's main context before the result is returned, as
 * libshumate 1.0 requires. A missing tile fails with G_IO_ERROR_NOT_FOUND,
 * quietly and without "received-data". */

#define DIS_TYPE_MBTILES_SOURCE (dis_mbtiles_source_get_type ())
G_DECLARE_FINAL_TYPE (DisMbtilesSource, dis_mbtiles_source, DIS, MBTILES_SOURCE, ShumateDataSource)

/* Opens and validates @path (see dis_pack_validate()); NULL with a
 * translated error saying what is wrong. */
DisMbtilesSource *dis_mbtiles_source_new              (const char        *path,
                                                       GError           **error);
/* The same on a worker thread (opening runs SQLite's quick check). */
void              dis_mbtiles_source_new_async        (const char          *path,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
DisMbtilesSource *dis_mbtiles_source_new_finish       (GAsyncResult        *result,
                                                       GError             **error);
const char       *dis_mbtiles_source_get_name         (DisMbtilesSource  *self);
const char       *dis_mbtiles_source_get_attribution  (DisMbtilesSource  *self);  /* NULL when none */
guint             dis_mbtiles_source_get_min_zoom     (DisMbtilesSource  *self);
guint             dis_mbtiles_source_get_max_zoom     (DisMbtilesSource  *self);
/* Degrees, WGS84. */
void              dis_mbtiles_source_get_bounds       (DisMbtilesSource  *self,
                                                       double            *west,
                                                       double            *south,
                                                       double            *east,
                                                       double            *north);
/* A raster renderer over this source with id, name, licence (the
 * attribution), zoom range, Web Mercator and 256-pixel tiles set: give
 * it to shumate_map_layer_new() and to a ShumateLicense overlay. The
 * viewport zoom still has to be clamped by the caller. */
ShumateMapSource *dis_mbtiles_source_create_renderer  (DisMbtilesSource  *self);

/* Blocking read of one tile, for tests and benchmarks (thread-safe);
 * @y is the XYZ row (flipped to TMS inside). */
GBytes           *dis_mbtiles_source_read_tile        (DisMbtilesSource  *self,
                                                       int                x,
                                                       int                y,
                                                       int                zoom,
                                                       GError           **error);

G_END_DECLS
