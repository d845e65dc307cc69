/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec.h"
#include "dis-hub-db.h"

G_BEGIN_DECLS

/* Stock across the network (issue 11, README-api.md "Stock"): the hub's
 * copy of every point's levels, moved by the point's stock.moved events
 * and by its sale and refund lines, each movement kept; transfers between
 * points; the points' restock orders; and what the feed tells the points
 * of them (stock_snapshot, transfer, restock_order changes). */

/* A level the hub keeps stays within ± this (milli-units): a movement
 * that would take it further is refused, so no sum ever overflows. */
#define DIS_HUB_STOCK_LEVEL_MAX G_GINT64_CONSTANT (1000000000000000)

/* Whether @type is one of the stock events this file applies. */
gboolean  dis_hub_stock_handles         (DisCodecEventType   type);

/* Applies a decoded stock.moved, transfer.sent, transfer.received or
 * restock.order event of @point, in the caller's savepoint. A refusal
 * (unknown product, supplier or point, a transfer that is not this
 * point's, …) is FALSE with *@out_code and *@out_message set and @error
 * unset; FALSE with @error is a database failure. */
gboolean  dis_hub_stock_apply_event     (DisHubDb           *db,
                                         const char         *point,
                                         const char         *device,
                                         DisCodecEvent      *event,
                                         const char        **out_code,
                                         char              **out_message,
                                         GError            **error);
/* The payload of a stock event as the codec writes it, to store. */
JsonNode *dis_hub_stock_event_payload   (DisCodecEvent      *event,
                                         GError            **error);

/* The sales and refunds of one push batch of a point, as they move its
 * levels: the statements prepared, the time taken and each product's
 * "known to the hub" looked up once for the whole batch, not once per
 * sale or line, and each level read once and written once (issue 12's
 * profile: the level's upsert, with its index on qty, was a fifth of
 * the writer's time). Until dis_hub_stock_sales_flush (), point_stock
 * does not hold what the batch's sales did to it. */
typedef struct _DisHubStockSales DisHubStockSales;

/* For the sales of @point in a batch received at @now (both copied). */
DisHubStockSales *dis_hub_stock_sales_new    (DisHubDb           *db,
                                              const char         *point,
                                              const char         *now,
                                              GError            **error);
/* The lines of a stored sale or refund of the batch's point move its
 * levels (a sale takes, a refund gives back), each as a movement of
 * @event_id. Lines of products the hub does not know, or that would take
 * a level past DIS_HUB_STOCK_LEVEL_MAX, leave the levels alone. */
gboolean  dis_hub_stock_sales_apply     (DisHubStockSales   *sales,
                                         const char         *event_id,
                                         const DisCodecSale *sale,
                                         GError            **error);
/* The batch declared products: what the hub knows is looked up again. */
void      dis_hub_stock_sales_forget    (DisHubStockSales   *sales);
/* Writes the levels the sales moved, and reads them again when next
 * needed: before anything else of the batch reads or moves a level. */
gboolean  dis_hub_stock_sales_flush     (DisHubStockSales   *sales,
                                         GError            **error);
/* Once the batch's sales are applied: flushes, and marks the point's
 * snapshot due when one of them moved a level. */
gboolean  dis_hub_stock_sales_finish    (DisHubStockSales   *sales,
                                         GError            **error);
void      dis_hub_stock_sales_free      (DisHubStockSales   *sales);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisHubStockSales, dis_hub_stock_sales_free)

/* At the end of a push batch of @point, in its transaction: when an event
 * of the batch moved the point's levels, one stock_snapshot change
 * replaces the point's previous one in the feed. */
gboolean  dis_hub_stock_publish         (DisHubDb           *db,
                                         const char         *point,
                                         GError            **error);

/* GET /api/v1/basket/completeness: every active point's share of the
 * basket in stock, its missing products and the age of its snapshot, at
 * @now, as JSON text (README-api.md). */
char     *dis_hub_stock_completeness    (DisHubDb           *db,
                                         GDateTime          *now,
                                         GError            **error);
/* GET /api/v1/availability?product=CODE: the active points with @product
 * in stock, most first, as JSON text. DIS_HUB_ERROR_NOT_FOUND for a
 * product that is neither in the basket nor any point's own. */
char     *dis_hub_stock_availability    (DisHubDb           *db,
                                         const char         *product,
                                         GDateTime          *now,
                                         GError            **error);

/* Restock orders as the points sent them (dis-hub-restock.c), newest
 * first, optionally of one supplier and in one state. */
JsonNode *dis_hub_restock_list          (DisHubDb           *db,
                                         const char         *supplier,
                                         const char         *state,
                                         GError            **error);
/* A supplier's open orders (sent, confirmed, partially received) with
 * what is still to deliver, written to @path as CSV or PDF by its
 * extension; returns a summary. */
JsonNode *dis_hub_restock_export        (DisHubDb           *db,
                                         const char         *supplier,
                                         const char         *path,
                                         GError            **error);
/* The hub confirms a sent order to its point: state confirmed, and a
 * restock_order change. Inside the caller's transaction. */
JsonNode *dis_hub_restock_confirm       (DisHubDb           *db,
                                         const char         *id,
                                         GError            **error);

/* `disotto-hub restock list|export|confirm …` */
int       dis_hub_restock_main          (int                 argc,
                                         char              **argv);

G_END_DECLS
