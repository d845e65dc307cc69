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
#include "../store/store-test-util.h"

/* The point's sync engine against real disotto-hub processes on
 * 127.0.0.1. Every client connection goes through a loopback TCP proxy
 * owned by the test, which can forward, answer 500, swallow requests, or
 * lose one reply after the hub sent it; restarting the hub on a new port
 * just re-points the proxy. Every wait is bounded. */

/* ---- Fixture --------------------------------------------------------------- */

typedef struct
{
  DisTestNetwork    net;
  DisTestProxy     *proxy;
  char             *url;       /* the proxy's */
  DisStore         *store;
  DisSyncClient    *client;
  DisOperator      *op;
  GPtrArray        *products;
  GRand            *rand;
  guint             n_sales;

  DisSyncEnrolment *enrolment;
  GError           *enrol_error;
  gboolean          saw_offline;
} Fixture;

static void
start_hub (Fixture    *f,
           const char *cert,
           const char *key)
{
  if (cert != NULL)
    dis_test_hub_start (f->net.hub, 0, "--tls-cert", cert, "--tls-key", key, NULL);
  else
    dis_test_hub_start (f->net.hub, 0, NULL);
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_FORWARD, f->net.hub->port);
}

static void
stop_hub (Fixture  *f,
          gboolean  kill)
{
  if (kill)
    dis_test_hub_kill (f->net.hub);
  else
    dis_test_hub_stop (f->net.hub);
}

static void
open_point (Fixture *f)
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

static void
close_point (Fixture *f)
{
  if (f->client != NULL)
    {
      dis_sync_client_stop (f->client);
      g_assert_finalize_object (g_steal_pointer (&f->client));
    }
  g_clear_object (&f->store);
}

static void
state_cb (DisSyncClient *client,
          GParamSpec    *pspec,
          Fixture       *f)
{
  if (dis_sync_client_get_state (client) == DIS_SYNC_STATE_OFFLINE)
    f->saw_offline = TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  dis_test_network_init (&f->net, "disotto-sync", "C1");
  f->rand = g_rand_new_with_seed (20240502);

  f->proxy = dis_test_proxy_new (0);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", f->proxy->port);

  /* The point: the same demo catalog, a manager, an open day. */
  f->store = dis_test_point_new (f->net.point_db, "TO-CEN");
  open_point (f);
  f->op = dis_test_point_open_till (f->store, 5000);
  g_signal_connect (f->client, "notify::state", G_CALLBACK (state_cb), f);

  f->products = g_ptr_array_new_with_free_func (g_object_unref);
  db = test_db_open (f->net.point_db);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM products WHERE kind = 'basket' ORDER BY id LIMIT 30",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      DisProduct *product = dis_store_lookup_product (f->store, sqlite3_column_int64 (stmt, 0), &error);

      g_assert_no_error (error);
      g_ptr_array_add (f->products, product);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (f->products->len, ==, 30);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_point (f);
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

static void
enrol (Fixture    *f,
       const char *url,
       const char *pin)
{
  g_clear_pointer (&f->enrolment, dis_sync_enrolment_free);
  g_clear_error (&f->enrol_error);
  f->enrolment = dis_test_enrol (f->client, url, f->net.token, pin, &f->enrol_error);
}

static void
commit_sales (Fixture *f,
              guint    n)
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

/* The hub's database, with the point's attached as "p". */
static gint64
hub_int (Fixture    *f,
         const char *sql)
{
  sqlite3 *db = dis_test_db_open_ro (f->net.hub->db_path);
  g_autofree char *attach = g_strdup_printf ("ATTACH 'file:%s?mode=ro' AS p", f->net.point_db);
  gint64 value;

  g_assert_cmpint (sqlite3_exec (db, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  value = dis_test_db_int (db, sql, NULL);
  sqlite3_close (db);
  return value;
}

static gboolean
all_synced (gpointer data)
{
  Fixture *f = data;

  return dis_test_point_synced (f->client, f->store);
}

/* The hub has exactly the point's sales: each once, same lines and figures. */
static void
assert_hub_matches_point (Fixture *f,
                          guint    n_expected)
{
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 0);
  g_assert_cmpint (hub_int (f, "SELECT count(*) FROM p.sales"), ==, n_expected);
  g_assert_cmpint (hub_int (f, "SELECT count(*) FROM hub_sales"), ==, n_expected);
  g_assert_cmpint (hub_int (f, "SELECT count(DISTINCT receipt_no) FROM hub_sales"), ==, n_expected);
  g_assert_cmpint (hub_int (f, "SELECT count(*) FROM events"), ==, n_expected);
  g_assert_cmpint (hub_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1"), ==, 0);
  g_assert_cmpint (hub_int (f,
    "SELECT count(*) FROM (SELECT receipt_no, tier, n_lines, total, total_equa, tier_delta FROM hub_sales"
    " EXCEPT SELECT receipt_no, tier, n_lines, total, total_equa, tier_delta FROM p.sales)"), ==, 0);
  g_assert_cmpint (hub_int (f,
    "SELECT count(*) FROM (SELECT receipt_no, tier, n_lines, total, total_equa, tier_delta FROM p.sales"
    " EXCEPT SELECT receipt_no, tier, n_lines, total, total_equa, tier_delta FROM hub_sales)"), ==, 0);
  g_assert_cmpint (hub_int (f,
    "SELECT count(*) FROM (SELECT s.receipt_no, l.line_no, l.quantity, l.unit_price, l.unit_price_equa,"
    " l.line_total, l.line_total_equa, l.tier_delta, l.vat_rate FROM hub_sale_lines l JOIN hub_sales s ON s.id = l.sale_id"
    " EXCEPT SELECT s.receipt_no, l.line_no, l.quantity, l.unit_price, l.unit_price_equa,"
    " l.line_total, l.line_total_equa, l.tier_delta, l.vat_rate FROM p.sale_lines l JOIN p.sales s ON s.id = l.sale_id)"),
    ==, 0);
  g_assert_cmpint (hub_int (f, "SELECT count(*) FROM hub_sale_lines"), ==,
                   hub_int (f, "SELECT count(*) FROM p.sale_lines"));
  g_assert_cmpint (hub_int (f, "SELECT total(amount) FROM hub_payments"), ==,
                   hub_int (f, "SELECT total(amount) FROM p.payments"));
}

/* ---- Tests ----------------------------------------------------------------- */

static void
test_push_1000 (Fixture *f, gconstpointer data)
{
  g_autofree char *token_path = g_build_filename (f->net.config_dir, "token", NULL);
  GStatBuf st;

  start_hub (f, NULL, NULL);
  g_assert_false (dis_sync_client_is_enrolled (f->client));
  enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_cmpstr (f->enrolment->point_code, ==, "TO-CEN");
  g_assert_cmpstr (f->enrolment->device_id, ==, "C1");
  g_assert_null (f->enrolment->certificate_fingerprint);
  g_assert_true (dis_sync_client_is_enrolled (f->client));
  g_assert_cmpstr (dis_sync_client_get_hub_url (f->client), ==, f->url);
  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Committed while the engine pushes in the background. */
  commit_sales (f, 1000);
  g_assert_true (dis_test_wait_for (all_synced, f, 60000));
  assert_hub_matches_point (f, 1000);
  g_assert_cmpint (dis_sync_client_get_oldest_pending (f->client), ==, 0);
  g_assert_cmpint (dis_sync_client_get_last_success (f->client), >, 0);
  g_assert_null (dis_sync_client_get_last_error (f->client));
}

static void
test_hub_killed (Fixture *f, gconstpointer data)
{
  start_hub (f, NULL, NULL);
  enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);

  for (guint i = 0; i < 20; i++)
    {
      commit_sales (f, 40);
      /* A random moment of the push, from the fixed seed. */
      dis_test_sleep_ms (g_rand_int_range (f->rand, 0, 60));
      stop_hub (f, TRUE);
      dis_test_sleep_ms (g_rand_int_range (f->rand, 0, 30));
      start_hub (f, NULL, NULL);
    }
  g_assert_true (dis_test_wait_for (all_synced, f, 60000));
  assert_hub_matches_point (f, f->n_sales);
}

static gboolean
one_dropped (gpointer data)
{
  Fixture *f = data;
  guint dropped;

  g_mutex_lock (&f->proxy->mutex);
  dropped = f->proxy->dropped;
  g_mutex_unlock (&f->proxy->mutex);
  return dropped == 1;
}

static void
test_reply_lost (Fixture *f, gconstpointer data)
{
  guint posts;

  start_hub (f, NULL, NULL);
  enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));

  g_mutex_lock (&f->proxy->mutex);
  f->proxy->drop_next_post_reply = TRUE;
  f->proxy->posts = 0;
  g_mutex_unlock (&f->proxy->mutex);

  commit_sales (f, 150);
  g_assert_true (dis_test_wait_for (one_dropped, f, 20000));
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));

  /* The lost batch was sent again and the hub counted each event once. */
  g_mutex_lock (&f->proxy->mutex);
  posts = f->proxy->posts;
  g_mutex_unlock (&f->proxy->mutex);
  g_assert_cmpuint (posts, >=, 2);
  assert_hub_matches_point (f, 150);
}

static gboolean
many_requests (gpointer data)
{
  Fixture *f = data;
  guint n;

  g_mutex_lock (&f->proxy->mutex);
  n = f->proxy->request_times->len;
  g_mutex_unlock (&f->proxy->mutex);
  return n >= 9;
}

static gboolean
offline_server_error (gpointer data)
{
  Fixture *f = data;

  return dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_OFFLINE &&
         g_strcmp0 (dis_sync_client_get_last_error (f->client),
                    "The hub has a problem and could not take the data") == 0;
}

static gboolean
offline_unreachable (gpointer data)
{
  Fixture *f = data;

  return dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_OFFLINE &&
         g_strcmp0 (dis_sync_client_get_last_error (f->client), "The hub could not be reached") == 0;
}

static void
test_backoff (Fixture *f, gconstpointer data)
{
  gint64 early = 0, late = 0;
  g_autoptr(GArray) times = NULL;

  start_hub (f, NULL, NULL);
  enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));

  /* The hub answers 500: the client backs off, sales keep committing. */
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_FAIL_500, 0);
  g_mutex_lock (&f->proxy->mutex);
  g_array_set_size (f->proxy->request_times, 0);
  g_mutex_unlock (&f->proxy->mutex);
  f->saw_offline = FALSE;
  for (guint i = 0; i < 10 && !many_requests (f); i++)
    {
      commit_sales (f, 3);
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
  commit_sales (f, 5);
  g_assert_true (dis_test_wait_for (offline_unreachable, f, 10000));

  /* Forwarding again: everything arrives, without anyone pressing a button. */
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_FORWARD, 0);
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));
  assert_hub_matches_point (f, f->n_sales);
}

static gboolean
new_product_arrived (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DisProduct) product = dis_store_lookup_barcode (f->store, "8000000000019", NULL);

  return product != NULL && dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_SYNCED;
}

static void
test_catalog_pull (Fixture *f, gconstpointer data)
{
  g_autofree char *csv_path = g_build_filename (f->net.dir, "changes.csv", NULL);
  g_autoptr(DisProduct) fusilli = NULL;
  g_autoptr(DisProduct) added = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1, hub_max, cursor_after = -1;

  start_hub (f, NULL, NULL);
  enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor, &error));
  g_assert_cmpint (cursor, ==, hub_int (f, "SELECT max (seq) FROM changes"));

  /* A new price for P-0003 (fusilli, 2.10 → 2.50) and a new product. */
  g_assert_true (g_file_set_contents (csv_path,
                                      "code,name,supplier,category,unit,vat,ean,plu,equa_cents\n"
                                      "P-0003,Fusilli integrali bio 500 g,F-PAS,Pasta e riso,piece,4,8191630057471,0,250\n"
                                      "P-9001,Farro perlato bio 500 g,F-PAS,Pasta e riso,piece,4,8000000000019,0,330\n",
                                      -1, &error));
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "catalog", "import", csv_path, NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "settings", "set", "tier.solidale_bp", "2000", NULL), ==, 0);
  hub_max = hub_int (f, "SELECT max (seq) FROM changes");
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
  close_point (f);
  open_point (f);
  g_assert_true (dis_sync_client_is_enrolled (f->client));
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor_after, &error));
  g_assert_cmpint (cursor_after, ==, hub_max);
  dis_sync_client_start (f->client);
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));
  g_assert_true (dis_store_sync_get_cursor (f->store, &cursor_after, &error));
  g_assert_cmpint (cursor_after, ==, hub_max);
}

static void
make_certificate (Fixture    *f,
                  const char *name,
                  char      **out_cert,
                  char      **out_key)
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

static gboolean
in_error (gpointer data)
{
  Fixture *f = data;

  return dis_sync_client_get_state (f->client) == DIS_SYNC_STATE_ERROR;
}

static void
test_tls_pinning (Fixture *f, gconstpointer data)
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
  start_hub (f, cert1, key1);

  /* Not trusted by the system, not pinned: refused, fingerprint offered. */
  enrol (f, https, NULL);
  g_assert_error (f->enrol_error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE);
  g_assert_null (strstr (f->enrol_error->message, f->net.token));
  g_assert_cmpstr (dis_sync_client_get_offered_fingerprint (f->client), ==, fp1);
  g_assert_false (dis_sync_client_is_enrolled (f->client));

  /* A different pin is refused too. */
  enrol (f, https, fp2);
  g_assert_error (f->enrol_error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_CERTIFICATE_CHANGED);

  enrol (f, https, fp1);
  g_assert_no_error (f->enrol_error);
  g_assert_cmpstr (f->enrolment->certificate_fingerprint, ==, fp1);
  commit_sales (f, 3);
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));
  assert_hub_matches_point (f, 3);

  /* The hub comes back with another certificate: nothing is sent. */
  stop_hub (f, FALSE);
  start_hub (f, cert2, key2);
  commit_sales (f, 2);
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (in_error, f, 20000));
  g_assert_cmpstr (dis_sync_client_get_last_error (f->client), ==,
                   "The hub’s certificate changed: enrol this till again to trust the new one");
  g_assert_cmpint (hub_int (f, "SELECT count(*) FROM events"), ==, 3);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 2);
  /* It stays stopped: a commit does not knock again. */
  commit_sales (f, 1);
  dis_test_sleep_ms (300);
  g_assert_cmpint (dis_sync_client_get_state (f->client), ==, DIS_SYNC_STATE_ERROR);
  g_assert_cmpint (hub_int (f, "SELECT count(*) FROM events"), ==, 3);
}

static void
test_dead_letter (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_id = g_uuid_string_random ();
  g_autofree char *insert = NULL;
  DisDeadLetter *letter;
  sqlite3 *db;
  guint posts;

  commit_sales (f, 2);
  /* A payload the hub rejects, slipped into the outbox in event order. */
  db = test_db_open (f->net.point_db);
  insert = g_strdup_printf ("BEGIN;"
                            "UPDATE device_seq SET last_seq = last_seq + 1 WHERE device_id = 'C1' AND counter = 'event';"
                            "INSERT INTO outbox (id, seq, type, at, payload)"
                            " SELECT '%s', last_seq, 'sale.committed', '2024-05-02T10:00:00+02:00',"
                            " '{\"point\":\"TO-CEN\",\"device\":\"C1\"}'"
                            " FROM device_seq WHERE device_id = 'C1' AND counter = 'event';"
                            "COMMIT;", bad_id);
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  commit_sales (f, 2);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 5);

  start_hub (f, NULL, NULL);
  enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));

  assert_hub_matches_point (f, 4);
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
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));
  g_mutex_lock (&f->proxy->mutex);
  g_assert_cmpuint (f->proxy->posts, ==, posts);
  g_mutex_unlock (&f->proxy->mutex);
  g_assert_cmpint (hub_int (f, "SELECT count(*) FROM events"), ==, 4);
}

static void
test_revoked (Fixture *f, gconstpointer data)
{
  start_hub (f, NULL, NULL);
  enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);
  g_assert_true (dis_test_wait_for (all_synced, f, 20000));

  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "point", "revoke", "--code", "TO-CEN", NULL), ==, 0);
  commit_sales (f, 1);
  g_assert_true (dis_test_wait_for (in_error, f, 20000));
  g_assert_cmpstr (dis_sync_client_get_last_error (f->client), ==, "The hub revoked this device’s token");
  g_assert_cmpint (dis_sync_client_get_pending_events (f->client), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/sync/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("push-1000", test_push_1000);
  ADD ("hub-killed", test_hub_killed);
  ADD ("reply-lost", test_reply_lost);
  ADD ("backoff", test_backoff);
  ADD ("catalog-pull", test_catalog_pull);
  ADD ("tls-pinning", test_tls_pinning);
  ADD ("dead-letter", test_dead_letter);
  ADD ("revoked", test_revoked);
#undef ADD

  return g_test_run ();
}
