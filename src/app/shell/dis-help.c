/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-help"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "dis-help.h"

#define HELP_URI "help:" GETTEXT_PACKAGE
/* The same address as the "help" URL of the metainfo. */
#define HELP_ONLINE "https://disotto.example.org/help"

/* Where yelp-build's pages are installed (gnome.yelp()), in the order a
 * help viewer looks: the person's languages first, each in the user's
 * data folder, the system's, then the one the application was built for. */
static char *
find_help_folder (void)
{
  const char * const *languages = g_get_language_names ();
  const char * const *system_dirs = g_get_system_data_dirs ();
  g_autofree char *own_dir = g_path_get_dirname (PKGDATADIR);

  for (guint l = 0; languages[l] != NULL; l++)
    {
      g_autoptr(GPtrArray) dirs = g_ptr_array_new ();

      g_ptr_array_add (dirs, (gpointer) g_get_user_data_dir ());
      for (guint d = 0; system_dirs[d] != NULL; d++)
        g_ptr_array_add (dirs, (gpointer) system_dirs[d]);
      g_ptr_array_add (dirs, own_dir);

      for (guint d = 0; d < dirs->len; d++)
        {
          g_autofree char *folder = g_build_filename (g_ptr_array_index (dirs, d), "help", languages[l],
                                                      GETTEXT_PACKAGE, NULL);
          g_autofree char *index = g_build_filename (folder, "index.page", NULL);

          if (g_file_test (index, G_FILE_TEST_IS_REGULAR))
            return g_steal_pointer (&folder);
        }
    }

  return NULL;
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Nothing more to offer: the dialog already showed the address. */
  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    g_debug ("Could not open the help pages: %s", error->message);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             const char       *uri)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "open") == 0 && parent != NULL)
    gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, opened_cb, NULL);
}

static void
show_no_viewer (GtkWindow *parent)
{
  g_autofree char *folder = find_help_folder ();
  g_autofree char *uri = NULL;
  GtkWidget *dialog;
  GtkWidget *where;

  dialog = adw_message_dialog_new (parent, _("No Help Viewer"), NULL);
  if (folder != NULL)
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("This computer has no program to show the help (such as Yelp, "
                                     "the GNOME help). The help pages are in this folder; "
                                     "their index is index.page."));
      uri = g_filename_to_uri (folder, NULL, NULL);
      where = gtk_label_new (folder);
    }
  else
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("This computer has no program to show the help (such as Yelp, "
                                     "the GNOME help), and the help pages are not installed. "
                                     "Read them online at this address."));
      uri = g_strdup (HELP_ONLINE);
      where = gtk_label_new (HELP_ONLINE);
    }

  gtk_label_set_selectable (GTK_LABEL (where), TRUE);
  gtk_label_set_wrap (GTK_LABEL (where), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (where), PANGO_WRAP_WORD_CHAR);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), where);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "open", folder != NULL ? _("_Open Folder") : _("_Open Address"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb),
                         g_steal_pointer (&uri), (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
shown_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    return;

  /* GTK says "Operation not supported": no handler for help: URIs. */
  g_debug ("No help viewer: %s", error->message);
  show_no_viewer (GTK_WINDOW (object));
}

void
dis_help_show (GtkWindow *parent)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));

  gtk_show_uri_full (parent, HELP_URI, GDK_CURRENT_TIME, NULL, shown_cb, NULL);
}
