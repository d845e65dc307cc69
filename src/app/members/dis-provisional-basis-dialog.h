/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DIS_TYPE_PROVISIONAL_BASIS_DIALOG (dis_provisional_basis_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisProvisionalBasisDialog, dis_provisional_basis_dialog, DIS, PROVISIONAL_BASIS_DIALOG, AdwMessageDialog)

/* Asks whether to grant a pending member a provisional Accessibile basis,
 * and for how long: 1 to DIS_PROVISIONAL_BASIS_MONTHS months from today
 * (the longest at first). Responses "cancel" and "grant". Properties
 * "member-name" (said in the question), "months" and, read-only,
 * "expires-julian": the last valid day the months give. */
GtkWidget *dis_provisional_basis_dialog_new                (GtkWindow                 *parent,
                                                            const char                *member_name);
guint      dis_provisional_basis_dialog_get_months         (DisProvisionalBasisDialog *self);
void       dis_provisional_basis_dialog_set_months         (DisProvisionalBasisDialog *self,
                                                            guint                      months);
guint32    dis_provisional_basis_dialog_get_expires_julian (DisProvisionalBasisDialog *self);

G_END_DECLS
