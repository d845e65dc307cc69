/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-point"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-gazetteer.h"
#include "dis-geo.h"
#include "dis-map-point.h"
#include "dis-store-points.h"

struct _DisMapPoint
{
  GObject         parent_instance;

  DisPointRecord *record;
  DisPointKind    kind;
  char           *accessible_label;
  char           *search_key;
  char           *distance_label;
  DisBasketCompleteness *completeness;
  char           *completeness_label;
  double          distance;
  guint           own : 1;
};

G_DEFINE_FINAL_TYPE (DisMapPoint, dis_map_point, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_COMUNE,
  PROP_DISTANCE_LABEL,
  PROP_COMPLETENESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

DisPointKind
dis_point_kind_from_string (const char *kind)
{
  if (g_strcmp0 (kind, "gas") == 0)
    return DIS_POINT_KIND_GAS;
  if (g_strcmp0 (kind, "producer") == 0)
    return DIS_POINT_KIND_PRODUCER;
  if (g_strcmp0 (kind, "collection") == 0)
    return DIS_POINT_KIND_COLLECTION;
  return DIS_POINT_KIND_SHOP;
}

const char *
dis_point_kind_to_label (DisPointKind kind)
{
  switch (kind)
    {
    case DIS_POINT_KIND_GAS:
      return _("Purchasing group");
    case DIS_POINT_KIND_PRODUCER:
      return _("Producer");
    case DIS_POINT_KIND_COLLECTION:
      return _("Collection point");
    case DIS_POINT_KIND_SHOP:
    case DIS_N_POINT_KINDS:
    default:
      return _("Shop");
    }
}

static void
dis_map_point_finalize (GObject *object)
{
  DisMapPoint *self = (DisMapPoint *)object;

  g_clear_pointer (&self->record, dis_point_record_free);
  g_clear_pointer (&self->accessible_label, g_free);
  g_clear_pointer (&self->search_key, g_free);
  g_clear_pointer (&self->distance_label, g_free);
  g_clear_pointer (&self->completeness, dis_basket_completeness_free);
  g_clear_pointer (&self->completeness_label, g_free);

  G_OBJECT_CLASS (dis_map_point_parent_class)->finalize (object);
}

static void
dis_map_point_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DisMapPoint *self = DIS_MAP_POINT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, dis_map_point_get_name (self));
      break;

    case PROP_COMUNE:
      g_value_set_string (value, dis_map_point_get_comune (self));
      break;

    case PROP_DISTANCE_LABEL:
      g_value_set_string (value, self->distance_label);
      break;

    case PROP_COMPLETENESS:
      g_value_set_string (value, self->completeness_label);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_point_class_init (DisMapPointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_map_point_finalize;
  object_class->get_property = dis_map_point_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMUNE] =
    g_param_spec_string ("comune", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DISTANCE_LABEL] =
    g_param_spec_string ("distance-label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The label ("7/9"): what rows and markers show. */
  properties[PROP_COMPLETENESS] =
    g_param_spec_string ("completeness", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_map_point_init (DisMapPoint *self)
{
  self->distance = -1;
}

DisMapPoint *
dis_map_point_new (const DisPointRecord *record,
                   gboolean              own)
{
  DisMapPoint *self;
  g_autofree char *key = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (DIS_TYPE_MAP_POINT, NULL);
  self->record = dis_point_record_copy (record);
  self->kind = dis_point_kind_from_string (record->kind);
  self->own = !!own;

  if (record->comune != NULL && record->comune[0] != '\0')
    self->accessible_label = g_strdup_printf ("%s, %s, %s", record->name,
                                              dis_point_kind_to_label (self->kind),
                                              record->comune);
  else
    self->accessible_label = g_strdup_printf ("%s, %s", record->name,
                                              dis_point_kind_to_label (self->kind));

  key = g_strdup_printf ("%s %s", record->name, record->comune ? record->comune : "");
  self->search_key = dis_gazetteer_normalize (key);

  return self;
}

const DisPointRecord *
dis_map_point_get_record (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->record;
}

const char *
dis_map_point_get_code (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->record->code;
}

const char *
dis_map_point_get_name (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->record->name;
}

const char *
dis_map_point_get_comune (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->record->comune;
}

DisPointKind
dis_map_point_get_kind (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), DIS_POINT_KIND_SHOP);

  return self->kind;
}

gboolean
dis_map_point_get_own (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), FALSE);

  return self->own;
}

gboolean
dis_map_point_has_location (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), FALSE);

  /* The store's convention (see dis_geo_nearest()): 0,0 means unknown. */
  return self->record->lat_e6 != 0 || self->record->lon_e6 != 0;
}

double
dis_map_point_get_latitude (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), 0);

  return self->record->lat_e6 / 1e6;
}

double
dis_map_point_get_longitude (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), 0);

  return self->record->lon_e6 / 1e6;
}

const char *
dis_map_point_get_accessible_label (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->accessible_label;
}

const char *
dis_map_point_get_search_key (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->search_key;
}

double
dis_map_point_get_distance (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), -1);

  return self->distance;
}

void
dis_map_point_set_distance (DisMapPoint *self,
                            double       metres)
{
  g_autofree char *label = NULL;

  g_return_if_fail (DIS_IS_MAP_POINT (self));

  if (metres < 0)
    metres = -1;

  self->distance = metres;

  if (metres >= 0)
    label = dis_geo_format_distance (metres);

  if (g_strcmp0 (label, self->distance_label) != 0)
    {
      g_free (self->distance_label);
      self->distance_label = g_steal_pointer (&label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISTANCE_LABEL]);
    }
}

const char *
dis_map_point_get_distance_label (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->distance_label;
}

const DisBasketCompleteness *
dis_map_point_get_completeness (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->completeness;
}

static gboolean
same_completeness (const DisBasketCompleteness *a,
                   const DisBasketCompleteness *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->n_basket != b->n_basket || a->n_stocked != b->n_stocked ||
      (a->taken_at == NULL) != (b->taken_at == NULL) ||
      (a->taken_at != NULL && !g_date_time_equal (a->taken_at, b->taken_at)) ||
      a->missing->len != b->missing->len)
    return FALSE;
  for (guint i = 0; i < a->missing->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a->missing, i), g_ptr_array_index (b->missing, i)) != 0)
      return FALSE;
  return TRUE;
}

void
dis_map_point_set_completeness (DisMapPoint                 *self,
                                const DisBasketCompleteness *completeness)
{
  g_return_if_fail (DIS_IS_MAP_POINT (self));

  /* A catalog without a basket has nothing to count. */
  if (completeness != NULL && completeness->n_basket == 0)
    completeness = NULL;

  if (same_completeness (self->completeness, completeness))
    return;

  g_clear_pointer (&self->completeness, dis_basket_completeness_free);
  g_clear_pointer (&self->completeness_label, g_free);
  if (completeness != NULL)
    {
      self->completeness = dis_basket_completeness_copy (completeness);
      /* Translators: basket products on the shelf of all basket products, e.g. "7/9" */
      self->completeness_label = g_strdup_printf (_("%u/%u"), completeness->n_stocked, completeness->n_basket);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETENESS]);
}

const char *
dis_map_point_get_completeness_label (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), NULL);

  return self->completeness_label;
}

gboolean
dis_map_point_get_basket_complete (DisMapPoint *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (self), FALSE);

  return self->completeness != NULL && self->completeness->n_basket > 0 &&
         self->completeness->n_stocked == self->completeness->n_basket;
}
