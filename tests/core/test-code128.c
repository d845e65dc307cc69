/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dis-code128.h"

/* The widths of @text's barcode as digits, for comparing with a table. */
static char *
widths_string (const char *text)
{
  g_autoptr(GArray) widths = dis_code128_encode (text);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (widths);
  for (guint i = 0; i < widths->len; i++)
    g_string_append_c (s, (char) ('0' + g_array_index (widths, guint8, i)));
  return g_string_free (s, FALSE);
}

/* Worked by hand from ISO/IEC 15417's table: start B (104) 211214, the
 * characters' values (ASCII − 32), the check (104 + Σ position × value)
 * mod 103, stop 2331112. */
static void
test_known (void)
{
  const struct { const char *text, *widths; } cases[] = {
    /* 'A' = 33: check (104 + 33) mod 103 = 34. */
    { "A", "211214" "111323" "131123" "2331112" },
    /* ' ' = 0: check 104 mod 103 = 1. */
    { " ", "211214" "212222" "222122" "2331112" },
    /* O 47, R 50, D 36, 4 20, 2 18: 104 + 47 + 100 + 108 + 80 + 90 = 529,
     * mod 103 = 14. */
    { "ORD42", "211214" "133121" "231131" "112313" "221231" "223211" "122231" "2331112" },
    /* '~' = 94, 'a' = 65: 104 + 94 + 130 = 328, mod 103 = 19. */
    { "~a", "211214" "131141" "121124" "221132" "2331112" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = widths_string (cases[i].text);

      g_assert_cmpstr (got, ==, cases[i].widths);
    }
}

/* Every printable character: 11 modules a symbol, bars with an even
 * number of modules (the symbology's parity), and the length formula. */
static void
test_structure (void)
{
  char text[96];

  for (guint i = 0; i < 95; i++)
    text[i] = (char) (32 + i);
  text[95] = '\0';

  for (guint len = 1; len <= 95; len++)
    {
      g_autofree char *part = g_strndup (text + (95 - len), len);
      g_autoptr(GArray) widths = dis_code128_encode (part);
      guint modules = 0;

      g_assert_cmpuint (widths->len, ==, 6 * (len + 2) + 7);
      for (guint s = 0; s < len + 3; s++)
        {
          guint symbol = 0, bars = 0;

          for (guint e = 0; e < 6; e++)
            {
              guint8 w = g_array_index (widths, guint8, 6 * s + e);

              g_assert_cmpuint (w, >=, 1);
              g_assert_cmpuint (w, <=, 4);
              symbol += w;
              if (e % 2 == 0)
                bars += w;
            }
          g_assert_cmpuint (symbol, ==, 11);
          g_assert_cmpuint (bars % 2, ==, 0);
          modules += symbol;
        }
      modules += g_array_index (widths, guint8, widths->len - 1);
      g_assert_cmpuint (modules, ==, dis_code128_width_modules (part));
      g_assert_cmpuint (modules, ==, 11 * (len + 2) + 13);
    }
}

/* Every character's symbol is its own: no two texts of one character
 * share a barcode. */
static void
test_distinct (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (char c = 32; c <= 126; c++)
    {
      char text[2] = { c, '\0' };
      char *widths = widths_string (text);

      g_assert_false (g_hash_table_contains (seen, widths));
      g_hash_table_add (seen, widths);
    }
}

static void
test_refused (void)
{
  g_assert_null (dis_code128_encode (""));
  g_assert_null (dis_code128_encode ("ORD\t1"));
  g_assert_null (dis_code128_encode ("caffè"));
  g_assert_null (dis_code128_encode ("\x7f"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/code128/known", test_known);
  g_test_add_func ("/code128/structure", test_structure);
  g_test_add_func ("/code128/distinct", test_distinct);
  g_test_add_func ("/code128/refused", test_refused);

  return g_test_run ();
}
