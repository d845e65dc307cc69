/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-operator.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* The delivery round of a slot: its orders' addresses on the offline
 * map, in the order of the stops computed offline (from the point and
 * back), a printable route sheet, and the round's states: "Start the
 * Round" moves the ready orders out for delivery, each stop is marked
 * delivered as it is done. The payment is taken at the till afterwards
 * (scanning the order's label). */

#define DIS_TYPE_DELIVERY_ROUND_DIALOG (dis_delivery_round_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisDeliveryRoundDialog, dis_delivery_round_dialog, DIS, DELIVERY_ROUND_DIALOG, AdwWindow)

/* Starts on the slot @slot_code (NULL: the first of the schedule);
 * @acting marks the orders. */
GtkWidget *dis_delivery_round_dialog_new (GtkWindow   *parent,
                                          DisStore    *store,
                                          DisOperator *acting,
                                          const char  *slot_code);

/* For tests: the round is read; its stops (DisDeliveryStop, in the
 * order of the round); its length in metres. */
gboolean    _dis_delivery_round_dialog_is_loaded  (DisDeliveryRoundDialog  *self);
GListModel *_dis_delivery_round_dialog_get_stops  (DisDeliveryRoundDialog  *self);
double      _dis_delivery_round_dialog_get_metres (DisDeliveryRoundDialog  *self);
/* Writes the route sheet as "Save as PDF…" would. */
gboolean    _dis_delivery_round_dialog_write_pdf  (DisDeliveryRoundDialog  *self,
                                                   const char              *path,
                                                   GError                 **error);

G_END_DECLS
