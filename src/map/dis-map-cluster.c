/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map"

#include "config.h"

#include <math.h>

#include "dis-map-cluster.h"

/* Web Mercator latitudes stop here; beyond, y is not finite. */
#define MAX_LATITUDE 85.05112878

typedef struct
{
  double x;
  double y;
  gint64 cell_x;
  gint64 cell_y;
} Projected;

void
dis_map_cluster_free (DisMapCluster *cluster)
{
  if (cluster == NULL)
    return;

  g_free (cluster->members);
  g_free (cluster);
}

static void
project (const DisMapLocation *location,
         double                world,
         double                cell,
         Projected            *out)
{
  double lat = CLAMP (location->latitude, -MAX_LATITUDE, MAX_LATITUDE) * G_PI / 180.0;

  out->x = (location->longitude + 180.0) / 360.0 * world;
  out->y = (1.0 - log (tan (lat) + 1.0 / cos (lat)) / G_PI) / 2.0 * world;
  out->cell_x = (gint64) floor (out->x / cell);
  out->cell_y = (gint64) floor (out->y / cell);
}

static int
compare_index (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static gint64
cell_key (gint64 cell_x,
          gint64 cell_y)
{
  /* 2^24 cells a side are enough for zoom 22 at one-pixel cells. */
  return (cell_x << 32) ^ (cell_y & 0xffffffff);
}

GPtrArray *
dis_map_cluster_points (const DisMapLocation *points,
                        guint                 n_points,
                        guint                 zoom,
                        double                radius_px)
{
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GHashTable) grid = NULL;     /* cell key → GArray of guint, ascending */
  g_autofree Projected *projected = NULL;
  g_autofree gboolean *taken = NULL;
  g_autoptr(GArray) members = NULL;
  double world, radius2;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (zoom <= 22, NULL);
  g_return_val_if_fail (radius_px > 0, NULL);

  world = 256.0 * exp2 (zoom);
  radius2 = radius_px * radius_px;
  clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_map_cluster_free);
  grid = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  projected = g_new (Projected, MAX (n_points, 1));
  taken = g_new0 (gboolean, MAX (n_points, 1));
  members = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Cells as large as the radius: a point's neighbours within it are in
   * its cell or the eight around. */
  for (guint i = 0; i < n_points; i++)
    {
      gint64 key;
      GArray *cell;

      project (&points[i], world, radius_px, &projected[i]);
      key = cell_key (projected[i].cell_x, projected[i].cell_y);
      if (!(cell = g_hash_table_lookup (grid, &key)))
        {
          cell = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (grid, g_memdup2 (&key, sizeof key), cell);
        }
      g_array_append_val (cell, i);
    }

  for (guint seed = 0; seed < n_points; seed++)
    {
      const Projected *s = &projected[seed];
      DisMapCluster *cluster;

      if (taken[seed])
        continue;

      g_array_set_size (members, 0);
      for (gint64 dx = -1; dx <= 1; dx++)
        for (gint64 dy = -1; dy <= 1; dy++)
          {
            gint64 key = cell_key (s->cell_x + dx, s->cell_y + dy);
            GArray *cell = g_hash_table_lookup (grid, &key);

            for (guint j = 0; cell != NULL && j < cell->len; j++)
              {
                guint other = g_array_index (cell, guint, j);
                double ox = projected[other].x - s->x;
                double oy = projected[other].y - s->y;

                if (!taken[other] && ox * ox + oy * oy <= radius2)
                  {
                    taken[other] = TRUE;
                    g_array_append_val (members, other);
                  }
              }
          }

      /* The seed is within its own radius, and the smallest untaken index. */
      g_assert (taken[seed]);
      g_array_sort (members, compare_index);
      cluster = g_new0 (DisMapCluster, 1);
      cluster->seed = seed;
      cluster->n_members = members->len;
      cluster->members = g_memdup2 (members->data, members->len * sizeof (guint));
      g_ptr_array_add (clusters, cluster);
    }

  return g_steal_pointer (&clusters);
}
