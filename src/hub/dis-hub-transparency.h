/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* The network's published figures (issue 10 §3): per point and per tier,
 * the number of sales, gross, Equa value and tier delta of a month, from
 * the hub's own figures, with small cells suppressed so that no person's
 * purchases can be read or recomputed from them. README-api.md, GET
 * /api/v1/transparency, says what each number means. */

/* The document of @period ("YYYY-MM"):
 * {"period", "closed", "min_cell", "network": {"tiers": [CELL×4],
 * "total": CELL}, "points": [{"code", "name", "tiers": [CELL×4],
 * "total": CELL}], "fund"}, CELL = {"tier" (not in totals), "sales",
 * "gross_cents", "equa_cents", "delta_cents", "suppressed"}, the numbers
 * null when suppressed. @fund (nullable) is the fund object of the period
 * (dis_hub_fund_show() when closed, dis_hub_fund_preview() when open),
 * copied in; "closed" is TRUE when it is a closed period's (it has
 * "closed_at"). DIS_HUB_ERROR_INVALID when @period is not a month. */
JsonNode *dis_hub_transparency_document (DisHubDb           *db,
                                         const char         *period,
                                         JsonNode           *fund,
                                         GError            **error);

/* The fund object of a period, for the document (dis-hub-fund.h's
 * dis_hub_fund_for_period ()); passed in so that the fund, which
 * publishes this document when it closes a period, and this file do not
 * need each other. */
typedef JsonNode *(*DisHubTransparencyFundFunc) (DisHubDb    *db,
                                                 const char  *period,
                                                 GError     **error);

/* Answers the public GET /api/v1/transparency?period=YYYY-MM[&format=csv]
 * (@query, raw) with the document as JSON or CSV, its "fund" from
 * @fund_for: TRUE with the body in @out_text (free it) and its type in
 * @out_content_type. When it returns FALSE the caller replies with
 * @out_status/@out_code/@out_message (400 for a bad query, 500 for a
 * database failure). No libsoup object: it runs on a worker. */
gboolean  dis_hub_transparency_serve    (DisHubDb           *db,
                                         DisHubTransparencyFundFunc fund_for,
                                         const char         *query,
                                         const char        **out_content_type,
                                         char              **out_text,
                                         guint              *out_status,
                                         const char        **out_code,
                                         const char        **out_message);

G_END_DECLS
