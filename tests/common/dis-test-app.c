/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-test"

#include "config.h"

#include <unistd.h>

#include "dis-sign-in-page.h"
#include "dis-test-app.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"

/* Read by AddressSanitizer's runtime only (never called otherwise). A
 * whole application registers more than 2,048 GLib quarks, and GLib then
 * leaves its first quark block behind on purpose; tests/lsan.supp names
 * that block by the loader frame it is allocated under, which only the
 * slow unwinder sees through GLib (built without frame pointers). */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

DisApplication *
dis_test_app_start (DisWindow  **out_window,
                    const char  *first_property,
                    ...)
{
  static guint n_apps;
  g_autofree char *app_id = g_strdup_printf ("it.disotto.Punto.Test%uP%d", ++n_apps, (int) getpid ());
  g_autoptr(GError) error = NULL;
  DisApplication *app = dis_application_new ();
  va_list args;

  g_application_set_application_id (G_APPLICATION (app), app_id);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_set_default (G_APPLICATION (app));
  va_start (args, first_property);
  g_object_set_valist (G_OBJECT (app), first_property, args);
  va_end (args);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  *out_window = DIS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (*out_window);
  return app;
}

typedef struct
{
  DisWindow  *window;
  const char *state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;
  g_autofree char *state = NULL;

  g_object_get (wait->window, "state", &state, NULL);
  return g_strcmp0 (state, wait->state) == 0;
}

void
dis_test_app_wait_state (DisWindow  *window,
                         const char *state,
                         guint       timeout_ms)
{
  StateWait wait = { window, state };
  g_autofree char *what = g_strdup_printf ("the window to show “%s”", state);

  dis_test_wait_until (state_is, &wait, timeout_ms, what);
}

typedef struct
{
  GtkWidget  *page;
  const char *name;
} OperatorWait;

static gboolean
operator_listed (gpointer data)
{
  OperatorWait *wait = data;

  return dis_test_find_text (wait->page, ADW_TYPE_ACTION_ROW, wait->name, DIS_TEST_MATCH_EXACT) != NULL;
}

void
dis_test_app_sign_in (DisWindow  *window,
                      const char *name,
                      const char *pin,
                      guint       timeout_ms)
{
  OperatorWait wait = { NULL, name };
  g_autofree char *what = g_strdup_printf ("%s on the sign-in page", name);
  GtkWidget *list;
  GtkWidget *entry;

  dis_test_app_wait_state (window, "sign-in", timeout_ms);
  wait.page = dis_test_get_text (GTK_WIDGET (window), DIS_TYPE_SIGN_IN_PAGE, NULL);
  dis_test_wait_until (operator_listed, &wait, timeout_ms, what);

  list = dis_test_get_text (wait.page, GTK_TYPE_LIST_BOX, NULL);
  gtk_list_box_select_row (GTK_LIST_BOX (list),
                           GTK_LIST_BOX_ROW (dis_test_get_text (list, ADW_TYPE_ACTION_ROW, name)));
  entry = dis_test_get_text (wait.page, GTK_TYPE_PASSWORD_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), pin);
  g_signal_emit_by_name (entry, "activate");
  dis_test_app_wait_state (window, "main", timeout_ms);
}
