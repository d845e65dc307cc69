/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-day-dialog.h"
#include "dis-settings.h"
#include "dis-ui.h"
#include "dis-window-private.h"

G_DEFINE_FINAL_TYPE (DisWindow, dis_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STATE,
  PROP_OPERATOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
_dis_window_get_state (DisWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
_dis_window_is_main (DisWindow *self)
{
  return g_strcmp0 (_dis_window_get_state (self), "main") == 0;
}

static void
set_state (DisWindow  *self,
           const char *state)
{
  if (g_strcmp0 (_dis_window_get_state (self), state) == 0)
    return;

  gtk_stack_set_visible_child_name (self->stack, state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
show_sign_in (DisWindow *self,
              gboolean   locked)
{
  dis_sign_in_page_set_locked (self->sign_in_page, locked);
  dis_sign_in_page_reload (self->sign_in_page);
  set_state (self, "sign-in");
}

/* The error page says what happened and what to do; the cause is one
 * click away, for whoever helps. */
static void
show_error_page (DisWindow    *self,
                 const char   *sentence,
                 const GError *error)
{
  g_warning ("%s (%s)", sentence, error->message);
  g_free (self->error_details);
  self->error_details = g_strdup (error->message);
  adw_status_page_set_description (self->error_page, sentence);
  set_state (self, "error");
}

static void
error_details_cb (DisWindow *self)
{
  dis_ui_show_details (GTK_WIDGET (self), adw_status_page_get_title (self->error_page),
                       self->error_details);
}

/* ---- Start-up: identity, enrolment, first run ------------------------------ */

/* The first start offers to connect to a hub before anything else; a
 * till already in use (it has operators) connects from the preferences,
 * unless a --enrol-url attempt just failed and waits to be fixed. */
static gboolean
maybe_show_enrolment (DisWindow *self,
                      gboolean   has_operators)
{
  if (self->enrol_settled)
    return FALSE;

  if (self->enrol_failed)
    return TRUE;

  if (!has_operators && self->offer_enrolment)
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
  g_autoptr(DisWindow) self = dis_ui_weak_take (user_data);
  g_autoptr(GError) error = NULL;
  gboolean has = FALSE;

  dis_store_has_operators_finish (DIS_STORE (object), result, &has, &error);

  /* Closed meanwhile: nothing to show. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      show_error_page (self,
                       _("The till could not read its operators. Check that the disk "
                         "is not full, then start the till again."),
                       error);
      return;
    }

  /* Somebody signed in meanwhile (nothing to choose any more). */
  if (self->operator != NULL || maybe_show_enrolment (self, has))
    return;

  if (has)
    show_sign_in (self, FALSE);
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
  g_autoptr(DisWindow) self = dis_ui_weak_take (user_data);
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  identity = dis_store_get_identity_finish (DIS_STORE (object), result, &error);
  if (self == NULL)
    return;

  /* The title keeps the application's name: nothing to tell anyone. */
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
  if (self->store != NULL)
    dis_store_get_identity_async (self->store, self->cancellable, identity_cb, dis_ui_weak_new (self));
}

static void
check_operators (DisWindow *self)
{
  if (self->store != NULL)
    dis_store_has_operators_async (self->store, self->cancellable, has_operators_cb, dis_ui_weak_new (self));
}

static void
enrol_finished_cb (DisWindow    *self,
                   gboolean      enrolled,
                   DisEnrolPage *page)
{
  self->enrol_settled = TRUE;
  self->enrol_failed = FALSE;

  /* Enrolment names the point: the title follows. */
  if (enrolled)
    read_identity (self);
  check_operators (self);
}

static void
first_run_created_cb (DisWindow       *self,
                      DisOperator     *operator,
                      DisFirstRunPage *page)
{
  g_autofree char *message = NULL;

  g_assert (DIS_IS_OPERATOR (operator));

  message = g_strdup_printf (_("Welcome, %s"), dis_operator_get_name (operator));
  /* The till shows it clear of the prices the buyer looks at. */
  dis_till_page_show_message (self->till_page, message);
  dis_window_set_operator (self, operator);
}

static void
signed_in_cb (DisWindow     *self,
              DisOperator   *operator,
              DisSignInPage *page)
{
  g_assert (DIS_IS_OPERATOR (operator));

  dis_window_set_operator (self, operator);
}

/* ---- The sync bar ---------------------------------------------------------- */

/* On a till with a hub the bar is always there (a bar that came and went
 * pushed the till down in the middle of a sale): quiet with the state
 * while all is well, the warning or the refusal when there is one. */
static void
sync_bar_changed_cb (DisWindow *self)
{
  const char *message = dis_sync_indicator_get_bar_message (self->sync_indicator);
  gboolean is_error = dis_sync_indicator_get_bar_is_error (self->sync_indicator);
  gboolean enrolled = self->client != NULL && dis_sync_client_is_enrolled (self->client);

  gtk_widget_set_visible (self->sync_bar, enrolled || message != NULL);

  gtk_widget_remove_css_class (self->sync_bar, "error");
  gtk_widget_remove_css_class (self->sync_bar, "quiet");
  if (message != NULL)
    {
      gtk_label_set_label (self->sync_bar_label, message);
      gtk_image_set_from_icon_name (self->sync_bar_icon,
                                    is_error ? "dialog-warning-symbolic" : "network-offline-symbolic");
      gtk_stack_set_visible_child_name (self->sync_bar_action, is_error ? "none" : "retry");
      if (is_error)
        gtk_widget_add_css_class (self->sync_bar, "error");
    }
  else
    {
      g_autofree char *state = NULL;

      /* Translators: the quiet line under the header bar, e.g.
       * "Hub: Synced" */
      state = g_strdup_printf (_("Hub: %s"), dis_sync_indicator_get_summary (self->sync_indicator));
      gtk_label_set_label (self->sync_bar_label, state);
      gtk_image_set_from_icon_name (self->sync_bar_icon, "network-server-symbolic");
      gtk_stack_set_visible_child_name (self->sync_bar_action, "none");
      gtk_widget_add_css_class (self->sync_bar, "quiet");
    }
}

static void
sync_bar_retry_cb (DisWindow *self)
{
  if (self->client != NULL)
    dis_sync_client_sync_now (self->client);
}

/* ---- Members and rules changed underneath ----------------------------------- */

/* The till's buyer follows a change of their member or of the rules (a
 * sync, the Members page); the Members page listens to the store itself. */
static void
buyer_changed_cb (DisWindow *self)
{
  dis_till_page_refresh_buyer (self->till_page);
}

/* ---- Signed in: the day must be open ----------------------------------------- */

static void
day_dialog_done_cb (DisWindow *self)
{
  if (_dis_window_is_main (self))
    dis_till_page_focus_search (self->till_page);
}

static void
open_day_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisWindow) self = dis_ui_weak_take (user_data);
  g_autoptr(DisDayReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  report = dis_store_get_open_day_finish (DIS_STORE (object), result, &error);

  /* Closed meanwhile: no dialog over a window that is gone. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The till could not check whether the day is open. "
                           "Lock the till and sign in again; if it happens again, restart the till."),
                         error);
      return;
    }

  if (report != NULL)
    {
      dis_till_page_focus_search (self->till_page);
      return;
    }

  if (self->operator == NULL || !_dis_window_is_main (self))
    return;

  dialog = dis_day_dialog_new (GTK_WINDOW (self), DIS_STORE (object),
                               self->operator, DIS_DAY_DIALOG_OPEN);
  g_signal_connect_object (dialog, "done",
                           G_CALLBACK (day_dialog_done_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
operator_changed (DisWindow *self)
{
  g_autofree char *label = NULL;

  /* Sign-out, the idle lock, another operator: the coordinator goes too. */
  if (self->coordinator != NULL)
    dis_coordinator_sign_out (self->coordinator);
  if (self->operator == NULL)
    {
      _dis_window_idle_stop (self);
      if (self->store != NULL && _dis_window_is_main (self))
        show_sign_in (self, FALSE);
      return;
    }

  g_return_if_fail (self->store != NULL);

  gtk_label_set_label (self->operator_label, dis_operator_get_name (self->operator));
  /* The tooltip alone is no name: screen readers said "GtkMenuButton". */
  label = g_strdup_printf (_("Signed-in operator: %s"), dis_operator_get_name (self->operator));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->operator_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  dis_sync_indicator_set_can_manage (self->sync_indicator,
                                     dis_operator_can (self->operator, DIS_PERMISSION_SETTINGS));
  dis_till_page_set_operator (self->till_page, self->operator);
  dis_members_page_set_operator (self->members_page, self->operator);
  _dis_window_update_stock_view (self);
  _dis_window_update_orders_view (self);
  set_state (self, "main");
  _dis_window_idle_restart (self);

  dis_store_get_open_day_async (self->store, self->cancellable, open_day_cb, dis_ui_weak_new (self));
}

static void
view_changed_cb (DisWindow *self)
{
  if (_dis_window_is_main (self))
    _dis_window_focus_view (self);
}

/* ---- GtkWindow ---------------------------------------------------------- */

static gboolean
dis_window_close_request (GtkWindow *window)
{
  int width, height;

  gtk_window_get_default_size (window, &width, &height);

  /* libadwaita 1.2's AdwEntryRow crashes when destroyed while focused. */
  gtk_window_set_focus (window, NULL);

  dis_settings_set_window_size (dis_settings_get_default (), width, height,
                                gtk_window_is_maximized (window));

  if (GTK_WINDOW_CLASS (dis_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (dis_window_parent_class)->close_request (window);

  return FALSE;
}

/* ---- GObject ---------------------------------------------------------- */

/* The window's own menus: its pages close theirs when they are unrooted,
 * but a window is never unrooted itself. */
static void
close_menus (DisWindow *self)
{
  GtkMenuButton *menus[] = {
    self->enrol_menu_button, self->first_run_menu_button, self->sign_in_menu_button,
    self->main_menu_button, self->operator_button,
  };

  /* As GtkWindow's own dispose does before its child goes (see
   * dis_ui_close_popovers()). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (menus); i++)
    if (menus[i] != NULL)   /* a second dispose */
      dis_ui_close_popovers (GTK_WIDGET (menus[i]));
}

static void
dis_window_constructed (GObject *object)
{
  DisWindow *self = (DisWindow *)object;
  int width, height;
  gboolean maximized;

  G_OBJECT_CLASS (dis_window_parent_class)->constructed (object);

  dis_settings_get_window_size (dis_settings_get_default (), &width, &height, &maximized);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (maximized)
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
dis_window_dispose (GObject *object)
{
  DisWindow *self = (DisWindow *)object;

  g_cancellable_cancel (self->cancellable);
  _dis_window_idle_stop (self);
  /* Left open, a menu would outlive the window. First: signing out
   * closes the coordinator bar's Basis menu, which leaves nothing of
   * GTK's behind only once the window has let go of its focus. */
  close_menus (self);
  if (self->coordinator != NULL)
    dis_coordinator_sign_out (self->coordinator);
  g_clear_object (&self->coordinator);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_WINDOW);

  G_OBJECT_CLASS (dis_window_parent_class)->dispose (object);
}

static void
dis_window_finalize (GObject *object)
{
  DisWindow *self = (DisWindow *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->operator);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error_details, g_free);

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
      g_value_set_string (value, _dis_window_get_state (self));
      break;

    case PROP_OPERATOR:
      g_value_set_object (value, self->operator);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DisWindow *self = DIS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_OPERATOR:
      dis_window_set_operator (self, g_value_get_object (value));
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

  object_class->constructed = dis_window_constructed;
  object_class->dispose = dis_window_dispose;
  object_class->finalize = dis_window_finalize;
  object_class->get_property = dis_window_get_property;
  object_class->set_property = dis_window_set_property;

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

  properties[PROP_OPERATOR] =
    g_param_spec_object ("operator", NULL, NULL,
                         DIS_TYPE_OPERATOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_ENROL_PAGE);
  g_type_ensure (DIS_TYPE_SYNC_INDICATOR);
  g_type_ensure (DIS_TYPE_FIRST_RUN_PAGE);
  g_type_ensure (DIS_TYPE_SIGN_IN_PAGE);
  g_type_ensure (DIS_TYPE_TILL_PAGE);
  g_type_ensure (DIS_TYPE_MAP_PAGE);
  g_type_ensure (DIS_TYPE_TRANSPARENCY_PAGE);
  g_type_ensure (DIS_TYPE_MEMBERS_PAGE);
  g_type_ensure (DIS_TYPE_STOCK_PAGE);
  g_type_ensure (DIS_TYPE_ORDERS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DisWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, first_run_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, till_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, map_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, transparency_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, members_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, stock_view);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, stock_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, orders_view);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, orders_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, operator_label);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, operator_button);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, enrol_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, first_run_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sign_in_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, enrol_page);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar_action);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar_icon);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar_label);
  gtk_widget_class_bind_template_child (widget_class, DisWindow, sync_bar_button);
  gtk_widget_class_bind_template_callback (widget_class, first_run_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, enrol_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_bar_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_bar_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_details_cb);

  _dis_window_class_add_actions (widget_class);
}

static void
dis_window_init (DisWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  _dis_window_idle_init (self);
}

DisWindow *
dis_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (DIS_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* Coordinators act on the hub: a till with none offers no sign-in. */
static void
offer_coordinator (DisWindow *self)
{
  gboolean enrolled = dis_sync_client_is_enrolled (self->client);

  if (!enrolled)
    dis_coordinator_sign_out (self->coordinator);
  dis_members_page_set_coordinator (self->members_page, enrolled ? self->coordinator : NULL);
  dis_transparency_page_set_coordinator (self->transparency_page, enrolled ? self->coordinator : NULL);
}

void
dis_window_set_store (DisWindow     *self,
                      DisStore      *store,
                      DisSyncClient *client,
                      gboolean       offer_enrolment)
{
  g_return_if_fail (DIS_IS_WINDOW (self));
  g_return_if_fail (DIS_IS_STORE (store));
  g_return_if_fail (!client || DIS_IS_SYNC_CLIENT (client));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  g_set_object (&self->client, client);
  self->offer_enrolment = client != NULL && !!offer_enrolment;

  dis_sync_indicator_set_store (self->sync_indicator, store);
  dis_sync_indicator_set_client (self->sync_indicator, client);
  sync_bar_changed_cb (self);
  dis_enrol_page_set_client (self->enrol_page, client);
  if (client != NULL)
    g_signal_connect_object (client, "notify::hub-url",
                             G_CALLBACK (read_identity), self,
                             G_CONNECT_SWAPPED);

  g_signal_connect_object (store, "members-changed", G_CALLBACK (buyer_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "eligibility-rules-changed", G_CALLBACK (buyer_changed_cb),
                           self, G_CONNECT_SWAPPED);

  dis_first_run_page_set_store (self->first_run_page, store);
  dis_sign_in_page_set_store (self->sign_in_page, store);
  dis_till_page_set_store (self->till_page, store);
  dis_map_page_set_store (self->map_page, store);
  dis_members_page_set_store (self->members_page, store);
  dis_transparency_page_set_store (self->transparency_page, store);
  dis_stock_page_set_store (self->stock_page, store);
  dis_orders_page_set_store (self->orders_page, store);
  if (client != NULL)
    {
      self->coordinator = dis_coordinator_new (client);
      g_signal_connect_object (client, "notify::hub-url", G_CALLBACK (offer_coordinator), self,
                               G_CONNECT_SWAPPED);
      offer_coordinator (self);
    }

  read_identity (self);
  check_operators (self);
}

void
dis_window_show_enrol_failure (DisWindow    *self,
                               const char   *hub_url,
                               const char   *token,
                               const GError *error)
{
  g_return_if_fail (DIS_IS_WINDOW (self));
  g_return_if_fail (error != NULL);
  g_return_if_fail (self->client != NULL);

  self->enrol_failed = TRUE;
  dis_enrol_page_show_failure (self->enrol_page, hub_url, token, error);
  set_state (self, "enrol");
}

void
dis_window_show_load_error (DisWindow    *self,
                            const GError *error)
{
  g_return_if_fail (DIS_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  show_error_page (self,
                   _("The till cannot work without its database. "
                     "Check that the disk is not full and that the "
                     "file is readable, then start the till again."),
                   error);
}

DisOperator *
dis_window_get_operator (DisWindow *self)
{
  g_return_val_if_fail (DIS_IS_WINDOW (self), NULL);

  return self->operator;
}

void
dis_window_set_operator (DisWindow   *self,
                         DisOperator *operator)
{
  g_return_if_fail (DIS_IS_WINDOW (self));
  g_return_if_fail (!operator || DIS_IS_OPERATOR (operator));
  g_return_if_fail (!operator || self->store != NULL);

  if (!g_set_object (&self->operator, operator))
    return;

  operator_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR]);
}

void
dis_window_lock (DisWindow *self)
{
  g_return_if_fail (DIS_IS_WINDOW (self));

  _dis_window_idle_stop (self);

  if (!_dis_window_is_main (self))
    return;

  /* The till page stays as it is underneath, cart included. */
  show_sign_in (self, TRUE);
  dis_window_set_operator (self, NULL);
}
