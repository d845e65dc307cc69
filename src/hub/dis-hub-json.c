/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-json"

#include "config.h"

#include "dis-hub-json.h"

gboolean
dis_hub_node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
dis_hub_node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
dis_hub_node_is_bool (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

gboolean
dis_hub_node_is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

gboolean
dis_hub_json_has (JsonObject *object,
                  const char *name)
{
  return json_object_has_member (object, name);
}

gboolean
dis_hub_json_is_null (JsonObject *object,
                      const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

gboolean
dis_hub_json_int (JsonObject *object,
                  const char *name,
                  gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!dis_hub_node_is_int (node))
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

const char *
dis_hub_json_string (JsonObject *object,
                     const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return dis_hub_node_is_string (node) ? json_node_get_string (node) : NULL;
}

gboolean
dis_hub_json_bool (JsonObject *object,
                   const char *name,
                   gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!dis_hub_node_is_bool (node))
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
dis_hub_json_number (JsonObject *object,
                     const char *name,
                     double     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!dis_hub_node_is_number (node))
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

JsonObject *
dis_hub_json_object (JsonObject *object,
                     const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
dis_hub_json_array (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

guint
dis_hub_json_depth (const char *text,
                    gsize       length,
                    guint       limit)
{
  guint depth = 0, max = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max)
            max = depth;
          if (max > limit)
            return max;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return max;
}

gboolean
dis_hub_reject (DisHubReject *r,
                const char   *code,
                const char   *format,
                ...)
{
  va_list args;

  r->code = code;
  g_clear_pointer (&r->message, g_free);
  va_start (args, format);
  r->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}
