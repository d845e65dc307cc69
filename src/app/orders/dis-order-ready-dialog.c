/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order-ready-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-ready-dialog.h"
#include "dis-orders-format.h"
#include "dis-store-orders.h"
#include "dis-ui.h"

/* A line of the order and, when weighed, the weight typed. */
typedef struct
{
  DisOrderLine *line;
  GtkEditable  *entry;     /* NULL for a piece */
  GtkLabel     *total;     /* the line's price as weighed */
  gint64        weight;    /* milli-units; 0: not typed */
  gboolean      valid;
} ReadyLine;

static void
ready_line_free (ReadyLine *line)
{
  g_clear_object (&line->line);
  g_free (line);
}

struct _DisOrderReadyDialog
{
  AdwWindow     parent_instance;

  DisStore     *store;
  DisOperator  *operator;
  DisOrder     *order;
  GCancellable *cancellable;      /* cancelled in dispose */
  GPtrArray    *lines;            /* ReadyLine, in line order */
  char         *problem;
  gint64        total;
  guint         saving : 1;

  GtkWidget    *ready_button;
  GtkLabel     *intro_label;
  GtkListBox   *lines_list;
  GtkLabel     *total_label;
  GtkLabel     *change_label;
  GtkLabel     *problem_label;
};

G_DEFINE_FINAL_TYPE (DisOrderReadyDialog, dis_order_ready_dialog, ADW_TYPE_WINDOW)

enum {
  READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The line's price with the weight typed, or its estimate until then. */
static gint64
line_total (ReadyLine *line)
{
  if (line->entry != NULL && line->valid && line->weight > 0)
    return dis_line_total (dis_order_line_get_unit_price (line->line), line->weight);
  return dis_order_line_get_total (line->line);
}

static void
update (DisOrderReadyDialog *self)
{
  gint64 at_order = dis_order_get_total_at_order (self->order);
  g_autofree char *total = NULL;
  g_autofree char *label = NULL;

  g_clear_pointer (&self->problem, g_free);
  self->total = 0;
  for (guint i = 0; i < self->lines->len; i++)
    {
      ReadyLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *text = NULL;

      self->total += line_total (line);
      if (line->entry == NULL)
        continue;
      text = dis_orders_format_total (line_total (line), !line->valid || line->weight == 0);
      gtk_label_set_label (line->total, text);
      if (self->problem == NULL && (!line->valid || line->weight == 0))
        /* Translators: %s is a product's name */
        self->problem = g_strdup_printf (_("Type the weight of %s as the scale shows it, in kilograms (0,350)."),
                                         dis_order_line_get_product_name (line->line));
    }

  total = dis_money_format (self->total);
  /* Translators: the total of an order as prepared */
  label = g_strdup_printf (_("Total %s"), total);
  gtk_label_set_label (self->total_label, label);
  gtk_widget_set_visible (GTK_WIDGET (self->change_label), self->total != at_order);
  if (self->total != at_order)
    {
      g_autofree char *was = dis_money_format (at_order);
      g_autofree char *delta = dis_money_format_signed (self->total - at_order);
      /* Translators: how the total changed since the order was taken: "estimated € 23,40 when ordered: +€ 0,70" */
      g_autofree char *change = g_strdup_printf (_("estimated %s when ordered: %s"), was, delta);

      gtk_label_set_label (self->change_label, change);
    }

  gtk_label_set_label (self->problem_label, self->problem != NULL ? self->problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), self->problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ready.confirm", self->problem == NULL && !self->saving);
}

static void
on_weight_changed (GtkEditable         *entry,
                   DisOrderReadyDialog *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      ReadyLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *text = NULL;

      if (line->entry != entry)
        continue;
      text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
      line->weight = 0;
      line->valid = *text == '\0' ||
                    dis_qty_parse (text, dis_unit_to_code (dis_order_line_get_unit (line->line)), &line->weight);
      if (line->valid)
        gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
    }
  update (self);
}

static void
add_line (DisOrderReadyDialog *self,
          DisOrderLine        *order_line)
{
  ReadyLine *line = g_new0 (ReadyLine, 1);
  GtkWidget *row = adw_action_row_new ();
  DisUnit unit = dis_order_line_get_unit (order_line);
  g_autofree char *subtitle = dis_orders_format_line (order_line);
  g_autofree char *total = dis_orders_format_total (dis_order_line_get_total (order_line),
                                                    dis_order_line_get_estimated (order_line));

  line->line = g_object_ref (order_line);
  line->valid = TRUE;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dis_order_line_get_product_name (order_line));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (dis_unit_is_measured (unit))
    {
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *accessible = NULL;

      line->entry = GTK_EDITABLE (entry);
      gtk_editable_set_width_chars (line->entry, 7);
      gtk_editable_set_alignment (line->entry, 1.0);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
      /* Translators: the accessible name of a weight entry: "Weight of Formaggio, kg" */
      accessible = g_strdup_printf (_("Weight of %s, %s"), dis_order_line_get_product_name (order_line),
                                    dis_unit_to_code (unit));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_signal_connect (entry, "changed", G_CALLBACK (on_weight_changed), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (dis_unit_to_code (unit)));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);
    }

  line->total = GTK_LABEL (gtk_label_new (total));
  gtk_label_set_width_chars (line->total, 10);
  gtk_label_set_xalign (line->total, 1);
  gtk_widget_add_css_class (GTK_WIDGET (line->total), "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (line->total));

  g_ptr_array_add (self->lines, line);
  gtk_list_box_append (self->lines_list, row);
}

static void
ready_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DisOrderReadyDialog) self = user_data;
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = dis_store_orders_set_state_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  if (order == NULL)
    {
      update (self);
      dis_ui_show_failure (GTK_WIDGET (self), _("The order was not marked ready."),
                           _("Try again; if it fails again, restart the till."), error);
      return;
    }
  g_signal_emit (self, signals[READY], 0, order);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DisOrderReadyDialog *self = DIS_ORDER_READY_DIALOG (widget);
  g_autoptr(GArray) weighed = g_array_new (FALSE, FALSE, sizeof (DisOrderWeight));

  update (self);
  if (self->problem != NULL || self->saving)
    return;
  for (guint i = 0; i < self->lines->len; i++)
    {
      ReadyLine *line = g_ptr_array_index (self->lines, i);
      DisOrderWeight weight = { dis_order_line_get_line_no (line->line), line->weight };

      if (line->entry != NULL)
        g_array_append_val (weighed, weight);
    }
  self->saving = TRUE;
  gtk_widget_action_set_enabled (widget, "ready.confirm", FALSE);
  dis_store_orders_set_state_async (self->store, self->operator, dis_order_get_id (self->order), DIS_ORDER_READY,
                                    weighed, self->cancellable, ready_cb, g_object_ref (self));
}

GtkEditable *
dis_order_ready_dialog_get_entry (DisOrderReadyDialog *self,
                                  guint                line_no)
{
  g_return_val_if_fail (DIS_IS_ORDER_READY_DIALOG (self), NULL);

  for (guint i = 0; i < self->lines->len; i++)
    {
      ReadyLine *line = g_ptr_array_index (self->lines, i);

      if (dis_order_line_get_line_no (line->line) == line_no)
        return line->entry;
    }
  return NULL;
}

const char *
dis_order_ready_dialog_get_problem (DisOrderReadyDialog *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_READY_DIALOG (self), NULL);

  return self->problem != NULL ? self->problem : "";
}

gint64
dis_order_ready_dialog_get_total (DisOrderReadyDialog *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_READY_DIALOG (self), 0);

  return self->total;
}

static void
dis_order_ready_dialog_dispose (GObject *object)
{
  DisOrderReadyDialog *self = DIS_ORDER_READY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_ORDER_READY_DIALOG);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->operator);
  g_clear_object (&self->order);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (dis_order_ready_dialog_parent_class)->dispose (object);
}

static void
dis_order_ready_dialog_class_init (DisOrderReadyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_order_ready_dialog_dispose;

  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, DIS_TYPE_ORDER);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/orders/dis-order-ready-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOrderReadyDialog, ready_button);
  gtk_widget_class_bind_template_child (widget_class, DisOrderReadyDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderReadyDialog, lines_list);
  gtk_widget_class_bind_template_child (widget_class, DisOrderReadyDialog, total_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderReadyDialog, change_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderReadyDialog, problem_label);

  gtk_widget_class_install_action (widget_class, "ready.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "ready.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "ready.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_order_ready_dialog_init (DisOrderReadyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ready_line_free);
}

GtkWidget *
dis_order_ready_dialog_new (GtkWindow   *parent,
                            DisStore    *store,
                            DisOperator *operator,
                            DisOrder    *order)
{
  DisOrderReadyDialog *self;
  GListModel *lines;
  g_autofree char *title = NULL;
  g_autofree char *intro = NULL;
  const char *name;
  GtkEditable *first_entry = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);
  g_return_val_if_fail (DIS_IS_ORDER (order), NULL);

  self = g_object_new (DIS_TYPE_ORDER_READY_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);
  self->order = g_object_ref (order);

  /* Translators: the title of the dialog that prepares an order; %s is its reference, "12-C1" */
  title = g_strdup_printf (_("Prepare Order No. %s"), dis_order_get_reference (order));
  gtk_window_set_title (GTK_WINDOW (self), title);
  name = dis_order_get_member_name (order) != NULL ? dis_order_get_member_name (order)
                                                   : dis_order_get_member_card (order);
  lines = dis_order_get_lines (order);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (lines, i);

      add_line (self, line);
      if (first_entry == NULL && self->lines->len > 0)
        first_entry = ((ReadyLine *) g_ptr_array_index (self->lines, self->lines->len - 1))->entry;
    }
  if (first_entry != NULL)
    /* Translators: %s is the member's name */
    intro = g_strdup_printf (_("Put each product in the bag of %s. Weigh what is weighed and type its weight: "
                               "the price follows it."), name);
  else
    /* Translators: %s is the member's name; nothing in the order is weighed */
    intro = g_strdup_printf (_("Put each product in the bag of %s, then mark the order ready."), name);
  gtk_label_set_label (self->intro_label, intro);
  /* The first weight to type, else the button: Enter never cancels. */
  gtk_window_set_focus (GTK_WINDOW (self), first_entry != NULL ? GTK_WIDGET (first_entry) : self->ready_button);
  update (self);
  return GTK_WIDGET (self);
}
