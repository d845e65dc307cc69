/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "dis-pack-manager.h"

G_BEGIN_DECLS

/* Shared by dis-pack-manager.c (state, the active pack, import) and
 * dis-pack-manager-download.c (download from the hub). */

struct _DisPackManager
{
  GObject       parent_instance;

  char         *active_path;
  char         *config_dir;
  gboolean      has_active;
  DisPackInfo  *info;
  guint         info_serial;

  SoupSession  *session;
  gboolean      busy;           /* a download or an import is running */
  gboolean      downloading;
  guint64       received;
  guint64       total;
  char         *last_error;
};

/* "<active path><suffix>", for the files kept next to the active pack. */
char        *_dis_pack_manager_sidecar          (DisPackManager  *self,
                                                 const char      *suffix);

/* State changes, notified on the owner's context. */
void         _dis_pack_manager_set_downloading  (DisPackManager  *self,
                                                 gboolean         downloading);
void         _dis_pack_manager_set_progress     (DisPackManager  *self,
                                                 guint64          received,
                                                 guint64          total);
void         _dis_pack_manager_set_last_error   (DisPackManager  *self,
                                                 const char      *message);
/* A new pack is in place: takes @info, emits "pack-changed". */
void         _dis_pack_manager_pack_replaced    (DisPackManager  *self,
                                                 DisPackInfo     *info);

/* On a worker thread of @task (whose source object is the manager):
 * validates @candidate (a file in the active pack's directory) and renames
 * it over the active pack, or removes it; returns the new pack's
 * DisPackInfo, or the error, through @task. @etag: the hub's ETag to
 * remember for If-None-Match, or NULL (an imported file). */
void         _dis_pack_manager_install_in_task  (GTask           *task,
                                                 const char      *candidate,
                                                 const char      *etag);

/* Creates the folder of the active pack; FALSE with a message for people. */
gboolean     _dis_pack_manager_ensure_dir       (DisPackManager  *self,
                                                 GError         **error);
/* The task of a download or an import, or NULL when one is running
 * already (the task has then returned G_IO_ERROR_PENDING). */
GTask       *_dis_pack_manager_new_update       (DisPackManager      *self,
                                                 gpointer             source_tag,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* Ends the update @task on the owner's context: the manager is free
 * again and @error (taken; a cancellation is not shown) recorded, or
 * cleared; the task returns @replaced. */
void         _dis_pack_manager_end_update       (GTask           *task,
                                                 gboolean         replaced,
                                                 GError          *error);
/* Runs @thread with @data on a worker for the update @task; @thread ends
 * with _dis_pack_manager_install_in_task(), then the update ends with the
 * new pack in place, or the error. */
void         _dis_pack_manager_install_async    (GTask           *task,
                                                 GCancellable    *cancellable,
                                                 GTaskThreadFunc  thread,
                                                 gpointer         data,
                                                 GDestroyNotify   data_free);
/* The _finish of an update started with @source_tag. */
gboolean     _dis_pack_manager_update_finish    (DisPackManager  *self,
                                                 GAsyncResult    *result,
                                                 gpointer         source_tag,
                                                 GError         **error);

G_END_DECLS
