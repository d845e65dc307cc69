/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-cluster-marker"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-map-cluster-marker.h"

struct _DisMapClusterMarker
{
  ShumateMarker  parent_instance;

  GtkWidget     *label;
  guint          n_points;
  guint          n_complete;
};

G_DEFINE_FINAL_TYPE (DisMapClusterMarker, dis_map_cluster_marker, SHUMATE_TYPE_MARKER)

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
released_cb (DisMapClusterMarker *self,
             int                  n_press,
             double               x,
             double               y,
             GtkGestureClick     *gesture)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
dis_map_cluster_marker_class_init (DisMapClusterMarkerClass *klass)
{
  /* The marker was clicked. */
  signals[ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dis_map_cluster_marker_init (DisMapClusterMarker *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  /* A label and a gesture, no button: there may be hundreds, and they
   * change at every zoom step. */
  self->label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->label, "map-cluster");
  shumate_marker_set_child (SHUMATE_MARKER (self), self->label);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

DisMapClusterMarker *
dis_map_cluster_marker_new (void)
{
  return g_object_new (DIS_TYPE_MAP_CLUSTER_MARKER, NULL);
}

void
dis_map_cluster_marker_set (DisMapClusterMarker *self,
                            double               latitude,
                            double               longitude,
                            guint                n_points,
                            guint                n_complete)
{
  g_return_if_fail (DIS_IS_MAP_CLUSTER_MARKER (self));
  g_return_if_fail (n_points > 0);
  g_return_if_fail (n_complete <= n_points);

  shumate_location_set_location (SHUMATE_LOCATION (self), latitude, longitude);

  if (n_points != self->n_points || n_complete != self->n_complete)
    {
      g_autofree char *number = g_strdup_printf ("%u", n_points);
      g_autofree char *points = g_strdup_printf (ngettext ("%u point", "%u points", n_points), n_points);
      g_autofree char *accessible = NULL;

      self->n_points = n_points;
      self->n_complete = n_complete;
      gtk_label_set_label (GTK_LABEL (self->label), number);
      /* Larger groups, larger circles: the size repeats the number. */
      gtk_widget_remove_css_class (self->label, "small");
      gtk_widget_remove_css_class (self->label, "medium");
      gtk_widget_remove_css_class (self->label, "large");
      gtk_widget_add_css_class (self->label, n_points >= 100 ? "large" : n_points >= 10 ? "medium" : "small");

      /* Translators: a group of points on the map, e.g. "12 points, 5 with
       * the whole basket; click to zoom in" */
      accessible = g_strdup_printf (ngettext ("%s, %u with the whole basket; click to zoom in",
                                              "%s, %u with the whole basket; click to zoom in",
                                              n_complete),
                                    points, n_complete);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), accessible);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
}

guint
dis_map_cluster_marker_get_n_points (DisMapClusterMarker *self)
{
  g_return_val_if_fail (DIS_IS_MAP_CLUSTER_MARKER (self), 0);

  return self->n_points;
}
