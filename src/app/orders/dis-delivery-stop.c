/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-delivery"

#include "config.h"

#include "dis-delivery-stop.h"
#include "dis-route.h"

struct _DisDeliveryStop
{
  GObject   parent_instance;

  DisOrder *order;
  guint     position;
};

G_DEFINE_FINAL_TYPE (DisDeliveryStop, dis_delivery_stop, G_TYPE_OBJECT)

static void
dis_delivery_stop_finalize (GObject *object)
{
  DisDeliveryStop *self = (DisDeliveryStop *)object;

  g_clear_object (&self->order);

  G_OBJECT_CLASS (dis_delivery_stop_parent_class)->finalize (object);
}

static void
dis_delivery_stop_class_init (DisDeliveryStopClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_delivery_stop_finalize;
}

static void
dis_delivery_stop_init (DisDeliveryStop *self)
{
}

DisDeliveryStop *
dis_delivery_stop_new (DisOrder *order,
                       guint     position)
{
  DisDeliveryStop *self;

  g_return_val_if_fail (DIS_IS_ORDER (order), NULL);

  self = g_object_new (DIS_TYPE_DELIVERY_STOP, NULL);
  self->order = g_object_ref (order);
  self->position = position;

  return self;
}

DisOrder *
dis_delivery_stop_get_order (DisDeliveryStop *self)
{
  g_return_val_if_fail (DIS_IS_DELIVERY_STOP (self), NULL);

  return self->order;
}

guint
dis_delivery_stop_get_position (DisDeliveryStop *self)
{
  g_return_val_if_fail (DIS_IS_DELIVERY_STOP (self), 0);

  return self->position;
}

GPtrArray *
dis_delivery_plan (double     lat,
                   double     lon,
                   GPtrArray *orders,
                   double    *out_metres)
{
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (DisRoutePlace));
  g_autoptr(GPtrArray) located = g_ptr_array_new ();   /* DisOrder, places[i + 1] */
  g_autoptr(GArray) visits = NULL;
  GPtrArray *stops;
  DisRoutePlace point = { lat, lon };
  double metres = 0;

  g_return_val_if_fail (orders != NULL, NULL);

  g_array_append_val (places, point);
  for (guint i = 0; i < orders->len; i++)
    {
      DisOrder *order = g_ptr_array_index (orders, i);
      gint64 lat_e6, lon_e6;

      if (dis_order_get_location (order, &lat_e6, &lon_e6))
        {
          DisRoutePlace place = { lat_e6 / 1e6, lon_e6 / 1e6 };

          g_array_append_val (places, place);
          g_ptr_array_add (located, order);
        }
    }

  stops = g_ptr_array_new_with_free_func (g_object_unref);
  visits = dis_route_plan ((const DisRoutePlace *) places->data, places->len, &metres);

  /* visits[0] is the point itself. */
  for (guint i = 1; i < visits->len; i++)
    {
      guint index = g_array_index (visits, guint, i);

      g_ptr_array_add (stops, dis_delivery_stop_new (g_ptr_array_index (located, index - 1), i));
    }
  for (guint i = 0; i < orders->len; i++)
    {
      DisOrder *order = g_ptr_array_index (orders, i);
      gint64 lat_e6, lon_e6;

      if (!dis_order_get_location (order, &lat_e6, &lon_e6))
        g_ptr_array_add (stops, dis_delivery_stop_new (order, 0));
    }

  if (out_metres != NULL)
    *out_metres = located->len > 0 ? metres : 0;

  return stops;
}
