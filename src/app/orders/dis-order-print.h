/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-receipt.h"
#include "dis-sheet.h"

G_BEGIN_DECLS

/* Printing the A4 documents of orders (picking lists, labels, route
 * sheets): a document is described once by a fill function, then drawn
 * either on a GtkPrintOperation's pages or into a PDF file, so what is
 * printed and what is saved are the same pages. */

/* Puts the document's content into @sheet; @data is the caller's. */
typedef void (*DisOrderSheetFill) (DisSheet *sheet,
                                   gpointer  data);

/* Prints the document with the print dialog over @parent (A4, the
 * whole paper: the labels fall on the label sheet's labels). @data
 * belongs to the caller and is used before this returns. A failure is
 * told in @parent. */
void     dis_order_print_sheet      (GtkWindow          *parent,
                                     const char         *job_name,
                                     DisOrderSheetFill   fill,
                                     gpointer            data);
/* Writes the document as a PDF at @path. */
gboolean dis_order_print_save_pdf   (const char         *path,
                                     DisOrderSheetFill   fill,
                                     gpointer            data,
                                     GError            **error);
/* A document for dis_paper_ask_save_pdf(): its fill function and data,
 * owned by the caller (the dialog asking). */
typedef struct
{
  DisOrderSheetFill fill;
  gpointer          data;
} DisOrderDocument;

/* A DisPaperSaveFunc for a DisOrderDocument: the PDF, always A4. */
gboolean dis_order_document_save_pdf (gpointer         document,
                                      DisPaperLayout   layout,
                                      const char      *path,
                                      GError         **error);

/* For tests: prints without a dialog through the print operation's
 * export to @pdf_path (what "Print to File" does), blocking. */
gboolean _dis_order_print_export    (const char         *pdf_path,
                                     DisOrderSheetFill   fill,
                                     gpointer            data,
                                     GError            **error);

G_END_DECLS
