/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-receive-line.h"

G_BEGIN_DECLS

#define DIS_TYPE_RECEIVE_LINE_ROW (dis_receive_line_row_get_type ())
G_DECLARE_FINAL_TYPE (DisReceiveLineRow, dis_receive_line_row, DIS, RECEIVE_LINE_ROW, GtkWidget)

/* A line of a delivery: the product, what the order expects, and the
 * quantity (or weight) delivered, lot, expiry and purchase cost typed
 * into @line. Its remove button is receive.remove-line with the
 * product's id. */
GtkWidget *dis_receive_line_row_new         (DisReceiveLine    *line);
void       dis_receive_line_row_focus_qty   (DisReceiveLineRow *self);

G_END_DECLS
