/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-place"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-map-place.h"

struct _DisMapPlace
{
  GObject   parent_instance;

  DisPlace *place;
  char     *detail;
};

G_DEFINE_FINAL_TYPE (DisMapPlace, dis_map_place, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_map_place_finalize (GObject *object)
{
  DisMapPlace *self = (DisMapPlace *)object;

  g_clear_pointer (&self->place, dis_place_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (dis_map_place_parent_class)->finalize (object);
}

static void
dis_map_place_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DisMapPlace *self = DIS_MAP_PLACE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->place->name);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_place_class_init (DisMapPlaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_map_place_finalize;
  object_class->get_property = dis_map_place_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_map_place_init (DisMapPlace *self)
{
}

DisMapPlace *
dis_map_place_new (const DisPlace *place)
{
  DisMapPlace *self;

  g_return_val_if_fail (place != NULL, NULL);

  self = g_object_new (DIS_TYPE_MAP_PLACE, NULL);
  self->place = dis_place_copy (place);
  if (g_strcmp0 (place->kind, "hamlet") == 0)
    self->detail = g_strdup_printf (_("Hamlet of %s"), place->comune);
  else
    self->detail = g_strdup (_("Comune"));

  return self;
}

const DisPlace *
dis_map_place_get_place (DisMapPlace *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PLACE (self), NULL);

  return self->place;
}

const char *
dis_map_place_get_name (DisMapPlace *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PLACE (self), NULL);

  return self->place->name;
}

const char *
dis_map_place_get_detail (DisMapPlace *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PLACE (self), NULL);

  return self->detail;
}
