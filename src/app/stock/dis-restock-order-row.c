/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-restock-order-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-money.h"
#include "dis-plain-number.h"
#include "dis-restock-order-row.h"

struct _DisRestockOrderRow
{
  GtkWidget        parent_instance;

  DisRestockOrder *order;
  /* One per line, in the order's line order: the quantity typed. */
  GPtrArray       *entries;

  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkButton       *cancel_button;
  GtkButton       *save_button;
  GtkButton       *send_button;
  GtkListBox      *lines_list;
};

G_DEFINE_FINAL_TYPE (DisRestockOrderRow, dis_restock_order_row, GTK_TYPE_WIDGET)

char *
dis_restock_order_row_key (DisRestockOrder *order)
{
  g_return_val_if_fail (DIS_IS_RESTOCK_ORDER (order), NULL);

  if (dis_restock_order_get_id (order) != NULL)
    return g_strdup (dis_restock_order_get_id (order));
  return g_strdup_printf ("supplier:%" G_GINT64_FORMAT, dis_restock_order_get_supplier_id (order));
}

static gboolean
is_editable (DisRestockOrder *order)
{
  return dis_restock_order_get_state (order) == DIS_RESTOCK_DRAFT;
}

/* The name of the product on line @line_no of @order, NULL if none. */
static const char *
line_product_name (DisRestockOrder *order,
                   guint            line_no)
{
  GListModel *lines = dis_restock_order_get_lines (order);

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(DisRestockLine) line = g_list_model_get_item (lines, i);

      if (dis_restock_line_get_line_no (line) == line_no)
        return dis_restock_line_get_product_name (line);
    }
  return NULL;
}

static char *
line_subtitle (DisRestockOrder *order,
               DisRestockLine  *line,
               gboolean         editable)
{
  const char *unit = dis_unit_to_code (dis_restock_line_get_unit (line));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *level = dis_qty_format (dis_restock_line_get_level (line), unit);

  if (!editable && dis_restock_line_get_substitute_for (line) != 0 &&
      line_product_name (order, dis_restock_line_get_substitute_for (line)) != NULL)
    {
      g_autofree char *received = dis_qty_format (dis_restock_line_get_received (line), unit);

      /* Translators: a line of a restock order that came in place of another product ordered */
      g_string_printf (text, _("In place of %s · received %s"),
                       line_product_name (order, dis_restock_line_get_substitute_for (line)), received);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (!editable)
    {
      g_autofree char *ordered = dis_qty_format (dis_restock_line_get_ordered (line), unit);
      g_autofree char *open = dis_qty_format (dis_restock_line_get_open (line), unit);

      /* Translators: a line of a sent restock order */
      g_string_printf (text, _("Ordered %s · still to arrive %s"), ordered, open);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  /* Translators: why a quantity is suggested: the level on hand */
  g_string_printf (text, _("On hand %s"), level);
  if (dis_restock_line_get_min_qty (line) >= 0)
    {
      g_autofree char *min = dis_qty_format (dis_restock_line_get_min_qty (line), unit);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("minimum %s"), min);
    }
  if (dis_restock_line_get_target_qty (line) >= 0)
    {
      g_autofree char *target = dis_qty_format (dis_restock_line_get_target_qty (line), unit);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("target %s"), target);
    }
  if (dis_restock_line_get_case_size (line) > 0)
    {
      g_autofree char *size = dis_qty_format (dis_restock_line_get_case_size (line), unit);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("case of %s"), size);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
create_line_row (gpointer item,
                 gpointer user_data)
{
  DisRestockOrderRow *self = user_data;
  DisRestockLine *line = item;
  gboolean editable = is_editable (self->order);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = line_subtitle (self->order, line, editable);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dis_restock_line_get_product_name (line));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (editable)
    {
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *qty = dis_plain_quantity (dis_restock_line_get_ordered (line), dis_restock_line_get_unit (line));
      /* Translators: the quantity to order of a product, for screen readers */
      g_autofree char *label = g_strdup_printf (_("Quantity to order of %s"), dis_restock_line_get_product_name (line));

      gtk_editable_set_text (GTK_EDITABLE (entry), qty);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
      gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
      g_ptr_array_add (self->entries, entry);
    }
  return row;
}

static void
show_order (DisRestockOrderRow *self)
{
  DisRestockOrder *order = self->order;
  DisRestockState state = dis_restock_order_get_state (order);
  g_autofree char *key = dis_restock_order_row_key (order);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  guint n = dis_restock_order_get_n_lines (order);
  GVariant *target;

  if (dis_restock_order_get_id (order) == NULL)
    /* Translators: a suggested restock order to a supplier */
    title = g_strdup_printf (_("%s — suggested"), dis_restock_order_get_supplier_name (order));
  else
    /* Translators: a restock order: supplier — state */
    title = g_strdup_printf (_("%s — %s"), dis_restock_order_get_supplier_name (order),
                             dis_restock_state_get_name (state));
  gtk_label_set_label (self->title_label, title);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", n), n);
  gtk_label_set_label (self->subtitle_label, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->save_button), is_editable (order));
  gtk_widget_set_visible (GTK_WIDGET (self->send_button), is_editable (order));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button),
                          dis_restock_order_get_id (order) != NULL &&
                          (state == DIS_RESTOCK_DRAFT || state == DIS_RESTOCK_SENT || state == DIS_RESTOCK_CONFIRMED));
  target = g_variant_ref_sink (g_variant_new_string (key));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->save_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->send_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->cancel_button), target);
  g_variant_unref (target);

  gtk_list_box_bind_model (self->lines_list, dis_restock_order_get_lines (order), create_line_row, self, NULL);
}

DisRestockOrder *
dis_restock_order_row_get_order (DisRestockOrderRow *self)
{
  g_return_val_if_fail (DIS_IS_RESTOCK_ORDER_ROW (self), NULL);

  return self->order;
}

gboolean
dis_restock_order_row_read (DisRestockOrderRow  *self,
                            GArray             **out_lines,
                            char               **out_problem)
{
  GListModel *lines;
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (DisRestockDraftLine));

  g_return_val_if_fail (DIS_IS_RESTOCK_ORDER_ROW (self), FALSE);

  *out_problem = NULL;
  lines = dis_restock_order_get_lines (self->order);
  for (guint i = 0; i < self->entries->len; i++)
    {
      g_autoptr(DisRestockLine) line = g_list_model_get_item (lines, i);
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (g_ptr_array_index (self->entries, i))));
      DisRestockDraftLine draft = { dis_restock_line_get_product_id (line), 0 };

      /* Empty or 0: the product is left out of the order. */
      if (*text == '\0' || g_strcmp0 (text, "0") == 0)
        continue;
      if (!dis_qty_parse (text, dis_unit_to_code (dis_restock_line_get_unit (line)), &draft.qty))
        {
          *out_problem = g_strdup_printf (dis_unit_is_measured (dis_restock_line_get_unit (line))
                                          /* Translators: %s is a product's name */
                                          ? _("%s: type the quantity to order, e.g. 3,5, or 0 to leave it out.")
                                          : _("%s: type the number of pieces to order, e.g. 12, or 0 to leave it out."),
                                          dis_restock_line_get_product_name (line));
          gtk_widget_grab_focus (g_ptr_array_index (self->entries, i));
          return FALSE;
        }
      g_array_append_val (read, draft);
    }
  if (read->len == 0)
    {
      *out_problem = g_strdup (_("The order has no product left: type a quantity for at least one."));
      return FALSE;
    }

  *out_lines = g_steal_pointer (&read);
  return TRUE;
}

void
dis_restock_order_row_set_qty (DisRestockOrderRow *self,
                               gint64              product_id,
                               const char         *text)
{
  GListModel *lines;

  g_return_if_fail (DIS_IS_RESTOCK_ORDER_ROW (self));

  lines = dis_restock_order_get_lines (self->order);
  for (guint i = 0; i < self->entries->len; i++)
    {
      g_autoptr(DisRestockLine) line = g_list_model_get_item (lines, i);

      if (dis_restock_line_get_product_id (line) == product_id)
        gtk_editable_set_text (g_ptr_array_index (self->entries, i), text);
    }
}

static void
dis_restock_order_row_dispose (GObject *object)
{
  DisRestockOrderRow *self = DIS_RESTOCK_ORDER_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_RESTOCK_ORDER_ROW);
  /* Children the template does not name are unparented too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->order);

  G_OBJECT_CLASS (dis_restock_order_row_parent_class)->dispose (object);
}

static void
dis_restock_order_row_class_init (DisRestockOrderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_restock_order_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-restock-order-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisRestockOrderRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DisRestockOrderRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DisRestockOrderRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DisRestockOrderRow, save_button);
  gtk_widget_class_bind_template_child (widget_class, DisRestockOrderRow, send_button);
  gtk_widget_class_bind_template_child (widget_class, DisRestockOrderRow, lines_list);
}

static void
dis_restock_order_row_init (DisRestockOrderRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_ptr_array_new ();
}

GtkWidget *
dis_restock_order_row_new (DisRestockOrder *order)
{
  DisRestockOrderRow *self;

  g_return_val_if_fail (DIS_IS_RESTOCK_ORDER (order), NULL);

  self = g_object_new (DIS_TYPE_RESTOCK_ORDER_ROW, NULL);
  self->order = g_object_ref (order);
  show_order (self);
  return GTK_WIDGET (self);
}
