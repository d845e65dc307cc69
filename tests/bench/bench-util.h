/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared helpers for the benchmarks: monotonic timing, percentiles over
 * samples in microseconds, and one fixed report format:
 *
 *   what: p50 12.3 µs p99 40.1 µs | reference (bare …): p50 … | aim p99 < 1 ms: OK
 *
 * Benchmarks report; they fail only on errors (bench_fail()). */

typedef struct
{
  guint  n;
  gint64 min;
  gint64 p50;
  gint64 p99;
  gint64 max;
  double mean;
} BenchStats;

/* Microseconds on the monotonic clock. */
gint64   bench_now               (void);
/* Microseconds of CPU the calling thread has used. */
gint64   bench_thread_cpu        (void);
/* Microseconds of CPU process @pid has used (user and system, all its
 * threads), -1 when unknown. On a shared machine a process's CPU time
 * depends far less on the others' load than its wall time. */
gint64   bench_process_cpu       (GPid          pid);

/* A growable array of gint64 µs samples. */
GArray  *bench_samples_new       (guint         reserve);
void     bench_samples_add       (GArray       *samples,
                                  gint64        usec);

/* Sorts a copy of @samples; nearest-rank percentiles. */
void     bench_stats_compute     (GArray       *samples,
                                  BenchStats   *out);
/* Nearest-rank percentile of an already sorted array. */
gint64   bench_percentile_sorted (const gint64 *sorted,
                                  guint         n,
                                  double        percent);

/* "12.3 µs", "4.56 ms", "1.23 s". */
char    *bench_format_usec       (double        usec);
/* "12.3 MB" from kB. */
char    *bench_format_kb         (gint64        kb);

/* Prints one line in the fixed format. @fields is a space-separated list
 * among "p50 p99 mean min max", the same for both sides; @ref may be NULL. */
void     bench_print_line        (const char       *what,
                                  const BenchStats *ours,
                                  const char       *ref_name,
                                  const BenchStats *ref,
                                  const char       *fields,
                                  const char       *aim,
                                  gboolean          aim_met);

/* "OK" or "MISSED". */
const char *bench_verdict        (gboolean      aim_met);

/* Prints "bench error: <what>: <message>" to stderr and exits 1. */
G_NORETURN
void     bench_fail              (const char   *what,
                                  const GError *error);
/* Calls bench_fail() unless @ok. Takes ownership of @error. */
void     bench_check             (gboolean      ok,
                                  GError       *error,
                                  const char   *what);

G_END_DECLS
