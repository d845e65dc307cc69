/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-dialog-private.h"
#include "dis-plain-number.h"

/* The products on offer in the cycle chosen, and the quantities typed. */

void
_dis_order_dialog_product_line_free (ProductLine *line)
{
  g_clear_object (&line->product);
  g_free (line);
}

char *
_dis_order_dialog_lines_problem (DisOrderDialog *self,
                                 guint          *out_n_lines)
{
  *out_n_lines = 0;
  for (guint i = 0; i < self->lines->len; i++)
    {
      ProductLine *line = g_ptr_array_index (self->lines, i);
      gint64 remaining = dis_cycle_product_get_remaining (line->product);
      const char *unit = dis_unit_to_code (dis_cycle_product_get_unit (line->product));

      if (!line->valid)
        return g_strdup_printf (dis_unit_is_measured (dis_cycle_product_get_unit (line->product))
                                /* Translators: %s is a product's name */
                                ? _("Check the quantity of %s: a weight such as 0,5 or 1,25")
                                /* Translators: %s is a product's name */
                                : _("Check the quantity of %s: whole pieces"),
                                dis_cycle_product_get_name (line->product));
      /* An order being changed keeps what the network already holds for it. */
      if (line->qty > line->kept && remaining >= 0 && line->qty - line->kept > remaining)
        {
          g_autofree char *left = dis_qty_format (remaining, unit);

          /* Translators: "Only 2 kg of Mele Renette are left in the cycle" */
          return g_strdup_printf (_("Only %s of %s are left in the cycle"), left,
                                  dis_cycle_product_get_name (line->product));
        }
      if (line->qty > 0)
        (*out_n_lines)++;
    }
  return NULL;
}

/* ---- Products -------------------------------------------------------------- */

void
_dis_order_dialog_product_subtitle (DisOrderDialog *self,
                                    ProductLine    *line)
{
  DisCycleProduct *product = line->product;
  DisUnit unit = dis_cycle_product_get_unit (product);
  gint64 remaining = dis_cycle_product_get_remaining (product);
  g_autofree char *price = dis_money_format (dis_cycle_product_get_price (product, _dis_order_dialog_chosen_tier (self)));
  g_autofree char *left = NULL;
  g_autofree char *each = NULL;
  g_autofree char *subtitle = NULL;

  if (dis_unit_is_measured (unit))
    /* Translators: the price of a weighed product: "€ 14,00/kg, weighed: the quantity is an estimate" */
    each = g_strdup_printf (_("%s/%s, weighed: the quantity is an estimate"), price, dis_unit_to_code (unit));
  else
    /* Translators: the price of a product sold by the piece: "€ 2,30 each" */
    each = g_strdup_printf (_("%s each"), price);

  if (remaining < 0)
    left = g_strdup (_("no limit"));
  else
    {
      g_autofree char *qty = dis_qty_format (remaining, dis_unit_to_code (unit));

      /* Translators: what is left of a product in the cycle: "12 left" */
      left = g_strdup_printf (_("%s left"), qty);
    }
  /* Translators: "€ 2,30 each · 12 left" */
  subtitle = g_strdup_printf (_("%s · %s"), each, left);
  adw_action_row_set_subtitle (line->row, subtitle);
}

static void
on_qty_changed (GtkEditable    *entry,
                DisOrderDialog *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      ProductLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *text = NULL;
      const char *unit;

      if (line->entry != entry)
        continue;
      text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
      unit = dis_unit_to_code (dis_cycle_product_get_unit (line->product));
      line->qty = 0;
      line->valid = *text == '\0' || dis_qty_parse (text, unit, &line->qty);
      if (line->valid)
        gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      break;
    }
  _dis_order_dialog_check (self);
}

static ProductLine *
add_product (DisOrderDialog  *self,
             DisCycleProduct *product)
{
  ProductLine *line = g_new0 (ProductLine, 1);
  DisUnit unit = dis_cycle_product_get_unit (product);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *unit_label;
  g_autofree char *accessible = NULL;

  line->product = g_object_ref (product);
  line->row = ADW_ACTION_ROW (adw_action_row_new ());
  line->entry = GTK_EDITABLE (entry);
  line->valid = TRUE;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (line->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line->row), dis_cycle_product_get_name (product));

  gtk_editable_set_width_chars (line->entry, 7);
  gtk_editable_set_alignment (line->entry, 1.0);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "0");
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of a quantity entry: "Quantity of Mele Renette" */
  accessible = g_strdup_printf (_("Quantity of %s"), dis_cycle_product_get_name (product));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_qty_changed), self);
  adw_action_row_add_suffix (line->row, entry);
  adw_action_row_set_activatable_widget (line->row, entry);

  unit_label = gtk_label_new (dis_unit_is_measured (unit) ? dis_unit_to_code (unit) : C_("unit", "pcs"));
  gtk_label_set_width_chars (GTK_LABEL (unit_label), 3);
  gtk_label_set_xalign (GTK_LABEL (unit_label), 0);
  gtk_widget_add_css_class (unit_label, "dim-label");
  adw_action_row_add_suffix (line->row, unit_label);

  g_ptr_array_add (self->lines, line);
  _dis_order_dialog_product_subtitle (self, line);
  gtk_list_box_append (self->products_list, GTK_WIDGET (line->row));
  return line;
}

/* The products of @cycle with something left (and those the order being
 * changed holds, whatever is left). */
void
_dis_order_dialog_show_cycle (DisOrderDialog *self,
                              DisCycle       *cycle)
{
  GListModel *products = dis_cycle_get_products (cycle);
  g_autoptr(GDateTime) closes = g_date_time_to_local (dis_cycle_get_closes (cycle));
  /* Translators: when a cycle stops taking orders, strftime format */
  g_autofree char *when = g_date_time_format (closes, _("%a %-d %b at %H:%M"));
  /* Translators: under "Products": "Cycle Dicembre: orders until sab 12 dic at 18:00" */
  g_autofree char *description = g_strdup_printf (_("%s: orders until %s"), dis_cycle_get_name (cycle), when);
  GtkWidget *child;

  self->cycle = cycle;
  adw_preferences_group_set_description (self->products_group, description);
  g_ptr_array_set_size (self->lines, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->products_list))) != NULL)
    gtk_list_box_remove (self->products_list, child);

  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(DisCycleProduct) product = g_list_model_get_item (products, i);
      DisOrderLine *held = NULL;
      ProductLine *line;

      for (guint j = 0; self->order != NULL && j < dis_order_get_n_lines (self->order); j++)
        {
          g_autoptr(DisOrderLine) order_line = g_list_model_get_item (dis_order_get_lines (self->order), j);

          if (g_strcmp0 (dis_order_line_get_product_code (order_line), dis_cycle_product_get_code (product)) == 0)
            held = order_line;
        }
      if (held == NULL && dis_cycle_product_get_remaining (product) == 0)
        continue;

      line = add_product (self, product);
      if (held != NULL && dis_order_get_cycle_id (self->order) == dis_cycle_get_id (cycle))
        {
          g_autofree char *qty = dis_plain_quantity (dis_order_line_get_ordered (held),
                                                     dis_cycle_product_get_unit (product));

          /* The order's state decides whether the hub holds it for the order. */
          if (dis_order_get_accepted_revision (self->order) > 0)
            line->kept = dis_order_line_get_ordered (held);
          gtk_editable_set_text (line->entry, qty);
        }
    }
  if (self->lines->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Everything in this cycle is sold out"));
      gtk_list_box_append (self->products_list, row);
    }
}

void
_dis_order_dialog_cycle_selected (DisOrderDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->cycle_row);

  if (self->filling || selected >= self->cycles->len)
    return;
  if (g_ptr_array_index (self->cycles, selected) == self->cycle)
    return;
  _dis_order_dialog_show_cycle (self, g_ptr_array_index (self->cycles, selected));
  _dis_order_dialog_check (self);
}

