/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dis-tier.h"

G_BEGIN_DECLS

/* The codec of member orders (issue 13, dis-codec-orders.c), a part of
 * dis-codec.h, which includes it: include that one. Bounds are in the
 * table at the top of dis-codec.h; decoders and encoders behave as that
 * header says. Decoded strings (and the strings of the comuni arrays)
 * borrow from the decoded JSON. */

/* ---- Orders (issue 13; dis-codec-orders.c) -------------------------------- */

#define DIS_CODEC_ORDER_LINES_MAX      200
#define DIS_CODEC_ORDER_REVISION_MAX   1000000
#define DIS_CODEC_ORDER_NUMBER_MAX     1000000000
#define DIS_CODEC_CYCLE_ID_MAX         G_MAXINT32
#define DIS_CODEC_ORDER_TEXT_MAX       200     /* address, comune, note, reason */
#define DIS_CODEC_SCHEDULE_ITEMS_MAX   500     /* windows, and slots, of a point */
#define DIS_CODEC_SLOT_CAPACITY_MAX    10000   /* orders */
#define DIS_CODEC_SLOT_RADIUS_MAX      100000  /* metres */
#define DIS_CODEC_SLOT_COMUNI_MAX      200

typedef enum
{
  DIS_CODEC_FULFILMENT_PICKUP,
  DIS_CODEC_FULFILMENT_DELIVERY,
  DIS_CODEC_N_FULFILMENTS,
} DisCodecFulfilment;

/* "pickup", "delivery"; FALSE for any other text. */
const char *dis_codec_fulfilment_to_string   (DisCodecFulfilment  fulfilment);
gboolean    dis_codec_fulfilment_from_string (const char         *text,
                                              DisCodecFulfilment *out_fulfilment);

/* The states of an order the hub publishes. The point's own "waiting"
 * (sent, no verdict yet) never travels. */
typedef enum
{
  DIS_CODEC_ORDER_STATE_ACCEPTED,
  DIS_CODEC_ORDER_STATE_REFUSED,
  DIS_CODEC_ORDER_STATE_READY,
  DIS_CODEC_ORDER_STATE_HANDED_OVER,
  DIS_CODEC_ORDER_STATE_OUT_FOR_DELIVERY,
  DIS_CODEC_ORDER_STATE_DELIVERED,
  DIS_CODEC_ORDER_STATE_CANCELLED,
  DIS_CODEC_N_ORDER_STATES,
} DisCodecOrderState;

/* "accepted", "refused", "ready", "handed_over", "out_for_delivery",
 * "delivered", "cancelled". */
const char *dis_codec_order_state_to_string   (DisCodecOrderState  state);
gboolean    dis_codec_order_state_from_string (const char         *text,
                                               DisCodecOrderState *out_state);

/* The reasons the hub gives with a refusal or a change of an order (the
 * code is open: a newer hub may send others, which a point shows by the
 * message). */
#define DIS_CODEC_ORDER_SOLD_OUT         "sold_out"
#define DIS_CODEC_ORDER_SLOT_FULL        "slot_full"
#define DIS_CODEC_ORDER_CYCLE_CLOSED     "cycle_closed"
#define DIS_CODEC_ORDER_CUTOFF_PASSED    "cutoff_passed"
#define DIS_CODEC_ORDER_NOT_ELIGIBLE     "not_eligible"
#define DIS_CODEC_ORDER_UNKNOWN_PRODUCT  "unknown_product"
#define DIS_CODEC_ORDER_NO_DELIVERY      "no_delivery"
#define DIS_CODEC_ORDER_UNKNOWN_MEMBER   "unknown_member"
#define DIS_CODEC_ORDER_UNKNOWN_CYCLE    "unknown_cycle"
#define DIS_CODEC_ORDER_UNKNOWN_WINDOW   "unknown_window"
#define DIS_CODEC_ORDER_UNKNOWN_SLOT     "unknown_slot"
#define DIS_CODEC_ORDER_NOT_EDITABLE     "not_editable"
#define DIS_CODEC_ORDER_SHORTAGE         "shortage"
#define DIS_CODEC_ORDER_OUTSIDE_ZONE     "outside_zone"

/* ---- Events ---------------------------------------------------------------- */

typedef struct
{
  gint64      line_no;        /* 1 … DIS_CODEC_ORDER_LINES_MAX, unique */
  const char *product_code;   /* unique in the order */
  gint64      quantity;       /* milli-units, 1 … DIS_QUANTITY_MAX */
} DisCodecOrderLine;

/* The payload of "order.placed": the whole order as it is now, sent on
 * create and on each edit with a greater revision. A pickup names its
 * window (slot null); a delivery its slot (window null) and address. */
typedef struct
{
  const char         *id;            /* UUID */
  const char         *point;
  const char         *device;
  gint64              revision;      /* 1 … DIS_CODEC_ORDER_REVISION_MAX */
  gint64              number;        /* 1 … DIS_CODEC_ORDER_NUMBER_MAX, per till */
  const char         *till;          /* the device code that numbered it, on its label
                                      * ("ORD17-C1"); NULL = absent: an order numbered
                                      * before labels named their till ("ORD17") */
  gint64              cycle;         /* 1 … DIS_CODEC_CYCLE_ID_MAX */
  const char         *member_card;
  DisTier             tier;
  DisCodecFulfilment  fulfilment;
  const char         *window;        /* code, NULL = none */
  const char         *slot;          /* code, NULL = none */
  const char         *address;       /* NULL = none */
  const char         *comune;        /* NULL = none */
  gboolean            has_position;  /* "lat" and "lon" both, or neither */
  double              lat;
  double              lon;
  const char         *note;          /* NULL = none */
  gint64              operator_id;
  const char         *operator_name;
  const char         *created_at;
  GArray             *lines;         /* DisCodecOrderLine, 1 … DIS_CODEC_ORDER_LINES_MAX */
} DisCodecOrderPlaced;

void      dis_codec_order_placed_clear   (DisCodecOrderPlaced        *placed);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecOrderPlaced, dis_codec_order_placed_clear)
gboolean  dis_codec_order_placed_decode  (JsonObject                 *payload,
                                          DisCodecOrderPlaced        *out,
                                          GError                    **error);
JsonNode *dis_codec_order_placed_to_node (const DisCodecOrderPlaced  *placed,
                                          GError                    **error);

/* The payload of "order.cancelled". */
typedef struct
{
  const char *id;
  const char *point;
  const char *device;
  gint64      revision;      /* greater than the last one sent */
  const char *reason;        /* NULL = none */
} DisCodecOrderCancelled;

gboolean  dis_codec_order_cancelled_decode  (JsonObject                    *payload,
                                             DisCodecOrderCancelled        *out,
                                             GError                       **error);
JsonNode *dis_codec_order_cancelled_to_node (const DisCodecOrderCancelled  *cancelled,
                                             GError                       **error);

typedef struct
{
  gint64 line_no;
  gint64 quantity;           /* milli-units, 0 … DIS_QUANTITY_MAX */
} DisCodecOrderWeight;

/* The payload of "order.state": ready (with the weights of the weighed
 * lines, possibly none), handed_over, out_for_delivery, delivered. */
typedef struct
{
  const char          *id;
  const char          *point;
  const char          *device;
  DisCodecOrderState   state;     /* READY, HANDED_OVER, OUT_FOR_DELIVERY or DELIVERED */
  GArray              *weighed;   /* DisCodecOrderWeight, line_no unique; empty but at ready */
  const char          *sale_id;   /* UUID, NULL = none; only handed_over and delivered */
  const char          *at;
} DisCodecOrderStateEvent;

void      dis_codec_order_state_event_clear   (DisCodecOrderStateEvent        *event);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecOrderStateEvent, dis_codec_order_state_event_clear)
gboolean  dis_codec_order_state_event_decode  (JsonObject                     *payload,
                                               DisCodecOrderStateEvent        *out,
                                               GError                        **error);
JsonNode *dis_codec_order_state_event_to_node (const DisCodecOrderStateEvent  *event,
                                               GError                        **error);

/* ---- Changes --------------------------------------------------------------- */

typedef enum
{
  DIS_CODEC_CYCLE_OPEN,
  DIS_CODEC_CYCLE_CLOSED,
} DisCodecCycleState;

/* The data of an "order_cycle" change, key the id: opens < closes. */
typedef struct
{
  gint64              id;
  const char         *name;
  const char         *opens;
  const char         *closes;
  DisCodecCycleState  state;
} DisCodecOrderCycle;

gboolean  dis_codec_order_cycle_decode  (JsonObject                *data,
                                         DisCodecOrderCycle        *out,
                                         GError                   **error);
JsonNode *dis_codec_order_cycle_to_node (const DisCodecOrderCycle  *cycle,
                                         GError                   **error);

/* The data of a "cycle_product" change, key "<cycle>/<product>": null
 * available means unlimited (and then remaining is null too); remaining
 * = available − reserved, never below 0. Also the rows of the products
 * file of `disotto-hub cycle open` ({"product", "available"}: the other
 * fields absent). */
typedef struct
{
  gint64      cycle;
  const char *product;
  gboolean    has_available;
  gint64      available;      /* milli-units, 0 … DIS_QUANTITY_MAX */
  gboolean    has_remaining;
  gint64      remaining;      /* milli-units, 0 … DIS_QUANTITY_MAX */
} DisCodecCycleProduct;

gboolean  dis_codec_cycle_product_decode  (JsonObject                  *data,
                                           DisCodecCycleProduct        *out,
                                           GError                     **error);
JsonNode *dis_codec_cycle_product_to_node (const DisCodecCycleProduct  *product,
                                           GError                     **error);
/* One row of the products file: {"product", "available": n or null}. */
gboolean  dis_codec_cycle_offer_decode    (JsonObject                  *row,
                                           DisCodecCycleProduct        *out,
                                           GError                     **error);

typedef struct
{
  const char *code;
  const char *starts;        /* starts < ends */
  const char *ends;
} DisCodecPickupWindow;

typedef struct
{
  const char *code;
  const char *starts;        /* cutoff ≤ starts < ends */
  const char *ends;
  const char *cutoff;
  gint64      capacity;      /* orders, 1 … DIS_CODEC_SLOT_CAPACITY_MAX */
  gint64      booked;        /* orders, 0 … DIS_CODEC_SLOT_CAPACITY_MAX */
  GArray     *comuni;        /* const char *, NULL = no list */
  gboolean    has_radius;
  gint64      radius_m;      /* 1 … DIS_CODEC_SLOT_RADIUS_MAX */
} DisCodecDeliverySlot;

/* The data of a "point_schedule" change, key the point; also the file of
 * `disotto-hub point schedule` (there without "point", and "booked" may
 * be absent: it reads 0). Codes are unique among the windows and among
 * the slots. */
typedef struct
{
  const char *point;
  GArray     *windows;       /* DisCodecPickupWindow */
  GArray     *slots;         /* DisCodecDeliverySlot */
} DisCodecPointSchedule;

void      dis_codec_point_schedule_clear   (DisCodecPointSchedule        *schedule);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecPointSchedule, dis_codec_point_schedule_clear)
gboolean  dis_codec_point_schedule_decode  (JsonObject                   *data,
                                            DisCodecPointSchedule        *out,
                                            GError                      **error);
/* The admin's file: @point is set from the command line afterwards. */
gboolean  dis_codec_point_schedule_decode_file (JsonObject               *data,
                                                DisCodecPointSchedule    *out,
                                                GError                  **error);
JsonNode *dis_codec_point_schedule_to_node (const DisCodecPointSchedule  *schedule,
                                            GError                      **error);

typedef struct
{
  gint64      line_no;
  const char *product;
  gint64      ordered;       /* milli-units, 1 … DIS_QUANTITY_MAX */
  gint64      allotted;      /* milli-units, 0 … ordered: = ordered but after a shortage */
} DisCodecOrderVerdictLine;

/* The data of an "order" change, key the id: the hub's verdict on
 * @revision (accepted or refused), or a later state of the order. The
 * lines are those of the accepted revision, the one the hub holds; none
 * when no revision was ever accepted. A refused edit leaves the order as
 * accepted_revision was. */
typedef struct
{
  const char          *id;
  const char          *point;
  gint64               revision;
  DisCodecOrderState   state;
  gboolean             has_accepted_revision;
  gint64               accepted_revision;
  gboolean             has_reason;       /* "reason": {"code", "message"} or null */
  const char          *reason_code;      /* 1 … DIS_CODEC_CODE_MAX of A–Z a–z 0–9 . _ - */
  const char          *reason_message;   /* 1 … DIS_CODEC_MESSAGE_MAX characters */
  GArray              *lines;            /* DisCodecOrderVerdictLine, 0 … DIS_CODEC_ORDER_LINES_MAX */
} DisCodecOrder;

void      dis_codec_order_clear   (DisCodecOrder        *order);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecOrder, dis_codec_order_clear)
gboolean  dis_codec_order_decode  (JsonObject           *data,
                                   DisCodecOrder        *out,
                                   GError              **error);
JsonNode *dis_codec_order_to_node (const DisCodecOrder  *order,
                                   GError              **error);

G_END_DECLS
