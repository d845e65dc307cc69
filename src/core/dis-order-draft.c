/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order"

#include "config.h"

#include "dis-money.h"
#include "dis-store-orders.h"

/* An order as the volunteer fills it in, and its estimated total: plain
 * data, no database (dis-store-orders.h). */

typedef struct
{
  char   *product_code;
  gint64  qty;
} DraftLine;

struct _DisOrderDraft
{
  char          *order_id;
  gint64         cycle_id;
  char          *member_card;
  DisTier        tier;
  DisFulfilment  fulfilment;
  char          *place_code;
  char          *address;
  char          *comune;
  gboolean       has_location;
  gint64         lat_e6;
  gint64         lon_e6;
  char          *note;
  GArray        *lines;        /* DraftLine, in the order first set */
};

static void
draft_line_clear (gpointer data)
{
  DraftLine *line = data;

  g_free (line->product_code);
}

DisOrderDraft *
dis_order_draft_new (const char *order_id,
                     gint64      cycle_id,
                     const char *member_card,
                     DisTier     tier)
{
  DisOrderDraft *draft;

  g_return_val_if_fail (cycle_id > 0, NULL);
  g_return_val_if_fail (member_card != NULL, NULL);
  g_return_val_if_fail (tier < DIS_N_TIERS, NULL);

  draft = g_new0 (DisOrderDraft, 1);
  draft->order_id = g_strdup (order_id);
  draft->cycle_id = cycle_id;
  draft->member_card = g_strdup (member_card);
  draft->tier = tier;
  draft->fulfilment = DIS_FULFILMENT_PICKUP;
  draft->lines = g_array_new (FALSE, TRUE, sizeof (DraftLine));
  g_array_set_clear_func (draft->lines, draft_line_clear);
  return draft;
}

DisOrderDraft *
dis_order_draft_new_from_order (DisOrder *order)
{
  DisOrderDraft *draft;
  GListModel *lines;
  gint64 lat = 0, lon = 0;
  gboolean has_location;

  g_return_val_if_fail (DIS_IS_ORDER (order), NULL);

  draft = dis_order_draft_new (dis_order_get_id (order), dis_order_get_cycle_id (order),
                               dis_order_get_member_card (order), dis_order_get_tier (order));
  has_location = dis_order_get_location (order, &lat, &lon);
  if (dis_order_get_fulfilment (order) == DIS_FULFILMENT_DELIVERY)
    dis_order_draft_set_delivery (draft, dis_order_get_place_code (order), dis_order_get_address (order),
                                  dis_order_get_comune (order), has_location, lat, lon);
  else
    dis_order_draft_set_pickup (draft, dis_order_get_place_code (order));
  dis_order_draft_set_note (draft, dis_order_get_note (order));
  lines = dis_order_get_lines (order);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (lines, i);

      dis_order_draft_set_line (draft, dis_order_line_get_product_code (line),
                                dis_order_line_get_ordered (line));
    }
  return draft;
}

DisOrderDraft *
dis_order_draft_copy (const DisOrderDraft *draft)
{
  DisOrderDraft *copy;

  g_return_val_if_fail (draft != NULL, NULL);

  copy = dis_order_draft_new (draft->order_id, draft->cycle_id, draft->member_card, draft->tier);
  copy->fulfilment = draft->fulfilment;
  copy->place_code = g_strdup (draft->place_code);
  copy->address = g_strdup (draft->address);
  copy->comune = g_strdup (draft->comune);
  copy->has_location = draft->has_location;
  copy->lat_e6 = draft->lat_e6;
  copy->lon_e6 = draft->lon_e6;
  copy->note = g_strdup (draft->note);
  for (guint i = 0; i < draft->lines->len; i++)
    {
      const DraftLine *line = &g_array_index (draft->lines, DraftLine, i);

      dis_order_draft_set_line (copy, line->product_code, line->qty);
    }
  return copy;
}

void
dis_order_draft_free (DisOrderDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->order_id);
  g_free (draft->member_card);
  g_free (draft->place_code);
  g_free (draft->address);
  g_free (draft->comune);
  g_free (draft->note);
  g_array_unref (draft->lines);
  g_free (draft);
}

void
dis_order_draft_set_tier (DisOrderDraft *draft,
                          DisTier        tier)
{
  g_return_if_fail (draft != NULL);
  g_return_if_fail (tier < DIS_N_TIERS);

  draft->tier = tier;
}

void
dis_order_draft_set_pickup (DisOrderDraft *draft,
                            const char    *window_code)
{
  g_return_if_fail (draft != NULL);

  draft->fulfilment = DIS_FULFILMENT_PICKUP;
  g_free (draft->place_code);
  draft->place_code = g_strdup (window_code);
  g_clear_pointer (&draft->address, g_free);
  g_clear_pointer (&draft->comune, g_free);
  draft->has_location = FALSE;
  draft->lat_e6 = draft->lon_e6 = 0;
}

void
dis_order_draft_set_delivery (DisOrderDraft *draft,
                              const char    *slot_code,
                              const char    *address,
                              const char    *comune,
                              gboolean       has_location,
                              gint64         lat_e6,
                              gint64         lon_e6)
{
  g_return_if_fail (draft != NULL);

  draft->fulfilment = DIS_FULFILMENT_DELIVERY;
  g_free (draft->place_code);
  draft->place_code = g_strdup (slot_code);
  g_free (draft->address);
  draft->address = g_strdup (address);
  g_free (draft->comune);
  draft->comune = g_strdup (comune);
  draft->has_location = has_location;
  draft->lat_e6 = has_location ? lat_e6 : 0;
  draft->lon_e6 = has_location ? lon_e6 : 0;
}

void
dis_order_draft_set_note (DisOrderDraft *draft,
                          const char    *note)
{
  g_return_if_fail (draft != NULL);

  g_free (draft->note);
  draft->note = note != NULL && *note != '\0' ? g_strdup (note) : NULL;
}

static gint
find_line (const DisOrderDraft *draft,
           const char          *product_code)
{
  for (guint i = 0; i < draft->lines->len; i++)
    if (g_str_equal (g_array_index (draft->lines, DraftLine, i).product_code, product_code))
      return (gint) i;
  return -1;
}

void
dis_order_draft_set_line (DisOrderDraft *draft,
                          const char    *product_code,
                          gint64         qty)
{
  gint i;

  g_return_if_fail (draft != NULL);
  g_return_if_fail (product_code != NULL);
  g_return_if_fail (qty >= 0);

  i = find_line (draft, product_code);
  if (qty == 0)
    {
      if (i >= 0)
        g_array_remove_index (draft->lines, (guint) i);
      return;
    }
  if (i >= 0)
    g_array_index (draft->lines, DraftLine, i).qty = qty;
  else
    {
      DraftLine line = { g_strdup (product_code), qty };

      g_array_append_val (draft->lines, line);
    }
}

const char *
dis_order_draft_get_order_id (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->order_id;
}

gint64
dis_order_draft_get_cycle_id (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, 0);
  return draft->cycle_id;
}

const char *
dis_order_draft_get_member_card (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->member_card;
}

DisTier
dis_order_draft_get_tier (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, DIS_TIER_EQUA);
  return draft->tier;
}

DisFulfilment
dis_order_draft_get_fulfilment (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, DIS_FULFILMENT_PICKUP);
  return draft->fulfilment;
}

const char *
dis_order_draft_get_place_code (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->place_code;
}

const char *
dis_order_draft_get_address (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->address;
}

const char *
dis_order_draft_get_comune (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->comune;
}

gboolean
dis_order_draft_get_location (const DisOrderDraft *draft,
                              gint64              *out_lat_e6,
                              gint64              *out_lon_e6)
{
  g_return_val_if_fail (draft != NULL, FALSE);

  if (out_lat_e6 != NULL)
    *out_lat_e6 = draft->lat_e6;
  if (out_lon_e6 != NULL)
    *out_lon_e6 = draft->lon_e6;
  return draft->has_location;
}

const char *
dis_order_draft_get_note (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->note;
}

guint
dis_order_draft_get_n_lines (const DisOrderDraft *draft)
{
  g_return_val_if_fail (draft != NULL, 0);
  return draft->lines->len;
}

const char *
dis_order_draft_get_line (const DisOrderDraft *draft,
                          guint                index,
                          gint64              *out_qty)
{
  const DraftLine *line;

  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (index < draft->lines->len, NULL);

  line = &g_array_index (draft->lines, DraftLine, index);
  if (out_qty != NULL)
    *out_qty = line->qty;
  return line->product_code;
}

gint64
dis_order_draft_get_qty (const DisOrderDraft *draft,
                         const char          *product_code)
{
  gint i;

  g_return_val_if_fail (draft != NULL, 0);
  g_return_val_if_fail (product_code != NULL, 0);

  i = find_line (draft, product_code);
  return i >= 0 ? g_array_index (draft->lines, DraftLine, i).qty : 0;
}

gint64
dis_store_orders_estimate (DisCycle            *cycle,
                           const DisOrderDraft *draft,
                           gboolean            *out_approximate,
                           guint               *out_n_unknown)
{
  gint64 total = 0;
  gboolean approximate = FALSE;
  guint n_unknown = 0;

  g_return_val_if_fail (DIS_IS_CYCLE (cycle), 0);
  g_return_val_if_fail (draft != NULL, 0);

  for (guint i = 0; i < draft->lines->len; i++)
    {
      const DraftLine *line = &g_array_index (draft->lines, DraftLine, i);
      DisCycleProduct *product = dis_cycle_find_product (cycle, line->product_code);

      if (product == NULL)
        {
          n_unknown++;
          continue;
        }
      /* The cart's rule: each line rounded, then summed. */
      total += dis_line_total (dis_cycle_product_get_price (product, draft->tier), line->qty);
      approximate = approximate || dis_unit_is_measured (dis_cycle_product_get_unit (product));
    }
  if (out_approximate != NULL)
    *out_approximate = approximate;
  if (out_n_unknown != NULL)
    *out_n_unknown = n_unknown;
  return total;
}
