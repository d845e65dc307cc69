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

/* The receipt as plain text lines (also shown on screen): point, receipt
 * number, date, operator, lines, tier and what it meant ("Contributo
 * solidale +€ 0,45" / "Sconto Accessibile −€ 1,20"), VAT per rate,
 * payments, change, "documento non fiscale". @width in characters. */
char    *dis_receipt_format_text    (DisSale        *sale,
                                     guint           width);
/* Prints with GtkPrintOperation (dialog when @parent is non-NULL). */
void     dis_receipt_print          (DisSale        *sale,
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

G_END_DECLS
