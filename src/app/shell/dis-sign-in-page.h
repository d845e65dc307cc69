/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_SIGN_IN_PAGE (dis_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (DisSignInPage, dis_sign_in_page, DIS, SIGN_IN_PAGE, GtkWidget)

/* Lists the active operators; the chosen one types the PIN. Emits
 * "signed-in" (DisOperator) after the store verified it. Doubles as the
 * lock screen. */
GtkWidget *dis_sign_in_page_new        (void);
void       dis_sign_in_page_set_store  (DisSignInPage *self,
                                        DisStore      *store);
/* Reloads the operators (e.g. after one was added) and clears the PIN. */
void       dis_sign_in_page_reload     (DisSignInPage *self);
void       dis_sign_in_page_set_locked (DisSignInPage *self,
                                        gboolean       locked);

G_END_DECLS
