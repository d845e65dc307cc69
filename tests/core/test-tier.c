/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "dis-core.h"

static void
test_codes (void)
{
  static const char *codes[] = { "accessibile", "impegno", "equa", "solidale" };

  for (guint i = 0; i < DIS_N_TIERS; i++)
    {
      DisTier tier = DIS_N_TIERS;

      g_assert_cmpstr (dis_tier_to_code (i), ==, codes[i]);
      g_assert_true (dis_tier_from_code (codes[i], &tier));
      g_assert_cmpint (tier, ==, i);
      g_assert_nonnull (dis_tier_get_name (i));
    }

  g_assert_cmpstr (dis_tier_get_name (DIS_TIER_IMPEGNO), ==, "Impegno");
  g_assert_false (dis_tier_from_code ("Equa", NULL));
  g_assert_false (dis_tier_from_code ("", NULL));
  g_assert_false (dis_tier_from_code (NULL, NULL));
}

static void
test_price_from_equa (void)
{
  /* 2,00 € −25 % = 1,50 */
  g_assert_cmpint (dis_tier_price_from_equa (200, -2500), ==, 150);
  /* 2,30 € +15 % = 2,645 → 2,65 (half up) */
  g_assert_cmpint (dis_tier_price_from_equa (230, 1500), ==, 265);
  /* 2,10 € −25 % = 1,575 → 1,58 */
  g_assert_cmpint (dis_tier_price_from_equa (210, -2500), ==, 158);
  /* 0,99 € −10 % = 0,891 → 0,89 */
  g_assert_cmpint (dis_tier_price_from_equa (99, -1000), ==, 89);
  g_assert_cmpint (dis_tier_price_from_equa (1234, 0), ==, 1234);
}

static void
test_compute_defaults (void)
{
  DisTierPercents defaults = DIS_TIER_PERCENTS_DEFAULT;
  gint64 prices[DIS_N_TIERS];
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_tier_compute_prices (400, &defaults, NULL, prices, &error));
  g_assert_no_error (error);
  g_assert_cmpint (prices[DIS_TIER_ACCESSIBILE], ==, 300);
  g_assert_cmpint (prices[DIS_TIER_IMPEGNO], ==, 360);
  g_assert_cmpint (prices[DIS_TIER_EQUA], ==, 400);
  g_assert_cmpint (prices[DIS_TIER_SOLIDALE], ==, 460);

  /* NULL defaults mean the network defaults. */
  g_assert_true (dis_tier_compute_prices (400, NULL, NULL, prices, &error));
  g_assert_cmpint (prices[DIS_TIER_ACCESSIBILE], ==, 300);

  /* The cheapest product still gets four positive, ordered prices. */
  g_assert_true (dis_tier_compute_prices (1, NULL, NULL, prices, &error));
  g_assert_cmpint (prices[DIS_TIER_ACCESSIBILE], ==, 1);
  g_assert_cmpint (prices[DIS_TIER_SOLIDALE], ==, 1);
}

static void
test_compute_overrides (void)
{
  DisTierOverrides overrides = { .has_impegno = TRUE, .impegno_bp = -500,
                                 .has_solidale = TRUE, .solidale_bp = 2000 };
  gint64 prices[DIS_N_TIERS];
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_tier_compute_prices (1000, NULL, &overrides, prices, &error));
  g_assert_no_error (error);
  g_assert_cmpint (prices[DIS_TIER_ACCESSIBILE], ==, 750);
  g_assert_cmpint (prices[DIS_TIER_IMPEGNO], ==, 950);
  g_assert_cmpint (prices[DIS_TIER_EQUA], ==, 1000);
  g_assert_cmpint (prices[DIS_TIER_SOLIDALE], ==, 1200);

  /* An override that puts Impegno below Accessibile is rejected. */
  overrides = (DisTierOverrides) { .has_impegno = TRUE, .impegno_bp = -3000 };
  g_assert_false (dis_tier_compute_prices (1000, NULL, &overrides, prices, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER);
  g_clear_error (&error);

  /* A Solidale "surcharge" below Equa is rejected. */
  overrides = (DisTierOverrides) { .has_solidale = TRUE, .solidale_bp = -100 };
  g_assert_false (dis_tier_compute_prices (1000, NULL, &overrides, prices, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER);
  g_clear_error (&error);

  /* An Impegno above Equa is rejected. */
  overrides = (DisTierOverrides) { .has_impegno = TRUE, .impegno_bp = 100 };
  g_assert_false (dis_tier_compute_prices (1000, NULL, &overrides, prices, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER);
  g_clear_error (&error);

  /* −100 % gives a zero price. */
  overrides = (DisTierOverrides) { .has_accessibile = TRUE, .accessibile_bp = -10000 };
  g_assert_false (dis_tier_compute_prices (1000, NULL, &overrides, prices, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (dis_tier_compute_prices (0, NULL, NULL, prices, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_validate (void)
{
  const gint64 good[DIS_N_TIERS] = { 100, 100, 100, 100 };
  const gint64 ordered[DIS_N_TIERS] = { 75, 90, 100, 115 };
  const gint64 swapped[DIS_N_TIERS] = { 75, 120, 100, 115 };
  const gint64 acc_above[DIS_N_TIERS] = { 95, 90, 100, 115 };
  const gint64 sol_below[DIS_N_TIERS] = { 75, 90, 100, 99 };
  const gint64 zero[DIS_N_TIERS] = { 0, 90, 100, 115 };
  g_autoptr(GError) error = NULL;

  g_assert_true (setlocale (LC_ALL, "C.UTF-8") != NULL);

  g_assert_true (dis_tier_validate_prices (good, &error));
  g_assert_true (dis_tier_validate_prices (ordered, &error));
  g_assert_no_error (error);

  g_assert_false (dis_tier_validate_prices (swapped, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER);
  /* The message names the tiers involved. */
  g_assert_nonnull (strstr (error->message, "Impegno"));
  g_assert_nonnull (strstr (error->message, "Equa"));
  g_assert_nonnull (strstr (error->message, "€1.20"));
  g_clear_error (&error);

  g_assert_false (dis_tier_validate_prices (acc_above, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER);
  g_assert_nonnull (strstr (error->message, "Accessibile"));
  g_clear_error (&error);

  g_assert_false (dis_tier_validate_prices (sol_below, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER);
  g_assert_nonnull (strstr (error->message, "Solidale"));
  g_clear_error (&error);

  g_assert_false (dis_tier_validate_prices (zero, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add_func ("/core/tier/codes", test_codes);
  g_test_add_func ("/core/tier/price-from-equa", test_price_from_equa);
  g_test_add_func ("/core/tier/compute-defaults", test_compute_defaults);
  g_test_add_func ("/core/tier/compute-overrides", test_compute_overrides);
  g_test_add_func ("/core/tier/validate", test_validate);

  return g_test_run ();
}
