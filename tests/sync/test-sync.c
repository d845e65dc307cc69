/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "dis-core.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-sync-private.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-proxy.h"
#include "dis-test-util.h"
#include "sync-fixture.h"
#include "../store/store-test-util.h"

/* The point's sync engine against real disotto-hub processes on
 * 127.0.0.1 (sync-fixture.h): pushing, losing the hub or its replies,
 * backing off, pulling the catalog, TLS pinning, dead letters. */

/* ---- Tests ----------------------------------------------------------------- */

static void
test_push_1000 (SyncFixture *f, gconstpointer data)
{
  g_autofree char *token_path = g_build_filename (f->net.config_dir, "token", NULL);
  GStatBuf st;

  sync_start_hub (f, NULL, NULL);
  g_assert_false (dis_sync_client_is_enrolled (f->client));
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_cmpstr (f->enrolment->point_code, ==, "TO-CEN");
  g_assert_cmpstr (f->enrolment->device_id, ==, "C1");
  g_assert_null (f->enrolment->certificate_fingerprint);
  g_assert_true (dis_sync_client_is_enrolled (f->client));
  g_assert_cmpstr (dis_sync_client_get_hub_url (f->client), ==, f->url);
  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Committed while the engine pushes in the background. */
  sync_commit_sales (f, 1000);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 60000));
  sync_assert_hub_matches_point (f, 1000);
  g_assert_cmpint (dis_sync_client_get_oldest_pending (f->client), ==, 0);
  g_assert_cmpint (dis_sync_client_get_last_success (f->client), >, 0);
  g_assert_null (dis_sync_client_get_last_error (f->client));
}

static void
test_hub_killed (SyncFixture *f, gconstpointer data)
{
  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);

  for (guint i = 0; i < 20; i++)
    {
      sync_commit_sales (f, 40);
      /* A random moment of the push, from the fixed seed. */
      dis_test_sleep_ms (g_rand_int_range (f->rand, 0, 60));
      sync_stop_hub (f, TRUE);
      dis_test_sleep_ms (g_rand_int_range (f->rand, 0, 30));
      sync_start_hub (f, NULL, NULL);
    }
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 60000));
  sync_assert_hub_matches_point (f, f->n_sales);
}

static gboolean
one_dropped (gpointer data)
{
  SyncFixture *f = data;
  guint dropped;

  g_mutex_lock (&f->proxy->mutex);
  dropped = f->proxy->dropped;
  g_mutex_unlock (&f->proxy->mutex);
  return dropped == 1;
}

static void
test_reply_lost (SyncFixture *f, gconstpointer data)
{
  guint posts;

  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));

  g_mutex_lock (&f->proxy->mutex);
  f->proxy->drop_next_post_reply = TRUE;
  f->proxy->posts = 0;
  g_mutex_unlock (&f->proxy->mutex);

  sync_commit_sales (f, 150);
  g_assert_true (dis_test_wait_for (one_dropped, f, 20000));
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));

  /* The lost batch was sent again and the hub counted each event once. */
  g_mutex_lock (&f->proxy->mutex);
  posts = f->proxy->posts;
  g_mutex_unlock (&f->proxy->mutex);
  g_assert_cmpuint (posts, >=, 2);
  sync_assert_hub_matches_point (f, 150);
}

static gboolean
many_requests (gpointer data)
{
  SyncFixture *f = data;
  guint n;

  g_mutex_lock (&f->proxy->mutex);
  n = f->proxy->request_times->len;
  g_mutex_unlock (&f->proxy->mutex);
  return n >= 9;
}

static gboolean
offline_server_error (gpointer data)
{
  SyncFixture *f = data;

  return dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_OFFLINE &&
         g_strcmp0 (dis_sync_client_get_last_error (f->client),
                    "The hub has a problem and could not take the data") == 0;
}

static gboolean
offline_unreachable (gpointer data)
{
  SyncFixture *f = data;

  return dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_OFFLINE &&
         g_strcmp0 (dis_sync_client_get_last_error (f->client), "The hub could not be reached") == 0;
}

static void
test_backoff (SyncFixture *f, gconstpointer data)
{
  gint64 early = 0, late = 0;
  g_autoptr(GArray) times = NULL;

  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));

  /* The hub answers 500: the client backs off, sales keep committing. */
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_FAIL_500, 0);
  g_mutex_lock (&f->proxy->mutex);
  g_array_set_size (f->proxy->request_times, 0);
  g_mutex_unlock (&f->proxy->mutex);
  f->saw_offline = FALSE;
  for (guint i = 0; i < 10 && !many_requests (f); i++)
    {
      sync_commit_sales (f, 3);
      dis_test_wait_for (many_requests, f, 300);
    }
  g_assert_true (dis_test_wait_for (many_requests, f, 10000));
  g_assert_true (f->saw_offline);
  g_assert_true (dis_test_wait_for (offline_server_error, f, 5000));
  g_assert_cmpint (dis_sync_client_get_pending_events (f->client), >, 0);
  g_assert_cmpint (dis_sync_client_get_oldest_pending (f->client), >, 0);

  g_mutex_lock (&f->proxy->mutex);
  times = g_array_copy (f->proxy->request_times);
  g_mutex_unlock (&f->proxy->mutex);
  /* Intervals grow: the last three together far exceed the first three. */
  for (guint i = 1; i <= 3; i++)
    early += g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1);
  for (guint i = times->len - 3; i < times->len; i++)
    late += g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1);
  g_test_message ("first three intervals %" G_GINT64_FORMAT " µs, last three %" G_GINT64_FORMAT " µs", early, late);
  g_assert_cmpint (late, >, 2 * early);

  /* A hub that hangs: the request times out, still offline. */
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_SWALLOW, 0);
  sync_commit_sales (f, 5);
  g_assert_true (dis_test_wait_for (offline_unreachable, f, 10000));

  /* Forwarding again: everything arrives, without anyone pressing a button. */
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_FORWARD, 0);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));
  sync_assert_hub_matches_point (f, f->n_sales);
}

static gboolean
new_product_arrived (gpointer data)
{
  SyncFixture *f = data;
  g_autoptr(DisProduct) product = dis_store_lookup_barcode (f->store, "8000000000019", NULL);

  return product != NULL && dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_SYNCED;
}

static void
test_catalog_pull (SyncFixture *f, gconstpointer data)
{
  g_autofree char *csv_path = g_build_filename (f->net.dir, "changes.csv", NULL);
  g_autoptr(DisProduct) fusilli = NULL;
  g_autoptr(DisProduct) added = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1, hub_max, cursor_after = -1;

  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor, &error));
  g_assert_cmpint (cursor, ==, sync_hub_int (f, "SELECT max (seq) FROM changes"));

  /* A new price for P-0003 (fusilli, 2.10 → 2.50) and a new product. */
  g_assert_true (g_file_set_contents (csv_path,
                                      "code,name,supplier,category,unit,vat,ean,plu,equa_cents\n"
                                      "P-0003,Fusilli integrali bio 500 g,F-PAS,Pasta e riso,piece,4,8191630057471,0,250\n"
                                      "P-9001,Farro perlato bio 500 g,F-PAS,Pasta e riso,piece,4,8000000000019,0,330\n",
                                      -1, &error));
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "catalog", "import", csv_path, NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "settings", "set", "tier.solidale_bp", "2000", NULL), ==, 0);
  hub_max = sync_hub_int (f, "SELECT max (seq) FROM changes");
  g_assert_cmpint (hub_max, ==, cursor + 3);

  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (new_product_arrived, f, 20000));
  added = dis_store_lookup_barcode (f->store, "8000000000019", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dis_product_get_name (added), ==, "Farro perlato bio 500 g");
  g_assert_cmpint (dis_product_get_price (added, DIS_TIER_EQUA), ==, 330);
  /* The new Solidale percentage: 3.30 × 1.20. */
  g_assert_cmpint (dis_product_get_price (added, DIS_TIER_SOLIDALE), ==, 396);
  fusilli = dis_store_lookup_barcode (f->store, "8191630057471", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_product_get_price (fusilli, DIS_TIER_EQUA), ==, 250);
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor, &error));
  g_assert_cmpint (cursor, ==, hub_max);

  /* Closing and reopening keeps the cursor: nothing is downloaded again. */
  sync_close_point (f);
  sync_open_point (f);
  g_assert_true (dis_sync_client_is_enrolled (f->client));
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor_after, &error));
  g_assert_cmpint (cursor_after, ==, hub_max);
  dis_sync_client_start (f->client);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor_after, &error));
  g_assert_cmpint (cursor_after, ==, hub_max);
}

static gboolean
fusilli_repriced (gpointer data)
{
  SyncFixture *f = data;
  g_autoptr(DisProduct) product = dis_store_lookup_barcode (f->store, "8191630057471", NULL);

  return product != NULL && dis_product_get_price (product, DIS_TIER_EQUA) == 250 &&
         dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_SYNCED;
}

/* Issue 10: every sale says which catalog it was priced with, the till's
 * cursor in the hub's feed when it committed; the hub prices it there.
 * A sale committed before the till ever pulled says none. */
static void
test_catalog_version (SyncFixture *f, gconstpointer data)
{
  g_autofree char *csv_path = g_build_filename (f->net.dir, "price.csv", NULL);
  g_autoptr(DisProduct) fusilli = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;

  sync_commit_sales (f, 1);
  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));
  g_assert_cmpint (sync_point_int (f, "SELECT count(*) FROM sales WHERE catalog_version IS NULL"), ==, 1);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales WHERE catalog_version IS NULL"), ==, 1);

  /* Fusilli go from 2,10 to 2,50; the till pulls, then sells them. */
  g_assert_true (g_file_set_contents (csv_path,
                                      "code,name,supplier,category,unit,vat,ean,plu,equa_cents\n"
                                      "P-0003,Fusilli integrali bio 500 g,F-PAS,Pasta e riso,piece,4,8191630057471,0,250\n",
                                      -1, &error));
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "catalog", "import", csv_path, NULL), ==, 0);
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (fusilli_repriced, f, 20000));
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor, &error));
  g_assert_cmpint (cursor, ==, sync_hub_int (f, "SELECT max (seq) FROM changes"));

  fusilli = dis_store_lookup_barcode (f->store, "8191630057471", &error);
  g_assert_no_error (error);
  dis_cart_set_tier (cart, DIS_TIER_EQUA);
  dis_cart_add (cart, fusilli, 2000, FALSE);
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->op, &error));
  g_assert_no_error (error);
  f->n_sales++;
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));

  /* The till said its cursor, and the hub priced the sale there. */
  g_assert_cmpint (sync_point_int (f, "SELECT catalog_version FROM sales WHERE total = 500"), ==, cursor);
  g_assert_cmpint (sync_hub_int (f, "SELECT catalog_version FROM hub_sales WHERE total = 500"), ==, cursor);
  g_assert_cmpint (sync_hub_int (f, "SELECT priced_version FROM hub_sales WHERE total = 500"), ==, cursor);
  g_assert_cmpint (sync_hub_int (f, "SELECT json_extract (payload, '$.catalog_version') FROM events"
                                   " WHERE type = 'sale.committed' ORDER BY seq DESC LIMIT 1"), ==, cursor);
  sync_assert_hub_matches_point (f, f->n_sales);
}

static void
make_certificate (SyncFixture  *f,
                  const char   *name,
                  char        **out_cert,
                  char        **out_key)
{
  g_autofree char *cert_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name, "-key.pem", NULL);
  g_autofree char *cert = g_build_filename (f->net.dir, cert_name, NULL);
  g_autofree char *key = g_build_filename (f->net.dir, key_name, NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-subj", "/CN=127.0.0.1", "-days", "2",
                         "-keyout", key, "-out", cert, NULL };
  g_autoptr(GSubprocess) openssl = NULL;
  g_autoptr(GError) error = NULL;

  openssl = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (openssl, NULL, &error));
  g_assert_no_error (error);
  *out_cert = g_steal_pointer (&cert);
  *out_key = g_steal_pointer (&key);
}

static char *
fingerprint_of_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (path, &error);
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_object_get (certificate, "certificate", &der, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  for (guint i = 0; hex[i] != '\0'; i += 2)
    g_string_append_printf (out, "%s%c%c", i ? ":" : "", g_ascii_toupper (hex[i]), g_ascii_toupper (hex[i + 1]));
  return g_string_free (out, FALSE);
}

static void
test_tls_pinning (SyncFixture *f, gconstpointer data)
{
  g_autofree char *cert1 = NULL, *key1 = NULL, *cert2 = NULL, *key2 = NULL;
  g_autofree char *fp1 = NULL, *fp2 = NULL;
  g_autofree char *https = g_strdup_printf ("https://127.0.0.1:%u", f->proxy->port);

  make_certificate (f, "hub1", &cert1, &key1);
  make_certificate (f, "hub2", &cert2, &key2);
  fp1 = fingerprint_of_file (cert1);
  fp2 = fingerprint_of_file (cert2);
  g_assert_cmpstr (fp1, !=, fp2);
  g_assert_cmpuint (strlen (fp1), ==, 32 * 3 - 1);
  sync_start_hub (f, cert1, key1);

  /* Not trusted by the system, not pinned: refused, fingerprint offered. */
  sync_enrol (f, https, NULL);
  g_assert_error (f->enrol_error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE);
  g_assert_null (strstr (f->enrol_error->message, f->net.token));
  g_assert_cmpstr (dis_sync_client_get_offered_fingerprint (f->client), ==, fp1);
  g_assert_false (dis_sync_client_is_enrolled (f->client));

  /* A different pin is refused too. */
  sync_enrol (f, https, fp2);
  g_assert_error (f->enrol_error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_CERTIFICATE_CHANGED);

  sync_enrol (f, https, fp1);
  g_assert_no_error (f->enrol_error);
  g_assert_cmpstr (f->enrolment->certificate_fingerprint, ==, fp1);
  sync_commit_sales (f, 3);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));
  sync_assert_hub_matches_point (f, 3);

  /* The hub comes back with another certificate: nothing is sent. */
  sync_stop_hub (f, FALSE);
  sync_start_hub (f, cert2, key2);
  sync_commit_sales (f, 2);
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (sync_in_error, f, 20000));
  g_assert_cmpstr (dis_sync_client_get_last_error (f->client), ==,
                   "The hub’s certificate changed: enrol this till again to trust the new one");
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM events"), ==, 3);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 2);
  /* It stays stopped: a commit does not knock again. */
  g_assert_true (sync_wait_settled (f, DIS_SYNC_STATE_ERROR, 1000, 20000));
  sync_commit_sales (f, 1);
  dis_test_sleep_ms (300);
  g_assert_cmpint (dis_sync_client_get_state (f->client), ==, DIS_SYNC_STATE_ERROR);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM events"), ==, 3);
}

static void
test_dead_letter (SyncFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_id = g_uuid_string_random ();
  g_autofree char *insert = NULL;
  DisDeadLetter *letter;
  sqlite3 *db;
  guint posts;

  sync_commit_sales (f, 2);
  /* A payload the hub rejects, slipped into the outbox in event order. */
  db = test_db_open (f->net.point_db);
  insert = g_strdup_printf ("BEGIN;"
                            "UPDATE device_seq SET last_seq = last_seq + 1 WHERE device_id = 'C1' AND counter = 'event';"
                            "INSERT INTO outbox (id, device, seq, type, at, payload)"
                            " SELECT '%s', 'C1', last_seq, 'sale.committed', '2024-05-02T10:00:00+02:00',"
                            " '{\"point\":\"TO-CEN\",\"device\":\"C1\"}'"
                            " FROM device_seq WHERE device_id = 'C1' AND counter = 'event';"
                            "COMMIT;", bad_id);
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  sync_commit_sales (f, 2);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 5);

  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));

  sync_assert_hub_matches_point (f, 4);
  g_assert_cmpint (dis_sync_client_get_dead_letters (f->client), ==, 1);
  letters = dis_store_list_dead_letters (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 1);
  letter = g_ptr_array_index (letters, 0);
  g_assert_cmpstr (letter->event_id, ==, bad_id);
  g_assert_cmpstr (letter->type, ==, "sale.committed");
  g_assert_cmpstr (letter->code, ==, "invalid_payload");
  g_assert_nonnull (strstr (letter->message, "payload.id"));
  g_assert_null (letter->receipt_no);
  g_assert_nonnull (letter->at);

  /* Never retried: another round sends nothing. */
  g_mutex_lock (&f->proxy->mutex);
  posts = f->proxy->posts;
  g_mutex_unlock (&f->proxy->mutex);
  dis_sync_client_sync_now (f->client);
  dis_test_sleep_ms (300);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));
  g_mutex_lock (&f->proxy->mutex);
  g_assert_cmpuint (f->proxy->posts, ==, posts);
  g_mutex_unlock (&f->proxy->mutex);
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM events"), ==, 4);
}

static void
test_revoked (SyncFixture *f, gconstpointer data)
{
  sync_start_hub (f, NULL, NULL);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 20000));

  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "point", "revoke", "--code", "TO-CEN", NULL), ==, 0);
  sync_commit_sales (f, 1);
  g_assert_true (dis_test_wait_for (sync_in_error, f, 20000));
  g_assert_cmpstr (dis_sync_client_get_last_error (f->client), ==, "The hub revoked this device’s token");
  g_assert_cmpint (dis_sync_client_get_pending_events (f->client), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/sync/" path, SyncFixture, NULL, sync_fixture_set_up, fn, sync_fixture_tear_down)
  ADD ("push-1000", test_push_1000);
  ADD ("hub-killed", test_hub_killed);
  ADD ("reply-lost", test_reply_lost);
  ADD ("backoff", test_backoff);
  ADD ("catalog-pull", test_catalog_pull);
  ADD ("catalog-version", test_catalog_version);
  ADD ("tls-pinning", test_tls_pinning);
  ADD ("dead-letter", test_dead_letter);
  ADD ("revoked", test_revoked);
#undef ADD

  return g_test_run ();
}
