/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_FIRST_RUN_PAGE (dis_first_run_page_get_type ())
G_DECLARE_FINAL_TYPE (DisFirstRunPage, dis_first_run_page, DIS, FIRST_RUN_PAGE, GtkWidget)

/* Creates the point's first operator, a responsabile, and emits
 * "created" (DisOperator) once the store saved it. */
GtkWidget *dis_first_run_page_new       (void);
void       dis_first_run_page_set_store (DisFirstRunPage *self,
                                         DisStore        *store);
/* Clears the form and focuses the name entry. */
void       dis_first_run_page_reset     (DisFirstRunPage *self);

G_END_DECLS
