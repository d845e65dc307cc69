/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-operator.h"
#include "dis-stock.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* The point's stock ledger (DESIGN.md §3 "Stock", issue 11). Blocking and
 * thread-safe like every dis_store_*() function; the UI calls the
 * _async/_finish pairs (reads on the read worker, writes on the write
 * worker).
 *
 * A level is always the sum of its product's movements: nothing here
 * writes a level directly. Every write is for the Stock page: the acting
 * operator needs DIS_PERMISSION_STOCK (responsabile, coordinatore), else
 * DIS_ERROR_PERMISSION. Bad input fails with DIS_ERROR_INVALID and a
 * message for people, and writes nothing. A write that moves stock writes
 * its movements, their levels and the outbox events for the hub
 * ("stock.moved", "transfer.sent", "transfer.received") in ONE
 * transaction, then emits "stock-changed" (and "outbox-changed"). Sales
 * and refunds emit "stock-changed" too. */

/* ---- Levels and history ------------------------------------------------------ */

/* Every product of the catalog with its level, minimum, target, days of
 * cover, nearest expiry and flags (DisStockLevel), by name: the page
 * filters them in memory. GPtrArray of DisStockLevel*, owning them. */
GPtrArray *dis_store_stock_list_levels     (DisStore      *self,
                                            GError       **error);
/* The movements of @product_id, newest first, at most @limit (0: all).
 * GPtrArray of DisStockMovement*; empty for a product without any;
 * DIS_ERROR_NOT_FOUND for an unknown product. */
GPtrArray *dis_store_stock_list_movements  (DisStore      *self,
                                            gint64         product_id,
                                            guint          limit,
                                            GError       **error);

/* ---- Minimum and target ------------------------------------------------------- */

/* @min_qty and @target_qty in milli-units, -1 to leave unset; each
 * 0 … DIS_QUANTITY_MAX, and the target not below the minimum when both
 * are set. */
gboolean   dis_store_stock_set_limits      (DisStore      *self,
                                            DisOperator   *acting,
                                            gint64         product_id,
                                            gint64         min_qty,
                                            gint64         target_qty,
                                            GError       **error);

/* ---- Waste --------------------------------------------------------------------- */

/* @qty (milli-units > 0) of @product_id thrown away or broken: a "waste"
 * movement of -@qty with @reason (1 … DIS_STOCK_REASON_MAX characters,
 * required). */
gboolean   dis_store_stock_record_waste    (DisStore      *self,
                                            DisOperator   *acting,
                                            gint64         product_id,
                                            gint64         qty,
                                            const char    *reason,
                                            GError       **error);

/* ---- Transfers ------------------------------------------------------------------- */

typedef struct
{
  gint64 product_id;
  gint64 qty;          /* milli-units > 0 */
} DisStockTransferItem;

/* Sends stock to the point @to_point (a code of the network, not this
 * point's): a negative "transfer" movement per line at once (document
 * "transfer:<id>"), and the "transfer.sent" event; the receiver confirms
 * what arrived. 1 … 1000 lines, each product once. Returns the new
 * transfer's id (UUID). */
char      *dis_store_stock_send_transfer   (DisStore                    *self,
                                            DisOperator                 *acting,
                                            const char                  *to_point,
                                            const DisStockTransferItem  *items,
                                            guint                        n_items,
                                            GError                     **error);
/* Transfers to and from this point, the ones still to confirm first,
 * then newest first. @incoming_only: only those sent to this point.
 * GPtrArray of DisStockTransfer*. */
GPtrArray *dis_store_stock_list_transfers  (DisStore      *self,
                                            gboolean       incoming_only,
                                            GError       **error);
/* Confirms the incoming transfer @transfer_id with what arrived:
 * @received[i] (milli-units ≥ 0) for the transfer's line i, in the
 * order of DisStockTransfer.lines; @n_received must be their number. A
 * positive "transfer" movement per line that arrived, and the
 * "transfer.received" event. DIS_ERROR_NOT_FOUND for an unknown transfer
 * or a product with a quantity > 0 that is not in this point's catalog;
 * DIS_ERROR_INVALID for a transfer already confirmed or not incoming. */
gboolean   dis_store_stock_confirm_transfer (DisStore      *self,
                                             DisOperator   *acting,
                                             const char    *transfer_id,
                                             const gint64  *received,
                                             guint          n_received,
                                             GError       **error);

/* ---- For the UI thread ------------------------------------------------------------ */

void       dis_store_stock_list_levels_async      (DisStore            *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray *dis_store_stock_list_levels_finish     (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       dis_store_stock_list_movements_async   (DisStore            *self,
                                                   gint64               product_id,
                                                   guint                limit,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray *dis_store_stock_list_movements_finish  (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       dis_store_stock_set_limits_async       (DisStore            *self,
                                                   DisOperator         *acting,
                                                   gint64               product_id,
                                                   gint64               min_qty,
                                                   gint64               target_qty,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   dis_store_stock_set_limits_finish      (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       dis_store_stock_record_waste_async     (DisStore            *self,
                                                   DisOperator         *acting,
                                                   gint64               product_id,
                                                   gint64               qty,
                                                   const char          *reason,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   dis_store_stock_record_waste_finish    (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* The items are copied. */
void       dis_store_stock_send_transfer_async    (DisStore                    *self,
                                                   DisOperator                 *acting,
                                                   const char                  *to_point,
                                                   const DisStockTransferItem  *items,
                                                   guint                        n_items,
                                                   GCancellable                *cancellable,
                                                   GAsyncReadyCallback          callback,
                                                   gpointer                     user_data);
char      *dis_store_stock_send_transfer_finish   (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       dis_store_stock_list_transfers_async   (DisStore            *self,
                                                   gboolean             incoming_only,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray *dis_store_stock_list_transfers_finish  (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* @received is copied. */
void       dis_store_stock_confirm_transfer_async (DisStore            *self,
                                                   DisOperator         *acting,
                                                   const char          *transfer_id,
                                                   const gint64        *received,
                                                   guint                n_received,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   dis_store_stock_confirm_transfer_finish (DisStore           *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);

G_END_DECLS
