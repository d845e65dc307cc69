/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dis-hub-db.h"
#include "dis-test-hub.h"
#include "dis-test-util.h"

/* Many devices pushing to one real hub at once (issue 12): each request
 * is answered with exactly its own results, only once they are
 * committed, and a hub killed (SIGKILL) under the load has kept every
 * event it answered as accepted, once. */

#define N_DEVICES 16
#define N_BATCHES 4

typedef struct
{
  DisTestHub *hub;
  char       *code;
  char       *token;
  gint64      seq;
  GPtrArray  *accepted;     /* ids the hub answered "accepted" */
  char       *failure;      /* the first wrong answer, for the main thread */
  guint       answered;     /* batches, atomic */
  gint       *stop;         /* atomic: the load test's end */
  GThread    *thread;
} Device;

static void
device_free (Device *device)
{
  g_free (device->code);
  g_free (device->token);
  g_ptr_array_unref (device->accepted);
  g_free (device->failure);
  g_free (device);
}

G_GNUC_PRINTF (2, 3)
static void
device_fail (Device     *device,
             const char *format,
             ...)
{
  va_list args;

  if (device->failure != NULL)
    return;
  va_start (args, format);
  device->failure = g_strdup_vprintf (format, args);
  va_end (args);
}

/* A new sale from @device, its id in @ids. */
static char *
new_sale (Device    *device,
          GPtrArray *ids)
{
  char *text = dis_test_hub_sale_event ("TO-CEN", device->code, ++device->seq, "equa", 1000, 185, 0);
  g_autoptr(JsonNode) event = json_from_string (text, NULL);

  g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_node_get_object (event), "id")));
  return text;
}

/* POSTs @events (JSON texts) and returns the reply's results, NULL
 * (with @device's failure set, unless @quiet) when there is none. */
static JsonArray *
post (Device      *device,
      SoupSession *session,
      GPtrArray   *events,
      gboolean     quiet,
      JsonNode   **out_root)
{
  g_autofree char *url = g_strconcat (device->hub->url, "/api/v1/events", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", device->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_string_append_printf (body, "{\"device\":\"%s\",\"events\":[", device->code);
  for (guint i = 0; i < events->len; i++)
    g_string_append_printf (body, "%s%s", i > 0 ? "," : "", (const char *) g_ptr_array_index (events, i));
  g_string_append (body, "]}");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json",
                                            g_bytes_new (body->str, body->len));
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      if (!quiet)
        device_fail (device, "%s: HTTP %u %s", device->code, soup_message_get_status (msg),
                     error != NULL ? error->message : (const char *) g_bytes_get_data (reply, NULL));
      return NULL;
    }
  root = json_from_string (g_bytes_get_data (reply, NULL), &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "results"))
    {
      device_fail (device, "%s: not a reply", device->code);
      g_clear_pointer (&root, json_node_unref);
      return NULL;
    }
  *out_root = root;
  return json_object_get_array_member (json_node_get_object (root), "results");
}

/* ---- Each request its own answer, after its commit ------------------------------ */

static gpointer
own_answers_thread (gpointer data)
{
  Device *device = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *previous = NULL;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 60, NULL);

  for (guint b = 0; b < N_BATCHES && device->failure == NULL; b++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *first = NULL;
      const char *expected[5];
      guint n = 0;
      JsonArray *results;

      /* Three new sales, one sent before (a duplicate), one the hub
       * rejects: each batch's answer differs from its neighbours'. */
      for (guint i = 0; i < 3; i++)
        {
          g_ptr_array_add (events, new_sale (device, ids));
          expected[n++] = "accepted";
        }
      first = g_strdup (g_ptr_array_index (events, 0));
      if (previous != NULL)
        {
          g_autoptr(JsonNode) old = json_from_string (previous, NULL);

          g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_node_get_object (old), "id")));
          g_ptr_array_add (events, g_strdup (previous));
          expected[n++] = "duplicate";
        }
      {
        g_autofree char *id = g_uuid_string_random ();

        g_ptr_array_add (events, g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ","
                                                  "\"type\":\"no.such.type\",\"at\":\"2024-05-02T10:00:00+02:00\","
                                                  "\"payload\":{}}", id, device->seq + 1));
        g_ptr_array_add (ids, g_steal_pointer (&id));
        expected[n++] = "rejected";
      }

      results = post (device, session, events, FALSE, &root);
      if (results == NULL)
        break;
      if (json_array_get_length (results) != n)
        {
          device_fail (device, "%s batch %u: %u results for %u events", device->code, b,
                       json_array_get_length (results), n);
          break;
        }
      for (guint i = 0; i < n; i++)
        {
          JsonObject *result = json_array_get_object_element (results, i);
          const char *id = json_object_get_string_member_with_default (result, "id", "");
          const char *status = json_object_get_string_member_with_default (result, "status", "");

          if (!g_str_equal (id, g_ptr_array_index (ids, i)) || !g_str_equal (status, expected[i]))
            device_fail (device, "%s batch %u event %u: %s %s, expected %s %s", device->code, b, i,
                         id, status, (const char *) g_ptr_array_index (ids, i), expected[i]);
          /* "accepted" is said of what another connection already sees. */
          if (g_str_equal (expected[i], "accepted") &&
              dis_test_file_int (device->hub->db_path, "SELECT count(*) FROM events WHERE id = ?1", id) != 1)
            device_fail (device, "%s batch %u: %s answered before its commit", device->code, b, id);
        }
      g_free (previous);
      previous = g_steal_pointer (&first);
    }

  g_main_context_pop_thread_default (context);
  return NULL;
}

static GPtrArray *
add_devices (DisTestHub *hub,
             gint       *stop)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);

  for (guint i = 0; i < N_DEVICES; i++)
    {
      Device *device = g_new0 (Device, 1);

      device->hub = hub;
      device->code = g_strdup_printf ("M%02u", i + 1);
      device->token = dis_test_hub_add_device (hub, "TO-CEN", device->code, FALSE);
      device->accepted = g_ptr_array_new_with_free_func (g_free);
      device->stop = stop;
      g_ptr_array_add (devices, device);
    }
  return devices;
}

static void
run_threads (GPtrArray   *devices,
             GThreadFunc  func)
{
  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = g_ptr_array_index (devices, i);

      device->thread = g_thread_new (device->code, func, device);
    }
}

static void
join_threads (GPtrArray *devices)
{
  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = g_ptr_array_index (devices, i);

      g_thread_join (g_steal_pointer (&device->thread));
      if (device->failure != NULL)
        g_error ("%s", device->failure);
    }
}

static void
test_own_answers (void)
{
  g_autofree char *dir = dis_test_tmpdir_new ("disotto-hub-concurrency");
  g_autoptr(DisTestHub) hub = dis_test_hub_new_demo (dir);
  g_autoptr(GPtrArray) devices = add_devices (hub, NULL);

  dis_test_hub_start (hub, 0, NULL);
  run_threads (devices, own_answers_thread);
  join_threads (devices);
  g_assert_true (dis_test_hub_stop (hub));

  g_assert_cmpint (dis_test_hub_int (hub, "SELECT count(*) FROM events WHERE device GLOB 'M*'", NULL),
                   ==, N_DEVICES * N_BATCHES * 3);
  g_assert_cmpint (dis_test_hub_int (hub, "SELECT count(*) FROM devices WHERE device GLOB 'M*'"
                                           " AND last_seq = ?1", "12"), ==, N_DEVICES);
  dis_test_rm_rf (dir);
}

/* ---- SIGKILL loses nothing answered ------------------------------------------------ */

static gpointer
load_thread (gpointer data)
{
  Device *device = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 20, NULL);

  while (!g_atomic_int_get (device->stop))
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonNode) root = NULL;
      JsonArray *results;

      for (guint i = 0; i < 5; i++)
        g_ptr_array_add (events, new_sale (device, ids));
      /* Once the hub is killed, requests fail: that ends the thread. */
      results = post (device, session, events, TRUE, &root);
      if (results == NULL)
        break;
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *result = json_array_get_object_element (results, i);

          if (g_str_equal (json_object_get_string_member_with_default (result, "status", ""), "accepted"))
            g_ptr_array_add (device->accepted, g_strdup (json_object_get_string_member (result, "id")));
        }
      g_atomic_int_inc (&device->answered);
    }

  g_main_context_pop_thread_default (context);
  return NULL;
}

static guint
total_answered (GPtrArray *devices)
{
  guint n = 0;

  for (guint i = 0; i < devices->len; i++)
    n += g_atomic_int_get (&((Device *) g_ptr_array_index (devices, i))->answered);
  return n;
}

static void
test_kill (void)
{
  g_autofree char *dir = dis_test_tmpdir_new ("disotto-hub-concurrency");
  g_autoptr(DisTestHub) hub = dis_test_hub_new_demo (dir);
  gint stop = FALSE;
  g_autoptr(GPtrArray) devices = add_devices (hub, &stop);
  gint64 deadline;
  guint n_accepted = 0;

  dis_test_hub_start (hub, 0, NULL);
  run_threads (devices, load_thread);
  /* Killed in full flow: batches queued, in a transaction, answered. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (total_answered (devices) < 60 && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (total_answered (devices), >=, 60);
  dis_test_hub_kill (hub);
  g_atomic_int_set (&stop, TRUE);
  join_threads (devices);

  /* The hub recovers its log on start; every answered event is there once. */
  dis_test_hub_start (hub, 0, NULL);
  g_assert_true (dis_test_hub_stop (hub));
  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = g_ptr_array_index (devices, i);

      for (guint j = 0; j < device->accepted->len; j++)
        {
          const char *id = g_ptr_array_index (device->accepted, j);

          g_assert_cmpint (dis_test_hub_int (hub, "SELECT count(*) FROM events WHERE id = ?1", id), ==, 1);
          g_assert_cmpint (dis_test_hub_int (hub, "SELECT count(*) FROM hub_sales WHERE event_id = ?1", id), ==, 1);
        }
      n_accepted += device->accepted->len;
    }
  g_assert_cmpuint (n_accepted, >=, 60 * 5);
  g_test_message ("%u events answered as accepted before the kill, all kept", n_accepted);
  dis_test_rm_rf (dir);
}

/* ---- A client gone before its answer ------------------------------------------------- */

/* Devices that send a push and hang up at once: the hub commits or not,
 * answers into the void, and goes on serving; it never crashes on a
 * message whose connection closed while a worker or the writer had it. */
static void
test_client_gone (void)
{
  g_autofree char *dir = dis_test_tmpdir_new ("disotto-hub-concurrency");
  g_autoptr(DisTestHub) hub = dis_test_hub_new_demo (dir);
  g_autoptr(GPtrArray) devices = add_devices (hub, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  dis_test_hub_start (hub, 0, NULL);
  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = g_ptr_array_index (devices, i);
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) request = g_string_new (NULL);
      g_autoptr(GString) body = g_string_new (NULL);
      GSocketConnection *connection;

      for (guint e = 0; e < 40; e++)
        g_ptr_array_add (events, new_sale (device, ids));
      g_string_append_printf (body, "{\"device\":\"%s\",\"events\":[", device->code);
      for (guint e = 0; e < events->len; e++)
        g_string_append_printf (body, "%s%s", e > 0 ? "," : "", (const char *) g_ptr_array_index (events, e));
      g_string_append (body, "]}");
      g_string_append_printf (request, "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                              device->token, body->len, body->str);
      connection = g_socket_client_connect_to_host (client, "127.0.0.1", hub->port, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 request->str, request->len, NULL, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (connections, connection);
    }
  /* All sent, then all gone, while their batches wait or commit. */
  for (guint i = 0; i < connections->len; i++)
    g_io_stream_close (g_ptr_array_index (connections, i), NULL, NULL);
  g_ptr_array_set_size (connections, 0);

  /* The hub still answers a push, with its own result. */
  {
    Device *device = g_ptr_array_index (devices, 0);
    g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
    g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(JsonNode) root = NULL;
    JsonArray *results;

    /* The seq after the 40 sent: the hub may have kept them or not. */
    g_ptr_array_add (events, new_sale (device, ids));
    results = post (device, session, events, FALSE, &root);
    g_assert_null (device->failure);
    g_assert_nonnull (results);
    g_assert_cmpuint (json_array_get_length (results), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "id"),
                     ==, g_ptr_array_index (ids, 0));
  }
  /* A clean exit (a critical under G_DEBUG=fatal-criticals would not be). */
  g_assert_true (dis_test_hub_stop (hub));
  g_assert_true (g_file_get_contents (hub->log_path, &log, NULL, NULL));
  g_assert_null (strstr (log, "CRITICAL"));
  dis_test_rm_rf (dir);
}

/* ---- Reads do not wait for writes ------------------------------------------------ */

static gpointer
blocked_push_thread (gpointer data)
{
  Device *device = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  g_ptr_array_add (events, new_sale (device, ids));
  results = post (device, session, events, FALSE, &root);
  if (results != NULL &&
      !g_str_equal (json_object_get_string_member (json_array_get_object_element (results, 0), "status"),
                    "accepted"))
    device_fail (device, "the push held by the lock was not accepted");
  g_atomic_int_set (&device->answered, 1);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* Another connection holds the write lock: a push waits for it, and
 * meanwhile every read endpoint answers at once, from the read pool. (A
 * hub that wrote on its main loop would answer nothing until the lock
 * went.) SQLite's lock: this test runs on SQLite. */
static void
test_reads_while_writing (void)
{
  g_autofree char *dir = dis_test_tmpdir_new ("disotto-hub-concurrency");
  g_autoptr(DisTestHub) hub = dis_test_hub_new_demo (dir);
  g_autoptr(GPtrArray) devices = add_devices (hub, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(GError) error = NULL;
  Device *pusher = g_ptr_array_index (devices, 0);
  Device *reader = g_ptr_array_index (devices, 1);
  g_autofree char *auth = g_strconcat ("Bearer ", reader->token, NULL);
  const char *paths[] = { "/api/v1/changes?since=0", "/api/v1/me", "/api/v1/declarations",
                          "/api/v1/basket/completeness", "/api/v1/health" };
  DisHubDb *lock;

  dis_test_hub_start (hub, 0, NULL);
  lock = dis_hub_db_open (hub->db_path, FALSE, &error);
  g_assert_no_error (error);
  dis_hub_db_begin (lock, &error);
  g_assert_no_error (error);

  pusher->thread = g_thread_new ("push", blocked_push_thread, pusher);
  g_usleep (300 * 1000);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = g_strconcat (hub->url, paths[i], NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) reply = NULL;
      gint64 t0 = g_get_monotonic_time ();

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      reply = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
      /* Well under the hub's 5 s wait for a lock. */
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
    }
  /* The push is still waiting: nothing was answered before its commit. */
  g_assert_cmpuint (g_atomic_int_get (&pusher->answered), ==, 0);

  dis_hub_db_commit (lock, &error);
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&pusher->thread));
  g_assert_null (pusher->failure);
  g_assert_cmpuint (g_atomic_int_get (&pusher->answered), ==, 1);
  dis_hub_db_close (lock);
  g_assert_true (dis_test_hub_stop (hub));
  dis_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub/concurrency/own-answers", test_own_answers);
  g_test_add_func ("/hub/concurrency/kill", test_kill);
  g_test_add_func ("/hub/concurrency/client-gone", test_client_gone);
  g_test_add_func ("/hub/concurrency/reads-while-writing", test_reads_while_writing);
  return g_test_run ();
}
