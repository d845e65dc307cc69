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

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DisOperator *operator = dis_store_sign_in_finish (DIS_STORE (object), result, &error);

  if (operator == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, operator, g_object_unref);
}

static void
operators_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) operators = NULL;
  const char *name = g_getenv ("DIS_BENCH_OPERATOR");
  GError *error = NULL;

  operators = dis_store_list_operators_finish (DIS_STORE (object), result, &error);
  if (operators == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < operators->len; i++)
    {
      DisOperator *operator = g_ptr_array_index (operators, i);

      if (g_strcmp0 (dis_operator_get_name (operator), name) == 0)
        {
          dis_store_sign_in_async (DIS_STORE (object), dis_operator_get_id (operator),
                                   g_getenv ("DIS_BENCH_PIN"), g_task_get_cancellable (task),
                                   signed_in_cb, g_steal_pointer (&task));
          return;
        }
    }

  g_task_return_new_error (task, DIS_ERROR, DIS_ERROR_NOT_FOUND, "No operator named %s", name);
}

void
dis_bench_sign_in_async (DisStore            *store,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, dis_bench_sign_in_async);
  dis_store_list_operators_async (store, cancellable, operators_listed_cb, task);
}

DisOperator *
dis_bench_sign_in_finish (DisStore      *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
