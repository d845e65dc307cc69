/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-order.h"
#include "dis-sheet.h"

G_BEGIN_DECLS

/* The documents of preparation: the picking list of a pickup window or
 * delivery slot (what to take from the shelves, then order by order)
 * and the orders' labels (member, number, a Code 128 of the order's
 * barcode) on A4 label sheets. Fill functions for dis-order-print.h. */

typedef struct
{
  char      *place;    /* what the orders share: "Pickup W1 · Sat 12 Dec, 09:00–12:00" */
  GPtrArray *orders;   /* DisOrder, by number */
  guint      skip;     /* labels already used on the first sheet */
} DisOrderBatch;

/* Takes a reference to @orders. */
DisOrderBatch *dis_order_batch_new  (const char    *place,
                                     GPtrArray     *orders);
void           dis_order_batch_free (DisOrderBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisOrderBatch, dis_order_batch_free)

/* "Pickup W1 · Sat 12 Dec, 09:00–12:00", "Delivery D1 · …" (the times
 * as dis_orders_format_span() says them); the code alone when the
 * times are NULL. */
char *dis_order_print_place_label    (DisFulfilment  fulfilment,
                                      const char    *code,
                                      GDateTime     *starts,
                                      GDateTime     *ends);
/* The same for the window or slot of @order. */
char *dis_order_print_describe_place (DisOrder      *order);

/* "Via Roma 3, Torino": a delivery's address; "" for a pickup. */
char *dis_order_print_describe_address (DisOrder *order);

/* DisOrderSheetFill functions; @data is a DisOrderBatch. */
void  dis_order_print_fill_picking   (DisSheet *sheet,
                                      gpointer  data);
void  dis_order_print_fill_labels    (DisSheet *sheet,
                                      gpointer  data);

G_END_DECLS
