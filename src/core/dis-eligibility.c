/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-eligibility"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dis-money.h"
#include "dis-tier.h"

#define REASON_SEPARATOR "; "

/* Adds @months calendar months to a Julian day; when the target month is
 * shorter the day is clamped to its last day (31 Dec + 2 → 28/29 Feb).
 * Returns 0 when @julian is not a valid date. */
static guint32
julian_add_months (guint32 julian,
                   guint   months)
{
  GDate date;

  if (!g_date_valid_julian (julian))
    return 0;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_date_add_months (&date, months); /* clamps like we want */

  return g_date_get_julian (&date);
}

/* Whole calendar months elapsed from @from to @to (0 if @to < @from). */
static guint
full_months_between (guint32 from,
                     guint32 to)
{
  guint months = 0;

  while (months < G_MAXUINT16)
    {
      guint32 next = julian_add_months (from, months + 1);

      if (next == 0 || next > to)
        break;
      months++;
    }

  return months;
}

static void
append_reason (GString    *reasons,
               const char *reason)
{
  if (reasons->len > 0)
    g_string_append (reasons, REASON_SEPARATOR);
  g_string_append (reasons, reason);
}

/* Returns NULL when every Impegno criterion is met, or what is missing. */
static char *
impegno_missing (const DisBuyer            *buyer,
                 const DisEligibilityRules *rules,
                 guint32                    today_julian)
{
  GString *missing = g_string_new (NULL);

  g_assert (buyer != NULL);
  g_assert (rules != NULL);

  if (buyer->status != DIS_MEMBER_VALIDATED)
    append_reason (missing, _("Membership not yet validated"));

  if (rules->impegno_min_months > 0)
    {
      guint32 from = julian_add_months (buyer->registered_julian, rules->impegno_min_months);

      if (from == 0)
        append_reason (missing, _("Registration date unknown"));
      else if (today_julian < from)
        {
          guint months = today_julian >= buyer->registered_julian
                         ? full_months_between (buyer->registered_julian, today_julian)
                         : 0;
          g_autofree char *text = NULL;

          /* Translators: "Registered 1 month of 2", the second number is
           * the minimum the network asks for */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Registered %u month of %u",
                                            "Registered %u months of %u",
                                            months),
                                  months, rules->impegno_min_months);
          append_reason (missing, text);
        }
    }

  if (buyer->volume_12m_cents < rules->impegno_volume_cents)
    {
      g_autofree char *have = dis_money_format (buyer->volume_12m_cents);
      g_autofree char *need = dis_money_format (rules->impegno_volume_cents);
      g_autofree char *text = NULL;

      /* Translators: "Purchases in the last 12 months € 120,00 of € 150,00" */
      text = g_strdup_printf (_("Purchases in the last 12 months %s of %s"), have, need);
      append_reason (missing, text);
    }

  if (!buyer->documentation_acknowledged)
    append_reason (missing, _("Documentation on the solidarity economy not acknowledged"));

  if (!buyer->has_declaration)
    append_reason (missing, _("No public commitment declaration"));

  if (rules->impegno_needs_activity && buyer->activity_score < rules->impegno_activity_min)
    {
      g_autofree char *text = NULL;
      int have = (int) CLAMP (buyer->activity_score, G_MININT, G_MAXINT);
      int need = (int) CLAMP (rules->impegno_activity_min, G_MININT, G_MAXINT);

      /* Translators: "Activity 3 hours of 10" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Activity %d hour of %d",
                                           "Activity %d hours of %d",
                                           have == 1 ? 1 : 2),
                              have, need);
      append_reason (missing, text);
    }

  if (missing->len == 0)
    {
      g_string_free (missing, TRUE);
      return NULL;
    }

  return g_string_free (missing, FALSE);
}

/* Returns NULL when the buyer has a valid Accessibile basis, or why not. */
static char *
accessibile_missing (const DisBuyer *buyer,
                     guint32         today_julian)
{
  g_assert (buyer != NULL);

  switch (buyer->basis)
    {
    case DIS_BASIS_NONE:
      return g_strdup (_("No basis on record for the Accessibile tier"));

    case DIS_BASIS_SELF_DECLARATION:
    case DIS_BASIS_CERTIFICATE:
      if (buyer->status != DIS_MEMBER_VALIDATED)
        return g_strdup (_("Membership not yet validated"));
      break;

    case DIS_BASIS_PROVISIONAL:
      /* Granted by a point manager to a pending member, pending review. */
      break;

    default:
      return g_strdup (_("No basis on record for the Accessibile tier"));
    }

  if (buyer->basis_expires_julian == 0)
    return g_strdup (_("The basis has no expiry date"));

  /* The expiry is the last day the basis is valid. */
  if (buyer->basis_expires_julian < today_julian)
    {
      char date_text[64] = "";
      GDate date;

      if (g_date_valid_julian (buyer->basis_expires_julian))
        {
          g_date_clear (&date, 1);
          g_date_set_julian (&date, buyer->basis_expires_julian);
          if (g_date_strftime (date_text, sizeof date_text, "%x", &date) == 0)
            date_text[0] = '\0';
        }

      /* Translators: %s is a date */
      return g_strdup_printf (_("The basis expired on %s"), date_text);
    }

  return NULL;
}

void
dis_eligibility_evaluate (const DisBuyer            *buyer,
                          const DisEligibilityRules *rules,
                          guint32                    today_julian,
                          DisEligibility            *out)
{
  DisEligibilityRules default_rules = DIS_ELIGIBILITY_RULES_DEFAULT;

  g_return_if_fail (buyer != NULL);
  g_return_if_fail (out != NULL);

  if (rules == NULL)
    rules = &default_rules;

  memset (out, 0, sizeof *out);

  /* Anyone may pay the fair price or more. */
  out->allowed[DIS_TIER_EQUA] = TRUE;
  out->allowed[DIS_TIER_SOLIDALE] = TRUE;

  if (!buyer->is_member)
    {
      out->reason[DIS_TIER_IMPEGNO] = g_strdup (_("Only for members who meet the network's criteria"));
      out->reason[DIS_TIER_ACCESSIBILE] = g_strdup (_("Only for members who meet the network's criteria"));
    }
  else if (buyer->status == DIS_MEMBER_SUSPENDED)
    {
      out->reason[DIS_TIER_IMPEGNO] = g_strdup (_("Membership suspended"));
      out->reason[DIS_TIER_ACCESSIBILE] = g_strdup (_("Membership suspended"));
    }
  else
    {
      out->reason[DIS_TIER_IMPEGNO] = impegno_missing (buyer, rules, today_julian);
      out->allowed[DIS_TIER_IMPEGNO] = out->reason[DIS_TIER_IMPEGNO] == NULL;

      out->reason[DIS_TIER_ACCESSIBILE] = accessibile_missing (buyer, today_julian);
      out->allowed[DIS_TIER_ACCESSIBILE] = out->reason[DIS_TIER_ACCESSIBILE] == NULL;
    }

  /* A buyer may always choose any tier above the lowest allowed one. */
  for (guint i = 1; i < DIS_N_TIERS; i++)
    {
      if (out->allowed[i - 1] && !out->allowed[i])
        {
          out->allowed[i] = TRUE;
          g_clear_pointer (&out->reason[i], g_free);
        }
    }

  if (buyer->is_member
      && buyer->preferred_tier < DIS_N_TIERS
      && out->allowed[buyer->preferred_tier])
    out->default_tier = buyer->preferred_tier;
  else
    out->default_tier = DIS_TIER_EQUA;
}

void
dis_eligibility_clear (DisEligibility *eligibility)
{
  g_return_if_fail (eligibility != NULL);

  for (guint i = 0; i < DIS_N_TIERS; i++)
    g_clear_pointer (&eligibility->reason[i], g_free);
}
