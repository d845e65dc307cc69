/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order-print"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-print.h"
#include "dis-receipt-private.h"
#include "dis-ui.h"

/* ---- Printing ----------------------------------------------------------- */

typedef struct
{
  DisSheet  *sheet;
  GtkWindow *parent;   /* nullable */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->sheet, dis_sheet_free);
  g_clear_object (&job->parent);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  gtk_print_operation_set_n_pages (operation, (int) dis_sheet_get_n_pages (job->sheet));
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  dis_sheet_draw_page (job->sheet, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PrintJob                *job)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  g_warning ("Printing failed: %s", error != NULL ? error->message : "unknown error");
  if (job->parent != NULL)
    dis_ui_show_error (GTK_WIDGET (job->parent),
                       _("The printer did not accept the document. Check that it is switched on and has paper, then try again."),
                       error);
}

/* An A4 operation drawing the whole paper in points: the sheet's own
 * coordinates, so the labels fall where the label sheet has them. */
static GtkPrintOperation *
operation_new (const char *job_name,
               PrintJob   *job)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  _dis_paper_operation_setup (operation, paper, job_name);

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  g_signal_connect_data (operation, "done", G_CALLBACK (on_print_done),
                         job, (GClosureNotify) (void (*) (void)) print_job_free, 0);

  return operation;
}

static PrintJob *
print_job_new (GtkWindow         *parent,
               DisOrderSheetFill  fill,
               gpointer           data)
{
  PrintJob *job = g_new0 (PrintJob, 1);

  job->sheet = dis_sheet_new ();
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  fill (job->sheet, data);

  return job;
}

void
dis_order_print_sheet (GtkWindow         *parent,
                       const char        *job_name,
                       DisOrderSheetFill  fill,
                       gpointer           data)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  PrintJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (job_name != NULL);
  g_return_if_fail (fill != NULL);

  job = print_job_new (parent, fill, data);
  operation = operation_new (job_name, job);
  gtk_print_operation_set_allow_async (operation, TRUE);

  /* "done" reports a failure, and frees the job, in every case. */
  gtk_print_operation_run (operation,
                           parent != NULL ? GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG
                                          : GTK_PRINT_OPERATION_ACTION_PRINT,
                           parent, &error);
}

gboolean
_dis_order_print_export (const char         *pdf_path,
                         DisOrderSheetFill   fill,
                         gpointer            data,
                         GError            **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  PrintJob *job;

  g_return_val_if_fail (pdf_path != NULL, FALSE);
  g_return_val_if_fail (fill != NULL, FALSE);

  job = print_job_new (NULL, fill, data);
  operation = operation_new ("export", job);
  gtk_print_operation_set_export_filename (operation, pdf_path);

  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                  NULL, error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* ---- PDF ---------------------------------------------------------------- */

gboolean
dis_order_print_save_pdf (const char         *path,
                          DisOrderSheetFill   fill,
                          gpointer            data,
                          GError            **error)
{
  g_autoptr(DisSheet) sheet = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (fill != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sheet = dis_sheet_new_pdf (path, error);
  if (sheet == NULL)
    return FALSE;

  fill (sheet, data);

  return dis_sheet_finish (sheet, error);
}

gboolean
dis_order_document_save_pdf (gpointer         document,
                             DisPaperLayout   layout,
                             const char      *path,
                             GError         **error)
{
  DisOrderDocument *doc = document;

  g_return_val_if_fail (doc != NULL && doc->fill != NULL, FALSE);

  /* Always A4: the layout of the receipts does not apply. */
  return dis_order_print_save_pdf (path, doc->fill, doc->data, error);
}
