/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_REFUND_DIALOG (dis_refund_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisRefundDialog, dis_refund_dialog, DIS, REFUND_DIALOG, AdwWindow)

/* Find a sale by receipt number or from today's list, pick lines and
 * quantities, refund in cash or card. Emits "refunded" (DisSale *refund)
 * after the commit returned. */
GtkWidget *dis_refund_dialog_new (GtkWindow   *parent,
                                  DisStore    *store,
                                  DisOperator *operator);

G_END_DECLS
