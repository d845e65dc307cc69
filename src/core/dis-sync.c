/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-codec.h"
#include "dis-error.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-sync-private.h"

/* The client object: its properties, which the engine
 * (dis-sync-engine.c) updates from its thread through the owner's main
 * context, and the enrolment with a hub. */

#define DEFAULT_BASE_MS       1000
#define DEFAULT_CAP_MS        (5 * 60 * 1000)
#define DEFAULT_PERIODIC_MS   (60 * 1000)
#define DEFAULT_TIMEOUT_S     30

G_DEFINE_QUARK (dis-sync-error-quark, dis_sync_error)

void
dis_sync_enrolment_free (DisSyncEnrolment *enrolment)
{
  if (enrolment == NULL)
    return;
  g_free (enrolment->hub_url);
  g_free (enrolment->point_code);
  g_free (enrolment->point_name);
  g_free (enrolment->device_id);
  g_free (enrolment->certificate_fingerprint);
  g_free (enrolment);
}

/* ---- Object --------------------------------------------------------------- */

struct _DisSyncClient
{
  GObject        parent_instance;

  DisStore      *store;
  char          *config_dir;
  GMainContext  *owner;
  gulong         outbox_handler;

  DisSyncConfig  config;
  char          *offered_fingerprint;

  /* What the properties show, updated on the owner's context only. */
  DisSyncState   state;
  gint64         pending_events;
  gint64         oldest_pending;
  gint64         last_success;
  gint64         dead_letters;
  GStrv          unapplied_reasons;
  char          *last_error;

  DisSyncTiming  timing;         /* the test-only setter changes it */
  DisSyncEngine *engine;
  guint          generation;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING_EVENTS,
  PROP_OLDEST_PENDING,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  PROP_DEAD_LETTERS,
  PROP_HUB_URL,
  PROP_UNAPPLIED_CHANGES,
  PROP_UNAPPLIED_REASONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DisSyncClient, dis_sync_client, G_TYPE_OBJECT)


static void
set_int_prop (DisSyncClient *self,
              gint64        *field,
              gint64         value,
              guint          prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (DisSyncClient *self,
           DisSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (DisSyncClient *self,
                const char    *text)
{
  if (g_strcmp0 (self->last_error, text) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_unapplied (DisSyncClient      *self,
               const char * const *reasons)
{
  guint before = g_strv_length (self->unapplied_reasons);

  if (g_strv_equal ((const char * const *) self->unapplied_reasons, reasons))
    return;
  g_strfreev (self->unapplied_reasons);
  self->unapplied_reasons = g_strdupv ((char **) reasons);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAPPLIED_REASONS]);
  if (g_strv_length (self->unapplied_reasons) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAPPLIED_CHANGES]);
}

void
_dis_sync_client_apply_update (DisSyncClient       *self,
                               guint                generation,
                               const DisSyncUpdate *update)
{
  /* An update from a previous engine still in the queue. */
  if (self->engine == NULL || generation != self->generation)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (update->has_counts)
    {
      set_int_prop (self, &self->pending_events, update->pending_events, PROP_PENDING_EVENTS);
      set_int_prop (self, &self->oldest_pending, update->oldest_pending, PROP_OLDEST_PENDING);
      set_int_prop (self, &self->last_success, update->last_success, PROP_LAST_SUCCESS);
      set_int_prop (self, &self->dead_letters, update->dead_letters, PROP_DEAD_LETTERS);
      set_unapplied (self, (const char * const *) update->unapplied_reasons);
    }
  if (update->set_error)
    set_last_error (self, update->last_error);
  set_state (self, update->state);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- Public API ------------------------------------------------------------ */

static void
outbox_changed_cb (DisStore      *store,
                   DisSyncClient *self)
{
  if (self->engine != NULL)
    _dis_sync_engine_poke (self->engine);
}

void
dis_sync_client_start (DisSyncClient *self)
{
  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));

  if (self->engine != NULL || !dis_sync_client_is_enrolled (self))
    return;

  self->engine = _dis_sync_engine_start (self, ++self->generation, self->owner, self->store,
                                         &self->config, &self->timing);
  set_state (self, DIS_SYNC_STATE_SYNCING);
}

void
dis_sync_client_stop (DisSyncClient *self)
{
  DisSyncEngine *engine;

  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));

  if ((engine = g_steal_pointer (&self->engine)) != NULL)
    _dis_sync_engine_stop (engine);
}

void
dis_sync_client_sync_now (DisSyncClient *self)
{
  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));

  if (self->engine == NULL)
    dis_sync_client_start (self);
  else
    _dis_sync_engine_now (self->engine);
}

void
dis_sync_client_set_timing_for_testing (DisSyncClient *self,
                                        guint          base_ms,
                                        guint          cap_ms,
                                        guint          periodic_ms,
                                        guint          timeout_s,
                                        guint32        seed)
{
  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));
  g_return_if_fail (base_ms > 0 && cap_ms >= base_ms && periodic_ms > 0 && timeout_s > 0);

  self->timing = (DisSyncTiming) { base_ms, cap_ms, periodic_ms, timeout_s, seed, TRUE };
}

DisSyncClient *
dis_sync_client_new (DisStore   *store,
                     const char *config_dir)
{
  DisSyncClient *self;

  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (config_dir != NULL, NULL);

  self = g_object_new (DIS_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->config_dir = g_strdup (config_dir);
  self->owner = g_main_context_ref_thread_default ();
  self->outbox_handler = g_signal_connect (store, "outbox-changed", G_CALLBACK (outbox_changed_cb), self);
  _dis_sync_config_load (config_dir, &self->config);
  if (dis_sync_client_is_enrolled (self))
    self->state = DIS_SYNC_STATE_OFFLINE;
  return self;
}

gboolean
dis_sync_client_is_enrolled (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), FALSE);

  return self->config.url != NULL && self->config.token != NULL;
}

/* ---- Enrolment ------------------------------------------------------------- */

typedef struct
{
  DisStore *store;
  char     *config_dir;
  char     *url;
  char     *token;
  char     *pin;
  char     *previous_url;
  guint     timeout_s;
  char     *offered;      /* out: the refused certificate's fingerprint */
} EnrolData;

static void
enrol_data_free (gpointer data)
{
  EnrolData *enrol = data;

  g_clear_object (&enrol->store);
  g_free (enrol->config_dir);
  g_free (enrol->url);
  if (enrol->token != NULL)
    memset (enrol->token, 0, strlen (enrol->token));
  g_free (enrol->token);
  g_free (enrol->pin);
  g_free (enrol->previous_url);
  g_free (enrol->offered);
  g_free (enrol);
}


static void
enrol_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EnrolData *enrol = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(DisSyncEnrolment) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  DisSyncConn conn = { 0 };
  DisCodecPoint point;
  const char *device;
  guint status;

  g_main_context_push_thread_default (context);
  _dis_sync_conn_init_session (&conn, enrol->timeout_s);
  conn.cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  conn.base_url = g_strdup (enrol->url);
  conn.token = g_strdup (enrol->token);
  conn.pin = g_strdup (enrol->pin);

  reply = _dis_sync_conn_request (&conn, "GET", "/api/v1/me", NULL, &status, &error);
  enrol->offered = g_strdup (conn.offered);
  _dis_sync_conn_clear (&conn);
  g_main_context_pop_thread_default (context);

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (status != SOUP_STATUS_OK || !dis_codec_me_decode (reply, &point, &device, &local_error))
    {
      g_debug ("me: %s", local_error ? local_error->message : "not 200");
      _dis_sync_fail (&error, DIS_SYNC_ERROR_PROTOCOL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!dis_store_sync_enrol (enrol->store, point.code, point.name, device, &point,
                             g_strcmp0 (enrol->previous_url, enrol->url) != 0, &error) ||
      !_dis_sync_config_save (enrol->config_dir, enrol->url, enrol->token, enrol->pin, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (DisSyncEnrolment, 1);
  result->hub_url = g_strdup (enrol->url);
  result->point_code = g_strdup (point.code);
  result->point_name = g_strdup (point.name);
  result->device_id = g_strdup (device);
  result->certificate_fingerprint = g_strdup (enrol->pin);
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) dis_sync_enrolment_free);
}


void
dis_sync_client_enrol_async (DisSyncClient       *self,
                             const char          *hub_url,
                             const char          *token,
                             const char          *pinned_fingerprint,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  EnrolData *enrol;

  g_return_if_fail (DIS_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dis_sync_client_enrol_async);

  url = _dis_sync_normalize_url (hub_url, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (token == NULL || *token == '\0' || strpbrk (token, " \t\r\n") != NULL)
    {
      _dis_sync_fail (&error, DIS_SYNC_ERROR_UNAUTHORIZED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  enrol = g_new0 (EnrolData, 1);
  enrol->store = g_object_ref (self->store);
  enrol->config_dir = g_strdup (self->config_dir);
  enrol->url = g_steal_pointer (&url);
  enrol->token = g_strdup (token);
  enrol->pin = pinned_fingerprint && *pinned_fingerprint ? g_ascii_strup (pinned_fingerprint, -1) : NULL;
  enrol->previous_url = g_strdup (self->config.url);
  enrol->timeout_s = self->timing.timeout_s;
  g_task_set_task_data (task, enrol, enrol_data_free);
  g_task_run_in_thread (task, enrol_thread);
}

DisSyncEnrolment *
dis_sync_client_enrol_finish (DisSyncClient  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  EnrolData *enrol;
  DisSyncEnrolment *enrolment;

  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dis_sync_client_enrol_async, NULL);

  enrol = g_task_get_task_data (G_TASK (result));
  if (enrol != NULL)
    {
      g_free (self->offered_fingerprint);
      self->offered_fingerprint = g_strdup (enrol->offered);
    }

  enrolment = g_task_propagate_pointer (G_TASK (result), error);
  if (enrolment == NULL)
    return NULL;

  /* The new settings take over from whatever ran before. */
  dis_sync_client_stop (self);
  _dis_sync_config_clear (&self->config);
  self->config.url = g_strdup (enrol->url);
  self->config.token = g_strdup (enrol->token);
  self->config.pin = g_strdup (enrol->pin);
  set_last_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUB_URL]);
  dis_sync_client_start (self);
  return enrolment;
}

const char *
dis_sync_client_get_offered_fingerprint (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);

  return self->offered_fingerprint;
}

/* ---- Properties ------------------------------------------------------------ */

DisSyncState
dis_sync_client_get_state (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), DIS_SYNC_STATE_NOT_ENROLLED);
  return self->state;
}

gint64
dis_sync_client_get_pending_events (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return self->pending_events;
}

gint64
dis_sync_client_get_oldest_pending (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return self->oldest_pending;
}

gint64
dis_sync_client_get_last_success (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return self->last_success;
}

const char *
dis_sync_client_get_last_error (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);
  return self->last_error;
}

gint64
dis_sync_client_get_dead_letters (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return self->dead_letters;
}

const char *
dis_sync_client_get_hub_url (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);
  return self->config.url;
}

const char *
_dis_sync_client_get_config_dir (DisSyncClient *self)
{
  return self->config_dir;
}

guint
_dis_sync_client_get_timeout_s (DisSyncClient *self)
{
  return self->timing.timeout_s;
}

gint64
dis_sync_client_get_unapplied_changes (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), 0);
  return g_strv_length (self->unapplied_reasons);
}

const char * const *
dis_sync_client_get_unapplied_reasons (DisSyncClient *self)
{
  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (self), NULL);
  return (const char * const *) self->unapplied_reasons;
}

static void
dis_sync_client_dispose (GObject *object)
{
  DisSyncClient *self = (DisSyncClient *)object;

  dis_sync_client_stop (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->outbox_handler, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dis_sync_client_parent_class)->dispose (object);
}

static void
dis_sync_client_finalize (GObject *object)
{
  DisSyncClient *self = (DisSyncClient *)object;

  _dis_sync_config_clear (&self->config);
  g_clear_pointer (&self->config_dir, g_free);
  g_clear_pointer (&self->offered_fingerprint, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->unapplied_reasons, g_strfreev);
  g_clear_pointer (&self->owner, g_main_context_unref);

  G_OBJECT_CLASS (dis_sync_client_parent_class)->finalize (object);
}

static void
dis_sync_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DisSyncClient *self = DIS_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PENDING_EVENTS:
      g_value_set_int64 (value, self->pending_events);
      break;
    case PROP_OLDEST_PENDING:
      g_value_set_int64 (value, self->oldest_pending);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_DEAD_LETTERS:
      g_value_set_int64 (value, self->dead_letters);
      break;
    case PROP_HUB_URL:
      g_value_set_string (value, self->config.url);
      break;
    case PROP_UNAPPLIED_CHANGES:
      g_value_set_int64 (value, dis_sync_client_get_unapplied_changes (self));
      break;
    case PROP_UNAPPLIED_REASONS:
      g_value_set_boxed (value, self->unapplied_reasons);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_sync_client_class_init (DisSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dis_sync_client_dispose;
  object_class->finalize = dis_sync_client_finalize;
  object_class->get_property = dis_sync_client_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      DIS_SYNC_STATE_NOT_ENROLLED, DIS_SYNC_STATE_ERROR, DIS_SYNC_STATE_NOT_ENROLLED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_EVENTS] =
    g_param_spec_int64 ("pending-events", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OLDEST_PENDING] =
    g_param_spec_int64 ("oldest-pending", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEAD_LETTERS] =
    g_param_spec_int64 ("dead-letters", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HUB_URL] =
    g_param_spec_string ("hub-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UNAPPLIED_CHANGES] =
    g_param_spec_int64 ("unapplied-changes", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNAPPLIED_REASONS] =
    g_param_spec_boxed ("unapplied-reasons", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_sync_client_init (DisSyncClient *self)
{
  self->state = DIS_SYNC_STATE_NOT_ENROLLED;
  self->unapplied_reasons = g_new0 (char *, 1);
  self->timing = (DisSyncTiming) { DEFAULT_BASE_MS, DEFAULT_CAP_MS, DEFAULT_PERIODIC_MS,
                                   DEFAULT_TIMEOUT_S, 0, FALSE };
}

