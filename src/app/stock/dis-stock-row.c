/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-money.h"
#include "dis-stock-row.h"

struct _DisStockRow
{
  GtkWidget  parent_instance;

  GtkLabel  *name_label;
  GtkLabel  *detail_label;
  GtkWidget *flag_box;
  GtkImage  *flag_icon;
  GtkLabel  *flag_label;
  GtkLabel  *qty_label;

  /* The class the flag has now, removed when the row shows another. */
  const char *flag_class;
};

G_DEFINE_FINAL_TYPE (DisStockRow, dis_stock_row, GTK_TYPE_WIDGET)

const char *
dis_stock_level_flag_text (DisStockLevel  *level,
                           const char    **out_icon_name,
                           const char    **out_style_class)
{
  guint32 flags;
  const char *text = NULL;
  const char *icon = NULL;
  const char *style = NULL;

  g_return_val_if_fail (DIS_IS_STOCK_LEVEL (level), NULL);

  /* The worst first: one flag per row keeps the list readable. */
  flags = level->flags;
  if (flags & DIS_STOCK_FLAG_NEGATIVE)
    {
      text = C_("stock flag", "Negative");
      icon = "dialog-warning-symbolic";
      style = "error";
    }
  else if (flags & DIS_STOCK_FLAG_MISSING_BASKET)
    {
      text = C_("stock flag", "Basket: missing");
      icon = "action-unavailable-symbolic";
      style = "error";
    }
  else if (flags & DIS_STOCK_FLAG_OUT)
    {
      text = C_("stock flag", "Out of stock");
      icon = "action-unavailable-symbolic";
      style = "warning";
    }
  else if (flags & DIS_STOCK_FLAG_BELOW_MIN)
    {
      text = C_("stock flag", "Below minimum");
      icon = "go-down-symbolic";
      style = "warning";
    }
  else if (flags & DIS_STOCK_FLAG_EXPIRING)
    {
      text = C_("stock flag", "Expiring");
      icon = "alarm-symbolic";
      style = "warning";
    }

  if (out_icon_name != NULL)
    *out_icon_name = icon;
  if (out_style_class != NULL)
    *out_style_class = style;
  return text;
}

void
dis_stock_row_set_level (DisStockRow   *self,
                         DisStockLevel *level)
{
  g_autofree char *qty = NULL;
  g_autofree char *detail = NULL;
  const char *flag;
  const char *icon;
  const char *style;

  g_return_if_fail (DIS_IS_STOCK_ROW (self));
  g_return_if_fail (level == NULL || DIS_IS_STOCK_LEVEL (level));

  if (self->flag_class != NULL)
    gtk_widget_remove_css_class (self->flag_box, self->flag_class);
  self->flag_class = NULL;

  if (level == NULL)
    return;

  gtk_label_set_label (self->name_label, level->name);
  if (level->supplier_name != NULL)
    /* Translators: a product's code and its supplier, under its name */
    detail = g_strdup_printf (_("%s · %s"), level->code, level->supplier_name);
  gtk_label_set_label (self->detail_label, detail != NULL ? detail : level->code);

  qty = dis_qty_format (level->qty, dis_unit_to_code (level->unit));
  gtk_label_set_label (self->qty_label, qty);

  flag = dis_stock_level_flag_text (level, &icon, &style);
  gtk_widget_set_visible (self->flag_box, flag != NULL);
  if (flag != NULL)
    {
      gtk_label_set_label (self->flag_label, flag);
      gtk_image_set_from_icon_name (self->flag_icon, icon);
      gtk_widget_add_css_class (self->flag_box, style);
      self->flag_class = style;
    }
}

static void
dis_stock_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_STOCK_ROW);
  /* Children the template does not name are unparented too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dis_stock_row_parent_class)->dispose (object);
}

static void
dis_stock_row_class_init (DisStockRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_stock_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-stock-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisStockRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockRow, flag_box);
  gtk_widget_class_bind_template_child (widget_class, DisStockRow, flag_icon);
  gtk_widget_class_bind_template_child (widget_class, DisStockRow, flag_label);
  gtk_widget_class_bind_template_child (widget_class, DisStockRow, qty_label);
}

static void
dis_stock_row_init (DisStockRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_stock_row_new (void)
{
  return g_object_new (DIS_TYPE_STOCK_ROW, NULL);
}
