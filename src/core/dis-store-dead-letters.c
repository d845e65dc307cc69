/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include "dis-store-private.h"
#include "dis-sync.h"

/* The events the hub rejected, for the UI thread; the blocking reader
 * belongs to the sync engine (dis-store-sync.c). */

static gpointer
list_dead_letters_func (DisStore  *store,
                        gpointer   data,
                        GError   **error)
{
  return dis_store_list_dead_letters (store, error);
}

void
dis_store_list_dead_letters_async (DisStore            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, FALSE, dis_store_list_dead_letters_async, list_dead_letters_func,
                        NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                        cancellable, callback, user_data);
}

GPtrArray *
dis_store_list_dead_letters_finish (DisStore      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_list_dead_letters_async, error);
}
