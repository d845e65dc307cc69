/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "dis-app-resources.h"
#include "dis-cart-row.h"
#include "dis-day-dialog.h"
#include "dis-park-dialog.h"
#include "dis-parked-cart-row.h"
#include "dis-plain-number.h"
#include "dis-quantity-dialog.h"
#include "dis-payment-view.h"
#include "dis-receipt-dialog.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"
#include "dis-tier-selector.h"
#include "dis-ui.h"
#include "dis-till-page.h"
#include "till-test-fixture.h"

/* The till page with a real store: scanning, weighing, tiers, removing
 * and undoing, paying, parking and the actions a role may use. The
 * counter's finer points are in test-till-counter.c. */

/* ---- Tests -------------------------------------------------------------- */

static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  GtkEditable *entry = search_entry (f);

  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_focus (gtk_widget_get_first_child (GTK_WIDGET (entry))) ||
                 gtk_widget_get_focus_child (GTK_WIDGET (entry)) != NULL);

  scan (f, P_PASSATA);
  g_assert_cmpuint (n_lines (f), ==, 1);
  g_assert_cmpint (line_product (f, 0), ==, f->ids[P_PASSATA]);
  g_assert_cmpint (line_quantity (f, 0), ==, 1000);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 200);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");

  /* The same EAN again: the same line, quantity 2. */
  scan (f, P_PASSATA);
  g_assert_cmpuint (n_lines (f), ==, 1);
  g_assert_cmpint (line_quantity (f, 0), ==, 2000);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 400);

  scan (f, P_CAFFE);
  g_assert_cmpuint (n_lines (f), ==, 2);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 850);

  /* An unknown code: nothing added, the code left selected in the entry. */
  {
    g_autofree char *unknown = make_ean ("800999999999");

    int start, end;

    type_and_enter (f, unknown);
    WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (entry), unknown) == 0);
    g_assert_true (gtk_editable_get_selection_bounds (entry, &start, &end));
    g_assert_cmpint (start, ==, 0);
    g_assert_cmpint (end, ==, (int) strlen (unknown));
    g_assert_cmpuint (n_lines (f), ==, 2);
    g_assert_cmpint (dis_cart_get_total (f->cart), ==, 850);
  }
}

static void
test_weight_label (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *label = dis_weight_code_build (DIS_WEIGHT_CODE_WEIGHT, 456, 350);

  type_and_enter (f, label);
  WAIT_UNTIL (n_lines (f) == 1);

  g_assert_cmpint (line_product (f, 0), ==, f->ids[P_FORMAGGIO]);
  g_assert_cmpint (line_quantity (f, 0), ==, 350);
  /* 18,00/kg × 0,350 kg */
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 630);
  /* No weight asked: the label carries it. */
  dis_test_destroy_dialogs ();
}

static void
test_search_and_weight_prompt (Fixture       *f,
                               gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;
  GtkWidget *entry;

  /* Enter before the results arrive picks the first one. */
  type_and_enter (f, "carnar");
  WAIT_UNTIL (n_lines (f) == 1);
  g_assert_cmpint (line_product (f, 0), ==, f->ids[P_RISO]);
  g_assert_cmpstr (gtk_editable_get_text (search_entry (f)), ==, "");

  /* A weighed product from the search asks for the weight. */
  type_and_enter (f, "renette");
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       dialog == NULL && g_get_monotonic_time () < end;)
    {
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window))
            dialog = ADW_MESSAGE_DIALOG (window);
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_nonnull (dialog);
  g_assert_cmpuint (n_lines (f), ==, 1);

  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));

  gtk_editable_set_text (GTK_EDITABLE (entry), "abc");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "0,5");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (entry, "activate");

  WAIT_UNTIL (n_lines (f) == 2);
  /* Enter adds and closes, as the Add button does. */
  WAIT_UNTIL (dialog == NULL);
  g_assert_cmpint (line_product (f, 1), ==, f->ids[P_MELE]);
  g_assert_cmpint (line_quantity (f, 1), ==, 500);
  /* 3,20 + 2,40/kg × 0,5 kg */
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 320 + 120);
}

static GtkWidget *
tier_button (Fixture *f,
             DisTier  tier)
{
  GtkWidget *selector = dis_test_find_named (GTK_WIDGET (f->page), DIS_TYPE_TIER_SELECTOR, NULL);
  GtkWidget *box;
  GtkWidget *child;

  g_assert_nonnull (selector);
  box = gtk_widget_get_first_child (selector);
  child = gtk_widget_get_first_child (box);
  for (guint i = 0; i < tier; i++)
    child = gtk_widget_get_next_sibling (child);

  g_assert_true (GTK_IS_TOGGLE_BUTTON (child));
  return child;
}

static void
test_tier_switch (Fixture       *f,
                  gconstpointer  data)
{
  GtkLabel *total_label = GTK_LABEL (dis_test_find_named (GTK_WIDGET (f->page), GTK_TYPE_LABEL, "till-total"));
  g_autofree char *equa = dis_money_format (450 + 200);
  g_autofree char *solidale = NULL;
  gint64 solidale_total;

  g_assert_nonnull (total_label);

  scan (f, P_CAFFE);
  scan (f, P_PASSATA);

  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_EQUA);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (tier_button (f, DIS_TIER_EQUA))));
  g_assert_cmpstr (gtk_label_get_label (total_label), ==, equa);

  solidale_total = dis_cart_get_total_at (f->cart, DIS_TIER_SOLIDALE);
  g_assert_cmpint (solidale_total, >, 650);
  solidale = dis_money_format (solidale_total);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.tier", "i", DIS_TIER_SOLIDALE));
  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_SOLIDALE);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, solidale_total);
  g_assert_cmpstr (gtk_label_get_label (total_label), ==, solidale);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (tier_button (f, DIS_TIER_SOLIDALE))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (tier_button (f, DIS_TIER_EQUA))));

  /* Clicking the Equa button goes back. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tier_button (f, DIS_TIER_EQUA)), TRUE);
  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_EQUA);
  g_assert_cmpstr (gtk_label_get_label (total_label), ==, equa);
}

static void
test_anonymous_not_accessibile (Fixture       *f,
                                gconstpointer  data)
{
  DisTierSelector *selector = DIS_TIER_SELECTOR (dis_test_find_named (GTK_WIDGET (f->page), DIS_TYPE_TIER_SELECTOR, NULL));
  const char *caption;

  scan (f, P_MIELE);

  g_assert_false (gtk_widget_get_sensitive (tier_button (f, DIS_TIER_ACCESSIBILE)));
  g_assert_false (gtk_widget_get_sensitive (tier_button (f, DIS_TIER_IMPEGNO)));
  g_assert_true (gtk_widget_get_sensitive (tier_button (f, DIS_TIER_EQUA)));
  g_assert_true (gtk_widget_get_sensitive (tier_button (f, DIS_TIER_SOLIDALE)));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.tier", "i", DIS_TIER_ACCESSIBILE);
  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_EQUA);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 700);

  /* Forcing the toggle does not change the tier either. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tier_button (f, DIS_TIER_ACCESSIBILE)), TRUE);
  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_EQUA);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (tier_button (f, DIS_TIER_ACCESSIBILE))));

  /* The reason is shown. */
  g_assert_nonnull (dis_tier_selector_get_reason (selector, DIS_TIER_ACCESSIBILE));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (tier_button (f, DIS_TIER_ACCESSIBILE)), ==,
                   dis_tier_selector_get_reason (selector, DIS_TIER_ACCESSIBILE));
  caption = dis_tier_selector_get_caption (selector);
  g_assert_nonnull (strstr (caption, "Accessibile"));
  g_assert_nonnull (strstr (caption, dis_tier_selector_get_reason (selector, DIS_TIER_ACCESSIBILE)));

  /* A member eligible for everything may then choose Accessibile. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    GDate today;
    DisBuyer member = {
      .is_member = TRUE,
      .status = DIS_MEMBER_VALIDATED,
      .volume_12m_cents = 100000,
      .documentation_acknowledged = TRUE,
      .has_declaration = TRUE,
      .basis = DIS_BASIS_CERTIFICATE,
      .preferred_tier = DIS_TIER_ACCESSIBILE,
    };

    g_date_clear (&today, 1);
    g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                    g_date_time_get_month (now), g_date_time_get_year (now));
    member.registered_julian = g_date_get_julian (&today) - 365;
    member.basis_expires_julian = g_date_get_julian (&today) + 100;

    dis_till_page_set_buyer (f->page, &member);
    g_assert_true (gtk_widget_get_sensitive (tier_button (f, DIS_TIER_ACCESSIBILE)));
    gtk_widget_activate_action (GTK_WIDGET (f->page), "till.tier", "i", DIS_TIER_ACCESSIBILE);
    g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_ACCESSIBILE);

    /* Back to a walk-in: the tier falls back to Equa. */
    dis_till_page_set_buyer (f->page, NULL);
    g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_EQUA);
    g_assert_false (gtk_widget_get_sensitive (tier_button (f, DIS_TIER_ACCESSIBILE)));
  }
}

static gboolean
row_is_for (GtkWidget     *row,
            gconstpointer  product_id)
{
  DisCartLine *line = dis_cart_row_get_line (DIS_CART_ROW (row));

  return line && dis_product_get_id (dis_cart_line_get_product (line)) == *(const gint64 *) product_id;
}

static DisCartRow *
find_row_for (GtkWidget *root,
              gint64     product_id)
{
  return (DisCartRow *) dis_test_find_widget (root, DIS_TYPE_CART_ROW, row_is_for, &product_id);
}

static void
test_remove_undo (Fixture       *f,
                  gconstpointer  data)
{
  DisCartRow *row = NULL;

  scan (f, P_CAFFE);
  scan (f, P_PASSATA);
  scan (f, P_PASSATA);
  scan (f, P_VINO);
  g_assert_cmpuint (n_lines (f), ==, 3);

  WAIT_UNTIL ((row = find_row_for (GTK_WIDGET (f->page), f->ids[P_PASSATA])) != NULL);
  g_signal_emit_by_name (row, "remove");

  g_assert_cmpuint (n_lines (f), ==, 2);
  g_assert_cmpint (line_product (f, 0), ==, f->ids[P_CAFFE]);
  g_assert_cmpint (line_product (f, 1), ==, f->ids[P_VINO]);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 450 + 900);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.undo-remove", NULL));
  g_assert_cmpuint (n_lines (f), ==, 3);
  g_assert_cmpint (line_product (f, 1), ==, f->ids[P_PASSATA]);
  g_assert_cmpint (line_quantity (f, 1), ==, 2000);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 450 + 400 + 900);

  /* Only once. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.undo-remove", NULL);
  g_assert_cmpuint (n_lines (f), ==, 3);
}

static void
test_pay_cash (Fixture       *f,
               gconstpointer  data)
{
  DisPaymentView *view;
  DisPaymentSplit split;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  gboolean receipt_shown = FALSE;
  DisPayment *payment;

  view = DIS_PAYMENT_VIEW (dis_test_find_named (GTK_WIDGET (f->page), DIS_TYPE_PAYMENT_VIEW, NULL));
  g_assert_nonnull (view);

  /* Nothing to pay yet. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.pay", NULL);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));

  scan (f, P_CAFFE);
  scan (f, P_PASSATA);
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 650);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.pay", NULL));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_cmpint (dis_payment_view_get_total (view), ==, 650);

  /* Not enough cash: not valid. */
  dis_payment_view_set_cash_text (view, "5");
  g_assert_false (dis_payment_view_get_split (view, NULL));

  dis_payment_view_set_cash_text (view, "10,00");
  g_assert_true (dis_payment_view_get_split (view, &split));
  g_assert_cmpint (split.cash, ==, 650);
  g_assert_cmpint (split.card, ==, 0);
  g_assert_cmpint (split.change, ==, 350);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "payment.confirm", NULL));
  WAIT_UNTIL (dis_cart_is_empty (f->cart));

  sale = dis_store_get_last_sale (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sale);
  g_assert_cmpint (sale->total, ==, 650);
  g_assert_cmpint (sale->tier, ==, DIS_TIER_EQUA);
  g_assert_cmpuint (sale->lines->len, ==, 2);
  g_assert_cmpuint (sale->payments->len, ==, 1);
  payment = g_ptr_array_index (sale->payments, 0);
  g_assert_cmpint (payment->method, ==, DIS_PAYMENT_CASH);
  g_assert_cmpint (payment->amount, ==, 650);
  g_assert_cmpint (sale->cash_tendered, ==, 1000);
  g_assert_cmpint (sale->change_due, ==, 350);
  g_assert_cmpstr (sale->operator_name, ==, "Anna");

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DIS_IS_RECEIPT_DIALOG (window))
        receipt_shown = TRUE;
    }
  g_assert_true (receipt_shown);
  dis_test_destroy_dialogs ();

  /* Back to the idle till. */
  WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (view)));
}

static void
test_pay_split (Fixture       *f,
                gconstpointer  data)
{
  DisPaymentView *view;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  DisPayment *cash;
  DisPayment *card;

  view = DIS_PAYMENT_VIEW (dis_test_find_named (GTK_WIDGET (f->page), DIS_TYPE_PAYMENT_VIEW, NULL));
  scan (f, P_VINO);
  scan (f, P_VINO);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.pay", NULL));
  dis_payment_view_set_mode (view, DIS_PAYMENT_MODE_SPLIT);
  dis_payment_view_set_cash_text (view, "5");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "payment.confirm", NULL));
  WAIT_UNTIL (dis_cart_is_empty (f->cart));

  sale = dis_store_get_last_sale (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sale->total, ==, 1800);
  g_assert_cmpuint (sale->payments->len, ==, 2);
  cash = g_ptr_array_index (sale->payments, 0);
  card = g_ptr_array_index (sale->payments, 1);
  g_assert_cmpint (cash->method, ==, DIS_PAYMENT_CASH);
  g_assert_cmpint (cash->amount, ==, 500);
  g_assert_cmpint (card->method, ==, DIS_PAYMENT_CARD);
  g_assert_cmpint (card->amount, ==, 1300);
}

static void
test_day_closed_keeps_cart (Fixture       *f,
                            gconstpointer  data)
{
  DisPaymentView *view;
  g_autoptr(GError) error = NULL;
  DisDayReport *report;
  g_autoptr(DisSale) sale = NULL;
  GtkWidget *error_label;

  view = DIS_PAYMENT_VIEW (dis_test_find_named (GTK_WIDGET (f->page), DIS_TYPE_PAYMENT_VIEW, NULL));
  scan (f, P_CECI);

  report = dis_store_close_day (f->store, f->operator, 10000, &error);
  g_assert_no_error (error);
  dis_day_report_free (report);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.pay", NULL));
  dis_payment_view_set_mode (view, DIS_PAYMENT_MODE_CARD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "payment.confirm", NULL));

  /* The commit fails: the cart stays and the till can take input again. */
  error_label = dis_test_find_named (GTK_WIDGET (view), GTK_TYPE_LABEL, "payment-error");
  g_assert_nonnull (error_label);
  WAIT_UNTIL (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "day is closed"));
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_lines (f), ==, 1);
  sale = dis_store_get_last_sale (f->store, &error);
  g_assert_no_error (error);
  g_assert_null (sale);
}

static void
test_park_resume (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GError) error = NULL;
  DisParkedCart *entry;

  scan (f, P_CAFFE);
  scan (f, P_CAFFE);
  scan (f, P_RISO);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.tier", "i", DIS_TIER_SOLIDALE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.park", NULL));
  /* The label asked is the first product's unless one is typed. */
  respond_park_dialog (NULL);
  WAIT_UNTIL (dis_cart_is_empty (f->cart));
  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_EQUA);

  parked = dis_store_list_parked_carts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parked->len, ==, 1);
  entry = g_ptr_array_index (parked, 0);
  g_assert_cmpint (entry->n_lines, ==, 2);
  g_assert_nonnull (strstr (entry->label, "Caffè"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.resume-parked", "x", entry->id));
  WAIT_UNTIL (n_lines (f) == 2);
  g_assert_cmpint (line_product (f, 0), ==, f->ids[P_CAFFE]);
  g_assert_cmpint (line_quantity (f, 0), ==, 2000);
  g_assert_cmpint (line_product (f, 1), ==, f->ids[P_RISO]);
  g_assert_cmpint (line_quantity (f, 1), ==, 1000);
  g_assert_cmpint (dis_cart_get_tier (f->cart), ==, DIS_TIER_SOLIDALE);

  g_clear_pointer (&parked, g_ptr_array_unref);
  parked = dis_store_list_parked_carts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parked->len, ==, 0);
}

static void
test_actions_state (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOperator) volunteer = NULL;
  g_autoptr(GPtrArray) parked = NULL;
  GtkWidget *view = dis_test_find_named (GTK_WIDGET (f->page), DIS_TYPE_PAYMENT_VIEW, NULL);
  GtkWidget *pay = NULL;

  /* The Pay button follows till.pay. */
  {
    GtkWidget *footer_total = dis_test_find_named (GTK_WIDGET (f->page), GTK_TYPE_LABEL, "till-total");
    GtkWidget *footer = gtk_widget_get_parent (gtk_widget_get_parent (footer_total));

    pay = gtk_widget_get_last_child (footer);
    g_assert_true (GTK_IS_BUTTON (pay));
  }

  /* Empty cart: no pay, no park, no void. */
  g_assert_false (gtk_widget_get_sensitive (pay));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.pay", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.park", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.clear", NULL);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (gtk_widget_get_mapped (view));
  g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
  parked = dis_store_list_parked_carts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parked->len, ==, 0);

  scan (f, P_PASTA);
  g_assert_true (gtk_widget_get_sensitive (pay));

  /* Void asks first. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.clear", NULL);
  g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 1);
  g_assert_cmpuint (n_lines (f), ==, 1);
  dis_test_destroy_dialogs ();

  /* A responsabile may refund; a volontario may not. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.refund", NULL);
  g_assert_cmpuint (count_toplevels (ADW_TYPE_WINDOW), ==, 1);
  dis_test_destroy_dialogs ();

  volunteer = dis_store_create_operator (f->store, f->operator, "Bruno", "5678",
                                         DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  dis_till_page_set_operator (f->page, volunteer);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.refund", NULL);
  g_assert_cmpuint (count_toplevels (ADW_TYPE_WINDOW), ==, 0);
}


int
main (int   argc,
      char *argv[])
{
  /* Accessible properties kept in memory, for the names screen readers
   * read (the suite turns the accessibility bus off). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  dis_test_gtk_init (&argc, &argv);
  /* Pulls the app's resources out of the static library. */
  g_assert_nonnull (dis_app_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/till/scan", test_scan);
  ADD ("/till/weight-label", test_weight_label);
  ADD ("/till/search-weight-prompt", test_search_and_weight_prompt);
  ADD ("/till/tier-switch", test_tier_switch);
  ADD ("/till/anonymous-not-accessibile", test_anonymous_not_accessibile);
  ADD ("/till/remove-undo", test_remove_undo);
  ADD ("/till/pay-cash", test_pay_cash);
  ADD ("/till/pay-split", test_pay_split);
  ADD ("/till/day-closed-keeps-cart", test_day_closed_keeps_cart);
  ADD ("/till/park-resume", test_park_resume);
  ADD ("/till/park-label", test_park_label);
  ADD ("/till/added-in-sight", test_added_in_sight);
  ADD ("/till/undo-in-sight", test_undo_in_sight);
  ADD ("/till/resume-in-sight", test_resume_in_sight);
  ADD ("/till/changed-in-sight", test_changed_in_sight);
  ADD ("/till/quantity-key", test_quantity_key);
  ADD ("/till/accessible-names", test_accessible_names);
  ADD ("/till/quantity-shortcut-listed", test_quantity_shortcut_listed);
  ADD ("/till/actions", test_actions_state);
  ADD ("/till/refund-needs-manager", test_refund_needs_manager);
  ADD ("/till/toast-tier-refused", test_toast_tier_refused);
  ADD ("/till/focus-after-dialog", test_focus_after_dialog);
  ADD ("/till/focus-after-menu", test_focus_after_menu);
  ADD ("/till/focus-after-row-click", test_focus_after_row_click);
  g_test_add ("/till/no-open-day", Fixture, NO_OPEN_DAY, fixture_setup, test_no_open_day, fixture_teardown);
  ADD ("/till/toast-unknown-code", test_toast_unknown_code);
  ADD ("/till/unknown-code-not-queued", test_unknown_code_not_queued);
  ADD ("/till/leftover-code-after-dialog", test_leftover_code_after_dialog);
  ADD ("/till/parked-list-fails", test_parked_list_fails);
  ADD ("/till/parked-closed-with-window", test_parked_closed_with_window);
  ADD ("/till/buyer-closed-with-window", test_buyer_closed_with_window);
  ADD ("/till/menu-closed-with-window", test_menu_closed_with_window);
  ADD ("/till/quantity-closed-with-window", test_quantity_closed_with_window);

  return g_test_run ();
}
