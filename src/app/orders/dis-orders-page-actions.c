/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-dialog.h"
#include "dis-order-ready-dialog.h"
#include "dis-orders-page-private.h"
#include "dis-ui.h"

/* The page's actions: what each opens, and when each can be used. */

static gboolean
can_act (DisOrdersPage *self)
{
  return self->store != NULL && self->operator != NULL;
}

void
_dis_orders_page_update_actions (DisOrdersPage *self)
{
  gboolean can = can_act (self);
  DisFulfilment fulfilment;
  const char *place = dis_orders_page_get_place (self, &fulfilment);

  g_assert (DIS_IS_ORDERS_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.reload", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.new", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.edit", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.cancel", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.ready", can);
  /* Preparation works on one window or slot at a time. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.print-picking", can && place != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.print-labels", can && place != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.delivery-round",
                                 can && place != NULL && fulfilment == DIS_FULFILMENT_DELIVERY);
}

static void
search_focus_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  dis_orders_page_focus_search (DIS_ORDERS_PAGE (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _dis_orders_page_reload (DIS_ORDERS_PAGE (widget));
}

/* The order an action names ("" or no parameter: the chosen one); a
 * message says so when there is none. */
static DisOrder *
order_of (DisOrdersPage *self,
          GVariant      *param)
{
  const char *id = param != NULL ? g_variant_get_string (param, NULL) : "";
  DisOrder *order;

  if (!can_act (self))
    return NULL;
  order = *id == '\0' ? _dis_orders_page_get_selected (self) : _dis_orders_page_find (self, id);
  if (order == NULL)
    dis_ui_warning (GTK_WIDGET (self), _("Choose an order in the list first."));
  return order;
}

/* ---- New and edit ------------------------------------------------------- */

static void
saved_cb (DisOrderDialog *dialog,
          DisOrder       *order,
          DisOrdersPage  *self)
{
  /* Translators: after saving an order; the hub confirms it later. %s is its reference, "12-C1" */
  g_autofree char *message = g_strdup_printf (_("Order No. %s saved: it waits for the network to confirm it"),
                                              dis_order_get_reference (order));

  dis_order_detail_set_order (self->detail, order);
  _dis_orders_page_select_id (self, dis_order_get_id (order));
  dis_ui_message (GTK_WIDGET (self), message);
}

static void
open_dialog (DisOrdersPage *self,
             DisOrder      *order)
{
  GtkWidget *dialog;

  dialog = dis_order_dialog_new (dis_ui_get_parent_window (GTK_WIDGET (self)), self->store, self->operator,
                                 self->cycles, self->schedule, order);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (widget);

  if (!can_act (self))
    return;
  if (!_dis_orders_page_is_loaded (self))
    return;
  if (self->cycles == NULL || self->cycles->len == 0)
    {
      dis_ui_warning (widget, _("No order cycle is open: orders are taken while the network has one open."));
      return;
    }
  open_dialog (self, NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (widget);
  DisOrder *order = order_of (self, param);

  if (order == NULL)
    return;
  if (!dis_order_is_editable (order, NULL) || _dis_orders_page_find_cycle (self, dis_order_get_cycle_id (order)) == NULL)
    {
      dis_ui_warning (widget, _("This order can no longer be changed: it is prepared, its cycle closed or its delivery slot's cut-off passed."));
      return;
    }
  open_dialog (self, order);
}

/* ---- Cancel ------------------------------------------------------------- */

/* What the confirmation is about, for as long as it is shown. */
typedef struct
{
  DisOrdersPage *self;
  char          *id;
} Cancel;

static void
cancel_free (gpointer  data,
             GClosure *closure)
{
  Cancel *cancel = data;

  g_clear_object (&cancel->self);
  g_free (cancel->id);
  g_free (cancel);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisOrdersPage) self = user_data;
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  order = dis_store_orders_cancel_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (order == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (self), _("The order was not cancelled."),
                           _("Try again; if it fails again, restart the till."), error);
      return;
    }
  /* Translators: after cancelling an order; %s is its reference, "12-C1" */
  message = g_strdup_printf (_("Order No. %s cancelled: what it held goes back on offer"),
                             dis_order_get_reference (order));
  dis_order_detail_set_order (self->detail, order);
  dis_ui_message (GTK_WIDGET (self), message);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Cancel           *cancel)
{
  DisOrdersPage *self = cancel->self;

  if (!g_str_equal (response, "cancel-order") || !can_act (self))
    return;
  dis_store_orders_cancel_async (self->store, self->operator, cancel->id, NULL, self->cancellable,
                                 cancelled_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (widget);
  DisOrder *order = order_of (self, param);
  const char *name;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  Cancel *cancel;

  if (order == NULL)
    return;
  if (!dis_order_is_editable (order, NULL))
    {
      dis_ui_warning (widget, _("This order can no longer be cancelled: it is prepared or its cycle closed."));
      return;
    }

  name = dis_order_get_member_name (order) != NULL ? dis_order_get_member_name (order)
                                                   : dis_order_get_member_card (order);
  /* Translators: asking before cancelling an order: "Cancel Order No. 12-C1?" */
  heading = g_strdup_printf (_("Cancel Order No. %s?"), dis_order_get_reference (order));
  /* Translators: %s is the member's name */
  body = g_strdup_printf (_("The order of %s is cancelled and what it held goes back on offer for the other members. This cannot be undone."),
                          name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (dis_ui_get_parent_window (widget), heading, body));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep the Order"), "cancel-order", _("_Cancel the Order"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-order", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");

  cancel = g_new0 (Cancel, 1);
  cancel->self = g_object_ref (self);
  cancel->id = g_strdup (dis_order_get_id (order));
  g_signal_connect_data (dialog, "response", G_CALLBACK (cancel_response_cb), cancel, cancel_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Ready --------------------------------------------------------------- */

static void
ready_cb (DisOrderReadyDialog *dialog,
          DisOrder            *order,
          DisOrdersPage       *self)
{
  /* Translators: after preparing an order; %s is its reference, "12-C1" */
  g_autofree char *message = g_strdup_printf (_("Order No. %s is ready: print its label and put it with the others"),
                                              dis_order_get_reference (order));

  dis_order_detail_set_order (self->detail, order);
  dis_ui_message (GTK_WIDGET (self), message);
}

static void
ready_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DisOrdersPage *self = DIS_ORDERS_PAGE (widget);
  DisOrder *order = order_of (self, param);
  GtkWidget *dialog;

  if (order == NULL)
    return;
  if (!dis_order_state_can_move (dis_order_get_state (order), DIS_ORDER_READY, FALSE))
    {
      dis_ui_warning (widget, _("Only an order the network accepted can be prepared."));
      return;
    }
  dialog = dis_order_ready_dialog_new (dis_ui_get_parent_window (widget), self->store, self->operator, order);
  g_signal_connect_object (dialog, "ready", G_CALLBACK (ready_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_dis_orders_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "orders.search-focus", NULL, search_focus_action);
  gtk_widget_class_install_action (widget_class, "orders.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "orders.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "orders.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "orders.cancel", "s", cancel_action);
  gtk_widget_class_install_action (widget_class, "orders.ready", "s", ready_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "orders.search-focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "orders.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "orders.edit", "s", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK, "orders.cancel", "s", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "orders.ready", "s", "");
  for (guint i = 0; i < DIS_ORDERS_N_VIEWS - 1; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK, "orders.view", "s",
                                         dis_orders_view_to_nick (i));
}
