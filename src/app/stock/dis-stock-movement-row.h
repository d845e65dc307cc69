/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-stock.h"

G_BEGIN_DECLS

#define DIS_TYPE_STOCK_MOVEMENT_ROW (dis_stock_movement_row_get_type ())
G_DECLARE_FINAL_TYPE (DisStockMovementRow, dis_stock_movement_row, DIS, STOCK_MOVEMENT_ROW, GtkWidget)

/* One movement of a product's history: what it was, the signed
 * quantity, when, who, and the document, lot, expiry, cost or reason
 * that came with it. @unit is the product's. */
GtkWidget *dis_stock_movement_row_new          (void);
void       dis_stock_movement_row_set_movement (DisStockMovementRow *self,
                                                DisStockMovement    *movement,
                                                DisUnit              unit);

G_END_DECLS
