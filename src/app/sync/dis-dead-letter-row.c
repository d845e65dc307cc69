/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-dead-letter-row"

#include "config.h"

#include "dis-dead-letter-row.h"

struct _DisDeadLetterRow
{
  DisItemRow parent_instance;
};

G_DEFINE_FINAL_TYPE (DisDeadLetterRow, dis_dead_letter_row, DIS_TYPE_ITEM_ROW)

static void
dis_dead_letter_row_constructed (GObject *object)
{
  DisDeadLetterItem *item = dis_item_row_get_item (DIS_ITEM_ROW (object));

  G_OBJECT_CLASS (dis_dead_letter_row_parent_class)->constructed (object);

  g_return_if_fail (DIS_IS_DEAD_LETTER_ITEM (item));
  g_object_bind_property (item, "title", object, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "subtitle", object, "subtitle", G_BINDING_SYNC_CREATE);
}

static void
dis_dead_letter_row_class_init (DisDeadLetterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_dead_letter_row_constructed;

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
