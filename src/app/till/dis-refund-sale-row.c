/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-refund-sale-row"

#include "config.h"

#include "dis-refund-sale-row.h"

struct _DisRefundSaleRow
{
  AdwActionRow  parent_instance;

  DisSale      *sale;

  GtkLabel     *total_label;
};

G_DEFINE_FINAL_TYPE (DisRefundSaleRow, dis_refund_sale_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_SALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_refund_sale_row_set_sale (DisRefundSaleRow *self,
                              DisSale          *sale)
{
  g_autofree char *time = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *total = NULL;

  g_assert (DIS_IS_REFUND_SALE_ROW (self));

  if (!g_set_object (&self->sale, sale) || sale == NULL)
    return;

  time = sale->created_at != NULL ? g_date_time_format (sale->created_at, "%H:%M") : g_strdup ("");
  subtitle = g_strdup_printf ("%s · %s", time, dis_tier_get_name (sale->tier));
  total = dis_money_format (sale->total);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), sale->receipt_no);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_label_set_label (self->total_label, total);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALE]);
}

static void
dis_refund_sale_row_dispose (GObject *object)
{
  DisRefundSaleRow *self = DIS_REFUND_SALE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_REFUND_SALE_ROW);
  g_clear_object (&self->sale);

  G_OBJECT_CLASS (dis_refund_sale_row_parent_class)->dispose (object);
}

static void
dis_refund_sale_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DisRefundSaleRow *self = DIS_REFUND_SALE_ROW (object);

  switch (prop_id)
    {
    case PROP_SALE:
      g_value_set_object (value, self->sale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_refund_sale_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DisRefundSaleRow *self = DIS_REFUND_SALE_ROW (object);

  switch (prop_id)
    {
    case PROP_SALE:
      dis_refund_sale_row_set_sale (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_refund_sale_row_class_init (DisRefundSaleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_refund_sale_row_dispose;
  object_class->get_property = dis_refund_sale_row_get_property;
  object_class->set_property = dis_refund_sale_row_set_property;

  properties[PROP_SALE] =
    g_param_spec_object ("sale", NULL, NULL,
                         DIS_TYPE_SALE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-refund-sale-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisRefundSaleRow, total_label);
}

static void
dis_refund_sale_row_init (DisRefundSaleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_refund_sale_row_new (DisSale *sale)
{
  g_return_val_if_fail (DIS_IS_SALE (sale), NULL);

  return g_object_new (DIS_TYPE_REFUND_SALE_ROW, "sale", sale, NULL);
}

DisSale *
dis_refund_sale_row_get_sale (DisRefundSaleRow *self)
{
  g_return_val_if_fail (DIS_IS_REFUND_SALE_ROW (self), NULL);

  return self->sale;
}
