/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "dis-money.h"
#include "dis-shortage.h"

/* Claims from parallel arrays; @at NULL means all ordered at once. */
static DisShortageClaim *
claims_new (guint           n,
            const gint64   *ordered,
            const gint64   *at,
            const gboolean *priority)
{
  DisShortageClaim *c = g_new0 (DisShortageClaim, n);

  for (guint i = 0; i < n; i++)
    {
      c[i].ordered = ordered[i];
      c[i].at = at != NULL ? at[i] : 0;
      c[i].priority = priority != NULL && priority[i];
      c[i].allotted = -42;   /* every claim is written */
    }
  return c;
}

static void
assert_allotted (const DisShortageClaim *c,
                 guint                   n,
                 const gint64           *expected)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (c[i].allotted, ==, expected[i]);
}

static void
test_proportional (void)
{
  /* 7 pieces for 5 + 3 + 2 ordered: 3.5, 2.1, 1.4 → 3, 2, 1 and the
   * leftover piece to the largest remainder (0.5). */
  const gint64 ordered[] = { 5000, 3000, 2000 };
  const gint64 expected[] = { 4000, 2000, 1000 };
  g_autofree DisShortageClaim *c = claims_new (3, ordered, NULL, NULL);

  dis_shortage_allot (c, 3, 7000, 1000, FALSE);
  assert_allotted (c, 3, expected);

  /* Exact shares need no leftover: 2 kg for 1.5 + 1.5 + 1 kg, in grams. */
  {
    const gint64 ordered_g[] = { 1500, 1500, 1000 };
    const gint64 expected_g[] = { 750, 750, 500 };
    g_autofree DisShortageClaim *w = claims_new (3, ordered_g, NULL, NULL);

    dis_shortage_allot (w, 3, 2000, 1, FALSE);
    assert_allotted (w, 3, expected_g);
  }
}

static void
test_remainders (void)
{
  /* 10 pieces for 4 + 4 + 4 + 1: 3.08, 3.08, 3.08, 0.77 → 3, 3, 3, 0 and
   * the leftover to the 1-piece order, whose remainder is the largest. */
  const gint64 ordered[] = { 4000, 4000, 4000, 1000 };
  const gint64 expected[] = { 3000, 3000, 3000, 1000 };
  g_autofree DisShortageClaim *c = claims_new (4, ordered, NULL, NULL);

  dis_shortage_allot (c, 4, 10000, 1000, FALSE);
  assert_allotted (c, 4, expected);

  /* A delivery of 9.5 pieces is 9 whole ones: 2.92, 2.92, 2.92, 0.73 →
   * 2, 2, 2, 0, three left to the three largest remainders (0.92). */
  {
    const gint64 expected_95[] = { 3000, 3000, 3000, 0 };

    dis_shortage_allot (c, 4, 9500, 1000, FALSE);
    assert_allotted (c, 4, expected_95);
  }

  /* Grams: 2 g for 3 + 3 + 1 g ordered → 0.86, 0.86, 0.29: nothing
   * whole, both grams to the two larger remainders. */
  {
    const gint64 ordered_g[] = { 3, 3, 1 };
    const gint64 expected_g[] = { 1, 1, 0 };
    g_autofree DisShortageClaim *w = claims_new (3, ordered_g, NULL, NULL);

    dis_shortage_allot (w, 3, 2, 1, FALSE);
    assert_allotted (w, 3, expected_g);
  }
}

static void
test_tie_by_time (void)
{
  /* 3 pieces for 3 + 2 + 1: 1.5, 1, 0.5 → 1, 1, 0; the leftover piece is
   * tied between the first and the last claim: the earlier order wins. */
  const gint64 ordered[] = { 3000, 2000, 1000 };
  const gint64 at_last_first[] = { 30, 20, 10 };
  const gint64 at_first_first[] = { 10, 20, 30 };
  const gint64 expect_last[] = { 1000, 1000, 1000 };
  const gint64 expect_first[] = { 2000, 1000, 0 };
  g_autofree DisShortageClaim *c = claims_new (3, ordered, at_last_first, NULL);
  g_autofree DisShortageClaim *d = claims_new (3, ordered, at_first_first, NULL);
  g_autofree DisShortageClaim *e = claims_new (3, ordered, NULL, NULL);

  dis_shortage_allot (c, 3, 3000, 1000, FALSE);
  assert_allotted (c, 3, expect_last);
  dis_shortage_allot (d, 3, 3000, 1000, FALSE);
  assert_allotted (d, 3, expect_first);
  /* Ordered at the same time: the lower index. */
  dis_shortage_allot (e, 3, 3000, 1000, FALSE);
  assert_allotted (e, 3, expect_first);

  /* 1 kg in grams for three equal orders: 333 each, the last gram to the
   * earliest. */
  {
    const gint64 ordered_g[] = { 1000, 1000, 1000 };
    const gint64 at[] = { 5, 3, 4 };
    const gint64 expected[] = { 333, 334, 333 };
    g_autofree DisShortageClaim *w = claims_new (3, ordered_g, at, NULL);

    dis_shortage_allot (w, 3, 1000, 1, FALSE);
    assert_allotted (w, 3, expected);
  }
}

static void
test_accessibile_first (void)
{
  const gint64 ordered[] = { 3000, 4000, 3000 };
  const gint64 at[] = { 1, 2, 3 };
  const gboolean priority[] = { FALSE, TRUE, FALSE };
  g_autofree DisShortageClaim *c = claims_new (3, ordered, at, priority);

  /* 5 pieces: the Accessibile order's 4 in full, 1 left for 3 + 3 →
   * 0.5 each, the piece to the earlier. */
  {
    const gint64 expected[] = { 1000, 4000, 0 };

    dis_shortage_allot (c, 3, 5000, 1000, TRUE);
    assert_allotted (c, 3, expected);
  }
  /* Without priority: 1.5, 2, 1.5 → 1, 2, 1 and the tie to the earlier. */
  {
    const gint64 expected[] = { 2000, 2000, 1000 };

    dis_shortage_allot (c, 3, 5000, 1000, FALSE);
    assert_allotted (c, 3, expected);
  }
  /* Less than the priority claims ordered: shared among them only. */
  {
    const gint64 ordered2[] = { 3000, 3000, 2000, 1000 };
    const gboolean priority2[] = { TRUE, FALSE, TRUE, FALSE };
    const gint64 expected[] = { 2000, 0, 2000, 0 };
    g_autofree DisShortageClaim *d = claims_new (4, ordered2, NULL, priority2);

    /* 4 pieces for 3 + 2: 2.4, 1.6 → 2, 1 and the leftover to 0.6. */
    dis_shortage_allot (d, 4, 4000, 1000, TRUE);
    assert_allotted (d, 4, expected);
  }
  /* Exactly the priority claims' total: the others get nothing. */
  {
    const gint64 expected[] = { 0, 4000, 0 };

    dis_shortage_allot (c, 3, 4000, 1000, TRUE);
    assert_allotted (c, 3, expected);
  }
}

static void
test_edges (void)
{
  const gint64 ordered[] = { 2000, 1000 };
  g_autofree DisShortageClaim *c = claims_new (2, ordered, NULL, NULL);

  /* Enough, or more than enough: everyone gets what they ordered. */
  dis_shortage_allot (c, 2, 3000, 1000, FALSE);
  assert_allotted (c, 2, ordered);
  dis_shortage_allot (c, 2, 99000, 1000, TRUE);
  assert_allotted (c, 2, ordered);
  /* Nothing arrived. */
  {
    const gint64 zero[] = { 0, 0 };

    dis_shortage_allot (c, 2, 0, 1000, FALSE);
    assert_allotted (c, 2, zero);
    /* Less than a whole unit is not shared. */
    dis_shortage_allot (c, 2, 999, 1000, FALSE);
    assert_allotted (c, 2, zero);
  }
  /* No claims at all. */
  dis_shortage_allot (NULL, 0, 5000, 1000, TRUE);

  /* A claim of part of a unit gets its partial unit as a whole one:
   * 3.4 pieces for 0.5 + 3 → 0.49, 2.91 → 0, 2; the leftover to 0.91. */
  {
    const gint64 ordered_p[] = { 500, 3000 };
    const gint64 expected[] = { 0, 3000 };
    g_autofree DisShortageClaim *p = claims_new (2, ordered_p, NULL, NULL);

    dis_shortage_allot (p, 2, 3400, 1000, FALSE);
    assert_allotted (p, 2, expected);
    /* 1 piece for 1.5 + 0.5: 0.75, 0.25 → the piece to the first. */
    p[0].ordered = 1500;
    p[1].ordered = 500;
    dis_shortage_allot (p, 2, 1000, 1000, FALSE);
    g_assert_cmpint (p[0].allotted, ==, 1000);
    g_assert_cmpint (p[1].allotted, ==, 0);
    /* 1.9 pieces for 1.5 + 0.5: 1.425, 0.475 → 1, 0, and no whole piece
     * left (1 of 1.9 shared). */
    dis_shortage_allot (p, 2, 1900, 1000, FALSE);
    g_assert_cmpint (p[0].allotted, ==, 1000);
    g_assert_cmpint (p[1].allotted, ==, 0);
  }
}

/* Near the bounds: a million units each, the products past 2^64. */
static void
test_large (void)
{
  enum { N = 1000 };
  g_autofree DisShortageClaim *c = g_new0 (DisShortageClaim, N);
  gint64 sum = 0, delivered;

  for (guint i = 0; i < N; i++)
    {
      c[i].ordered = DIS_QUANTITY_MAX - (gint64) i * 7919;
      c[i].at = N - i;
      sum += c[i].ordered;
    }
  delivered = sum - 1234567;
  dis_shortage_allot (c, N, delivered, 1, FALSE);
  sum = 0;
  for (guint i = 0; i < N; i++)
    {
      /* Each loses its share of 1234567, 1234.57 × ordered / mean
       * ordered: 1229.7 … 1239.5. */
      g_assert_cmpint (c[i].allotted, <=, c[i].ordered - 1229);
      g_assert_cmpint (c[i].allotted, >=, c[i].ordered - 1240);
      sum += c[i].allotted;
    }
  g_assert_cmpint (sum, ==, delivered);
}

/* The share of @c in a pool of @pool among claims ordering @group_sum:
 * checks |allotted − pool × ordered / group_sum| < unit, exactly. */
static void
assert_near_share (const DisShortageClaim *c,
                   gint64                  pool,
                   gint64                  group_sum,
                   gint64                  unit)
{
  gint64 diff = c->allotted * group_sum - pool * c->ordered;

  g_assert_cmpint (ABS (diff), <, unit * group_sum);
}

/* floor (share / unit) and the share's remainder × group_sum, to compare
 * remainders exactly. */
static gint64
remainder_scaled (const DisShortageClaim *c,
                  gint64                  pool,
                  gint64                  group_sum,
                  gint64                  unit)
{
  return (pool * c->ordered) % (unit * group_sum);
}

static void
check_group (const DisShortageClaim *c,
             guint                   n,
             const gboolean         *in_group,
             gint64                  pool,
             gint64                  unit)
{
  gint64 group_sum = 0, got = 0;

  for (guint i = 0; i < n; i++)
    if (in_group[i])
      group_sum += c[i].ordered;
  if (group_sum == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      if (!in_group[i])
        continue;
      got += c[i].allotted;
      if (pool >= group_sum)
        {
          g_assert_cmpint (c[i].allotted, ==, c[i].ordered);
          continue;
        }
      assert_near_share (&c[i], pool, group_sum, unit);
      g_assert_cmpint (c[i].allotted % unit, ==, 0);
    }
  g_assert_cmpint (got, ==, MIN (pool / unit * unit, group_sum));

  /* Largest remainder: whoever got a unit over the floor of their share
   * had a remainder no smaller than anyone who did not, ties to the
   * earlier order, then the lower index. */
  if (pool >= group_sum)
    return;
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        gint64 ri, rj;
        gboolean i_up, j_up;

        if (!in_group[i] || !in_group[j] || i == j)
          continue;
        i_up = c[i].allotted > pool * c[i].ordered / group_sum / unit * unit;
        j_up = c[j].allotted > pool * c[j].ordered / group_sum / unit * unit;
        if (!i_up || j_up)
          continue;
        ri = remainder_scaled (&c[i], pool, group_sum, unit);
        rj = remainder_scaled (&c[j], pool, group_sum, unit);
        g_assert_cmpint (ri, >=, rj);
        if (ri == rj)
          g_assert_true (c[i].at < c[j].at || (c[i].at == c[j].at && i < j));
      }
}

static void
test_random (void)
{
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = NULL;

  if (g_getenv ("DIS_TEST_SEED") != NULL)
    seed = (guint32) g_ascii_strtoull (g_getenv ("DIS_TEST_SEED"), NULL, 10);
  g_test_message ("seed %u (DIS_TEST_SEED=%u repeats it)", seed, seed);
  g_print ("# test-shortage random seed %u\n", seed);
  rand = g_rand_new_with_seed (seed);

  for (guint round = 0; round < 1000; round++)
    {
      guint n = (guint) g_rand_int_range (rand, 1, 60);
      gint64 unit = g_rand_boolean (rand) ? 1000 : 1;
      gboolean priority_first = g_rand_boolean (rand);
      g_autofree DisShortageClaim *c = g_new0 (DisShortageClaim, n);
      g_autofree DisShortageClaim *again = NULL;
      g_autofree gboolean *is_prio = g_new0 (gboolean, n);
      g_autofree gboolean *is_rest = g_new0 (gboolean, n);
      gint64 sum = 0, prio_sum = 0, delivered, total = 0;

      for (guint i = 0; i < n; i++)
        {
          c[i].ordered = unit * g_rand_int_range (rand, 1, unit == 1 ? 5000 : 25);
          c[i].at = g_rand_int_range (rand, 0, 10);   /* many ties */
          c[i].priority = g_rand_int_range (rand, 0, 4) == 0;
          sum += c[i].ordered;
          is_prio[i] = priority_first && c[i].priority;
          is_rest[i] = !is_prio[i];
          if (is_prio[i])
            prio_sum += c[i].ordered;
        }
      delivered = g_rand_int_range (rand, 0, (gint32) (sum + sum / 5 + 1));
      again = g_memdup2 (c, n * sizeof *c);

      dis_shortage_allot (c, n, delivered, unit, priority_first);
      dis_shortage_allot (again, n, delivered, unit, priority_first);

      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpint (c[i].allotted, >=, 0);
          g_assert_cmpint (c[i].allotted, <=, c[i].ordered);
          g_assert_cmpint (c[i].allotted, ==, again[i].allotted);
          total += c[i].allotted;
        }
      g_assert_cmpint (total, ==, MIN (delivered / unit * unit, sum));

      if (priority_first)
        {
          check_group (c, n, is_prio, delivered, unit);
          check_group (c, n, is_rest, MAX (delivered - prio_sum, 0), unit);
        }
      else
        {
          check_group (c, n, is_rest, delivered, unit);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shortage/proportional", test_proportional);
  g_test_add_func ("/shortage/remainders", test_remainders);
  g_test_add_func ("/shortage/tie-by-time", test_tie_by_time);
  g_test_add_func ("/shortage/accessibile-first", test_accessibile_first);
  g_test_add_func ("/shortage/edges", test_edges);
  g_test_add_func ("/shortage/large", test_large);
  g_test_add_func ("/shortage/random", test_random);

  return g_test_run ();
}
