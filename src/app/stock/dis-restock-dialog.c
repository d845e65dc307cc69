/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-restock-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-restock-dialog.h"
#include "dis-ui.h"

struct _DisRestockDialog
{
  AdwWindow     parent_instance;

  DisStore     *store;
  DisOperator  *operator;
  GCancellable *cancellable;      /* cancelled in dispose */

  GListStore   *orders;           /* DisRestockOrder */
  GPtrArray    *suggested;        /* answers in flight, merged when both came */
  GPtrArray    *open;
  guint         pending;
  guint         busy : 1;

  GtkStack     *stack;
  GtkListBox   *orders_list;
};

G_DEFINE_FINAL_TYPE (DisRestockDialog, dis_restock_dialog, ADW_TYPE_WINDOW)

#define SHOWN_STATES \
  (DIS_RESTOCK_STATE_BIT (DIS_RESTOCK_DRAFT) | DIS_RESTOCK_OPEN_STATES)

/* ---- The orders shown --------------------------------------------------- */

static gboolean
find_order (DisRestockDialog *self,
            const char       *key,
            guint            *out_position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->orders)); i++)
    {
      g_autoptr(DisRestockOrder) order = g_list_model_get_item (G_LIST_MODEL (self->orders), i);
      g_autofree char *order_key = dis_restock_order_row_key (order);

      if (g_str_equal (order_key, key))
        {
          *out_position = i;
          return TRUE;
        }
    }
  return FALSE;
}

DisRestockOrderRow *
dis_restock_dialog_get_row (DisRestockDialog *self,
                            const char       *key)
{
  guint position;
  GtkListBoxRow *row;

  g_return_val_if_fail (DIS_IS_RESTOCK_DIALOG (self), NULL);

  if (!find_order (self, key, &position))
    return NULL;
  row = gtk_list_box_get_row_at_index (self->orders_list, (int) position);
  return row != NULL ? DIS_RESTOCK_ORDER_ROW (gtk_list_box_row_get_child (row)) : NULL;
}

/* @order in the place of the one with @key (NULL: removed). */
static void
replace (DisRestockDialog *self,
         const char       *key,
         DisRestockOrder  *order)
{
  guint position;

  if (!find_order (self, key, &position))
    return;
  if (order != NULL)
    g_list_store_splice (self->orders, position, 1, (gpointer *) &order, 1);
  else
    g_list_store_remove (self->orders, position);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->orders)) > 0 ? "orders" : "empty");
}

static void
loaded (DisRestockDialog *self)
{
  /* Suggestions first: that is what the manager came for. */
  for (guint i = 0; self->suggested != NULL && i < self->suggested->len; i++)
    g_list_store_append (self->orders, g_ptr_array_index (self->suggested, i));
  for (guint i = 0; self->open != NULL && i < self->open->len; i++)
    g_list_store_append (self->orders, g_ptr_array_index (self->open, i));
  g_clear_pointer (&self->suggested, g_ptr_array_unref);
  g_clear_pointer (&self->open, g_ptr_array_unref);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->orders)) > 0 ? "orders" : "empty");
}

static void
suggest_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DisRestockDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->suggested = dis_store_restock_suggest_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->suggested == NULL)
    dis_ui_show_error (GTK_WIDGET (self), _("The suggested orders could not be worked out. Close this window and try again."),
                       error);
  if (--self->pending == 0)
    loaded (self);
}

static void
orders_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisRestockDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->open = dis_store_restock_list_orders_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->open == NULL)
    dis_ui_show_error (GTK_WIDGET (self), _("The restock orders could not be read. Close this window and try again."),
                       error);
  if (--self->pending == 0)
    loaded (self);
}

static GtkWidget *
create_order_row (gpointer item,
                  gpointer user_data)
{
  return dis_restock_order_row_new (item);
}

/* ---- Saving, sending, cancelling ---------------------------------------- */

typedef struct
{
  DisRestockDialog *self;
  char             *key;
  gboolean          then_send;
} Change;

static void
change_free (Change *change)
{
  g_clear_object (&change->self);
  g_free (change->key);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

static Change *
change_new (DisRestockDialog *self,
            const char       *key,
            gboolean          then_send)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->key = g_strdup (key);
  change->then_send = then_send;
  return change;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  g_autoptr(DisRestockOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  change->self->busy = FALSE;
  order = dis_store_restock_send_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (order == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (change->self), _("The order was not sent."),
                           _("It is kept as a draft. Try again; if it fails again, restart the till."), error);
      return;
    }
  /* Translators: %s is a supplier */
  message = g_strdup_printf (_("Order to %s sent: it reaches the supplier at the next sync"),
                             dis_restock_order_get_supplier_name (order));
  replace (change->self, change->key, order);
  dis_ui_message (GTK_WIDGET (change->self), message);
}

static void
send_saved (DisRestockDialog *self,
            DisRestockOrder  *draft)
{
  g_autofree char *key = dis_restock_order_row_key (draft);

  self->busy = TRUE;
  dis_store_restock_send_async (self->store, self->operator, dis_restock_order_get_id (draft), self->cancellable,
                                sent_cb, change_new (self, key, FALSE));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  DisRestockDialog *self = change->self;
  g_autoptr(DisRestockOrder) draft = NULL;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  draft = dis_store_restock_save_draft_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (draft == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (self), _("The order was not saved."),
                           _("Try again; if it fails again, restart the till."), error);
      return;
    }
  replace (self, change->key, draft);
  if (change->then_send)
    send_saved (self, draft);
  else
    dis_ui_message (GTK_WIDGET (self), _("Draft saved: it stays at this point until you send it"));
}

/* Saves the row's lines as a draft, then sends it when @then_send. */
static void
save (DisRestockDialog *self,
      const char       *key,
      gboolean          then_send)
{
  DisRestockOrderRow *row = dis_restock_dialog_get_row (self, key);
  DisRestockOrder *order;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problem = NULL;

  if (row == NULL || self->busy)
    return;
  if (!dis_restock_order_row_read (row, &lines, &problem))
    {
      dis_ui_warning (GTK_WIDGET (self), problem);
      return;
    }
  order = dis_restock_order_row_get_order (row);
  self->busy = TRUE;
  dis_store_restock_save_draft_async (self->store, self->operator, dis_restock_order_get_id (order),
                                      dis_restock_order_get_supplier_id (order), dis_restock_order_get_note (order),
                                      (DisRestockDraftLine *) (void *) lines->data, lines->len, self->cancellable,
                                      saved_cb, change_new (self, key, then_send));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  save (DIS_RESTOCK_DIALOG (widget), g_variant_get_string (param, NULL), FALSE);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  g_autoptr(DisRestockOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  change->self->busy = FALSE;
  order = dis_store_restock_cancel_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (order == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (change->self), _("The order was not cancelled."),
                           _("Try again; if it fails again, restart the till."), error);
      return;
    }
  replace (change->self, change->key, NULL);
  dis_ui_message (GTK_WIDGET (change->self), _("Order cancelled"));
}

static void
confirm_cb (AdwMessageDialog *dialog,
            const char       *response,
            gpointer          user_data)
{
  g_autoptr(Change) change = user_data;
  DisRestockDialog *self = change->self;
  DisRestockOrderRow *row = dis_restock_dialog_get_row (self, change->key);

  if (row == NULL || self->busy)
    return;
  if (g_str_equal (response, "send"))
    save (self, change->key, TRUE);
  else if (g_str_equal (response, "cancel-order"))
    {
      self->busy = TRUE;
      dis_store_restock_cancel_async (self->store, self->operator,
                                      dis_restock_order_get_id (dis_restock_order_row_get_order (row)),
                                      self->cancellable, cancelled_cb, change_new (self, change->key, FALSE));
    }
}

static void
confirm (DisRestockDialog *self,
         const char       *key,
         gboolean          send)
{
  DisRestockOrderRow *row = dis_restock_dialog_get_row (self, key);
  const char *supplier;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (row == NULL)
    return;
  supplier = dis_restock_order_get_supplier_name (dis_restock_order_row_get_order (row));
  heading = send
    /* Translators: %s is a supplier */
    ? g_strdup_printf (_("Send the Order to %s?"), supplier)
    : g_strdup_printf (_("Cancel the Order to %s?"), supplier);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       send
                                                       ? _("The order goes to the hub at the next sync, and from there to the supplier. It can no longer be changed.")
                                                       : _("The supplier is told at the next sync. An order of which anything was received cannot be cancelled.")));
  adw_message_dialog_add_responses (dialog, "keep", send ? _("_Not Yet") : _("_Keep the Order"),
                                    send ? "send" : "cancel-order", send ? _("_Send") : _("_Cancel the Order"), NULL);
  adw_message_dialog_set_response_appearance (dialog, send ? "send" : "cancel-order",
                                              send ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, send ? "send" : "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_cb), change_new (self, key, FALSE));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  confirm (DIS_RESTOCK_DIALOG (widget), g_variant_get_string (param, NULL), TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  confirm (DIS_RESTOCK_DIALOG (widget), g_variant_get_string (param, NULL), FALSE);
}

/* ---- Tests -------------------------------------------------------------- */

GListModel *
dis_restock_dialog_get_orders (DisRestockDialog *self)
{
  g_return_val_if_fail (DIS_IS_RESTOCK_DIALOG (self), NULL);

  return G_LIST_MODEL (self->orders);
}

gboolean
dis_restock_dialog_is_loaded (DisRestockDialog *self)
{
  g_return_val_if_fail (DIS_IS_RESTOCK_DIALOG (self), FALSE);

  return self->pending == 0;
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_restock_dialog_dispose (GObject *object)
{
  DisRestockDialog *self = DIS_RESTOCK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_RESTOCK_DIALOG);
  g_clear_pointer (&self->suggested, g_ptr_array_unref);
  g_clear_pointer (&self->open, g_ptr_array_unref);
  g_clear_object (&self->orders);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->operator);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dis_restock_dialog_parent_class)->dispose (object);
}

static void
dis_restock_dialog_class_init (DisRestockDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_restock_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-restock-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisRestockDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DisRestockDialog, orders_list);

  gtk_widget_class_install_action (widget_class, "restock.save", "s", save_action);
  gtk_widget_class_install_action (widget_class, "restock.send", "s", send_action);
  gtk_widget_class_install_action (widget_class, "restock.cancel", "s", cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_restock_dialog_init (DisRestockDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->orders = g_list_store_new (DIS_TYPE_RESTOCK_ORDER);
  gtk_list_box_bind_model (self->orders_list, G_LIST_MODEL (self->orders), create_order_row, NULL, NULL);
}

GtkWidget *
dis_restock_dialog_new (GtkWindow   *parent,
                        DisStore    *store,
                        DisOperator *operator)
{
  DisRestockDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);

  self = g_object_new (DIS_TYPE_RESTOCK_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);
  self->pending = 2;
  dis_store_restock_suggest_async (store, self->cancellable, suggest_cb, g_object_ref (self));
  dis_store_restock_list_orders_async (store, SHOWN_STATES, 0, self->cancellable, orders_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}
