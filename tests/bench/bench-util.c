/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "bench-util.h"

gint64
bench_now (void)
{
  return g_get_monotonic_time ();
}

gint64
bench_thread_cpu (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

gint64
bench_process_cpu (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;
  long ticks = sysconf (_SC_CLK_TCK);

  /* utime and stime are fields 14 and 15, counted after the command,
   * which ends at the last ')' (the command may hold spaces). */
  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL || ticks <= 0)
    return -1;
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10)) * G_USEC_PER_SEC / ticks;
}

GArray *
bench_samples_new (guint reserve)
{
  return g_array_sized_new (FALSE, FALSE, sizeof (gint64), reserve);
}

void
bench_samples_add (GArray *samples,
                   gint64  usec)
{
  g_array_append_val (samples, usec);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

gint64
bench_percentile_sorted (const gint64 *sorted,
                         guint         n,
                         double        percent)
{
  double rank;
  guint index;

  g_return_val_if_fail (n > 0, 0);

  /* Nearest rank: the smallest value with at least percent % at or below. */
  rank = ceil (percent / 100.0 * n);
  index = rank < 1 ? 0 : (guint) rank - 1;
  if (index >= n)
    index = n - 1;

  return sorted[index];
}

void
bench_stats_compute (GArray     *samples,
                     BenchStats *out)
{
  g_autofree gint64 *sorted = NULL;
  double sum = 0;

  g_return_if_fail (samples != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->n = samples->len;
  if (samples->len == 0)
    return;

  sorted = g_memdup2 (samples->data, sizeof (gint64) * samples->len);
  qsort (sorted, samples->len, sizeof (gint64), compare_gint64);

  for (guint i = 0; i < samples->len; i++)
    sum += sorted[i];

  out->min = sorted[0];
  out->max = sorted[samples->len - 1];
  out->p50 = bench_percentile_sorted (sorted, samples->len, 50);
  out->p99 = bench_percentile_sorted (sorted, samples->len, 99);
  out->mean = sum / samples->len;
}

char *
bench_format_usec (double usec)
{
  if (usec < 1000)
    return g_strdup_printf ("%.1f µs", usec);
  if (usec < 1000000)
    return g_strdup_printf ("%.2f ms", usec / 1000.0);
  return g_strdup_printf ("%.2f s", usec / 1000000.0);
}

char *
bench_format_kb (gint64 kb)
{
  return g_strdup_printf ("%.1f MB", kb / 1024.0);
}

const char *
bench_verdict (gboolean aim_met)
{
  return aim_met ? "OK" : "MISSED";
}

static double
stats_field (const BenchStats *stats,
             const char       *field)
{
  if (g_str_equal (field, "p50"))
    return stats->p50;
  if (g_str_equal (field, "p99"))
    return stats->p99;
  if (g_str_equal (field, "mean"))
    return stats->mean;
  if (g_str_equal (field, "min"))
    return stats->min;
  if (g_str_equal (field, "max"))
    return stats->max;
  g_return_val_if_reached (0);
}

static void
append_stats (GString          *line,
              const BenchStats *stats,
              char            **fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *value = bench_format_usec (stats_field (stats, fields[i]));

      if (i > 0)
        g_string_append_c (line, ' ');
      g_string_append_printf (line, "%s %s", fields[i], value);
    }
}

void
bench_print_line (const char       *what,
                  const BenchStats *ours,
                  const char       *ref_name,
                  const BenchStats *ref,
                  const char       *fields,
                  const char       *aim,
                  gboolean          aim_met)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_auto(GStrv) names = g_strsplit (fields, " ", -1);

  g_string_append_printf (line, "%s: ", what);
  append_stats (line, ours, names);
  g_string_append_printf (line, " (n=%u)", ours->n);

  if (ref != NULL)
    {
      g_string_append_printf (line, " | reference (%s): ", ref_name);
      append_stats (line, ref, names);
      g_string_append_printf (line, " (n=%u)", ref->n);
    }

  if (aim != NULL)
    g_string_append_printf (line, " | aim %s: %s", aim, bench_verdict (aim_met));

  g_print ("%s\n", line->str);
}

void
bench_fail (const char   *what,
            const GError *error)
{
  g_printerr ("bench error: %s: %s\n", what,
              error != NULL ? error->message : "failed");
  fflush (stdout);
  exit (EXIT_FAILURE);
}

void
bench_check (gboolean    ok,
             GError     *error,
             const char *what)
{
  if (!ok)
    bench_fail (what, error);
  g_clear_error (&error);
}
