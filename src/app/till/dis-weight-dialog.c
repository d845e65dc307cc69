/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-weight-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-weight-dialog.h"

struct _DisWeightDialog
{
  AdwMessageDialog  parent_instance;

  DisProduct       *product;

  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (DisWeightDialog, dis_weight_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_entry_changed (DisWeightDialog *self)
{
  gboolean valid = dis_weight_dialog_get_quantity (self, NULL);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", valid);
  if (valid || gtk_editable_get_text (GTK_EDITABLE (self->entry))[0] == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
}

/* Enter adds, as the Add button would: the dialog closes with it
 * (adw_message_dialog_response() alone would leave it open). */
static void
on_entry_activate (DisWeightDialog *self)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "add"))
    gtk_widget_activate_default (GTK_WIDGET (self->entry));
  else
    gtk_widget_error_bell (GTK_WIDGET (self->entry));
}

static void
dis_weight_dialog_dispose (GObject *object)
{
  DisWeightDialog *self = DIS_WEIGHT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_WEIGHT_DIALOG);
  g_clear_object (&self->product);

  G_OBJECT_CLASS (dis_weight_dialog_parent_class)->dispose (object);
}

static void
dis_weight_dialog_class_init (DisWeightDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_weight_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-weight-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisWeightDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
dis_weight_dialog_init (DisWeightDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_weight_dialog_new (GtkWindow  *parent,
                       DisProduct *product)
{
  DisWeightDialog *self;
  gboolean litres;
  const char *label;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_PRODUCT (product), NULL);

  litres = dis_product_get_unit (product) == DIS_UNIT_L;
  label = litres ? _("Quantity in litres") : _("Weight in kg");

  self = g_object_new (DIS_TYPE_WEIGHT_DIALOG,
                       "transient-for", parent,
                       "heading", dis_product_get_name (product),
                       "body", label,
                       NULL);
  self->product = g_object_ref (product);

  gtk_entry_set_placeholder_text (self->entry, litres ? "1,5" : "0,350");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->entry));

  return GTK_WIDGET (self);
}

DisProduct *
dis_weight_dialog_get_product (DisWeightDialog *self)
{
  g_return_val_if_fail (DIS_IS_WEIGHT_DIALOG (self), NULL);

  return self->product;
}

gboolean
dis_weight_dialog_get_quantity (DisWeightDialog *self,
                                gint64          *out_quantity)
{
  gint64 quantity;

  g_return_val_if_fail (DIS_IS_WEIGHT_DIALOG (self), FALSE);

  if (self->product == NULL ||
      !dis_qty_parse (gtk_editable_get_text (GTK_EDITABLE (self->entry)),
                      dis_unit_to_code (dis_product_get_unit (self->product)), &quantity))
    return FALSE;

  if (out_quantity != NULL)
    *out_quantity = quantity;

  return TRUE;
}
