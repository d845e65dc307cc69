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
  GSettings       *settings;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkLabel        *receipt_label;
  GtkButton       *new_sale_button;
};

G_DEFINE_FINAL_TYPE (DisReceiptDialog, dis_receipt_dialog, ADW_TYPE_WINDOW)

static DisPaperLayout
get_layout (DisReceiptDialog *self)
{
  g_autofree char *layout = g_settings_get_string (self->settings, "receipt-layout");

  return g_strcmp0 (layout, "a4") == 0 ? DIS_PAPER_A4 : DIS_PAPER_ROLL_80MM;
}

static void
dis_receipt_dialog_print (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  DisReceiptDialog *self = DIS_RECEIPT_DIALOG (widget);

  dis_receipt_print (self->sale, get_layout (self), GTK_WINDOW (self));
}

static void
on_save_response (GtkNativeDialog  *native,
                  int               response,
                  DisReceiptDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  AdwToast *toast;

  g_assert (DIS_IS_RECEIPT_DIALOG (self));

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  path = file != NULL ? g_file_get_path (file) : NULL;

  if (path == NULL)
    {
      toast = adw_toast_new (_("Choose a folder on this computer to save the receipt"));
    }
  else if (!dis_receipt_save_pdf (self->sale, get_layout (self), path, &error))
    {
      g_warning ("Could not save the receipt: %s", error->message);
      toast = adw_toast_new (_("Could not save the receipt there. Try another folder."));
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *title = g_strdup_printf (_("Saved “%s”"), name);

      toast = adw_toast_new (title);
    }

  adw_toast_overlay_add_toast (self->toast_overlay, toast);

out:
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
dis_receipt_dialog_save_pdf (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  DisReceiptDialog *self = DIS_RECEIPT_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Receipt as PDF"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  name = g_strdup_printf ("%s.pdf", self->sale->receipt_no != NULL ? self->sale->receipt_no : _("receipt"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  g_signal_connect (native, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
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
  g_clear_object (&self->settings);

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
  gtk_widget_class_bind_template_child (widget_class, DisReceiptDialog, toast_overlay);
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

  self->settings = g_settings_new (APPLICATION_ID);
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
