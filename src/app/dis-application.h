/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_APPLICATION (dis_application_get_type ())
G_DECLARE_FINAL_TYPE (DisApplication, dis_application, DIS, APPLICATION, AdwApplication)

/* Command line: disotto-punto [--db PATH] [--demo DIR --point CODE]
 * The database defaults to $XDG_DATA_HOME/disotto/punto.db. With --demo
 * the demo network is loaded (idempotently) before the window shows. */
DisApplication *dis_application_new           (void);
/* NULL until the store finished opening ("store" property notifies). */
DisStore       *dis_application_get_store     (DisApplication *self);
/* The signed-in operator, NULL when locked ("operator" property notifies). */
DisOperator    *dis_application_get_operator  (DisApplication *self);
void            dis_application_set_operator  (DisApplication *self,
                                               DisOperator    *operator);
GSettings      *dis_application_get_settings  (DisApplication *self);

#define DIS_APPLICATION_DEFAULT (DIS_APPLICATION (g_application_get_default ()))

G_END_DECLS

G_BEGIN_DECLS
/* Why the store could not be opened (or the demo loaded); NULL otherwise.
 * The "load-error" property notifies when it is set. */
const GError   *dis_application_get_load_error (DisApplication *self);
G_END_DECLS
