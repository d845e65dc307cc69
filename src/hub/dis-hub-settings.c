/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-settings"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-hub-catalog.h"
#include "dis-hub-json.h"
#include "dis-hub-settings.h"

/* The admin's keys and the network defaults; names in settings.json and
 * bounds are the codec's (dis_codec_setting_info()). */
static const struct
{
  const char      *key;
  gint64           default_value;
  DisCodecSetting  codec;
} keys[] = {
  { "tier.accessibile_bp", -2500, DIS_CODEC_SETTING_ACCESSIBILE_BP },
  { "tier.impegno_bp", -1000, DIS_CODEC_SETTING_IMPEGNO_BP },
  { "tier.solidale_bp", 1500, DIS_CODEC_SETTING_SOLIDALE_BP },
  { "eligibility.impegno_min_months", 2, DIS_CODEC_SETTING_IMPEGNO_MIN_MONTHS },
  { "eligibility.impegno_volume_cents", 15000, DIS_CODEC_SETTING_IMPEGNO_VOLUME_CENTS },
  { "eligibility.impegno_needs_activity", 0, DIS_CODEC_SETTING_IMPEGNO_NEEDS_ACTIVITY },
  { "eligibility.impegno_activity_min", 0, DIS_CODEC_SETTING_IMPEGNO_ACTIVITY_MIN },
  { "eligibility.basis_validity_months", 12, DIS_CODEC_SETTING_BASIS_VALIDITY_MONTHS },
};

/* The hub's own rules, which points do not need and never receive
 * (codec DIS_CODEC_N_SETTINGS: not in settings.json nor in the feed),
 * with their bounds. */
static const DisHubSetting hub_keys[] = {
  /* Months in a fund period: points do not run the fund. */
  { "fund.period_months", 1, 1, 12, FALSE, DIS_CODEC_N_SETTINGS },
  /* Whether a point may refund another point's sale (issue 10). */
  { "refunds.cross_point", 0, 0, 1, TRUE, DIS_CODEC_N_SETTINGS },
  /* Published figures (issue 10): a cell of fewer sales is suppressed. */
  { "stats.min_cell", 5, 1, 1000, FALSE, DIS_CODEC_N_SETTINGS },
  /* The cost of a coordinator's passphrase hash (Argon2id; libsodium's
   * "interactive" limits by default, as its documentation advises for
   * online sign-in) and how long a coordinator's session lasts. */
  { "coordinator.pwhash_opslimit", 2, 1, 10, FALSE, DIS_CODEC_N_SETTINGS },
  { "coordinator.pwhash_memlimit_kib", 64 * 1024, 8, 1024 * 1024, FALSE, DIS_CODEC_N_SETTINGS },
  { "coordinator.session_seconds", 30 * 60, 1, 24 * 60 * 60, FALSE, DIS_CODEC_N_SETTINGS },
  /* Whether a supplier's short delivery serves the orders of
   * Accessibile-tier members first (issue 13, `cycle delivered`). */
  { "orders_accessibile_first", 0, 0, 1, TRUE, DIS_CODEC_N_SETTINGS },
};

#define N_SETTINGS (G_N_ELEMENTS (keys) + G_N_ELEMENTS (hub_keys))

static const DisHubSetting *
table (void)
{
  static DisHubSetting settings[N_SETTINGS];
  static gsize filled = 0;

  if (g_once_init_enter (&filled))
    {
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          const DisCodecSettingInfo *info = dis_codec_setting_info (keys[i].codec);

          settings[i] = (DisHubSetting) { keys[i].key, keys[i].default_value, info->min, info->max,
                                          info->is_bool, keys[i].codec };
        }
      for (guint i = 0; i < G_N_ELEMENTS (hub_keys); i++)
        settings[G_N_ELEMENTS (keys) + i] = hub_keys[i];
      g_once_init_leave (&filled, 1);
    }
  return settings;
}

const DisHubSetting *
dis_hub_setting_lookup (const char *key)
{
  const DisHubSetting *settings = table ();

  for (guint i = 0; i < N_SETTINGS; i++)
    if (g_strcmp0 (settings[i].key, key) == 0)
      return &settings[i];
  return NULL;
}

const DisHubSetting *
dis_hub_settings_list (guint *n_settings)
{
  *n_settings = N_SETTINGS;
  return table ();
}

gboolean
dis_hub_settings_get (DisHubDb    *db,
                      const char  *key,
                      gint64      *out_value,
                      GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  const DisHubSetting *setting = dis_hub_setting_lookup (key);
  gboolean has_row;

  if (setting == NULL)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND,
                   "unknown setting “%s”", key);
      return FALSE;
    }

  stmt = dis_hub_db_prepare_cached (db, "SELECT value FROM settings WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, key);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out_value = has_row ? dis_hub_stmt_column_int64 (stmt, 0) : setting->default_value;
  return TRUE;
}

gboolean
dis_hub_settings_get_percents (DisHubDb         *db,
                               DisTierPercents  *out,
                               GError          **error)
{
  gint64 a, i, s;

  if (!dis_hub_settings_get (db, "tier.accessibile_bp", &a, error) ||
      !dis_hub_settings_get (db, "tier.impegno_bp", &i, error) ||
      !dis_hub_settings_get (db, "tier.solidale_bp", &s, error))
    return FALSE;
  out->accessibile_bp = (gint32) a;
  out->impegno_bp = (gint32) i;
  out->solidale_bp = (gint32) s;
  return TRUE;
}

JsonNode *
dis_hub_settings_to_json (DisHubDb  *db,
                          GError   **error)
{
  const DisHubSetting *settings = table ();
  DisCodecSettings values = { 0, { 0, } };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (!dis_hub_settings_get (db, settings[i].key, &values.value[settings[i].codec], error))
        return NULL;
      values.present |= 1u << settings[i].codec;
    }
  return dis_codec_settings_to_node (&values, error);
}

static gboolean
store_value (DisHubDb             *db,
             const DisHubSetting  *setting,
             gint64                value,
             GError              **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  if (value < setting->min || value > setting->max)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "%s: %" G_GINT64_FORMAT " is out of range [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
                   setting->key, value, setting->min, setting->max);
      return FALSE;
    }
  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, setting->key);
  dis_hub_stmt_bind_int64 (stmt, 2, value);
  return dis_hub_db_step_done (db, stmt, error);
}

/* Checks the result, then publishes the whole settings object. */
static gboolean
check_and_publish (DisHubDb  *db,
                   GError   **error)
{
  g_autoptr(JsonNode) root = NULL;
  DisTierPercents p;

  if (!dis_hub_settings_get_percents (db, &p, error))
    return FALSE;
  if (!(p.accessibile_bp <= p.impegno_bp && p.impegno_bp <= 0 && 0 <= p.solidale_bp))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "tier percentages must be accessibile ≤ impegno ≤ 0 ≤ solidale"
                   " (got %d, %d, %d)", p.accessibile_bp, p.impegno_bp, p.solidale_bp);
      return FALSE;
    }
  /* Defaults in order may still break a product that overrides one tier. */
  if (!dis_hub_catalog_check_percents (db, &p, error))
    return FALSE;
  root = dis_hub_settings_to_json (db, error);
  if (root == NULL)
    return FALSE;

  /* Publish only a real change, so loading the same settings twice is quiet. */
  {
    g_autoptr(DisHubStmt) stmt = NULL;
    g_autofree char *text = dis_hub_json_to_string (root);
    gboolean has_row;

    stmt = dis_hub_db_prepare (db,
                               "SELECT data FROM changes WHERE kind = 'settings'"
                               " ORDER BY seq DESC LIMIT 1",
                               error);
    if (stmt == NULL || !dis_hub_db_step (db, stmt, &has_row, error))
      return FALSE;
    if (has_row && g_strcmp0 (dis_hub_stmt_column_text (stmt, 0), text) == 0)
      return TRUE;
  }
  return dis_hub_db_append_change (db, dis_codec_change_kind_to_string (DIS_CODEC_CHANGE_SETTINGS), "upsert",
                                   dis_codec_change_kind_to_string (DIS_CODEC_CHANGE_SETTINGS), root, error);
}

static gboolean
parse_value (const DisHubSetting  *setting,
             const char           *text,
             gint64               *out,
             GError              **error)
{
  if (setting->is_bool)
    {
      if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
        *out = 1;
      else if (g_strcmp0 (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
        *out = 0;
      else
        goto bad;
      return TRUE;
    }
  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL))
    return TRUE;
bad:
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
               "%s: “%s” is not %s", setting->key, text,
               setting->is_bool ? "true or false" : "an integer");
  return FALSE;
}

gboolean
dis_hub_settings_set (DisHubDb    *db,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  const DisHubSetting *setting = dis_hub_setting_lookup (key);
  gint64 v;

  if (setting == NULL)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "unknown setting “%s”", key);
      return FALSE;
    }
  return parse_value (setting, value, &v, error) &&
         store_value (db, setting, v, error) &&
         check_and_publish (db, error);
}

gboolean
dis_hub_settings_load (DisHubDb  *db,
                       JsonNode  *root,
                       GError   **error)
{
  const DisHubSetting *settings = table ();
  g_autoptr(GError) local_error = NULL;
  DisCodecSettings values;

  if (!dis_codec_settings_decode (JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL,
                                  &values, &local_error))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "settings: %s", local_error->message);
      return FALSE;
    }
  /* Absent values keep the current ones. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if ((values.present & (1u << settings[i].codec)) != 0 &&
        !store_value (db, &settings[i], values.value[settings[i].codec], error))
      return FALSE;
  return check_and_publish (db, error);
}
