/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec-orders.h"
#include "dis-hub-db.h"

G_BEGIN_DECLS

/* Whether @order's address lies in the zone of its delivery slot: the
 * slot's comuni (@comuni_json, a JSON array of names; NULL: none) and
 * radius (@radius_m; 0: none) from the point's position in its data.
 * FALSE on a database error; else *@out_why is NULL inside the zone, or
 * why not (English, for the hub's log and the point's detail). */
gboolean _dis_hub_orders_check_zone (DisHubDb                   *db,
                                     const DisCodecOrderPlaced  *order,
                                     const char                 *comuni_json,
                                     gint64                      radius_m,
                                     char                      **out_why,
                                     GError                    **error);

/* The rules of an order's label (ORD<number>-<till>, dis-hub-orders-label.c)
 * for @order, pushed by @point; @held: the hub has the order, labelled
 * @held_till (NULL: none) and @held_number. FALSE on a database error, or
 * with *@out_code and *@out_message set for an event to reject. */
gboolean _dis_hub_orders_check_label (DisHubDb                   *db,
                                      const char                 *point,
                                      const DisCodecOrderPlaced  *order,
                                      gboolean                    held,
                                      const char                 *held_till,
                                      gint64                      held_number,
                                      const char                **out_code,
                                      char                      **out_message,
                                      GError                    **error);

G_END_DECLS
