/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The Orders page's preparation and delivery actions, installed on its
 * class: orders.print-picking (Ctrl+P), orders.print-labels and
 * orders.delivery-round open the dialogs of dis-order-print-dialog.h
 * and dis-delivery-round-dialog.h on the window or slot chosen in the
 * page (dis_orders_page_get_place()). The page enables them. */
void dis_order_print_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
