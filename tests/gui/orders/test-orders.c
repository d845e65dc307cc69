/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-orders"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-delivery-round-dialog.h"
#include "dis-order-dialog.h"
#include "dis-order-print-dialog.h"
#include "dis-order-ready-dialog.h"
#include "dis-order-row.h"
#include "dis-orders-page-private.h"
#include "dis-store-orders.h"
#include "dis-store-sync.h"
#include "dis-test-app.h"
#include "dis-test-gui.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "dis-window-private.h"

/* The Orders page (issue 13) in the whole application: every role that
 * sells sees it; an order is taken for a member (card, tier, products of
 * the open cycle with what is left, quantities checked, the estimate at
 * the member's tier), saved at once and shown waiting for the network;
 * a refused order shows the reason and is changed; an accepted one is
 * prepared with its weights and the price follows; an order is
 * cancelled after a confirmation; the lists by state, place and search. */

#define WAIT_MS   10000
#define CARD      DIS_TEST_ELIGIBLE_CARD
#define CYCLE     7
#define SPAGHETTI "P-0001"      /* by the piece */
#define SOLD_OUT  "P-0002"      /* nothing left in the cycle */
#define MELE      "P-0084"      /* weighed, by the kg */

typedef struct
{
  char           *dir;
  char           *db_path;
  DisApplication *app;
  DisWindow      *window;
  DisOrdersPage  *page;
} Fixture;

static gint64 feed_seq = 0;

/* ISO 8601 UTC of now + @seconds. */
static char *
at (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static void
apply (DisStore   *store,
       const char *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = dis_codec_parse (page, -1, &error);

  g_assert_no_error (error);
  g_assert_true (dis_store_sync_apply_changes (store, json_node_get_array (root), ++feed_seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_sync_count_unapplied (store, NULL), ==, 0);
}

/* Cycle 7 open until tomorrow: spaghetti (10 left), the sold-out product
 * and apples by the kg (no limit); this point's window W2 tomorrow and
 * its delivery slot S1. */
static void
open_cycle (DisStore *store)
{
  g_autofree char *opens = at (-3600), *closes = at (86400);
  g_autofree char *ws = at (90000), *we = at (100800), *ss = at (93600), *se = at (104400), *sc = at (82800);
  g_autofree char *page = g_strdup_printf (
    "[{\"seq\":1,\"kind\":\"order_cycle\",\"op\":\"upsert\",\"data\":{\"id\":%d,\"name\":\"Dicembre\","
    "\"opens\":\"%s\",\"closes\":\"%s\",\"state\":\"open\"}},"
    "{\"seq\":2,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":%d,\"product\":\"" SPAGHETTI "\","
    "\"available\":20000,\"remaining\":10000}},"
    "{\"seq\":3,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":%d,\"product\":\"" SOLD_OUT "\","
    "\"available\":5000,\"remaining\":0}},"
    "{\"seq\":4,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":%d,\"product\":\"" MELE "\","
    "\"available\":null,\"remaining\":null}},"
    "{\"seq\":5,\"kind\":\"point_schedule\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-CEN\","
    "\"windows\":[{\"code\":\"W2\",\"starts\":\"%s\",\"ends\":\"%s\"}],"
    "\"slots\":[{\"code\":\"S1\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":5,\"booked\":1,"
    "\"comuni\":[\"Torino\"],\"radius_m\":null}]}}]",
    CYCLE, opens, closes, CYCLE, CYCLE, CYCLE, ws, we, ss, se, sc);

  apply (store, page);
}

/* The schedule of test_delivery_zone(): slot Z1-TORINO serves Torino,
 * Z2-3KM within 3 km of the point (listed in that order: same times). */
static void
zone_schedule (DisStore *store)
{
  g_autofree char *ss = at (93600), *se = at (104400), *sc = at (82800);
  g_autofree char *page = g_strdup_printf (
    "[{\"seq\":1,\"kind\":\"point_schedule\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-CEN\","
    "\"windows\":[],\"slots\":["
    "{\"code\":\"Z1-TORINO\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":5,"
    "\"comuni\":[\"Torino\"],\"radius_m\":null},"
    "{\"code\":\"Z2-3KM\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":5,"
    "\"radius_m\":3000}]}}]", ss, se, sc, ss, se, sc);

  apply (store, page);
}

/* The demo point with Anna (responsabile) and Bruno (volontario), the
 * member DIS_TEST_ELIGIBLE_CARD, and the cycle open unless @data says
 * "closed"; "zones": with zone_schedule(). */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DisStore) store = NULL;
  g_autoptr(DisOperator) anna = NULL;
  g_autoptr(DisOperator) bruno = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = dis_test_tmpdir_new ("dis-orders");
  f->db_path = g_build_filename (f->dir, "punto.db", NULL);
  store = dis_test_point_new (f->db_path, "TO-CEN");
  anna = dis_test_point_open_till (store, 5000);
  bruno = dis_store_create_operator (store, anna, "Bruno", "5678", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (data, "closed") != 0)
    open_cycle (store);
  if (g_strcmp0 (data, "zones") == 0)
    zone_schedule (store);
  g_clear_object (&store);
  dis_test_add_eligible_member (f->db_path);

  f->app = dis_test_app_start (&f->window,
                               "database-path", f->db_path,
                               "config-dir", f->dir,
                               "offline-only", TRUE,
                               NULL);
  f->page = DIS_ORDERS_PAGE (dis_test_find_named (GTK_WIDGET (f->window), DIS_TYPE_ORDERS_PAGE, NULL));
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
  return _dis_orders_page_is_loaded (data);
}

static void
show_orders (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "orders");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "orders");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->page)));
  dis_test_wait_until (page_loaded, f->page, WAIT_MS, "the Orders page to load");
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->page->orders));
}

typedef struct
{
  Fixture *f;
  guint    n;
} Count;

static gboolean
shown_is (gpointer data)
{
  Count *count = data;

  return _dis_orders_page_is_loaded (count->f->page) && n_shown (count->f) == count->n;
}

static void
wait_shown (Fixture *f,
            guint    n)
{
  Count count = { f, n };

  dis_test_wait_until (shown_is, &count, WAIT_MS, "the list of orders");
}

static DisOrder *
shown (Fixture *f,
       guint    position)
{
  g_autoptr(DisOrder) order = g_list_model_get_item (G_LIST_MODEL (f->page->orders), position);

  return order;   /* the list keeps it */
}

/* An order saved through the store, as another till of the point would. */
static DisOrder *
save_order (Fixture *f,
            gint64   spaghetti,
            gint64   mele)
{
  g_autoptr(DisOrderDraft) draft = dis_order_draft_new (NULL, CYCLE, CARD, DIS_TIER_EQUA);
  g_autoptr(GError) error = NULL;
  DisOrder *order;

  dis_order_draft_set_pickup (draft, "W2");
  if (spaghetti > 0)
    dis_order_draft_set_line (draft, SPAGHETTI, spaghetti);
  if (mele > 0)
    dis_order_draft_set_line (draft, MELE, mele);
  order = dis_store_orders_save (f->page->store, f->page->operator, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);
  return order;
}

/* The hub's verdict on @order's last revision, through the feed. */
static void
verdict (Fixture    *f,
         DisOrder   *order,
         const char *state,
         const char *reason)
{
  g_autofree char *page = g_strdup_printf (
    "[{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"order\",\"op\":\"upsert\",\"data\":{\"id\":\"%s\",\"point\":\"TO-CEN\","
    "\"revision\":%u,\"state\":\"%s\",\"accepted_revision\":%s,\"reason\":%s,\"lines\":[]}}]",
    feed_seq + 1, dis_order_get_id (order), dis_order_get_revision (order), state,
    g_str_equal (state, "accepted") ? "1" : "null", reason != NULL ? reason : "null");

  apply (f->page->store, page);
}

static DisOrder *
reread (Fixture    *f,
        const char *id)
{
  g_autoptr(GError) error = NULL;
  DisOrder *order = dis_store_orders_get (f->page->store, id, &error);

  g_assert_no_error (error);
  return order;
}

static gint64
db_int (Fixture    *f,
        const char *sql,
        const char *arg)
{
  sqlite3 *db = dis_test_db_open_ro (f->db_path);
  gint64 value = dis_test_db_int (db, sql, arg);

  sqlite3_close (db);
  return value;
}

static gboolean
has_member (gpointer data)
{
  return dis_order_dialog_has_member (data);
}

static gboolean
window_gone (gpointer data)
{
  return dis_test_find_shown_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static void
type_in (GtkEditable *entry,
         const char  *text)
{
  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, text);
}

/* The price of @code at @tier in the cycle the page read. */
static gint64
price_at (Fixture    *f,
          const char *code,
          DisTier     tier)
{
  DisCycle *cycle = _dis_orders_page_find_cycle (f->page, CYCLE);

  g_assert_nonnull (cycle);
  g_assert_nonnull (dis_cycle_find_product (cycle, code));
  return dis_cycle_product_get_price (dis_cycle_find_product (cycle, code), tier);
}

/* ---- Tests ---------------------------------------------------------------- */

/* A volontario sees the view and reaches it with Alt+6: volunteers take
 * orders too. */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  g_assert_true (adw_view_stack_page_get_visible (f->window->orders_view));
  show_orders (f);
  /* The cycle is open and nothing ordered: the empty list offers the dialog. */
  g_assert_cmpstr (adw_status_page_get_title (f->page->empty_page), ==, "No Orders Yet");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->page->empty_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f->page->empty_button)));
}

/* Without an open cycle the empty list says why and what brings one;
 * Ctrl+N explains instead of opening a dialog. */
static void
test_no_cycle (Fixture       *f,
               gconstpointer  data)
{
  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_orders (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->page->list_stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (f->page->empty_page), ==, "No Order Cycle Is Open");
  g_assert_nonnull (strstr (adw_status_page_get_description (f->page->empty_page), "they arrive here with the sync"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->page->empty_button)));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.new", NULL);
  dis_test_sleep_ms (200);
  g_assert_null (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_DIALOG));
}

/* Ctrl+N: the member by card, the products with what is left (the sold
 * out one is not offered), quantities checked as typed, the estimate at
 * the member's tier; saved at once and listed waiting for the network,
 * with its order.placed event in the outbox. */
static void
test_take_order (Fixture       *f,
                 gconstpointer  data)
{
  DisOrderDialog *dialog;
  g_autoptr(DisOrder) saved = NULL;
  DisOrder *order;
  gint64 estimate;
  gint64 expected;
  DisTier tier;
  GtkWidget *row;

  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  show_orders (f);
  g_assert_cmpstr (adw_status_page_get_title (f->page->empty_page), ==, "No Orders Yet");

  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.new", NULL);
  dialog = DIS_ORDER_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (dis_order_dialog_get_problem (dialog), "Choose the member"));
  g_assert_cmpint (dis_order_dialog_get_estimate (dialog), ==, -1);
  g_assert_null (dis_order_dialog_get_qty_entry (dialog, SOLD_OUT));
  g_assert_nonnull (dis_order_dialog_get_qty_entry (dialog, SPAGHETTI));
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "weighed: the quantity is an estimate",
                                        DIS_TEST_MATCH_CONTAINS));

  dis_order_dialog_choose_member (dialog, CARD);
  dis_test_wait_until (has_member, dialog, WAIT_MS, "the member to be read");
  g_assert_nonnull (strstr (dis_order_dialog_get_problem (dialog), "at least one product"));

  /* Pieces are whole, and no more than what is left. */
  type_in (dis_order_dialog_get_qty_entry (dialog, SPAGHETTI), "2,5");
  g_assert_nonnull (strstr (dis_order_dialog_get_problem (dialog), "whole pieces"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (dis_test_find_text (GTK_WIDGET (dialog), GTK_TYPE_BUTTON,
                                                                           "Save Order", DIS_TEST_MATCH_EXACT))));
  type_in (dis_order_dialog_get_qty_entry (dialog, SPAGHETTI), "12");
  g_assert_nonnull (strstr (dis_order_dialog_get_problem (dialog), "Only 10 of"));
  type_in (dis_order_dialog_get_qty_entry (dialog, SPAGHETTI), "3");
  type_in (dis_order_dialog_get_qty_entry (dialog, MELE), "1.5");
  g_assert_cmpstr (dis_order_dialog_get_problem (dialog), ==, "");
  estimate = dis_order_dialog_get_estimate (dialog);
  g_assert_cmpint (estimate, >, 0);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "order.save", NULL);
  dis_test_wait_until (window_gone, GSIZE_TO_POINTER (DIS_TYPE_ORDER_DIALOG), WAIT_MS, "the order to be saved");
  wait_shown (f, 1);

  order = shown (f, 0);
  g_assert_cmpint (dis_order_get_state (order), ==, DIS_ORDER_WAITING);
  g_assert_cmpstr (dis_order_get_member_card (order), ==, CARD);
  g_assert_cmpstr (dis_order_get_place_code (order), ==, "W2");
  g_assert_cmpuint (dis_order_get_n_lines (order), ==, 2);
  g_assert_true (dis_order_get_total_estimated (order));

  /* The estimate shown is the till's pricing at the order's tier. */
  tier = dis_order_get_tier (order);
  expected = dis_line_total (price_at (f, SPAGHETTI, tier), 3000) + dis_line_total (price_at (f, MELE, tier), 1500);
  g_assert_cmpint (estimate, ==, expected);
  g_assert_cmpint (dis_order_get_total_at_order (order), ==, expected);

  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE type = ?1", "order.placed"), ==, 1);
  row = dis_test_find_text (GTK_WIDGET (f->page->list_view), GTK_TYPE_LABEL, "Waiting for the network",
                            DIS_TEST_MATCH_EXACT);
  g_assert_nonnull (row);
  g_assert_nonnull (dis_order_detail_get_order (f->page->detail));

  /* The list, the heading and the message name it as its label does:
   * its number and this till (the demo point's C1). */
  g_assert_cmpstr (dis_order_get_reference (order), ==, "1-C1");
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (f->page->list_view), GTK_TYPE_LABEL, "No. 1-C1 · ",
                                        DIS_TEST_MATCH_PREFIX));
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (f->page), GTK_TYPE_LABEL, "Order No. 1-C1", DIS_TEST_MATCH_EXACT));
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "Order No. 1-C1 saved: ",
                                        DIS_TEST_MATCH_PREFIX));
  saved = reread (f, dis_order_get_id (order));
  g_assert_cmpuint (dis_order_get_revision (saved), ==, 1);
}

/* A refused order shows the hub's reason and "Edit…"; changing it sends
 * a new revision, waiting again. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(DisOrder) again = NULL;
  DisOrderDialog *dialog;
  GtkWidget *edit;
  GtkEditable *entry;

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_orders (f);
  order = save_order (f, 3000, 0);
  wait_shown (f, 1);
  verdict (f, order, "refused", "{\"code\":\"sold_out\",\"message\":\"Spaghetti: 2 left\"}");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.reload", NULL);
  wait_shown (f, 1);
  g_assert_cmpint (dis_order_get_state (shown (f, 0)), ==, DIS_ORDER_REFUSED);

  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (f->page->list_view), GTK_TYPE_LABEL, "Sold out: Spaghetti: 2 left",
                                        DIS_TEST_MATCH_EXACT));
  edit = dis_test_find_text (GTK_WIDGET (f->page->list_view), GTK_TYPE_BUTTON, "Edit…", DIS_TEST_MATCH_EXACT);
  g_assert_nonnull (edit);
  g_assert_true (gtk_widget_get_visible (edit));

  dis_test_click (edit);
  dialog = DIS_ORDER_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_DIALOG));
  g_assert_nonnull (dialog);
  dis_test_wait_until (has_member, dialog, WAIT_MS, "the member to be read");
  entry = dis_order_dialog_get_qty_entry (dialog, SPAGHETTI);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "3");
  type_in (entry, "2");
  g_assert_cmpstr (dis_order_dialog_get_problem (dialog), ==, "");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "order.save", NULL);
  dis_test_wait_until (window_gone, GSIZE_TO_POINTER (DIS_TYPE_ORDER_DIALOG), WAIT_MS, "the change to be saved");
  wait_shown (f, 1);

  again = reread (f, dis_order_get_id (order));
  g_assert_cmpuint (dis_order_get_revision (again), ==, 2);
  g_assert_cmpint (dis_order_get_state (again), ==, DIS_ORDER_WAITING);
  g_assert_cmpint (dis_order_line_get_ordered (dis_order_find_line (again, 1)), ==, 2000);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE type = ?1", "order.placed"), ==, 2);
}

static gboolean
state_is_ready (gpointer data)
{
  Fixture *f = data;

  return _dis_orders_page_is_loaded (f->page) && n_shown (f) == 1 &&
         dis_order_get_state (shown (f, 0)) == DIS_ORDER_READY;
}

/* Ctrl+R on an accepted order: the weighed apples need their weight;
 * the price follows it, and the page shows how the total changed. */
static void
test_ready (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(DisOrder) ready = NULL;
  DisOrderReadyDialog *dialog;
  gint64 expected;
  DisOrderLine *mele;

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_orders (f);
  order = save_order (f, 2000, 1500);
  verdict (f, order, "accepted", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.reload", NULL);
  wait_shown (f, 1);
  g_assert_cmpint (dis_order_get_state (shown (f, 0)), ==, DIS_ORDER_ACCEPTED);
  gtk_single_selection_set_selected (f->page->selection, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.ready", "s", "");
  dialog = DIS_ORDER_READY_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_READY_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_null (dis_order_ready_dialog_get_entry (dialog, 1));      /* spaghetti: pieces */
  g_assert_nonnull (strstr (dis_order_ready_dialog_get_problem (dialog), "Type the weight of"));
  type_in (dis_order_ready_dialog_get_entry (dialog, 2), "1.620");
  g_assert_cmpstr (dis_order_ready_dialog_get_problem (dialog), ==, "");
  expected = dis_line_total (price_at (f, SPAGHETTI, DIS_TIER_EQUA), 2000) +
             dis_line_total (price_at (f, MELE, DIS_TIER_EQUA), 1620);
  g_assert_cmpint (dis_order_ready_dialog_get_total (dialog), ==, expected);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "ready.confirm", NULL);
  dis_test_wait_until (window_gone, GSIZE_TO_POINTER (DIS_TYPE_ORDER_READY_DIALOG), WAIT_MS, "the order to be ready");
  dis_test_wait_until (state_is_ready, f, WAIT_MS, "the order listed ready");

  ready = reread (f, dis_order_get_id (order));
  mele = dis_order_find_line (ready, 2);
  g_assert_cmpint (dis_order_line_get_weighed (mele), ==, 1620);
  g_assert_false (dis_order_get_total_estimated (ready));
  g_assert_cmpint (dis_order_get_total (ready), ==, expected);
  /* The panel says what weighing changed. */
  g_assert_nonnull (dis_test_find_text (GTK_WIDGET (f->page->detail), GTK_TYPE_LABEL, "when ordered:",
                                        DIS_TEST_MATCH_CONTAINS));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE type = ?1", "order.state"), ==, 1);
}

static gboolean
state_is_cancelled (gpointer data)
{
  Fixture *f = data;
  DisOrder *order = dis_order_detail_get_order (f->page->detail);

  return order != NULL && dis_order_get_state (order) == DIS_ORDER_CANCELLED;
}

/* Cancelling asks first; "Keep the Order" keeps it. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(DisOrder) cancelled = NULL;
  AdwMessageDialog *confirm;

  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  show_orders (f);
  order = save_order (f, 1000, 0);
  wait_shown (f, 1);
  gtk_single_selection_set_selected (f->page->selection, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.cancel", "s", dis_order_get_id (order));
  confirm = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  /* A click answers and closes it. */
  adw_message_dialog_response (confirm, "keep");
  gtk_window_destroy (GTK_WINDOW (confirm));
  dis_test_sleep_ms (300);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE type = ?1", "order.cancelled"), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.cancel", "s", "");
  confirm = ADW_MESSAGE_DIALOG (dis_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "cancel-order");
  dis_test_wait_until (state_is_cancelled, f, WAIT_MS, "the order to be cancelled");

  cancelled = reread (f, dis_order_get_id (order));
  g_assert_cmpint (dis_order_get_state (cancelled), ==, DIS_ORDER_CANCELLED);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE type = ?1", "order.cancelled"), ==, 1);
  /* The open orders no longer list it; the cancelled ones do. */
  wait_shown (f, 0);
  g_object_set (f->page, "view", "cancelled", NULL);
  wait_shown (f, 1);
}

/* The lists by state, by place and by search. */
static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DisOrder) first = NULL;
  g_autoptr(DisOrder) second = NULL;
  g_autofree char *number = NULL;

  dis_test_app_sign_in (f->window, "Anna", "1234", WAIT_MS);
  show_orders (f);
  first = save_order (f, 1000, 0);
  second = save_order (f, 0, 2000);
  verdict (f, first, "accepted", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.reload", NULL);
  wait_shown (f, 2);

  /* Ctrl+4: to prepare (accepted); Ctrl+2: waiting for the network. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.view", "s", "to-prepare");
  wait_shown (f, 1);
  g_assert_cmpstr (dis_order_get_id (shown (f, 0)), ==, dis_order_get_id (first));
  g_assert_cmpuint (gtk_drop_down_get_selected (f->page->view_dropdown), ==, DIS_ORDERS_VIEW_TO_PREPARE);
  gtk_drop_down_set_selected (f->page->view_dropdown, DIS_ORDERS_VIEW_WAITING);
  wait_shown (f, 1);
  g_assert_cmpstr (dis_order_get_id (shown (f, 0)), ==, dis_order_get_id (second));

  /* By place: both are in window W2, none in slot S1. Preparation
   * works on the place chosen: none, none of it. */
  g_object_set (f->page, "view", "open", NULL);
  wait_shown (f, 2);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.print-picking", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.print-labels", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.delivery-round", NULL);
  g_assert_null (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_PRINT_DIALOG));
  g_assert_null (dis_test_find_shown_toplevel (DIS_TYPE_DELIVERY_ROUND_DIALOG));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->page->place_names)), ==, 3);
  g_object_set (f->page, "place", "slot:S1", NULL);
  wait_shown (f, 0);
  g_assert_cmpstr (adw_status_page_get_title (f->page->empty_page), ==, "No Orders Found");
  g_object_set (f->page, "place", "window:W2", NULL);
  wait_shown (f, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (f->page->place_dropdown), ==, 1);
  /* A window has no delivery round; its picking list opens on it. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.delivery-round", NULL);
  g_assert_null (dis_test_find_shown_toplevel (DIS_TYPE_DELIVERY_ROUND_DIALOG));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.print-picking", NULL);
  g_assert_nonnull (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_PRINT_DIALOG));
  gtk_window_destroy (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_PRINT_DIALOG));

  /* By number. */
  number = g_strdup_printf ("%u", dis_order_get_number (second));
  gtk_editable_set_text (GTK_EDITABLE (f->page->search_entry), number);
  wait_shown (f, 1);
  g_assert_cmpstr (dis_order_get_id (shown (f, 0)), ==, dis_order_get_id (second));
}

/* The member searched by name and chosen from the keyboard: Down from
 * the search goes to the members found, and a row chosen there (Enter
 * activates a focused row) is the order's member. */
static gboolean
members_found (gpointer data)
{
  GtkWidget *row = dis_test_find_named (data, GTK_TYPE_LIST_BOX_ROW, NULL);

  return row != NULL && gtk_widget_get_mapped (row);
}

static void
test_member_by_keyboard (Fixture       *f,
                         gconstpointer  data)
{
  DisOrderDialog *dialog;
  GtkWidget *popover, *search, *row;
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;

  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  show_orders (f);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.new", NULL);
  dialog = DIS_ORDER_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_DIALOG));
  popover = dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_POPOVER, NULL);
  g_assert_nonnull (popover);
  gtk_popover_popup (GTK_POPOVER (popover));
  search = dis_test_find_named (popover, GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "socia");
  dis_test_wait_until (members_found, popover, WAIT_MS, "the member to be found");

  controllers = gtk_widget_observe_controllers (search);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
    }
  g_assert_true (handled);
  row = dis_test_find_named (popover, GTK_TYPE_LIST_BOX_ROW, NULL);
  g_assert_true (gtk_widget_is_focus (row));

  g_assert_true (gtk_widget_activate (row));
  dis_test_wait_until (has_member, dialog, WAIT_MS, "the member to be read");
  g_assert_nonnull (strstr (dis_order_dialog_get_problem (dialog), "at least one product"));
}

/* A delivery is placed on the map offline, and its slot's zone checked
 * as the hub will: a list of comuni, or a radius from the point. */
static gboolean
point_known (gpointer data)
{
  DisOrderDialog *dialog = data;
  GtkWidget *row = dis_test_find_text (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "On the map", DIS_TEST_MATCH_EXACT);
  const char *subtitle = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && strstr (subtitle, "from the point") != NULL;
}

static void
test_delivery_zone (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DisOrder) saved = NULL;
  DisOrderDialog *dialog;
  GtkWidget *place, *how, *slot;
  GtkEditable *address, *comune;
  gint64 lat_e6, lon_e6;

  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  show_orders (f);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.new", NULL);
  dialog = DIS_ORDER_DIALOG (dis_test_find_shown_toplevel (DIS_TYPE_ORDER_DIALOG));
  dis_order_dialog_choose_member (dialog, CARD);
  dis_test_wait_until (has_member, dialog, WAIT_MS, "the member to be read");
  type_in (dis_order_dialog_get_qty_entry (dialog, SPAGHETTI), "1");

  how = dis_test_get_text (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "How");
  adw_combo_row_set_selected (ADW_COMBO_ROW (how), 1);
  slot = dis_test_get_text (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Delivery slot");
  address = GTK_EDITABLE (dis_test_get_text (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Address"));
  comune = GTK_EDITABLE (dis_test_get_text (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Comune"));
  place = dis_test_find_text (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "On the map", DIS_TEST_MATCH_EXACT);
  g_assert_nonnull (place);
  g_assert_false (gtk_widget_get_visible (place));

  /* Z1-TORINO serves Torino only, whatever the spelling. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (slot), 0);
  type_in (address, "Strada Revigliasco 12");
  type_in (comune, "Moncalieri");
  g_assert_cmpstr (dis_order_dialog_get_problem (dialog), ==, "This slot delivers only to Torino.");
  g_assert_true (gtk_widget_get_visible (place));
  dis_test_wait_until (point_known, dialog, WAIT_MS, "the point's position to be read");
  /* The hamlet the address names, not the comune's centre. */
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (place)),
                                   "Revigliasco, in Moncalieri · "));
  type_in (address, "Via Roma 1");
  type_in (comune, " TORINO ");
  g_assert_cmpstr (dis_order_dialog_get_problem (dialog), ==, "");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (place)), "Centre of Torino · "));

  /* Z2-3KM: within 3 km of the point (TO-CEN, in Torino). */
  adw_combo_row_set_selected (ADW_COMBO_ROW (slot), 1);
  g_assert_cmpstr (dis_order_dialog_get_problem (dialog), ==, "");
  type_in (comune, "Chieri");
  g_assert_nonnull (strstr (dis_order_dialog_get_problem (dialog), "Centre of Chieri is "));
  g_assert_nonnull (strstr (dis_order_dialog_get_problem (dialog), "this slot delivers within 3.0 km"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (dis_test_find_text (GTK_WIDGET (dialog), GTK_TYPE_BUTTON,
                                                                           "Save Order", DIS_TEST_MATCH_EXACT))));
  type_in (comune, "Milano");
  g_assert_nonnull (strstr (dis_order_dialog_get_problem (dialog), "type a comune the map knows"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (place)), "Not on the map"));
  type_in (comune, "  torino");
  g_assert_cmpstr (dis_order_dialog_get_problem (dialog), ==, "");

  /* The order goes with its position, and the comune as the map spells it. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "order.save", NULL);
  dis_test_wait_until (window_gone, GSIZE_TO_POINTER (DIS_TYPE_ORDER_DIALOG), WAIT_MS, "the order to be saved");
  wait_shown (f, 1);
  saved = reread (f, dis_order_get_id (shown (f, 0)));
  g_assert_cmpint (dis_order_get_fulfilment (saved), ==, DIS_FULFILMENT_DELIVERY);
  g_assert_cmpstr (dis_order_get_place_code (saved), ==, "Z2-3KM");
  g_assert_cmpstr (dis_order_get_comune (saved), ==, "Torino");
  g_assert_true (dis_order_get_location (saved, &lat_e6, &lon_e6));
  g_assert_cmpint (ABS (lat_e6 - 45070000), <, 20000);
  g_assert_cmpint (ABS (lon_e6 - 7680000), <, 20000);
}

/* The window closes with a menu of the page open: the menu goes with it
 * (see dis_test_destroy_window_with_open()). */
static void
test_menu_closed_with_window (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *menu;

  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  show_orders (f);
  menu = dis_test_find_tooltip (GTK_WIDGET (f->page), GTK_TYPE_MENU_BUTTON, data);
  g_assert_nonnull (menu);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  dis_test_destroy_window_with_open (GTK_WINDOW (g_steal_pointer (&f->window)),
                                     gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu)), WAIT_MS / 1000);
}

/* The same for the order dialog, with the member search open. */
static void
test_buyer_closed_with_window (Fixture       *f,
                               gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *popover;

  dis_test_app_sign_in (f->window, "Bruno", "5678", WAIT_MS);
  show_orders (f);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.new", NULL);
  dialog = dis_test_find_shown_toplevel (DIS_TYPE_ORDER_DIALOG);
  popover = dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_POPOVER, NULL);
  g_assert_nonnull (popover);
  gtk_menu_button_popup (GTK_MENU_BUTTON (gtk_widget_get_parent (popover)));
  dis_test_destroy_window_with_open (dialog, GTK_POPOVER (popover), WAIT_MS / 1000);
}

int
main (int   argc,
      char *argv[])
{
  dis_test_gtk_init (&argc, &argv);

  g_test_add ("/orders/roles", Fixture, NULL, fixture_setup, test_roles, fixture_teardown);
  g_test_add ("/orders/no-cycle", Fixture, "closed", fixture_setup, test_no_cycle, fixture_teardown);
  g_test_add ("/orders/take", Fixture, NULL, fixture_setup, test_take_order, fixture_teardown);
  g_test_add ("/orders/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/orders/ready", Fixture, NULL, fixture_setup, test_ready, fixture_teardown);
  g_test_add ("/orders/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/orders/member-by-keyboard", Fixture, NULL, fixture_setup, test_member_by_keyboard,
              fixture_teardown);
  g_test_add ("/orders/delivery-zone", Fixture, "zones", fixture_setup, test_delivery_zone, fixture_teardown);
  g_test_add ("/orders/lists", Fixture, NULL, fixture_setup, test_lists, fixture_teardown);
  g_test_add ("/orders/more-closed-with-window", Fixture, "More Order Actions", fixture_setup,
              test_menu_closed_with_window, fixture_teardown);
  g_test_add ("/orders/prepare-closed-with-window", Fixture,
              "Picking list, labels and delivery round of the window or slot chosen", fixture_setup,
              test_menu_closed_with_window, fixture_teardown);
  g_test_add ("/orders/buyer-closed-with-window", Fixture, NULL, fixture_setup, test_buyer_closed_with_window,
              fixture_teardown);

  return g_test_run ();
}
