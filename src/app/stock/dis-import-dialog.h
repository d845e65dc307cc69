/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-store-count.h"

G_BEGIN_DECLS

#define DIS_TYPE_IMPORT_DIALOG (dis_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisImportDialog, dis_import_dialog, DIS, IMPORT_DIALOG, AdwWindow)

/* The preview of a count sheet read from a file: every change it makes
 * to the open count (row, product, the quantity before and after) before
 * anything is written; import.apply writes them all, Esc or Cancel
 * nothing. Emits "imported" with the count as it is after. */
GtkWidget *dis_import_dialog_new (GtkWindow      *parent,
                                  DisStore       *store,
                                  DisOperator    *operator,
                                  DisCountImport *import);

G_END_DECLS
