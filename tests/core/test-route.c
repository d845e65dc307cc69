/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "dis-codec.h"
#include "dis-geo.h"
#include "dis-route.h"

/* The length of the round @order, point and back. */
static double
round_length (const DisRoutePlace *places,
              const guint         *order,
              guint                n)
{
  double m = 0;

  for (guint k = 0; k < n; k++)
    {
      const DisRoutePlace *a = &places[order[k]], *b = &places[order[(k + 1) % n]];

      m += dis_geo_distance_m (a->lat, a->lon, b->lat, b->lon);
    }
  return m;
}

/* @order visits every place once, from the point; its length is @metres. */
static void
assert_round (const DisRoutePlace *places,
              guint                n,
              GArray              *order,
              double               metres)
{
  g_autofree gboolean *seen = g_new0 (gboolean, n);

  g_assert_nonnull (order);
  g_assert_cmpuint (order->len, ==, n);
  g_assert_cmpuint (g_array_index (order, guint, 0), ==, 0);
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (order, guint, k);

      g_assert_cmpuint (i, <, n);
      g_assert_false (seen[i]);
      seen[i] = TRUE;
    }
  g_assert_cmpfloat_with_epsilon (metres, round_length (places, (guint *) order->data, n), 1e-6);
}

/* Plans @places both ways, checks both rounds and that the plan is not
 * longer; returns the plan's length. */
static double
plan_and_check (const DisRoutePlace *places,
                guint                n,
                double              *out_nn_metres)
{
  double plan_m = -1, nn_m = -1;
  g_autoptr(GArray) plan = dis_route_plan (places, n, &plan_m);
  g_autoptr(GArray) nn = dis_route_nearest_neighbour (places, n, &nn_m);
  g_autoptr(GArray) again = dis_route_plan (places, n, NULL);

  assert_round (places, n, plan, plan_m);
  assert_round (places, n, nn, nn_m);
  g_assert_cmpfloat (plan_m, <=, nn_m + 1e-6);
  /* Deterministic. */
  g_assert_cmpmem (plan->data, plan->len * sizeof (guint), again->data, again->len * sizeof (guint));
  if (out_nn_metres != NULL)
    *out_nn_metres = nn_m;
  return plan_m;
}

static void
test_trivial (void)
{
  const DisRoutePlace one[] = { { 45.07, 7.68 } };
  const DisRoutePlace two[] = { { 45.07, 7.68 }, { 45.08, 7.68 } };
  double m = -1;
  g_autoptr(GArray) alone = dis_route_plan (one, 1, &m);
  g_autoptr(GArray) there_and_back = NULL;

  g_assert_cmpuint (alone->len, ==, 1);
  g_assert_cmpfloat (m, ==, 0);
  there_and_back = dis_route_plan (two, 2, &m);
  g_assert_cmpuint (there_and_back->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (m, 2 * dis_geo_distance_m (45.07, 7.68, 45.08, 7.68), 1e-6);
}

/* Nearest neighbour leaves a crossing on this one (the far corner last,
 * back across the square); the plan goes round. Places: the point at the
 * origin of a 1 km grid, then (x, y) in km. */
static void
test_uncrossed (void)
{
  /* ~1 km in latitude and longitude at 45°N. */
  const double km_lat = 1 / 111.2, km_lon = 1 / 78.7;
  const double xy[][2] = { { 0, 0 }, { 1, 0.1 }, { 2, 0 }, { 2, 2 }, { 0, 2 }, { 1, 1.9 }, { 1.5, 1 } };
  DisRoutePlace places[G_N_ELEMENTS (xy)];
  double nn_m, plan_m;
  guint n = G_N_ELEMENTS (xy);

  for (guint i = 0; i < n; i++)
    places[i] = (DisRoutePlace) { 45 + xy[i][1] * km_lat, 7.6 + xy[i][0] * km_lon };
  plan_m = plan_and_check (places, n, &nn_m);
  /* The square's perimeter with two small detours: under 8.3 km. */
  g_assert_cmpfloat (plan_m, <, 8300);
  g_assert_cmpfloat (plan_m, <=, nn_m);
}

static GArray *
demo_points (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("DIS_DEMO_DIR"), "points.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GArray *places = g_array_new (FALSE, FALSE, sizeof (DisRoutePlace));
  JsonArray *rows;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      DisCodecPoint point;
      DisRoutePlace place;

      dis_codec_point_decode (json_array_get_object_element (rows, i), &point, &error);
      g_assert_no_error (error);
      if (point.lat == 0 && point.lon == 0)
        continue;
      place = (DisRoutePlace) { point.lat, point.lon };
      g_array_append_val (places, place);
    }
  g_assert_cmpuint (places->len, >=, 10);
  return places;
}

/* Every demo point in turn as the start of a round through the others,
 * and the first k points for every k: never longer than nearest
 * neighbour alone. */
static void
test_demo_points (void)
{
  g_autoptr(GArray) places = demo_points ();
  guint n = places->len;
  g_autofree DisRoutePlace *rotated = g_new (DisRoutePlace, n);
  double sum_plan = 0, sum_nn = 0;

  for (guint start = 0; start < n; start++)
    {
      double nn_m;

      for (guint k = 0; k < n; k++)
        rotated[k] = g_array_index (places, DisRoutePlace, (start + k) % n);
      sum_plan += plan_and_check (rotated, n, &nn_m);
      sum_nn += nn_m;
    }
  for (guint k = 1; k <= n; k++)
    plan_and_check ((DisRoutePlace *) places->data, k, NULL);

  g_test_message ("demo points: plan %.1f km on average, nearest neighbour %.1f km",
                  sum_plan / n / 1000, sum_nn / n / 1000);
  g_assert_cmpfloat (sum_plan, <, sum_nn);
}

typedef struct
{
  const DisRoutePlace *places;
  guint                n;
  guint               *path;
  gboolean            *used;
  double               best;
} BruteForce;

/* Every round from the point, pruned when already longer than the best. */
static void
brute_force (BruteForce *bf,
             guint       depth,
             double      so_far)
{
  const DisRoutePlace *last = &bf->places[bf->path[depth - 1]];

  if (so_far >= bf->best)
    return;
  if (depth == bf->n)
    {
      double m = so_far + dis_geo_distance_m (last->lat, last->lon,
                                              bf->places[0].lat, bf->places[0].lon);

      bf->best = MIN (bf->best, m);
      return;
    }
  for (guint c = 1; c < bf->n; c++)
    {
      if (bf->used[c])
        continue;
      bf->used[c] = TRUE;
      bf->path[depth] = c;
      brute_force (bf, depth + 1,
                   so_far + dis_geo_distance_m (last->lat, last->lon,
                                                bf->places[c].lat, bf->places[c].lon));
      bf->used[c] = FALSE;
    }
}

static void
test_near_optimum (void)
{
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = NULL;
  double worst = 1;

  if (g_getenv ("DIS_TEST_SEED") != NULL)
    seed = (guint32) g_ascii_strtoull (g_getenv ("DIS_TEST_SEED"), NULL, 10);
  g_print ("# test-route random seed %u (DIS_TEST_SEED=%u repeats it)\n", seed, seed);
  rand = g_rand_new_with_seed (seed);

  for (guint round = 0; round < 200; round++)
    {
      guint stops = (guint) g_rand_int_range (rand, 2, 10);
      guint n = stops + 1;
      DisRoutePlace places[10];
      guint path[10] = { 0 };
      gboolean used[10] = { TRUE };
      BruteForce bf = { places, n, path, used, G_MAXDOUBLE };
      double plan_m;

      /* Stops within a town's reach: ±5.5 km north-south, ±5.5 east-west. */
      for (guint i = 0; i < n; i++)
        places[i] = (DisRoutePlace) { 45.07 + g_rand_double_range (rand, -0.05, 0.05),
                                      7.68 + g_rand_double_range (rand, -0.07, 0.07) };
      plan_m = plan_and_check (places, n, NULL);
      brute_force (&bf, 1, 0);
      g_assert_cmpfloat (plan_m, >=, bf.best - 1e-6);
      g_assert_cmpfloat (plan_m, <=, bf.best * 1.10);
      worst = MAX (worst, plan_m / bf.best);
    }
  g_print ("# test-route: worst plan %.3f times the optimum\n", worst);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/route/trivial", test_trivial);
  g_test_add_func ("/route/uncrossed", test_uncrossed);
  g_test_add_func ("/route/demo-points", test_demo_points);
  g_test_add_func ("/route/near-optimum", test_near_optimum);

  return g_test_run ();
}
