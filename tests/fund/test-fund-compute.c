/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fund"

#include "config.h"

#include "dis-hub-db.h"
#include "dis-hub-fund.h"

#include "fund-test-fixture.h"

/* The fund's arithmetic alone, on hand-worked vectors and on random
 * months: no database. */

static void
test_compute_full (void)
{
  g_autoptr(DisHubFund) fund = dis_hub_fund_new ("2026-01");

  fund->inflow_cents = 1000;
  fund->carried_in_cents = 200;
  dis_hub_fund_add_claim (fund, "F-RIS", 500, 0);
  dis_hub_fund_add_claim (fund, "F-PAS", 300, 0);
  dis_hub_fund_compute (fund);
  g_assert_false (fund->pro_rata);
  g_assert_cmpint (fund->available_cents, ==, 1200);
  g_assert_cmpint (fund->total_claims_cents, ==, 800);
  g_assert_cmpstr (g_array_index (fund->claims, DisHubFundClaim, 0).supplier, ==, "F-PAS");
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 0).allocated_cents, ==, 300);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 1).allocated_cents, ==, 500);
  g_assert_cmpint (fund->carried_out_cents, ==, 400);
}

/* 999 for 700 + 700 + 300: floors 411, 411, 176 (remainders 600, 600,
 * 500 of 1700); the one cent left goes to the tie at 600, to F-CON by
 * code, though F-PAS was added first. */
static void
test_compute_shortfall_tie (void)
{
  g_autoptr(DisHubFund) fund = dis_hub_fund_new ("2026-01");
  gint64 floor, remainder;

  fund->inflow_cents = 999;
  dis_hub_fund_add_claim (fund, "F-PAS", 700, 0);
  dis_hub_fund_add_claim (fund, "F-RIS", 300, 0);
  dis_hub_fund_add_claim (fund, "F-CON", 700, 0);
  dis_hub_fund_compute (fund);
  g_assert_true (fund->pro_rata);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 0).allocated_cents, ==, 412);   /* F-CON */
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 1).allocated_cents, ==, 411);   /* F-PAS */
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 2).allocated_cents, ==, 176);   /* F-RIS */
  g_assert_cmpint (fund->carried_out_cents, ==, 0);
  dis_hub_fund_share (fund, &g_array_index (fund->claims, DisHubFundClaim, 1), &floor, &remainder);
  g_assert_cmpint (floor, ==, 411);
  g_assert_cmpint (remainder, ==, 600);
}

/* Amounts whose products need more than 64 bits. */
static void
test_compute_large (void)
{
  g_autoptr(DisHubFund) fund = dis_hub_fund_new ("2026-01");
  gint64 big = G_GINT64_CONSTANT (3000000000000000000);

  fund->inflow_cents = big - 1;
  dis_hub_fund_add_claim (fund, "A", big / 3, 0);
  dis_hub_fund_add_claim (fund, "B", big / 3, 0);
  dis_hub_fund_add_claim (fund, "C", big / 3, 0);
  dis_hub_fund_compute (fund);
  g_assert_true (fund->pro_rata);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 0).allocated_cents, ==, big / 3);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 1).allocated_cents, ==, big / 3);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 2).allocated_cents, ==, big / 3 - 1);
}

/* A fund in debt pays nothing and carries the debt; a negative claim is
 * paid nothing and does not lower the others. */
static void
test_compute_negative (void)
{
  g_autoptr(DisHubFund) fund = dis_hub_fund_new ("2026-01");

  fund->inflow_cents = -300;
  fund->carried_in_cents = 100;
  dis_hub_fund_add_claim (fund, "F-PAS", 50, 0);
  dis_hub_fund_compute (fund);
  g_assert_cmpint (fund->available_cents, ==, -200);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 0).allocated_cents, ==, 0);
  g_assert_cmpint (fund->carried_out_cents, ==, -200);

  fund->inflow_cents = 500;
  fund->carried_in_cents = 0;
  dis_hub_fund_add_claim (fund, "F-RIS", -120, 0);
  dis_hub_fund_add_claim (fund, "F-CON", 0, -40);
  dis_hub_fund_compute (fund);
  g_assert_cmpint (fund->total_claims_cents, ==, 50);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 0).net_cents, ==, -40);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 1).allocated_cents, ==, 50);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 2).net_cents, ==, -120);
  g_assert_cmpint (g_array_index (fund->claims, DisHubFundClaim, 2).allocated_cents, ==, 0);
  g_assert_cmpint (fund->carried_out_cents, ==, 450);
}

static void
test_canonical_text (void)
{
  g_autoptr(DisHubFund) fund = dis_hub_fund_new ("2026-03");
  g_autoptr(DisHubFund) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *tampered = NULL;

  fund->inflow_cents = 1234;
  fund->carried_in_cents = -5;
  fund->impegno_delta_cents = -77;
  fund->late_sales = 2;
  dis_hub_fund_add_claim (fund, "F-RIS", 10, -3);
  dis_hub_fund_add_claim (fund, "F-CON", 20, 0);
  text = dis_hub_fund_inputs_to_text (fund);
  g_assert_cmpstr (text, ==,
                   "disotto-fund-inputs 1\nperiod 2026-03\ncarried_in_cents -5\ninflow_cents 1234\n"
                   "impegno_delta_cents -77\nlate_sales 2\nclaim F-CON 20 0\nclaim F-RIS 10 -3\n");
  back = dis_hub_fund_inputs_from_text (text, &error);
  g_assert_no_error (error);
  again = dis_hub_fund_inputs_to_text (back);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpstr (keep_string (dis_hub_fund_sha256 (text)), !=, NULL);

  /* Only the canonical form reads back: a claim out of order, a + sign. */
  tampered = g_strdup ("disotto-fund-inputs 1\nperiod 2026-03\ncarried_in_cents -5\ninflow_cents 1234\n"
                       "impegno_delta_cents -77\nlate_sales 2\nclaim F-RIS 10 -3\nclaim F-CON 20 0\n");
  g_assert_null (dis_hub_fund_inputs_from_text (tampered, &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_hub_fund_inputs_from_text ("disotto-fund-inputs 1\nperiod 2026-03\ncarried_in_cents +5\n"
                                                "inflow_cents 0\nimpegno_delta_cents 0\nlate_sales 0\n", &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID);
}

/* 1,000 random months of the arithmetic alone, chained: conservation to
 * the cent, each allocation within a cent of its exact share. */
static void
test_compute_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261105);
  gint64 carried = 0;

  for (guint month = 0; month < 1000; month++)
    {
      g_autofree char *period = dis_hub_fund_period_format (2000 * 12 + (gint) month);
      g_autoptr(DisHubFund) fund = dis_hub_fund_new (period);
      guint n = g_rand_int_range (rand, 0, 12);
      gint64 allocated = 0;

      fund->carried_in_cents = carried;
      fund->inflow_cents = g_rand_int_range (rand, -2000, 200000);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *supplier = g_strdup_printf ("F-%02u", g_rand_int_range (rand, 0, 20));

          dis_hub_fund_add_claim (fund, supplier, g_rand_int_range (rand, -500, 60000),
                                  g_rand_boolean (rand) ? 0 : -g_rand_int_range (rand, 0, 300));
        }
      dis_hub_fund_compute (fund);
      for (guint i = 0; i < fund->claims->len; i++)
        {
          const DisHubFundClaim *claim = &g_array_index (fund->claims, DisHubFundClaim, i);

          g_assert_cmpint (claim->allocated_cents, >=, 0);
          g_assert_cmpint (claim->allocated_cents, <=, MAX (claim->net_cents, 0));
          if (fund->pro_rata && claim->net_cents > 0)
            {
              /* |allocated × total − net × available| < total */
              double exact = (double) claim->net_cents * (double) fund->available_cents
                             / (double) fund->total_claims_cents;

              g_assert_cmpfloat (claim->allocated_cents, >, exact - 1.0001);
              g_assert_cmpfloat (claim->allocated_cents, <, exact + 1.0001);
            }
          allocated += claim->allocated_cents;
        }
      g_assert_cmpint (fund->inflow_cents + fund->carried_in_cents, ==, allocated + fund->carried_out_cents);
      if (fund->pro_rata)
        g_assert_cmpint (fund->carried_out_cents, ==, 0);
      carried = fund->carried_out_cents;
    }
}

void
fund_add_compute_tests (void)
{
  g_test_add_func ("/fund/compute/full", test_compute_full);
  g_test_add_func ("/fund/compute/shortfall-tie", test_compute_shortfall_tie);
  g_test_add_func ("/fund/compute/large", test_compute_large);
  g_test_add_func ("/fund/compute/negative", test_compute_negative);
  g_test_add_func ("/fund/compute/canonical-text", test_canonical_text);
  g_test_add_func ("/fund/compute/random", test_compute_random);
}
