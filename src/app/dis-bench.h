/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

/* Hooks for tests/bench/bench-startup only, driven by environment
 * variables: DIS_BENCH_READY=1 prints "dis-ready <µs>" once the till is
 * interactive, DIS_BENCH_QUIT=1 then prints "dis-rss <kB>" and quits,
 * DIS_BENCH_OPERATOR / DIS_BENCH_PIN sign in without the sign-in page. */
void     dis_bench_mark_start    (void);
gboolean dis_bench_wants_sign_in (void);
/* Signs in DIS_BENCH_OPERATOR with DIS_BENCH_PIN; finish with
 * dis_store_sign_in_by_name_finish(). */
void     dis_bench_sign_in_async (DisStore            *store,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
void     dis_bench_till_ready    (GtkWidget           *window);

G_END_DECLS
