/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_PRODUCT_RESULTS (dis_product_results_get_type ())
G_DECLARE_FINAL_TYPE (DisProductResults, dis_product_results, DIS, PRODUCT_RESULTS, GtkWidget)

/* The products the till's search found, as a card that slides down over
 * the cart: one DisProductSearchRow per product, priced at "tier"
 * (guint, a DisTier). DisProductSearch fills and drives it; the page
 * only places it. Signal "activate" (guint position): a row was
 * clicked. */
void     dis_product_results_set_model   (DisProductResults  *self,
                                          GtkSelectionModel  *model);
void     dis_product_results_reveal      (DisProductResults  *self,
                                          gboolean            reveal);
gboolean dis_product_results_is_revealed (DisProductResults  *self);
void     dis_product_results_scroll_to   (DisProductResults  *self,
                                          guint               position);

G_END_DECLS
