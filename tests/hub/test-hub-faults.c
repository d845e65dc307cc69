/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-faults"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dis-test-hub.h"
#include "dis-test-pg.h"
#include "dis-test-util.h"
#include "hub-test-fixture.h"

/* Faults in the middle of a batch on PostgreSQL (issue 12): the hub
 * killed (SIGKILL), or the database server restarted, while a batch is
 * being applied. Each batch is in the database whole or not at all; sent
 * again, it is accepted or reported duplicate as one; in the end every
 * event is there exactly once. */

#define BATCH 300
#define N_ROUNDS 3

typedef struct
{
  char  *url;
  char  *token;
  char  *body;
  guint  status;           /* 0: no answer */
} Push;

static gpointer
push_thread (gpointer data)
{
  Push *push = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = g_bytes_new (push->body, strlen (push->body));
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *auth = g_strconcat ("Bearer ", push->token, NULL);

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  msg = soup_message_new ("POST", push->url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  push->status = reply != NULL ? soup_message_get_status (msg) : 0;
  g_clear_object (&msg);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static char *
batch_body (guint round)
{
  g_autoptr(GString) events = g_string_new (NULL);

  for (guint i = 1; i <= BATCH; i++)
    {
      g_autofree char *event = sale_event ("TO-CEN", round * BATCH + i, "equa", 1000, 185, 0);

      g_string_append_printf (events, "%s%s", i > 1 ? "," : "", event);
    }
  return g_strdup_printf ("{\"device\":\"C1\",\"events\":[%s]}", events->str);
}

/* The round's batch is in whole or not at all. */
static gint64
assert_whole_or_none (Fixture *f,
                      guint    round)
{
  gint64 n = db_int (f, "SELECT count(*) FROM events");
  gint64 sales = db_int (f, "SELECT count(*) FROM hub_sales");
  gint64 lines = db_int (f, "SELECT count(*) FROM hub_sale_lines");

  g_test_message ("round %u: %" G_GINT64_FORMAT " events after the fault", round, n);
  g_assert_true (n == (gint64) round * BATCH || n == (gint64) (round + 1) * BATCH);
  g_assert_cmpint (sales, ==, n);
  g_assert_cmpint (lines, ==, n);
  return n;
}

/* Sent again after the fault: accepted or duplicate, all alike. */
static void
send_again (Fixture    *f,
            const char *body,
            gboolean    was_stored)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  guint status;

  root = http (f, "POST", "/api/v1/events", f->token, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, BATCH);
  for (guint i = 0; i < BATCH; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i), "status"), ==,
                     was_stored ? "duplicate" : "accepted");
}

typedef void (*FaultFunc) (Fixture *f, guint delay_ms);

static void
kill_hub (Fixture *f,
          guint    delay_ms)
{
  g_usleep (delay_ms * 1000);
  dis_test_hub_kill (f->hub);
}

static void
restart_postgresql (Fixture *f,
                    guint    delay_ms)
{
  g_usleep (delay_ms * 1000);
  dis_test_pg_restart ("immediate");
}

static void
run_faults (Fixture   *f,
            FaultFunc  fault)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *url = g_strconcat (f->hub->url, "/api/v1/events", NULL);
      g_autofree char *body = batch_body (round);
      Push push = { url, f->token, body, 0 };
      GThread *thread = g_thread_new ("push", push_thread, &push);
      gint64 n;

      fault (f, g_rand_int_range (rand, 30, 400));
      g_thread_join (thread);
      g_test_message ("round %u: the push got %u", round, push.status);
      n = assert_whole_or_none (f, round);
      if (f->hub->process == NULL)
        start_server (f, NULL, NULL, NULL, NULL);
      send_again (f, body, n == (gint64) (round + 1) * BATCH);
      g_assert_cmpint (db_int (f, "SELECT count(*) FROM events"), ==, (round + 1) * BATCH);
      g_assert_cmpint (db_int (f, "SELECT count(DISTINCT receipt_no) FROM hub_sales"), ==, (round + 1) * BATCH);
    }
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM gaps"), ==, 0);
}

static void
test_sigkill_mid_batch (Fixture *f, gconstpointer data)
{
  run_faults (f, kill_hub);
}

static void
test_postgresql_restart_mid_batch (Fixture *f, gconstpointer data)
{
  run_faults (f, restart_postgresql);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (dis_test_pg_enabled ())
    {
      g_test_add ("/hub/faults/sigkill-mid-batch", Fixture, NULL, fixture_set_up, test_sigkill_mid_batch,
                  fixture_tear_down);
      g_test_add ("/hub/faults/postgresql-restart-mid-batch", Fixture, NULL, fixture_set_up,
                  test_postgresql_restart_mid_batch, fixture_tear_down);
    }
  return g_test_run ();
}
