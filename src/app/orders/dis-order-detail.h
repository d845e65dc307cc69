/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-order.h"

G_BEGIN_DECLS

#define DIS_TYPE_ORDER_DETAIL (dis_order_detail_get_type ())
G_DECLARE_FINAL_TYPE (DisOrderDetail, dis_order_detail, DIS, ORDER_DETAIL, GtkWidget)

/* The order chosen on the Orders page: member, place, address, state and
 * the hub's reason, every line (ordered, allotted, weighed, price) and
 * the total, with how weighing changed it; its buttons are the page's
 * actions on the chosen order (orders.edit, orders.ready, orders.cancel). */
GtkWidget *dis_order_detail_new       (void);
DisOrder  *dis_order_detail_get_order (DisOrderDetail *self);
/* NULL shows that no order is chosen. */
void       dis_order_detail_set_order (DisOrderDetail *self,
                                       DisOrder       *order);
/* The keyboard to the panel's first button. */
void       dis_order_detail_focus     (DisOrderDetail *self);

G_END_DECLS
