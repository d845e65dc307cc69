/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-code.h"
#include "dis-stock.h"
#include "dis-stock-search.h"

/* ---- Movement kinds ---------------------------------------------------------- */

static const struct {
  const char *code;
  const char *name;
} kinds[] = {
  [DIS_STOCK_KIND_RECEIVE]  = { "receive",  N_("Received") },
  [DIS_STOCK_KIND_SALE]     = { "sale",     N_("Sale") },
  [DIS_STOCK_KIND_REFUND]   = { "refund",   N_("Refund") },
  [DIS_STOCK_KIND_ADJUST]   = { "adjust",   N_("Count adjustment") },
  [DIS_STOCK_KIND_WASTE]    = { "waste",    N_("Waste") },
  [DIS_STOCK_KIND_TRANSFER] = { "transfer", N_("Transfer") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == DIS_STOCK_N_KINDS);

const char *
dis_stock_kind_to_code (DisStockKind kind)
{
  g_return_val_if_fail ((guint) kind < DIS_STOCK_N_KINDS, NULL);
  return kinds[kind].code;
}

gboolean
dis_stock_kind_from_code (const char   *code,
                          DisStockKind *out_kind)
{
  int i = DIS_CODE_INDEX (kinds, code);

  if (i >= 0 && out_kind != NULL)
    *out_kind = (DisStockKind) i;
  return i >= 0;
}

const char *
dis_stock_kind_get_name (DisStockKind kind)
{
  g_return_val_if_fail ((guint) kind < DIS_STOCK_N_KINDS, NULL);
  return _(kinds[kind].name);
}

/* ---- Levels ---------------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (DisStockLevel, dis_stock_level, G_TYPE_OBJECT)

static void
dis_stock_level_finalize (GObject *object)
{
  DisStockLevel *self = DIS_STOCK_LEVEL (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->category);
  g_free (self->supplier_name);
  g_free (self->search_text);
  G_OBJECT_CLASS (dis_stock_level_parent_class)->finalize (object);
}

static void
dis_stock_level_class_init (DisStockLevelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_stock_level_finalize;
}

static void
dis_stock_level_init (DisStockLevel *self)
{
  self->min_qty = -1;
  self->target_qty = -1;
  self->days_of_cover = -1;
}

DisStockLevel *
dis_stock_level_new (void)
{
  return g_object_new (DIS_TYPE_STOCK_LEVEL, NULL);
}

const char *
dis_stock_level_get_search_text (DisStockLevel *self)
{
  g_return_val_if_fail (DIS_IS_STOCK_LEVEL (self), NULL);

  if (self->search_text == NULL)
    {
      g_autofree char *text = g_strjoin (" ", self->name != NULL ? self->name : "",
                                         self->code != NULL ? self->code : "",
                                         self->supplier_name != NULL ? self->supplier_name : "",
                                         self->category != NULL ? self->category : "",
                                         NULL);

      self->search_text = dis_stock_search_fold (text);
    }
  return self->search_text;
}

void
dis_stock_level_set_flags (DisStockLevel *self,
                           guint32        today_julian)
{
  guint32 flags = 0;

  g_return_if_fail (DIS_IS_STOCK_LEVEL (self));

  if (self->qty < 0)
    flags |= DIS_STOCK_FLAG_NEGATIVE;
  if (self->qty <= 0)
    flags |= DIS_STOCK_FLAG_OUT;
  if (self->min_qty >= 0 && self->qty < self->min_qty)
    flags |= DIS_STOCK_FLAG_BELOW_MIN;
  if (self->kind == DIS_PRODUCT_BASKET && self->qty <= 0)
    flags |= DIS_STOCK_FLAG_MISSING_BASKET;
  /* Only what is on the shelf can expire there. */
  if (self->qty > 0 && self->expires_julian != 0 && self->expires_julian <= today_julian + DIS_STOCK_EXPIRING_DAYS)
    flags |= DIS_STOCK_FLAG_EXPIRING;
  self->flags = flags;
}

/* ---- Movements ------------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (DisStockMovement, dis_stock_movement, G_TYPE_OBJECT)

static void
dis_stock_movement_finalize (GObject *object)
{
  DisStockMovement *self = DIS_STOCK_MOVEMENT (object);

  g_free (self->at);
  g_free (self->operator_name);
  g_free (self->document);
  g_free (self->lot);
  g_free (self->reason);
  G_OBJECT_CLASS (dis_stock_movement_parent_class)->finalize (object);
}

static void
dis_stock_movement_class_init (DisStockMovementClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_stock_movement_finalize;
}

static void
dis_stock_movement_init (DisStockMovement *self)
{
  self->unit_cost = -1;
}

DisStockMovement *
dis_stock_movement_new (void)
{
  return g_object_new (DIS_TYPE_STOCK_MOVEMENT, NULL);
}

/* ---- Transfers ------------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (DisStockTransfer, dis_stock_transfer, G_TYPE_OBJECT)

static void
clear_line (gpointer data)
{
  DisStockTransferLine *line = data;

  g_free (line->product_code);
  g_free (line->product_name);
}

static void
dis_stock_transfer_finalize (GObject *object)
{
  DisStockTransfer *self = DIS_STOCK_TRANSFER (object);

  g_free (self->id);
  g_free (self->peer);
  g_free (self->peer_name);
  g_free (self->sent_at);
  g_free (self->received_at);
  g_array_unref (self->lines);
  G_OBJECT_CLASS (dis_stock_transfer_parent_class)->finalize (object);
}

static void
dis_stock_transfer_class_init (DisStockTransferClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dis_stock_transfer_finalize;
}

static void
dis_stock_transfer_init (DisStockTransfer *self)
{
  self->lines = g_array_new (FALSE, TRUE, sizeof (DisStockTransferLine));
  g_array_set_clear_func (self->lines, clear_line);
}

DisStockTransfer *
dis_stock_transfer_new (void)
{
  return g_object_new (DIS_TYPE_STOCK_TRANSFER, NULL);
}
