/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "dis-core.h"
#include "dis-sync.h"
#include "dis-test-util.h"
#include "sync-fixture.h"
#include "../store/store-test-util.h"

/* A hub with smaller limits than the till's own (issue 9, item 15): the
 * till learns them from GET /health, halves its batches on a 413 when the
 * hub does not say them, and gives up only on an event too large alone,
 * which a responsabile can send again once the hub takes it. */

static gboolean
saw_413 (SyncFixture *f)
{
  return dis_test_proxy_saw_status (f->proxy, "413");
}

static void
test_small_limits (SyncFixture *f, gconstpointer data)
{
  dis_test_hub_start (f->net.hub, 0, "--batch-limit", "7", "--body-limit", "4096", NULL);
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_FORWARD, f->net.hub->port);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);

  sync_commit_sales (f, 100);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 60000));
  sync_assert_hub_matches_point (f, 100);
  g_assert_cmpint (dis_sync_client_get_dead_letters (f->client), ==, 0);
  /* Sized to the limits it learned: the hub never had to refuse a batch. */
  g_assert_false (saw_413 (f));
  g_mutex_lock (&f->proxy->mutex);
  g_assert_cmpuint (f->proxy->posts, >=, 100 / 7);
  g_mutex_unlock (&f->proxy->mutex);
}

/* ---- A hub that does not say its limits ------------------------------------ */

/* In front of the real hub, answering GET /health as a hub older than the
 * limits would (no "limits"), and forwarding everything else. */
typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;
  char        *url;
  guint        refused;     /* 413 replies passed on */
} OldHub;

static void
old_hub_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  OldHub *old = data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = g_strconcat (old->upstream, path,
                                      g_uri_get_query (uri) ? "?" : "", g_uri_get_query (uri), NULL);
  g_autoptr(SoupMessage) forward = soup_message_new (soup_server_message_get_method (msg), url);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *auth;
  gsize length;
  gconstpointer bytes;

  if (g_str_equal (path, "/api/v1/health"))
    {
      static const char health[] = "{\"status\":\"ok\",\"version\":\"0.0.9\"}";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, health, strlen (health));
      return;
    }
  auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (auth != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (forward), "Authorization", auth);
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (forward, "application/json", body);
  reply = soup_session_send_and_read (old->session, forward, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (forward) == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    old->refused++;
  bytes = g_bytes_get_data (reply, &length);
  soup_server_message_set_status (msg, soup_message_get_status (forward), NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, bytes, length);
}

static void
old_hub_start (OldHub     *old,
               const char *upstream)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  old->upstream = g_strdup (upstream);
  old->session = soup_session_new ();
  old->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (old->server, NULL, old_hub_cb, old, NULL);
  g_assert_true (soup_server_listen_local (old->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (old->server);
  old->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static void
old_hub_stop (OldHub *old)
{
  soup_server_disconnect (old->server);
  g_clear_object (&old->server);
  g_clear_object (&old->session);
  g_clear_pointer (&old->upstream, g_free);
  g_clear_pointer (&old->url, g_free);
}

static void
test_halves_on_413 (SyncFixture *f, gconstpointer data)
{
  OldHub old = { NULL, };

  dis_test_hub_start (f->net.hub, 0, "--batch-limit", "7", "--body-limit", "4096", NULL);
  old_hub_start (&old, f->net.hub->url);
  sync_enrol (f, old.url, NULL);
  g_assert_no_error (f->enrol_error);

  sync_commit_sales (f, 100);
  g_assert_true (dis_test_wait_for (sync_all_synced, f, 60000));
  sync_assert_hub_matches_point (f, 100);
  g_assert_cmpint (dis_sync_client_get_dead_letters (f->client), ==, 0);
  /* It got there by halving: the hub refused the first, larger batches. */
  g_assert_cmpuint (old.refused, >, 0);

  sync_close_point (f);
  old_hub_stop (&old);
}

/* ---- One event larger than the hub takes ---------------------------------- */

/* Every product of the fixture on one receipt: about 8 KB of payload. */
static DisSale *
big_sale (SyncFixture *f)
{
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(GError) error = NULL;
  DisSale *sale;

  dis_cart_set_tier (cart, DIS_TIER_EQUA);
  for (guint i = 0; i < f->products->len; i++)
    {
      DisProduct *product = g_ptr_array_index (f->products, i);

      dis_cart_add (cart, product, dis_product_get_unit (product) == DIS_UNIT_PIECE ? 1000 : 500,
                    dis_product_get_unit (product) != DIS_UNIT_PIECE);
    }
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->op, &error));
  g_assert_no_error (error);
  f->n_sales++;
  return sale;
}

static gboolean
one_dead_letter (gpointer data)
{
  SyncFixture *f = data;

  return sync_all_synced (f) && dis_sync_client_get_dead_letters (f->client) == 1;
}

static gboolean
no_dead_letter (gpointer data)
{
  SyncFixture *f = data;

  return sync_all_synced (f) && dis_sync_client_get_dead_letters (f->client) == 0;
}

typedef struct
{
  gboolean done;
  gint64   moved;
  GError  *error;
} Retry;

static void
retried_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Retry *retry = data;

  retry->moved = dis_store_retry_dead_letters_finish (DIS_STORE (source), result, &retry->error);
  retry->done = TRUE;
}

static gboolean
retry_done (gpointer data)
{
  return ((Retry *) data)->done;
}

static void
test_too_large_then_retry (SyncFixture *f, gconstpointer data)
{
  g_autoptr(DisSale) big = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;
  DisDeadLetter *letter;
  Retry retry = { FALSE, -1, NULL };

  dis_test_hub_start (f->net.hub, 0, "--body-limit", "4096", NULL);
  dis_test_proxy_set (f->proxy, DIS_TEST_PROXY_FORWARD, f->net.hub->port);
  sync_enrol (f, f->url, NULL);
  g_assert_no_error (f->enrol_error);

  sync_commit_sales (f, 3);
  big = big_sale (f);
  sync_commit_sales (f, 3);
  g_assert_true (dis_test_wait_for (one_dead_letter, f, 20000));

  /* The others went on; the large one waits with a reason. */
  g_assert_cmpint (sync_hub_int (f, "SELECT count(*) FROM hub_sales"), ==, 6);
  letters = dis_store_list_dead_letters (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 1);
  letter = g_ptr_array_index (letters, 0);
  g_assert_cmpstr (letter->receipt_no, ==, big->receipt_no);
  g_assert_cmpstr (letter->code, ==, "event_too_large");
  g_assert_nonnull (strstr (letter->message, "larger than the hub accepts"));

  /* The administrator raises the limit; the responsabile sends it again. */
  sync_stop_hub (f, FALSE);
  sync_start_hub (f, NULL, NULL);
  dis_store_retry_dead_letters_async (f->store, NULL, NULL, retried_cb, &retry);
  g_assert_true (dis_test_wait_for (retry_done, &retry, 5000));
  g_assert_no_error (retry.error);
  g_assert_cmpint (retry.moved, ==, 1);
  g_assert_true (dis_test_wait_for (no_dead_letter, f, 20000));
  sync_assert_hub_matches_point (f, 7);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/sync/" path, SyncFixture, NULL, sync_fixture_set_up, fn, sync_fixture_tear_down)
  ADD ("small-limits", test_small_limits);
  ADD ("halves-on-413", test_halves_on_413);
  ADD ("too-large-then-retry", test_too_large_then_retry);
#undef ADD

  return g_test_run ();
}
