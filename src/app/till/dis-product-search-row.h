/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_PRODUCT_SEARCH_ROW (dis_product_search_row_get_type ())
G_DECLARE_FINAL_TYPE (DisProductSearchRow, dis_product_search_row, DIS, PRODUCT_SEARCH_ROW, GtkWidget)

/* One product found by the till's search: name, supplier and the price
 * at the cart's tier. Properties "product" (DisProduct) and "tier"
 * (guint, a DisTier). */
GtkWidget  *dis_product_search_row_new         (void);
void        dis_product_search_row_set_product (DisProductSearchRow *self,
                                                DisProduct          *product);
void        dis_product_search_row_set_tier    (DisProductSearchRow *self,
                                                DisTier              tier);

G_END_DECLS
