/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-store-restock.h"

G_BEGIN_DECLS

#define DIS_TYPE_RECEIVE_DIALOG (dis_receive_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisReceiveDialog, dis_receive_dialog, DIS, RECEIVE_DIALOG, AdwWindow)

/* Receiving goods: against an open restock order (its open lines come
 * in, each with what is still to arrive) or with a delivery note number;
 * products scanned or searched are added as lines; each line takes the
 * quantity (a weighed product its delivered weight), and optionally a
 * lot, an expiry date and the new purchase cost. Nothing is written
 * before "Receive" (Ctrl+Enter), and then all lines or none. Esc
 * closes it. Actions: receive.confirm, receive.remove-line ("x", the
 * product's id). */
GtkWidget  *dis_receive_dialog_new       (GtkWindow   *parent,
                                          DisStore    *store,
                                          DisOperator *operator);

/* For tests: the lines (DisReceiveLine), and adding a product as a scan
 * or a typed search and Enter would. */
GListModel *dis_receive_dialog_get_lines (DisReceiveDialog *self);
void        dis_receive_dialog_add       (DisReceiveDialog *self,
                                          const char       *text);
/* Whether the open orders were read. */
gboolean    dis_receive_dialog_is_ready  (DisReceiveDialog *self);

G_END_DECLS
