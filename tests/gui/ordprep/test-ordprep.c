/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "dis-delivery-map.h"
#include "dis-delivery-round-dialog.h"
#include "dis-delivery-stop.h"
#include "dis-geo.h"
#include "dis-order-print-dialog.h"
#include "dis-park-dialog.h"
#include "dis-payment-view.h"
#include "dis-route.h"
#include "dis-test-gui.h"
#include "dis-test-map.h"
#include "dis-test-util.h"
#include "dis-till-page.h"
#include "ordprep-fixture.h"

/* Preparing member orders (issue 13): the picking list and the labels
 * of a window or slot printed to PDF (written directly and through the
 * print operation), the delivery round of a slot (its stops in the
 * order dis_route_plan() finds, the addresses without a position left
 * out, the round started and a stop delivered), and the till loading a
 * ready order from its label and handing it over by the payment. */

#define WAIT_MS 10000

/* The point TO-CEN in data/demo/points.json. */
#define POINT_LAT 45.0729
#define POINT_LON 7.6793

static gboolean
print_loaded (gpointer dialog)
{
  return _dis_order_print_dialog_is_loaded (dialog);
}

static DisOrderPrintDialog *
open_print_dialog (Fixture           *f,
                   DisOrderPrintKind  kind,
                   const char        *window_code,
                   const char        *slot_code)
{
  DisOrderPrintDialog *dialog = DIS_ORDER_PRINT_DIALOG (dis_order_print_dialog_new (f->window, f->store, kind,
                                                                                    window_code, slot_code));

  gtk_window_present (GTK_WINDOW (dialog));
  dis_test_wait_until (print_loaded, dialog, WAIT_MS, "the orders of the print dialog");
  return dialog;
}

static void
test_picking (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "picking-W1.pdf", NULL);
  g_autofree char *printed = g_build_filename (f->dir, "picking-W1-printed.pdf", NULL);
  g_autoptr(DisOrderLine) line = g_list_model_get_item (dis_order_get_lines (f->pickup[0]), 0);
  g_autoptr(GError) error = NULL;
  DisOrderPrintDialog *dialog = open_print_dialog (f, DIS_ORDER_PRINT_PICKING, "W1", NULL);

  /* The window's two orders (ready and accepted), none of the slot's. */
  g_assert_cmpuint (_dis_order_print_dialog_n_orders (dialog), ==, 2);
  g_assert_true (gtk_widget_get_sensitive (dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "print-button")));
  keep_screenshot (GTK_WIDGET (dialog), "order-print-picking.png");

  /* The totals on a page, the orders one by one from the next. */
  g_assert_true (_dis_order_print_dialog_write_pdf (dialog, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_count_pages (pdf), ==, 2);
  pdf_assert_text (pdf, _("Picking List"));
  pdf_assert_text (pdf, "Socia di prova");
  pdf_assert_text (pdf, dis_order_line_get_product_name (line));
  pdf_assert_text (pdf, "W1");
  /* Each order by its reference, as on its label. */
  pdf_assert_text (pdf, dis_order_get_reference (f->pickup[0]));

  /* What the printer gets: the same pages, through GtkPrintOperation. */
  g_assert_true (_dis_order_print_dialog_export (dialog, printed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_count_pages (printed), ==, 2);
  pdf_assert_text (printed, "Socia di prova");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "labels-S1.pdf", NULL);
  g_autoptr(GError) error = NULL;
  DisOrderPrintDialog *dialog = open_print_dialog (f, DIS_ORDER_PRINT_LABELS, NULL, "S1");
  GtkSpinButton *skip = GTK_SPIN_BUTTON (dis_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, NULL));

  g_assert_cmpuint (_dis_order_print_dialog_n_orders (dialog), ==, 3);
  g_assert_nonnull (skip);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (skip)));
  keep_screenshot (GTK_WIDGET (dialog), "order-print-labels.png");

  /* Three labels fit on one sheet of 24. */
  g_assert_true (_dis_order_print_dialog_write_pdf (dialog, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_count_pages (pdf), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (f->delivery); i++)
    {
      g_autofree char *first = g_strdup_printf ("No. %s · Socia di prova", dis_order_get_reference (f->delivery[i]));

      pdf_assert_text (pdf, dis_order_get_barcode (f->delivery[i]));
      pdf_assert_text (pdf, first);
    }
  pdf_assert_text (pdf, "Via Nizza 150");

  /* A sheet with 22 labels used: two left on it, the third on a new one. */
  gtk_spin_button_set_value (skip, 22);
  g_assert_true (_dis_order_print_dialog_write_pdf (dialog, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_count_pages (pdf), ==, 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_picking_follows (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOrder) cancelled = NULL;
  DisOrderPrintDialog *dialog = open_print_dialog (f, DIS_ORDER_PRINT_PICKING, "W1", NULL);

  g_assert_cmpuint (_dis_order_print_dialog_n_orders (dialog), ==, 2);

  /* An order cancelled meanwhile leaves the list being printed. */
  cancelled = dis_store_orders_cancel (f->store, f->anna, dis_order_get_id (f->pickup[1]), NULL, &error);
  g_assert_no_error (error);
  DIS_TEST_WAIT_UNTIL (_dis_order_print_dialog_is_loaded (dialog) &&
                       _dis_order_print_dialog_n_orders (dialog) == 1, 10);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ---- The delivery round --------------------------------------------------- */

static gboolean
round_loaded (gpointer dialog)
{
  return _dis_delivery_round_dialog_is_loaded (dialog);
}

typedef struct
{
  Fixture       *f;
  DisOrder      *order;
  DisOrderState  state;
} StateWait;

static gboolean
order_in_state (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(DisOrder) now = fixture_reread (wait->f, wait->order);

  return dis_order_get_state (now) == wait->state;
}

static void
wait_state (Fixture       *f,
            DisOrder      *order,
            DisOrderState  state)
{
  StateWait wait = { f, order, state };

  dis_test_wait_until (order_in_state, &wait, WAIT_MS, "the order's new state");
}

static DisDeliveryStop *
stop_at (DisDeliveryRoundDialog *dialog,
         guint                   i)
{
  DisDeliveryStop *stop = g_list_model_get_item (_dis_delivery_round_dialog_get_stops (dialog), i);

  g_object_unref (stop);  /* the model keeps it */
  return stop;
}

static void
test_delivery_round (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "route-S1.pdf", NULL);
  g_autofree char *pack = dis_test_map_pack_path ();
  g_autoptr(GArray) visits = NULL;
  g_autoptr(GError) error = NULL;
  DisRoutePlace places[3] = { { POINT_LAT, POINT_LON } };
  DisDeliveryRoundDialog *dialog;
  DisDeliveryMap *map;
  double metres = 0;

  for (guint i = 0; i < 2; i++)
    {
      gint64 lat_e6, lon_e6;

      g_assert_true (dis_order_get_location (f->delivery[i], &lat_e6, &lon_e6));
      places[i + 1] = (DisRoutePlace) { lat_e6 / 1e6, lon_e6 / 1e6 };
    }
  visits = dis_route_plan (places, 3, &metres);

  /* The map shows the region pack when there is one; the round is the
   * same without. */
  if (pack != NULL)
    g_setenv ("DIS_REGION_PACK", pack, TRUE);
  else
    g_unsetenv ("DIS_REGION_PACK");

  dialog = DIS_DELIVERY_ROUND_DIALOG (dis_delivery_round_dialog_new (f->window, f->store, f->anna, "S1"));
  gtk_window_present (GTK_WINDOW (dialog));
  dis_test_wait_until (round_loaded, dialog, WAIT_MS, "the delivery round");

  /* The two located orders in the order of the round, then the one
   * without a position, outside it. */
  g_assert_cmpuint (g_list_model_get_n_items (_dis_delivery_round_dialog_get_stops (dialog)), ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      DisDeliveryStop *stop = stop_at (dialog, i);
      guint index = g_array_index (visits, guint, i + 1);

      g_assert_cmpuint (dis_delivery_stop_get_position (stop), ==, i + 1);
      g_assert_cmpstr (dis_order_get_id (dis_delivery_stop_get_order (stop)), ==,
                       dis_order_get_id (f->delivery[index - 1]));
    }
  g_assert_cmpuint (dis_delivery_stop_get_position (stop_at (dialog, 2)), ==, 0);
  g_assert_cmpstr (dis_order_get_id (dis_delivery_stop_get_order (stop_at (dialog, 2))), ==,
                   dis_order_get_id (f->delivery[2]));
  g_assert_cmpfloat_with_epsilon (_dis_delivery_round_dialog_get_metres (dialog), metres, 0.5);
  g_assert_cmpfloat (metres, >, 1000);

  map = DIS_DELIVERY_MAP (dis_test_find_named (GTK_WIDGET (dialog), DIS_TYPE_DELIVERY_MAP, NULL));
  g_assert_nonnull (map);
  g_assert_cmpuint (_dis_delivery_map_n_stops (map), ==, 2);
  if (pack != NULL)
    {
      DIS_TEST_WAIT_UNTIL (_dis_delivery_map_has_pack (map), 10);
      dis_test_sleep_ms (1500);  /* the tiles, for the screenshot */
    }
  else
    g_test_message ("No region pack in $DIS_SHARED_DATA: the map is not drawn");
  keep_screenshot (GTK_WIDGET (dialog), "delivery-round.png");

  /* The route sheet. */
  g_assert_true (_dis_delivery_round_dialog_write_pdf (dialog, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_count_pages (pdf), ==, 1);
  pdf_assert_text (pdf, _("Route Sheet"));
  pdf_assert_text (pdf, "Via Nizza 150");
  pdf_assert_text (pdf, "Strada del Nobile 12");

  /* Starting the round moves the ready orders out, not the accepted one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "delivery.start", NULL));
  wait_state (f, f->delivery[0], DIS_ORDER_OUT_FOR_DELIVERY);
  wait_state (f, f->delivery[1], DIS_ORDER_OUT_FOR_DELIVERY);
  {
    g_autoptr(DisOrder) accepted = fixture_reread (f, f->delivery[2]);

    g_assert_cmpint (dis_order_get_state (accepted), ==, DIS_ORDER_ACCEPTED);
  }

  /* A stop delivered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "delivery.delivered", "s",
                                             dis_order_get_id (f->delivery[0])));
  wait_state (f, f->delivery[0], DIS_ORDER_DELIVERED);
  keep_screenshot (GTK_WIDGET (dialog), "delivery-round-started.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ---- The till ----------------------------------------------------------- */

static DisTillPage *
till_new (Fixture *f)
{
  DisTillPage *page = DIS_TILL_PAGE (dis_till_page_new ());
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());

  adw_toast_overlay_set_child (overlay, GTK_WIDGET (page));
  gtk_window_set_child (f->window, GTK_WIDGET (overlay));
  dis_till_page_set_store (page, f->store);
  dis_till_page_set_operator (page, f->anna);
  DIS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)), 5);

  return page;
}

static void
type_and_enter (DisTillPage *page,
                const char  *text)
{
  GtkWidget *entry = dis_test_find_named (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
}

typedef struct
{
  Fixture    *f;
  const char *text;
} Message;

static gboolean
message_shown (gpointer data)
{
  Message *message = data;

  return dis_test_find_text (GTK_WIDGET (message->f->window), GTK_TYPE_LABEL, message->text,
                             DIS_TEST_MATCH_PREFIX) != NULL;
}

/* Waits for the till's message beginning with @text. */
static void
wait_message (Fixture    *f,
              const char *text)
{
  Message message = { f, text };

  dis_test_wait_until (message_shown, &message, WAIT_MS, text);
}

/* The quantity in @cart of @order's product @code; -1 when not there. */
static gint64
line_quantity (DisCart    *cart,
               DisOrder   *order,
               const char *code)
{
  GListModel *lines = dis_order_get_lines (order);
  gint64 product_id = 0;

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (lines, i);

      if (g_strcmp0 (dis_order_line_get_product_code (line), code) == 0)
        product_id = dis_order_line_get_product_id (line);
    }
  g_assert_cmpint (product_id, >, 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (cart)); i++)
    {
      g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (cart), i);

      if (dis_product_get_id (dis_cart_line_get_product (line)) == product_id)
        return dis_cart_line_get_quantity (line);
    }

  return -1;
}

static void
pay_cash (DisTillPage *page,
          DisCart     *cart)
{
  DisPaymentView *view = DIS_PAYMENT_VIEW (dis_test_find_named (GTK_WIDGET (page), DIS_TYPE_PAYMENT_VIEW, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "till.pay", NULL));
  DIS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)), 5);
  dis_payment_view_set_cash_text (view, "500");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "payment.confirm", NULL));
  DIS_TEST_WAIT_UNTIL (dis_cart_is_empty (cart), 10);
}

static void
test_till_hand_over (Fixture       *f,
                     gconstpointer  data)
{
  DisTillPage *page = till_new (f);
  DisCart *cart = dis_till_page_get_cart (page);
  g_autoptr(DisOrder) handed = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  gint64 expected;

  /* The till names orders as their labels do: number and till. */
  g_assert_cmpstr (dis_order_get_reference (f->pickup[0]), ==, "1-C1");
  g_assert_cmpstr (dis_order_get_reference (f->pickup[1]), ==, "2-C1");

  /* An order not prepared yet is not loaded. */
  type_and_enter (page, dis_order_get_barcode (f->pickup[1]));
  wait_message (f, "Order 2-C1 is not ready yet: ");
  g_assert_true (dis_cart_is_empty (cart));
  g_assert_null (dis_cart_get_order_id (cart));

  /* The ready one is: its member, its tier, the weight weighed. */
  type_and_enter (page, dis_order_get_barcode (f->pickup[0]));
  DIS_TEST_WAIT_UNTIL (!dis_cart_is_empty (cart), 10);
  g_assert_cmpstr (dis_cart_get_order_id (cart), ==, dis_order_get_id (f->pickup[0]));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 2);
  g_assert_cmpint (line_quantity (cart, f->pickup[0], f->piece_code), ==, 2000);
  g_assert_cmpint (line_quantity (cart, f->pickup[0], f->weighed_code), ==, 1430);
  g_assert_cmpint (dis_cart_get_tier (cart), ==, DIS_TIER_EQUA);
  expected = dis_order_get_total (f->pickup[0]);
  g_assert_cmpint (dis_cart_get_total (cart), ==, expected);
  /* After the warning above has gone. */
  wait_message (f, "Order 1-C1 loaded: ");
  keep_screenshot (GTK_WIDGET (f->window), "till-order-loaded.png");

  /* An order's cart is not parked (the parked cart would forget the
   * order): the cart stays as it is, and no parked cart is made. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "till.park", NULL));
  DIS_TEST_WAIT_UNTIL (dis_test_find_text (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "An order is not parked",
                                           DIS_TEST_MATCH_PREFIX) != NULL, 5);
  g_assert_null (dis_test_find_shown_toplevel (DIS_TYPE_PARK_DIALOG));
  g_assert_cmpstr (dis_cart_get_order_id (cart), ==, dis_order_get_id (f->pickup[0]));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 2);
  {
    g_autoptr(GPtrArray) parked = dis_store_list_parked_carts (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (parked->len, ==, 0);
  }

  /* Paying hands it over, in the sale's commit. */
  pay_cash (page, cart);
  handed = fixture_reread (f, f->pickup[0]);
  g_assert_cmpint (dis_order_get_state (handed), ==, DIS_ORDER_HANDED_OVER);
  g_assert_true (dis_order_get_paid (handed));
  sale = dis_store_get_last_sale (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dis_order_get_sale_id (handed), ==, sale->id);
  g_assert_cmpstr (sale->member_card, ==, DIS_TEST_ELIGIBLE_CARD);
  g_assert_cmpint (sale->total, ==, expected);

  /* Scanned again: it is paid, nothing is loaded. */
  type_and_enter (page, dis_order_get_barcode (f->pickup[0]));
  dis_test_sleep_ms (500);
  g_assert_true (dis_cart_is_empty (cart));
}

static void
test_till_delivered (Fixture       *f,
                     gconstpointer  data)
{
  DisTillPage *page = till_new (f);
  DisCart *cart = dis_till_page_get_cart (page);
  g_autoptr(DisOrder) paid = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = dis_order_get_id (f->delivery[1]);

  /* Out for delivery: paid once delivered, not before. */
  paid = dis_store_orders_set_state (f->store, f->anna, id, DIS_ORDER_OUT_FOR_DELIVERY, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&paid);
  type_and_enter (page, dis_order_get_barcode (f->delivery[1]));
  dis_test_sleep_ms (500);
  g_assert_true (dis_cart_is_empty (cart));

  paid = dis_store_orders_set_state (f->store, f->anna, id, DIS_ORDER_DELIVERED, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&paid);
  type_and_enter (page, dis_order_get_barcode (f->delivery[1]));
  DIS_TEST_WAIT_UNTIL (!dis_cart_is_empty (cart), 10);
  g_assert_cmpstr (dis_cart_get_order_id (cart), ==, id);
  g_assert_cmpint (line_quantity (cart, f->delivery[1], f->piece_code), ==, 1000);

  pay_cash (page, cart);
  paid = fixture_reread (f, f->delivery[1]);
  g_assert_cmpint (dis_order_get_state (paid), ==, DIS_ORDER_DELIVERED);
  g_assert_true (dis_order_get_paid (paid));
}

static void
test_till_load_action (Fixture       *f,
                       gconstpointer  data)
{
  DisTillPage *page = till_new (f);
  DisCart *cart = dis_till_page_get_cart (page);

  /* The member's card makes them the buyer; the toast then offering
   * their ready order loads it with this action. */
  type_and_enter (page, DIS_TEST_ELIGIBLE_CARD);
  dis_test_sleep_ms (500);
  g_assert_true (dis_cart_is_empty (cart));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "till.load-order", "s",
                                             dis_order_get_barcode (f->pickup[0])));
  DIS_TEST_WAIT_UNTIL (!dis_cart_is_empty (cart), 10);
  g_assert_cmpstr (dis_cart_get_order_id (cart), ==, dis_order_get_id (f->pickup[0]));
}

/* Each till holds the orders it took: the label of another till's order
 * sends the member there, where a label of this till that names no
 * order is simply not found. */
static void
test_till_other_till (Fixture       *f,
                      gconstpointer  data)
{
  DisTillPage *page = till_new (f);
  DisCart *cart = dis_till_page_get_cart (page);

  g_assert_cmpstr (dis_order_get_till (f->pickup[0]), ==, "C1");
  type_and_enter (page, "ORD1-C2");
  wait_message (f, "Order 1-C2 was taken at till C2: collect it there");
  g_assert_true (dis_cart_is_empty (cart));

  type_and_enter (page, "ORD99-C1");
  wait_message (f, "No order 99-C1 at this point");
  g_assert_true (dis_cart_is_empty (cart));
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("DIS_TEST_LANG");

  dis_test_gtk_init (&argc, &argv);

  /* Screenshots in a language: DIS_TEST_LANG=it_IT.UTF-8 and the
   * catalogs compiled in the build. */
  if (lang != NULL && setlocale (LC_ALL, lang) != NULL)
    {
      g_autofree char *localedir = g_build_filename (g_getenv ("DIS_BUILD_DIR"), "po", NULL);

      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

#define ADD(path, func) \
  g_test_add ("/ordprep/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("picking", test_picking);
  ADD ("labels", test_labels);
  ADD ("picking-follows", test_picking_follows);
  ADD ("delivery-round", test_delivery_round);
  ADD ("till-hand-over", test_till_hand_over);
  ADD ("till-delivered", test_till_delivered);
  ADD ("till-load-action", test_till_load_action);
  ADD ("till-other-till", test_till_other_till);
#undef ADD

  return g_test_run ();
}
