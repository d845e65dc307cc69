/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-shared"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dis-test-hub.h"
#include "dis-test-pg.h"
#include "dis-test-util.h"

/* Two `disotto-hub serve` on one PostgreSQL database (issue 12): points
 * push batches to either at random, some sent again to the other, while
 * an admin writes settings and each point pulls the feed from either.
 * Every event is applied exactly once, and every point sees every
 * change, each once, in order, with no cursor skipping one. */

#define N_POINTS 3
#define N_BATCHES 12
#define BATCH 15
#define N_SETTINGS 12

typedef struct
{
  DisTestHub *hubs[2];
  const char *code;
  const char *device;
  char       *token;
  guint       index;
  gint64      cursor;
  GArray     *seen;        /* seq of every change pulled, in order */
  guint       accepted;
  guint       duplicates;
} Point;

static JsonNode *
request (SoupSession *session,
         DisTestHub  *hub,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *body)
{
  g_autofree char *url = g_strconcat (hub->url, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return json_from_string (g_bytes_get_data (reply, NULL), &error);
}

/* One page of the feed from @hub; FALSE when it was the last. */
static gboolean
pull_page (SoupSession *session,
           Point       *p,
           DisTestHub  *hub)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=5", p->cursor);
  g_autoptr(JsonNode) root = request (session, hub, "GET", path, p->token, NULL);
  JsonObject *object = json_node_get_object (root);
  JsonArray *changes = json_object_get_array_member (object, "changes");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      gint64 seq = json_object_get_int_member (json_array_get_object_element (changes, i), "seq");

      g_assert_cmpint (seq, >, p->cursor);
      g_array_append_val (p->seen, seq);
      p->cursor = seq;
    }
  p->cursor = MAX (p->cursor, json_object_get_int_member (object, "next"));
  return json_object_get_boolean_member (object, "more");
}

static void
count_results (Point    *p,
               JsonNode *root,
               gboolean  again)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (root), "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      const char *status = json_object_get_string_member (json_array_get_object_element (results, i), "status");

      /* Sent again, to either hub: never applied twice. */
      g_assert_cmpstr (status, ==, again ? "duplicate" : "accepted");
      if (again)
        p->duplicates++;
      else
        p->accepted++;
    }
}

static gpointer
point_thread (gpointer data)
{
  Point *p = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (p->index + 1);

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  for (guint b = 0; b < N_BATCHES; b++)
    {
      g_autoptr(GString) events = g_string_new (NULL);
      g_autofree char *body = NULL;
      guint first = g_rand_int_range (rand, 0, 2);

      for (guint i = 1; i <= BATCH; i++)
        {
          g_autofree char *event = dis_test_hub_sale_event (p->code, p->device, b * BATCH + i, "equa",
                                                            1000, 185, 0);

          g_string_append_printf (events, "%s%s", i > 1 ? "," : "", event);
        }
      body = g_strdup_printf ("{\"device\":\"%s\",\"events\":[%s]}", p->device, events->str);
      {
        g_autoptr(JsonNode) root = request (session, p->hubs[first], "POST", "/api/v1/events", p->token, body);

        count_results (p, root, FALSE);
      }
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          g_autoptr(JsonNode) root = request (session, p->hubs[!first], "POST", "/api/v1/events", p->token, body);

          count_results (p, root, TRUE);
        }
      pull_page (session, p, p->hubs[g_rand_int_range (rand, 0, 2)]);
    }
  g_main_context_pop_thread_default (context);
  g_clear_object (&session);
  return NULL;
}

static gpointer
admin_thread (gpointer data)
{
  DisTestHub *hub = data;

  /* Each a change in the feed, written while the points pull. */
  for (guint i = 0; i < N_SETTINGS; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u", 2 + i);

      g_free (dis_test_hub_admin (hub, "settings", "set", "stats.min_cell", value, NULL));
    }
  return NULL;
}

static void
test_two_hubs (void)
{
  g_autofree char *dir = dis_test_tmpdir_new ("disotto-shared");
  g_autoptr(DisTestHub) a = dis_test_hub_new_demo (dir);
  g_autoptr(DisTestHub) b = dis_test_hub_new_shared (dir, a);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  const char *codes[N_POINTS][2] = { { "TO-CEN", "C1" }, { "TO-SSA", "S1" }, { "TO-BAR", "B1" } };
  Point points[N_POINTS];
  GThread *threads[N_POINTS];
  GThread *admin;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *seqs = NULL;
  g_auto(GStrv) seq_list = NULL;

  for (guint i = 0; i < N_POINTS; i++)
    points[i] = (Point) { { a, b }, codes[i][0], codes[i][1],
                          dis_test_hub_add_device (a, codes[i][0], codes[i][1], FALSE), i, 0,
                          g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0 };
  dis_test_hub_start (a, 0, NULL);
  dis_test_hub_start (b, 0, NULL);

  admin = g_thread_new ("admin", admin_thread, a);
  for (guint i = 0; i < N_POINTS; i++)
    threads[i] = g_thread_new ("point", point_thread, &points[i]);
  for (guint i = 0; i < N_POINTS; i++)
    g_thread_join (threads[i]);
  g_thread_join (admin);

  /* Every event once. */
  for (guint i = 0; i < N_POINTS; i++)
    g_assert_cmpuint (points[i].accepted, ==, N_BATCHES * BATCH);
  g_assert_cmpint (dis_test_hub_int (a, "SELECT count(*) FROM events", NULL), ==, N_POINTS * N_BATCHES * BATCH);
  g_assert_cmpint (dis_test_hub_int (a, "SELECT count(DISTINCT receipt_no) FROM hub_sales", NULL), ==,
                   N_POINTS * N_BATCHES * BATCH);
  g_assert_cmpint (dis_test_hub_int (a, "SELECT count(*) FROM gaps", NULL), ==, 0);

  /* Every change seen by every point, once, in order: the rest of the
   * feed pulled now that the writers are done, from either hub. */
  seqs = dis_test_hub_join (a, "SELECT seq FROM changes ORDER BY seq", ",");
  seq_list = g_strsplit (seqs, ",", -1);
  for (guint k = 0; seq_list[k] != NULL; k++)
    {
      gint64 value = g_ascii_strtoll (seq_list[k], NULL, 10);

      g_array_append_val (all, value);
    }
  for (guint i = 0; i < N_POINTS; i++)
    {
      guint turn = 0;

      while (pull_page (session, &points[i], turn++ % 2 ? a : b))
        ;
      g_test_message ("%s pulled %u changes", points[i].code, points[i].seen->len);
      g_assert_cmpuint (points[i].seen->len, ==, all->len);
      for (guint k = 0; k < all->len; k++)
        g_assert_cmpint (g_array_index (points[i].seen, gint64, k), ==, g_array_index (all, gint64, k));
      g_array_unref (points[i].seen);
      g_free (points[i].token);
    }
  g_assert_true (dis_test_hub_stop (a));
  g_assert_true (dis_test_hub_stop (b));
  dis_test_rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (dis_test_pg_enabled ())
    g_test_add_func ("/hub/shared/two-hubs", test_two_hubs);
  return g_test_run ();
}
