/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The application's preferences (schema it.disotto.Punto) as typed
 * properties. It is the only place that opens the schema: widgets read
 * the getters, or bind to a property with g_object_bind_property() or to
 * a key with dis_settings_bind(). Every property notifies when its key
 * changes, whoever changed it. */

#define DIS_TYPE_SETTINGS (dis_settings_get_type ())
G_DECLARE_FINAL_TYPE (DisSettings, dis_settings, DIS, SETTINGS, GObject)

/* The process's one instance, created on first use, main thread only. */
DisSettings *dis_settings_get_default                (void);

/* Binds @property of @object to the key @key (e.g. "idle-lock-minutes"),
 * as g_settings_bind() does. */
void         dis_settings_bind                       (DisSettings        *self,
                                                      const char         *key,
                                                      gpointer            object,
                                                      const char         *property,
                                                      GSettingsBindFlags  flags);
void         dis_settings_bind_with_mapping          (DisSettings              *self,
                                                      const char               *key,
                                                      gpointer                  object,
                                                      const char               *property,
                                                      GSettingsBindFlags        flags,
                                                      GSettingsBindGetMapping   get_mapping,
                                                      GSettingsBindSetMapping   set_mapping,
                                                      gpointer                  user_data,
                                                      GDestroyNotify            destroy);

guint        dis_settings_get_idle_lock_minutes      (DisSettings *self);
/* "roll-80mm" or "a4" */
const char  *dis_settings_get_receipt_layout         (DisSettings *self);
gboolean     dis_settings_get_print_receipt_automatically (DisSettings *self);
gboolean     dis_settings_get_offline_only           (DisSettings *self);
void         dis_settings_set_offline_only           (DisSettings *self,
                                                      gboolean     offline_only);

/* The main window's size, restored at start and saved when it goes; a
 * maximized window keeps the size it had before, and a size of 0 (never
 * laid out) is not saved. */
void         dis_settings_get_window_size            (DisSettings *self,
                                                      int         *width,
                                                      int         *height,
                                                      gboolean    *maximized);
void         dis_settings_set_window_size            (DisSettings *self,
                                                      int          width,
                                                      int          height,
                                                      gboolean     maximized);

/* The map's last view and selected point ("" for none). */
void         dis_settings_get_map_view               (DisSettings *self,
                                                      double      *latitude,
                                                      double      *longitude,
                                                      double      *zoom);
void         dis_settings_set_map_view               (DisSettings *self,
                                                      double       latitude,
                                                      double       longitude,
                                                      double       zoom);
const char  *dis_settings_get_map_selected_point     (DisSettings *self);
void         dis_settings_set_map_selected_point     (DisSettings *self,
                                                      const char  *code);

/* The optional online map layer. */
gboolean     dis_settings_get_map_online_enabled     (DisSettings *self);
const char  *dis_settings_get_map_online_url         (DisSettings *self);
const char  *dis_settings_get_map_online_attribution (DisSettings *self);

G_END_DECLS
