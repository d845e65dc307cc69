/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-marker"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-map-marker.h"
#include "dis-map-symbol.h"

struct _DisMapMarker
{
  ShumateMarker  parent_instance;

  DisMapPoint   *point;
  GtkWidget     *button;
  GtkWidget     *symbol;
  GtkWidget     *box;
  GtkWidget     *badge;      /* "7/9" under the symbol */
  GtkWidget     *balance;    /* the same, invisible, above: the symbol stays centred on the location */
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

/* The completeness, readable without colour: a number, and a check mark
 * when the basket is complete. Colour only adds to it. */
static void
update_completeness (DisMapMarker *self)
{
  const char *label = dis_map_point_get_completeness_label (self->point);
  gboolean complete = dis_map_point_get_basket_complete (self->point);
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  if (label != NULL)
    /* Translators: a complete basket on a map marker, e.g. "✓ 9/9" */
    text = complete ? g_strdup_printf (_("✓ %s"), label) : g_strdup (label);
  gtk_label_set_label (GTK_LABEL (self->badge), text);
  gtk_label_set_label (GTK_LABEL (self->balance), text);
  gtk_widget_set_visible (self->badge, text != NULL);
  gtk_widget_set_visible (self->balance, text != NULL);
  if (complete)
    {
      gtk_widget_add_css_class (self->badge, "complete");
      gtk_widget_remove_css_class (self->badge, "incomplete");
    }
  else
    {
      gtk_widget_add_css_class (self->badge, "incomplete");
      gtk_widget_remove_css_class (self->badge, "complete");
    }

  if (label != NULL)
    {
      const DisBasketCompleteness *c = dis_map_point_get_completeness (self->point);

      /* Translators: a point's accessible name, then its basket, e.g.
       * "Bottega, Shop, Torino, basket: 7 of 9 products" */
      accessible = g_strdup_printf (_("%s, basket: %u of %u products"),
                                    dis_map_point_get_accessible_label (self->point),
                                    c->n_stocked, c->n_basket);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible != NULL ? accessible : dis_map_point_get_accessible_label (self->point),
                                  -1);
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
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->button = gtk_button_new ();
  gtk_widget_add_css_class (self->button, "map-marker");
  g_signal_connect_object (self->button, "clicked",
                           G_CALLBACK (button_clicked_cb), self,
                           G_CONNECT_SWAPPED);

  self->balance = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->balance, "map-badge");
  gtk_widget_set_opacity (self->balance, 0);
  gtk_widget_set_can_target (self->balance, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->balance), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_visible (self->balance, FALSE);

  self->badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->badge, "map-badge");
  gtk_widget_set_halign (self->badge, GTK_ALIGN_CENTER);
  gtk_widget_set_can_target (self->badge, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->badge), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_visible (self->badge, FALSE);

  /* The button holds all three: the details popover points at it, and
   * the badge clicks as the symbol does. */
  self->box = box;
  gtk_box_append (GTK_BOX (box), self->balance);
  gtk_box_append (GTK_BOX (box), self->badge);
  gtk_button_set_child (GTK_BUTTON (self->button), box);
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
  gtk_widget_set_halign (self->symbol, GTK_ALIGN_CENTER);
  gtk_box_insert_child_after (GTK_BOX (self->box), self->symbol, self->balance);
  gtk_widget_set_tooltip_text (self->button, dis_map_point_get_name (point));
  update_completeness (self);
  g_signal_connect_object (point, "notify::completeness",
                           G_CALLBACK (update_completeness), self,
                           G_CONNECT_SWAPPED);
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
