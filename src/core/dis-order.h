/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-product.h"
#include "dis-tier.h"

G_BEGIN_DECLS

/* Member orders (DESIGN.md §3 "Orders", issue 13) as the point knows
 * them: the order cycles the hub opened, this point's pickup windows and
 * delivery slots, and the orders taken here. Immutable GObjects built by
 * the store (dis-store-orders.h) for GListModels; every time is UTC, as
 * a GDateTime owned by the object (transfer none). */

/* ---- States -------------------------------------------------------------
 *
 * waiting (saved here, the hub has not answered this revision yet) →
 * accepted or refused (the hub's verdict) → ready (prepared, weighed) →
 * handed_over (paid at the till), or for a delivery ready →
 * out_for_delivery → delivered (payment at the till afterwards).
 * cancelled from any state before ready. An edit of an accepted or
 * refused order is waiting again until the hub answers it. */
typedef enum
{
  DIS_ORDER_WAITING,
  DIS_ORDER_ACCEPTED,
  DIS_ORDER_REFUSED,
  DIS_ORDER_READY,
  DIS_ORDER_HANDED_OVER,
  DIS_ORDER_OUT_FOR_DELIVERY,
  DIS_ORDER_DELIVERED,
  DIS_ORDER_CANCELLED,
} DisOrderState;

#define DIS_ORDER_N_STATES (DIS_ORDER_CANCELLED + 1)

/* Sets of states, as bits 1 << DisOrderState (DisOrderFilter.states). */
#define DIS_ORDER_STATE_BIT(state) (1u << (state))
#define DIS_ORDER_ALL_STATES ((1u << DIS_ORDER_N_STATES) - 1)
/* Still to be prepared: what the picking list holds. */
#define DIS_ORDER_TO_PREPARE_STATES \
  (DIS_ORDER_STATE_BIT (DIS_ORDER_ACCEPTED))
/* May still be edited or cancelled (before ready, while the cycle is open). */
#define DIS_ORDER_EDITABLE_STATES \
  (DIS_ORDER_STATE_BIT (DIS_ORDER_WAITING) | DIS_ORDER_STATE_BIT (DIS_ORDER_ACCEPTED) | \
   DIS_ORDER_STATE_BIT (DIS_ORDER_REFUSED))

/* The database's codes: "waiting", "accepted", "refused", "ready",
 * "handed_over", "out_for_delivery", "delivered", "cancelled" (the
 * protocol's, plus "waiting", which only the point has). */
const char *dis_order_state_to_code   (DisOrderState  state);
gboolean    dis_order_state_from_code (const char    *code,
                                       DisOrderState *out_state);
/* For people, translated ("Waiting for the network", "Ready", …). */
const char *dis_order_state_get_name  (DisOrderState  state);
/* May @from become @to by dis_store_orders_set_state() or a sale
 * (ready → handed_over)? accepted → ready, ready → handed_over,
 * ready → out_for_delivery (delivery only), out_for_delivery →
 * delivered. Cancelling is dis_store_orders_cancel(), not a transition
 * of this table. */
gboolean    dis_order_state_can_move  (DisOrderState  from,
                                       DisOrderState  to,
                                       gboolean       delivery);

typedef enum
{
  DIS_FULFILMENT_PICKUP,
  DIS_FULFILMENT_DELIVERY,
} DisFulfilment;

/* "pickup", "delivery" */
const char *dis_fulfilment_to_code    (DisFulfilment  fulfilment);
gboolean    dis_fulfilment_from_code  (const char    *code,
                                       DisFulfilment *out_fulfilment);

/* ---- Bounds (the wire's, src/core/dis-codec-orders.h) ------------------- */

#define DIS_ORDER_LINES_MAX     200
#define DIS_ORDER_QTY_MAX       G_GINT64_CONSTANT (1000000000)  /* milli-units per line */
#define DIS_ORDER_TEXT_MAX      200   /* address, comune, note, cancel reason: characters */
#define DIS_ORDER_NUMBER_MAX    1000000000u
#define DIS_ORDER_REVISION_MAX  1000000

/* ---- Labels ----------------------------------------------------------------
 *
 * Each till numbers its own orders, offline as online: 1, 2, 3 … in its
 * own database. What tells two tills' orders of a point apart is the
 * till (its device code, unique in the point and never reused), so an
 * order's label carries both: "ORD" followed by its number in decimal,
 * "-" and the till (Code 128, set B), e.g. "ORD42-C1". People see and say
 * the part after "ORD", the order's reference: "42-C1". Orders numbered
 * before the till was on the label have none ("ORD42", reference "42"),
 * and keep that label: it is printed on their bags. */

#define DIS_ORDER_TILL_MAX      32    /* a device code of the protocol */
#define DIS_ORDER_LABEL_MAX     (3 + 10 + 1 + DIS_ORDER_TILL_MAX)

/* "ORD<number>" or "ORD<number>-<till>"; @number 1 … DIS_ORDER_NUMBER_MAX,
 * @till NULL or a device code (1 … DIS_ORDER_TILL_MAX of A–Z a–z 0–9 . _ -). */
char       *dis_order_barcode_for_number (guint        number,
                                          const char  *till);
/* What people read and say of that label, without "ORD": "<number>-<till>"
 * or "<number>". */
char       *dis_order_reference_for_number (guint        number,
                                            const char  *till);
/* The number and the till (NULL for a label without one) of an order
 * label; spaces around and the case of "ord" do not matter. FALSE for
 * anything else. */
gboolean    dis_order_barcode_parse      (const char  *text,
                                          guint       *out_number,
                                          char       **out_till);

/* ---- Cycles ------------------------------------------------------------- */

#define DIS_TYPE_CYCLE_PRODUCT (dis_cycle_product_get_type ())
G_DECLARE_FINAL_TYPE (DisCycleProduct, dis_cycle_product, DIS, CYCLE_PRODUCT, GObject)

/* A product on offer in a cycle, with the catalog's product (its prices
 * at each tier, its unit) and what the hub says is left of it.
 * Properties (read-only): "product", "code", "name", "unit",
 * "available", "remaining". */
DisCycleProduct *dis_cycle_product_new           (const char      *code,
                                                  DisProduct      *product,
                                                  gint64           available,
                                                  gint64           remaining);
DisProduct      *dis_cycle_product_get_product   (DisCycleProduct *self);
const char      *dis_cycle_product_get_code      (DisCycleProduct *self);
const char      *dis_cycle_product_get_name      (DisCycleProduct *self);
DisUnit          dis_cycle_product_get_unit      (DisCycleProduct *self);
/* What the supplier declared, milli-units; -1: unlimited. */
gint64           dis_cycle_product_get_available (DisCycleProduct *self);
/* What is left for new orders across the network as the hub last said,
 * milli-units ≥ 0; -1: unlimited. */
gint64           dis_cycle_product_get_remaining (DisCycleProduct *self);
/* The unit price at @tier, cents per piece (per kg or l when weighed). */
gint64           dis_cycle_product_get_price     (DisCycleProduct *self,
                                                  DisTier          tier);

#define DIS_TYPE_CYCLE (dis_cycle_get_type ())
G_DECLARE_FINAL_TYPE (DisCycle, dis_cycle, DIS, CYCLE, GObject)

/* An order cycle: orders are taken while opens ≤ now < closes and the
 * hub has not closed it. Takes a reference to each of @products
 * (DisCycleProduct, by name). Properties (read-only): "id", "name",
 * "opens", "closes", "closed", "n-products". */
DisCycle        *dis_cycle_new              (gint64       id,
                                             const char  *name,
                                             GDateTime   *opens,
                                             GDateTime   *closes,
                                             gboolean     closed,
                                             GPtrArray   *products);
gint64           dis_cycle_get_id           (DisCycle    *self);
const char      *dis_cycle_get_name         (DisCycle    *self);
GDateTime       *dis_cycle_get_opens        (DisCycle    *self);
GDateTime       *dis_cycle_get_closes       (DisCycle    *self);
/* The hub closed it (by hand or at closes). */
gboolean         dis_cycle_get_closed       (DisCycle    *self);
/* Taking orders at @now (NULL: now): not closed and opens ≤ now < closes. */
gboolean         dis_cycle_is_open_at       (DisCycle    *self,
                                             GDateTime   *now);
/* A GListModel of DisCycleProduct, owned by the cycle. */
GListModel      *dis_cycle_get_products     (DisCycle    *self);
/* The product with catalog code @code, NULL when not on offer. */
DisCycleProduct *dis_cycle_find_product     (DisCycle    *self,
                                             const char  *code);

/* ---- This point's schedule ----------------------------------------------- */

#define DIS_TYPE_PICKUP_WINDOW (dis_pickup_window_get_type ())
G_DECLARE_FINAL_TYPE (DisPickupWindow, dis_pickup_window, DIS, PICKUP_WINDOW, GObject)

/* When members may collect their orders at the point. Properties
 * (read-only): "code", "starts", "ends". */
DisPickupWindow *dis_pickup_window_new        (const char      *code,
                                               GDateTime       *starts,
                                               GDateTime       *ends);
const char      *dis_pickup_window_get_code   (DisPickupWindow *self);
GDateTime       *dis_pickup_window_get_starts (DisPickupWindow *self);
GDateTime       *dis_pickup_window_get_ends   (DisPickupWindow *self);

#define DIS_TYPE_DELIVERY_SLOT (dis_delivery_slot_get_type ())
G_DECLARE_FINAL_TYPE (DisDeliverySlot, dis_delivery_slot, DIS, DELIVERY_SLOT, GObject)

typedef struct
{
  const char         *code;
  GDateTime          *starts;
  GDateTime          *ends;
  GDateTime          *cutoff;     /* no order for this slot is taken or edited after it */
  guint               capacity;   /* orders, 1 … 10000 */
  guint               booked;     /* orders the hub accepted for it, network-wide */
  const char * const *comuni;     /* the zone as comuni, NULL-terminated; NULL: none */
  guint               radius_m;   /* the zone as a radius from the point; 0: none */
} DisDeliverySlotData;

/* A home delivery round. Properties (read-only): "code", "starts",
 * "ends", "cutoff", "capacity", "booked", "comuni", "radius-m". */
DisDeliverySlot    *dis_delivery_slot_new          (const DisDeliverySlotData *data);
const char         *dis_delivery_slot_get_code     (DisDeliverySlot *self);
GDateTime          *dis_delivery_slot_get_starts   (DisDeliverySlot *self);
GDateTime          *dis_delivery_slot_get_ends     (DisDeliverySlot *self);
GDateTime          *dis_delivery_slot_get_cutoff   (DisDeliverySlot *self);
guint               dis_delivery_slot_get_capacity (DisDeliverySlot *self);
guint               dis_delivery_slot_get_booked   (DisDeliverySlot *self);
/* NULL when the zone is not given as comuni. */
const char * const *dis_delivery_slot_get_comuni   (DisDeliverySlot *self);
guint               dis_delivery_slot_get_radius_m (DisDeliverySlot *self);
/* booked < capacity and @now (NULL: now) before the cut-off. */
gboolean            dis_delivery_slot_is_bookable  (DisDeliverySlot *self,
                                                    GDateTime       *now);

#define DIS_TYPE_ORDER_SCHEDULE (dis_order_schedule_get_type ())
G_DECLARE_FINAL_TYPE (DisOrderSchedule, dis_order_schedule, DIS, ORDER_SCHEDULE, GObject)

/* This point's windows and slots (both by start time). Takes a reference
 * to each item of @windows (DisPickupWindow) and @slots
 * (DisDeliverySlot). "home-delivery": the point delivers at all (its
 * home_delivery in the network's data); without it there are no slots. */
DisOrderSchedule *dis_order_schedule_new          (gboolean          home_delivery,
                                                   GPtrArray        *windows,
                                                   GPtrArray        *slots);
gboolean          dis_order_schedule_get_home_delivery (DisOrderSchedule *self);
/* GListModels owned by the schedule. */
GListModel       *dis_order_schedule_get_windows  (DisOrderSchedule *self);
GListModel       *dis_order_schedule_get_slots    (DisOrderSchedule *self);
DisPickupWindow  *dis_order_schedule_find_window  (DisOrderSchedule *self,
                                                   const char       *code);
DisDeliverySlot  *dis_order_schedule_find_slot    (DisOrderSchedule *self,
                                                   const char       *code);

/* ---- Orders ------------------------------------------------------------- */

#define DIS_TYPE_ORDER_LINE (dis_order_line_get_type ())
G_DECLARE_FINAL_TYPE (DisOrderLine, dis_order_line, DIS, ORDER_LINE, GObject)

typedef struct
{
  guint       line_no;       /* 1 … DIS_ORDER_LINES_MAX */
  gint64      product_id;    /* 0: the product is not in this point's catalog */
  const char *product_code;
  const char *product_name;
  DisUnit     unit;
  gint64      ordered;       /* milli-units > 0 */
  gint64      allotted;      /* what the hub allots after a shortage; -1: the whole ordered */
  gint64      weighed;       /* the actual weight at preparation; -1: not yet (or a piece) */
  gint64      unit_price;    /* cents per piece (per kg or l) at the order's tier */
} DisOrderLineData;

/* Properties (read-only): "line-no", "product-id", "product-code",
 * "product-name", "unit", "ordered", "allotted", "weighed", "quantity",
 * "unit-price", "total", "estimated". */
DisOrderLine *dis_order_line_new              (const DisOrderLineData *data);
guint         dis_order_line_get_line_no      (DisOrderLine *self);
gint64        dis_order_line_get_product_id   (DisOrderLine *self);
const char   *dis_order_line_get_product_code (DisOrderLine *self);
const char   *dis_order_line_get_product_name (DisOrderLine *self);
DisUnit       dis_order_line_get_unit         (DisOrderLine *self);
gint64        dis_order_line_get_ordered      (DisOrderLine *self);
gint64        dis_order_line_get_allotted     (DisOrderLine *self);
gint64        dis_order_line_get_weighed      (DisOrderLine *self);
/* What is charged: the weight when weighed, else the allotted quantity
 * when the hub allotted one, else the ordered one. */
gint64        dis_order_line_get_quantity     (DisOrderLine *self);
gint64        dis_order_line_get_unit_price   (DisOrderLine *self);
/* round_half_up (unit price × quantity / 1000), cents. */
gint64        dis_order_line_get_total        (DisOrderLine *self);
/* TRUE while the total is an estimate: a weighed product not weighed yet. */
gboolean      dis_order_line_get_estimated    (DisOrderLine *self);

#define DIS_TYPE_ORDER (dis_order_get_type ())
G_DECLARE_FINAL_TYPE (DisOrder, dis_order, DIS, ORDER, GObject)

typedef struct
{
  const char    *id;               /* UUID */
  guint          number;           /* per till, 1 …, shown to people */
  const char    *till;             /* the device that numbered it; NULL: an order
                                    * numbered before labels named their till */
  gint64         cycle_id;
  const char    *cycle_name;
  GDateTime     *cycle_closes;     /* edits and cancelling end then */
  const char    *member_card;
  const char    *member_name;      /* NULL: not in this point's cache */
  DisTier        tier;
  DisFulfilment  fulfilment;
  const char    *place_code;       /* the pickup window's or the delivery slot's code */
  GDateTime     *place_starts;     /* its times; NULL when the schedule no longer has it */
  GDateTime     *place_ends;
  GDateTime     *place_cutoff;     /* a slot's cut-off; NULL for a window */
  const char    *address;          /* delivery; NULL for pickup */
  const char    *comune;
  gboolean       has_location;
  gint64         lat_e6;           /* microdegrees, when has_location */
  gint64         lon_e6;
  const char    *note;             /* NULL or ≤ DIS_ORDER_TEXT_MAX characters */
  DisOrderState  state;
  const char    *reason_code;      /* the hub's: "sold_out", "slot_full", "shortage", …; NULL: none */
  const char    *reason_message;   /* the hub's words for people */
  guint          revision;         /* the last one saved here */
  guint          accepted_revision;/* the last one the hub accepted; 0: none */
  GDateTime     *created_at;
  GDateTime     *updated_at;
  const char    *sale_id;          /* the sale that paid it (handed over, or delivered and paid) */
  gint64         operator_id;
  const char    *operator_name;
  gint64         total_at_order;   /* cents, estimated when saved */
} DisOrderData;

/* Takes a reference to each of @lines (DisOrderLine, in line order).
 * Properties (read-only): "id", "number", "till", "barcode", "reference", "cycle-id",
 * "cycle-name", "member-card", "member-name", "tier", "fulfilment",
 * "place-code", "address", "state", "reason-code", "reason-message",
 * "revision", "accepted-revision", "sale-id", "n-lines", "total",
 * "total-estimated", "total-at-order", "paid". */
DisOrder      *dis_order_new                   (const DisOrderData *data,
                                                GPtrArray          *lines);
const char    *dis_order_get_id                (DisOrder *self);
guint          dis_order_get_number            (DisOrder *self);
/* The device code of the till that numbered it; NULL for an order
 * numbered before labels named their till. */
const char    *dis_order_get_till              (DisOrder *self);
/* "ORD<number>-<till>" (or "ORD<number>" without a till), the text of
 * the label's Code 128. */
const char    *dis_order_get_barcode           (DisOrder *self);
/* What people read and say: the label after "ORD", "42-C1" (or "42"). */
const char    *dis_order_get_reference         (DisOrder *self);
gint64         dis_order_get_cycle_id          (DisOrder *self);
const char    *dis_order_get_cycle_name        (DisOrder *self);
GDateTime     *dis_order_get_cycle_closes      (DisOrder *self);
const char    *dis_order_get_member_card       (DisOrder *self);
const char    *dis_order_get_member_name       (DisOrder *self);
DisTier        dis_order_get_tier              (DisOrder *self);
DisFulfilment  dis_order_get_fulfilment        (DisOrder *self);
/* The window's (pickup) or slot's (delivery) code and times. */
const char    *dis_order_get_place_code        (DisOrder *self);
GDateTime     *dis_order_get_place_starts      (DisOrder *self);
GDateTime     *dis_order_get_place_ends        (DisOrder *self);
GDateTime     *dis_order_get_place_cutoff      (DisOrder *self);
const char    *dis_order_get_address           (DisOrder *self);
const char    *dis_order_get_comune            (DisOrder *self);
/* FALSE when the address has no known position. */
gboolean       dis_order_get_location          (DisOrder *self,
                                                gint64   *out_lat_e6,
                                                gint64   *out_lon_e6);
const char    *dis_order_get_note              (DisOrder *self);
DisOrderState  dis_order_get_state             (DisOrder *self);
const char    *dis_order_get_reason_code       (DisOrder *self);
const char    *dis_order_get_reason_message    (DisOrder *self);
guint          dis_order_get_revision          (DisOrder *self);
guint          dis_order_get_accepted_revision (DisOrder *self);
GDateTime     *dis_order_get_created_at        (DisOrder *self);
GDateTime     *dis_order_get_updated_at        (DisOrder *self);
const char    *dis_order_get_sale_id           (DisOrder *self);
/* Handed over, or delivered and paid at the till: sale_id is set. */
gboolean       dis_order_get_paid              (DisOrder *self);
gint64         dis_order_get_operator_id       (DisOrder *self);
const char    *dis_order_get_operator_name     (DisOrder *self);
/* A GListModel of DisOrderLine, owned by the order. */
GListModel    *dis_order_get_lines             (DisOrder *self);
guint          dis_order_get_n_lines           (DisOrder *self);
DisOrderLine  *dis_order_find_line             (DisOrder *self,
                                                guint     line_no);
/* Σ line totals, cents; an estimate while dis_order_get_total_estimated(). */
gint64         dis_order_get_total             (DisOrder *self);
/* TRUE while any line's total is an estimate (weighed, not weighed yet). */
gboolean       dis_order_get_total_estimated   (DisOrder *self);
/* The total as it was estimated when the order was saved (ordered
 * quantities), kept to show how weighing changed it. */
gint64         dis_order_get_total_at_order    (DisOrder *self);
/* May it still be edited or cancelled at @now (NULL: now)? A state of
 * DIS_ORDER_EDITABLE_STATES, before the cycle closes and, for a
 * delivery, before the slot's cut-off. */
gboolean       dis_order_is_editable           (DisOrder  *self,
                                                GDateTime *now);
/* A pickup whose window ended before @now (NULL: now) and that was not
 * handed over (accepted or ready). */
gboolean       dis_order_is_uncollected        (DisOrder  *self,
                                                GDateTime *now);

G_END_DECLS
