/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-json.h"

G_BEGIN_DECLS

/* A JSON document read by the strict reader of dis-json.h, held in one
 * arena instead of json-glib's nodes: made for the hub's push bodies,
 * which are read once, decoded, and dropped whole. The reader is the
 * same, so a text gives a DisJsonDoc exactly when dis_json_parse() gives
 * a tree, with the same error otherwise, and the values are the same
 * (out-of-range numbers are ±INFINITY doubles here too).
 *
 * Every value, string and array lives as long as the document; nothing
 * in it is freed on its own. Objects keep their members in the text's
 * order, names unique. */

typedef enum
{
  DIS_JSON_VALUE_NULL,
  DIS_JSON_VALUE_BOOLEAN,
  DIS_JSON_VALUE_INT,
  DIS_JSON_VALUE_DOUBLE,
  DIS_JSON_VALUE_STRING,
  DIS_JSON_VALUE_OBJECT,
  DIS_JSON_VALUE_ARRAY,
} DisJsonValueType;

typedef struct _DisJsonValue DisJsonValue;

typedef struct
{
  const char         *name;
  const DisJsonValue *value;
} DisJsonMember;

struct _DisJsonValue
{
  DisJsonValueType type;
  guint            n;   /* members of an object, elements of an array */
  union
  {
    gboolean                    boolean;
    gint64                      integer;
    double                      real;
    const char                 *string;   /* valid UTF-8, no NUL */
    const DisJsonMember        *members;
    const DisJsonValue * const *elements;
  } v;
};

typedef struct _DisJsonDoc DisJsonDoc;

/* Strict reading (DIS_JSON_PARSE_DEFAULT) of @length bytes of @text
 * under @limits; NULL with the error dis_json_parse() would give. */
DisJsonDoc         *dis_json_doc_parse        (const char           *text,
                                               gssize                length,
                                               const DisJsonLimits  *limits,
                                               GError              **error);
const DisJsonValue *dis_json_doc_get_root     (DisJsonDoc           *doc);
void                dis_json_doc_free         (DisJsonDoc           *doc);

/* The member @name of @object, or NULL (also when @object is NULL or
 * not an object). */
const DisJsonValue *dis_json_value_get_member (const DisJsonValue   *object,
                                               const char           *name);
/* A json-glib copy of @value and everything under it. Recursive, as deep
 * as the limits the document was read under allowed. */
JsonNode           *dis_json_value_to_node    (const DisJsonValue   *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisJsonDoc, dis_json_doc_free)

G_END_DECLS
