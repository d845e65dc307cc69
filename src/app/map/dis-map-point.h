/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-store.h"
#include "dis-store-network-stock.h"

G_BEGIN_DECLS

/* The kinds of network point, one marker layer and one shape each. */
typedef enum
{
  DIS_POINT_KIND_SHOP,
  DIS_POINT_KIND_GAS,
  DIS_POINT_KIND_PRODUCER,
  DIS_POINT_KIND_COLLECTION,
  DIS_N_POINT_KINDS
} DisPointKind;

DisPointKind dis_point_kind_from_string (const char   *kind);
const char  *dis_point_kind_to_label    (DisPointKind  kind);   /* translated */

/* One network point as a list item of the Map page: the stored record,
 * whether it is our own point, and its distance from the chosen place. */
#define DIS_TYPE_MAP_POINT (dis_map_point_get_type ())
G_DECLARE_FINAL_TYPE (DisMapPoint, dis_map_point, DIS, MAP_POINT, GObject)

DisMapPoint          *dis_map_point_new              (const DisPointRecord *record,
                                                      gboolean              own);
const DisPointRecord *dis_map_point_get_record       (DisMapPoint          *self);
const char           *dis_map_point_get_code         (DisMapPoint          *self);
const char           *dis_map_point_get_name         (DisMapPoint          *self);
const char           *dis_map_point_get_comune       (DisMapPoint          *self);
DisPointKind          dis_map_point_get_kind         (DisMapPoint          *self);
gboolean              dis_map_point_get_own          (DisMapPoint          *self);
gboolean              dis_map_point_has_location     (DisMapPoint          *self);
double                dis_map_point_get_latitude     (DisMapPoint          *self);
double                dis_map_point_get_longitude    (DisMapPoint          *self);
/* "<name>, <kind>, <comune>": the marker's and the row's accessible name. */
const char           *dis_map_point_get_accessible_label (DisMapPoint      *self);
/* Normalized "name comune" for matching the search text. */
const char           *dis_map_point_get_search_key   (DisMapPoint          *self);

/* Metres from the chosen place, or a negative value when none is chosen. */
double                dis_map_point_get_distance     (DisMapPoint          *self);
void                  dis_map_point_set_distance     (DisMapPoint          *self,
                                                      double                metres);
/* "1,2 km", or NULL when no place is chosen. */
const char           *dis_map_point_get_distance_label (DisMapPoint        *self);

/* The basket completeness of the point, from its last stock snapshot (our
 * own: live), or NULL when it is not known (or the catalog has no basket).
 * "notify::completeness". */
const DisBasketCompleteness *dis_map_point_get_completeness (DisMapPoint                 *self);
void                  dis_map_point_set_completeness (DisMapPoint                 *self,
                                                      const DisBasketCompleteness *completeness);
/* "7/9", or NULL when not known. */
const char           *dis_map_point_get_completeness_label (DisMapPoint          *self);
/* Whether every basket product is on the shelf (FALSE when not known). */
gboolean              dis_map_point_get_basket_complete (DisMapPoint         *self);

G_END_DECLS
