/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The fund over time: for each closed month, three bars side by side —
 * what came in from the Solidale tier, what the suppliers claimed for
 * their Accessibile sales, and what was carried to the next month —
 * patterned, each with its amount written above it, and a legend. */

#define DIS_TYPE_FUND_CHART (dis_fund_chart_get_type ())
G_DECLARE_FINAL_TYPE (DisFundChart, dis_fund_chart, DIS, FUND_CHART, GtkWidget)

GtkWidget *dis_fund_chart_new         (void);
/* @periods: DisFundPeriod, oldest first (referenced); those without a
 * fund are left out. */
void       dis_fund_chart_set_periods (DisFundChart *self,
                                       GPtrArray    *periods);

G_END_DECLS
