/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The tier mix: one stacked bar per month, the share of its sales at
 * each tier, patterned and labelled so it reads without colour, with a
 * legend. Reserved cells show as one crossed "reserved" part. The
 * numbers are in the page's table; the chart says so to a screen
 * reader. */

#define DIS_TYPE_TIER_MIX_CHART (dis_tier_mix_chart_get_type ())
G_DECLARE_FINAL_TYPE (DisTierMixChart, dis_tier_mix_chart, DIS, TIER_MIX_CHART, GtkWidget)

GtkWidget *dis_tier_mix_chart_new         (void);
/* @periods: DisFundPeriod, oldest first (referenced). */
void       dis_tier_mix_chart_set_periods (DisTierMixChart *self,
                                           GPtrArray       *periods);

G_END_DECLS
