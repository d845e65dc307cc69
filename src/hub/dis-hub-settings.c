/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-settings"

#include "config.h"

#include <string.h>

#include "dis-hub-json.h"
#include "dis-hub-settings.h"

static const DisHubSetting settings[] = {
  { "tier.accessibile_bp", -2500, -9900, 0, "tier_percents", "accessibile", FALSE },
  { "tier.impegno_bp", -1000, -9900, 0, "tier_percents", "impegno", FALSE },
  { "tier.solidale_bp", 1500, 0, 100000, "tier_percents", "solidale", FALSE },
  { "eligibility.impegno_min_months", 2, 0, 120, "eligibility", "impegno_min_months", FALSE },
  { "eligibility.impegno_volume_cents", 15000, 0, G_MAXINT32, "eligibility", "impegno_volume_cents", FALSE },
  { "eligibility.impegno_needs_activity", 0, 0, 1, "eligibility", "impegno_needs_activity", TRUE },
  { "eligibility.impegno_activity_min", 0, 0, 100000, "eligibility", "impegno_activity_min", FALSE },
  { "eligibility.basis_validity_months", 12, 1, 120, "eligibility", "basis_validity_months", FALSE },
};

const DisHubSetting *
dis_hub_setting_lookup (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_strcmp0 (settings[i].key, key) == 0)
      return &settings[i];
  return NULL;
}

const DisHubSetting *
dis_hub_settings_list (guint *n_settings)
{
  *n_settings = G_N_ELEMENTS (settings);
  return settings;
}

JsonNode *
dis_hub_settings_to_json (DisHubDb  *db,
                          GError   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *group = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      gint64 value;

      if (!dis_hub_db_get_setting (db, settings[i].key, &value, error))
        return NULL;
      if (g_strcmp0 (group, settings[i].group) != 0)
        {
          if (group != NULL)
            json_builder_end_object (builder);
          group = settings[i].group;
          json_builder_set_member_name (builder, group);
          json_builder_begin_object (builder);
        }
      json_builder_set_member_name (builder, settings[i].member);
      if (settings[i].is_bool)
        json_builder_add_boolean_value (builder, value != 0);
      else
        json_builder_add_int_value (builder, value);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
store_value (DisHubDb             *db,
             const DisHubSetting  *setting,
             gint64                value,
             GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

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
  dis_hub_bind_text (stmt, 1, setting->key);
  sqlite3_bind_int64 (stmt, 2, value);
  return dis_hub_db_step_done (db, stmt, error);
}

/* Checks the result, then publishes the whole settings object. */
static gboolean
check_and_publish (DisHubDb  *db,
                   GError   **error)
{
  g_autoptr(JsonNode) root = NULL;
  DisTierPercents p;

  if (!dis_hub_db_get_percents (db, &p, error))
    return FALSE;
  if (!(p.accessibile_bp <= p.impegno_bp && p.impegno_bp <= 0 && 0 <= p.solidale_bp))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "tier percentages must be accessibile ≤ impegno ≤ 0 ≤ solidale"
                   " (got %d, %d, %d)", p.accessibile_bp, p.impegno_bp, p.solidale_bp);
      return FALSE;
    }
  root = dis_hub_settings_to_json (db, error);
  if (root == NULL)
    return FALSE;

  /* Publish only a real change, so loading the same settings twice is quiet. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autofree char *text = dis_hub_json_to_string (root);
    gboolean has_row;

    stmt = dis_hub_db_prepare (db,
                               "SELECT data FROM changes WHERE kind = 'settings'"
                               " ORDER BY seq DESC LIMIT 1",
                               error);
    if (stmt == NULL || !dis_hub_db_step (db, stmt, &has_row, error))
      return FALSE;
    if (has_row && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), text) == 0)
      return TRUE;
  }
  return dis_hub_db_append_change (db, "settings", "upsert", "settings", root, error);
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
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "settings: expected an object");
      return FALSE;
    }
  object = json_node_get_object (root);

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      JsonObject *group = dis_hub_json_object (object, settings[i].group);
      gint64 v;
      gboolean b;

      if (group == NULL || !json_object_has_member (group, settings[i].member))
        continue;  /* keep the current value */
      if (settings[i].is_bool && dis_hub_json_bool (group, settings[i].member, &b))
        v = b;
      else if (!settings[i].is_bool && dis_hub_json_int (group, settings[i].member, &v))
        ;
      else
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                       "settings: %s.%s has the wrong type", settings[i].group, settings[i].member);
          return FALSE;
        }
      if (!store_value (db, &settings[i], v, error))
        return FALSE;
    }
  return check_and_publish (db, error);
}
