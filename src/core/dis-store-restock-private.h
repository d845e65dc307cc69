/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-store-private.h"
#include "dis-store-restock.h"

G_BEGIN_DECLS

/* What the files of dis-store-restock*.c share. */

/* The order @order_id with its lines, on whichever connection the caller
 * holds; DIS_ERROR_NOT_FOUND when there is none. */
DisRestockOrder *_dis_store_restock_read_order  (DisDb        *db,
                                                 const char   *order_id,
                                                 GError      **error);

/* The checks every change makes first: @acting may restock here, and the
 * point has an identity (for the events). */
DisIdentity     *_dis_store_restock_begin       (DisDb        *db,
                                                 DisOperator  *acting,
                                                 GError      **error);

/* Inside the caller's transaction: @order_id's state becomes @state
 * (sent_at set when it is sent), and unless a draft is cancelled the
 * whole order goes out as a "restock.order" event. */
gboolean         _dis_store_restock_set_state   (DisDb           *db,
                                                 DisIdentity     *identity,
                                                 const char      *order_id,
                                                 DisRestockState  state,
                                                 const char      *at,
                                                 GError         **error);

/* The quantity still open of each product on orders sent to suppliers,
 * product id → gint64* (freed with the table). */
GHashTable      *_dis_store_restock_on_order    (DisDb        *db,
                                                 GError      **error);

/* A "restock_order" change of the hub's feed, in the page's transaction:
 * the hub confirmed a sent order of this point. */
gboolean         _dis_store_apply_restock_confirm (DisDb                        *db,
                                                   const DisCodecRestockConfirm *confirm,
                                                   GError                      **error);

/* Emits "restock-orders-changed" on the store creator's main context. */
void             _dis_store_notify_restock_orders_changed (DisStore *self);

G_END_DECLS
