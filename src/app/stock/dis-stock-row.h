/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-stock.h"

G_BEGIN_DECLS

#define DIS_TYPE_STOCK_ROW (dis_stock_row_get_type ())
G_DECLARE_FINAL_TYPE (DisStockRow, dis_stock_row, DIS, STOCK_ROW, GtkWidget)

/* A row of the Stock page's list: the product, its level, and its flag
 * (negative, out of stock, below minimum, expiring) in words beside an
 * icon. Rows are recycled: the list gives each one the level it shows. */
GtkWidget     *dis_stock_row_new       (void);
void           dis_stock_row_set_level (DisStockRow   *self,
                                        DisStockLevel *level);

/* The flag of @level in words ("Negative", …) and its icon name; NULL
 * when nothing is wrong. Shared with the product's details. */
const char    *dis_stock_level_flag_text (DisStockLevel *level,
                                          const char   **out_icon_name,
                                          const char   **out_style_class);

G_END_DECLS
