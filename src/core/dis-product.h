/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-tier.h"

G_BEGIN_DECLS

typedef enum
{
  DIS_PRODUCT_BASKET,   /* part of the network's common basket (paniere) */
  DIS_PRODUCT_OWN,      /* the point's own product */
} DisProductKind;

typedef enum
{
  DIS_UNIT_PIECE,
  DIS_UNIT_KG,          /* price per kg, quantity in grams */
  DIS_UNIT_L,           /* price per litre, quantity in ml */
} DisUnit;

const char *dis_unit_to_code    (DisUnit unit);      /* "piece", "kg", "l" */
gboolean    dis_unit_from_code  (const char *code,
                                 DisUnit    *out_unit);
/* Weighed or measured products ask for a quantity at the till. */
gboolean    dis_unit_is_measured(DisUnit unit);

#define DIS_TYPE_PRODUCT (dis_product_get_type ())
G_DECLARE_FINAL_TYPE (DisProduct, dis_product, DIS, PRODUCT, GObject)

/* An immutable snapshot of a catalog product with its effective tier prices. */
DisProduct     *dis_product_new                (gint64          id,
                                                const char     *name,
                                                DisProductKind  kind,
                                                DisUnit         unit,
                                                guint           vat_rate,
                                                const gint64    prices[DIS_N_TIERS]);
gint64          dis_product_get_id             (DisProduct *self);
const char     *dis_product_get_name           (DisProduct *self);
DisProductKind  dis_product_get_kind           (DisProduct *self);
DisUnit         dis_product_get_unit           (DisProduct *self);
guint           dis_product_get_vat_rate       (DisProduct *self);
gint64          dis_product_get_price          (DisProduct *self,
                                                DisTier     tier);
/* Optional fields, set by the store after dis_product_new(). */
const char     *dis_product_get_ean            (DisProduct *self);
void            dis_product_set_ean            (DisProduct *self,
                                                const char *ean);
void            dis_product_set_plu            (DisProduct *self,
                                                guint       plu);
gint64          dis_product_get_supplier_id    (DisProduct *self);
const char     *dis_product_get_supplier_name  (DisProduct *self);
void            dis_product_set_supplier       (DisProduct *self,
                                                gint64      supplier_id,
                                                const char *supplier_name);
const char     *dis_product_get_category       (DisProduct *self);
void            dis_product_set_category       (DisProduct *self,
                                                const char *category);
void            dis_product_set_stock          (DisProduct *self,
                                                gint64      stock_milli);

G_END_DECLS
