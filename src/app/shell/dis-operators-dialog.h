/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_OPERATORS_DIALOG (dis_operators_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisOperatorsDialog, dis_operators_dialog, DIS, OPERATORS_DIALOG, AdwPreferencesWindow)

/* Lists, adds, (de)activates operators and changes PINs on behalf of
 * @acting, who needs DIS_PERMISSION_MANAGE_OPERATORS. Emits "changed"
 * after every successful change. */
GtkWidget *dis_operators_dialog_new (GtkWindow   *parent,
                                     DisStore    *store,
                                     DisOperator *acting);

G_END_DECLS
