/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-coordinator"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "dis-hub-coordinator.h"
#include "dis-hub-coordinator-routes.h"
#include "dis-hub-members.h"
#include "dis-hub-settings.h"
#include "dis-member.h"

/* The coordinators' endpoints: signing in at a point (the point's bearer
 * token and the coordinator's name and passphrase), and the actions,
 * each carrying the session in X-Disotto-Coordinator beside the point's
 * token, each written to the audit log in the transaction that does it. */

#define SESSION_HEADER   "X-Disotto-Coordinator"
#define FAILURES_MAX     5                    /* failed sign-ins … */
#define FAILURE_WINDOW   (15 * 60)            /* … per point and name in this many seconds */
#define LIMITER_MAX      10000                /* pairs remembered before old ones are dropped */
#define STATUS_TOO_MANY_REQUESTS 429          /* RFC 6585; libsoup 3.2 has no name for it */

/* ---- Failed sign-ins, per point and name --------------------------------- */

typedef struct
{
  guint  failures;
  gint64 since;      /* monotonic seconds of the first failure of the window */
} Failures;

/* One table for the process: `serve` runs one hub. Kept in memory: a
 * restart forgives, which the Argon2id cost makes harmless. */
static GHashTable *
limiter (void)
{
  static GHashTable *table;

  if (table == NULL)
    table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return table;
}

static char *
limiter_key (const char *point,
             const char *name)
{
  return g_strconcat (point, "\n", name, NULL);
}

static gboolean
prune_cb (gpointer key,
          gpointer value,
          gpointer data)
{
  const Failures *failures = value;

  return *(const gint64 *) data - failures->since >= FAILURE_WINDOW;
}

/* Seconds until @point may try @name again, 0 when it may now. */
static gint64
limiter_wait (const char *point,
              const char *name)
{
  g_autofree char *key = limiter_key (point, name);
  Failures *failures = g_hash_table_lookup (limiter (), key);
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (failures == NULL)
    return 0;
  if (now - failures->since >= FAILURE_WINDOW)
    {
      g_hash_table_remove (limiter (), key);
      return 0;
    }
  return failures->failures >= FAILURES_MAX ? failures->since + FAILURE_WINDOW - now : 0;
}

static void
limiter_note (const char *point,
              const char *name,
              gboolean    failed)
{
  g_autofree char *key = limiter_key (point, name);
  Failures *failures;
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (!failed)
    {
      g_hash_table_remove (limiter (), key);
      return;
    }
  if (g_hash_table_size (limiter ()) >= LIMITER_MAX)
    g_hash_table_foreach_remove (limiter (), prune_cb, &now);
  failures = g_hash_table_lookup (limiter (), key);
  if (failures == NULL)
    {
      failures = g_new0 (Failures, 1);
      failures->since = now;
      g_hash_table_insert (limiter (), g_steal_pointer (&key), failures);
    }
  failures->failures++;
}

/* ---- Requests -------------------------------------------------------------- */

JsonObject *
_dis_hub_coordinator_read_object (Hub                *hub,
                                  SoupServerMessage  *msg,
                                  const char * const *allowed,
                                  JsonNode          **out_root)
{
  g_autoptr(JsonNode) root = _dis_hub_read_json_body (hub, msg);
  JsonObject *object;
  g_autoptr(GList) names = NULL;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "the body must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *message = g_strdup_printf ("unknown member “%.64s”", (const char *) l->data);

        _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
        return NULL;
      }
  *out_root = g_steal_pointer (&root);
  return object;
}

void
_dis_hub_coordinator_reply_failure (SoupServerMessage *msg,
                                    const char        *what,
                                    const GError      *error)
{
  if (g_error_matches (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND))
    _dis_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", error->message);
  else if (g_error_matches (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID))
    _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", error->message);
  else if (g_error_matches (error, DIS_HUB_ERROR, DIS_HUB_ERROR_EXISTS))
    _dis_hub_reply_error (msg, SOUP_STATUS_CONFLICT, "conflict", error->message);
  else
    {
      g_warning ("%s: %s", what, error != NULL ? error->message : "?");
      _dis_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
    }
}

void
_dis_hub_actor_clear (DisHubActor *actor)
{
  g_clear_pointer (&actor->name, g_free);
  g_clear_pointer (&actor->point, g_free);
}

/* The point's token and the coordinator's session, both; answers the
 * request when either is missing or refused. */
static gboolean
authorize (Hub               *hub,
           SoupServerMessage *msg,
           DisHubActor       *actor)
{
  g_autofree char *device = NULL;
  g_autoptr(GError) error = NULL;
  const char *token;
  DisHubSession session;

  if (!_dis_hub_authenticate (hub, msg, &actor->point, &device))
    return FALSE;
  token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), SESSION_HEADER);
  if (token == NULL || *token == '\0')
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "coordinator_required",
                            "sign in as a coordinator first");
      return FALSE;
    }
  session = dis_hub_coordinator_session_check (hub->db, token, actor->point, &actor->id, &actor->name, &error);
  if (error != NULL)
    {
      g_warning ("coordinator session: %s", error->message);
      _dis_hub_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "database error");
      return FALSE;
    }
  switch (session)
    {
    case DIS_HUB_SESSION_OK:
      return TRUE;
    case DIS_HUB_SESSION_EXPIRED:
      _dis_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "session_expired",
                            "the coordinator's session expired: sign in again");
      return FALSE;
    case DIS_HUB_SESSION_REVOKED:
      _dis_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "coordinator_revoked",
                            "this coordinator's credentials were revoked");
      return FALSE;
    case DIS_HUB_SESSION_WRONG_POINT:
      _dis_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "wrong_point",
                            "this session was opened at another point");
      return FALSE;
    case DIS_HUB_SESSION_UNKNOWN:
    default:
      _dis_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "session_unknown",
                            "no such coordinator session: sign in again");
      return FALSE;
    }
}

/* ---- Signing in -------------------------------------------------------------- */

typedef struct
{
  Hub               *hub;
  SoupServerMessage *msg;
  gulong             finished_id;
  gboolean           gone;          /* the connection ended while hashing */
  char              *point;
  char              *name;
  char              *passphrase;
  char              *hash;          /* NULL: no such coordinator */
  gint64             id;
  gint64             ops;
  gint64             mem_kib;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  if (sign_in->passphrase != NULL)
    sodium_memzero (sign_in->passphrase, strlen (sign_in->passphrase));
  g_clear_signal_handler (&sign_in->finished_id, sign_in->msg);
  g_object_unref (sign_in->msg);
  g_free (sign_in->point);
  g_free (sign_in->name);
  g_free (sign_in->passphrase);
  g_free (sign_in->hash);
  g_free (sign_in);
}

/* The same work for an unknown name as for a known one: a whole Argon2id
 * with the hub's current limits, so the answer takes as long. */
static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  SignIn *sign_in = data;
  gboolean ok;

  if (sign_in->hash != NULL)
    ok = crypto_pwhash_str_verify (sign_in->hash, sign_in->passphrase, strlen (sign_in->passphrase)) == 0;
  else
    {
      char scratch[crypto_pwhash_STRBYTES];

      /* Fails only out of memory; the answer is "no" either way. */
      if (crypto_pwhash_str (scratch, sign_in->passphrase, strlen (sign_in->passphrase),
                             (unsigned long long) sign_in->ops, (size_t) sign_in->mem_kib * 1024) != 0)
        g_debug ("hashing for an unknown name failed");
      ok = FALSE;
    }
  g_task_return_boolean (task, ok);
}

static JsonNode *
detail_name (const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
sign_in_answer (SignIn   *sign_in,
                gboolean  ok)
{
  Hub *hub = sign_in->hub;
  SoupServerMessage *msg = sign_in->msg;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) detail = detail_name (sign_in->name);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires_at = NULL;

  limiter_note (sign_in->point, sign_in->name, !ok);
  if (!dis_hub_db_begin (hub->db, &error))
    goto failed;
  if (!ok)
    {
      /* The refusal is logged too: the admin sees who is being tried. */
      if (!dis_hub_audit (hub->db, sign_in->id, sign_in->point, "session.refused", sign_in->name, detail, &error) ||
          !dis_hub_db_commit (hub->db, &error))
        goto failed;
      _dis_hub_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "bad_credentials",
                            "unknown coordinator or wrong passphrase");
      return;
    }
  token = dis_hub_coordinator_session_new (hub->db, sign_in->id, sign_in->point, &expires_at, &error);
  if (token == NULL ||
      !dis_hub_audit (hub->db, sign_in->id, sign_in->point, "session.start", sign_in->name, NULL, &error) ||
      !dis_hub_db_commit (hub->db, &error))
    goto failed;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sign_in->name);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  _dis_hub_reply_json (msg, SOUP_STATUS_OK, reply);
  sodium_memzero (token, strlen (token));
  return;

failed:
  dis_hub_db_rollback (hub->db);
  _dis_hub_coordinator_reply_failure (msg, "coordinator sign-in", error);
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SignIn *sign_in = g_task_get_task_data (G_TASK (result));
  gboolean ok = g_task_propagate_boolean (G_TASK (result), NULL);

  if (!sign_in->gone)
    {
      sign_in_answer (sign_in, ok);
      soup_server_message_unpause (sign_in->msg);
    }
}

static void
message_finished_cb (SoupServerMessage *msg,
                     gpointer           data)
{
  ((SignIn *) data)->gone = TRUE;
}

static void
session_start (Hub               *hub,
               SoupServerMessage *msg)
{
  static const char * const allowed[] = { "name", "passphrase", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *point = NULL, *device = NULL, *name = NULL;
  JsonObject *object;
  const char *passphrase;
  SignIn *sign_in;
  gint64 wait;

  if (!_dis_hub_authenticate (hub, msg, &point, &device))
    return;
  object = _dis_hub_coordinator_read_object (hub, msg, allowed, &root);
  if (object == NULL)
    return;
  passphrase = dis_hub_json_string (object, "passphrase");
  name = dis_hub_coordinator_name_check (dis_hub_json_string (object, "name"), NULL);
  if (name == NULL || passphrase == NULL || *passphrase == '\0' ||
      strlen (passphrase) > DIS_HUB_COORDINATOR_PASSPHRASE_MAX)
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            "name and passphrase are required strings");
      return;
    }
  wait = limiter_wait (point, name);
  if (wait > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      _dis_hub_reply_error (msg, STATUS_TOO_MANY_REQUESTS, "rate_limited",
                            "too many failed attempts: try again later");
      return;
    }

  sign_in = g_new0 (SignIn, 1);
  sign_in->hub = hub;
  sign_in->msg = g_object_ref (msg);
  sign_in->point = g_steal_pointer (&point);
  sign_in->name = g_steal_pointer (&name);
  sign_in->passphrase = g_strdup (passphrase);
  if ((!dis_hub_coordinator_lookup (hub->db, sign_in->name, &sign_in->id, &sign_in->hash, &error) && error != NULL) ||
      !dis_hub_settings_get (hub->db, "coordinator.pwhash_opslimit", &sign_in->ops, &error) ||
      !dis_hub_settings_get (hub->db, "coordinator.pwhash_memlimit_kib", &sign_in->mem_kib, &error))
    {
      sign_in_free (sign_in);
      _dis_hub_coordinator_reply_failure (msg, "coordinator sign-in", error);
      return;
    }
  /* Argon2id takes a while by design: off the loop that serves every point. */
  sign_in->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (message_finished_cb), sign_in);
  soup_server_message_pause (msg);
  task = g_task_new (NULL, NULL, verified_cb, NULL);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, verify_thread);
}

static void
session_end (Hub               *hub,
             SoupServerMessage *msg)
{
  g_auto(DisHubActor) actor = { 0, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  const char *token;

  if (!authorize (hub, msg, &actor))
    return;
  token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), SESSION_HEADER);
  if (!dis_hub_db_begin (hub->db, &error) ||
      !dis_hub_coordinator_session_end (hub->db, token, &error) ||
      !dis_hub_audit (hub->db, actor.id, actor.point, "session.end", actor.name, NULL, &error) ||
      !dis_hub_db_commit (hub->db, &error))
    {
      dis_hub_db_rollback (hub->db);
      _dis_hub_coordinator_reply_failure (msg, "coordinator sign-out", error);
      return;
    }
  reply = json_from_string ("{\"ended\":true}", NULL);
  _dis_hub_reply_json (msg, SOUP_STATUS_OK, reply);
}

/* ---- Members ------------------------------------------------------------------ */

static JsonNode *
member_detail (const char *kind,
               const char *expires_on)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (kind != NULL)
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
      json_builder_set_member_name (builder, "expires_on");
      if (expires_on != NULL)
        json_builder_add_string_value (builder, expires_on);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
member_action (Hub               *hub,
               SoupServerMessage *msg,
               const char        *card_text)
{
  static const char * const allowed[] = { "action", "kind", "expires_on", NULL };
  g_auto(DisHubActor) actor = { 0, NULL, NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *card = NULL;
  g_autofree char *audit_action = NULL;
  JsonObject *object;
  JsonNode *expires_node;
  const char *action, *kind = NULL, *expires_on = NULL;
  gboolean ok;

  if (!authorize (hub, msg, &actor))
    return;
  card = dis_member_card_normalize (card_text);
  if (card == NULL)
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_card", "not a member card code");
      return;
    }
  object = _dis_hub_coordinator_read_object (hub, msg, allowed, &root);
  if (object == NULL)
    return;
  action = dis_hub_json_string (object, "action");
  expires_node = json_object_get_member (object, "expires_on");
  if (g_strcmp0 (action, "set_basis") == 0)
    {
      kind = dis_hub_json_string (object, "kind");
      expires_on = dis_hub_json_string (object, "expires_on");
      if (kind == NULL || (expires_node != NULL && !JSON_NODE_HOLDS_NULL (expires_node) && expires_on == NULL))
        {
          _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                                "set_basis needs a kind, and expires_on is a date or null");
          return;
        }
    }
  else if ((g_strcmp0 (action, "validate") != 0 && g_strcmp0 (action, "suspend") != 0) ||
           json_object_has_member (object, "kind") || expires_node != NULL)
    {
      _dis_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            "action is validate, suspend or set_basis (with kind and expires_on)");
      return;
    }

  if (!dis_hub_db_begin (hub->db, &error))
    goto failed;
  if (kind != NULL)
    /* The coordinator signed in is who verified it. */
    ok = dis_hub_members_set_basis (hub->db, card, kind, actor.name, expires_on, &error);
  else
    ok = dis_hub_members_set_status (hub->db, card, g_str_equal (action, "validate") ? DIS_MEMBER_VALIDATED
                                                                                   : DIS_MEMBER_SUSPENDED,
                                     &error);
  audit_action = g_strconcat ("member.", action, NULL);
  detail = member_detail (kind, expires_on);
  if (!ok ||
      !dis_hub_audit (hub->db, actor.id, actor.point, audit_action, card, detail, &error) ||
      !dis_hub_db_commit (hub->db, &error))
    goto failed;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "card_code");
  json_builder_add_string_value (builder, card);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_end_object (builder);
  reply = json_builder_get_root (builder);
  _dis_hub_reply_json (msg, SOUP_STATUS_OK, reply);
  return;

failed:
  dis_hub_db_rollback (hub->db);
  _dis_hub_coordinator_reply_failure (msg, "coordinator member action", error);
}

/* ---- Routing --------------------------------------------------------------------- */

static gboolean
method_is (SoupServerMessage *msg,
           const char        *allowed)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) methods = g_strsplit (allowed, ", ", -1);

  if (g_strv_contains ((const char * const *) methods, method))
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  _dis_hub_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                        "this method is not allowed here");
  return FALSE;
}

/* The one segment after @prefix in @path, or NULL: no slash in it. */
static const char *
segment_after (const char *path,
               const char *prefix)
{
  const char *rest;

  if (!g_str_has_prefix (path, prefix))
    return NULL;
  rest = path + strlen (prefix);
  return *rest != '\0' && strchr (rest, '/') == NULL ? rest : NULL;
}

void
dis_hub_coordinator_route (Hub               *hub,
                           SoupServerMessage *msg,
                           const char        *path)
{
  const char *card;

  if (g_str_equal (path, DIS_HUB_COORDINATOR_PREFIX "session"))
    {
      if (!method_is (msg, "POST, DELETE"))
        return;
      if (g_str_equal (soup_server_message_get_method (msg), "POST"))
        session_start (hub, msg);
      else
        session_end (hub, msg);
      return;
    }
  if ((card = segment_after (path, DIS_HUB_COORDINATOR_PREFIX "members/")) != NULL)
    {
      if (method_is (msg, "POST"))
        member_action (hub, msg, card);
      return;
    }
  if (g_str_equal (path, DIS_HUB_COORDINATOR_PREFIX "reviews") ||
      segment_after (path, DIS_HUB_COORDINATOR_PREFIX "reviews/") != NULL)
    {
      const char *sale_id = segment_after (path, DIS_HUB_COORDINATOR_PREFIX "reviews/");
      g_auto(DisHubActor) actor = { 0, NULL, NULL };

      if (method_is (msg, sale_id != NULL ? "POST" : "GET") && authorize (hub, msg, &actor))
        _dis_hub_coordinator_reviews (hub, msg, &actor, sale_id);
      return;
    }
  _dis_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such endpoint");
}
