/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtk/gtkunixprint.h>

#include "dis-core.h"
#include "dis-receipt-private.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "receipt-test-fixture.h"

/* Printing: the printer remembered, every receipt printed, the preview,
 * the PDF folder. */

/* ---- Printing: the printer remembered, the preview, the PDF folder ---- */

static GtkPrintSettings *
file_printer_settings (const char *path)
{
  GtkPrintSettings *settings = gtk_print_settings_new ();
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  /* GTK's own "Print to File" printer: a real print, headless. */
  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");

  return settings;
}

/* The whole PDF, its end included (the printer writes it as it goes). */
static gboolean
file_is_written (gpointer data)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (data, &contents, &length, NULL) || length < 6)
    return FALSE;

  /* Binary before it: look at the tail only. */
  for (gsize i = length >= 32 ? length - 32 : 0; i + 5 <= length; i++)
    if (memcmp (contents + i, "%%EOF", 5) == 0)
      return TRUE;

  return FALSE;
}

static void
test_print_settings (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char *file = g_build_filename (g_get_user_data_dir (), "disotto", "print-settings.ini", NULL);
  g_autoptr(GtkPrintSettings) settings = file_printer_settings (out);
  g_autoptr(GtkPrintSettings) loaded = NULL;
  g_autoptr(GtkPrintSettings) printer = gtk_print_settings_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) window = g_object_ref_sink (gtk_window_new ());

  gtk_print_settings_set_printer (printer, "Termica-80");
  _dis_paper_forget_print_settings ();
  g_assert_null (_dis_paper_load_print_settings ());

  g_assert_true (_dis_paper_save_print_settings (settings, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  loaded = _dis_paper_load_print_settings ();
  g_assert_nonnull (loaded);
  g_assert_cmpstr (gtk_print_settings_get_printer (loaded), ==, "Print to File");
  g_assert_cmpstr (gtk_print_settings_get (loaded, GTK_PRINT_SETTINGS_OUTPUT_URI), ==,
                   gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_URI));

  /* Every receipt goes straight to the printer remembered; without one,
   * or printed by hand, the dialog asks. */
  g_assert_cmpint (_dis_paper_print_action (loaded, TRUE, GTK_WINDOW (window)), ==, GTK_PRINT_OPERATION_ACTION_EXPORT);
  g_assert_cmpint (_dis_paper_print_action (printer, TRUE, GTK_WINDOW (window)), ==, GTK_PRINT_OPERATION_ACTION_PRINT);
  g_assert_cmpint (_dis_paper_print_action (printer, TRUE, NULL), ==, GTK_PRINT_OPERATION_ACTION_PRINT);
  g_assert_cmpint (_dis_paper_print_action (NULL, TRUE, GTK_WINDOW (window)), ==, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
  g_assert_cmpint (_dis_paper_print_action (loaded, FALSE, GTK_WINDOW (window)), ==, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);

  /* A file that is no print settings is no printer. */
  g_assert_true (g_file_set_contents (file, "not [settings", -1, NULL));
  g_test_expect_message ("dis-receipt", G_LOG_LEVEL_WARNING, "Ignoring the printer remembered*");
  g_assert_null (_dis_paper_load_print_settings ());
  g_test_assert_expected_messages ();

  _dis_paper_forget_print_settings ();
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
print_dialog_shown (gpointer data)
{
  return dis_test_find_shown_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG) != NULL;
}

static gboolean
file_printer_selected (gpointer data)
{
  GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer (data);

  return printer != NULL && g_strcmp0 (gtk_printer_get_name (printer), "Print to File") == 0;
}

/* The first receipt asks for the printer; the choice is remembered and
 * the next receipt goes to it without a dialog. */
/* The print dialog and GTK's printers register many quarks, past the
 * first block of GLib's table, whose old block LeakSanitizer reports: the
 * tests that open them run in a process of their own. */
static gboolean
in_own_process (void)
{
  if (g_test_subprocess ())
    return TRUE;

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
test_print_every_receipt (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(DisSale) first = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autoptr(DisSale) second = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autofree char *out1 = g_build_filename (fixture->dir, "first.pdf", NULL);
  g_autofree char *out2 = g_build_filename (fixture->dir, "second.pdf", NULL);
  g_autoptr(GtkPrintSettings) choice = file_printer_settings (out1);
  g_autoptr(GtkPrintSettings) remembered = NULL;
  GtkWidget *window;
  GtkPrintUnixDialog *dialog;

  if (!in_own_process ())
    return;

  window = gtk_window_new ();
  _dis_paper_forget_print_settings ();
  gtk_window_present (GTK_WINDOW (window));

  dis_receipt_print_every (first, DIS_PAPER_ROLL_80MM, GTK_WINDOW (window));
  wait_for (print_dialog_shown, NULL, "the print dialog");
  dialog = GTK_PRINT_UNIX_DIALOG (dis_test_find_shown_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG));
  /* The volunteer picks the file printer and prints. */
  gtk_print_unix_dialog_set_settings (dialog, choice);
  dis_test_wait_until (file_printer_selected, dialog, 10000, "the printer");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  dis_test_wait_until (file_is_written, out1, 10000, "the first receipt");
  assert_pdf (out1, first->receipt_no);

  remembered = _dis_paper_load_print_settings ();
  g_assert_nonnull (remembered);
  g_assert_cmpstr (gtk_print_settings_get_printer (remembered), ==, "Print to File");

  /* The next one: no dialog at all. */
  g_clear_object (&remembered);
  remembered = file_printer_settings (out2);
  g_assert_true (_dis_paper_save_print_settings (remembered, NULL));
  dis_receipt_print_every (second, DIS_PAPER_ROLL_80MM, GTK_WINDOW (window));
  g_assert_false (print_dialog_shown (NULL));
  dis_test_wait_until (file_is_written, out2, 10000, "the second receipt");
  g_assert_false (print_dialog_shown (NULL));
  assert_pdf (out2, second->receipt_no);

  _dis_paper_forget_print_settings ();
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
preview_shown (gpointer data)
{
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (gtk_widget_get_visible (window) && gtk_widget_has_css_class (window, "dis-print-preview"))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }

  return FALSE;
}

/* The print dialog's Preview shows the pages (it did nothing: GTK's
 * own needs an external viewer). */
static void
test_print_preview (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DisSale) sale = NULL;
  GtkWidget *window;
  GtkWidget *preview = NULL;
  GtkWidget *area;

  if (!in_own_process ())
    return;

  sale = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));
  _dis_receipt_preview (sale, DIS_PAPER_ROLL_80MM, GTK_WINDOW (window));
  wait_for (preview_shown, &preview, "the preview");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preview)) == GTK_WINDOW (window));
  area = dis_test_find_named (preview, GTK_TYPE_DRAWING_AREA, NULL);
  g_assert_nonnull (area);
  g_assert_cmpint (gtk_drawing_area_get_content_height (GTK_DRAWING_AREA (area)), >, 200);
  iterate_a_little ();
  g_assert_cmpint (gtk_widget_get_height (area), >, 0);
  maybe_screenshot (GTK_WINDOW (preview), "print-preview");

  /* Escape closes it. */
  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &preview);
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (preview);
    gboolean closed = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !closed; i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !closed; j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

            if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
                gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape)
              closed = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, preview, NULL);
          }
      }
    g_assert_true (closed);
  }
  wait_for (pointer_is_null, &preview, "the preview to close");
  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
default_folder (void)
{
  g_autoptr(GFile) folder = _dis_paper_default_folder ();

  return g_file_get_path (folder);
}

/* Save as PDF starts in the documents folder, else home: never the
 * folder the till was started from. (The chooser itself is not opened
 * here: GTK's file chooser loads libcloudproviders, which leaks.) */
static void
test_pdf_folder (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *documents = g_build_filename (g_get_home_dir (), "Documenti", NULL);
  g_autofree char *dirs = g_build_filename (g_get_user_config_dir (), "user-dirs.dirs", NULL);
  g_autofree char *line = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s\"\n", documents);
  g_autofree char *path = NULL;

  g_assert_true (g_chdir (fixture->dir) == 0);

  /* No documents folder: home. */
  g_unlink (dirs);
  g_reload_user_special_dirs_cache ();
  path = default_folder ();
  g_assert_cmpstr (path, ==, g_get_home_dir ());
  g_clear_pointer (&path, g_free);

  /* Named but not there (yet): home too, not a folder that fails. */
  g_assert_true (g_mkdir_with_parents (g_get_user_config_dir (), 0700) == 0);
  g_assert_true (g_file_set_contents (dirs, line, -1, NULL));
  g_reload_user_special_dirs_cache ();
  path = default_folder ();
  g_assert_cmpstr (path, ==, g_get_home_dir ());
  g_clear_pointer (&path, g_free);

  /* The user's documents folder, as xdg-user-dirs names it. */
  g_assert_true (g_mkdir_with_parents (documents, 0700) == 0);
  path = default_folder ();
  g_assert_cmpstr (path, ==, documents);
  g_assert_cmpstr (path, !=, fixture->dir);

  g_unlink (dirs);
  g_rmdir (documents);
  g_reload_user_special_dirs_cache ();
  g_assert_true (g_chdir (cwd) == 0);
}

void
receipt_add_print_tests (void)
{
#define ADD(path, func, no_day) \
  g_test_add (path, Fixture, GINT_TO_POINTER (no_day), fixture_setup, func, fixture_teardown)

  ADD ("/receipt/print/settings", test_print_settings, 0);
  ADD ("/receipt/print/every-receipt", test_print_every_receipt, 0);
  ADD ("/receipt/print/preview", test_print_preview, 0);
  ADD ("/receipt/pdf-folder", test_pdf_folder, 0);

#undef ADD
}
