/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_RECEIPT_DIALOG (dis_receipt_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisReceiptDialog, dis_receipt_dialog, DIS, RECEIPT_DIALOG, AdwWindow)

/* Shows a committed sale's receipt (the text of dis_receipt_format_text),
 * with Print (80 mm / A4 from the "receipt-layout" setting), Save as PDF and
 * "New Sale" (default, Enter) which closes it. Modal, transient for @parent. */
GtkWidget *dis_receipt_dialog_new (GtkWindow *parent,
                                   DisSale   *sale);

G_END_DECLS
