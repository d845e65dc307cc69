/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include "dis-core.h"
#include "dis-store-orders.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
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
place (SyncFixture *f,
       gint64       cycle_id,
       gint64       qty)
{
  g_autoptr(DisOrderDraft) draft = dis_order_draft_new (NULL, cycle_id, DIS_TEST_ELIGIBLE_CARD, DIS_TIER_EQUA);
  g_autoptr(GError) error = NULL;
  DisOrder *order;

  dis_order_draft_set_pickup (draft, "W1");
  dis_order_draft_set_line (draft, PRODUCT, qty);
  order = dis_store_orders_save (f->store, f->op, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_order_get_state (order), ==, DIS_ORDER_WAITING);
  return order;
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/orders/round-trip", SyncFixture, NULL, sync_fixture_set_up, test_round_trip,
              sync_fixture_tear_down);

  return g_test_run ();
}
