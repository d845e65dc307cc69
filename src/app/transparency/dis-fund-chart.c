/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transparency"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-chart-paint.h"
#include "dis-fund-chart.h"
#include "dis-fund-period.h"
#include "dis-money.h"

#define N_SERIES 3
#define PLOT_HEIGHT 110
#define BAR_WIDTH 36
#define BAR_GAP 4
#define GROUP_GAP 28
#define TEXT_LINE 20
#define TOP_ROOM 84    /* above the tallest bar, for its amount turned upright */
#define LEGEND_HEIGHT 28

struct _DisFundChart
{
  GtkWidget  parent_instance;

  GPtrArray *periods;    /* only those with a fund */
};

G_DEFINE_FINAL_TYPE (DisFundChart, dis_fund_chart, GTK_TYPE_WIDGET)

static const DisChartFill series_fills[N_SERIES] = {
  DIS_CHART_FILL_SOLID, DIS_CHART_FILL_HATCH, DIS_CHART_FILL_VERTICAL,
};

static void
series_values (DisFundPeriod *period,
               gint64         values[N_SERIES])
{
  const DisCodecFund *fund = &dis_fund_period_get_document (period)->fund;
  gint64 claims = 0;

  for (guint i = 0; fund->claims != NULL && i < fund->claims->len; i++)
    claims += g_array_index (fund->claims, DisCodecFundClaim, i).claim_cents;
  values[0] = fund->inflow_cents;
  values[1] = claims;
  values[2] = fund->carried_out_cents;
}

static int
group_width (void)
{
  return N_SERIES * BAR_WIDTH + (N_SERIES - 1) * BAR_GAP;
}

static void
dis_fund_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  DisFundChart *self = DIS_FUND_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float base = TOP_ROOM + PLOT_HEIGHT;
  gint64 top = 1;
  DisChartKey keys[N_SERIES] = {
    { series_fills[0], _("Inflow from Solidale") },
    { series_fills[1], _("Claims for Accessibile") },
    { series_fills[2], _("Carried forward") },
  };
  float x = 0;

  for (guint i = 0; i < self->periods->len; i++)
    {
      gint64 values[N_SERIES];

      series_values (g_ptr_array_index (self->periods, i), values);
      for (guint s = 0; s < N_SERIES; s++)
        top = MAX (top, values[s]);
    }

  for (guint i = 0; i < self->periods->len; i++)
    {
      DisFundPeriod *period = g_ptr_array_index (self->periods, i);
      g_autofree char *title = dis_fund_period_dup_title (period);
      gint64 values[N_SERIES];
      int text_width, text_height;

      series_values (period, values);
      for (guint s = 0; s < N_SERIES; s++)
        {
          float bx = x + s * (BAR_WIDTH + BAR_GAP);
          float height = values[s] <= 0 ? 0 : PLOT_HEIGHT * (float) values[s] / (float) top;
          g_autofree char *amount = dis_money_format (values[s]);

          /* The amount stands above its bar, turned when it is wider. */
          dis_chart_paint_fill (widget, snapshot, &GRAPHENE_RECT_INIT (bx, base - height, BAR_WIDTH, height),
                                series_fills[s]);
          dis_chart_text_size (widget, amount, &text_width, &text_height);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bx + (BAR_WIDTH - text_height) / 2.f,
                                                                  base - height - 4));
          gtk_snapshot_rotate (snapshot, -90);
          dis_chart_paint_label (widget, snapshot, amount, 0, 0);
          gtk_snapshot_restore (snapshot);
        }
      dis_chart_text_size (widget, title, &text_width, &text_height);
      dis_chart_paint_text (widget, snapshot, title, x + (group_width () - text_width) / 2.f, base + 4, FALSE);
      x += group_width () + GROUP_GAP;
    }
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.5f, 0.5f, 0.5f, 1 },
                             &GRAPHENE_RECT_INIT (0, base, MAX (x - GROUP_GAP, 0), 1));
  dis_chart_paint_legend (widget, snapshot, keys, N_SERIES, 0, base + 4 + TEXT_LINE + 8, width);
}

static void
dis_fund_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  DisFundChart *self = DIS_FUND_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = MAX (*minimum, (int) self->periods->len * (group_width () + GROUP_GAP));
    }
  else
    *minimum = *natural = TOP_ROOM + PLOT_HEIGHT + 4 + TEXT_LINE + 8 + LEGEND_HEIGHT;
}

static void
dis_fund_chart_finalize (GObject *object)
{
  DisFundChart *self = DIS_FUND_CHART (object);

  g_clear_pointer (&self->periods, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_fund_chart_parent_class)->finalize (object);
}

static void
dis_fund_chart_class_init (DisFundChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dis_fund_chart_finalize;
  widget_class->snapshot = dis_fund_chart_snapshot;
  widget_class->measure = dis_fund_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "fundchart");
}

static void
dis_fund_chart_init (DisFundChart *self)
{
  self->periods = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The fund per month"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Inflow, claims and what was carried forward; every number is in the table below"),
                                  -1);
}

GtkWidget *
dis_fund_chart_new (void)
{
  return g_object_new (DIS_TYPE_FUND_CHART, NULL);
}

void
dis_fund_chart_set_periods (DisFundChart *self,
                            GPtrArray    *periods)
{
  g_return_if_fail (DIS_IS_FUND_CHART (self));

  g_ptr_array_set_size (self->periods, 0);
  for (guint i = 0; periods != NULL && i < periods->len; i++)
    {
      DisFundPeriod *period = g_ptr_array_index (periods, i);

      if (dis_fund_period_get_document (period)->has_fund)
        g_ptr_array_add (self->periods, g_object_ref (period));
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
