/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-stock-export"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "dis-stock-export.h"
#include "dis-ui.h"

typedef struct
{
  DisStockExportChosen chosen;
  gpointer             user_data;
  GDestroyNotify       destroy;
} Choice;

static void
chosen_cb (GtkNativeDialog *dialog,
           int              response,
           gpointer         data)
{
  Choice *choice = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *separator = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "separator");

      if (file != NULL)
        choice->chosen (file, g_strcmp0 (separator, "comma") == 0 ? ',' : ';', choice->user_data);
    }
  if (choice->destroy != NULL)
    choice->destroy (choice->user_data);
  g_free (choice);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
dis_stock_export_choose (GtkWidget            *widget,
                         const char           *title,
                         const char           *file_name,
                         DisStockExportChosen  chosen,
                         gpointer              user_data,
                         GDestroyNotify        destroy)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  static const char *options[] = { "semicolon", "comma", NULL };
  const char *labels[] = { _("Semicolon (Italian spreadsheets)"), _("Comma"), NULL };
  const struct lconv *lc = localeconv ();
  Choice *choice;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (chosen != NULL);

  chooser = gtk_file_chooser_native_new (title, dis_ui_get_parent_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "separator", _("Separator"), options, labels);
  /* Where the decimal mark is a comma, spreadsheets split on semicolons. */
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "separator",
                               lc->decimal_point != NULL && g_str_equal (lc->decimal_point, ",") ? "semicolon" : "comma");

  choice = g_new0 (Choice, 1);
  choice->chosen = chosen;
  choice->user_data = user_data;
  choice->destroy = destroy;
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct
{
  GtkWidget *widget;
  GFile     *file;
} Write;

static void
write_free (Write *write)
{
  g_clear_object (&write->widget);
  g_clear_object (&write->file);
  g_free (write);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Write, write_free)

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Write) write = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      dis_ui_show_error (write->widget,
                         _("The file was not saved. Choose another folder, or check that the disk is not full."),
                         error);
      return;
    }
  name = g_file_get_basename (write->file);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Saved as “%s”"), name);
  dis_ui_message (write->widget, message);
}

void
dis_stock_export_write (GtkWidget *widget,
                        GFile     *file,
                        GBytes    *bytes)
{
  Write *write;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bytes != NULL);

  write = g_new0 (Write, 1);
  write->widget = g_object_ref (widget);
  write->file = g_object_ref (file);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, written_cb, write);
}
