/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-member.h"
#include "dis-store-orders.h"

G_BEGIN_DECLS

/* What the till needs to load a member order into its cart, read in one
 * go on the read worker: the order a scan names (dis_store_orders_lookup()),
 * its member and the catalog's product of each line. Or, for the label
 * of an order another till took, only that till: the order is in its
 * database, not in this one, and is collected there. */
typedef struct
{
  DisOrder  *order;      /* NULL: the label is @other_till's */
  DisMember *member;     /* NULL: the card is not in this point's cache */
  GPtrArray *products;   /* DisProduct, one per line in line order; NULL
                          * where the product left the catalog */
  char      *other_till; /* without an order: the till on the label (its
                          * device code), neither this till's now nor one
                          * it numbered orders under before */
} DisOrderForTill;

void             dis_order_for_till_free              (DisOrderForTill  *loaded);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisOrderForTill, dis_order_for_till_free)

/* The order @code names (an order label's barcode, or a member card: see
 * dis_store_orders_lookup()) with its member and products; one with
 * only other_till set when @code is the label of another till's order;
 * NULL without an error when it names none. */
DisOrderForTill *dis_store_orders_load_for_till        (DisStore             *self,
                                                        const char           *code,
                                                        GError              **error);
void             dis_store_orders_load_for_till_async  (DisStore             *self,
                                                        const char           *code,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
DisOrderForTill *dis_store_orders_load_for_till_finish (DisStore             *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
