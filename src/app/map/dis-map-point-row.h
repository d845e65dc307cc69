/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-map-point.h"

G_BEGIN_DECLS

/* A row of the Map page's list of points: the kind's shape, the name,
 * the comune and kind, and the distance from the chosen place. Its
 * accessible name says all of that in one sentence. */

#define DIS_TYPE_MAP_POINT_ROW (dis_map_point_row_get_type ())
G_DECLARE_FINAL_TYPE (DisMapPointRow, dis_map_point_row, DIS, MAP_POINT_ROW, GtkWidget)

DisMapPoint *dis_map_point_row_get_point (DisMapPointRow *self);
void         dis_map_point_row_set_point (DisMapPointRow *self,
                                          DisMapPoint    *point);

G_END_DECLS
