/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sqlite3.h>
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

/* The till at the counter, as a new volunteer meets it: where toasts go,
 * where the focus goes after dialogs and menus, the missing business day,
 * the cart line kept in sight, the quantity from the keyboard. */

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

void
test_toast_tier_refused (Fixture       *f,
                         gconstpointer  data)
{
  scan (f, P_CAFFE);

  /* Of the page itself: a tier the buyer may not have. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "till.tier", "i", DIS_TIER_ACCESSIBILE);
  assert_toast_clear_of_prices (f);
}

void
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
void
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
void
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

void
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
void
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
void
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

  /* F6: the list reads it, wide enough to read (it was 60 px, a letter
   * per line). The row is looked up at each step: the list may be read
   * again meanwhile, and its rows made anew. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.resume", NULL));
  WAIT_UNTIL ((row = dis_test_find_text (GTK_WIDGET (f->page), DIS_TYPE_PARKED_CART_ROW,
                                         "Signora col cane", DIS_TEST_MATCH_EXACT)) != NULL &&
              gtk_widget_get_mapped (row) && gtk_widget_get_width (row) >= 300);
}

/* An unknown code left in the search stays ready to be scanned over after
 * a dialog came and went: the whole of it selected, never the cursor at
 * its start for the next code to be glued to. */
void
test_leftover_code_after_dialog (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *unknown = make_ean ("800999999999");
  GtkEditable *entry = search_entry (f);
  int start, end;

  scan (f, P_MIELE);
  type_and_enter (f, unknown);
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (entry), unknown) == 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.park", NULL));
  respond_park_dialog ("Maria");
  WAIT_UNTIL (dis_cart_is_empty (f->cart));
  WAIT_UNTIL (search_has_focus (f));

  g_assert_cmpstr (gtk_editable_get_text (entry), ==, unknown);
  g_assert_true (gtk_editable_get_selection_bounds (entry, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, (int) strlen (unknown));
}

/* The parked carts cannot be read (here their table is gone from under
 * the till): opening the list says so instead of showing the old list
 * as if it were true. */
void
test_parked_list_fails (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "punto.db", NULL);
  sqlite3 *db = NULL;

  scan (f, P_MIELE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.park", NULL));
  respond_park_dialog ("Maria");
  WAIT_UNTIL (dis_cart_is_empty (f->cart));

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE parked_carts RENAME TO parked_carts_gone", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.resume", NULL));
  WAIT_UNTIL (dis_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_WIDGET, is_toast_saying,
                                    "The parked carts could not be read. Try again; if it fails again, restart the till.") != NULL);
}

/* The window closes with a popover of the till open: the popover goes
 * with it (see dis_test_destroy_window_with_open()). */
static void
destroy_window_with_open (Fixture    *f,
                          GtkPopover *popover)
{
  GtkWindow *window = g_steal_pointer (&f->window);

  dis_test_destroy_window_with_open (window, popover, 5);
}

void
test_parked_closed_with_window (Fixture       *f,
                                gconstpointer  data)
{
  GtkWidget *parked = template_child (f, "parked_button");
  GtkWidget *button = dis_test_find_named (parked, GTK_TYPE_MENU_BUTTON, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "till.resume", NULL));
  destroy_window_with_open (f, gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
}

void
test_buyer_closed_with_window (Fixture       *f,
                               gconstpointer  data)
{
  GtkWidget *popover = template_child (f, "buyer_popover");

  gtk_menu_button_popup (GTK_MENU_BUTTON (gtk_widget_get_parent (popover)));
  destroy_window_with_open (f, GTK_POPOVER (popover));
}

void
test_menu_closed_with_window (Fixture       *f,
                              gconstpointer  data)
{
  GtkMenuButton *menu = GTK_MENU_BUTTON (template_child (f, "menu_button"));

  gtk_menu_button_popup (menu);
  destroy_window_with_open (f, gtk_menu_button_get_popover (menu));
}

void
test_quantity_closed_with_window (Fixture       *f,
                                  gconstpointer  data)
{
  GtkWidget *row;
  GtkMenuButton *button;

  scan (f, P_PASTA);
  WAIT_UNTIL ((row = dis_test_find_named (GTK_WIDGET (f->page), DIS_TYPE_CART_ROW, NULL)) != NULL);
  button = GTK_MENU_BUTTON (dis_test_find_named (row, GTK_TYPE_MENU_BUTTON, NULL));
  gtk_menu_button_popup (button);
  destroy_window_with_open (f, gtk_menu_button_get_popover (button));
}

/* Ctrl+R as a volunteer: no refund dialog, but the till says who can. */
void
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
void
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
void
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
void
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
void
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

void
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
void
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
void
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
void
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

