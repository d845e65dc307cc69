/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-application.h"

G_BEGIN_DECLS

#define DIS_TYPE_WINDOW (dis_window_get_type ())
G_DECLARE_FINAL_TYPE (DisWindow, dis_window, DIS, WINDOW, AdwApplicationWindow)

DisWindow *dis_window_new        (DisApplication *application);
/* Short-lived messages; takes ownership of @toast. */
void       dis_window_add_toast  (DisWindow      *self,
                                  AdwToast       *toast);
/* Locks the till: shows the sign-in page; the till's cart is kept. */
void       dis_window_lock       (DisWindow      *self);

G_END_DECLS

G_BEGIN_DECLS
/* For tests: lock after @seconds idle instead of the idle-lock-minutes
 * setting; 0 goes back to the setting. */
void       dis_window_set_idle_lock_seconds (DisWindow *self,
                                             guint      seconds);
G_END_DECLS
