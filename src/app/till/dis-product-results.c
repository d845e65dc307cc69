/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-product-results"

#include "config.h"

#include "dis-product-results.h"
#include "dis-product-search-row.h"

struct _DisProductResults
{
  GtkWidget    parent_instance;

  DisTier      tier;

  GtkRevealer *revealer;
  GtkListView *list_view;
};

G_DEFINE_FINAL_TYPE (DisProductResults, dis_product_results, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIER,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_activate (DisProductResults *self,
             guint              position)
{
  g_signal_emit (self, signals[ACTIVATE], 0, position);
}

static void
on_row_setup (DisProductResults *self,
              GtkListItem       *item)
{
  GtkWidget *row = dis_product_search_row_new ();

  g_object_bind_property (self, "tier", row, "tier", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
}

static void
on_row_bind (DisProductResults *self,
             GtkListItem       *item)
{
  dis_product_search_row_set_product (DIS_PRODUCT_SEARCH_ROW (gtk_list_item_get_child (item)),
                                      gtk_list_item_get_item (item));
}

static void
on_row_unbind (DisProductResults *self,
               GtkListItem       *item)
{
  dis_product_search_row_set_product (DIS_PRODUCT_SEARCH_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
dis_product_results_dispose (GObject *object)
{
  DisProductResults *self = DIS_PRODUCT_RESULTS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_PRODUCT_RESULTS);

  G_OBJECT_CLASS (dis_product_results_parent_class)->dispose (object);
}

static void
dis_product_results_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DisProductResults *self = DIS_PRODUCT_RESULTS (object);

  switch (prop_id)
    {
    case PROP_TIER:
      g_value_set_uint (value, self->tier);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_product_results_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DisProductResults *self = DIS_PRODUCT_RESULTS (object);

  switch (prop_id)
    {
    case PROP_TIER:
      if (self->tier != g_value_get_uint (value))
        {
          self->tier = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_product_results_class_init (DisProductResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_product_results_dispose;
  object_class->get_property = dis_product_results_get_property;
  object_class->set_property = dis_product_results_set_property;

  properties[PROP_TIER] =
    g_param_spec_uint ("tier", NULL, NULL,
                       0, DIS_N_TIERS - 1, DIS_TIER_EQUA,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-product-results.ui");
  gtk_widget_class_bind_template_child (widget_class, DisProductResults, revealer);
  gtk_widget_class_bind_template_child (widget_class, DisProductResults, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_row_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_row_unbind);
}

static void
dis_product_results_init (DisProductResults *self)
{
  self->tier = DIS_TIER_EQUA;

  gtk_widget_init_template (GTK_WIDGET (self));
}

void
dis_product_results_set_model (DisProductResults *self,
                               GtkSelectionModel *model)
{
  g_return_if_fail (DIS_IS_PRODUCT_RESULTS (self));
  g_return_if_fail (!model || GTK_IS_SELECTION_MODEL (model));

  gtk_list_view_set_model (self->list_view, model);
}

void
dis_product_results_reveal (DisProductResults *self,
                            gboolean           reveal)
{
  g_return_if_fail (DIS_IS_PRODUCT_RESULTS (self));

  gtk_revealer_set_reveal_child (self->revealer, reveal);
}

gboolean
dis_product_results_is_revealed (DisProductResults *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT_RESULTS (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

void
dis_product_results_scroll_to (DisProductResults *self,
                               guint              position)
{
  g_return_if_fail (DIS_IS_PRODUCT_RESULTS (self));

  gtk_widget_activate_action (GTK_WIDGET (self->list_view),
                              "list.scroll-to-item", "u", position);
}
