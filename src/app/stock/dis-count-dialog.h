/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-store-count.h"

G_BEGIN_DECLS

#define DIS_TYPE_COUNT_DIALOG (dis_count_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisCountDialog, dis_count_dialog, DIS, COUNT_DIALOG, AdwWindow)

/* A stock count (inventario): opens the count left open (it survives a
 * restart) or starts one over every product or one of @categories
 * (strings), blind by default; then a product scanned or typed and its
 * counted quantity, one after another, with the progress ("312 of 480
 * counted") and what is not counted yet; validating writes the
 * differences and shows them in quantity and in euros. Esc closes it and
 * keeps the count open. Actions: count.start, count.record,
 * count.validate, count.abandon. */
GtkWidget *dis_count_dialog_new (GtkWindow   *parent,
                                 DisStore    *store,
                                 DisOperator *operator,
                                 const char * const *categories);

/* For tests: the count open in the dialog (NULL: none yet) and the lines
 * not counted (DisCountLine). */
DisCount   *dis_count_dialog_get_count       (DisCountDialog *self);
GListModel *dis_count_dialog_get_not_counted (DisCountDialog *self);
/* Records @text as the counted quantity of @code, as a person would. */
void        dis_count_dialog_count           (DisCountDialog *self,
                                              const char     *code,
                                              const char     *text);

G_END_DECLS
