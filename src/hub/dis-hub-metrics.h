/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What `serve` counts for GET /api/v1/metrics (issue 12): requests by
 * endpoint and status, the time each pushed batch took, the events it
 * accepted, found duplicate or rejected, and the depth of the writer's
 * queue. Every call is thread-safe and cheap (a mutex and a few integer
 * additions): the server calls it from its main loop, its workers and
 * its writer alike. */

typedef struct _DisHubMetrics DisHubMetrics;

DisHubMetrics *dis_hub_metrics_new             (void);
void           dis_hub_metrics_free            (DisHubMetrics *metrics);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisHubMetrics, dis_hub_metrics_free)

/* One request answered. @endpoint is a route of the server's table
 * (e.g. "/api/v1/events"), NULL for a request that matched none: it
 * counts as "other", so an unknown path never makes a series of its own
 * (and past 256 series, any new one counts as "other" too). @status is the HTTP status sent, 0 when the connection failed
 * before the reply was written ("aborted"). @usec from the request's
 * headers to its end. */
void           dis_hub_metrics_request         (DisHubMetrics *metrics,
                                                const char    *endpoint,
                                                guint          status,
                                                gint64         usec);
/* One pushed batch applied: how long it took to apply (decoding and
 * committing it; for a batch committed in a group, until that commit)
 * and what became of its events. */
void           dis_hub_metrics_batch           (DisHubMetrics *metrics,
                                                gint64         usec,
                                                guint          accepted,
                                                guint          duplicate,
                                                guint          rejected);
/* The same, counting the results of a POST /api/v1/events reply
 * ({"results":[{"status":…},…]}) built by dis_hub_events_apply(). */
void           dis_hub_metrics_batch_reply     (DisHubMetrics *metrics,
                                                gint64         usec,
                                                JsonNode      *reply);
/* Batches waiting for the writer, now. */
void           dis_hub_metrics_set_queue_depth (DisHubMetrics *metrics,
                                                guint          depth);

/* Appends the Prometheus text exposition (format 0.0.4) of everything
 * counted so far to @out; the database's size in bytes too, unless
 * @database_bytes is negative (not known). */
void           dis_hub_metrics_write           (DisHubMetrics *metrics,
                                                gint64         database_bytes,
                                                GString       *out);

/* The content type of that text. */
#define DIS_HUB_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

G_END_DECLS
