/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "dis-core.h"
#include "dis-receipt-private.h"
#include "dis-day-dialog.h"
#include "dis-payment-view.h"
#include "dis-plain-number.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "receipt-test-fixture.h"

/* The day dialog: opening and closing the day, a volunteer denied, the
 * date and amounts in the locale's format. */

/* ---- Day dialog --------------------------------------------------------- */

static void
on_done (GtkWidget *dialog,
         gboolean  *done)
{
  *done = TRUE;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_day_dialog (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) open = NULL;
  g_autoptr(DisDayReport) closed = NULL;
  g_autoptr(DisDayReport) still_open = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *plus_one = NULL;
  g_autofree char *zero = NULL;
  g_autofree char *counted_text = NULL;
  gboolean done = FALSE;
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkWidget *label;
  GtkWidget *difference;
  GtkWidget *stack;
  AdwMessageDialog *confirm;
  gint64 day_id;

  g_assert_null (dis_store_get_open_day (fixture->store, &error));
  g_assert_no_error (error);

  /* Open: an explicit amount is required. */
  dialog = dis_day_dialog_new (NULL, fixture->store, fixture->manager, DIS_DAY_DIALOG_OPEN);
  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &done);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_a_little ();
  maybe_screenshot (GTK_WINDOW (dialog), "day-open");

  entry = template_child (dialog, DIS_TYPE_DAY_DIALOG, "float_entry");
  label = template_child (dialog, DIS_TYPE_DAY_DIALOG, "open_error_label");
  g_assert_true (gtk_widget_activate_action (dialog, "day.open", NULL));
  iterate_a_little ();
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_false (done);
  g_assert_null (dis_store_get_open_day (fixture->store, NULL));
  maybe_screenshot (GTK_WINDOW (dialog), "day-open-error");

  gtk_editable_set_text (GTK_EDITABLE (entry), "abc");
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_activate_action (dialog, "day.open", NULL));
  iterate_a_little ();
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_false (done);

  gtk_editable_set_text (GTK_EDITABLE (entry), "50");
  g_assert_true (gtk_widget_activate_action (dialog, "day.open", NULL));
  wait_for (flag_is_set, &done, "the day to open");
  wait_for (pointer_is_null, &dialog, "the open dialog to close");

  open = dis_store_get_open_day (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (open);
  g_assert_cmpint (open->opening_float, ==, 5000);
  day_id = open->day_id;

  /* Sell something in cash, then close. */
  sale = commit_sale (fixture, DIS_TIER_SOLIDALE, FALSE);

  done = FALSE;
  dialog = dis_day_dialog_new (NULL, fixture->store, fixture->manager, DIS_DAY_DIALOG_CLOSE);
  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &done);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  stack = template_child (dialog, DIS_TYPE_DAY_DIALOG, "stack");
  wait_for_stack (stack, "close");

  expected = dis_money_format (5000 + sale->total);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (template_child (dialog, DIS_TYPE_DAY_DIALOG, "expected_label"))),
                   ==, expected);
  g_assert_true (gtk_widget_get_visible (template_child (dialog, DIS_TYPE_DAY_DIALOG, "pending_group")));

  /* Nothing counted: cannot close yet. */
  g_assert_false (gtk_widget_activate_action (dialog, "day.close", NULL) && message_dialog_shown (NULL));

  entry = template_child (dialog, DIS_TYPE_DAY_DIALOG, "counted_entry");
  difference = template_child (dialog, DIS_TYPE_DAY_DIALOG, "difference_label");

  counted_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", (5000 + sale->total + 100) / 100,
                                  (int) ((5000 + sale->total + 100) % 100));
  gtk_editable_set_text (GTK_EDITABLE (entry), counted_text);
  plus_one = dis_money_format_signed (100);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (difference)), ==, plus_one);
  g_assert_true (gtk_widget_has_css_class (difference, "warning"));
  maybe_screenshot (GTK_WINDOW (dialog), "day-close");

  g_free (counted_text);
  counted_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", (5000 + sale->total) / 100,
                                  (int) ((5000 + sale->total) % 100));
  gtk_editable_set_text (GTK_EDITABLE (entry), counted_text);
  zero = dis_money_format_signed (0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (difference)), ==, zero);
  g_assert_true (gtk_widget_has_css_class (difference, "success"));
  g_assert_false (gtk_widget_has_css_class (difference, "warning"));

  /* Close Day asks first; cancelling changes nothing. */
  g_assert_true (gtk_widget_activate_action (dialog, "day.close", NULL));
  wait_for (message_dialog_shown, NULL, "the confirmation");
  confirm = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "A closed day cannot be changed"));
  maybe_screenshot (GTK_WINDOW (confirm), "day-close-confirm");
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_destroy (GTK_WINDOW (confirm));
  iterate_a_little ();
  g_assert_false (done);
  still_open = dis_store_get_open_day (fixture->store, NULL);
  g_assert_nonnull (still_open);

  g_assert_true (gtk_widget_activate_action (dialog, "day.close", NULL));
  wait_for (message_dialog_shown, NULL, "the confirmation");
  confirm = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "close");
  gtk_window_destroy (GTK_WINDOW (confirm));
  wait_for (flag_is_set, &done, "the day to close");
  wait_for_stack (stack, "report");
  maybe_screenshot (GTK_WINDOW (dialog), "day-closed-report");

  g_assert_null (dis_store_get_open_day (fixture->store, &error));
  g_assert_no_error (error);
  closed = dis_store_get_day_report (fixture->store, day_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (closed->closed_at);
  g_assert_true (closed->has_counted);
  g_assert_cmpint (closed->counted_cash, ==, 5000 + sale->total);
  g_assert_cmpint (closed->difference, ==, 0);
  {
    g_autofree char *text = dis_day_report_format_text (closed, 42);
    GtkWidget *report = template_child (dialog, DIS_TYPE_DAY_DIALOG, "report_label");

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (report)), ==, text);
  }

  g_assert_true (gtk_widget_activate_action (dialog, "day.dismiss", NULL));
  wait_for (pointer_is_null, &dialog, "the close dialog to go");

  /* With no open day, closing says so. */
  dialog = dis_day_dialog_new (NULL, fixture->store, fixture->manager, DIS_DAY_DIALOG_CLOSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  stack = template_child (dialog, DIS_TYPE_DAY_DIALOG, "stack");
  wait_for_stack (stack, "status");
  g_assert_false (gtk_widget_activate_action (dialog, "day.close", NULL) && message_dialog_shown (NULL));
  maybe_screenshot (GTK_WINDOW (dialog), "day-none-open");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (pointer_is_null, &dialog, "the dialog to go");
}

static void
test_day_dialog_denied (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *dialog = dis_day_dialog_new (NULL, fixture->store, fixture->volunteer, DIS_DAY_DIALOG_CLOSE);
  GtkWidget *stack = template_child (dialog, DIS_TYPE_DAY_DIALOG, "stack");

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "status");
  g_assert_false (gtk_widget_activate_action (dialog, "day.close", NULL) && message_dialog_shown (NULL));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* One date format for the business day, and amounts typed with the
 * locale's separator: "05/12/2026" and "0,00" in Italian, never the ISO
 * day; "0.00" in English. */
static void
check_day_and_placeholders (Fixture    *fixture,
                            const char *day,
                            const char *zero)
{
  g_autoptr(DisDayReport) open = dis_store_get_open_day (fixture->store, NULL);
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog;
  GtkWidget *view = g_object_ref_sink (dis_payment_view_new ());
  AdwWindowTitle *title;
  const char *description;

  g_assert_nonnull (open);
  plain = dis_plain_day (open->business_date);
  g_assert_cmpstr (plain, ==, day);
  text = dis_day_report_format_text (open, 42);
  g_assert_nonnull (strstr (text, day));
  g_assert_null (strstr (text, open->business_date));

  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (template_child (view, DIS_TYPE_PAYMENT_VIEW, "tendered_entry"))), ==, zero);
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (template_child (view, DIS_TYPE_PAYMENT_VIEW, "split_entry"))), ==, zero);
  g_object_unref (view);

  dialog = dis_day_dialog_new (NULL, fixture->store, fixture->manager, DIS_DAY_DIALOG_CLOSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_stack (template_child (dialog, DIS_TYPE_DAY_DIALOG, "stack"), "close");
  title = ADW_WINDOW_TITLE (template_child (dialog, DIS_TYPE_DAY_DIALOG, "window_title"));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, day);
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (template_child (dialog, DIS_TYPE_DAY_DIALOG, "cash_group")));
  g_assert_true (g_str_has_prefix (description, day));
  g_assert_null (strstr (description, open->business_date));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (template_child (dialog, DIS_TYPE_DAY_DIALOG, "float_entry"))), ==, zero);
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (template_child (dialog, DIS_TYPE_DAY_DIALOG, "counted_entry"))), ==, zero);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (pointer_is_null, &dialog, "the dialog to go");
}

static void
test_day_format (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(DisDayReport) open = dis_store_get_open_day (fixture->store, NULL);
  g_autoptr(GDateTime) midnight = NULL;
  g_autofree char *english = NULL;
  g_autofree char *italian = NULL;
  g_autofree char *po_dir = g_build_filename (g_getenv ("DIS_BUILD_DIR"), "po", NULL);
  guint32 julian = dis_date_parse (open->business_date);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  midnight = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);

  /* English: the locale's day, a decimal point. */
  setlocale (LC_ALL, "C.UTF-8");
  english = g_date_time_format (midnight, "%x");
  check_day_and_placeholders (fixture, english, "0.00");

  if (setlocale (LC_ALL, "it_IT.UTF-8") == NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_test_skip ("it_IT.UTF-8 locale not available");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  italian = g_date_time_format (midnight, "%d/%m/%Y");
  check_day_and_placeholders (fixture, italian, "0,00");

  setlocale (LC_ALL, "C.UTF-8");
}

void
receipt_add_day_tests (void)
{
#define ADD(path, func, no_day) \
  g_test_add (path, Fixture, GINT_TO_POINTER (no_day), fixture_setup, func, fixture_teardown)

  ADD ("/receipt/dialog/day", test_day_dialog, 1);
  ADD ("/receipt/day-format", test_day_format, 0);
  ADD ("/receipt/dialog/day-denied", test_day_dialog_denied, 0);

#undef ADD
}
