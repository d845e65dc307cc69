/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-product.h"
#include "dis-restock.h"

G_BEGIN_DECLS

/* A restock order to one supplier and its lines, as the store read them
 * (dis-store-restock.h); immutable items for a GListModel. A suggested
 * order that was not saved yet has no id and the state draft. */

#define DIS_TYPE_RESTOCK_LINE (dis_restock_line_get_type ())
G_DECLARE_FINAL_TYPE (DisRestockLine, dis_restock_line, DIS, RESTOCK_LINE, GObject)

typedef struct
{
  guint       line_no;          /* 1 …; 0 in a suggestion */
  gint64      product_id;
  const char *product_code;
  const char *product_name;
  DisUnit     unit;
  gint64      ordered;          /* milli-units, ≥ 0 (0: came unordered or as a substitute) */
  gint64      received;         /* milli-units, ≥ 0, its substitutes' included */
  guint       substitute_for;   /* the line_no this product came in place of, 0: none */
  gint64      case_size;        /* milli-units, 0: none */
  gint64      level;            /* the product's level when read */
  gint64      min_qty;          /* -1: not set */
  gint64      target_qty;       /* -1: not set */
  gint64      unit_cost;        /* last purchase cost, cents per unit (per kg/l), -1: unknown */
} DisRestockLineData;

/* Properties (read-only): "line-no", "product-id", "product-code",
 * "product-name", "unit", "ordered", "received", "open",
 * "substitute-for", "case-size", "level", "min-qty", "target-qty",
 * "unit-cost". */
DisRestockLine *dis_restock_line_new               (const DisRestockLineData *data);
guint           dis_restock_line_get_line_no       (DisRestockLine *self);
gint64          dis_restock_line_get_product_id    (DisRestockLine *self);
const char     *dis_restock_line_get_product_code  (DisRestockLine *self);
const char     *dis_restock_line_get_product_name  (DisRestockLine *self);
DisUnit         dis_restock_line_get_unit          (DisRestockLine *self);
gint64          dis_restock_line_get_ordered       (DisRestockLine *self);
gint64          dis_restock_line_get_received      (DisRestockLine *self);
/* Ordered and not delivered yet (dis_restock_open_qty()). */
gint64          dis_restock_line_get_open          (DisRestockLine *self);
guint           dis_restock_line_get_substitute_for(DisRestockLine *self);
gint64          dis_restock_line_get_case_size     (DisRestockLine *self);
gint64          dis_restock_line_get_level         (DisRestockLine *self);
gint64          dis_restock_line_get_min_qty       (DisRestockLine *self);
gint64          dis_restock_line_get_target_qty    (DisRestockLine *self);
gint64          dis_restock_line_get_unit_cost     (DisRestockLine *self);

#define DIS_TYPE_RESTOCK_ORDER (dis_restock_order_get_type ())
G_DECLARE_FINAL_TYPE (DisRestockOrder, dis_restock_order, DIS, RESTOCK_ORDER, GObject)

typedef struct
{
  const char      *id;              /* UUID; NULL: a suggestion not saved yet */
  gint64           supplier_id;
  const char      *supplier_code;
  const char      *supplier_name;
  DisRestockState  state;
  const char      *note;            /* NULL or ≤ 200 characters */
  const char      *created_at;      /* ISO 8601 UTC; NULL in a suggestion */
  const char      *sent_at;         /* NULL until sent */
  const char      *updated_at;      /* the last change of state or lines */
} DisRestockOrderData;

/* Takes a reference to each of @lines (DisRestockLine, in line order).
 * Properties (read-only): "id", "supplier-id", "supplier-code",
 * "supplier-name", "state", "note", "created-at", "sent-at",
 * "updated-at", "n-lines", "total-open". */
DisRestockOrder *dis_restock_order_new          (const DisRestockOrderData *data,
                                                 GPtrArray                 *lines);
const char      *dis_restock_order_get_id            (DisRestockOrder *self);
gint64           dis_restock_order_get_supplier_id   (DisRestockOrder *self);
const char      *dis_restock_order_get_supplier_code (DisRestockOrder *self);
const char      *dis_restock_order_get_supplier_name (DisRestockOrder *self);
DisRestockState  dis_restock_order_get_state         (DisRestockOrder *self);
const char      *dis_restock_order_get_note          (DisRestockOrder *self);
const char      *dis_restock_order_get_created_at    (DisRestockOrder *self);
const char      *dis_restock_order_get_sent_at       (DisRestockOrder *self);
const char      *dis_restock_order_get_updated_at    (DisRestockOrder *self);
/* A GListModel of DisRestockLine, owned by the order. */
GListModel      *dis_restock_order_get_lines         (DisRestockOrder *self);
guint            dis_restock_order_get_n_lines       (DisRestockOrder *self);
/* The line numbered @line_no, NULL when there is none. */
DisRestockLine  *dis_restock_order_find_line         (DisRestockOrder *self,
                                                      guint            line_no);
/* The sum of the lines' open quantities. */
gint64           dis_restock_order_get_total_open    (DisRestockOrder *self);

G_END_DECLS
