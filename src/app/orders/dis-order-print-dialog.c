/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order-print"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-print-dialog.h"
#include "dis-order-print-sheets.h"
#include "dis-order-print.h"
#include "dis-store-orders.h"
#include "dis-ui.h"

/* A window or a slot of the schedule, as the combo row lists it. */
typedef struct
{
  DisFulfilment  fulfilment;
  char          *code;
  char          *label;
} Place;

static void
place_free (Place *place)
{
  g_free (place->code);
  g_free (place->label);
  g_free (place);
}

struct _DisOrderPrintDialog
{
  AdwWindow          parent_instance;

  DisStore          *store;
  DisOrderPrintKind  kind;
  char              *start_window;    /* the place to start on */
  char              *start_slot;
  GCancellable      *cancellable;
  GPtrArray         *places;          /* Place, as in place_row */
  DisOrderBatch     *batch;           /* the orders of the place chosen, NULL while read */
  DisOrderDocument   document;        /* for "Save as PDF…": fills from batch */
  guint              serial;          /* the last read of orders asked */

  AdwToastOverlay   *toast_overlay;
  AdwComboRow       *place_row;
  AdwActionRow      *skip_row;
  GtkSpinButton     *skip_spin;
  GtkLabel          *status_label;
};

G_DEFINE_FINAL_TYPE (DisOrderPrintDialog, dis_order_print_dialog, ADW_TYPE_WINDOW)

/* The orders of the preparation: accepted (to prepare) and ready (the
 * labels printed again). */
#define PRINTED_STATES (DIS_ORDER_STATE_BIT (DIS_ORDER_ACCEPTED) | DIS_ORDER_STATE_BIT (DIS_ORDER_READY))

static void
update_actions (DisOrderPrintDialog *self)
{
  gboolean can = self->batch != NULL && self->batch->orders->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order-print.print", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order-print.save-pdf", can);
}

static Place *
selected_place (DisOrderPrintDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->place_row);

  if (self->places == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->places->len)
    return NULL;

  return g_ptr_array_index (self->places, selected);
}

static void
set_status (DisOrderPrintDialog *self,
            const char          *text)
{
  gtk_label_set_label (self->status_label, text);
}

/* ---- The orders of the place chosen --------------------------------------- */

typedef struct
{
  DisOrderPrintDialog *self;
  guint                serial;
  char                *label;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->self);
  g_free (data->label);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListData, list_data_free)

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ListData) data = user_data;
  DisOrderPrintDialog *self = data->self;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  orders = dis_store_orders_list_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || data->serial != self->serial)
    return;

  if (orders == NULL)
    {
      set_status (self, _("The orders could not be read."));
      dis_ui_show_error (GTK_WIDGET (self), _("The orders could not be read. Close this window and try again."), error);
      return;
    }

  self->batch = dis_order_batch_new (data->label, orders);
  if (orders->len == 0)
    status = g_strdup (_("No order is accepted or ready here yet. Orders come here once the network accepted them."));
  else if (self->kind == DIS_ORDER_PRINT_LABELS)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order: one label", "%u orders: one label each",
                                           orders->len),
                              orders->len);
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order to prepare", "%u orders to prepare",
                                           orders->len),
                              orders->len);
  set_status (self, status);
  update_actions (self);
}

static void
read_orders (DisOrderPrintDialog *self)
{
  Place *place = selected_place (self);
  DisOrderFilter filter = { .states = PRINTED_STATES };
  ListData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->batch, dis_order_batch_free);
  self->serial++;
  update_actions (self);

  if (place == NULL || self->store == NULL)
    return;

  if (place->fulfilment == DIS_FULFILMENT_DELIVERY)
    filter.slot_code = place->code;
  else
    filter.window_code = place->code;

  self->cancellable = g_cancellable_new ();
  data = g_new0 (ListData, 1);
  data->self = g_object_ref (self);
  data->serial = self->serial;
  data->label = g_strdup (place->label);
  set_status (self, _("Reading the orders…"));
  dis_store_orders_list_async (self->store, &filter, self->cancellable, list_cb, data);
}

static void
on_place_selected (DisOrderPrintDialog *self)
{
  read_orders (self);
}

/* ---- The schedule ------------------------------------------------------- */

static void
add_place (DisOrderPrintDialog *self,
           GtkStringList       *labels,
           DisFulfilment        fulfilment,
           const char          *code,
           GDateTime           *starts,
           GDateTime           *ends)
{
  Place *place = g_new0 (Place, 1);

  place->fulfilment = fulfilment;
  place->code = g_strdup (code);
  place->label = dis_order_print_place_label (fulfilment, code, starts, ends);
  gtk_string_list_append (labels, place->label);
  g_ptr_array_add (self->places, place);
}

static guint
find_start (DisOrderPrintDialog *self)
{
  for (guint i = 0; i < self->places->len; i++)
    {
      Place *place = g_ptr_array_index (self->places, i);
      const char *wanted = place->fulfilment == DIS_FULFILMENT_DELIVERY ? self->start_slot : self->start_window;

      if (g_strcmp0 (place->code, wanted) == 0)
        return i;
    }

  return 0;
}

static void
schedule_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisOrderPrintDialog) self = user_data;
  g_autoptr(DisOrderSchedule) schedule = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GListModel *windows;
  GListModel *slots;

  schedule = dis_store_orders_get_schedule_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (schedule == NULL)
    {
      set_status (self, _("The pickup windows and delivery slots could not be read."));
      dis_ui_show_error (GTK_WIDGET (self), _("The pickup windows and delivery slots could not be read. Close this window and try again."), error);
      return;
    }

  g_clear_pointer (&self->places, g_ptr_array_unref);
  self->places = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);

  windows = dis_order_schedule_get_windows (schedule);
  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(DisPickupWindow) window = g_list_model_get_item (windows, i);

      add_place (self, labels, DIS_FULFILMENT_PICKUP, dis_pickup_window_get_code (window),
                 dis_pickup_window_get_starts (window), dis_pickup_window_get_ends (window));
    }
  slots = dis_order_schedule_get_slots (schedule);
  for (guint i = 0; i < g_list_model_get_n_items (slots); i++)
    {
      g_autoptr(DisDeliverySlot) slot = g_list_model_get_item (slots, i);

      add_place (self, labels, DIS_FULFILMENT_DELIVERY, dis_delivery_slot_get_code (slot),
                 dis_delivery_slot_get_starts (slot), dis_delivery_slot_get_ends (slot));
    }

  if (self->places->len == 0)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->place_row), FALSE);
      set_status (self, _("This point has no pickup windows or delivery slots yet: they come from the network with the order cycle."));
      return;
    }

  /* Selecting reads that place's orders (notify::selected). */
  g_signal_handlers_block_by_func (self->place_row, on_place_selected, self);
  adw_combo_row_set_model (self->place_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->place_row, find_start (self));
  g_signal_handlers_unblock_by_func (self->place_row, on_place_selected, self);
  read_orders (self);
}

/* ---- Printing ----------------------------------------------------------- */

static void
fill (DisSheet *sheet,
      gpointer  data)
{
  DisOrderPrintDialog *self = data;

  g_assert (self->batch != NULL);

  self->batch->skip = (guint) gtk_spin_button_get_value_as_int (self->skip_spin);
  if (self->kind == DIS_ORDER_PRINT_LABELS)
    dis_order_print_fill_labels (sheet, self->batch);
  else
    dis_order_print_fill_picking (sheet, self->batch);
}

static char *
job_name (DisOrderPrintDialog *self)
{
  Place *place = selected_place (self);

  /* Translators: a print job's name or a PDF's, then the window or slot */
  return g_strdup_printf (self->kind == DIS_ORDER_PRINT_LABELS ? _("Labels %s") : _("Picking list %s"),
                          place != NULL ? place->code : "");
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DisOrderPrintDialog *self = DIS_ORDER_PRINT_DIALOG (widget);
  g_autofree char *name = NULL;

  if (self->batch == NULL || self->batch->orders->len == 0)
    return;

  name = job_name (self);
  dis_order_print_sheet (GTK_WINDOW (self), name, fill, self);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DisOrderPrintDialog *self = DIS_ORDER_PRINT_DIALOG (widget);
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;

  if (self->batch == NULL || self->batch->orders->len == 0)
    return;

  name = job_name (self);
  file_name = g_strconcat (name, ".pdf", NULL);
  g_strdelimit (file_name, "/\\", '-');
  dis_paper_ask_save_pdf (GTK_WINDOW (self),
                          self->kind == DIS_ORDER_PRINT_LABELS ? _("Save Labels as PDF") : _("Save Picking List as PDF"),
                          file_name, dis_order_document_save_pdf, &self->document,
                          _("The PDF can only be saved in a folder of this computer"),
                          _("The PDF was not saved. Choose another folder and try again."));
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_order_print_dialog_dispose (GObject *object)
{
  DisOrderPrintDialog *self = (DisOrderPrintDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  G_OBJECT_CLASS (dis_order_print_dialog_parent_class)->dispose (object);
}

static void
dis_order_print_dialog_finalize (GObject *object)
{
  DisOrderPrintDialog *self = (DisOrderPrintDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_clear_pointer (&self->batch, dis_order_batch_free);
  g_free (self->start_window);
  g_free (self->start_slot);

  G_OBJECT_CLASS (dis_order_print_dialog_parent_class)->finalize (object);
}

static void
dis_order_print_dialog_class_init (DisOrderPrintDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_order_print_dialog_dispose;
  object_class->finalize = dis_order_print_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/orders/dis-order-print-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOrderPrintDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DisOrderPrintDialog, place_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderPrintDialog, skip_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderPrintDialog, skip_spin);
  gtk_widget_class_bind_template_child (widget_class, DisOrderPrintDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_place_selected);

  gtk_widget_class_install_action (widget_class, "order-print.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "order-print.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "order-print.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_order_print_dialog_init (DisOrderPrintDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->document.fill = fill;
  self->document.data = self;
  update_actions (self);
}

GtkWidget *
dis_order_print_dialog_new (GtkWindow         *parent,
                            DisStore          *store,
                            DisOrderPrintKind  kind,
                            const char        *window_code,
                            const char        *slot_code)
{
  DisOrderPrintDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);

  self = g_object_new (DIS_TYPE_ORDER_PRINT_DIALOG,
                       "transient-for", parent,
                       "title", kind == DIS_ORDER_PRINT_LABELS ? _("Print Labels") : _("Print Picking List"),
                       NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->start_window = g_strdup (window_code);
  self->start_slot = g_strdup (slot_code);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_row), kind == DIS_ORDER_PRINT_LABELS);

  /* Orders accepted, prepared or changed meanwhile are printed as they are. */
  g_signal_connect_object (store, "orders-changed", G_CALLBACK (read_orders), self, G_CONNECT_SWAPPED);
  set_status (self, _("Reading the pickup windows and delivery slots…"));
  dis_store_orders_get_schedule_async (store, NULL, schedule_cb, g_object_ref (self));

  return GTK_WIDGET (self);
}

gboolean
_dis_order_print_dialog_is_loaded (DisOrderPrintDialog *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_PRINT_DIALOG (self), FALSE);

  return self->batch != NULL;
}

guint
_dis_order_print_dialog_n_orders (DisOrderPrintDialog *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_PRINT_DIALOG (self), 0);

  return self->batch != NULL ? self->batch->orders->len : 0;
}

gboolean
_dis_order_print_dialog_write_pdf (DisOrderPrintDialog  *self,
                                   const char           *path,
                                   GError              **error)
{
  g_return_val_if_fail (DIS_IS_ORDER_PRINT_DIALOG (self), FALSE);
  g_return_val_if_fail (self->batch != NULL, FALSE);

  return dis_order_document_save_pdf (&self->document, DIS_PAPER_A4, path, error);
}

gboolean
_dis_order_print_dialog_export (DisOrderPrintDialog  *self,
                                const char           *path,
                                GError              **error)
{
  g_return_val_if_fail (DIS_IS_ORDER_PRINT_DIALOG (self), FALSE);
  g_return_val_if_fail (self->batch != NULL, FALSE);

  return _dis_order_print_export (path, fill, self, error);
}
