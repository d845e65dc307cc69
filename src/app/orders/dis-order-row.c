/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-row.h"
#include "dis-orders-format.h"

struct _DisOrderRow
{
  GtkWidget  parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *detail_label;
  GtkLabel  *reason_label;
  GtkWidget *edit_button;
  GtkWidget *state_box;
  GtkImage  *state_icon;
  GtkLabel  *state_label;
  GtkLabel  *total_label;

  /* The class the state has now, removed when the row shows another. */
  const char *state_class;
};

G_DEFINE_FINAL_TYPE (DisOrderRow, dis_order_row, GTK_TYPE_WIDGET)

void
dis_order_row_set_order (DisOrderRow *self,
                         DisOrder    *order)
{
  g_autofree char *title = NULL;
  g_autofree char *place = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *total = NULL;
  const char *name;
  const char *icon;
  const char *style;
  DisOrderState state;
  guint n_lines;

  g_return_if_fail (DIS_IS_ORDER_ROW (self));
  g_return_if_fail (order == NULL || DIS_IS_ORDER (order));

  if (self->state_class != NULL)
    gtk_widget_remove_css_class (self->state_box, self->state_class);
  self->state_class = NULL;

  if (order == NULL)
    return;

  state = dis_order_get_state (order);
  name = dis_order_get_member_name (order) != NULL ? dis_order_get_member_name (order)
                                                   : dis_order_get_member_card (order);
  /* Translators: an order in the list, its reference then its member: "No. 12-C1 · Maria Rossi" */
  title = g_strdup_printf (_("No. %s · %s"), dis_order_get_reference (order), name);
  gtk_label_set_label (self->title_label, title);

  place = dis_orders_format_place (order);
  n_lines = dis_order_get_n_lines (order);
  /* Translators: under an order: "Pickup sab 12 dic, 09:00–12:00 · 4 products · Equa" */
  detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u product · %s", "%s · %u products · %s", n_lines),
                            place, n_lines, dis_tier_get_name (dis_order_get_tier (order)));
  gtk_label_set_label (self->detail_label, detail);

  reason = dis_orders_format_reason (order);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");

  /* A refused order is waiting for someone to change it. */
  gtk_widget_set_visible (self->edit_button, state == DIS_ORDER_REFUSED && dis_order_is_editable (order, NULL));
  /* The target first: the action takes the order's id. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s", dis_order_get_id (order));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), "orders.edit");

  dis_orders_state_look (state, &icon, &style);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_label_set_label (self->state_label, dis_order_state_get_name (state));
  gtk_widget_add_css_class (self->state_box, style);
  self->state_class = style;

  total = dis_orders_format_total (dis_order_get_total (order), dis_order_get_total_estimated (order));
  gtk_label_set_label (self->total_label, total);
}

static void
dis_order_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_ORDER_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dis_order_row_parent_class)->dispose (object);
}

static void
dis_order_row_class_init (DisOrderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_order_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/orders/dis-order-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOrderRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, DisOrderRow, state_box);
  gtk_widget_class_bind_template_child (widget_class, DisOrderRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, DisOrderRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderRow, total_label);
}

static void
dis_order_row_init (DisOrderRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_order_row_new (void)
{
  return g_object_new (DIS_TYPE_ORDER_ROW, NULL);
}
