/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-dead-letters-dialog.h"
#include "dis-sync-indicator.h"
#include "dis-sync-popover.h"
#include "dis-ui.h"

#define DEFAULT_OFFLINE_GRACE_SECONDS (3 * 60)
#define REFRESH_SECONDS 20

struct _DisSyncIndicator
{
  GtkWidget      parent_instance;

  DisSyncClient *client;
  DisStore      *store;
  GSignalGroup  *client_signals;

  /* Template widgets */
  GtkMenuButton *button;
  GtkStack      *icon_stack;
  GtkImage      *image;
  GtkSpinner    *spinner;
  DisSyncPopover *popover;

  char          *summary;
  char          *bar_message;

  /* Monotonic µs since the hub became unreachable, 0 when it is not:
   * SYNCING retries in between do not reset it, so the bar does not
   * flicker while the loop keeps trying. */
  gint64         trouble_since;
  guint          offline_grace;
  guint          grace_source;
  guint          refresh_source;

  guint          can_manage : 1;
  guint          bar_is_error : 1;
};

G_DEFINE_FINAL_TYPE (DisSyncIndicator, dis_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STORE,
  PROP_CAN_MANAGE,
  PROP_SUMMARY,
  PROP_BAR_MESSAGE,
  PROP_BAR_IS_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static DisSyncState
get_state (DisSyncIndicator *self)
{
  return self->client ? dis_sync_client_get_state (self->client) : DIS_SYNC_STATE_NOT_ENROLLED;
}

static gint64
get_pending (DisSyncIndicator *self)
{
  return self->client ? dis_sync_client_get_pending_events (self->client) : 0;
}

static void
set_summary (DisSyncIndicator *self,
             const char       *summary)
{
  g_autofree char *accessible = NULL;

  if (g_strcmp0 (self->summary, summary) == 0)
    return;

  g_free (self->summary);
  self->summary = g_strdup (summary);

  /* Translators: %s is the sync state, e.g. "Synced" */
  accessible = g_strdup_printf (_("Sync status: %s"), summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

static void
set_bar (DisSyncIndicator *self,
         const char       *message,
         gboolean          is_error)
{
  if (g_strcmp0 (self->bar_message, message) != 0)
    {
      g_free (self->bar_message);
      self->bar_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BAR_MESSAGE]);
    }

  if (self->bar_is_error != !!is_error)
    {
      self->bar_is_error = !!is_error;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BAR_IS_ERROR]);
    }
}

static void update (DisSyncIndicator *self);

static gboolean
grace_cb (gpointer data)
{
  DisSyncIndicator *self = data;

  self->grace_source = 0;
  update (self);

  return G_SOURCE_REMOVE;
}

static void
update_trouble (DisSyncIndicator *self,
                DisSyncState      state)
{
  switch (state)
    {
    case DIS_SYNC_STATE_OFFLINE:
      if (self->trouble_since == 0)
        self->trouble_since = g_get_monotonic_time ();
      break;

    case DIS_SYNC_STATE_SYNCING:
      break;

    case DIS_SYNC_STATE_SYNCED:
    case DIS_SYNC_STATE_ERROR:
    case DIS_SYNC_STATE_NOT_ENROLLED:
    default:
      self->trouble_since = 0;
      g_clear_handle_id (&self->grace_source, g_source_remove);
      break;
    }
}

static void
update_bar (DisSyncIndicator *self,
            DisSyncState      state,
            gint64            pending)
{
  g_autofree char *message = NULL;
  g_autofree char *n = NULL;
  gint64 offline_for;
  gint64 grace = (gint64) self->offline_grace * G_USEC_PER_SEC;

  if (state == DIS_SYNC_STATE_ERROR)
    {
      set_bar (self, _("The hub refused this till: ask the network administrator."), TRUE);
      return;
    }

  if (self->trouble_since == 0 || pending <= 0)
    {
      set_bar (self, NULL, FALSE);
      return;
    }

  offline_for = g_get_monotonic_time () - self->trouble_since;
  if (offline_for < grace)
    {
      if (self->grace_source == 0)
        self->grace_source = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                                 (guint) ((grace - offline_for) / 1000) + 1,
                                                 grace_cb, self, NULL);
      set_bar (self, NULL, FALSE);
      return;
    }

  n = g_strdup_printf ("%" G_GINT64_FORMAT, pending);
  /* Translators: %s is a number of sales */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Not connected to the hub: %s sale waiting to be sent. "
                                          "Sales are safe on this till.",
                                          "Not connected to the hub: %s sales waiting to be sent. "
                                          "Sales are safe on this till.",
                                          (gulong) pending),
                             n);
  set_bar (self, message, FALSE);
}

/* Returns the icon; the summary goes to @out_summary. */
static const char *
update_icon (DisSyncIndicator *self,
             DisSyncState      state,
             gint64            pending,
             const char      **out_summary)
{
  const char *icon_name;
  const char *summary;
  g_autofree char *tooltip = NULL;

  switch (state)
    {
    case DIS_SYNC_STATE_SYNCED:
      icon_name = "emblem-ok-symbolic";
      summary = _("Synced");
      break;

    case DIS_SYNC_STATE_SYNCING:
      icon_name = "view-refresh-symbolic";
      summary = _("Syncing");
      break;

    case DIS_SYNC_STATE_OFFLINE:
      icon_name = "network-offline-symbolic";
      summary = _("Offline");
      break;

    case DIS_SYNC_STATE_ERROR:
      icon_name = "dialog-warning-symbolic";
      summary = _("Refused by the hub");
      break;

    case DIS_SYNC_STATE_NOT_ENROLLED:
    default:
      icon_name = "network-offline-symbolic";
      summary = _("Offline-only till");
      break;
    }

  gtk_image_set_from_icon_name (self->image, icon_name);
  gtk_stack_set_visible_child_name (self->icon_stack,
                                    state == DIS_SYNC_STATE_SYNCING ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->spinner, state == DIS_SYNC_STATE_SYNCING);

  gtk_widget_remove_css_class (GTK_WIDGET (self->button), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->button), "error");
  if (state == DIS_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "error");
  else if (state == DIS_SYNC_STATE_OFFLINE)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");

  if (pending > 0 && state != DIS_SYNC_STATE_SYNCED)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, pending);

      /* Translators: the sync state, then how many events wait to be
       * sent, e.g. "Offline: 3 waiting" */
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %s waiting", "%s: %s waiting",
                                              (gulong) MIN (pending, G_MAXLONG)),
                                 summary, count);
    }
  else
    tooltip = g_strdup (summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);

  set_summary (self, summary);
  *out_summary = summary;
  return icon_name;
}

static void
update (DisSyncIndicator *self)
{
  DisSyncState state = get_state (self);
  gint64 pending = get_pending (self);
  gint64 dead = self->client ? dis_sync_client_get_dead_letters (self->client) : 0;
  const char *summary;
  const char *icon_name;

  update_trouble (self, state);
  icon_name = update_icon (self, state, pending, &summary);
  dis_sync_popover_update (self->popover, self->client, icon_name, summary, self->can_manage);
  update_bar (self, state, pending);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now",
                                 state != DIS_SYNC_STATE_NOT_ENROLLED && state != DIS_SYNC_STATE_SYNCING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.dead-letters",
                                 dead > 0 && self->can_manage && self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.retry-dead-letters",
                                 dead > 0 && self->can_manage && self->store != NULL);
}

static gboolean
refresh_cb (gpointer data)
{
  DisSyncIndicator *self = data;

  update (self);

  return G_SOURCE_CONTINUE;
}

static void
popover_show_cb (DisSyncIndicator *self)
{
  update (self);
}

static void
client_notify_cb (DisSyncIndicator *self)
{
  update (self);
}

/* ---- Actions ------------------------------------------------------------- */

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DisSyncIndicator *self = DIS_SYNC_INDICATOR (widget);

  if (self->client != NULL)
    dis_sync_client_sync_now (self->client);
}

static void
dead_letters_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DisSyncIndicator *self = DIS_SYNC_INDICATOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->store == NULL || !self->can_manage)
    return;

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  dialog = dis_dead_letters_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->store);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  /* Held weakly: closing the window must not keep the indicator, and
   * its popover, alive until the store answers. */
  g_autoptr(DisSyncIndicator) self = dis_ui_weak_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *count = NULL;
  const char *failed = _("The rejected events were not sent again. Try again; if it fails again, "
                         "restart the till.");
  gint64 moved;

  moved = dis_store_retry_dead_letters_finish (DIS_STORE (object), result, &error);
  if (self == NULL)
    {
      /* Its window was closed meanwhile: no one to tell. What was moved
       * goes with the next periodic sync. */
      if (moved < 0)
        g_message ("%s (%s)", failed, error->message);
      return;
    }

  if (moved < 0)
    {
      dis_ui_show_error (GTK_WIDGET (self), failed, error);
      return;
    }

  if (self->client != NULL)
    dis_sync_client_sync_now (self->client);

  count = g_strdup_printf ("%" G_GINT64_FORMAT, moved);
  /* Translators: %s is a number of events */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s rejected event is sent to the hub again",
                                          "%s rejected events are sent to the hub again",
                                          (gulong) MIN (moved, G_MAXLONG)),
                             count);
  dis_ui_message (GTK_WIDGET (self), message);
  update (self);
}

/* For when what made the hub reject them was fixed (a member registered,
 * the hub's rules): all the rejected events go back to the outbox. */
static void
retry_dead_letters_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  DisSyncIndicator *self = DIS_SYNC_INDICATOR (widget);

  if (self->store == NULL || !self->can_manage)
    return;

  gtk_widget_action_set_enabled (widget, "sync.retry-dead-letters", FALSE);
  dis_store_retry_dead_letters_async (self->store, NULL, NULL, retry_done_cb, dis_ui_weak_new (self));
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_sync_indicator_map (GtkWidget *widget)
{
  DisSyncIndicator *self = DIS_SYNC_INDICATOR (widget);

  GTK_WIDGET_CLASS (dis_sync_indicator_parent_class)->map (widget);

  /* Only the relative times need it; a hidden indicator stays quiet. */
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
  update (self);
}

static void
dis_sync_indicator_unmap (GtkWidget *widget)
{
  DisSyncIndicator *self = DIS_SYNC_INDICATOR (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  GTK_WIDGET_CLASS (dis_sync_indicator_parent_class)->unmap (widget);
}

static void
dis_sync_indicator_unroot (GtkWidget *widget)
{
  DisSyncIndicator *self = DIS_SYNC_INDICATOR (widget);

  /* Left open, the popover would outlive the window: see
   * dis_ui_close_popovers(). */
  dis_ui_close_popovers (GTK_WIDGET (self->popover));

  GTK_WIDGET_CLASS (dis_sync_indicator_parent_class)->unroot (widget);
}

static void
dis_sync_indicator_dispose (GObject *object)
{
  DisSyncIndicator *self = (DisSyncIndicator *)object;

  g_clear_handle_id (&self->grace_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->client_signals != NULL)
    g_signal_group_set_target (self->client_signals, NULL);
  g_clear_object (&self->client_signals);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (dis_sync_indicator_parent_class)->dispose (object);
}

static void
dis_sync_indicator_finalize (GObject *object)
{
  DisSyncIndicator *self = (DisSyncIndicator *)object;

  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->bar_message, g_free);

  G_OBJECT_CLASS (dis_sync_indicator_parent_class)->finalize (object);
}

static void
dis_sync_indicator_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DisSyncIndicator *self = DIS_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_BAR_MESSAGE:
      g_value_set_string (value, self->bar_message);
      break;

    case PROP_BAR_IS_ERROR:
      g_value_set_boolean (value, self->bar_is_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_sync_indicator_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DisSyncIndicator *self = DIS_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      dis_sync_indicator_set_client (self, g_value_get_object (value));
      break;

    case PROP_STORE:
      dis_sync_indicator_set_store (self, g_value_get_object (value));
      break;

    case PROP_CAN_MANAGE:
      dis_sync_indicator_set_can_manage (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_sync_indicator_class_init (DisSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_sync_indicator_dispose;
  object_class->finalize = dis_sync_indicator_finalize;
  object_class->get_property = dis_sync_indicator_get_property;
  object_class->set_property = dis_sync_indicator_set_property;

  widget_class->map = dis_sync_indicator_map;
  widget_class->unmap = dis_sync_indicator_unmap;
  widget_class->unroot = dis_sync_indicator_unroot;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         DIS_TYPE_SYNC_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BAR_MESSAGE] =
    g_param_spec_string ("bar-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BAR_IS_ERROR] =
    g_param_spec_boolean ("bar-is-error", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_SYNC_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/sync/dis-sync-indicator.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DisSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, DisSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, DisSyncIndicator, image);
  gtk_widget_class_bind_template_child (widget_class, DisSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, DisSyncIndicator, popover);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.dead-letters", NULL, dead_letters_action);
  gtk_widget_class_install_action (widget_class, "sync.retry-dead-letters", NULL, retry_dead_letters_action);
}

static void
dis_sync_indicator_init (DisSyncIndicator *self)
{
  static const char * const notify_signals[] = {
    "notify::state", "notify::pending-events", "notify::oldest-pending",
    "notify::last-success", "notify::last-error", "notify::dead-letters",
    "notify::hub-url", "notify::unapplied-changes", "notify::unapplied-reasons",
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->offline_grace = DEFAULT_OFFLINE_GRACE_SECONDS;

  self->client_signals = g_signal_group_new (DIS_TYPE_SYNC_CLIENT);
  for (guint i = 0; i < G_N_ELEMENTS (notify_signals); i++)
    g_signal_group_connect_object (self->client_signals, notify_signals[i],
                                   G_CALLBACK (client_notify_cb), self,
                                   G_CONNECT_SWAPPED);

  update (self);
}

GtkWidget *
dis_sync_indicator_new (void)
{
  return g_object_new (DIS_TYPE_SYNC_INDICATOR, NULL);
}

DisSyncClient *
dis_sync_indicator_get_client (DisSyncIndicator *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_INDICATOR (self), NULL);

  return self->client;
}

void
dis_sync_indicator_set_client (DisSyncIndicator *self,
                               DisSyncClient    *client)
{
  g_return_if_fail (DIS_IS_SYNC_INDICATOR (self));
  g_return_if_fail (!client || DIS_IS_SYNC_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  g_signal_group_set_target (self->client_signals, client);
  self->trouble_since = 0;
  g_clear_handle_id (&self->grace_source, g_source_remove);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

DisStore *
dis_sync_indicator_get_store (DisSyncIndicator *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_INDICATOR (self), NULL);

  return self->store;
}

void
dis_sync_indicator_set_store (DisSyncIndicator *self,
                              DisStore         *store)
{
  g_return_if_fail (DIS_IS_SYNC_INDICATOR (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (g_set_object (&self->store, store))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
}

void
dis_sync_indicator_set_can_manage (DisSyncIndicator *self,
                                   gboolean          can_manage)
{
  g_return_if_fail (DIS_IS_SYNC_INDICATOR (self));

  can_manage = !!can_manage;
  if (self->can_manage == (guint) can_manage)
    return;

  self->can_manage = can_manage;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}

void
dis_sync_indicator_set_offline_grace (DisSyncIndicator *self,
                                      guint             seconds)
{
  g_return_if_fail (DIS_IS_SYNC_INDICATOR (self));

  self->offline_grace = seconds;
  g_clear_handle_id (&self->grace_source, g_source_remove);
  update (self);
}

const char *
dis_sync_indicator_get_bar_message (DisSyncIndicator *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_INDICATOR (self), NULL);

  return self->bar_message;
}

gboolean
dis_sync_indicator_get_bar_is_error (DisSyncIndicator *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_INDICATOR (self), FALSE);

  return self->bar_is_error;
}

const char *
dis_sync_indicator_get_summary (DisSyncIndicator *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_INDICATOR (self), NULL);

  return self->summary;
}
