/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-money.h"
#include "dis-order-detail.h"
#include "dis-orders-format.h"

struct _DisOrderDetail
{
  GtkWidget     parent_instance;

  DisOrder     *order;
  const char   *state_class;

  GtkStack     *stack;
  GtkLabel     *title_label;
  GtkWidget    *state_box;
  GtkImage     *state_icon;
  GtkLabel     *state_label;
  GtkLabel     *reason_label;
  GtkWidget    *edit_button;
  GtkWidget    *ready_button;
  GtkWidget    *cancel_button;
  AdwActionRow *member_row;
  AdwActionRow *place_row;
  AdwActionRow *address_row;
  AdwActionRow *note_row;
  AdwActionRow *taken_row;
  GtkListBox   *lines_list;
  GtkLabel     *total_label;
  GtkLabel     *change_label;
};

G_DEFINE_FINAL_TYPE (DisOrderDetail, dis_order_detail, GTK_TYPE_WIDGET)

static GtkWidget *
create_line_row (gpointer item,
                 gpointer user_data)
{
  DisOrderLine *line = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = dis_orders_format_line (line);
  g_autofree char *total = dis_orders_format_total (dis_order_line_get_total (line),
                                                    dis_order_line_get_estimated (line));
  GtkWidget *total_label = gtk_label_new (total);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dis_order_line_get_product_name (line));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (total_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), total_label);
  return row;
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  /* Translators: when an order was taken, strftime format */
  return g_date_time_format (local, _("%-d %b %Y at %H:%M"));
}

static void
show_rows (DisOrderDetail *self)
{
  DisOrder *order = self->order;
  g_autofree char *member = NULL;
  g_autofree char *place = NULL;
  g_autofree char *address = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *when = format_time (dis_order_get_created_at (order));
  const char *name = dis_order_get_member_name (order);
  gboolean delivery = dis_order_get_fulfilment (order) == DIS_FULFILMENT_DELIVERY;

  /* Translators: the member of an order: "Maria Rossi · card DS-0042 · tier Equa" */
  member = g_strdup_printf (_("%s · card %s · tier %s"), name != NULL ? name : _("not known at this point"),
                            dis_order_get_member_card (order), dis_tier_get_name (dis_order_get_tier (order)));
  adw_action_row_set_subtitle (self->member_row, member);

  place = dis_orders_format_place (order);
  adw_action_row_set_subtitle (self->place_row, place);

  gtk_widget_set_visible (GTK_WIDGET (self->address_row), delivery && dis_order_get_address (order) != NULL);
  if (delivery && dis_order_get_address (order) != NULL)
    {
      /* Translators: a delivery address: "Via Roma 1, Torino" */
      address = g_strdup_printf (_("%s, %s"), dis_order_get_address (order),
                                 dis_order_get_comune (order) != NULL ? dis_order_get_comune (order) : "");
      adw_action_row_set_subtitle (self->address_row, address);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->note_row), dis_order_get_note (order) != NULL);
  adw_action_row_set_subtitle (self->note_row, dis_order_get_note (order) != NULL ? dis_order_get_note (order) : "");

  /* Translators: who took an order and when: "by Anna, 5 dic 2026 at 18:02 · revision 2" */
  taken = g_strdup_printf (_("by %s, %s · revision %u"), dis_order_get_operator_name (order), when,
                           dis_order_get_revision (order));
  adw_action_row_set_subtitle (self->taken_row, taken);
}

static void
show_total (DisOrderDetail *self)
{
  DisOrder *order = self->order;
  gint64 total = dis_order_get_total (order);
  gint64 at_order = dis_order_get_total_at_order (order);
  g_autofree char *total_text = dis_orders_format_total (total, dis_order_get_total_estimated (order));
  g_autofree char *label = NULL;

  /* Translators: the total of an order, with "about" while it is an estimate */
  label = g_strdup_printf (_("Total %s"), total_text);
  gtk_label_set_label (self->total_label, label);

  /* Weighing (or a shortage) moves the price: say from what. */
  gtk_widget_set_visible (GTK_WIDGET (self->change_label), total != at_order);
  if (total != at_order)
    {
      g_autofree char *was = dis_money_format (at_order);
      g_autofree char *delta = dis_money_format_signed (total - at_order);
      /* Translators: how the total changed since the order was taken: "estimated € 23,40 when ordered: +€ 0,70" */
      g_autofree char *change = g_strdup_printf (_("estimated %s when ordered: %s"), was, delta);

      gtk_label_set_label (self->change_label, change);
    }
}

void
dis_order_detail_set_order (DisOrderDetail *self,
                            DisOrder       *order)
{
  g_autofree char *title = NULL;
  g_autofree char *reason = NULL;
  const char *icon;
  const char *style;
  DisOrderState state;
  gboolean editable;

  g_return_if_fail (DIS_IS_ORDER_DETAIL (self));
  g_return_if_fail (order == NULL || DIS_IS_ORDER (order));

  g_set_object (&self->order, order);
  if (self->state_class != NULL)
    gtk_widget_remove_css_class (self->state_box, self->state_class);
  self->state_class = NULL;
  if (order == NULL)
    {
      gtk_list_box_bind_model (self->lines_list, NULL, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  state = dis_order_get_state (order);
  /* Translators: the heading of the order shown, %s is its reference: "Order No. 12-C1" */
  title = g_strdup_printf (_("Order No. %s"), dis_order_get_reference (order));
  gtk_label_set_label (self->title_label, title);

  dis_orders_state_look (state, &icon, &style);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_label_set_label (self->state_label, dis_order_state_get_name (state));
  gtk_widget_add_css_class (self->state_box, style);
  self->state_class = style;

  reason = dis_orders_format_reason (order);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");

  editable = dis_order_is_editable (order, NULL);
  gtk_widget_set_visible (self->edit_button, editable);
  gtk_widget_set_visible (self->cancel_button, editable);
  gtk_widget_set_visible (self->ready_button, dis_order_state_can_move (state, DIS_ORDER_READY, FALSE));

  show_rows (self);
  gtk_list_box_bind_model (self->lines_list, dis_order_get_lines (order), create_line_row, NULL, NULL);
  show_total (self);
  gtk_stack_set_visible_child_name (self->stack, "order");
}

DisOrder *
dis_order_detail_get_order (DisOrderDetail *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_DETAIL (self), NULL);

  return self->order;
}

void
dis_order_detail_focus (DisOrderDetail *self)
{
  g_return_if_fail (DIS_IS_ORDER_DETAIL (self));

  if (self->order == NULL)
    return;
  if (gtk_widget_get_visible (self->ready_button))
    gtk_widget_grab_focus (self->ready_button);
  else if (gtk_widget_get_visible (self->edit_button))
    gtk_widget_grab_focus (self->edit_button);
}

static void
dis_order_detail_dispose (GObject *object)
{
  DisOrderDetail *self = DIS_ORDER_DETAIL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_ORDER_DETAIL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->order);

  G_OBJECT_CLASS (dis_order_detail_parent_class)->dispose (object);
}

static void
dis_order_detail_class_init (DisOrderDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_order_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/orders/dis-order-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, state_box);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, state_icon);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, state_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, reason_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, edit_button);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, ready_button);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, member_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, place_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, address_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, note_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, taken_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, lines_list);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, total_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDetail, change_label);
}

static void
dis_order_detail_init (DisOrderDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_order_detail_new (void)
{
  return g_object_new (DIS_TYPE_ORDER_DETAIL, NULL);
}
