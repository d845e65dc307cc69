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
/* For a JSON column sent on as it is stored: TRUE when it can be, with
 * @out_repaired NULL when the text is strict JSON already, else the text
 * with the repairs of dis_hub_json_parse_stored() (logged). FALSE only
 * for text json_valid() refuses. */
gboolean    dis_hub_json_check_stored (const char  *text,
                                       const char  *what,
                                       char       **out_repaired,
                                       GError     **error);
/* Compact, always valid JSON (dis_json_to_string()); a string that had to
 * be repaired is logged. */
char       *dis_hub_json_to_string    (JsonNode    *node);

/* The string member @name of @object, or NULL when it is missing or not
 * a string; never a critical on hostile input. */
const char *dis_hub_json_string       (JsonObject  *object,
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

/* The same for the appliers that answer with a code and a message
 * (dis-hub-stock.c, dis-hub-orders.c): sets both, returns FALSE. */
gboolean    dis_hub_refuse            (const char  **out_code,
                                       char        **out_message,
                                       const char   *code,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (4, 5);

/* Why a sale that is kept needs a coordinator's review: appends one
 * reason to @reasons, "; " between reasons (hub_sales.review_reason). */
void        dis_hub_review            (GString      *reasons,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
