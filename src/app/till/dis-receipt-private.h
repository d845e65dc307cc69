/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-receipt.h"

G_BEGIN_DECLS

/* Package-private parts of the printing: dis-receipt-print.c (pages,
 * print operation, preview, PDF) and dis-receipt-printer.c (the printer
 * remembered). The tests use them too. */

/* The printer the print dialog chose last, kept in the user's data
 * folder; NULL when none is. */
GtkPrintSettings     *_dis_paper_load_print_settings   (void);
gboolean              _dis_paper_save_print_settings   (GtkPrintSettings  *settings,
                                                        GError           **error);
void                  _dis_paper_forget_print_settings (void);
/* The PDF file of "Print to File" in @settings, or NULL for a printer.
 * GTK finds no such virtual printer without its dialog: the file is
 * written directly instead, as the printer would. */
char                 *_dis_paper_file_printer_path     (GtkPrintSettings  *settings);
/* How a print runs: without a dialog for @every_receipt with a printer
 * @remembered (EXPORT to its file for "Print to File"), else the dialog
 * in @parent, else the default printer. */
GtkPrintOperationAction _dis_paper_print_action        (GtkPrintSettings  *remembered,
                                                        gboolean           every_receipt,
                                                        GtkWindow         *parent);
/* @operation on the whole of @paper, portrait, in points, named
 * @job_name: what is drawn at (0, 0) is at the paper's corner. */
void                  _dis_paper_operation_setup       (GtkPrintOperation *operation,
                                                        GtkPaperSize      *paper,
                                                        const char        *job_name);
/* Where "Save as PDF" starts: the documents folder, else home. */
GFile                *_dis_paper_default_folder        (void);
GtkFileChooserNative *_dis_paper_save_chooser_new      (GtkWindow         *parent,
                                                        const char        *title,
                                                        const char        *file_name);
/* The print operation's preview (what the print dialog's Preview
 * button gives), in a window over @parent. */
void                  _dis_receipt_preview             (DisSale           *sale,
                                                        DisPaperLayout     layout,
                                                        GtkWindow         *parent);

G_END_DECLS
