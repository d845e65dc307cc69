/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-enrol-page.h"
#include "dis-map-page.h"
#include "dis-pack-manager.h"
#include "dis-preferences-window.h"
#include "dis-settings.h"
#include "dis-sync-popover.h"
#include "dis-ui.h"

struct _DisPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  DisStore             *store;
  DisSyncClient        *client;
  GSignalGroup         *client_signals;
  GCancellable         *cancellable;

  GtkSpinButton        *idle_spin;
  AdwComboRow          *layout_row;
  GtkSwitch            *print_switch;
  AdwPreferencesGroup  *network_group;
  GtkButton            *enrol_button;
  AdwActionRow         *hub_row;
  AdwActionRow         *point_row;
  AdwActionRow         *last_sync_row;
  AdwActionRow         *pack_row;
  AdwActionRow         *pack_credits_row;
  AdwActionRow         *pack_download_row;
  GtkProgressBar       *pack_progress;
  GtkSwitch            *online_switch;
  AdwEntryRow          *online_url_row;
  AdwEntryRow          *online_attribution_row;
  DisPackManager       *packs;

  guint                 can_change : 1;
};

G_DEFINE_FINAL_TYPE (DisPreferencesWindow, dis_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Positions in the combo row's model. */
static const char * const layouts[] = { "roll-80mm", "a4" };

static gboolean
layout_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *layout = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      if (g_str_equal (layout, layouts[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
layout_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (layouts))
    return NULL;

  return g_variant_new_string (layouts[position]);
}

/* ---- Network ------------------------------------------------------------ */

static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisPreferencesWindow) self = user_data;
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  identity = dis_store_get_identity_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      text = g_strdup (_("Not known"));
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The till could not read which point it is. Close the preferences "
                           "and open them again; if it happens again, restart the till."),
                         error);
    }
  else if (identity == NULL || identity->point_code == NULL)
    text = g_strdup (_("Not set"));
  else
    /* Translators: "Bottega DiSoTTo Centro (TO-CEN), device C1" */
    text = g_strdup_printf (_("%s (%s), device %s"),
                            identity->point_name ? identity->point_name : identity->point_code,
                            identity->point_code,
                            identity->device_id ? identity->device_id : "?");

  /* Rows take markup; a point name may hold an ampersand. */
  escaped = g_markup_escape_text (text, -1);
  adw_action_row_set_subtitle (self->point_row, escaped);
}

static void
update_network (DisPreferencesWindow *self)
{
  gboolean enrolled = self->client != NULL && dis_sync_client_is_enrolled (self->client);
  const char *hub_url = self->client ? dis_sync_client_get_hub_url (self->client) : NULL;
  gint64 last_success = self->client ? dis_sync_client_get_last_success (self->client) : 0;
  g_autofree char *escaped = NULL;
  g_autofree char *last_text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->network_group), self->client != NULL);
  if (self->client == NULL)
    return;

  if (enrolled && hub_url != NULL)
    {
      escaped = g_markup_escape_text (hub_url, -1);
      adw_action_row_set_subtitle (self->hub_row, escaped);
    }
  else
    adw_action_row_set_subtitle (self->hub_row, _("Not connected: sales stay on this till"));

  if (!enrolled)
    last_text = g_strdup (_("Never"));
  else if (last_success > 0)
    last_text = dis_sync_format_ago (last_success, g_get_real_time () / G_USEC_PER_SEC);
  else
    last_text = g_strdup (_("Not yet"));
  adw_action_row_set_subtitle (self->last_sync_row, last_text);

  gtk_button_set_label (self->enrol_button,
                        enrolled ? _("_Change Hub…") : _("_Connect to a Hub…"));
  gtk_widget_set_visible (GTK_WIDGET (self->enrol_button), self->can_change);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.enrol", self->can_change);

  if (self->store != NULL)
    dis_store_get_identity_async (self->store, self->cancellable, identity_cb, g_object_ref (self));
}

static void
enrol_finished_cb (GtkWindow *window)
{
  gtk_window_destroy (window);
}

static void
enrol_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DisPreferencesWindow *self = DIS_PREFERENCES_WINDOW (widget);
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *page;

  if (self->client == NULL || !self->can_change)
    return;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Connect to a Hub"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_widget_add_css_class (header, "flat");
  gtk_box_append (GTK_BOX (box), header);

  page = dis_enrol_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  dis_enrol_page_set_allow_offline (DIS_ENROL_PAGE (page), FALSE);
  dis_enrol_page_set_client (DIS_ENROL_PAGE (page), self->client);
  dis_enrol_page_reset (DIS_ENROL_PAGE (page));
  g_signal_connect_object (page, "finished", G_CALLBACK (enrol_finished_cb),
                           window, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), page);

  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- Map ------------------------------------------------------------------ */

static void
update_map (DisPreferencesWindow *self)
{
  const DisPackInfo *info = dis_pack_manager_get_info (self->packs);
  gboolean downloading = dis_pack_manager_get_downloading (self->packs);
  gboolean can_download = dis_pack_manager_can_download (self->packs);
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  gboolean is_base = FALSE;
  g_autofree char *in_use = dis_map_page_find_pack (self->packs, &is_base);

  if (is_base)
    {
      g_autofree char *file = g_path_get_basename (in_use);

      /* Translators: %s is the file of the pack, "torino-z8-14.mbtiles" */
      text = g_strdup_printf (_("The base pack shipped with the application (%s); "
                                "a pack downloaded from the hub or imported replaces it"), file);
    }
  else if (info != NULL)
    {
      g_autofree char *size = g_format_size (info->size_bytes);

      /* Translators: "Torino metro offline, zoom 8–14, 9.8 MB" */
      text = g_strdup_printf (_("%s, zoom %u–%u, %s"), info->name, info->min_zoom, info->max_zoom, size);
    }
  else if (dis_pack_manager_get_active_path (self->packs) != NULL)
    text = g_strdup (_("Checking…"));
  else
    text = g_strdup (_("None: the map shows no base layer until a pack is downloaded or imported"));
  escaped = g_markup_escape_text (text, -1);
  adw_action_row_set_subtitle (self->pack_row, escaped);

  gtk_widget_set_visible (GTK_WIDGET (self->pack_credits_row), info != NULL && info->attribution != NULL);
  if (info != NULL && info->attribution != NULL)
    {
      g_autofree char *credits = g_markup_escape_text (info->attribution, -1);

      adw_action_row_set_subtitle (self->pack_credits_row, credits);
    }

  adw_action_row_set_subtitle (self->pack_download_row,
                               downloading ? _("Downloading…")
                               : can_download ? _("Get the pack the hub offers; an interrupted download resumes")
                               : _("Connect this till to a hub first"));
  gtk_widget_set_visible (GTK_WIDGET (self->pack_progress), downloading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.download-pack", can_download && !downloading);
}

static void
update_progress (DisPreferencesWindow *self)
{
  guint64 received = dis_pack_manager_get_bytes_received (self->packs);
  guint64 total = dis_pack_manager_get_bytes_total (self->packs);
  g_autofree char *done = g_format_size (received);
  g_autofree char *all = g_format_size (total);
  g_autofree char *text = NULL;

  if (total > 0)
    {
      /* Translators: "2.1 MB of 9.8 MB" */
      text = g_strdup_printf (_("%s of %s"), done, all);
      gtk_progress_bar_set_fraction (self->pack_progress, dis_pack_manager_get_progress (self->packs));
    }
  else
    {
      text = g_strdup (done);
      gtk_progress_bar_pulse (self->pack_progress);
    }
  gtk_progress_bar_set_text (self->pack_progress, text);
}

static void
download_pack_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DisPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean replaced = dis_pack_manager_download_finish (DIS_PACK_MANAGER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !gtk_widget_get_realized (GTK_WIDGET (self)))
    return;
  if (error != NULL)
    dis_ui_show_error (GTK_WIDGET (self),
                       _("The map pack could not be downloaded. The current map stays in use: "
                         "try again later, or import a pack from a file."),
                       error);
  else
    dis_ui_message (GTK_WIDGET (self),
                    replaced ? _("The new map pack is in use") : _("The map pack is already up to date"));
}

static void
download_pack_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DisPreferencesWindow *self = DIS_PREFERENCES_WINDOW (widget);

  /* Not cancelled when the window closes: the download goes on. */
  dis_pack_manager_download_async (self->packs, NULL, download_pack_cb, g_object_ref (self));
}

static void
import_pack_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DisPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dis_pack_manager_import_finish (DIS_PACK_MANAGER (object), result, &error))
    {
      dis_ui_show_error (GTK_WIDGET (self),
                         _("This file could not be used as the map. The current map stays in use: "
                           "choose another map pack file."),
                         error);
      return;
    }
  dis_ui_message (GTK_WIDGET (self), _("The imported map pack is in use"));
}

static void
import_response_cb (GtkNativeDialog      *dialog,
                    int                   response,
                    DisPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    dis_pack_manager_import_async (self->packs, file, NULL, import_pack_cb, g_object_ref (self));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
import_pack_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DisPreferencesWindow *self = DIS_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Import a Map Pack"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_filter_set_name (filter, _("Region packs (MBTiles)"));
  gtk_file_filter_add_pattern (filter, "*.mbtiles");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (import_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
dis_preferences_window_constructed (GObject *object)
{
  DisPreferencesWindow *self = (DisPreferencesWindow *)object;
  DisSettings *settings = dis_settings_get_default ();

  G_OBJECT_CLASS (dis_preferences_window_parent_class)->constructed (object);

  dis_settings_bind (settings, "idle-lock-minutes",
                     self->idle_spin, "value",
                     G_SETTINGS_BIND_DEFAULT);
  dis_settings_bind_with_mapping (settings, "receipt-layout",
                                  self->layout_row, "selected",
                                  G_SETTINGS_BIND_DEFAULT,
                                  layout_get_mapping, layout_set_mapping,
                                  NULL, NULL);
  dis_settings_bind (settings, "print-receipt-automatically",
                     self->print_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
  dis_settings_bind (settings, "map-online-enabled",
                     self->online_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
  dis_settings_bind (settings, "map-online-url",
                     self->online_url_row, "text",
                     G_SETTINGS_BIND_DEFAULT);
  dis_settings_bind (settings, "map-online-attribution",
                     self->online_attribution_row, "text",
                     G_SETTINGS_BIND_DEFAULT);
}

static void
dis_preferences_window_dispose (GObject *object)
{
  DisPreferencesWindow *self = (DisPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_signal_group_set_target (self->client_signals, NULL);
  if (self->packs != NULL)
    g_signal_handlers_disconnect_by_data (self->packs, self);
  g_clear_object (&self->packs);

  G_OBJECT_CLASS (dis_preferences_window_parent_class)->dispose (object);
}

static void
dis_preferences_window_finalize (GObject *object)
{
  DisPreferencesWindow *self = (DisPreferencesWindow *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->client_signals);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dis_preferences_window_parent_class)->finalize (object);
}

static void
dis_preferences_window_class_init (DisPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_preferences_window_constructed;
  object_class->dispose = dis_preferences_window_dispose;
  object_class->finalize = dis_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, layout_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, print_switch);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, network_group);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, enrol_button);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, hub_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, point_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, pack_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, pack_credits_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, pack_download_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, pack_progress);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, online_switch);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, online_url_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, online_attribution_row);

  gtk_widget_class_install_action (widget_class, "prefs.enrol", NULL, enrol_action);
  gtk_widget_class_install_action (widget_class, "prefs.download-pack", NULL, download_pack_action);
  gtk_widget_class_install_action (widget_class, "prefs.import-pack", NULL, import_pack_action);
}

static void
dis_preferences_window_init (DisPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->client_signals = g_signal_group_new (DIS_TYPE_SYNC_CLIENT);
  g_signal_group_connect_object (self->client_signals, "notify::hub-url",
                                 G_CALLBACK (update_network), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::last-success",
                                 G_CALLBACK (update_network), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::state",
                                 G_CALLBACK (update_network), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.enrol", FALSE);

  self->packs = g_object_ref (dis_pack_manager_get_default ());
  g_signal_connect_swapped (self->packs, "notify::info", G_CALLBACK (update_map), self);
  g_signal_connect_swapped (self->packs, "notify::active-path", G_CALLBACK (update_map), self);
  g_signal_connect_swapped (self->packs, "notify::downloading", G_CALLBACK (update_map), self);
  g_signal_connect_swapped (self->packs, "notify::progress", G_CALLBACK (update_progress), self);
  update_map (self);
}

GtkWidget *
dis_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (DIS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

void
dis_preferences_window_set_sync (DisPreferencesWindow *self,
                                 DisStore             *store,
                                 DisSyncClient        *client,
                                 gboolean              can_change)
{
  g_return_if_fail (DIS_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));
  g_return_if_fail (!client || DIS_IS_SYNC_CLIENT (client));

  g_set_object (&self->store, store);
  g_set_object (&self->client, client);
  self->can_change = !!can_change;
  g_signal_group_set_target (self->client_signals, client);
  update_network (self);
  update_map (self);
}
