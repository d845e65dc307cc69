/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-store.h"

G_BEGIN_DECLS

/* Loads the demo network from @dir (data/demo/: settings.json, points.json,
 * suppliers.json, basket.json, own-products.json) into @store and makes it
 * the point @point_code with device "C1". Idempotent. */
gboolean dis_demo_load (DisStore    *store,
                        const char  *dir,
                        const char  *point_code,
                        GError     **error);

/* The same on the store's write worker, for the UI thread. */
void     dis_store_load_demo_async  (DisStore            *self,
                                     const char          *dir,
                                     const char          *point_code,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean dis_store_load_demo_finish (DisStore            *self,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
