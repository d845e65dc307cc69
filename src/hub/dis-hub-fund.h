/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* The solidarity fund (DESIGN.md §3, issue 10 §2, help page
 * fondo-solidale): every sale counts in one period, a period is
 * computed from the hub's figures of the sales that count in it, and a
 * closed period is frozen with the SHA-256 of its canonical inputs. */

/* One supplier's claim in a period. */
typedef struct
{
  char   *supplier;
  gint64  claim_cents;      /* input: −tier_delta of the period's Accessibile lines */
  gint64  owed_cents;       /* input, ≤ 0: the net claim the supplier ended the last period with */
  gint64  net_cents;        /* result: claim + owed, published as claim_cents */
  gint64  allocated_cents;  /* result */
} DisHubFundClaim;

/* A period's inputs and, after dis_hub_fund_compute(), its result. */
typedef struct
{
  char    *period;                   /* YYYY-MM */
  gint64   carried_in_cents;
  gint64   inflow_cents;
  gint64   impegno_delta_cents;      /* reported, never compensated */
  gint64   late_sales;
  GArray  *claims;                   /* DisHubFundClaim, by supplier code */
  gint64   flagged_excluded_cents;   /* reported, not an input */
  gint64   available_cents;
  gint64   total_claims_cents;       /* the positive net claims */
  gint64   carried_out_cents;
  gboolean pro_rata;
} DisHubFund;

DisHubFund *dis_hub_fund_new              (const char        *period);
void        dis_hub_fund_free             (DisHubFund        *fund);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisHubFund, dis_hub_fund_free)
/* Adds to @supplier's claim (a new entry when it has none yet). */
void        dis_hub_fund_add_claim        (DisHubFund        *fund,
                                           const char        *supplier,
                                           gint64             claim_cents,
                                           gint64             owed_cents);

/* The computation, pure: available = inflow + carried in; full payment
 * with the rest carried forward, or pro rata rounded down to the cent
 * with the leftover cents by largest remainder (ties by supplier code),
 * so that inflow + carried in = allocations + carried out, always. A
 * negative available is carried as it is and pays nothing; a negative
 * net claim is paid nothing and is owed in the next period. */
void        dis_hub_fund_compute          (DisHubFund        *fund);
/* floor (net × available / total claims) of @claim and its remainder,
 * in a pro-rata period: how its allocation was computed. */
void        dis_hub_fund_share            (const DisHubFund  *fund,
                                           const DisHubFundClaim *claim,
                                           gint64            *out_floor,
                                           gint64            *out_remainder);

/* The canonical text of the inputs (one "name value" per line, claims
 * by supplier code) and back. */
char       *dis_hub_fund_inputs_to_text   (DisHubFund        *fund);
DisHubFund *dis_hub_fund_inputs_from_text (const char        *text,
                                           GError           **error);
/* Lower-case hex SHA-256 of @text. */
char       *dis_hub_fund_sha256           (const char        *text);
/* The object of issue 10 §2 for a computed @fund. */
JsonNode   *dis_hub_fund_to_json          (DisHubFund        *fund);

/* Periods: "YYYY-MM" as a month index (year × 12 + month − 1). */
gboolean    dis_hub_fund_period_parse     (const char        *text,
                                           gint              *out_index);
char       *dis_hub_fund_period_format    (gint               index);
/* The period of a sale made at @created_at (ISO 8601): its month in
 * Europe/Rome, rounded down to a multiple of @months months. */
char       *dis_hub_fund_period_of        (const char        *created_at,
                                           gint64             months,
                                           GError           **error);

/* The fund period of a sale made at @created_at, to store with it: the
 * period of that time, or the first open period (*@out_late) when that
 * one is closed. In the caller's transaction. */
gboolean    dis_hub_fund_sale_period      (DisHubDb          *db,
                                           const char        *created_at,
                                           char             **out_period,
                                           gboolean          *out_late,
                                           GError           **error);
/* Sets a stored sale's fund_period, late and review_state (pending when
 * the hub flagged it) as the hub stores them with a pushed sale
 * (dis_hub_fund_sale_period()); for sales written otherwise. */
gboolean    dis_hub_fund_place_sale       (DisHubDb          *db,
                                           const char        *sale_id,
                                           GError           **error);
/* The period a sale of period @natural counts in: @natural while it is
 * open, else the first period after the last closed one. */
char       *dis_hub_fund_first_open       (DisHubDb          *db,
                                           const char        *natural,
                                           GError           **error);

/* The period's inputs from the sales that count in it, computed; the
 * carry and what suppliers owe come from the last closed period and any
 * open period with sales before @period. */
DisHubFund *dis_hub_fund_gather           (DisHubDb          *db,
                                           const char        *period,
                                           GError           **error);

/* The object of issue 10 §2 as it stands now. */
JsonNode   *dis_hub_fund_preview          (DisHubDb          *db,
                                           const char        *period,
                                           GError           **error);
/* Freezes @period and publishes it to the feed, in the caller's
 * transaction; returns what dis_hub_fund_show() will. Fails
 * (DIS_HUB_ERROR_EXISTS or _INVALID) when it is closed already, when an
 * earlier period with sales is open, when a later one is closed, when
 * it has not begun, or when it is still running unless @before_end (its
 * later sales then count, late, in the next period). */
/* The figures a period publishes: the frozen ones when it is closed, the
 * preview while it is open. */
JsonNode   *dis_hub_fund_for_period       (DisHubDb          *db,
                                           const char        *period,
                                           GError           **error);
JsonNode   *dis_hub_fund_close            (DisHubDb          *db,
                                           const char        *period,
                                           gboolean           before_end,
                                           GError           **error);
/* The frozen object with "closed_at"; DIS_HUB_ERROR_NOT_FOUND when the
 * period is not closed. */
JsonNode   *dis_hub_fund_show             (DisHubDb          *db,
                                           const char        *period,
                                           GError           **error);
/* Recomputes a closed period: the hash of its stored inputs, its
 * allocations from them, and its inputs from the sales; *@out_ok when
 * all three agree with what was frozen. */
JsonNode   *dis_hub_fund_verify           (DisHubDb          *db,
                                           const char        *period,
                                           gboolean          *out_ok,
                                           GError           **error);

/* Writes a supplier's statement of a closed period, PDF or CSV by the
 * extension of @path; returns its figures. */
JsonNode   *dis_hub_fund_statement        (DisHubDb          *db,
                                           const char        *period,
                                           const char        *supplier,
                                           const char        *path,
                                           GError           **error);

/* `disotto-hub fund preview|close|show|verify|statement …` */
int         dis_hub_fund_main             (int                argc,
                                           char             **argv);

G_END_DECLS
