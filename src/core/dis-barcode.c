/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-barcode"

#include "config.h"

#include <string.h>

#include "dis-barcode.h"

static gboolean
all_digits (const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;

  return TRUE;
}

int
dis_ean_check_digit (const char *digits,
                     gsize       len)
{
  int sum = 0;

  if (digits == NULL || (len != 7 && len != 12) || !all_digits (digits, len))
    return -1;

  /* Weights 3, 1, 3, … starting from the digit next to the check digit,
   * which makes the same rule work for EAN-8 and EAN-13. */
  for (gsize i = 0; i < len; i++)
    {
      int d = digits[len - 1 - i] - '0';

      sum += (i % 2 == 0) ? 3 * d : d;
    }

  return (10 - sum % 10) % 10;
}

gboolean
dis_ean_is_valid (const char *code)
{
  gsize len;

  if (code == NULL)
    return FALSE;

  len = strlen (code);
  if ((len != 8 && len != 13) || !all_digits (code, len))
    return FALSE;

  return dis_ean_check_digit (code, len - 1) == code[len - 1] - '0';
}

static gint64
digits_value (const char *s,
              gsize       len)
{
  gint64 value = 0;

  for (gsize i = 0; i < len; i++)
    value = value * 10 + (s[i] - '0');

  return value;
}

gboolean
dis_weight_code_parse (const char        *code,
                       DisWeightCodeKind *out_kind,
                       guint             *out_plu,
                       gint64            *out_value)
{
  DisWeightCodeKind kind;

  if (out_kind != NULL)
    *out_kind = DIS_WEIGHT_CODE_NONE;

  if (code == NULL || strlen (code) != 13 || code[0] != '2' || !dis_ean_is_valid (code))
    return FALSE;

  if (code[1] >= '1' && code[1] <= '4')
    kind = DIS_WEIGHT_CODE_WEIGHT;
  else if (code[1] >= '5' && code[1] <= '9')
    kind = DIS_WEIGHT_CODE_PRICE;
  else
    return FALSE; /* "20…": a plain in-store article code */

  if (out_kind != NULL)
    *out_kind = kind;
  if (out_plu != NULL)
    *out_plu = (guint) digits_value (code + 2, 5);
  if (out_value != NULL)
    *out_value = digits_value (code + 7, 5);

  return TRUE;
}

char *
dis_weight_code_build (DisWeightCodeKind kind,
                       guint             plu,
                       gint64            value)
{
  char code[14];
  char type;

  g_return_val_if_fail (plu <= 99999, NULL);
  g_return_val_if_fail (value >= 0 && value <= 99999, NULL);

  switch (kind)
    {
    case DIS_WEIGHT_CODE_WEIGHT:
      type = '1';
      break;
    case DIS_WEIGHT_CODE_PRICE:
      type = '5';
      break;
    case DIS_WEIGHT_CODE_NONE:
    default:
      type = '0';
      break;
    }

  g_snprintf (code, sizeof code, "2%c%05u%05u", type, plu, (guint) value);
  code[12] = (char) ('0' + dis_ean_check_digit (code, 12));
  code[13] = '\0';

  return g_strdup (code);
}
