/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-store-restock.h"

G_BEGIN_DECLS

#define DIS_TYPE_RESTOCK_ORDER_ROW (dis_restock_order_row_get_type ())
G_DECLARE_FINAL_TYPE (DisRestockOrderRow, dis_restock_order_row, DIS, RESTOCK_ORDER_ROW, GtkWidget)

/* One restock order to a supplier: a suggestion or a draft, whose
 * quantities the manager edits before saving or sending it, or an order
 * sent, shown with what is still to arrive. Its buttons are the
 * dialog's restock.save, restock.send and restock.cancel, with the
 * order's key (see dis_restock_order_row_key()). */
GtkWidget       *dis_restock_order_row_new       (DisRestockOrder *order);
DisRestockOrder *dis_restock_order_row_get_order (DisRestockOrderRow *self);
/* The order's id, or for a suggestion not saved yet "supplier:<id>". */
char            *dis_restock_order_row_key       (DisRestockOrder *order);
/* The edited lines with a quantity above zero: FALSE with a sentence for
 * the person in @out_problem when a quantity is not one. */
gboolean         dis_restock_order_row_read      (DisRestockOrderRow *self,
                                                  GArray            **out_lines,
                                                  char              **out_problem);
/* Sets the quantity typed for @product_id (tests). */
void             dis_restock_order_row_set_qty   (DisRestockOrderRow *self,
                                                  gint64              product_id,
                                                  const char         *text);

G_END_DECLS
