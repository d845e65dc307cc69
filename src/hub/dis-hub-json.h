/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dis-json.h"

G_BEGIN_DECLS

/* Every JSON text the hub reads goes through the strict reader of
 * dis-json.h; these are its limits and modes for each source. */

/* The limits of a request body: @body_limit bytes, @depth_limit levels,
 * no string longer than 64 KiB (every text field is far shorter), no
 * array or object with more than 10,000 entries (or @batch_limit, if
 * higher). */
DisJsonLimits dis_hub_json_request_limits (gsize        body_limit,
                                           guint        depth_limit,
                                           guint        batch_limit);

/* Files an admin hands to the hub (catalog, demo data): strict JSON, no
 * size limit (the file is already in memory), nesting up to 64. */
JsonNode   *dis_hub_json_parse        (const char  *text,
                                       gssize       length,
                                       GError     **error);
/* A JSON column of the hub's own database. Under the same limits as
 * SQLite's json_valid() (nesting up to 2000), and repairing what an older
 * hub may have stored (invalid UTF-8, NUL, lone surrogates become U+FFFD),
 * so that one bad row cannot break a read. A repair is logged naming
 * @what (e.g. "changes seq=12"); NULL only for text json_valid() refuses. */
JsonNode   *dis_hub_json_parse_stored (const char  *text,
                                       gssize       length,
                                       const char  *what,
                                       GError     **error);
/* Compact, always valid JSON (dis_json_to_string()); a string that had to
 * be repaired is logged. */
char       *dis_hub_json_to_string    (JsonNode    *node);

/* Type-checked accessors that never emit criticals on hostile input; a
 * number beyond gint64 or double is neither an int nor a number. */
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

G_END_DECLS
