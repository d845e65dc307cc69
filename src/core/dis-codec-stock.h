/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The codec of the network's stock (issue 11, dis-codec-stock.c), a part
 * of dis-codec.h, which includes it: include that one. Bounds are in the
 * table at the top of dis-codec.h; decoders and encoders behave as that
 * header says. */

/* ---- Stock (issue 11; dis-codec-stock.c) --------------------------------- */

#define DIS_CODEC_STOCK_MOVES_MAX       1000
#define DIS_CODEC_TRANSFER_LINES_MAX    1000
#define DIS_CODEC_RESTOCK_LINES_MAX     1000
#define DIS_CODEC_SNAPSHOT_LEVELS_MAX   20000
#define DIS_CODEC_DOCUMENT_MAX          80
#define DIS_CODEC_REASON_MAX            200

/* The kinds of movement a point announces: sales and refunds never travel
 * as movements (the hub moves its copy from the sale lines). */
typedef enum
{
  DIS_CODEC_STOCK_RECEIVE,
  DIS_CODEC_STOCK_ADJUST,
  DIS_CODEC_STOCK_WASTE,
  DIS_CODEC_STOCK_TRANSFER,
  DIS_CODEC_N_STOCK_KINDS,
} DisCodecStockKind;

/* "receive", "adjust", "waste", "transfer"; FALSE for any other text. */
const char *dis_codec_stock_kind_to_string   (DisCodecStockKind  kind);
gboolean    dis_codec_stock_kind_from_string (const char        *text,
                                              DisCodecStockKind *out_kind);

typedef struct
{
  const char        *product;     /* code */
  DisCodecStockKind  kind;
  gint64             qty;         /* signed milli-units, never 0 */
  const char        *at;
  const char        *document;    /* NULL = none */
  const char        *reason;      /* NULL = none */
} DisCodecStockMove;

/* The payload of "stock.moved": {"movements": [move…]}. */
typedef struct
{
  GArray *movements;              /* DisCodecStockMove */
} DisCodecStockMoved;

void      dis_codec_stock_moved_clear   (DisCodecStockMoved        *moved);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecStockMoved, dis_codec_stock_moved_clear)
gboolean  dis_codec_stock_moved_decode  (JsonObject                *payload,
                                         DisCodecStockMoved        *out,
                                         GError                   **error);
JsonNode *dis_codec_stock_moved_to_node (const DisCodecStockMoved  *moved,
                                         GError                   **error);

typedef enum
{
  DIS_CODEC_TRANSFER_STATE_SENT,
  DIS_CODEC_TRANSFER_STATE_RECEIVED,
} DisCodecTransferState;

/* Which of the three shapes a transfer travels in. */
typedef enum
{
  DIS_CODEC_TRANSFER_FORM_SENT,      /* event transfer.sent: id, to, at, lines (qty > 0) */
  DIS_CODEC_TRANSFER_FORM_RECEIVED,  /* event transfer.received: id, at, lines (qty ≥ 0) */
  DIS_CODEC_TRANSFER_FORM_CHANGE,    /* change "transfer": id, from, to, at, state, lines (qty ≥ 0) */
} DisCodecTransferForm;

typedef struct
{
  const char *product;    /* code */
  gint64      qty;        /* milli-units */
} DisCodecStockLine;

/* A transfer between two points; the fields its form does not carry are
 * NULL (and state SENT). */
typedef struct
{
  const char            *id;
  const char            *from;
  const char            *to;
  const char            *at;
  DisCodecTransferState  state;
  GArray                *lines;   /* DisCodecStockLine */
} DisCodecTransfer;

void      dis_codec_transfer_clear   (DisCodecTransfer        *transfer);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecTransfer, dis_codec_transfer_clear)
gboolean  dis_codec_transfer_decode  (JsonObject              *object,
                                      DisCodecTransferForm     form,
                                      DisCodecTransfer        *out,
                                      GError                 **error);
JsonNode *dis_codec_transfer_to_node (const DisCodecTransfer  *transfer,
                                      DisCodecTransferForm     form,
                                      GError                 **error);

/* The states of a restock order the network sees (drafts stay local):
 * events carry every state but confirmed, the "restock_order" change only
 * confirmed. */
typedef enum
{
  DIS_CODEC_RESTOCK_SENT,
  DIS_CODEC_RESTOCK_CONFIRMED,
  DIS_CODEC_RESTOCK_PARTIALLY_RECEIVED,
  DIS_CODEC_RESTOCK_RECEIVED,
  DIS_CODEC_RESTOCK_CANCELLED,
  DIS_CODEC_N_RESTOCK_STATES,
} DisCodecRestockState;

/* "sent", "confirmed", "partially_received", "received", "cancelled". */
const char *dis_codec_restock_state_to_string   (DisCodecRestockState  state);
gboolean    dis_codec_restock_state_from_string (const char           *text,
                                                 DisCodecRestockState *out_state);

typedef struct
{
  const char *product;    /* code */
  gint64      ordered;    /* milli-units ≥ 0 */
  gint64      received;   /* milli-units ≥ 0 */
} DisCodecRestockLine;

/* The payload of "restock.order": the whole order as it is now. */
typedef struct
{
  const char           *id;
  const char           *supplier;   /* code */
  DisCodecRestockState  state;      /* never CONFIRMED */
  const char           *at;
  const char           *note;       /* NULL = none */
  GArray               *lines;      /* DisCodecRestockLine */
} DisCodecRestockOrder;

void      dis_codec_restock_order_clear   (DisCodecRestockOrder        *order);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecRestockOrder, dis_codec_restock_order_clear)
gboolean  dis_codec_restock_order_decode  (JsonObject                  *payload,
                                           DisCodecRestockOrder        *out,
                                           GError                     **error);
JsonNode *dis_codec_restock_order_to_node (const DisCodecRestockOrder  *order,
                                           GError                     **error);

/* The data of a "restock_order" change: the hub confirmed @id of @point. */
typedef struct
{
  const char           *id;
  const char           *point;
  DisCodecRestockState  state;      /* CONFIRMED */
} DisCodecRestockConfirm;

gboolean  dis_codec_restock_confirm_decode  (JsonObject                    *data,
                                             DisCodecRestockConfirm        *out,
                                             GError                       **error);
JsonNode *dis_codec_restock_confirm_to_node (const DisCodecRestockConfirm  *confirm,
                                             GError                       **error);

/* The data of a "stock_snapshot" change: {"point", "at", "levels":
 * [[code, qty], …]}, only the products above zero, each once. */
typedef struct
{
  const char *point;
  const char *at;
  GArray     *levels;     /* DisCodecStockLine, qty > 0 */
} DisCodecStockSnapshot;

void      dis_codec_stock_snapshot_clear   (DisCodecStockSnapshot        *snapshot);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisCodecStockSnapshot, dis_codec_stock_snapshot_clear)
gboolean  dis_codec_stock_snapshot_decode  (JsonObject                   *data,
                                            DisCodecStockSnapshot        *out,
                                            GError                      **error);
JsonNode *dis_codec_stock_snapshot_to_node (const DisCodecStockSnapshot  *snapshot,
                                            GError                      **error);

G_END_DECLS
