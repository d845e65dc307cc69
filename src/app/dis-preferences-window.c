/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-preferences-window.h"

struct _DisPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkSpinButton        *idle_spin;
  AdwComboRow          *layout_row;
  GtkSwitch            *print_switch;
};

G_DEFINE_FINAL_TYPE (DisPreferencesWindow, dis_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static void
dis_preferences_window_constructed (GObject *object)
{
  DisPreferencesWindow *self = (DisPreferencesWindow *)object;

  G_OBJECT_CLASS (dis_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APPLICATION_ID);

  g_settings_bind (self->settings, "idle-lock-minutes",
                   self->idle_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "receipt-layout",
                                self->layout_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                layout_get_mapping, layout_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "print-receipt-automatically",
                   self->print_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
dis_preferences_window_finalize (GObject *object)
{
  DisPreferencesWindow *self = (DisPreferencesWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dis_preferences_window_parent_class)->finalize (object);
}

static void
dis_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DisPreferencesWindow *self = DIS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DisPreferencesWindow *self = DIS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_preferences_window_class_init (DisPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_preferences_window_constructed;
  object_class->finalize = dis_preferences_window_finalize;
  object_class->set_property = dis_preferences_window_set_property;
  object_class->get_property = dis_preferences_window_get_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/dis-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, layout_row);
  gtk_widget_class_bind_template_child (widget_class, DisPreferencesWindow, print_switch);
}

static void
dis_preferences_window_init (DisPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_preferences_window_new (GtkWindow *parent,
                            GSettings *settings)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  return g_object_new (DIS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}
