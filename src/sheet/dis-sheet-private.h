/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "dis-sheet.h"

G_BEGIN_DECLS

/* 1 mm in points. */
#define DIS_SHEET_MM (72.0 / 25.4)

typedef enum
{
  BLOCK_TITLE,
  BLOCK_SUBTITLE,
  BLOCK_TABLE,
  BLOCK_ROW,
  BLOCK_BREAK,
  BLOCK_LABELS,
} BlockKind;

typedef struct
{
  char     *title;
  double    width;     /* points */
  gboolean  numeric;
} SheetColumn;

typedef struct
{
  SheetColumn *columns;
  guint        n_columns;
} SheetTable;

typedef struct
{
  char *lines[3];
  char *barcode;
} SheetLabel;

typedef struct
{
  BlockKind   kind;
  char       *text;        /* title, subtitle */
  SheetTable *table;       /* table, row: the table it belongs to */
  char      **cells;       /* row: n_cells, NULL for empty */
  guint       n_cells;
  gboolean    bold;        /* row */
  SheetLabel *labels;      /* labels */
  guint       n_labels;
  guint       skip;
} SheetBlock;

/* Something drawn on a page, where the pagination put it. */
typedef struct
{
  const SheetBlock *block;   /* title, subtitle, row; the table of a header */
  gboolean          header;  /* the table's column headers */
  gboolean          stripe;  /* a row shaded for reading across */
  double            y;       /* its top, points */
  guint             first;   /* label pages: the first label, the slot */
  guint             slot;    /*   it goes in, and how many */
  guint             count;
} SheetPlaced;

typedef struct
{
  GArray   *items;      /* SheetPlaced */
  gboolean  labels;     /* a label sheet: no margins, no page number */
} SheetPage;

struct _DisSheet
{
  GPtrArray       *blocks;       /* SheetBlock */
  SheetTable      *table;        /* the table rows go to, or NULL */
  GPtrArray       *pages;        /* SheetPage, NULL until paginated */
  PangoContext    *pango;        /* measures and draws, 72 dpi: 1 pt = 1 unit */
  cairo_surface_t *pdf;          /* dis_sheet_new_pdf()'s */
  gboolean         titled;       /* the PDF's metadata has its title */
  char            *path;
};

/* Layout sizes shared by pagination and drawing, points. */
#define SHEET_TITLE_FONT     "Sans Bold 16"
#define SHEET_SUBTITLE_FONT  "Sans 10.5"
#define SHEET_HEADER_FONT    "Sans Bold 9"
#define SHEET_ROW_FONT       "Sans 9"
#define SHEET_BOLD_ROW_FONT  "Sans Bold 9"
#define SHEET_FOOTER_FONT    "Sans 8"
#define SHEET_ROW_H          15.0
#define SHEET_HEADER_H       19.0
#define SHEET_CELL_PAD       4.0
#define SHEET_FOOTER_H       18.0
#define SHEET_CONTENT_W      (DIS_SHEET_PAGE_W - 2 * DIS_SHEET_MARGIN)
#define SHEET_TOP            DIS_SHEET_MARGIN
#define SHEET_BOTTOM         (DIS_SHEET_PAGE_H - DIS_SHEET_MARGIN - SHEET_FOOTER_H)

/* Labels: 70 × 37 mm, the sheet's 1 mm of height to spare split above
 * and below. */
#define SHEET_LABEL_W        (70 * DIS_SHEET_MM)
#define SHEET_LABEL_H        (37 * DIS_SHEET_MM)
#define SHEET_LABEL_TOP      ((DIS_SHEET_PAGE_H - DIS_SHEET_LABEL_ROWS * SHEET_LABEL_H) / 2)
#define SHEET_LABEL_LEFT     ((DIS_SHEET_PAGE_W - DIS_SHEET_LABEL_COLUMNS * SHEET_LABEL_W) / 2)

PangoLayout *dis_sheet_layout       (DisSheet        *sheet,
                                     const char      *font,
                                     const char      *text,
                                     double           width,
                                     gboolean         wrap);
double       dis_sheet_text_height  (DisSheet        *sheet,
                                     const char      *font,
                                     const char      *text);

/* dis-sheet-draw.c: one page's content. */
void         dis_sheet_draw_flow    (DisSheet        *sheet,
                                     cairo_t         *cr,
                                     const SheetPage *page,
                                     guint            page_nr,
                                     guint            n_pages);
void         dis_sheet_draw_label_page (DisSheet        *sheet,
                                        cairo_t         *cr,
                                        const SheetPage *page);

G_END_DECLS
