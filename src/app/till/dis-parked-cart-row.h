/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_PARKED_CART_ROW (dis_parked_cart_row_get_type ())
G_DECLARE_FINAL_TYPE (DisParkedCartRow, dis_parked_cart_row, DIS, PARKED_CART_ROW, AdwActionRow)

/* A parked cart in the list of parked carts: its label (first product
 * and time), and how many lines for how much. Property "parked-cart"
 * (DisParkedCart). */
GtkWidget     *dis_parked_cart_row_new             (DisParkedCart    *parked);
DisParkedCart *dis_parked_cart_row_get_parked_cart (DisParkedCartRow *self);

G_END_DECLS
