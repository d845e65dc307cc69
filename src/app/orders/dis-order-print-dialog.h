/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-store.h"

G_BEGIN_DECLS

/* Printing the preparation of a pickup window or a delivery slot: its
 * picking list, or its orders' labels on A4 label sheets (a sheet
 * partly used can be fed again: the labels used are skipped). The
 * orders are those accepted or ready in the place chosen; printed with
 * the print dialog or saved as a PDF. */

typedef enum
{
  DIS_ORDER_PRINT_PICKING,
  DIS_ORDER_PRINT_LABELS,
} DisOrderPrintKind;

#define DIS_TYPE_ORDER_PRINT_DIALOG (dis_order_print_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisOrderPrintDialog, dis_order_print_dialog, DIS, ORDER_PRINT_DIALOG, AdwWindow)

/* Starts on the window @window_code or the slot @slot_code (both NULL:
 * the first one of the schedule). */
GtkWidget *dis_order_print_dialog_new (GtkWindow         *parent,
                                       DisStore          *store,
                                       DisOrderPrintKind  kind,
                                       const char        *window_code,
                                       const char        *slot_code);

/* For tests: the orders of the place chosen are read (and how many). */
gboolean   _dis_order_print_dialog_is_loaded  (DisOrderPrintDialog  *self);
guint      _dis_order_print_dialog_n_orders   (DisOrderPrintDialog  *self);
/* Writes what "Save as PDF…" would, at @path. */
gboolean   _dis_order_print_dialog_write_pdf  (DisOrderPrintDialog  *self,
                                               const char           *path,
                                               GError              **error);
/* Prints through the print operation to the PDF @path, no dialog. */
gboolean   _dis_order_print_dialog_export     (DisOrderPrintDialog  *self,
                                               const char           *path,
                                               GError              **error);

G_END_DECLS
