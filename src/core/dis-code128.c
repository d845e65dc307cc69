/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-code128"

#include "config.h"

#include <string.h>

#include "dis-code128.h"

/* The widths of bar, space, bar, space, bar, space of each symbol value,
 * as digits (ISO/IEC 15417 table 1); the stop adds a final bar. */
static const char symbols[107][8] = {
  "212222", "222122", "222221", "121223", "121322", "131222", "122213",
  "122312", "132212", "221213", "221312", "231212", "112232", "122132",
  "122231", "113222", "123122", "123221", "223211", "221132", "221231",
  "213212", "223112", "312131", "311222", "321122", "321221", "312212",
  "322112", "322211", "212123", "212321", "232121", "111323", "131123",
  "131321", "112313", "132113", "132311", "211313", "231113", "231311",
  "112133", "112331", "132131", "113123", "113321", "133121", "313121",
  "211331", "231131", "213113", "213311", "213131", "311123", "311321",
  "331121", "312113", "312311", "332111", "314111", "221411", "431111",
  "111224", "111422", "121124", "121421", "141122", "141221", "112214",
  "112412", "122114", "122411", "142112", "142211", "241211", "221114",
  "413111", "241112", "134111", "111242", "121142", "121241", "114212",
  "124112", "124211", "411212", "421112", "421211", "212141", "214121",
  "412121", "111143", "111341", "131141", "114113", "114311", "411113",
  "411311", "113141", "114131", "311141", "411131", "211412", "211214",
  "211232", "2331112",
};

enum { START_B = 104, STOP = 106, CHECK_MODULUS = 103 };

static void
append_symbol (GArray *widths,
               guint   value)
{
  g_assert (value < G_N_ELEMENTS (symbols));

  for (const char *w = symbols[value]; *w != '\0'; w++)
    {
      guint8 module = (guint8) (*w - '0');

      g_array_append_val (widths, module);
    }
}

static gboolean
is_encodable (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (*c < 32 || *c > 126)
      return FALSE;
  return TRUE;
}

GArray *
dis_code128_encode (const char *text)
{
  GArray *widths;
  guint check = START_B;
  gsize len;

  if (!is_encodable (text))
    return NULL;

  len = strlen (text);
  widths = g_array_sized_new (FALSE, FALSE, sizeof (guint8), 6 * (len + 2) + 7);
  append_symbol (widths, START_B);
  for (gsize i = 0; i < len; i++)
    {
      guint value = (guint) (text[i] - 32);

      append_symbol (widths, value);
      check = (check + (guint) ((i + 1) % CHECK_MODULUS) * value) % CHECK_MODULUS;
    }
  append_symbol (widths, check);
  append_symbol (widths, STOP);
  return widths;
}

guint
dis_code128_width_modules (const char *text)
{
  g_return_val_if_fail (is_encodable (text), 0);

  return 11 * ((guint) strlen (text) + 2) + 13;
}
