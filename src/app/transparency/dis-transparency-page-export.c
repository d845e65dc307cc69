/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-transparency"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dis-date.h"
#include "dis-transparency-figures.h"
#include "dis-transparency-page-private.h"
#include "dis-ui.h"

/* The page's CSV export: where to, then the figures shown, written off
 * the UI thread by GIO. */

typedef struct
{
  DisTransparencyPage *page;
  GFile               *file;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->page);
  g_object_unref (export->file);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      dis_ui_show_error (GTK_WIDGET (export->page),
                         _("The figures were not exported. Choose another folder, or check that the disk is not full."),
                         error);
      return;
    }
  name = g_file_get_basename (export->file);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Figures exported to “%s”"), name);
  dis_ui_message (GTK_WIDGET (export->page), message);
}

void
_dis_transparency_page_export_to (DisTransparencyPage *self,
                                  GFile               *file)
{
  Export *export;
  g_autoptr(GBytes) bytes = NULL;
  char *csv;

  g_return_if_fail (DIS_IS_TRANSPARENCY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  csv = dis_transparency_figures_to_csv (G_LIST_MODEL (self->figures));
  bytes = g_bytes_new_take (csv, strlen (csv));
  export = g_new0 (Export, 1);
  export->page = g_object_ref (self);
  export->file = g_object_ref (file);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, written_cb, export);
}

static void
chosen_cb (GtkNativeDialog *dialog,
           int              response,
           gpointer         user_data)
{
  g_autoptr(DisTransparencyPage) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        _dis_transparency_page_export_to (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
_dis_transparency_page_export (DisTransparencyPage *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *period = dis_date_current_period ();
  /* Translators: the file name offered for the CSV export; %s is YYYY-MM */
  g_autofree char *name = g_strdup_printf (_("transparency-%s.csv"), period);

  g_return_if_fail (DIS_IS_TRANSPARENCY_PAGE (self));

  chooser = gtk_file_chooser_native_new (_("Export the Figures"), dis_ui_get_parent_window (GTK_WIDGET (self)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
