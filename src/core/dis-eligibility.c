/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-eligibility"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dis-date.h"
#include "dis-money.h"
#include "dis-tier.h"

#define REASON_SEPARATOR "; "

/* Whole calendar months elapsed from @from to @to (0 if @to < @from). */
static guint
full_months_between (guint32 from,
                     guint32 to)
{
  guint months = 0;

  while (months < G_MAXUINT16)
    {
      guint32 next = dis_date_add_months (from, months + 1);

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

/* "%x" of a Julian day, "" when invalid. */
static char *
format_julian (guint32 julian)
{
  char text[64] = "";
  GDate date;

  if (g_date_valid_julian (julian))
    {
      g_date_clear (&date, 1);
      g_date_set_julian (&date, julian);
      if (g_date_strftime (text, sizeof text, "%x", &date) == 0)
        text[0] = '\0';
    }

  return g_strdup (text);
}

static void
add_check (GPtrArray    *checks,
           DisCriterion  criterion,
           DisTier       tier,
           gboolean      met,
           char         *text)
{
  DisCriterionCheck *check = g_new0 (DisCriterionCheck, 1);

  check->criterion = criterion;
  check->tier = tier;
  check->met = met;
  check->text = text;
  g_ptr_array_add (checks, check);
}

/* Every Impegno criterion, met or not, with its figure. The texts of the
 * unmet ones are the reasons dis_eligibility_evaluate() gives. */
static void
impegno_checks (GPtrArray                 *checks,
                const DisBuyer            *buyer,
                const DisEligibilityRules *rules,
                guint32                    today_julian)
{
  const DisTier tier = DIS_TIER_IMPEGNO;

  g_assert (buyer != NULL);
  g_assert (rules != NULL);

  if (buyer->status == DIS_MEMBER_VALIDATED)
    add_check (checks, DIS_CRITERION_STATUS, tier, TRUE, g_strdup (_("Membership validated")));
  else if (buyer->status == DIS_MEMBER_SUSPENDED)
    add_check (checks, DIS_CRITERION_STATUS, tier, FALSE, g_strdup (_("Membership suspended")));
  else
    add_check (checks, DIS_CRITERION_STATUS, tier, FALSE, g_strdup (_("Membership not yet validated")));

  if (rules->impegno_min_months > 0)
    {
      guint32 from = dis_date_add_months (buyer->registered_julian, rules->impegno_min_months);
      guint months = buyer->registered_julian != 0 && today_julian >= buyer->registered_julian
                     ? full_months_between (buyer->registered_julian, today_julian)
                     : 0;

      if (from == 0)
        add_check (checks, DIS_CRITERION_MONTHS, tier, FALSE,
                   g_strdup (_("Registration date unknown")));
      else if (today_julian < from)
        /* Translators: "Registered 1 month of 2", the second number is
         * the minimum the network asks for */
        add_check (checks, DIS_CRITERION_MONTHS, tier, FALSE,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Registered %u month of %u",
                                                 "Registered %u months of %u",
                                                 months),
                                    months, rules->impegno_min_months));
      else
        /* Translators: "Registered 5 months (at least 2)" */
        add_check (checks, DIS_CRITERION_MONTHS, tier, TRUE,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Registered %u month (at least %u)",
                                                 "Registered %u months (at least %u)",
                                                 months),
                                    months, rules->impegno_min_months));
    }

  {
    g_autofree char *have = dis_money_format (buyer->volume_12m_cents);
    g_autofree char *need = dis_money_format (rules->impegno_volume_cents);

    if (buyer->volume_12m_cents < rules->impegno_volume_cents)
      /* Translators: "Purchases in the last 12 months € 120,00 of € 150,00" */
      add_check (checks, DIS_CRITERION_VOLUME, tier, FALSE,
                 g_strdup_printf (_("Purchases in the last 12 months %s of %s"), have, need));
    else
      /* Translators: "Purchases in the last 12 months € 180,00 (at least € 150,00)" */
      add_check (checks, DIS_CRITERION_VOLUME, tier, TRUE,
                 g_strdup_printf (_("Purchases in the last 12 months %s (at least %s)"), have, need));
  }

  if (buyer->documentation_acknowledged)
    add_check (checks, DIS_CRITERION_DOCUMENTATION, tier, TRUE,
               g_strdup (_("Documentation on the solidarity economy acknowledged")));
  else
    add_check (checks, DIS_CRITERION_DOCUMENTATION, tier, FALSE,
               g_strdup (_("Documentation on the solidarity economy not acknowledged")));

  if (buyer->has_declaration)
    add_check (checks, DIS_CRITERION_DECLARATION, tier, TRUE,
               g_strdup (_("Public commitment declaration made")));
  else
    add_check (checks, DIS_CRITERION_DECLARATION, tier, FALSE,
               g_strdup (_("No public commitment declaration")));

  if (rules->impegno_needs_activity)
    {
      int have = (int) CLAMP (buyer->activity_score, G_MININT, G_MAXINT);
      int need = (int) CLAMP (rules->impegno_activity_min, G_MININT, G_MAXINT);

      if (buyer->activity_score < rules->impegno_activity_min)
        /* Translators: "Activity 3 hours of 10" */
        add_check (checks, DIS_CRITERION_ACTIVITY, tier, FALSE,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Activity %d hour of %d",
                                                 "Activity %d hours of %d",
                                                 (gulong) ABS (have)),
                                    have, need));
      else
        /* Translators: "Activity 12 hours (at least 10)" */
        add_check (checks, DIS_CRITERION_ACTIVITY, tier, TRUE,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Activity %d hour (at least %d)",
                                                 "Activity %d hours (at least %d)",
                                                 (gulong) ABS (have)),
                                    have, need));
    }
}

/* A basis on record, valid up to @expires_julian: met or expired. */
static void
add_basis_until (GPtrArray *checks,
                 guint32    expires_julian,
                 guint32    today_julian)
{
  const DisTier tier = DIS_TIER_ACCESSIBILE;
  g_autofree char *until = NULL;

  if (expires_julian == 0)
    {
      add_check (checks, DIS_CRITERION_BASIS, tier, FALSE,
                 g_strdup (_("The basis has no expiry date")));
      return;
    }

  until = format_julian (expires_julian);

  /* The expiry is the last day the basis is valid. */
  if (expires_julian < today_julian)
    /* Translators: %s is a date */
    add_check (checks, DIS_CRITERION_BASIS, tier, FALSE,
               g_strdup_printf (_("The basis expired on %s"), until));
  else
    /* Translators: %s is a date */
    add_check (checks, DIS_CRITERION_BASIS, tier, TRUE,
               g_strdup_printf (_("Accessibile basis: valid until %s"), until));
}

/* The Accessibile basis. Discretion: only whether there is a valid one
 * and until when, never what it is. */
static void
accessibile_checks (GPtrArray      *checks,
                    const DisBuyer *buyer,
                    guint32         today_julian)
{
  const DisTier tier = DIS_TIER_ACCESSIBILE;

  g_assert (buyer != NULL);

  switch (buyer->basis)
    {
    case DIS_BASIS_SELF_DECLARATION:
    case DIS_BASIS_CERTIFICATE:
      if (buyer->status != DIS_MEMBER_VALIDATED)
        {
          add_check (checks, DIS_CRITERION_BASIS, tier, FALSE,
                     g_strdup (_("Membership not yet validated")));
          return;
        }
      break;

    case DIS_BASIS_PROVISIONAL:
      /* Granted by a point manager to a pending member, pending review. */
      break;

    case DIS_BASIS_NONE:
    default:
      add_check (checks, DIS_CRITERION_BASIS, tier, FALSE,
                 g_strdup (_("No basis on record for the Accessibile tier")));
      return;
    }

  add_basis_until (checks, buyer->basis_expires_julian, today_julian);
}

/* ---- Verdicts ------------------------------------------------------------- */

static const char * const criterion_codes[DIS_N_CRITERIA] = {
  [DIS_CRITERION_STATUS] = "status",
  [DIS_CRITERION_MONTHS] = "months",
  [DIS_CRITERION_VOLUME] = "volume",
  [DIS_CRITERION_DOCUMENTATION] = "documentation",
  [DIS_CRITERION_DECLARATION] = "declaration",
  [DIS_CRITERION_ACTIVITY] = "activity",
  [DIS_CRITERION_BASIS] = "basis",
};

const char *
dis_criterion_to_code (DisCriterion criterion)
{
  g_return_val_if_fail ((guint) criterion < DIS_N_CRITERIA, NULL);
  return criterion_codes[criterion];
}

gboolean
dis_criterion_from_code (const char   *code,
                         DisCriterion *out_criterion)
{
  g_return_val_if_fail (out_criterion != NULL, FALSE);

  for (guint i = 0; code != NULL && i < DIS_N_CRITERIA; i++)
    if (g_str_equal (criterion_codes[i], code))
      {
        *out_criterion = (DisCriterion) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
verdict_met (const DisVerdict *verdict,
             DisCriterion      criterion)
{
  return (verdict->missing & (1u << criterion)) == 0;
}

/* Impegno as the hub judged it: each criterion the network asks for (or
 * the hub names), without the figures. Only the volume lapses by itself,
 * so a verdict past its date leaves the volume unmet until the hub says
 * more. */
static void
impegno_verdict_checks (GPtrArray                 *checks,
                        const DisBuyer            *buyer,
                        const DisEligibilityRules *rules,
                        guint32                    today_julian)
{
  const DisTier tier = DIS_TIER_IMPEGNO;
  const DisVerdict *verdict = &buyer->verdict[tier];
  gboolean lapsed = verdict->missing == 0 && verdict->until_julian != 0 && verdict->until_julian < today_julian;
  guint months = rules->impegno_min_months;
  int activity = (int) CLAMP (rules->impegno_activity_min, 0, G_MAXINT);
  g_autofree char *volume = dis_money_format (rules->impegno_volume_cents);

  if (verdict_met (verdict, DIS_CRITERION_STATUS) && buyer->status == DIS_MEMBER_VALIDATED)
    add_check (checks, DIS_CRITERION_STATUS, tier, TRUE, g_strdup (_("Membership validated")));
  else if (buyer->status == DIS_MEMBER_SUSPENDED)
    add_check (checks, DIS_CRITERION_STATUS, tier, FALSE, g_strdup (_("Membership suspended")));
  else
    add_check (checks, DIS_CRITERION_STATUS, tier, FALSE, g_strdup (_("Membership not yet validated")));

  if (months > 0 || !verdict_met (verdict, DIS_CRITERION_MONTHS))
    add_check (checks, DIS_CRITERION_MONTHS, tier, verdict_met (verdict, DIS_CRITERION_MONTHS),
               verdict_met (verdict, DIS_CRITERION_MONTHS)
               /* Translators: "Registered for at least 2 months" */
               ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Registered for at least %u month",
                                               "Registered for at least %u months", months), months)
               /* Translators: "Registered for less than 2 months" */
               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Registered for less than %u month",
                                               "Registered for less than %u months", months), months));

  if (verdict_met (verdict, DIS_CRITERION_VOLUME) && !lapsed)
    /* Translators: "Purchases in the last 12 months: at least € 150,00" */
    add_check (checks, DIS_CRITERION_VOLUME, tier, TRUE,
               g_strdup_printf (_("Purchases in the last 12 months: at least %s"), volume));
  else
    /* Translators: "Purchases in the last 12 months: less than € 150,00" */
    add_check (checks, DIS_CRITERION_VOLUME, tier, FALSE,
               g_strdup_printf (_("Purchases in the last 12 months: less than %s"), volume));

  if (verdict_met (verdict, DIS_CRITERION_DOCUMENTATION))
    add_check (checks, DIS_CRITERION_DOCUMENTATION, tier, TRUE,
               g_strdup (_("Documentation on the solidarity economy acknowledged")));
  else
    add_check (checks, DIS_CRITERION_DOCUMENTATION, tier, FALSE,
               g_strdup (_("Documentation on the solidarity economy not acknowledged")));

  if (verdict_met (verdict, DIS_CRITERION_DECLARATION))
    add_check (checks, DIS_CRITERION_DECLARATION, tier, TRUE,
               g_strdup (_("Public commitment declaration made")));
  else
    add_check (checks, DIS_CRITERION_DECLARATION, tier, FALSE,
               g_strdup (_("No public commitment declaration")));

  if (rules->impegno_needs_activity || !verdict_met (verdict, DIS_CRITERION_ACTIVITY))
    add_check (checks, DIS_CRITERION_ACTIVITY, tier, verdict_met (verdict, DIS_CRITERION_ACTIVITY),
               verdict_met (verdict, DIS_CRITERION_ACTIVITY)
               /* Translators: "Activity: at least 10 hours" */
               ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Activity: at least %d hour",
                                               "Activity: at least %d hours", (gulong) activity), activity)
               /* Translators: "Activity: less than 10 hours" */
               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Activity: less than %d hour",
                                               "Activity: less than %d hours", (gulong) activity), activity));
}

/* Accessibile as the hub judged it: a valid basis until a date, or none. */
static void
accessibile_verdict_checks (GPtrArray      *checks,
                            const DisBuyer *buyer,
                            guint32         today_julian)
{
  const DisVerdict *verdict = &buyer->verdict[DIS_TIER_ACCESSIBILE];

  if (verdict->missing != 0)
    add_check (checks, DIS_CRITERION_BASIS, DIS_TIER_ACCESSIBILE, FALSE,
               g_strdup (_("No valid basis on record for the Accessibile tier")));
  else
    add_basis_until (checks, verdict->until_julian, today_julian);
}

void
dis_eligibility_verdicts (const DisBuyer            *buyer,
                          const DisEligibilityRules *rules,
                          guint32                    today_julian,
                          guint32                    volume_until_julian,
                          DisVerdict                 out[DIS_TIER_EQUA])
{
  g_autoptr(GPtrArray) checks = NULL;
  DisEligibilityRules default_rules = DIS_ELIGIBILITY_RULES_DEFAULT;

  g_return_if_fail (buyer != NULL && buyer->is_member && !buyer->has_verdicts);
  g_return_if_fail (out != NULL);

  if (rules == NULL)
    rules = &default_rules;

  memset (out, 0, sizeof (DisVerdict) * DIS_TIER_EQUA);
  checks = dis_eligibility_checklist (buyer, rules, today_julian);
  for (guint i = 0; i < checks->len; i++)
    {
      DisCriterionCheck *check = g_ptr_array_index (checks, i);

      if (!check->met)
        out[check->tier].missing |= 1u << check->criterion;
    }
  /* dis_eligibility_evaluate() refuses a suspended member every tier
   * below Equa, whatever the basis. */
  if (buyer->status == DIS_MEMBER_SUSPENDED)
    out[DIS_TIER_ACCESSIBILE].missing |= 1u << DIS_CRITERION_STATUS;

  if (out[DIS_TIER_ACCESSIBILE].missing == 0)
    out[DIS_TIER_ACCESSIBILE].until_julian = buyer->basis_expires_julian;
  if (out[DIS_TIER_IMPEGNO].missing == 0 && rules->impegno_volume_cents > 0)
    out[DIS_TIER_IMPEGNO].until_julian = volume_until_julian;
}

/* The unmet criteria of @tier joined as one reason, NULL when all are met. */
static char *
join_missing (GPtrArray *checks,
              DisTier    tier)
{
  GString *missing = g_string_new (NULL);

  for (guint i = 0; i < checks->len; i++)
    {
      DisCriterionCheck *check = g_ptr_array_index (checks, i);

      if (check->tier == tier && !check->met)
        append_reason (missing, check->text);
    }

  if (missing->len == 0)
    {
      g_string_free (missing, TRUE);
      return NULL;
    }

  return g_string_free (missing, FALSE);
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
      g_autoptr(GPtrArray) checks = dis_eligibility_checklist (buyer, rules, today_julian);

      out->reason[DIS_TIER_IMPEGNO] = join_missing (checks, DIS_TIER_IMPEGNO);
      out->allowed[DIS_TIER_IMPEGNO] = out->reason[DIS_TIER_IMPEGNO] == NULL;

      out->reason[DIS_TIER_ACCESSIBILE] = join_missing (checks, DIS_TIER_ACCESSIBILE);
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

  out->default_tier = dis_eligibility_default_tier (buyer, out->allowed);
}

DisTier
dis_eligibility_default_tier (const DisBuyer *buyer,
                              const gboolean  allowed[DIS_N_TIERS])
{
  g_return_val_if_fail (buyer != NULL, DIS_TIER_EQUA);
  g_return_val_if_fail (allowed != NULL, DIS_TIER_EQUA);

  /* A walk-in has no preference on record. */
  if (!buyer->is_member || buyer->preferred_tier >= DIS_N_TIERS)
    return DIS_TIER_EQUA;

  /* The preference, or the nearest tier above it the member may use: one
   * who prefers Accessibile but is eligible only for Impegno gets Impegno,
   * not Equa. Equa and Solidale are always allowed, so this stops there
   * at the latest. */
  for (guint tier = buyer->preferred_tier; tier < DIS_N_TIERS; tier++)
    if (allowed[tier])
      return (DisTier) tier;

  return DIS_TIER_EQUA;
}

void
dis_eligibility_clear (DisEligibility *eligibility)
{
  g_return_if_fail (eligibility != NULL);

  for (guint i = 0; i < DIS_N_TIERS; i++)
    g_clear_pointer (&eligibility->reason[i], g_free);
}

void
dis_criterion_check_free (DisCriterionCheck *check)
{
  if (check == NULL)
    return;

  g_free (check->text);
  g_free (check);
}

GPtrArray *
dis_eligibility_checklist (const DisBuyer            *buyer,
                           const DisEligibilityRules *rules,
                           guint32                    today_julian)
{
  DisEligibilityRules default_rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  GPtrArray *checks;

  g_return_val_if_fail (buyer != NULL, NULL);

  if (rules == NULL)
    rules = &default_rules;

  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_criterion_check_free);

  if (!buyer->is_member)
    return checks;

  if (buyer->has_verdicts)
    {
      impegno_verdict_checks (checks, buyer, rules, today_julian);
      accessibile_verdict_checks (checks, buyer, today_julian);
    }
  else
    {
      impegno_checks (checks, buyer, rules, today_julian);
      accessibile_checks (checks, buyer, today_julian);
    }

  return checks;
}
