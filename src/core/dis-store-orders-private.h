/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-store-orders.h"
#include "dis-store-private.h"

G_BEGIN_DECLS

/* What the files of dis-store-orders*.c share, and what the sale's commit
 * and the changes feed call. */

/* Times as the orders' tables keep them: UTC, "YYYY-MM-DDTHH:MM:SSZ",
 * so that SQL compares them as text. normalize: NULL when @iso is not
 * an ISO 8601 time. */
char      *_dis_store_orders_format_time   (GDateTime    *time);
char      *_dis_store_orders_normalize_time(const char   *iso);
char      *_dis_store_orders_now           (void);

/* The cycles (@only_id's, 0: all) taking orders now, or every one with
 * @include_closed, each with its products. GPtrArray of DisCycle. */
GPtrArray *_dis_store_orders_read_cycles   (DisDb        *db,
                                            gint64        only_id,
                                            gboolean      include_closed,
                                            GError      **error);
/* Whether this point delivers (its row in points). */
gboolean   _dis_store_orders_home_delivery (DisDb        *db,
                                            gboolean     *out_home_delivery,
                                            GError      **error);
DisOrderSchedule *_dis_store_orders_read_schedule (DisDb  *db,
                                                   GError **error);

/* The order @order_id with its lines, on whichever connection the caller
 * holds; DIS_ERROR_NOT_FOUND when there is none. */
DisOrder  *_dis_store_orders_read          (DisDb        *db,
                                            const char   *order_id,
                                            GError      **error);

/* Inside a sale's commit, after its own event: the ready order
 * @sale->order_id becomes handed_over, or the delivered one is paid by
 * the sale @sale_id, with its "order.state" event. DIS_ERROR_INVALID
 * when the order is in another state, paid already, or another member's;
 * DIS_ERROR_NOT_FOUND when unknown. *@out_label: the order's label, for
 * the receipt. */
gboolean   _dis_store_orders_hand_over     (DisDb        *db,
                                            DisIdentity  *identity,
                                            DisSale      *sale,
                                            const char   *sale_id,
                                            const char   *at,
                                            char        **out_label,
                                            GError      **error);

/* The changes of the hub's feed, inside the page's transaction. A
 * schedule or an order of another point is skipped. */
gboolean   _dis_store_orders_apply_cycle   (DisDb                       *db,
                                            const DisCodecOrderCycle    *cycle,
                                            GError                     **error);
gboolean   _dis_store_orders_apply_product (DisDb                       *db,
                                            const DisCodecCycleProduct  *product,
                                            GError                     **error);
gboolean   _dis_store_orders_apply_schedule(DisDb                       *db,
                                            const DisCodecPointSchedule *schedule,
                                            GError                     **error);
gboolean   _dis_store_orders_apply_verdict (DisDb                       *db,
                                            const DisCodecOrder         *order,
                                            GError                     **error);

/* Emits "orders-changed" on the store creator's main context. */
void       _dis_store_notify_orders_changed (DisStore *self);

G_END_DECLS
