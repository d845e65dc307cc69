/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-sheet.h"

G_BEGIN_DECLS

/* The route sheet of a delivery round, for the driver: the stops in
 * order, each with its member, address, what to collect and room for a
 * signature. */
typedef struct
{
  const char *slot;     /* the slot, as dis_order_print_place_label() says it */
  GListModel *stops;    /* DisDeliveryStop, in the order of the round */
  double      metres;   /* the round's length, point and back */
} DisDeliveryRound;

/* A DisOrderSheetFill; @data is a DisDeliveryRound. */
void dis_delivery_sheet_fill (DisSheet *sheet,
                              gpointer  data);

G_END_DECLS
