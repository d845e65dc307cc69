/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-product.h"
#include "dis-tier.h"

G_BEGIN_DECLS

#define DIS_TYPE_CART_LINE (dis_cart_line_get_type ())
G_DECLARE_FINAL_TYPE (DisCartLine, dis_cart_line, DIS, CART_LINE, GObject)

/* Properties: "product" (construct-only), "quantity" (gint64 milli-units,
 * notify), "tier" (notify), "unit-price" (read-only, notify), "total"
 * (read-only, notify), "quantity-from-barcode" (construct-only boolean),
 * "label-price" (read-only gint64, notify). */
DisCartLine *dis_cart_line_new            (DisProduct  *product,
                                           gint64       qty_milli,
                                           gboolean     qty_from_barcode);
/* A scale label that printed its price (DisScan.label_price): the line
 * costs exactly @label_price at Equa and its equivalent at other tiers
 * (dis_label_total ()), @qty_milli being what the label bought. Setting
 * another quantity makes it an ordinary line priced by quantity. */
DisCartLine *dis_cart_line_new_label      (DisProduct  *product,
                                           gint64       qty_milli,
                                           gint64       label_price);
/* A new line like @self (product, quantity, barcode, label), not in any
 * cart: what a copy of a cart is made of. */
DisCartLine *dis_cart_line_copy           (DisCartLine *self);
gint64       dis_cart_line_get_label_price (DisCartLine *self); /* 0: none */
DisProduct  *dis_cart_line_get_product    (DisCartLine *self);
gint64       dis_cart_line_get_quantity   (DisCartLine *self);
void         dis_cart_line_set_quantity   (DisCartLine *self,
                                           gint64       qty_milli);
gboolean     dis_cart_line_get_quantity_from_barcode (DisCartLine *self);
DisTier      dis_cart_line_get_tier       (DisCartLine *self);
gint64       dis_cart_line_get_unit_price (DisCartLine *self);
gint64       dis_cart_line_get_total      (DisCartLine *self);
gint64       dis_cart_line_get_total_at   (DisCartLine *self,
                                           DisTier      tier);

#define DIS_TYPE_CART (dis_cart_get_type ())
G_DECLARE_FINAL_TYPE (DisCart, dis_cart, DIS, CART, GObject)

/* A GListModel of DisCartLine. Properties: "tier" (notify), "total"
 * (read-only, notify on any change), "n-items". Signal "changed" (no args)
 * after any change of lines, quantities or tier. Changing the tier
 * recomputes every line. */
DisCart     *dis_cart_new              (void);
DisTier      dis_cart_get_tier         (DisCart     *self);
void         dis_cart_set_tier         (DisCart     *self,
                                        DisTier      tier);
/* Adds a line, or for a piece product already in the cart (and not from a
 * weight barcode) increases that line's quantity. Returns the position of
 * the line affected. */
guint        dis_cart_add              (DisCart     *self,
                                        DisProduct  *product,
                                        gint64       qty_milli,
                                        gboolean     qty_from_barcode);
/* Adds a line for a price label (see dis_cart_line_new_label ()); returns
 * its position. */
guint        dis_cart_add_label        (DisCart     *self,
                                        DisProduct  *product,
                                        gint64       qty_milli,
                                        gint64       label_price);
/* Removes and returns the line (for Undo). */
DisCartLine *dis_cart_take             (DisCart     *self,
                                        guint        position);
void         dis_cart_insert           (DisCart     *self,
                                        guint        position,
                                        DisCartLine *line);
void         dis_cart_clear            (DisCart     *self);
gboolean     dis_cart_is_empty         (DisCart     *self);
gint64       dis_cart_get_total        (DisCart     *self);
/* What the same cart costs at each tier (for the tier buttons). */
gint64       dis_cart_get_total_at     (DisCart     *self,
                                        DisTier      tier);
/* Σ line total − Σ line Equa total at the current tier. */
gint64       dis_cart_get_tier_delta   (DisCart     *self);
/* The member order this cart hands over or takes payment for
 * (dis-store-orders.h); NULL: none. dis_cart_clear() clears it. */
void         dis_cart_set_order_id     (DisCart     *self,
                                        const char  *order_id);
const char  *dis_cart_get_order_id     (DisCart     *self);

G_END_DECLS
