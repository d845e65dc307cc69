/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-gazetteer.h"

G_BEGIN_DECLS

/* A place of the gazetteer offered by the Map page's search, as a list
 * item: choosing it lists the points nearest to it. */

#define DIS_TYPE_MAP_PLACE (dis_map_place_get_type ())
G_DECLARE_FINAL_TYPE (DisMapPlace, dis_map_place, DIS, MAP_PLACE, GObject)

DisMapPlace    *dis_map_place_new        (const DisPlace *place);
const DisPlace *dis_map_place_get_place  (DisMapPlace    *self);
const char     *dis_map_place_get_name   (DisMapPlace    *self);
/* "Comune", or "Hamlet of <comune>" (translated). */
const char     *dis_map_place_get_detail (DisMapPlace    *self);

G_END_DECLS
