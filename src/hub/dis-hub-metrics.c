/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-metrics"

#include "config.h"

#include <string.h>

#include "dis-hub-metrics.h"

/* Counters in integers (microseconds, counts); seconds are written as
 * decimals by integer arithmetic, so nothing here rounds twice. */

/* Upper bounds of the batch latency histogram, in microseconds: from a
 * batch at the speed of the disk (about 2 ms) to one that made a point
 * wait (seconds). */
static const gint64 batch_bounds[] = {
  1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
  1000000, 2500000, 5000000, 10000000,
};
#define N_BOUNDS G_N_ELEMENTS (batch_bounds)

/* Series of requests: a handful of endpoints times a handful of statuses.
 * Past this many (a caller passing raw paths) new ones count as "other". */
#define MAX_REQUEST_SERIES 256
#define OTHER_ENDPOINT "other"

typedef struct
{
  const char *endpoint;   /* interned */
  guint       status;
  guint64     count;
  guint64     usec;
} RequestSeries;

struct _DisHubMetrics
{
  GMutex   lock;
  GArray  *requests;                   /* RequestSeries */
  guint64  batch_buckets[N_BOUNDS + 1]; /* not cumulative; the last is +Inf */
  guint64  batch_count;
  guint64  batch_usec;
  guint64  accepted;
  guint64  duplicate;
  guint64  rejected;
  guint    queue_depth;
};

DisHubMetrics *
dis_hub_metrics_new (void)
{
  DisHubMetrics *metrics = g_new0 (DisHubMetrics, 1);

  g_mutex_init (&metrics->lock);
  metrics->requests = g_array_new (FALSE, FALSE, sizeof (RequestSeries));
  return metrics;
}

void
dis_hub_metrics_free (DisHubMetrics *metrics)
{
  if (metrics == NULL)
    return;
  g_array_unref (metrics->requests);
  g_mutex_clear (&metrics->lock);
  g_free (metrics);
}

static RequestSeries *
find_series (DisHubMetrics *metrics,
             const char    *endpoint,
             guint          status)
{
  for (guint i = 0; i < metrics->requests->len; i++)
    {
      RequestSeries *series = &g_array_index (metrics->requests, RequestSeries, i);

      if (series->status == status && g_str_equal (series->endpoint, endpoint))
        return series;
    }
  return NULL;
}

void
dis_hub_metrics_request (DisHubMetrics *metrics,
                         const char    *endpoint,
                         guint          status,
                         gint64         usec)
{
  RequestSeries *series;

  g_return_if_fail (metrics != NULL);

  g_mutex_lock (&metrics->lock);
  if (endpoint == NULL)
    endpoint = OTHER_ENDPOINT;
  series = find_series (metrics, endpoint, status);
  if (series == NULL && metrics->requests->len >= MAX_REQUEST_SERIES)
    series = find_series (metrics, endpoint = OTHER_ENDPOINT, status);
  if (series == NULL)
    {
      RequestSeries added = { g_intern_string (endpoint), status, 0, 0 };

      g_array_append_val (metrics->requests, added);
      series = &g_array_index (metrics->requests, RequestSeries, metrics->requests->len - 1);
    }
  series->count++;
  series->usec += (guint64) MAX (usec, 0);
  g_mutex_unlock (&metrics->lock);
}

void
dis_hub_metrics_batch (DisHubMetrics *metrics,
                       gint64         usec,
                       guint          accepted,
                       guint          duplicate,
                       guint          rejected)
{
  guint bucket = 0;

  g_return_if_fail (metrics != NULL);

  usec = MAX (usec, 0);
  while (bucket < N_BOUNDS && usec > batch_bounds[bucket])
    bucket++;
  g_mutex_lock (&metrics->lock);
  metrics->batch_buckets[bucket]++;
  metrics->batch_count++;
  metrics->batch_usec += (guint64) usec;
  metrics->accepted += accepted;
  metrics->duplicate += duplicate;
  metrics->rejected += rejected;
  g_mutex_unlock (&metrics->lock);
}

/* The hub's own reply, read as it was built: not through the point's
 * decoder, which leaves out a result it cannot use (an event without a
 * readable id), while here every event counts. */
void
dis_hub_metrics_batch_reply (DisHubMetrics *metrics,
                             gint64         usec,
                             JsonNode      *reply)
{
  JsonNode *member;
  JsonArray *results = NULL;
  guint accepted = 0, duplicate = 0, rejected = 0;

  g_return_if_fail (metrics != NULL);
  g_return_if_fail (JSON_NODE_HOLDS_OBJECT (reply));

  member = json_object_get_member (json_node_get_object (reply), "results");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    results = json_node_get_array (member);
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      const char *status = "";

      if (JSON_NODE_HOLDS_OBJECT (element))
        status = json_object_get_string_member_with_default (json_node_get_object (element), "status", "");

      if (g_strcmp0 (status, "accepted") == 0)
        accepted++;
      else if (g_strcmp0 (status, "duplicate") == 0)
        duplicate++;
      else
        rejected++;
    }
  dis_hub_metrics_batch (metrics, usec, accepted, duplicate, rejected);
}

void
dis_hub_metrics_set_queue_depth (DisHubMetrics *metrics,
                                 guint          depth)
{
  g_return_if_fail (metrics != NULL);

  g_mutex_lock (&metrics->lock);
  metrics->queue_depth = depth;
  g_mutex_unlock (&metrics->lock);
}

/* ---- The exposition ---------------------------------------------------- */

/* @usec as seconds: "0.0025", "1", "12.5". */
static void
append_seconds (GString *out,
                guint64  usec)
{
  guint64 fraction = usec % G_USEC_PER_SEC;
  int digits = 6;

  g_string_append_printf (out, "%" G_GUINT64_FORMAT, usec / G_USEC_PER_SEC);
  if (fraction == 0)
    return;
  while (fraction % 10 == 0)
    {
      fraction /= 10;
      digits--;
    }
  g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, digits, fraction);
}

/* A label value: backslash, double quote and line feed escaped. */
static void
append_label_value (GString    *out,
                    const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '"')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_header (GString    *out,
               const char *name,
               const char *type,
               const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static int
compare_series (gconstpointer a,
                gconstpointer b)
{
  const RequestSeries *x = a, *y = b;
  int by_endpoint = strcmp (x->endpoint, y->endpoint);

  if (by_endpoint != 0)
    return by_endpoint;
  return x->status < y->status ? -1 : x->status > y->status;
}

static void
append_series_labels (GString             *out,
                      const char          *name,
                      const RequestSeries *series)
{
  g_string_append_printf (out, "%s{endpoint=\"", name);
  append_label_value (out, series->endpoint);
  if (series->status == 0)
    g_string_append (out, "\",status=\"aborted\"} ");
  else
    g_string_append_printf (out, "\",status=\"%u\"} ", series->status);
}

static void
write_requests (GArray  *requests,
                GString *out)
{
  g_array_sort (requests, compare_series);
  append_header (out, "disotto_hub_requests_total", "counter",
                 "Requests answered, by endpoint and HTTP status (\"aborted\": no reply was written).");
  for (guint i = 0; i < requests->len; i++)
    {
      const RequestSeries *series = &g_array_index (requests, RequestSeries, i);

      append_series_labels (out, "disotto_hub_requests_total", series);
      g_string_append_printf (out, "%" G_GUINT64_FORMAT "\n", series->count);
    }
  append_header (out, "disotto_hub_request_duration_seconds_total", "counter",
                 "Time spent on those requests, from their headers to their end.");
  for (guint i = 0; i < requests->len; i++)
    {
      const RequestSeries *series = &g_array_index (requests, RequestSeries, i);

      append_series_labels (out, "disotto_hub_request_duration_seconds_total", series);
      append_seconds (out, series->usec);
      g_string_append_c (out, '\n');
    }
}

static void
write_batches (const DisHubMetrics *metrics,
               GString             *out)
{
  guint64 cumulative = 0;

  append_header (out, "disotto_hub_batch_duration_seconds", "histogram",
                 "Time to apply one pushed batch of events.");
  for (guint i = 0; i <= N_BOUNDS; i++)
    {
      cumulative += metrics->batch_buckets[i];
      g_string_append (out, "disotto_hub_batch_duration_seconds_bucket{le=\"");
      if (i < N_BOUNDS)
        append_seconds (out, (guint64) batch_bounds[i]);
      else
        g_string_append (out, "+Inf");
      g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", cumulative);
    }
  g_string_append (out, "disotto_hub_batch_duration_seconds_sum ");
  append_seconds (out, metrics->batch_usec);
  g_string_append_printf (out, "\ndisotto_hub_batch_duration_seconds_count %" G_GUINT64_FORMAT "\n",
                          metrics->batch_count);

  append_header (out, "disotto_hub_events_total", "counter",
                 "Pushed events, by what the hub answered for each.");
  g_string_append_printf (out,
                          "disotto_hub_events_total{result=\"accepted\"} %" G_GUINT64_FORMAT "\n"
                          "disotto_hub_events_total{result=\"duplicate\"} %" G_GUINT64_FORMAT "\n"
                          "disotto_hub_events_total{result=\"rejected\"} %" G_GUINT64_FORMAT "\n",
                          metrics->accepted, metrics->duplicate, metrics->rejected);
}

void
dis_hub_metrics_write (DisHubMetrics *metrics,
                       gint64         database_bytes,
                       GString       *out)
{
  g_return_if_fail (metrics != NULL);
  g_return_if_fail (out != NULL);

  g_mutex_lock (&metrics->lock);
  write_requests (metrics->requests, out);
  write_batches (metrics, out);
  append_header (out, "disotto_hub_queue_depth", "gauge", "Pushed batches waiting for the writer.");
  g_string_append_printf (out, "disotto_hub_queue_depth %u\n", metrics->queue_depth);
  g_mutex_unlock (&metrics->lock);

  if (database_bytes >= 0)
    {
      append_header (out, "disotto_hub_database_size_bytes", "gauge",
                     "Size of the hub's database (SQLite: its pages, without the WAL).");
      g_string_append_printf (out, "disotto_hub_database_size_bytes %" G_GINT64_FORMAT "\n", database_bytes);
    }
}
