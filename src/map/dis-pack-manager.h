/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "dis-pack.h"

G_BEGIN_DECLS

#define DIS_TYPE_PACK_MANAGER (dis_pack_manager_get_type ())

G_DECLARE_FINAL_TYPE (DisPackManager, dis_pack_manager, DIS, PACK_MANAGER, GObject)

/*
 * DisPackManager owns the region map pack of this point.
 *
 * The active pack lives at $XDG_DATA_HOME/disotto/region.mbtiles. It is only
 * ever replaced by an atomic rename of a pack that passed dis_pack_validate(),
 * so a broken or partial download never replaces a good pack.
 *
 * Signals:
 *   "pack-changed" (void): the active pack was replaced (download or import).
 *
 * Properties (all read-only, notified on change, on the main context the
 * manager was created in):
 *   "active-path" (string, NULL when there is no pack)
 *   "downloading" (boolean)
 *   "progress"    (double, 0..1; 0 when the size is unknown)
 *   "bytes-received", "bytes-total" (guint64)
 *   "last-error"  (string, NULL after a success; plain words for the user)
 *   "info"        (pointer to DisPackInfo of the active pack, NULL while
 *                  unknown or when there is no pack; read in the background)
 */

DisPackManager *dis_pack_manager_get_default      (void);
DisPackManager *dis_pack_manager_new              (const char          *active_path);
const char     *dis_pack_manager_get_active_path  (DisPackManager      *self);
gboolean        dis_pack_manager_get_downloading  (DisPackManager      *self);
double          dis_pack_manager_get_progress     (DisPackManager      *self);
guint64         dis_pack_manager_get_bytes_received (DisPackManager    *self);
guint64         dis_pack_manager_get_bytes_total  (DisPackManager      *self);
const char     *dis_pack_manager_get_last_error   (DisPackManager      *self);

/* The default manager reads the enrolment from $XDG_CONFIG_HOME/disotto;
 * the application (--config-dir) and tests point it elsewhere. */
void            dis_pack_manager_set_config_dir   (DisPackManager      *self,
                                                   const char          *config_dir);
const DisPackInfo *dis_pack_manager_get_info      (DisPackManager      *self);

/* TRUE when the sync configuration holds an enrolment (hub URL + token). */
gboolean        dis_pack_manager_can_download     (DisPackManager      *self);

/* Downloads the hub's pack in the background, resuming a partial download.
 * Returns TRUE from _finish when the active pack was replaced, FALSE with no
 * error when the hub's pack is the one already active (304). */
void            dis_pack_manager_download_async   (DisPackManager      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        dis_pack_manager_download_finish  (DisPackManager      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Validates @file, copies it next to the active pack and renames it over. */
void            dis_pack_manager_import_async     (DisPackManager      *self,
                                                   GFile               *file,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        dis_pack_manager_import_finish    (DisPackManager      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
