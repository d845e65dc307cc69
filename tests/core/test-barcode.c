/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-core.h"

static void
test_ean_check_digit (void)
{
  g_assert_cmpint (dis_ean_check_digit ("400638133393", 12), ==, 1);
  g_assert_cmpint (dis_ean_check_digit ("800123456789", 12), ==, 7);
  g_assert_cmpint (dis_ean_check_digit ("9638507", 7), ==, 4);
  g_assert_cmpint (dis_ean_check_digit ("000000000000", 12), ==, 0);

  /* Only the first @len characters count. */
  g_assert_cmpint (dis_ean_check_digit ("4006381333931", 12), ==, 1);

  g_assert_cmpint (dis_ean_check_digit ("40063813339", 11), ==, -1);
  g_assert_cmpint (dis_ean_check_digit ("40063813339a", 12), ==, -1);
  g_assert_cmpint (dis_ean_check_digit (NULL, 12), ==, -1);
}

static void
test_ean_valid (void)
{
  g_assert_true (dis_ean_is_valid ("4006381333931"));
  g_assert_true (dis_ean_is_valid ("8001234567897"));
  g_assert_true (dis_ean_is_valid ("96385074"));

  g_assert_false (dis_ean_is_valid ("4006381333932"));  /* wrong check digit */
  g_assert_false (dis_ean_is_valid ("8001234567890"));
  g_assert_false (dis_ean_is_valid ("96385075"));
  g_assert_false (dis_ean_is_valid ("4006381333938"));
  g_assert_false (dis_ean_is_valid ("400638133393"));   /* 12 digits */
  g_assert_false (dis_ean_is_valid ("40063813339311")); /* 14 digits */
  g_assert_false (dis_ean_is_valid ("9638507"));
  g_assert_false (dis_ean_is_valid ("400638133393X"));
  g_assert_false (dis_ean_is_valid (" 96385074"));
  g_assert_false (dis_ean_is_valid (""));
  g_assert_false (dis_ean_is_valid (NULL));

  /* Every single-digit error in the check position is caught. */
  for (char c = '0'; c <= '9'; c++)
    {
      char code[] = "4006381333931";

      code[12] = c;
      g_assert_cmpint (dis_ean_is_valid (code), ==, c == '1');
    }
}

static void
test_weight_code_weight (void)
{
  DisWeightCodeKind kind = DIS_WEIGHT_CODE_PRICE;
  guint plu = 0;
  gint64 value = 0;
  g_autofree char *code = NULL;

  /* "21 23450 01234 3": 1234 g of PLU 23450, check digit by hand */
  g_assert_true (dis_weight_code_parse ("2123450012343", &kind, &plu, &value));
  g_assert_cmpint (kind, ==, DIS_WEIGHT_CODE_WEIGHT);
  g_assert_cmpuint (plu, ==, 23450);
  g_assert_cmpint (value, ==, 1234);

  code = dis_weight_code_build (DIS_WEIGHT_CODE_WEIGHT, 23450, 335);
  g_assert_cmpuint (strlen (code), ==, 13);
  g_assert_true (dis_ean_is_valid (code));
  g_assert_cmpstr (code, ==, "2123450003358");

  g_assert_true (dis_weight_code_parse (code, &kind, &plu, &value));
  g_assert_cmpint (kind, ==, DIS_WEIGHT_CODE_WEIGHT);
  g_assert_cmpuint (plu, ==, 23450);
  g_assert_cmpint (value, ==, 335);

  /* A hand-made label with T = 4 is a weight too. */
  {
    char label[14] = "240000702500";

    label[12] = (char) ('0' + dis_ean_check_digit (label, 12));
    label[13] = '\0';
    g_assert_true (dis_weight_code_parse (label, &kind, &plu, &value));
    g_assert_cmpint (kind, ==, DIS_WEIGHT_CODE_WEIGHT);
    g_assert_cmpuint (plu, ==, 7);
    g_assert_cmpint (value, ==, 2500);
  }
}

static void
test_weight_code_price (void)
{
  DisWeightCodeKind kind = DIS_WEIGHT_CODE_NONE;
  guint plu = 0;
  gint64 value = 0;
  g_autofree char *code = dis_weight_code_build (DIS_WEIGHT_CODE_PRICE, 12345, 1234);

  g_assert_cmpstr (code, ==, "2512345012344");
  g_assert_true (dis_weight_code_parse (code, &kind, &plu, &value));
  g_assert_cmpint (kind, ==, DIS_WEIGHT_CODE_PRICE);
  g_assert_cmpuint (plu, ==, 12345);
  g_assert_cmpint (value, ==, 1234);

  /* T = 9 is a price as well. */
  {
    char label[14] = "299999999999";

    label[12] = (char) ('0' + dis_ean_check_digit (label, 12));
    label[13] = '\0';
    g_assert_true (dis_weight_code_parse (label, &kind, &plu, &value));
    g_assert_cmpint (kind, ==, DIS_WEIGHT_CODE_PRICE);
    g_assert_cmpuint (plu, ==, 99999);
    g_assert_cmpint (value, ==, 99999);
  }
}

static void
test_weight_code_rejected (void)
{
  DisWeightCodeKind kind = DIS_WEIGHT_CODE_WEIGHT;
  guint plu = 42;
  gint64 value = 42;
  g_autofree char *code = dis_weight_code_build (DIS_WEIGHT_CODE_WEIGHT, 23450, 335);
  g_autofree char *plain = dis_weight_code_build (DIS_WEIGHT_CODE_NONE, 12345, 1);

  /* Bad check digit. */
  code[12] = code[12] == '9' ? '0' : code[12] + 1;
  g_assert_false (dis_weight_code_parse (code, &kind, &plu, &value));
  g_assert_cmpint (kind, ==, DIS_WEIGHT_CODE_NONE);
  g_assert_cmpuint (plu, ==, 42);
  g_assert_cmpint (value, ==, 42);

  /* A valid "20…" in-store article code is not a scale label. */
  g_assert_cmpstr (plain, ==, "2012345000018");
  g_assert_true (dis_ean_is_valid (plain));
  kind = DIS_WEIGHT_CODE_WEIGHT;
  g_assert_false (dis_weight_code_parse (plain, &kind, NULL, NULL));
  g_assert_cmpint (kind, ==, DIS_WEIGHT_CODE_NONE);

  /* A normal product EAN. */
  g_assert_false (dis_weight_code_parse ("8001234567897", &kind, NULL, NULL));
  /* EAN-8 and garbage. */
  g_assert_false (dis_weight_code_parse ("96385074", &kind, NULL, NULL));
  g_assert_false (dis_weight_code_parse ("21234500033", &kind, NULL, NULL));
  g_assert_false (dis_weight_code_parse ("abc", &kind, NULL, NULL));
  g_assert_false (dis_weight_code_parse (NULL, &kind, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add_func ("/core/barcode/ean-check-digit", test_ean_check_digit);
  g_test_add_func ("/core/barcode/ean-valid", test_ean_valid);
  g_test_add_func ("/core/barcode/weight-code-weight", test_weight_code_weight);
  g_test_add_func ("/core/barcode/weight-code-price", test_weight_code_price);
  g_test_add_func ("/core/barcode/weight-code-rejected", test_weight_code_rejected);

  return g_test_run ();
}
