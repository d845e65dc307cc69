/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* The region map pack the hub hands out to points (DESIGN.md §6). */

/* Checks an MBTiles file with the point's own dis_pack_validate()
 * (SQLite integrity, metadata name, format png, minzoom ≤ maxzoom in
 * 0…22, bounds, at least one tile in that range), so the hub never hands
 * out a pack a point refuses. DIS_HUB_ERROR_INVALID names @path. */
gboolean dis_hub_map_validate    (const char         *path,
                                  GError            **error);

/* Validates @file, copies it next to the hub database (atomically: a copy
 * under a temporary name, then a rename), and records its SHA-256 (the
 * ETag) and size. The previous pack file is removed. */
gboolean dis_hub_map_set_pack    (DisHubDb           *db,
                                  const char         *db_path,
                                  const char         *file,
                                  char              **out_path,
                                  char              **out_etag,
                                  gint64             *out_size,
                                  GError            **error);

/* Answers GET /api/v1/map/pack for an authenticated request with
 * @request headers: 200 with the whole pack, 304 when If-None-Match
 * names its ETag, 206 for a single byte range (honouring If-Range), 416
 * for an unsatisfiable range. TRUE with the status in @out_status, the
 * body (none for 304) in @out_body and the reply's headers added to
 * @response; FALSE and the caller replies with
 * @out_status/@out_code/@out_message. No libsoup message: it runs on a
 * worker. */
gboolean dis_hub_map_serve_pack  (DisHubDb           *db,
                                  const char         *db_path,
                                  SoupMessageHeaders *request,
                                  SoupMessageHeaders *response,
                                  GBytes            **out_body,
                                  guint              *out_status,
                                  const char        **out_code,
                                  const char        **out_message);

/* Runs the pack builder script with @args (its own command line), then
 * validates @out_file. Returns the process exit status. */
int      dis_hub_map_build       (const char * const *args,
                                  const char         *out_file);

G_END_DECLS
