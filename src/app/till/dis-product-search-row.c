/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-product-search-row"

#include "config.h"

#include "dis-cart-row.h"
#include "dis-product-search-row.h"

struct _DisProductSearchRow
{
  GtkWidget   parent_instance;

  DisProduct *product;
  DisTier     tier;

  GtkLabel   *name_label;
  GtkLabel   *supplier_label;
  GtkLabel   *price_label;
};

G_DEFINE_FINAL_TYPE (DisProductSearchRow, dis_product_search_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PRODUCT,
  PROP_TIER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_product_search_row_update (DisProductSearchRow *self)
{
  const char *supplier;
  g_autofree char *price = NULL;

  g_assert (DIS_IS_PRODUCT_SEARCH_ROW (self));

  if (self->product == NULL)
    return;

  supplier = dis_product_get_supplier_name (self->product);
  price = dis_format_unit_price (dis_product_get_price (self->product, self->tier),
                                 dis_product_get_unit (self->product));

  gtk_label_set_label (self->name_label, dis_product_get_name (self->product));
  gtk_label_set_label (self->supplier_label, supplier != NULL ? supplier : "");
  gtk_widget_set_visible (GTK_WIDGET (self->supplier_label), supplier != NULL && *supplier != '\0');
  gtk_label_set_label (self->price_label, price);
}

static void
dis_product_search_row_dispose (GObject *object)
{
  DisProductSearchRow *self = DIS_PRODUCT_SEARCH_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_PRODUCT_SEARCH_ROW);
  /* The plain box of the template, which is not bound. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->product);

  G_OBJECT_CLASS (dis_product_search_row_parent_class)->dispose (object);
}

static void
dis_product_search_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DisProductSearchRow *self = DIS_PRODUCT_SEARCH_ROW (object);

  switch (prop_id)
    {
    case PROP_PRODUCT:
      g_value_set_object (value, self->product);
      break;

    case PROP_TIER:
      g_value_set_uint (value, self->tier);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_product_search_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DisProductSearchRow *self = DIS_PRODUCT_SEARCH_ROW (object);

  switch (prop_id)
    {
    case PROP_PRODUCT:
      dis_product_search_row_set_product (self, g_value_get_object (value));
      break;

    case PROP_TIER:
      dis_product_search_row_set_tier (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_product_search_row_class_init (DisProductSearchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_product_search_row_dispose;
  object_class->get_property = dis_product_search_row_get_property;
  object_class->set_property = dis_product_search_row_set_property;

  properties[PROP_PRODUCT] =
    g_param_spec_object ("product", NULL, NULL,
                         DIS_TYPE_PRODUCT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIER] =
    g_param_spec_uint ("tier", NULL, NULL,
                       0, DIS_N_TIERS - 1, DIS_TIER_EQUA,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-product-search-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisProductSearchRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisProductSearchRow, supplier_label);
  gtk_widget_class_bind_template_child (widget_class, DisProductSearchRow, price_label);
}

static void
dis_product_search_row_init (DisProductSearchRow *self)
{
  self->tier = DIS_TIER_EQUA;

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_product_search_row_new (void)
{
  return g_object_new (DIS_TYPE_PRODUCT_SEARCH_ROW, NULL);
}

void
dis_product_search_row_set_product (DisProductSearchRow *self,
                                    DisProduct          *product)
{
  g_return_if_fail (DIS_IS_PRODUCT_SEARCH_ROW (self));
  g_return_if_fail (!product || DIS_IS_PRODUCT (product));

  if (!g_set_object (&self->product, product))
    return;

  dis_product_search_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT]);
}

void
dis_product_search_row_set_tier (DisProductSearchRow *self,
                                 DisTier              tier)
{
  g_return_if_fail (DIS_IS_PRODUCT_SEARCH_ROW (self));
  g_return_if_fail (tier < DIS_N_TIERS);

  if (self->tier == tier)
    return;

  self->tier = tier;
  dis_product_search_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIER]);
}
