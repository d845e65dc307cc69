/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-codec.h"
#include "dis-hub-db.h"
#include "dis-tier.h"

G_BEGIN_DECLS

/* A setting as the admin names it; its place in settings.json and its
 * bounds are the codec's. @codec is DIS_CODEC_N_SETTINGS for a key the hub
 * keeps to itself (not in settings.json, never sent to points). */
typedef struct
{
  const char      *key;
  gint64           default_value;
  gint64           min;
  gint64           max;
  gboolean         is_bool;
  DisCodecSetting  codec;
} DisHubSetting;

const DisHubSetting *dis_hub_setting_lookup   (const char    *key);
const DisHubSetting *dis_hub_settings_list    (guint         *n_settings);

/* Integer settings (missing keys answer the network defaults). */
gboolean  dis_hub_settings_get          (DisHubDb         *db,
                                         const char       *key,
                                         gint64           *out_value,
                                         GError          **error);
gboolean  dis_hub_settings_get_percents (DisHubDb         *db,
                                         DisTierPercents  *out,
                                         GError          **error);

/* The whole network settings in the format of data/demo/settings.json. */
JsonNode *dis_hub_settings_to_json (DisHubDb    *db,
                                    GError     **error);
/* Sets one key from its text value (integers; booleans as true/false/1/0)
 * and appends a settings change, in the caller's transaction. Tier
 * percentages must stay accessibile ≤ impegno ≤ 0 ≤ solidale, and keep
 * every product's prices in order with its overrides (the error names the
 * products that would break). */
gboolean  dis_hub_settings_set     (DisHubDb    *db,
                                    const char  *key,
                                    const char  *value,
                                    GError     **error);
/* Applies a settings.json object in the caller's transaction. */
gboolean  dis_hub_settings_load    (DisHubDb    *db,
                                    JsonNode    *root,
                                    GError     **error);

G_END_DECLS
