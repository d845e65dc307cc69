/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-codec.h"
#include "dis-error.h"
#include "dis-store-sync.h"
#include "dis-sync-engine-private.h"

/* The push: the outbox to the hub, in batches, on the engine's thread
 * (dis-sync-engine.c says how the engine runs). */

#define BATCH_EVENTS      200
#define BATCH_BYTES       (512 * 1024)   /* the hub's default body limit is 1 MiB */
#define MAX_STALLS        3              /* batches in a row that only renamed events */

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

gboolean
_dis_sync_engine_push (Engine  *engine,
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

