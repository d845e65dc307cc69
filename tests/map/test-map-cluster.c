/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dis-geo.h"
#include "dis-map-cluster.h"

/* Marker clustering (issue 11): deterministic, every point in exactly one
 * cluster, counts that add up, seeds apart, and single points at a zoom
 * where nothing overlaps. */

#define TORINO_LAT 45.0703
#define TORINO_LON 7.6869

/* The bench's network: 2,000 points in a disc around Turin. */
static DisMapLocation *
network (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  DisMapLocation *points = g_new (DisMapLocation, n);

  for (guint i = 0; i < n; i++)
    {
      points[i].latitude = TORINO_LAT + g_rand_double_range (rand, -0.3, 0.3) * g_rand_double (rand);
      points[i].longitude = TORINO_LON + g_rand_double_range (rand, -0.45, 0.45) * g_rand_double (rand);
    }
  return points;
}

static double
pixel_distance (const DisMapLocation *a,
                const DisMapLocation *b,
                guint                 zoom)
{
  double world = 256.0 * exp2 (zoom);
  double ya, yb, la = a->latitude * G_PI / 180.0, lb = b->latitude * G_PI / 180.0;
  double dx = (b->longitude - a->longitude) / 360.0 * world;

  ya = (1.0 - log (tan (la) + 1.0 / cos (la)) / G_PI) / 2.0 * world;
  yb = (1.0 - log (tan (lb) + 1.0 / cos (lb)) / G_PI) / 2.0 * world;
  return sqrt (dx * dx + (yb - ya) * (yb - ya));
}

static void
check_partition (const DisMapLocation *points,
                 guint                 n,
                 guint                 zoom,
                 double                radius,
                 GPtrArray            *clusters)
{
  g_autofree guint *seen = g_new0 (guint, n);
  guint total = 0;

  for (guint c = 0; c < clusters->len; c++)
    {
      DisMapCluster *cluster = g_ptr_array_index (clusters, c);

      g_assert_cmpuint (cluster->n_members, >=, 1);
      g_assert_cmpuint (cluster->members[0], ==, cluster->seed);
      if (c > 0)
        g_assert_cmpuint (((DisMapCluster *) g_ptr_array_index (clusters, c - 1))->seed, <, cluster->seed);
      for (guint m = 0; m < cluster->n_members; m++)
        {
          guint i = cluster->members[m];

          g_assert_cmpuint (i, <, n);
          if (m > 0)
            g_assert_cmpuint (cluster->members[m - 1], <, i);
          seen[i]++;
          /* Each member is within the radius of its seed. */
          g_assert_cmpfloat (pixel_distance (&points[cluster->seed], &points[i], zoom), <=, radius + 1e-6);
        }
      total += cluster->n_members;

      /* No two seeds overlap: an earlier seed would have taken this one. */
      for (guint d = 0; d < c; d++)
        {
          DisMapCluster *other = g_ptr_array_index (clusters, d);

          g_assert_cmpfloat (pixel_distance (&points[other->seed], &points[cluster->seed], zoom), >, radius);
        }
    }

  g_assert_cmpuint (total, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (seen[i], ==, 1);
}

static void
test_partition (void)
{
  g_autofree DisMapLocation *points = network (2000);

  for (guint zoom = 8; zoom <= 14; zoom++)
    {
      g_autoptr(GPtrArray) clusters = dis_map_cluster_points (points, 2000, zoom, 44);

      check_partition (points, 2000, zoom, 44, clusters);
      /* From afar, far fewer markers than points: what keeps frames cheap. */
      if (zoom <= 11)
        g_assert_cmpuint (clusters->len, <, 400);
    }
}

static void
test_deterministic (void)
{
  g_autofree DisMapLocation *points = network (2000);
  g_autoptr(GPtrArray) a = dis_map_cluster_points (points, 2000, 10, 44);
  g_autoptr(GPtrArray) b = dis_map_cluster_points (points, 2000, 10, 44);

  g_assert_cmpuint (a->len, ==, b->len);
  for (guint c = 0; c < a->len; c++)
    {
      DisMapCluster *x = g_ptr_array_index (a, c);
      DisMapCluster *y = g_ptr_array_index (b, c);

      g_assert_cmpuint (x->seed, ==, y->seed);
      g_assert_cmpmem (x->members, x->n_members * sizeof (guint),
                       y->members, y->n_members * sizeof (guint));
    }
}

/* Zooming in splits clusters: more of them at every level. */
static void
test_zoom_splits (void)
{
  g_autofree DisMapLocation *points = network (2000);
  guint last = 0;

  for (guint zoom = 6; zoom <= 16; zoom++)
    {
      g_autoptr(GPtrArray) clusters = dis_map_cluster_points (points, 2000, zoom, 44);

      g_assert_cmpuint (clusters->len, >=, last);
      last = clusters->len;
    }
  g_assert_cmpuint (last, >, 1000);
}

/* Hand-worked: three points 10 m apart and one 5 km away. At zoom 8 a
 * pixel is about 430 m at Turin's latitude: the three are one cluster,
 * the far one (≈ 12 px) too within 44 px, alone within 8 px. At zoom 18
 * (≈ 0.4 m a pixel) every point is alone. */
static void
test_hand_worked (void)
{
  DisMapLocation points[] = {
    { TORINO_LAT, TORINO_LON },
    { TORINO_LAT + 0.00009, TORINO_LON },            /* 10 m north */
    { TORINO_LAT, TORINO_LON + 0.000127 },           /* 10 m east */
    { TORINO_LAT + 0.045, TORINO_LON },              /* 5 km north */
  };
  g_autoptr(GPtrArray) wide = dis_map_cluster_points (points, 4, 8, 44);
  g_autoptr(GPtrArray) narrow = dis_map_cluster_points (points, 4, 8, 8);
  g_autoptr(GPtrArray) close = dis_map_cluster_points (points, 4, 18, 8);
  g_autoptr(GPtrArray) none = dis_map_cluster_points (NULL, 0, 10, 44);
  DisMapCluster *cluster;

  g_assert_cmpfloat (fabs (dis_geo_distance_m (TORINO_LAT, TORINO_LON, points[3].latitude, points[3].longitude) - 5000), <, 50);

  g_assert_cmpuint (wide->len, ==, 1);
  cluster = g_ptr_array_index (wide, 0);
  g_assert_cmpuint (cluster->n_members, ==, 4);

  g_assert_cmpuint (narrow->len, ==, 2);
  cluster = g_ptr_array_index (narrow, 0);
  g_assert_cmpuint (cluster->seed, ==, 0);
  g_assert_cmpuint (cluster->n_members, ==, 3);
  cluster = g_ptr_array_index (narrow, 1);
  g_assert_cmpuint (cluster->seed, ==, 3);
  g_assert_cmpuint (cluster->n_members, ==, 1);

  g_assert_cmpuint (close->len, ==, 4);
  g_assert_cmpuint (none->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/map/cluster/partition", test_partition);
  g_test_add_func ("/map/cluster/deterministic", test_deterministic);
  g_test_add_func ("/map/cluster/zoom-splits", test_zoom_splits);
  g_test_add_func ("/map/cluster/hand-worked", test_hand_worked);

  return g_test_run ();
}
