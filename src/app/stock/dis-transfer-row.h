/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-stock.h"

G_BEGIN_DECLS

#define DIS_TYPE_TRANSFER_ROW (dis_transfer_row_get_type ())
G_DECLARE_FINAL_TYPE (DisTransferRow, dis_transfer_row, DIS, TRANSFER_ROW, GtkWidget)

/* An incoming transfer to confirm: where it comes from, when it was
 * sent, and per line what was sent and an entry for what arrived (what
 * was sent, to begin with). Its button is transfers.confirm with the
 * transfer's id. */
GtkWidget        *dis_transfer_row_new          (DisStockTransfer *transfer);
DisStockTransfer *dis_transfer_row_get_transfer (DisTransferRow   *self);
/* What arrived, per line in the transfer's order: FALSE with a sentence
 * for the person when a quantity is not one. */
gboolean          dis_transfer_row_read         (DisTransferRow   *self,
                                                 GArray          **out_received,
                                                 char            **out_problem);

G_END_DECLS
