/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dis-sync.h"

G_BEGIN_DECLS

/* Test-only: shorter backoff (full jitter from @base_ms up to @cap_ms),
 * periodic pull interval, HTTP timeout, and a fixed seed for the jitter so
 * a test run is reproducible. Call before dis_sync_client_start() or
 * enrolment; the application never calls it. */
void dis_sync_client_set_timing_for_testing (DisSyncClient *self,
                                             guint          base_ms,
                                             guint          cap_ms,
                                             guint          periodic_ms,
                                             guint          timeout_s,
                                             guint32        seed);

/* The sync client, by concern: dis-sync.c is the object (properties,
 * enrolment), dis-sync-conn.c one connection to the hub and the saved
 * hub settings, dis-sync-engine.c the background rounds and the pull,
 * dis-sync-push.c the push (dis-sync-engine-private.h). */

/* ---- dis-sync-conn.c ------------------------------------------------------ */

/* One hub connection's settings, used from one thread only. */
typedef struct
{
  SoupSession  *session;
  GCancellable *cancellable;
  char         *base_url;     /* without trailing slash */
  char         *token;
  char         *pin;          /* pinned fingerprint or NULL */
  char         *offered;      /* fingerprint of a refused certificate */
  /* A coordinator's request: the session, sent as X-Disotto-Coordinator
   * unless empty (signing in); and the hub's refusals (4xx with a code
   * other than the device's own) come back as replies, with their
   * status, for the caller to read. NULL for the device's own requests. */
  char         *coordinator;
} DisSyncConn;

void        _dis_sync_conn_init_session (DisSyncConn   *conn,
                                         guint          timeout_s);
void        _dis_sync_conn_clear        (DisSyncConn   *conn);
/* One request; returns the JSON reply of a 2xx (and of a 413, which the
 * caller handles), or fails with a DIS_SYNC_ERROR (or G_IO_ERROR_CANCELLED). */
JsonNode   *_dis_sync_conn_request      (DisSyncConn   *conn,
                                         const char    *method,
                                         const char    *path,
                                         GBytes        *body,
                                         guint         *out_status,
                                         GError       **error);
/* The code of an {"error": {"code": …}} reply, or NULL. */
const char *_dis_sync_error_code_of     (JsonNode      *root);
/* Plain words for people; never the token, never a raw GError. */
const char *_dis_sync_error_to_words    (const GError  *error);
/* Sets a DIS_SYNC_ERROR with its words; returns FALSE. */
gboolean    _dis_sync_fail              (GError       **error,
                                         DisSyncError   code);
char       *_dis_sync_normalize_url     (const char    *text,
                                         GError       **error);

typedef struct
{
  char *url;
  char *token;
  char *pin;
} DisSyncConfig;

void        _dis_sync_config_clear      (DisSyncConfig *config);
void        _dis_sync_config_load       (const char    *dir,
                                         DisSyncConfig *out);
gboolean    _dis_sync_config_save       (const char    *dir,
                                         const char    *url,
                                         const char    *token,
                                         const char    *pin,
                                         GError       **error);

/* ---- dis-sync-engine.c ----------------------------------------------------- */

typedef struct
{
  guint    base_ms;
  guint    cap_ms;
  guint    periodic_ms;
  guint    timeout_s;
  guint32  seed;
  gboolean seeded;
} DisSyncTiming;

/* What the engine tells the client, delivered on the client's context. */
typedef struct
{
  DisSyncState  state;
  gboolean      has_counts;
  gint64        pending_events;
  gint64        oldest_pending;
  gint64        last_success;
  gint64        dead_letters;
  GStrv         unapplied_reasons;   /* one line per unapplied change */
  gboolean      set_error;
  char         *last_error;
} DisSyncUpdate;

typedef struct _DisSyncEngine DisSyncEngine;

/* Starts the engine thread; its updates reach @client (weakly held) on
 * @owner, tagged with @generation. */
DisSyncEngine *_dis_sync_engine_start   (DisSyncClient       *client,
                                         guint                generation,
                                         GMainContext        *owner,
                                         DisStore            *store,
                                         const DisSyncConfig *config,
                                         const DisSyncTiming *timing);
/* Cancels what is in flight, joins the thread and frees @engine. */
void           _dis_sync_engine_stop    (DisSyncEngine       *engine);
/* After a commit: push now, unless backing off or refused by the hub. */
void           _dis_sync_engine_poke    (DisSyncEngine       *engine);
/* "Sync now": forget the backoff and any refusal, go. */
void           _dis_sync_engine_now     (DisSyncEngine       *engine);

/* ---- dis-sync.c -------------------------------------------------------------- */

/* Where the client keeps its hub settings, and its HTTP timeout: for
 * other requests to the same hub (dis-sync-coordinator.c). */
const char *_dis_sync_client_get_config_dir (DisSyncClient *self);
guint       _dis_sync_client_get_timeout_s  (DisSyncClient *self);

/* On the client's context: shows @update unless it comes from an engine
 * that was replaced (@generation). */
void _dis_sync_client_apply_update (DisSyncClient       *self,
                                    guint                generation,
                                    const DisSyncUpdate *update);

G_END_DECLS
