/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a valid region pack (MBTiles 1.3, PNG tiles) says about itself. */
typedef struct
{
  char   *path;
  char   *name;
  char   *format;          /* "png" */
  char   *attribution;     /* NULL when the pack has none */
  char   *description;     /* NULL when the pack has none */
  guint   min_zoom;
  guint   max_zoom;
  double  west;            /* bounds, degrees WGS84 */
  double  south;
  double  east;
  double  north;
  gint64  n_tiles;
  gint64  size_bytes;      /* file size */
} DisPackInfo;

void         dis_pack_info_free (DisPackInfo *info);
DisPackInfo *dis_pack_info_copy (const DisPackInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisPackInfo, dis_pack_info_free)

/* Blocking (call it off the UI thread). Checks that @path is an SQLite
 * file passing integrity_check, with metadata name, format=png, minzoom,
 * maxzoom within 0–22, bounds "w,s,e,n", and at least one tile. On
 * success fills *@info (may be NULL) and returns TRUE; otherwise FALSE
 * with a translated G_IO_ERROR_INVALID_DATA (or G_IO_ERROR_NOT_FOUND for
 * a missing file) whose message says what is wrong in plain words.
 * @quick uses quick_check instead of integrity_check (for opening a pack
 * already verified at install time). */
gboolean     dis_pack_validate      (const char   *path,
                                     DisPackInfo **info,
                                     GError      **error);
gboolean     dis_pack_validate_full (const char   *path,
                                     gboolean      quick,
                                     DisPackInfo **info,
                                     GError      **error);

G_END_DECLS
