/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-map-point.h"

G_BEGIN_DECLS

/* The details of a network point, pointing at its marker or its list
 * row: kind, name, address, comune, hours, phone, e-mail, how far it is
 * from our own point, and its services. It stays open until closed
 * (its button, Esc, a click on the map) and then leaves its parent. */

#define DIS_TYPE_MAP_DETAILS_POPOVER (dis_map_details_popover_get_type ())
G_DECLARE_FINAL_TYPE (DisMapDetailsPopover, dis_map_details_popover, DIS, MAP_DETAILS_POPOVER, GtkPopover)

/* @distance: "12 km from here", "This is your point", or NULL. */
GtkWidget   *dis_map_details_popover_new       (DisMapPoint          *point,
                                                const char           *distance);
DisMapPoint *dis_map_details_popover_get_point (DisMapDetailsPopover *self);
/* Parents the popover to @anchor and opens it. */
void         dis_map_details_popover_present   (DisMapDetailsPopover *self,
                                                GtkWidget            *anchor);
/* Closes it and leaves the parent at once (the parent is going away). */
void         dis_map_details_popover_dismiss   (DisMapDetailsPopover *self);

G_END_DECLS
