/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_QUANTITY_DIALOG (dis_quantity_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisQuantityDialog, dis_quantity_dialog, DIS, QUANTITY_DIALOG, AdwMessageDialog)

/* A quantity typed by hand: the scale's reading for a product sold by
 * weight or volume that came without one (from the search, or a plain
 * EAN), or a new quantity for a line of the cart. The response "add"
 * (Add, or Change for a line) is enabled only while the entry holds a
 * quantity of the product's unit, and Enter gives it; "cancel" closes. */
GtkWidget  *dis_quantity_dialog_new          (GtkWindow         *parent,
                                              DisProduct        *product);
/* For @line: its quantity filled in and selected. */
GtkWidget  *dis_quantity_dialog_new_for_line (GtkWindow         *parent,
                                              DisCartLine       *line);
DisProduct *dis_quantity_dialog_get_product  (DisQuantityDialog *self);
/* The line given to dis_quantity_dialog_new_for_line(), or NULL. */
DisCartLine *dis_quantity_dialog_get_line    (DisQuantityDialog *self);
/* The quantity typed, in milli-units; FALSE while it is not one. */
gboolean    dis_quantity_dialog_get_quantity (DisQuantityDialog *self,
                                              gint64            *out_quantity);

G_END_DECLS
