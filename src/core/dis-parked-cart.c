/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include "dis-parked-cart.h"

G_DEFINE_FINAL_TYPE (DisParkedCart, dis_parked_cart, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_PARKED_AT,
  PROP_N_LINES,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_parked_cart_finalize (GObject *object)
{
  DisParkedCart *self = DIS_PARKED_CART (object);

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->parked_at, g_date_time_unref);

  G_OBJECT_CLASS (dis_parked_cart_parent_class)->finalize (object);
}

static void
dis_parked_cart_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DisParkedCart *self = DIS_PARKED_CART (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_PARKED_AT:
      g_value_set_boxed (value, self->parked_at);
      break;

    case PROP_N_LINES:
      g_value_set_int64 (value, self->n_lines);
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_parked_cart_class_init (DisParkedCartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_parked_cart_finalize;
  object_class->get_property = dis_parked_cart_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARKED_AT] =
    g_param_spec_boxed ("parked-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_LINES] =
    g_param_spec_int64 ("n-lines", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_parked_cart_init (DisParkedCart *self)
{
}

DisParkedCart *
dis_parked_cart_new (gint64      id,
                     const char *label,
                     GDateTime  *parked_at,
                     gint64      n_lines,
                     gint64      total)
{
  DisParkedCart *self = g_object_new (DIS_TYPE_PARKED_CART, NULL);

  self->id = id;
  self->label = g_strdup (label);
  self->parked_at = parked_at != NULL ? g_date_time_ref (parked_at) : NULL;
  self->n_lines = n_lines;
  self->total = total;
  return self;
}
