/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-quantity-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-plain-number.h"
#include "dis-quantity-dialog.h"

struct _DisQuantityDialog
{
  AdwMessageDialog  parent_instance;

  DisProduct       *product;
  DisCartLine      *line;

  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (DisQuantityDialog, dis_quantity_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_entry_changed (DisQuantityDialog *self)
{
  gboolean valid = dis_quantity_dialog_get_quantity (self, NULL);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", valid);
  if (valid || gtk_editable_get_text (GTK_EDITABLE (self->entry))[0] == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
}

/* Enter adds, as the Add button would: the dialog closes with it
 * (adw_message_dialog_response() alone would leave it open). */
static void
on_entry_activate (DisQuantityDialog *self)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "add"))
    gtk_widget_activate_default (GTK_WIDGET (self->entry));
  else
    gtk_widget_error_bell (GTK_WIDGET (self->entry));
}

static void
dis_quantity_dialog_dispose (GObject *object)
{
  DisQuantityDialog *self = DIS_QUANTITY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_QUANTITY_DIALOG);
  g_clear_object (&self->product);
  g_clear_object (&self->line);

  G_OBJECT_CLASS (dis_quantity_dialog_parent_class)->dispose (object);
}

static void
dis_quantity_dialog_class_init (DisQuantityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_quantity_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-quantity-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisQuantityDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
dis_quantity_dialog_init (DisQuantityDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static const char *
quantity_label (DisUnit unit)
{
  switch (unit)
    {
    case DIS_UNIT_KG:
      return _("Weight in kg");
    case DIS_UNIT_L:
      return _("Quantity in litres");
    case DIS_UNIT_PIECE:
    default:
      return _("Quantity");
    }
}

static DisQuantityDialog *
create (GtkWindow  *parent,
        DisProduct *product)
{
  DisQuantityDialog *self;
  DisUnit unit = dis_product_get_unit (product);
  const char *label = quantity_label (unit);
  g_autofree char *example = dis_plain_quantity (unit == DIS_UNIT_L ? 1500 : unit == DIS_UNIT_KG ? 350 : 2000,
                                                 unit);

  self = g_object_new (DIS_TYPE_QUANTITY_DIALOG,
                       "transient-for", parent,
                       "heading", dis_product_get_name (product),
                       "body", label,
                       NULL);
  self->product = g_object_ref (product);

  gtk_entry_set_placeholder_text (self->entry, example);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->entry));

  return self;
}

GtkWidget *
dis_quantity_dialog_new (GtkWindow  *parent,
                         DisProduct *product)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_PRODUCT (product), NULL);

  return GTK_WIDGET (create (parent, product));
}

GtkWidget *
dis_quantity_dialog_new_for_line (GtkWindow   *parent,
                                  DisCartLine *line)
{
  DisQuantityDialog *self;
  DisProduct *product;
  g_autofree char *text = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_CART_LINE (line), NULL);

  product = dis_cart_line_get_product (line);
  self = create (parent, product);
  self->line = g_object_ref (line);

  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "add", _("C_hange"));
  text = dis_plain_quantity (dis_cart_line_get_quantity (line), dis_product_get_unit (product));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);

  return GTK_WIDGET (self);
}

DisCartLine *
dis_quantity_dialog_get_line (DisQuantityDialog *self)
{
  g_return_val_if_fail (DIS_IS_QUANTITY_DIALOG (self), NULL);

  return self->line;
}

DisProduct *
dis_quantity_dialog_get_product (DisQuantityDialog *self)
{
  g_return_val_if_fail (DIS_IS_QUANTITY_DIALOG (self), NULL);

  return self->product;
}

gboolean
dis_quantity_dialog_get_quantity (DisQuantityDialog *self,
                                gint64          *out_quantity)
{
  gint64 quantity;

  g_return_val_if_fail (DIS_IS_QUANTITY_DIALOG (self), FALSE);

  if (self->product == NULL ||
      !dis_qty_parse (gtk_editable_get_text (GTK_EDITABLE (self->entry)),
                      dis_unit_to_code (dis_product_get_unit (self->product)), &quantity))
    return FALSE;

  if (out_quantity != NULL)
    *out_quantity = quantity;

  return TRUE;
}
