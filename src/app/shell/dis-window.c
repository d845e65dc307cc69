/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-day-dialog.h"
#include "dis-enrol-page.h"
#include "dis-first-run-page.h"
#include "dis-map-page.h"
#include "dis-members-page.h"
#include "dis-sign-in-page.h"
#include "dis-sync-indicator.h"
#include "dis-till-page.h"
#include "dis-window.h"
#include "dis-bench.h"

struct _DisWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  DisEnrolPage         *enrol_page;
  DisFirstRunPage      *first_run_page;
  DisSignInPage        *sign_in_page;
  DisTillPage          *till_page;
  AdwViewStack         *view_stack;
  DisMapPage           *map_page;
  DisMembersPage       *members_page;
  GtkLabel             *operator_label;
  DisSyncIndicator     *sync_indicator;
  GtkRevealer          *sync_bar_revealer;
  GtkWidget            *sync_bar;
  GtkImage             *sync_bar_icon;
  GtkLabel             *sync_bar_label;
  GtkButton            *sync_bar_button;

  gint64                last_activity;   /* monotonic µs */
  guint                 idle_source;
  guint                 idle_lock_seconds;

  /* The enrolment page was shown and left: do not offer it again. */
  guint                 enrol_settled : 1;
};

G_DEFINE_FINAL_TYPE (DisWindow, dis_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static DisApplication *
get_app (DisWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return DIS_IS_APPLICATION (app) ? DIS_APPLICATION (app) : NULL;
}

static const char *
get_state (DisWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
set_state (DisWindow  *self,
           const char *state)
{
  if (g_strcmp0 (get_state (self), state) == 0)
    return;

  gtk_stack_set_visible_child_name (self->stack, state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* ---- Idle lock ---------------------------------------------------------- */

static gint64
idle_limit_usec (DisWindow *self)
{
  if (self->idle_lock_seconds > 0)
    return self->idle_lock_seconds * G_USEC_PER_SEC;

  return (gint64)g_settings_get_uint (self->settings, "idle-lock-minutes") * 60 * G_USEC_PER_SEC;
}

static void schedule_idle_lock (DisWindow *self);

static gboolean
idle_lock_cb (gpointer user_data)
{
  DisWindow *self = user_data;
  gint64 limit = idle_limit_usec (self);

  self->idle_source = 0;

  if (limit == 0 || g_strcmp0 (get_state (self), "main") != 0)
    return G_SOURCE_REMOVE;

  if (g_get_monotonic_time () - self->last_activity >= limit)
    {
      g_debug ("Idle for %" G_GINT64_FORMAT " s, locking", limit / G_USEC_PER_SEC);
      dis_window_lock (self);
    }
  else
    schedule_idle_lock (self);

  return G_SOURCE_REMOVE;
}

/* One timer for the remaining time since the last activity, rather than
 * restarting a timer on every pointer motion. */
static void
schedule_idle_lock (DisWindow *self)
{
  gint64 limit = idle_limit_usec (self);
  gint64 remaining;

  if (self->idle_source != 0 || limit == 0 || g_strcmp0 (get_state (self), "main") != 0)
    return;

  remaining = MAX (0, self->last_activity + limit - g_get_monotonic_time ());
  self->idle_source = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                          (guint)(remaining / 1000) + 1,
                                          idle_lock_cb, self, NULL);
}

static void
restart_idle_lock (DisWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  g_clear_handle_id (&self->idle_source, g_source_remove);
  schedule_idle_lock (self);
}

static void
note_activity (DisWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  schedule_idle_lock (self);
}

static gboolean
activity_key_cb (DisWindow             *self,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkEventControllerKey *controller)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static void
activity_motion_cb (DisWindow *self)
{
  note_activity (self);
}

/* ---- Store and operator --------------------------------------------------- */

static void
bench_signed_in_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DisWindow) self = user_data;
  g_autoptr(DisOperator) operator = NULL;
  g_autoptr(GError) error = NULL;
  DisApplication *app = get_app (self);

  operator = dis_store_sign_in_by_name_finish (DIS_STORE (object), result, &error);
  if (operator == NULL)
    g_warning ("Benchmark sign-in failed: %s", error->message);
  else if (app != NULL)
    dis_application_set_operator (app, operator);
}

/* The first start offers to connect to a hub before anything else; a
 * till already in use (it has operators) connects from the preferences,
 * unless a --enrol-url attempt just failed and needs fixing. */
static gboolean
maybe_show_enrolment (DisWindow *self,
                      gboolean   has_operators)
{
  DisApplication *app = get_app (self);
  const GError *error;
  const char *hub_url = NULL;
  const char *token = NULL;

  if (app == NULL || self->enrol_settled)
    return FALSE;

  dis_enrol_page_set_client (self->enrol_page, dis_application_get_sync_client (app));

  error = dis_application_get_enrol_error (app, &hub_url, &token);
  if (error != NULL)
    {
      dis_enrol_page_show_failure (self->enrol_page, hub_url, token, error);
      dis_application_clear_enrol_error (app);
      set_state (self, "enrol");
      return TRUE;
    }

  if (!has_operators && dis_application_wants_enrolment (app))
    {
      dis_enrol_page_reset (self->enrol_page);
      set_state (self, "enrol");
      return TRUE;
    }

  return FALSE;
}

static void
has_operators_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DisWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean has = FALSE;

  dis_store_has_operators_finish (DIS_STORE (object), result, &has, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("The operators could not be read: %s"), error->message);

      adw_status_page_set_description (self->error_page, description);
      set_state (self, "error");
      return;
    }

  if (maybe_show_enrolment (self, has))
    return;

  if (has && dis_bench_wants_sign_in ())
    {
      dis_bench_sign_in_async (DIS_STORE (object), self->cancellable,
                               bench_signed_in_cb, g_object_ref (self));
    }
  else if (has)
    {
      dis_sign_in_page_set_locked (self->sign_in_page, FALSE);
      dis_sign_in_page_reload (self->sign_in_page);
      set_state (self, "sign-in");
    }
  else
    {
      dis_first_run_page_reset (self->first_run_page);
      set_state (self, "first-run");
    }
}

static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisWindow) self = user_data;
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  identity = dis_store_get_identity_finish (DIS_STORE (object), result, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the point identity: %s", error->message);
      return;
    }

  if (identity != NULL && identity->point_name != NULL)
    gtk_window_set_title (GTK_WINDOW (self), identity->point_name);
}

static void
read_identity (DisWindow *self)
{
  DisApplication *app = get_app (self);
  DisStore *store = app ? dis_application_get_store (app) : NULL;

  if (store != NULL)
    dis_store_get_identity_async (store, self->cancellable, identity_cb, g_object_ref (self));
}

static void
check_operators (DisWindow *self)
{
  DisApplication *app = get_app (self);
  DisStore *store = app ? dis_application_get_store (app) : NULL;

  if (store != NULL)
    dis_store_has_operators_async (store, self->cancellable, has_operators_cb, g_object_ref (self));
}

static void
enrol_finished_cb (DisWindow    *self,
                   gboolean      enrolled,
                   DisEnrolPage *page)
{
  self->enrol_settled = TRUE;

  /* Enrolment names the point: the title follows. */
  if (enrolled)
    read_identity (self);
  check_operators (self);
}

static void
sync_bar_changed_cb (DisWindow *self)
{
  const char *message = dis_sync_indicator_get_bar_message (self->sync_indicator);
  gboolean is_error = dis_sync_indicator_get_bar_is_error (self->sync_indicator);

  if (message != NULL)
    {
      gtk_label_set_label (self->sync_bar_label, message);
      gtk_image_set_from_icon_name (self->sync_bar_icon,
                                    is_error ? "dialog-warning-symbolic" : "network-offline-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->sync_bar_button), !is_error);
      if (is_error)
        gtk_widget_add_css_class (self->sync_bar, "error");
      else
        gtk_widget_remove_css_class (self->sync_bar, "error");
    }

  gtk_revealer_set_reveal_child (self->sync_bar_revealer, message != NULL);
}

static void
sync_bar_retry_cb (DisWindow *self)
{
  DisSyncClient *client = dis_sync_indicator_get_client (self->sync_indicator);

  if (client != NULL)
    dis_sync_client_sync_now (client);
}

static void
store_changed_cb (DisWindow      *self,
                  GParamSpec     *pspec,
                  DisApplication *app)
{
  DisStore *store = dis_application_get_store (app);
  DisSyncClient *client = dis_application_get_sync_client (app);

  if (store == NULL)
    return;

  dis_sync_indicator_set_store (self->sync_indicator, store);
  dis_sync_indicator_set_client (self->sync_indicator, client);
  dis_enrol_page_set_client (self->enrol_page, client);
  if (client != NULL)
    g_signal_connect_object (client, "notify::hub-url",
                             G_CALLBACK (read_identity), self,
                             G_CONNECT_SWAPPED);

  dis_first_run_page_set_store (self->first_run_page, store);
  dis_sign_in_page_set_store (self->sign_in_page, store);
  dis_till_page_set_store (self->till_page, store);
  dis_map_page_set_store (self->map_page, store);
  dis_members_page_set_store (self->members_page, store);

  read_identity (self);
  check_operators (self);
}

static void
load_error_cb (DisWindow      *self,
               GParamSpec     *pspec,
               DisApplication *app)
{
  const GError *error = dis_application_get_load_error (app);
  g_autofree char *description = NULL;

  if (error == NULL)
    return;

  description = g_strdup_printf (_("The till cannot work without its database. "
                                   "Check that the disk is not full and that the "
                                   "file is readable, then start the till again.\n\n"
                                   "Details: %s"),
                                 error->message);
  adw_status_page_set_description (self->error_page, description);
  set_state (self, "error");
}

static void
day_dialog_done_cb (DisWindow *self)
{
  if (g_strcmp0 (get_state (self), "main") == 0)
    dis_till_page_focus_search (self->till_page);
}

static void
open_day_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisWindow) self = user_data;
  g_autoptr(DisDayReport) report = NULL;
  g_autoptr(GError) error = NULL;
  DisApplication *app;
  DisOperator *operator;
  GtkWidget *dialog;

  report = dis_store_get_open_day_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not check whether the day is open: %s"), error->message);

      dis_window_add_toast (self, adw_toast_new (message));
      return;
    }

  if (report != NULL)
    {
      dis_till_page_focus_search (self->till_page);
      dis_bench_till_ready (GTK_WIDGET (self));
      return;
    }

  app = get_app (self);
  operator = app ? dis_application_get_operator (app) : NULL;
  if (operator == NULL || g_strcmp0 (get_state (self), "main") != 0)
    return;

  dialog = dis_day_dialog_new (GTK_WINDOW (self), DIS_STORE (object),
                               operator, DIS_DAY_DIALOG_OPEN);
  g_signal_connect_object (dialog, "done",
                           G_CALLBACK (day_dialog_done_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
operator_changed_cb (DisWindow      *self,
                     GParamSpec     *pspec,
                     DisApplication *app)
{
  DisOperator *operator = dis_application_get_operator (app);
  DisStore *store = dis_application_get_store (app);

  if (operator == NULL)
    {
      if (store != NULL && g_strcmp0 (get_state (self), "main") == 0)
        {
          dis_sign_in_page_reload (self->sign_in_page);
          set_state (self, "sign-in");
        }
      return;
    }

  g_return_if_fail (store != NULL);

  gtk_label_set_label (self->operator_label, dis_operator_get_name (operator));
  dis_sync_indicator_set_can_manage (self->sync_indicator,
                                     dis_operator_can (operator, DIS_PERMISSION_SETTINGS));
  dis_till_page_set_operator (self->till_page, operator);
  dis_members_page_set_operator (self->members_page, operator);
  set_state (self, "main");
  restart_idle_lock (self);

  dis_store_get_open_day_async (store, self->cancellable, open_day_cb, g_object_ref (self));
}

static void
first_run_created_cb (DisWindow       *self,
                      DisOperator     *operator,
                      DisFirstRunPage *page)
{
  DisApplication *app = get_app (self);
  g_autofree char *message = NULL;

  g_assert (DIS_IS_OPERATOR (operator));

  message = g_strdup_printf (_("Welcome, %s"), dis_operator_get_name (operator));
  dis_window_add_toast (self, adw_toast_new (message));

  if (app != NULL)
    dis_application_set_operator (app, operator);
}

static void
signed_in_cb (DisWindow     *self,
              DisOperator   *operator,
              DisSignInPage *page)
{
  DisApplication *app = get_app (self);

  g_assert (DIS_IS_OPERATOR (operator));

  if (app != NULL)
    dis_application_set_operator (app, operator);
}

static void
idle_setting_changed_cb (DisWindow *self)
{
  restart_idle_lock (self);
}

/* ---- Views: Till and Map ------------------------------------------------ */

static void
view_changed_cb (DisWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (get_state (self), "main") != 0)
    return;

  /* Each view keeps the keyboard where work starts. */
  if (g_strcmp0 (name, "map") == 0)
    dis_map_page_focus_search (self->map_page);
  else if (g_strcmp0 (name, "members") == 0)
    dis_members_page_focus_search (self->members_page);
  else
    dis_till_page_focus_search (self->till_page);
}

static void
show_view_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  DisWindow *self = user_data;

  if (g_strcmp0 (get_state (self), "main") != 0)
    return;

  const char *action_name = g_action_get_name (G_ACTION (action));

  if (g_strcmp0 (action_name, "show-members") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "members");
  else
    adw_view_stack_set_visible_child_name (self->view_stack,
                                           g_strcmp0 (action_name, "show-map") == 0
                                           ? "map" : "till");
}

static const GActionEntry view_actions[] = {
  { .name = "show-till", .activate = show_view_action },
  { .name = "show-map", .activate = show_view_action },
  { .name = "show-members", .activate = show_view_action },
};

/* ---- GtkWindow ---------------------------------------------------------- */

static gboolean
dis_window_close_request (GtkWindow *window)
{
  DisWindow *self = DIS_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);

  /* libadwaita 1.2's AdwEntryRow crashes when destroyed while focused. */
  gtk_window_set_focus (window, NULL);

  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  if (GTK_WINDOW_CLASS (dis_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (dis_window_parent_class)->close_request (window);

  return FALSE;
}

/* ---- GObject ---------------------------------------------------------- */

/* "application" is not a construct property: it is set after
 * constructed(), so follow it here. */
static void
application_changed_cb (DisWindow *self)
{
  DisApplication *app = get_app (self);

  if (app == NULL || g_object_get_data (G_OBJECT (self), "dis-app-connected") == app)
    return;

  g_object_set_data (G_OBJECT (self), "dis-app-connected", app);

  g_signal_connect_object (app, "notify::store",
                           G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::operator",
                           G_CALLBACK (operator_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::load-error",
                           G_CALLBACK (load_error_cb), self,
                           G_CONNECT_SWAPPED);

  if (dis_application_get_load_error (app) != NULL)
    load_error_cb (self, NULL, app);
  else if (dis_application_get_store (app) != NULL)
    store_changed_cb (self, NULL, app);
}

static void
dis_window_dispose (GObject *object)
{
  DisWindow *self = (DisWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_WINDOW);

  G_OBJECT_CLASS (dis_window_parent_class)->dispose (object);
}

static void
dis_window_finalize (GObject *object)
{
  DisWindow *self = (DisWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dis_window_parent_class)->finalize (object);
}

static void
dis_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DisWindow *self = DIS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_string (value, get_state (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_window_class_init (DisWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dis_window_dispose;
  object_class->finalize = dis_window_finalize;
  object_class->get_property = dis_window_get_property;

  window_class->close_request = dis_window_close_request;

  /**
   * DisWindow:state:
   *
   * The visible page: "loading", "error", "enrol", "first-run", "sign-in"
   * or "main".
   */
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_ENROL_PAGE);
  g_type_ensure (DIS_TYPE_SYNC_INDICATOR);
  g_type_ensure (DIS_TYPE_FIRST_RUN_PAGE);
  g_type_ensure (DIS_TYPE_SIGN_IN_PAGE);
  g_type_ensure (DIS_TYPE_TILL_PAGE);
  g_type_ensure (DIS_TYPE_MAP_PAGE);
  g_type_ensure (DIS_TYPE_MEMBERS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DisWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, first_run_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, till_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, map_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, members_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, operator_label);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, enrol_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar_icon);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar_label);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar_button);
  gtk_widget_class_bind_template_callback (widget_class, first_run_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, enrol_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_bar_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_bar_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-till", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-map", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-members", NULL);
}

static void
dis_window_init (DisWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), view_actions,
                                   G_N_ELEMENTS (view_actions), self);

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect (self, "notify::application",
                    G_CALLBACK (application_changed_cb), NULL);

  g_signal_connect_object (self->settings, "changed::idle-lock-minutes",
                           G_CALLBACK (idle_setting_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Capture phase: we only watch, whatever widget handles the event. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (activity_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (activity_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), 0);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (activity_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->last_activity = g_get_monotonic_time ();
}

DisWindow *
dis_window_new (DisApplication *application)
{
  g_return_val_if_fail (DIS_IS_APPLICATION (application), NULL);

  return g_object_new (DIS_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
dis_window_add_toast (DisWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (DIS_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
dis_window_lock (DisWindow *self)
{
  DisApplication *app;

  g_return_if_fail (DIS_IS_WINDOW (self));

  g_clear_handle_id (&self->idle_source, g_source_remove);

  if (g_strcmp0 (get_state (self), "main") != 0)
    return;

  /* The till page stays as it is underneath, cart included. */
  dis_sign_in_page_set_locked (self->sign_in_page, TRUE);
  dis_sign_in_page_reload (self->sign_in_page);
  set_state (self, "sign-in");

  if ((app = get_app (self)))
    dis_application_set_operator (app, NULL);
}

void
dis_window_set_idle_lock_seconds (DisWindow *self,
                                  guint      seconds)
{
  g_return_if_fail (DIS_IS_WINDOW (self));

  self->idle_lock_seconds = seconds;
  restart_idle_lock (self);
}
