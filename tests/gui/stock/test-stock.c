/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stock"

#include "config.h"

#include <string.h>

#include "dis-count-dialog.h"
#include "dis-receive-dialog.h"
#include "dis-receive-line-row.h"
#include "dis-receive-line.h"
#include "dis-stock-page-private.h"
#include "dis-stock-row.h"
#include "dis-test-app.h"
#include "dis-test-gui.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "dis-window-private.h"

/* The Stock page (issue 11) in the whole application: only a
 * responsabile or a coordinatore sees it; it lists every product with
 * its level, filters and searches them as the till does, flags negative
 * stock in words, shows a product's movements, receives a delivery by
 * scanning, and counts it. */

#define WAIT_MS 10000
#define SPAGHETTI_EAN "8191630694454"
#define PENNE_EAN     "8191630282484"
#define FUSILLI_EAN   "8191630057471"

typedef struct
{
  char           *dir;
  char           *db_path;
  guint           n_products;
  DisApplication *app;
  DisWindow      *window;
  DisStockPage   *page;
} Fixture;

/* The demo point, a till opened by Anna (responsabile), Bruno
 * (volontario) and Carla (coordinatore), and one spaghetti sold: with
 * nothing received, its level is below zero. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DisStore) store = NULL;
  g_autoptr(DisOperator) anna = NULL;
  g_autoptr(DisOperator) bruno = NULL;
  g_autoptr(DisOperator) carla = NULL;
  g_autoptr(DisProduct) spaghetti = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  f->dir = dis_test_tmpdir_new ("dis-stock");
  f->db_path = g_build_filename (f->dir, "punto.db", NULL);
  store = dis_test_point_new (f->db_path, "TO-CEN");
  anna = dis_test_point_open_till (store, 5000);
  bruno = dis_store_create_operator (store, anna, "Bruno", "5678", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  carla = dis_store_create_operator (store, anna, "Carla", "4321", DIS_ROLE_COORDINATORE, &error);
  g_assert_no_error (error);

  spaghetti = dis_store_lookup_barcode (store, SPAGHETTI_EAN, &error);
  g_assert_no_error (error);
  dis_cart_add (cart, spaghetti, 1000, FALSE);
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, sale->total);
  g_assert_true (dis_store_commit_sale (store, sale, anna, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  db = dis_test_db_open_ro (f->db_path);
  f->n_products = (guint) dis_test_db_int (db, "SELECT count(*) FROM products", NULL);
  sqlite3_close (db);
  g_assert_cmpuint (f->n_products, >, 100);

  f->app = dis_test_app_start (&f->window,
                               "database-path", f->db_path,
                               "config-dir", f->dir,
                               "offline-only", TRUE,
                               NULL);
  f->page = DIS_STOCK_PAGE (dis_test_find_named (GTK_WIDGET (f->window), DIS_TYPE_STOCK_PAGE, NULL));
  g_assert_nonnull (f->page);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dis_test_destroy_toplevels ();
  dis_test_sleep_ms (200);

  g_application_set_default (NULL);
  g_clear_object (&f->app);
  dis_test_rm_rf (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

/* ---- Helpers -------------------------------------------------------------- */

static gboolean
page_loaded (gpointer data)
{
  return _dis_stock_page_is_loaded (data);
}

static void
show_stock (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "stock");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "stock");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
  dis_test_wait_until (page_loaded, f->page, WAIT_MS, "the Stock page to load");
}

typedef struct
{
  const char *text;
  gboolean    searched;
} Search;

static void
searched_cb (GtkSearchEntry *entry,
             Search         *search)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), search->text) == 0)
    search->searched = TRUE;
}

static gboolean
searched (gpointer data)
{
  return ((Search *) data)->searched;
}

/* Types @text as a person would and waits for the entry to report it
 * (it does from a timeout, search-delay 0). */
static gboolean
rows_settled (gpointer data)
{
  Fixture *f = data;

  return dis_stock_rows_is_settled (f->page->filtered);
}

/* The rows beyond the first screen follow the search in steps. */
static void
settle (Fixture *f)
{
  dis_test_wait_until (rows_settled, f, WAIT_MS, "the rows to follow the search");
}

static void
type_search (Fixture    *f,
             const char *text)
{
  Search search = { text, FALSE };
  gulong handler = g_signal_connect (f->page->search_entry, "search-changed", G_CALLBACK (searched_cb), &search);

  gtk_editable_set_text (GTK_EDITABLE (f->page->search_entry), text);
  dis_test_wait_until (searched, &search, WAIT_MS, "the search to be reported");
  g_signal_handler_disconnect (f->page->search_entry, handler);
  settle (f);
}

static void
set_view (Fixture    *f,
          const char *nick)
{
  gtk_widget_activate_action (GTK_WIDGET (f->page), "stock.view", "s", nick);
  settle (f);
}

/* The level of the product named @name in the list shown, which must be
 * there. */
static DisStockLevel *
shown_level (Fixture    *f,
             const char *name_prefix)
{
  GListModel *shown = _dis_stock_page_get_shown (f->page);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(DisStockLevel) level = g_list_model_get_item (shown, i);

      if (g_str_has_prefix (level->name, name_prefix))
        return level;   /* the page's model keeps it */
    }
  g_error ("“%s” is not in the Stock list", name_prefix);
}

static gint64
db_level (Fixture    *f,
          const char *ean)
{
  sqlite3 *db = dis_test_db_open_ro (f->db_path);
  gint64 qty = dis_test_db_int (db, "SELECT coalesce ((SELECT qty FROM stock_levels l JOIN products p"
                                    " ON p.id = l.product_id WHERE p.ean = ?1), 0)", ean);

  sqlite3_close (db);
  return qty;
}

/* ---- Tests ---------------------------------------------------------------- */

static gboolean
view_is_till (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (adw_view_stack_get_visible_child_name (f->window->view_stack), "till") == 0;
}

/* A volontario neither sees the view nor reaches it with Alt+5; a
 * coordinatore does, and a volontario signing in after one is taken off
 * it. */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  g_assert_false (adw_view_stack_page_get_visible (f->window->stock_view));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "stock");
  g_assert_true (view_is_till (f));

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "switch-operator", NULL);
  dis_test_app_sign_in (f->window, "Carla", "4321", WAIT_MS);
  g_assert_true (adw_view_stack_page_get_visible (f->window->stock_view));
  show_stock (f);
  g_assert_cmpuint (g_list_model_get_n_items (_dis_stock_page_get_shown (f->page)), ==, f->n_products);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "switch-operator", NULL);
  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  g_assert_false (adw_view_stack_page_get_visible (f->window->stock_view));
  g_assert_true (view_is_till (f));
}

/* Every product is listed; the search finds as the till does; each view
 * lists what it says; the spaghetti sold without stock is flagged
 * negative, in words. */
static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  GListModel *shown = _dis_stock_page_get_shown (f->page);
  DisStockLevel *spaghetti;
  GtkWidget *flag;

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_stock (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, f->n_products);

  /* Case and accents do not matter; each word begins a word. */
  type_search (f, "SPAGH gran");
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(DisStockLevel) level = g_list_model_get_item (shown, i);
      g_autofree char *name = g_utf8_casefold (level->name, -1);

      g_assert_nonnull (strstr (name, "spagh"));
    }
  spaghetti = shown_level (f, "Spaghetti di grano duro");
  g_assert_cmpint (spaghetti->qty, ==, -1000);
  g_assert_true (spaghetti->flags & DIS_STOCK_FLAG_NEGATIVE);

  /* A barcode scanned (digits, then Enter) finds its product, as at the
   * till: the list shows it alone, by its code. */
  type_search (f, SPAGHETTI_EAN);
  g_signal_emit_by_name (f->page->search_entry, "activate");
  DIS_TEST_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (f->page->search_entry)), "P-0001") == 0, 10);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_true (_dis_stock_page_get_selected (f->page) == shown_level (f, "Spaghetti di grano duro"));
  type_search (f, "zzzz nothing");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->page->list_stack), ==, "empty");
  type_search (f, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, f->n_products);

  /* Ctrl+6: the negative ones, the spaghetti among them, flagged in words. */
  set_view (f, "negative");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  dis_test_iterate (10);
  flag = dis_test_find_text (GTK_WIDGET (f->page->list_view), GTK_TYPE_LABEL, "Negative", DIS_TEST_MATCH_EXACT);
  g_assert_nonnull (flag);
  g_assert_true (gtk_widget_is_visible (flag));
  g_assert_nonnull (strstr (gtk_label_get_label (f->page->summary_label), "below zero"));

  /* Nothing was received: every product is out of stock, the negative
   * one too. */
  set_view (f, "out");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, f->n_products);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(DisStockLevel) level = g_list_model_get_item (shown, i);

      g_assert_true (level->flags & DIS_STOCK_FLAG_OUT);
    }
  set_view (f, "missing-basket");
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(DisStockLevel) level = g_list_model_get_item (shown, i);

      g_assert_true (level->flags & DIS_STOCK_FLAG_MISSING_BASKET);
    }
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  set_view (f, "all");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, f->n_products);
}

static gboolean
history_loaded (gpointer data)
{
  Fixture *f = data;

  return dis_stock_detail_is_loaded (f->page->detail);
}

/* Enter in the search shows the first product found and its movements:
 * the sale, with who made it. */
static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  GListModel *history;
  g_autoptr(DisStockMovement) sale = NULL;

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_stock (f);
  type_search (f, SPAGHETTI_EAN);
  g_signal_emit_by_name (f->page->search_entry, "activate");
  DIS_TEST_WAIT_UNTIL (_dis_stock_page_get_selected (f->page) != NULL, 10);
  dis_test_wait_until (history_loaded, f, WAIT_MS, "the movements to load");

  history = dis_stock_detail_get_history (f->page->detail);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  sale = g_list_model_get_item (history, 0);
  g_assert_cmpint (sale->kind, ==, DIS_STOCK_KIND_SALE);
  g_assert_cmpint (sale->qty, ==, -1000);
  g_assert_cmpstr (sale->operator_name, ==, "Anna");
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (f->page->detail), GTK_TYPE_LABEL, "Sold", DIS_TEST_MATCH_EXACT));
}

static gboolean
dialog_ready (gpointer data)
{
  return dis_receive_dialog_is_ready (data);
}

static gboolean
has_lines (gpointer data)
{
  return g_list_model_get_n_items (dis_receive_dialog_get_lines (data)) > 0;
}

typedef struct
{
  Fixture *f;
  gint64   level;
} LevelWait;

/* The level written, and the page's list read again after it. */
static gboolean
level_is (gpointer data)
{
  LevelWait *wait = data;
  GPtrArray *levels = dis_stock_rows_get_all (wait->f->page->filtered);

  if (db_level (wait->f, SPAGHETTI_EAN) != wait->level)
    return FALSE;
  for (guint i = 0; i < levels->len; i++)
    {
      DisStockLevel *level = g_ptr_array_index (levels, i);

      if (g_str_equal (level->code, "P-0001"))
        return level->qty == wait->level;
    }
  return FALSE;
}

static gboolean
line_counts_two (gpointer data)
{
  g_autofree char *text = NULL;

  g_object_get (data, "qty-text", &text, NULL);
  return g_strcmp0 (text, "2") == 0;
}

/* Ctrl+R: a delivery of 12 spaghetti scanned in, with a delivery note; a
 * bad quantity is refused first with a sentence; then the level and the
 * list follow. */
static void
test_receive (Fixture       *f,
              gconstpointer  data)
{
  DisReceiveDialog *dialog;
  g_autoptr(DisReceiveLine) line = NULL;
  LevelWait wait = { f, 11000 };
  AdwEntryRow *note;

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_stock (f);

  /* Alt+5 on the page shown brings the keyboard back into it (after the
   * lock, say), where its shortcuts answer. */
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  show_stock (f);
  g_assert_nonnull (gtk_window_get_focus (GTK_WINDOW (f->window)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (f->window)), GTK_WIDGET (f->page)));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "stock.receive", NULL);
  dialog = DIS_RECEIVE_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_RECEIVE_DIALOG));
  g_assert_nonnull (dialog);
  dis_test_wait_until (dialog_ready, dialog, WAIT_MS, "the open orders");

  dis_receive_dialog_add (dialog, SPAGHETTI_EAN);
  dis_test_wait_until (has_lines, dialog, WAIT_MS, "the scanned line");
  line = g_list_model_get_item (dis_receive_dialog_get_lines (dialog), 0);
  g_assert_cmpstr (dis_receive_line_get_name (line), ==, "Spaghetti di grano duro bio 500 g");

  /* A piece scanned again is one more on its line, and the scanner keeps
   * the focus: the next barcode must not land in a quantity. */
  dis_receive_dialog_add (dialog, SPAGHETTI_EAN);
  dis_test_wait_until (line_counts_two, line, WAIT_MS, "the second packet on the line");
  g_assert_cmpuint (g_list_model_get_n_items (dis_receive_dialog_get_lines (dialog)), ==, 1);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

    g_assert_nonnull (focus);
    g_assert_null (gtk_widget_get_ancestor (focus, DIS_TYPE_RECEIVE_LINE_ROW));
  }

  note = ADW_ENTRY_ROW (dis_test_find_text (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Delivery note number",
                                            DIS_TEST_MATCH_EXACT));
  g_assert_nonnull (note);
  gtk_editable_set_text (GTK_EDITABLE (note), "DDT 42");

  /* Half a packet of spaghetti is no quantity: nothing is written. */
  g_object_set (line, "qty-text", "1,5", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.confirm", NULL);
  dis_test_sleep_ms (300);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpint (db_level (f, SPAGHETTI_EAN), ==, -1000);

  g_object_set (line, "qty-text", "12", "lot", "L-77", "expires-text", "31/12/2027", "cost-text", "1,10", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.confirm", NULL);
  dis_test_wait_until (level_is, &wait, WAIT_MS, "the delivery in the stock");

  type_search (f, "spaghetti grano duro");
  g_assert_cmpint (shown_level (f, "Spaghetti di grano duro")->qty, ==, 11000);
  g_assert_null (dis_test_find_shown_toplevel (DIS_TYPE_RECEIVE_DIALOG));

  /* Esc in the scan field, where the focus always is, closes the dialog
   * once nothing is typed there (a search entry keeps Esc to itself). */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "stock.receive", NULL);
  dialog = DIS_RECEIVE_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_RECEIVE_DIALOG));
  g_assert_nonnull (dialog);
  {
    GtkWidget *scan = dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY, NULL);

    g_assert_nonnull (scan);
    gtk_editable_set_text (GTK_EDITABLE (scan), "spag");
    g_signal_emit_by_name (scan, "stop-search");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (scan)), ==, "");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    g_signal_emit_by_name (scan, "stop-search");
  }
  DIS_TEST_WAIT_UNTIL (dis_test_find_shown_toplevel (DIS_TYPE_RECEIVE_DIALOG) == NULL, 10);
}

static gboolean
is_shown_dropdown (GtkWidget     *widget,
                   gconstpointer  data)
{
  return gtk_widget_get_visible (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
order_lines_shown (gpointer data)
{
  return g_list_model_get_n_items (dis_receive_dialog_get_lines (data)) == 2;
}

static gboolean
order_received (gpointer data)
{
  Fixture *f = data;
  sqlite3 *db = dis_test_db_open_ro (f->db_path);
  gint64 n = dis_test_db_int (db, "SELECT count(*) FROM restock_orders WHERE state = 'received'", NULL);

  sqlite3_close (db);
  return n == 1;
}

/* Against an order of spaghetti and penne, the fusilli came in place of
 * the penne: the manager says so on the fusilli's line, the penne's line
 * leaves the delivery, and the order is received in full, the penne's
 * line by its substitute. */
static void
test_receive_substitute (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DisReceiveDialog *dialog;
  AdwComboRow *order_row;
  GtkDropDown *instead;
  GListModel *choices;
  guint penne_choice = GTK_INVALID_LIST_POSITION;

  {
    g_autoptr(DisStore) store = dis_store_open (f->db_path, &error);
    g_autoptr(GPtrArray) operators = NULL;
    g_autoptr(DisOperator) anna = NULL;
    g_autoptr(DisProduct) spaghetti = NULL;
    g_autoptr(DisProduct) penne = NULL;
    g_autoptr(DisRestockOrder) draft = NULL;
    g_autoptr(DisRestockOrder) sent = NULL;
    DisRestockDraftLine lines[2];

    g_assert_no_error (error);
    operators = dis_store_list_operators (store, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < operators->len; i++)
      if (g_str_equal (dis_operator_get_name (g_ptr_array_index (operators, i)), "Anna"))
        anna = dis_store_sign_in (store, dis_operator_get_id (g_ptr_array_index (operators, i)), "1234", &error);
    g_assert_no_error (error);
    g_assert_nonnull (anna);
    spaghetti = dis_store_lookup_barcode (store, SPAGHETTI_EAN, &error);
    penne = dis_store_lookup_barcode (store, PENNE_EAN, &error);
    g_assert_no_error (error);
    lines[0] = (DisRestockDraftLine) { dis_product_get_id (spaghetti), 6000 };
    lines[1] = (DisRestockDraftLine) { dis_product_get_id (penne), 6000 };
    draft = dis_store_restock_save_draft (store, anna, NULL, dis_product_get_supplier_id (spaghetti), NULL,
                                          lines, G_N_ELEMENTS (lines), &error);
    g_assert_no_error (error);
    sent = dis_store_restock_send (store, anna, dis_restock_order_get_id (draft), &error);
    g_assert_no_error (error);
  }

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_stock (f);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "stock.receive", NULL);
  dialog = DIS_RECEIVE_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_RECEIVE_DIALOG));
  g_assert_nonnull (dialog);
  dis_test_wait_until (dialog_ready, dialog, WAIT_MS, "the open orders");

  order_row = ADW_COMBO_ROW (dis_test_find_named (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL));
  g_assert_nonnull (order_row);
  adw_combo_row_set_selected (order_row, 1);
  dis_test_wait_until (order_lines_shown, dialog, WAIT_MS, "the order's two lines");

  /* A product of the order has no "in place of"; one not on it has. */
  g_assert_null (dis_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, is_shown_dropdown, NULL));
  dis_receive_dialog_add (dialog, FUSILLI_EAN);
  DIS_TEST_WAIT_UNTIL (g_list_model_get_n_items (dis_receive_dialog_get_lines (dialog)) == 3, 10);
  DIS_TEST_WAIT_UNTIL (dis_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, is_shown_dropdown, NULL) != NULL, 10);
  instead = GTK_DROP_DOWN (dis_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, is_shown_dropdown, NULL));
  g_assert_cmpuint (gtk_drop_down_get_selected (instead), ==, 0);
  choices = gtk_drop_down_get_model (instead);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 3);
  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (choices), i),
                     "In place of Penne rigate di grano duro bio 500 g"))
      penne_choice = i;
  g_assert_cmpuint (penne_choice, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (instead, penne_choice);

  /* The penne did not come: its line left; the fusilli's six arrive. */
  DIS_TEST_WAIT_UNTIL (g_list_model_get_n_items (dis_receive_dialog_get_lines (dialog)) == 2, 10);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DisReceiveLine) line = g_list_model_get_item (dis_receive_dialog_get_lines (dialog), i);

      g_assert_cmpstr (dis_receive_line_get_name (line), !=, "Penne rigate di grano duro bio 500 g");
      if (g_str_equal (dis_receive_line_get_name (line), "Fusilli integrali bio 500 g"))
        g_object_set (line, "qty-text", "6", NULL);
    }
  gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.confirm", NULL);
  dis_test_wait_until (order_received, f, WAIT_MS, "the order received in full");

  {
    sqlite3 *db = dis_test_db_open_ro (f->db_path);

    /* The fusilli's line stands in for the penne's, with its six. */
    g_assert_cmpint (dis_test_db_int (db, "SELECT s.received FROM restock_order_lines s"
                                          " JOIN products sp ON sp.id = s.product_id"
                                          " JOIN restock_order_lines o ON o.order_id = s.order_id AND o.line_no = s.substitute_for"
                                          " JOIN products op ON op.id = o.product_id"
                                          " WHERE op.ean = ?1 AND sp.ean = '" FUSILLI_EAN "'", PENNE_EAN), ==, 6000);
    sqlite3_close (db);
  }
  g_assert_cmpint (db_level (f, FUSILLI_EAN), ==, 6000);
  g_assert_cmpint (db_level (f, PENNE_EAN), ==, 0);
}

static gboolean
count_open (gpointer data)
{
  return dis_count_dialog_get_count (data) != NULL &&
         g_list_model_get_n_items (dis_count_dialog_get_not_counted (data)) > 0;
}

typedef struct
{
  DisCountDialog *dialog;
  guint           counted;
} CountWait;

static gboolean
counted_is (gpointer data)
{
  CountWait *wait = data;
  DisCount *count = dis_count_dialog_get_count (wait->dialog);

  return count != NULL && dis_count_get_n_counted (count) == wait->counted;
}

/* Ctrl+I: a blind count; counting the spaghetti moves the progress and
 * takes it off the list left; validating makes the level what was
 * counted. */
static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  DisCountDialog *dialog;
  CountWait counted = { NULL, 1 };
  LevelWait wait = { f, 7000 };
  guint left;
  GtkWidget *progress;
  g_autofree char *expected = NULL;
  AdwMessageDialog *confirm;

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_stock (f);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "stock.count", NULL);
  dialog = DIS_COUNT_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_COUNT_DIALOG));
  g_assert_nonnull (dialog);
  dis_test_sleep_ms (300);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "count.start", NULL);
  dis_test_wait_until (count_open, dialog, WAIT_MS, "the count to start");
  g_assert_true (dis_count_get_blind (dis_count_dialog_get_count (dialog)));
  left = g_list_model_get_n_items (dis_count_dialog_get_not_counted (dialog));
  g_assert_cmpuint (left, ==, f->n_products);

  /* Pieces are whole: 2,5 spaghetti is refused. */
  counted.dialog = dialog;
  dis_count_dialog_count (dialog, SPAGHETTI_EAN, "2,5");
  dis_test_sleep_ms (300);
  g_assert_cmpuint (dis_count_get_n_counted (dis_count_dialog_get_count (dialog)), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "count.record", NULL);
  dis_test_sleep_ms (100);
  dis_count_dialog_count (dialog, SPAGHETTI_EAN, "7");
  dis_test_wait_until (counted_is, &counted, WAIT_MS, "the count to record the spaghetti");
  g_assert_cmpuint (g_list_model_get_n_items (dis_count_dialog_get_not_counted (dialog)), ==, left - 1);
  expected = g_strdup_printf ("1 of %u counted", f->n_products);
  progress = dis_test_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, expected, DIS_TEST_MATCH_EXACT);
  g_assert_nonnull (progress);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "count.validate", NULL);
  confirm = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "validate");
  dis_test_wait_until (level_is, &wait, WAIT_MS, "the count's adjustment");
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE, "Count Validated",
                                        DIS_TEST_MATCH_EXACT));
}

/* The window closes with the page's More menu open: the menu goes with
 * it (see dis_test_destroy_window_with_open()). */
static void
test_menu_closed_with_window (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *menu;

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_stock (f);
  menu = dis_test_find_tooltip (GTK_WIDGET (f->page), GTK_TYPE_MENU_BUTTON, "More Stock Actions");
  g_assert_nonnull (menu);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  dis_test_destroy_window_with_open (GTK_WINDOW (g_steal_pointer (&f->window)),
                                     gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu)), WAIT_MS / 1000);
}

int
main (int   argc,
      char *argv[])
{
  dis_test_gtk_init (&argc, &argv);

  g_test_add ("/stock/roles", Fixture, NULL, fixture_setup, test_roles, fixture_teardown);
  g_test_add ("/stock/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/stock/history", Fixture, NULL, fixture_setup, test_history, fixture_teardown);
  g_test_add ("/stock/receive", Fixture, NULL, fixture_setup, test_receive, fixture_teardown);
  g_test_add ("/stock/receive-substitute", Fixture, NULL, fixture_setup, test_receive_substitute, fixture_teardown);
  g_test_add ("/stock/count", Fixture, NULL, fixture_setup, test_count, fixture_teardown);
  g_test_add ("/stock/menu-closed-with-window", Fixture, NULL, fixture_setup, test_menu_closed_with_window,
              fixture_teardown);

  return g_test_run ();
}
