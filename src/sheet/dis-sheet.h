/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Printable A4 documents: a title, subtitles, tables that break across
 * pages (the header repeated, the page numbered) and sheets of labels
 * with a Code 128 barcode. A DisSheet first collects its content, then
 * draws it: into the PDF given to dis_sheet_new_pdf() by
 * dis_sheet_finish(), or page by page on any cairo_t with
 * dis_sheet_draw_page() (a GtkPrintOperation's draw-page: set its unit
 * to GTK_UNIT_POINTS, use_full_page TRUE and an A4 page setup, so the
 * context's origin is the paper's corner and the labels fall on the
 * sheet's labels). A DisSheet belongs to the thread that made it (its
 * Pango context is that thread's). */

#define DIS_SHEET_PAGE_W   595.276  /* A4, points */
#define DIS_SHEET_PAGE_H   841.890
#define DIS_SHEET_MARGIN   42.52    /* 15 mm */

/* Label sheets: 3 × 8 labels of 70 × 37 mm, filling the width. */
#define DIS_SHEET_LABEL_COLUMNS 3
#define DIS_SHEET_LABEL_ROWS    8
#define DIS_SHEET_LABELS_PER_PAGE (DIS_SHEET_LABEL_COLUMNS * DIS_SHEET_LABEL_ROWS)

typedef struct _DisSheet DisSheet;

typedef struct
{
  const char *title;     /* the column's header */
  double      weight;    /* share of the table's width, > 0 */
  gboolean    numeric;   /* right-aligned (figures) */
} DisSheetColumn;

typedef struct
{
  const char *lines[3];  /* up to three lines of text; NULL ends them */
  const char *barcode;   /* printable ASCII (Code 128 B), shown under the
                          * bars; NULL for a label without one */
} DisSheetLabel;

/* A document drawn with dis_sheet_draw_page(). */
DisSheet *dis_sheet_new          (void);
/* A document written to @path by dis_sheet_finish(); NULL with the
 * reason (G_IO_ERROR) when @path cannot be created. */
DisSheet *dis_sheet_new_pdf      (const char           *path,
                                  GError              **error);
void      dis_sheet_free         (DisSheet             *sheet);

/* The document's title (also the PDF's metadata title), large. */
void      dis_sheet_add_title    (DisSheet             *sheet,
                                  const char           *title);
/* A line or a paragraph under it, smaller; wrapped to the width. */
void      dis_sheet_add_subtitle (DisSheet             *sheet,
                                  const char           *text);
/* Starts a table; the rows that follow belong to it. Cells are one line,
 * ellipsized to their column. */
void      dis_sheet_begin_table  (DisSheet             *sheet,
                                  const DisSheetColumn *columns,
                                  guint                 n_columns);
/* @cells: the table's n_columns texts (NULL for an empty cell). A
 * @bold row (a total) is drawn emphasized. */
void      dis_sheet_add_row      (DisSheet             *sheet,
                                  const char * const   *cells,
                                  gboolean              bold);
/* What follows starts on a new page. */
void      dis_sheet_page_break   (DisSheet             *sheet);
/* Label sheets, from a new page: @skip labels (0 … 23, taken modulo 24)
 * left blank first (a sheet already partly used), then @labels in
 * reading order. What follows
 * starts on a new page. */
void      dis_sheet_draw_labels  (DisSheet             *sheet,
                                  const DisSheetLabel  *labels,
                                  guint                 n_labels,
                                  guint                 skip);

/* The number of pages the content takes (at least 1). */
guint     dis_sheet_get_n_pages  (DisSheet             *sheet);
/* Draws page @page_nr (from 0) on @cr, whose user space is in points
 * with its origin at the A4 paper's top-left corner. */
void      dis_sheet_draw_page    (DisSheet             *sheet,
                                  cairo_t              *cr,
                                  guint                 page_nr);
/* Draws every page into the PDF and closes it; FALSE with the reason
 * when cairo could not write it. Only for dis_sheet_new_pdf(). */
gboolean  dis_sheet_finish       (DisSheet             *sheet,
                                  GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisSheet, dis_sheet_free)

G_END_DECLS
