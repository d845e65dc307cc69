/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-restock"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-code.h"
#include "dis-restock.h"

static const struct {
  const char *code;
  const char *name;
} states[DIS_RESTOCK_N_STATES] = {
  /* Translators: the state of a restock order to a supplier */
  [DIS_RESTOCK_DRAFT]              = { "draft",              N_("Draft") },
  /* Translators: the state of a restock order to a supplier */
  [DIS_RESTOCK_SENT]               = { "sent",               N_("Sent") },
  /* Translators: the state of a restock order: the supplier confirmed it */
  [DIS_RESTOCK_CONFIRMED]          = { "confirmed",          N_("Confirmed") },
  /* Translators: the state of a restock order: part of it was delivered */
  [DIS_RESTOCK_PARTIALLY_RECEIVED] = { "partially_received", N_("Partly received") },
  /* Translators: the state of a restock order: all of it was delivered */
  [DIS_RESTOCK_RECEIVED]           = { "received",           N_("Received") },
  /* Translators: the state of a restock order to a supplier */
  [DIS_RESTOCK_CANCELLED]          = { "cancelled",          N_("Cancelled") },
};

const char *
dis_restock_state_to_code (DisRestockState state)
{
  g_return_val_if_fail (state < DIS_RESTOCK_N_STATES, NULL);

  return states[state].code;
}

gboolean
dis_restock_state_from_code (const char      *code,
                             DisRestockState *out_state)
{
  int i = DIS_CODE_INDEX (states, code);

  if (i >= 0 && out_state != NULL)
    *out_state = (DisRestockState) i;
  return i >= 0;
}

const char *
dis_restock_state_get_name (DisRestockState state)
{
  g_return_val_if_fail (state < DIS_RESTOCK_N_STATES, NULL);

  return _(states[state].name);
}

gboolean
dis_restock_state_is_open (DisRestockState state)
{
  return state < DIS_RESTOCK_N_STATES && (DIS_RESTOCK_OPEN_STATES & DIS_RESTOCK_STATE_BIT (state)) != 0;
}

gint64
dis_restock_open_qty (gint64 ordered,
                      gint64 received)
{
  return ordered > received ? ordered - received : 0;
}

DisRestockState
dis_restock_state_after_delivery (DisRestockState state,
                                  gint64          total_open,
                                  gint64          total_received)
{
  if (total_open <= 0)
    return DIS_RESTOCK_RECEIVED;
  if (total_received > 0)
    return DIS_RESTOCK_PARTIALLY_RECEIVED;
  return state;
}

gint64
dis_restock_round_to_case (gint64 need,
                           gint64 case_size)
{
  g_return_val_if_fail (need >= 0 && need <= 4 * DIS_RESTOCK_QTY_MAX, need);
  g_return_val_if_fail (case_size >= 0 && case_size <= DIS_RESTOCK_QTY_MAX, need);

  if (case_size == 0)
    return need;
  return (need + case_size - 1) / case_size * case_size;
}

/* Grouped by supplier; within one, the order the products came in. */
static gint
compare_needs (gconstpointer a,
               gconstpointer b)
{
  const DisRestockNeed *x = a, *y = b;

  if (x->supplier_id != y->supplier_id)
    return x->supplier_id < y->supplier_id ? -1 : 1;
  return x->input_index < y->input_index ? -1 : x->input_index > y->input_index;
}

static gboolean
input_is_sane (const DisRestockInput *in)
{
  return ABS (in->qty) <= DIS_RESTOCK_QTY_MAX &&
         in->on_order >= 0 && in->on_order <= DIS_RESTOCK_QTY_MAX &&
         in->min_qty >= -1 && in->min_qty <= DIS_RESTOCK_QTY_MAX &&
         in->target_qty >= -1 && in->target_qty <= DIS_RESTOCK_QTY_MAX &&
         in->case_size >= 0 && in->case_size <= DIS_RESTOCK_QTY_MAX;
}

GArray *
dis_restock_suggest (const DisRestockInput *inputs,
                     guint                  n_inputs)
{
  g_autoptr(GArray) needs = g_array_new (FALSE, FALSE, sizeof (DisRestockNeed));
  gboolean sorted = TRUE;

  g_return_val_if_fail (inputs != NULL || n_inputs == 0, NULL);

  for (guint i = 0; i < n_inputs; i++)
    {
      const DisRestockInput *in = &inputs[i];
      DisRestockNeed need;
      gint64 available, target;

      g_return_val_if_fail (input_is_sane (in), NULL);
      /* Nobody to order from, or no minimum to fall under. */
      if (in->supplier_id <= 0 || in->min_qty < 0)
        continue;
      available = in->qty + in->on_order;
      if (available >= in->min_qty)
        continue;
      target = MAX (in->target_qty, in->min_qty);

      need.supplier_id = in->supplier_id;
      need.product_id = in->product_id;
      need.qty = dis_restock_round_to_case (target - available, in->case_size);
      need.input_index = i;
      if (needs->len > 0 &&
          g_array_index (needs, DisRestockNeed, needs->len - 1).supplier_id > need.supplier_id)
        sorted = FALSE;
      g_array_append_val (needs, need);
    }
  /* The store reads products by supplier already: sort only when not. */
  if (!sorted)
    g_array_sort (needs, compare_needs);
  return g_steal_pointer (&needs);
}
