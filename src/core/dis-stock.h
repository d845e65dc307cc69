/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-product.h"

G_BEGIN_DECLS

/* The point's stock (DESIGN.md §3 "Stock", issue 11): what the Stock page
 * shows. Quantities in milli-units, money in cents. The store builds these
 * objects on a worker thread; their fields are public and only read once
 * they are handed to the main thread. */

/* ---- Movement kinds --------------------------------------------------------- */

typedef enum
{
  DIS_STOCK_KIND_RECEIVE,
  DIS_STOCK_KIND_SALE,
  DIS_STOCK_KIND_REFUND,
  DIS_STOCK_KIND_ADJUST,
  DIS_STOCK_KIND_WASTE,
  DIS_STOCK_KIND_TRANSFER,
  DIS_STOCK_N_KINDS,
} DisStockKind;

/* "receive", "sale", "refund", "adjust", "waste", "transfer" (the codes of
 * stock_movements.kind). */
const char *dis_stock_kind_to_code   (DisStockKind  kind);
gboolean    dis_stock_kind_from_code (const char   *code,
                                      DisStockKind *out_kind);
/* "Received", "Sale", … for people (translated). */
const char *dis_stock_kind_get_name  (DisStockKind  kind);

/* A product is "expiring" when the nearest expiry of what is on the
 * shelf is at most this many days away (or past). */
#define DIS_STOCK_EXPIRING_DAYS  7
/* Days of cover look at the sales of the last 4 weeks. */
#define DIS_STOCK_COVER_DAYS     28
/* Texts a person types. */
#define DIS_STOCK_REASON_MAX     200
#define DIS_STOCK_LOT_MAX        40

/* ---- Levels -------------------------------------------------------------------- */

typedef enum
{
  DIS_STOCK_FLAG_NEGATIVE       = 1 << 0,  /* qty < 0: more sold than received */
  DIS_STOCK_FLAG_OUT            = 1 << 1,  /* qty ≤ 0 */
  DIS_STOCK_FLAG_BELOW_MIN      = 1 << 2,  /* a minimum is set and qty < minimum */
  DIS_STOCK_FLAG_MISSING_BASKET = 1 << 3,  /* a basket product with qty ≤ 0 */
  DIS_STOCK_FLAG_EXPIRING       = 1 << 4,  /* nearest expiry ≤ today + DIS_STOCK_EXPIRING_DAYS */
} DisStockFlags;

#define DIS_TYPE_STOCK_LEVEL (dis_stock_level_get_type ())
G_DECLARE_FINAL_TYPE (DisStockLevel, dis_stock_level, DIS, STOCK_LEVEL, GObject)

/* One product of the point (basket and own, every one of the catalog,
 * with or without movements) and its stock. */
struct _DisStockLevel
{
  GObject         parent_instance;

  gint64          product_id;
  char           *code;
  char           *name;
  DisProductKind  kind;
  DisUnit         unit;
  char           *category;       /* NULL = none */
  gint64          supplier_id;    /* 0 = none */
  char           *supplier_name;  /* NULL = none */
  gint64          qty;            /* milli-units, the sum of the product's movements */
  gint64          min_qty;        /* -1 = not set */
  gint64          target_qty;     /* -1 = not set */
  /* Whole days the level lasts at the average daily sales of the last
   * DIS_STOCK_COVER_DAYS days (sales minus refunds): 0 when nothing is
   * on the shelf, -1 when nothing sold (no estimate). */
  gint64          days_of_cover;
  gint64          sold_4w;        /* milli-units sold in those days, net of refunds */
  /* The nearest expiry of what is on the shelf: of the newest receipts
   * that make up the level (first in, first out); 0 = none known. */
  guint32         expires_julian;
  guint32         flags;          /* DisStockFlags */
  /* What a search matches: name, code, supplier and category folded by
   * dis_stock_search_fold(); the store fills it on its worker so that
   * the first keystroke does not fold 20,000 texts. */
  char           *search_text;
};

DisStockLevel *dis_stock_level_new       (void);
/* Sets @flags from the fields above, against @today_julian. */
void           dis_stock_level_set_flags (DisStockLevel *self,
                                          guint32        today_julian);
/* @search_text, folded now if the store has not. */
const char    *dis_stock_level_get_search_text (DisStockLevel *self);

/* ---- Movements ------------------------------------------------------------------- */

#define DIS_TYPE_STOCK_MOVEMENT (dis_stock_movement_get_type ())
G_DECLARE_FINAL_TYPE (DisStockMovement, dis_stock_movement, DIS, STOCK_MOVEMENT, GObject)

/* One row of a product's history. */
struct _DisStockMovement
{
  GObject       parent_instance;

  gint64        id;
  gint64        product_id;
  DisStockKind  kind;
  gint64        qty;            /* signed milli-units */
  char         *at;             /* ISO 8601, as written */
  char         *operator_name;  /* NULL = nobody signed in (a change from the hub) */
  /* The document: a delivery note, "restock:<uuid>", "count:<id>",
   * "transfer:<uuid>"; for a sale or refund its receipt number. */
  char         *document;
  char         *lot;            /* NULL = none */
  guint32       expires_julian; /* 0 = none */
  gint64        unit_cost;      /* cents per unit (per kg/l when weighed); -1 unknown */
  char         *reason;         /* NULL = none */
};

DisStockMovement *dis_stock_movement_new (void);

/* ---- Transfers ---------------------------------------------------------------------- */

typedef enum
{
  DIS_STOCK_TRANSFER_SENT,      /* on its way: the receiver has not confirmed it */
  DIS_STOCK_TRANSFER_RECEIVED,  /* confirmed by the receiving point */
} DisStockTransferState;

/* A line of a transfer, by product code: an incoming transfer may name a
 * product this point's catalog does not have (product_id 0). */
typedef struct
{
  gint64  product_id;     /* 0 = not in this point's catalog */
  char   *product_code;
  char   *product_name;   /* NULL when product_id is 0 */
  gint64  qty_sent;       /* milli-units > 0 */
  gint64  qty_received;   /* -1 until confirmed */
} DisStockTransferLine;

#define DIS_TYPE_STOCK_TRANSFER (dis_stock_transfer_get_type ())
G_DECLARE_FINAL_TYPE (DisStockTransfer, dis_stock_transfer, DIS, STOCK_TRANSFER, GObject)

struct _DisStockTransfer
{
  GObject                parent_instance;

  char                  *id;         /* UUID */
  gboolean               incoming;   /* TRUE: from another point to this one */
  char                  *peer;       /* the other point's code */
  char                  *peer_name;  /* NULL when the point is unknown here */
  char                  *sent_at;    /* ISO 8601 */
  DisStockTransferState  state;
  char                  *received_at;/* NULL until received */
  GArray                *lines;      /* DisStockTransferLine, freed with the object */
};

DisStockTransfer *dis_stock_transfer_new (void);

G_END_DECLS
