/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receive-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-plain-number.h"
#include "dis-receive-dialog.h"
#include "dis-receive-line-row.h"
#include "dis-stock-search.h"
#include "dis-ui.h"

#define RESULTS_LIMIT 8

struct _DisReceiveDialog
{
  AdwWindow     parent_instance;

  DisStore     *store;
  DisOperator  *operator;
  GCancellable *cancellable;         /* cancelled in dispose */
  GCancellable *search_cancellable;  /* the search in flight */
  char         *scanning;            /* the barcode it resolves, or NULL */

  GListStore   *orders;              /* DisRestockOrder, open */
  GListStore   *lines;               /* DisReceiveLine */
  GListStore   *results;             /* DisProduct */
  guint         ready : 1;
  guint         busy : 1;

  AdwComboRow  *order_row;
  AdwEntryRow  *note_row;
  GtkSearchEntry *product_entry;
  GtkListBox   *results_list;
  GtkListBox   *lines_list;
};

G_DEFINE_FINAL_TYPE (DisReceiveDialog, dis_receive_dialog, ADW_TYPE_WINDOW)

static DisRestockOrder *
chosen_order (DisReceiveDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->order_row);

  /* Position 0 is "no order". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->orders), selected - 1);
}

static void
update_actions (DisReceiveDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receive.confirm",
                                 self->ready && !self->busy &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->lines)) > 0);
}

/* ---- Lines -------------------------------------------------------------- */

static gboolean
find_line (DisReceiveDialog *self,
           gint64            product_id,
           guint            *out_position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->lines)); i++)
    {
      g_autoptr(DisReceiveLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      if (dis_receive_line_get_product_id (line) == product_id)
        {
          *out_position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
focus_line (DisReceiveDialog *self,
            guint             position)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->lines_list, (int) position);

  if (row != NULL)
    dis_receive_line_row_focus_qty (DIS_RECEIVE_LINE_ROW (gtk_list_box_row_get_child (row)));
}

static void
add_product (DisReceiveDialog *self,
             DisProduct       *product)
{
  g_autoptr(DisReceiveLine) line = NULL;
  guint position;

  /* The same product twice is one line. */
  if (find_line (self, dis_product_get_id (product), &position))
    line = g_list_model_get_item (G_LIST_MODEL (self->lines), position);
  else
    {
      g_autoptr(DisRestockOrder) order = chosen_order (self);

      line = dis_receive_line_new (dis_product_get_id (product), dis_product_get_ean (product),
                                   dis_product_get_name (product), dis_product_get_unit (product), -1, -1);
      if (order != NULL)
        dis_receive_line_set_replaceable (line, dis_restock_order_get_lines (order));
      position = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
      g_list_store_append (self->lines, line);
    }

  g_list_store_remove_all (self->results);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->product_entry), "");

  /* A weighed product waits for its delivered weight. A piece is counted
   * as it is scanned, one more each time, and the scanner stays ready for
   * the next: a barcode must never land in a quantity. */
  if (dis_unit_is_measured (dis_product_get_unit (product)))
    focus_line (self, position);
  else
    {
      g_autofree char *qty_text = NULL;
      guint64 pieces = 0;

      g_object_get (line, "qty-text", &qty_text, NULL);
      if (qty_text == NULL || *g_strstrip (qty_text) == '\0' ||
          g_ascii_string_to_unsigned (qty_text, 10, 0, G_MAXINT32 - 1, &pieces, NULL))
        {
          g_autofree char *more = g_strdup_printf ("%" G_GUINT64_FORMAT, pieces + 1);

          g_object_set (line, "qty-text", more, NULL);
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->product_entry));
    }
  update_actions (self);
}

static void
remove_line_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DisReceiveDialog *self = DIS_RECEIVE_DIALOG (widget);
  guint position;

  if (find_line (self, g_variant_get_int64 (param), &position))
    g_list_store_remove (self->lines, position);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->product_entry));
}

static GtkWidget *
create_line_row (gpointer item,
                 gpointer user_data)
{
  return dis_receive_line_row_new (item);
}

/* ---- Orders ------------------------------------------------------------- */

static void
on_order_selected (DisReceiveDialog *self)
{
  g_autoptr(DisRestockOrder) order = chosen_order (self);
  GListModel *order_lines;

  g_list_store_remove_all (self->lines);
  if (order == NULL)
    {
      update_actions (self);
      return;
    }

  /* What is still to arrive, as the order expects it: the manager
   * corrects a weight (3 kg ordered, 3,050 kg delivered) or a shortage. */
  order_lines = dis_restock_order_get_lines (order);
  for (guint i = 0; i < g_list_model_get_n_items (order_lines); i++)
    {
      g_autoptr(DisRestockLine) order_line = g_list_model_get_item (order_lines, i);
      gint64 open = dis_restock_line_get_open (order_line);
      g_autoptr(DisReceiveLine) line = NULL;

      if (open <= 0)
        continue;
      line = dis_receive_line_new (dis_restock_line_get_product_id (order_line),
                                   dis_restock_line_get_product_code (order_line),
                                   dis_restock_line_get_product_name (order_line),
                                   dis_restock_line_get_unit (order_line),
                                   dis_restock_line_get_ordered (order_line), open);
      {
        g_autofree char *qty = dis_plain_quantity (open, dis_restock_line_get_unit (order_line));

        g_object_set (line, "qty-text", qty, NULL);
      }
      g_list_store_append (self->lines, line);
    }
  update_actions (self);
}

static char *
order_title (DisRestockOrder *order)
{
  const char *sent = dis_restock_order_get_sent_at (order);
  g_autoptr(GDateTime) at = sent != NULL ? g_date_time_new_from_iso8601 (sent, NULL) : NULL;
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
  g_autofree char *day = local != NULL ? dis_plain_date_time (local) : g_strdup ("");

  /* Translators: an open restock order: supplier, when it was sent, its state */
  return g_strdup_printf (_("%s — sent %s (%s)"), dis_restock_order_get_supplier_name (order), day,
                          dis_restock_state_get_name (dis_restock_order_get_state (order)));
}

static void
orders_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisReceiveDialog) self = user_data;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  orders = dis_store_restock_list_orders_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (orders == NULL)
    dis_ui_show_error (GTK_WIDGET (self),
                       _("The open restock orders could not be read. You can still receive with a delivery note number."),
                       error);

  gtk_string_list_append (titles, _("None: a delivery note"));
  for (guint i = 0; orders != NULL && i < orders->len; i++)
    {
      g_autofree char *title = order_title (g_ptr_array_index (orders, i));

      g_list_store_append (self->orders, g_ptr_array_index (orders, i));
      gtk_string_list_append (titles, title);
    }
  adw_combo_row_set_model (self->order_row, G_LIST_MODEL (titles));
  adw_combo_row_set_selected (self->order_row, 0);
  self->ready = TRUE;
  update_actions (self);
}

/* ---- Adding products ------------------------------------------------------ */

static GtkWidget *
create_result_row (gpointer item,
                   gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dis_product_get_name (item));
  if (dis_product_get_supplier_name (item) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dis_product_get_supplier_name (item));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
on_result_activated (DisReceiveDialog *self,
                     GtkListBoxRow    *row)
{
  g_autoptr(DisProduct) product = g_list_model_get_item (G_LIST_MODEL (self->results),
                                                         (guint) gtk_list_box_row_get_index (row));

  if (product != NULL)
    add_product (self, product);
}

typedef struct
{
  DisReceiveDialog *self;
  gboolean          take_first;   /* Enter: the first result goes in */
} Search;

static void
search_free (Search *search)
{
  g_clear_object (&search->self);
  g_free (search);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Search, search_free)

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Search) search = user_data;
  DisReceiveDialog *self = search->self;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = dis_store_search_products_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (products == NULL)
    {
      dis_ui_show_error (GTK_WIDGET (self), _("The catalog could not be searched. Try again."), error);
      return;
    }

  if (search->take_first)
    {
      if (products->len == 0)
        dis_ui_warning (GTK_WIDGET (self), _("No product matches. Check the name, or scan the barcode."));
      else
        add_product (self, g_ptr_array_index (products, 0));
      return;
    }

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       products->pdata, products->len);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), products->len > 0);
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DisReceiveDialog) self = user_data;
  g_autoptr(DisScan) scan = NULL;
  g_autoptr(GError) error = NULL;

  scan = dis_store_resolve_scan_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->scanning, g_free);
  if (scan == NULL)
    {
      dis_ui_warning (GTK_WIDGET (self), _("No product has this barcode. Scan it again, or search it by name."));
      return;
    }
  add_product (self, scan->product);
}

static void
search (DisReceiveDialog *self,
        gboolean          take_first)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->product_entry))));
  Search *search;

  /* A scanner types the code and Enter faster than the entry's delay:
   * the name search the typing asked for must not cancel the scan. */
  if (!take_first && g_strcmp0 (text, self->scanning) == 0)
    return;
  g_clear_pointer (&self->scanning, g_free);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (*text == '\0')
    {
      g_list_store_remove_all (self->results);
      gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  if (take_first && dis_stock_search_is_barcode (text))
    {
      self->scanning = g_strdup (text);
      dis_store_resolve_scan_async (self->store, text, self->search_cancellable, scan_cb, g_object_ref (self));
      return;
    }
  search = g_new0 (Search, 1);
  search->self = g_object_ref (self);
  search->take_first = take_first;
  dis_store_search_products_async (self->store, text, RESULTS_LIMIT, self->search_cancellable, search_cb, search);
}

static void
on_product_changed (DisReceiveDialog *self)
{
  search (self, FALSE);
}

static void
on_product_activate (DisReceiveDialog *self)
{
  search (self, TRUE);
}

/* ---- Receiving ---------------------------------------------------------- */

static void
received_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisReceiveDialog) self = user_data;
  g_autoptr(DisRestockOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  g_autofree char *message = NULL;

  self->busy = FALSE;
  if (!dis_store_restock_receive_finish (DIS_STORE (object), result, &order, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      update_actions (self);
      dis_ui_show_failure (GTK_WIDGET (self), _("The delivery was not received."),
                           _("Nothing was written. Try again; if it fails again, restart the till."), error);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delivery received: %u product added to the stock",
                                          "Delivery received: %u products added to the stock", n), n);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL)
    dis_ui_message (GTK_WIDGET (parent), message);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DisReceiveDialog *self = DIS_RECEIVE_DIALOG (widget);
  g_autoptr(DisRestockOrder) order = chosen_order (self);
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
  g_autoptr(DisReceipt) receipt = NULL;

  if (self->busy)
    return;
  if (order == NULL && *note == '\0')
    {
      dis_ui_warning (GTK_WIDGET (self), _("Type the delivery note number, or choose the restock order this delivery answers."));
      gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
      return;
    }
  if (g_utf8_strlen (note, -1) > 80)
    {
      dis_ui_warning (GTK_WIDGET (self), _("A delivery note number has at most 80 characters."));
      return;
    }

  receipt = dis_receipt_new (order != NULL ? dis_restock_order_get_id (order) : NULL, *note != '\0' ? note : NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->lines)); i++)
    {
      g_autoptr(DisReceiveLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);
      DisReceiveLineInput input;
      g_autofree char *problem = NULL;

      if (!dis_receive_line_read (line, &input, &problem))
        {
          dis_ui_warning (GTK_WIDGET (self), problem);
          focus_line (self, i);
          return;
        }
      dis_receipt_add_line (receipt, dis_receive_line_get_product_id (line), input.qty, input.lot,
                            input.expires_on, input.unit_cost, dis_receive_line_get_substitute_for (line));
      dis_receive_line_input_clear (&input);
    }

  self->busy = TRUE;
  update_actions (self);
  dis_store_restock_receive_async (self->store, self->operator, receipt, self->cancellable,
                                   received_cb, g_object_ref (self));
}

/* ---- Tests -------------------------------------------------------------- */

GListModel *
dis_receive_dialog_get_lines (DisReceiveDialog *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_DIALOG (self), NULL);

  return G_LIST_MODEL (self->lines);
}

void
dis_receive_dialog_add (DisReceiveDialog *self,
                        const char       *text)
{
  g_return_if_fail (DIS_IS_RECEIVE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->product_entry), text);
  on_product_activate (self);
}

gboolean
dis_receive_dialog_is_ready (DisReceiveDialog *self)
{
  g_return_val_if_fail (DIS_IS_RECEIVE_DIALOG (self), FALSE);

  return self->ready;
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_receive_dialog_dispose (GObject *object)
{
  DisReceiveDialog *self = DIS_RECEIVE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_RECEIVE_DIALOG);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->scanning, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->orders);
  g_clear_object (&self->lines);
  g_clear_object (&self->results);
  g_clear_object (&self->operator);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dis_receive_dialog_parent_class)->dispose (object);
}

static void
dis_receive_dialog_class_init (DisReceiveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_receive_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-receive-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisReceiveDialog, order_row);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveDialog, product_entry);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveDialog, results_list);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveDialog, lines_list);
  gtk_widget_class_bind_template_callback (widget_class, on_order_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_product_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_product_activate);
  gtk_widget_class_bind_template_callback_full (widget_class, "dis_ui_search_escape", G_CALLBACK (dis_ui_search_escape));
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated);

  gtk_widget_class_install_action (widget_class, "receive.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "receive.remove-line", "x", remove_line_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "receive.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "receive.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_receive_dialog_init (DisReceiveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->orders = g_list_store_new (DIS_TYPE_RESTOCK_ORDER);
  self->lines = g_list_store_new (DIS_TYPE_RECEIVE_LINE);
  self->results = g_list_store_new (DIS_TYPE_PRODUCT);
  gtk_list_box_bind_model (self->lines_list, G_LIST_MODEL (self->lines), create_line_row, NULL, NULL);
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->results), create_result_row, NULL, NULL);
  dis_ui_label_entry_row (self->note_row);
}

GtkWidget *
dis_receive_dialog_new (GtkWindow   *parent,
                        DisStore    *store,
                        DisOperator *operator)
{
  DisReceiveDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);

  self = g_object_new (DIS_TYPE_RECEIVE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);
  update_actions (self);
  dis_store_restock_list_orders_async (store, DIS_RESTOCK_OPEN_STATES, 0, self->cancellable,
                                       orders_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}
