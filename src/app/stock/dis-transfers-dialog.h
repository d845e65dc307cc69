/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-store-stock.h"

G_BEGIN_DECLS

#define DIS_TYPE_TRANSFERS_DIALOG (dis_transfers_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisTransfersDialog, dis_transfers_dialog, DIS, TRANSFERS_DIALOG, AdwWindow)

/* The transfers other points sent here and nobody confirmed yet: for
 * each, what arrived is typed per line and confirmed
 * (transfers.confirm, with the transfer's id), which adds it to the
 * stock. Esc closes it. */
GtkWidget  *dis_transfers_dialog_new           (GtkWindow   *parent,
                                                DisStore    *store,
                                                DisOperator *operator);
/* For tests: the transfers shown (DisStockTransfer), once read. */
GListModel *dis_transfers_dialog_get_transfers (DisTransfersDialog *self);
gboolean    dis_transfers_dialog_is_loaded     (DisTransfersDialog *self);

G_END_DECLS
