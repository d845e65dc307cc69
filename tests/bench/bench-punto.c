/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dis-application.h"
#include "dis-till-page.h"
#include "dis-window.h"

/* disotto-punto for tests/bench/bench-startup only: the same application,
 * built from the same library, plus what the benchmark needs and the
 * shipped program must not have. It signs DIS_BENCH_OPERATOR in with
 * DIS_BENCH_PIN as soon as the store is open (no sign-in page to type
 * into), then prints
 *   dis-ready <µs since main()>  once the till is interactive: signed in,
 *                                the day found open, the search entry
 *                                focused, and that frame painted
 *   dis-rss <kB>                 then, with DIS_BENCH_QUIT=1, and quits. */

typedef struct
{
  gint64          start_usec;
  DisApplication *app;
  gboolean        reported;
} Bench;

static Bench bench;

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

static DisWindow *
get_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (bench.app));

  return DIS_IS_WINDOW (window) ? DIS_WINDOW (window) : NULL;
}

static gboolean
after_frame_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  printf ("dis-ready %" G_GINT64_FORMAT "\n", g_get_monotonic_time () - bench.start_usec);
  if (g_strcmp0 (g_getenv ("DIS_BENCH_QUIT"), "1") == 0)
    {
      printf ("dis-rss %ld\n", resident_kb ());
      fflush (stdout);
      g_application_quit (G_APPLICATION (bench.app));
    }
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

/* The window gives the till's search entry the keyboard once an operator
 * is signed in and the day is open: that is "interactive". The figure
 * includes painting that frame. */
static void
focus_cb (GtkWindow  *window,
          GParamSpec *pspec,
          gpointer    user_data)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  g_autofree char *state = NULL;

  g_object_get (window, "state", &state, NULL);
  if (bench.reported || focus == NULL || g_strcmp0 (state, "main") != 0 ||
      gtk_widget_get_ancestor (focus, DIS_TYPE_TILL_PAGE) == NULL)
    return;

  bench.reported = TRUE;
  gtk_widget_add_tick_callback (GTK_WIDGET (window), after_frame_cb, NULL, NULL);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisOperator) operator = NULL;
  g_autoptr(GError) error = NULL;
  DisWindow *window = get_window ();

  operator = dis_store_sign_in_by_name_finish (DIS_STORE (object), result, &error);
  if (operator == NULL)
    {
      g_printerr ("bench-punto: could not sign in: %s\n", error->message);
      g_application_quit (G_APPLICATION (bench.app));
      return;
    }

  if (window != NULL)
    dis_window_set_operator (window, operator);
}

/* One job on the store's read worker, queued before the window's first
 * reads (the application notifies "store" before it hands the store to
 * the window): the PIN check (Argon2id) runs while the window is built,
 * and the window, finding somebody signed in, goes straight to the till
 * without showing the sign-in page. */
static void
store_cb (DisApplication *app)
{
  DisStore *store = dis_application_get_store (app);
  DisWindow *window = get_window ();

  if (store == NULL)
    return;

  if (window != NULL)
    g_signal_connect (window, "notify::focus-widget", G_CALLBACK (focus_cb), NULL);

  dis_store_sign_in_by_name_async (store, g_getenv ("DIS_BENCH_OPERATOR"), g_getenv ("DIS_BENCH_PIN"),
                                   NULL, signed_in_cb, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DisApplication) app = NULL;

  bench.start_usec = g_get_monotonic_time ();

  if (g_getenv ("DIS_BENCH_OPERATOR") == NULL || g_getenv ("DIS_BENCH_PIN") == NULL)
    {
      g_printerr ("bench-punto: set DIS_BENCH_OPERATOR and DIS_BENCH_PIN\n");
      return EXIT_FAILURE;
    }

  dis_application_init_process ();
  app = dis_application_new ();
  bench.app = app;
  g_signal_connect (app, "notify::store", G_CALLBACK (store_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
