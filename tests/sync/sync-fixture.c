/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "dis-store-sync.h"
#include "dis-sync-private.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "sync-fixture.h"
#include "../store/store-test-util.h"

void
sync_start_hub (SyncFixture *f,
                const char  *cert,
                const char  *key)
{
  if (cert != NULL)
    dis_test_hub_start (f->net.hub, 0, "--tls-cert", cert, "--tls-key", key, NULL);
  else
    dis_test_hub_start (f->net.hub, 0, NULL);
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_FORWARD, f->net.hub->port);
}

void
sync_stop_hub (SyncFixture *f,
               gboolean     kill)
{
  if (kill)
    dis_test_hub_kill (f->net.hub);
  else
    dis_test_hub_stop (f->net.hub);
}

void
sync_open_point (SyncFixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->store == NULL)
    {
      f->store = dis_store_open (f->net.point_db, &error);
      g_assert_no_error (error);
    }
  f->client = dis_sync_client_new (f->store, f->net.config_dir);
  /* Short backoff (20 ms … 400 ms), fixed jitter seed, 1 s HTTP timeout. */
  dis_sync_client_set_timing_for_testing (f->client, 20, 400, 60000, 1, 42);
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
sync_close_point (SyncFixture *f)
{
  if (f->client != NULL)
    {
      gpointer client = g_steal_pointer (&f->client);

      /* A stopped client is released once its last callback has run:
       * one may still be queued on the main context (seen under ASan,
       * whose slower run lets a reply land as the test ends). */
      dis_sync_client_stop (client);
      g_object_add_weak_pointer (client, &client);
      g_object_unref (client);
      dis_test_wait_until (is_gone, &client, 5000, "the stopped sync client to be released");
    }
  g_clear_object (&f->store);
}

static void
state_cb (DisSyncClient *client,
          GParamSpec    *pspec,
          SyncFixture   *f)
{
  if (dis_sync_client_get_state (client) == DIS_SYNC_STATE_OFFLINE)
    f->saw_offline = TRUE;
}

GPtrArray *
sync_basket_products (DisStore   *store,
                      const char *db_path)
{
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = test_db_open (db_path);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM products WHERE kind = 'basket' ORDER BY id LIMIT 30",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      DisProduct *product = dis_store_lookup_product (store, sqlite3_column_int64 (stmt, 0), &error);

      g_assert_no_error (error);
      g_ptr_array_add (products, product);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (products->len, ==, 30);
  return products;
}

void
sync_fixture_set_up (SyncFixture   *f,
                     gconstpointer  data)
{
  dis_test_network_init (&f->net, "disotto-sync", "C1");
  f->rand = g_rand_new_with_seed (20240502);

  f->proxy = dis_test_proxy_new (0);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", f->proxy->port);

  /* The point: the same demo catalog, a manager, an open day. */
  f->store = dis_test_point_new (f->net.point_db, "TO-CEN");
  /* The buyer of the random sales below Equa, at both ends. */
  dis_test_add_eligible_member (f->net.point_db);
  dis_test_hub_add_eligible_member (f->net.hub);
  sync_open_point (f);
  f->op = dis_test_point_open_till (f->store, 5000);
  g_signal_connect (f->client, "notify::state", G_CALLBACK (state_cb), f);
  f->products = sync_basket_products (f->store, f->net.point_db);
}

void
sync_fixture_tear_down (SyncFixture   *f,
                        gconstpointer  data)
{
  sync_close_point (f);
  dis_test_network_clear (&f->net);
  g_clear_pointer (&f->proxy, dis_test_proxy_free);
  g_clear_object (&f->op);
  g_clear_pointer (&f->products, g_ptr_array_unref);
  g_clear_pointer (&f->rand, g_rand_free);
  g_clear_pointer (&f->enrolment, dis_sync_enrolment_free);
  g_clear_error (&f->enrol_error);
  g_free (f->url);
}

/* ---- Helpers --------------------------------------------------------------- */

void
sync_enrol (SyncFixture *f,
            const char  *url,
            const char  *pin)
{
  g_clear_pointer (&f->enrolment, dis_sync_enrolment_free);
  g_clear_error (&f->enrol_error);
  f->enrolment = dis_test_enrol (f->client, url, f->net.token, pin, &f->enrol_error);
}

void
sync_commit_sales (SyncFixture *f,
                   guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisSale) sale = test_random_sale (f->rand, f->products);
      g_autoptr(GError) error = NULL;

      g_assert_true (dis_store_commit_sale (f->store, sale, f->op, &error));
      g_assert_no_error (error);
      f->n_sales++;
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The hub's database, read through the hub's own API on either engine. */
gint64
sync_hub_int (SyncFixture *f,
              const char  *sql)
{
  return dis_test_hub_int (f->net.hub, sql, NULL);
}

/* The point's database (always SQLite). */
gint64
sync_point_int (SyncFixture *f,
                const char  *sql)
{
  return dis_test_file_int (f->net.point_db, sql, NULL);
}

/* Every row of @hub_sql on the hub and of @point_sql on the point, each
 * row's columns joined in SQL: the two lists are the same, in any order
 * (the engines need not store rows alike). */
static void
assert_same_rows (SyncFixture *f,
                  const char  *hub_sql,
                  const char  *point_sql)
{
  g_autofree char *hub_rows = dis_test_hub_join (f->net.hub, hub_sql, "\n");
  sqlite3 *db = dis_test_db_open_ro (f->net.point_db);
  g_auto(GStrv) hub_list = g_strsplit (hub_rows != NULL ? hub_rows : "", "\n", -1);
  g_autoptr(GPtrArray) point_list = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, point_sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (point_list, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_ptr_array_add (point_list, NULL);
  qsort (hub_list, g_strv_length (hub_list), sizeof (char *), compare_rows);
  qsort (point_list->pdata, point_list->len - 1, sizeof (char *), compare_rows);
  g_assert_cmpstrv (hub_list, (const char * const *) point_list->pdata);
}

gboolean
sync_all_synced (gpointer data)
{
  SyncFixture *f = data;

  return dis_test_point_synced (f->client, f->store);
}

/* The hub has exactly the point's sales: each once, same lines and figures. */
void
sync_assert_hub_matches_point (SyncFixture *f,
                               guint        n_expected)
{
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 0);
  g_assert_cmpint (sync_point_int (f, "SELECT count(*) FROM sales"), ==, n_expected);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales"), ==, n_expected);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(DISTINCT receipt_no) FROM hub_sales"), ==, n_expected);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM events"), ==, n_expected);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1"), ==, 0);
  /* Rows as text, compared as sets of lines (the EXCEPT both ways, and
   * counts too), since the point's database is not the hub's. */
  assert_same_rows (f, "SELECT receipt_no || '|' || tier || '|' || n_lines || '|' || total || '|' || total_equa"
                       " || '|' || tier_delta FROM hub_sales",
                    "SELECT receipt_no || '|' || tier || '|' || n_lines || '|' || total || '|' || total_equa"
                    " || '|' || tier_delta FROM sales");
  assert_same_rows (f, "SELECT s.receipt_no || '|' || l.line_no || '|' || l.quantity || '|' || l.unit_price"
                       " || '|' || l.unit_price_equa || '|' || l.line_total || '|' || l.line_total_equa"
                       " || '|' || l.tier_delta || '|' || l.vat_rate"
                       " FROM hub_sale_lines l JOIN hub_sales s ON s.id = l.sale_id",
                    "SELECT s.receipt_no || '|' || l.line_no || '|' || l.quantity || '|' || l.unit_price"
                    " || '|' || l.unit_price_equa || '|' || l.line_total || '|' || l.line_total_equa"
                    " || '|' || l.tier_delta || '|' || l.vat_rate"
                    " FROM sale_lines l JOIN sales s ON s.id = l.sale_id");
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sale_lines"), ==,
                   sync_point_int (f, "SELECT count(*) FROM sale_lines"));
  g_assert_cmpint (sync_hub_int (f, "SELECT coalesce (sum (amount), 0) FROM hub_payments"), ==,
                   sync_point_int (f, "SELECT total(amount) FROM payments"));
}

gboolean
sync_in_error (gpointer data)
{
  SyncFixture *f = data;

  return dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_ERROR;
}

/* Whether the client has stayed in @state for @quiet_ms on end within
 * @timeout_ms: a round asked for before the hub stopped it ("Sync now"
 * while a retry already ran) may still be on its way, slowly under ASan,
 * and passes through "syncing" before it comes back. */
gboolean
sync_wait_settled (SyncFixture  *f,
                   DisSyncState  state,
                   guint         quiet_ms,
                   guint         timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gint64 since = -1;

  while (g_get_monotonic_time () < end)
    {
      gint64 now = g_get_monotonic_time ();

      if (dis_sync_client_get_state (f->client) != state)
        since = -1;
      else if (since < 0)
        since = now;
      else if (now - since >= (gint64) quiet_ms * 1000)
        return TRUE;
      dis_test_sleep_ms (10);
    }
  return FALSE;
}

