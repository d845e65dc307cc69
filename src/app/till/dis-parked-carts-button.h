/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_PARKED_CARTS_BUTTON (dis_parked_carts_button_get_type ())
G_DECLARE_FINAL_TYPE (DisParkedCartsButton, dis_parked_carts_button, DIS, PARKED_CARTS_BUTTON, GtkWidget)

/* The till's "Parked" button: how many carts are parked, and a popover
 * listing them. Property "store" (DisStore). Signals "resume"
 * (DisParkedCart *): one was chosen; "closed": the popover went. */
void       dis_parked_carts_button_set_store (DisParkedCartsButton *self,
                                              DisStore             *store);
/* Reads the parked carts again (after parking or resuming one). */
void       dis_parked_carts_button_refresh   (DisParkedCartsButton *self);
/* Opens the list (F6). */
void       dis_parked_carts_button_popup     (DisParkedCartsButton *self);

G_END_DECLS
