/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench-ref"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gtk/gtk.h>

/* The startup reference: the least a GTK 4 program can do to be ready for
 * typing, a window with a focused entry. It prints the same lines as
 * bench-punto, the application's launcher for bench-startup:
 *   dis-ready <µs since process start>   once the window painted its first frame
 *   dis-rss <kB>                          then, with DIS_BENCH_QUIT=1, and quits */

/* The process start time from /proc/self/stat (field 22, clock ticks since
 * boot) against CLOCK_BOOTTIME; -1 when it cannot be read. */
static gint64
usec_since_process_start (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;
  struct timespec now;
  guint64 start_ticks;
  long ticks_per_sec;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return -1;

  /* The command name may contain spaces: fields restart after its ')'. */
  after_comm = strrchr (stat, ')');
  if (after_comm == NULL)
    return -1;
  fields = g_strsplit (after_comm + 2, " ", -1);
  if (g_strv_length (fields) < 20)
    return -1;

  /* fields[0] is field 3 (state), so field 22 is fields[19]. */
  start_ticks = g_ascii_strtoull (fields[19], NULL, 10);
  ticks_per_sec = sysconf (_SC_CLK_TCK);
  if (ticks_per_sec <= 0 || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;

  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000
         - (gint64) (start_ticks * G_USEC_PER_SEC / (guint64) ticks_per_sec);
}

static gint64
vm_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "\nVmRSS:");
  if (line == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10);
}

static gboolean
entry_has_focus (GtkWidget *entry)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (entry));

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *entry)
{
  GApplication *app = g_application_get_default ();

  if (!entry_has_focus (entry))
    return;

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, entry);

  printf ("dis-ready %" G_GINT64_FORMAT "\n", usec_since_process_start ());
  fflush (stdout);

  if (g_strcmp0 (g_getenv ("DIS_BENCH_QUIT"), "1") == 0)
    {
      printf ("dis-rss %" G_GINT64_FORMAT "\n", vm_rss_kb ());
      fflush (stdout);
      g_application_quit (app);
    }
}

static void
entry_map_cb (GtkWidget *entry)
{
  gtk_widget_grab_focus (entry);
  /* Ready means visible: wait for the first frame painted with the focus. */
  g_signal_connect_object (gtk_widget_get_frame_clock (entry), "after-paint",
                           G_CALLBACK (after_paint_cb), entry, 0);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *entry = gtk_entry_new ();

  gtk_window_set_title (GTK_WINDOW (window), "Reference");
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "Search products");
  gtk_widget_set_valign (entry, GTK_ALIGN_START);
  gtk_widget_set_margin_top (entry, 12);
  gtk_widget_set_margin_start (entry, 12);
  gtk_widget_set_margin_end (entry, 12);
  gtk_window_set_child (GTK_WINDOW (window), entry);

  g_signal_connect (entry, "map", G_CALLBACK (entry_map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;

  app = gtk_application_new ("it.disotto.BenchReference", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
