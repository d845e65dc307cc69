/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-map-place.h"

G_BEGIN_DECLS

/* A place suggested by the Map page's search: its name and what it is
 * (comune or hamlet); activating it lists the points nearest to it. */

#define DIS_TYPE_MAP_PLACE_ROW (dis_map_place_row_get_type ())
G_DECLARE_FINAL_TYPE (DisMapPlaceRow, dis_map_place_row, DIS, MAP_PLACE_ROW, GtkListBoxRow)

GtkWidget   *dis_map_place_row_new       (DisMapPlace    *place);
DisMapPlace *dis_map_place_row_get_place (DisMapPlaceRow *self);

G_END_DECLS
