/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "bench-util.h"
#include "dis-test-hub.h"
#include "dis-test-util.h"

/* Confirming member orders (issue 13): 50 points, each a thread with its
 * own SoupSession, push at the same moment, each push holding one
 * order.placed that the hub checks, reserves against the cycle's
 * availability and answers in the feed: the latency of a push, p50 and
 * p99. The reference, in the same run, on the same hub, by the same 50
 * points: pushes holding one sale each. */

#define N_POINTS          50
#define N_PUSHES          20     /* per point and phase */
#define REQUEST_TIMEOUT_S 60

typedef struct
{
  char      *code;
  char      *token;
  const char *url;
  gint64     cycle;
  gboolean   orders;      /* this phase: orders, or the reference's sales */
  gint64     seq;
  GArray    *latencies;   /* gint64 µs */
  guint      accepted;
  char      *failure;
  GThread   *thread;
} Point;

static void
point_free (Point *point)
{
  g_free (point->code);
  g_free (point->token);
  g_array_unref (point->latencies);
  g_free (point->failure);
  g_free (point);
}

static char *
iso_from_now (double hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, hours * 3600);

  return g_date_time_format_iso8601 (then);
}

static char *
order_event (Point *point)
{
  g_autofree char *at = iso_from_now (0);
  g_autofree char *event_id = g_uuid_string_random ();
  g_autofree char *order_id = g_uuid_string_random ();
  gint64 seq = ++point->seq;

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"order.placed\",\"at\":\"%s\","
                          "\"payload\":{\"id\":\"%s\",\"point\":\"%s\",\"device\":\"C1\",\"revision\":1,"
                          "\"number\":%" G_GINT64_FORMAT ",\"cycle\":%" G_GINT64_FORMAT ",\"member_card\":\""
                          DIS_TEST_ELIGIBLE_CARD "\",\"tier\":\"equa\",\"fulfilment\":\"pickup\",\"window\":\"W1\","
                          "\"slot\":null,\"address\":null,\"comune\":null,\"note\":null,\"operator_id\":1,"
                          "\"operator_name\":\"Anna\",\"created_at\":\"%s\",\"lines\":["
                          "{\"line_no\":1,\"product_code\":\"P-0001\",\"quantity\":1000},"
                          "{\"line_no\":2,\"product_code\":\"P-0002\",\"quantity\":2000}]}}",
                          event_id, seq, at, order_id, point->code, seq, point->cycle, at);
}

static gpointer
point_thread (gpointer data)
{
  Point *point = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = g_strconcat (point->url, "/api/v1/events", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", point->token, NULL);

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S, NULL);
  for (guint i = 0; i < N_PUSHES && point->failure == NULL; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autofree char *event = point->orders ? order_event (point)
                                             : dis_test_hub_sale_event (point->code, "C1", ++point->seq, "equa",
                                                                        1000, 185, 0);
      g_autofree char *body = g_strdup_printf ("{\"device\":\"C1\",\"events\":[%s]}", event);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = bench_now ();

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", g_bytes_new (body, strlen (body)));
      reply = soup_session_send_and_read (session, msg, NULL, &error);
      bench_samples_add (point->latencies, bench_now () - start);
      if (reply == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
        {
          point->failure = g_strdup_printf ("%s: HTTP %u %s", point->code, soup_message_get_status (msg),
                                            error != NULL ? error->message : "");
          break;
        }
      if (strstr (g_bytes_get_data (reply, NULL), "\"accepted\"") != NULL)
        point->accepted++;
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* All points at once, one phase; the latencies of every push. */
static GArray *
run_phase (GPtrArray *points,
           gboolean   orders)
{
  GArray *all = bench_samples_new (N_POINTS * N_PUSHES);

  for (guint p = 0; p < points->len; p++)
    {
      Point *point = points->pdata[p];

      point->orders = orders;
      point->accepted = 0;
      g_array_set_size (point->latencies, 0);
      point->thread = g_thread_new (point->code, point_thread, point);
    }
  for (guint p = 0; p < points->len; p++)
    {
      Point *point = points->pdata[p];

      g_thread_join (point->thread);
      if (point->failure != NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, point->failure);

          bench_fail ("push", error);
        }
      if (point->accepted != N_PUSHES)
        {
          g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %u of %u accepted",
                                                 point->code, point->accepted, N_PUSHES);

          bench_fail ("push", error);
        }
      g_array_append_vals (all, point->latencies->data, point->latencies->len);
    }
  return all;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = dis_test_tmpdir_new ("bench-orders");
  g_autoptr(DisTestHub) hub = NULL;
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) point_free);
  g_autoptr(GArray) orders = NULL;
  g_autoptr(GArray) sales = NULL;
  g_autofree char *products = g_build_filename (dir, "products.json", NULL);
  g_autofree char *schedule = g_build_filename (dir, "schedule.json", NULL);
  g_autofree char *opens = iso_from_now (-1), *closes = iso_from_now (24);
  g_autofree char *starts = iso_from_now (30), *ends = iso_from_now (32);
  g_autofree char *schedule_text = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) opened = NULL;
  BenchStats ours, ref;
  gint64 cycle, accepted_orders;

  setlocale (LC_ALL, "");
  hub = dis_test_hub_new_demo (dir);
  dis_test_hub_add_eligible_member (hub);
  g_assert_true (g_file_set_contents (products, "[{\"product\":\"P-0001\",\"available\":1000000000},"
                                                "{\"product\":\"P-0002\",\"available\":null}]", -1, NULL));
  out = dis_test_hub_admin (hub, "cycle", "open", "--name", "Bench", "--opens", opens, "--closes", closes,
                            "--products", products, NULL);
  opened = json_from_string (out, NULL);
  cycle = json_object_get_int_member (json_node_get_object (opened), "id");
  schedule_text = g_strdup_printf ("{\"windows\":[{\"code\":\"W1\",\"starts\":\"%s\",\"ends\":\"%s\"}],"
                                   "\"slots\":[]}", starts, ends);
  g_assert_true (g_file_set_contents (schedule, schedule_text, -1, NULL));
  for (guint p = 0; p < N_POINTS; p++)
    {
      Point *point = g_new0 (Point, 1);

      point->code = g_strdup_printf ("BENCH-%02u", p);
      point->token = dis_test_hub_add_device (hub, point->code, "C1", TRUE);
      point->cycle = cycle;
      point->latencies = bench_samples_new (N_PUSHES);
      g_free (dis_test_hub_admin (hub, "point", "schedule", point->code, "--file", schedule, NULL));
      g_ptr_array_add (points, point);
    }
  dis_test_hub_start (hub, 0, NULL);
  for (guint p = 0; p < N_POINTS; p++)
    ((Point *) points->pdata[p])->url = hub->url;

  /* The reference first, then the orders: each phase on a warm hub. */
  sales = run_phase (points, FALSE);
  orders = run_phase (points, TRUE);
  accepted_orders = dis_test_hub_int (hub, "SELECT count (*) FROM hub_orders WHERE state = 'accepted'", NULL);
  if (accepted_orders != N_POINTS * N_PUSHES)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%" G_GINT64_FORMAT " of %d orders accepted",
                                             accepted_orders, N_POINTS * N_PUSHES);

      bench_fail ("orders", error);
    }

  bench_stats_compute (orders, &ours);
  bench_stats_compute (sales, &ref);
  g_print ("Shared machine (2 cores, other builds running): figures are indicative.\n");
  bench_print_line ("push of one order (2 lines), 50 points at once", &ours,
                    "push of one sale, the same 50 points", &ref, "p50 p99 max",
                    "p99 < 200 ms", ours.p99 < 200 * 1000);
  dis_test_hub_stop (hub);
  dis_test_rm_rf (dir);
  return 0;
}
