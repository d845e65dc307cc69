/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec.h"
#include "dis-hub-db.h"
#include "dis-hub-prices.h"

G_BEGIN_DECLS

/* dis-hub-events-sale.c: prices every line of @sale from the hub's
 * catalog at the sale's version (what the batch already priced from
 * @prices), recomputes every figure and stores the sale normalized, in
 * its fund period: the hub's figures in the figures' columns, the
 * point's beside them (point_*); each disagreement of the point's adds a
 * reason to @reasons and flags it for review. */
gboolean _dis_hub_events_store_sale (DisHubDb            *db,
                                     DisHubPriceCache    *prices,
                                     const char          *event_id,
                                     const DisCodecSale  *sale,
                                     GString             *reasons,
                                     GError             **error);

G_END_DECLS
