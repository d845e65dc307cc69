/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-private.h"

/* Settings live in the meta table, one row a key. */

/* The upsert of one setting with @key bound; the caller binds the value
 * (?2) in its type. */
static DisStmt *
meta_prepare_set (DisDb       *db,
                  const char  *key,
                  GError     **error)
{
  DisStmt *stmt = _dis_db_prepare (db,
                                   "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                   error);

  if (stmt != NULL)
    _dis_bind_text (stmt, 1, key);
  return stmt;
}

static gboolean
meta_set_text (DisDb       *db,
               const char  *key,
               const char  *value,
               GError     **error)
{
  g_autoptr(DisStmt) stmt = meta_prepare_set (db, key, error);

  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 2, value);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
meta_set_int (DisDb       *db,
              const char  *key,
              gint64       value,
              GError     **error)
{
  g_autoptr(DisStmt) stmt = meta_prepare_set (db, key, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, value);
  return _dis_db_step_done (db, stmt, error);
}

/* Reads @key; *found FALSE when missing. The statement stays borrowed by
 * the caller through @out_stmt so the column can be read in its type. */
static gboolean
meta_get (DisDb       *db,
          const char  *key,
          DisStmt    **out_stmt,
          gboolean    *found,
          GError     **error)
{
  DisStmt *stmt;

  stmt = _dis_db_prepare (db, "SELECT value FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, key);
  if (!_dis_db_step_row (db, stmt, found, error))
    {
      _dis_stmt_release (stmt);
      return FALSE;
    }
  *out_stmt = stmt;
  return TRUE;
}

static gboolean
meta_get_int (DisDb       *db,
              const char  *key,
              gint64       fallback,
              gint64      *out,
              GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean found;

  if (!meta_get (db, key, &stmt, &found, error))
    return FALSE;
  *out = found ? sqlite3_column_int64 (stmt, 0) : fallback;
  return TRUE;
}

static gboolean
meta_get_text (DisDb       *db,
               const char  *key,
               char       **out,
               GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean found;

  if (!meta_get (db, key, &stmt, &found, error))
    return FALSE;
  *out = found ? _dis_column_dup (stmt, 0) : NULL;
  return TRUE;
}

void
dis_identity_free (DisIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->point_code);
  g_free (identity->point_name);
  g_free (identity->device_id);
  g_free (identity);
}

DisIdentity *
_dis_store_read_identity (DisDb   *db,
                          GError **error)
{
  g_autoptr(DisIdentity) identity = g_new0 (DisIdentity, 1);

  if (!meta_get_text (db, "point_code", &identity->point_code, error) ||
      !meta_get_text (db, "point_name", &identity->point_name, error) ||
      !meta_get_text (db, "device_id", &identity->device_id, error))
    return NULL;
  if (identity->point_code == NULL || identity->device_id == NULL)
    return NULL;
  if (identity->point_name == NULL)
    identity->point_name = g_strdup (identity->point_code);
  return g_steal_pointer (&identity);
}

static gboolean
is_code_like (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > 32)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
_dis_store_write_identity (DisDb       *db,
                           const char  *point_code,
                           const char  *point_name,
                           const char  *device_id,
                           GError     **error)
{
  /* Both codes end up in receipt numbers "<point>-<device>-<seq>". */
  if (!is_code_like (point_code) || !is_code_like (device_id) || strchr (device_id, '-') != NULL)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("“%s” and “%s” are not valid point and till codes"),
                   point_code ? point_code : "", device_id ? device_id : "");
      return FALSE;
    }

  return meta_set_text (db, "point_code", point_code, error) &&
         meta_set_text (db, "point_name", point_name ? point_name : point_code, error) &&
         meta_set_text (db, "device_id", device_id, error);
}

DisIdentity *
dis_store_get_identity (DisStore  *self,
                        GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_read_identity (&self->reader, error);
}

gboolean
dis_store_set_identity (DisStore    *self,
                        const char  *point_code,
                        const char  *point_name,
                        const char  *device_id,
                        GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return FALSE;
  if (!_dis_store_write_identity (&self->writer, point_code, point_name, device_id, error) ||
      !_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dis_store_read_percents (DisDb            *db,
                          DisTierPercents  *out,
                          GError          **error)
{
  DisTierPercents defaults = DIS_TIER_PERCENTS_DEFAULT;
  gint64 a, i, s;

  if (!meta_get_int (db, "tier.accessibile_bp", defaults.accessibile_bp, &a, error) ||
      !meta_get_int (db, "tier.impegno_bp", defaults.impegno_bp, &i, error) ||
      !meta_get_int (db, "tier.solidale_bp", defaults.solidale_bp, &s, error))
    return FALSE;

  out->accessibile_bp = (gint32) a;
  out->impegno_bp = (gint32) i;
  out->solidale_bp = (gint32) s;
  return TRUE;
}

gboolean
_dis_store_write_percents (DisDb                 *db,
                           const DisTierPercents *percents,
                           GError               **error)
{
  /* Percentages of Equa must keep the tier order and positive prices. */
  if (percents->accessibile_bp <= -10000 ||
      percents->accessibile_bp > percents->impegno_bp ||
      percents->impegno_bp > 0 ||
      percents->solidale_bp < 0 ||
      percents->solidale_bp > 100000)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_PRICE_ORDER,
                   _("The tier percentages must keep Accessibile ≤ Impegno ≤ Equa ≤ Solidale"));
      return FALSE;
    }

  return meta_set_int (db, "tier.accessibile_bp", percents->accessibile_bp, error) &&
         meta_set_int (db, "tier.impegno_bp", percents->impegno_bp, error) &&
         meta_set_int (db, "tier.solidale_bp", percents->solidale_bp, error);
}

gboolean
dis_store_get_tier_percents (DisStore         *self,
                             DisTierPercents  *out,
                             GError          **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_read_percents (&self->reader, out, error);
}

gboolean
dis_store_set_tier_percents (DisStore               *self,
                             const DisTierPercents  *percents,
                             GError                **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (percents != NULL, FALSE);
  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return FALSE;
  if (!_dis_store_write_percents (&self->writer, percents, error) ||
      !_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dis_store_write_eligibility_rules (DisDb                      *db,
                                    const DisEligibilityRules  *rules,
                                    GError                    **error)
{
  if (rules->impegno_volume_cents < 0 || rules->impegno_activity_min < 0 ||
      rules->impegno_min_months > 240)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The eligibility rules are not valid"));
      return FALSE;
    }

  return meta_set_int (db, "eligibility.impegno_min_months", rules->impegno_min_months, error) &&
         meta_set_int (db, "eligibility.impegno_volume_cents", rules->impegno_volume_cents, error) &&
         meta_set_int (db, "eligibility.impegno_needs_activity", rules->impegno_needs_activity ? 1 : 0, error) &&
         meta_set_int (db, "eligibility.impegno_activity_min", rules->impegno_activity_min, error);
}

gboolean
dis_store_get_eligibility_rules (DisStore             *self,
                                 DisEligibilityRules  *out,
                                 GError              **error)
{
  DisEligibilityRules defaults = DIS_ELIGIBILITY_RULES_DEFAULT;
  gint64 months, volume, needs, activity;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  DIS_DB_LOCK (&self->reader);

  if (!meta_get_int (&self->reader, "eligibility.impegno_min_months", defaults.impegno_min_months, &months, error) ||
      !meta_get_int (&self->reader, "eligibility.impegno_volume_cents", defaults.impegno_volume_cents, &volume, error) ||
      !meta_get_int (&self->reader, "eligibility.impegno_needs_activity", defaults.impegno_needs_activity, &needs, error) ||
      !meta_get_int (&self->reader, "eligibility.impegno_activity_min", defaults.impegno_activity_min, &activity, error))
    return FALSE;

  out->impegno_min_months = (guint) months;
  out->impegno_volume_cents = volume;
  out->impegno_needs_activity = needs != 0;
  out->impegno_activity_min = activity;
  return TRUE;
}

static gpointer
get_eligibility_rules_func (DisStore  *store,
                            gpointer   data,
                            GError   **error)
{
  g_autofree DisEligibilityRules *rules = g_new0 (DisEligibilityRules, 1);

  if (!dis_store_get_eligibility_rules (store, rules, error))
    return NULL;

  return g_steal_pointer (&rules);
}

void
dis_store_get_eligibility_rules_async (DisStore            *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, FALSE, dis_store_get_eligibility_rules_async,
                        get_eligibility_rules_func, NULL, NULL, g_free,
                        cancellable, callback, user_data);
}

gboolean
dis_store_get_eligibility_rules_finish (DisStore             *self,
                                        GAsyncResult         *result,
                                        DisEligibilityRules  *out,
                                        GError              **error)
{
  g_autofree DisEligibilityRules *rules = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  rules = _dis_store_run_finish (self, result, dis_store_get_eligibility_rules_async, error);
  if (rules == NULL)
    return FALSE;

  *out = *rules;
  return TRUE;
}

static gpointer
get_identity_func (DisStore  *store,
                   gpointer   data,
                   GError   **error)
{
  return dis_store_get_identity (store, error);
}

void
dis_store_get_identity_async (DisStore            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, FALSE, dis_store_get_identity_async,
                        get_identity_func, NULL, NULL, (GDestroyNotify) dis_identity_free,
                        cancellable, callback, user_data);
}

DisIdentity *
dis_store_get_identity_finish (DisStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_get_identity_async, error);
}
