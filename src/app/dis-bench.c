/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-bench"

#include "config.h"

#include <stdio.h>

#include "dis-bench.h"

static gint64 start_usec;
static gboolean reported;

void
dis_bench_mark_start (void)
{
  start_usec = g_get_monotonic_time ();
}

static gboolean
env_is_set (const char *name)
{
  return g_strcmp0 (g_getenv (name), "1") == 0;
}

gboolean
dis_bench_wants_sign_in (void)
{
  return g_getenv ("DIS_BENCH_OPERATOR") != NULL && g_getenv ("DIS_BENCH_PIN") != NULL;
}

/* One job on the store's read worker: the PIN check (Argon2id) starts
 * while the main thread is still building the window. */
void
dis_bench_sign_in_async (DisStore            *store,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  dis_store_sign_in_by_name_async (store, g_getenv ("DIS_BENCH_OPERATOR"), g_getenv ("DIS_BENCH_PIN"),
                                   cancellable, callback, user_data);
}

static long
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + strlen ("VmRSS:"), NULL, 10) : -1;
}

static gboolean
after_frame_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  printf ("dis-ready %" G_GINT64_FORMAT "\n", g_get_monotonic_time () - start_usec);
  if (env_is_set ("DIS_BENCH_QUIT"))
    {
      printf ("dis-rss %ld\n", resident_kb ());
      fflush (stdout);
      g_application_quit (g_application_get_default ());
    }
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

/* Called when the till is interactive; reports after the next frame so
 * the figure includes painting the till. */
void
dis_bench_till_ready (GtkWidget *window)
{
  if (reported || !env_is_set ("DIS_BENCH_READY"))
    return;

  reported = TRUE;
  gtk_widget_add_tick_callback (window, after_frame_cb, NULL, NULL);
}
