/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transparency"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dis-chart-paint.h"
#include "dis-fund-period.h"
#include "dis-tier-mix-chart.h"

#define BAR_HEIGHT 26
#define ROW_GAP 8
#define LABEL_GAP 12
#define LEGEND_HEIGHT 48

struct _DisTierMixChart
{
  GtkWidget  parent_instance;

  GPtrArray *periods;
};

G_DEFINE_FINAL_TYPE (DisTierMixChart, dis_tier_mix_chart, GTK_TYPE_WIDGET)

static const DisChartFill tier_fills[DIS_N_TIERS] = {
  DIS_CHART_FILL_HATCH, DIS_CHART_FILL_DOTS, DIS_CHART_FILL_LIGHT, DIS_CHART_FILL_SOLID,
};

static char *
row_label (DisFundPeriod *period)
{
  g_autofree char *title = dis_fund_period_dup_title (period);

  if (dis_fund_period_get_from_ledger (period))
    /* Translators: a month's name, the month still open */
    return g_strdup_printf (_("%s (so far)"), title);
  return g_steal_pointer (&title);
}

/* The parts of a bar: sales per tier, and what is reserved. */
static gint64
bar_parts (DisFundPeriod *period,
           gint64         parts[DIS_N_TIERS + 1])
{
  const DisCodecFundDocument *document = dis_fund_period_get_document (period);
  gint64 known = 0, whole;

  memset (parts, 0, sizeof (gint64) * (DIS_N_TIERS + 1));
  if (!document->has_network)
    return 0;
  for (guint t = 0; t < DIS_N_TIERS; t++)
    {
      const DisCodecFundCell *cell = &g_array_index (document->network_tiers, DisCodecFundCell, t);

      if (!cell->suppressed)
        known += parts[t] = MAX (cell->sales, 0);
    }
  whole = document->network_total.suppressed ? known : MAX (document->network_total.sales, known);
  /* What the reserved cells hold together, when the total says. */
  parts[DIS_N_TIERS] = whole - known;
  return whole;
}

/* Whether the hub held back any of the month's network cells. */
static gboolean
any_reserved (DisFundPeriod *period)
{
  const DisCodecFundDocument *document = dis_fund_period_get_document (period);

  if (document->network_total.suppressed)
    return TRUE;
  for (guint t = 0; t < DIS_N_TIERS; t++)
    if (g_array_index (document->network_tiers, DisCodecFundCell, t).suppressed)
      return TRUE;
  return FALSE;
}

static int
label_width (DisTierMixChart *self)
{
  int widest = 0;

  for (guint i = 0; self->periods != NULL && i < self->periods->len; i++)
    {
      g_autofree char *label = row_label (g_ptr_array_index (self->periods, i));
      int width, height;

      dis_chart_text_size (GTK_WIDGET (self), label, &width, &height);
      widest = MAX (widest, width);
    }
  return widest;
}

static void
paint_bar (DisTierMixChart *self,
           GtkSnapshot     *snapshot,
           DisFundPeriod   *period,
           float            x,
           float            y,
           float            width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gint64 parts[DIS_N_TIERS + 1];
  gint64 whole = bar_parts (period, parts);
  float at = x;

  if (!dis_fund_period_get_document (period)->has_network)
    {
      /* The hub published the fund of this month, not its cells yet. */
      dis_chart_paint_text (widget, snapshot, _("figures per tier not published"), x, y + 4, TRUE);
      return;
    }
  if (whole <= 0 && !any_reserved (period))
    {
      dis_chart_paint_text (widget, snapshot, _("no sales"), x, y + 4, TRUE);
      return;
    }
  if (whole <= 0)
    {
      int text_width, text_height;

      /* Too few sales to publish any tier: a month with sales must not
       * read as a month without. */
      dis_chart_paint_fill (widget, snapshot, &GRAPHENE_RECT_INIT (x, y, width, BAR_HEIGHT), DIS_CHART_FILL_CROSS);
      dis_chart_text_size (widget, _("reserved"), &text_width, &text_height);
      dis_chart_paint_label (widget, snapshot, _("reserved"),
                             x + (width - text_width) / 2, y + (BAR_HEIGHT - text_height) / 2.f);
      return;
    }
  for (guint t = 0; t <= DIS_N_TIERS; t++)
    {
      float part = parts[t] <= 0 ? 0 : width * (float) parts[t] / (float) whole;
      g_autofree char *text = NULL;
      int text_width, text_height;

      if (part < 1)
        continue;
      dis_chart_paint_fill (widget, snapshot, &GRAPHENE_RECT_INIT (at, y, part, BAR_HEIGHT),
                            t < DIS_N_TIERS ? tier_fills[t] : DIS_CHART_FILL_CROSS);
      /* A direct label where it fits: the share, on a plain patch so the
       * pattern does not hide it. */
      text = g_strdup_printf ("%d%%", (int) ((parts[t] * 100 + whole / 2) / whole));
      dis_chart_text_size (widget, text, &text_width, &text_height);
      if (text_width + 8 < part)
        {
          float tx = at + (part - text_width) / 2, ty = y + (BAR_HEIGHT - text_height) / 2.f;

          dis_chart_paint_label (widget, snapshot, text, tx, ty);
        }
      at += part;
    }
}

static void
dis_tier_mix_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  DisTierMixChart *self = DIS_TIER_MIX_CHART (widget);
  float width = gtk_widget_get_width (widget);
  int labels = label_width (self);
  float y = 0;
  DisChartKey keys[DIS_N_TIERS + 1];

  for (guint i = 0; self->periods != NULL && i < self->periods->len; i++)
    {
      DisFundPeriod *period = g_ptr_array_index (self->periods, i);
      g_autofree char *label = row_label (period);
      int text_width, text_height;

      dis_chart_text_size (widget, label, &text_width, &text_height);
      dis_chart_paint_text (widget, snapshot, label, labels - text_width, y + (BAR_HEIGHT - text_height) / 2.f,
                            FALSE);
      paint_bar (self, snapshot, period, labels + LABEL_GAP, y, MAX (width - labels - LABEL_GAP, 10));
      y += BAR_HEIGHT + ROW_GAP;
    }

  for (guint t = 0; t < DIS_N_TIERS; t++)
    keys[t] = (DisChartKey) { tier_fills[t], dis_tier_get_name ((DisTier) t) };
  keys[DIS_N_TIERS] = (DisChartKey) { DIS_CHART_FILL_CROSS, _("Reserved") };
  dis_chart_paint_legend (widget, snapshot, keys, G_N_ELEMENTS (keys), 0, y + 4, width);
}

static void
dis_tier_mix_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  DisTierMixChart *self = DIS_TIER_MIX_CHART (widget);
  guint rows = self->periods != NULL ? self->periods->len : 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = label_width (self) + LABEL_GAP + 120;
      *natural = *minimum + 240;
    }
  else
    *minimum = *natural = (int) rows * (BAR_HEIGHT + ROW_GAP) + LEGEND_HEIGHT;
}

static void
dis_tier_mix_chart_finalize (GObject *object)
{
  DisTierMixChart *self = DIS_TIER_MIX_CHART (object);

  g_clear_pointer (&self->periods, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_tier_mix_chart_parent_class)->finalize (object);
}

static void
dis_tier_mix_chart_class_init (DisTierMixChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dis_tier_mix_chart_finalize;
  widget_class->snapshot = dis_tier_mix_chart_snapshot;
  widget_class->measure = dis_tier_mix_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "tiermixchart");
}

static void
dis_tier_mix_chart_init (DisTierMixChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tier mix per month"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The share of sales at each tier; every number is in the table below"),
                                  -1);
}

GtkWidget *
dis_tier_mix_chart_new (void)
{
  return g_object_new (DIS_TYPE_TIER_MIX_CHART, NULL);
}

void
dis_tier_mix_chart_set_periods (DisTierMixChart *self,
                                GPtrArray       *periods)
{
  g_return_if_fail (DIS_IS_TIER_MIX_CHART (self));

  g_clear_pointer (&self->periods, g_ptr_array_unref);
  if (periods != NULL)
    self->periods = g_ptr_array_ref (periods);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
