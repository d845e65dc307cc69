/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-util.h"
#include "dis-gazetteer.h"

/* Place search as you type: 300 place names typed letter by letter, each
 * keystroke a dis_gazetteer_search() (limit 20, as the map's search
 * popover), next to a naive scan with g_str_has_prefix over names
 * normalized beforehand. */

#define N_NAMES   300
#define LIMIT     20
#define SEED      3001
#define AIM_USEC  5000

int
main (int   argc,
      char *argv[])
{
  DisGazetteer *gaz;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) normalized = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) typed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ours = bench_samples_new (8192);
  g_autoptr(GArray) ref = bench_samples_new (8192);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  BenchStats ours_stats, ref_stats;
  gint64 start, load_usec;
  guint sink = 0;

  setlocale (LC_ALL, "");

  start = bench_now ();
  gaz = dis_gazetteer_get_default ();
  load_usec = bench_now () - start;
  g_print ("# gazetteer: %u places loaded in %.1f ms\n",
           dis_gazetteer_get_n_places (gaz), load_usec / 1000.0);

  /* Every place, in the gazetteer's order ("" matches nothing, so list
   * by each initial). */
  all = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_place_free);
  for (char c = 'a'; c <= 'z'; c++)
    {
      char q[2] = { c, 0 };
      g_autoptr(GPtrArray) part = dis_gazetteer_search (gaz, q, 0);

      for (guint i = 0; i < part->len; i++)
        {
          DisPlace *p = g_ptr_array_index (part, i);
          g_autofree char *norm = dis_gazetteer_normalize (p->name);

          /* A name with several words shows up once per initial. */
          if (!g_str_has_prefix (norm, q))
            continue;
          g_ptr_array_add (all, dis_place_copy (p));
          g_ptr_array_add (normalized, g_steal_pointer (&norm));
        }
    }

  if (all->len < N_NAMES)
    {
      g_printerr ("bench error: only %u places\n", all->len);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < N_NAMES; i++)
    {
      DisPlace *p = g_ptr_array_index (all, g_rand_int_range (rand, 0, all->len));
      g_ptr_array_add (typed, g_strdup (p->name));
    }

  for (guint i = 0; i < typed->len; i++)
    {
      const char *name = g_ptr_array_index (typed, i);

      for (const char *end = g_utf8_next_char (name); ; end = g_utf8_next_char (end))
        {
          g_autofree char *prefix = g_strndup (name, end - name);
          g_autoptr(GPtrArray) results = NULL;
          g_autofree char *norm_prefix = NULL;
          guint n_ref = 0;
          gboolean found = FALSE;

          start = bench_now ();
          results = dis_gazetteer_search (gaz, prefix, LIMIT);
          bench_samples_add (ours, bench_now () - start);

          /* The typed place must be offered once the whole name is in. */
          if (*end == '\0')
            {
              for (guint j = 0; j < results->len && !found; j++)
                found = g_strcmp0 (((DisPlace *) results->pdata[j])->name, name) == 0;
              if (!found)
                {
                  g_printerr ("bench error: “%s” not found by its full name\n", name);
                  return EXIT_FAILURE;
                }
            }

          /* Reference: the prefix normalized, then a plain scan. */
          start = bench_now ();
          norm_prefix = dis_gazetteer_normalize (prefix);
          for (guint j = 0; j < normalized->len && n_ref < LIMIT; j++)
            if (g_str_has_prefix (normalized->pdata[j], norm_prefix))
              n_ref++;
          bench_samples_add (ref, bench_now () - start);
          sink += n_ref + results->len;

          if (*end == '\0')
            break;
        }
    }

  bench_stats_compute (ours, &ours_stats);
  bench_stats_compute (ref, &ref_stats);
  bench_print_line ("place search per keystroke", &ours_stats,
                    "naive prefix scan over pre-normalized names", &ref_stats,
                    "p50 p99 max", "p99 < 5 ms", ours_stats.p99 < AIM_USEC);
  g_print ("# %u keystrokes, %u results in all\n", ours_stats.n, sink);
  return EXIT_SUCCESS;
}
