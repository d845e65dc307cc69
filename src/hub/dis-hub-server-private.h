/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "dis-hub-db.h"
#include "dis-hub-metrics.h"
#include "dis-hub-server.h"

G_BEGIN_DECLS

/* Shared by dis-hub-server.c (endpoints, lifecycle) and
 * dis-hub-server-requests.c (what happens to a request before and after
 * its handler: limits, refusals, timeouts, the log). */

typedef struct
{
  DisHubServeOptions  options;
  DisHubDb           *db;
  SoupServer         *server;
  GMainLoop          *loop;
  guint               in_flight;   /* requests past their headers, and refusals still closing */
  gboolean            draining;
  guint               drain_timeout_id;
  DisHubMetrics      *metrics;
} Hub;

/* Per request bookkeeping, owned by the message. */
typedef struct
{
  Hub               *hub;
  SoupServerMessage *msg;
  gint64             started;
  gsize              received;
  gboolean           in_flight;
  gboolean           late;        /* headers arrived after shutdown began */
  gboolean           answered;    /* the whole reply was written */
  gboolean           refused;     /* taken from libsoup and answered by the hub */
  char              *point;
  guint              timeout_id;
} Request;

Request *_dis_hub_request_get          (SoupServerMessage *msg);
/* Connects the request bookkeeping to @hub's server. */
void     _dis_hub_watch_requests       (Hub               *hub);
void     _dis_hub_maybe_quit           (Hub               *hub);
/* The route of the table @path falls under, as a metrics label; NULL for none. */
const char *_dis_hub_route_endpoint    (const char        *path);

/* {"error":{"code":…,"message":…}} as text. */
char    *_dis_hub_error_text           (const char        *code,
                                        const char        *message);
/* The request's path for a log line: at most 256 bytes, escaped. */
char    *_dis_hub_log_path             (SoupServerMessage *msg);

/* dis-hub-server.c, for handlers in their own files: a JSON reply, an
 * {"error"} reply, the point's bearer token checked (answering the
 * request when it fails), the body read with the strict reader (NULL
 * once answered). */
void      _dis_hub_reply_json          (SoupServerMessage *msg,
                                        guint              status,
                                        JsonNode          *root);
void      _dis_hub_reply_error         (SoupServerMessage *msg,
                                        guint              status,
                                        const char        *code,
                                        const char        *message);
gboolean  _dis_hub_authenticate        (Hub               *hub,
                                        SoupServerMessage *msg,
                                        char             **out_point,
                                        char             **out_device);
JsonNode *_dis_hub_read_json_body      (Hub               *hub,
                                        SoupServerMessage *msg);

/* The raw query of a GET: each of @names (NULL-terminated) at most once,
 * percent-encoded or not, and nothing else; the values in @values, in the
 * order of @names, NULL when absent (free them). FALSE with a message for
 * the reply otherwise. */
gboolean  _dis_hub_parse_query         (const char         *query,
                                        const char * const *names,
                                        char              **values,
                                        const char        **out_message);

G_END_DECLS
