/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* Running the order cycles at the hub (issue 13), once dis-hub-orders.h
 * opened them: listing them, closing them (by hand, or at their closing
 * time while the hub serves), what each supplier must deliver, and the
 * shortfall of a short delivery shared among the orders. */

/* Every cycle, newest first, with its products (available, reserved)
 * and how many orders it holds in each state. */
JsonNode *dis_hub_cycles_list        (DisHubDb     *db,
                                      GError      **error);
/* Closes open cycle @id and publishes it, in the caller's transaction;
 * DIS_HUB_ERROR_NOT_FOUND, or DIS_HUB_ERROR_EXISTS when it is closed
 * already. */
JsonNode *dis_hub_cycles_close       (DisHubDb     *db,
                                      gint64        id,
                                      GError      **error);
/* Closes, each in a transaction of its own, every open cycle whose
 * closing time has come; how many it closed in *@out_n_closed. Safe with
 * another hub doing the same on the same database: a cycle is closed and
 * published once. */
gboolean  dis_hub_cycles_close_due   (DisHubDb     *db,
                                      guint        *out_n_closed,
                                      GError      **error);

/* `serve` closes due cycles on a timer, aimed at the next closing time
 * and at most a minute apart (a cycle opened meanwhile by `cycle open`).
 * @db must outlive the watch; it is used on the thread of the main
 * context. */
typedef struct _DisHubCycleWatch DisHubCycleWatch;

DisHubCycleWatch *dis_hub_cycles_watch      (DisHubDb         *db);
void              dis_hub_cycles_watch_free (DisHubCycleWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisHubCycleWatch, dis_hub_cycles_watch_free)

/* Writes, for each supplier of cycle @id's products, @dir/cycle-ID-SUPPLIER.csv
 * and .pdf: what the cycle's accepted orders ordered of each product,
 * in total and per point. @dir is made when missing. A summary of the
 * files written. */
JsonNode *dis_hub_cycles_supplier_orders (DisHubDb     *db,
                                          gint64        id,
                                          const char   *dir,
                                          GError      **error);

/* What @supplier delivered of closed cycle @id's products, as the CSV
 * @data says (columns "product" and "delivered" in units, "3" or "2,5",
 * or "delivered_milli" in milli-units): each product delivered short is
 * shared among the cycle's accepted orders with dis_shortage_allot()
 * (Accessibile-tier members first when the setting
 * orders_accessibile_first is 1), every line's allotted quantity stored,
 * and an "order" change with the reason "shortage" published for every
 * order whose allotment changed. In the caller's transaction. */
JsonNode *dis_hub_cycles_delivered   (DisHubDb     *db,
                                      gint64        id,
                                      const char   *supplier,
                                      GBytes       *data,
                                      GError      **error);

/* `disotto-hub cycle list|close|supplier-orders|delivered …` (@argv[0]
 * "cycle", @argv[1] the subcommand): the exit status. */
int       dis_hub_cycles_main        (int           argc,
                                      char        **argv);

G_END_DECLS
