/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In order of price. The numeric order is used by eligibility ("any tier above"). */
typedef enum
{
  DIS_TIER_ACCESSIBILE,
  DIS_TIER_IMPEGNO,
  DIS_TIER_EQUA,
  DIS_TIER_SOLIDALE,
  DIS_N_TIERS
} DisTier;

const char *dis_tier_to_code   (DisTier      tier);   /* "accessibile", … */
gboolean    dis_tier_from_code (const char  *code,
                                DisTier     *out_tier);
const char *dis_tier_get_name  (DisTier      tier);   /* translated: "Accessibile" … */

/* Network default percentages from Equa, in basis points (−2500 = −25 %). */
typedef struct
{
  gint32 accessibile_bp;
  gint32 impegno_bp;
  gint32 solidale_bp;
} DisTierPercents;

#define DIS_TIER_PERCENTS_DEFAULT ((DisTierPercents) { -2500, -1000, 1500 })

/* Per-product overrides: a negative "has_" flag means use the network default. */
typedef struct
{
  gboolean has_accessibile;
  gint32   accessibile_bp;
  gboolean has_impegno;
  gint32   impegno_bp;
  gboolean has_solidale;
  gint32   solidale_bp;
} DisTierOverrides;

/* equa × (10000 + bp) / 10000, rounded half up. */
gint64   dis_tier_price_from_equa (gint64                  equa_cents,
                                   gint32                  bp);

/* Fills prices[DIS_N_TIERS] from the Equa price, the network defaults and
 * the product's overrides (overrides may be NULL). Fails with
 * DIS_ERROR_PRICE_ORDER when the result is not
 * accessibile ≤ impegno ≤ equa ≤ solidale, or DIS_ERROR_INVALID when
 * equa ≤ 0. */
gboolean dis_tier_compute_prices  (gint64                  equa_cents,
                                   const DisTierPercents  *defaults,
                                   const DisTierOverrides *overrides,
                                   gint64                  prices[DIS_N_TIERS],
                                   GError                **error);

/* Checks accessibile ≤ impegno ≤ equa ≤ solidale and all > 0. */
gboolean dis_tier_validate_prices (const gint64            prices[DIS_N_TIERS],
                                   GError                **error);

/* ---- Eligibility ------------------------------------------------------- */

typedef enum
{
  DIS_MEMBER_PENDING,
  DIS_MEMBER_VALIDATED,
  DIS_MEMBER_SUSPENDED,
} DisMemberStatus;

typedef enum
{
  DIS_BASIS_NONE,
  DIS_BASIS_SELF_DECLARATION,
  DIS_BASIS_CERTIFICATE,
  DIS_BASIS_PROVISIONAL,
} DisBasisKind;

typedef enum
{
  DIS_CRITERION_STATUS,          /* Impegno: validated membership */
  DIS_CRITERION_MONTHS,          /* Impegno: months since registration */
  DIS_CRITERION_VOLUME,          /* Impegno: purchases in the last 12 months */
  DIS_CRITERION_DOCUMENTATION,   /* Impegno: documentation acknowledged */
  DIS_CRITERION_DECLARATION,     /* Impegno: public commitment declaration */
  DIS_CRITERION_ACTIVITY,        /* Impegno: activity score, when the network asks */
  DIS_CRITERION_BASIS,           /* Accessibile: a valid basis on record */
} DisCriterion;

#define DIS_N_CRITERIA (DIS_CRITERION_BASIS + 1)

/* Stable codes of the criteria, as the hub's feed names them: "status",
 * "months", "volume", "documentation", "declaration", "activity",
 * "basis". */
const char *dis_criterion_to_code   (DisCriterion  criterion);
gboolean    dis_criterion_from_code (const char   *code,
                                     DisCriterion *out_criterion);

/* The hub's verdict on one tier below Equa (issue 10): what a point
 * receives instead of the figures behind it. Eligible when @missing is 0;
 * then @until_julian is the last day it surely holds without news from
 * the hub (0: no criterion that holds can lapse by itself). */
typedef struct
{
  guint32 missing;        /* bits 1 << DisCriterion of the unmet criteria */
  guint32 until_julian;
} DisVerdict;

/* What the counter knows about a buyer. An anonymous walk-in is
 * { .is_member = FALSE }. Dates are Julian day numbers (g_date_get_julian),
 * 0 when unknown. */
typedef struct
{
  gboolean        is_member;
  DisMemberStatus status;
  guint32         registered_julian;
  gint64          volume_12m_cents;     /* hub figure + this point's unsynced sales */
  gboolean        documentation_acknowledged;
  gboolean        has_declaration;
  DisBasisKind    basis;
  guint32         basis_expires_julian; /* last day the basis is valid */
  gint64          activity_score;       /* hours */
  DisTier         preferred_tier;
  /* When the hub knows the member, its verdicts decide Accessibile and
   * Impegno (indexed by DisTier), not the figures above, which a point
   * then does not have. */
  gboolean        has_verdicts;
  DisVerdict      verdict[DIS_TIER_EQUA];
} DisBuyer;

/* Network rules for Impegno. */
typedef struct
{
  guint   impegno_min_months;        /* default 2 */
  gint64  impegno_volume_cents;      /* default 15000 */
  gboolean impegno_needs_activity;   /* default FALSE */
  gint64  impegno_activity_min;      /* hours */
} DisEligibilityRules;

#define DIS_ELIGIBILITY_RULES_DEFAULT ((DisEligibilityRules) { 2, 15000, FALSE, 0 })

typedef struct
{
  gboolean allowed[DIS_N_TIERS];
  /* Translated, human reason why a tier is not allowed; NULL when allowed. */
  char    *reason[DIS_N_TIERS];
  /* The tier the till selects by default for this buyer:
   * dis_eligibility_default_tier() of @allowed. */
  DisTier  default_tier;
} DisEligibility;

/* The one function that decides which tiers a buyer may use, evaluated
 * offline. Anonymous buyers: Equa and Solidale. Members per DESIGN.md §3:
 * once eligible for a tier, every tier above it is allowed too.
 * today_julian: g_date_get_julian of today's local date. */
void dis_eligibility_evaluate (const DisBuyer            *buyer,
                               const DisEligibilityRules *rules,
                               guint32                    today_julian,
                               DisEligibility            *out);
void dis_eligibility_clear    (DisEligibility            *eligibility);

/* The one rule for the tier the till selects by default: for a member,
 * the lowest tier at or above their preferred one that @allowed permits
 * (prefers Accessibile, eligible only from Impegno: Impegno); Equa for an
 * anonymous buyer. dis_eligibility_evaluate() fills default_tier with it. */
DisTier dis_eligibility_default_tier (const DisBuyer *buyer,
                                      const gboolean  allowed[DIS_N_TIERS]);

/* The hub's side of the verdicts: @buyer's criteria (the figures, never
 * verdicts) judged with dis_eligibility_checklist(), into
 * out[DIS_TIER_ACCESSIBILE] and out[DIS_TIER_IMPEGNO]. An eligible
 * Accessibile holds until the basis expires; an eligible Impegno until
 * @volume_until_julian, the last day the 12-month volume stays at the
 * threshold with no new purchase (0 when it cannot fall below it). */
void dis_eligibility_verdicts (const DisBuyer            *buyer,
                               const DisEligibilityRules *rules,
                               guint32                    today_julian,
                               guint32                    volume_until_julian,
                               DisVerdict                 out[DIS_TIER_EQUA]);

/* ---- Eligibility checklist ----------------------------------------------
 *
 * The criteria behind dis_eligibility_evaluate(), one by one, for the
 * Members page and the till to explain a member's tiers: each met or not,
 * with its figure ("Registered 1 month of 2"). The texts of the unmet
 * criteria are exactly the reasons dis_eligibility_evaluate() gives. The
 * basis criterion says only whether there is a valid basis and until
 * when, never its kind. A buyer with verdicts gets the same criteria,
 * met or not as the hub said, without figures the point does not have. */


typedef struct
{
  DisCriterion  criterion;
  DisTier       tier;            /* DIS_TIER_IMPEGNO or DIS_TIER_ACCESSIBILE */
  gboolean      met;
  char         *text;            /* translated, with the figures */
} DisCriterionCheck;

void       dis_criterion_check_free  (DisCriterionCheck         *check);
/* A GPtrArray of DisCriterionCheck*, Impegno's criteria first, then
 * Accessibile's; empty for an anonymous buyer. @rules may be NULL for the
 * defaults. */
GPtrArray *dis_eligibility_checklist (const DisBuyer            *buyer,
                                      const DisEligibilityRules *rules,
                                      guint32                    today_julian);

G_END_DECLS
