/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transfers-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-transfer-row.h"
#include "dis-transfers-dialog.h"
#include "dis-ui.h"

struct _DisTransfersDialog
{
  AdwWindow     parent_instance;

  DisStore     *store;
  DisOperator  *operator;
  GCancellable *cancellable;
  GListStore   *transfers;     /* DisStockTransfer, incoming, to confirm */
  guint         loaded : 1;
  guint         busy : 1;

  GtkStack     *stack;
  GtkListBox   *transfers_list;
};

G_DEFINE_FINAL_TYPE (DisTransfersDialog, dis_transfers_dialog, ADW_TYPE_WINDOW)

static void
update_stack (DisTransfersDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->transfers)) > 0 ? "list" : "empty");
}

static gboolean
find_transfer (DisTransfersDialog *self,
               const char         *id,
               guint              *out_position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->transfers)); i++)
    {
      g_autoptr(DisStockTransfer) transfer = g_list_model_get_item (G_LIST_MODEL (self->transfers), i);

      if (g_strcmp0 (transfer->id, id) == 0)
        {
          *out_position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
transfers_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisTransfersDialog) self = user_data;
  g_autoptr(GPtrArray) transfers = NULL;
  g_autoptr(GError) error = NULL;

  transfers = dis_store_stock_list_transfers_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loaded = TRUE;
  if (transfers == NULL)
    {
      update_stack (self);
      dis_ui_show_error (GTK_WIDGET (self), _("The transfers could not be read. Close this window and try again."), error);
      return;
    }
  for (guint i = 0; i < transfers->len; i++)
    {
      DisStockTransfer *transfer = g_ptr_array_index (transfers, i);

      if (transfer->incoming && transfer->state == DIS_STOCK_TRANSFER_SENT)
        g_list_store_append (self->transfers, transfer);
    }
  update_stack (self);
}

typedef struct
{
  DisTransfersDialog *self;
  char               *id;
} Confirm;

static void
confirm_free (Confirm *confirm)
{
  g_clear_object (&confirm->self);
  g_free (confirm->id);
  g_free (confirm);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Confirm, confirm_free)

static void
confirmed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Confirm) confirm = user_data;
  DisTransfersDialog *self = confirm->self;
  g_autoptr(GError) error = NULL;
  guint position;

  self->busy = FALSE;
  if (!dis_store_stock_confirm_transfer_finish (DIS_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dis_ui_show_failure (GTK_WIDGET (self), _("The transfer was not confirmed."),
                             _("Nothing was written. Try again; if it fails again, restart the till."), error);
      return;
    }
  if (find_transfer (self, confirm->id, &position))
    g_list_store_remove (self->transfers, position);
  update_stack (self);
  dis_ui_message (GTK_WIDGET (self), _("Transfer confirmed: what arrived is in the stock"));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DisTransfersDialog *self = DIS_TRANSFERS_DIALOG (widget);
  const char *id = g_variant_get_string (param, NULL);
  GtkListBoxRow *row;
  g_autoptr(GArray) received = NULL;
  g_autofree char *problem = NULL;
  Confirm *confirm;
  guint position;

  if (self->busy || !find_transfer (self, id, &position))
    return;
  row = gtk_list_box_get_row_at_index (self->transfers_list, (int) position);
  if (!dis_transfer_row_read (DIS_TRANSFER_ROW (gtk_list_box_row_get_child (row)), &received, &problem))
    {
      dis_ui_warning (GTK_WIDGET (self), problem);
      return;
    }

  self->busy = TRUE;
  confirm = g_new0 (Confirm, 1);
  confirm->self = g_object_ref (self);
  confirm->id = g_strdup (id);
  dis_store_stock_confirm_transfer_async (self->store, self->operator, id, (const gint64 *) (void *) received->data,
                                          received->len, self->cancellable, confirmed_cb, confirm);
}

static GtkWidget *
create_transfer_row (gpointer item,
                     gpointer user_data)
{
  return dis_transfer_row_new (item);
}

GListModel *
dis_transfers_dialog_get_transfers (DisTransfersDialog *self)
{
  g_return_val_if_fail (DIS_IS_TRANSFERS_DIALOG (self), NULL);

  return G_LIST_MODEL (self->transfers);
}

gboolean
dis_transfers_dialog_is_loaded (DisTransfersDialog *self)
{
  g_return_val_if_fail (DIS_IS_TRANSFERS_DIALOG (self), FALSE);

  return self->loaded;
}

static void
dis_transfers_dialog_dispose (GObject *object)
{
  DisTransfersDialog *self = DIS_TRANSFERS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_TRANSFERS_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->transfers);
  g_clear_object (&self->operator);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dis_transfers_dialog_parent_class)->dispose (object);
}

static void
dis_transfers_dialog_class_init (DisTransfersDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_transfers_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-transfers-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisTransfersDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DisTransfersDialog, transfers_list);

  gtk_widget_class_install_action (widget_class, "transfers.confirm", "s", confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_transfers_dialog_init (DisTransfersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->transfers = g_list_store_new (DIS_TYPE_STOCK_TRANSFER);
  gtk_list_box_bind_model (self->transfers_list, G_LIST_MODEL (self->transfers), create_transfer_row, NULL, NULL);
}

GtkWidget *
dis_transfers_dialog_new (GtkWindow   *parent,
                          DisStore    *store,
                          DisOperator *operator)
{
  DisTransfersDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);

  self = g_object_new (DIS_TYPE_TRANSFERS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);
  dis_store_stock_list_transfers_async (store, TRUE, self->cancellable, transfers_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}
