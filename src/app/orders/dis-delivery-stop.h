/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-order.h"

G_BEGIN_DECLS

/* A stop of a delivery round: an order and its place in the round
 * (1 …), or 0 when its address has no known position, so that it is
 * left out of the round and delivered by whoever knows the way. */

#define DIS_TYPE_DELIVERY_STOP (dis_delivery_stop_get_type ())
G_DECLARE_FINAL_TYPE (DisDeliveryStop, dis_delivery_stop, DIS, DELIVERY_STOP, GObject)

DisDeliveryStop *dis_delivery_stop_new          (DisOrder        *order,
                                                 guint            position);
DisOrder        *dis_delivery_stop_get_order    (DisDeliveryStop *self);
guint            dis_delivery_stop_get_position (DisDeliveryStop *self);

/* The round of @orders (DisOrder) from the point at @lat, @lon and back
 * (dis_route_plan(): nearest neighbour improved by 2-opt): a GPtrArray
 * of DisDeliveryStop in visiting order, then the orders without a
 * position (position 0) by number. *@out_metres: the round's length. */
GPtrArray       *dis_delivery_plan              (double           lat,
                                                 double           lon,
                                                 GPtrArray       *orders,
                                                 double          *out_metres);

G_END_DECLS
