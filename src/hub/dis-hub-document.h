/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* What the hub's printable documents share (the fund's statements, the
 * restock orders of a supplier): A4 pages drawn with cairo, and CSV a
 * spreadsheet opens. */

#define DIS_HUB_PAGE_W  595.28   /* A4, points */
#define DIS_HUB_PAGE_H  841.89
#define DIS_HUB_MARGIN  56.0

/* Draws @text from @y, wrapped to the page width; returns the next y. */
double   dis_hub_pdf_paragraph (cairo_t          *cr,
                                const char       *text,
                                double            size,
                                double            y);
/* One table cell at @x, left-aligned, or ending at @x when @right. */
void     dis_hub_pdf_cell      (cairo_t          *cr,
                                double            x,
                                double            y,
                                const char       *text,
                                gboolean          right);
/* Finishes and frees @cr and @surface; FALSE with the reason when cairo
 * could not write @path. */
gboolean dis_hub_pdf_finish    (cairo_surface_t  *surface,
                                cairo_t          *cr,
                                const char       *path,
                                GError          **error);

/* @text as one CSV field, always quoted, quotes doubled. */
void     dis_hub_csv_field     (GString          *out,
                                const char       *text);

G_END_DECLS
