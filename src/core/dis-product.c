/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-product"

#include "config.h"

#include "dis-code.h"
#include "dis-product.h"

struct _DisProduct
{
  GObject         parent_instance;

  gint64          id;
  char           *name;
  DisProductKind  kind;
  DisUnit         unit;
  guint           vat_rate;
  gint64          prices[DIS_N_TIERS];

  char           *ean;
  guint           plu;
  gint64          supplier_id;
  char           *supplier_name;
  char           *category;
  gint64          stock;
};

G_DEFINE_FINAL_TYPE (DisProduct, dis_product, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_UNIT,
  PROP_VAT_RATE,
  PROP_EAN,
  PROP_PLU,
  PROP_SUPPLIER_ID,
  PROP_SUPPLIER_NAME,
  PROP_CATEGORY,
  PROP_STOCK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76, newer than we may use. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);

  return TRUE;
}

static const char * const units[] = {
  [DIS_UNIT_PIECE] = "piece",
  [DIS_UNIT_KG]    = "kg",
  [DIS_UNIT_L]     = "l",
};

const char *
dis_unit_to_code (DisUnit unit)
{
  g_return_val_if_fail ((guint) unit < G_N_ELEMENTS (units), NULL);

  return units[unit];
}

gboolean
dis_unit_from_code (const char *code,
                    DisUnit    *out_unit)
{
  int i = DIS_CODE_INDEX (units, code);

  if (i >= 0 && out_unit != NULL)
    *out_unit = (DisUnit) i;
  return i >= 0;
}

gboolean
dis_unit_is_measured (DisUnit unit)
{
  return unit == DIS_UNIT_KG || unit == DIS_UNIT_L;
}

static void
dis_product_finalize (GObject *object)
{
  DisProduct *self = (DisProduct *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->ean, g_free);
  g_clear_pointer (&self->supplier_name, g_free);
  g_clear_pointer (&self->category, g_free);

  G_OBJECT_CLASS (dis_product_parent_class)->finalize (object);
}

static void
dis_product_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DisProduct *self = DIS_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_UNIT:
      g_value_set_string (value, dis_unit_to_code (self->unit));
      break;
    case PROP_VAT_RATE:
      g_value_set_uint (value, self->vat_rate);
      break;
    case PROP_EAN:
      g_value_set_string (value, self->ean);
      break;
    case PROP_PLU:
      g_value_set_uint (value, self->plu);
      break;
    case PROP_SUPPLIER_ID:
      g_value_set_int64 (value, self->supplier_id);
      break;
    case PROP_SUPPLIER_NAME:
      g_value_set_string (value, self->supplier_name);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_STOCK:
      g_value_set_int64 (value, self->stock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_product_class_init (DisProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_product_finalize;
  object_class->get_property = dis_product_get_property;

  /* Read-only properties so list views can bind them with expressions. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VAT_RATE] =
    g_param_spec_uint ("vat-rate", NULL, NULL, 0, 100, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EAN] =
    g_param_spec_string ("ean", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLU] =
    g_param_spec_uint ("plu", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUPPLIER_ID] =
    g_param_spec_int64 ("supplier-id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUPPLIER_NAME] =
    g_param_spec_string ("supplier-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STOCK] =
    g_param_spec_int64 ("stock", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_product_init (DisProduct *self)
{
}

DisProduct *
dis_product_new (gint64          id,
                 const char     *name,
                 DisProductKind  kind,
                 DisUnit         unit,
                 guint           vat_rate,
                 const gint64    prices[DIS_N_TIERS])
{
  DisProduct *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (prices != NULL, NULL);
  g_return_val_if_fail (unit <= DIS_UNIT_L, NULL);

  self = g_object_new (DIS_TYPE_PRODUCT, NULL);
  self->id = id;
  self->name = g_strdup (name);
  self->kind = kind;
  self->unit = unit;
  self->vat_rate = vat_rate;
  for (guint i = 0; i < DIS_N_TIERS; i++)
    self->prices[i] = prices[i];

  return self;
}

gint64
dis_product_get_id (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), 0);

  return self->id;
}

const char *
dis_product_get_name (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), NULL);

  return self->name;
}

DisProductKind
dis_product_get_kind (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), DIS_PRODUCT_BASKET);

  return self->kind;
}

DisUnit
dis_product_get_unit (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), DIS_UNIT_PIECE);

  return self->unit;
}

guint
dis_product_get_vat_rate (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), 0);

  return self->vat_rate;
}

gint64
dis_product_get_price (DisProduct *self,
                       DisTier     tier)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), 0);
  g_return_val_if_fail (tier < DIS_N_TIERS, 0);

  return self->prices[tier];
}

const char *
dis_product_get_ean (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), NULL);

  return self->ean;
}

void
dis_product_set_ean (DisProduct *self,
                     const char *ean)
{
  g_return_if_fail (DIS_IS_PRODUCT (self));

  if (set_str (&self->ean, ean))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EAN]);
}

void
dis_product_set_plu (DisProduct *self,
                     guint       plu)
{
  g_return_if_fail (DIS_IS_PRODUCT (self));

  if (self->plu != plu)
    {
      self->plu = plu;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLU]);
    }
}

gint64
dis_product_get_supplier_id (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), 0);

  return self->supplier_id;
}

const char *
dis_product_get_supplier_name (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), NULL);

  return self->supplier_name;
}

void
dis_product_set_supplier (DisProduct *self,
                          gint64      supplier_id,
                          const char *supplier_name)
{
  g_return_if_fail (DIS_IS_PRODUCT (self));

  if (self->supplier_id != supplier_id)
    {
      self->supplier_id = supplier_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPPLIER_ID]);
    }

  if (set_str (&self->supplier_name, supplier_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPPLIER_NAME]);
}

const char *
dis_product_get_category (DisProduct *self)
{
  g_return_val_if_fail (DIS_IS_PRODUCT (self), NULL);

  return self->category;
}

void
dis_product_set_category (DisProduct *self,
                          const char *category)
{
  g_return_if_fail (DIS_IS_PRODUCT (self));

  if (set_str (&self->category, category))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

void
dis_product_set_stock (DisProduct *self,
                       gint64      stock_milli)
{
  g_return_if_fail (DIS_IS_PRODUCT (self));

  if (self->stock != stock_milli)
    {
      self->stock = stock_milli;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOCK]);
    }
}
