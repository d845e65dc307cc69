/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "dis-core.h"

static void
test_round_half_up (void)
{
  /* Exact halves round away from zero, in both signs. */
  g_assert_cmpint (dis_div_round_half_up (5, 10), ==, 1);
  g_assert_cmpint (dis_div_round_half_up (-5, 10), ==, -1);
  g_assert_cmpint (dis_div_round_half_up (15, 10), ==, 2);
  g_assert_cmpint (dis_div_round_half_up (-15, 10), ==, -2);
  g_assert_cmpint (dis_div_round_half_up (25, 10), ==, 3);
  g_assert_cmpint (dis_div_round_half_up (-25, 10), ==, -3);
  g_assert_cmpint (dis_div_round_half_up (4, 10), ==, 0);
  g_assert_cmpint (dis_div_round_half_up (-4, 10), ==, 0);
  g_assert_cmpint (dis_div_round_half_up (6, 10), ==, 1);
  g_assert_cmpint (dis_div_round_half_up (-6, 10), ==, -1);
  g_assert_cmpint (dis_div_round_half_up (0, 7), ==, 0);
  g_assert_cmpint (dis_div_round_half_up (20, 10), ==, 2);
  /* Odd denominators: no exact half exists. */
  g_assert_cmpint (dis_div_round_half_up (1, 3), ==, 0);
  g_assert_cmpint (dis_div_round_half_up (2, 3), ==, 1);
  g_assert_cmpint (dis_div_round_half_up (-2, 3), ==, -1);
  g_assert_cmpint (dis_div_round_half_up (G_MAXINT64, 2), ==, G_MAXINT64 / 2 + 1);
}

static void
test_line_total (void)
{
  /* 1,999 €/kg × 0,335 kg = 0,669665 € → 67 cents */
  g_assert_cmpint (dis_line_total (199, 335), ==, 67);
  /* 2,50 €/kg × 0,101 kg = 25,25 cents → 25 */
  g_assert_cmpint (dis_line_total (250, 101), ==, 25);
  /* 1,00 €/kg × 0,005 kg = 0,5 cents → 1, and −1 for the refund */
  g_assert_cmpint (dis_line_total (100, 5), ==, 1);
  g_assert_cmpint (dis_line_total (100, -5), ==, -1);
  /* 3,30 €/kg × 0,250 kg = 82,5 cents → 83 / −83 */
  g_assert_cmpint (dis_line_total (330, 250), ==, 83);
  g_assert_cmpint (dis_line_total (330, -250), ==, -83);
  /* 19,99 €/kg × 0,335 kg = 669,665 cents → 670 */
  g_assert_cmpint (dis_line_total (1999, 335), ==, 670);
  g_assert_cmpint (dis_line_total (1999, -335), ==, -670);
  /* Pieces: exact */
  g_assert_cmpint (dis_line_total (120, 3000), ==, 360);
  g_assert_cmpint (dis_line_total (120, -2000), ==, -240);

  /* Mirror property over a range. */
  for (gint64 price = 1; price < 2000; price += 37)
    for (gint64 qty = 1; qty < 3000; qty += 13)
      g_assert_cmpint (dis_line_total (price, -qty), ==, -dis_line_total (price, qty));
}

/* Within the bounds every line total is exact; outside them the product is
 * checked (UBSan would see an overflow) and lands past the bound. */
static void
test_line_total_bounds (void)
{
  gint64 total = 0;

  g_assert_cmpint (dis_line_total (DIS_PRICE_MAX, DIS_QUANTITY_MAX), ==, DIS_LINE_TOTAL_MAX);
  g_assert_cmpint (dis_line_total (DIS_PRICE_MAX, -DIS_QUANTITY_MAX), ==, -DIS_LINE_TOTAL_MAX);
  g_assert_true (dis_line_total_checked (DIS_PRICE_MAX, -DIS_QUANTITY_MAX, &total));
  g_assert_cmpint (total, ==, -DIS_LINE_TOTAL_MAX);
  g_assert_true (dis_line_total_checked (199, 335, &total));
  g_assert_cmpint (total, ==, 67);

  g_assert_false (dis_line_total_checked (DIS_PRICE_MAX + 1, 1000, &total));
  g_assert_false (dis_line_total_checked (100, DIS_QUANTITY_MAX + 1, &total));
  g_assert_false (dis_line_total_checked (100, -DIS_QUANTITY_MAX - 1, &total));
  g_assert_false (dis_line_total_checked (100, G_MININT64, &total));

  /* The quantities of issue 9 item 4, as a wrapping reader saw them. */
  g_assert_cmpint (dis_line_total (185, G_MININT64), <, -DIS_LINE_TOTAL_MAX);
  g_assert_cmpint (dis_line_total (185, G_MAXINT64), >, DIS_LINE_TOTAL_MAX);
  g_assert_cmpint (dis_line_total (-185, G_MAXINT64), <, -DIS_LINE_TOTAL_MAX);
  g_assert_cmpint (dis_line_total (G_MININT64, -1), >, DIS_LINE_TOTAL_MAX);
  /* Out of bounds but without overflow: still the exact figure. */
  g_assert_cmpint (dis_line_total (DIS_PRICE_MAX + 1, 1000), ==, DIS_PRICE_MAX + 1);

  /* The VAT split of the biggest sale fits; beyond it, no overflow. */
  g_assert_cmpint (dis_vat_net (DIS_SALE_TOTAL_MAX, 4), ==, dis_div_round_half_up (DIS_SALE_TOTAL_MAX * 100, 104));
  g_assert_cmpint (dis_vat_net (G_MAXINT64, 22), >, 0);
  g_assert_cmpint (dis_vat_net (G_MININT64, 22), <, 0);
}

static void
test_qty_parse_bounds (void)
{
  gint64 qty = 0;

  g_assert_true (dis_qty_parse ("1000000", "piece", &qty));
  g_assert_cmpint (qty, ==, DIS_QUANTITY_MAX);
  g_assert_false (dis_qty_parse ("1000001", "piece", &qty));
  g_assert_true (dis_qty_parse ("1000000,000", "kg", &qty));
  g_assert_cmpint (qty, ==, DIS_QUANTITY_MAX);
  g_assert_false (dis_qty_parse ("1000000,001", "kg", &qty));
  g_assert_false (dis_qty_parse ("9223372036854775807", "l", &qty));
}

static void
test_vat_net (void)
{
  /* 1,22 € at 22 % → net 1,00 */
  g_assert_cmpint (dis_vat_net (122, 22), ==, 100);
  /* 1,00 € at 22 % → 81,967… → 82 */
  g_assert_cmpint (dis_vat_net (100, 22), ==, 82);
  g_assert_cmpint (dis_vat_net (-100, 22), ==, -82);
  /* 0,21 € at 5 % → 20 */
  g_assert_cmpint (dis_vat_net (21, 5), ==, 20);
  /* 0,52 € at 4 % → 50 exactly */
  g_assert_cmpint (dis_vat_net (52, 4), ==, 50);
  /* 0,11 € at 10 % → 10 */
  g_assert_cmpint (dis_vat_net (11, 10), ==, 10);
}

typedef struct
{
  const char *text;
  gboolean    ok;
  gint64      cents;
} ParseCase;

static void
check_parse_cases (void)
{
  static const ParseCase cases[] = {
    { "1,50", TRUE, 150 },
    { "1.50", TRUE, 150 },
    { "€ 1,50", TRUE, 150 },
    { "€1.50", TRUE, 150 },
    { "1,50 €", TRUE, 150 },
    { "  12 ", TRUE, 1200 },
    { "12", TRUE, 1200 },
    { "0,5", TRUE, 50 },
    { ",5", TRUE, 50 },
    { "0", TRUE, 0 },
    { "1234,56", TRUE, 123456 },
    { "92233720368547758,07", TRUE, G_MAXINT64 },
    { "92233720368547758,08", FALSE, 0 },
    { "99999999999999999999", FALSE, 0 },
    { "1,505", FALSE, 0 },
    { "-1,50", FALSE, 0 },
    { "−1,50", FALSE, 0 },
    { "€ -1", FALSE, 0 },
    { "1,", FALSE, 0 },
    { "1.234,50", FALSE, 0 },
    { "1,2,3", FALSE, 0 },
    { "abc", FALSE, 0 },
    { "1a", FALSE, 0 },
    { "", FALSE, 0 },
    { "€", FALSE, 0 },
    { "  ", FALSE, 0 },
    { "€ € 1", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 cents = -42;
      gboolean ok = dis_money_parse (cases[i].text, &cents);

      g_test_message ("parse “%s”", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpint (cents, ==, cases[i].cents);
      else
        g_assert_cmpint (cents, ==, -42);
    }
}

static void
assert_format (gint64      cents,
               const char *expected)
{
  g_autofree char *text = dis_money_format (cents);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_format_signed (gint64      cents,
                      const char *expected)
{
  g_autofree char *text = dis_money_format_signed (cents);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_qty (gint64      qty,
            const char *unit,
            const char *expected)
{
  g_autofree char *text = dis_qty_format (qty, unit);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_money_c_locale (void)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  assert_format (150, "€1.50");
  assert_format (0, "€0.00");
  assert_format (5, "€0.05");
  assert_format (123450, "€1234.50");
  assert_format (-120, "−€1.20");
  assert_format_signed (45, "+€0.45");
  assert_format_signed (-120, "−€1.20");
  assert_format_signed (0, "€0.00");

  assert_qty (3000, "piece", "3");
  assert_qty (350, "kg", "0.350 kg");
  assert_qty (1500, "l", "1.5 l");

  check_parse_cases ();

  /* Round trip of what we format. */
  for (gint64 cents = 0; cents < 100000; cents += 97)
    {
      g_autofree char *text = dis_money_format (cents);
      gint64 parsed;

      g_assert_true (dis_money_parse (text, &parsed));
      g_assert_cmpint (parsed, ==, cents);
    }
}

static void
test_money_italian (void)
{
  if (setlocale (LC_ALL, "it_IT.UTF-8") == NULL)
    {
      g_test_skip ("it_IT.UTF-8 locale not available");
      return;
    }

  assert_format (150, "€ 1,50");
  assert_format (123450, "€ 1.234,50");
  assert_format (123456789, "€ 1.234.567,89");
  assert_format (100000, "€ 1.000,00");
  assert_format (99999, "€ 999,99");
  assert_format (0, "€ 0,00");
  assert_format (-120, "−€ 1,20");
  assert_format (G_MININT64, "−€ 92.233.720.368.547.758,08");
  assert_format_signed (45, "+€ 0,45");
  assert_format_signed (-120, "−€ 1,20");
  assert_format_signed (0, "€ 0,00");

  assert_qty (3000, "piece", "3");
  assert_qty (-2000, "piece", "−2");
  assert_qty (350, "kg", "0,350 kg");
  assert_qty (1000, "kg", "1,000 kg");
  assert_qty (1500, "l", "1,5 l");
  assert_qty (750, "l", "0,75 l");
  assert_qty (2000, "l", "2,0 l");
  assert_qty (-335, "kg", "−0,335 kg");

  check_parse_cases ();

  for (gint64 cents = 0; cents < 1000000; cents += 997)
    {
      g_autofree char *text = dis_money_format (cents);
      gint64 parsed;

      /* Grouped thousands are not parsed back (ambiguous with '.'),
       * so only check amounts below a thousand euro. */
      if (cents >= 100000)
        break;
      g_assert_true (dis_money_parse (text, &parsed));
      g_assert_cmpint (parsed, ==, cents);
    }

  setlocale (LC_ALL, "C.UTF-8");
}

typedef struct
{
  const char *text;
  const char *unit;
  gboolean    ok;
  gint64      qty;
} QtyCase;

static void
test_qty_parse (void)
{
  static const QtyCase cases[] = {
    { "3", "piece", TRUE, 3000 },
    { " 12 ", "piece", TRUE, 12000 },
    { "0", "piece", FALSE, 0 },
    { "1,5", "piece", FALSE, 0 },
    { "1.0", "piece", FALSE, 0 },
    { "-2", "piece", FALSE, 0 },
    { "0,35", "kg", TRUE, 350 },
    { "1.2", "kg", TRUE, 1200 },
    { "0,335 kg", "kg", TRUE, 335 },
    { "2", "kg", TRUE, 2000 },
    { "0,0005", "kg", FALSE, 0 },
    { "0,000", "kg", FALSE, 0 },
    { "1,5", "l", TRUE, 1500 },
    { "0.75l", "l", TRUE, 750 },
    { "1,5 kg", "l", FALSE, 0 },
    { "abc", "kg", FALSE, 0 },
    { "", "kg", FALSE, 0 },
    { "99999999999999999", "piece", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 qty = -42;
      gboolean ok = dis_qty_parse (cases[i].text, cases[i].unit, &qty);

      g_test_message ("parse “%s” %s", cases[i].text, cases[i].unit);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpint (qty, ==, ok ? cases[i].qty : -42);
    }
}

/* Issue 9, item 12: a price label is charged exactly its price at Equa,
 * and at another tier the label × tier price / Equa price, half up. */
static void
test_label_price (void)
{
  /* € 500,00/kg, label € 12,34: 24,68 g → 25 g, charged € 12,34 (the
   * 25 g priced again would be € 12,50). */
  g_assert_cmpint (dis_label_quantity (1234, 50000), ==, 25);
  g_assert_cmpint (dis_label_total (1234, 50000, 50000), ==, 1234);
  g_assert_cmpint (dis_line_total (50000, 25), ==, 1250);
  /* € 29,99/kg, label € 10,00: 333,44 g → 333 g, charged € 10,00 (not
   * € 9,99). */
  g_assert_cmpint (dis_label_quantity (1000, 2999), ==, 333);
  g_assert_cmpint (dis_label_total (1000, 2999, 2999), ==, 1000);
  g_assert_cmpint (dis_line_total (2999, 333), ==, 999);
  /* Its tier equivalents, the tier prices being the defaults' of 29,99:
   * Accessibile 22,49 → 1000 × 2249 / 2999 = 749,92 → 750;
   * Impegno 26,99 → 899,97 → 900; Solidale 34,49 → 1150,05 → 1150. */
  g_assert_cmpint (dis_label_total (1000, 2249, 2999), ==, 750);
  g_assert_cmpint (dis_label_total (1000, 2699, 2999), ==, 900);
  g_assert_cmpint (dis_label_total (1000, 3449, 2999), ==, 1150);
  /* Halves round up: 3 × 1 / 2 = 1,5 → 2; 5 × 3 / 2 = 7,5 → 8. */
  g_assert_cmpint (dis_label_total (3, 1, 2), ==, 2);
  g_assert_cmpint (dis_label_total (5, 3, 2), ==, 8);
  /* Out of bounds: no label, five digits at most, no Equa price. */
  g_assert_cmpint (dis_label_total (0, 100, 100), ==, 0);
  g_assert_cmpint (dis_label_total (DIS_LABEL_PRICE_MAX + 1, 100, 100), ==, 0);
  g_assert_cmpint (dis_label_total (100, 100, 0), ==, 0);
  g_assert_cmpint (dis_label_quantity (100, 0), ==, 0);
  g_assert_cmpint (dis_label_total (DIS_LABEL_PRICE_MAX, DIS_PRICE_MAX, 1), ==,
                   DIS_LABEL_PRICE_MAX * DIS_PRICE_MAX);

  /* How the hub recognises such a line. */
  g_assert_true (dis_label_line_matches (25, 50000, 50000, 1234, 1234));
  g_assert_true (dis_label_line_matches (333, 2699, 2999, 900, 1000));
  g_assert_false (dis_label_line_matches (24, 50000, 50000, 1234, 1234));
  g_assert_false (dis_label_line_matches (333, 2699, 2999, 899, 1000));
  g_assert_false (dis_label_line_matches (0, 50000, 50000, 0, 0));
}

/* Issue 9, item 13: the refunds of a line never pay back more than it
 * charged, and the last one takes exactly what is left. */
static void
test_refund_amount (void)
{
  /* 0,300 kg at € 2,45/kg charged € 0,74 (73,5 → 74). Three refunds of
   * 0,100 kg: € 0,25, € 0,25, then the last takes € 0,24, not € 0,25. */
  g_assert_cmpint (dis_line_total (245, 300), ==, 74);
  g_assert_cmpint (dis_refund_amount (245, 300, 74, 0, 0, 100), ==, 25);
  g_assert_cmpint (dis_refund_amount (245, 300, 74, 100, 25, 100), ==, 25);
  g_assert_cmpint (dis_refund_amount (245, 300, 74, 200, 50, 100), ==, 24);
  /* All at once: the whole line. */
  g_assert_cmpint (dis_refund_amount (245, 300, 74, 0, 0, 300), ==, 74);
  /* Refunds of 3 g round up each (0,735 → 1 cent): after 222 g the 74
   * cents are gone, and the next ones pay nothing, the last included. */
  g_assert_cmpint (dis_refund_amount (245, 300, 74, 219, 73, 3), ==, 1);
  g_assert_cmpint (dis_refund_amount (245, 300, 74, 222, 74, 3), ==, 0);
  g_assert_cmpint (dis_refund_amount (245, 300, 74, 297, 74, 3), ==, 0);
  /* A price label of € 10,00 for 333 g at € 29,99/kg: the whole refund is
   * € 10,00, more than 333 g priced again (€ 9,99); 332 g then 1 g. */
  g_assert_cmpint (dis_refund_amount (2999, 333, 1000, 0, 0, 333), ==, 1000);
  g_assert_cmpint (dis_refund_amount (2999, 333, 1000, 0, 0, 332), ==, 996);
  g_assert_cmpint (dis_refund_amount (2999, 333, 1000, 332, 996, 1), ==, 4);
  /* Asking for more than is left pays what is left. */
  g_assert_cmpint (dis_refund_amount (245, 300, 74, 200, 50, 500), ==, 24);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add_func ("/core/money/round-half-up", test_round_half_up);
  g_test_add_func ("/core/money/line-total", test_line_total);
  g_test_add_func ("/core/money/line-total-bounds", test_line_total_bounds);
  g_test_add_func ("/core/money/qty-parse-bounds", test_qty_parse_bounds);
  g_test_add_func ("/core/money/vat-net", test_vat_net);
  g_test_add_func ("/core/money/c-locale", test_money_c_locale);
  g_test_add_func ("/core/money/italian", test_money_italian);
  g_test_add_func ("/core/money/qty-parse", test_qty_parse);
  g_test_add_func ("/core/money/label-price", test_label_price);
  g_test_add_func ("/core/money/refund-amount", test_refund_amount);

  return g_test_run ();
}
