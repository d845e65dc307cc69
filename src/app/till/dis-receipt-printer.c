/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-receipt"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "dis-receipt-private.h"

/* ---- The printer remembered ------------------------------------------- */

/* What the print dialog last chose, so that with "print every receipt"
 * the receipts go straight to that printer. A file of the user's data,
 * as GTK writes it, rather than settings the schema would have to
 * mirror. */
static char *
print_settings_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "disotto", "print-settings.ini", NULL);
}

GtkPrintSettings *
_dis_paper_load_print_settings (void)
{
  g_autofree char *path = print_settings_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  settings = gtk_print_settings_new_from_file (path, &error);
  if (settings == NULL)
    {
      g_warning ("Ignoring the printer remembered in %s: %s", path, error->message);
      return NULL;
    }
  if (gtk_print_settings_get_printer (settings) == NULL)
    return NULL;

  return g_steal_pointer (&settings);
}

gboolean
_dis_paper_save_print_settings (GtkPrintSettings  *settings,
                                GError           **error)
{
  g_autofree char *path = print_settings_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  g_return_val_if_fail (GTK_IS_PRINT_SETTINGS (settings), FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  return gtk_print_settings_to_file (settings, path, error);
}

void
_dis_paper_forget_print_settings (void)
{
  g_autofree char *path = print_settings_path ();

  g_unlink (path);
}

char *
_dis_paper_file_printer_path (GtkPrintSettings *settings)
{
  const char *uri = gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_URI);
  const char *format = gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT);

  if (uri == NULL || (format != NULL && g_strcmp0 (format, "pdf") != 0))
    return NULL;

  return g_filename_from_uri (uri, NULL, NULL);
}

GtkPrintOperationAction
_dis_paper_print_action (GtkPrintSettings *remembered,
                         gboolean          every_receipt,
                         GtkWindow        *parent)
{
  /* The receipt of every sale goes to the printer chosen once. */
  if (every_receipt && remembered != NULL)
    {
      g_autofree char *path = _dis_paper_file_printer_path (remembered);

      return path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT : GTK_PRINT_OPERATION_ACTION_PRINT;
    }
  if (parent != NULL)
    return GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  /* Nowhere to ask: the default printer. */
  return GTK_PRINT_OPERATION_ACTION_PRINT;
}
