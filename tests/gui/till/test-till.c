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

/* Iterates the main context until @cond holds; fails after 5 s. */
#define WAIT_UNTIL(cond) DIS_TEST_WAIT_UNTIL (cond, 5)

enum {
  P_CAFFE,      /* piece, 4,50 */
  P_PASSATA,    /* piece, 2,00 */
  P_PASTA,      /* piece, 1,80 */
  P_RISO,       /* piece, 3,20 */
  P_MIELE,      /* piece, 7,00 */
  P_VINO,       /* piece, 9,00 */
  P_CECI,       /* piece, 2,60 */
  P_OLIO,       /* l, 10,00/l */
  P_MELE,       /* kg, 2,40/kg, PLU 123 */
  P_FORMAGGIO,  /* kg, 18,00/kg, PLU 456, no EAN */
  N_PRODUCTS
};

static const struct {
  const char *code;
  const char *name;
  DisUnit     unit;
  guint       vat;
  const char *ean12;     /* without check digit, NULL = none */
  guint       plu;
  gint64      equa;
} catalog[N_PRODUCTS] = {
  { "caffe",     "Caffè Chiapas",        DIS_UNIT_PIECE, 22, "800100000001", 0,   450 },
  { "passata",   "Passata di pomodoro",  DIS_UNIT_PIECE, 4,  "800100000002", 0,   200 },
  { "pasta",     "Pasta di grano duro",  DIS_UNIT_PIECE, 4,  "800100000003", 0,   180 },
  { "riso",      "Riso Carnaroli",       DIS_UNIT_PIECE, 4,  "800100000004", 0,   320 },
  { "miele",     "Miele di castagno",    DIS_UNIT_PIECE, 10, "800100000005", 0,   700 },
  { "vino",      "Vino Barbera",         DIS_UNIT_PIECE, 22, "800100000006", 0,   900 },
  { "ceci",      "Ceci secchi",          DIS_UNIT_PIECE, 4,  "800100000007", 0,   260 },
  { "olio",      "Olio extravergine",    DIS_UNIT_L,     4,  "800100000008", 0,  1000 },
  { "mele",      "Mele renette",         DIS_UNIT_KG,    4,  "800100000009", 123, 240 },
  { "formaggio", "Toma piemontese",      DIS_UNIT_KG,    4,  NULL,           456, 1800 },
};

/* Fixture data: the day is left closed. */
#define NO_OPEN_DAY GINT_TO_POINTER (1)

typedef struct
{
  char        *dir;
  DisStore    *store;
  DisOperator *operator;
  GtkWindow   *window;
  AdwToastOverlay *window_overlay;
  DisTillPage *page;
  DisCart     *cart;
  char        *eans[N_PRODUCTS];
  gint64       ids[N_PRODUCTS];
} Fixture;

static char *
make_ean (const char *ean12)
{
  int check = dis_ean_check_digit (ean12, 12);

  g_assert_cmpint (check, >=, 0);
  return g_strdup_printf ("%s%d", ean12, check);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DisDayReport *day;

  f->dir = dis_test_tmpdir_new ("dis-till");
  path = g_build_filename (f->dir, "punto.db", NULL);

  f->store = dis_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (dis_store_set_identity (f->store, "TO-TST", "Punto di prova", "C1", &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_upsert_supplier (f->store, "libera", "Libera Terra", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      DisProductRecord record = { 0, };

      f->eans[i] = catalog[i].ean12 ? make_ean (catalog[i].ean12) : NULL;
      record.code = (char *) catalog[i].code;
      record.name = (char *) catalog[i].name;
      record.kind = DIS_PRODUCT_BASKET;
      record.unit = catalog[i].unit;
      record.vat_rate = catalog[i].vat;
      record.ean = f->eans[i];
      record.plu = catalog[i].plu;
      record.supplier_code = (char *) "libera";
      record.category = (char *) "Dispensa";
      record.equa_cents = catalog[i].equa;

      f->ids[i] = dis_store_upsert_product (f->store, &record, &error);
      g_assert_no_error (error);
      g_assert_cmpint (f->ids[i], >, 0);
    }

  f->operator = dis_store_create_operator (f->store, NULL, "Anna", "1234",
                                           DIS_ROLE_RESPONSABILE, &error);
  g_assert_no_error (error);
  if (data != NO_OPEN_DAY)
    {
      day = dis_store_open_day (f->store, f->operator, 10000, &error);
      g_assert_no_error (error);
      dis_day_report_free (day);
    }

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1024, 700);
  f->page = DIS_TILL_PAGE (dis_till_page_new ());
  /* As in the real window: the page inside the window's toast overlay. */
  f->window_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (f->window_overlay, GTK_WIDGET (f->page));
  gtk_window_set_child (f->window, GTK_WIDGET (f->window_overlay));
  dis_till_page_set_store (f->page, f->store);
  dis_till_page_set_operator (f->page, f->operator);
  f->cart = dis_till_page_get_cart (f->page);
  gtk_window_present (f->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dis_test_destroy_dialogs ();
  gtk_window_destroy (f->window);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  g_clear_object (&f->operator);
  g_clear_object (&f->store);
  for (guint i = 0; i < N_PRODUCTS; i++)
    g_free (f->eans[i]);

  dis_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* ---- Widget lookup ------------------------------------------------------ */

static GtkEditable *
search_entry (Fixture *f)
{
  GtkWidget *entry = dis_test_find_named (GTK_WIDGET (f->page), GTK_TYPE_SEARCH_ENTRY, NULL);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

static void
type_and_enter (Fixture    *f,
                const char *text)
{
  GtkEditable *entry = search_entry (f);

  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "activate");
}

static gint64
line_quantity (Fixture *f,
               guint    position)
{
  g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (f->cart), position);

  g_assert_nonnull (line);
  return dis_cart_line_get_quantity (line);
}

static gint64
line_product (Fixture *f,
              guint    position)
{
  g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (f->cart), position);

  g_assert_nonnull (line);
  return dis_product_get_id (dis_cart_line_get_product (line));
}

static guint
n_lines (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->cart));
}

static void
scan (Fixture *f,
      guint    product)
{
  guint before = n_lines (f);
  gint64 total = dis_cart_get_total (f->cart);

  type_and_enter (f, f->eans[product]);
  WAIT_UNTIL (n_lines (f) != before || dis_cart_get_total (f->cart) != total);
}

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

static DisParkDialog *
wait_park_dialog (void)
{
  GtkWindow *dialog = NULL;

  WAIT_UNTIL ((dialog = dis_test_find_shown_toplevel (DIS_TYPE_PARK_DIALOG)) != NULL);
  return DIS_PARK_DIALOG (dialog);
}

/* Types @label (NULL: keeps the one suggested) and presses Enter, as the
 * volunteer would. */
static void
respond_park_dialog (const char *label)
{
  DisParkDialog *dialog = wait_park_dialog ();
  GtkWidget *entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));

  g_assert_true (gtk_widget_has_focus (entry) || gtk_widget_get_focus_child (entry) != NULL);
  if (label != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), label);
  g_signal_emit_by_name (entry, "activate");
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

static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        n++;
    }

  return n;
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

/* ---- Toasts ------------------------------------------------------------- */

static gboolean
is_toast (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0 &&
         gtk_widget_get_mapped (widget);
}

static GtkWidget *
shown_toast (Fixture *f)
{
  return dis_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_WIDGET, is_toast, NULL);
}

static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* The toast never covers what the buyer looks at: the tier buttons with
 * their totals, and the total. */
static void
assert_toast_clear_of_prices (Fixture *f)
{
  GtkWidget *selector = dis_test_find_named (GTK_WIDGET (f->page), DIS_TYPE_TIER_SELECTOR, NULL);
  GtkWidget *total = dis_test_find_named (GTK_WIDGET (f->page), GTK_TYPE_LABEL, "till-total");
  GtkWidget *toast = NULL;
  graphene_rect_t toast_box, box;

  WAIT_UNTIL ((toast = shown_toast (f)) != NULL);
  /* The toast slides in: look once it is in place. */
  settle (600);
  toast = shown_toast (f);
  g_assert_nonnull (toast);

  g_assert_true (gtk_widget_compute_bounds (toast, GTK_WIDGET (f->window), &toast_box));
  g_assert_true (gtk_widget_compute_bounds (selector, GTK_WIDGET (f->window), &box));
  g_assert_false (graphene_rect_intersection (&toast_box, &box, NULL));
  g_assert_true (gtk_widget_compute_bounds (total, GTK_WIDGET (f->window), &box));
  g_assert_false (graphene_rect_intersection (&toast_box, &box, NULL));
  /* Nor the search entry the volunteer types in. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (search_entry (f)), GTK_WIDGET (f->window), &box));
  g_assert_false (graphene_rect_intersection (&toast_box, &box, NULL));
}

static void
test_toast_tier_refused (Fixture       *f,
                         gconstpointer  data)
{
  scan (f, P_CAFFE);

  /* Of the page itself: a tier the buyer may not have. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.tier", "i", DIS_TIER_ACCESSIBILE);
  assert_toast_clear_of_prices (f);
}

static void
test_toast_unknown_code (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *unknown = make_ean ("800999999999");

  scan (f, P_CAFFE);

  /* Of the search inside the page: an unknown code. */
  type_and_enter (f, unknown);
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (search_entry (f)), unknown) == 0);
  assert_toast_clear_of_prices (f);
}

static gboolean
is_toast_saying (GtkWidget     *widget,
                 gconstpointer  text)
{
  return is_toast (widget, NULL) && dis_test_find_text (widget, GTK_TYPE_LABEL, text, DIS_TEST_MATCH_EXACT) != NULL;
}

/* A message already showing (the welcome after signing in) does not hold
 * the unknown code back until it has gone: the next scan depends on it. */
static void
test_unknown_code_not_queued (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *unknown = make_ean ("800999999999");
  g_autofree char *said = g_strdup_printf ("Unknown code %s", unknown);

  dis_ui_message (GTK_WIDGET (search_entry (f)), "Good work, Anna");
  WAIT_UNTIL (dis_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_WIDGET, is_toast_saying, "Good work, Anna") != NULL);

  type_and_enter (f, unknown);
  /* Well before the welcome's own four seconds are over. */
  DIS_TEST_WAIT_UNTIL (dis_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_WIDGET, is_toast_saying, said) != NULL, 2);
}

/* ---- Focus and the business day ----------------------------------------- */

static gboolean
search_has_focus (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *entry = GTK_WIDGET (search_entry (f));

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static GtkWidget *
template_child (Fixture    *f,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->page), DIS_TYPE_TILL_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* A dialog of the window (the day dialog after signing in) goes, however
 * it goes: the next scan reaches the search, not a button. */
static void
test_focus_after_dialog (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *dialog;

  g_assert_true (search_has_focus (f));
  dialog = dis_day_dialog_new (f->window, f->store, f->operator, DIS_DAY_DIALOG_CLOSE);
  gtk_window_present (GTK_WINDOW (dialog));
  /* Meanwhile the main window's focus moved to a button. */
  gtk_widget_grab_focus (template_child (f, "menu_button"));
  g_assert_false (search_has_focus (f));

  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (search_has_focus (f));

  scan (f, P_PASTA);
  g_assert_cmpuint (n_lines (f), ==, 1);
}

static void
test_focus_after_menu (Fixture       *f,
                       gconstpointer  data)
{
  GtkMenuButton *menu = GTK_MENU_BUTTON (template_child (f, "menu_button"));
  GtkPopover *popover = gtk_menu_button_get_popover (menu);

  gtk_menu_button_popup (menu);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  g_assert_false (search_has_focus (f));
  gtk_popover_popdown (popover);
  WAIT_UNTIL (search_has_focus (f));
}

/* No open day: the till says so at once, before the first line, and
 * offers to open it. */
static void
test_no_open_day (Fixture       *f,
                  gconstpointer  data)
{
  GtkRevealer *revealer = GTK_REVEALER (template_child (f, "day_revealer"));
  /* Not the dialog's "Open Day": a screen reader (and the end-to-end
   * tests) would press this one again. */
  GtkWidget *button = dis_test_get_text (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "Open the Day…");
  g_autoptr(DisDayReport) day = NULL;
  GtkWindow *dialog;

  WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpuint (n_lines (f), ==, 0);
  g_assert_true (gtk_widget_is_sensitive (button));

  dis_test_click (button);
  WAIT_UNTIL ((dialog = dis_test_find_shown_toplevel (DIS_TYPE_DAY_DIALOG)) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), DIS_TYPE_DAY_DIALOG,
                                                                      "float_entry")),
                         "50");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "day.open", NULL));

  /* Opened: the bar goes, the search is ready for the first scan. */
  WAIT_UNTIL (!gtk_revealer_get_reveal_child (revealer));
  WAIT_UNTIL (dis_test_find_shown_toplevel (DIS_TYPE_DAY_DIALOG) == NULL);
  WAIT_UNTIL (search_has_focus (f));
  day = dis_store_get_open_day (f->store, NULL);
  g_assert_nonnull (day);
  g_assert_cmpint (day->opening_float, ==, 5000);

  /* Closed elsewhere (the window's Close Day): said again when its
   * dialog goes. */
  {
    g_autoptr(DisDayReport) closed = dis_store_close_day (f->store, f->operator, 5000, NULL);
    GtkWidget *other = dis_day_dialog_new (f->window, f->store, f->operator, DIS_DAY_DIALOG_CLOSE);

    g_assert_nonnull (closed);
    gtk_window_present (GTK_WINDOW (other));
    gtk_window_destroy (GTK_WINDOW (other));
    WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer));
  }
}

/* F5 asks for a label, as the help says; the list shows it. */
static void
test_park_label (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GError) error = NULL;
  DisParkDialog *dialog;
  GtkWidget *entry;
  GtkWidget *row = NULL;
  int start, end;

  scan (f, P_MIELE);
  scan (f, P_VINO);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.park", NULL));
  dialog = wait_park_dialog ();
  entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  /* The first product is offered, selected: typing replaces it. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Miele di castagno");
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  g_assert_cmpint (end - start, ==, g_utf8_strlen ("Miele di castagno", -1));

  /* Cancel: nothing parked, the cart stays, the search is ready. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (search_has_focus (f));
  g_assert_cmpuint (n_lines (f), ==, 2);
  parked = dis_store_list_parked_carts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parked->len, ==, 0);
  g_clear_pointer (&parked, g_ptr_array_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.park", NULL));
  respond_park_dialog ("Signora col cane");
  WAIT_UNTIL (dis_cart_is_empty (f->cart));
  WAIT_UNTIL (search_has_focus (f));

  parked = dis_store_list_parked_carts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parked->len, ==, 1);
  g_assert_cmpstr (((DisParkedCart *) g_ptr_array_index (parked, 0))->label, ==, "Signora col cane");

  /* F6: the list reads it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.resume", NULL));
  WAIT_UNTIL ((row = dis_test_find_text (GTK_WIDGET (f->page), DIS_TYPE_PARKED_CART_ROW,
                                         "Signora col cane", DIS_TEST_MATCH_EXACT)) != NULL &&
              gtk_widget_get_mapped (row));
  /* Wide enough to read (it was 60 px, a letter per line). */
  WAIT_UNTIL (gtk_widget_get_width (row) >= 300);
}

/* Ctrl+R as a volunteer: no refund dialog, but the till says who can. */
static void
test_refund_needs_manager (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOperator) volunteer = NULL;

  volunteer = dis_store_create_operator (f->store, f->operator, "Bruno", "5678",
                                         DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  dis_till_page_set_operator (f->page, volunteer);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.refund", NULL));
  WAIT_UNTIL (dis_test_find_text (GTK_WIDGET (f->window), GTK_TYPE_LABEL,
                                  "Only a point manager can refund a sale", DIS_TEST_MATCH_PREFIX) != NULL);
  g_assert_cmpuint (count_toplevels (ADW_TYPE_WINDOW), ==, 0);
  assert_toast_clear_of_prices (f);
}

/* ---- The line in sight, its quantity from the keyboard ------------------ */

static gboolean
row_has_line (GtkWidget     *row,
              gconstpointer  line)
{
  return dis_cart_row_get_line (DIS_CART_ROW (row)) == line && gtk_widget_get_mapped (row);
}

/* The row of @line is inside the cart's visible area. */
static gboolean
line_in_sight (Fixture     *f,
               DisCartLine *line)
{
  GtkWidget *row = dis_test_find_widget (GTK_WIDGET (f->page), DIS_TYPE_CART_ROW, row_has_line, line);
  GtkWidget *scroller;
  graphene_rect_t box;

  if (row == NULL)
    return FALSE;

  scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  if (!gtk_widget_compute_bounds (row, scroller, &box))
    return FALSE;

  return box.origin.y >= -0.5 && box.origin.y + box.size.height <= gtk_widget_get_height (scroller) + 0.5;
}

/* Once the cart is laid out (a row may show a stale place for a frame). */
static void
assert_in_sight (Fixture     *f,
                 DisCartLine *line)
{
  settle (300);
  g_assert_true (line_in_sight (f, line));
}

static GtkAdjustment *
cart_adjustment (Fixture *f)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (template_child (f, "cart_view"), GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

/* More lines than the cart shows: @n products of their own, one each. */
static void
fill_cart (Fixture *f,
           guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DisProduct) product = NULL;
      g_autofree char *code = g_strdup_printf ("extra-%u", i);
      g_autofree char *name = g_strdup_printf ("Prodotto %u", i);
      DisProductRecord record = { 0, };
      gint64 id;

      record.code = code;
      record.name = name;
      record.kind = DIS_PRODUCT_BASKET;
      record.unit = DIS_UNIT_PIECE;
      record.vat_rate = 4;
      record.supplier_code = (char *) "libera";
      record.category = (char *) "Dispensa";
      record.equa_cents = 100 + i;
      id = dis_store_upsert_product (f->store, &record, &error);
      g_assert_no_error (error);
      product = dis_store_lookup_product (f->store, id, &error);
      g_assert_no_error (error);
      dis_cart_add (f->cart, product, 1000, FALSE);
    }
  settle (200);
}

/* Presses @keyval in the search entry, as the keyboard would. */
static void
press_key (Fixture *f,
           guint    keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (search_entry (f)));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }

  g_assert_true (handled);
}

/* Scanned with the cart scrolled away: the new line comes in sight; the
 * same product scanned again, its line at the top, comes back in sight. */
static void
test_added_in_sight (Fixture       *f,
                     gconstpointer  data)
{
  GtkAdjustment *adjustment = cart_adjustment (f);
  g_autoptr(DisCartLine) first = NULL;
  g_autoptr(DisCartLine) last = NULL;

  scan (f, P_PASTA);
  fill_cart (f, 30);
  first = g_list_model_get_item (G_LIST_MODEL (f->cart), 0);
  assert_in_sight (f, first);

  scan (f, P_CAFFE);
  last = g_list_model_get_item (G_LIST_MODEL (f->cart), 31);
  g_assert_cmpint (line_product (f, 31), ==, f->ids[P_CAFFE]);
  assert_in_sight (f, last);
  g_assert_false (line_in_sight (f, first));

  /* The first line's product again: one more piece on it, in sight. */
  scan (f, P_PASTA);
  g_assert_cmpuint (n_lines (f), ==, 32);
  g_assert_cmpint (dis_cart_line_get_quantity (first), ==, 2000);
  assert_in_sight (f, first);

  gtk_adjustment_set_value (adjustment, 0);
  settle (200);
  g_assert_false (line_in_sight (f, last));
  scan (f, P_CAFFE);
  g_assert_cmpint (dis_cart_line_get_quantity (last), ==, 2000);
  assert_in_sight (f, last);
}

/* Removed at the top, undone with the cart scrolled to the bottom: the
 * line comes back in sight. */
static void
test_undo_in_sight (Fixture       *f,
                    gconstpointer  data)
{
  GtkAdjustment *adjustment = cart_adjustment (f);
  g_autoptr(DisCartLine) first = NULL;
  DisCartRow *row;

  fill_cart (f, 30);
  first = g_list_model_get_item (G_LIST_MODEL (f->cart), 0);
  assert_in_sight (f, first);

  row = DIS_CART_ROW (dis_test_find_widget (GTK_WIDGET (f->page), DIS_TYPE_CART_ROW, row_has_line, first));
  g_signal_emit_by_name (row, "remove");
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  settle (200);
  g_assert_false (line_in_sight (f, first));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.undo-remove", NULL));
  assert_in_sight (f, first);
}

/* Parked and resumed: the sale goes on from its last line, in sight. */
static void
test_resume_in_sight (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(DisCartLine) last = NULL;

  fill_cart (f, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.park", NULL));
  respond_park_dialog (NULL);
  WAIT_UNTIL (dis_cart_is_empty (f->cart));

  parked = dis_store_list_parked_carts (f->store, NULL);
  g_assert_cmpuint (parked->len, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.resume-parked", "x",
                                             ((DisParkedCart *) g_ptr_array_index (parked, 0))->id));
  WAIT_UNTIL (n_lines (f) == 30);
  last = g_list_model_get_item (G_LIST_MODEL (f->cart), 29);
  assert_in_sight (f, last);
}

/* A quantity changed from the keyboard on a line out of sight brings it
 * back. */
static void
test_changed_in_sight (Fixture       *f,
                       gconstpointer  data)
{
  GtkAdjustment *adjustment = cart_adjustment (f);
  g_autoptr(DisCartLine) first = NULL;

  fill_cart (f, 30);
  scan (f, P_CAFFE);
  first = g_list_model_get_item (G_LIST_MODEL (f->cart), 0);
  settle (300);
  g_assert_false (line_in_sight (f, first));

  /* Up from the last line all the way to the first: it comes in sight. */
  for (guint i = 0; i < 30; i++)
    press_key (f, GDK_KEY_Up);
  assert_in_sight (f, first);

  /* Scrolled away meanwhile, then 5 *: back in sight with its 5 pieces. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  settle (300);
  g_assert_false (line_in_sight (f, first));
  gtk_editable_set_text (search_entry (f), "5");
  press_key (f, GDK_KEY_asterisk);
  g_assert_cmpint (dis_cart_line_get_quantity (first), ==, 5000);
  assert_in_sight (f, first);
}

static gint64
quantity_of (Fixture *f,
             guint    product)
{
  for (guint i = 0; i < n_lines (f); i++)
    if (line_product (f, i) == f->ids[product])
      return line_quantity (f, i);

  g_assert_not_reached ();
}

static void
test_quantity_key (Fixture       *f,
                   gconstpointer  data)
{
  GtkEditable *entry = search_entry (f);
  g_autofree char *label = dis_weight_code_build (DIS_WEIGHT_CODE_WEIGHT, 456, 350);
  g_autofree char *half = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *dialog_entry;
  int start, end;

  /* Nothing to change yet: said, and the number stays for a second try. */
  gtk_editable_set_text (entry, "3");
  press_key (f, GDK_KEY_asterisk);
  WAIT_UNTIL (dis_test_find_text (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "No line is chosen",
                                  DIS_TEST_MATCH_PREFIX) != NULL);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "3");

  scan (f, P_PASSATA);
  scan (f, P_CAFFE);

  /* 3 then *: the line just scanned takes 3 pieces. */
  gtk_editable_set_text (entry, "3");
  press_key (f, GDK_KEY_KP_Multiply);
  g_assert_cmpint (quantity_of (f, P_CAFFE), ==, 3000);
  g_assert_cmpint (quantity_of (f, P_PASSATA), ==, 1000);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_cmpint (dis_cart_get_total (f->cart), ==, 200 + 3 * 450);

  /* Up chooses the line above; * alone asks its quantity. */
  press_key (f, GDK_KEY_Up);
  press_key (f, GDK_KEY_asterisk);
  WAIT_UNTIL ((dialog = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_QUANTITY_DIALOG))) != NULL);
  dialog_entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_entry)), ==, "1");
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (dialog_entry), &start, &end));
  gtk_editable_set_text (GTK_EDITABLE (dialog_entry), "4");
  g_signal_emit_by_name (dialog_entry, "activate");
  WAIT_UNTIL (quantity_of (f, P_PASSATA) == 4000);
  WAIT_UNTIL (dis_test_find_shown_toplevel (DIS_TYPE_QUANTITY_DIALOG) == NULL);
  WAIT_UNTIL (search_has_focus (f));

  /* Half a piece is no quantity: said, nothing changed. */
  half = dis_plain_quantity (500, DIS_UNIT_KG);
  gtk_editable_set_text (entry, half);
  press_key (f, GDK_KEY_asterisk);
  g_assert_cmpint (quantity_of (f, P_PASSATA), ==, 4000);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, half);

  /* A weighed line takes kilograms. */
  type_and_enter (f, label);
  WAIT_UNTIL (n_lines (f) == 3);
  gtk_editable_set_text (entry, half);
  press_key (f, GDK_KEY_asterisk);
  g_assert_cmpint (quantity_of (f, P_FORMAGGIO), ==, 500);

  /* Down past the end stays on the last line. */
  press_key (f, GDK_KEY_Down);
  gtk_editable_set_text (entry, "2");
  press_key (f, GDK_KEY_asterisk);
  g_assert_cmpint (quantity_of (f, P_FORMAGGIO), ==, 2000);
  g_assert_cmpint (quantity_of (f, P_PASSATA), ==, 4000);
}

/* The quantity key and the choice of a line are in the shortcuts window,
 * with the till's other keys, and the till answers them. */
static void
test_quantity_shortcut_listed (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/it/disotto/Punto/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  gboolean asterisk = FALSE;
  gboolean up_down = FALSE;

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, NULL);
      asterisk |= g_strcmp0 (accelerator, "asterisk") == 0;
      up_down |= g_strcmp0 (accelerator, "Up Down") == 0;
    }
  g_assert_true (asterisk);
  g_assert_true (up_down);

  /* The menu offers the same, with the same key. */
  scan (f, P_CAFFE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.quantity", NULL));
  WAIT_UNTIL (dis_test_find_shown_toplevel (DIS_TYPE_QUANTITY_DIALOG) != NULL);
  dis_test_destroy_dialogs ();
}

/* Buttons that show only an icon have a name for screen readers (the
 * menu was read as "GtkMenuButton"). */
static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  char *error;

  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (template_child (f, "menu_button")),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, "Till Actions");
  g_assert_null (error);
  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (template_child (f, "buyer_clear_button")),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, "Anonymous Buyer");
  g_assert_null (error);
}

/* A click on a cart line chooses it and leaves the keyboard with the
 * search: the next scan is not lost in the list. */
static void
test_focus_after_row_click (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GListModel) controllers = NULL;
  GtkWidget *row = NULL;
  GtkWidget *list = template_child (f, "cart_view");
  guint clicked = 0;

  scan (f, P_PASTA);
  WAIT_UNTIL ((row = dis_test_find_named (list, DIS_TYPE_CART_ROW, NULL)) != NULL &&
              gtk_widget_get_mapped (row));

  /* What the list does on a press: the focus goes to it. */
  gtk_widget_grab_focus (list);
  g_assert_false (search_has_focus (f));

  controllers = gtk_widget_observe_controllers (row);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        {
          g_signal_emit_by_name (controller, "released", 1, 10.0, 10.0);
          clicked++;
        }
    }

  g_assert_cmpuint (clicked, ==, 1);
  WAIT_UNTIL (search_has_focus (f));
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

  return g_test_run ();
}
