/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_CART_ROW (dis_cart_row_get_type ())
G_DECLARE_FINAL_TYPE (DisCartRow, dis_cart_row, DIS, CART_ROW, GtkWidget)

/* One line of the cart: name and supplier, a quantity button with an edit
 * popover, unit price at the tier, line total and a remove button.
 * Property "line" (DisCartLine). Signal "remove" (no args) when the remove
 * button is clicked; the owner takes the line out of the cart. */
GtkWidget   *dis_cart_row_new      (void);
DisCartLine *dis_cart_row_get_line (DisCartRow  *self);
void         dis_cart_row_set_line (DisCartRow  *self,
                                    DisCartLine *line);

/* A unit price as shown at the till: "€ 1,50", "€ 12,00/kg", "€ 2,40/l". */
char        *dis_format_unit_price (gint64  price,
                                    DisUnit unit);

G_END_DECLS
