/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-store.h"

G_BEGIN_DECLS

/* The network's stock as this point knows it (issue 11): the last
 * "stock_snapshot" change the hub sent for every other point, and this
 * point's own live levels. Read offline, on the read worker.
 *
 * Basket completeness of a point = the basket products of this point's
 * catalog with a level above zero there / the basket products of the
 * catalog. */

typedef struct
{
  char       *point_code;
  gboolean    own;          /* this point: its own levels, live */
  guint       n_basket;     /* basket products in the catalog */
  guint       n_stocked;    /* of them, those with a level above zero */
  GDateTime  *taken_at;     /* when the hub took the snapshot; NULL for our own point */
  GPtrArray  *missing;      /* char *: names of the basket products at zero, by name */
} DisBasketCompleteness;

DisBasketCompleteness *dis_basket_completeness_copy (const DisBasketCompleteness *completeness);
void                   dis_basket_completeness_free (DisBasketCompleteness       *completeness);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisBasketCompleteness, dis_basket_completeness_free)

/* One point that has a product. */
typedef struct
{
  char       *point_code;
  char       *point_name;   /* the code when the point is not in the list of points */
  gboolean    own;
  gint64      qty;          /* milli-units, > 0 */
  GDateTime  *taken_at;     /* NULL for our own point (live) */
  double      metres;       /* from this point; -1 when either has no location */
} DisStockAvailability;

void dis_stock_availability_free (DisStockAvailability *availability);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisStockAvailability, dis_stock_availability_free)

/* The completeness of every point with a snapshot, and of this point
 * (when it has an identity), in no particular order: a GPtrArray of
 * DisBasketCompleteness (free function set). A point without a snapshot
 * is left out: its completeness is not known. Blocking, on the reader. */
GPtrArray *dis_store_basket_completeness         (DisStore             *self,
                                                  GError              **error);
void       dis_store_basket_completeness_async   (DisStore             *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray *dis_store_basket_completeness_finish  (DisStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* "Where can I find…": the points with the product @product_id (of this
 * point's catalog, matched by its code in the snapshots) above zero (this
 * point from its own levels, the others from their snapshots), nearest to
 * this point first, then those without a distance by name: a GPtrArray
 * of DisStockAvailability (free function set), empty when none has it. */
GPtrArray *dis_store_find_in_network             (DisStore             *self,
                                                  gint64                product_id,
                                                  GError              **error);
void       dis_store_find_in_network_async       (DisStore             *self,
                                                  gint64                product_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray *dis_store_find_in_network_finish      (DisStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
