/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-store.h"

G_BEGIN_DECLS

/* The point's sync engine (DESIGN.md §4): pushes the outbox to the hub and
 * pulls the changes feed, in the background. Network and database work
 * never runs on the caller's (UI) thread; properties change and signals
 * are emitted on the main context the client was created in. */

typedef enum
{
  DIS_SYNC_STATE_NOT_ENROLLED,  /* offline-only point: no hub configured */
  DIS_SYNC_STATE_SYNCED,        /* nothing pending, last attempt succeeded */
  DIS_SYNC_STATE_SYNCING,
  DIS_SYNC_STATE_OFFLINE,       /* no network, or the hub unreachable: retrying */
  DIS_SYNC_STATE_ERROR,         /* the hub refused us (token revoked, certificate changed, …) */
} DisSyncState;

#define DIS_SYNC_ERROR (dis_sync_error_quark ())

typedef enum
{
  DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE, /* not trusted by the system, not pinned */
  DIS_SYNC_ERROR_CERTIFICATE_CHANGED,   /* differs from the pinned fingerprint */
  DIS_SYNC_ERROR_UNAUTHORIZED,          /* unknown token */
  DIS_SYNC_ERROR_REVOKED,
  DIS_SYNC_ERROR_NETWORK,               /* unreachable, timeout, connection lost */
  DIS_SYNC_ERROR_SERVER,                /* 5xx */
  DIS_SYNC_ERROR_PROTOCOL,              /* unexpected reply */
  DIS_SYNC_ERROR_INVALID_URL,
} DisSyncError;

GQuark dis_sync_error_quark (void);

typedef struct
{
  char *hub_url;
  char *point_code;
  char *point_name;
  char *device_id;
  char *certificate_fingerprint;  /* SHA-256, "AB:CD:…", NULL for plain HTTP */
} DisSyncEnrolment;

void dis_sync_enrolment_free (DisSyncEnrolment *enrolment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisSyncEnrolment, dis_sync_enrolment_free)

#define DIS_TYPE_SYNC_CLIENT (dis_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (DisSyncClient, dis_sync_client, DIS, SYNC_CLIENT, GObject)

/* @config_dir keeps the hub URL and the pinned fingerprint (hub.ini) and the
 * device token (token, mode 0600, never logged). Usually
 * $XDG_CONFIG_HOME/disotto. */
DisSyncClient *dis_sync_client_new              (DisStore      *store,
                                                 const char    *config_dir);
gboolean       dis_sync_client_is_enrolled      (DisSyncClient *self);

/* Checks @hub_url and @token against GET /api/v1/me. With a certificate the
 * system does not trust, fails with DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE;
 * the fingerprint to show is then dis_sync_client_get_offered_fingerprint().
 * Call again with @pinned_fingerprint set to that value once the
 * responsabile confirmed it. On success stores URL, token, pin, and the
 * point identity in the store, and starts syncing. */
void              dis_sync_client_enrol_async      (DisSyncClient       *self,
                                                    const char          *hub_url,
                                                    const char          *token,
                                                    const char          *pinned_fingerprint,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
DisSyncEnrolment *dis_sync_client_enrol_finish     (DisSyncClient       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
const char       *dis_sync_client_get_offered_fingerprint (DisSyncClient *self);

/* Starts the background loop (no-op when not enrolled). */
void           dis_sync_client_start            (DisSyncClient *self);
/* Cancels everything in flight and waits for the loop to stop; safe to
 * call twice. Nothing pending is lost: the outbox stays in the store. */
void           dis_sync_client_stop             (DisSyncClient *self);
/* Try now (resets the backoff): "Sync now", and after every commit. */
void           dis_sync_client_sync_now         (DisSyncClient *self);

/* Read-only properties, notified on change:
 *   "state" (DisSyncState as int), "pending-events" (gint64),
 *   "oldest-pending" (gint64 unix seconds, 0 = none), "last-success"
 *   (gint64 unix seconds, 0 = never), "last-error" (string, plain words,
 *   NULL when none), "dead-letters" (gint64), "hub-url" (string),
 *   "unapplied-changes" (gint64: changes from the hub this till could not
 *   apply, kept and tried again at every pull) and "unapplied-reasons"
 *   (GStrv, one line per such change: what it changes and why it could
 *   not be applied, in the words of the moment it failed; empty when
 *   none). */
DisSyncState   dis_sync_client_get_state         (DisSyncClient *self);
gint64         dis_sync_client_get_pending_events(DisSyncClient *self);
gint64         dis_sync_client_get_oldest_pending(DisSyncClient *self);
gint64         dis_sync_client_get_last_success  (DisSyncClient *self);
const char    *dis_sync_client_get_last_error    (DisSyncClient *self);
gint64         dis_sync_client_get_dead_letters  (DisSyncClient *self);
const char    *dis_sync_client_get_hub_url       (DisSyncClient *self);
gint64         dis_sync_client_get_unapplied_changes (DisSyncClient *self);
const char * const *dis_sync_client_get_unapplied_reasons (DisSyncClient *self);

/* Events the hub rejected: kept, shown to the responsabile, sent again
 * only when asked (dis_store_retry_dead_letters()), for when a later
 * change (a member registered, the hub's rules, an enrolment) makes them
 * acceptable. */
typedef struct
{
  char      *event_id;
  char      *type;
  char      *receipt_no;     /* for sale events, else NULL */
  GDateTime *at;
  char      *code;           /* the hub's stable code */
  char      *message;        /* the hub's reason */
} DisDeadLetter;

void       dis_dead_letter_free       (DisDeadLetter *letter);
GPtrArray *dis_store_list_dead_letters(DisStore      *store,
                                       GError       **error);  /* DisDeadLetter* */
/* Moves the dead letters with the ids in @event_ids (NULL: all of them)
 * back to the end of the outbox, with their ids, devices and seqs, in ONE
 * transaction, and lets the sync client know. Returns how many moved, -1
 * on error. Async pair in dis-store.h. */
gint64     dis_store_retry_dead_letters (DisStore           *store,
                                         const char * const *event_ids,
                                         GError            **error);

/* A change from the hub this till could not apply (dis-store-sync.h). */
typedef struct
{
  char      *kind;         /* "product", "member", …, as the feed names it */
  char      *key;          /* the code or card it changes, "" for settings */
  gint64     seq;          /* in the hub's changes feed */
  char      *label;        /* what it changes, for people */
  char      *reason;       /* why it could not be applied, for people */
  GDateTime *held_since;
} DisUnappliedChange;

void       dis_unapplied_change_free  (DisUnappliedChange *change);

/* For other requests to the enrolled hub (the map pack download): reads
 * the hub URL (without a trailing slash), the device token and the pinned
 * certificate fingerprint (NULL when none) from @config_dir, in the format
 * the client writes. FALSE when the point is not enrolled. */
gboolean dis_sync_config_read            (const char       *config_dir,
                                          char            **out_url,
                                          char            **out_token,
                                          char            **out_pin);
/* The check of an "accept-certificate" handler: TRUE when @certificate's
 * SHA-256 fingerprint is @pin. */
gboolean dis_sync_certificate_is_pinned  (GTlsCertificate  *certificate,
                                          const char       *pin);

G_END_DECLS
