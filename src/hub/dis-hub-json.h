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

/* Deepest nesting of arrays/objects in JSON text, without parsing it
 * (strings and escapes are skipped), stopping early past @limit. */
guint       dis_hub_json_depth        (const char  *text,
                                       gsize        length,
                                       guint        limit);

G_END_DECLS
