/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-fund-period.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* The solidarity fund as the point sees it (issue 10 §4): the periods
 * the hub closed, from the changes feed ("fund-periods-changed" when a
 * sync brings one), and the month so far from this point's own sales. */

/* Every stored period, oldest first: a GPtrArray of DisFundPeriod
 * (references), with the supplier names of the local catalog. */
GPtrArray     *dis_store_list_fund_periods         (DisStore             *self,
                                                    GError              **error);
void           dis_store_list_fund_periods_async   (DisStore             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray     *dis_store_list_fund_periods_finish  (DisStore             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* @period ("YYYY-MM"; NULL: the current one in the network's time zone)
 * from this point's sales, refunds included (their negative figures):
 * per tier the number of sales (refunds are not counted as sales),
 * gross, Equa value and tier delta, as a DisFundPeriod whose network
 * cells are these, not closed, from_ledger TRUE. */
DisFundPeriod *dis_store_fund_month_so_far         (DisStore             *self,
                                                    const char           *period,
                                                    GError              **error);
void           dis_store_fund_month_so_far_async   (DisStore             *self,
                                                    const char           *period,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DisFundPeriod *dis_store_fund_month_so_far_finish  (DisStore             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
