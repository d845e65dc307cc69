/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "bench-fixture.h"
#include "bench-util.h"
#include "dis-id.h"
#include "dis-store-sync.h"
#include "dis-test-hub.h"
#include "dis-test-util.h"

/* 200 devices, each a thread with its own SoupSession, push batches of
 * sale events to one hub at the same moment: throughput, request latency
 * and errors, and on the hub every event exactly once. The reference, in
 * the same run and on the same hub: the same number of events pushed by
 * ONE device, batch after batch. The payloads are a real store's outbox
 * event with new ids, seq and receipt numbers.
 *
 * Then (issue 12) 1,000 connected points pulling the changes feed on a
 * fixed period while 50 devices push a batch every PUSH_INTERVAL_MS, each
 * at a phase of its own: the pushes' answered-request p99, against the
 * same 50 pushes with nobody pulling in the same run. A point pulls every 30 s; the period is
 * compressed to PULL_PERIOD_MS here (the same pulls per second as 6,000
 * points at 30 s), so that the run stays short. The pullers use the
 * tokens of the 200 devices above, five each. */

#define N_POINTS          4
#define N_DEVICES         200
#define N_BATCHES         5
#define N_EVENTS          15     /* per batch: 15,000 events per phase, under a minute in all */
#define N_LINES           5
#define REQUEST_TIMEOUT_S 60
#define START_TIMEOUT_US  (30 * G_USEC_PER_SEC)

#define N_PULLERS         1000
#define N_PULL_THREADS    8
#define PULL_PERIOD_MS    5000   /* a point's 30 s, compressed 6× */
#define N_PUSHERS         50
#define N_PUSH_BATCHES    4
#define PUSH_INTERVAL_MS  5000

typedef struct
{
  char       *point;
  char       *code;
  char       *token;
  GPtrArray  *bodies;       /* GBytes, one per batch */
  GArray     *latencies;    /* gint64 µs, one per request */
  gint64      end;          /* bench_now() after the last reply */
  gint64      interval;     /* µs between the starts of two batches, 0: none */
  gint64      phase;        /* µs before the first batch, with an interval */
  guint       accepted;
  guint       errors;       /* failed requests, of the three kinds: */
  guint       net_errors;   /*   no reply (connection refused, reset, timeout) */
  guint       http_errors;  /*   a status other than 200 */
  guint       short_errors; /*   200, but not every event "accepted" */
  char       *first_error;
  GThread    *thread;
} Device;

typedef struct
{
  GMutex      mutex;
  GCond       cond;
  guint       ready;
  gboolean    go;
  const char *url;
} Start;

static Start start;

static void
device_free (Device *device)
{
  g_free (device->point);
  g_free (device->code);
  g_free (device->token);
  g_clear_pointer (&device->bodies, g_ptr_array_unref);
  g_clear_pointer (&device->latencies, g_array_unref);
  g_free (device->first_error);
  g_free (device);
}

G_GNUC_PRINTF (2, 3)
static void
device_error (Device     *device,
              const char *format,
              ...)
{
  va_list args;

  device->errors++;
  if (device->first_error != NULL)
    return;
  va_start (args, format);
  device->first_error = g_strdup_vprintf (format, args);
  va_end (args);
}

/* Counts the "accepted" results of one reply. */
static guint
count_accepted (GBytes  *reply,
                GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *results;
  guint n = 0;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                   g_bytes_get_size (reply), error))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (results = json_object_get_member (json_node_get_object (root), "results")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (results))
    return 0;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (results)); i++)
    {
      JsonNode *result = json_array_get_element (json_node_get_array (results), i);
      const char *status;

      if (!JSON_NODE_HOLDS_OBJECT (result))
        continue;
      status = json_object_get_string_member_with_default (json_node_get_object (result), "status", "");
      n += g_str_equal (status, "accepted");
    }
  return n;
}

static gpointer
device_thread (gpointer data)
{
  Device *device = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = g_strconcat ("Bearer ", device->token, NULL);

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                           "idle-timeout", REQUEST_TIMEOUT_S,
                                           NULL);

  g_mutex_lock (&start.mutex);
  url = g_strconcat (start.url, "/api/v1/events", NULL);
  start.ready++;
  g_cond_broadcast (&start.cond);
  while (!start.go)
    g_cond_wait (&start.cond, &start.mutex);
  g_mutex_unlock (&start.mutex);

  device->end = bench_now ();
  for (guint i = 0; i < device->bodies->len; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0, latency, wait;
      guint accepted;

      /* A till pushes on its own schedule, not as fast as it can. */
      wait = device->end + device->phase + i * device->interval - bench_now ();
      if (device->interval > 0 && wait > 0)
        g_usleep (wait);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json",
                                                g_ptr_array_index (device->bodies, i));
      t0 = bench_now ();
      reply = soup_session_send_and_read (session, msg, NULL, &error);
      latency = bench_now () - t0;

      if (reply == NULL)
        {
          device->net_errors++;
          device_error (device, "batch %u: %s", i + 1, error->message);
          continue;
        }
      if (soup_message_get_status (msg) != SOUP_STATUS_OK)
        {
          device->http_errors++;
          device_error (device, "batch %u: HTTP %u %.200s", i + 1, soup_message_get_status (msg),
                        (const char *) g_bytes_get_data (reply, NULL));
          continue;
        }
      /* Latency of the requests that were answered. */
      bench_samples_add (device->latencies, latency);
      accepted = count_accepted (reply, &error);
      device->accepted += accepted;
      if (accepted != N_EVENTS)
        device->short_errors++;
      if (accepted != N_EVENTS)
        device_error (device, "batch %u: %u of %d events accepted: %.300s", i + 1, accepted, N_EVENTS,
                      (const char *) g_bytes_get_data (reply, NULL));
    }
  device->end = bench_now ();

  g_main_context_pop_thread_default (context);
  return NULL;
}

/* The kernel's count of connections dropped because a listening socket's
 * accept queue was full (TcpExt ListenOverflows, system-wide), -1 when
 * unknown: what a small listen backlog costs under a burst of connects. */
static gint64
listen_overflows (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/netstat", &text, NULL, NULL))
    return -1;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) names = NULL;
      g_auto(GStrv) values = NULL;

      if (!g_str_has_prefix (lines[i], "TcpExt:") || !g_str_has_prefix (lines[i + 1], "TcpExt:"))
        continue;
      names = g_strsplit (lines[i], " ", -1);
      values = g_strsplit (lines[i + 1], " ", -1);
      for (guint j = 0; names[j] != NULL && values[j] != NULL; j++)
        if (g_str_equal (names[j], "ListenOverflows"))
          return g_ascii_strtoll (values[j], NULL, 10);
    }
  return -1;
}

/* ---- Payloads -------------------------------------------------------------- */

/* One real sale.committed event from a store's outbox. */
static char *
template_payload (const char  *dir,
                  char       **out_at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "template.db", NULL);
  g_autoptr(BenchTill) till = bench_till_new (path, 40, 99);
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  DisOutboxEvent *event;

  for (guint i = 0; i < N_LINES; i++)
    {
      DisProduct *product = g_ptr_array_index (till->products, i * 7);

      dis_cart_add (cart, product,
                    dis_unit_is_measured (dis_product_get_unit (product)) ? 750 : 2000, FALSE);
    }
  sale = dis_sale_new_from_cart (cart);
  dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total);
  if (!dis_store_commit_sale (till->store, sale, till->operator, &error))
    bench_fail ("committing the template sale", error);

  /* The till's outbox also holds its stock events (issue 11): the sale's
   * is the one wanted. */
  events = dis_store_sync_read_outbox (till->store, 1000, G_MAXSIZE, &error);
  if (events == NULL || events->len == 0)
    bench_fail ("reading the template event", error);
  event = NULL;
  for (guint i = 0; i < events->len && event == NULL; i++)
    if (g_str_equal (((DisOutboxEvent *) g_ptr_array_index (events, i))->type, "sale.committed"))
      event = g_ptr_array_index (events, i);
  if (event == NULL)
    bench_fail ("finding the template sale in the outbox", NULL);
  parsed = json_from_string (event->payload, &error);
  if (parsed == NULL || !JSON_NODE_HOLDS_OBJECT (parsed))
    bench_fail ("parsing the template event", error);
  *out_at = g_strdup (event->at);
  return g_strdup (event->payload);
}

/* @n_batches batches of N_EVENTS events, seq from 1. */
static GPtrArray *
make_bodies (const char *template,
             const char *at,
             const char *point,
             const char *device,
             guint       n_batches)
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  guint seq = 0;

  for (guint b = 0; b < n_batches; b++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      JsonArray *events = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      gsize length;
      char *text;

      json_object_set_string_member (body, "device", device);
      json_object_set_array_member (body, "events", events);
      for (guint e = 0; e < N_EVENTS; e++)
        {
          /* json_node_copy() would share the object: a fresh one each time. */
          JsonNode *payload = json_from_string (template, NULL);
          JsonObject *sale = json_node_get_object (payload);
          JsonObject *event = json_object_new ();
          g_autofree char *event_id = dis_id_new ();
          g_autofree char *sale_id = dis_id_new ();
          g_autofree char *receipt = NULL;

          seq++;
          receipt = g_strdup_printf ("%s-%s-%06u", point, device, seq);
          json_object_set_string_member (sale, "id", sale_id);
          json_object_set_string_member (sale, "receipt_no", receipt);
          json_object_set_string_member (sale, "point", point);
          json_object_set_string_member (sale, "device", device);
          json_object_set_int_member (sale, "seq", seq);

          json_object_set_string_member (event, "id", event_id);
          json_object_set_int_member (event, "seq", seq);
          json_object_set_string_member (event, "type", "sale.committed");
          json_object_set_string_member (event, "at", at);
          json_object_set_member (event, "payload", payload);
          json_array_add_object_element (events, event);
        }
      json_node_set_object (root, body);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, &length);
      g_ptr_array_add (bodies, g_bytes_new_take (text, length));
    }
  return bodies;
}

/* ---- Pullers --------------------------------------------------------------- */

/* N_PULLERS points, spread over N_PULL_THREADS threads: each thread's
 * own SoupSession keeps a connection per point, and each point pulls
 * GET /api/v1/changes from its cursor every PULL_PERIOD_MS, at a phase of
 * its own. */
typedef struct _PullThread PullThread;

typedef struct
{
  PullThread *owner;
  char       *auth;
  gint64      since;
  gint64      due;          /* bench_now() of the next pull */
} Puller;

struct _PullThread
{
  GPtrArray    *pullers;
  SoupSession  *session;
  GMainContext *context;
  GArray       *latencies;  /* µs, of pulls answered while pushes ran */
  guint         pulls;
  guint         in_flight;
  guint         errors;
  char         *first_error;
  gint         *stop;       /* atomic */
  gint         *measuring;  /* atomic */
  GThread      *thread;
};

static void puller_schedule (Puller *puller);

static void
pulled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Puller *puller = data;
  PullThread *owner = puller->owner;
  SoupMessage *msg = soup_session_get_async_result_message (owner->session, result);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 latency = bench_now () - puller->due;

  reply = soup_session_send_and_read_finish (owner->session, result, &error);
  if (g_atomic_int_get (owner->stop))
    {
      owner->in_flight--;
      return;
    }
  if (reply != NULL && soup_message_get_status (msg) == SOUP_STATUS_OK)
    root = json_from_string (g_bytes_get_data (reply, NULL), &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      owner->errors++;
      if (owner->first_error == NULL)
        owner->first_error = g_strdup_printf ("HTTP %u %s", soup_message_get_status (msg),
                                              error != NULL ? error->message : "");
    }
  else
    {
      puller->since = json_object_get_int_member_with_default (json_node_get_object (root), "next",
                                                               puller->since);
      if (g_atomic_int_get (owner->measuring))
        {
          owner->pulls++;
          bench_samples_add (owner->latencies, latency);
        }
    }
  owner->in_flight--;
  if (g_atomic_int_get (owner->stop))
    return;
  puller->due += PULL_PERIOD_MS * 1000;
  puller_schedule (puller);
}

static gboolean
puller_due_cb (gpointer data)
{
  Puller *puller = data;
  PullThread *owner = puller->owner;
  g_autofree char *url = NULL;
  SoupMessage *msg;

  if (g_atomic_int_get (owner->stop))
    return G_SOURCE_REMOVE;
  url = g_strdup_printf ("%s/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000", start.url, puller->since);
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", puller->auth);
  owner->in_flight++;
  soup_session_send_and_read_async (owner->session, msg, G_PRIORITY_DEFAULT, NULL, pulled_cb, puller);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
puller_schedule (Puller *puller)
{
  g_autoptr(GSource) source = NULL;
  gint64 wait = MAX (puller->due - bench_now (), 0);

  source = g_timeout_source_new ((guint) (wait / 1000));
  g_source_set_callback (source, puller_due_cb, puller, NULL);
  g_source_attach (source, puller->owner->context);
}

static gpointer
pull_thread (gpointer data)
{
  PullThread *thread = data;
  gint64 t0 = bench_now ();

  g_main_context_push_thread_default (thread->context);
  thread->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                   "max-conns", N_PULLERS,
                                                   "max-conns-per-host", N_PULLERS,
                                                   NULL);
  for (guint i = 0; i < thread->pullers->len; i++)
    {
      Puller *puller = g_ptr_array_index (thread->pullers, i);

      puller->due = t0 + g_random_int_range (0, PULL_PERIOD_MS) * (gint64) 1000;
      puller_schedule (puller);
    }
  while (!g_atomic_int_get (thread->stop))
    g_main_context_iteration (thread->context, TRUE);
  /* Pulls still under way end as cancelled, and their callbacks run. */
  soup_session_abort (thread->session);
  while (thread->in_flight > 0)
    g_main_context_iteration (thread->context, TRUE);
  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

static void
puller_free (Puller *puller)
{
  g_free (puller->auth);
  g_free (puller);
}

static void
pull_thread_free (PullThread *thread)
{
  g_ptr_array_unref (thread->pullers);
  g_clear_object (&thread->session);
  g_main_context_unref (thread->context);
  g_array_unref (thread->latencies);
  g_free (thread->first_error);
  g_free (thread);
}

/* Starts the pullers with the tokens of @devices. */
static GPtrArray *
pullers_start (GPtrArray *devices,
               gint      *stop,
               gint      *measuring)
{
  GPtrArray *threads = g_ptr_array_new_with_free_func ((GDestroyNotify) pull_thread_free);

  for (guint t = 0; t < N_PULL_THREADS; t++)
    {
      PullThread *thread = g_new0 (PullThread, 1);

      thread->pullers = g_ptr_array_new_with_free_func ((GDestroyNotify) puller_free);
      thread->context = g_main_context_new ();
      thread->latencies = bench_samples_new (N_PULLERS);
      thread->stop = stop;
      thread->measuring = measuring;
      g_ptr_array_add (threads, thread);
    }
  for (guint i = 0; i < N_PULLERS; i++)
    {
      PullThread *thread = g_ptr_array_index (threads, i % N_PULL_THREADS);
      Device *device = g_ptr_array_index (devices, i % devices->len);
      Puller *puller = g_new0 (Puller, 1);

      puller->owner = thread;
      puller->auth = g_strconcat ("Bearer ", device->token, NULL);
      g_ptr_array_add (thread->pullers, puller);
    }
  for (guint t = 0; t < threads->len; t++)
    {
      PullThread *thread = g_ptr_array_index (threads, t);

      thread->thread = g_thread_new ("puller", pull_thread, thread);
    }
  return threads;
}

static void
pullers_stop (GPtrArray *threads,
              gint      *stop)
{
  g_atomic_int_set (stop, TRUE);
  for (guint t = 0; t < threads->len; t++)
    {
      PullThread *thread = g_ptr_array_index (threads, t);

      g_main_context_wakeup (thread->context);
      g_thread_join (g_steal_pointer (&thread->thread));
    }
}

static Device *
device_new (DisTestHub *hub,
            const char *template,
            const char *at,
            const char *point,
            const char *code,
            gboolean    new_point,
            guint       n_batches)
{
  Device *device = g_new0 (Device, 1);

  device->point = g_strdup (point);
  device->code = g_strdup (code);
  device->token = dis_test_hub_add_device (hub, point, code, new_point);
  device->bodies = make_bodies (template, at, point, code, n_batches);
  device->latencies = bench_samples_new (n_batches);
  return device;
}

/* Starts a thread per device, releases them together, joins them.
 * Returns the wall time from the release to the last reply. */
static gint64
run_devices (GPtrArray  *devices,
             const char *url)
{
  gint64 deadline, t0, end = 0;

  start.ready = 0;
  start.go = FALSE;
  start.url = url;

  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = g_ptr_array_index (devices, i);

      device->thread = g_thread_new (device->code, device_thread, device);
    }

  /* Every session created and waiting, then all at once. */
  deadline = g_get_monotonic_time () + START_TIMEOUT_US;
  g_mutex_lock (&start.mutex);
  while (start.ready < devices->len)
    if (!g_cond_wait_until (&start.cond, &start.mutex, deadline))
      break;
  if (start.ready < devices->len)
    g_printerr ("bench: only %u of %u devices ready after 30 s, starting anyway\n",
                start.ready, devices->len);
  t0 = bench_now ();
  start.go = TRUE;
  g_cond_broadcast (&start.cond);
  g_mutex_unlock (&start.mutex);

  /* Each thread sends a bounded number of requests, each with a timeout. */
  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = g_ptr_array_index (devices, i);

      g_thread_join (g_steal_pointer (&device->thread));
      end = MAX (end, device->end);
    }
  return end - t0;
}

typedef struct
{
  guint     requests;
  guint     events;
  guint     accepted;
  guint     errors;
  guint     net_errors;
  guint     http_errors;
  guint     short_errors;
  gint64    wall;
  BenchStats latency;
} Result;

static void
collect (GPtrArray *devices,
         gint64     wall,
         Result    *result)
{
  g_autoptr(GArray) all = bench_samples_new (devices->len * N_BATCHES);
  guint shown = 0;

  memset (result, 0, sizeof *result);
  result->wall = wall;
  for (guint i = 0; i < devices->len; i++)
    {
      Device *device = g_ptr_array_index (devices, i);

      for (guint j = 0; j < device->latencies->len; j++)
        bench_samples_add (all, g_array_index (device->latencies, gint64, j));
      result->requests += device->bodies->len;
      result->events += device->bodies->len * N_EVENTS;
      result->accepted += device->accepted;
      result->errors += device->errors;
      result->net_errors += device->net_errors;
      result->http_errors += device->http_errors;
      result->short_errors += device->short_errors;
      if (device->first_error != NULL && shown++ < 5)
        g_printerr ("bench: device %s: %u error(s), first: %s\n",
                    device->code, device->errors, device->first_error);
    }
  bench_stats_compute (all, &result->latency);
}

static char *
describe (const Result *result)
{
  g_autofree char *p50 = bench_format_usec (result->latency.p50);
  g_autofree char *p99 = bench_format_usec (result->latency.p99);

  return g_strdup_printf ("%.0f events/s (%u of %u events accepted in %.2f s), answered request p50 %s p99 %s (n=%u), "
                          "%u failed request(s) (%u without reply, %u HTTP error, %u not fully accepted)",
                          result->accepted / (result->wall / 1e6), result->accepted, result->events,
                          result->wall / 1e6,
                          p50, p99, result->latency.n, result->errors, result->net_errors,
                          result->http_errors, result->short_errors);
}

#define P99_AIM_US (200 * 1000)

/* 1,000 points pulling while N_PUSHERS push, against the same pushes
 * with nobody pulling; both on @hub, in this run. */
static gboolean
run_pull_phase (DisTestHub *hub,
                const char *template,
                const char *at,
                GPtrArray  *pull_devices)
{
  g_autoptr(GPtrArray) pushers = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);
  g_autoptr(GPtrArray) alone = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GArray) pull_latencies = bench_samples_new (N_PULLERS * 4);
  g_autofree char *with_text = NULL, *alone_text = NULL, *pull_p50 = NULL, *pull_p99 = NULL;
  BenchStats pull_stats;
  Result with, without;
  gint stop = FALSE, measuring = FALSE;
  guint pulls = 0, pull_errors = 0;
  gint64 t0, measured, hub_events;
  gboolean aim_met;

  for (guint i = 0; i < N_PUSHERS; i++)
    {
      g_autofree char *point = g_strdup_printf ("TO-D%u", i % N_POINTS + 1);
      g_autofree char *code_with = g_strdup_printf ("P%03u", i + 1);
      g_autofree char *code_alone = g_strdup_printf ("Q%03u", i + 1);
      gint64 phase;
      Device *device;

      /* Each till on its own schedule: the same phases for both runs. */
      phase = g_random_int_range (0, PUSH_INTERVAL_MS) * (gint64) 1000;
      device = device_new (hub, template, at, point, code_with, FALSE, N_PUSH_BATCHES);
      device->interval = PUSH_INTERVAL_MS * 1000;
      device->phase = phase;
      g_ptr_array_add (pushers, device);
      device = device_new (hub, template, at, point, code_alone, FALSE, N_PUSH_BATCHES);
      device->interval = PUSH_INTERVAL_MS * 1000;
      device->phase = phase;
      g_ptr_array_add (alone, device);
    }

  collect (alone, run_devices (alone, hub->url), &without);

  /* Every point connected and pulled once before the pushes start. */
  threads = pullers_start (pull_devices, &stop, &measuring);
  g_usleep ((PULL_PERIOD_MS + 1000) * 1000);
  g_atomic_int_set (&measuring, TRUE);
  t0 = bench_now ();
  collect (pushers, run_devices (pushers, hub->url), &with);
  measured = bench_now () - t0;
  g_atomic_int_set (&measuring, FALSE);
  pullers_stop (threads, &stop);

  for (guint t = 0; t < threads->len; t++)
    {
      PullThread *thread = g_ptr_array_index (threads, t);

      for (guint j = 0; j < thread->latencies->len; j++)
        bench_samples_add (pull_latencies, g_array_index (thread->latencies, gint64, j));
      pulls += thread->pulls;
      pull_errors += thread->errors;
      if (thread->first_error != NULL)
        g_printerr ("bench: pull thread %u: %u error(s), first: %s\n", t, thread->errors, thread->first_error);
    }
  bench_stats_compute (pull_latencies, &pull_stats);
  pull_p50 = bench_format_usec (pull_stats.p50);
  pull_p99 = bench_format_usec (pull_stats.p99);

  hub_events = dis_test_hub_int (hub, "SELECT count(*) FROM events WHERE device GLOB 'P[0-9][0-9][0-9]'", NULL);
  aim_met = with.errors == 0 && pull_errors == 0 && with.latency.p99 < P99_AIM_US &&
            hub_events == with.events;
  with_text = describe (&with);
  alone_text = describe (&without);
  g_print ("%d connected points pulling changes every %.1f s (a 30 s period compressed %.0f×: %.0f pulls/s asked,"
           " %.0f/s done, %u pulls, pull p50 %s p99 %s, %u failed) while %d devices push a batch of %d every %d ms"
           " (each at its own phase):"
           " %s; on the hub %" G_GINT64_FORMAT " of %u events"
           " | reference (the same %d devices pushing, nobody pulling): %s"
           " | aim push p99 < 200 ms, 0 errors: %s\n",
           N_PULLERS, PULL_PERIOD_MS / 1000.0, 30000.0 / PULL_PERIOD_MS, N_PULLERS * 1000.0 / PULL_PERIOD_MS,
           pulls / (measured / 1e6), pulls, pull_p50, pull_p99, pull_errors,
           N_PUSHERS, N_EVENTS, PUSH_INTERVAL_MS, with_text, hub_events, with.events,
           N_PUSHERS, alone_text, bench_verdict (aim_met));
  return without.errors == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);
  g_autoptr(GPtrArray) reference = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);
  g_autoptr(DisTestHub) hub = NULL;
  g_autofree char *template = NULL;
  g_autofree char *tmpdir = NULL, *hub_dir = NULL, *at = NULL;
  g_autofree char *ours_text = NULL, *ref_text = NULL, *sql = NULL;
  Result ours, ref;
  gint64 t0, hub_devices, hub_sales, hub_ref, hub_gaps, overflows;
  gboolean all_once, none_twice;

  setlocale (LC_ALL, "");
  g_print ("bench-sync-devices: on a shared machine (%u cores, load shared with other work): "
           "compare each figure with its reference in the same run\n", g_get_num_processors ());
  g_mutex_init (&start.mutex);
  g_cond_init (&start.cond);

  tmpdir = dis_test_tmpdir_new ("dis-bench-sync-devices");
  hub_dir = g_build_filename (tmpdir, "hub", NULL);
  g_mkdir (hub_dir, 0700);

  template = template_payload (tmpdir, &at);
  hub = dis_test_hub_new (hub_dir);

  /* 200 devices over a few points, and one more for the reference. */
  t0 = bench_now ();
  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autofree char *point = g_strdup_printf ("TO-D%u", i % N_POINTS + 1);
      g_autofree char *code = g_strdup_printf ("D%03u", i + 1);

      g_ptr_array_add (devices, device_new (hub, template, at, point, code, i < N_POINTS, N_BATCHES));
    }
  g_ptr_array_add (reference, device_new (hub, template, at, "TO-D1", "R01", FALSE,
                                          N_DEVICES * N_BATCHES));
  g_print ("setup: %d devices enrolled with `point add` and %d batches built in %.1f s\n",
           N_DEVICES + 1, 2 * N_DEVICES * N_BATCHES, (bench_now () - t0) / 1e6);

  dis_test_hub_start (hub, 0, NULL);

  overflows = listen_overflows ();
  collect (devices, run_devices (devices, hub->url), &ours);
  if (overflows >= 0 && listen_overflows () >= 0)
    overflows = listen_overflows () - overflows;
  collect (reference, run_devices (reference, hub->url), &ref);

  /* On the hub: each event exactly once, no gap. */
  hub_devices = dis_test_hub_int (hub, "SELECT count(*) FROM events WHERE device GLOB 'D[0-9][0-9][0-9]'", NULL);
  hub_sales = dis_test_hub_int (hub, "SELECT count(DISTINCT receipt_no) FROM hub_sales"
                                        " WHERE device GLOB 'D[0-9][0-9][0-9]'", NULL);
  hub_ref = dis_test_hub_int (hub, "SELECT count(*) FROM events WHERE device = 'R01'", NULL);
  hub_gaps = dis_test_hub_int (hub, "SELECT count(*) FROM gaps", NULL);
  sql = g_strdup_printf ("SELECT count(*) FROM devices WHERE last_seq = %d AND device GLOB 'D[0-9][0-9][0-9]'",
                         N_BATCHES * N_EVENTS);
  /* What the hub said it accepted is there once; all of it, when no error. */
  none_twice = hub_devices == ours.accepted && hub_sales == hub_devices;
  all_once = none_twice && hub_devices == ours.events &&
             dis_test_hub_int (hub, sql, NULL) == N_DEVICES && hub_gaps == 0;
  if (ref.errors > 0 || hub_ref != ref.events)
    {
      g_printerr ("bench error: the reference device had %u error(s), %" G_GINT64_FORMAT
                  " of %u events on the hub\n", ref.errors, hub_ref, ref.events);
      return EXIT_FAILURE;
    }

  ours_text = describe (&ours);
  ref_text = describe (&ref);
  g_print ("%d devices pushing at once (%d batches × %d sale events each): %s; on the hub %" G_GINT64_FORMAT
           " of %u events, %s, %" G_GINT64_FORMAT " seq gap(s)"
           " | reference (one device, the same %u events in %u sequential batches): %s"
           " | aim answered-request p99 < 200 ms, zero errors, every event accepted exactly once: %s\n",
           N_DEVICES, N_BATCHES, N_EVENTS, ours_text, hub_devices, ours.events,
           none_twice ? "none twice" : "SOME TWICE OR ACCEPTED BUT MISSING", hub_gaps,
           ref.events, ref.requests, ref_text,
           bench_verdict (ours.errors == 0 && all_once && ours.latency.p99 < P99_AIM_US));
  g_print ("%d devices at once vs one device: throughput %.2f×, p50 latency %.1f×; "
           "kernel listen-queue overflows during the burst: %" G_GINT64_FORMAT " (system-wide)\n",
           N_DEVICES, (ours.accepted / (double) ours.wall) / (ref.accepted / (double) ref.wall),
           (double) ours.latency.p50 / MAX (ref.latency.p50, 1), overflows);


  if (!run_pull_phase (hub, template, at, devices))
    {
      g_printerr ("bench error: the pushes with nobody pulling had errors\n");
      return EXIT_FAILURE;
    }
  dis_test_hub_stop (hub);

  g_clear_pointer (&hub, dis_test_hub_free);
  dis_test_rm_rf (tmpdir);
  return EXIT_SUCCESS;
}
