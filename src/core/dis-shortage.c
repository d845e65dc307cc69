/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-shortage"

#include "config.h"

#include "dis-shortage.h"

/* a × b = q × m + r, exactly, with a, b < 2^64 and 0 < m < 2^63 and the
 * quotient known to fit 64 bits: the 128-bit product is divided one bit
 * at a time, so the result is the same on every platform (no __int128 on
 * 32-bit ARM, where a point may run). */
static void
mul_div_mod (guint64  a,
             guint64  b,
             guint64  m,
             guint64 *q,
             guint64 *r)
{
  guint64 a_lo = a & 0xffffffffu, a_hi = a >> 32;
  guint64 b_lo = b & 0xffffffffu, b_hi = b >> 32;
  guint64 lo_lo = a_lo * b_lo;
  guint64 hi_lo = a_hi * b_lo;
  guint64 lo_hi = a_lo * b_hi;
  guint64 hi_hi = a_hi * b_hi;
  guint64 cross = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;
  guint64 lo = (cross << 32) | (lo_lo & 0xffffffffu);
  guint64 hi = hi_hi + (hi_lo >> 32) + (cross >> 32);
  guint64 quot = 0, rem = 0;

  g_assert (m > 0 && m < (G_GUINT64_CONSTANT (1) << 63));

  for (int bit = 127; bit >= 0; bit--)
    {
      guint64 word = bit >= 64 ? hi : lo;

      rem = (rem << 1) | ((word >> (bit & 63)) & 1);
      quot <<= 1;
      if (rem >= m)
        {
          rem -= m;
          quot |= 1;
        }
    }
  *q = quot;
  *r = rem;
}

typedef struct
{
  guint   index;      /* into the claims */
  gint64  at;
  gint64  rem_units;  /* the exact share's remainder: (share mod unit, */
  guint64 rem_frac;   /*   share's fraction × Σ ordered), compared in order */
} Remainder;

static int
remainder_cmp (gconstpointer pa,
               gconstpointer pb)
{
  const Remainder *a = pa, *b = pb;

  if (a->rem_units != b->rem_units)
    return a->rem_units > b->rem_units ? -1 : 1;
  if (a->rem_frac != b->rem_frac)
    return a->rem_frac > b->rem_frac ? -1 : 1;
  if (a->at != b->at)
    return a->at < b->at ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* Shares @delivered among the claims listed in @idx, which together
 * ordered more than that. */
static void
share (DisShortageClaim *claims,
       const guint      *idx,
       guint             n,
       gint64            delivered,
       gint64            unit,
       guint64           sum_ordered)
{
  g_autofree Remainder *rems = g_new (Remainder, n);
  gint64 units_left = delivered / unit;

  g_assert ((guint64) delivered < sum_ordered);

  for (guint k = 0; k < n; k++)
    {
      DisShortageClaim *c = &claims[idx[k]];
      guint64 q, r;

      /* The exact proportional share is q + r / Σ ordered milli-units. */
      mul_div_mod ((guint64) delivered, (guint64) c->ordered, sum_ordered, &q, &r);
      c->allotted = ((gint64) q / unit) * unit;
      units_left -= (gint64) q / unit;
      rems[k] = (Remainder) { idx[k], c->at, (gint64) q % unit, r };
    }

  /* Fewer units are left than there are claims with a remainder, so
   * each of the largest remainders gets one more unit, or its last
   * partial one when it ordered part of a unit. */
  g_assert (units_left >= 0 && (guint64) units_left <= n);
  qsort (rems, n, sizeof *rems, remainder_cmp);
  for (guint k = 0; k < (guint) units_left; k++)
    {
      DisShortageClaim *c = &claims[rems[k].index];

      g_assert (rems[k].rem_units > 0 || rems[k].rem_frac > 0);
      c->allotted = MIN (c->allotted + unit, c->ordered);
    }
}

/* Serves the claims in @idx from @delivered; returns what is left. */
static gint64
serve (DisShortageClaim *claims,
       const guint      *idx,
       guint             n,
       gint64            delivered,
       gint64            unit)
{
  guint64 sum = 0;

  for (guint k = 0; k < n; k++)
    sum += (guint64) claims[idx[k]].ordered;

  if ((guint64) delivered >= sum)
    {
      for (guint k = 0; k < n; k++)
        claims[idx[k]].allotted = claims[idx[k]].ordered;
      return delivered - (gint64) sum;
    }

  share (claims, idx, n, delivered, unit, sum);
  return 0;
}

void
dis_shortage_allot (DisShortageClaim *claims,
                    guint             n_claims,
                    gint64            delivered,
                    gint64            unit,
                    gboolean          priority_first)
{
  g_autofree guint *first = NULL;
  g_autofree guint *rest = NULL;
  guint n_first = 0, n_rest = 0;

  g_return_if_fail (claims != NULL || n_claims == 0);
  g_return_if_fail (delivered >= 0);
  g_return_if_fail (unit > 0);
  for (guint i = 0; i < n_claims; i++)
    g_return_if_fail (claims[i].ordered > 0);

  first = g_new (guint, n_claims + 1);
  rest = g_new (guint, n_claims + 1);
  for (guint i = 0; i < n_claims; i++)
    {
      claims[i].allotted = 0;
      if (priority_first && claims[i].priority)
        first[n_first++] = i;
      else
        rest[n_rest++] = i;
    }

  delivered = serve (claims, first, n_first, delivered, unit);
  serve (claims, rest, n_rest, delivered, unit);
}
