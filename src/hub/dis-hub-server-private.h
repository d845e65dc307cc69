/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "dis-hub-db.h"
#include "dis-json-doc.h"
#include "dis-hub-metrics.h"
#include "dis-hub-server.h"
#include "dis-hub-writer.h"

G_BEGIN_DECLS

/* Shared by dis-hub-server.c (endpoints, lifecycle) and
 * dis-hub-server-requests.c (what happens to a request before and after
 * its handler: limits, refusals, timeouts, the log). */

typedef struct
{
  DisHubServeOptions  options;
  DisHubDb           *db;          /* the main thread's: coordinator routes */
  DisHubWriter       *writer;      /* pushed events */
  GAsyncQueue        *readers;     /* idle read connections (DisHubDb) for workers */
  gint                working;     /* atomic: jobs on a worker now */
  SoupServer         *server;
  GMainLoop          *loop;
  guint               in_flight;   /* requests past their headers, and refusals still closing */
  gboolean            draining;
  guint               drain_timeout_id;
  DisHubMetrics      *metrics;
  GThreadPool        *reaper;      /* frees answered pushes (DisHubPush) */
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

/* ---- Work off the main loop (dis-hub-server-work.c) ----
 *
 * A request whose handler reads the database runs on a GTask worker
 * with a read connection of its own: its message is paused, the
 * handler sees only a copy of what it needs (authorization, query, body)
 * and writes its reply into the job; the reply goes onto the message
 * back on the main context, as libsoup wants. A push is decoded and
 * checked the same way, then committed by the writer. */
typedef struct _DisHubJob DisHubJob;
typedef void (*DisHubJobFunc) (DisHubJob *job,
                               DisHubDb  *db);

/* Pauses @msg and runs @func on a worker; answers @msg when done. */
void        _dis_hub_job_start          (Hub               *hub,
                                         SoupServerMessage *msg,
                                         DisHubJobFunc      func);
Hub        *_dis_hub_job_get_hub        (DisHubJob         *job);
const char *_dis_hub_job_get_query      (DisHubJob         *job);
/* The bearer token checked, as _dis_hub_authenticate() but on @db and
 * into the job's reply. */
gboolean    _dis_hub_job_authenticate   (DisHubJob         *job,
                                         DisHubDb          *db,
                                         char             **out_point,
                                         char             **out_device);
void        _dis_hub_job_reply_json     (DisHubJob         *job,
                                         guint              status,
                                         JsonNode          *root);
void        _dis_hub_job_reply_error    (DisHubJob         *job,
                                         guint              status,
                                         const char        *code,
                                         const char        *message);
/* @text is taken. */
void        _dis_hub_job_reply_text     (DisHubJob         *job,
                                         guint              status,
                                         const char        *content_type,
                                         char              *text,
                                         gsize              length);
/* The strict JSON reader of _dis_hub_read_json_body() on the job's body. */
JsonNode   *_dis_hub_job_read_json_body (DisHubJob         *job);
DisJsonDoc *_dis_hub_job_read_json_doc  (DisHubJob         *job);

/* Read connections for workers: one per worker, opened when first needed. */
DisHubDb   *_dis_hub_reader_take        (Hub               *hub,
                                         GError           **error);
void        _dis_hub_reader_give        (Hub               *hub,
                                         DisHubDb          *db);

/* The handlers that run as jobs (dis-hub-server-work.c). */
void        _dis_hub_work_events        (DisHubJob         *job,
                                         DisHubDb          *db);
void        _dis_hub_work_changes       (DisHubJob         *job,
                                         DisHubDb          *db);
void        _dis_hub_work_me            (DisHubJob         *job,
                                         DisHubDb          *db);
void        _dis_hub_work_declarations  (DisHubJob         *job,
                                         DisHubDb          *db);
void        _dis_hub_work_transparency  (DisHubJob         *job,
                                         DisHubDb          *db);
void        _dis_hub_work_map_pack      (DisHubJob         *job,
                                         DisHubDb          *db);

/* dis-hub-server.c: how a bearer token is checked, without a message:
 * FALSE with the reply's status, code and message (and whether to send
 * WWW-Authenticate, *@out_challenge) when it fails. */
gboolean  _dis_hub_check_token          (DisHubDb          *db,
                                         const char        *authorization,
                                         char             **out_point,
                                         char             **out_device,
                                         guint             *out_status,
                                         const char       **out_code,
                                         const char       **out_message,
                                         const char       **out_challenge);
/* The strict reader's verdict on a body: NULL with the reply's status,
 * code and message (@out_message to free). */
JsonNode *_dis_hub_parse_body           (Hub               *hub,
                                         GBytes            *body,
                                         guint             *out_status,
                                         const char       **out_code,
                                         char             **out_message);
/* The same, read as a DisJsonDoc (the pushes). */
DisJsonDoc *_dis_hub_parse_body_doc     (Hub               *hub,
                                         GBytes            *body,
                                         guint             *out_status,
                                         const char       **out_code,
                                         char             **out_message);
/* A reply's JSON text, repairs logged against @path. */
char     *_dis_hub_json_text            (JsonNode          *root,
                                         const char        *path);

G_END_DECLS
