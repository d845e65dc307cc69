/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the Transparency page's charts share: fills that read without
 * colour (a pattern each, and a hue for those who see it), text, and the
 * legend that names them. */

typedef enum
{
  DIS_CHART_FILL_HATCH,       /* diagonal lines */
  DIS_CHART_FILL_DOTS,
  DIS_CHART_FILL_LIGHT,       /* a light solid */
  DIS_CHART_FILL_SOLID,       /* a dark solid */
  DIS_CHART_FILL_CROSS,       /* crossed lines: reserved, unknown */
  DIS_CHART_FILL_VERTICAL,    /* vertical lines */
} DisChartFill;

typedef struct
{
  DisChartFill  fill;
  const char   *label;
} DisChartKey;

/* @rect filled with @fill, outlined. */
void   dis_chart_paint_fill   (GtkWidget              *widget,
                               GtkSnapshot            *snapshot,
                               const graphene_rect_t  *rect,
                               DisChartFill            fill);
/* @text at @x, @y (top left); returns its width. @dim for secondary text. */
int    dis_chart_paint_text   (GtkWidget              *widget,
                               GtkSnapshot            *snapshot,
                               const char             *text,
                               float                   x,
                               float                   y,
                               gboolean                dim);
/* @text on a patch of the opposite colour, to read over a pattern. */
void   dis_chart_paint_label  (GtkWidget              *widget,
                               GtkSnapshot            *snapshot,
                               const char             *text,
                               float                   x,
                               float                   y);
/* The pixel size of @text in @widget's font. */
void   dis_chart_text_size    (GtkWidget              *widget,
                               const char             *text,
                               int                    *out_width,
                               int                    *out_height);
/* The keys in a row from @x, @y: a swatch and its label each. Returns the
 * height used. */
int    dis_chart_paint_legend (GtkWidget              *widget,
                               GtkSnapshot            *snapshot,
                               const DisChartKey      *keys,
                               guint                   n_keys,
                               float                   x,
                               float                   y,
                               float                   width);

G_END_DECLS
