/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is gint64 euro cents, quantities are gint64 milli-units
 * (1 piece = 1000, 1 kg = 1000 g, 1 l = 1000 ml). Never floating point. */

/* num / den rounded half away from zero (so a refund mirrors its sale);
 * den > 0. */
gint64  dis_div_round_half_up  (gint64       num,
                                gint64       den);

/* round_half_up (unit_price × qty / 1000) */
gint64  dis_line_total         (gint64       unit_price_cents,
                                gint64       qty_milli);

/* Net part of a VAT-inclusive gross amount: round_half_up (gross × 100 / (100 + rate)). */
gint64  dis_vat_net            (gint64       gross_cents,
                                guint        vat_rate_percent);

/* Locale-aware: "€ 1,50" in Italian, "€1.50" in English; negative "−€ 1,20". */
char   *dis_money_format       (gint64       cents);
/* Always signed: "+€ 0,45", "−€ 1,20", "€ 0,00" for zero. */
char   *dis_money_format_signed(gint64       cents);
/* Accepts "1,50", "1.50", "€ 1,50", "12", "0,5"; at most two decimals;
 * no negatives. Returns FALSE on anything else. */
gboolean dis_money_parse       (const char  *text,
                                gint64      *out_cents);

/* Quantity for display given the unit ("piece" → "3", "kg" → "0,350 kg",
 * "l" → "1,5 l"); locale decimal separator. */
char   *dis_qty_format         (gint64       qty_milli,
                                const char  *unit);
/* Parses a user-typed quantity: for "piece" whole numbers, for "kg"/"l"
 * up to three decimals ("0,35", "1.2"). Result in milli-units, > 0. */
gboolean dis_qty_parse         (const char  *text,
                                const char  *unit,
                                gint64      *out_qty_milli);

G_END_DECLS
