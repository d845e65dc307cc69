/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-sync-coordinator.h"

G_BEGIN_DECLS

#define DIS_TYPE_FLAGGED_SALE_ITEM (dis_flagged_sale_item_get_type ())
G_DECLARE_FINAL_TYPE (DisFlaggedSaleItem, dis_flagged_sale_item, DIS, FLAGGED_SALE_ITEM, GObject)

/* One sale the hub flagged, as an item of the review list's model: it
 * owns the DisFlaggedSale the coordinator read from the hub. */
DisFlaggedSaleItem   *dis_flagged_sale_item_new      (DisFlaggedSale     *sale);
const DisFlaggedSale *dis_flagged_sale_item_get_sale (DisFlaggedSaleItem *self);

G_END_DECLS
