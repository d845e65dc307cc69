/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-point-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-map-point-row.h"
#include "dis-map-symbol.h"

struct _DisMapPointRow
{
  GtkWidget     parent_instance;

  DisMapPoint  *point;

  DisMapSymbol *symbol;
  GtkLabel     *name_label;
  GtkLabel     *subtitle_label;
  GtkLabel     *distance_label;
};

G_DEFINE_FINAL_TYPE (DisMapPointRow, dis_map_point_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The distance changes with the chosen place; the rest with the point. */
static void
update_distance (DisMapPointRow *self)
{
  const char *distance = dis_map_point_get_distance_label (self->point);
  g_autofree char *label = NULL;

  gtk_label_set_label (self->distance_label, distance);
  gtk_widget_set_visible (GTK_WIDGET (self->distance_label), distance != NULL);

  /* The row's accessible name says everything the row shows. */
  if (distance != NULL)
    label = g_strdup_printf (_("%s, %s away"), dis_map_point_get_accessible_label (self->point),
                             distance);
  else if (dis_map_point_get_own (self->point))
    label = g_strdup_printf (_("%s, your point"), dis_map_point_get_accessible_label (self->point));
  else
    label = g_strdup (dis_map_point_get_accessible_label (self->point));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_point (DisMapPointRow *self)
{
  const char *comune = dis_map_point_get_comune (self->point);
  g_autofree char *subtitle = NULL;

  if (comune == NULL)
    comune = "";

  if (dis_map_point_get_own (self->point))
    subtitle = g_strdup_printf (_("%s · Your point"), comune);
  else
    subtitle = g_strdup_printf ("%s · %s", comune,
                                dis_point_kind_to_label (dis_map_point_get_kind (self->point)));

  dis_map_symbol_set_kind (self->symbol, dis_map_point_get_kind (self->point));
  gtk_label_set_label (self->name_label, dis_map_point_get_name (self->point));
  gtk_label_set_label (self->subtitle_label, subtitle);
  update_distance (self);
}

static void
dis_map_point_row_dispose (GObject *object)
{
  DisMapPointRow *self = (DisMapPointRow *)object;
  GtkWidget *child;

  dis_map_point_row_set_point (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_MAP_POINT_ROW);
  /* The plain box of the template, not bound to a field. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dis_map_point_row_parent_class)->dispose (object);
}

static void
dis_map_point_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisMapPointRow *self = DIS_MAP_POINT_ROW (object);

  switch (prop_id)
    {
    case PROP_POINT:
      g_value_set_object (value, self->point);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_point_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DisMapPointRow *self = DIS_MAP_POINT_ROW (object);

  switch (prop_id)
    {
    case PROP_POINT:
      dis_map_point_row_set_point (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_point_row_class_init (DisMapPointRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_map_point_row_dispose;
  object_class->get_property = dis_map_point_row_get_property;
  object_class->set_property = dis_map_point_row_set_property;

  properties[PROP_POINT] =
    g_param_spec_object ("point", NULL, NULL,
                         DIS_TYPE_MAP_POINT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_MAP_SYMBOL);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/map/dis-map-point-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMapPointRow, symbol);
  gtk_widget_class_bind_template_child (widget_class, DisMapPointRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapPointRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapPointRow, distance_label);
}

static void
dis_map_point_row_init (DisMapPointRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DisMapPoint *
dis_map_point_row_get_point (DisMapPointRow *self)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT_ROW (self), NULL);

  return self->point;
}

void
dis_map_point_row_set_point (DisMapPointRow *self,
                             DisMapPoint    *point)
{
  g_return_if_fail (DIS_IS_MAP_POINT_ROW (self));
  g_return_if_fail (!point || DIS_IS_MAP_POINT (point));

  if (self->point == point)
    return;

  if (self->point != NULL)
    g_signal_handlers_disconnect_by_func (self->point, update_distance, self);

  g_set_object (&self->point, point);

  if (self->point != NULL)
    {
      g_signal_connect_object (self->point, "notify::distance-label",
                               G_CALLBACK (update_distance), self,
                               G_CONNECT_SWAPPED);
      update_point (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINT]);
}
