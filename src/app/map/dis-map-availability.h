/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-store-network-stock.h"

G_BEGIN_DECLS

/* One answer of "where can I find…" as a list item of the Map page: the
 * point, and a line saying how much it has, how far and how old that is. */
#define DIS_TYPE_MAP_AVAILABILITY (dis_map_availability_get_type ())
G_DECLARE_FINAL_TYPE (DisMapAvailability, dis_map_availability, DIS, MAP_AVAILABILITY, GObject)

/* @unit: the product's unit code ("piece", "kg", "l"). */
DisMapAvailability *dis_map_availability_new          (const DisStockAvailability *availability,
                                                       const char                 *unit,
                                                       GDateTime                  *now);
const char         *dis_map_availability_get_code     (DisMapAvailability *self);
const char         *dis_map_availability_get_title    (DisMapAvailability *self);
/* "12 pieces · 2.1 km · 3 hours ago" */
const char         *dis_map_availability_get_subtitle (DisMapAvailability *self);

G_END_DECLS
