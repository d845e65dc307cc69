/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-item-row"

#include "config.h"

#include "dis-item-row.h"

typedef struct
{
  GObject *item;
} DisItemRowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (DisItemRow, dis_item_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_item_row_dispose (GObject *object)
{
  DisItemRowPrivate *priv = dis_item_row_get_instance_private (DIS_ITEM_ROW (object));

  g_clear_object (&priv->item);

  G_OBJECT_CLASS (dis_item_row_parent_class)->dispose (object);
}

static void
dis_item_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DisItemRowPrivate *priv = dis_item_row_get_instance_private (DIS_ITEM_ROW (object));

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, priv->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_item_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DisItemRowPrivate *priv = dis_item_row_get_instance_private (DIS_ITEM_ROW (object));

  switch (prop_id)
    {
    case PROP_ITEM:
      priv->item = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_item_row_class_init (DisItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dis_item_row_dispose;
  object_class->get_property = dis_item_row_get_property;
  object_class->set_property = dis_item_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_item_row_init (DisItemRow *self)
{
}

gpointer
dis_item_row_get_item (DisItemRow *self)
{
  DisItemRowPrivate *priv;

  g_return_val_if_fail (DIS_IS_ITEM_ROW (self), NULL);

  priv = dis_item_row_get_instance_private (self);
  return priv->item;
}
