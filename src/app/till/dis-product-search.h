/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"
#include "dis-product-results.h"

G_BEGIN_DECLS

#define DIS_TYPE_PRODUCT_SEARCH (dis_product_search_get_type ())
G_DECLARE_FINAL_TYPE (DisProductSearch, dis_product_search, DIS, PRODUCT_SEARCH, GtkWidget)

/* The till's "Search or scan" entry. Digits are a barcode (EAN-8/13 or a
 * weight label) resolved on Enter; a name is searched as one types, the
 * products found listed under the entry (Up and Down choose, Enter or a
 * click takes one); a member card is recognised. An unknown code is
 * answered in a toast and left selected in the entry, so the next scan
 * replaces it. Escape closes the list, then clears the entry. Without the
 * list, Up and Down move through the cart's lines, and "*" after a number
 * (or alone) sets the quantity of the cart's line.
 *
 * Properties "store" (DisStore) and "results" (DisProductResults: where
 * the products found are listed, placed by the owner). Signals:
 *   "product-chosen" (DisProduct *product, gint64 quantity,
 *                     gboolean from_barcode, gint64 label_price): a
 *                     product to add; a quantity from a weight label has
 *                     from_barcode set, and a price label its price in
 *                     cents (0 for none), which the line is charged.
 *   "card-scanned" (const char *card): a member card, normalised.
 *   "order-scanned" (const char *code): an order's label, "ORD", its
 *                     number and its till ("ORD12-C1"), "ORD" upper case.
 *   "quantity-typed" (const char *text): "*" was pressed after @text, a
 *                     number ("3", "0,5") or "" (ask for it); the entry
 *                     is cleared.
 *   "move" (int delta): Up (-1) or Down (+1) with no list shown. */
void       dis_product_search_set_store    (DisProductSearch  *self,
                                            DisStore          *store);
void       dis_product_search_set_results  (DisProductSearch  *self,
                                            DisProductResults *results);
/* Gives the entry the keyboard focus; text put back there is selected
 * again, ready to be replaced. */
void       dis_product_search_focus        (DisProductSearch  *self);
/* Puts @text back in the entry, selected, so that the next scan or key
 * replaces it (a code or a quantity the till could not take). */
void       dis_product_search_put_back     (DisProductSearch  *self,
                                            const char        *text);
/* Closes the list and forgets a search on its way (a payment starts). */
void       dis_product_search_hide_results (DisProductSearch  *self);

G_END_DECLS
