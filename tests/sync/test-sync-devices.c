/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <sqlite3.h>

#include "dis-core.h"
#include "dis-sync.h"
#include "dis-sync-private.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "sync-fixture.h"
#include "../store/store-test-util.h"

/* Who an event belongs to (issue 9): a till enrolled again under a new
 * device code, and an event id another point used first. Real hubs on
 * 127.0.0.1 (sync-fixture.h). */

static void
assert_no_dead_letters (DisSyncClient *client,
                        DisStore      *store)
{
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;

  letters = dis_store_list_dead_letters (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 0);
  g_assert_cmpint (dis_sync_client_get_dead_letters (client), ==, 0);
}

/* Sales committed offline as C1, the till enrolled again as C2: every
 * sale reaches the hub once, under the device that printed its receipt,
 * and nothing lands in the dead letters. */
static void
test_reenrol (SyncFixture *f, gconstpointer data)
{
  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  sync_commit_sales (f, 3);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));

  /* The hub goes away; the till sells on, as C1. */
  sync_stop_hub (f, FALSE);
  sync_commit_sales (f, 5);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 5);

  /* The administrator gives the till a new device, C2. */
  g_free (f->net.token);
  f->net.token = dis_test_hub_add_device (f->net.hub, "TO-CEN", "C2", FALSE);
  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_cmpstr (f->enrolment->device_id, ==, "C2");
  sync_commit_sales (f, 2);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));

  sync_assert_hub_matches_point (f, 10);
  assert_no_dead_letters (f->client, f->store);

  /* Each sale under the device of its receipt, each device counted from 1
   * with no gap. */
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales"
                                    " WHERE device = 'C1' AND receipt_no LIKE 'TO-CEN-C1-%'"), ==, 8);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales"
                                    " WHERE device = 'C2' AND receipt_no LIKE 'TO-CEN-C2-%'"), ==, 2);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM events WHERE device = 'C1'"), ==, 8);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM events WHERE device = 'C2'"), ==, 2);
  g_assert_cmpint (sync_hub_int (f, "SELECT last_seq FROM devices WHERE device = 'C1'"), ==, 8);
  g_assert_cmpint (sync_hub_int (f, "SELECT last_seq FROM devices WHERE device = 'C2'"), ==, 2);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM gaps"), ==, 0);
  g_assert_cmpint (sync_point_int (f, "SELECT max (seq) FROM sales WHERE device_id = 'C2'"), ==, 2);
}

static gboolean
two_dead_letters (gpointer data)
{
  SyncFixture *f = data;

  return sync_all_synced (f) && dis_sync_client_get_dead_letters (f->client) == 2;
}

/* Only the pushing device and the point's devices enrolled before it
 * count: a device the hub enrolled later, or never, is refused, and
 * sending the events again changes nothing. */
static void
test_later_device_refused (SyncFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;
  guint posts;

  g_assert_true (dis_store_set_identity (f->store, "TO-CEN", "Bottega DiSoTTo Centro", "C9", &error));
  g_assert_no_error (error);
  sync_commit_sales (f, 2);
  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (two_dead_letters, f, 20000));

  letters = dis_store_list_dead_letters (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 2);
  g_assert_cmpstr (((DisDeadLetter *) g_ptr_array_index (letters, 0))->code, ==, "wrong_device");
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales"), ==, 0);

  /* C9 enrolled now, after C1: still not an earlier device of C1. */
  g_free (dis_test_hub_add_device (f->net.hub, "TO-CEN", "C9", FALSE));
  g_mutex_lock (&f->proxy->mutex);
  posts = f->proxy->posts;
  g_mutex_unlock (&f->proxy->mutex);
  g_assert_cmpint (dis_store_retry_dead_letters (f->store, NULL, &error), ==, 2);
  g_assert_no_error (error);
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (two_dead_letters, f, 20000));
  g_mutex_lock (&f->proxy->mutex);
  g_assert_cmpuint (f->proxy->posts, >, posts);
  g_mutex_unlock (&f->proxy->mutex);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales"), ==, 0);
  g_assert_cmpint (sync_point_int (f, "SELECT count(*) FROM dead_letters WHERE code = 'wrong_device'"), ==, 2);
}

static gboolean
synced_b (gpointer data)
{
  gpointer *pair = data;

  return dis_test_point_synced (pair[0], pair[1]);
}

/* Point B, another shop, TO-SSA, beside the fixture's point A, which
 * has pushed one sale: B's sales, one of whose event ids is A's. */
typedef struct
{
  char               *db_path;
  DisStore           *store;
  DisOperator        *op;
  GPtrArray          *products;
  GPtrArray          *receipts;   /* of B's sales */
  char               *taken;      /* the id of A's event */
} PointB;

static void
point_b_clear (PointB *b)
{
  g_clear_pointer (&b->db_path, g_free);
  g_clear_object (&b->store);
  g_clear_object (&b->op);
  g_clear_pointer (&b->products, g_ptr_array_unref);
  g_clear_pointer (&b->receipts, g_ptr_array_unref);
  g_clear_pointer (&b->taken, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PointB, point_b_clear)

/* B commits @n_sales; the event at @offset in its outbox takes A's id. */
static void
point_b_set_up (SyncFixture *f,
                PointB      *b,
                guint        n_sales,
                guint        offset)
{
  g_autofree char *update = NULL;
  sqlite3 *db;

  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  sync_commit_sales (f, 1);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));
  b->taken = dis_test_hub_text (f->net.hub, "SELECT id FROM events", NULL);

  b->db_path = g_build_filename (f->net.dir, "punto-b.db", NULL);
  b->store = dis_test_point_new (b->db_path, "TO-SSA");
  dis_test_add_eligible_member (b->db_path);
  b->op = dis_test_point_open_till (b->store, 0);
  b->products = sync_basket_products (b->store, b->db_path);
  b->receipts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_sales; i++)
    {
      g_autoptr(DisSale) sale = test_random_sale (f->rand, b->products);
      g_autoptr(GError) error = NULL;

      g_assert_true (dis_store_commit_sale (b->store, sale, b->op, &error));
      g_assert_no_error (error);
      g_ptr_array_add (b->receipts, g_strdup (sale->receipt_no));
    }
  update = g_strdup_printf ("UPDATE outbox SET id = '%s'"
                            " WHERE position = (SELECT position FROM outbox ORDER BY position LIMIT 1 OFFSET %u)",
                            b->taken, offset);
  db = test_db_open (b->db_path);
  g_assert_cmpint (sqlite3_exec (db, update, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* Enrols B's till and waits until everything it has is on the hub. */
static void
point_b_sync (SyncFixture *f,
              PointB      *b)
{
  g_autofree char *config_b = g_build_filename (f->net.dir, "config-b", NULL);
  g_autofree char *token_b = dis_test_hub_add_device (f->net.hub, "TO-SSA", "C1", FALSE);
  g_autoptr(DisSyncEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;
  DisSyncClient *client_b = dis_sync_client_new (b->store, config_b);
  gpointer pair[2] = { client_b, b->store };

  dis_sync_client_set_timing_for_testing (client_b, 20, 400, 60000, 1, 42);
  enrolment = dis_test_enrol (client_b, f->url, token_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dis_test_wait_for (synced_b, pair, 30000));
  assert_no_dead_letters (client_b, b->store);
  /* A's event stays A's. */
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM events WHERE id = ?1 AND point_code = 'TO-CEN'",
                                     b->taken), ==, 1);
  dis_sync_client_stop (client_b);
  g_assert_finalize_object (client_b);
}

/* Point B pushes an event whose id point A used first: the hub refuses
 * it as event_id_conflict, B gives it a new id and sends it again. The
 * sale is kept, and A's event stays A's. */
static void
test_event_id_conflict (SyncFixture *f, gconstpointer data)
{
  g_auto(PointB) b = { 0 };
  g_autofree char *b_event = NULL;

  point_b_set_up (f, &b, 1, 0);
  point_b_sync (f, &b);

  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales"), ==, 2);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM hub_sales WHERE point_code = 'TO-SSA'"
                                                 " AND receipt_no = ?1", g_ptr_array_index (b.receipts, 0)), ==, 1);
  b_event = dis_test_hub_text (f->net.hub, "SELECT event_id FROM hub_sales WHERE point_code = 'TO-SSA'", NULL);
  g_assert_cmpstr (b_event, !=, b.taken);
  g_assert_true (g_uuid_string_is_valid (b_event));
}

/* The same in the middle of a long push: with two batches on their way,
 * the renamed event has to be sent again from the head of the outbox.
 * Every sale reaches the hub once, and no gap is left. */
#define LONG_PUSH 650

static void
test_event_id_conflict_mid_push (SyncFixture *f, gconstpointer data)
{
  g_auto(PointB) b = { 0 };

  /* In the second batch of 200. */
  point_b_set_up (f, &b, LONG_PUSH, 250);
  point_b_sync (f, &b);

  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM hub_sales WHERE point_code = 'TO-SSA'", NULL),
                   ==, LONG_PUSH);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(DISTINCT receipt_no) FROM hub_sales"
                                                 " WHERE point_code = 'TO-SSA'", NULL), ==, LONG_PUSH);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM events WHERE point_code = 'TO-SSA'", NULL),
                   ==, LONG_PUSH);
  /* The refused event's seq was a gap until it came back. */
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM gaps WHERE point_code = 'TO-SSA'", NULL),
                   ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/sync/" path, SyncFixture, NULL, sync_fixture_set_up, fn, sync_fixture_tear_down)
  ADD ("reenrol", test_reenrol);
  ADD ("later-device-refused", test_later_device_refused);
  ADD ("event-id-conflict", test_event_id_conflict);
  ADD ("event-id-conflict-mid-push", test_event_id_conflict_mid_push);
#undef ADD

  return g_test_run ();
}
