/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-json"

#include "config.h"

#include "dis-hub-json.h"

/* Admin files: as large as they come, nested no deeper than any of ours. */
static const DisJsonLimits file_limits = { G_MAXSIZE, 64, 1024 * 1024, G_MAXUINT };

/* What SQLite's json_valid() lets into a column: its nesting limit (2000
 * in 3.40), anything else as large as SQLite holds. */
static const DisJsonLimits stored_limits = { G_MAXSIZE, 2000, G_MAXSIZE, G_MAXUINT };

DisJsonLimits
dis_hub_json_request_limits (gsize body_limit,
                             guint depth_limit,
                             guint batch_limit)
{
  return (DisJsonLimits) { body_limit, depth_limit, 64 * 1024, MAX (10000, batch_limit) };
}

JsonNode *
dis_hub_json_parse (const char  *text,
                    gssize       length,
                    GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  return dis_json_parse (text, length, &file_limits, error);
}

JsonNode *
dis_hub_json_parse_stored (const char  *text,
                           gssize       length,
                           const char  *what,
                           GError     **error)
{
  guint n_repaired = 0;
  JsonNode *node;

  g_return_val_if_fail (what != NULL, NULL);

  if (text == NULL)
    {
      g_set_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_SYNTAX, "%s: no JSON stored", what);
      return NULL;
    }
  node = dis_json_parse_full (text, length, &stored_limits, DIS_JSON_PARSE_REPAIR_TEXT, &n_repaired, error);
  if (n_repaired > 0)
    g_warning ("%s: %u stored text(s) held invalid UTF-8, NUL or a lone surrogate;"
               " sent with U+FFFD in their place", what, n_repaired);
  return node;
}

gboolean
dis_hub_json_check_stored (const char  *text,
                           const char  *what,
                           char       **out_repaired,
                           GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  guint n_repaired = 0;

  g_return_val_if_fail (what != NULL, FALSE);
  g_return_val_if_fail (out_repaired != NULL, FALSE);

  *out_repaired = NULL;
  if (text == NULL)
    {
      g_set_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_SYNTAX, "%s: no JSON stored", what);
      return FALSE;
    }
  node = dis_json_parse_full (text, -1, &stored_limits, DIS_JSON_PARSE_REPAIR_TEXT, &n_repaired, error);
  if (node == NULL)
    return FALSE;
  if (n_repaired > 0)
    {
      g_warning ("%s: %u stored text(s) held invalid UTF-8, NUL or a lone surrogate;"
                 " sent with U+FFFD in their place", what, n_repaired);
      *out_repaired = dis_json_to_string (node, NULL);
    }
  return TRUE;
}

char *
dis_hub_json_to_string (JsonNode *node)
{
  guint n_repaired = 0;
  char *text;

  g_return_val_if_fail (node != NULL, NULL);

  text = dis_json_to_string (node, &n_repaired);
  if (n_repaired > 0)
    g_warning ("%u text(s) held invalid UTF-8; written with U+FFFD in their place", n_repaired);
  return text;
}

const char *
dis_hub_json_string (JsonObject *object,
                     const char *name)
{
  return dis_json_node_get_string (json_object_get_member (object, name));
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

gboolean
dis_hub_refuse (const char **out_code,
                char       **out_message,
                const char  *code,
                const char  *format,
                ...)
{
  va_list args;

  *out_code = code;
  g_free (*out_message);
  va_start (args, format);
  *out_message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

void
dis_hub_review (GString    *reasons,
                const char *format,
                ...)
{
  va_list args;

  if (reasons->len > 0)
    g_string_append (reasons, "; ");
  va_start (args, format);
  g_string_append_vprintf (reasons, format, args);
  va_end (args);
}
