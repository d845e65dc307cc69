/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A strict JSON reader (RFC 8259) for text from the network, with limits
 * the parser itself enforces while it reads, and a writer whose output is
 * always valid JSON. The hub and the point's sync client share both.
 *
 * What the parser accepts: exactly one value with optional whitespace
 * (space, tab, CR, LF) around it. No comments, no single quotes, no
 * trailing commas, no leading zeros, no NaN or Infinity, no byte order
 * mark, no duplicate member names in an object. Strings are valid UTF-8
 * after unescaping, with no NUL (raw or \u0000), no control character
 * unescaped, and no lone surrogate; a surrogate pair becomes its one code
 * point.
 *
 * Numbers: an integer literal (no fraction, no exponent) that fits in
 * gint64 becomes an int node; any other number becomes a double node. A
 * number that does not fit — an integer literal beyond gint64, or a value
 * beyond the range of a double such as 1e400 — does not fail the document
 * (one unknown field must not cost a batch of valid events) but becomes a
 * double node holding +INFINITY or -INFINITY: the "out of range" value.
 * It is unusable as a value by design: it is not an int node, and
 * dis_json_node_get_double() and every reader built on it refuse
 * non-finite doubles. dis_json_to_string() writes it back as 1e999 or
 * -1e999, which parses to the same out-of-range value again.
 *
 * Nothing recurses on the input: containers are tracked on an explicit
 * stack no deeper than max_depth, checked before a container is opened. */

#define DIS_JSON_ERROR (dis_json_error_quark ())

typedef enum
{
  DIS_JSON_ERROR_SYNTAX,            /* not RFC 8259 JSON, or not one document */
  DIS_JSON_ERROR_ENCODING,          /* invalid UTF-8, NUL or a lone surrogate in a string */
  DIS_JSON_ERROR_DUPLICATE_MEMBER,  /* the same name twice in one object */
  DIS_JSON_ERROR_TOO_LARGE,         /* the document is longer than max_size */
  DIS_JSON_ERROR_TOO_DEEP,          /* arrays/objects nested deeper than max_depth */
  DIS_JSON_ERROR_TOO_LONG,          /* a string or number longer than max_string */
  DIS_JSON_ERROR_TOO_MANY_MEMBERS,  /* an object or array larger than max_members */
} DisJsonError;

GQuark dis_json_error_quark (void);

typedef struct
{
  gsize max_size;     /* bytes of the whole text */
  guint max_depth;    /* nesting: {} is 1, {"a":[]} is 2; a bare scalar is 0 */
  gsize max_string;   /* bytes of one string (names too) after unescaping, or of one number */
  guint max_members;  /* members of one object, elements of one array */
} DisJsonLimits;

typedef enum
{
  DIS_JSON_PARSE_DEFAULT     = 0,
  /* For rows of our own database only, never for network input: invalid
   * UTF-8, NUL and lone surrogates inside strings become U+FFFD and
   * duplicate names keep the last value, so that a row an older version
   * stored can still be read. The structure must still be valid JSON. */
  DIS_JSON_PARSE_REPAIR_TEXT = 1 << 0,
} DisJsonParseFlags;

/* Parses @length bytes of @text (-1: up to its NUL). Returns the root
 * node, or NULL with @error (DIS_JSON_ERROR) naming the line, the column
 * and the byte offset of the fault and what was wrong; the message is
 * ASCII and never quotes the input's bytes. */
JsonNode *dis_json_parse          (const char           *text,
                                   gssize                length,
                                   const DisJsonLimits  *limits,
                                   GError              **error);
/* As dis_json_parse(); @out_n_repaired (nullable) counts the strings
 * changed under DIS_JSON_PARSE_REPAIR_TEXT. */
JsonNode *dis_json_parse_full     (const char           *text,
                                   gssize                length,
                                   const DisJsonLimits  *limits,
                                   DisJsonParseFlags     flags,
                                   guint                *out_n_repaired,
                                   GError              **error);

/* Appends @text as one JSON string, quotes included, exactly as
 * dis_json_to_string() writes it; FALSE when @text was not valid UTF-8
 * and bytes had to be written as U+FFFD. */
gboolean  dis_json_append_string  (GString              *out,
                                   const char           *text);
/* Compact JSON text of @node in the form json-glib's generator writes,
 * but always valid JSON, which json-glib 1.6 does not guarantee (it
 * writes U+001F raw, 1e+20 as "1e+20.0" and infinity as "inf.0"):
 * invalid UTF-8 in a string or a name becomes U+FFFD (counted in
 * @out_n_repaired, nullable), an out-of-range number is written ±1e999,
 * NaN as null. No recursion: the depth of @node costs heap, not stack. */
char     *dis_json_to_string      (JsonNode             *node,
                                   guint                *out_n_repaired);

/* Typed readers that never emit criticals on hostile input. */
gboolean    dis_json_node_get_int          (JsonNode *node,
                                            gint64   *out);
/* An int node, or a finite double node. */
gboolean    dis_json_node_get_double       (JsonNode *node,
                                            double   *out);
gboolean    dis_json_node_get_bool         (JsonNode *node,
                                            gboolean *out);
/* NULL unless @node holds a string. */
const char *dis_json_node_get_string       (JsonNode *node);
/* TRUE for the value a number beyond gint64 or double parses to. */
gboolean    dis_json_node_is_out_of_range  (JsonNode *node);

G_END_DECLS
