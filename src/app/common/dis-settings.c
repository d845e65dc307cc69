/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-settings"

#include "config.h"

#include "dis-settings.h"

struct _DisSettings
{
  GObject    parent_instance;

  GSettings *settings;

  /* Mirrors of the keys bound to the properties below. */
  guint      idle_lock_minutes;
  char      *receipt_layout;
  gboolean   print_receipt_automatically;
  gboolean   offline_only;
  gboolean   map_online_enabled;
  char      *map_online_url;
  char      *map_online_attribution;
  char      *map_selected_point;
};

G_DEFINE_FINAL_TYPE (DisSettings, dis_settings, G_TYPE_OBJECT)

/* Each property has the name of the key it mirrors. */
enum {
  PROP_0,
  PROP_IDLE_LOCK_MINUTES,
  PROP_RECEIPT_LAYOUT,
  PROP_PRINT_RECEIPT_AUTOMATICALLY,
  PROP_OFFLINE_ONLY,
  PROP_MAP_ONLINE_ENABLED,
  PROP_MAP_ONLINE_URL,
  PROP_MAP_ONLINE_ATTRIBUTION,
  PROP_MAP_SELECTED_POINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (DisSettings  *self,
            char        **field,
            const char   *value,
            guint         prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_boolean (DisSettings *self,
             gboolean    *field,
             gboolean     value,
             guint        prop_id)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
dis_settings_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DisSettings *self = DIS_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_IDLE_LOCK_MINUTES:
      g_value_set_uint (value, self->idle_lock_minutes);
      break;
    case PROP_RECEIPT_LAYOUT:
      g_value_set_string (value, self->receipt_layout);
      break;
    case PROP_PRINT_RECEIPT_AUTOMATICALLY:
      g_value_set_boolean (value, self->print_receipt_automatically);
      break;
    case PROP_OFFLINE_ONLY:
      g_value_set_boolean (value, self->offline_only);
      break;
    case PROP_MAP_ONLINE_ENABLED:
      g_value_set_boolean (value, self->map_online_enabled);
      break;
    case PROP_MAP_ONLINE_URL:
      g_value_set_string (value, self->map_online_url);
      break;
    case PROP_MAP_ONLINE_ATTRIBUTION:
      g_value_set_string (value, self->map_online_attribution);
      break;
    case PROP_MAP_SELECTED_POINT:
      g_value_set_string (value, self->map_selected_point);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_settings_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DisSettings *self = DIS_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_IDLE_LOCK_MINUTES:
      if (self->idle_lock_minutes != g_value_get_uint (value))
        {
          self->idle_lock_minutes = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_RECEIPT_LAYOUT:
      set_string (self, &self->receipt_layout, g_value_get_string (value), prop_id);
      break;
    case PROP_PRINT_RECEIPT_AUTOMATICALLY:
      set_boolean (self, &self->print_receipt_automatically, g_value_get_boolean (value), prop_id);
      break;
    case PROP_OFFLINE_ONLY:
      set_boolean (self, &self->offline_only, g_value_get_boolean (value), prop_id);
      break;
    case PROP_MAP_ONLINE_ENABLED:
      set_boolean (self, &self->map_online_enabled, g_value_get_boolean (value), prop_id);
      break;
    case PROP_MAP_ONLINE_URL:
      set_string (self, &self->map_online_url, g_value_get_string (value), prop_id);
      break;
    case PROP_MAP_ONLINE_ATTRIBUTION:
      set_string (self, &self->map_online_attribution, g_value_get_string (value), prop_id);
      break;
    case PROP_MAP_SELECTED_POINT:
      set_string (self, &self->map_selected_point, g_value_get_string (value), prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_settings_constructed (GObject *object)
{
  DisSettings *self = DIS_SETTINGS (object);

  G_OBJECT_CLASS (dis_settings_parent_class)->constructed (object);

  /* Both ways: a key changed elsewhere (the preferences, dconf) notifies
   * here, and setting a property writes the key. */
  for (guint i = PROP_0 + 1; i < N_PROPS; i++)
    {
      const char *key = g_param_spec_get_name (properties[i]);

      g_settings_bind (self->settings, key, self, key, G_SETTINGS_BIND_DEFAULT);
    }
}

static void
dis_settings_finalize (GObject *object)
{
  DisSettings *self = DIS_SETTINGS (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->receipt_layout, g_free);
  g_clear_pointer (&self->map_online_url, g_free);
  g_clear_pointer (&self->map_online_attribution, g_free);
  g_clear_pointer (&self->map_selected_point, g_free);

  G_OBJECT_CLASS (dis_settings_parent_class)->finalize (object);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
dis_settings_class_init (DisSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dis_settings_constructed;
  object_class->finalize = dis_settings_finalize;
  object_class->get_property = dis_settings_get_property;
  object_class->set_property = dis_settings_set_property;

  properties[PROP_IDLE_LOCK_MINUTES] =
    g_param_spec_uint ("idle-lock-minutes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECEIPT_LAYOUT] = string_property ("receipt-layout");
  properties[PROP_PRINT_RECEIPT_AUTOMATICALLY] = boolean_property ("print-receipt-automatically");
  properties[PROP_OFFLINE_ONLY] = boolean_property ("offline-only");
  properties[PROP_MAP_ONLINE_ENABLED] = boolean_property ("map-online-enabled");
  properties[PROP_MAP_ONLINE_URL] = string_property ("map-online-url");
  properties[PROP_MAP_ONLINE_ATTRIBUTION] = string_property ("map-online-attribution");
  properties[PROP_MAP_SELECTED_POINT] = string_property ("map-selected-point");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_settings_init (DisSettings *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
}

DisSettings *
dis_settings_get_default (void)
{
  static DisSettings *instance;

  /* Only widgets use it, on the main thread: no lock. */
  if (instance == NULL)
    instance = g_object_new (DIS_TYPE_SETTINGS, NULL);

  return instance;
}

void
dis_settings_bind (DisSettings        *self,
                   const char         *key,
                   gpointer            object,
                   const char         *property,
                   GSettingsBindFlags  flags)
{
  g_return_if_fail (DIS_IS_SETTINGS (self));

  g_settings_bind (self->settings, key, object, property, flags);
}

void
dis_settings_bind_with_mapping (DisSettings              *self,
                                const char               *key,
                                gpointer                  object,
                                const char               *property,
                                GSettingsBindFlags        flags,
                                GSettingsBindGetMapping   get_mapping,
                                GSettingsBindSetMapping   set_mapping,
                                gpointer                  user_data,
                                GDestroyNotify            destroy)
{
  g_return_if_fail (DIS_IS_SETTINGS (self));

  g_settings_bind_with_mapping (self->settings, key, object, property, flags,
                                get_mapping, set_mapping, user_data, destroy);
}

guint
dis_settings_get_idle_lock_minutes (DisSettings *self)
{
  g_return_val_if_fail (DIS_IS_SETTINGS (self), 0);

  return self->idle_lock_minutes;
}

const char *
dis_settings_get_receipt_layout (DisSettings *self)
{
  g_return_val_if_fail (DIS_IS_SETTINGS (self), NULL);

  return self->receipt_layout;
}

gboolean
dis_settings_get_print_receipt_automatically (DisSettings *self)
{
  g_return_val_if_fail (DIS_IS_SETTINGS (self), FALSE);

  return self->print_receipt_automatically;
}

gboolean
dis_settings_get_offline_only (DisSettings *self)
{
  g_return_val_if_fail (DIS_IS_SETTINGS (self), FALSE);

  return self->offline_only;
}

void
dis_settings_set_offline_only (DisSettings *self,
                               gboolean     offline_only)
{
  g_return_if_fail (DIS_IS_SETTINGS (self));

  g_object_set (self, "offline-only", offline_only, NULL);
}

void
dis_settings_get_window_size (DisSettings *self,
                              int         *width,
                              int         *height,
                              gboolean    *maximized)
{
  g_return_if_fail (DIS_IS_SETTINGS (self));
  g_return_if_fail (width != NULL && height != NULL && maximized != NULL);

  *width = g_settings_get_int (self->settings, "window-width");
  *height = g_settings_get_int (self->settings, "window-height");
  *maximized = g_settings_get_boolean (self->settings, "window-maximized");
}

void
dis_settings_set_window_size (DisSettings *self,
                              int          width,
                              int          height,
                              gboolean     maximized)
{
  g_return_if_fail (DIS_IS_SETTINGS (self));

  /* Key by key: g_settings_delay() would leave the one GSettings of the
   * application in delay-apply mode for good, holding back every later
   * write (offline-only, the preferences) until the next apply. */
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  /* A maximized window's size is not the one to come back to, nor is a
   * window that was never laid out. */
  if (!maximized && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

void
dis_settings_get_map_view (DisSettings *self,
                           double      *latitude,
                           double      *longitude,
                           double      *zoom)
{
  g_return_if_fail (DIS_IS_SETTINGS (self));
  g_return_if_fail (latitude != NULL && longitude != NULL && zoom != NULL);

  *latitude = g_settings_get_double (self->settings, "map-latitude");
  *longitude = g_settings_get_double (self->settings, "map-longitude");
  *zoom = g_settings_get_double (self->settings, "map-zoom");
}

void
dis_settings_set_map_view (DisSettings *self,
                           double       latitude,
                           double       longitude,
                           double       zoom)
{
  g_return_if_fail (DIS_IS_SETTINGS (self));

  g_settings_set_double (self->settings, "map-latitude", latitude);
  g_settings_set_double (self->settings, "map-longitude", longitude);
  g_settings_set_double (self->settings, "map-zoom", zoom);
}

const char *
dis_settings_get_map_selected_point (DisSettings *self)
{
  g_return_val_if_fail (DIS_IS_SETTINGS (self), NULL);

  return self->map_selected_point;
}

void
dis_settings_set_map_selected_point (DisSettings *self,
                                     const char  *code)
{
  g_return_if_fail (DIS_IS_SETTINGS (self));

  g_object_set (self, "map-selected-point", code != NULL ? code : "", NULL);
}

gboolean
dis_settings_get_map_online_enabled (DisSettings *self)
{
  g_return_val_if_fail (DIS_IS_SETTINGS (self), FALSE);

  return self->map_online_enabled;
}

const char *
dis_settings_get_map_online_url (DisSettings *self)
{
  g_return_val_if_fail (DIS_IS_SETTINGS (self), NULL);

  return self->map_online_url;
}

const char *
dis_settings_get_map_online_attribution (DisSettings *self)
{
  g_return_val_if_fail (DIS_IS_SETTINGS (self), NULL);

  return self->map_online_attribution;
}
