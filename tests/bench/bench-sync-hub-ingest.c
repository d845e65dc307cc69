/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>

#include "bench-fixture.h"
#include "bench-hub-reference.h"
#include "bench-util.h"
#include "dis-id.h"
#include "dis-store-sync.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"

/* The hub's ingest (issue 12): 100,000 sales of 5 lines pushed in
 * batches of 200, by one client, then by 8 clients at once (8 points of
 * the demo network, 12,500 sales each), each run on a fresh hub with the
 * demo catalog; next to the bare insert of the same rows (the event, the
 * sale, its lines, its payment, a stock movement per line and the
 * levels once per batch) into a fresh hub database through the
 * hub's own database layer, one transaction per batch
 * (bench-hub-reference.h), in the same run, with and without waiting for
 * the disk. The sales are a demo till's: a store with the demo catalog
 * commits a few dozen random sales (one in four at Solidale), which are
 * then sent again under new ids, receipt numbers and seq, so that the hub
 * prices every line from its catalog and agrees with every figure. The
 * engine is the hub fixture's (DIS_TEST_DB). */

#define N_SALES      100000
#define N_CLIENTS    8
#define BATCH        200
#define N_LINES      5
#define N_TEMPLATES  48
#define SALE_SEED    1212
#define AIM_RATE     30000.0
#define AIM_RATIO    2.0
#define REQUEST_TIMEOUT_S 120

static const char *points[N_CLIENTS] = {
  "TO-CEN", "TO-SSA", "TO-VAN", "TO-BSP", "TO-BAR", "TO-MIR", "TO-CRO", "TO-CHI",
};

/* ---- The sales -------------------------------------------------------------- */

typedef struct
{
  GPtrArray *payloads;   /* JsonNode, sale.committed payloads */
  char      *at;
} Templates;

static void
templates_clear (Templates *templates)
{
  g_clear_pointer (&templates->payloads, g_ptr_array_unref);
  g_clear_pointer (&templates->at, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Templates, templates_clear)

/* Every product of the demo network's basket, as the point's store has
 * it: the point's own products are its own (each of the 8 points would
 * sell another's). */
static GPtrArray *
demo_products (DisStore *store)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);

  for (gint64 id = 1;; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DisProduct) product = dis_store_lookup_product (store, id, &error);

      if (product == NULL)
        {
          if (!g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
            bench_fail ("reading the demo catalog", error);
          break;
        }
      if (dis_product_get_kind (product) == DIS_PRODUCT_BASKET)
        g_ptr_array_add (products, g_steal_pointer (&product));
    }
  if (products->len < N_LINES)
    bench_fail ("reading the demo catalog: too few products", NULL);
  return g_steal_pointer (&products);
}

static void
make_templates (const char *dir,
                Templates  *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "template.db", NULL);
  g_autoptr(DisStore) store = dis_test_point_new (path, points[0]);
  g_autoptr(DisOperator) operator = dis_test_point_open_till (store, 0);
  g_autoptr(GPtrArray) products = demo_products (store);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SALE_SEED);
  g_autoptr(GPtrArray) events = NULL;

  for (guint i = 0; i < N_TEMPLATES; i++)
    {
      g_autoptr(DisSale) sale = bench_random_sale (products, rand, N_LINES);

      if (!dis_store_commit_sale (store, sale, operator, &error))
        bench_fail ("committing a template sale", error);
    }
  events = dis_store_sync_read_outbox (store, N_TEMPLATES * 2, G_MAXSIZE, &error);
  if (events == NULL)
    bench_fail ("reading the template sales", error);

  out->payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint i = 0; i < events->len; i++)
    {
      DisOutboxEvent *event = g_ptr_array_index (events, i);
      JsonNode *payload;

      if (!g_str_equal (event->type, "sale.committed"))
        continue;
      payload = json_from_string (event->payload, &error);
      if (payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
        bench_fail ("parsing a template sale", error);
      g_ptr_array_add (out->payloads, payload);
      g_free (out->at);
      out->at = g_strdup (event->at);
    }
  if (out->payloads->len != N_TEMPLATES)
    bench_fail ("reading the template sales: some are missing", NULL);
}

/* @n_sales sales of @device of @point, seq from 1, in push bodies of
 * BATCH events; the templates are taken in turn from @offset. */
static GPtrArray *
make_bodies (Templates  *templates,
             const char *point,
             const char *device,
             guint       n_sales,
             guint       offset)
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint seq = 1; seq <= n_sales; seq++)
    {
      JsonNode *payload = g_ptr_array_index (templates->payloads, (offset + seq) % templates->payloads->len);
      JsonObject *sale = json_node_get_object (payload);
      g_autofree char *event_id = dis_id_new ();
      g_autofree char *sale_id = dis_id_new ();
      g_autofree char *receipt = g_strdup_printf ("%s-%s-%06u", point, device, seq);
      g_autofree char *text = NULL;

      /* The template's object, changed in place and written at once. */
      json_object_set_string_member (sale, "id", sale_id);
      json_object_set_string_member (sale, "receipt_no", receipt);
      json_object_set_string_member (sale, "point", point);
      json_object_set_string_member (sale, "device", device);
      json_object_set_int_member (sale, "seq", seq);
      text = json_to_string (payload, FALSE);

      if (body->len == 0)
        g_string_append_printf (body, "{\"device\":\"%s\",\"events\":[", device);
      else
        g_string_append_c (body, ',');
      g_string_append_printf (body, "{\"id\":\"%s\",\"seq\":%u,\"type\":\"sale.committed\",\"at\":\"%s\","
                              "\"payload\":%s}", event_id, seq, templates->at, text);
      if (seq % BATCH == 0 || seq == n_sales)
        {
          g_string_append (body, "]}");
          g_ptr_array_add (bodies, g_bytes_new (body->str, body->len));
          g_string_truncate (body, 0);
        }
    }
  return bodies;
}

/* ---- The clients -------------------------------------------------------------- */

typedef struct
{
  const char *url;
  char       *auth;
  GPtrArray  *bodies;
  guint       n_sales;
  GArray     *latencies;   /* µs, one per batch */
  guint       accepted;
  guint       flagged;     /* accepted with something to review */
  char       *review;      /* the first review */
  char       *error;       /* the first failure */
  GThread    *thread;
} Client;

static void
client_free (Client *client)
{
  g_free (client->auth);
  g_clear_pointer (&client->bodies, g_ptr_array_unref);
  g_clear_pointer (&client->latencies, g_array_unref);
  g_free (client->review);
  g_free (client->error);
  g_free (client);
}

/* Counts the accepted results of a reply, and those flagged for review
 * (the first one's reason in *@review). */
static gboolean
read_reply (GBytes  *reply,
            guint   *accepted,
            guint   *flagged,
            char   **review)
{
  g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (reply, NULL), NULL);
  JsonNode *results;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (results = json_object_get_member (json_node_get_object (root), "results")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (results))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (results)); i++)
    {
      JsonObject *result = json_array_get_object_element (json_node_get_array (results), i);
      const char *status = json_object_get_string_member_with_default (result, "status", "");

      *accepted += g_str_equal (status, "accepted");
      if (json_object_has_member (result, "review"))
        {
          if (*flagged == 0 && *review == NULL)
            *review = g_strdup (json_object_get_string_member (result, "review"));
          *flagged += 1;
        }
    }
  return TRUE;
}

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = g_strconcat (client->url, "/api/v1/events", NULL);

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S, NULL);

  for (guint i = 0; i < client->bodies->len && client->error == NULL; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) error = NULL;
      guint expected = MIN (BATCH, client->n_sales - i * BATCH);
      guint accepted = 0;
      gint64 t0;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", client->auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", g_ptr_array_index (client->bodies, i));
      t0 = bench_now ();
      reply = soup_session_send_and_read (session, msg, NULL, &error);
      bench_samples_add (client->latencies, bench_now () - t0);

      if (reply == NULL)
        client->error = g_strdup_printf ("batch %u: %s", i + 1, error->message);
      else if (soup_message_get_status (msg) != SOUP_STATUS_OK)
        client->error = g_strdup_printf ("batch %u: HTTP %u %.200s", i + 1, soup_message_get_status (msg),
                                         (const char *) g_bytes_get_data (reply, NULL));
      else if (!read_reply (reply, &accepted, &client->flagged, &client->review) || accepted != expected)
        client->error = g_strdup_printf ("batch %u: %u of %u accepted: %.300s", i + 1, accepted, expected,
                                         (const char *) g_bytes_get_data (reply, NULL));
      client->accepted += accepted;
    }

  g_main_context_pop_thread_default (context);
  return NULL;
}

typedef struct
{
  double     rate;       /* sales/s, first request to last reply */
  double     cpu;        /* the hub's CPU µs per sale */
  BenchStats batches;    /* every batch of every client */
} Run;

/* @n_clients clients on a fresh hub in @dir, N_SALES in all. */
static void
run_clients (const char *dir,
             Templates  *templates,
             guint       n_clients,
             Run        *out)
{
  g_autoptr(DisTestHub) hub = dis_test_hub_new_demo (dir);
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  g_autoptr(GArray) latencies = bench_samples_new (N_SALES / BATCH);
  gint64 start, wall, cpu;
  GPid pid;

  for (guint c = 0; c < n_clients; c++)
    {
      Client *client = g_new0 (Client, 1);
      g_autofree char *token = dis_test_hub_add_device (hub, points[c], "BI", FALSE);

      client->auth = g_strconcat ("Bearer ", token, NULL);
      client->n_sales = N_SALES / n_clients;
      client->bodies = make_bodies (templates, points[c], "BI", client->n_sales, c * 7);
      client->latencies = bench_samples_new (client->bodies->len);
      g_ptr_array_add (clients, client);
    }
  dis_test_hub_start (hub, 0, NULL);
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (hub->process), NULL, 10);

  cpu = bench_process_cpu (pid);
  start = bench_now ();
  for (guint c = 0; c < n_clients; c++)
    {
      Client *client = g_ptr_array_index (clients, c);

      client->url = hub->url;
      client->thread = g_thread_new ("bench-client", client_thread, client);
    }
  for (guint c = 0; c < n_clients; c++)
    g_thread_join (((Client *) g_ptr_array_index (clients, c))->thread);
  wall = bench_now () - start;
  cpu = bench_process_cpu (pid) - cpu;

  for (guint c = 0; c < n_clients; c++)
    {
      Client *client = g_ptr_array_index (clients, c);

      if (client->error != NULL || client->flagged > 0)
        {
          g_printerr ("bench error: client %u of %u: %s, %u sale(s) flagged for review (%s)\n", c + 1, n_clients,
                      client->error != NULL ? client->error : "no error", client->flagged,
                      client->review != NULL ? client->review : "none");
          exit (EXIT_FAILURE);
        }
      g_array_append_vals (latencies, client->latencies->data, client->latencies->len);
    }
  dis_test_hub_stop (hub);
  if (dis_test_hub_int (hub, "SELECT count(*) FROM hub_sales WHERE device = 'BI'", NULL) != N_SALES ||
      dis_test_hub_int (hub, "SELECT count(*) FROM hub_sale_lines", NULL) != (gint64) N_SALES * N_LINES ||
      dis_test_hub_int (hub, "SELECT count(*) FROM hub_sales WHERE review_flag = 1", NULL) != 0)
    bench_fail ("checking the hub: not every sale is there once, unflagged", NULL);

  out->rate = N_SALES / (wall / 1e6);
  out->cpu = cpu / (double) N_SALES;
  bench_stats_compute (latencies, &out->batches);
}

/* ---- The reference ------------------------------------------------------------ */

/* The rows of @bodies inserted into a fresh hub database in @dir, a
 * transaction per body; returns sales/s over the transactions alone, and
 * their CPU µs per sale in *@out_cpu. */
static double
run_reference (const char *dir,
               GPtrArray  *bodies,
               gboolean    durable,
               double     *out_cpu)
{
  g_autoptr(DisTestHub) hub = dis_test_hub_new (dir);
  g_autoptr(BenchHubReference) ref = bench_hub_reference_new (hub->db_path, durable);
  g_autofree char *received_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 usec = 0, cpu = 0;
  guint n = 0;

  received_at = g_date_time_format_iso8601 (now);
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(GPtrArray) rows = bench_hub_rows_from_body (g_ptr_array_index (bodies, i));

      gint64 batch_cpu;

      usec += bench_hub_reference_batch (ref, rows, received_at, &batch_cpu);
      cpu += batch_cpu;
      n += rows->len;
    }
  if (n != N_SALES)
    bench_fail ("the reference: not every sale was inserted", NULL);
  *out_cpu = cpu / (double) n;
  return n / (usec / 1e6);
}

static char *
subdir (const char *tmpdir,
        const char *name)
{
  char *dir = g_build_filename (tmpdir, name, NULL);

  g_mkdir (dir, 0700);
  return dir;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Templates) templates = { NULL, };
  g_autofree char *tmpdir = NULL, *dir = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autofree char *one_p50 = NULL, *one_p99 = NULL, *all_p50 = NULL, *all_p99 = NULL;
  double ref_rate, nosync_rate, ref_cpu, nosync_cpu;
  Run one, all;

  setlocale (LC_ALL, "");
  tmpdir = dis_test_tmpdir_new ("dis-bench-sync-hub-ingest");
  make_templates (tmpdir, &templates);

  /* The reference first, with the rows of the one-client run. */
  bodies = make_bodies (&templates, points[0], "BI", N_SALES, 0);
  g_clear_pointer (&dir, g_free);
  dir = subdir (tmpdir, "reference");
  ref_rate = run_reference (dir, bodies, TRUE, &ref_cpu);
  g_clear_pointer (&dir, g_free);
  dir = subdir (tmpdir, "reference-nosync");
  nosync_rate = run_reference (dir, bodies, FALSE, &nosync_cpu);
  g_clear_pointer (&bodies, g_ptr_array_unref);

  g_clear_pointer (&dir, g_free);
  dir = subdir (tmpdir, "one");
  run_clients (dir, &templates, 1, &one);
  g_clear_pointer (&dir, g_free);
  dir = subdir (tmpdir, "all");
  run_clients (dir, &templates, N_CLIENTS, &all);

  one_p50 = bench_format_usec (one.batches.p50);
  one_p99 = bench_format_usec (one.batches.p99);
  all_p50 = bench_format_usec (all.batches.p50);
  all_p99 = bench_format_usec (all.batches.p99);
  g_print ("(on a shared machine: compare each figure with its reference, not across runs)\n");
  g_print ("hub ingest, one client (%d sales × %d lines, batches of %d, loopback): %.0f sales/s,"
           " batch p50 %s p99 %s | reference (the same rows straight into a fresh hub database,"
           " hub's engine and pragmas, one transaction per batch): %.0f sales/s; without waiting for"
           " the disk %.0f sales/s | aim ≥ %.0f sales/s and ≥ 1/%.0f of the reference (is 1/%.2f): %s\n",
           N_SALES, N_LINES, BATCH, one.rate, one_p50, one_p99, ref_rate, nosync_rate,
           AIM_RATE, AIM_RATIO, ref_rate / one.rate,
           bench_verdict (one.rate >= AIM_RATE && one.rate * AIM_RATIO >= ref_rate));
  g_print ("hub ingest, %d clients at once (%d sales each): %.0f sales/s, batch p50 %s p99 %s"
           " | reference as above: %.0f sales/s (is 1/%.2f of it); one client: %.0f sales/s\n",
           N_CLIENTS, N_SALES / N_CLIENTS, all.rate, all_p50, all_p99, ref_rate,
           ref_rate / all.rate, one.rate);
  g_print ("CPU per sale (less sensitive to the others' load): the hub, one client %.0f µs, %d clients"
           " %.0f µs (HTTP and JSON included) | reference %.0f µs (%.2f× of it), %.0f µs without waiting"
           " for the disk\n", one.cpu, N_CLIENTS, all.cpu, ref_cpu, one.cpu / ref_cpu, nosync_cpu);

  dis_test_rm_rf (tmpdir);
  return EXIT_SUCCESS;
}
