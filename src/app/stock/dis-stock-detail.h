/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-store-stock.h"

G_BEGIN_DECLS

#define DIS_TYPE_STOCK_DETAIL (dis_stock_detail_get_type ())
G_DECLARE_FINAL_TYPE (DisStockDetail, dis_stock_detail, DIS, STOCK_DETAIL, GtkWidget)

/* The Stock page's side panel: one product's level, minimum, target,
 * days of cover and nearest expiry, and its movement history, newest
 * first, read from the store off the UI thread. Its buttons use the
 * page's actions (stock.waste, stock.transfer, stock.levels). */
void           dis_stock_detail_set_store (DisStockDetail *self,
                                           DisStore       *store);
/* NULL: no product. Reads the history again each time. */
void           dis_stock_detail_set_level (DisStockDetail *self,
                                           DisStockLevel  *level);
DisStockLevel *dis_stock_detail_get_level (DisStockDetail *self);
/* The movements shown (DisStockMovement), for tests. */
GListModel    *dis_stock_detail_get_history (DisStockDetail *self);
/* Whether the history shown is the level's, read. */
gboolean       dis_stock_detail_is_loaded (DisStockDetail *self);

G_END_DECLS
