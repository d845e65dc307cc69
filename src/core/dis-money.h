/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is gint64 euro cents, quantities are gint64 milli-units
 * (1 piece = 1000, 1 kg = 1000 g, 1 l = 1000 ml). Never floating point.
 *
 * Bounds, for the till and the hub alike (the table of every protocol
 * bound is in dis-codec.h). Within them no product or sum below can
 * overflow a gint64, the VAT split (× 100) of a whole sale included:
 *   quantity      |q| ≤ DIS_QUANTITY_MAX       1 000 000.000 units
 *   unit price    0 ≤ p ≤ DIS_PRICE_MAX        € 1 000 000,00
 *   line total    |t| ≤ DIS_LINE_TOTAL_MAX     price × quantity / 1000
 *   a sale        ≤ DIS_SALE_LINES_MAX lines, ≤ DIS_SALE_PAYMENTS_MAX payments,
 *                 |total|, |payment|, cash tendered ≤ DIS_SALE_TOTAL_MAX */
#define DIS_QUANTITY_MAX    G_GINT64_CONSTANT (1000000000)
#define DIS_PRICE_MAX       G_GINT64_CONSTANT (100000000)
#define DIS_LINE_TOTAL_MAX  (DIS_PRICE_MAX * (DIS_QUANTITY_MAX / 1000))
#define DIS_SALE_LINES_MAX  500
#define DIS_SALE_PAYMENTS_MAX 16
#define DIS_SALE_TOTAL_MAX  (DIS_LINE_TOTAL_MAX * DIS_SALE_LINES_MAX)

G_STATIC_ASSERT (DIS_SALE_TOTAL_MAX <= G_MAXINT64 / 100);

/* num / den rounded half away from zero (so a refund mirrors its sale);
 * den > 0. */
gint64  dis_div_round_half_up  (gint64       num,
                                gint64       den);

/* round_half_up (unit_price × qty / 1000): exact within the bounds
 * above. Outside them the product is checked, never undefined: FALSE
 * from the _checked variant, and a figure past DIS_LINE_TOTAL_MAX (the
 * sign kept) from the other, which dis_sale_validate() refuses. */
gint64   dis_line_total         (gint64       unit_price_cents,
                                 gint64       qty_milli);
gboolean dis_line_total_checked (gint64       unit_price_cents,
                                 gint64       qty_milli,
                                 gint64      *out_total);

/* ---- Scale labels that print a price (help: weighed-products) ----------
 *
 * The buyer pays exactly the label's price at Equa, and at any other
 * tier its equivalent, the label scaled by that tier's price over Equa's:
 *   line total = round_half_up (label × tier unit price / Equa unit price)
 * (label € 10,00 at € 29,99/kg: € 10,00 at Equa; at Impegno € 26,99/kg,
 * 10,00 × 26,99 / 29,99 = 8,9997 → € 9,00). The quantity is what the
 * label buys at Equa, in whole grams (or millilitres), for the stock and
 * the receipt, and never priced again:
 *   quantity = round_half_up (label × 1000 / Equa unit price).
 * Labels print at most five digits: 0 < label ≤ DIS_LABEL_PRICE_MAX. */
#define DIS_LABEL_PRICE_MAX G_GINT64_CONSTANT (99999)

/* 0 when an argument is out of its bounds (label, a price over
 * DIS_PRICE_MAX, Equa ≤ 0). */
gint64   dis_label_total        (gint64       label_cents,
                                 gint64       unit_price_cents,
                                 gint64       unit_price_equa_cents);
gint64   dis_label_quantity     (gint64       label_cents,
                                 gint64       unit_price_equa_cents);
/* TRUE when a sale line of @qty_milli charged @line_total (and
 * @line_total_equa at Equa) is a price label's by the rules above:
 * @line_total_equa is the label, the quantity and the total follow from
 * it. How the hub tells a label line from a line priced by quantity. */
gboolean dis_label_line_matches (gint64       qty_milli,
                                 gint64       unit_price_cents,
                                 gint64       unit_price_equa_cents,
                                 gint64       line_total,
                                 gint64       line_total_equa);

/* ---- Refunds of a line ------------------------------------------------
 *
 * What a refund of @qty_milli pays back of a line that sold @sold_qty for
 * @sold_total, of which @refunded_qty for @refunded_total were refunded
 * already (all ≥ 0, positive amounts): the refund that takes the last of
 * the quantity pays back exactly what is left of the money; any other
 * pays round_half_up (@unit_price × @qty_milli / 1000), but never more
 * than is left. So the refunds of a line never pay back more than it
 * charged, and all of them together exactly that: 0,300 kg at € 2,45/kg
 * charged € 0,74, and three refunds of 0,100 kg pay € 0,25, € 0,25 and
 * € 0,24. Called once with the tier's figures, once with Equa's. */
gint64   dis_refund_amount      (gint64       unit_price_cents,
                                 gint64       sold_qty,
                                 gint64       sold_total,
                                 gint64       refunded_qty,
                                 gint64       refunded_total,
                                 gint64       qty_milli);

/* Net part of a VAT-inclusive gross amount: round_half_up (gross × 100 /
 * (100 + rate)); a gross beyond any sale's (|gross| > G_MAXINT64 / 100)
 * gives the net of that bound rather than overflowing. */
gint64  dis_vat_net            (gint64       gross_cents,
                                guint        vat_rate_percent);

/* Parses "D+[(,|.)D{1,max_decimals}]" (or ",D…") covering the whole of
 * @text, no sign and no spaces, into value × 10^max_decimals; FALSE on
 * anything else or past G_MAXINT64. What the parsers below and the stock
 * CSV share. */
gboolean dis_decimal_parse     (const char  *text,
                                guint        max_decimals,
                                gint64      *out_value);

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
 * up to three decimals ("0,35", "1.2"). Result in milli-units,
 * 0 < qty ≤ DIS_QUANTITY_MAX. */
gboolean dis_qty_parse         (const char  *text,
                                const char  *unit,
                                gint64      *out_qty_milli);

G_END_DECLS
