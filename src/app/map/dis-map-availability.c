/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-availability"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-geo.h"
#include "dis-map-availability.h"
#include "dis-money.h"
#include "dis-sync-popover.h"

struct _DisMapAvailability
{
  GObject  parent_instance;

  char    *code;
  char    *title;
  char    *subtitle;
};

G_DEFINE_FINAL_TYPE (DisMapAvailability, dis_map_availability, G_TYPE_OBJECT)

static char *
format_quantity (gint64      qty,
                 const char *unit)
{
  g_autofree char *number = dis_qty_format (qty, unit);

  if (g_strcmp0 (unit, "piece") == 0)
    /* Translators: a number of pieces in stock, e.g. "12 pieces" */
    return g_strdup_printf (ngettext ("%s piece", "%s pieces", (gulong) (qty / 1000)),
                            number);
  return g_steal_pointer (&number);
}

static void
dis_map_availability_finalize (GObject *object)
{
  DisMapAvailability *self = (DisMapAvailability *)object;

  g_free (self->code);
  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (dis_map_availability_parent_class)->finalize (object);
}

static void
dis_map_availability_class_init (DisMapAvailabilityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_map_availability_finalize;
}

static void
dis_map_availability_init (DisMapAvailability *self)
{
}

DisMapAvailability *
dis_map_availability_new (const DisStockAvailability *availability,
                          const char                 *unit,
                          GDateTime                  *now)
{
  DisMapAvailability *self;
  g_autofree char *quantity = NULL;
  g_autofree char *where = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (availability != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (DIS_TYPE_MAP_AVAILABILITY, NULL);
  self->code = g_strdup (availability->point_code);
  self->title = g_strdup (availability->point_name);

  quantity = format_quantity (availability->qty, unit);
  if (availability->own)
    where = g_strdup (_("your point"));
  else if (availability->metres >= 0)
    where = dis_geo_format_distance (availability->metres);
  if (availability->own)
    when = g_strdup (_("up to date"));
  else if (availability->taken_at != NULL)
    when = dis_sync_format_ago (g_date_time_to_unix (availability->taken_at), g_date_time_to_unix (now));

  /* Translators: how much, how far, how old, e.g. "12 pieces · 2.1 km · 3 hours ago" */
  self->subtitle = g_strjoin (" · ", quantity, where ? where : when, where ? when : NULL, NULL);
  return self;
}

const char *
dis_map_availability_get_code (DisMapAvailability *self)
{
  g_return_val_if_fail (DIS_IS_MAP_AVAILABILITY (self), NULL);

  return self->code;
}

const char *
dis_map_availability_get_title (DisMapAvailability *self)
{
  g_return_val_if_fail (DIS_IS_MAP_AVAILABILITY (self), NULL);

  return self->title;
}

const char *
dis_map_availability_get_subtitle (DisMapAvailability *self)
{
  g_return_val_if_fail (DIS_IS_MAP_AVAILABILITY (self), NULL);

  return self->subtitle;
}
