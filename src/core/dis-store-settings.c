/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-store-private.h"

/* Settings live in the meta table, one row a key. */

/* Sets @key to @text, or to @number when @text is NULL: the value keeps
 * its type (the column is ANY). */
static gboolean
meta_set (DisDb       *db,
          const char  *key,
          const char  *text,
          gint64       number,
          GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, key);
  if (text != NULL)
    _dis_bind_text (stmt, 2, text);
  else
    sqlite3_bind_int64 (stmt, 2, number);
  return _dis_db_step_done (db, stmt, error);
}

/* Reads @key: into *@out_text (a copy, NULL when missing) when @out_text
 * is given, else into *@out_number (@fallback when missing). */
static gboolean
meta_get (DisDb       *db,
          const char  *key,
          char       **out_text,
          gint64      *out_number,
          gint64       fallback,
          GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean found;

  stmt = _dis_db_prepare (db, "SELECT value FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, key);
  if (!_dis_db_step_row (db, stmt, &found, error))
    return FALSE;
  if (out_text != NULL)
    *out_text = found ? _dis_column_dup (stmt, 0) : NULL;
  else
    *out_number = found ? sqlite3_column_int64 (stmt, 0) : fallback;
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

  if (!meta_get (db, "point_code", &identity->point_code, NULL, 0, error) ||
      !meta_get (db, "point_name", &identity->point_name, NULL, 0, error) ||
      !meta_get (db, "device_id", &identity->device_id, NULL, 0, error))
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

  return meta_set (db, "point_code", point_code, 0, error) &&
         meta_set (db, "point_name", point_name ? point_name : point_code, 0, error) &&
         meta_set (db, "device_id", device_id, 0, error);
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

  if (!meta_get (db, "tier.accessibile_bp", NULL, &a, defaults.accessibile_bp, error) ||
      !meta_get (db, "tier.impegno_bp", NULL, &i, defaults.impegno_bp, error) ||
      !meta_get (db, "tier.solidale_bp", NULL, &s, defaults.solidale_bp, error))
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

  return meta_set (db, "tier.accessibile_bp", NULL, percents->accessibile_bp, error) &&
         meta_set (db, "tier.impegno_bp", NULL, percents->impegno_bp, error) &&
         meta_set (db, "tier.solidale_bp", NULL, percents->solidale_bp, error);
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

  return meta_set (db, "eligibility.impegno_min_months", NULL, rules->impegno_min_months, error) &&
         meta_set (db, "eligibility.impegno_volume_cents", NULL, rules->impegno_volume_cents, error) &&
         meta_set (db, "eligibility.impegno_needs_activity", NULL, rules->impegno_needs_activity ? 1 : 0, error) &&
         meta_set (db, "eligibility.impegno_activity_min", NULL, rules->impegno_activity_min, error);
}

gboolean
_dis_store_read_eligibility_rules (DisDb                *db,
                                   DisEligibilityRules  *out,
                                   GError              **error)
{
  DisEligibilityRules defaults = DIS_ELIGIBILITY_RULES_DEFAULT;
  gint64 months, volume, needs, activity;

  if (!meta_get (db, "eligibility.impegno_min_months", NULL, &months, defaults.impegno_min_months, error) ||
      !meta_get (db, "eligibility.impegno_volume_cents", NULL, &volume, defaults.impegno_volume_cents, error) ||
      !meta_get (db, "eligibility.impegno_needs_activity", NULL, &needs, defaults.impegno_needs_activity, error) ||
      !meta_get (db, "eligibility.impegno_activity_min", NULL, &activity, defaults.impegno_activity_min, error))
    return FALSE;

  out->impegno_min_months = (guint) months;
  out->impegno_volume_cents = volume;
  out->impegno_needs_activity = needs != 0;
  out->impegno_activity_min = activity;
  return TRUE;
}

gboolean
dis_store_get_eligibility_rules (DisStore             *self,
                                 DisEligibilityRules  *out,
                                 GError              **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  DIS_DB_LOCK (&self->reader);

  return _dis_store_read_eligibility_rules (&self->reader, out, error);
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
  static const DisStoreCall call = { dis_store_get_eligibility_rules_async,
                                     .func = get_eligibility_rules_func, .result_free = g_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
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
  static const DisStoreCall call = { dis_store_get_identity_async, .func = get_identity_func,
                                     .result_free = (GDestroyNotify) dis_identity_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

DisIdentity *
dis_store_get_identity_finish (DisStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_get_identity_async, error);
}
