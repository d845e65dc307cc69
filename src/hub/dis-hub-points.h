/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-db.h"

G_BEGIN_DECLS

typedef enum
{
  DIS_HUB_AUTH_OK,
  DIS_HUB_AUTH_UNKNOWN,
  DIS_HUB_AUTH_REVOKED,
} DisHubAuth;

/* Validates a point in the format of data/demo/points.json and returns its
 * canonical JSON (the form the changes feed and /me publish). */
JsonNode  *dis_hub_point_build        (JsonObject  *object,
                                       GError     **error);
/* Inserts or updates a point, appending a change when it differs;
 * in the caller's transaction. */
gboolean   dis_hub_point_upsert       (DisHubDb    *db,
                                       JsonNode    *point,
                                       gboolean    *out_changed,
                                       GError     **error);
gboolean   dis_hub_points_load        (DisHubDb    *db,
                                       JsonNode    *root,
                                       guint       *out_n_changed,
                                       GError     **error);
/* Canonical JSON of a point, NULL (no error) when there is none. */
JsonNode  *dis_hub_point_get          (DisHubDb    *db,
                                       const char  *code,
                                       GError     **error);
/* Enrols a device of an existing, active point and returns its bearer
 * token; only the token's hash is stored. */
char      *dis_hub_point_enrol        (DisHubDb    *db,
                                       const char  *code,
                                       const char  *device,
                                       GError     **error);
/* Revokes the point and every device token; publishes a point delete. */
gboolean   dis_hub_point_revoke       (DisHubDb    *db,
                                       const char  *code,
                                       GError     **error);
gboolean   dis_hub_point_list         (DisHubDb    *db,
                                       GString     *out,
                                       GError     **error);
gboolean   dis_hub_point_status       (DisHubDb    *db,
                                       const char  *code,
                                       GString     *out,
                                       GError     **error);

DisHubAuth dis_hub_auth_lookup        (DisHubDb    *db,
                                       const char  *token,
                                       char       **out_point,
                                       char       **out_device,
                                       GError     **error);

G_END_DECLS
