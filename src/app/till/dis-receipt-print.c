/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receipt"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <adwaita.h>

#include "dis-plain-number.h"
#include "dis-receipt.h"
#include "dis-settings.h"
#include "dis-ui.h"

/* The receipt and the day report on paper: one layout of their text per
 * paper, drawn for GtkPrintOperation and for a PDF alike. */

/* Characters per line of each layout. 42 is what an 80 mm thermal roll
 * prints in its normal font; A4 gets a wider, more readable text. */
#define ROLL_WIDTH_CHARS  42
#define A4_WIDTH_CHARS    72

#define ROLL_PAPER_WIDTH_MM 80.0
#define ROLL_MARGIN_MM       4.0
#define A4_MARGIN_MM        18.0
#define MAX_FONT_SIZE_PT    11.0
#define FONT_FAMILY         "Monospace"

#define MM_TO_PT(mm) ((mm) * 72.0 / 25.4)

/* ---- Pages -------------------------------------------------------------- */

/* One document laid out for one paper; shared by GtkPrintOperation and
 * the PDF writer so both put the same thing on the page. */
typedef struct
{
  DisPaperLayout   layout;
  char           **lines;
  guint            n_lines;
  double           paper_width;   /* points */
  double           paper_height;  /* points */
  double           margin;        /* points */
  double           font_size;     /* points */
  double           line_height;   /* points */
  guint            lines_per_page;
  guint            n_pages;
} DisPages;

static void
dis_pages_free (DisPages *pages)
{
  g_strfreev (pages->lines);
  g_free (pages);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisPages, dis_pages_free)

static guint
layout_width_chars (DisPaperLayout layout)
{
  return layout == DIS_PAPER_A4 ? A4_WIDTH_CHARS : ROLL_WIDTH_CHARS;
}

static PangoLayout *
create_layout (PangoContext *context,
               double        font_size)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT_FAMILY);
  PangoLayout *layout;

  pango_font_description_set_size (desc, (int) (font_size * PANGO_SCALE));
  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, desc);

  return layout;
}

/* Same metrics on screen, printer and PDF: one cairo unit is one point. */
static void
setup_context (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72.0);
  cairo_font_options_destroy (options);
}

/* Fills font size and line height so that a line of the layout's width
 * in characters fits between the margins. */
static void
dis_pages_measure (DisPages *pages)
{
  g_autoptr(GObject) context = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(GString) probe = g_string_new (NULL);
  guint chars = layout_width_chars (pages->layout);
  double avail = pages->paper_width - 2 * pages->margin;
  int w, h;

  context = G_OBJECT (pango_font_map_create_context (pango_cairo_font_map_get_default ()));
  setup_context (PANGO_CONTEXT (context));

  for (guint i = 0; i < chars; i++)
    g_string_append_c (probe, 'M');

  layout = create_layout (PANGO_CONTEXT (context), 10.0);
  pango_layout_set_text (layout, probe->str, -1);
  pango_layout_get_size (layout, &w, NULL);

  pages->font_size = MIN (MAX_FONT_SIZE_PT, 10.0 * avail / ((double) w / PANGO_SCALE));
  /* Stay a hair under the limit so rounding never wraps a full line. */
  pages->font_size *= 0.98;

  g_clear_object (&layout);
  layout = create_layout (PANGO_CONTEXT (context), pages->font_size);
  pango_layout_set_text (layout, "Mg€", -1);
  pango_layout_get_size (layout, NULL, &h);
  pages->line_height = (double) h / PANGO_SCALE;
}

static void
dis_pages_paginate (DisPages *pages,
                    double    page_height)
{
  double usable = page_height - 2 * pages->margin;

  pages->lines_per_page = MAX (1, (guint) (usable / pages->line_height));
  pages->n_pages = MAX (1, (pages->n_lines + pages->lines_per_page - 1) / pages->lines_per_page);
}

static DisPages *
dis_pages_new (const char     *text,
               DisPaperLayout  layout)
{
  g_autoptr(DisPages) pages = g_new0 (DisPages, 1);
  gsize len;

  pages->layout = layout;
  pages->lines = g_strsplit (text, "\n", -1);
  len = g_strv_length (pages->lines);
  /* The text ends with a newline: no empty last line on paper. */
  while (len > 0 && pages->lines[len - 1][0] == '\0')
    {
      g_free (pages->lines[len - 1]);
      pages->lines[--len] = NULL;
    }
  pages->n_lines = (guint) len;

  if (layout == DIS_PAPER_A4)
    {
      g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

      pages->paper_width = gtk_paper_size_get_width (a4, GTK_UNIT_POINTS);
      pages->paper_height = gtk_paper_size_get_height (a4, GTK_UNIT_POINTS);
      pages->margin = MM_TO_PT (A4_MARGIN_MM);
      dis_pages_measure (pages);
    }
  else
    {
      /* A roll is as long as its content. */
      pages->paper_width = MM_TO_PT (ROLL_PAPER_WIDTH_MM);
      pages->margin = MM_TO_PT (ROLL_MARGIN_MM);
      dis_pages_measure (pages);
      pages->paper_height = 2 * pages->margin + MAX (1, pages->n_lines) * pages->line_height;
      /* Extra space at the end so the cutter does not cut the last line. */
      pages->paper_height += MM_TO_PT (10.0);
    }

  dis_pages_paginate (pages, pages->paper_height);

  return g_steal_pointer (&pages);
}

/* Draws page @page_nr with the origin at the paper's top left corner,
 * one cairo unit per point. */
static void
dis_pages_draw (DisPages *pages,
                cairo_t  *cr,
                guint     page_nr)
{
  g_autoptr(PangoLayout) layout = NULL;
  guint first = page_nr * pages->lines_per_page;
  guint last = MIN (pages->n_lines, first + pages->lines_per_page);

  {
    PangoContext *context = pango_cairo_create_context (cr);

    setup_context (context);
    layout = create_layout (context, pages->font_size);
    g_object_unref (context);
  }

  cairo_set_source_rgb (cr, 0, 0, 0);

  for (guint i = first; i < last; i++)
    {
      cairo_move_to (cr, pages->margin, pages->margin + (i - first) * pages->line_height);
      pango_layout_set_text (layout, pages->lines[i], -1);
      pango_cairo_show_layout (cr, layout);
    }
}

static gboolean
dis_pages_write_pdf (DisPages    *pages,
                     const char  *path,
                     GError     **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_pdf_surface_create (path, pages->paper_width, pages->paper_height);
  cr = cairo_create (surface);

  for (guint i = 0; i < pages->n_pages; i++)
    {
      dis_pages_draw (pages, cr, i);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”: %s"),
                   display, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/* ---- Printing ----------------------------------------------------------- */

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                DisPages          *pages)
{
  g_assert (GTK_IS_PRINT_OPERATION (operation));

  /* The printer may have picked another page size: paginate for what
   * it really is (A4 can run over several pages). */
  dis_pages_paginate (pages, gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, (int) pages->n_pages);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              DisPages          *pages)
{
  g_assert (GTK_IS_PRINT_OPERATION (operation));

  dis_pages_draw (pages, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  g_warning ("Printing failed: %s", error != NULL ? error->message : "unknown error");

  if (parent == NULL)
    return;

  dialog = adw_message_dialog_new (parent, _("Could not print"),
                                   _("The printer did not accept the document. Check that it is switched on and has paper, then try again."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* @export_path, when set, prints to that PDF without any dialog through
 * the same GtkPrintOperation (a check of the print path). */
static void
print_pages (DisPages   *pages,
             const char *job_name,
             GtkWindow  *parent,
             const char *export_path)
{
  GtkPrintOperationAction action;

  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GError) error = NULL;

  if (pages->layout == DIS_PAPER_A4)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    paper = gtk_paper_size_new_custom ("disotto-roll-80mm", _("Receipt roll 80 mm"),
                                       pages->paper_width, pages->paper_height,
                                       GTK_UNIT_POINTS);

  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);

  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_signal_connect_data (operation, "begin-print", G_CALLBACK (on_begin_print),
                         pages, (GClosureNotify) (void (*) (void)) dis_pages_free, 0);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), pages);
  if (parent != NULL)
    g_signal_connect_data (operation, "done", G_CALLBACK (on_print_done),
                           g_object_ref (parent), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  else
    g_signal_connect (operation, "done", G_CALLBACK (on_print_done), NULL);

  if (export_path != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_path);
      gtk_print_operation_set_allow_async (operation, FALSE);
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
    }
  else if (parent != NULL)
    action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  else
    action = GTK_PRINT_OPERATION_ACTION_PRINT;

  gtk_print_operation_run (operation, action, parent, &error);

  if (error != NULL)
    on_print_done (operation, GTK_PRINT_OPERATION_RESULT_ERROR, parent);
}

/* ---- Public API --------------------------------------------------------- */

DisPaperLayout
dis_receipt_get_paper_layout (void)
{
  const char *layout = dis_settings_get_receipt_layout (dis_settings_get_default ());

  return g_strcmp0 (layout, "a4") == 0 ? DIS_PAPER_A4 : DIS_PAPER_ROLL_80MM;
}

/* The text of @document (a DisSale, a DisDayReport) at @width characters. */
typedef char * (*TextFunc) (gpointer document,
                            guint    width);

static DisPages *
lay_out (gpointer        document,
         TextFunc        text_func,
         DisPaperLayout  layout)
{
  g_autofree char *text = text_func (document, layout_width_chars (layout));

  return dis_pages_new (text, layout);
}

static gboolean
save_pdf (gpointer         document,
          TextFunc         text_func,
          DisPaperLayout   layout,
          const char      *path,
          GError         **error)
{
  g_autoptr(DisPages) pages = lay_out (document, text_func, layout);

  return dis_pages_write_pdf (pages, path, error);
}

void
dis_receipt_print (DisSale        *sale,
                   DisPaperLayout  layout,
                   GtkWindow      *parent)
{
  g_autofree char *job = NULL;

  g_return_if_fail (sale != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  /* Translators: print job name, %s is the receipt number */
  job = g_strdup_printf (_("Receipt %s"), sale->receipt_no != NULL ? sale->receipt_no : "");
  print_pages (lay_out (sale, (TextFunc) dis_receipt_format_text, layout), job, parent, NULL);
}

gboolean
dis_receipt_save_pdf (DisSale         *sale,
                      DisPaperLayout   layout,
                      const char      *path,
                      GError         **error)
{
  g_return_val_if_fail (sale != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return save_pdf (sale, (TextFunc) dis_receipt_format_text, layout, path, error);
}

void
dis_day_report_print (DisDayReport   *report,
                      DisPaperLayout  layout,
                      GtkWindow      *parent)
{
  g_autofree char *job = NULL;
  g_autofree char *day = NULL;

  g_return_if_fail (report != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  day = dis_plain_day (report->business_date);
  /* Translators: print job name, %s is the business date */
  job = g_strdup_printf (_("Day report %s"), day);
  print_pages (lay_out (report, (TextFunc) dis_day_report_format_text, layout), job, parent, NULL);
}

gboolean
dis_day_report_save_pdf (DisDayReport    *report,
                         DisPaperLayout   layout,
                         const char      *path,
                         GError         **error)
{
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return save_pdf (report, (TextFunc) dis_day_report_format_text, layout, path, error);
}

/* ---- Saving as PDF ------------------------------------------------------ */

typedef struct
{
  GtkWindow        *parent;
  DisPaperSaveFunc  save;
  gpointer          document;
  const char       *no_folder;
  const char       *failed;
} SaveRequest;

static void
save_request_free (SaveRequest *request)
{
  g_clear_object (&request->parent);
  g_free (request);
}

static void
on_save_response (GtkNativeDialog *native,
                  int              response,
                  SaveRequest     *request)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWidget *parent = GTK_WIDGET (request->parent);

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  path = file != NULL ? g_file_get_path (file) : NULL;

  if (path == NULL)
    dis_ui_message (parent, request->no_folder);
  else if (!request->save (request->document, dis_receipt_get_paper_layout (), path, &error))
    dis_ui_show_error (parent, request->failed, error);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *title = g_strdup_printf (_("Saved “%s”"), name);

      dis_ui_toast (parent, adw_toast_new (title));
    }

out:
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  save_request_free (request);
}

void
dis_paper_ask_save_pdf (GtkWindow        *parent,
                        const char       *title,
                        const char       *file_name,
                        DisPaperSaveFunc  save,
                        gpointer          document,
                        const char       *no_folder,
                        const char       *failed)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *native;
  SaveRequest *request;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (save != NULL);
  g_return_if_fail (no_folder != NULL && failed != NULL);

  native = gtk_file_chooser_native_new (title, parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), file_name);

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  request = g_new0 (SaveRequest, 1);
  request->parent = g_object_ref (parent);
  request->save = save;
  request->document = document;
  request->no_folder = no_folder;
  request->failed = failed;

  g_signal_connect (native, "response", G_CALLBACK (on_save_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
