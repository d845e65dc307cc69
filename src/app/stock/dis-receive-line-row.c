/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receive-line-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-money.h"
#include "dis-receive-line-row.h"
#include "dis-restock-order.h"

struct _DisReceiveLineRow
{
  GtkWidget       parent_instance;

  DisReceiveLine *line;

  GtkLabel       *name_label;
  GtkLabel       *ordered_label;
  GtkButton      *remove_button;
  GtkEntry       *qty_entry;
  GtkEntry       *lot_entry;
  GtkEntry       *expires_entry;
  GtkEntry       *cost_entry;
  GtkDropDown    *instead_dropdown;
  /* The product of each choice of @instead_dropdown after the first. */
  GArray         *instead_ids;
};

G_DEFINE_FINAL_TYPE (DisReceiveLineRow, dis_receive_line_row, GTK_TYPE_WIDGET)

static void
name_entry (GtkEntry   *entry,
            const char *what,
            const char *product)
{
  /* Translators: an entry's name for screen readers: "Weight delivered of Pecorino" */
  g_autofree char *label = g_strdup_printf (_("%s of %s"), what, product);

  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
bind_entry (DisReceiveLineRow *self,
            GtkEntry          *entry,
            const char        *property)
{
  g_object_bind_property (self->line, property, entry, "text",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

static void
show_line (DisReceiveLineRow *self)
{
  DisUnit unit = dis_receive_line_get_unit (self->line);
  const char *name = dis_receive_line_get_name (self->line);
  gint64 ordered = dis_receive_line_get_ordered (self->line);
  g_autofree char *expected = NULL;

  gtk_label_set_label (self->name_label, name);
  if (ordered >= 0)
    {
      g_autofree char *ordered_text = dis_qty_format (ordered, dis_unit_to_code (unit));
      g_autofree char *open_text = dis_qty_format (dis_receive_line_get_open (self->line), dis_unit_to_code (unit));

      /* Translators: what a restock order expects of a product */
      expected = g_strdup_printf (_("Ordered %s, still to arrive %s"), ordered_text, open_text);
    }
  else if (dis_receive_line_get_code (self->line) != NULL)
    /* Translators: a delivered product not on the order, with its code or barcode */
    expected = g_strdup_printf (_("Not on the order · %s"), dis_receive_line_get_code (self->line));
  else
    expected = g_strdup (_("Not on the order"));
  gtk_label_set_label (self->ordered_label, expected);

  gtk_entry_set_placeholder_text (self->qty_entry,
                                  unit == DIS_UNIT_KG ? _("Weight kg") : unit == DIS_UNIT_L ? _("Litres") : _("Pieces"));
  gtk_entry_set_placeholder_text (self->cost_entry,
                                  dis_unit_is_measured (unit) ? _("Cost €/kg or €/l") : _("Cost € per piece"));
  name_entry (self->qty_entry, dis_unit_is_measured (unit) ? _("Quantity delivered") : _("Pieces delivered"), name);
  name_entry (self->lot_entry, _("Lot"), name);
  name_entry (self->expires_entry, _("Expiry date"), name);
  name_entry (self->cost_entry, _("Purchase cost"), name);
  {
    /* Translators: the remove button of a delivery line */
    g_autofree char *remove = g_strdup_printf (_("Remove %s"), name);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
  }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "x",
                                    dis_receive_line_get_product_id (self->line));

  bind_entry (self, self->qty_entry, "qty-text");
  bind_entry (self, self->lot_entry, "lot");
  bind_entry (self, self->expires_entry, "expires-text");
  bind_entry (self, self->cost_entry, "cost-text");
}

static void
instead_selected_cb (DisReceiveLineRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->instead_dropdown);
  gint64 product_id = 0;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected - 1 < self->instead_ids->len)
    product_id = g_array_index (self->instead_ids, gint64, selected - 1);
  dis_receive_line_set_substitute_for (self->line, product_id);
  /* What was ordered did not come: its line leaves the delivery. */
  if (product_id != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "receive.remove-line", "x", product_id);
}

/* A product not on the order: "extra", or in place of an ordered one
 * still to arrive. */
static void
show_instead (DisReceiveLineRow *self)
{
  GListModel *order_lines = dis_receive_line_get_replaceable (self->line);
  g_autoptr(GtkStringList) choices = NULL;
  g_autofree char *label = NULL;

  if (order_lines == NULL || dis_receive_line_get_ordered (self->line) >= 0)
    return;

  choices = gtk_string_list_new (NULL);
  gtk_string_list_append (choices, _("An extra product, not in place of one ordered"));
  for (guint i = 0; i < g_list_model_get_n_items (order_lines); i++)
    {
      g_autoptr(DisRestockLine) order_line = g_list_model_get_item (order_lines, i);
      gint64 product_id = dis_restock_line_get_product_id (order_line);
      g_autofree char *choice = NULL;

      if (dis_restock_line_get_open (order_line) <= 0 || product_id == dis_receive_line_get_product_id (self->line))
        continue;
      /* Translators: a delivered product came in place of this one ordered */
      choice = g_strdup_printf (_("In place of %s"), dis_restock_line_get_product_name (order_line));
      gtk_string_list_append (choices, choice);
      g_array_append_val (self->instead_ids, product_id);
    }
  if (self->instead_ids->len == 0)
    return;

  gtk_drop_down_set_model (self->instead_dropdown, G_LIST_MODEL (choices));
  for (guint i = 0; i < self->instead_ids->len; i++)
    if (g_array_index (self->instead_ids, gint64, i) == dis_receive_line_get_substitute_for (self->line))
      gtk_drop_down_set_selected (self->instead_dropdown, i + 1);
  /* Translators: the screen reader's name of the choice "in place of" of a delivered product */
  label = g_strdup_printf (_("What %s came in place of"), dis_receive_line_get_name (self->line));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->instead_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->instead_dropdown), TRUE);
  g_signal_connect_object (self->instead_dropdown, "notify::selected", G_CALLBACK (instead_selected_cb),
                           self, G_CONNECT_SWAPPED);
}

void
dis_receive_line_row_focus_qty (DisReceiveLineRow *self)
{
  g_return_if_fail (DIS_IS_RECEIVE_LINE_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->qty_entry));
}

static void
dis_receive_line_row_dispose (GObject *object)
{
  DisReceiveLineRow *self = DIS_RECEIVE_LINE_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_RECEIVE_LINE_ROW);
  /* Children the template does not name are unparented too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->line);
  g_clear_pointer (&self->instead_ids, g_array_unref);

  G_OBJECT_CLASS (dis_receive_line_row_parent_class)->dispose (object);
}

static void
dis_receive_line_row_class_init (DisReceiveLineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_receive_line_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-receive-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisReceiveLineRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveLineRow, ordered_label);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveLineRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveLineRow, qty_entry);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveLineRow, lot_entry);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveLineRow, expires_entry);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveLineRow, cost_entry);
  gtk_widget_class_bind_template_child (widget_class, DisReceiveLineRow, instead_dropdown);
}

static void
dis_receive_line_row_init (DisReceiveLineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->instead_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

GtkWidget *
dis_receive_line_row_new (DisReceiveLine *line)
{
  DisReceiveLineRow *self;

  g_return_val_if_fail (DIS_IS_RECEIVE_LINE (line), NULL);

  self = g_object_new (DIS_TYPE_RECEIVE_LINE_ROW, NULL);
  self->line = g_object_ref (line);
  show_line (self);
  show_instead (self);
  return GTK_WIDGET (self);
}
