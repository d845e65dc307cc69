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
  char   *device;    /* the device that numbered it (payload "device") */
  gint64  seq;       /* in that device's numbering */
  char   *type;
  char   *at;
  char   *payload;   /* JSON object text, as committed */
  gint64  position;  /* its place in the outbox: commit order */
} DisOutboxEvent;

void       dis_outbox_event_free           (DisOutboxEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisOutboxEvent, dis_outbox_event_free)

/* The oldest events in commit order: at most @max_events, and no more
 * than @max_bytes of payload (but always one when the outbox is not
 * empty). */
GPtrArray *dis_store_sync_read_outbox      (DisStore        *self,
                                            guint            max_events,
                                            gsize            max_bytes,
                                            GError         **error);  /* DisOutboxEvent* */
/* The same, from the first event after @position: the batch that
 * follows one still on its way to the hub. A new event is placed after
 * every event the outbox holds, so while the batch that is out stays in
 * the outbox, nothing committed meanwhile lands before @position. */
GPtrArray *dis_store_sync_read_outbox_after (DisStore        *self,
                                            gint64           position,
                                            guint            max_events,
                                            gsize            max_bytes,
                                            GError         **error);  /* DisOutboxEvent* */

/* All acknowledgements of one reply in ONE transaction: accepted and
 * duplicate events leave the outbox, rejected ones move to dead_letters,
 * except an "event_id_conflict" (another point used the id first): that
 * event gets a new id and stays in its place to be sent again. */
gboolean   dis_store_sync_apply_results    (DisStore            *self,
                                            const DisCodecAck   *acks,
                                            guint                n_acks,
                                            GError             **error);

/* One page of the hub's changes feed (each change decoded by
 * dis_codec_change_decode()) and its cursor @next, in ONE transaction,
 * together with the changes kept from earlier pages, in feed order. The
 * products the page changes give up their EAN and scale code first, so
 * two of them may swap theirs. A change this store cannot read or take
 * (an EAN held by an own product, say) does not block the feed: it is
 * kept in unapplied_changes with the reason, and tried again with every
 * page until it applies or a newer change of the same thing replaces it.
 * @changes may be empty: then only the kept ones are tried. */
gboolean   dis_store_sync_apply_changes    (DisStore        *self,
                                            JsonArray       *changes,
                                            gint64           next,
                                            GError         **error);
/* The changes kept so far, oldest first (DisUnappliedChange*, dis-sync.h). */
GPtrArray *dis_store_sync_list_unapplied   (DisStore        *self,
                                            GError         **error);
gint64     dis_store_sync_count_unapplied  (DisStore        *self,
                                            GError         **error);  /* -1 on error */
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
 * (GET /me "point", decoded; may be NULL), and, when the hub is a new
 * one, the cursor reset and the changes kept from the old one dropped. The till keeps its ledger and receipt numbers; events
 * waiting keep the device that numbered them, and a new device code counts
 * its own receipts and events from 1. Dead letters the hub refused as
 * "wrong_device" go back to the outbox: the new enrolment may be what
 * they needed. */
gboolean   dis_store_sync_enrol            (DisStore             *self,
                                            const char           *point_code,
                                            const char           *point_name,
                                            const char           *device_id,
                                            const DisCodecPoint  *point,
                                            gboolean              reset_cursor,
                                            GError              **error);

G_END_DECLS
