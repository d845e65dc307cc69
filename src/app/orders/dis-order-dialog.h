/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-order.h"

G_BEGIN_DECLS

#define DIS_TYPE_ORDER_DIALOG (dis_order_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisOrderDialog, dis_order_dialog, DIS, ORDER_DIALOG, AdwWindow)

/* Takes an order, or changes one (@order), for a member: the card
 * scanned or the member searched by name, the tier (those the member
 * may use, the till's rules), the quantities of the products on offer in
 * an open cycle (@cycles: DisCycle) with what remains of each, weighed
 * products as an estimate, a pickup window or a delivery slot with the
 * address (@schedule), and the estimated total at the tier as it is
 * typed. Saving stores it at once (offline) and emits "saved" (DisOrder)
 * before closing; the hub confirms it later. Ctrl+Enter saves, Esc
 * closes without saving. */
GtkWidget  *dis_order_dialog_new            (GtkWindow        *parent,
                                             DisStore         *store,
                                             DisOperator      *operator,
                                             GPtrArray        *cycles,
                                             DisOrderSchedule *schedule,
                                             DisOrder         *order);
/* The member with @card, as when the card is scanned. */
void        dis_order_dialog_choose_member  (DisOrderDialog   *self,
                                             const char       *card);

/* For tests. The member is read and their tiers evaluated. */
gboolean    dis_order_dialog_has_member     (DisOrderDialog   *self);
/* The quantity entry of the product with @code, NULL when not offered. */
GtkEditable *dis_order_dialog_get_qty_entry (DisOrderDialog   *self,
                                             const char       *code);
/* What keeps the order from being saved, "" when nothing. */
const char *dis_order_dialog_get_problem    (DisOrderDialog   *self);
/* The estimated total shown, cents; -1 before a member is chosen. */
gint64      dis_order_dialog_get_estimate   (DisOrderDialog   *self);

G_END_DECLS
