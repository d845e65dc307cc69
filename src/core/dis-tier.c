/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-tier"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-code.h"
#include "dis-error.h"
#include "dis-money.h"
#include "dis-tier.h"

static const struct {
  const char *code;
  const char *name;
} tiers[DIS_N_TIERS] = {
  [DIS_TIER_ACCESSIBILE] = { "accessibile", N_("Accessibile") },
  [DIS_TIER_IMPEGNO]     = { "impegno",     N_("Impegno") },
  [DIS_TIER_EQUA]        = { "equa",        N_("Equa") },
  [DIS_TIER_SOLIDALE]    = { "solidale",    N_("Solidale") },
};

const char *
dis_tier_to_code (DisTier tier)
{
  g_return_val_if_fail (tier < DIS_N_TIERS, NULL);

  return tiers[tier].code;
}

gboolean
dis_tier_from_code (const char *code,
                    DisTier    *out_tier)
{
  int i = DIS_CODE_INDEX (tiers, code);

  if (i >= 0 && out_tier != NULL)
    *out_tier = (DisTier) i;
  return i >= 0;
}

const char *
dis_tier_get_name (DisTier tier)
{
  g_return_val_if_fail (tier < DIS_N_TIERS, NULL);

  return _(tiers[tier].name);
}

gint64
dis_tier_price_from_equa (gint64 equa_cents,
                          gint32 bp)
{
  return dis_div_round_half_up (equa_cents * (10000 + (gint64) bp), 10000);
}

gboolean
dis_tier_compute_prices (gint64                  equa_cents,
                         const DisTierPercents  *defaults,
                         const DisTierOverrides *overrides,
                         gint64                  prices[DIS_N_TIERS],
                         GError                **error)
{
  DisTierPercents percents;

  g_return_val_if_fail (prices != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (equa_cents <= 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The Equa price must be greater than zero"));
      return FALSE;
    }

  percents = defaults != NULL ? *defaults : DIS_TIER_PERCENTS_DEFAULT;

  if (overrides != NULL)
    {
      if (overrides->has_accessibile)
        percents.accessibile_bp = overrides->accessibile_bp;
      if (overrides->has_impegno)
        percents.impegno_bp = overrides->impegno_bp;
      if (overrides->has_solidale)
        percents.solidale_bp = overrides->solidale_bp;
    }

  prices[DIS_TIER_ACCESSIBILE] = dis_tier_price_from_equa (equa_cents, percents.accessibile_bp);
  prices[DIS_TIER_IMPEGNO] = dis_tier_price_from_equa (equa_cents, percents.impegno_bp);
  prices[DIS_TIER_EQUA] = equa_cents;
  prices[DIS_TIER_SOLIDALE] = dis_tier_price_from_equa (equa_cents, percents.solidale_bp);

  return dis_tier_validate_prices (prices, error);
}

gboolean
dis_tier_validate_prices (const gint64   prices[DIS_N_TIERS],
                          GError       **error)
{
  g_return_val_if_fail (prices != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < DIS_N_TIERS; i++)
    {
      if (prices[i] <= 0)
        {
          /* Translators: %s is a tier name, e.g. "Accessibile" */
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("The %s price must be greater than zero"),
                       dis_tier_get_name ((DisTier) i));
          return FALSE;
        }
    }

  for (guint i = 0; i + 1 < DIS_N_TIERS; i++)
    {
      if (prices[i] > prices[i + 1])
        {
          g_autofree char *lower = dis_money_format (prices[i]);
          g_autofree char *upper = dis_money_format (prices[i + 1]);

          /* Translators: tier names and prices, e.g. "The Impegno price
           * (€ 1,20) must not be higher than the Equa price (€ 1,00)" */
          g_set_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER,
                       _("The %s price (%s) must not be higher than the %s price (%s)"),
                       dis_tier_get_name ((DisTier) i), lower,
                       dis_tier_get_name ((DisTier) (i + 1)), upper);
          return FALSE;
        }
    }

  return TRUE;
}
