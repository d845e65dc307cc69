/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-marker"

#include "config.h"

#include "dis-map-marker.h"
#include "dis-map-symbol.h"

struct _DisMapMarker
{
  ShumateMarker  parent_instance;

  DisMapPoint   *point;
  GtkWidget     *button;
  GtkWidget     *symbol;
};

G_DEFINE_FINAL_TYPE (DisMapMarker, dis_map_marker, SHUMATE_TYPE_MARKER)

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
button_clicked_cb (DisMapMarker *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
dis_map_marker_finalize (GObject *object)
{
  DisMapMarker *self = (DisMapMarker *)object;

  g_clear_object (&self->point);

  G_OBJECT_CLASS (dis_map_marker_parent_class)->finalize (object);
}

static void
dis_map_marker_class_init (DisMapMarkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dis_map_marker_finalize;

  /* The marker's button was clicked (or activated from the keyboard). */
  signals[ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dis_map_marker_init (DisMapMarker *self)
{
  /* Built in code, not from a template: a big network has thousands of
   * markers, and this is the cheapest way to make one. */
  self->button = gtk_button_new ();
  gtk_widget_add_css_class (self->button, "map-marker");
  g_signal_connect_object (self->button, "clicked",
                           G_CALLBACK (button_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  shumate_marker_set_child (SHUMATE_MARKER (self), self->button);
}

DisMapMarker *
dis_map_marker_new (DisMapPoint *point)
{
  DisMapMarker *self;
  gboolean own;

  g_return_val_if_fail (DIS_IS_MAP_POINT (point), NULL);

  self = g_object_new (DIS_TYPE_MAP_MARKER, NULL);
  self->point = g_object_ref (point);
  own = dis_map_point_get_own (point);

  self->symbol = dis_map_symbol_new (dis_map_point_get_kind (point),
                                     own ? DIS_MAP_SYMBOL_OWN : DIS_MAP_SYMBOL_MARKER);
  gtk_button_set_child (GTK_BUTTON (self->button), self->symbol);
  gtk_widget_set_tooltip_text (self->button, dis_map_point_get_name (point));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dis_map_point_get_accessible_label (point),
                                  -1);
  shumate_location_set_location (SHUMATE_LOCATION (self),
                                 dis_map_point_get_latitude (point),
                                 dis_map_point_get_longitude (point));

  return self;
}

DisMapPoint *
dis_map_marker_get_point (DisMapMarker *self)
{
  g_return_val_if_fail (DIS_IS_MAP_MARKER (self), NULL);

  return self->point;
}

GtkWidget *
dis_map_marker_get_button (DisMapMarker *self)
{
  g_return_val_if_fail (DIS_IS_MAP_MARKER (self), NULL);

  return self->button;
}

void
dis_map_marker_set_selected (DisMapMarker *self,
                             gboolean      selected)
{
  g_return_if_fail (DIS_IS_MAP_MARKER (self));

  dis_map_symbol_set_selected (DIS_MAP_SYMBOL (self->symbol), selected);
}
