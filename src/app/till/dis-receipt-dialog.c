/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receipt-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-receipt.h"
#include "dis-receipt-dialog.h"

struct _DisReceiptDialog
{
  AdwWindow        parent_instance;

  DisSale         *sale;

  AdwWindowTitle  *window_title;
  GtkLabel        *receipt_label;
  GtkButton       *new_sale_button;
};

G_DEFINE_FINAL_TYPE (DisReceiptDialog, dis_receipt_dialog, ADW_TYPE_WINDOW)

static void
dis_receipt_dialog_print (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  DisReceiptDialog *self = DIS_RECEIPT_DIALOG (widget);

  dis_receipt_print (self->sale, dis_receipt_get_paper_layout (), GTK_WINDOW (self));
}

static void
dis_receipt_dialog_save_pdf (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  DisReceiptDialog *self = DIS_RECEIPT_DIALOG (widget);
  g_autofree char *name = NULL;

  name = g_strdup_printf ("%s.pdf", self->sale->receipt_no != NULL ? self->sale->receipt_no : _("receipt"));
  dis_paper_ask_save_pdf (GTK_WINDOW (self), _("Save Receipt as PDF"), name,
                          (DisPaperSaveFunc) dis_receipt_save_pdf, self->sale,
                          _("Choose a folder on this computer to save the receipt"),
                          _("Could not save the receipt there. Try another folder."));
}

static void
dis_receipt_dialog_new_sale (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
dis_receipt_dialog_show (GtkWidget *widget)
{
  DisReceiptDialog *self = DIS_RECEIPT_DIALOG (widget);

  GTK_WIDGET_CLASS (dis_receipt_dialog_parent_class)->show (widget);

  /* Enter right after the sale starts the next one. */
  gtk_widget_grab_focus (GTK_WIDGET (self->new_sale_button));
}

static void
dis_receipt_dialog_finalize (GObject *object)
{
  DisReceiptDialog *self = DIS_RECEIPT_DIALOG (object);

  g_clear_object (&self->sale);

  G_OBJECT_CLASS (dis_receipt_dialog_parent_class)->finalize (object);
}

static void
dis_receipt_dialog_class_init (DisReceiptDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dis_receipt_dialog_finalize;
  widget_class->show = dis_receipt_dialog_show;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-receipt-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisReceiptDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DisReceiptDialog, receipt_label);
  gtk_widget_class_bind_template_child (widget_class, DisReceiptDialog, new_sale_button);

  gtk_widget_class_install_action (widget_class, "receipt.print", NULL, dis_receipt_dialog_print);
  gtk_widget_class_install_action (widget_class, "receipt.save-pdf", NULL, dis_receipt_dialog_save_pdf);
  gtk_widget_class_install_action (widget_class, "receipt.new-sale", NULL, dis_receipt_dialog_new_sale);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "receipt.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "receipt.save-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "receipt.new-sale", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "receipt.new-sale", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "receipt.new-sale", NULL);
}

static void
dis_receipt_dialog_init (DisReceiptDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->new_sale_button));
}

GtkWidget *
dis_receipt_dialog_new (GtkWindow *parent,
                        DisSale   *sale)
{
  DisReceiptDialog *self;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (sale != NULL, NULL);

  self = g_object_new (DIS_TYPE_RECEIPT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->sale = g_object_ref (sale);

  text = dis_receipt_format_text (sale, 42);
  gtk_label_set_text (self->receipt_label, text);

  if (sale->refund_of != NULL || sale->refund_of_receipt_no != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Refund Receipt"));
      adw_window_title_set_title (self->window_title, _("Refund Receipt"));
    }
  adw_window_title_set_subtitle (self->window_title, sale->receipt_no != NULL ? sale->receipt_no : "");

  return GTK_WIDGET (self);
}
