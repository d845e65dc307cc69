/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-util.h"
#include "dis-route.h"

/* The delivery round of issue 13: planning 60 stops must not keep a
 * volunteer waiting (aim p99 < 50 ms). Its reference is nearest
 * neighbour alone, the plan's first step, on the same instances in the
 * same run. Instances are seeded, so every run plans the same rounds. */

#define N_STOPS       60
#define N_SAMPLES     200
#define N_WARMUP      5
#define AIM_P99_USEC  50000
#define SEED          20261205

static void
make_instance (GRand         *rand,
               DisRoutePlace *places)
{
  /* The point and 60 homes within ±11 km by ±8 km of Turin. */
  for (guint i = 0; i <= N_STOPS; i++)
    places[i] = (DisRoutePlace) { 45.07 + g_rand_double_range (rand, -0.1, 0.1),
                                  7.68 + g_rand_double_range (rand, -0.1, 0.1) };
}

typedef GArray *(*PlanFunc) (const DisRoutePlace *, guint, double *);

/* Wall time in @out, and the thread's CPU time in @out_cpu: on a shared
 * machine the wall time's tail is mostly other work's. */
static void
measure (PlanFunc    plan,
         BenchStats *out,
         BenchStats *out_cpu,
         double     *out_mean_km)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GArray) samples = bench_samples_new (N_SAMPLES);
  g_autoptr(GArray) cpu = bench_samples_new (N_SAMPLES);
  DisRoutePlace places[N_STOPS + 1];
  double km = 0;

  for (guint s = 0; s < N_WARMUP + N_SAMPLES; s++)
    {
      g_autoptr(GArray) order = NULL;
      double metres = 0;
      gint64 start, start_cpu;

      make_instance (rand, places);
      start_cpu = bench_thread_cpu ();
      start = bench_now ();
      order = plan (places, N_STOPS + 1, &metres);
      if (s >= N_WARMUP)
        {
          bench_samples_add (samples, bench_now () - start);
          bench_samples_add (cpu, bench_thread_cpu () - start_cpu);
          km += metres / 1000;
        }
      if (order == NULL || order->len != N_STOPS + 1)
        bench_fail ("planning a round", NULL);
    }
  bench_stats_compute (samples, out);
  bench_stats_compute (cpu, out_cpu);
  *out_mean_km = km / N_SAMPLES;
}

int
main (int    argc,
      char **argv)
{
  BenchStats ours, ref, ours_cpu, ref_cpu;
  double ours_km, ref_km;
  g_autofree char *what = NULL;
  g_autofree char *aim = NULL;

  setlocale (LC_ALL, "");

  measure (dis_route_plan, &ours, &ours_cpu, &ours_km);
  measure (dis_route_nearest_neighbour, &ref, &ref_cpu, &ref_km);

  what = g_strdup_printf ("delivery round of %u stops (dis_route_plan, %u seeded instances)",
                          N_STOPS, N_SAMPLES);
  aim = g_strdup_printf ("p99 < %d ms", AIM_P99_USEC / 1000);
  bench_print_line (what, &ours, "nearest neighbour alone", &ref,
                    "p50 p99 max", aim, ours.p99 < AIM_P99_USEC);
  bench_print_line ("the same, CPU time of the planning thread", &ours_cpu,
                    "nearest neighbour alone", &ref_cpu, "p50 p99 max", aim,
                    ours_cpu.p99 < AIM_P99_USEC);
  g_print ("mean round: %.1f km planned, %.1f km by nearest neighbour alone (%.1f %% shorter)\n",
           ours_km, ref_km, 100 * (1 - ours_km / ref_km));
  g_print ("(on a shared machine: compare each figure with its reference, not across runs)\n");
  return EXIT_SUCCESS;
}
