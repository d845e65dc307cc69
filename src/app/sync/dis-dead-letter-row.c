/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-dead-letter-row"

#include "config.h"

#include "dis-dead-letter-row.h"

struct _DisDeadLetterRow
{
  AdwActionRow       parent_instance;

  DisDeadLetterItem *item;
};

G_DEFINE_FINAL_TYPE (DisDeadLetterRow, dis_dead_letter_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_dead_letter_row_constructed (GObject *object)
{
  DisDeadLetterRow *self = (DisDeadLetterRow *)object;

  G_OBJECT_CLASS (dis_dead_letter_row_parent_class)->constructed (object);

  g_return_if_fail (DIS_IS_DEAD_LETTER_ITEM (self->item));
  g_object_bind_property (self->item, "title", self, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->item, "subtitle", self, "subtitle", G_BINDING_SYNC_CREATE);
}

static void
dis_dead_letter_row_finalize (GObject *object)
{
  DisDeadLetterRow *self = (DisDeadLetterRow *)object;

  g_clear_object (&self->item);

  G_OBJECT_CLASS (dis_dead_letter_row_parent_class)->finalize (object);
}

static void
dis_dead_letter_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DisDeadLetterRow *self = DIS_DEAD_LETTER_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_dead_letter_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DisDeadLetterRow *self = DIS_DEAD_LETTER_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_dead_letter_row_class_init (DisDeadLetterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_dead_letter_row_constructed;
  object_class->finalize = dis_dead_letter_row_finalize;
  object_class->get_property = dis_dead_letter_row_get_property;
  object_class->set_property = dis_dead_letter_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         DIS_TYPE_DEAD_LETTER_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/sync/dis-dead-letter-row.ui");
}

static void
dis_dead_letter_row_init (DisDeadLetterRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_dead_letter_row_new (DisDeadLetterItem *item)
{
  g_return_val_if_fail (DIS_IS_DEAD_LETTER_ITEM (item), NULL);

  return g_object_new (DIS_TYPE_DEAD_LETTER_ROW, "item", item, NULL);
}
