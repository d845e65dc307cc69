/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include "dis-core.h"
#include "dis-store-orders.h"
#include "dis-store-orders-till.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-sync-private.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "sync-fixture.h"
#include "../store/store-test-util.h"

/* Member orders through a real hub (issue 13): the cycle and the
 * schedule reach the point in the feed, an order saved offline goes out
 * as order.placed and comes back accepted, one past what remains comes
 * back refused with its reason, and the hand-over at the till reaches
 * the hub with its sale. Real hubs on 127.0.0.1 (sync-fixture.h). */

#define PRODUCT "P-0001"

static char *
from_now (double hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, hours * 3600);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
write_file (SyncFixture *f,
            const char  *name,
            const char  *text)
{
  char *path = g_build_filename (f->net.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Synced, with the hub's last change applied or kept. */
static gboolean
caught_up (gpointer data)
{
  SyncFixture *f = data;
  gint64 cursor = -1;

  return sync_all_synced (f) &&
         dis_store_sync_get_cursor (f->store, &cursor, NULL) &&
         cursor == sync_hub_int (f, "SELECT max (seq) FROM changes");
}

typedef struct
{
  SyncFixture   *f;
  const char    *id;
  DisOrderState  state;
} Waiting;

static gboolean
order_in_state (gpointer data)
{
  Waiting *w = data;
  g_autoptr(DisOrder) order = dis_store_orders_get (w->f->store, w->id, NULL);

  return order != NULL && dis_order_get_state (order) == w->state;
}

static DisOrder *
wait_for_state (SyncFixture   *f,
                DisOrder      *order,
                DisOrderState  state)
{
  Waiting w = { f, dis_order_get_id (order), state };
  g_autoptr(GError) error = NULL;
  DisOrder *now;

  g_assert_true (dis_test_wait_for (order_in_state, &w, 20000));
  now = dis_store_orders_get (f->store, w.id, &error);
  g_assert_no_error (error);
  return now;
}

static DisOrder *
place_at (DisStore    *store,
          DisOperator *op,
          gint64       cycle_id,
          gint64       qty)
{
  g_autoptr(DisOrderDraft) draft = dis_order_draft_new (NULL, cycle_id, DIS_TEST_ELIGIBLE_CARD, DIS_TIER_EQUA);
  g_autoptr(GError) error = NULL;
  DisOrder *order;

  dis_order_draft_set_pickup (draft, "W1");
  dis_order_draft_set_line (draft, PRODUCT, qty);
  order = dis_store_orders_save (store, op, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_order_get_state (order), ==, DIS_ORDER_WAITING);
  return order;
}

static DisOrder *
place (SyncFixture *f,
       gint64       cycle_id,
       gint64       qty)
{
  return place_at (f->store, f->op, cycle_id, qty);
}

static void
test_round_trip (SyncFixture *f, gconstpointer data)
{
  g_autofree char *opens = from_now (-1), *closes = from_now (24), *w1 = from_now (25), *w2 = from_now (27);
  g_autofree char *products = write_file (f, "products.json", "[{\"product\":\"" PRODUCT "\",\"available\":3000}]");
  g_autofree char *schedule_text =
    g_strdup_printf ("{\"windows\":[{\"code\":\"W1\",\"starts\":\"%s\",\"ends\":\"%s\"}],\"slots\":[]}", w1, w2);
  g_autofree char *schedule = write_file (f, "schedule.json", schedule_text);
  g_autoptr(GPtrArray) cycles = NULL;
  g_autoptr(DisOrder) first = NULL, accepted = NULL, second = NULL, also = NULL, ready = NULL;
  g_autoptr(DisOrderSchedule) windows = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  DisCycle *cycle;
  gint64 cycle_id;

  g_free (dis_test_hub_admin (f->net.hub, "point", "schedule", "TO-CEN", "--file", schedule, NULL));
  g_free (dis_test_hub_admin (f->net.hub, "cycle", "open", "--name", "Settimana", "--opens", opens,
                              "--closes", closes, "--products", products, NULL));
  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (caught_up, f, 20000));

  /* The feed brought the cycle with what remains, and this point's window. */
  cycles = dis_store_orders_list_cycles (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cycles->len, ==, 1);
  cycle = g_ptr_array_index (cycles, 0);
  cycle_id = dis_cycle_get_id (cycle);
  g_assert_nonnull (dis_cycle_find_product (cycle, PRODUCT));
  g_assert_cmpint (dis_cycle_product_get_remaining (dis_cycle_find_product (cycle, PRODUCT)), ==, 3000);
  windows = dis_store_orders_get_schedule (f->store, &error);
  g_assert_nonnull (dis_order_schedule_find_window (windows, "W1"));

  /* Two of the three: accepted, and the remaining follows. */
  first = place (f, cycle_id, 2000);
  accepted = wait_for_state (f, first, DIS_ORDER_ACCEPTED);
  g_assert_cmpuint (dis_order_get_accepted_revision (accepted), ==, 1);
  g_assert_true (dis_test_wait_for (caught_up, f, 20000));
  g_clear_pointer (&cycles, g_ptr_array_unref);
  cycles = dis_store_orders_list_cycles (f->store, FALSE, &error);
  g_assert_cmpint (dis_cycle_product_get_remaining (dis_cycle_find_product (g_ptr_array_index (cycles, 0),
                                                                            PRODUCT)), ==, 1000);

  /* Two more of the last one, saved offline (the point still sees one
   * left): the first sent is accepted, the other refused with its reason. */
  sync_stop_hub (f, FALSE);
  second = place (f, cycle_id, 1000);
  {
    g_autoptr(DisOrder) third = place (f, cycle_id, 1000);
    g_autoptr(DisOrder) third_refused = NULL;

    sync_start_hub (f, NULL, NULL);
    third_refused = wait_for_state (f, third, DIS_ORDER_REFUSED);

    g_assert_cmpstr (dis_order_get_reason_code (third_refused), ==, "sold_out");
    g_assert_nonnull (dis_order_get_reason_message (third_refused));
  }
  also = wait_for_state (f, second, DIS_ORDER_ACCEPTED);
  g_assert_cmpint (sync_hub_int (f, "SELECT reserved FROM hub_cycle_products"), ==, 3000);

  /* Prepared, handed over at the till: the hub has the sale and the order handed over. */
  ready = dis_store_orders_set_state (f->store, f->op, dis_order_get_id (accepted), DIS_ORDER_READY, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DisProduct) product = NULL;
    g_autoptr(DisOrderLine) line = g_list_model_get_item (dis_order_get_lines (ready), 0);

    product = dis_store_lookup_product (f->store, dis_order_line_get_product_id (line), &error);
    g_assert_no_error (error);
    dis_cart_add (cart, product, dis_order_line_get_quantity (line), FALSE);
  }
  dis_cart_set_order_id (cart, dis_order_get_id (ready));
  sale = dis_sale_new_from_cart (cart);
  sale->member_card = g_strdup (DIS_TEST_ELIGIBLE_CARD);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, sale->total);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->op, &error));
  g_assert_no_error (error);
  g_assert_true (dis_test_wait_for (caught_up, f, 20000));
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_orders WHERE state = 'handed_over'"), ==, 1);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales"), ==, 1);
  g_assert_cmpint (sync_point_int (f, "SELECT count(*) FROM outbox"), ==, 0);
}

/* The cycle (@available of PRODUCT) and window W1 of TO-CEN at the hub;
 * the hub does not serve yet. */
static void
open_cycle (SyncFixture *f,
            gint64       available)
{
  g_autofree char *opens = from_now (-1), *closes = from_now (24), *w1 = from_now (25), *w2 = from_now (27);
  g_autofree char *products_text =
    g_strdup_printf ("[{\"product\":\"" PRODUCT "\",\"available\":%" G_GINT64_FORMAT "}]", available);
  g_autofree char *products = write_file (f, "products.json", products_text);
  g_autofree char *schedule_text =
    g_strdup_printf ("{\"windows\":[{\"code\":\"W1\",\"starts\":\"%s\",\"ends\":\"%s\"}],\"slots\":[]}", w1, w2);
  g_autofree char *schedule = write_file (f, "schedule.json", schedule_text);

  g_free (dis_test_hub_admin (f->net.hub, "point", "schedule", "TO-CEN", "--file", schedule, NULL));
  g_free (dis_test_hub_admin (f->net.hub, "cycle", "open", "--name", "Settimana", "--opens", opens,
                              "--closes", closes, "--products", products, NULL));
}

/* A second till of TO-CEN, device C2, with its own database. */
typedef struct
{
  SyncFixture   *f;
  char          *db_path;
  char          *config_dir;
  DisStore      *store;
  DisSyncClient *client;
  DisOperator   *op;
} OtherTill;

static gboolean
other_caught_up (gpointer data)
{
  OtherTill *till = data;
  gint64 cursor = -1;

  return dis_test_point_synced (till->client, till->store) &&
         dis_store_sync_get_cursor (till->store, &cursor, NULL) &&
         cursor == sync_hub_int (till->f, "SELECT max (seq) FROM changes");
}

static void
other_till_open (OtherTill   *till,
                 SyncFixture *f)
{
  g_autofree char *token = dis_test_hub_add_device (f->net.hub, "TO-CEN", "C2", FALSE);
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;

  till->f = f;
  till->db_path = g_build_filename (f->net.dir, "punto-c2.db", NULL);
  till->config_dir = g_build_filename (f->net.dir, "config-c2", NULL);
  till->store = dis_test_point_new (till->db_path, "TO-CEN");
  dis_test_add_eligible_member (till->db_path);
  till->client = dis_sync_client_new (till->store, till->config_dir);
  dis_sync_client_set_timing_for_testing (till->client, 20, 400, 60000, 1, 43);
  till->op = dis_test_point_open_till (till->store, 5000);
  enrolment = dis_test_enrol (till->client, f->url, token, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (enrolment->device_id, ==, "C2");
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
other_till_close (OtherTill *till)
{
  gpointer client = g_steal_pointer (&till->client);

  dis_sync_client_stop (client);
  g_object_add_weak_pointer (client, &client);
  g_object_unref (client);
  dis_test_wait_until (is_gone, &client, 5000, "the stopped sync client to be released");
  g_clear_object (&till->op);
  g_clear_object (&till->store);
  g_free (till->db_path);
  g_free (till->config_dir);
}

/* Two tills of one point take an order each while the hub is away: each
 * numbers it 1, and the till on the label keeps them apart, at the
 * counter and at the hub. */
static void
test_two_tills (SyncFixture *f, gconstpointer data)
{
  g_autoptr(DisOrder) first = NULL, second = NULL, first_ok = NULL, second_ok = NULL;
  g_autoptr(DisOrder) found = NULL;
  g_autoptr(GPtrArray) cycles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at_hub_first = NULL, *at_hub_second = NULL;
  OtherTill other = { 0 };
  gint64 cycle_id;

  open_cycle (f, 10000);
  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_cmpstr (f->enrolment->device_id, ==, "C1");
  other_till_open (&other, f);
  g_assert_true (dis_test_wait_for (caught_up, f, 20000));
  g_assert_true (dis_test_wait_for (other_caught_up, &other, 20000));
  cycles = dis_store_orders_list_cycles (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cycles->len, ==, 1);
  cycle_id = dis_cycle_get_id (g_ptr_array_index (cycles, 0));

  /* Offline, each till takes the first order it ever took. */
  sync_stop_hub (f, FALSE);
  first = place (f, cycle_id, 1000);
  second = place_at (other.store, other.op, cycle_id, 1000);
  g_assert_cmpuint (dis_order_get_number (first), ==, dis_order_get_number (second));
  g_assert_cmpstr (dis_order_get_barcode (first), ==, "ORD1-C1");
  g_assert_cmpstr (dis_order_get_barcode (second), ==, "ORD1-C2");
  g_assert_cmpstr (dis_order_get_reference (first), !=, dis_order_get_reference (second));

  /* Each till finds its own order by its label, not the other's. */
  found = dis_store_orders_lookup (f->store, dis_order_get_barcode (second), &error);
  g_assert_no_error (error);
  g_assert_null (found);
  found = dis_store_orders_lookup (other.store, dis_order_get_barcode (second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dis_order_get_id (found), ==, dis_order_get_id (second));

  /* Scanned at C1, C2's label says where the order is collected; C1's
   * own label of an order it never took is no other till's. */
  {
    g_autoptr(DisOrderForTill) there = dis_store_orders_load_for_till (f->store, dis_order_get_barcode (second),
                                                                       &error);

    g_assert_no_error (error);
    g_assert_nonnull (there);
    g_assert_null (there->order);
    g_assert_cmpstr (there->other_till, ==, "C2");
    g_assert_null (dis_store_orders_load_for_till (f->store, "ORD7-C1", &error));
    g_assert_no_error (error);
  }

  /* Back online: both accepted, both on the hub, each by its label. */
  sync_start_hub (f, NULL, NULL);
  dis_sync_client_sync_now (other.client);
  first_ok = wait_for_state (f, first, DIS_ORDER_ACCEPTED);
  {
    SyncFixture view = *f;

    view.store = other.store;
    second_ok = wait_for_state (&view, second, DIS_ORDER_ACCEPTED);
  }
  g_assert_cmpint (sync_hub_int (f, "SELECT count (*) FROM hub_orders WHERE point_code = 'TO-CEN'"), ==, 2);
  at_hub_first = dis_test_hub_text (f->net.hub, "SELECT id FROM hub_orders WHERE point_code = 'TO-CEN'"
                                                " AND 'ORD' || number || coalesce ('-' || till, '') = ?1",
                                    dis_order_get_barcode (first_ok));
  at_hub_second = dis_test_hub_text (f->net.hub, "SELECT id FROM hub_orders WHERE point_code = 'TO-CEN'"
                                                 " AND 'ORD' || number || coalesce ('-' || till, '') = ?1",
                                     dis_order_get_barcode (second_ok));
  g_assert_cmpstr (at_hub_first, ==, dis_order_get_id (first));
  g_assert_cmpstr (at_hub_second, ==, dis_order_get_id (second));
  g_assert_cmpint (dis_store_sync_count_dead_letters (f->store, NULL), ==, 0);
  g_assert_cmpint (dis_store_sync_count_dead_letters (other.store, NULL), ==, 0);

  other_till_close (&other);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/orders/round-trip", SyncFixture, NULL, sync_fixture_set_up, test_round_trip,
              sync_fixture_tear_down);
  g_test_add ("/sync/orders/two-tills", SyncFixture, NULL, sync_fixture_set_up, test_two_tills,
              sync_fixture_tear_down);

  return g_test_run ();
}
