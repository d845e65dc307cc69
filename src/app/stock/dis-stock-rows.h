/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-stock.h"
#include "dis-stock-filter.h"

G_BEGIN_DECLS

#define DIS_TYPE_STOCK_ROWS (dis_stock_rows_get_type ())
G_DECLARE_FINAL_TYPE (DisStockRows, dis_stock_rows, DIS, STOCK_ROWS, GObject)

/* The Stock page's rows: the DisStockLevel items @filter lets through, in
 * the order they were given, each found in constant time. A stricter
 * filter looks only at what matched. When the filter changes, the first
 * rows change at once and the others in steps from an idle, so that no
 * keystroke blocks the page for long (see dis-stock-rows.c); until they
 * have, the model is not settled and its length is not yet the number of
 * matches. */
DisStockRows  *dis_stock_rows_new       (DisStockFilter *filter);
/* Replaces every level (takes a reference on @levels). */
void           dis_stock_rows_set_all   (DisStockRows   *self,
                                         GPtrArray      *levels);
/* Every level, shown or not (DisStockLevel; owned by @self). */
GPtrArray     *dis_stock_rows_get_all   (DisStockRows   *self);
/* How many levels the filter lets through, settled or not. */
guint          dis_stock_rows_get_n_matches (DisStockRows *self);
gboolean       dis_stock_rows_is_settled    (DisStockRows *self);

G_END_DECLS
