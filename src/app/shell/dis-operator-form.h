/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_OPERATOR_FORM (dis_operator_form_get_type ())
G_DECLARE_FINAL_TYPE (DisOperatorForm, dis_operator_form, DIS, OPERATOR_FORM, AdwMessageDialog)

/* Asks for a new operator (name, role, PIN twice) or, with @operator,
 * for that operator's new PIN. The "apply" response is enabled once the
 * form is complete; the caller reads the fields on it. */
GtkWidget   *dis_operator_form_new         (GtkWindow       *parent,
                                            DisOperator     *operator);
/* The operator whose PIN changes; NULL when adding one. */
DisOperator *dis_operator_form_get_operator (DisOperatorForm *self);
/* The name, without surrounding spaces (adding only). */
char        *dis_operator_form_dup_name    (DisOperatorForm *self);
DisRole      dis_operator_form_get_role    (DisOperatorForm *self);
const char  *dis_operator_form_get_pin     (DisOperatorForm *self);

G_END_DECLS
