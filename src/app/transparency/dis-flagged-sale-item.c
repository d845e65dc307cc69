/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-flagged-sale-item"

#include "config.h"

#include "dis-flagged-sale-item.h"

struct _DisFlaggedSaleItem
{
  GObject         parent_instance;

  DisFlaggedSale *sale;
};

G_DEFINE_FINAL_TYPE (DisFlaggedSaleItem, dis_flagged_sale_item, G_TYPE_OBJECT)

/* Takes @sale. */
DisFlaggedSaleItem *
dis_flagged_sale_item_new (DisFlaggedSale *sale)
{
  DisFlaggedSaleItem *self;

  g_return_val_if_fail (sale != NULL, NULL);

  self = g_object_new (DIS_TYPE_FLAGGED_SALE_ITEM, NULL);
  self->sale = sale;
  return self;
}

const DisFlaggedSale *
dis_flagged_sale_item_get_sale (DisFlaggedSaleItem *self)
{
  g_return_val_if_fail (DIS_IS_FLAGGED_SALE_ITEM (self), NULL);

  return self->sale;
}

static void
dis_flagged_sale_item_finalize (GObject *object)
{
  DisFlaggedSaleItem *self = DIS_FLAGGED_SALE_ITEM (object);

  g_clear_pointer (&self->sale, dis_flagged_sale_free);
  G_OBJECT_CLASS (dis_flagged_sale_item_parent_class)->finalize (object);
}

static void
dis_flagged_sale_item_class_init (DisFlaggedSaleItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_flagged_sale_item_finalize;
}

static void
dis_flagged_sale_item_init (DisFlaggedSaleItem *self)
{
}
