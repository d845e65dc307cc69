/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "dis-sync-coordinator.h"
#include "dis-sync-private.h"

/* A coordinator's session and actions: one request to the hub per call,
 * in a thread, with the device's token, its pinned certificate and the
 * session; the reply read back on the owner's context. */

G_DEFINE_QUARK (dis-coordinator-error-quark, dis_coordinator_error)

struct _DisCoordinator
{
  GObject        parent_instance;

  DisSyncClient *client;
  char          *name;
  char          *token;
  /* Bumped at every sign-in and sign-out: a late answer to an older
   * session changes nothing. */
  guint          generation;
};

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DisCoordinator, dis_coordinator, G_TYPE_OBJECT)

void
dis_flagged_sale_free (DisFlaggedSale *sale)
{
  if (sale == NULL)
    return;
  g_free (sale->sale_id);
  g_free (sale->point);
  g_free (sale->receipt_no);
  g_free (sale->created_at);
  g_free (sale->tier);
  g_free (sale->reason);
  g_free (sale->fund_period);
  g_free (sale);
}

static void
wipe (char *text)
{
  if (text != NULL)
    sodium_memzero (text, strlen (text));
  g_free (text);
}

/* ---- One call ---------------------------------------------------------------- */

typedef struct
{
  char     *config_dir;
  guint     timeout_s;
  char     *session;      /* "" when signing in */
  char     *method;
  char     *path;
  GBytes   *body;
  guint     generation;
  guint     status;
  JsonNode *reply;
} Call;

static void
call_free (Call *call)
{
  g_free (call->config_dir);
  wipe (call->session);
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->reply, json_node_unref);
  g_free (call);
}

static void
call_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Call *call = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  DisSyncConn conn = { 0 };

  if (!dis_sync_config_read (call->config_dir, &conn.base_url, &conn.token, &conn.pin))
    {
      _dis_sync_conn_clear (&conn);
      g_task_return_new_error (task, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_OFFLINE,
                               _("This till is not connected to a hub: coordinators need the network"));
      return;
    }
  g_main_context_push_thread_default (context);
  _dis_sync_conn_init_session (&conn, call->timeout_s);
  conn.cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  conn.coordinator = g_strdup (call->session);
  call->reply = _dis_sync_conn_request (&conn, call->method, call->path, call->body, &call->status, &error);
  _dis_sync_conn_clear (&conn);
  g_main_context_pop_thread_default (context);

  if (call->reply != NULL)
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (g_error_matches (error, DIS_SYNC_ERROR, DIS_SYNC_ERROR_NETWORK))
    g_task_return_new_error (task, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_OFFLINE,
                             _("The hub cannot be reached: coordinators need the network"));
  else
    /* The device's own trouble (token, certificate, the hub's failure):
     * the sync client's words for it. */
    g_task_return_new_error (task, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_FAILED,
                             "%s", error->message);
}

/* Starts @method @path (with @body, taken) for @self's session (NULL:
 * none needed, signing in); fails at once with NOT_SIGNED_IN when one is
 * needed and there is none. */
static void
call_start (DisCoordinator      *self,
            gpointer             source_tag,
            const char          *method,
            const char          *path,
            JsonNode            *body,
            gboolean             needs_session,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *call;

  g_task_set_source_tag (task, source_tag);
  if (needs_session && self->token == NULL)
    {
      g_task_return_new_error (task, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_NOT_SIGNED_IN,
                               _("Sign in as a coordinator first"));
      return;
    }
  call = g_new0 (Call, 1);
  call->config_dir = g_strdup (_dis_sync_client_get_config_dir (self->client));
  call->timeout_s = _dis_sync_client_get_timeout_s (self->client);
  call->session = g_strdup (needs_session ? self->token : "");
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      call->body = g_bytes_new_with_free_func (text, strlen (text), (GDestroyNotify) wipe, text);
    }
  call->generation = self->generation;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_task_run_in_thread (task, call_thread);
}

static const char *
reply_code (JsonNode *reply)
{
  const char *code = _dis_sync_error_code_of (reply);

  return code != NULL ? code : "";
}

static void
forget_session (DisCoordinator *self)
{
  gboolean had = self->name != NULL;

  self->generation++;
  wipe (g_steal_pointer (&self->token));
  g_clear_pointer (&self->name, g_free);
  if (had)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/* The call's reply, or the error it stands for; a session the hub no
 * longer takes is forgotten here. */
static JsonNode *
call_finish (DisCoordinator  *self,
             GAsyncResult    *result,
             gpointer         source_tag,
             GError         **error)
{
  Call *call;
  const char *code;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  call = g_task_get_task_data (G_TASK (result));
  if (SOUP_STATUS_IS_SUCCESSFUL (call->status))
    return json_node_ref (call->reply);

  code = reply_code (call->reply);
  if (g_str_equal (code, "bad_credentials"))
    g_set_error_literal (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_BAD_CREDENTIALS,
                         _("Unknown coordinator or wrong passphrase"));
  else if (g_str_equal (code, "rate_limited"))
    g_set_error_literal (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_RATE_LIMITED,
                         _("Too many failed attempts: try again in a quarter of an hour"));
  else if (call->status == SOUP_STATUS_UNAUTHORIZED || call->status == SOUP_STATUS_FORBIDDEN)
    {
      if (call->generation == self->generation)
        forget_session (self);
      if (g_str_equal (code, "wrong_point"))
        g_set_error_literal (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_FORBIDDEN,
                             _("The hub refused: this coordinator session belongs to another point"));
      else if (g_str_equal (code, "coordinator_revoked"))
        g_set_error_literal (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_SESSION_ENDED,
                             _("The hub revoked this coordinator’s credentials"));
      else
        g_set_error_literal (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_SESSION_ENDED,
                             _("The coordinator session has ended: sign in again"));
    }
  else if (call->status == SOUP_STATUS_NOT_FOUND)
    g_set_error_literal (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_NOT_FOUND,
                         _("The hub does not know this member or sale"));
  else
    {
      g_debug ("coordinator %s %s: status %u, code %s", call->method, call->path, call->status, code);
      g_set_error_literal (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_REFUSED,
                           _("The hub refused this action as it stands"));
    }
  return NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
fail_protocol (GError **error)
{
  g_set_error_literal (error, DIS_COORDINATOR_ERROR, DIS_COORDINATOR_ERROR_FAILED,
                       _("The hub sent a reply this till does not understand"));
  return FALSE;
}

/* ---- Session ------------------------------------------------------------------- */

void
dis_coordinator_sign_in_async (DisCoordinator      *self,
                               const char          *name,
                               const char          *passphrase,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (DIS_IS_COORDINATOR (self));
  g_return_if_fail (name != NULL && passphrase != NULL);

  /* A new sign-in replaces whoever was signed in. */
  if (self->token != NULL)
    dis_coordinator_sign_out (self);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "passphrase");
  json_builder_add_string_value (builder, passphrase);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  call_start (self, dis_coordinator_sign_in_async, "POST", "/api/v1/coordinator/session", body, FALSE,
              cancellable, callback, user_data);
}

gboolean
dis_coordinator_sign_in_finish (DisCoordinator  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_autoptr(JsonNode) reply = NULL;
  const char *token, *name;
  Call *call;

  g_return_val_if_fail (DIS_IS_COORDINATOR (self), FALSE);

  reply = call_finish (self, result, dis_coordinator_sign_in_async, error);
  if (reply == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (reply) ||
      (token = member_string (json_node_get_object (reply), "token")) == NULL ||
      (name = member_string (json_node_get_object (reply), "name")) == NULL)
    return fail_protocol (error);
  call = g_task_get_task_data (G_TASK (result));
  if (call->generation != self->generation)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Signed out meanwhile"));
      return FALSE;
    }
  self->generation++;
  self->token = g_strdup (token);
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  return TRUE;
}

static void
ended_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call_finish (DIS_COORDINATOR (source), result, dis_coordinator_sign_out, &error);
  if (reply == NULL)
    g_debug ("ending the coordinator session on the hub: %s", error->message);
}

void
dis_coordinator_sign_out (DisCoordinator *self)
{
  g_return_if_fail (DIS_IS_COORDINATOR (self));

  if (self->token == NULL)
    return;
  call_start (self, dis_coordinator_sign_out, "DELETE", "/api/v1/coordinator/session", NULL, TRUE,
              NULL, ended_cb, NULL);
  forget_session (self);
}

/* ---- Members -------------------------------------------------------------------- */

void
dis_coordinator_member_async (DisCoordinator       *self,
                              const char           *card_code,
                              DisCoordinatorAction  action,
                              DisBasisKind          basis,
                              const char           *expires_on,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  static const char * const actions[] = { "validate", "suspend", "set_basis" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *card = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DIS_IS_COORDINATOR (self));
  g_return_if_fail (action <= DIS_COORDINATOR_SET_BASIS);
  card = dis_member_card_normalize (card_code);
  g_return_if_fail (card != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, actions[action]);
  if (action == DIS_COORDINATOR_SET_BASIS)
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, dis_basis_kind_to_code (basis));
      json_builder_set_member_name (builder, "expires_on");
      if (expires_on != NULL)
        json_builder_add_string_value (builder, expires_on);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strconcat ("/api/v1/coordinator/members/", card, NULL);
  call_start (self, dis_coordinator_member_async, "POST", path, body, TRUE, cancellable, callback, user_data);
}

gboolean
dis_coordinator_member_finish (DisCoordinator  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_autoptr(JsonNode) reply = NULL;

  g_return_val_if_fail (DIS_IS_COORDINATOR (self), FALSE);

  reply = call_finish (self, result, dis_coordinator_member_async, error);
  if (reply == NULL)
    return FALSE;
  /* The hub published the change: the pull brings it here. */
  dis_sync_client_sync_now (self->client);
  return TRUE;
}

/* ---- Reviews --------------------------------------------------------------------- */

void
dis_coordinator_list_reviews_async (DisCoordinator      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (DIS_IS_COORDINATOR (self));

  call_start (self, dis_coordinator_list_reviews_async, "GET", "/api/v1/coordinator/reviews", NULL, TRUE,
              cancellable, callback, user_data);
}

GPtrArray *
dis_coordinator_list_reviews_finish (DisCoordinator  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  JsonArray *array;

  g_return_val_if_fail (DIS_IS_COORDINATOR (self), NULL);

  reply = call_finish (self, result, dis_coordinator_list_reviews_async, error);
  if (reply == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (reply))
    return fail_protocol (error), NULL;
  array = json_node_get_array (reply);
  sales = g_ptr_array_new_with_free_func ((GDestroyNotify) dis_flagged_sale_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(DisFlaggedSale) sale = g_new0 (DisFlaggedSale, 1);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail_protocol (error), NULL;
      object = json_node_get_object (node);
      sale->sale_id = g_strdup (member_string (object, "sale_id"));
      sale->point = g_strdup (member_string (object, "point"));
      sale->receipt_no = g_strdup (member_string (object, "receipt_no"));
      sale->created_at = g_strdup (member_string (object, "created_at"));
      sale->tier = g_strdup (member_string (object, "tier"));
      sale->reason = g_strdup (member_string (object, "reason"));
      sale->fund_period = g_strdup (member_string (object, "fund_period"));
      if (sale->sale_id == NULL || sale->receipt_no == NULL || sale->tier == NULL ||
          !member_int (object, "total_cents", &sale->total_cents) ||
          !member_int (object, "point_total_cents", &sale->point_total_cents))
        return fail_protocol (error), NULL;
      g_ptr_array_add (sales, g_steal_pointer (&sale));
    }
  return g_steal_pointer (&sales);
}

void
dis_coordinator_decide_review_async (DisCoordinator      *self,
                                     const char          *sale_id,
                                     gboolean             accept,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DIS_IS_COORDINATOR (self));
  g_return_if_fail (sale_id != NULL && *sale_id != '\0');

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accept");
  json_builder_add_boolean_value (builder, accept);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  escaped = g_uri_escape_string (sale_id, NULL, FALSE);
  path = g_strconcat ("/api/v1/coordinator/reviews/", escaped, NULL);
  call_start (self, dis_coordinator_decide_review_async, "POST", path, body, TRUE,
              cancellable, callback, user_data);
}

gboolean
dis_coordinator_decide_review_finish (DisCoordinator  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_autoptr(JsonNode) reply = NULL;

  g_return_val_if_fail (DIS_IS_COORDINATOR (self), FALSE);

  reply = call_finish (self, result, dis_coordinator_decide_review_async, error);
  return reply != NULL;
}

/* ---- Object ------------------------------------------------------------------------ */

const char *
dis_coordinator_get_name (DisCoordinator *self)
{
  g_return_val_if_fail (DIS_IS_COORDINATOR (self), NULL);

  return self->name;
}

static void
dis_coordinator_dispose (GObject *object)
{
  DisCoordinator *self = DIS_COORDINATOR (object);

  /* Forgotten here; the hub lets an unended session expire. */
  wipe (g_steal_pointer (&self->token));
  g_clear_object (&self->client);
  G_OBJECT_CLASS (dis_coordinator_parent_class)->dispose (object);
}

static void
dis_coordinator_finalize (GObject *object)
{
  DisCoordinator *self = DIS_COORDINATOR (object);

  g_free (self->name);
  G_OBJECT_CLASS (dis_coordinator_parent_class)->finalize (object);
}

static void
dis_coordinator_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DisCoordinator *self = DIS_COORDINATOR (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_coordinator_class_init (DisCoordinatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dis_coordinator_dispose;
  object_class->finalize = dis_coordinator_finalize;
  object_class->get_property = dis_coordinator_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dis_coordinator_init (DisCoordinator *self)
{
}

DisCoordinator *
dis_coordinator_new (DisSyncClient *client)
{
  DisCoordinator *self;

  g_return_val_if_fail (DIS_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (DIS_TYPE_COORDINATOR, NULL);
  self->client = g_object_ref (client);
  return self;
}
