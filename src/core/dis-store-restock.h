/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-restock-order.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* Restocking at the point (issue 11): the suggested orders, restock
 * orders to suppliers (draft → sent → confirmed → partially_received →
 * received, or cancelled) and receiving goods, with or without an order.
 *
 * Every function here is blocking and thread-safe like every dis_store_*()
 * function; the UI thread calls the _async/_finish pairs (reads on the
 * read worker, changes on the write worker). Changes are the Stock
 * page's: the acting operator must hold DIS_PERMISSION_RESTOCK (the
 * stock's permission: responsabile, coordinatore), else
 * DIS_ERROR_PERMISSION. Bad input fails with DIS_ERROR_INVALID and a
 * message for people, an unknown order with DIS_ERROR_NOT_FOUND; a
 * failed change stores nothing. Each change that leaves the draft state
 * writes the whole order as a "restock.order" outbox event in the same
 * transaction; a receipt also writes its "receive" movements and their
 * "stock.moved" event. After a commit the store emits "stock-changed"
 * (receipts) and "restock-orders-changed" (any change of an order). */

#define DIS_PERMISSION_RESTOCK DIS_PERMISSION_STOCK

/* ---- Suggested orders ------------------------------------------------- */

/* One unsaved order per supplier (state draft, no id), its lines the
 * products under their minimum brought to target and rounded up to the
 * case size (dis_restock_suggest(); what is open on orders already sent
 * counts as stock). A line carries the level, min, target, case size and
 * last purchase cost. Ordered by supplier name; empty when nothing is
 * under its minimum. GPtrArray of DisRestockOrder. */
GPtrArray       *dis_store_restock_suggest        (DisStore            *self,
                                                   GError             **error);
void             dis_store_restock_suggest_async  (DisStore            *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray       *dis_store_restock_suggest_finish (DisStore            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* ---- Drafts ------------------------------------------------------------ */

/* A line of a draft as the manager edited it. */
typedef struct
{
  gint64 product_id;
  gint64 qty;          /* milli-units, > 0 and ≤ DIS_RESTOCK_LINE_MAX */
} DisRestockDraftLine;

#define DIS_RESTOCK_LINE_MAX   G_GINT64_CONSTANT (1000000000)
#define DIS_RESTOCK_LINES_MAX  1000
#define DIS_RESTOCK_NOTE_MAX   200

/* Saves a draft to @supplier_id: a new one when @order_id is NULL (a
 * suggestion the manager keeps), else replaces the lines and note of the
 * draft @order_id (DIS_ERROR_INVALID when it is not a draft any more).
 * 1 … DIS_RESTOCK_LINES_MAX lines, each product once, every product
 * supplied by @supplier_id; @note NULL or ≤ DIS_RESTOCK_NOTE_MAX
 * characters. Returns the draft as stored. No event: drafts stay here. */
DisRestockOrder *dis_store_restock_save_draft        (DisStore                  *self,
                                                      DisOperator               *acting,
                                                      const char                *order_id,
                                                      gint64                     supplier_id,
                                                      const char                *note,
                                                      const DisRestockDraftLine *lines,
                                                      guint                      n_lines,
                                                      GError                   **error);
/* @lines are copied. */
void             dis_store_restock_save_draft_async  (DisStore                  *self,
                                                      DisOperator               *acting,
                                                      const char                *order_id,
                                                      gint64                     supplier_id,
                                                      const char                *note,
                                                      const DisRestockDraftLine *lines,
                                                      guint                      n_lines,
                                                      GCancellable              *cancellable,
                                                      GAsyncReadyCallback        callback,
                                                      gpointer                   user_data);
DisRestockOrder *dis_store_restock_save_draft_finish (DisStore                  *self,
                                                      GAsyncResult              *result,
                                                      GError                   **error);

/* ---- Sending and cancelling ------------------------------------------- */

/* The draft @order_id goes to the supplier through the hub: state sent,
 * and its "restock.order" event. DIS_ERROR_INVALID unless a draft. */
DisRestockOrder *dis_store_restock_send          (DisStore             *self,
                                                  DisOperator          *acting,
                                                  const char           *order_id,
                                                  GError              **error);
void             dis_store_restock_send_async    (DisStore             *self,
                                                  DisOperator          *acting,
                                                  const char           *order_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
DisRestockOrder *dis_store_restock_send_finish   (DisStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Cancels a draft (no event: the hub never saw it) or a sent or confirmed
 * order (with its event). An order of which anything was received is
 * not cancelled (DIS_ERROR_INVALID): the hub never moves it back. */
DisRestockOrder *dis_store_restock_cancel        (DisStore             *self,
                                                  DisOperator          *acting,
                                                  const char           *order_id,
                                                  GError              **error);
void             dis_store_restock_cancel_async  (DisStore             *self,
                                                  DisOperator          *acting,
                                                  const char           *order_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
DisRestockOrder *dis_store_restock_cancel_finish (DisStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* ---- Reading orders ----------------------------------------------------- */

/* The orders whose state is in @states (bits DIS_RESTOCK_STATE_BIT(),
 * e.g. DIS_RESTOCK_OPEN_STATES) to @supplier_id (0: every supplier),
 * newest first, with their lines. The open orders of a supplier are
 * (DIS_RESTOCK_OPEN_STATES, supplier). GPtrArray of DisRestockOrder. */
GPtrArray       *dis_store_restock_list_orders        (DisStore            *self,
                                                       guint                states,
                                                       gint64               supplier_id,
                                                       GError             **error);
void             dis_store_restock_list_orders_async  (DisStore            *self,
                                                       guint                states,
                                                       gint64               supplier_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray       *dis_store_restock_list_orders_finish (DisStore            *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* One order with its lines; DIS_ERROR_NOT_FOUND when unknown. */
DisRestockOrder *dis_store_restock_get_order          (DisStore            *self,
                                                       const char          *order_id,
                                                       GError             **error);
void             dis_store_restock_get_order_async    (DisStore            *self,
                                                       const char          *order_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
DisRestockOrder *dis_store_restock_get_order_finish   (DisStore            *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* ---- Receiving goods --------------------------------------------------- */

/* A delivery as the manager checked it in. Against an open order
 * (order_id set): each line counts on the order line of its product, or,
 * for a substitute, on the line of the product it replaces; a product
 * the order does not have becomes a new line ordered 0. Without an
 * order: the delivery note number names the document. */
typedef struct _DisReceipt DisReceipt;

DisReceipt *dis_receipt_new            (const char  *order_id,        /* NULL: none */
                                        const char  *delivery_note);  /* NULL or ≤ 80 characters */
DisReceipt *dis_receipt_copy           (const DisReceipt *receipt);
void        dis_receipt_free           (DisReceipt  *receipt);
/* One line: @qty delivered, milli-units > 0 (a weighed product's
 * delivered weight: 3.050 kg is 3050); @lot NULL or ≤ 40 characters;
 * @expires_on NULL or YYYY-MM-DD; @unit_cost the new purchase cost,
 * cents per unit (per kg or l when weighed), -1: unknown;
 * @substitute_for the product ordered that this one replaces, 0: none.
 * Returns the line's index. */
guint       dis_receipt_add_line       (DisReceipt  *receipt,
                                        gint64       product_id,
                                        gint64       qty,
                                        const char  *lot,
                                        const char  *expires_on,
                                        gint64       unit_cost,
                                        gint64       substitute_for);
guint       dis_receipt_get_n_lines    (const DisReceipt *receipt);
const char *dis_receipt_get_order_id   (const DisReceipt *receipt);
const char *dis_receipt_get_delivery_note (const DisReceipt *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisReceipt, dis_receipt_free)

#define DIS_RECEIPT_LINES_MAX 1000

/* Writes one "receive" movement per line (document "restock:<order id>"
 * or the delivery note; lot, expiry and unit cost kept as purchase
 * history) and, against an order, what each order line received and the
 * order's new state (partially_received, or received when nothing is
 * open), with its "restock.order" event. The order must be open
 * (sent, confirmed or partially received). Returns the order as it is
 * after the delivery in @out_order (NULL without an order). */
gboolean    dis_store_restock_receive        (DisStore            *self,
                                              DisOperator         *acting,
                                              const DisReceipt    *receipt,
                                              DisRestockOrder    **out_order,
                                              GError             **error);
/* @receipt is copied. */
void        dis_store_restock_receive_async  (DisStore            *self,
                                              DisOperator         *acting,
                                              const DisReceipt    *receipt,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    dis_store_restock_receive_finish (DisStore            *self,
                                              GAsyncResult        *result,
                                              DisRestockOrder    **out_order,
                                              GError             **error);

G_END_DECLS
