/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sheet"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-code128.h"
#include "dis-sheet-private.h"

/* Labels: what their content keeps from the edges, and the barcode. */
#define LABEL_PAD        (3.5 * DIS_SHEET_MM)
#define LABEL_LINE_FONT  "Sans Bold 10"
#define LABEL_SMALL_FONT "Sans 8.5"
#define BARCODE_H        (10 * DIS_SHEET_MM)
#define BARCODE_MODULE   (0.33 * DIS_SHEET_MM)   /* the widest a module gets */
#define BARCODE_TEXT     "Monospace 8"

static void
show_text (DisSheet   *sheet,
           cairo_t    *cr,
           const char *font,
           const char *text,
           double      x,
           double      y,
           double      width,
           gboolean    wrap,
           PangoAlignment align)
{
  g_autoptr(PangoLayout) layout = dis_sheet_layout (sheet, font, text, width, wrap);

  pango_layout_set_alignment (layout, align);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* One line of a table, centred in @height from @y. */
static void
draw_cells (DisSheet          *sheet,
            cairo_t           *cr,
            const SheetTable  *table,
            const char *const *cells,
            const char        *font,
            double             y,
            double             height)
{
  double x = DIS_SHEET_MARGIN;

  for (guint i = 0; i < table->n_columns; i++)
    {
      const SheetColumn *column = &table->columns[i];
      double inner = MAX (column->width - 2 * SHEET_CELL_PAD, 1);

      if (cells[i] != NULL && cells[i][0] != '\0')
        {
          g_autoptr(PangoLayout) layout = dis_sheet_layout (sheet, font, cells[i], inner, FALSE);
          int text_h;

          pango_layout_set_alignment (layout, column->numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
          pango_layout_get_size (layout, NULL, &text_h);
          cairo_move_to (cr, x + SHEET_CELL_PAD, y + (height - pango_units_to_double (text_h)) / 2);
          pango_cairo_show_layout (cr, layout);
        }
      x += column->width;
    }
}

static void
rule (cairo_t *cr,
      double   y,
      double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, DIS_SHEET_MARGIN, y);
  cairo_line_to (cr, DIS_SHEET_MARGIN + SHEET_CONTENT_W, y);
  cairo_stroke (cr);
}

static void
draw_header (DisSheet         *sheet,
             cairo_t          *cr,
             const SheetTable *table,
             double            y)
{
  g_autofree const char **titles = g_new0 (const char *, table->n_columns);

  for (guint i = 0; i < table->n_columns; i++)
    titles[i] = table->columns[i].title;
  cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
  cairo_rectangle (cr, DIS_SHEET_MARGIN, y, SHEET_CONTENT_W, SHEET_HEADER_H);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_cells (sheet, cr, table, titles, SHEET_HEADER_FONT, y, SHEET_HEADER_H);
  rule (cr, y + SHEET_HEADER_H, 0.8);
}

static void
draw_row (DisSheet          *sheet,
          cairo_t           *cr,
          const SheetPlaced *placed)
{
  const SheetBlock *row = placed->block;

  if (placed->stripe)
    {
      cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
      cairo_rectangle (cr, DIS_SHEET_MARGIN, placed->y, SHEET_CONTENT_W, SHEET_ROW_H);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (row->bold)
    rule (cr, placed->y, 0.8);
  draw_cells (sheet, cr, row->table, (const char *const *) row->cells,
              row->bold ? SHEET_BOLD_ROW_FONT : SHEET_ROW_FONT, placed->y, SHEET_ROW_H);
}

void
dis_sheet_draw_flow (DisSheet        *sheet,
                     cairo_t         *cr,
                     const SheetPage *page,
                     guint            page_nr,
                     guint            n_pages)
{
  g_autofree char *footer = NULL;

  for (guint i = 0; i < page->items->len; i++)
    {
      const SheetPlaced *placed = &g_array_index (page->items, SheetPlaced, i);
      const SheetBlock *block = placed->block;

      cairo_set_source_rgb (cr, 0, 0, 0);
      if (placed->header)
        draw_header (sheet, cr, block->table, placed->y);
      else if (block->kind == BLOCK_ROW)
        draw_row (sheet, cr, placed);
      else
        show_text (sheet, cr, block->kind == BLOCK_TITLE ? SHEET_TITLE_FONT : SHEET_SUBTITLE_FONT,
                   block->text, DIS_SHEET_MARGIN, placed->y, SHEET_CONTENT_W, TRUE, PANGO_ALIGN_LEFT);
    }

  /* TRANSLATORS: the number of a printed page, at its foot. */
  footer = g_strdup_printf (_("Page %u of %u"), page_nr + 1, n_pages);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  show_text (sheet, cr, SHEET_FOOTER_FONT, footer, DIS_SHEET_MARGIN,
             DIS_SHEET_PAGE_H - DIS_SHEET_MARGIN - 10, SHEET_CONTENT_W, FALSE, PANGO_ALIGN_CENTER);
}

/* The bars of @text centred in @width from @x, its text under them; a
 * text Code 128 B cannot encode is shown alone. */
static void
draw_barcode (DisSheet   *sheet,
              cairo_t    *cr,
              const char *text,
              double      x,
              double      y,
              double      width)
{
  g_autoptr(GArray) widths = dis_code128_encode (text);
  double module, bars_w, bx;

  if (widths == NULL)
    {
      /* Not Code 128 B: the text alone, so the label still says it. */
      show_text (sheet, cr, BARCODE_TEXT, text, x, y + BARCODE_H, width, FALSE, PANGO_ALIGN_CENTER);
      return;
    }

  module = MIN (BARCODE_MODULE,
                width / (dis_code128_width_modules (text) + 2 * DIS_CODE128_QUIET_ZONE));
  bars_w = module * dis_code128_width_modules (text);
  bx = x + (width - bars_w) / 2;
  for (guint i = 0; i < widths->len; i++)
    {
      double w = module * g_array_index (widths, guint8, i);

      if (i % 2 == 0)
        cairo_rectangle (cr, bx, y, w, BARCODE_H);
      bx += w;
    }
  cairo_fill (cr);
  show_text (sheet, cr, BARCODE_TEXT, text, x, y + BARCODE_H + 1, width, FALSE, PANGO_ALIGN_CENTER);
}

static void
draw_label (DisSheet         *sheet,
            cairo_t          *cr,
            const SheetLabel *label,
            double            x,
            double            y)
{
  double inner = SHEET_LABEL_W - 2 * LABEL_PAD;
  double line_y = y + LABEL_PAD;

  for (guint l = 0; l < G_N_ELEMENTS (label->lines) && label->lines[l] != NULL; l++)
    {
      const char *font = l == 0 ? LABEL_LINE_FONT : LABEL_SMALL_FONT;
      g_autoptr(PangoLayout) layout = dis_sheet_layout (sheet, font, label->lines[l], inner, FALSE);
      int height;

      cairo_move_to (cr, x + LABEL_PAD, line_y);
      pango_cairo_show_layout (cr, layout);
      pango_layout_get_size (layout, NULL, &height);
      line_y += pango_units_to_double (height);
    }
  if (label->barcode != NULL)
    draw_barcode (sheet, cr, label->barcode, x + LABEL_PAD,
                  y + SHEET_LABEL_H - LABEL_PAD - BARCODE_H - 10, inner);
}

void
dis_sheet_draw_label_page (DisSheet        *sheet,
                           cairo_t         *cr,
                           const SheetPage *page)
{
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < page->items->len; i++)
    {
      const SheetPlaced *placed = &g_array_index (page->items, SheetPlaced, i);

      for (guint k = 0; k < placed->count; k++)
        {
          guint slot = placed->slot + k;
          double x = SHEET_LABEL_LEFT + (slot % DIS_SHEET_LABEL_COLUMNS) * SHEET_LABEL_W;
          double y = SHEET_LABEL_TOP + (slot / DIS_SHEET_LABEL_COLUMNS) * SHEET_LABEL_H;

          draw_label (sheet, cr, &placed->block->labels[placed->first + k], x, y);
        }
    }
}
