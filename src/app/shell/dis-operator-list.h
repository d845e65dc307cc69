/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_OPERATOR_LIST (dis_operator_list_get_type ())
G_DECLARE_FINAL_TYPE (DisOperatorList, dis_operator_list, DIS, OPERATOR_LIST, GObject)

/* The operators of the point, in the store's order, as a GListModel of
 * DisOperator: what the sign-in page and the operators dialog show. */
DisOperatorList *dis_operator_list_new           (void);
/* Replaces the items with the operators in @store
 * (dis_store_list_operators_async()); on failure the items stay. */
void             dis_operator_list_load_async    (DisOperatorList      *self,
                                                  DisStore             *store,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         dis_operator_list_load_finish   (DisOperatorList      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* The operator with @id, NULL when there is none. */
DisOperator     *dis_operator_list_find          (DisOperatorList      *self,
                                                  gint64                id);

G_END_DECLS
