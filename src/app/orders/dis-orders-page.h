/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-order.h"

G_BEGIN_DECLS

#define DIS_TYPE_ORDERS_PAGE (dis_orders_page_get_type ())
G_DECLARE_FINAL_TYPE (DisOrdersPage, dis_orders_page, DIS, ORDERS_PAGE, GtkWidget)

/* The Orders page (Ordini): members' orders taken at this point, listed
 * by state (property "view", a nick of DisOrdersView) and by pickup
 * window or delivery slot (property "place": "" for every one,
 * "window:CODE" or "slot:CODE"), searched by number, card or name; the
 * chosen order in a panel beside the list. Every role that sells sees
 * it: volunteers take orders too.
 *
 * Widget actions: orders.search-focus (Ctrl+F), orders.new (Ctrl+N),
 * orders.edit, orders.cancel, orders.ready ("s", the order's id; "" for
 * the chosen order: Ctrl+E, Ctrl+Delete, Ctrl+R), orders.reload,
 * orders.view ("s"; Ctrl+1 … Ctrl+9).
 *
 * Preparation and delivery (dis-order-print*, dis-delivery-*) act on the
 * window or slot chosen in the page: orders.print-picking (Ctrl+P),
 * orders.print-labels and orders.delivery-round (a slot only), enabled
 * when a place is chosen; they read it with dis_orders_page_get_place().
 * The window gives the page the store and the operator signed in. */
GtkWidget  *dis_orders_page_new          (void);
void        dis_orders_page_set_store    (DisOrdersPage *self,
                                          DisStore      *store);
/* NULL: nobody who may see the page is signed in. */
void        dis_orders_page_set_operator (DisOrdersPage *self,
                                          DisOperator   *operator);
DisStore   *dis_orders_page_get_store    (DisOrdersPage *self);
DisOperator *dis_orders_page_get_operator (DisOrdersPage *self);
void        dis_orders_page_focus_search (DisOrdersPage *self);
/* The pickup window's or delivery slot's code chosen in the page, and
 * which of the two it is; NULL when every place is shown. */
const char *dis_orders_page_get_place    (DisOrdersPage *self,
                                          DisFulfilment *out_fulfilment);

/* Whether @operator sees the page: whoever may sell. */
gboolean    dis_orders_page_operator_can_see (DisOperator *operator);

G_END_DECLS
