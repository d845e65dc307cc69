/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-store.h"

G_BEGIN_DECLS

DisPointRecord *dis_point_record_copy (const DisPointRecord *point);
void            dis_point_record_free (DisPointRecord       *point);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisPointRecord, dis_point_record_free)

/* All network points, by name; a GPtrArray of DisPointRecord copies
 * (free function set). Blocking, on the read connection. */
GPtrArray *dis_store_list_points        (DisStore            *self,
                                         GError             **error);
void       dis_store_list_points_async  (DisStore            *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *dis_store_list_points_finish (DisStore            *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* What the map shows, read together on the read worker: every network
 * point (as dis_store_list_points()) and, in @out_own_code, this point's
 * own code (NULL before the till has an identity). */
void       dis_store_load_map_points_async  (DisStore            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray *dis_store_load_map_points_finish (DisStore            *self,
                                             GAsyncResult        *result,
                                             char               **out_own_code,
                                             GError             **error);

G_END_DECLS
