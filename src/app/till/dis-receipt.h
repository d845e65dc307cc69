/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

typedef enum
{
  DIS_PAPER_ROLL_80MM,
  DIS_PAPER_A4,
} DisPaperLayout;

/* The layout chosen in the preferences (receipt-layout). */
DisPaperLayout dis_receipt_get_paper_layout (void);

/* The receipt as plain text lines (also shown on screen): point, receipt
 * number, date, operator, member card, the label of the order it hands
 * over or pays ("Ordine ORD12-C1"), lines, tier and what it meant ("Contributo
 * solidale +€ 0,45" / "Sconto Accessibile −€ 1,20"), VAT per rate,
 * payments, change, "documento non fiscale". @width in characters. */
char    *dis_receipt_format_text    (DisSale        *sale,
                                     guint           width);
/* Prints with GtkPrintOperation: the print dialog in @parent (the
 * printer chosen there is remembered), or the default printer for a
 * NULL @parent. The dialog's Preview shows the pages in a window. */
void     dis_receipt_print          (DisSale        *sale,
                                     DisPaperLayout  layout,
                                     GtkWindow      *parent);
/* The receipt printed by itself after a sale ("print every receipt"):
 * straight to the printer remembered, without a dialog; when none is
 * remembered yet (or it failed last time), the dialog asks in @parent
 * and its choice is remembered. */
void     dis_receipt_print_every    (DisSale        *sale,
                                     DisPaperLayout  layout,
                                     GtkWindow      *parent);
/* Renders to a PDF file with cairo; blocking but quick. */
gboolean dis_receipt_save_pdf       (DisSale        *sale,
                                     DisPaperLayout  layout,
                                     const char     *path,
                                     GError        **error);
/* Same for the day close report. */
char    *dis_day_report_format_text (DisDayReport   *report,
                                     guint           width);
void     dis_day_report_print       (DisDayReport   *report,
                                     DisPaperLayout  layout,
                                     GtkWindow      *parent);
gboolean dis_day_report_save_pdf    (DisDayReport   *report,
                                     DisPaperLayout  layout,
                                     const char     *path,
                                     GError        **error);

/* Writes @document (a DisSale, a DisDayReport) as a PDF at @path. */
typedef gboolean (*DisPaperSaveFunc) (gpointer         document,
                                      DisPaperLayout   layout,
                                      const char      *path,
                                      GError         **error);

/* Asks where to save @document as a PDF (starting in the documents
 * folder, else the home folder), in the layout of the preferences, and writes it there with @save; a toast in @parent says
 * how it went. @document belongs to @parent, which is kept until the
 * question is answered. @no_folder and @failed are the sentences for a
 * place that is not a local file and for a write that failed. */
void     dis_paper_ask_save_pdf     (GtkWindow        *parent,
                                     const char       *title,
                                     const char       *file_name,
                                     DisPaperSaveFunc  save,
                                     gpointer          document,
                                     const char       *no_folder,
                                     const char       *failed);

G_END_DECLS
