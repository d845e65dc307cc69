/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Type-checked accessors that never emit criticals on hostile input. */
gboolean    dis_hub_node_is_int       (JsonNode    *node);
gboolean    dis_hub_node_is_string    (JsonNode    *node);
gboolean    dis_hub_node_is_bool      (JsonNode    *node);
gboolean    dis_hub_node_is_number    (JsonNode    *node);

gboolean    dis_hub_json_has          (JsonObject  *object,
                                       const char  *name);
gboolean    dis_hub_json_is_null      (JsonObject  *object,
                                       const char  *name);
gboolean    dis_hub_json_int          (JsonObject  *object,
                                       const char  *name,
                                       gint64      *out);
const char *dis_hub_json_string       (JsonObject  *object,
                                       const char  *name);
gboolean    dis_hub_json_bool         (JsonObject  *object,
                                       const char  *name,
                                       gboolean    *out);
gboolean    dis_hub_json_number       (JsonObject  *object,
                                       const char  *name,
                                       double      *out);
JsonObject *dis_hub_json_object       (JsonObject  *object,
                                       const char  *name);
JsonArray  *dis_hub_json_array        (JsonObject  *object,
                                       const char  *name);

/* Why an event was rejected: a stable code and a message naming the
 * field. dis_hub_reject() replaces both and returns FALSE, so a check can
 * end with `return dis_hub_reject (r, "invalid_payload", …)`. */
typedef struct
{
  const char *code;
  char       *message;
} DisHubReject;

gboolean    dis_hub_reject            (DisHubReject *r,
                                       const char   *code,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (3, 4);

/* Deepest nesting of arrays/objects in JSON text, without parsing it
 * (strings and escapes are skipped), stopping early past @limit. */
guint       dis_hub_json_depth        (const char  *text,
                                       gsize        length,
                                       guint        limit);

G_END_DECLS
