/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receipt"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <adwaita.h>

#include "dis-receipt.h"

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

/* ---- Text layout -------------------------------------------------------- */

static guint
text_width (const char *text)
{
  return (guint) g_utf8_strlen (text, -1);
}

static void
append_spaces (GString *out,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

static void
append_rule (GString *out,
             guint    width,
             char     c)
{
  for (guint i = 0; i < width; i++)
    g_string_append_c (out, c);
  g_string_append_c (out, '\n');
}

/* Appends @text word-wrapped to @width, each line prefixed by @indent
 * spaces. Words longer than a line are cut. */
static void
append_wrapped (GString    *out,
                guint       width,
                guint       indent,
                const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint avail = width > indent ? width - indent : 1;
  guint col = 0;

  append_spaces (out, indent);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      guint len = text_width (word);

      if (len == 0)
        continue;

      if (col > 0 && col + 1 + len > avail)
        {
          g_string_append_c (out, '\n');
          append_spaces (out, indent);
          col = 0;
        }
      else if (col > 0)
        {
          g_string_append_c (out, ' ');
          col++;
        }

      while (len > avail)
        {
          const char *cut = g_utf8_offset_to_pointer (word, avail);

          g_string_append_len (out, word, cut - word);
          g_string_append_c (out, '\n');
          append_spaces (out, indent);
          word = cut;
          len -= avail;
        }

      g_string_append (out, word);
      col += len;
    }

  g_string_append_c (out, '\n');
}

static void
append_center (GString    *out,
               guint       width,
               const char *text)
{
  guint len = text_width (text);

  if (len >= width)
    {
      append_wrapped (out, width, 0, text);
      return;
    }

  append_spaces (out, (width - len) / 2);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* "left ........ right": @right flush with the right edge. When both do
 * not fit, @left wraps on its own lines and @right goes below it. */
static void
append_pair (GString    *out,
             guint       width,
             guint       indent,
             const char *left,
             const char *right)
{
  guint lw = text_width (left) + indent;
  guint rw = text_width (right);

  if (lw + 1 + rw > width)
    {
      append_wrapped (out, width, indent, left);
      lw = 0;
      if (rw >= width)
        {
          g_string_append (out, right);
          g_string_append_c (out, '\n');
          return;
        }
      indent = 0;
      left = "";
    }

  append_spaces (out, indent);
  g_string_append (out, left);
  append_spaces (out, width - lw - rw);
  g_string_append (out, right);
  g_string_append_c (out, '\n');
}

/* Right-aligned columns: the first @first_width wide, the others share
 * the rest of the line. */
static void
append_columns (GString     *out,
                guint        width,
                guint        first_width,
                const char **cells,
                guint        n_cells)
{
  guint other = n_cells > 1 ? (width - first_width) / (n_cells - 1) : 0;
  guint used = 0;

  g_assert (n_cells > 0);

  for (guint i = 0; i < n_cells; i++)
    {
      guint col = i == 0 ? first_width : other;
      guint len = text_width (cells[i]);

      if (i == n_cells - 1)
        col = width - used;

      if (i == 0)
        {
          g_string_append (out, cells[i]);
          append_spaces (out, col > len ? col - len : 1);
        }
      else
        {
          append_spaces (out, col > len ? col - len : 1);
          g_string_append (out, cells[i]);
        }

      used += MAX (col, len + 1);
    }

  g_string_append_c (out, '\n');
}

/* A translated sentence with one amount in it ("Solidarity contribution
 * %s"): when the amount ends the sentence, it is right-aligned like every
 * other amount; otherwise the sentence is kept as the translator wrote it. */
static void
append_sentence_with_amount (GString    *out,
                             guint       width,
                             const char *sentence_with_marker,
                             const char *amount)
{
  const char *marker = strchr (sentence_with_marker, '\x01');
  g_autofree char *left = NULL;

  if (marker == NULL)
    {
      append_wrapped (out, width, 0, sentence_with_marker);
      return;
    }

  left = g_strndup (sentence_with_marker, marker - sentence_with_marker);
  g_strchomp (left);

  if (marker[1] == '\0')
    {
      append_pair (out, width, 0, left, amount);
    }
  else
    {
      g_autofree char *full = g_strconcat (left, " ", amount, marker + 1, NULL);
      append_wrapped (out, width, 0, full);
    }
}

static char *
format_date_time (GDateTime *dt)
{
  if (dt == NULL)
    return g_strdup ("");

  /* Translators: date and time on receipts and reports, in
   * g_date_time_format() syntax. xgettext:no-c-format */
  return g_date_time_format (dt, _("%x %H:%M"));
}

static void
append_vat_table (GString *out,
                  guint    width,
                  GArray  *rows)
{
  const char *header[4] = {
    /* Translators: receipt column of the VAT rate ("4%"), at most 5 characters */
    C_("receipt column", "VAT"),
    /* Translators: receipt column of the taxable amount */
    C_("receipt column", "Net"),
    /* Translators: receipt column of the VAT amount */
    C_("receipt column", "Tax"),
    /* Translators: receipt column of the amount VAT included */
    C_("receipt column", "Gross"),
  };
  guint first = 6;

  if (rows == NULL || rows->len == 0)
    return;

  append_columns (out, width, first, header, 4);

  for (guint i = 0; i < rows->len; i++)
    {
      const DisVatRow *row = &g_array_index (rows, DisVatRow, i);
      g_autofree char *rate = g_strdup_printf ("%u%%", row->vat_rate);
      g_autofree char *net = dis_money_format (row->net);
      g_autofree char *vat = dis_money_format (row->vat);
      g_autofree char *gross = dis_money_format (row->gross);
      const char *cells[4] = { rate, net, vat, gross };

      append_columns (out, width, first, cells, 4);
    }
}

static void
append_sale_line (GString           *out,
                  guint              width,
                  const DisSaleLine *line)
{
  g_autofree char *qty = dis_qty_format (line->quantity, line->unit);
  g_autofree char *unit_price = dis_money_format (line->unit_price);
  g_autofree char *total = dis_money_format (line->line_total);
  g_autofree char *detail = NULL;

  append_wrapped (out, width, 0, line->product_name != NULL ? line->product_name : "");

  if (g_strcmp0 (line->unit, "kg") == 0 || g_strcmp0 (line->unit, "l") == 0)
    detail = g_strdup_printf ("%s × %s/%s", qty, unit_price, line->unit);
  else
    detail = g_strdup_printf ("%s × %s", qty, unit_price);

  append_pair (out, width, 2, detail, total);
}

static void
append_tier_meaning (GString *out,
                     guint    width,
                     DisSale *sale)
{
  g_autofree char *amount = dis_money_format_signed (sale->tier_delta);
  g_autofree char *sentence = NULL;

  append_pair (out, width, 0, _("Tier"), dis_tier_get_name (sale->tier));

  switch (sale->tier)
    {
    case DIS_TIER_SOLIDALE:
      /* Translators: %s is a signed amount, "+€ 0,45" */
      sentence = g_strdup_printf (_("Solidarity contribution %s"), "\x01");
      break;

    case DIS_TIER_ACCESSIBILE:
    case DIS_TIER_IMPEGNO:
      /* Translators: first %s is the tier name, second a signed amount:
       * "Accessibile discount −€ 1,20" */
      sentence = g_strdup_printf (_("%s discount %s"),
                                  dis_tier_get_name (sale->tier), "\x01");
      break;

    case DIS_TIER_EQUA:
    case DIS_N_TIERS:
    default:
      return;
    }

  append_sentence_with_amount (out, width, sentence, amount);
}

char *
dis_receipt_format_text (DisSale *sale,
                         guint    width)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) vat = NULL;
  g_autofree char *when = NULL;
  g_autofree char *total = NULL;

  g_return_val_if_fail (sale != NULL, NULL);

  width = MAX (width, 24);
  out = g_string_new (NULL);

  /* Header: who sold it, where and when. */
  if (sale->point_name != NULL)
    append_center (out, width, sale->point_name);
  if (sale->point_code != NULL)
    append_center (out, width, sale->point_code);
  g_string_append_c (out, '\n');

  if (sale->refund_of != NULL || sale->refund_of_receipt_no != NULL)
    {
      g_autofree char *of = NULL;

      append_center (out, width, _("REFUND"));
      /* Translators: %s is the receipt number of the refunded sale */
      of = g_strdup_printf (_("Refund of %s"),
                            sale->refund_of_receipt_no != NULL
                            ? sale->refund_of_receipt_no : sale->refund_of);
      append_center (out, width, of);
      g_string_append_c (out, '\n');
    }

  append_pair (out, width, 0, _("Receipt"), sale->receipt_no != NULL ? sale->receipt_no : "");
  when = format_date_time (sale->created_at);
  append_pair (out, width, 0, _("Date"), when);
  if (sale->operator_name != NULL)
    append_pair (out, width, 0, _("Operator"), sale->operator_name);
  if (sale->member_card != NULL)
    append_pair (out, width, 0, _("Member card"), sale->member_card);
  append_rule (out, width, '-');

  /* Lines. */
  for (guint i = 0; sale->lines != NULL && i < sale->lines->len; i++)
    append_sale_line (out, width, g_ptr_array_index (sale->lines, i));
  append_rule (out, width, '-');

  total = dis_money_format (sale->total);
  append_pair (out, width, 0, _("TOTAL"), total);
  append_tier_meaning (out, width, sale);
  append_rule (out, width, '-');

  /* VAT breakdown: prices include VAT. */
  vat = dis_sale_vat_breakdown (sale);
  if (vat != NULL && vat->len > 0)
    {
      append_vat_table (out, width, vat);
      append_rule (out, width, '-');
    }

  /* Payments. */
  for (guint i = 0; sale->payments != NULL && i < sale->payments->len; i++)
    {
      const DisPayment *payment = g_ptr_array_index (sale->payments, i);
      g_autofree char *amount = dis_money_format (payment->amount);

      append_pair (out, width, 0, dis_payment_method_get_name (payment->method), amount);
    }

  if (sale->cash_tendered > 0)
    {
      g_autofree char *tendered = dis_money_format (sale->cash_tendered);
      g_autofree char *change = dis_money_format (sale->change_due);

      append_pair (out, width, 0, _("Cash tendered"), tendered);
      append_pair (out, width, 0, _("Change"), change);
    }

  g_string_append_c (out, '\n');
  append_center (out, width, _("Non-fiscal document"));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dis_day_report_format_text (DisDayReport *report,
                            guint         width)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *opened = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  width = MAX (width, 24);
  out = g_string_new (NULL);

  append_center (out, width, report->closed_at != NULL ? _("Day Close Report") : _("Day Report (day still open)"));
  g_string_append_c (out, '\n');

  append_pair (out, width, 0, _("Business date"), report->business_date != NULL ? report->business_date : "");
  opened = format_date_time (report->opened_at);
  append_pair (out, width, 0, _("Opened"), opened);
  if (report->opened_by != NULL)
    append_pair (out, width, 0, _("Opened by"), report->opened_by);
  if (report->closed_at != NULL)
    {
      g_autofree char *closed = format_date_time (report->closed_at);

      append_pair (out, width, 0, _("Closed"), closed);
      if (report->closed_by != NULL)
        append_pair (out, width, 0, _("Closed by"), report->closed_by);
    }
  append_rule (out, width, '-');

  /* The cash drawer. */
  {
    g_autofree char *opening = dis_money_format (report->opening_float);
    g_autofree char *sales = dis_money_format (report->cash_sales);
    g_autofree char *refunds = dis_money_format (-report->cash_refunds);
    g_autofree char *expected = dis_money_format (report->expected_cash);

    append_pair (out, width, 0, _("Opening float"), opening);
    append_pair (out, width, 0, _("Cash sales"), sales);
    append_pair (out, width, 0, _("Cash refunds"), refunds);
    append_pair (out, width, 0, _("Expected cash"), expected);

    if (report->has_counted)
      {
        g_autofree char *counted = dis_money_format (report->counted_cash);
        g_autofree char *difference = dis_money_format_signed (report->difference);

        append_pair (out, width, 0, _("Counted cash"), counted);
        append_pair (out, width, 0, _("Difference"), difference);
      }
    else
      {
        append_pair (out, width, 0, _("Counted cash"), _("not counted"));
      }
  }
  append_rule (out, width, '-');

  /* Counts. */
  {
    g_autofree char *n_sales = g_strdup_printf ("%" G_GINT64_FORMAT, report->n_sales);
    g_autofree char *n_refunds = g_strdup_printf ("%" G_GINT64_FORMAT, report->n_refunds);
    g_autofree char *gross = dis_money_format (report->gross);

    append_pair (out, width, 0, _("Sales"), n_sales);
    append_pair (out, width, 0, _("Refunds"), n_refunds);
    append_pair (out, width, 0, _("Gross takings"), gross);
  }
  append_rule (out, width, '-');

  /* By tier: how many sales, how much, and what the tier meant. */
  {
    const char *header[4] = { _("Tier"), _("Sales"), _("Gross"), _("Delta") };
    guint first = width >= 60 ? 18 : 12;

    append_columns (out, width, first, header, 4);
    for (guint t = 0; t < DIS_N_TIERS; t++)
      {
        const DisDayTierRow *row = &report->by_tier[t];
        g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, row->n_sales);
        g_autofree char *gross = dis_money_format (row->gross);
        g_autofree char *delta = dis_money_format_signed (row->tier_delta);
        const char *cells[4] = { dis_tier_get_name (t), n, gross, delta };

        append_columns (out, width, first, cells, 4);
      }
  }
  append_rule (out, width, '-');

  /* By payment method, net of refunds. */
  for (guint m = DIS_PAYMENT_CASH; m <= DIS_PAYMENT_OTHER; m++)
    {
      g_autofree char *amount = NULL;

      if (m == DIS_PAYMENT_OTHER && report->by_payment[m] == 0)
        continue;

      amount = dis_money_format (report->by_payment[m]);
      append_pair (out, width, 0, dis_payment_method_get_name (m), amount);
    }
  append_rule (out, width, '-');

  if (report->by_vat != NULL && report->by_vat->len > 0)
    {
      append_vat_table (out, width, report->by_vat);
      append_rule (out, width, '-');
    }

  if (report->pending_events > 0)
    {
      g_autofree char *pending = NULL;
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, report->pending_events);

      /* Translators: %s is a number of sales */
      pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s sale is not yet synced with the network",
                                              "%s sales are not yet synced with the network",
                                              (gulong) report->pending_events),
                                 n);
      append_wrapped (out, width, 0, pending);
      g_string_append_c (out, '\n');
    }

  append_center (out, width, _("Non-fiscal document"));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

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

void
dis_receipt_print (DisSale        *sale,
                   DisPaperLayout  layout,
                   GtkWindow      *parent)
{
  g_autofree char *text = NULL;
  g_autofree char *job = NULL;

  g_return_if_fail (sale != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  text = dis_receipt_format_text (sale, layout_width_chars (layout));
  /* Translators: print job name, %s is the receipt number */
  job = g_strdup_printf (_("Receipt %s"), sale->receipt_no != NULL ? sale->receipt_no : "");
  print_pages (dis_pages_new (text, layout), job, parent, NULL);
}

gboolean
dis_receipt_save_pdf (DisSale         *sale,
                      DisPaperLayout   layout,
                      const char      *path,
                      GError         **error)
{
  g_autofree char *text = NULL;
  g_autoptr(DisPages) pages = NULL;

  g_return_val_if_fail (sale != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = dis_receipt_format_text (sale, layout_width_chars (layout));
  pages = dis_pages_new (text, layout);

  return dis_pages_write_pdf (pages, path, error);
}

void
dis_day_report_print (DisDayReport   *report,
                      DisPaperLayout  layout,
                      GtkWindow      *parent)
{
  g_autofree char *text = NULL;
  g_autofree char *job = NULL;

  g_return_if_fail (report != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  text = dis_day_report_format_text (report, layout_width_chars (layout));
  /* Translators: print job name, %s is the business date */
  job = g_strdup_printf (_("Day report %s"), report->business_date != NULL ? report->business_date : "");
  print_pages (dis_pages_new (text, layout), job, parent, NULL);
}

gboolean
dis_day_report_save_pdf (DisDayReport    *report,
                         DisPaperLayout   layout,
                         const char      *path,
                         GError         **error)
{
  g_autofree char *text = NULL;
  g_autoptr(DisPages) pages = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = dis_day_report_format_text (report, layout_width_chars (layout));
  pages = dis_pages_new (text, layout);

  return dis_pages_write_pdf (pages, path, error);
}
