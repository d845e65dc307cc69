/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-shell"

#include "config.h"

#include <string.h>

#include "dis-application.h"
#include "dis-first-run-page.h"
#include "dis-sign-in-page.h"
#include "dis-operator-form.h"
#include "dis-operator-row.h"
#include "dis-operators-dialog.h"
#include "dis-test-app.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "dis-till-page.h"
#include "dis-window-private.h"

#define WAIT_SECONDS 10

typedef struct
{
  char           *dir;
  char           *db_path;
  DisApplication *app;
  DisWindow      *window;
} Fixture;

/* ---- Helpers ------------------------------------------------------------ */

/* Iterates the main context until @cond holds; fails the test after
 * WAIT_SECONDS. */
#define wait_until(cond, data, what) dis_test_wait_until (cond, data, WAIT_SECONDS * 1000, what)

static void
wait_state (Fixture    *fixture,
            const char *state)
{
  dis_test_app_wait_state (fixture->window, state, WAIT_SECONDS * 1000);
}

static gboolean
has_operator (gpointer data)
{
  return dis_application_get_operator (DIS_APPLICATION (data)) != NULL;
}

static gboolean
operators_listed (gpointer data)
{
  GtkWidget *page = data;

  return dis_test_find_text (page, ADW_TYPE_ACTION_ROW, "Anna", DIS_TEST_MATCH_EXACT) != NULL &&
         dis_test_find_text (page, ADW_TYPE_ACTION_ROW, "Bruno", DIS_TEST_MATCH_EXACT) != NULL;
}

/* ---- Fixture ------------------------------------------------------------ */

static void
make_store (Fixture *fixture,
            gboolean with_operators)
{
  g_autoptr(DisStore) store = NULL;
  g_autoptr(DisOperator) anna = NULL;
  g_autoptr(DisOperator) bruno = NULL;
  g_autoptr(DisDayReport) day = NULL;
  g_autoptr(GError) error = NULL;

  store = dis_store_open (fixture->db_path, &error);
  g_assert_no_error (error);

  if (!with_operators)
    return;

  anna = dis_store_create_operator (store, NULL, "Anna", "1234", DIS_ROLE_RESPONSABILE, &error);
  g_assert_no_error (error);
  bruno = dis_store_create_operator (store, anna, "Bruno", "5678", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  day = dis_store_open_day (store, anna, 5000, &error);
  g_assert_no_error (error);
}

static void
start_app (Fixture *fixture)
{
  /* These tests are about the shell: a till that works without a hub. */
  fixture->app = dis_test_app_start (&fixture->window,
                                     "database-path", fixture->db_path,
                                     "config-dir", fixture->dir,
                                     "offline-only", TRUE,
                                     NULL);
}

static void
set_up (Fixture  *fixture,
        gboolean  with_operators)
{
  fixture->dir = dis_test_tmpdir_new ("dis-shell");
  fixture->db_path = g_build_filename (fixture->dir, "punto.db", NULL);
  make_store (fixture, with_operators);
  start_app (fixture);
}

static void
fixture_setup_empty (Fixture       *fixture,
                     gconstpointer  data)
{
  set_up (fixture, FALSE);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  set_up (fixture, TRUE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  dis_test_destroy_toplevels ();

  /* Let the store's workers report back before it goes. */
  dis_test_sleep_ms (200);

  g_application_set_default (NULL);
  g_clear_object (&fixture->app);
  dis_test_rm_rf (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static void
sign_in (Fixture    *fixture,
         const char *name,
         const char *pin)
{
  GtkWidget *page = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_SIGN_IN_PAGE, NULL);
  GtkWidget *list = dis_test_get_text (page, GTK_TYPE_LIST_BOX, NULL);
  GtkWidget *row = dis_test_get_text (list, ADW_TYPE_ACTION_ROW, name);
  GtkWidget *entry = dis_test_get_text (page, GTK_TYPE_PASSWORD_ENTRY, NULL);

  gtk_list_box_select_row (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row));
  g_assert_true (gtk_widget_get_sensitive (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), pin);
  g_signal_emit_by_name (entry, "activate");
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_first_run (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DisStore) store = NULL;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;
  GtkWidget *name, *pin, *repeat, *create, *error_label;
  DisOperator *operator;

  wait_state (fixture, "first-run");

  page = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_FIRST_RUN_PAGE, NULL);
  name = dis_test_get_text (page, ADW_TYPE_ENTRY_ROW, "Name");
  pin = dis_test_get_text (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "PIN");
  repeat = dis_test_get_text (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "Repeat PIN");
  create = dis_test_get_text (page, GTK_TYPE_BUTTON, "Create");

  /* Mismatched PINs: an inline error, nobody created. */
  gtk_editable_set_text (GTK_EDITABLE (name), "Carla Rossi");
  gtk_editable_set_text (GTK_EDITABLE (pin), "2468");
  gtk_editable_set_text (GTK_EDITABLE (repeat), "2469");
  dis_test_click (create);
  dis_test_sleep_ms (100);

  error_label = dis_test_get_text (page, GTK_TYPE_LABEL, "The two PINs are different.");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_null (dis_application_get_operator (fixture->app));

  /* A malformed PIN. */
  gtk_editable_set_text (GTK_EDITABLE (pin), "12a");
  gtk_editable_set_text (GTK_EDITABLE (repeat), "12a");
  dis_test_click (create);
  dis_test_sleep_ms (100);
  g_assert_nonnull (dis_test_find_text (page, GTK_TYPE_LABEL, "The PIN must be 4 to 8 digits.", DIS_TEST_MATCH_EXACT));
  g_assert_null (dis_application_get_operator (fixture->app));

  /* Right: the responsabile is created and signed in. */
  gtk_editable_set_text (GTK_EDITABLE (pin), "2468");
  gtk_editable_set_text (GTK_EDITABLE (repeat), "2468");
  dis_test_click (create);
  wait_until (has_operator, fixture->app, "the operator to sign in");

  operator = dis_application_get_operator (fixture->app);
  g_assert_cmpstr (dis_operator_get_name (operator), ==, "Carla Rossi");
  g_assert_cmpint (dis_operator_get_role (operator), ==, DIS_ROLE_RESPONSABILE);
  wait_state (fixture, "main");

  /* It is really in the database, with that PIN. */
  store = dis_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  operators = dis_store_list_operators (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (operators->len, ==, 1);
  {
    g_autoptr(DisOperator) signed_in =
      dis_store_sign_in (store, dis_operator_get_id (g_ptr_array_index (operators, 0)), "2468", &error);

    g_assert_no_error (error);
    g_assert_cmpint (dis_operator_get_role (signed_in), ==, DIS_ROLE_RESPONSABILE);
  }
}

static gboolean
label_says_wrong_pin (gpointer data)
{
  GtkWidget *label = dis_test_find_text (GTK_WIDGET (data), GTK_TYPE_LABEL, "Wrong PIN", DIS_TEST_MATCH_EXACT);

  return label != NULL && gtk_widget_get_visible (label);
}

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *entry;
  GtkWidget *button;

  wait_state (fixture, "sign-in");
  page = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_SIGN_IN_PAGE, NULL);
  wait_until (operators_listed, page, "the operators");

  /* Wrong PIN: refused, the entry is cleared. */
  sign_in (fixture, "Bruno", "0000");
  wait_until (label_says_wrong_pin, page, "“Wrong PIN”");
  entry = dis_test_get_text (page, GTK_TYPE_PASSWORD_ENTRY, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_null (dis_application_get_operator (fixture->app));
  wait_state (fixture, "sign-in");

  /* Right PIN, through the button this time. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "5678");
  button = dis_test_get_text (page, GTK_TYPE_BUTTON, "Sign In");
  dis_test_click (button);
  wait_until (has_operator, fixture->app, "the operator to sign in");
  g_assert_cmpstr (dis_operator_get_name (dis_application_get_operator (fixture->app)), ==, "Bruno");
  wait_state (fixture, "main");
  g_assert_false (gtk_widget_get_visible (dis_test_get_text (page, GTK_TYPE_LABEL, "Wrong PIN")));
}

static gboolean
action_enabled (Fixture    *fixture,
                const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->app), name);
}

static void
test_role_gates (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *page;

  wait_state (fixture, "sign-in");
  page = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_SIGN_IN_PAGE, NULL);
  wait_until (operators_listed, page, "the operators");

  /* Nobody signed in: nothing privileged. */
  g_assert_false (action_enabled (fixture, "operators"));
  g_assert_false (action_enabled (fixture, "close-day"));
  g_assert_false (action_enabled (fixture, "lock"));

  sign_in (fixture, "Bruno", "5678");
  wait_until (has_operator, fixture->app, "Bruno to sign in");
  g_assert_false (action_enabled (fixture, "operators"));
  g_assert_false (action_enabled (fixture, "close-day"));
  g_assert_true (action_enabled (fixture, "lock"));

  /* Activating it anyway does nothing. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "operators", NULL);
  dis_test_sleep_ms (100);
  g_assert_null (dis_test_find_toplevel (DIS_TYPE_OPERATORS_DIALOG));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "lock", NULL);
  wait_state (fixture, "sign-in");
  g_assert_null (dis_application_get_operator (fixture->app));
  g_assert_false (action_enabled (fixture, "operators"));
  wait_until (operators_listed, page, "the operators");

  sign_in (fixture, "Anna", "1234");
  wait_until (has_operator, fixture->app, "Anna to sign in");
  g_assert_true (action_enabled (fixture, "operators"));
  g_assert_true (action_enabled (fixture, "close-day"));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "operators", NULL);
  dis_test_sleep_ms (300);
  g_assert_nonnull (dis_test_find_toplevel (DIS_TYPE_OPERATORS_DIALOG));
}

static gboolean
no_operator (gpointer data)
{
  return dis_application_get_operator (DIS_APPLICATION (data)) == NULL;
}

static void
test_idle_lock (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("it.disotto.Punto");
  GtkWidget *page;
  GtkWidget *till;
  DisCart *cart;

  wait_state (fixture, "sign-in");
  page = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_SIGN_IN_PAGE, NULL);
  wait_until (operators_listed, page, "the operators");

  /* 0 minutes never locks. */
  g_settings_set_uint (settings, "idle-lock-minutes", 0);
  sign_in (fixture, "Anna", "1234");
  wait_until (has_operator, fixture->app, "Anna to sign in");
  wait_state (fixture, "main");
  dis_test_sleep_ms (1500);
  g_assert_nonnull (dis_application_get_operator (fixture->app));

  till = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_TILL_PAGE, NULL);
  cart = dis_till_page_get_cart (DIS_TILL_PAGE (till));

  /* One idle second locks, the cart stays. */
  dis_window_set_idle_lock_seconds (fixture->window, 1);
  wait_until (no_operator, fixture->app, "the idle lock");
  wait_state (fixture, "sign-in");
  g_assert_nonnull (dis_test_find_text (page, ADW_TYPE_STATUS_PAGE, "Locked", DIS_TEST_MATCH_EXACT));
  g_assert_true (dis_till_page_get_cart (DIS_TILL_PAGE (till)) == cart);
  g_assert_false (action_enabled (fixture, "close-day"));

  g_settings_reset (settings, "idle-lock-minutes");
}

/* ---- The operators dialog ------------------------------------------------ */

typedef struct
{
  GtkWidget    *root;
  GType         type;
  const char   *text;
} TextWait;

static gboolean
text_shown (gpointer data)
{
  TextWait *wait = data;
  GtkWidget *widget = dis_test_find_text (wait->root, wait->type, wait->text, DIS_TEST_MATCH_PREFIX);

  return widget != NULL && gtk_widget_is_visible (widget);
}

static GtkWidget *
wait_text (GtkWidget  *root,
           GType       type,
           const char *text)
{
  TextWait wait = { root, type, text };
  g_autofree char *what = g_strdup_printf ("“%s”", text);

  wait_until (text_shown, &wait, what);
  return dis_test_find_text (root, type, text, DIS_TEST_MATCH_PREFIX);
}

static gboolean
form_shown (gpointer data)
{
  return dis_test_find_shown_toplevel (DIS_TYPE_OPERATOR_FORM) != NULL;
}

/* As its buttons do: the response, then the dialog closes. */
static void
respond (GtkWidget  *form,
         const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (form), response);
  gtk_window_close (GTK_WINDOW (form));
}

/* Opens the form with @action (and @param), fills it in, sends it. */
static void
fill_form (GtkWidget  *dialog,
           const char *action,
           GVariant   *param,
           const char *name,
           const char *pin,
           const char *repeat)
{
  GtkWidget *form;

  g_assert_true (gtk_widget_activate_action_variant (dialog, action, param));
  wait_until (form_shown, NULL, "the operator form");
  form = GTK_WIDGET (dis_test_find_shown_toplevel (DIS_TYPE_OPERATOR_FORM));

  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (dis_test_get_text (form, ADW_TYPE_ENTRY_ROW, "Name")), name);
  gtk_editable_set_text (GTK_EDITABLE (dis_test_get_text (form, ADW_TYPE_PASSWORD_ENTRY_ROW, "PIN")), pin);
  gtk_editable_set_text (GTK_EDITABLE (dis_test_get_text (form, ADW_TYPE_PASSWORD_ENTRY_ROW, "Repeat PIN")),
                         repeat);

  /* An incomplete form cannot be sent: it says why. */
  if (g_strcmp0 (pin, repeat) != 0)
    {
      g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (form), "apply"));
      g_assert_nonnull (dis_test_find_text (form, GTK_TYPE_LABEL, "The two PINs are different.",
                                            DIS_TEST_MATCH_EXACT));
      respond (form, "cancel");
      return;
    }

  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (form), "apply"));
  respond (form, "apply");
}

static gint64
operator_id (Fixture    *fixture,
             const char *name,
             gboolean   *active)
{
  g_autoptr(DisStore) store = NULL;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(GError) error = NULL;

  store = dis_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  operators = dis_store_list_operators (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < operators->len; i++)
    {
      DisOperator *operator = g_ptr_array_index (operators, i);

      if (g_strcmp0 (dis_operator_get_name (operator), name) == 0)
        {
          if (active != NULL)
            *active = dis_operator_get_active (operator);
          return dis_operator_get_id (operator);
        }
    }

  return 0;
}

static gboolean
pin_works (Fixture    *fixture,
           const char *name,
           const char *pin)
{
  g_autoptr(DisStore) store = dis_store_open (fixture->db_path, NULL);
  g_autoptr(DisOperator) operator = NULL;

  g_assert_nonnull (store);
  operator = dis_store_sign_in (store, operator_id (fixture, name, NULL), pin, NULL);
  return operator != NULL;
}

static gboolean
bruno_inactive (gpointer data)
{
  gboolean active = TRUE;

  operator_id (data, "Bruno", &active);
  return !active;
}

static gboolean
carla_has_new_pin (gpointer data)
{
  return pin_works (data, "Carla", "9753");
}

/* What Esc does in @window whatever has the focus: GTK 4.8 cannot make
 * key events, so the window's shortcuts for Escape that run before any
 * widget sees the key (capture phase) are run, as the key would. In the
 * bubble phase a focused widget or a toast kept Esc from the window. */
static gboolean
press_escape (GtkWidget *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr(GtkShortcutTrigger) escape = gtk_keyval_trigger_new (GDK_KEY_Escape, 0);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) != GTK_PHASE_CAPTURE)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), escape) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                            window, gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }

  return FALSE;
}

static gboolean
operators_dialog_gone (gpointer data)
{
  return dis_test_find_shown_toplevel (DIS_TYPE_OPERATORS_DIALOG) == NULL;
}

static void
test_operators_dialog (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *dialog;
  GtkWidget *anna, *bruno;
  GtkWidget *toggle;

  wait_state (fixture, "sign-in");
  page = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_SIGN_IN_PAGE, NULL);
  wait_until (operators_listed, page, "the operators");
  sign_in (fixture, "Anna", "1234");
  wait_until (has_operator, fixture->app, "Anna to sign in");

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "operators", NULL);
  dialog = GTK_WIDGET (dis_test_find_toplevel (DIS_TYPE_OPERATORS_DIALOG));
  g_assert_nonnull (dialog);
  wait_until (operators_listed, dialog, "the operators in the dialog");

  /* Nobody deactivates themselves. */
  anna = dis_test_get_text (dialog, DIS_TYPE_OPERATOR_ROW, "Anna");
  g_assert_false (gtk_widget_get_sensitive (dis_test_get_text (anna, GTK_TYPE_SWITCH, NULL)));

  /* Bruno is deactivated with his switch: the store says so, the row too. */
  bruno = dis_test_get_text (dialog, DIS_TYPE_OPERATOR_ROW, "Bruno");
  toggle = dis_test_get_text (bruno, GTK_TYPE_SWITCH, NULL);
  g_assert_true (gtk_widget_get_sensitive (toggle));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  wait_until (bruno_inactive, fixture, "Bruno to be inactive");
  wait_text (dialog, GTK_TYPE_LABEL, "Volunteer — inactive");
  bruno = wait_text (dialog, DIS_TYPE_OPERATOR_ROW, "Bruno");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (dis_test_get_text (bruno, GTK_TYPE_SWITCH, NULL))));

  /* A new operator; PINs that differ are not sent. */
  fill_form (dialog, "operators.add", NULL, "Carla", "1357", "1358");
  fill_form (dialog, "operators.add", NULL, "Carla", "1357", "1357");
  wait_text (dialog, DIS_TYPE_OPERATOR_ROW, "Carla");
  g_assert_true (pin_works (fixture, "Carla", "1357"));

  /* A name taken: refused, and the refusal says why. */
  fill_form (dialog, "operators.add", NULL, "Carla", "2468", "2468");
  wait_text (dialog, GTK_TYPE_LABEL, "The operator was not added. There is already an operator called Carla.");

  /* A new PIN for Carla (an inactive operator could not sign in to
   * prove it). */
  fill_form (dialog, "operators.change-pin", g_variant_new_int64 (operator_id (fixture, "Carla", NULL)),
             NULL, "9753", "9753");
  wait_until (carla_has_new_pin, fixture, "Carla’s new PIN");
  g_assert_false (pin_works (fixture, "Carla", "1357"));

  /* Esc closes the window (with the toast of the new PIN still shown). */
  g_assert_true (press_escape (dialog));
  wait_until (operators_dialog_gone, NULL, "Esc to close the Operators window");
}

/* ---- Keyboard and screen readers (issue 9, item 25) ------------------------ */

static GtkWidget *
focus_of (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

/* What Tab does: the window moves the focus forward. */
static void
press_tab (Fixture *fixture)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (fixture->window, "move-focus", GTK_DIR_TAB_FORWARD, &handled);
  dis_test_iterate (5);
}

static void
assert_accessible_label (GtkWidget  *widget,
                         const char *label)
{
  g_autofree char *wrong = NULL;

  g_assert_nonnull (widget);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL));
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (wrong != NULL)
    g_error ("%s is named “%s”, not “%s”", G_OBJECT_TYPE_NAME (widget), wrong, label);
}

static gboolean
is_reveal (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget))) &&
         gtk_widget_get_visible (widget) &&
         gtk_widget_get_parent (widget) != NULL &&
         !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget));
}

static gboolean
is_main_menu (GtkWidget     *widget,
              gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Main Menu") == 0;
}

static gboolean
is_peek (GtkWidget     *widget,
         gconstpointer  data)
{
  return GTK_IS_PASSWORD_ENTRY (gtk_widget_get_parent (widget)) &&
         widget == gtk_widget_get_last_child (gtk_widget_get_parent (widget));
}

/* A button showing only an icon, which a screen reader would call by its
 * class name unless it has a name of its own. */
static gboolean
is_unnamed_icon_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  GtkWidget *child;

  if (GTK_IS_MENU_BUTTON (widget))
    child = gtk_widget_get_first_child (gtk_widget_get_first_child (widget));
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    child = gtk_button_get_child (GTK_BUTTON (widget));
  else
    return FALSE;

  /* The close button of a toast is libadwaita's, shown for seconds. */
  if (gtk_widget_get_ancestor (widget, g_type_from_name ("AdwToastWidget")) != NULL)
    return FALSE;

  return gtk_widget_get_visible (widget) && GTK_IS_IMAGE (child) &&
         !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
assert_icon_buttons_named (GtkWidget *root)
{
  GtkWidget *unnamed = dis_test_find_widget (root, GTK_TYPE_WIDGET, is_unnamed_icon_button, NULL);

  if (unnamed != NULL)
    {
      g_autoptr(GString) path = g_string_new (NULL);

      for (GtkWidget *w = unnamed; w != NULL; w = gtk_widget_get_parent (w))
        g_string_append_printf (path, " < %s", G_OBJECT_TYPE_NAME (w));
      g_error ("An icon button has no name: %s", path->str);
    }
}

/* The first run, by keyboard: Tab goes from the PIN to the next field,
 * never to the reveal button (Enter there showed the PIN); the reveal
 * buttons and the menu buttons have names a screen reader can say. */
static void
test_keyboard_and_names (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *name, *pin, *repeat;
  GtkWidget *reveal;
  GtkWidget *sign_in_page;

  wait_state (fixture, "first-run");
  page = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_FIRST_RUN_PAGE, NULL);
  name = dis_test_get_text (page, ADW_TYPE_ENTRY_ROW, "Name");
  pin = dis_test_get_text (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "PIN");
  repeat = dis_test_get_text (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "Repeat PIN");

  gtk_editable_set_text (GTK_EDITABLE (name), "Carla Rossi");
  gtk_widget_grab_focus (pin);
  g_assert_true (gtk_widget_is_ancestor (focus_of (fixture), pin));
  gtk_editable_set_text (GTK_EDITABLE (pin), "2468");
  press_tab (fixture);
  g_assert_true (gtk_widget_is_ancestor (focus_of (fixture), repeat));
  press_tab (fixture);
  g_assert_false (gtk_widget_is_ancestor (focus_of (fixture), repeat));

  /* The reveal buttons still work with the pointer, and say what they do. */
  reveal = dis_test_find_widget (pin, GTK_TYPE_BUTTON, is_reveal, NULL);
  g_assert_nonnull (reveal);
  g_assert_false (gtk_widget_get_focusable (reveal));
  assert_accessible_label (reveal, "Show or Hide PIN");
  assert_accessible_label (dis_test_find_widget (repeat, GTK_TYPE_BUTTON, is_reveal, NULL),
                           "Show or Hide Repeat PIN");
  assert_accessible_label (dis_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON,
                                                 is_main_menu, NULL),
                           "Main Menu");

  gtk_editable_set_text (GTK_EDITABLE (repeat), "2468");
  g_signal_emit_by_name (repeat, "entry-activated");
  wait_until (has_operator, fixture->app, "the operator to sign in");
  wait_state (fixture, "main");
  assert_accessible_label (dis_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON,
                                                 is_main_menu, NULL),
                           "Main Menu");
  assert_accessible_label (dis_test_find_named (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON,
                                                "operator_button"),
                           "Signed-in operator: Carla Rossi");
  /* Every page of the window: till, map, members, the sync indicator. */
  assert_icon_buttons_named (GTK_WIDGET (fixture->window));

  /* Locked: the PIN's eye is named too. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "lock", NULL);
  wait_state (fixture, "sign-in");
  sign_in_page = dis_test_get_text (GTK_WIDGET (fixture->window), DIS_TYPE_SIGN_IN_PAGE, NULL);
  assert_accessible_label (dis_test_find_widget (sign_in_page, GTK_TYPE_IMAGE, is_peek, NULL),
                           "Show or Hide PIN");
}

static gboolean
no_viewer_shown (gpointer data)
{
  GtkWindow *dialog = dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL &&
         g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "No Help Viewer") == 0;
}

/* Help on a computer without a help viewer: a sentence, not GTK's
 * "Operation not supported", and the folder of the pages. */
static void
test_help_without_viewer (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAppInfo) viewer = g_app_info_get_default_for_uri_scheme ("help");
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "help", "C", "disotto", NULL);
  g_autofree char *index = g_build_filename (folder, "index.page", NULL);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *path;

  if (viewer != NULL)
    {
      g_test_skip ("A help viewer is installed here");
      return;
    }

  /* The pages, as gnome.yelp() installs them. */
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (index, "<page xmlns=\"http://projectmallard.org/1.0/\"/>", -1, &error));
  g_assert_no_error (error);

  wait_state (fixture, "sign-in");
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "help", NULL);
  wait_until (no_viewer_shown, NULL, "the “No Help Viewer” dialog");

  dialog = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "no program to show the help"));
  path = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LABEL (path));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (path)), ==, folder);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (path)));
  g_assert_true (adw_message_dialog_has_response (dialog, "open"));
  g_assert_null (dis_test_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Operation not supported",
                                     DIS_TEST_MATCH_CONTAINS));

  dis_test_rm_rf (folder);
}

/* The window closes with its main menu, or the operator's, open: the
 * menu goes with it (see dis_test_destroy_window_with_open()). */
static void
destroy_window_with_open (Fixture       *fixture,
                          GtkMenuButton *menu)
{
  gtk_menu_button_popup (menu);
  dis_test_destroy_window_with_open (GTK_WINDOW (g_steal_pointer (&fixture->window)),
                                     gtk_menu_button_get_popover (menu), WAIT_SECONDS);
}

static void
test_menu_closed_with_window (Fixture       *fixture,
                              gconstpointer  data)
{
  dis_test_app_sign_in (fixture->window, "Bruno", "5678", WAIT_SECONDS * 1000);
  destroy_window_with_open (fixture, fixture->window->main_menu_button);
}

static void
test_operator_menu_closed_with_window (Fixture       *fixture,
                                       gconstpointer  data)
{
  dis_test_app_sign_in (fixture->window, "Bruno", "5678", WAIT_SECONDS * 1000);
  destroy_window_with_open (fixture, fixture->window->operator_button);
}

static void
test_sign_in_menu_closed_with_window (Fixture       *fixture,
                                      gconstpointer  data)
{
  wait_state (fixture, "sign-in");
  destroy_window_with_open (fixture, fixture->window->sign_in_menu_button);
}

int
main (int   argc,
      char *argv[])
{
  /* The accessible names are kept by GTK's test context, not "none". */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  dis_core_init ();

  g_test_add ("/shell/first-run", Fixture, NULL, fixture_setup_empty, test_first_run, fixture_teardown);
  g_test_add ("/shell/sign-in", Fixture, NULL, fixture_setup, test_sign_in, fixture_teardown);
  g_test_add ("/shell/role-gates", Fixture, NULL, fixture_setup, test_role_gates, fixture_teardown);
  g_test_add ("/shell/idle-lock", Fixture, NULL, fixture_setup, test_idle_lock, fixture_teardown);
  g_test_add ("/shell/operators-dialog", Fixture, NULL, fixture_setup, test_operators_dialog, fixture_teardown);
  g_test_add ("/shell/keyboard-and-names", Fixture, NULL, fixture_setup_empty, test_keyboard_and_names,
              fixture_teardown);
  g_test_add ("/shell/help-without-viewer", Fixture, NULL, fixture_setup, test_help_without_viewer,
              fixture_teardown);
  g_test_add ("/shell/menu-closed-with-window", Fixture, NULL, fixture_setup, test_menu_closed_with_window,
              fixture_teardown);
  g_test_add ("/shell/operator-menu-closed-with-window", Fixture, NULL, fixture_setup,
              test_operator_menu_closed_with_window, fixture_teardown);
  g_test_add ("/shell/sign-in-menu-closed-with-window", Fixture, NULL, fixture_setup,
              test_sign_in_menu_closed_with_window, fixture_teardown);

  return g_test_run ();
}
