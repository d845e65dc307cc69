/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "dis-core.h"
#include "dis-receipt-private.h"
#include "dis-receipt-dialog.h"
#include "dis-refund-dialog.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "receipt-test-fixture.h"

/* The receipt dialog, and the refund dialog: a refund by the sale's
 * number, its limits, a short number, a split payment, a volunteer
 * denied. */

/* ---- Receipt dialog ----------------------------------------------------- */

static void
test_receipt_dialog (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_SOLIDALE, FALSE);
  g_autofree char *text = dis_receipt_format_text (sale, 42);
  GtkWidget *dialog = dis_receipt_dialog_new (NULL, sale);
  GtkWidget *label = template_child (dialog, DIS_TYPE_RECEIPT_DIALOG, "receipt_label");
  GtkWidget *button = template_child (dialog, DIS_TYPE_RECEIPT_DIALOG, "new_sale_button");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_a_little ();
  maybe_screenshot (GTK_WINDOW (dialog), "receipt-dialog");

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, text);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_New Sale");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == button);
  g_assert_true (gtk_widget_has_focus (button));

  g_assert_true (gtk_widget_activate_action (dialog, "receipt.new-sale", NULL));
  wait_for (pointer_is_null, &dialog, "the receipt dialog to close");
}

/* ---- Refund dialog ------------------------------------------------------ */

typedef struct
{
  DisSale  *refund;
  gboolean  emitted;
} RefundState;

static void
on_refunded (GtkWidget   *dialog,
             DisSale     *refund,
             RefundState *state)
{
  state->refund = g_object_ref (refund);
  state->emitted = TRUE;
}

static gboolean
sale_title_is (gpointer data)
{
  GtkLabel *label = data;

  return g_strcmp0 (gtk_label_get_text (label), g_object_get_data (G_OBJECT (label), "want")) == 0;
}

/* Opens the refund dialog and loads @sale by typing @typed, as a person
 * types or scans it. */
static GtkWidget *
open_refund_dialog_typing (Fixture    *fixture,
                           DisSale    *sale,
                           const char *typed)
{
  GtkWidget *dialog = dis_refund_dialog_new (NULL, fixture->store, fixture->manager);
  GtkWidget *entry = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "receipt_entry");
  GtkWidget *title = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sale_title_label");

  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_stack (template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sales_stack"), "list");

  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  g_signal_emit_by_name (entry, "activate");
  g_object_set_data_full (G_OBJECT (title), "want", g_strdup (sale->receipt_no), g_free);
  wait_for (sale_title_is, title, "the sale to load");
  wait_for_stack (template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sale_stack"), "sale");

  return dialog;
}

static GtkWidget *
open_refund_dialog_on (Fixture    *fixture,
                       DisSale    *sale,
                       GtkWidget **out_entry)
{
  /* Load by receipt number, as typed or scanned. */
  GtkWidget *dialog = open_refund_dialog_typing (fixture, sale, sale->receipt_no);

  if (out_entry != NULL)
    *out_entry = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "receipt_entry");

  return dialog;
}

static gint64
stored_refunded (Fixture    *fixture,
                 const char *receipt_no,
                 guint       line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSale) stored = dis_store_load_sale (fixture->store, receipt_no, &error);
  const DisSaleLine *l;

  g_assert_no_error (error);
  l = g_ptr_array_index (stored->lines, line);

  return l->refunded_quantity;
}

static void
test_refund_dialog (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_SOLIDALE, TRUE);
  RefundState state = { NULL, FALSE };
  GtkWidget *dialog;
  GtkWidget *spin;
  GtkWidget *total;
  GtkToggleButton *card;
  g_autofree char *expected_total = NULL;
  const DisSaleLine *bread = g_ptr_array_index (sale->lines, 0);
  GtkWindow *receipt;

  dialog = open_refund_dialog_on (fixture, sale, NULL);
  g_signal_connect (dialog, "refunded", G_CALLBACK (on_refunded), &state);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  /* Today's list holds the sale. */
  {
    GtkWidget *list = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sales_list");

    g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  }

  /* Paid by card: card preselected. */
  card = GTK_TOGGLE_BUTTON (template_child (dialog, DIS_TYPE_REFUND_DIALOG, "card_toggle"));
  g_assert_true (gtk_toggle_button_get_active (card));

  /* Nothing chosen: nothing to refund. */
  g_assert_false (gtk_widget_activate_action (dialog, "refund.commit", NULL) &&
                  stored_refunded (fixture, sale->receipt_no, 0) != 0);

  spin = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-0");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin))), ==, 2.0);
  g_assert_true (GTK_IS_ENTRY (dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-1")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);

  total = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "total_label");
  expected_total = dis_money_format (bread->unit_price);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (total)), ==, expected_total);
  maybe_screenshot (GTK_WINDOW (dialog), "refund-dialog");

  g_assert_true (gtk_widget_activate_action (dialog, "refund.commit", NULL));
  wait_for (flag_is_set, &state.emitted, "the refund to commit");
  wait_for (pointer_is_null, &dialog, "the refund dialog to close");

  g_assert_nonnull (state.refund);
  g_assert_cmpstr (state.refund->refund_of_receipt_no, ==, sale->receipt_no);
  g_assert_cmpint (state.refund->total, ==, -bread->unit_price);
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 0), ==, 1000);
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 1), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DisSale) stored = dis_store_load_sale (fixture->store, state.refund->receipt_no, &error);
    const DisPayment *payment;

    g_assert_no_error (error);
    payment = g_ptr_array_index (stored->payments, 0);
    g_assert_cmpint (payment->method, ==, DIS_PAYMENT_CARD);
    g_assert_cmpint (payment->amount, ==, -bread->unit_price);
  }

  /* Its receipt is shown. */
  receipt = dis_test_find_shown_toplevel (DIS_TYPE_RECEIPT_DIALOG);
  g_assert_nonnull (receipt);
  maybe_screenshot (receipt, "refund-receipt");
  gtk_window_destroy (receipt);
  g_object_unref (state.refund);
}

static void
test_refund_dialog_limits (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DisSale) sale = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *spin;
  GtkWidget *kg;
  GtkWidget *error_label;
  GtkWidget *total;

  dialog = open_refund_dialog_on (fixture, sale, NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  error_label = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "error_label");
  total = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "total_label");
  spin = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-0");
  kg = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-1");

  /* Pieces cannot go beyond what was sold. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);

  /* 0,5 kg of the 0,350 kg sold: refused, in plain words. */
  gtk_editable_set_text (GTK_EDITABLE (kg), "0.5");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "more than was sold"));
  g_assert_false (gtk_widget_activate_action (dialog, "refund.commit", NULL) &&
                  stored_refunded (fixture, sale->receipt_no, 1) != 0);
  iterate_a_little ();
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 1), ==, 0);
  maybe_screenshot (GTK_WINDOW (dialog), "refund-dialog-limit");

  /* Nonsense is not a quantity. */
  gtk_editable_set_text (GTK_EDITABLE (kg), "abc");
  g_assert_true (gtk_widget_get_visible (error_label));

  /* Refund all fills in what is left. */
  gtk_editable_set_text (GTK_EDITABLE (kg), "");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_activate_action (dialog, "refund.all", NULL));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 2);
  {
    g_autofree char *all = dis_money_format (sale->total);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (total)), ==, all);
  }

  /* Meanwhile the same bread is refunded elsewhere: the store refuses the
   * dialog's now excessive refund and the dialog shows the fresh limits. */
  {
    gint64 quantities[3] = { 1000, 0, 0 };
    g_autoptr(DisSale) loaded = dis_store_load_sale (fixture->store, sale->receipt_no, &error);
    g_autoptr(DisSale) other = NULL;

    g_assert_no_error (error);
    other = dis_sale_new_refund (loaded, quantities, 3, &error);
    g_assert_no_error (error);
    dis_sale_add_payment (other, DIS_PAYMENT_CASH, other->total);
    g_assert_true (dis_store_commit_sale (fixture->store, other, fixture->manager, &error));
    g_assert_no_error (error);
  }

  g_assert_true (gtk_widget_activate_action (dialog, "refund.commit", NULL));
  spin = NULL;
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    /* The dialog reloads the sale: the bread spin now stops at 1. */
    while ((spin = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-0")) == NULL ||
           gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin))) != 1.0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
      }
  }
  g_assert_nonnull (dialog);
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 0), ==, 1000);
  g_assert_cmpint (stored_refunded (fixture, sale->receipt_no, 1), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (pointer_is_null, &dialog, "the refund dialog to go");
}

/* The short number of today's receipt, as said at the counter ("the
 * receipt number 2"), finds the sale. */
static void
test_refund_short_number (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(DisSale) first = commit_sale (fixture, DIS_TIER_EQUA, FALSE);
  g_autoptr(DisSale) second = commit_sale (fixture, DIS_TIER_EQUA, TRUE);
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkWidget *title;

  g_assert_cmpint (second->seq, ==, 2);
  dialog = open_refund_dialog_typing (fixture, second, "2");
  entry = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "receipt_entry");
  title = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "sale_title_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, second->receipt_no);

  /* With its zeros, as printed. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "000001");
  g_signal_emit_by_name (entry, "activate");
  g_object_set_data_full (G_OBJECT (title), "want", g_strdup (first->receipt_no), g_free);
  wait_for (sale_title_is, title, "the first sale to load");

  /* A number nobody printed today: said, and the sale shown stays. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "99");
  g_signal_emit_by_name (entry, "activate");
  iterate_a_little ();
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, first->receipt_no);
  g_assert_nonnull (dis_test_find_text (dialog, GTK_TYPE_LABEL, "No sale of today has the number 99",
                                        DIS_TEST_MATCH_PREFIX));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A sale paid partly in cash and partly by card is refunded the same
 * way, in proportion. */
static void
test_refund_split_payment (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DisSale) sale = new_sale (fixture, DIS_TIER_EQUA);
  g_autoptr(DisSale) stored = NULL;
  g_autoptr(GError) error = NULL;
  RefundState state = { NULL, FALSE };
  const DisSaleLine *bread;
  GtkToggleButton *split;
  GtkWidget *label;
  GtkWidget *dialog;
  GtkWidget *spin;
  gint64 cash, card;

  /* 2 × 3,50 + 0,350 kg × 2,00 + 5,00 = 12,70: 5,00 in cash, 7,70 by card. */
  g_assert_cmpint (sale->total, ==, 1270);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, 500);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, 770);
  sale->cash_tendered = 500;
  commit (fixture, sale);
  bread = g_ptr_array_index (sale->lines, 0);

  dialog = open_refund_dialog_on (fixture, sale, NULL);
  g_signal_connect (dialog, "refunded", G_CALLBACK (on_refunded), &state);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  split = GTK_TOGGLE_BUTTON (template_child (dialog, DIS_TYPE_REFUND_DIALOG, "split_toggle"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (split)));
  g_assert_true (gtk_toggle_button_get_active (split));

  spin = dis_test_find_named (dialog, GTK_TYPE_WIDGET, "quantity-0");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);

  /* 3,50 back: 3,50 × 5,00 / 12,70 = 1,378 → 1,38 in cash, 2,12 by card. */
  cash = 138;
  card = bread->unit_price - cash;
  g_assert_cmpint (card, ==, 212);
  label = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "split_label");
  g_assert_true (gtk_widget_get_visible (label));
  {
    g_autofree char *cash_text = dis_money_format (cash);
    g_autofree char *card_text = dis_money_format (card);

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), cash_text));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), card_text));
  }
  maybe_screenshot (GTK_WINDOW (dialog), "refund-split");

  g_assert_true (gtk_widget_activate_action (dialog, "refund.commit", NULL));
  wait_for (flag_is_set, &state.emitted, "the refund to commit");
  wait_for (pointer_is_null, &dialog, "the refund dialog to close");

  stored = dis_store_load_sale (fixture->store, state.refund->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->payments->len, ==, 2);
  for (guint i = 0; i < stored->payments->len; i++)
    {
      const DisPayment *payment = g_ptr_array_index (stored->payments, i);

      g_assert_cmpint (payment->amount, ==, payment->method == DIS_PAYMENT_CASH ? -cash : -card);
    }

  dis_test_destroy_toplevels ();
  g_object_unref (state.refund);
}

static void
test_refund_dialog_denied (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *dialog = dis_refund_dialog_new (NULL, fixture->store, fixture->volunteer);
  GtkWidget *stack = template_child (dialog, DIS_TYPE_REFUND_DIALOG, "stack");

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "denied");
  maybe_screenshot (GTK_WINDOW (dialog), "refund-denied");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
receipt_add_refund_tests (void)
{
#define ADD(path, func, no_day) \
  g_test_add (path, Fixture, GINT_TO_POINTER (no_day), fixture_setup, func, fixture_teardown)

  ADD ("/receipt/dialog/receipt", test_receipt_dialog, 0);
  ADD ("/receipt/dialog/refund", test_refund_dialog, 0);
  ADD ("/receipt/dialog/refund-limits", test_refund_dialog_limits, 0);
  ADD ("/receipt/dialog/refund-denied", test_refund_dialog_denied, 0);
  ADD ("/receipt/dialog/refund-short-number", test_refund_short_number, 0);
  ADD ("/receipt/dialog/refund-split-payment", test_refund_split_payment, 0);

#undef ADD
}
