/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-store.h"
#include "dis-sync-private.h"

G_BEGIN_DECLS

/* The engine, by concern: dis-sync-engine.c is its thread, its rounds
 * and the pull; dis-sync-push.c the push. */

#define MAX_LOOPS         100000         /* bound on batches/pages per round */
#define BATCHES_OUT       3              /* batches on their way at once */

/* A weak link from the engine back to the client, for the updates it
 * sends to the owner's context. */
typedef struct
{
  GWeakRef client;
  guint    generation;
} Link;

typedef struct _DisSyncEngine Engine;

struct _DisSyncEngine
{
  Link          *link;
  GMainContext  *owner;
  DisStore      *store;
  DisSyncConn    conn;
  DisSyncConn    lanes[BATCHES_OUT - 1];   /* the other batches on their way */

  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  GSource       *timer;
  GRand         *rand;
  DisSyncTiming  timing;

  /* A push's size: at most our own, and what the hub said it takes
   * (GET /health, asked at each round with events to send and after a
   * 413), halved on a 413 all the same. */
  gboolean       limits_known;
  guint          max_events;
  gsize          max_body;

  guint          failures;   /* in a row: the backoff exponent */
  gboolean       halted;     /* refused by the hub: wait for sync_now */
  gboolean       stopping;   /* the loop ended: no new round */
  gboolean       network_available;
};

/* Pushes the whole outbox, in batches (dis-sync-push.c). */
gboolean _dis_sync_engine_push (Engine  *engine,
                                GError **error);

G_END_DECLS
