/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-ops"

#include "config.h"

#include <glib/gstdio.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "dis-hub-metrics.h"
#include "test-hub-ops.h"

/* GET /api/v1/metrics (issue 12), read as Prometheus would: the whole
 * text exposition parsed and checked against its grammar, then the
 * numbers against what the test did to the hub. */

#define METRICS_TOKEN "metrics-3c1f0a9e-secret-enough"

char *
ops_fetch (Fixture     *f,
           const char  *base,
           const char  *path,
           const char  *token,
           const char  *session,
           guint       *out_status,
           char       **out_content_type)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (session != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Disotto-Coordinator", session);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  if (out_content_type != NULL)
    *out_content_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                "Content-Type"));
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

/* ---- The exposition's grammar ------------------------------------------ */

typedef struct
{
  GHashTable *samples;   /* "name{labels as written}" → value text */
  GHashTable *types;     /* family → type */
} Exposition;

static void
exposition_clear (Exposition *e)
{
  g_clear_pointer (&e->samples, g_hash_table_unref);
  g_clear_pointer (&e->types, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Exposition, exposition_clear)

static gboolean
is_name (const char *text,
         gsize       length)
{
  if (length == 0 || !(g_ascii_isalpha (text[0]) || text[0] == '_' || text[0] == ':'))
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if (!(g_ascii_isalnum (text[i]) || text[i] == '_' || text[i] == ':'))
      return FALSE;
  return TRUE;
}

/* Reads `{a="x",b="y"}` at *@p, checking names and escapes; moves past it. */
static void
parse_labels (const char **p)
{
  const char *s = *p;

  g_assert_cmpint (*s, ==, '{');
  s++;
  while (*s != '}')
    {
      const char *name = s;

      while (g_ascii_isalnum (*s) || *s == '_')
        s++;
      g_assert_true (is_name (name, s - name));
      g_assert_cmpint (*s++, ==, '=');
      g_assert_cmpint (*s++, ==, '"');
      while (*s != '"')
        {
          g_assert_cmpint (*s, !=, '\0');
          g_assert_cmpint (*s, !=, '\n');
          if (*s == '\\')
            {
              s++;
              g_assert_true (*s == '\\' || *s == '"' || *s == 'n');
            }
          s++;
        }
      s++;
      if (*s == ',')
        s++;
      else
        g_assert_cmpint (*s, ==, '}');
    }
  *p = s + 1;
}

/* The family a sample belongs to: its name, or a histogram's name
 * without _bucket, _sum or _count. */
static const char *
family_of (Exposition *e,
           const char *name)
{
  static const char *suffixes[] = { "_bucket", "_sum", "_count" };

  if (g_hash_table_contains (e->types, name))
    return name;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (name, suffixes[i]))
      {
        g_autofree char *base = g_strndup (name, strlen (name) - strlen (suffixes[i]));
        const char *type = g_hash_table_lookup (e->types, base);

        if (g_strcmp0 (type, "histogram") == 0)
          return name;
      }
  return NULL;
}

static void
parse_sample (Exposition *e,
              const char *line)
{
  const char *p = line;
  g_autofree char *name = NULL;
  g_autofree char *series = NULL;
  char *end;
  double value;

  while (g_ascii_isalnum (*p) || *p == '_' || *p == ':')
    p++;
  name = g_strndup (line, p - line);
  g_assert_true (is_name (name, strlen (name)));
  if (family_of (e, name) == NULL)
    g_error ("sample “%s” before its # TYPE", line);
  if (*p == '{')
    parse_labels (&p);
  series = g_strndup (line, p - line);
  g_assert_cmpint (*p++, ==, ' ');
  if (g_str_equal (p, "+Inf"))
    value = INFINITY;
  else
    {
      value = g_ascii_strtod (p, &end);
      g_assert_true (end != p && *end == '\0');
    }
  g_assert_true (value >= 0);
  if (!g_hash_table_insert (e->samples, g_steal_pointer (&series), g_strdup (p)))
    g_error ("the series of “%s” twice", line);
}

static void
parse_exposition (Exposition *e,
                  const char *text)
{
  g_auto(GStrv) lines = NULL;
  guint n;

  e->samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  e->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines) - 1;   /* after the last line feed */
  for (guint i = 0; i < n; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "# TYPE "))
        {
          g_auto(GStrv) words = g_strsplit (line + 7, " ", -1);

          g_assert_cmpuint (g_strv_length (words), ==, 2);
          g_assert_true (is_name (words[0], strlen (words[0])));
          g_assert_true (g_strv_contains ((const char * const[]) { "counter", "gauge", "histogram",
                                                                   "summary", "untyped", NULL }, words[1]));
          if (!g_hash_table_insert (e->types, g_strdup (words[0]), g_strdup (words[1])))
            g_error ("# TYPE of %s twice", words[0]);
        }
      else if (g_str_has_prefix (line, "# HELP "))
        {
          const char *name = line + 7, *space = strchr (name, ' ');

          g_assert_nonnull (space);
          g_assert_true (is_name (name, space - name));
        }
      else
        {
          g_assert_cmpint (line[0], !=, '#');
          g_assert_cmpint (line[0], !=, '\0');
          parse_sample (e, line);
        }
    }
}

/* A sample's value as an integer: -1 when absent. */
static gint64
sample_int (Exposition *e,
            const char *series)
{
  const char *text = g_hash_table_lookup (e->samples, series);
  guint64 value;

  if (text == NULL)
    return -1;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    g_error ("%s is %s, not a count", series, text);
  return (gint64) value;
}

/* Buckets in order of their bounds, cumulative, ending at +Inf = _count. */
static void
assert_histogram (Exposition *e,
                  const char *name)
{
  static const char *bounds[] = { "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
                                  "0.25", "0.5", "1", "2.5", "5", "10", "+Inf" };
  gint64 previous = 0;
  g_autofree char *count = g_strconcat (name, "_count", NULL);
  g_autofree char *sum = g_strconcat (name, "_sum", NULL);

  g_assert_cmpstr (g_hash_table_lookup (e->types, name), ==, "histogram");
  for (guint i = 0; i < G_N_ELEMENTS (bounds); i++)
    {
      g_autofree char *series = g_strdup_printf ("%s_bucket{le=\"%s\"}", name, bounds[i]);
      gint64 value = sample_int (e, series);

      g_assert_cmpint (value, >=, previous);
      previous = value;
    }
  g_assert_cmpint (previous, ==, sample_int (e, count));
  g_assert_nonnull (g_hash_table_lookup (e->samples, sum));
}

static void
scrape (Fixture    *f,
        const char *token,
        Exposition *e)
{
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  guint status;

  text = ops_fetch (f, f->hub->url, "/api/v1/metrics", token, NULL, &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/plain; version=0.0.4; charset=utf-8");
  parse_exposition (e, text);
}

/* ---- The registry alone -------------------------------------------------- */

static void
registry_parse (DisHubMetrics *metrics,
                gint64         database_bytes,
                Exposition    *e)
{
  g_autoptr(GString) out = g_string_new (NULL);

  dis_hub_metrics_write (metrics, database_bytes, out);
  parse_exposition (e, out->str);
}

/* A bucket holds the batches up to its bound, that bound included. */
static void
test_registry_buckets (void)
{
  g_autoptr(DisHubMetrics) metrics = dis_hub_metrics_new ();
  g_auto(Exposition) e = { NULL, };

  dis_hub_metrics_batch (metrics, 0, 1, 0, 0);
  dis_hub_metrics_batch (metrics, 1000, 0, 1, 0);
  dis_hub_metrics_batch (metrics, 1001, 0, 0, 1);
  dis_hub_metrics_batch (metrics, 10000000, 200, 0, 0);
  dis_hub_metrics_batch (metrics, 10000001, 0, 0, 0);
  dis_hub_metrics_set_queue_depth (metrics, 7);
  registry_parse (metrics, -1, &e);

  assert_histogram (&e, "disotto_hub_batch_duration_seconds");
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_bucket{le=\"0.001\"}"), ==, 2);
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_bucket{le=\"0.0025\"}"), ==, 3);
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_bucket{le=\"5\"}"), ==, 3);
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_bucket{le=\"10\"}"), ==, 4);
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_bucket{le=\"+Inf\"}"), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (e.samples, "disotto_hub_batch_duration_seconds_sum"), ==, "20.002002");
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"accepted\"}"), ==, 201);
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"duplicate\"}"), ==, 1);
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"rejected\"}"), ==, 1);
  g_assert_cmpint (sample_int (&e, "disotto_hub_queue_depth"), ==, 7);
  /* No size known: no sample, and no family without samples. */
  g_assert_false (g_hash_table_contains (e.types, "disotto_hub_database_size_bytes"));
}

/* Labels: no route is "other", status 0 is "aborted", text is escaped,
 * and past 256 series every new one counts as "other". */
static void
test_registry_series (void)
{
  g_autoptr(DisHubMetrics) metrics = dis_hub_metrics_new ();
  g_auto(Exposition) e = { NULL, };
  guint64 total = 0;
  GHashTableIter iter;
  gpointer key, value;

  dis_hub_metrics_request (metrics, NULL, 404, 10);
  dis_hub_metrics_request (metrics, "/api/v1/events", 0, 10);
  dis_hub_metrics_request (metrics, "/a\"b\\c\nd", 200, 2500000);
  for (guint i = 0; i < 300; i++)
    {
      /* Freed at once: the registry keeps its own copy. */
      g_autofree char *endpoint = g_strdup_printf ("/scan/%u", i);

      dis_hub_metrics_request (metrics, endpoint, 404, 1);
    }
  registry_parse (metrics, 4096, &e);

  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/events\",status=\"aborted\"}"), ==, 1);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/a\\\"b\\\\c\\nd\",status=\"200\"}"), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (e.samples,
                                        "disotto_hub_request_duration_seconds_total{endpoint=\"/a\\\"b\\\\c\\nd\",status=\"200\"}"),
                   ==, "2.5");
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/scan/252\",status=\"404\"}"), ==, 1);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/scan/253\",status=\"404\"}"), ==, -1);
  /* 3 series, then 253 scans; the 47 others and the first 404 in "other". */
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"other\",status=\"404\"}"), ==, 48);
  g_hash_table_iter_init (&iter, e.samples);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, "disotto_hub_requests_total{"))
      total += g_ascii_strtoull (value, NULL, 10);
  g_assert_cmpuint (total, ==, 303);
  g_assert_cmpint (sample_int (&e, "disotto_hub_database_size_bytes"), ==, 4096);
}

#define N_THREADS 4
#define N_CALLS 20000

static gpointer
count_thread (gpointer data)
{
  DisHubMetrics *metrics = data;

  for (guint i = 0; i < N_CALLS; i++)
    {
      dis_hub_metrics_request (metrics, i % 2 ? "/api/v1/events" : "/api/v1/changes", 200, 3);
      dis_hub_metrics_batch (metrics, 1500, 2, 1, 0);
    }
  return NULL;
}

/* The server's threads call it at once: nothing is lost. */
static void
test_registry_threads (void)
{
  g_autoptr(DisHubMetrics) metrics = dis_hub_metrics_new ();
  g_auto(Exposition) e = { NULL, };
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("metrics", count_thread, metrics);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  registry_parse (metrics, 0, &e);

  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/events\",status=\"200\"}"),
                   ==, N_THREADS * N_CALLS / 2);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/changes\",status=\"200\"}"),
                   ==, N_THREADS * N_CALLS / 2);
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_count"), ==, N_THREADS * N_CALLS);
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_bucket{le=\"0.001\"}"), ==, 0);
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_bucket{le=\"0.0025\"}"), ==, N_THREADS * N_CALLS);
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"accepted\"}"), ==, 2 * N_THREADS * N_CALLS);
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"duplicate\"}"), ==, N_THREADS * N_CALLS);
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_metrics_counts (Fixture *f, gconstpointer data)
{
  g_autofree char *one = sale_event ("TO-CEN", 1, "equa", 1000, 185, 0);
  g_autofree char *two = sale_event ("TO-CEN", 2, "solidale", 2000, 213, 0);
  g_autofree char *pair = g_strjoin (",", one, two, NULL);
  g_autofree char *other = sale_event ("TO-SSA", 1, "equa", 1000, 185, 0);
  g_autofree char *rejected = g_strjoin (",", other, "42", NULL);
  g_autofree char *big = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_auto(Exposition) e = { NULL, };
  g_auto(Exposition) again = { NULL, };
  JsonNode *root;
  guint status;
  gint64 size, on_disk;
  GStatBuf st;

  start_server (f, "--body-limit", "8192", NULL, NULL);

  /* Before anything: the families are there, every count at 0. */
  scrape (f, NULL, &e);
  g_assert_cmpstr (g_hash_table_lookup (e.types, "disotto_hub_requests_total"), ==, "counter");
  g_assert_cmpstr (g_hash_table_lookup (e.types, "disotto_hub_events_total"), ==, "counter");
  g_assert_cmpstr (g_hash_table_lookup (e.types, "disotto_hub_queue_depth"), ==, "gauge");
  g_assert_cmpstr (g_hash_table_lookup (e.types, "disotto_hub_database_size_bytes"), ==, "gauge");
  assert_histogram (&e, "disotto_hub_batch_duration_seconds");
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_count"), ==, 0);
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"accepted\"}"), ==, 0);
  exposition_clear (&e);

  root = push (f, f->token, pair, &status);         /* 2 accepted */
  g_assert_cmpuint (status, ==, 200);
  json_node_unref (root);
  root = push (f, f->token, pair, &status);         /* 2 duplicates */
  g_assert_cmpuint (status, ==, 200);
  json_node_unref (root);
  root = push (f, f->token, rejected, &status);     /* 2 rejected, one without an id */
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (root, 0), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (root, 1), "status"), ==, "rejected");
  json_node_unref (root);
  /* Refused at its headers, before any handler: still the events route. */
  big = g_strnfill (9000, ' ');
  root = http (f, "POST", "/api/v1/events", f->token, big, 0, &status);
  g_assert_cmpuint (status, ==, 413);
  json_node_unref (root);
  root = http (f, "GET", "/api/v1/health", NULL, NULL, 0, &status);
  json_node_unref (root);
  root = http (f, "GET", "/api/v1/health", NULL, NULL, 0, &status);
  json_node_unref (root);
  root = http (f, "POST", "/api/v1/health", NULL, "{}", 0, &status);
  g_assert_cmpuint (status, ==, 405);
  json_node_unref (root);
  /* Unknown paths share one series, whatever they are. */
  for (guint i = 0; i < 3; i++)
    {
      g_free (path);
      path = g_strdup_printf ("/api/v1/nothing-%u", i);
      root = http (f, "GET", path, NULL, NULL, 0, &status);
      g_assert_cmpuint (status, ==, 404);
      json_node_unref (root);
    }

  scrape (f, NULL, &e);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/events\",status=\"200\"}"), ==, 3);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/events\",status=\"413\"}"), ==, 1);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/health\",status=\"200\"}"), ==, 2);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/health\",status=\"405\"}"), ==, 1);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"other\",status=\"404\"}"), ==, 3);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/metrics\",status=\"200\"}"), ==, 1);
  g_assert_nonnull (g_hash_table_lookup (e.samples,
                                         "disotto_hub_request_duration_seconds_total{endpoint=\"/api/v1/events\",status=\"200\"}"));
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"accepted\"}"), ==, 2);
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"duplicate\"}"), ==, 2);
  g_assert_cmpint (sample_int (&e, "disotto_hub_events_total{result=\"rejected\"}"), ==, 2);
  assert_histogram (&e, "disotto_hub_batch_duration_seconds");
  g_assert_cmpint (sample_int (&e, "disotto_hub_batch_duration_seconds_count"), ==, 3);
  g_assert_cmpfloat (g_ascii_strtod (g_hash_table_lookup (e.samples, "disotto_hub_batch_duration_seconds_sum"), NULL),
                     >, 0);
  g_assert_cmpint (sample_int (&e, "disotto_hub_queue_depth"), ==, 0);

  /* SQLite: the pages, so no more than the file and its WAL hold. */
  size = sample_int (&e, "disotto_hub_database_size_bytes");
  g_assert_cmpint (size, >, 0);
  if (g_file_test (f->hub->db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_assert_cmpint (g_stat (f->hub->db_path, &st), ==, 0);
      on_disk = st.st_size;
      body = g_strconcat (f->hub->db_path, "-wal", NULL);
      if (g_stat (body, &st) == 0)
        on_disk += st.st_size;
      g_assert_cmpint (size, <=, on_disk);
    }

  /* Counters only grow: the scrape itself is counted now. */
  scrape (f, NULL, &again);
  g_assert_cmpint (sample_int (&again, "disotto_hub_requests_total{endpoint=\"/api/v1/metrics\",status=\"200\"}"), ==, 2);
  g_assert_cmpint (sample_int (&again, "disotto_hub_events_total{result=\"accepted\"}"), ==, 2);
}

static void
assert_refused (Fixture    *f,
                const char *base,
                const char *token,
                guint       expected,
                const char *code)
{
  g_autofree char *text = NULL;
  g_autofree char *type = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  text = ops_fetch (f, base, "/api/v1/metrics", token, NULL, &status, &type);
  g_assert_cmpuint (status, ==, expected);
  g_assert_cmpstr (type, ==, "application/json");
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  assert_error (root, code);
  g_assert_null (strstr (text, "disotto_hub_"));
}

/* With a token, loopback is not enough: a reverse proxy on the same host
 * would make every client local. */
static void
test_metrics_token (Fixture *f, gconstpointer data)
{
  g_auto(Exposition) e = { NULL, };
  g_auto(Exposition) from_file = { NULL, };
  g_autofree char *file = g_build_filename (f->dir, "metrics-token", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* A guessable token is refused at the start, and so are two tokens. */
  g_assert_cmpint (run_hub (f, &out, &err, "serve", "--listen", "127.0.0.1:0", "--metrics-token", "short", NULL),
                   ==, 2);
  g_assert_nonnull (strstr (err, "at least 16 characters"));
  g_assert_true (g_file_set_contents (file, METRICS_TOKEN "\n", -1, NULL));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hub (f, NULL, &err, "serve", "--listen", "127.0.0.1:0", "--metrics-token", METRICS_TOKEN,
                            "--metrics-token-file", file, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "one or the other"));

  start_server (f, "--metrics-token", METRICS_TOKEN, NULL, NULL);
  assert_refused (f, f->hub->url, NULL, 401, "unauthorized");
  assert_refused (f, f->hub->url, "metrics-3c1f0a9e-secret-enougH", 401, "unauthorized");
  assert_refused (f, f->hub->url, f->token, 401, "unauthorized");
  scrape (f, METRICS_TOKEN, &e);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/metrics\",status=\"401\"}"), ==, 3);
  stop_server (f);

  /* From a file (out of the process list), its line feed not part of it. */
  start_server (f, "--metrics-token-file", file, NULL, NULL);
  assert_refused (f, f->hub->url, NULL, 401, "unauthorized");
  scrape (f, METRICS_TOKEN, &from_file);
}

/* An address of this machine that is not loopback, or NULL. */
static char *
non_loopback_address (void)
{
  struct ifaddrs *list = NULL;
  char *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *i = list; i != NULL && found == NULL; i = i->ifa_next)
    {
      char text[INET_ADDRSTRLEN];

      if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
          (i->ifa_flags & IFF_LOOPBACK) || !(i->ifa_flags & IFF_UP))
        continue;
      if (inet_ntop (AF_INET, &((struct sockaddr_in *) i->ifa_addr)->sin_addr, text, sizeof text) != NULL)
        found = g_strdup (text);
    }
  freeifaddrs (list);
  return found;
}

static void
test_metrics_not_loopback (Fixture *f, gconstpointer data)
{
  g_autofree char *address = non_loopback_address ();
  g_autofree char *listen = NULL;
  g_autofree char *text = NULL;
  g_auto(Exposition) e = { NULL, };
  guint status;

  if (address == NULL)
    {
      g_test_skip ("this machine has no address but loopback");
      return;
    }
  listen = g_strdup_printf ("%s:0", address);

  /* Without a token, nobody but loopback; the rest of the API is served. */
  start_server (f, "--listen", listen, NULL, NULL);
  g_assert_false (g_str_has_prefix (f->hub->url, "http://127."));
  assert_refused (f, f->hub->url, NULL, 403, "forbidden");
  text = ops_fetch (f, f->hub->url, "/api/v1/health", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  stop_server (f);

  start_server (f, "--listen", listen, "--metrics-token", METRICS_TOKEN);
  assert_refused (f, f->hub->url, NULL, 401, "unauthorized");
  scrape (f, METRICS_TOKEN, &e);
  g_assert_cmpint (sample_int (&e, "disotto_hub_requests_total{endpoint=\"/api/v1/metrics\",status=\"401\"}"), ==, 1);
}

/* `serve` starts itself again with GLib's slice allocator off (main.c):
 * the process the fixture started, same pid, answers with it set; a
 * G_SLICE the administrator set is kept. */
static char *
served_slice (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/environ", g_subprocess_get_identifier (f->hub->process));
  g_autofree char *environ_text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &environ_text, &length, &error));
  g_assert_no_error (error);
  for (gsize at = 0; at < length; at += strlen (environ_text + at) + 1)
    if (g_str_has_prefix (environ_text + at, "G_SLICE="))
      return g_strdup (environ_text + at + strlen ("G_SLICE="));
  return NULL;
}

static void
test_serve_slice (Fixture *f, gconstpointer data)
{
  g_autofree char *slice = NULL;
  g_autofree char *kept = NULL;
  guint status = 0;
  g_autoptr(JsonNode) health = NULL;

  start_server (f, NULL, NULL, NULL, NULL);
  health = http (f, "GET", "/api/v1/health", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  slice = served_slice (f);
  g_assert_cmpstr (slice, ==, g_getenv ("G_SLICE") != NULL ? g_getenv ("G_SLICE") : "always-malloc");
  stop_server (f);

  g_setenv ("G_SLICE", "debug-blocks", TRUE);
  start_server (f, NULL, NULL, NULL, NULL);
  kept = served_slice (f);
  g_unsetenv ("G_SLICE");
  g_assert_cmpstr (kept, ==, "debug-blocks");
  stop_server (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD_NOSERVER(path, fn) \
  g_test_add ("/hub/ops/" path, Fixture, GINT_TO_POINTER (1), fixture_set_up, fn, fixture_tear_down)
  g_test_add_func ("/hub/ops/metrics/registry/buckets", test_registry_buckets);
  g_test_add_func ("/hub/ops/metrics/registry/series", test_registry_series);
  g_test_add_func ("/hub/ops/metrics/registry/threads", test_registry_threads);
  ADD_NOSERVER ("metrics/counts", test_metrics_counts);
  ADD_NOSERVER ("metrics/token", test_metrics_token);
  ADD_NOSERVER ("metrics/not-loopback", test_metrics_not_loopback);
  ADD_NOSERVER ("serve/slice", test_serve_slice);
#undef ADD_NOSERVER
  hub_add_backup_tests ();

  return g_test_run ();
}
