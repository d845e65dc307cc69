/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-order.h"

G_BEGIN_DECLS

#define DIS_TYPE_ORDER_ROW (dis_order_row_get_type ())
G_DECLARE_FINAL_TYPE (DisOrderRow, dis_order_row, DIS, ORDER_ROW, GtkWidget)

/* One order in the Orders page's list: its number and member, where and
 * when it goes, its total, its state in words with an icon, and why the
 * hub refused or changed it. A refused order that may still be changed
 * offers "Edit…" (orders.edit with its id). */
GtkWidget *dis_order_row_new       (void);
void       dis_order_row_set_order (DisOrderRow *self,
                                    DisOrder    *order);

G_END_DECLS
