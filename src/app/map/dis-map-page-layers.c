/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-map-page-private.h"
#include "dis-ui.h"

/* The map under the markers: the region pack (our own ShumateDataSource,
 * read off the UI thread) and, when the preferences turn it on, an online
 * layer above it. */

void
_dis_map_page_clamp_zoom (DisMapPage *self)
{
  guint min_zoom = 8, max_zoom = 14;

  if (self->pack_source != NULL)
    {
      min_zoom = dis_mbtiles_source_get_min_zoom (self->pack_source);
      max_zoom = dis_mbtiles_source_get_max_zoom (self->pack_source);
    }

  /* The online layer may go deeper than the pack. */
  if (self->online_source != NULL)
    max_zoom = MAX (max_zoom, shumate_map_source_get_max_zoom_level (self->online_source));

  shumate_viewport_set_min_zoom_level (self->viewport, min_zoom);
  shumate_viewport_set_max_zoom_level (self->viewport, max_zoom);
}

/* ---- Base layer --------------------------------------------------------- */

static void
received_data_cb (DisMapPage *self)
{
  self->n_tiles_received++;
}

static void
remove_base_layer (DisMapPage *self)
{
  if (self->base_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->base_layer));
  if (self->base_source != NULL)
    shumate_license_remove_map_source (self->license, self->base_source);
  if (self->pack_source != NULL)
    g_signal_handlers_disconnect_by_func (self->pack_source, received_data_cb, self);

  self->base_layer = NULL;
  g_clear_object (&self->base_source);
  g_clear_object (&self->pack_source);
}

static void
set_pack_source (DisMapPage       *self,
                 DisMbtilesSource *source)
{
  remove_base_layer (self);

  if (source == NULL)
    {
      gtk_stack_set_visible_child_name (self->map_stack, "no-pack");
      return;
    }

  self->pack_source = g_object_ref (source);
  self->n_tiles_received = 0;
  g_signal_connect_object (source, "received-data",
                           G_CALLBACK (received_data_cb), self,
                           G_CONNECT_SWAPPED);

  self->base_source = dis_mbtiles_source_create_renderer (source);
  shumate_viewport_set_reference_map_source (self->viewport, self->base_source);
  self->base_layer = shumate_map_layer_new (self->base_source, self->viewport);
  /* Bottom-most: a NULL sibling for "above" puts it first. */
  shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->base_layer), NULL);
  shumate_license_prepend_map_source (self->license, self->base_source);
  _dis_map_page_clamp_zoom (self);

  gtk_stack_set_visible_child_name (self->map_stack, "map");
}

char *
dis_map_page_find_pack (DisPackManager *packs,
                        gboolean       *is_base)
{
  const char *path = NULL;

  g_return_val_if_fail (!packs || DIS_IS_PACK_MANAGER (packs), NULL);

  if (is_base != NULL)
    *is_base = FALSE;

  if (packs != NULL)
    path = dis_pack_manager_get_active_path (packs);
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_strdup (path);

  path = g_getenv ("DIS_REGION_PACK");
  if (path != NULL && path[0] != '\0' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      if (is_base != NULL)
        *is_base = TRUE;
      return g_strdup (path);
    }

  return NULL;
}

static void
open_pack_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisMapPage) self = user_data;
  g_autoptr(DisMbtilesSource) source = NULL;
  g_autoptr(GError) error = NULL;

  source = dis_mbtiles_source_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (source == NULL)
    {
      const char *sentence = _("The region pack on this computer cannot be read. "
                               "Download the network’s pack again or import another "
                               "pack file in Preferences.");

      adw_status_page_set_title (self->no_pack_page, _("The Map Cannot Be Shown"));
      adw_status_page_set_description (self->no_pack_page, sentence);
      dis_ui_show_error (GTK_WIDGET (self), sentence, error);
    }

  set_pack_source (self, source);
}

static void
load_pack (DisMapPage *self)
{
  g_autofree char *path = dis_map_page_find_pack (self->pack_manager, NULL);

  g_cancellable_cancel (self->pack_cancellable);
  g_clear_object (&self->pack_cancellable);

  if (path == NULL)
    {
      set_pack_source (self, NULL);
      return;
    }

  /* Opening checks the file (SQLite quick_check): off the UI thread. */
  self->pack_cancellable = g_cancellable_new ();
  dis_mbtiles_source_new_async (path, self->pack_cancellable, open_pack_cb, g_object_ref (self));
}

/* ---- Online layer ------------------------------------------------------- */

static void
update_online_layer (DisMapPage *self)
{
  const char *url = dis_settings_get_map_online_url (self->settings);
  const char *attribution = dis_settings_get_map_online_attribution (self->settings);
  ShumateRasterRenderer *renderer;

  if (self->online_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->online_layer));
  if (self->online_source != NULL)
    shumate_license_remove_map_source (self->license, self->online_source);
  self->online_layer = NULL;
  g_clear_object (&self->online_source);

  if (!dis_settings_get_map_online_enabled (self->settings) ||
      url == NULL || strstr (url, "{z}") == NULL)
    {
      _dis_map_page_clamp_zoom (self);
      return;
    }

  /* A URL renderer has libshumate's tile downloader and file cache: tiles
   * seen once stay available offline, and where none is cached the region
   * pack underneath shows through. */
  renderer = shumate_raster_renderer_new_full_from_url ("disotto-online",
                                                        _("Online map"),
                                                        attribution && *attribution ? attribution : NULL,
                                                        NULL, 0, 19, 256,
                                                        SHUMATE_MAP_PROJECTION_MERCATOR,
                                                        url);
  self->online_source = SHUMATE_MAP_SOURCE (renderer);
  self->online_layer = shumate_map_layer_new (self->online_source, self->viewport);
  shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->online_layer),
                                  self->base_layer ? SHUMATE_LAYER (self->base_layer) : NULL);
  shumate_license_append_map_source (self->license, self->online_source);
  _dis_map_page_clamp_zoom (self);
}

static void
settings_notify_cb (DisMapPage *self,
                    GParamSpec *pspec)
{
  if (g_str_has_prefix (pspec->name, "map-online-"))
    update_online_layer (self);
}

/* ---- Package-private ---------------------------------------------------- */

void
_dis_map_page_layers_init (DisMapPage *self)
{
  self->viewport = shumate_map_get_viewport (self->map);
  shumate_scale_set_viewport (self->scale, self->viewport);
  shumate_map_set_go_to_duration (self->map, 400);

  self->pack_manager = g_object_ref (dis_pack_manager_get_default ());
  g_signal_connect_object (self->pack_manager, "pack-changed",
                           G_CALLBACK (load_pack), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify",
                           G_CALLBACK (settings_notify_cb), self,
                           G_CONNECT_SWAPPED);

  load_pack (self);
  update_online_layer (self);
}

void
_dis_map_page_layers_dispose (DisMapPage *self)
{
  /* Both outlive the page. */
  g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->pack_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->pack_manager, self);

  g_cancellable_cancel (self->pack_cancellable);
  g_clear_object (&self->pack_cancellable);
  g_clear_object (&self->pack_manager);
  g_clear_object (&self->pack_source);
  g_clear_object (&self->base_source);
  g_clear_object (&self->online_source);
}
