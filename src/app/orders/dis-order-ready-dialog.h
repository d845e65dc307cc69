/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-order.h"

G_BEGIN_DECLS

#define DIS_TYPE_ORDER_READY_DIALOG (dis_order_ready_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisOrderReadyDialog, dis_order_ready_dialog, DIS, ORDER_READY_DIALOG, AdwWindow)

/* Marks an accepted @order ready once its bag is prepared: every line to
 * check, the weight of each weighed product typed as the scale shows it,
 * the price following the weight line by line and the new total beside
 * the estimate. Emits "ready" (DisOrder, as stored) before closing.
 * Ctrl+Enter confirms, Esc closes without a change. */
GtkWidget   *dis_order_ready_dialog_new          (GtkWindow           *parent,
                                                  DisStore            *store,
                                                  DisOperator         *operator,
                                                  DisOrder            *order);

/* For tests: the weight entry of line @line_no (NULL for a piece), what
 * keeps the order from being marked ready ("" when nothing) and the
 * total as weighed, cents. */
GtkEditable *dis_order_ready_dialog_get_entry    (DisOrderReadyDialog *self,
                                                  guint                line_no);
const char  *dis_order_ready_dialog_get_problem  (DisOrderReadyDialog *self);
gint64       dis_order_ready_dialog_get_total    (DisOrderReadyDialog *self);

G_END_DECLS
