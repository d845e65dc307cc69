/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-codec.h"
#include "dis-error.h"
#include "dis-store-sync.h"
#include "dis-sync-private.h"

/* The engine runs on its own thread, with its own GMainContext and
 * SoupSession, and blocking store calls: nothing here runs on the
 * creator's (UI) thread but the property updates it is sent.
 *
 * Exactly once: an outbox row is deleted only in the transaction that
 * records the hub's "accepted"/"duplicate" for that very event id; a lost
 * reply leaves it in the outbox and the retry answers "duplicate". */

#define BATCH_EVENTS      200
#define BATCH_BYTES       (512 * 1024)   /* the hub's default body limit is 1 MiB */
#define PAGE_LIMIT        500
#define MAX_LOOPS         100000         /* bound on batches/pages per round */
#define MAX_STALLS        3              /* batches in a row that only renamed events */
#define BATCHES_OUT       3              /* batches on their way at once */

/* A weak link from the engine back to the client, for the updates it
 * sends to the owner's context. */
typedef struct
{
  GWeakRef client;
  guint    generation;
} Link;

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_weak_ref_clear (&link->client);
}

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

/* ---- Updates to the owner -------------------------------------------------- */

typedef struct
{
  Link          *link;
  DisSyncUpdate  update;
} Posted;

static void
posted_free (gpointer data)
{
  Posted *posted = data;

  g_atomic_rc_box_release_full (posted->link, link_clear);
  g_free (posted->update.last_error);
  g_strfreev (posted->update.unapplied_reasons);
  g_free (posted);
}

static gboolean
deliver_cb (gpointer data)
{
  Posted *posted = data;
  g_autoptr(DisSyncClient) client = g_weak_ref_get (&posted->link->client);

  if (client != NULL)
    _dis_sync_client_apply_update (client, posted->link->generation, &posted->update);
  return G_SOURCE_REMOVE;
}

/* "What it changes: why it could not be applied", one line each. */
static GStrv
read_unapplied (DisStore  *store,
                GError   **error)
{
  g_autoptr(GPtrArray) changes = dis_store_sync_list_unapplied (store, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (changes == NULL)
    return NULL;
  for (guint i = 0; i < changes->len; i++)
    {
      DisUnappliedChange *change = g_ptr_array_index (changes, i);
      /* Translators: what a change from the hub changes, and why this till could not apply it */
      g_autofree char *line = g_strdup_printf (_("%s: %s"), change->label, change->reason);

      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

/* From the engine thread: reads the counts and sends them with @state. */
static void
post_update (Engine       *engine,
             DisSyncState  state,
             gboolean      set_error,
             const char   *last_error)
{
  Posted *posted = g_new0 (Posted, 1);
  DisSyncUpdate *update = &posted->update;
  g_autoptr(GError) error = NULL;

  posted->link = g_atomic_rc_box_acquire (engine->link);
  update->state = state;
  update->set_error = set_error;
  update->last_error = g_strdup (last_error);
  update->has_counts =
    dis_store_sync_get_pending (engine->store, &update->pending_events, &update->oldest_pending, &error) &&
    dis_store_sync_get_last_success (engine->store, &update->last_success, &error) &&
    (update->dead_letters = dis_store_sync_count_dead_letters (engine->store, &error)) >= 0 &&
    (update->unapplied_reasons = read_unapplied (engine->store, &error)) != NULL;
  if (error != NULL)
    g_warning ("Could not read the sync state: %s", error->message);

  g_main_context_invoke_full (engine->owner, G_PRIORITY_DEFAULT, deliver_cb, posted, posted_free);
}

/* ---- Push ------------------------------------------------------------------ */

/* The stored payloads go as they are: the codec wrote them. */
static GBytes *
build_batch (const char *device,
             GPtrArray  *events)
{
  GString *out = g_string_sized_new (BATCH_BYTES + 64 * 1024);
  gsize length;

  dis_codec_batch_begin (out, device);
  for (guint i = 0; i < events->len; i++)
    {
      DisOutboxEvent *event = g_ptr_array_index (events, i);

      dis_codec_batch_add (out, event->id, event->seq, event->type, event->at, event->payload);
    }
  dis_codec_batch_end (out);
  length = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), length);
}

/* The acknowledgements of the batch we sent; ids we did not send are
 * ignored, so nothing else can ever leave the outbox. */
static GArray *
read_results (JsonNode  *root,
              GPtrArray *events)
{
  g_autoptr(GHashTable) sent = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) acks = dis_codec_reply_decode (root, NULL);
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (DisCodecAck));

  if (acks == NULL)
    return NULL;
  for (guint i = 0; i < events->len; i++)
    g_hash_table_add (sent, ((DisOutboxEvent *) g_ptr_array_index (events, i))->id);
  for (guint i = 0; i < acks->len; i++)
    {
      DisCodecAck *ack = &g_array_index (acks, DisCodecAck, i);

      if (ack->id != NULL && g_hash_table_remove (sent, ack->id))
        g_array_append_val (results, *ack);
    }
  return g_steal_pointer (&results);
}

/* GET /health: the hub's limits, within ours. A hub that does not say
 * keeps ours; one that cannot be reached fails the round. */
static gboolean
learn_limits (Engine  *engine,
              GError **error)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  DisCodecHealth health;
  guint status;

  reply = _dis_sync_conn_request (&engine->conn, "GET", "/api/v1/health", NULL, &status, &local_error);
  if (reply == NULL && !g_error_matches (local_error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_PROTOCOL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  engine->limits_known = TRUE;
  if (reply == NULL || status != SOUP_STATUS_OK || !dis_codec_health_decode (reply, &health, NULL) ||
      !health.has_limits)
    {
      g_debug ("The hub did not say its limits: at most %u events, %" G_GSIZE_FORMAT " bytes",
               engine->max_events, engine->max_body);
      return TRUE;
    }
  engine->max_events = (guint) MIN ((gint64) engine->max_events, health.batch_events);
  engine->max_body = (gsize) MIN ((gint64) engine->max_body, health.body_bytes);
  g_debug ("Pushing at most %u events, %" G_GSIZE_FORMAT " bytes", engine->max_events, engine->max_body);
  return TRUE;
}

/* The first events of the outbox after @after, as many as the limits
 * take; more than one only when the body fits. */
static GBytes *
next_batch (DisStore    *store,
            const char  *device,
            gint64       after,
            guint        max_events,
            gsize        max_body,
            GPtrArray  **out_events,
            GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  GBytes *body;

  events = dis_store_sync_read_outbox_after (store, after, max_events, max_body, error);
  if (events == NULL)
    return NULL;
  body = build_batch (device, events);
  /* The limit counts payloads; the envelopes add to them. */
  while (g_bytes_get_size (body) > max_body && events->len > 1)
    {
      guint fit = (guint) ((guint64) events->len * max_body / g_bytes_get_size (body));

      g_ptr_array_set_size (events, CLAMP (fit, 1, events->len - 1));
      g_bytes_unref (body);
      body = build_batch (device, events);
    }
  *out_events = g_steal_pointer (&events);
  return body;
}

/* One event larger than the hub takes goes to the dead letters, with a
 * reason a responsabile can read, instead of blocking every other one.
 * @limit: the hub's body limit, 0 when it did not say. */
static gboolean
give_up_too_large (Engine          *engine,
                   DisOutboxEvent  *event,
                   gsize            size,
                   gsize            limit,
                   const char      *code,
                   GError         **error)
{
  g_autofree char *size_text = g_format_size (size);
  g_autofree char *limit_text = g_format_size (limit);
  g_autofree char *message = NULL;
  DisCodecAck ack = { event->id, DIS_CODEC_ACK_REJECTED, code, NULL, NULL };

  if (limit > 0)
    /* Translators: sizes, like "5.2 kB" */
    message = g_strdup_printf (_("This event alone (%s) is larger than the hub accepts (%s)"), size_text, limit_text);
  else
    /* Translators: a size, like "5.2 kB" */
    message = g_strdup_printf (_("This event alone (%s) is larger than the hub accepts"), size_text);
  ack.message = message;
  g_message ("Event %s: %s", event->id, message);
  return dis_store_sync_apply_results (engine->store, &ack, 1, error);
}

/* Whether any result takes its event out of the outbox: an event that
 * only got a new id (event_id_conflict) stays, and is sent again. */
static gboolean
made_progress (GArray *results)
{
  for (guint i = 0; i < results->len; i++)
    {
      DisCodecAck *ack = &g_array_index (results, DisCodecAck, i);

      if (ack->status != DIS_CODEC_ACK_REJECTED ||
          g_strcmp0 (ack->code, DIS_CODEC_REJECT_EVENT_ID_CONFLICT) != 0)
        return TRUE;
    }
  return FALSE;
}

/* ---- Batches on their way ------------------------------------------------ */

/* Each batch is sent from a thread of its own, on a connection of its
 * own: while some are out, the engine keeps the answers to those before
 * and reads and writes the next, the hub decodes one batch while it
 * writes another, and its writer can commit two waiting batches at once.
 * At most BATCHES_OUT are out, and only batches of sales: the hub may
 * take those in any order (one it takes late fills the gap the others
 * left, dis-hub-events.c), where a batch with anything else must find
 * every event before it applied. */
typedef struct
{
  DisSyncConn *conn;
  GPtrArray   *events;    /* DisOutboxEvent */
  gboolean     sales;     /* only sales: no later event can need one */
  GBytes      *body;
  GThread     *thread;    /* until joined */
  JsonNode    *reply;
  guint        status;
  GError      *error;
} Out;

static gpointer
out_thread (gpointer data)
{
  Out *out = data;

  out->reply = _dis_sync_conn_request (out->conn, "POST", "/api/v1/events", out->body, &out->status, &out->error);
  return NULL;
}

/* Whether every event of @events is a sale, not a refund. A later event
 * may need an earlier one: a sale the product or the member declared
 * before it, a refund its sale, an order's change the order. The hub
 * must apply those in order; two sales need nothing of each other. */
static gboolean
only_sales (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (((DisOutboxEvent *) g_ptr_array_index (events, i))->type, "sale.committed") != 0)
      return FALSE;
  return TRUE;
}

static Out *
out_send (DisSyncConn *conn,
          GPtrArray   *events,
          GBytes      *body)
{
  Out *out = g_new0 (Out, 1);

  out->conn = conn;
  out->events = events;
  out->sales = only_sales (events);
  out->body = body;
  out->thread = g_thread_new ("dis-sync-out", out_thread, out);
  return out;
}

static void
out_wait (Out *out)
{
  if (out->thread != NULL)
    g_thread_join (g_steal_pointer (&out->thread));
}

static void
out_free (Out *out)
{
  out_wait (out);
  g_clear_pointer (&out->events, g_ptr_array_unref);
  g_clear_pointer (&out->body, g_bytes_unref);
  g_clear_pointer (&out->reply, json_node_unref);
  g_clear_error (&out->error);
  g_free (out);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Out, out_free)

static gint64
out_last_position (Out *out)
{
  return ((DisOutboxEvent *) g_ptr_array_index (out->events, out->events->len - 1))->position;
}

typedef enum
{
  KEPT,          /* every event of the batch left the outbox */
  KEPT_STAYED,   /* some stayed (a new id, or no answer): from the head again */
  TOO_LARGE,     /* 413: smaller batches, from the head again */
  FAILED,
} Outcome;

/* Waits for @out and keeps the hub's answer to it. */
static Outcome
take_answer (Engine  *engine,
             Out     *out,
             guint   *stalls,
             GError **error)
{
  g_autoptr(GArray) results = NULL;
  gboolean all_leave;

  out_wait (out);
  if (out->reply == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&out->error));
      return FAILED;
    }
  if (out->status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    return TOO_LARGE;

  results = read_results (out->reply, out->events);
  if (results == NULL || results->len == 0)
    return _dis_sync_fail (error, DIS_SYNC_ERROR_PROTOCOL), FAILED;
  /* New ids for every event, again and again: not a hub to trust. */
  *stalls = made_progress (results) ? 0 : *stalls + 1;
  if (*stalls >= MAX_STALLS)
    return _dis_sync_fail (error, DIS_SYNC_ERROR_PROTOCOL), FAILED;
  if (!dis_store_sync_apply_results (engine->store, (DisCodecAck *) (gpointer) results->data, results->len, error))
    return FAILED;

  all_leave = results->len == out->events->len;
  for (guint i = 0; all_leave && i < results->len; i++)
    {
      DisCodecAck *ack = &g_array_index (results, DisCodecAck, i);

      all_leave = ack->status != DIS_CODEC_ACK_REJECTED ||
                  g_strcmp0 (ack->code, DIS_CODEC_REJECT_EVENT_ID_CONFLICT) != 0;
    }
  return all_leave ? KEPT : KEPT_STAYED;
}

/* A 413: smaller limits than we knew (a hub restarted with others, or
 * one that does not say them): ask again and halve the batch, down to
 * one event; one event the hub still refuses is too large on its own. */
static gboolean
shrink (Engine  *engine,
        Out     *out,
        GError **error)
{
  const char *code = _dis_sync_error_code_of (out->reply);

  g_debug ("413 %s for %u events, %" G_GSIZE_FORMAT " bytes", code, out->events->len, g_bytes_get_size (out->body));
  engine->limits_known = FALSE;
  if (out->events->len > 1)
    {
      engine->max_events = MIN (engine->max_events, out->events->len / 2);
      return TRUE;
    }
  return give_up_too_large (engine, g_ptr_array_index (out->events, 0), g_bytes_get_size (out->body), 0,
                            code != NULL ? code : "event_too_large", error);
}

/* Waits for @out, keeps the hub's answer to it and says what the push
 * does next: on with the batch after it (TRUE, *out_again FALSE), from
 * the head of the outbox (TRUE, *out_again TRUE), or stop (FALSE). */
static gboolean
settle (Engine   *engine,
        Out      *out,
        guint    *stalls,
        gboolean *out_again,
        GError  **error)
{
  *out_again = FALSE;
  switch (take_answer (engine, out, stalls, error))
    {
    case KEPT:
      return TRUE;
    case KEPT_STAYED:
      *out_again = TRUE;
      return TRUE;
    case TOO_LARGE:
      *out_again = TRUE;
      return shrink (engine, out, error);
    case FAILED:
    default:
      return FALSE;
    }
}

/* Settles every batch out, oldest first; the first failure is the one
 * said, and the answers after it are kept all the same. */
static gboolean
settle_all (Engine   *engine,
            GQueue   *outs,
            guint    *stalls,
            gboolean *out_again,
            GError  **error)
{
  gboolean ok = TRUE, again = FALSE;

  *out_again = FALSE;
  while (!g_queue_is_empty (outs))
    {
      g_autoptr(Out) out = g_queue_pop_head (outs);

      ok = settle (engine, out, stalls, &again, ok ? error : NULL) && ok;
      *out_again = *out_again || again;
    }
  return ok;
}

/* @outs: the batches on their way, oldest first (Out): empty at the
 * end but for a stop on a failure. */
static gboolean
push_batches (Engine      *engine,
              const char  *device,
              GQueue      *outs,
              GError     **error)
{
  DisSyncConn *lanes[BATCHES_OUT] = { &engine->conn, };
  guint lane = 0;
  guint stalls = 0;
  gboolean again;

  for (guint i = 1; i < BATCHES_OUT; i++)
    lanes[i] = &engine->lanes[i - 1];

  for (guint loop = 0; loop < MAX_LOOPS; loop++)
    {
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(GBytes) body = NULL;
      Out *last = g_queue_peek_tail (outs);

      /* Nothing is out when the limits are asked for: they share the
       * first lane's connection. */
      if (!engine->limits_known && !learn_limits (engine, error))
        return FALSE;
      /* After the last batch on its way, or from the head of the outbox. */
      body = next_batch (engine->store, device, last != NULL ? out_last_position (last) : 0,
                         engine->max_events, engine->max_body, &events, error);
      if (body == NULL)
        return settle_all (engine, outs, &stalls, &again, NULL) && FALSE;
      if (events->len == 0)
        {
          /* Events of the batches out that stay are at the head. */
          if (g_queue_is_empty (outs))
            return TRUE;
          if (!settle_all (engine, outs, &stalls, &again, error))
            return FALSE;
          continue;
        }
      if (g_bytes_get_size (body) > engine->max_body)
        {
          if (!give_up_too_large (engine, g_ptr_array_index (events, 0), g_bytes_get_size (body), engine->max_body,
                                  "event_too_large", error))
            return settle_all (engine, outs, &stalls, &again, NULL) && FALSE;
          continue;
        }

      /* Only sales go beside others: anything else waits until the
       * hub has answered every batch before it, and is alone out. */
      if (last != NULL && (!last->sales || !only_sales (events)))
        {
          if (!settle_all (engine, outs, &stalls, &again, error))
            return FALSE;
          if (again)
            continue;
        }
      g_queue_push_tail (outs, out_send (lanes[lane], g_steal_pointer (&events), g_steal_pointer (&body)));
      lane = (lane + 1) % BATCHES_OUT;
      if (g_queue_get_length (outs) < BATCHES_OUT)
        continue;

      /* The oldest answer, before the next batch takes its lane. */
      {
        g_autoptr(Out) oldest = g_queue_pop_head (outs);

        if (!settle (engine, oldest, &stalls, &again, error))
          return settle_all (engine, outs, &stalls, &again, NULL) && FALSE;
      }
      /* What it left behind comes before anything after the batches
       * still out: settle them too, and start from the head. */
      if (again && !settle_all (engine, outs, &stalls, &again, error))
        return FALSE;
    }
  return settle_all (engine, outs, &stalls, &again, error);
}

static gboolean
push_all (Engine  *engine,
          GError **error)
{
  g_autoptr(DisIdentity) identity = dis_store_get_identity (engine->store, error);
  GQueue *outs;
  gint64 pending_events, oldest;
  gboolean ok;

  if (identity == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, "no identity");
      return FALSE;
    }
  if (!dis_store_sync_get_pending (engine->store, &pending_events, &oldest, error))
    return FALSE;
  if (pending_events == 0)
    return TRUE;

  /* The hub may have restarted with other limits since the last round:
   * ask again, from our own. */
  engine->limits_known = FALSE;
  engine->max_events = BATCH_EVENTS;
  engine->max_body = BATCH_BYTES;
  outs = g_queue_new ();
  ok = push_batches (engine, identity->device_id, outs, error);
  g_queue_free_full (outs, (GDestroyNotify) out_free);
  return ok;
}

/* ---- Pull ------------------------------------------------------------------ */

static gboolean
pull_all (Engine  *engine,
          GError **error)
{
  gint64 cursor, unapplied;

  if (!dis_store_sync_get_cursor (engine->store, &cursor, error) ||
      (unapplied = dis_store_sync_count_unapplied (engine->store, error)) < 0)
    return FALSE;

  for (guint loop = 0; loop < MAX_LOOPS; loop++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%d",
                                               cursor, PAGE_LIMIT);
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonArray *changes;
      gint64 next_cursor;
      gboolean more;
      guint status;

      reply = _dis_sync_conn_request (&engine->conn, "GET", path, NULL, &status, error);
      if (reply == NULL)
        return FALSE;
      if (status != SOUP_STATUS_OK ||
          !dis_codec_changes_page_decode (reply, &changes, &next_cursor, &more, &local_error))
        {
          g_debug ("changes: %s", local_error ? local_error->message : "not 200");
          return _dis_sync_fail (error, DIS_SYNC_ERROR_PROTOCOL);
        }
      if (next_cursor < cursor || (more && next_cursor == cursor))
        return _dis_sync_fail (error, DIS_SYNC_ERROR_PROTOCOL);

      /* Changes kept from earlier pages are tried again once a round. */
      if (next_cursor != cursor || json_array_get_length (changes) > 0 || (loop == 0 && unapplied > 0))
        if (!dis_store_sync_apply_changes (engine->store, changes, next_cursor, error))
          return FALSE;
      cursor = next_cursor;
      if (!more)
        return TRUE;
    }
  return TRUE;
}

/* ---- Scheduling ------------------------------------------------------------ */

static gboolean round_cb (gpointer data);

static void
schedule (Engine *engine,
          guint   delay_ms)
{
  /* A poke or "Sync now" still queued when the loop ended must not start
   * a round without a session. */
  if (engine->stopping)
    return;
  if (engine->timer != NULL)
    {
      g_source_destroy (engine->timer);
      g_clear_pointer (&engine->timer, g_source_unref);
    }
  engine->timer = delay_ms == 0 ? g_idle_source_new () : g_timeout_source_new (delay_ms);
  g_source_set_callback (engine->timer, round_cb, engine, NULL);
  g_source_attach (engine->timer, engine->context);
}

/* Full jitter: uniform in (0, min (cap, base × 2^failures)]. */
static guint
backoff_ms (Engine *engine)
{
  guint64 ceiling = engine->timing.base_ms;

  for (guint i = 1; i < engine->failures && ceiling < engine->timing.cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, engine->timing.cap_ms);
  return (guint) MAX (1, g_rand_double (engine->rand) * (double) ceiling);
}

static void
run_round (Engine *engine)
{
  g_autoptr(GError) error = NULL;
  gint64 pending = 0, oldest = 0;
  DisSyncState state;

  post_update (engine, DIS_SYNC_STATE_SYNCING, FALSE, NULL);

  if (push_all (engine, &error) && pull_all (engine, &error))
    {
      engine->failures = 0;
      if (!dis_store_sync_set_last_success (engine->store, g_get_real_time () / G_USEC_PER_SEC, &error) ||
          !dis_store_sync_get_pending (engine->store, &pending, &oldest, &error))
        g_warning ("Could not record the sync: %s", error->message);
      /* Sales committed during the round: go again right away. */
      if (pending > 0)
        {
          post_update (engine, DIS_SYNC_STATE_SYNCING, TRUE, NULL);
          schedule (engine, 0);
        }
      else
        {
          post_update (engine, DIS_SYNC_STATE_SYNCED, TRUE, NULL);
          schedule (engine, engine->timing.periodic_ms);
        }
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error->domain == DIS_SYNC_ERROR &&
      (error->code == DIS_SYNC_ERROR_UNAUTHORIZED || error->code == DIS_SYNC_ERROR_REVOKED ||
       error->code == DIS_SYNC_ERROR_CERTIFICATE_CHANGED ||
       error->code == DIS_SYNC_ERROR_UNTRUSTED_CERTIFICATE))
    {
      /* Retrying cannot help: wait for "Sync now" or a new enrolment. */
      engine->halted = TRUE;
      g_message ("Sync stopped: %s", _dis_sync_error_to_words (error));
      post_update (engine, DIS_SYNC_STATE_ERROR, TRUE, _dis_sync_error_to_words (error));
      return;
    }

  if (error->domain == DIS_SYNC_ERROR &&
      (error->code == DIS_SYNC_ERROR_NETWORK || error->code == DIS_SYNC_ERROR_SERVER))
    state = DIS_SYNC_STATE_OFFLINE;
  else
    {
      g_warning ("Sync failed: %s", error->message);
      state = DIS_SYNC_STATE_ERROR;
    }
  engine->failures++;
  post_update (engine, state, TRUE, _dis_sync_error_to_words (error));
  schedule (engine, backoff_ms (engine));
}

static gboolean
round_cb (gpointer data)
{
  Engine *engine = data;

  g_clear_pointer (&engine->timer, g_source_unref);
  if (!engine->halted)
    run_round (engine);
  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    Engine          *engine)
{
  gboolean was = engine->network_available;

  engine->network_available = available;
  if (available && !was && !engine->halted && engine->failures > 0)
    {
      engine->failures = 0;
      schedule (engine, 0);
    }
}

static gpointer
engine_thread (gpointer data)
{
  Engine *engine = data;
  GNetworkMonitor *monitor;
  gulong handler;

  g_main_context_push_thread_default (engine->context);

  _dis_sync_conn_init_session (&engine->conn, engine->timing.timeout_s);
  for (guint i = 0; i < G_N_ELEMENTS (engine->lanes); i++)
    _dis_sync_conn_init_session (&engine->lanes[i], engine->timing.timeout_s);
  monitor = g_network_monitor_get_default ();
  engine->network_available = g_network_monitor_get_network_available (monitor);
  handler = g_signal_connect (monitor, "network-changed", G_CALLBACK (network_changed_cb), engine);

  schedule (engine, 0);
  g_main_loop_run (engine->loop);
  engine->stopping = TRUE;

  g_signal_handler_disconnect (monitor, handler);
  if (engine->timer != NULL)
    {
      g_source_destroy (engine->timer);
      g_clear_pointer (&engine->timer, g_source_unref);
    }
  g_clear_object (&engine->conn.session);
  for (guint i = 0; i < G_N_ELEMENTS (engine->lanes); i++)
    g_clear_object (&engine->lanes[i].session);

  /* Let pending source removals run before the context goes. */
  while (g_main_context_iteration (engine->context, FALSE))
    ;
  g_main_context_pop_thread_default (engine->context);
  return NULL;
}

static gboolean
poke_cb (gpointer data)
{
  Engine *engine = data;

  /* A commit: push now, unless backing off or refused by the hub. */
  if (!engine->halted && engine->failures == 0)
    schedule (engine, 0);
  return G_SOURCE_REMOVE;
}

static gboolean
now_cb (gpointer data)
{
  Engine *engine = data;

  engine->halted = FALSE;
  engine->failures = 0;
  schedule (engine, 0);
  return G_SOURCE_REMOVE;
}

static void
engine_free (Engine *engine)
{
  g_atomic_rc_box_release_full (engine->link, link_clear);
  _dis_sync_conn_clear (&engine->conn);
  for (guint i = 0; i < G_N_ELEMENTS (engine->lanes); i++)
    _dis_sync_conn_clear (&engine->lanes[i]);
  g_clear_object (&engine->store);
  g_clear_pointer (&engine->loop, g_main_loop_unref);
  g_clear_pointer (&engine->context, g_main_context_unref);
  g_clear_pointer (&engine->owner, g_main_context_unref);
  g_clear_pointer (&engine->rand, g_rand_free);
  g_free (engine);
}

/* ---- For the client ------------------------------------------------------------ */

DisSyncEngine *
_dis_sync_engine_start (DisSyncClient       *client,
                        guint                generation,
                        GMainContext        *owner,
                        DisStore            *store,
                        const DisSyncConfig *config,
                        const DisSyncTiming *timing)
{
  Engine *engine = g_new0 (Engine, 1);

  engine->link = g_atomic_rc_box_new0 (Link);
  g_weak_ref_init (&engine->link->client, client);
  engine->link->generation = generation;
  engine->owner = g_main_context_ref (owner);
  engine->store = g_object_ref (store);
  engine->conn.cancellable = g_cancellable_new ();
  engine->conn.base_url = g_strdup (config->url);
  engine->conn.token = g_strdup (config->token);
  engine->conn.pin = g_strdup (config->pin);
  for (guint i = 0; i < G_N_ELEMENTS (engine->lanes); i++)
    {
      engine->lanes[i].cancellable = g_object_ref (engine->conn.cancellable);
      engine->lanes[i].base_url = g_strdup (config->url);
      engine->lanes[i].token = g_strdup (config->token);
      engine->lanes[i].pin = g_strdup (config->pin);
    }
  engine->context = g_main_context_new ();
  engine->loop = g_main_loop_new (engine->context, FALSE);
  engine->rand = timing->seeded ? g_rand_new_with_seed (timing->seed) : g_rand_new ();
  engine->timing = *timing;
  engine->thread = g_thread_new ("dis-sync", engine_thread, engine);
  return engine;
}

void
_dis_sync_engine_stop (DisSyncEngine *engine)
{
  g_cancellable_cancel (engine->conn.cancellable);
  g_main_loop_quit (engine->loop);
  g_thread_join (engine->thread);
  engine_free (engine);
}

void
_dis_sync_engine_poke (DisSyncEngine *engine)
{
  g_main_context_invoke (engine->context, poke_cb, engine);
}

void
_dis_sync_engine_now (DisSyncEngine *engine)
{
  g_main_context_invoke (engine->context, now_cb, engine);
}
