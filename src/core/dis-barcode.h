/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for an EAN-8 or EAN-13 made of digits with a correct check digit. */
gboolean dis_ean_is_valid        (const char *code);
/* Check digit for the first 7 or 12 digits; -1 when not digits/wrong length. */
int      dis_ean_check_digit     (const char *digits,
                                  gsize       len);

typedef enum
{
  DIS_WEIGHT_CODE_NONE,    /* not an in-store code */
  DIS_WEIGHT_CODE_WEIGHT,  /* value is grams (= milli-kg) */
  DIS_WEIGHT_CODE_PRICE,   /* value is cents */
} DisWeightCodeKind;

/* Italian in-store scale labels: EAN-13 "2T PPPPP VVVVV C"
 *   T = 1..4: V is the weight in grams; T = 5..9: V is the price in cents;
 *   (T = 0: a plain in-store article code, kind NONE)
 *   PPPPP = the product's scale code (PLU), VVVVV = value, C = EAN check.
 * Returns TRUE and fills kind/plu/value when the code is such a label with
 * a valid check digit. */
gboolean dis_weight_code_parse   (const char        *code,
                                  DisWeightCodeKind *out_kind,
                                  guint             *out_plu,
                                  gint64            *out_value);

/* Inverse, for tests and the demo: builds the 13-digit label. */
char    *dis_weight_code_build   (DisWeightCodeKind  kind,
                                  guint              plu,
                                  gint64             value);

G_END_DECLS
