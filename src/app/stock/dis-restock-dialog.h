/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-restock-order-row.h"

G_BEGIN_DECLS

#define DIS_TYPE_RESTOCK_DIALOG (dis_restock_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisRestockDialog, dis_restock_dialog, DIS, RESTOCK_DIALOG, AdwWindow)

/* Restocking: the suggested order per supplier (products under their
 * minimum brought to target, rounded up to the case size), the drafts
 * kept, and the orders sent and not yet received. A suggestion or a
 * draft is edited in place, saved (restock.save) or sent to the
 * supplier through the hub (restock.send, after a confirmation); an
 * order nothing was received of can be cancelled (restock.cancel). Each
 * action takes the order's key (dis_restock_order_row_key()). Esc
 * closes it; what was not saved is dropped. */
GtkWidget  *dis_restock_dialog_new        (GtkWindow   *parent,
                                           DisStore    *store,
                                           DisOperator *operator);

/* For tests: the orders shown (DisRestockOrder), read once both the
 * suggestion and the orders answered, and the row of one. */
GListModel         *dis_restock_dialog_get_orders (DisRestockDialog *self);
gboolean            dis_restock_dialog_is_loaded  (DisRestockDialog *self);
DisRestockOrderRow *dis_restock_dialog_get_row    (DisRestockDialog *self,
                                                   const char       *key);

G_END_DECLS
