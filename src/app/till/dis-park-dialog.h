/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DIS_TYPE_PARK_DIALOG (dis_park_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisParkDialog, dis_park_dialog, DIS, PARK_DIALOG, AdwMessageDialog)

/* Asks a label for the cart about to be parked, so that it can be found
 * again: @suggested (the buyer's name, or the first product) is filled in
 * and selected, so Enter keeps it and typing replaces it. With
 * @then_resume, another parked cart is resumed right after. Responses
 * "park" (the default) and "cancel". */
GtkWidget  *dis_park_dialog_new       (GtkWindow     *parent,
                                       const char    *suggested,
                                       gboolean       then_resume);
/* The label typed, trimmed; the suggested one when it was emptied. */
char       *dis_park_dialog_get_label (DisParkDialog *self);

G_END_DECLS
