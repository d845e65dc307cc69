/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_STOCK_PAGE (dis_stock_page_get_type ())
G_DECLARE_FINAL_TYPE (DisStockPage, dis_stock_page, DIS, STOCK_PAGE, GtkWidget)

/* The Stock page (Magazzino), for a responsabile or a coordinatore: the
 * level of every product of the point, filtered (property "view": see
 * DisStockView) and searched as on the till, a product's movements, and
 * what a manager does with the stock. Widget actions: stock.search-focus
 * (Ctrl+F), stock.view ("s", the view's nick; Ctrl+1 … Ctrl+6),
 * stock.receive (Ctrl+R), stock.count (Ctrl+I), stock.waste (Ctrl+D),
 * stock.transfer (Ctrl+T), stock.levels (Ctrl+M), stock.restock (Ctrl+N),
 * stock.export (Ctrl+E), stock.import (Ctrl+O). The window gives it the
 * store and the operator signed in. */
GtkWidget *dis_stock_page_new          (void);
void       dis_stock_page_set_store    (DisStockPage *self,
                                        DisStore     *store);
/* NULL: nobody who may see the page is signed in. */
void       dis_stock_page_set_operator (DisStockPage *self,
                                        DisOperator  *operator);
void       dis_stock_page_focus_search (DisStockPage *self);

/* Whether @operator sees the page: a responsabile or a coordinatore. */
gboolean   dis_stock_page_operator_can_see (DisOperator *operator);

G_END_DECLS
