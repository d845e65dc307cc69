/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dis-json.h"

/* The writer of dis-json.h; the reader is in dis-json.c. */

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

/* ASCII that cannot stand as it is inside a JSON string. */
static gboolean
needs_escape (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

static void
append_escape (GString *out,
               guchar   c)
{
  switch (c)
    {
    case '"':  g_string_append (out, "\\\""); break;
    case '\\': g_string_append (out, "\\\\"); break;
    case '\b': g_string_append (out, "\\b"); break;
    case '\f': g_string_append (out, "\\f"); break;
    case '\n': g_string_append (out, "\\n"); break;
    case '\r': g_string_append (out, "\\r"); break;
    case '\t': g_string_append (out, "\\t"); break;
    default:   g_string_append_printf (out, "\\u00%02x", c); break;
    }
}

/* Text that is not valid UTF-8: each bad byte becomes U+FFFD. */
static void
append_repaired (GString    *out,
                 const char *text,
                 const char *end)
{
  for (const char *p = text; p < end;)
    {
      guchar c = (guchar) *p;
      gunichar u;

      if (c < 0x80)
        {
          if (needs_escape (c))
            append_escape (out, c);
          else
            g_string_append_c (out, (char) c);
          p++;
          continue;
        }
      u = g_utf8_get_char_validated (p, end - p);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          g_string_append (out, REPLACEMENT_CHARACTER);
          p++;
          continue;
        }
      g_string_append_len (out, p, g_utf8_skip[c]);
      p += g_utf8_skip[c];
    }
}

gboolean
dis_json_append_string (GString    *out,
                        const char *text)
{
  gsize length;
  const char *run;

  g_return_val_if_fail (out != NULL && text != NULL, FALSE);

  length = strlen (text);
  g_string_append_c (out, '"');
  if (!g_utf8_validate (text, (gssize) length, NULL))
    {
      append_repaired (out, text, text + length);
      g_string_append_c (out, '"');
      return FALSE;
    }
  /* Valid text: copy it in runs, escaping only the ASCII that must be. */
  run = text;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!needs_escape ((guchar) *p))
        continue;
      g_string_append_len (out, run, p - run);
      append_escape (out, (guchar) *p);
      run = p + 1;
    }
  g_string_append_len (out, run, (gssize) (text + length - run));
  g_string_append_c (out, '"');
  return TRUE;
}

static void
write_string (GString    *out,
              const char *text,
              guint      *n_repaired)
{
  if (!dis_json_append_string (out, text))
    (*n_repaired)++;
}

static void
write_double (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (isinf (value))
    {
      g_string_append (out, value > 0 ? "1e999" : "-1e999");
      return;
    }
  g_ascii_dtostr (buf, sizeof buf, value);
  g_string_append (out, buf);
  /* A double stays a double when read back. */
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_scalar (GString  *out,
              JsonNode *node,
              guint    *n_repaired)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      write_double (out, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      write_string (out, json_node_get_string (node), n_repaired);
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

typedef struct
{
  JsonNode       *node;
  JsonObjectIter  iter;    /* objects */
  guint           index;   /* arrays: the next element; objects: members written */
} WriteFrame;

/* Writes @node, or opens it on @stack when it is a container. */
static void
write_begin (GString   *out,
             GPtrArray *stack,
             JsonNode  *node,
             guint     *n_repaired)
{
  WriteFrame *frame;

  if (!JSON_NODE_HOLDS_OBJECT (node) && !JSON_NODE_HOLDS_ARRAY (node))
    {
      write_scalar (out, node, n_repaired);
      return;
    }
  frame = g_new0 (WriteFrame, 1);
  frame->node = node;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_iter_init_ordered (&frame->iter, json_node_get_object (node));
      g_string_append_c (out, '{');
    }
  else
    g_string_append_c (out, '[');
  g_ptr_array_add (stack, frame);
}

char *
dis_json_to_string (JsonNode *node,
                    guint    *out_n_repaired)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  guint n_repaired = 0;

  g_return_val_if_fail (node != NULL, NULL);

  write_begin (out, stack, node, &n_repaired);
  while (stack->len > 0)
    {
      WriteFrame *frame = g_ptr_array_index (stack, stack->len - 1);
      JsonNode *child = NULL;

      if (JSON_NODE_HOLDS_OBJECT (frame->node))
        {
          const char *name;

          if (json_object_iter_next_ordered (&frame->iter, &name, &child))
            {
              if (frame->index++ > 0)
                g_string_append_c (out, ',');
              write_string (out, name, &n_repaired);
              g_string_append_c (out, ':');
            }
          else
            g_string_append_c (out, '}');
        }
      else
        {
          JsonArray *array = json_node_get_array (frame->node);

          if (frame->index < json_array_get_length (array))
            {
              if (frame->index > 0)
                g_string_append_c (out, ',');
              child = json_array_get_element (array, frame->index++);
            }
          else
            g_string_append_c (out, ']');
        }

      if (child != NULL)
        write_begin (out, stack, child, &n_repaired);
      else
        g_ptr_array_set_size (stack, stack->len - 1);
    }
  if (out_n_repaired != NULL)
    *out_n_repaired = n_repaired;
  return g_string_free (out, FALSE);
}
