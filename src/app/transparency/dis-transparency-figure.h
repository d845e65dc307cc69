/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DIS_TYPE_TRANSPARENCY_FIGURE (dis_transparency_figure_get_type ())
G_DECLARE_FINAL_TYPE (DisTransparencyFigure, dis_transparency_figure, DIS, TRANSPARENCY_FIGURE, GObject)

/* One figure of the Transparency page's table, as a row of its column
 * view and a line of its CSV: "period" (YYYY-MM), "month" (its title, as
 * shown), "name" (what it is: "Accessibile: sales"), "value" (as shown:
 * "€ 12,50", "riservato"), "plain" (for the CSV: "12.50", "" when
 * reserved) and "note" (why a cell is reserved, what a payment was
 * claimed against). */
DisTransparencyFigure *dis_transparency_figure_new       (const char *period,
                                                          const char *month,
                                                          const char *name,
                                                          const char *value,
                                                          const char *plain,
                                                          const char *note);
const char            *dis_transparency_figure_get_period (DisTransparencyFigure *self);
const char            *dis_transparency_figure_get_month  (DisTransparencyFigure *self);
const char            *dis_transparency_figure_get_name   (DisTransparencyFigure *self);
const char            *dis_transparency_figure_get_value  (DisTransparencyFigure *self);
const char            *dis_transparency_figure_get_plain  (DisTransparencyFigure *self);
const char            *dis_transparency_figure_get_note   (DisTransparencyFigure *self);
/* "month, name: value", what a screen reader says for the value cell. */
char                  *dis_transparency_figure_dup_spoken (DisTransparencyFigure *self);

G_END_DECLS
