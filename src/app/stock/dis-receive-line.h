/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_RECEIVE_LINE (dis_receive_line_get_type ())
G_DECLARE_FINAL_TYPE (DisReceiveLine, dis_receive_line, DIS, RECEIVE_LINE, GObject)

/* One line of a delivery being checked in: the product, and what the
 * manager types for it (read-write string properties "qty-text", "lot",
 * "expires-text", "cost-text", bound to the row's entries), read back
 * and checked when the delivery is received. @ordered and @open (milli,
 * -1: not on the order) say what the restock order expects. */
DisReceiveLine *dis_receive_line_new             (gint64      product_id,
                                                  const char *code,
                                                  const char *name,
                                                  DisUnit     unit,
                                                  gint64      ordered,
                                                  gint64      open);
gint64          dis_receive_line_get_product_id  (DisReceiveLine *self);
const char     *dis_receive_line_get_code        (DisReceiveLine *self);
const char     *dis_receive_line_get_name        (DisReceiveLine *self);
DisUnit         dis_receive_line_get_unit        (DisReceiveLine *self);
gint64          dis_receive_line_get_ordered     (DisReceiveLine *self);
gint64          dis_receive_line_get_open        (DisReceiveLine *self);

/* A product not on the order may come in place of one that is: the
 * order's lines (DisRestockLine) it can replace, NULL without an order;
 * and the product it replaces, 0: none (an extra product). */
void            dis_receive_line_set_replaceable    (DisReceiveLine *self,
                                                     GListModel     *order_lines);
GListModel     *dis_receive_line_get_replaceable    (DisReceiveLine *self);
void            dis_receive_line_set_substitute_for (DisReceiveLine *self,
                                                     gint64          product_id);
gint64          dis_receive_line_get_substitute_for (DisReceiveLine *self);

typedef struct
{
  gint64  qty;          /* milli-units > 0 */
  char   *lot;          /* NULL: none */
  char   *expires_on;   /* YYYY-MM-DD, NULL: none */
  gint64  unit_cost;    /* cents, -1: not typed */
} DisReceiveLineInput;

void dis_receive_line_input_clear (DisReceiveLineInput *input);

/* What was typed, checked: FALSE with a sentence for the person in
 * @out_problem ("Pecorino: type the weight delivered, e.g. 3,050"). */
gboolean dis_receive_line_read (DisReceiveLine      *self,
                                DisReceiveLineInput *out_input,
                                char               **out_problem);

/* "31/12/2026", "31/12/26", "2026-12-31", "31.12.2026" → "2026-12-31";
 * NULL for anything else or a day that does not exist. */
char    *dis_receive_parse_day (const char *text);

G_END_DECLS
