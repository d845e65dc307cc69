/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-codec.h"
#include "dis-error.h"
#include "dis-store-sync.h"
#include "dis-sync-engine-private.h"

/* The engine runs on its own thread, with its own GMainContext and
 * SoupSession, and blocking store calls: nothing here runs on the
 * creator's (UI) thread but the property updates it is sent.
 *
 * Exactly once: an outbox row is deleted only in the transaction that
 * records the hub's "accepted"/"duplicate" for that very event id; a lost
 * reply leaves it in the outbox and the retry answers "duplicate". */

#define PAGE_LIMIT        500

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_weak_ref_clear (&link->client);
}

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

  if (_dis_sync_engine_push (engine, &error) && pull_all (engine, &error))
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
