/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_REFUND_SALE_ROW (dis_refund_sale_row_get_type ())
G_DECLARE_FINAL_TYPE (DisRefundSaleRow, dis_refund_sale_row, DIS, REFUND_SALE_ROW, AdwActionRow)

/* One of today's sales in the refund dialog: receipt number, time and
 * tier, total. Property "sale" (DisSale). */
GtkWidget *dis_refund_sale_row_new      (DisSale          *sale);
DisSale   *dis_refund_sale_row_get_sale (DisRefundSaleRow *self);

G_END_DECLS
