/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-cart.h"
#include "dis-order.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* Member orders at the point (issue 13): the open cycles and this point's
 * schedule as the hub's changes feed brought them, orders taken here
 * (saved at once, offline, and confirmed or refused by the hub later),
 * their preparation, delivery and hand-over.
 *
 * Every function here is blocking and thread-safe like every dis_store_*()
 * function; the UI thread calls the _async/_finish pairs (reads on the
 * read worker, changes on the write worker; arguments copied before
 * _async returns). Changes need DIS_PERMISSION_ORDERS (every role that
 * sells: volunteers take orders too), else DIS_ERROR_PERMISSION. Bad
 * input fails with DIS_ERROR_INVALID and a message for people, an unknown
 * order with DIS_ERROR_NOT_FOUND; a failed change stores nothing.
 *
 * Each change writes its outbox event in the same transaction:
 * "order.placed" (the whole order, on create and on each edit),
 * "order.cancelled", "order.state". After a commit, and after a page of
 * the changes feed that touched cycles, the schedule or this point's
 * orders, the store emits "orders-changed" (void): whoever shows orders,
 * cycles or the schedule reads them again. */

#define DIS_PERMISSION_ORDERS DIS_PERMISSION_SELL

/* ---- Cycles and schedule ------------------------------------------------- */

/* The cycles taking orders now (dis_cycle_is_open_at()), or with
 * @include_closed every cycle the point knows, newest first, each with
 * its products (those of this point's catalog, by name).
 * GPtrArray of DisCycle. */
GPtrArray        *dis_store_orders_list_cycles         (DisStore            *self,
                                                        gboolean             include_closed,
                                                        GError             **error);
void              dis_store_orders_list_cycles_async   (DisStore            *self,
                                                        gboolean             include_closed,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray        *dis_store_orders_list_cycles_finish  (DisStore            *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* This point's pickup windows and delivery slots (empty before the hub
 * sent any). */
DisOrderSchedule *dis_store_orders_get_schedule        (DisStore            *self,
                                                        GError             **error);
void              dis_store_orders_get_schedule_async  (DisStore            *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
DisOrderSchedule *dis_store_orders_get_schedule_finish (DisStore            *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* ---- Drafts: an order as the volunteer fills it in ------------------------ */

typedef struct _DisOrderDraft DisOrderDraft;

/* A new order (@order_id NULL) or an edit of the order @order_id, for
 * @member_card in @cycle_id at @tier; pickup until a place is set. */
DisOrderDraft *dis_order_draft_new           (const char          *order_id,
                                              gint64               cycle_id,
                                              const char          *member_card,
                                              DisTier              tier);
/* An edit of @order: its cycle, member, tier, place, address, note and
 * lines (their ordered quantities). */
DisOrderDraft *dis_order_draft_new_from_order(DisOrder            *order);
DisOrderDraft *dis_order_draft_copy          (const DisOrderDraft *draft);
void           dis_order_draft_free          (DisOrderDraft       *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisOrderDraft, dis_order_draft_free)

void           dis_order_draft_set_tier      (DisOrderDraft       *draft,
                                              DisTier              tier);
/* Pickup in the window @window_code (clears a delivery's slot and address). */
void           dis_order_draft_set_pickup    (DisOrderDraft       *draft,
                                              const char          *window_code);
/* Delivery in @slot_code to @address in @comune (both 1 …
 * DIS_ORDER_TEXT_MAX characters); the position when known
 * (@has_location, microdegrees). */
void           dis_order_draft_set_delivery  (DisOrderDraft       *draft,
                                              const char          *slot_code,
                                              const char          *address,
                                              const char          *comune,
                                              gboolean             has_location,
                                              gint64               lat_e6,
                                              gint64               lon_e6);
/* NULL or ≤ DIS_ORDER_TEXT_MAX characters. */
void           dis_order_draft_set_note      (DisOrderDraft       *draft,
                                              const char          *note);
/* Sets the quantity (milli-units; a weighed product's estimate in grams)
 * of @product_code, adding a line for a new product; 0 removes it. */
void           dis_order_draft_set_line      (DisOrderDraft       *draft,
                                              const char          *product_code,
                                              gint64               qty);
const char    *dis_order_draft_get_order_id  (const DisOrderDraft *draft);
gint64         dis_order_draft_get_cycle_id  (const DisOrderDraft *draft);
const char    *dis_order_draft_get_member_card (const DisOrderDraft *draft);
DisTier        dis_order_draft_get_tier      (const DisOrderDraft *draft);
DisFulfilment  dis_order_draft_get_fulfilment(const DisOrderDraft *draft);
/* The window's or slot's code; NULL until set. */
const char    *dis_order_draft_get_place_code(const DisOrderDraft *draft);
/* A delivery's address and comune; NULL for a pickup. */
const char    *dis_order_draft_get_address   (const DisOrderDraft *draft);
const char    *dis_order_draft_get_comune    (const DisOrderDraft *draft);
gboolean       dis_order_draft_get_location  (const DisOrderDraft *draft,
                                              gint64              *out_lat_e6,
                                              gint64              *out_lon_e6);
const char    *dis_order_draft_get_note      (const DisOrderDraft *draft);
guint          dis_order_draft_get_n_lines   (const DisOrderDraft *draft);
/* The @index-th line (in the order they were first set). */
const char    *dis_order_draft_get_line      (const DisOrderDraft *draft,
                                              guint                index,
                                              gint64              *out_qty);
/* The quantity of @product_code in the draft, 0 when it has none. */
gint64         dis_order_draft_get_qty       (const DisOrderDraft *draft,
                                              const char          *product_code);

/* The estimated total of @draft at its tier, cents, with the till's
 * pricing (the cart's: each line round_half_up (price at the tier ×
 * quantity / 1000), summed), from the prices in @cycle (as
 * dis_store_orders_list_cycles() read them). Pure: no database work, so
 * the UI thread may call it on every keystroke. *@out_approximate (may be
 * NULL): a weighed product is in it, so the total will follow the weight.
 * Lines whose product is not in @cycle are left out and counted in
 * *@out_n_unknown (may be NULL). */
gint64         dis_store_orders_estimate     (DisCycle            *cycle,
                                              const DisOrderDraft *draft,
                                              gboolean            *out_approximate,
                                              guint               *out_n_unknown);

/* ---- Saving, cancelling, moving on ---------------------------------------- */

/* Saves @draft: a new order (a fresh UUID and the point's next number,
 * revision 1) or an edit of an order in DIS_ORDER_EDITABLE_STATES
 * (revision + 1); either way state waiting and its "order.placed" event
 * in the same transaction. Checks, with messages for people: the cycle is
 * known and open, 1 … DIS_ORDER_LINES_MAX lines of products on offer
 * in it, each quantity ≤ what remains (an edit may keep what the hub
 * already reserved for it), the member is in this point's cache and may
 * have the tier (the till's eligibility), the window or slot is this
 * point's, a slot's cut-off has not passed and it is not full, delivery
 * only at a point with home delivery and with an address. The line
 * prices are the catalog's at the tier now. */
DisOrder      *dis_store_orders_save           (DisStore             *self,
                                                DisOperator          *acting,
                                                const DisOrderDraft  *draft,
                                                GError              **error);
/* @draft is copied. */
void           dis_store_orders_save_async     (DisStore             *self,
                                                DisOperator          *acting,
                                                const DisOrderDraft  *draft,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DisOrder      *dis_store_orders_save_finish    (DisStore             *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Cancels @order_id (in DIS_ORDER_EDITABLE_STATES, before the cycle
 * closes): state cancelled, revision + 1, its "order.cancelled" event
 * with @reason (NULL or ≤ DIS_ORDER_TEXT_MAX characters). A waiting new
 * order the hub never answered is cancelled the same way: the hub
 * releases whatever it reserved. */
DisOrder      *dis_store_orders_cancel         (DisStore             *self,
                                                DisOperator          *acting,
                                                const char           *order_id,
                                                const char           *reason,
                                                GError              **error);
void           dis_store_orders_cancel_async   (DisStore             *self,
                                                DisOperator          *acting,
                                                const char           *order_id,
                                                const char           *reason,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DisOrder      *dis_store_orders_cancel_finish  (DisStore             *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The weight of a weighed line at preparation. */
typedef struct
{
  guint  line_no;
  gint64 qty;        /* milli-units (grams, ml), > 0 and ≤ DIS_ORDER_QTY_MAX */
} DisOrderWeight;

/* Moves @order_id to @state (dis_order_state_can_move()): ready (from
 * accepted; @weighed: GArray of DisOrderWeight for weighed lines, may be
 * NULL; a line of a piece product cannot be weighed), out_for_delivery,
 * delivered. handed_over is not done here: the sale does it
 * (dis_cart_set_order_id()). Writes its "order.state" event. */
DisOrder      *dis_store_orders_set_state        (DisStore             *self,
                                                  DisOperator          *acting,
                                                  const char           *order_id,
                                                  DisOrderState         state,
                                                  GArray               *weighed,
                                                  GError              **error);
/* @weighed is copied. */
void           dis_store_orders_set_state_async  (DisStore             *self,
                                                  DisOperator          *acting,
                                                  const char           *order_id,
                                                  DisOrderState         state,
                                                  GArray               *weighed,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
DisOrder      *dis_store_orders_set_state_finish (DisStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* ---- Reading orders ---------------------------------------------------------- */

typedef struct
{
  guint       states;        /* bits DIS_ORDER_STATE_BIT(); 0: every state */
  gint64      cycle_id;      /* 0: every cycle */
  const char *window_code;   /* NULL: any; else pickups in this window */
  const char *slot_code;     /* NULL: any; else deliveries in this slot */
  gboolean    uncollected;   /* only dis_order_is_uncollected() ones (now) */
  const char *text;          /* NULL or "": any; else the number (or "ORD…"),
                              * a card code's beginning, or every word a
                              * prefix of the member's name (accents and
                              * case do not matter) */
} DisOrderFilter;

/* The orders matching @filter (NULL: all), by number, with their lines.
 * GPtrArray of DisOrder. */
GPtrArray     *dis_store_orders_list           (DisStore              *self,
                                                const DisOrderFilter  *filter,
                                                GError               **error);
/* @filter is copied. */
void           dis_store_orders_list_async     (DisStore              *self,
                                                const DisOrderFilter  *filter,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
GPtrArray     *dis_store_orders_list_finish    (DisStore              *self,
                                                GAsyncResult          *result,
                                                GError               **error);

/* One order with its lines; DIS_ERROR_NOT_FOUND when unknown. */
DisOrder      *dis_store_orders_get            (DisStore             *self,
                                                const char           *order_id,
                                                GError              **error);
void           dis_store_orders_get_async      (DisStore             *self,
                                                const char           *order_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DisOrder      *dis_store_orders_get_finish     (DisStore             *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* What a scan at the till means for orders: an order label's barcode
 * ("ORD<number>": that order, whatever its state), or a member card (the
 * member's oldest ready order, else their oldest delivered order not
 * paid yet). NULL and no error when it names no such order, or is
 * neither an order barcode nor a card. */
DisOrder      *dis_store_orders_lookup         (DisStore             *self,
                                                const char           *code,
                                                GError              **error);
void           dis_store_orders_lookup_async   (DisStore             *self,
                                                const char           *code,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DisOrder      *dis_store_orders_lookup_finish  (DisStore             *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* ---- Handing over at the till ------------------------------------------------
 *
 * A cart loaded from an order carries its id; dis_sale_new_from_cart()
 * copies it into the sale (DisSale.order_id) and dis_store_commit_sale()
 * then, in the sale's own transaction, moves a ready order to
 * handed_over, or records the payment of a delivered one, with its
 * "order.state" event (sale_id set). The sale fails, storing nothing,
 * when the order is unknown, in another state, already paid, or of
 * another member than the sale's. dis_cart_set_order_id() and
 * dis_cart_get_order_id() are in dis-cart.h. */

G_END_DECLS
