/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-coordinator"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "dis-hub-coordinator.h"
#include "dis-hub-settings.h"

/* Coordinators, their sessions and the audit log in the hub database. */

char *
dis_hub_coordinator_name_check (const char  *name,
                                GError     **error)
{
  g_autofree char *trimmed = NULL;
  glong length;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    goto bad;
  trimmed = g_strstrip (g_strdup (name));
  length = g_utf8_strlen (trimmed, -1);
  if (length < 1 || length > DIS_HUB_COORDINATOR_NAME_MAX)
    goto bad;
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      goto bad;
  return g_steal_pointer (&trimmed);

bad:
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
               "a coordinator's name has 1 to %d characters, none of them control characters",
               DIS_HUB_COORDINATOR_NAME_MAX);
  return NULL;
}

char *
dis_hub_coordinator_hash (DisHubDb    *db,
                          const char  *passphrase,
                          GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  gint64 ops, mem_kib;

  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!dis_hub_settings_get (db, "coordinator.pwhash_opslimit", &ops, error) ||
      !dis_hub_settings_get (db, "coordinator.pwhash_memlimit_kib", &mem_kib, error))
    return NULL;
  if (crypto_pwhash_str (hash, passphrase, strlen (passphrase),
                         (unsigned long long) ops, (size_t) mem_kib * 1024) != 0)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB,
                   "the passphrase could not be hashed (out of memory?)");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
dis_hub_audit (DisHubDb    *db,
               gint64       coordinator,
               const char  *point,
               const char  *action,
               const char  *target,
               JsonNode    *detail,
               GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  g_autofree char *text = detail != NULL ? dis_hub_json_to_string (detail) : g_strdup ("{}");

  g_return_val_if_fail (action != NULL, FALSE);

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO audit_log (at, coordinator, point_code, action, target, detail)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, now);
  if (coordinator > 0)
    dis_hub_stmt_bind_int64 (stmt, 2, coordinator);
  dis_hub_stmt_bind_text (stmt, 3, point);
  dis_hub_stmt_bind_text (stmt, 4, action);
  dis_hub_stmt_bind_text (stmt, 5, target);
  dis_hub_stmt_bind_text (stmt, 6, text);
  return dis_hub_db_step_done (db, stmt, error);
}

gboolean
dis_hub_coordinator_add (DisHubDb    *db,
                         const char  *name,
                         const char  *passphrase,
                         GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *checked = dis_hub_coordinator_name_check (name, error);
  g_autofree char *hash = NULL;
  g_autofree char *now = dis_hub_now_iso ();

  if (checked == NULL)
    return FALSE;
  if (passphrase == NULL || g_utf8_strlen (passphrase, -1) < DIS_HUB_COORDINATOR_PASSPHRASE_MIN ||
      strlen (passphrase) > DIS_HUB_COORDINATOR_PASSPHRASE_MAX || !g_utf8_validate (passphrase, -1, NULL))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "the passphrase must have at least %d characters (and at most %d bytes)",
                   DIS_HUB_COORDINATOR_PASSPHRASE_MIN, DIS_HUB_COORDINATOR_PASSPHRASE_MAX);
      return FALSE;
    }
  hash = dis_hub_coordinator_hash (db, passphrase, error);
  if (hash == NULL || !dis_hub_db_begin (db, error))
    return FALSE;
  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO coordinators (name, passphrase_hash, created_at) VALUES (?1, ?2, ?3)"
                             " ON CONFLICT (name) DO NOTHING",
                             error);
  if (stmt == NULL)
    goto failed;
  dis_hub_stmt_bind_text (stmt, 1, checked);
  dis_hub_stmt_bind_text (stmt, 2, hash);
  dis_hub_stmt_bind_text (stmt, 3, now);
  if (!dis_hub_db_step_done (db, stmt, error))
    goto failed;
  /* A name stays taken after a revocation: the audit log keeps naming
   * the person it was. */
  if (dis_hub_db_changes (db) == 0)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_EXISTS,
                   "a coordinator named “%s” exists (revoked names stay taken)", checked);
      goto failed;
    }
  if (!dis_hub_audit (db, 0, NULL, "coordinator.add", checked, NULL, error) ||
      !dis_hub_db_commit (db, error))
    goto failed;
  return TRUE;

failed:
  dis_hub_db_rollback (db);
  return FALSE;
}

JsonNode *
dis_hub_coordinator_list (DisHubDb  *db,
                          GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT c.id, c.name, c.created_at, c.revoked_at,"
                             " (SELECT count(*) FROM coordinator_sessions s WHERE s.coordinator = c.id)"
                             " FROM coordinators c ORDER BY c.name",
                             error);
  if (stmt == NULL)
    return NULL;
  json_builder_begin_array (builder);
  while (dis_hub_db_step (db, stmt, &has_row, error) && has_row)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, dis_hub_stmt_column_int64 (stmt, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, dis_hub_stmt_column_text (stmt, 1));
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, dis_hub_stmt_column_text (stmt, 2));
      json_builder_set_member_name (builder, "revoked_at");
      if (dis_hub_stmt_column_is_null (stmt, 3))
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, dis_hub_stmt_column_text (stmt, 3));
      json_builder_set_member_name (builder, "sessions");
      json_builder_add_int_value (builder, dis_hub_stmt_column_int64 (stmt, 4));
      json_builder_end_object (builder);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

gboolean
dis_hub_coordinator_revoke (DisHubDb    *db,
                            const char  *name,
                            GError     **error)
{
  g_autoptr(DisHubStmt) revoke = NULL;
  g_autoptr(DisHubStmt) end = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  gint64 id;

  g_return_val_if_fail (name != NULL, FALSE);

  if (!dis_hub_db_begin (db, error))
    return FALSE;
  if (!dis_hub_coordinator_lookup (db, name, &id, NULL, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no active coordinator is named “%s”", name);
      goto failed;
    }
  revoke = dis_hub_db_prepare (db, "UPDATE coordinators SET revoked_at = ?2 WHERE id = ?1", error);
  end = dis_hub_db_prepare (db, "DELETE FROM coordinator_sessions WHERE coordinator = ?1", error);
  if (revoke == NULL || end == NULL)
    goto failed;
  dis_hub_stmt_bind_int64 (revoke, 1, id);
  dis_hub_stmt_bind_text (revoke, 2, now);
  dis_hub_stmt_bind_int64 (end, 1, id);
  if (!dis_hub_db_step_done (db, revoke, error) ||
      !dis_hub_db_step_done (db, end, error) ||
      !dis_hub_audit (db, 0, NULL, "coordinator.revoke", name, NULL, error) ||
      !dis_hub_db_commit (db, error))
    goto failed;
  return TRUE;

failed:
  dis_hub_db_rollback (db);
  return FALSE;
}

gboolean
dis_hub_coordinator_lookup (DisHubDb    *db,
                            const char  *name,
                            gint64      *out_id,
                            char       **out_hash,
                            GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT id, passphrase_hash FROM coordinators WHERE name = ?1 AND revoked_at IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, name);
  if (!dis_hub_db_step (db, stmt, &has_row, error) || !has_row)
    return FALSE;
  *out_id = dis_hub_stmt_column_int64 (stmt, 0);
  if (out_hash != NULL)
    *out_hash = dis_hub_column_dup (stmt, 1);
  return TRUE;
}

/* Whole seconds, so the text compares and reads the same everywhere. */
static char *
iso_seconds (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

char *
dis_hub_coordinator_session_new (DisHubDb    *db,
                                 gint64       coordinator,
                                 const char  *point,
                                 char       **out_expires_at,
                                 GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *token = dis_hub_new_token ();
  g_autofree char *hash = dis_hub_hash_token (token);
  g_autofree char *created_at = iso_seconds (now);
  g_autofree char *expires_at = NULL;
  gint64 seconds;

  if (!dis_hub_settings_get (db, "coordinator.session_seconds", &seconds, error))
    return NULL;
  expires = g_date_time_add_seconds (now, (gdouble) seconds);
  expires_at = iso_seconds (expires);
  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO coordinator_sessions (token_hash, coordinator, point_code, created_at, expires_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, hash);
  dis_hub_stmt_bind_int64 (stmt, 2, coordinator);
  dis_hub_stmt_bind_text (stmt, 3, point);
  dis_hub_stmt_bind_text (stmt, 4, created_at);
  dis_hub_stmt_bind_text (stmt, 5, expires_at);
  if (!dis_hub_db_step_done (db, stmt, error))
    return NULL;
  *out_expires_at = g_steal_pointer (&expires_at);
  return g_steal_pointer (&token);
}

gboolean
dis_hub_coordinator_session_end (DisHubDb    *db,
                                 const char  *token,
                                 GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *hash = dis_hub_hash_token (token);

  stmt = dis_hub_db_prepare (db, "DELETE FROM coordinator_sessions WHERE token_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, hash);
  return dis_hub_db_step_done (db, stmt, error);
}

DisHubSession
dis_hub_coordinator_session_check (DisHubDb    *db,
                                   const char  *token,
                                   const char  *point,
                                   gint64      *out_id,
                                   char       **out_name,
                                   GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = iso_seconds (now);
  g_autofree char *hash = dis_hub_hash_token (token);
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT c.id, c.name, c.revoked_at IS NOT NULL, s.point_code, s.expires_at <= ?2"
                             " FROM coordinator_sessions s JOIN coordinators c ON c.id = s.coordinator"
                             " WHERE s.token_hash = ?1",
                             error);
  if (stmt == NULL)
    return DIS_HUB_SESSION_UNKNOWN;
  dis_hub_stmt_bind_text (stmt, 1, hash);
  dis_hub_stmt_bind_text (stmt, 2, now_text);
  if (!dis_hub_db_step (db, stmt, &has_row, error) || !has_row)
    return DIS_HUB_SESSION_UNKNOWN;
  if (dis_hub_stmt_column_int64 (stmt, 2))
    return DIS_HUB_SESSION_REVOKED;
  if (dis_hub_stmt_column_int64 (stmt, 4))
    {
      g_clear_pointer (&stmt, dis_hub_stmt_release);
      if (!dis_hub_coordinator_session_end (db, token, error))
        return DIS_HUB_SESSION_UNKNOWN;
      return DIS_HUB_SESSION_EXPIRED;
    }
  if (g_strcmp0 (dis_hub_stmt_column_text (stmt, 3), point) != 0)
    return DIS_HUB_SESSION_WRONG_POINT;
  *out_id = dis_hub_stmt_column_int64 (stmt, 0);
  *out_name = dis_hub_column_dup (stmt, 1);
  return DIS_HUB_SESSION_OK;
}
