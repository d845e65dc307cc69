/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-refund-line.h"

G_BEGIN_DECLS

#define DIS_TYPE_REFUND_LINE_ROW (dis_refund_line_row_get_type ())
G_DECLARE_FINAL_TYPE (DisRefundLineRow, dis_refund_line_row, DIS, REFUND_LINE_ROW, AdwActionRow)

/* A line of the sale in the refund dialog: product, what was sold and
 * already refunded, and the quantity to give back: a spin button for
 * pieces, an entry for a weight or volume (named "quantity-<index>"), or
 * "Fully refunded". Property "line" (DisRefundLine), which the widgets
 * follow and set. */
GtkWidget *dis_refund_line_row_new (DisRefundLine *line);

G_END_DECLS
