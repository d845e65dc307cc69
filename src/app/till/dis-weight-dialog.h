/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_WEIGHT_DIALOG (dis_weight_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisWeightDialog, dis_weight_dialog, DIS, WEIGHT_DIALOG, AdwMessageDialog)

/* Asks the scale's reading for a product sold by weight or volume that
 * came without one (from the search, or a plain EAN). The response "add"
 * is enabled only while the entry holds a quantity; "cancel" closes. */
GtkWidget  *dis_weight_dialog_new          (GtkWindow       *parent,
                                            DisProduct      *product);
DisProduct *dis_weight_dialog_get_product  (DisWeightDialog *self);
/* The quantity typed, in milli-units; FALSE while it is not one. */
gboolean    dis_weight_dialog_get_quantity (DisWeightDialog *self,
                                            gint64          *out_quantity);

G_END_DECLS
