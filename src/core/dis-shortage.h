/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One order line's claim on a product that arrived short. */
typedef struct
{
  gint64   ordered;    /* milli-units, > 0 */
  gint64   at;         /* order time key: smaller = earlier */
  gboolean priority;   /* an Accessibile-tier member */
  gint64   allotted;   /* out */
} DisShortageClaim;

/* Shares @delivered (milli-units, ≥ 0) among @claims: proportional to
 * ordered, floored to whole @unit (1000 for pieces; 1 for weighed items
 * in grams… the caller says), leftover units by largest remainder, ties
 * by @at then by index; never more than ordered; deterministic. With
 * @priority_first, priority claims are served first (in full if
 * possible, else shared among them the same way), the rest shared among
 * the others. If delivered ≥ Σ ordered, everyone gets ordered.
 *
 * A claim whose ordered is not a multiple of @unit counts its last,
 * partial unit as one (allotted = ordered then), so the sum can fall
 * short of @delivered rounded down to @unit by less than a unit for
 * each such claim; otherwise Σ allotted = min (@delivered rounded down
 * to @unit, Σ ordered). Sums must stay within gint64 (each ordered ≤
 * DIS_QUANTITY_MAX does for any realistic number of claims). */
void dis_shortage_allot (DisShortageClaim *claims,
                         guint             n_claims,
                         gint64            delivered,
                         gint64            unit,
                         gboolean          priority_first);

G_END_DECLS
