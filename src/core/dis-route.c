/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-route"

#include "config.h"

#include <string.h>

#include "dis-geo.h"
#include "dis-route.h"

/* A move must shorten the round by more than this (metres), so rounding
 * cannot make two moves undo each other for ever. */
#define MIN_GAIN_M 1e-6

/* The longest run of stops an Or-opt move carries. */
#define OR_OPT_MAX 3

typedef struct
{
  guint   n;
  double *d;      /* n × n distances, metres */
  guint  *tour;   /* n indices, tour[0] = 0 */
  guint  *spare;  /* n, scratch for moves */
} Round;

static inline double
dist (const Round *r,
      guint        a,
      guint        b)
{
  return r->d[a * r->n + b];
}

static void
round_init (Round               *r,
            const DisRoutePlace *places,
            guint                n)
{
  r->n = n;
  r->d = g_new (double, (gsize) n * n);
  r->tour = g_new (guint, n);
  r->spare = g_new (guint, n);
  for (guint a = 0; a < n; a++)
    {
      r->d[a * n + a] = 0;
      for (guint b = a + 1; b < n; b++)
        {
          double m = dis_geo_distance_m (places[a].lat, places[a].lon,
                                         places[b].lat, places[b].lon);

          r->d[a * n + b] = m;
          r->d[b * n + a] = m;
        }
    }
}

static void
round_clear (Round *r)
{
  g_clear_pointer (&r->d, g_free);
  g_clear_pointer (&r->tour, g_free);
  g_clear_pointer (&r->spare, g_free);
}

static double
round_length (const Round *r)
{
  double m = 0;

  for (guint k = 0; k < r->n; k++)
    m += dist (r, r->tour[k], r->tour[(k + 1) % r->n]);
  return m;
}

static void
nearest_neighbour (Round *r)
{
  g_autofree gboolean *seen = g_new0 (gboolean, r->n);

  r->tour[0] = 0;
  seen[0] = TRUE;
  for (guint k = 1; k < r->n; k++)
    {
      guint from = r->tour[k - 1], best = 0;
      double best_m = G_MAXDOUBLE;

      /* Strictly nearer only: ties keep the lower index. */
      for (guint c = 1; c < r->n; c++)
        if (!seen[c] && dist (r, from, c) < best_m)
          {
            best = c;
            best_m = dist (r, from, c);
          }
      r->tour[k] = best;
      seen[best] = TRUE;
    }
}

static void
reverse (guint *tour,
         guint  from,
         guint  to)
{
  for (; from < to; from++, to--)
    {
      guint t = tour[from];

      tour[from] = tour[to];
      tour[to] = t;
    }
}

/* One pass of 2-opt: replaces the edges (i, i+1) and (j, j+1) by (i, j)
 * and (i+1, j+1), reversing the stops between; tour[0] never moves. */
static gboolean
two_opt_pass (Round *r)
{
  guint n = r->n;
  gboolean improved = FALSE;

  for (guint i = 0; i + 2 < n; i++)
    for (guint j = i + 2; j < n; j++)
      {
        guint a = r->tour[i], b = r->tour[i + 1];
        guint c = r->tour[j], e = r->tour[(j + 1) % n];
        double delta;

        if (i == 0 && j == n - 1)
          continue;   /* the two edges meet at the point */
        delta = dist (r, a, c) + dist (r, b, e) - dist (r, a, b) - dist (r, c, e);
        if (delta < -MIN_GAIN_M)
          {
            reverse (r->tour, i + 1, j);
            improved = TRUE;
          }
      }
  return improved;
}

/* Moves the run tour[i … i+len-1] (never the point) between the stops at
 * positions k and k+1 of the rest, reversed when @flip. */
static void
relocate (Round   *r,
          guint    i,
          guint    len,
          guint    k,
          gboolean flip)
{
  guint n = r->n, rest_n = 0, out = 0;
  g_autofree guint *rest = g_new (guint, n);

  for (guint p = 0; p < n; p++)
    if (p < i || p >= i + len)
      rest[rest_n++] = r->tour[p];

  for (guint p = 0; p <= k; p++)
    r->spare[out++] = rest[p];
  for (guint s = 0; s < len; s++)
    r->spare[out++] = r->tour[flip ? i + len - 1 - s : i + s];
  for (guint p = k + 1; p < rest_n; p++)
    r->spare[out++] = rest[p];
  g_assert (out == n && r->spare[0] == 0);
  memcpy (r->tour, r->spare, n * sizeof (guint));
}

/* Finds and makes the first Or-opt move that shortens the round. */
static gboolean
or_opt_move (Round *r)
{
  guint n = r->n;

  for (guint len = 1; len <= OR_OPT_MAX && len + 2 <= n; len++)
    for (guint i = 1; i + len <= n; i++)
      {
        guint first = r->tour[i], last = r->tour[i + len - 1];
        guint prev = r->tour[i - 1], next = r->tour[(i + len) % n];
        double removed = dist (r, prev, first) + dist (r, last, next) - dist (r, prev, next);

        /* k walks the edges (rest[k], rest[k+1]) of the round without
         * the run; rest[k] is tour[k] before the run, tour[k+len] after. */
        for (guint k = 0; k + len < n; k++)
          {
            guint p = r->tour[k < i ? k : k + len];
            guint q = r->tour[(k + 1 < i ? k + 1 : k + 1 + len) % n];

            if (p == prev)
              continue;   /* where it already is */
            for (int flip = 0; flip <= 1; flip++)
              {
                guint head = flip ? last : first, tail = flip ? first : last;
                double added = dist (r, p, head) + dist (r, tail, q) - dist (r, p, q);

                if (added - removed < -MIN_GAIN_M)
                  {
                    relocate (r, i, len, k, flip);
                    return TRUE;
                  }
              }
          }
      }
  return FALSE;
}

static GArray *
plan (const DisRoutePlace *places,
      guint                n_places,
      gboolean             improve,
      double              *out_metres)
{
  GArray *order;
  Round r;

  round_init (&r, places, n_places);
  nearest_neighbour (&r);
  /* Every move shortens the round by more than MIN_GAIN_M: this ends. */
  while (improve)
    {
      while (two_opt_pass (&r))
        ;
      improve = or_opt_move (&r);
    }

  order = g_array_sized_new (FALSE, FALSE, sizeof (guint), r.n);
  g_array_append_vals (order, r.tour, r.n);
  if (out_metres != NULL)
    *out_metres = round_length (&r);
  round_clear (&r);
  return order;
}

GArray *
dis_route_nearest_neighbour (const DisRoutePlace *places,
                             guint                n_places,
                             double              *out_metres)
{
  g_return_val_if_fail (places != NULL, NULL);
  g_return_val_if_fail (n_places >= 1, NULL);

  return plan (places, n_places, FALSE, out_metres);
}

GArray *
dis_route_plan (const DisRoutePlace *places,
                guint                n_places,
                double              *out_metres)
{
  g_return_val_if_fail (places != NULL, NULL);
  g_return_val_if_fail (n_places >= 1, NULL);

  return plan (places, n_places, TRUE, out_metres);
}
