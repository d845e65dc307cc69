/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sheet"

#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>

#include "dis-sheet-private.h"

/* Room a title or subtitle keeps under it on its page, so it does not
 * end a page apart from what it introduces: a table's header and two
 * rows. */
#define KEEP_WITH_NEXT (SHEET_HEADER_H + 2 * SHEET_ROW_H)
#define TITLE_GAP      6.0
#define SUBTITLE_GAP   4.0
#define TABLE_GAP      14.0   /* before a title or subtitle after a table */

static void
sheet_table_free (SheetTable *table)
{
  for (guint i = 0; i < table->n_columns; i++)
    g_free (table->columns[i].title);
  g_free (table->columns);
  g_free (table);
}

static void
sheet_block_free (SheetBlock *block)
{
  g_free (block->text);
  if (block->kind == BLOCK_TABLE)
    sheet_table_free (block->table);
  if (block->cells != NULL)
    {
      for (guint i = 0; i < block->n_cells; i++)
        g_free (block->cells[i]);
      g_free (block->cells);
    }
  for (guint i = 0; i < block->n_labels; i++)
    {
      for (guint l = 0; l < G_N_ELEMENTS (block->labels[i].lines); l++)
        g_free (block->labels[i].lines[l]);
      g_free (block->labels[i].barcode);
    }
  g_free (block->labels);
  g_free (block);
}

static void
sheet_page_free (SheetPage *page)
{
  g_array_unref (page->items);
  g_free (page);
}

DisSheet *
dis_sheet_new (void)
{
  DisSheet *sheet = g_new0 (DisSheet, 1);
  PangoFontMap *fonts = pango_cairo_font_map_get_default ();

  sheet->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_block_free);
  sheet->pango = pango_font_map_create_context (fonts);
  /* Font sizes in points are user units: the same on paper, in the PDF
   * and on a print context set to points. */
  pango_cairo_context_set_resolution (sheet->pango, 72);
  return sheet;
}

DisSheet *
dis_sheet_new_pdf (const char  *path,
                   GError     **error)
{
  g_autoptr(DisSheet) sheet = NULL;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sheet = dis_sheet_new ();
  sheet->path = g_strdup (path);
  sheet->pdf = cairo_pdf_surface_create (path, DIS_SHEET_PAGE_W, DIS_SHEET_PAGE_H);
  status = cairo_surface_status (sheet->pdf);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                   cairo_status_to_string (status));
      return NULL;
    }
  cairo_pdf_surface_set_metadata (sheet->pdf, CAIRO_PDF_METADATA_CREATOR, "DiSoTTo");
  return g_steal_pointer (&sheet);
}

void
dis_sheet_free (DisSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_ptr_array_unref (sheet->blocks);
  g_clear_pointer (&sheet->pages, g_ptr_array_unref);
  g_clear_object (&sheet->pango);
  g_clear_pointer (&sheet->pdf, cairo_surface_destroy);
  g_free (sheet->path);
  g_free (sheet);
}

static SheetBlock *
add_block (DisSheet  *sheet,
           BlockKind  kind)
{
  SheetBlock *block = g_new0 (SheetBlock, 1);

  block->kind = kind;
  g_ptr_array_add (sheet->blocks, block);
  g_clear_pointer (&sheet->pages, g_ptr_array_unref);
  if (kind != BLOCK_ROW && kind != BLOCK_TABLE)
    sheet->table = NULL;
  return block;
}

void
dis_sheet_add_title (DisSheet   *sheet,
                     const char *title)
{
  g_return_if_fail (sheet != NULL);
  g_return_if_fail (title != NULL);

  add_block (sheet, BLOCK_TITLE)->text = g_strdup (title);
  if (sheet->pdf != NULL && !sheet->titled)
    cairo_pdf_surface_set_metadata (sheet->pdf, CAIRO_PDF_METADATA_TITLE, title);
  sheet->titled = TRUE;
}

void
dis_sheet_add_subtitle (DisSheet   *sheet,
                        const char *text)
{
  g_return_if_fail (sheet != NULL);
  g_return_if_fail (text != NULL);

  add_block (sheet, BLOCK_SUBTITLE)->text = g_strdup (text);
}

void
dis_sheet_begin_table (DisSheet             *sheet,
                       const DisSheetColumn *columns,
                       guint                 n_columns)
{
  SheetTable *table;
  double total = 0;

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (columns != NULL && n_columns > 0);
  for (guint i = 0; i < n_columns; i++)
    {
      g_return_if_fail (columns[i].weight > 0);
      total += columns[i].weight;
    }

  table = g_new0 (SheetTable, 1);
  table->n_columns = n_columns;
  table->columns = g_new0 (SheetColumn, n_columns);
  for (guint i = 0; i < n_columns; i++)
    {
      table->columns[i].title = g_strdup (columns[i].title != NULL ? columns[i].title : "");
      table->columns[i].width = SHEET_CONTENT_W * columns[i].weight / total;
      table->columns[i].numeric = columns[i].numeric;
    }
  add_block (sheet, BLOCK_TABLE)->table = table;
  sheet->table = table;
}

void
dis_sheet_add_row (DisSheet           *sheet,
                   const char * const *cells,
                   gboolean            bold)
{
  SheetBlock *block;

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (cells != NULL);
  g_return_if_fail (sheet->table != NULL);

  block = add_block (sheet, BLOCK_ROW);
  block->table = sheet->table;
  block->bold = bold;
  block->n_cells = sheet->table->n_columns;
  block->cells = g_new0 (char *, block->n_cells);
  for (guint i = 0; i < sheet->table->n_columns; i++)
    block->cells[i] = g_strdup (cells[i]);
}

void
dis_sheet_page_break (DisSheet *sheet)
{
  g_return_if_fail (sheet != NULL);

  add_block (sheet, BLOCK_BREAK);
}

void
dis_sheet_draw_labels (DisSheet            *sheet,
                       const DisSheetLabel *labels,
                       guint                n_labels,
                       guint                skip)
{
  SheetBlock *block;

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (labels != NULL || n_labels == 0);

  block = add_block (sheet, BLOCK_LABELS);
  block->n_labels = n_labels;
  block->skip = skip % DIS_SHEET_LABELS_PER_PAGE;
  block->labels = g_new0 (SheetLabel, MAX (n_labels, 1));
  for (guint i = 0; i < n_labels; i++)
    {
      gboolean ended = FALSE;

      for (guint l = 0; l < G_N_ELEMENTS (labels[i].lines); l++)
        {
          ended = ended || labels[i].lines[l] == NULL;
          block->labels[i].lines[l] = ended ? NULL : g_strdup (labels[i].lines[l]);
        }
      block->labels[i].barcode = g_strdup (labels[i].barcode);
    }
}

PangoLayout *
dis_sheet_layout (DisSheet   *sheet,
                  const char *font,
                  const char *text,
                  double      width,
                  gboolean    wrap)
{
  PangoLayout *layout = pango_layout_new (sheet->pango);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, pango_units_from_double (width));
  if (wrap)
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  else
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

double
dis_sheet_text_height (DisSheet   *sheet,
                       const char *font,
                       const char *text)
{
  g_autoptr(PangoLayout) layout = dis_sheet_layout (sheet, font, text, SHEET_CONTENT_W, TRUE);
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

/* ---- Pagination ------------------------------------------------------ */

typedef struct
{
  DisSheet  *sheet;
  SheetPage *page;
  double     y;
  gboolean   after_table;
  guint      stripe;
} Flow;

static SheetPage *
new_page (Flow     *flow,
          gboolean  labels)
{
  SheetPage *page = g_new0 (SheetPage, 1);

  page->items = g_array_new (FALSE, TRUE, sizeof (SheetPlaced));
  page->labels = labels;
  g_ptr_array_add (flow->sheet->pages, page);
  flow->page = page;
  flow->y = SHEET_TOP;
  flow->after_table = FALSE;
  return page;
}

/* A fresh page unless the current one is empty and of the right kind. */
static void
ensure_fresh_page (Flow     *flow,
                   gboolean  labels)
{
  if (flow->page == NULL || flow->page->items->len > 0 || flow->page->labels != labels)
    new_page (flow, labels);
}

/* A page with @height of room from flow->y. */
static void
ensure_room (Flow   *flow,
             double  height)
{
  if (flow->page == NULL || flow->page->labels
      || (flow->y + height > SHEET_BOTTOM && flow->page->items->len > 0))
    new_page (flow, FALSE);
}

static void
place (Flow             *flow,
       const SheetBlock *block,
       gboolean          header,
       double            height)
{
  SheetPlaced placed = { .block = block, .header = header, .y = flow->y };

  if (block->kind == BLOCK_ROW)
    placed.stripe = flow->stripe++ % 2 == 1;
  g_array_append_val (flow->page->items, placed);
  flow->y += height;
}

static void
flow_text (Flow             *flow,
           const SheetBlock *block)
{
  gboolean title = block->kind == BLOCK_TITLE;
  const char *font = title ? SHEET_TITLE_FONT : SHEET_SUBTITLE_FONT;
  double height = dis_sheet_text_height (flow->sheet, font, block->text);
  double gap = flow->page != NULL && flow->after_table ? TABLE_GAP : 0;

  ensure_room (flow, gap + height + KEEP_WITH_NEXT);
  if (flow->page->items->len > 0)
    flow->y += gap;
  flow->after_table = FALSE;
  place (flow, block, FALSE, height + (title ? TITLE_GAP : SUBTITLE_GAP));
}

static void
flow_table (Flow             *flow,
            const SheetBlock *block)
{
  double gap = flow->page != NULL && flow->page->items->len > 0 ? TITLE_GAP : 0;

  ensure_room (flow, gap + SHEET_HEADER_H + SHEET_ROW_H);
  if (flow->page->items->len > 0)
    flow->y += gap;
  flow->stripe = 0;
  place (flow, block, TRUE, SHEET_HEADER_H);
  flow->after_table = TRUE;
}

static void
flow_row (Flow             *flow,
          const SheetBlock *block)
{
  SheetPage *before = flow->page;

  ensure_room (flow, SHEET_ROW_H);
  if (flow->page != before)
    {
      /* The header again at the top of each page the table runs on. */
      SheetBlock *table = NULL;

      for (guint i = 0; i < flow->sheet->blocks->len && table == NULL; i++)
        {
          SheetBlock *b = g_ptr_array_index (flow->sheet->blocks, i);

          if (b->kind == BLOCK_TABLE && b->table == block->table)
            table = b;
        }
      g_assert (table != NULL);
      place (flow, table, TRUE, SHEET_HEADER_H);
    }
  place (flow, block, FALSE, SHEET_ROW_H);
  flow->after_table = TRUE;
}

static void
flow_labels (Flow             *flow,
             const SheetBlock *block)
{
  guint next = 0, slot = block->skip;

  while (next < block->n_labels)
    {
      SheetPlaced placed = { .block = block, .first = next, .slot = slot };

      ensure_fresh_page (flow, TRUE);
      placed.count = MIN (block->n_labels - next, DIS_SHEET_LABELS_PER_PAGE - slot);
      g_array_append_val (flow->page->items, placed);
      next += placed.count;
      slot = 0;
    }
}

static void
paginate (DisSheet *sheet)
{
  Flow flow = { sheet, NULL, SHEET_TOP, FALSE, 0 };

  if (sheet->pages != NULL)
    return;
  sheet->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_page_free);

  for (guint i = 0; i < sheet->blocks->len; i++)
    {
      const SheetBlock *block = g_ptr_array_index (sheet->blocks, i);

      switch (block->kind)
        {
        case BLOCK_TITLE:
        case BLOCK_SUBTITLE:
          flow_text (&flow, block);
          break;
        case BLOCK_TABLE:
          flow_table (&flow, block);
          break;
        case BLOCK_ROW:
          flow_row (&flow, block);
          break;
        case BLOCK_BREAK:
          if (flow.page != NULL && flow.page->items->len > 0)
            new_page (&flow, FALSE);
          break;
        case BLOCK_LABELS:
          flow_labels (&flow, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (sheet->pages->len == 0)
    new_page (&flow, FALSE);
}

guint
dis_sheet_get_n_pages (DisSheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, 0);

  paginate (sheet);
  return sheet->pages->len;
}

void
dis_sheet_draw_page (DisSheet *sheet,
                     cairo_t  *cr,
                     guint     page_nr)
{
  const SheetPage *page;

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (cr != NULL);

  paginate (sheet);
  g_return_if_fail (page_nr < sheet->pages->len);

  page = g_ptr_array_index (sheet->pages, page_nr);
  cairo_save (cr);
  pango_cairo_update_context (cr, sheet->pango);
  if (page->labels)
    dis_sheet_draw_label_page (sheet, cr, page);
  else
    dis_sheet_draw_flow (sheet, cr, page, page_nr, sheet->pages->len);
  cairo_restore (cr);
}

gboolean
dis_sheet_finish (DisSheet  *sheet,
                  GError   **error)
{
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages;

  g_return_val_if_fail (sheet != NULL, FALSE);
  g_return_val_if_fail (sheet->pdf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_pages = dis_sheet_get_n_pages (sheet);
  cr = cairo_create (sheet->pdf);
  for (guint i = 0; i < n_pages; i++)
    {
      dis_sheet_draw_page (sheet, cr, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (sheet->pdf);
  status = cairo_surface_status (sheet->pdf);
  g_clear_pointer (&sheet->pdf, cairo_surface_destroy);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sheet->path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
