/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec.h"
#include "dis-hub-db.h"

G_BEGIN_DECLS

/* Member orders at the hub (issue 13, README-api.md "Orders"): the order
 * cycles and what each offers, the points' pickup windows and delivery
 * slots, and the orders points send, each confirmed or refused at once in
 * the push's transaction: an accepted order holds its quantities of the
 * cycle's availability and its place in a slot, so neither is ever
 * exceeded, whatever number of points (or hubs on one PostgreSQL) push at
 * once. */

/* Whether @type is one of the order events this file applies. */
gboolean  dis_hub_orders_handles        (DisCodecEventType   type);
/* The point and device an order event's payload names. */
void      dis_hub_orders_event_origin   (const DisCodecEvent *event,
                                         const char         **out_point,
                                         const char         **out_device);

/* Applies a decoded order.placed, order.cancelled or order.state of
 * @point, in the caller's savepoint. Whatever the hub decides about the
 * order (accepted, or refused for a reason) is published as an "order"
 * change and the event is accepted; FALSE with *@out_code and
 * *@out_message set (@error unset) refuses the event itself: another
 * point's order, an order.state of an unknown order or a step its state
 * does not allow. FALSE with @error is a database failure. */
gboolean  dis_hub_orders_apply_event    (DisHubDb           *db,
                                         const char         *point,
                                         const char         *device,
                                         DisCodecEvent      *event,
                                         const char        **out_code,
                                         char              **out_message,
                                         GError            **error);
/* The payload of an order event as the codec writes it, to store. */
JsonNode *dis_hub_orders_event_payload  (DisCodecEvent      *event,
                                         GError            **error);

/* ---- Publishing (dis-hub-orders-feed.c) ---------------------------------- */

/* The "order" change of order @id as the hub holds it (its revision,
 * accepted revision and accepted lines with their allotted quantities),
 * in @state, or the order's own state when @state is
 * DIS_HUB_ORDER_OWN_STATE, with the reason @reason_code and
 * @reason_message (both NULL: none). */
#define DIS_HUB_ORDER_OWN_STATE DIS_CODEC_N_ORDER_STATES

gboolean  dis_hub_orders_publish        (DisHubDb           *db,
                                         const char         *id,
                                         DisCodecOrderState  state,
                                         const char         *reason_code,
                                         const char         *reason_message,
                                         GError            **error);
/* The "order_cycle" change of cycle @id. */
gboolean  dis_hub_orders_publish_cycle  (DisHubDb           *db,
                                         gint64              id,
                                         GError            **error);
/* The "cycle_product" change of @product in cycle @cycle: what remains. */
gboolean  dis_hub_orders_publish_product (DisHubDb          *db,
                                          gint64             cycle,
                                          const char        *product,
                                          GError           **error);
/* The "point_schedule" change of @point: its windows and slots now. */
gboolean  dis_hub_orders_publish_schedule (DisHubDb         *db,
                                           const char       *point,
                                           GError          **error);

/* ---- Administration (dis-hub-orders-admin.c) ------------------------------ */

/* Replaces @point's pickup windows and delivery slots with @schedule's
 * (point ignored), keeping what accepted orders booked of a slot that
 * stays, and publishes the schedule. A window or slot that accepted
 * orders name cannot go, nor a slot's capacity below its bookings, nor
 * slots at a point without home delivery (DIS_HUB_ERROR_INVALID). In the
 * caller's transaction. */
gboolean  dis_hub_orders_set_schedule   (DisHubDb                    *db,
                                         const char                  *point,
                                         const DisCodecPointSchedule *schedule,
                                         GError                     **error);
/* Opens a cycle @name from @opens to @closes (ISO 8601 with a zone)
 * offering @offers (DisCodecCycleProduct: product and available; each a
 * product of the catalog, once); publishes it and its products. The new
 * id in *@out_id. In the caller's transaction. */
gboolean  dis_hub_orders_open_cycle     (DisHubDb                    *db,
                                         const char                  *name,
                                         const char                  *opens,
                                         const char                  *closes,
                                         const GArray                *offers,
                                         gint64                      *out_id,
                                         GError                     **error);

/* `disotto-hub cycle …` (dis-hub-cycle-cli.c) and `disotto-hub point
 * schedule …`: the exit status. */
int       dis_hub_cycle_main            (int                          argc,
                                         char                       **argv);
int       dis_hub_point_schedule_main   (int                          argc,
                                         char                       **argv);

G_END_DECLS
