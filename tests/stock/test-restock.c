/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-restock"

#include "config.h"

#include "dis-restock.h"

/* The suggested restock order, worked out by hand (issue 11: under
 * minimum → to target, rounded up to the case size; nothing under
 * minimum gives nothing; own products only with a supplier). Quantities
 * in milli-units. */

#define NOT_SET (-1)

/* A product of supplier @supplier at level @qty. */
static DisRestockInput
input (gint64 product_id,
       gint64 supplier,
       gint64 qty,
       gint64 min_qty,
       gint64 target_qty,
       gint64 case_size)
{
  DisRestockInput in = { product_id, supplier, qty, 0, min_qty, target_qty, case_size };

  return in;
}

static const DisRestockNeed *
need_at (GArray *needs,
         guint   i)
{
  g_assert_cmpuint (i, <, needs->len);
  return &g_array_index (needs, DisRestockNeed, i);
}

static void
test_case_rounding (void)
{
  const DisRestockInput inputs[] = {
    /* 3 pieces, min 5, target 20, cases of 6: 17 needed → 3 cases = 18. */
    input (1, 7, 3000, 5000, 20000, 6000),
    /* 2 pieces, min 5, target 14, cases of 6: 12 needed is 2 whole cases. */
    input (2, 7, 2000, 5000, 14000, 6000),
    /* No case size: exactly what brings it to target, 10 − 1 = 9. */
    input (3, 7, 1000, 4000, 10000, 0),
    /* Weighed: 1.2 kg, min 2 kg, target 5 kg, 2.5 kg cases: 3.8 kg → 5 kg. */
    input (4, 7, 1200, 2000, 5000, 2500),
    /* One piece short of the target in a case of 12 still takes a case. */
    input (5, 7, 0, 1000, 1000, 12000),
  };
  g_autoptr(GArray) needs = dis_restock_suggest (inputs, G_N_ELEMENTS (inputs));

  g_assert_cmpuint (needs->len, ==, 5);
  g_assert_cmpint (need_at (needs, 0)->product_id, ==, 1);
  g_assert_cmpint (need_at (needs, 0)->qty, ==, 18000);
  g_assert_cmpint (need_at (needs, 1)->qty, ==, 12000);
  g_assert_cmpint (need_at (needs, 2)->qty, ==, 9000);
  g_assert_cmpint (need_at (needs, 3)->qty, ==, 5000);
  g_assert_cmpint (need_at (needs, 4)->qty, ==, 12000);
  for (guint i = 0; i < needs->len; i++)
    {
      g_assert_cmpint (need_at (needs, i)->supplier_id, ==, 7);
      g_assert_cmpuint (need_at (needs, i)->input_index, ==, i);
    }

  g_assert_cmpint (dis_restock_round_to_case (1, 6000), ==, 6000);
  g_assert_cmpint (dis_restock_round_to_case (6000, 6000), ==, 6000);
  g_assert_cmpint (dis_restock_round_to_case (6001, 6000), ==, 12000);
  g_assert_cmpint (dis_restock_round_to_case (6001, 0), ==, 6001);
}

static void
test_nothing_under_minimum (void)
{
  const DisRestockInput inputs[] = {
    input (1, 7, 5000, 5000, 20000, 6000),       /* at the minimum: not under it */
    input (2, 7, 9000, 5000, 20000, 6000),       /* above it */
    input (3, 7, 0, NOT_SET, NOT_SET, 6000),     /* out of stock, but no minimum */
    input (4, 7, -3000, NOT_SET, 10000, 0),      /* negative, a target but no minimum */
  };
  g_autoptr(GArray) needs = dis_restock_suggest (inputs, G_N_ELEMENTS (inputs));
  g_autoptr(GArray) none = dis_restock_suggest (NULL, 0);

  g_assert_cmpuint (needs->len, ==, 0);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_own_products (void)
{
  const DisRestockInput inputs[] = {
    input (1, 0, 0, 2000, 6000, 0),              /* own product, no supplier */
    input (2, 9, 0, 2000, 6000, 0),              /* own product with a supplier */
    input (3, 0, 1000, 2000, 6000, 0),           /* basket product nobody supplies */
  };
  g_autoptr(GArray) needs = dis_restock_suggest (inputs, G_N_ELEMENTS (inputs));

  g_assert_cmpuint (needs->len, ==, 1);
  g_assert_cmpint (need_at (needs, 0)->product_id, ==, 2);
  g_assert_cmpint (need_at (needs, 0)->supplier_id, ==, 9);
  g_assert_cmpint (need_at (needs, 0)->qty, ==, 6000);
}

static void
test_targets_and_orders (void)
{
  DisRestockInput inputs[] = {
    /* No target: the minimum is the target, 4 − 1 = 3. */
    input (1, 7, 1000, 4000, NOT_SET, 0),
    /* A target under the minimum: the minimum again. */
    input (2, 7, 1000, 4000, 2000, 0),
    /* Negative stock, minimum 0: what was sold short plus the target. */
    input (3, 7, -2000, 0, 6000, 0),
    /* On order already: 1 + 6 is not under 5, nothing more. */
    input (4, 7, 1000, 5000, 10000, 6000),
    /* On order, still short: 1 + 2 = 3 under 5, 7 to target → 2 cases. */
    input (5, 7, 1000, 5000, 10000, 6000),
  };
  g_autoptr(GArray) needs = NULL;

  inputs[3].on_order = 6000;
  inputs[4].on_order = 2000;
  needs = dis_restock_suggest (inputs, G_N_ELEMENTS (inputs));

  g_assert_cmpuint (needs->len, ==, 4);
  g_assert_cmpint (need_at (needs, 0)->qty, ==, 3000);
  g_assert_cmpint (need_at (needs, 1)->qty, ==, 3000);
  g_assert_cmpint (need_at (needs, 2)->qty, ==, 8000);
  g_assert_cmpint (need_at (needs, 3)->product_id, ==, 5);
  g_assert_cmpint (need_at (needs, 3)->qty, ==, 12000);
}

static void
test_grouped_by_supplier (void)
{
  const DisRestockInput inputs[] = {
    input (10, 2, 0, 1000, 1000, 0),
    input (11, 1, 0, 1000, 1000, 0),
    input (12, 2, 0, 1000, 2000, 0),
    input (13, 1, 0, 1000, 3000, 0),
  };
  g_autoptr(GArray) needs = dis_restock_suggest (inputs, G_N_ELEMENTS (inputs));
  const gint64 products[] = { 11, 13, 10, 12 };
  const gint64 suppliers[] = { 1, 1, 2, 2 };
  const guint indexes[] = { 1, 3, 0, 2 };

  g_assert_cmpuint (needs->len, ==, 4);
  for (guint i = 0; i < needs->len; i++)
    {
      g_assert_cmpint (need_at (needs, i)->product_id, ==, products[i]);
      g_assert_cmpint (need_at (needs, i)->supplier_id, ==, suppliers[i]);
      g_assert_cmpuint (need_at (needs, i)->input_index, ==, indexes[i]);
    }
}

static void
test_states (void)
{
  DisRestockState state;

  for (int i = 0; i < DIS_RESTOCK_N_STATES; i++)
    {
      g_assert_true (dis_restock_state_from_code (dis_restock_state_to_code (i), &state));
      g_assert_cmpint (state, ==, i);
      g_assert_nonnull (dis_restock_state_get_name (i));
    }
  g_assert_false (dis_restock_state_from_code ("shipped", &state));
  g_assert_false (dis_restock_state_from_code (NULL, &state));
  g_assert_cmpstr (dis_restock_state_to_code (DIS_RESTOCK_PARTIALLY_RECEIVED), ==, "partially_received");

  g_assert_false (dis_restock_state_is_open (DIS_RESTOCK_DRAFT));
  g_assert_true (dis_restock_state_is_open (DIS_RESTOCK_SENT));
  g_assert_true (dis_restock_state_is_open (DIS_RESTOCK_CONFIRMED));
  g_assert_true (dis_restock_state_is_open (DIS_RESTOCK_PARTIALLY_RECEIVED));
  g_assert_false (dis_restock_state_is_open (DIS_RESTOCK_RECEIVED));
  g_assert_false (dis_restock_state_is_open (DIS_RESTOCK_CANCELLED));

  /* A 3 kg cheese received as 3.050 kg leaves nothing open. */
  g_assert_cmpint (dis_restock_open_qty (3000, 3050), ==, 0);
  g_assert_cmpint (dis_restock_open_qty (12000, 8000), ==, 4000);
  g_assert_cmpint (dis_restock_state_after_delivery (DIS_RESTOCK_SENT, 0, 3050), ==, DIS_RESTOCK_RECEIVED);
  g_assert_cmpint (dis_restock_state_after_delivery (DIS_RESTOCK_CONFIRMED, 4000, 8000), ==,
                   DIS_RESTOCK_PARTIALLY_RECEIVED);
  g_assert_cmpint (dis_restock_state_after_delivery (DIS_RESTOCK_CONFIRMED, 4000, 0), ==,
                   DIS_RESTOCK_CONFIRMED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/restock/suggest/case-rounding", test_case_rounding);
  g_test_add_func ("/restock/suggest/nothing-under-minimum", test_nothing_under_minimum);
  g_test_add_func ("/restock/suggest/own-products", test_own_products);
  g_test_add_func ("/restock/suggest/targets-and-orders", test_targets_and_orders);
  g_test_add_func ("/restock/suggest/grouped-by-supplier", test_grouped_by_supplier);
  g_test_add_func ("/restock/states", test_states);

  return g_test_run ();
}
