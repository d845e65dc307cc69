/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-application"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dis-application-private.h"
#include "dis-pack-manager.h"
#include "dis-settings.h"

/* The command line, and start-up up to an open store: the database, the
 * demo network, the sync engine and the --enrol-url enrolment. */

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

void
dis_application_init_process (void)
{
  const char *localedir;

  setlocale (LC_ALL, "");
  dis_core_init ();

  /* An uninstalled build (build-aux/run-demo, tests) points at the
   * catalogs compiled in the build directory. */
  localedir = g_getenv ("DISOTTO_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
_dis_application_add_options (DisApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The till of a DiSoTTo point"));
}

int
_dis_application_handle_local_options (DisApplication *self,
                                       GVariantDict   *options)
{
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

  /* -1: go on with the default handling. */
  return -1;
}

void
_dis_application_wipe_token (DisApplication *self)
{
  if (self->enrol_token != NULL)
    memset (self->enrol_token, 0, strlen (self->enrol_token));
  g_clear_pointer (&self->enrol_token, g_free);
}

static char *
get_config_dir (DisApplication *self)
{
  if (self->config_dir != NULL)
    return g_strdup (self->config_dir);

  return g_build_filename (g_get_user_config_dir (), "disotto", NULL);
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
      dis_settings_set_offline_only (dis_settings_get_default (), FALSE);
      _dis_application_wipe_token (self);
    }

  _dis_application_set_store (self, store);
}

/* The store is open (and the demo loaded): the sync engine comes next,
 * so that the window finds it with the store. */
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
      _dis_application_notify (self, DIS_APPLICATION_PROP_SYNC_CLIENT);
    }

  if (self->enrol_url != NULL && self->enrol_token != NULL)
    {
      g_set_object (&self->pending_store, store);
      dis_sync_client_enrol_async (self->sync_client, self->enrol_url, self->enrol_token, NULL,
                                   self->cancellable, startup_enrol_cb, g_object_ref (self));
      return;
    }

  dis_sync_client_start (self->sync_client);
  _dis_application_set_store (self, store);
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
      _dis_application_set_load_error (self, g_steal_pointer (&error));
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
      _dis_application_set_load_error (self, g_steal_pointer (&error));
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

void
_dis_application_open_store (DisApplication *self)
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

          _dis_application_set_load_error (self,
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
