/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-money"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

#include "dis-money.h"

#define CURRENCY_SYMBOL "€"
#define MINUS_SIGN      "\xe2\x88\x92"   /* U+2212 MINUS SIGN */

gint64
dis_div_round_half_up (gint64 num,
                       gint64 den)
{
  gint64 q;
  gint64 r;

  g_return_val_if_fail (den > 0, 0);

  /* C division truncates toward zero and the remainder takes the sign of
   * num, so comparing |r| with the other half of den rounds half away
   * from zero symmetrically: a refund always mirrors its sale. */
  q = num / den;
  r = num % den;

  if (r < 0)
    {
      if (-r >= den + r)
        q--;
    }
  else if (r > 0)
    {
      if (r >= den - r)
        q++;
    }

  return q;
}

gboolean
dis_line_total_checked (gint64  unit_price_cents,
                        gint64  qty_milli,
                        gint64 *out_total)
{
  gint64 product;

  g_return_val_if_fail (out_total != NULL, FALSE);

  if (unit_price_cents < -DIS_PRICE_MAX || unit_price_cents > DIS_PRICE_MAX ||
      qty_milli < -DIS_QUANTITY_MAX || qty_milli > DIS_QUANTITY_MAX)
    return FALSE;
  /* Cannot overflow within the bounds; checked all the same. */
  if (__builtin_mul_overflow (unit_price_cents, qty_milli, &product))
    g_assert_not_reached ();
  *out_total = dis_div_round_half_up (product, 1000);
  return TRUE;
}

gint64
dis_line_total (gint64 unit_price_cents,
                gint64 qty_milli)
{
  gint64 product, total;

  if (dis_line_total_checked (unit_price_cents, qty_milli, &total))
    return total;
  if (!__builtin_mul_overflow (unit_price_cents, qty_milli, &product))
    return dis_div_round_half_up (product, 1000);
  /* Beyond every bound, with the sign of the true product. */
  return (unit_price_cents < 0) != (qty_milli < 0) ? G_MININT64 / 1000 : G_MAXINT64 / 1000;
}

gint64
dis_label_total (gint64 label_cents,
                 gint64 unit_price_cents,
                 gint64 unit_price_equa_cents)
{
  if (label_cents <= 0 || label_cents > DIS_LABEL_PRICE_MAX ||
      unit_price_cents < 0 || unit_price_cents > DIS_PRICE_MAX ||
      unit_price_equa_cents <= 0 || unit_price_equa_cents > DIS_PRICE_MAX)
    return 0;
  /* Within the bounds the product stays under 10^13. */
  return dis_div_round_half_up (label_cents * unit_price_cents, unit_price_equa_cents);
}

gint64
dis_label_quantity (gint64 label_cents,
                    gint64 unit_price_equa_cents)
{
  if (label_cents <= 0 || label_cents > DIS_LABEL_PRICE_MAX ||
      unit_price_equa_cents <= 0 || unit_price_equa_cents > DIS_PRICE_MAX)
    return 0;
  return dis_div_round_half_up (label_cents * 1000, unit_price_equa_cents);
}

gboolean
dis_label_line_matches (gint64 qty_milli,
                        gint64 unit_price_cents,
                        gint64 unit_price_equa_cents,
                        gint64 line_total,
                        gint64 line_total_equa)
{
  gint64 quantity = dis_label_quantity (line_total_equa, unit_price_equa_cents);

  return quantity > 0 && quantity == qty_milli &&
         line_total == dis_label_total (line_total_equa, unit_price_cents, unit_price_equa_cents);
}

gint64
dis_refund_amount (gint64 unit_price_cents,
                   gint64 sold_qty,
                   gint64 sold_total,
                   gint64 refunded_qty,
                   gint64 refunded_total,
                   gint64 qty_milli)
{
  gint64 left = MAX (sold_total - refunded_total, 0);

  g_return_val_if_fail (qty_milli > 0, 0);

  if (qty_milli >= sold_qty - refunded_qty)
    return left;
  return CLAMP (dis_line_total (unit_price_cents, qty_milli), 0, left);
}

gint64
dis_vat_net (gint64 gross_cents,
             guint  vat_rate_percent)
{
  gint64 clamped = CLAMP (gross_cents, -(G_MAXINT64 / 100), G_MAXINT64 / 100);

  return dis_div_round_half_up (clamped * 100, 100 + (gint64) vat_rate_percent);
}

/* ---- Formatting --------------------------------------------------------- */

typedef struct
{
  char     *decimal_point;
  char     *thousands_sep;
  gboolean  cs_precedes;
  gboolean  sep_by_space;
} MoneyConv;

static void
money_conv_load (MoneyConv *conv)
{
  const struct lconv *lc = localeconv ();

  g_assert (conv != NULL);

  /* localeconv() returns static storage: copy it at once. The C locale
   * leaves everything empty or CHAR_MAX, hence the fallbacks. */
  conv->decimal_point = g_strdup (lc->mon_decimal_point != NULL && lc->mon_decimal_point[0] != '\0'
                                  ? lc->mon_decimal_point : ".");
  conv->thousands_sep = g_strdup (lc->mon_thousands_sep != NULL ? lc->mon_thousands_sep : "");
  conv->cs_precedes = lc->p_cs_precedes != 0;  /* CHAR_MAX (unset) → precedes */
  conv->sep_by_space = lc->p_sep_by_space != CHAR_MAX && lc->p_sep_by_space != 0;
}

static void
money_conv_clear (MoneyConv *conv)
{
  g_clear_pointer (&conv->decimal_point, g_free);
  g_clear_pointer (&conv->thousands_sep, g_free);
}

/* Appends the digits of @value (≥ 0) grouped by thousands with @sep. */
static void
append_grouped (GString    *out,
                guint64     value,
                const char *sep)
{
  char digits[32];
  gsize len;

  g_assert (out != NULL);
  g_assert (sep != NULL);

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
}

static char *
money_format (gint64      cents,
              const char *sign)
{
  MoneyConv conv;
  GString *out = g_string_new (sign);
  guint64 abs_cents;
  GString *amount;

  money_conv_load (&conv);

  /* Avoid negating G_MININT64, which is undefined. */
  abs_cents = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;

  amount = g_string_new (NULL);
  append_grouped (amount, abs_cents / 100, conv.thousands_sep);
  g_string_append_printf (amount, "%s%02u", conv.decimal_point, (guint) (abs_cents % 100));

  if (conv.cs_precedes)
    {
      g_string_append (out, CURRENCY_SYMBOL);
      if (conv.sep_by_space)
        g_string_append_c (out, ' ');
      g_string_append_len (out, amount->str, amount->len);
    }
  else
    {
      g_string_append_len (out, amount->str, amount->len);
      if (conv.sep_by_space)
        g_string_append_c (out, ' ');
      g_string_append (out, CURRENCY_SYMBOL);
    }

  g_string_free (amount, TRUE);
  money_conv_clear (&conv);

  return g_string_free (out, FALSE);
}

char *
dis_money_format (gint64 cents)
{
  return money_format (cents, cents < 0 ? MINUS_SIGN : "");
}

char *
dis_money_format_signed (gint64 cents)
{
  if (cents > 0)
    return money_format (cents, "+");

  return dis_money_format (cents);
}

/* ---- Parsing ------------------------------------------------------------ */

static const char *
skip_spaces (const char *p)
{
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x00A0 && c != 0x202F)
        break;
      p = g_utf8_next_char (p);
    }

  return p;
}

/* Strips trailing white space in place, returns the new end. */
static char *
strip_trailing_spaces (char *start)
{
  char *end = start + strlen (start);

  while (end > start)
    {
      char *prev = g_utf8_find_prev_char (start, end);
      gunichar c = g_utf8_get_char (prev);

      if (!g_unichar_isspace (c) && c != 0x00A0 && c != 0x202F)
        break;
      end = prev;
    }
  *end = '\0';

  return end;
}

gboolean
dis_decimal_parse (const char *text,
                   guint       max_decimals,
                   gint64     *out_value)
{
  const char *p = text;
  gint64 value = 0;
  guint n_int = 0;
  guint n_frac = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  for (; g_ascii_isdigit (*p); p++, n_int++)
    {
      if (value > (G_MAXINT64 - (*p - '0')) / 10)
        return FALSE;
      value = value * 10 + (*p - '0');
    }

  if (*p == ',' || *p == '.')
    {
      if (max_decimals == 0)
        return FALSE;

      for (p++; g_ascii_isdigit (*p); p++, n_frac++)
        {
          if (n_frac >= max_decimals)
            return FALSE;
          if (value > (G_MAXINT64 - (*p - '0')) / 10)
            return FALSE;
          value = value * 10 + (*p - '0');
        }

      if (n_frac == 0)
        return FALSE;
    }

  if (*p != '\0' || n_int + n_frac == 0)
    return FALSE;

  for (; n_frac < max_decimals; n_frac++)
    {
      if (value > G_MAXINT64 / 10)
        return FALSE;
      value *= 10;
    }

  *out_value = value;

  return TRUE;
}

gboolean
dis_money_parse (const char *text,
                 gint64     *out_cents)
{
  g_autofree char *copy = NULL;
  char *start;
  char *end;
  gint64 cents;

  g_return_val_if_fail (out_cents != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  copy = g_strdup (skip_spaces (text));
  start = copy;
  end = strip_trailing_spaces (start);

  /* The symbol may come first ("€ 1,50") or last ("1,50 €"). */
  if (g_str_has_prefix (start, CURRENCY_SYMBOL))
    start = (char *) skip_spaces (start + strlen (CURRENCY_SYMBOL));
  else if (g_str_has_suffix (start, CURRENCY_SYMBOL))
    {
      end -= strlen (CURRENCY_SYMBOL);
      *end = '\0';
      strip_trailing_spaces (start);
    }

  if (!dis_decimal_parse (start, 2, &cents))
    return FALSE;

  *out_cents = cents;

  return TRUE;
}

/* ---- Quantities --------------------------------------------------------- */

/* Display rules, chosen to read like the labels at the counter:
 *  - "piece": a whole number ("3"); a fractional piece count should not
 *    exist, but is shown with its decimals rather than hidden;
 *  - "kg": always three decimals, i.e. grams, as a scale label shows them
 *    ("0,350 kg", "1,000 kg");
 *  - "l": trailing zeros trimmed, keeping at least one decimal ("1,5 l",
 *    "0,75 l", "2,0 l");
 *  - any other unit: trimmed decimals, no unit suffix.
 * The decimal separator is LC_NUMERIC's; negative quantities (refunds) get
 * a U+2212 minus sign. */
char *
dis_qty_format (gint64      qty_milli,
                const char *unit)
{
  const struct lconv *lc = localeconv ();
  g_autofree char *decimal_point = NULL;
  GString *out;
  guint64 abs_qty;
  guint frac;
  char frac_digits[4];
  int min_decimals;
  int n_decimals = 3;

  decimal_point = g_strdup (lc->decimal_point != NULL && lc->decimal_point[0] != '\0'
                            ? lc->decimal_point : ".");

  out = g_string_new (qty_milli < 0 ? MINUS_SIGN : "");
  abs_qty = qty_milli < 0 ? (guint64) (-(qty_milli + 1)) + 1 : (guint64) qty_milli;
  frac = (guint) (abs_qty % 1000);

  if (g_strcmp0 (unit, "kg") == 0)
    min_decimals = 3;
  else if (g_strcmp0 (unit, "l") == 0)
    min_decimals = 1;
  else
    min_decimals = 0;

  g_snprintf (frac_digits, sizeof frac_digits, "%03u", frac);
  while (n_decimals > min_decimals && frac_digits[n_decimals - 1] == '0')
    n_decimals--;

  g_string_append_printf (out, "%" G_GUINT64_FORMAT, abs_qty / 1000);
  if (n_decimals > 0)
    {
      g_string_append (out, decimal_point);
      g_string_append_len (out, frac_digits, n_decimals);
    }

  if (g_strcmp0 (unit, "kg") == 0)
    g_string_append (out, " kg");
  else if (g_strcmp0 (unit, "l") == 0)
    g_string_append (out, " l");

  return g_string_free (out, FALSE);
}

gboolean
dis_qty_parse (const char *text,
               const char *unit,
               gint64     *out_qty_milli)
{
  g_autofree char *copy = NULL;
  char *start;
  char *end;
  gboolean measured;
  gint64 qty;

  g_return_val_if_fail (out_qty_milli != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  measured = g_strcmp0 (unit, "kg") == 0 || g_strcmp0 (unit, "l") == 0;

  copy = g_strdup (skip_spaces (text));
  start = copy;
  end = strip_trailing_spaces (start);

  /* Allow the unit typed after the number: "0,35 kg", "1.2l". */
  if (measured && g_str_has_suffix (start, unit))
    {
      end -= strlen (unit);
      *end = '\0';
      strip_trailing_spaces (start);
    }

  if (measured)
    {
      if (!dis_decimal_parse (start, 3, &qty))
        return FALSE;
    }
  else
    {
      gint64 pieces;

      if (!dis_decimal_parse (start, 0, &pieces) || pieces > G_MAXINT64 / 1000)
        return FALSE;
      qty = pieces * 1000;
    }

  if (qty <= 0 || qty > DIS_QUANTITY_MAX)
    return FALSE;

  *out_qty_milli = qty;

  return TRUE;
}
