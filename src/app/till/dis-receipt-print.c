/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receipt"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <adwaita.h>

#include "dis-plain-number.h"
#include "dis-receipt-private.h"
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
dis_pages_clear (DisPages *pages)
{
  g_strfreev (pages->lines);
}

/* Shared by the print operation and its preview window. */
static DisPages *
dis_pages_ref (DisPages *pages)
{
  return g_rc_box_acquire (pages);
}

static void
dis_pages_unref (DisPages *pages)
{
  g_rc_box_release_full (pages, (GDestroyNotify) dis_pages_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisPages, dis_pages_unref)

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
  g_autoptr(DisPages) pages = g_rc_box_new0 (DisPages);
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

/* ---- The preview -------------------------------------------------------- */

#define PREVIEW_GAP_PX 16.0

typedef struct
{
  DisPages *pages;
  double    scale;   /* pixels per point */
} Preview;

static void
preview_free (Preview *preview)
{
  dis_pages_unref (preview->pages);
  g_free (preview);
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  Preview *preview = data;
  DisPages *pages = preview->pages;
  double page_width = pages->paper_width * preview->scale;
  double page_height = pages->paper_height * preview->scale;
  double x = MAX (PREVIEW_GAP_PX, (width - page_width) / 2);

  for (guint i = 0; i < pages->n_pages; i++)
    {
      double y = PREVIEW_GAP_PX + i * (page_height + PREVIEW_GAP_PX);

      cairo_save (cr);
      cairo_rectangle (cr, x + 2, y + 2, page_width, page_height);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.2);
      cairo_fill (cr);
      cairo_rectangle (cr, x, y, page_width, page_height);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, preview->scale, preview->scale);
      dis_pages_draw (pages, cr, i);
      cairo_restore (cr);
    }
}

/* The pages as they will come out of the printer, in a window of the
 * till: GTK's own preview needs an external viewer, which a till seldom
 * has (its Preview button did nothing). */
static GtkWidget *
preview_window_new (DisPages   *pages,
                    const char *job_name,
                    GtkWindow  *parent)
{
  Preview *preview = g_new0 (Preview, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new (_("Print Preview"), job_name);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *area = gtk_drawing_area_new ();

  preview->pages = dis_pages_ref (pages);
  /* A roll is narrow: show it larger. */
  preview->scale = pages->layout == DIS_PAPER_A4 ? 1.0 : 1.5;

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area),
                                      (int) (pages->paper_width * preview->scale + 2 * PREVIEW_GAP_PX));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area),
                                       (int) (pages->n_pages * (pages->paper_height * preview->scale + PREVIEW_GAP_PX)
                                              + PREVIEW_GAP_PX));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_preview,
                                  preview, (GDestroyNotify) preview_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Print Preview"),
                                  -1);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), area);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (window), box);

  gtk_window_set_title (GTK_WINDOW (window), _("Print Preview"));
  gtk_window_set_default_size (GTK_WINDOW (window),
                               (int) MIN (900, pages->paper_width * preview->scale + 2 * PREVIEW_GAP_PX + 24),
                               700);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), parent != NULL);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_widget_add_css_class (window, "dis-print-preview");

  /* Escape closes it, as every dialog of the till. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                         gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                           gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, shortcuts);
  }

  return window;
}

/* ---- Printing ----------------------------------------------------------- */

/* One run of the print operation. */
typedef struct
{
  DisPages  *pages;
  GtkWindow *parent;      /* nullable */
  gboolean   direct;      /* to the printer remembered, no dialog */
  gboolean   previewed;   /* shown, not printed */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  dis_pages_unref (job->pages);
  g_clear_object (&job->parent);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_assert (GTK_IS_PRINT_OPERATION (operation));

  /* The printer may have picked another page size: paginate for what
   * it really is (A4 can run over several pages). */
  dis_pages_paginate (job->pages, gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, (int) job->pages->n_pages);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  g_assert (GTK_IS_PRINT_OPERATION (operation));

  dis_pages_draw (job->pages, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

static gboolean
end_preview (gpointer data)
{
  gtk_print_operation_preview_end_preview (data);

  return G_SOURCE_REMOVE;
}

static gboolean
on_preview (GtkPrintOperation        *operation,
            GtkPrintOperationPreview *preview,
            GtkPrintContext          *context,
            GtkWindow                *parent,
            PrintJob                 *job)
{
  g_autofree char *job_name = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  GtkWidget *window;

  /* The operation still lays its pages out on the context: give it a
   * surface that keeps nothing. */
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);
  gtk_print_context_set_cairo_context (context, cr, 72.0, 72.0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  job->previewed = TRUE;
  g_object_get (operation, "job-name", &job_name, NULL);
  window = preview_window_new (job->pages, job_name, parent != NULL ? parent : job->parent);
  gtk_window_present (GTK_WINDOW (window));

  /* Drawn by the window itself: the operation is over, once it is back
   * from emitting this signal. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, end_preview,
                   g_object_ref (preview), g_object_unref);

  return TRUE;
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PrintJob                *job)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);

      /* Remember the printer chosen, for the receipts to come. */
      if (!job->direct && !job->previewed && settings != NULL && gtk_print_settings_get_printer (settings) != NULL &&
          !_dis_paper_save_print_settings (settings, &error))
        g_warning ("Could not remember the printer: %s", error->message);
      return;
    }

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  g_warning ("Printing failed: %s", error != NULL ? error->message : "unknown error");

  /* The printer remembered failed: ask again next time. */
  if (job->direct)
    _dis_paper_forget_print_settings ();

  if (job->parent == NULL)
    return;

  dialog = adw_message_dialog_new (job->parent, _("Could not print"),
                                   _("The printer did not accept the document. Check that it is switched on and has paper, then try again."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_dis_paper_operation_setup (GtkPrintOperation *operation,
                            GtkPaperSize      *paper,
                            const char        *job_name)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();

  g_return_if_fail (GTK_IS_PRINT_OPERATION (operation));
  g_return_if_fail (paper != NULL);

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
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
}

/* Prints @pages (taken) as the job @job_name: with the print dialog in
 * @parent, or, for @every_receipt, straight to the printer remembered
 * when there is one. @preview_only shows the preview instead. */
static void
print_pages (DisPages   *pages,
             const char *job_name,
             GtkWindow  *parent,
             gboolean    every_receipt,
             gboolean    preview_only)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GtkPrintSettings) remembered = _dis_paper_load_print_settings ();
  g_autoptr(GError) error = NULL;
  GtkPrintOperationAction action;
  PrintJob *job;

  if (pages->layout == DIS_PAPER_A4)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    paper = gtk_paper_size_new_custom ("disotto-roll-80mm", _("Receipt roll 80 mm"),
                                       pages->paper_width, pages->paper_height,
                                       GTK_UNIT_POINTS);

  _dis_paper_operation_setup (operation, paper, job_name);
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* The dialog starts from the printer chosen last time. */
  if (remembered != NULL)
    gtk_print_operation_set_print_settings (operation, remembered);

  action = preview_only ? GTK_PRINT_OPERATION_ACTION_PREVIEW
                        : _dis_paper_print_action (remembered, every_receipt, parent);

  job = g_new0 (PrintJob, 1);
  job->pages = pages;
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->direct = (action == GTK_PRINT_OPERATION_ACTION_PRINT || action == GTK_PRINT_OPERATION_ACTION_EXPORT) &&
                remembered != NULL;
  if (action == GTK_PRINT_OPERATION_ACTION_EXPORT)
    {
      g_autofree char *path = _dis_paper_file_printer_path (remembered);

      gtk_print_operation_set_export_filename (operation, path);
      gtk_print_operation_set_allow_async (operation, FALSE);
    }

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  g_signal_connect (operation, "preview", G_CALLBACK (on_preview), job);
  g_signal_connect_data (operation, "done", G_CALLBACK (on_print_done),
                         job, (GClosureNotify) (void (*) (void)) print_job_free, 0);

  if (gtk_print_operation_run (operation, action, parent, &error) == GTK_PRINT_OPERATION_RESULT_ERROR &&
      error != NULL)
    on_print_done (operation, GTK_PRINT_OPERATION_RESULT_ERROR, job);
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

typedef enum
{
  RECEIPT_ASK,      /* the print dialog */
  RECEIPT_EVERY,    /* the printer remembered */
  RECEIPT_PREVIEW,
} ReceiptPrint;

static void
print_receipt (DisSale        *sale,
               DisPaperLayout  layout,
               GtkWindow      *parent,
               ReceiptPrint    how)
{
  /* Translators: print job name, %s is the receipt number */
  g_autofree char *job = g_strdup_printf (_("Receipt %s"), sale->receipt_no != NULL ? sale->receipt_no : "");

  print_pages (lay_out (sale, (TextFunc) dis_receipt_format_text, layout), job, parent,
               how == RECEIPT_EVERY, how == RECEIPT_PREVIEW);
}

void
dis_receipt_print (DisSale        *sale,
                   DisPaperLayout  layout,
                   GtkWindow      *parent)
{
  g_return_if_fail (sale != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  print_receipt (sale, layout, parent, RECEIPT_ASK);
}

void
dis_receipt_print_every (DisSale        *sale,
                         DisPaperLayout  layout,
                         GtkWindow      *parent)
{
  g_return_if_fail (sale != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  print_receipt (sale, layout, parent, RECEIPT_EVERY);
}

void
_dis_receipt_preview (DisSale        *sale,
                      DisPaperLayout  layout,
                      GtkWindow      *parent)
{
  g_return_if_fail (sale != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  print_receipt (sale, layout, parent, RECEIPT_PREVIEW);
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
  print_pages (lay_out (report, (TextFunc) dis_day_report_format_text, layout), job, parent, FALSE, FALSE);
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

GFile *
_dis_paper_default_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  /* Never the folder the till was started from (the source tree, for a
   * build run in place). */
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);

  return g_file_new_for_path (g_get_home_dir ());
}

GtkFileChooserNative *
_dis_paper_save_chooser_new (GtkWindow  *parent,
                             const char *title,
                             const char *file_name)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = _dis_paper_default_folder ();
  g_autoptr(GError) error = NULL;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (!gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, &error))
    g_debug ("Could not start in the documents folder: %s", error->message);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), file_name);

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  return native;
}

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
  GtkFileChooserNative *native;
  SaveRequest *request;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (save != NULL);
  g_return_if_fail (no_folder != NULL && failed != NULL);

  native = _dis_paper_save_chooser_new (parent, title, file_name);

  request = g_new0 (SaveRequest, 1);
  request->parent = g_object_ref (parent);
  request->save = save;
  request->document = document;
  request->no_folder = no_folder;
  request->failed = failed;

  g_signal_connect (native, "response", G_CALLBACK (on_save_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
