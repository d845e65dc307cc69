/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real disotto-hub process for the sync benchmarks: its admin commands
 * on a private database, and `serve` on 127.0.0.1 with an ephemeral port.
 * The binary is $DIS_HUB. Every wait is bounded; the process dies with the
 * benchmark (PR_SET_PDEATHSIG) and is stopped by bench_hub_free(). */

typedef struct
{
  char        *dir;
  char        *db_path;
  char        *log_path;   /* the serving hub's stderr */
  GSubprocess *process;
  guint16      port;
  char        *url;        /* http://127.0.0.1:PORT */
} BenchHub;

/* `disotto-hub init` on @dir/hub.db. */
BenchHub *bench_hub_new          (const char  *dir);
void      bench_hub_free         (BenchHub    *hub);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchHub, bench_hub_free)

/* Runs one admin command (NULL-terminated arguments, --db is added) and
 * returns its standard output; a non-zero exit is a bench error. */
G_GNUC_NULL_TERMINATED
char     *bench_hub_run          (BenchHub    *hub,
                                  const char  *first,
                                  ...);

/* `point add`: creates the point @code when @new_point (with a name and
 * a place), enrols @device, and returns the token it printed. */
char     *bench_hub_add_device   (BenchHub    *hub,
                                  const char  *code,
                                  const char  *device,
                                  gboolean     new_point);

/* `serve --listen 127.0.0.1:0`: waits for "listening on http://…:PORT". */
void      bench_hub_serve        (BenchHub    *hub);
/* SIGTERM, then waits (at most 40 s) for a clean exit. */
void      bench_hub_stop         (BenchHub    *hub);

/* One integer from the hub database, read-only (safe while serving). */
gint64    bench_hub_query_int    (BenchHub    *hub,
                                  const char  *sql);

/* Runs the thread-default main context until @check (polled every
 * @poll_ms) holds or @timeout_ms passed. */
typedef gboolean (*BenchCheck) (gpointer data);
gboolean  bench_wait_for         (BenchCheck   check,
                                  gpointer     data,
                                  guint        poll_ms,
                                  guint        timeout_ms);

G_END_DECLS
