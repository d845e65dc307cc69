/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-place-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-map-place-row.h"

struct _DisMapPlaceRow
{
  GtkListBoxRow  parent_instance;

  DisMapPlace   *place;
};

G_DEFINE_FINAL_TYPE (DisMapPlaceRow, dis_map_place_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_PLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_map_place_row_constructed (GObject *object)
{
  DisMapPlaceRow *self = (DisMapPlaceRow *)object;
  g_autofree char *label = NULL;

  G_OBJECT_CLASS (dis_map_place_row_parent_class)->constructed (object);

  g_assert (DIS_IS_MAP_PLACE (self->place));

  /* The row's name says what choosing it does. */
  label = g_strdup_printf (_("%s, %s, nearest points"),
                           dis_map_place_get_name (self->place),
                           dis_map_place_get_detail (self->place));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
dis_map_place_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_MAP_PLACE_ROW);

  G_OBJECT_CLASS (dis_map_place_row_parent_class)->dispose (object);
}

static void
dis_map_place_row_finalize (GObject *object)
{
  DisMapPlaceRow *self = (DisMapPlaceRow *)object;

  g_clear_object (&self->place);

  G_OBJECT_CLASS (dis_map_place_row_parent_class)->finalize (object);
}

static void
dis_map_place_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisMapPlaceRow *self = DIS_MAP_PLACE_ROW (object);

  switch (prop_id)
    {
    case PROP_PLACE:
      g_value_set_object (value, self->place);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_place_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DisMapPlaceRow *self = DIS_MAP_PLACE_ROW (object);

  switch (prop_id)
    {
    case PROP_PLACE:
      self->place = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_place_row_class_init (DisMapPlaceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_map_place_row_constructed;
  object_class->dispose = dis_map_place_row_dispose;
  object_class->finalize = dis_map_place_row_finalize;
  object_class->get_property = dis_map_place_row_get_property;
  object_class->set_property = dis_map_place_row_set_property;

  properties[PROP_PLACE] =
    g_param_spec_object ("place", NULL, NULL,
                         DIS_TYPE_MAP_PLACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_MAP_PLACE);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/map/dis-map-place-row.ui");
}

static void
dis_map_place_row_init (DisMapPlaceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_map_place_row_new (DisMapPlace *place)
{
  g_return_val_if_fail (DIS_IS_MAP_PLACE (place), NULL);

  return g_object_new (DIS_TYPE_MAP_PLACE_ROW, "place", place, NULL);
}

DisMapPlace *
dis_map_place_row_get_place (DisMapPlaceRow *self)
{
  g_return_val_if_fail (DIS_IS_MAP_PLACE_ROW (self), NULL);

  return self->place;
}
