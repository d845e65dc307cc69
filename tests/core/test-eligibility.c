/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "dis-core.h"

static guint32
julian (int day,
        int month,
        int year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return g_date_get_julian (&date);
}

/* A member meeting every Impegno criterion, with no Accessibile basis. */
static DisBuyer
impegno_member (void)
{
  return (DisBuyer) {
    .is_member = TRUE,
    .status = DIS_MEMBER_VALIDATED,
    .registered_julian = julian (10, 1, 2024),
    .volume_12m_cents = 15000,
    .documentation_acknowledged = TRUE,
    .has_declaration = TRUE,
    .basis = DIS_BASIS_NONE,
    .activity_score = 0,
    .preferred_tier = DIS_TIER_EQUA,
  };
}

/* Evaluates and checks the allowed flags, as a bit mask by tier;
 * a reason is there exactly when the tier is not allowed. */
static void
assert_allowed (const DisBuyer            *buyer,
                const DisEligibilityRules *rules,
                guint32                    today,
                guint                      expected_mask,
                DisEligibility            *out)
{
  dis_eligibility_evaluate (buyer, rules, today, out);

  for (guint i = 0; i < DIS_N_TIERS; i++)
    {
      gboolean expected = (expected_mask & (1u << i)) != 0;

      g_test_message ("tier %s: allowed %d reason %s", dis_tier_to_code (i),
                      out->allowed[i], out->reason[i]);
      g_assert_cmpint (out->allowed[i], ==, expected);
      if (expected)
        g_assert_null (out->reason[i]);
      else
        g_assert_nonnull (out->reason[i]);
    }
}

#define ACC (1u << DIS_TIER_ACCESSIBILE)
#define IMP (1u << DIS_TIER_IMPEGNO)
#define EQU (1u << DIS_TIER_EQUA)
#define SOL (1u << DIS_TIER_SOLIDALE)

static void
test_anonymous (void)
{
  DisBuyer buyer = { .is_member = FALSE, .preferred_tier = DIS_TIER_ACCESSIBILE };
  DisEligibility e;

  assert_allowed (&buyer, NULL, julian (1, 6, 2024), EQU | SOL, &e);
  g_assert_cmpstr (e.reason[DIS_TIER_IMPEGNO], ==, "Only for members who meet the network's criteria");
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_EQUA);
  dis_eligibility_clear (&e);
  g_assert_null (e.reason[DIS_TIER_IMPEGNO]);
  g_assert_null (e.reason[DIS_TIER_ACCESSIBILE]);
}

static void
test_impegno_all_met (void)
{
  DisBuyer buyer = impegno_member ();
  DisEligibility e;

  buyer.preferred_tier = DIS_TIER_IMPEGNO;
  assert_allowed (&buyer, NULL, julian (1, 6, 2024), IMP | EQU | SOL, &e);
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_IMPEGNO);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_ACCESSIBILE], "basis"));
  dis_eligibility_clear (&e);
}

static void
test_months_boundary (void)
{
  DisEligibilityRules rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  DisBuyer buyer = impegno_member ();
  DisEligibility e;

  /* Registered 10 Jan: eligible from 10 Mar, not on 9 Mar. */
  assert_allowed (&buyer, &rules, julian (10, 3, 2024), IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);
  assert_allowed (&buyer, &rules, julian (9, 3, 2024), EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "Registered 1 month of 2"));
  dis_eligibility_clear (&e);

  /* 31 Dec + 2 calendar months is the last day of February. */
  buyer.registered_julian = julian (31, 12, 2022);
  assert_allowed (&buyer, &rules, julian (28, 2, 2023), IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);
  assert_allowed (&buyer, &rules, julian (27, 2, 2023), EQU | SOL, &e);
  dis_eligibility_clear (&e);

  /* In a leap year that is 29 Feb; 28 Feb is one day short. */
  buyer.registered_julian = julian (31, 12, 2023);
  assert_allowed (&buyer, &rules, julian (29, 2, 2024), IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);
  assert_allowed (&buyer, &rules, julian (28, 2, 2024), EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "Registered 1 month of 2"));
  dis_eligibility_clear (&e);

  /* Registered today. */
  buyer.registered_julian = julian (5, 5, 2024);
  assert_allowed (&buyer, &rules, julian (5, 5, 2024), EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "Registered 0 months of 2"));
  dis_eligibility_clear (&e);

  /* Unknown registration date. */
  buyer.registered_julian = 0;
  assert_allowed (&buyer, &rules, julian (5, 5, 2024), EQU | SOL, &e);
  dis_eligibility_clear (&e);

  /* A network asking for 3 months. */
  rules.impegno_min_months = 3;
  buyer.registered_julian = julian (10, 1, 2024);
  assert_allowed (&buyer, &rules, julian (9, 4, 2024), EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "Registered 2 months of 3"));
  dis_eligibility_clear (&e);
  assert_allowed (&buyer, &rules, julian (10, 4, 2024), IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);
}

static void
test_volume_boundary (void)
{
  DisBuyer buyer = impegno_member ();
  DisEligibility e;

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  buyer.volume_12m_cents = 15000;
  assert_allowed (&buyer, NULL, julian (1, 6, 2024), IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);

  buyer.volume_12m_cents = 14999;
  assert_allowed (&buyer, NULL, julian (1, 6, 2024), EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "€149.99"));
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "€150.00"));
  dis_eligibility_clear (&e);
}

static void
test_impegno_other_criteria (void)
{
  DisEligibilityRules rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  guint32 today = julian (1, 6, 2024);
  DisBuyer buyer;
  DisEligibility e;

  buyer = impegno_member ();
  buyer.documentation_acknowledged = FALSE;
  assert_allowed (&buyer, &rules, today, EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "Documentation"));
  dis_eligibility_clear (&e);

  buyer = impegno_member ();
  buyer.has_declaration = FALSE;
  assert_allowed (&buyer, &rules, today, EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "declaration"));
  dis_eligibility_clear (&e);

  buyer = impegno_member ();
  buyer.status = DIS_MEMBER_PENDING;
  assert_allowed (&buyer, &rules, today, EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "not yet validated"));
  dis_eligibility_clear (&e);

  /* Activity only counts when the network asks for it. */
  buyer = impegno_member ();
  buyer.activity_score = 3;
  rules.impegno_activity_min = 4;
  assert_allowed (&buyer, &rules, today, IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);
  rules.impegno_needs_activity = TRUE;
  assert_allowed (&buyer, &rules, today, EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "Activity 3 hours of 4"));
  dis_eligibility_clear (&e);
  buyer.activity_score = 4;
  assert_allowed (&buyer, &rules, today, IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);

  /* Several missing criteria are all listed. */
  buyer = impegno_member ();
  buyer.has_declaration = FALSE;
  buyer.volume_12m_cents = 0;
  assert_allowed (&buyer, NULL, today, EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "declaration"));
  g_assert_nonnull (strstr (e.reason[DIS_TIER_IMPEGNO], "Purchases"));
  dis_eligibility_clear (&e);
}

static void
test_accessibile_expiry (void)
{
  DisBuyer buyer = impegno_member ();
  guint32 today = julian (15, 6, 2024);
  DisEligibility e;

  buyer.basis = DIS_BASIS_SELF_DECLARATION;

  buyer.basis_expires_julian = today;
  assert_allowed (&buyer, NULL, today, ACC | IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);

  buyer.basis_expires_julian = today - 1;
  assert_allowed (&buyer, NULL, today, IMP | EQU | SOL, &e);
  g_assert_nonnull (strstr (e.reason[DIS_TIER_ACCESSIBILE], "expired"));
  dis_eligibility_clear (&e);

  buyer.basis = DIS_BASIS_CERTIFICATE;
  buyer.basis_expires_julian = today + 300;
  assert_allowed (&buyer, NULL, today, ACC | IMP | EQU | SOL, &e);
  dis_eligibility_clear (&e);

  /* A self-declaration needs a validated member. */
  buyer.status = DIS_MEMBER_PENDING;
  buyer.basis = DIS_BASIS_SELF_DECLARATION;
  assert_allowed (&buyer, NULL, today, EQU | SOL, &e);
  dis_eligibility_clear (&e);
}

static void
test_provisional_pending (void)
{
  guint32 today = julian (15, 6, 2024);
  DisBuyer buyer = {
    .is_member = TRUE,
    .status = DIS_MEMBER_PENDING,
    .registered_julian = today,
    .basis = DIS_BASIS_PROVISIONAL,
    .basis_expires_julian = today + 30,
    .preferred_tier = DIS_TIER_ACCESSIBILE,
  };
  DisEligibility e;

  /* Impegno criteria all fail, but Accessibile implies every tier above. */
  assert_allowed (&buyer, NULL, today, ACC | IMP | EQU | SOL, &e);
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_ACCESSIBILE);
  dis_eligibility_clear (&e);

  buyer.basis_expires_julian = today - 1;
  assert_allowed (&buyer, NULL, today, EQU | SOL, &e);
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_EQUA);
  dis_eligibility_clear (&e);
}

static void
test_suspended (void)
{
  DisBuyer buyer = impegno_member ();
  guint32 today = julian (15, 6, 2024);
  DisEligibility e;

  buyer.status = DIS_MEMBER_SUSPENDED;
  buyer.basis = DIS_BASIS_PROVISIONAL;
  buyer.basis_expires_julian = today + 30;
  buyer.preferred_tier = DIS_TIER_ACCESSIBILE;

  assert_allowed (&buyer, NULL, today, EQU | SOL, &e);
  g_assert_cmpstr (e.reason[DIS_TIER_ACCESSIBILE], ==, "Membership suspended");
  g_assert_cmpstr (e.reason[DIS_TIER_IMPEGNO], ==, "Membership suspended");
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_EQUA);
  dis_eligibility_clear (&e);
}

static void
test_default_tier (void)
{
  DisBuyer buyer = impegno_member ();
  guint32 today = julian (15, 6, 2024);
  DisEligibility e;

  buyer.preferred_tier = DIS_TIER_SOLIDALE;
  dis_eligibility_evaluate (&buyer, NULL, today, &e);
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_SOLIDALE);
  dis_eligibility_clear (&e);

  /* Prefers Accessibile without a basis but meets Impegno: the nearest
   * tier above the preference, Impegno, not Equa (issue 9, item 16). */
  buyer.preferred_tier = DIS_TIER_ACCESSIBILE;
  dis_eligibility_evaluate (&buyer, NULL, today, &e);
  g_assert_false (e.allowed[DIS_TIER_ACCESSIBILE]);
  g_assert_true (e.allowed[DIS_TIER_IMPEGNO]);
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_IMPEGNO);
  dis_eligibility_clear (&e);

  /* Eligible for neither: Equa. */
  buyer.volume_12m_cents = 100;
  dis_eligibility_evaluate (&buyer, NULL, today, &e);
  g_assert_false (e.allowed[DIS_TIER_IMPEGNO]);
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_EQUA);
  dis_eligibility_clear (&e);
  buyer.volume_12m_cents = 15000;

  buyer.preferred_tier = DIS_TIER_EQUA;
  dis_eligibility_evaluate (&buyer, NULL, today, &e);
  g_assert_cmpint (e.default_tier, ==, DIS_TIER_EQUA);
  dis_eligibility_clear (&e);
}

/* Issue 9, item 16: the default is the lowest allowed tier at or above
 * the preference, for every preference and every set of allowed tiers. */
static void
test_default_tier_rule (void)
{
  static const struct {
    DisTier  preferred;
    guint    allowed;
    DisTier  expected;
  } cases[] = {
    { DIS_TIER_ACCESSIBILE, ACC | IMP | EQU | SOL, DIS_TIER_ACCESSIBILE },
    { DIS_TIER_ACCESSIBILE, IMP | EQU | SOL, DIS_TIER_IMPEGNO },
    { DIS_TIER_ACCESSIBILE, EQU | SOL, DIS_TIER_EQUA },
    { DIS_TIER_IMPEGNO, ACC | IMP | EQU | SOL, DIS_TIER_IMPEGNO },
    { DIS_TIER_IMPEGNO, EQU | SOL, DIS_TIER_EQUA },
    { DIS_TIER_EQUA, ACC | IMP | EQU | SOL, DIS_TIER_EQUA },
    { DIS_TIER_SOLIDALE, EQU | SOL, DIS_TIER_SOLIDALE },
  };
  DisBuyer member = impegno_member ();
  DisBuyer anonymous = { .is_member = FALSE, .preferred_tier = DIS_TIER_ACCESSIBILE };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean allowed[DIS_N_TIERS];

      for (guint t = 0; t < DIS_N_TIERS; t++)
        allowed[t] = (cases[i].allowed & (1u << t)) != 0;
      member.preferred_tier = cases[i].preferred;
      g_test_message ("case %u", i);
      g_assert_cmpint (dis_eligibility_default_tier (&member, allowed), ==, cases[i].expected);
      /* No preference on record for a walk-in. */
      g_assert_cmpint (dis_eligibility_default_tier (&anonymous, allowed), ==, DIS_TIER_EQUA);
    }
}

/* Whatever the buyer, the allowed tiers are always "from some tier up". */
static void
test_any_tier_above (void)
{
  guint32 today = julian (15, 6, 2024);
  GRand *rand = g_rand_new_with_seed (1234);

  for (guint n = 0; n < 5000; n++)
    {
      DisBuyer buyer = {
        .is_member = g_rand_boolean (rand),
        .status = g_rand_int_range (rand, 0, 3),
        .registered_julian = today - g_rand_int_range (rand, 0, 120),
        .volume_12m_cents = g_rand_int_range (rand, 14990, 15010),
        .documentation_acknowledged = g_rand_int_range (rand, 0, 4) != 0,
        .has_declaration = g_rand_int_range (rand, 0, 4) != 0,
        .basis = g_rand_int_range (rand, 0, 4),
        .basis_expires_julian = today + g_rand_int_range (rand, -2, 3),
        .preferred_tier = g_rand_int_range (rand, 0, DIS_N_TIERS),
      };
      DisEligibility e;

      dis_eligibility_evaluate (&buyer, NULL, today, &e);
      g_assert_true (e.allowed[DIS_TIER_EQUA]);
      g_assert_true (e.allowed[DIS_TIER_SOLIDALE]);
      for (guint i = 1; i < DIS_N_TIERS; i++)
        if (e.allowed[i - 1])
          g_assert_true (e.allowed[i]);
      for (guint i = 0; i < DIS_N_TIERS; i++)
        g_assert_true (e.allowed[i] == (e.reason[i] == NULL));
      g_assert_true (e.allowed[e.default_tier]);
      /* Never below the preference, never above the nearest allowed tier. */
      if (buyer.is_member)
        {
          g_assert_cmpint (e.default_tier, >=, buyer.preferred_tier);
          for (guint i = buyer.preferred_tier; i < e.default_tier; i++)
            g_assert_false (e.allowed[i]);
        }
      dis_eligibility_clear (&e);
    }

  g_rand_free (rand);
}

static const DisCriterionCheck *
find_check (GPtrArray    *checks,
            DisCriterion  criterion)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const DisCriterionCheck *check = g_ptr_array_index (checks, i);

      if (check->criterion == criterion)
        return check;
    }

  g_error ("No criterion %d in the checklist", criterion);
}

/* Each criterion with its figure, and the unmet ones are exactly the
 * reasons the evaluation gives. */
static void
test_checklist (void)
{
  DisEligibilityRules rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  DisBuyer buyer = impegno_member ();
  g_autoptr(GPtrArray) checks = NULL;
  const DisCriterionCheck *check;
  DisEligibility e;
  DisBuyer anonymous = { .is_member = FALSE };

  checks = dis_eligibility_checklist (&anonymous, &rules, julian (1, 6, 2024));
  g_assert_cmpuint (checks->len, ==, 0);
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Registered 10 Jan, on 9 Mar: one month of two; € 84 of € 150. */
  buyer.volume_12m_cents = 8400;
  buyer.has_declaration = FALSE;
  checks = dis_eligibility_checklist (&buyer, &rules, julian (9, 3, 2024));
  g_assert_cmpuint (checks->len, ==, 6);   /* no activity criterion by default */
  for (guint i = 0; i < checks->len; i++)
    g_assert_cmpint (((DisCriterionCheck *) g_ptr_array_index (checks, i))->criterion, !=,
                     DIS_CRITERION_ACTIVITY);

  check = find_check (checks, DIS_CRITERION_STATUS);
  g_assert_true (check->met);
  check = find_check (checks, DIS_CRITERION_MONTHS);
  g_assert_false (check->met);
  g_assert_cmpint (check->tier, ==, DIS_TIER_IMPEGNO);
  g_assert_cmpstr (check->text, ==, "Registered 1 month of 2");
  check = find_check (checks, DIS_CRITERION_VOLUME);
  g_assert_false (check->met);
  g_assert_nonnull (strstr (check->text, "84"));
  g_assert_nonnull (strstr (check->text, "150"));
  check = find_check (checks, DIS_CRITERION_DOCUMENTATION);
  g_assert_true (check->met);
  check = find_check (checks, DIS_CRITERION_DECLARATION);
  g_assert_false (check->met);
  check = find_check (checks, DIS_CRITERION_BASIS);
  g_assert_false (check->met);
  g_assert_cmpint (check->tier, ==, DIS_TIER_ACCESSIBILE);

  dis_eligibility_evaluate (&buyer, &rules, julian (9, 3, 2024), &e);
  for (guint i = 0; i < checks->len; i++)
    {
      const DisCriterionCheck *c = g_ptr_array_index (checks, i);

      g_assert_true (c->met == (strstr (e.reason[c->tier], c->text) == NULL));
    }
  dis_eligibility_clear (&e);
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Every criterion met, an activity asked for, a basis valid until
   * today: the basis line says until when and nothing about its kind. */
  buyer = impegno_member ();
  buyer.activity_score = 12;
  buyer.basis = DIS_BASIS_CERTIFICATE;
  buyer.basis_expires_julian = julian (1, 6, 2024);
  rules.impegno_needs_activity = TRUE;
  rules.impegno_activity_min = 10;
  checks = dis_eligibility_checklist (&buyer, &rules, julian (1, 6, 2024));
  g_assert_cmpuint (checks->len, ==, 7);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (((DisCriterionCheck *) g_ptr_array_index (checks, i))->met);
  check = find_check (checks, DIS_CRITERION_MONTHS);
  g_assert_cmpstr (check->text, ==, "Registered 4 months (at least 2)");
  check = find_check (checks, DIS_CRITERION_ACTIVITY);
  g_assert_cmpstr (check->text, ==, "Activity 12 hours (at least 10)");
  check = find_check (checks, DIS_CRITERION_BASIS);
  g_assert_true (g_str_has_prefix (check->text, "Accessibile basis: valid until "));
  g_assert_null (strstr (check->text, "ertificate"));
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* The day after, the basis has expired. */
  checks = dis_eligibility_checklist (&buyer, &rules, julian (2, 6, 2024));
  check = find_check (checks, DIS_CRITERION_BASIS);
  g_assert_false (check->met);
  g_assert_true (g_str_has_prefix (check->text, "The basis expired on "));
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Suspended: the status criterion says so. */
  buyer.status = DIS_MEMBER_SUSPENDED;
  checks = dis_eligibility_checklist (&buyer, &rules, julian (1, 6, 2024));
  check = find_check (checks, DIS_CRITERION_STATUS);
  g_assert_false (check->met);
  g_assert_cmpstr (check->text, ==, "Membership suspended");
}

/* Issue 10: the hub judges the figures into verdicts; a point decides
 * from the verdicts alone, offline, as the figures would have it. */
static void
test_verdicts (void)
{
  DisEligibilityRules rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  guint32 today = julian (10, 6, 2024);
  guint32 lapse = julian (1, 3, 2025);
  DisBuyer figures = impegno_member ();
  DisBuyer point = { .is_member = TRUE, .status = DIS_MEMBER_VALIDATED, .preferred_tier = DIS_TIER_ACCESSIBILE };
  DisVerdict verdicts[DIS_TIER_EQUA];
  DisEligibility eligibility;
  DisCriterion criterion;

  for (guint i = 0; i < DIS_N_CRITERIA; i++)
    {
      g_assert_true (dis_criterion_from_code (dis_criterion_to_code (i), &criterion));
      g_assert_cmpint (criterion, ==, i);
    }
  g_assert_false (dis_criterion_from_code ("income", &criterion));

  /* Impegno met, until the volume lapses; no basis. */
  dis_eligibility_verdicts (&figures, &rules, today, lapse, verdicts);
  g_assert_cmpuint (verdicts[DIS_TIER_IMPEGNO].missing, ==, 0);
  g_assert_cmpuint (verdicts[DIS_TIER_IMPEGNO].until_julian, ==, lapse);
  g_assert_cmpuint (verdicts[DIS_TIER_ACCESSIBILE].missing, ==, 1u << DIS_CRITERION_BASIS);
  g_assert_cmpuint (verdicts[DIS_TIER_ACCESSIBILE].until_julian, ==, 0);

  point.has_verdicts = TRUE;
  memcpy (point.verdict, verdicts, sizeof verdicts);
  dis_eligibility_evaluate (&point, &rules, today, &eligibility);
  g_assert_true (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_false (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  g_assert_cmpstr (eligibility.reason[DIS_TIER_ACCESSIBILE], ==, "No valid basis on record for the Accessibile tier");
  g_assert_cmpint (eligibility.default_tier, ==, DIS_TIER_IMPEGNO);
  dis_eligibility_clear (&eligibility);
  /* The last day it holds, then no more. */
  dis_eligibility_evaluate (&point, &rules, lapse, &eligibility);
  g_assert_true (eligibility.allowed[DIS_TIER_IMPEGNO]);
  dis_eligibility_clear (&eligibility);
  dis_eligibility_evaluate (&point, &rules, lapse + 1, &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_cmpstr (eligibility.reason[DIS_TIER_IMPEGNO], ==, "Purchases in the last 12 months: less than €150.00");
  dis_eligibility_clear (&eligibility);

  /* A certificate until the end of the year; two Impegno criteria short. */
  figures.basis = DIS_BASIS_CERTIFICATE;
  figures.basis_expires_julian = julian (31, 12, 2024);
  figures.volume_12m_cents = 100;
  figures.has_declaration = FALSE;
  dis_eligibility_verdicts (&figures, &rules, today, 0, verdicts);
  g_assert_cmpuint (verdicts[DIS_TIER_IMPEGNO].missing, ==,
                    (1u << DIS_CRITERION_VOLUME) | (1u << DIS_CRITERION_DECLARATION));
  g_assert_cmpuint (verdicts[DIS_TIER_IMPEGNO].until_julian, ==, 0);
  g_assert_cmpuint (verdicts[DIS_TIER_ACCESSIBILE].missing, ==, 0);
  g_assert_cmpuint (verdicts[DIS_TIER_ACCESSIBILE].until_julian, ==, julian (31, 12, 2024));

  memcpy (point.verdict, verdicts, sizeof verdicts);
  dis_eligibility_evaluate (&point, &rules, today, &eligibility);
  g_assert_true (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  g_assert_true (eligibility.allowed[DIS_TIER_IMPEGNO]);   /* any tier above */
  g_assert_cmpint (eligibility.default_tier, ==, DIS_TIER_ACCESSIBILE);
  dis_eligibility_clear (&eligibility);
  dis_eligibility_evaluate (&point, &rules, julian (1, 1, 2025), &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "Purchases in the last 12 months: less than"));
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "No public commitment declaration"));
  g_assert_null (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "Registered"));
  dis_eligibility_clear (&eligibility);

  /* Suspended: nothing below Equa, whatever the basis. */
  figures.status = DIS_MEMBER_SUSPENDED;
  dis_eligibility_verdicts (&figures, &rules, today, 0, verdicts);
  g_assert_cmpuint (verdicts[DIS_TIER_ACCESSIBILE].missing & (1u << DIS_CRITERION_STATUS), !=, 0);
  g_assert_cmpuint (verdicts[DIS_TIER_IMPEGNO].missing & (1u << DIS_CRITERION_STATUS), !=, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add_func ("/core/eligibility/anonymous", test_anonymous);
  g_test_add_func ("/core/eligibility/impegno-all-met", test_impegno_all_met);
  g_test_add_func ("/core/eligibility/months-boundary", test_months_boundary);
  g_test_add_func ("/core/eligibility/volume-boundary", test_volume_boundary);
  g_test_add_func ("/core/eligibility/impegno-other-criteria", test_impegno_other_criteria);
  g_test_add_func ("/core/eligibility/accessibile-expiry", test_accessibile_expiry);
  g_test_add_func ("/core/eligibility/provisional-pending", test_provisional_pending);
  g_test_add_func ("/core/eligibility/suspended", test_suspended);
  g_test_add_func ("/core/eligibility/default-tier", test_default_tier);
  g_test_add_func ("/core/eligibility/default-tier-rule", test_default_tier_rule);
  g_test_add_func ("/core/eligibility/any-tier-above", test_any_tier_above);
  g_test_add_func ("/core/eligibility/checklist", test_checklist);
  g_test_add_func ("/core/eligibility/verdicts", test_verdicts);

  return g_test_run ();
}
