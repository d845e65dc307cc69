/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DIS_TYPE_PARKED_CART (dis_parked_cart_get_type ())
G_DECLARE_FINAL_TYPE (DisParkedCart, dis_parked_cart, DIS, PARKED_CART, GObject)

/* A cart put aside at the till, as the list of parked carts shows it; an
 * item of a GListModel. Immutable: the fields are read-only, and so are
 * the properties "id" (gint64), "label" (string), "parked-at"
 * (GDateTime, local time), "n-lines" (gint64) and "total" (gint64,
 * cents). Built on the store's read worker, used on the main thread. */
struct _DisParkedCart
{
  GObject    parent_instance;

  gint64     id;
  char      *label;
  GDateTime *parked_at;
  gint64     n_lines;
  gint64     total;
};

DisParkedCart *dis_parked_cart_new (gint64      id,
                                    const char *label,
                                    GDateTime  *parked_at,
                                    gint64      n_lines,
                                    gint64      total);

G_END_DECLS
