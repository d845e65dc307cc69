/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-criterion-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-criterion-row.h"

struct _DisCriterionRow
{
  AdwActionRow      parent_instance;

  DisCriterionItem *item;

  GtkImage         *icon;
};

G_DEFINE_FINAL_TYPE (DisCriterionRow, dis_criterion_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_criterion_row_constructed (GObject *object)
{
  DisCriterionRow *self = DIS_CRITERION_ROW (object);
  gboolean met;
  const char *said;

  G_OBJECT_CLASS (dis_criterion_row_parent_class)->constructed (object);

  g_assert (DIS_IS_CRITERION_ITEM (self->item));

  met = dis_criterion_item_get_met (self->item);
  said = met ? _("Met") : _("Not met");
  gtk_image_set_from_icon_name (self->icon, met ? "object-select-symbolic" : "window-close-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), met ? "success" : "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->icon), said);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, said,
                                  -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), dis_criterion_item_get_text (self->item));
}

static void
dis_criterion_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisCriterionRow *self = DIS_CRITERION_ROW (object);

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
dis_criterion_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DisCriterionRow *self = DIS_CRITERION_ROW (object);

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
dis_criterion_row_dispose (GObject *object)
{
  DisCriterionRow *self = DIS_CRITERION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_CRITERION_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (dis_criterion_row_parent_class)->dispose (object);
}

static void
dis_criterion_row_class_init (DisCriterionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_criterion_row_constructed;
  object_class->get_property = dis_criterion_row_get_property;
  object_class->set_property = dis_criterion_row_set_property;
  object_class->dispose = dis_criterion_row_dispose;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         DIS_TYPE_CRITERION_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
