/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transfer-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-money.h"
#include "dis-plain-number.h"
#include "dis-stock-csv.h"
#include "dis-transfer-row.h"

struct _DisTransferRow
{
  GtkWidget         parent_instance;

  DisStockTransfer *transfer;
  GPtrArray        *entries;     /* GtkEntry per line, in line order */

  GtkLabel         *title_label;
  GtkButton        *confirm_button;
  GtkListBox       *lines_list;
};

G_DEFINE_FINAL_TYPE (DisTransferRow, dis_transfer_row, GTK_TYPE_WIDGET)

static void
add_line (DisTransferRow             *self,
          const DisStockTransferLine *line)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *sent = dis_qty_format (line->qty_sent, NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  const char *name = line->product_name != NULL ? line->product_name : line->product_code;

  /* Translators: a line of a transfer: the quantity sent and the product's code */
  subtitle = g_strdup_printf (_("Sent %s · %s"), sent, line->product_code);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* What was sent is what usually arrives. */
  gtk_editable_set_text (GTK_EDITABLE (entry), sent);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  /* Translators: for screen readers, the entry of what arrived of a product */
  label = g_strdup_printf (_("Arrived of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  g_ptr_array_add (self->entries, entry);
  gtk_list_box_append (self->lines_list, row);
}

static void
show_transfer (DisTransferRow *self)
{
  DisStockTransfer *transfer = self->transfer;
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (transfer->sent_at, NULL);
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
  g_autofree char *when = local != NULL ? dis_plain_date_time (local) : g_strdup (transfer->sent_at);
  /* Translators: an incoming transfer: the point it comes from and when it was sent */
  g_autofree char *title = g_strdup_printf (_("From %s, sent %s"),
                                            transfer->peer_name != NULL ? transfer->peer_name : transfer->peer, when);

  gtk_label_set_label (self->title_label, title);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->confirm_button), "s", transfer->id);
  for (guint i = 0; i < transfer->lines->len; i++)
    add_line (self, &g_array_index (transfer->lines, DisStockTransferLine, i));
}

DisStockTransfer *
dis_transfer_row_get_transfer (DisTransferRow *self)
{
  g_return_val_if_fail (DIS_IS_TRANSFER_ROW (self), NULL);

  return self->transfer;
}

gboolean
dis_transfer_row_read (DisTransferRow  *self,
                       GArray         **out_received,
                       char           **out_problem)
{
  g_autoptr(GArray) received = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (DIS_IS_TRANSFER_ROW (self), FALSE);

  *out_problem = NULL;
  for (guint i = 0; i < self->entries->len; i++)
    {
      const DisStockTransferLine *line = &g_array_index (self->transfer->lines, DisStockTransferLine, i);
      gint64 qty;

      /* 0 is an answer: nothing of it arrived. */
      if (!dis_stock_csv_parse_qty (gtk_editable_get_text (g_ptr_array_index (self->entries, i)), DIS_QUANTITY_MAX, &qty) ||
          qty < 0)
        {
          /* Translators: %s is a product's name */
          *out_problem = g_strdup_printf (_("%s: type what arrived, e.g. 12 or 1,250, or 0 if nothing did."),
                                          line->product_name != NULL ? line->product_name : line->product_code);
          gtk_widget_grab_focus (g_ptr_array_index (self->entries, i));
          return FALSE;
        }
      g_array_append_val (received, qty);
    }

  *out_received = g_steal_pointer (&received);
  return TRUE;
}

static void
dis_transfer_row_dispose (GObject *object)
{
  DisTransferRow *self = DIS_TRANSFER_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_TRANSFER_ROW);
  /* Children the template does not name are unparented too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->transfer);

  G_OBJECT_CLASS (dis_transfer_row_parent_class)->dispose (object);
}

static void
dis_transfer_row_class_init (DisTransferRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_transfer_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-transfer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisTransferRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DisTransferRow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, DisTransferRow, lines_list);
}

static void
dis_transfer_row_init (DisTransferRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_ptr_array_new ();
}

GtkWidget *
dis_transfer_row_new (DisStockTransfer *transfer)
{
  DisTransferRow *self;

  g_return_val_if_fail (DIS_IS_STOCK_TRANSFER (transfer), NULL);

  self = g_object_new (DIS_TYPE_TRANSFER_ROW, NULL);
  self->transfer = g_object_ref (transfer);
  show_transfer (self);
  return GTK_WIDGET (self);
}
