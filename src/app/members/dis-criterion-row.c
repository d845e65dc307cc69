/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-criterion-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-criterion-row.h"

struct _DisCriterionRow
{
  DisItemRow  parent_instance;

  GtkImage   *icon;
};

G_DEFINE_FINAL_TYPE (DisCriterionRow, dis_criterion_row, DIS_TYPE_ITEM_ROW)

static void
dis_criterion_row_constructed (GObject *object)
{
  DisCriterionRow *self = DIS_CRITERION_ROW (object);
  DisCriterionItem *item = dis_item_row_get_item (DIS_ITEM_ROW (self));
  gboolean met;
  const char *said;

  G_OBJECT_CLASS (dis_criterion_row_parent_class)->constructed (object);

  g_assert (DIS_IS_CRITERION_ITEM (item));

  met = dis_criterion_item_get_met (item);
  said = met ? _("Met") : _("Not met");
  gtk_image_set_from_icon_name (self->icon, met ? "object-select-symbolic" : "window-close-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), met ? "success" : "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->icon), said);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, said,
                                  -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), dis_criterion_item_get_text (item));
}

static void
dis_criterion_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_CRITERION_ROW);

  G_OBJECT_CLASS (dis_criterion_row_parent_class)->dispose (object);
}

static void
dis_criterion_row_class_init (DisCriterionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_criterion_row_constructed;
  object_class->dispose = dis_criterion_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-criterion-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisCriterionRow, icon);
}

static void
dis_criterion_row_init (DisCriterionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_criterion_row_new (DisCriterionItem *item)
{
  g_return_val_if_fail (DIS_IS_CRITERION_ITEM (item), NULL);

  return g_object_new (DIS_TYPE_CRITERION_ROW, "item", item, NULL);
}
