/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Restock orders to suppliers (DESIGN.md §3 "Orders", issue 11): their
 * states and the suggested order, as pure functions of plain numbers
 * (quantities in milli-units). */

/* draft → sent → confirmed → partially_received → received, or cancelled
 * from draft, sent or confirmed. A draft stays at the point; every other
 * state travels to the hub in a "restock.order" event. */
typedef enum
{
  DIS_RESTOCK_DRAFT,
  DIS_RESTOCK_SENT,
  DIS_RESTOCK_CONFIRMED,
  DIS_RESTOCK_PARTIALLY_RECEIVED,
  DIS_RESTOCK_RECEIVED,
  DIS_RESTOCK_CANCELLED,
} DisRestockState;

#define DIS_RESTOCK_N_STATES (DIS_RESTOCK_CANCELLED + 1)

/* Sets of states, as bits 1 << DisRestockState. */
#define DIS_RESTOCK_STATE_BIT(state) (1u << (state))
/* What a supplier may still deliver. */
#define DIS_RESTOCK_OPEN_STATES \
  (DIS_RESTOCK_STATE_BIT (DIS_RESTOCK_SENT) | DIS_RESTOCK_STATE_BIT (DIS_RESTOCK_CONFIRMED) | \
   DIS_RESTOCK_STATE_BIT (DIS_RESTOCK_PARTIALLY_RECEIVED))
#define DIS_RESTOCK_ALL_STATES ((1u << DIS_RESTOCK_N_STATES) - 1)

/* The protocol's and the database's codes ("draft", "sent", …). */
const char *dis_restock_state_to_code   (DisRestockState  state);
gboolean    dis_restock_state_from_code (const char      *code,
                                         DisRestockState *out_state);
/* For people, translated ("Sent", "Partly received", …). */
const char *dis_restock_state_get_name  (DisRestockState  state);
gboolean    dis_restock_state_is_open   (DisRestockState  state);

/* What the open quantity of an order line is: what was ordered and not
 * yet delivered, never below zero (3 kg ordered and 3.050 kg delivered
 * leaves nothing open). @received counts what came as a substitute. */
gint64      dis_restock_open_qty        (gint64           ordered,
                                         gint64           received);

/* After a delivery: received when no line is open any more, else
 * partially_received when anything came, else @state unchanged. */
DisRestockState dis_restock_state_after_delivery (DisRestockState  state,
                                                  gint64           total_open,
                                                  gint64           total_received);

/* One product as the suggestion sees it. */
typedef struct
{
  gint64 product_id;
  gint64 supplier_id;   /* 0: none, never suggested (own products without one) */
  gint64 qty;           /* the level, may be negative */
  gint64 on_order;      /* still open on orders sent to its supplier, ≥ 0 */
  gint64 min_qty;       /* -1: not set, never suggested */
  gint64 target_qty;    /* -1: not set, the minimum is the target */
  gint64 case_size;     /* 0: none, any quantity */
} DisRestockInput;

typedef struct
{
  gint64 supplier_id;
  gint64 product_id;
  gint64 qty;           /* to order: > 0, a whole number of cases */
  guint  input_index;   /* of the DisRestockInput it answers */
} DisRestockNeed;

/* The suggested restock orders: every product with a supplier and a
 * minimum whose level plus what is already on order is under that
 * minimum, brought to its target (or to the minimum when the target is
 * unset or lower) and rounded up to its case size. A GArray of
 * DisRestockNeed grouped by supplier (ascending id), products in input
 * order within a supplier; empty when nothing is under its minimum.
 * Inputs must lie within ±DIS_RESTOCK_QTY_MAX. */
#define DIS_RESTOCK_QTY_MAX G_GINT64_CONSTANT (1000000000000)

GArray     *dis_restock_suggest         (const DisRestockInput *inputs,
                                         guint                  n_inputs);

/* @need rounded up to a whole number of @case_size (0: unchanged). */
gint64      dis_restock_round_to_case   (gint64                 need,
                                         gint64                 case_size);

G_END_DECLS
