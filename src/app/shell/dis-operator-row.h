/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_OPERATOR_ROW (dis_operator_row_get_type ())
G_DECLARE_FINAL_TYPE (DisOperatorRow, dis_operator_row, DIS, OPERATOR_ROW, AdwActionRow)

/* One operator: avatar, name, role. With @acting (the operators dialog)
 * also "Change PIN" (the "operators.change-pin" action, with the id) and
 * an "Active" switch ("operators.set-active" with (id, active)), which
 * @acting cannot turn off for themselves. Without (the sign-in page), a
 * row to choose. */
GtkWidget   *dis_operator_row_new          (DisOperator *operator,
                                            DisOperator *acting);
DisOperator *dis_operator_row_get_operator (DisOperatorRow *self);

G_END_DECLS
