/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dis-json-doc.h"
#include "dis-member.h"
#include "dis-money.h"
#include "dis-product.h"
#include "dis-sale.h"
#include "dis-tier.h"

G_BEGIN_DECLS

/* The JSON codec of the sync protocol (DESIGN.md §4, src/hub/README-api.md):
 * every event a point pushes, every change the hub's feed carries, the push
 * batch and its acknowledgements, as typed structs. This file and its
 * schema tables (dis-codec*.c) are the only place that knows a field name.
 *
 * Decoding is validation: a decoder takes a JsonObject from any parser,
 * checks every field's type and bounds, fills the struct, and fails with a
 * DIS_CODEC_ERROR whose message names the field ("payload.lines[0].quantity:
 * must be an integer from -1000000000 to 1000000000"). Fields it does not
 * know are ignored, whatever they hold. Encoding checks the same bounds
 * first, so neither side ever writes what the other would refuse.
 *
 * The canonical text is json-glib's compact output of the encoder's tree
 * (members in the order of the tables, strings escaped as json-glib does).
 * Decoded strings point into the decoded JsonNode: keep it alive as long
 * as the struct.
 *
 * Bounds (each checked in one place, the schema's field check):
 *
 *  field                              bound
 *  ---------------------------------  -----------------------------------------
 *  quantity (milli-units)             -1 000 000 000 … 1 000 000 000, never 0
 *                                     (DIS_QUANTITY_MAX: 1 000 000.000 units)
 *  unit_price, unit_price_equa        0 … 100 000 000 cents (DIS_PRICE_MAX)
 *  equa_cents (catalog)               1 … 100 000 000 cents
 *  line_total, line_total_equa        ± 100 000 000 000 000 (DIS_LINE_TOTAL_MAX)
 *  line tier_delta                    ± 2 × DIS_LINE_TOTAL_MAX
 *  lines of a sale, line_no, n_lines  1 … 500 (DIS_SALE_LINES_MAX), line_no unique
 *  total, total_equa                  ± 50 000 000 000 000 000 (DIS_SALE_TOTAL_MAX)
 *  sale tier_delta                    ± 2 × DIS_SALE_TOTAL_MAX
 *  payments                           0 … 16 (DIS_SALE_PAYMENTS_MAX); amount ± DIS_SALE_TOTAL_MAX
 *  cash_tendered, change_due          0 … DIS_SALE_TOTAL_MAX
 *  vat_rate, vat                      4, 5, 10 or 22
 *  seq (event, receipt, change),      1 … 1 000 000 000 000 (DIS_CODEC_SEQ_MAX:
 *  gap from/to                        30 years at 1 000 a second; last + 1 can
 *                                     never overflow, so gap detection holds)
 *  next (changes cursor),             0 … DIS_CODEC_SEQ_MAX
 *    a sale's catalog_version
 *  operator.id                        1 … 2 147 483 647
 *  plu                                0 … 99 999
 *  tier overrides (basis points)      -10 000 … 100 000
 *  settings                           per DisCodecSetting, see dis_codec_setting_info()
 *  volume_12m_cents                   ± DIS_SALE_TOTAL_MAX
 *  activity_hours                     0 … 100 000
 *  lat, lon (degrees)                 finite, |lat| ≤ 90, |lon| ≤ 180
 *
 *  ids (event, sale, refund_of)       a UUID (g_uuid_string_is_valid)
 *  codes (point, device, product,     1 … 32 of A–Z a–z 0–9 . _ -
 *    supplier)
 *  member card                        DS + 7 digits + Luhn check digit
 *  dates                              YYYY-MM-DD, a real day, years 1900 … 9999
 *  times (at, created_at)             ISO 8601 with a zone, at most 40 bytes
 *  receipt_no                         1 … 80 characters
 *  names (product, operator, member,  1 … 200 characters (DIS_CODEC_NAME_MAX)
 *    supplier, point, published)
 *  contact                            0 … 200 characters or null
 *  declaration text                   1 … 1 000 characters
 *  category, comune, address, hours,  0 … 200 characters (comune, address: 1 …)
 *    phone, email
 *  ean                                null or a valid EAN-8 / EAN-13
 *  event type name                    1 … 64 characters
 *  ack code / message / review        1 … 32 / 1 000 / 2 000 characters
 *  fund period (key of "fund_period") YYYY-MM, years 1900 … 9999; the data
 *                                     at most 1 MiB of canonical text
 *  fund cells and sums                sales ± DIS_CODEC_FUND_SALES_MAX,
 *                                     cents ± DIS_CODEC_FUND_CENTS_MAX
 *  stock movements of a stock.moved   1 … 1 000 (DIS_CODEC_STOCK_MOVES_MAX);
 *                                     qty a quantity (± 10^9, never 0)
 *  lines of a transfer                1 … 1 000 (DIS_CODEC_TRANSFER_LINES_MAX);
 *                                     qty 1 … 10^9 sent, 0 … 10^9 received
 *  lines of a restock order           1 … 1 000 (DIS_CODEC_RESTOCK_LINES_MAX);
 *                                     ordered, received 0 … 10^9
 *  levels of a stock_snapshot         0 … 20 000 (DIS_CODEC_SNAPSHOT_LEVELS_MAX)
 *                                     [code, qty], qty 1 … 10^9, codes unique
 *  stock document                     1 … 80 characters (DIS_CODEC_DOCUMENT_MAX)
 *  stock reason, restock note         1 … 200 characters (DIS_CODEC_REASON_MAX)
 *  ids (transfer, restock order)      a UUID
 *  lines of an order (placed and      1 … 200 (DIS_CODEC_ORDER_LINES_MAX); line_no
 *    the "order" change: 0 … 200)     1 … 200 unique, products unique; quantity,
 *                                     ordered 1 … 10^9; allotted 0 … ordered
 *  weighed lines of order.state       0 … 200, line_no unique; quantity 0 … 10^9;
 *                                     only at ready
 *  order id, sale_id                  a UUID
 *  order revision, accepted_revision  1 … 1 000 000 (DIS_CODEC_ORDER_REVISION_MAX)
 *  order number                       1 … 1 000 000 000 (per point)
 *  cycle id                           1 … 2 147 483 647 (DIS_CODEC_CYCLE_ID_MAX)
 *  order address, comune, note,       1 … 200 characters or null
 *    cancel reason                    (DIS_CODEC_ORDER_TEXT_MAX)
 *  order lat, lon                     both or neither
 *  window, slot (codes)               a code or null: pickup names a window,
 *                                     delivery a slot and an address
 *  reason of an "order" change        null or {"code": a code, "message": 1 … 1 000
 *                                     characters}; required when refused
 *  cycle name                         1 … 200 characters; opens < closes
 *  cycle product available,           0 … 10^9 or null (unlimited); remaining ≤
 *    remaining                        available, null when available is
 *  windows, slots of a schedule       0 … 500 each (DIS_CODEC_SCHEDULE_ITEMS_MAX),
 *                                     codes unique; starts < ends; cutoff ≤ starts
 *  slot capacity, booked              1 … 10 000, 0 … 10 000 orders
 *  slot comuni                        null or 1 … 200 names of 1 … 200 characters
 *  slot radius_m                      1 … 100 000 or null
 *
 * Every text is valid UTF-8 without NUL or lone surrogate, and without
 * U+001F (json-glib writes it unescaped); names and codes are not blank;
 * lengths count characters. */

#define DIS_CODEC_SEQ_MAX          G_GINT64_CONSTANT (1000000000000)
#define DIS_CODEC_CODE_MAX         32
#define DIS_CODEC_NAME_MAX         200
#define DIS_CODEC_RECEIPT_NO_MAX   80
#define DIS_CODEC_TIME_MAX         40
#define DIS_CODEC_OPERATOR_ID_MAX  G_MAXINT32
#define DIS_CODEC_PLU_MAX          99999
#define DIS_CODEC_OVERRIDE_BP_MIN  (-10000)
#define DIS_CODEC_OVERRIDE_BP_MAX  100000
#define DIS_CODEC_ACTIVITY_MAX     100000
#define DIS_CODEC_TYPE_MAX         64
#define DIS_CODEC_MESSAGE_MAX      1000
#define DIS_CODEC_REVIEW_MAX       2000

#define DIS_CODEC_ERROR (dis_codec_error_quark ())

typedef enum
{
  DIS_CODEC_ERROR_INVALID,       /* a field's type or bounds: "invalid_payload" */
  DIS_CODEC_ERROR_UNKNOWN_TYPE,  /* an event type nobody knows: "unknown_type" */
} DisCodecError;

GQuark      dis_codec_error_quark (void);
/* The stable rejection code of a codec error ("invalid_payload",
 * "unknown_type"). */
const char *dis_codec_error_code  (const GError *error);

/* Protocol JSON text to a tree with the strict reader of dis-json.h,
 * under limits no request or reply of the protocol comes near: a number
 * past gint64 or double reads as out of range, so the field's check
 * refuses it instead of reading a wrapped value. */
JsonNode   *dis_codec_parse       (const char  *text,
                                   gssize       length,
                                   GError     **error);
/* A code of the protocol (point, device, product, supplier): 1 …
 * DIS_CODEC_CODE_MAX of A–Z a–z 0–9 . _ - */
gboolean    dis_codec_is_code     (const char  *text);
/* The canonical text of @node: dis_json_to_string(), compact. */
char       *dis_codec_to_text     (JsonNode    *node,
                                   gsize       *out_length);

/* ---- Events (push) ------------------------------------------------------ */

typedef enum
{
  DIS_CODEC_SALE_COMMITTED,
  DIS_CODEC_SALE_REFUNDED,
  DIS_CODEC_MEMBER_REGISTERED,
  DIS_CODEC_MEMBER_UPDATED,
  DIS_CODEC_MEMBER_PROVISIONAL_BASIS,
  DIS_CODEC_PRODUCT_DECLARED,
  DIS_CODEC_STOCK_MOVED,
  DIS_CODEC_TRANSFER_SENT,
  DIS_CODEC_TRANSFER_RECEIVED,
  DIS_CODEC_RESTOCK_ORDER,
  DIS_CODEC_ORDER_PLACED,
  DIS_CODEC_ORDER_CANCELLED,
  DIS_CODEC_ORDER_STATE,
  DIS_CODEC_N_EVENT_TYPES,
} DisCodecEventType;

/* "sale.committed", …; FALSE for a type this codec does not know. */
const char *dis_codec_event_type_to_string   (DisCodecEventType  type);
gboolean    dis_codec_event_type_from_string (const char        *text,
                                              DisCodecEventType *out_type);
gboolean    dis_codec_event_type_is_sale     (DisCodecEventType  type);

typedef struct
{
  gint64      line_no;
  const char *product_code;
  const char *product_name;
  const char *supplier_code;     /* NULL = none */
  DisUnit     unit;
  gint64      quantity;          /* negative in a refund */
  gint64      unit_price;
  gint64      unit_price_equa;
  gint64      line_total;        /* the point's figures: the hub recomputes them */
  gint64      line_total_equa;
  gint64      tier_delta;
  gint64      vat_rate;
} DisCodecSaleLine;

typedef struct
{
  DisPaymentMethod method;
  gint64           amount;
} DisCodecPayment;

/* The payload of "sale.committed" and "sale.refunded". */
typedef struct
{
  gboolean    refund;              /* which of the two: refund_of is set iff refund */
  const char *id;
  const char *receipt_no;
  const char *point;
  const char *device;
  gint64      seq;                 /* per-device receipt number */
  const char *created_at;
  gint64      operator_id;
  const char *operator_name;
  const char *member_card;         /* NULL = anonymous */
  DisTier     tier;
  const char *refund_of;
  const char *refund_of_receipt_no;
  GArray     *lines;               /* DisCodecSaleLine */
  GArray     *payments;            /* DisCodecPayment */
  gint64      n_lines;
  gint64      total;
  gint64      total_equa;
  gint64      tier_delta;
  gint64      cash_tendered;
  gint64      change_due;
  /* The catalog the till priced the sale with: its cursor in the hub's
   * changes feed (0 … DIS_CODEC_SEQ_MAX). Absent in payloads of tills
   * older than issue 10, and from a till that never pulled the feed. */
  gboolean    has_catalog_version;
  gint64      catalog_version;
} DisCodecSale;

/* Sets @sale empty with its two arrays allocated for @n_lines lines. */
void      dis_codec_sale_init     (DisCodecSale        *sale,
                                   guint                n_lines);
/* Frees the arrays; strings are borrowed. */
void      dis_codec_sale_clear    (DisCodecSale        *sale);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecSale, dis_codec_sale_clear)

gboolean  dis_codec_sale_decode   (JsonObject          *payload,
                                   gboolean             refund,
                                   DisCodecSale        *out,
                                   GError             **error);
JsonNode *dis_codec_sale_to_node  (const DisCodecSale  *sale,
                                   GError             **error);
/* The same bytes as dis_codec_to_text (dis_codec_sale_to_node (sale)),
 * written straight into a string: the till builds it inside the commit's
 * write transaction and the hub for every sale it stores, and it is about
 * ten times faster (tests/bench bench-codec). */
char     *dis_codec_sale_write    (const DisCodecSale  *sale,
                                   gsize               *out_length,
                                   GError             **error);

/* The payload of the three member events: the fields of @type only. */
typedef struct
{
  DisCodecEventType type;
  const char    *card_code;
  const char    *point;
  const char    *device;
  gint64         operator_id;
  const char    *operator_name;
  /* member.registered (preferred_tier also in member.updated) */
  const char    *display_name;
  DisMemberKind  kind;
  const char    *contact;                         /* NULL = none */
  gboolean       has_preferred_tier;              /* always in registered */
  DisTier        preferred_tier;
  const char    *privacy_consent_on;
  const char    *registered_on;
  /* member.updated: at least one of the three */
  const char    *documentation_acknowledged_on;  /* NULL = not in this event */
  gboolean       has_declaration;
  const char    *declaration_text;
  const char    *declaration_published_name;
  const char    *declaration_on;
  /* member.provisional_basis */
  const char    *verified_on;
  const char    *expires_on;
} DisCodecMemberEvent;

gboolean  dis_codec_member_event_decode  (JsonObject                 *payload,
                                          DisCodecEventType           type,
                                          DisCodecMemberEvent        *out,
                                          GError                    **error);
JsonNode *dis_codec_member_event_to_node (const DisCodecMemberEvent  *event,
                                          GError                    **error);

typedef enum
{
  DIS_CODEC_OVERRIDE_ACCESSIBILE = 1 << 0,
  DIS_CODEC_OVERRIDE_IMPEGNO     = 1 << 1,
  DIS_CODEC_OVERRIDE_SOLIDALE    = 1 << 2,
} DisCodecOverride;

/* A row of basket.json. */
typedef struct
{
  const char *code;
  const char *name;
  const char *supplier;          /* NULL = none */
  const char *category;          /* NULL or possibly empty */
  DisUnit     unit;
  gint64      vat;
  const char *ean;               /* NULL = none */
  gint64      plu;               /* 0 = none; absent reads 0 */
  gint64      equa_cents;
  guint32     overrides;         /* DisCodecOverride: which of the three are set */
  gint64      accessibile_bp;
  gint64      impegno_bp;
  gint64      solidale_bp;
  gboolean    has_case_size;     /* "case_size" present: written only then */
  gint64      case_size;         /* milli-units per supplier's case, 1 … DIS_CODEC_CASE_SIZE_MAX */
} DisCodecProduct;

/* A case of a million pieces (or kg, or l) is no case. */
#define DIS_CODEC_CASE_SIZE_MAX G_GINT64_CONSTANT (1000000000)

/* The payload of "product.declared": a point's own product, as a row of
 * basket.json, sent before the point's first sale of it after it was
 * created or changed. The hub prices the point's sales of it from this
 * (src/hub/README-api.md). */
typedef struct
{
  const char      *point;
  const char      *device;
  DisCodecProduct  product;
} DisCodecProductDeclared;

gboolean  dis_codec_product_declared_decode  (JsonObject                     *payload,
                                              DisCodecProductDeclared        *out,
                                              GError                        **error);
JsonNode *dis_codec_product_declared_to_node (const DisCodecProductDeclared  *declared,
                                              GError                        **error);

/* The stock events' and changes' types (issue 11). */
#include "dis-codec-stock.h"
/* The member orders' events and changes (issue 13). */
#include "dis-codec-orders.h"

/* One event of a push batch: {"id", "seq", "type", "at", "payload"}. */
typedef struct
{
  const char         *id;
  gint64              seq;
  const char         *type_name;
  const char         *at;
  JsonObject         *payload;        /* decoding: borrowed from the node */
  const DisJsonValue *payload_doc;    /* decoding a DisJsonDoc: borrowed from it */
  JsonNode           *payload_node;   /* owned: payload_doc as json-glib, for the types read from it */
  DisCodecEventType   type;           /* set by the payload step */
  DisCodecSale        sale;           /* for the sale types */
  DisCodecMemberEvent member;         /* for the member types */
  DisCodecProductDeclared declared;   /* for product.declared */
  DisCodecStockMoved  stock_moved;    /* for stock.moved */
  DisCodecTransfer    transfer;       /* for transfer.sent and transfer.received */
  DisCodecRestockOrder restock_order; /* for restock.order */
  DisCodecOrderPlaced order_placed;   /* for order.placed */
  DisCodecOrderCancelled order_cancelled; /* for order.cancelled */
  DisCodecOrderStateEvent order_state;  /* for order.state */
} DisCodecEvent;

void      dis_codec_event_clear          (DisCodecEvent  *event);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecEvent, dis_codec_event_clear)

/* The envelope only (id, seq, type name, at, payload object): the hub
 * answers "duplicate" for a known id before it reads the payload. On
 * failure @out->id is still set when the id at least was a UUID. */
gboolean  dis_codec_event_decode_envelope (JsonNode       *node,
                                           DisCodecEvent  *out,
                                           GError        **error);
/* The same from a value of a DisJsonDoc (dis-json-doc.h), the hub's
 * pushes: the same fields, the same errors. Strings point into the
 * document; a sale's payload is read from it, any other type's from a
 * json-glib copy of its payload the event owns. */
gboolean  dis_codec_event_decode_envelope_doc (const DisJsonValue  *value,
                                               DisCodecEvent       *out,
                                               GError             **error);
/* Then the type (DIS_CODEC_ERROR_UNKNOWN_TYPE) and the payload. */
gboolean  dis_codec_event_decode_payload  (DisCodecEvent  *event,
                                           GError        **error);
/* Both steps. */
gboolean  dis_codec_event_decode          (JsonNode       *node,
                                           DisCodecEvent  *out,
                                           GError        **error);
/* The envelope around @payload_text (a JSON object, as stored). */
JsonNode *dis_codec_event_to_node         (const char     *id,
                                           gint64          seq,
                                           const char     *type_name,
                                           const char     *at,
                                           JsonNode       *payload,
                                           GError        **error);

/* ---- The push batch and its reply --------------------------------------- */

/* POST /api/v1/events: {"device": …, "events": […]}, written by appending
 * outbox rows whose payloads are stored text (the bytes of
 * dis_codec_event_to_node() for each). */
void      dis_codec_batch_begin   (GString     *out,
                                   const char  *device);
void      dis_codec_batch_add     (GString     *out,
                                   const char  *id,
                                   gint64       seq,
                                   const char  *type_name,
                                   const char  *at,
                                   const char  *payload_text);
void      dis_codec_batch_end     (GString     *out);
/* The hub's side: the device code and the events array (not decoded). */
gboolean  dis_codec_batch_decode  (JsonNode     *root,
                                   const char  **out_device,
                                   JsonArray   **out_events,
                                   GError      **error);
/* The same from a DisJsonDoc's root. */
gboolean  dis_codec_batch_decode_doc (const DisJsonValue   *root,
                                      const char          **out_device,
                                      const DisJsonValue  **out_events,
                                      GError              **error);

typedef enum
{
  DIS_CODEC_ACK_ACCEPTED,
  DIS_CODEC_ACK_DUPLICATE,
  DIS_CODEC_ACK_REJECTED,
} DisCodecAckStatus;

/* The hub's answer for one event. */
typedef struct
{
  const char        *id;        /* NULL when the event had no readable id */
  DisCodecAckStatus  status;
  const char        *code;      /* rejected only */
  const char        *message;   /* rejected only */
  const char        *review;    /* accepted only; NULL = nothing to review */
} DisCodecAck;

/* Rejection codes the point acts on (README-api.md lists them all):
 * the hub refused the payload's device (a device of another enrolment),
 * and the event id is another point's (the event needs a new one). */
#define DIS_CODEC_REJECT_WRONG_DEVICE      "wrong_device"
#define DIS_CODEC_REJECT_EVENT_ID_CONFLICT "event_id_conflict"

typedef struct
{
  const char *device;
  gint64      from;
  gint64      to;
} DisCodecGap;

/* {"results": [ack…], "gaps": [gap…]}. Texts longer than their bound are
 * cut (a reply is never refused for a long review). */
JsonNode *dis_codec_reply_to_node (const DisCodecAck  *acks,
                                   guint               n_acks,
                                   const DisCodecGap  *gaps,
                                   guint               n_gaps);
/* The point's side: the results it can read, in order (DisCodecAck,
 * borrowed from @root); a result it cannot read is left out, so its event
 * stays in the outbox and is sent again. NULL without a results array. */
GArray   *dis_codec_reply_decode  (JsonNode           *root,
                                   GError            **error);

/* ---- Changes (pull) ----------------------------------------------------- */

typedef enum
{
  DIS_CODEC_CHANGE_UNKNOWN,   /* a kind a newer hub publishes: skipped */
  DIS_CODEC_CHANGE_SETTINGS,
  DIS_CODEC_CHANGE_SUPPLIER,
  DIS_CODEC_CHANGE_PRODUCT,
  DIS_CODEC_CHANGE_POINT,
  DIS_CODEC_CHANGE_MEMBER,
  DIS_CODEC_CHANGE_FUND_PERIOD,
  DIS_CODEC_CHANGE_STOCK_SNAPSHOT,
  DIS_CODEC_CHANGE_TRANSFER,
  DIS_CODEC_CHANGE_RESTOCK_ORDER,
  DIS_CODEC_CHANGE_ORDER_CYCLE,
  DIS_CODEC_CHANGE_CYCLE_PRODUCT,
  DIS_CODEC_CHANGE_POINT_SCHEDULE,
  DIS_CODEC_CHANGE_ORDER,
} DisCodecChangeKind;

const char *dis_codec_change_kind_to_string (DisCodecChangeKind kind);

typedef enum
{
  DIS_CODEC_OP_UPSERT,
  DIS_CODEC_OP_DELETE,
} DisCodecChangeOp;

typedef struct
{
  const char *code;
  const char *name;
} DisCodecSupplier;

typedef enum
{
  DIS_CODEC_POINT_SHOP,
  DIS_CODEC_POINT_GAS,
  DIS_CODEC_POINT_PRODUCER,
  DIS_CODEC_POINT_COLLECTION,
} DisCodecPointKind;

const char *dis_codec_point_kind_to_string (DisCodecPointKind kind);

/* A row of points.json, the "point" of GET /me. hours, phone and email
 * may be empty; absent ones read "". */
typedef struct
{
  const char        *code;
  const char        *name;
  DisCodecPointKind  kind;
  const char        *address;
  const char        *comune;
  double             lat;
  double             lon;
  const char        *hours;
  const char        *phone;
  const char        *email;
  gboolean           home_delivery;
  gboolean           collection_point;
} DisCodecPoint;

/* The network settings (data/demo/settings.json), each value optional. */
typedef enum
{
  DIS_CODEC_SETTING_ACCESSIBILE_BP,
  DIS_CODEC_SETTING_IMPEGNO_BP,
  DIS_CODEC_SETTING_SOLIDALE_BP,
  DIS_CODEC_SETTING_IMPEGNO_MIN_MONTHS,
  DIS_CODEC_SETTING_IMPEGNO_VOLUME_CENTS,
  DIS_CODEC_SETTING_IMPEGNO_NEEDS_ACTIVITY,
  DIS_CODEC_SETTING_IMPEGNO_ACTIVITY_MIN,
  DIS_CODEC_SETTING_BASIS_VALIDITY_MONTHS,
  DIS_CODEC_N_SETTINGS,
} DisCodecSetting;

typedef struct
{
  const char *group;     /* "tier_percents", "eligibility" */
  const char *member;    /* "accessibile", "impegno_min_months", … */
  gint64      min;
  gint64      max;
  gboolean    is_bool;   /* JSON true/false, 1/0 here */
} DisCodecSettingInfo;

const DisCodecSettingInfo *dis_codec_setting_info (DisCodecSetting setting);

typedef struct
{
  guint32 present;                         /* bit (1 << DisCodecSetting) */
  gint64  value[DIS_CODEC_N_SETTINGS];
} DisCodecSettings;

/* The hub's verdict on one tier below Equa (DisVerdict): eligible with
 * no criterion missing, until @eligible_until when a criterion could
 * lapse; otherwise the missing criteria. */
typedef struct
{
  const char *eligible_until;           /* YYYY-MM-DD, NULL = none */
  guint32     missing;                  /* bits 1 << DisCriterion */
} DisCodecVerdict;

/* What a point sees of a member (README-api.md, "member" changes): what
 * the counter needs to decide the tier, and nothing about the basis's
 * kind, the spending or the hours behind the verdicts. */
typedef struct
{
  const char      *card_code;
  const char      *display_name;
  DisMemberStatus  status;
  DisTier          preferred_tier;
  DisCodecVerdict  impegno;
  DisCodecVerdict  accessibile;
} DisCodecMember;

/* A fund period the hub closed ("fund_period", upsert only): its key is
 * "period" (YYYY-MM), and the whole data object is the published document
 * (WAVE3 item 6, see DisCodecFundDocument), at most
 * DIS_CODEC_FUND_PERIOD_MAX_BYTES of canonical text. The point keeps that
 * text as it came. */
#define DIS_CODEC_FUND_PERIOD_MAX_BYTES (1024 * 1024)

typedef struct
{
  const char *period;      /* YYYY-MM */
  gboolean    closed;
  JsonObject *document;    /* the data object itself, borrowed */
} DisCodecFundPeriod;

/* One change of the feed. A delete carries only the key: point.code or
 * member.card_code. */
typedef struct
{
  gint64              seq;
  DisCodecChangeKind  kind;
  const char         *kind_name;
  DisCodecChangeOp    op;
  DisCodecSettings    settings;
  DisCodecSupplier    supplier;
  DisCodecProduct     product;
  DisCodecPoint       point;
  DisCodecMember      member;
  DisCodecFundPeriod  fund_period;
  /* Upsert only. The two with arrays need dis_codec_change_clear(). */
  DisCodecStockSnapshot  stock_snapshot;
  DisCodecTransfer       transfer;       /* DIS_CODEC_TRANSFER_FORM_CHANGE */
  DisCodecRestockConfirm restock_order;
  DisCodecOrderCycle     order_cycle;
  DisCodecCycleProduct   cycle_product;
  DisCodecPointSchedule  point_schedule;
  DisCodecOrder          order;
} DisCodecChange;

/* Frees what a decoded stock_snapshot, transfer, point_schedule or order
 * change holds; strings are borrowed. Safe on any decoded (or zeroed)
 * change. */
void      dis_codec_change_clear     (DisCodecChange          *change);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecChange, dis_codec_change_clear)

/* The data objects alone: what the hub stores and publishes, and reads
 * back from its admin files (basket.json, points.json, …). */
gboolean  dis_codec_product_decode   (JsonObject              *data,
                                      DisCodecProduct         *out,
                                      GError                 **error);
JsonNode *dis_codec_product_to_node  (const DisCodecProduct   *product,
                                      GError                 **error);
gboolean  dis_codec_supplier_decode  (JsonObject              *data,
                                      DisCodecSupplier        *out,
                                      GError                 **error);
JsonNode *dis_codec_supplier_to_node (const DisCodecSupplier  *supplier,
                                      GError                 **error);
gboolean  dis_codec_point_decode     (JsonObject              *data,
                                      DisCodecPoint           *out,
                                      GError                 **error);
JsonNode *dis_codec_point_to_node    (const DisCodecPoint     *point,
                                      GError                 **error);
gboolean  dis_codec_settings_decode  (JsonObject              *data,
                                      DisCodecSettings        *out,
                                      GError                 **error);
JsonNode *dis_codec_settings_to_node (const DisCodecSettings  *settings,
                                      GError                 **error);
gboolean  dis_codec_member_decode    (JsonObject              *data,
                                      DisCodecMember          *out,
                                      GError                 **error);
JsonNode *dis_codec_member_to_node   (const DisCodecMember    *member,
                                      GError                 **error);
/* Checks @data's key fields and size; fund_period.document is @data. */
gboolean  dis_codec_fund_period_decode  (JsonObject                *data,
                                         DisCodecFundPeriod        *out,
                                         GError                   **error);
/* A copy of the document, once its "period" and "closed" are @fund_period's
 * and it fits the size bound. */
JsonNode *dis_codec_fund_period_to_node (const DisCodecFundPeriod  *fund_period,
                                         GError                   **error);
/* The data of a delete: {"code": …} or {"card_code": …}. */
JsonNode *dis_codec_delete_to_node   (DisCodecChangeKind       kind,
                                      const char              *key,
                                      GError                 **error);

/* A change {"seq", "kind", "op", "data"}; an unknown kind decodes with
 * its name and nothing else. */
gboolean  dis_codec_change_decode    (JsonNode                *node,
                                      DisCodecChange          *out,
                                      GError                 **error);
/* Around @data as stored (the text of one of the *_to_node() above). */
void      dis_codec_change_write     (GString                 *out,
                                      gint64                   seq,
                                      const char              *kind_name,
                                      const char              *op_name,
                                      const char              *data_text);
JsonNode *dis_codec_change_to_node   (const DisCodecChange    *change,
                                      GError                 **error);

/* ---- The published figures of a period (WAVE3 item 6) ------------------ */

/* Sums of many sales: wider than any one sale. */
#define DIS_CODEC_FUND_CENTS_MAX   G_GINT64_CONSTANT (1000000000000000000)
#define DIS_CODEC_FUND_SALES_MAX   DIS_CODEC_SEQ_MAX
#define DIS_CODEC_FUND_ROWS_MAX    100000

/* A cell: per tier (has_tier) or a total. A suppressed cell has none of
 * its four numbers (null in JSON); any other cell has all four. */
typedef enum
{
  DIS_CODEC_CELL_SALES = 1 << 0,
  DIS_CODEC_CELL_GROSS = 1 << 1,
  DIS_CODEC_CELL_EQUA  = 1 << 2,
  DIS_CODEC_CELL_DELTA = 1 << 3,
} DisCodecCellNumber;

typedef struct
{
  gboolean has_tier;
  DisTier  tier;
  gboolean suppressed;
  guint32  present;          /* DisCodecCellNumber */
  gint64   sales;
  gint64   gross_cents;
  gint64   equa_cents;
  gint64   delta_cents;
} DisCodecFundCell;

typedef struct
{
  const char       *code;
  const char       *name;
  GArray           *tiers;   /* DisCodecFundCell × 4, in tier order */
  DisCodecFundCell  total;
} DisCodecFundPoint;

typedef struct
{
  const char *supplier;
  gint64      claim_cents;
  gint64      allocated_cents;
} DisCodecFundClaim;

/* The fund's object of issue 10 §2 (WAVE3 item 4). */
typedef struct
{
  gint64      inflow_cents;
  gint64      carried_in_cents;
  gint64      available_cents;
  GArray     *claims;                  /* DisCodecFundClaim */
  gint64      carried_out_cents;
  gint64      impegno_delta_cents;
  gint64      late_sales;              /* 0 when absent */
  gint64      flagged_excluded_cents;  /* 0 when absent */
  const char *inputs_sha256;           /* NULL when absent */
  const char *closed_at;               /* NULL when absent */
} DisCodecFund;

/* {"period", "closed", "min_cell", "network": {"tiers", "total"},
 * "points": […], "fund": {…} or null}. Until the hub publishes the
 * network's and the points' cells, they may be absent: has_network FALSE,
 * points empty. Strings borrow from the decoded object. */
typedef struct
{
  const char       *period;
  gboolean          closed;
  gint64            min_cell;          /* 0 when absent */
  gboolean          has_network;
  GArray           *network_tiers;     /* DisCodecFundCell × 4 */
  DisCodecFundCell  network_total;
  GArray           *points;            /* DisCodecFundPoint */
  gboolean          has_fund;
  DisCodecFund      fund;
} DisCodecFundDocument;

void      dis_codec_fund_document_clear  (DisCodecFundDocument  *document);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecFundDocument, dis_codec_fund_document_clear)
gboolean  dis_codec_fund_document_decode (JsonObject            *data,
                                          DisCodecFundDocument  *out,
                                          GError               **error);

/* GET /api/v1/changes: {"changes": [change…], "next": cursor, "more": bool},
 * written by the hub around the changes' stored texts. */
void      dis_codec_changes_page_begin (GString    *out);
void      dis_codec_changes_page_end   (GString    *out,
                                        gint64      next,
                                        gboolean    more);
/* The point's side: the changes array (each decoded with
 * dis_codec_change_decode()), the cursor and whether more wait. */
gboolean  dis_codec_changes_page_decode (JsonNode    *root,
                                         JsonArray  **out_changes,
                                         gint64      *out_next,
                                         gboolean    *out_more,
                                         GError     **error);

/* GET /api/v1/health: {"status": "ok", "version": …, "limits":
 * {"batch_events": n, "body_bytes": n}}: the most events a push may carry
 * and the largest request body the hub reads. A hub older than the
 * limits answers without them (has_limits FALSE). */
typedef struct
{
  const char *status;
  const char *version;
  gboolean    has_limits;
  gint64      batch_events;   /* 1 … DIS_CODEC_BATCH_EVENTS_MAX */
  gint64      body_bytes;     /* 1 … DIS_CODEC_BODY_BYTES_MAX */
} DisCodecHealth;

#define DIS_CODEC_BATCH_EVENTS_MAX  G_MAXINT32
#define DIS_CODEC_BODY_BYTES_MAX    G_GINT64_CONSTANT (1099511627776)   /* 1 TiB */

gboolean  dis_codec_health_decode    (JsonNode                *root,
                                      DisCodecHealth          *out,
                                      GError                 **error);
JsonNode *dis_codec_health_to_node   (const DisCodecHealth    *health,
                                      GError                 **error);

/* GET /api/v1/me: {"point": {…}, "device": code}. */
gboolean  dis_codec_me_decode        (JsonNode                *root,
                                      DisCodecPoint           *out_point,
                                      const char             **out_device,
                                      GError                 **error);
JsonNode *dis_codec_me_to_node       (JsonNode                *point,
                                      const char              *device,
                                      GError                 **error);

G_END_DECLS
