/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A delivery round on the offline map: the region pack as the Map page
 * shows it (DisPackManager's pack, read by DisMbtilesSource off the UI
 * thread), the point, a numbered marker per stop and the round's path
 * from the point through the stops and back. Without a pack it says how
 * to get one. */

#define DIS_TYPE_DELIVERY_MAP (dis_delivery_map_get_type ())
G_DECLARE_FINAL_TYPE (DisDeliveryMap, dis_delivery_map, DIS, DELIVERY_MAP, GtkWidget)

GtkWidget *dis_delivery_map_new        (void);
/* Forgets the round shown. */
void       dis_delivery_map_clear      (DisDeliveryMap *self);
/* The point, where the round starts and ends (degrees). */
void       dis_delivery_map_set_point  (DisDeliveryMap *self,
                                        double          lat,
                                        double          lon);
/* The next stop of the round, labelled @label ("1", "2"…) and named
 * @name for assistive technologies. */
void       dis_delivery_map_add_stop   (DisDeliveryMap *self,
                                        double          lat,
                                        double          lon,
                                        const char     *label,
                                        const char     *name);
/* Centres and zooms the map on the point and the stops. */
void       dis_delivery_map_show_all   (DisDeliveryMap *self);

/* For tests: the pack is open (tiles can be drawn); the stops drawn. */
gboolean   _dis_delivery_map_has_pack  (DisDeliveryMap *self);
guint      _dis_delivery_map_n_stops   (DisDeliveryMap *self);

G_END_DECLS
