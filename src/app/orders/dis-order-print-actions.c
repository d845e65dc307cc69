/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order-print"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-delivery-round-dialog.h"
#include "dis-order-print-actions.h"
#include "dis-order-print-dialog.h"
#include "dis-orders-page.h"
#include "dis-ui.h"

/* The page's store and the window or slot chosen there; NULL without a
 * store. */
static DisStore *
page_place (GtkWidget   *widget,
            const char **out_window,
            const char **out_slot)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (widget);
  DisFulfilment fulfilment = DIS_FULFILMENT_PICKUP;
  const char *place = dis_orders_page_get_place (self, &fulfilment);

  *out_window = fulfilment == DIS_FULFILMENT_PICKUP ? place : NULL;
  *out_slot = fulfilment == DIS_FULFILMENT_DELIVERY ? place : NULL;

  return dis_orders_page_get_store (self);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  const char *window_code, *slot_code;
  DisStore *store = page_place (widget, &window_code, &slot_code);
  DisOrderPrintKind kind = g_str_equal (action_name, "orders.print-labels") ? DIS_ORDER_PRINT_LABELS
                                                                             : DIS_ORDER_PRINT_PICKING;

  if (store != NULL)
    gtk_window_present (GTK_WINDOW (dis_order_print_dialog_new (dis_ui_get_parent_window (widget), store,
                                                                kind, window_code, slot_code)));
}

static void
delivery_round_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  const char *window_code, *slot_code;
  DisStore *store = page_place (widget, &window_code, &slot_code);

  if (store != NULL)
    gtk_window_present (GTK_WINDOW (dis_delivery_round_dialog_new (dis_ui_get_parent_window (widget), store,
                                                                   dis_orders_page_get_operator (DIS_ORDERS_PAGE (widget)),
                                                                   slot_code)));
}

void
dis_order_print_install_actions (GtkWidgetClass *widget_class)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  gtk_widget_class_install_action (widget_class, "orders.print-picking", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "orders.print-labels", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "orders.delivery-round", NULL, delivery_round_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "orders.print-picking", NULL);
}
