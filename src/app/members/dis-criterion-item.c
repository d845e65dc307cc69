/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-criterion-item"

#include "config.h"

#include "dis-criterion-item.h"

struct _DisCriterionItem
{
  GObject   parent_instance;

  DisTier   tier;
  gboolean  met;
  char     *text;
};

G_DEFINE_FINAL_TYPE (DisCriterionItem, dis_criterion_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIER,
  PROP_MET,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

DisTier
dis_criterion_item_get_tier (DisCriterionItem *self)
{
  g_return_val_if_fail (DIS_IS_CRITERION_ITEM (self), DIS_TIER_EQUA);

  return self->tier;
}

gboolean
dis_criterion_item_get_met (DisCriterionItem *self)
{
  g_return_val_if_fail (DIS_IS_CRITERION_ITEM (self), FALSE);

  return self->met;
}

const char *
dis_criterion_item_get_text (DisCriterionItem *self)
{
  g_return_val_if_fail (DIS_IS_CRITERION_ITEM (self), NULL);

  return self->text;
}

static void
dis_criterion_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DisCriterionItem *self = DIS_CRITERION_ITEM (object);

  switch (prop_id)
    {
    case PROP_TIER:
      g_value_set_uint (value, self->tier);
      break;

    case PROP_MET:
      g_value_set_boolean (value, self->met);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_criterion_item_finalize (GObject *object)
{
  DisCriterionItem *self = DIS_CRITERION_ITEM (object);

  g_free (self->text);

  G_OBJECT_CLASS (dis_criterion_item_parent_class)->finalize (object);
}

static void
dis_criterion_item_class_init (DisCriterionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dis_criterion_item_get_property;
  object_class->finalize = dis_criterion_item_finalize;

  properties[PROP_TIER] =
    g_param_spec_uint ("tier", NULL, NULL,
                       0, DIS_N_TIERS - 1, DIS_TIER_IMPEGNO,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MET] =
    g_param_spec_boolean ("met", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_criterion_item_init (DisCriterionItem *self)
{
}

DisCriterionItem *
dis_criterion_item_new (const DisCriterionCheck *check)
{
  DisCriterionItem *self;

  g_return_val_if_fail (check != NULL, NULL);

  self = g_object_new (DIS_TYPE_CRITERION_ITEM, NULL);
  self->tier = check->tier;
  self->met = check->met;
  self->text = g_strdup (check->text);

  return self;
}
