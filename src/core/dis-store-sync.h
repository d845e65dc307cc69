/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dis-codec.h"
#include "dis-store.h"

G_BEGIN_DECLS

/* The store side of the sync engine (dis-sync.c). Blocking and
 * thread-safe like every dis_store_*() function: the sync thread calls
 * them directly, never the UI thread. */

typedef struct
{
  char   *id;        /* UUID */
  gint64  seq;
  char   *type;
  char   *at;
  char   *payload;   /* JSON object text, as committed */
} DisOutboxEvent;

void       dis_outbox_event_free           (DisOutboxEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisOutboxEvent, dis_outbox_event_free)

/* The oldest events by seq: at most @max_events, and no more than
 * @max_bytes of payload (but always one when the outbox is not empty). */
GPtrArray *dis_store_sync_read_outbox      (DisStore        *self,
                                            guint            max_events,
                                            gsize            max_bytes,
                                            GError         **error);  /* DisOutboxEvent* */

/* All acknowledgements of one reply in ONE transaction: accepted and
 * duplicate events leave the outbox, rejected ones move to dead_letters. */
gboolean   dis_store_sync_apply_results    (DisStore            *self,
                                            const DisCodecAck   *acks,
                                            guint                n_acks,
                                            GError             **error);

/* One page of the hub's changes feed (each change decoded by
 * dis_codec_change_decode()) and its cursor @next, in ONE transaction. A
 * change this store cannot read or take (say an EAN clash with an own
 * product) is skipped with a warning rather than blocking the feed. */
gboolean   dis_store_sync_apply_changes    (DisStore        *self,
                                            JsonArray       *changes,
                                            gint64           next,
                                            GError         **error);
gboolean   dis_store_sync_get_cursor       (DisStore        *self,
                                            gint64          *out_cursor,
                                            GError         **error);
/* Outbox rows and the time of the oldest (unix seconds, 0 when none). */
gboolean   dis_store_sync_get_pending      (DisStore        *self,
                                            gint64          *out_count,
                                            gint64          *out_oldest,
                                            GError         **error);
gint64     dis_store_sync_count_dead_letters (DisStore      *self,
                                              GError       **error);  /* -1 on error */
gboolean   dis_store_sync_get_last_success (DisStore        *self,
                                            gint64          *out_unix,
                                            GError         **error);
gboolean   dis_store_sync_set_last_success (DisStore        *self,
                                            gint64           unix_time,
                                            GError         **error);

/* After enrolment: the point identity from the hub, its point record
 * (GET /me "point", decoded; may be NULL), and the cursor reset when the hub is a
 * new one. The device keeps its ledger and receipt numbers; if the device
 * code changes while events wait, the event seq carries on so the outbox
 * stays in order. */
gboolean   dis_store_sync_enrol            (DisStore             *self,
                                            const char           *point_code,
                                            const char           *point_name,
                                            const char           *device_id,
                                            const DisCodecPoint  *point,
                                            gboolean              reset_cursor,
                                            GError              **error);

G_END_DECLS
