/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dis-json-private.h"

G_DEFINE_QUARK (dis-json-error-quark, dis_json_error)

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

/* ---- Reading -------------------------------------------------------------- */

typedef enum
{
  EXPECT_VALUE,        /* after ':' or ',' in an array, or at the start */
  EXPECT_FIRST_VALUE,  /* right after '[': ']' may close it */
  EXPECT_KEY,          /* after ',' in an object */
  EXPECT_FIRST_KEY,    /* right after '{': '}' may close it */
  AFTER_VALUE,         /* ',' or the container's closing bracket */
  DONE,                /* the document's one value is complete */
} State;

typedef struct
{
  const char          *text;
  gsize                length;
  gsize                pos;
  const DisJsonLimits *limits;
  gboolean             repair;
  guint                n_repaired;
  GString             *buffer;   /* the string or number being read */
  const DisJsonBuilder *b;
  gpointer             bd;       /* the builder's data */
  GArray              *stack;    /* the builder's open containers, borrowed from the tree */
  guint               *counts;   /* members so far of each open container */
  char                *key;      /* the member name waiting for its value, from b->key */
  gpointer             root;     /* owns the whole tree */
  State                state;
  GError              *error;
} Parser;

static gboolean G_GNUC_PRINTF (4, 5)
fail (Parser      *p,
      DisJsonError code,
      gsize        offset,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  guint line = 1, column = 1;
  va_list args;

  g_assert (p->error == NULL);
  offset = MIN (offset, p->length);
  for (gsize i = 0; i < offset; i++)
    {
      guchar c = (guchar) p->text[i];

      if (c == '\n')
        line++, column = 1;
      else if ((c & 0xc0) != 0x80)
        column++;
    }
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (&p->error, DIS_JSON_ERROR, code, "line %u, column %u (byte %" G_GSIZE_FORMAT "): %s",
               line, column, offset, what);
  return FALSE;
}

/* The input's bytes never reach a message: they may be anything. */
static const char *
describe (guchar  c,
          char    buf[16])
{
  if (g_ascii_isprint (c) && c != '\'')
    g_snprintf (buf, 16, "'%c'", c);
  else
    g_snprintf (buf, 16, "byte 0x%02x", c);
  return buf;
}

static void
skip_whitespace (Parser *p)
{
  while (p->pos < p->length)
    {
      char c = p->text[p->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      p->pos++;
    }
}

static gboolean
read_hex4 (Parser   *p,
           gsize     at,
           gunichar *out)
{
  gunichar value = 0;

  if (p->length - at < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p->text[at + i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  *out = value;
  return TRUE;
}

/* A text fault: fatal, or U+FFFD under DIS_JSON_PARSE_REPAIR_TEXT. */
static gboolean
bad_text (Parser     *p,
          gboolean   *repaired,
          gsize       offset,
          const char *what)
{
  if (!p->repair)
    return fail (p, DIS_JSON_ERROR_ENCODING, offset, "%s", what);
  g_string_append (p->buffer, REPLACEMENT_CHARACTER);
  *repaired = TRUE;
  return TRUE;
}

/* \uXXXX at p->pos (on the backslash), with its low surrogate if any. */
static gboolean
read_unicode_escape (Parser   *p,
                     gboolean *repaired)
{
  gsize start = p->pos;
  gunichar unit, low;

  if (!read_hex4 (p, start + 2, &unit))
    return fail (p, DIS_JSON_ERROR_SYNTAX, start, "\\u must be followed by four hex digits");
  p->pos = start + 6;

  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      if (p->length - p->pos >= 6 && p->text[p->pos] == '\\' && p->text[p->pos + 1] == 'u' &&
          read_hex4 (p, p->pos + 2, &low) && low >= 0xdc00 && low <= 0xdfff)
        {
          p->pos += 6;
          g_string_append_unichar (p->buffer, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
          return TRUE;
        }
      return bad_text (p, repaired, start, "a high surrogate escape not followed by a low surrogate");
    }
  if (unit >= 0xdc00 && unit <= 0xdfff)
    return bad_text (p, repaired, start, "a low surrogate escape without a high surrogate before it");
  if (unit == 0)
    return bad_text (p, repaired, start, "\\u0000 (NUL) is not allowed in a string");
  g_string_append_unichar (p->buffer, unit);
  return TRUE;
}

static gboolean
read_escape (Parser   *p,
             gboolean *repaired)
{
  char buf[16];
  char c;

  if (p->pos + 1 >= p->length)
    return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "the string is not terminated");
  c = p->text[p->pos + 1];
  switch (c)
    {
    case '"': case '\\': case '/':
      g_string_append_c (p->buffer, c);
      break;
    case 'b':
      g_string_append_c (p->buffer, '\b');
      break;
    case 'f':
      g_string_append_c (p->buffer, '\f');
      break;
    case 'n':
      g_string_append_c (p->buffer, '\n');
      break;
    case 'r':
      g_string_append_c (p->buffer, '\r');
      break;
    case 't':
      g_string_append_c (p->buffer, '\t');
      break;
    case 'u':
      return read_unicode_escape (p, repaired);
    default:
      return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "invalid escape \\ followed by %s",
                   describe ((guchar) c, buf));
    }
  p->pos += 2;
  return TRUE;
}

/* A string at p->pos (on its opening quote) into p->buffer. */
static gboolean
read_string (Parser *p)
{
  gsize start = p->pos;
  gboolean repaired = FALSE;

  g_string_truncate (p->buffer, 0);
  p->pos++;
  for (;;)
    {
      guchar c;

      if (p->buffer->len > p->limits->max_string)
        return fail (p, DIS_JSON_ERROR_TOO_LONG, start, "a string longer than %" G_GSIZE_FORMAT " bytes",
                     p->limits->max_string);
      if (p->pos >= p->length)
        return fail (p, DIS_JSON_ERROR_SYNTAX, start, "the string is not terminated");

      c = (guchar) p->text[p->pos];
      if (c == '"')
        {
          p->pos++;
          break;
        }
      if (c == '\\')
        {
          if (!read_escape (p, &repaired))
            return FALSE;
        }
      else if (c == 0)
        {
          if (!bad_text (p, &repaired, p->pos, "a NUL byte in a string"))
            return FALSE;
          p->pos++;
        }
      else if (c < 0x20 && !p->repair)
        return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos,
                     "control character 0x%02x must be escaped in a string", c);
      else if (c < 0x80)
        {
          /* A run of plain ASCII at once. */
          gsize end = p->pos + 1;

          while (end < p->length && (guchar) p->text[end] >= 0x20 && (guchar) p->text[end] < 0x80 &&
                 p->text[end] != '"' && p->text[end] != '\\' &&
                 end - p->pos <= p->limits->max_string)
            end++;
          g_string_append_len (p->buffer, p->text + p->pos, end - p->pos);
          p->pos = end;
        }
      else
        {
          gunichar u = g_utf8_get_char_validated (p->text + p->pos, p->length - p->pos);

          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              if (!bad_text (p, &repaired, p->pos, "invalid UTF-8 in a string"))
                return FALSE;
              p->pos++;
            }
          else
            {
              gsize n = g_utf8_skip[c];

              g_string_append_len (p->buffer, p->text + p->pos, n);
              p->pos += n;
            }
        }
    }
  if (p->buffer->len > p->limits->max_string)
    return fail (p, DIS_JSON_ERROR_TOO_LONG, start, "a string longer than %" G_GSIZE_FORMAT " bytes",
                 p->limits->max_string);
  if (repaired)
    p->n_repaired++;
  return TRUE;
}

static gboolean
is_digit (Parser *p,
          gsize   at)
{
  return at < p->length && g_ascii_isdigit (p->text[at]);
}

static gpointer
out_of_range (Parser   *p,
              gboolean  negative)
{
  return p->b->real (p->bd, negative ? -INFINITY : INFINITY);
}

/* A number at p->pos, by the RFC 8259 grammar; see dis-json.h for what
 * becomes of numbers that do not fit. */
static gpointer
read_number (Parser *p)
{
  gsize start = p->pos, digits;
  gboolean negative = FALSE, integer = TRUE;
  guint64 limit, value = 0;
  char buf[16];

  if (p->text[p->pos] == '-')
    {
      negative = TRUE;
      p->pos++;
    }
  if (!is_digit (p, p->pos))
    {
      fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "a minus sign must be followed by a digit");
      return NULL;
    }
  digits = p->pos;
  if (p->text[p->pos] == '0')
    {
      p->pos++;
      if (is_digit (p, p->pos))
        {
          fail (p, DIS_JSON_ERROR_SYNTAX, start, "a number must not have leading zeros");
          return NULL;
        }
    }
  else
    {
      while (is_digit (p, p->pos))
        p->pos++;
    }
  if (p->pos < p->length && p->text[p->pos] == '.')
    {
      integer = FALSE;
      p->pos++;
      if (!is_digit (p, p->pos))
        {
          fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "a decimal point must be followed by a digit");
          return NULL;
        }
      while (is_digit (p, p->pos))
        p->pos++;
    }
  if (p->pos < p->length && (p->text[p->pos] == 'e' || p->text[p->pos] == 'E'))
    {
      integer = FALSE;
      p->pos++;
      if (p->pos < p->length && (p->text[p->pos] == '+' || p->text[p->pos] == '-'))
        p->pos++;
      if (!is_digit (p, p->pos))
        {
          fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "an exponent must have digits, not %s",
                p->pos < p->length ? describe ((guchar) p->text[p->pos], buf) : "the end");
          return NULL;
        }
      while (is_digit (p, p->pos))
        p->pos++;
    }
  if (p->pos - start > p->limits->max_string)
    {
      fail (p, DIS_JSON_ERROR_TOO_LONG, start, "a number longer than %" G_GSIZE_FORMAT " bytes",
            p->limits->max_string);
      return NULL;
    }

  if (integer)
    {
      limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
      for (gsize i = digits; i < p->pos; i++)
        {
          guint d = (guint) (p->text[i] - '0');

          if (value > (limit - d) / 10)
            return out_of_range (p, negative);
          value = value * 10 + d;
        }
      if (negative)
        return p->b->integer (p->bd, value == limit ? G_MININT64 : -(gint64) value);
      return p->b->integer (p->bd, (gint64) value);
    }
  else
    {
      double d;

      g_string_truncate (p->buffer, 0);
      g_string_append_len (p->buffer, p->text + start, p->pos - start);
      d = g_ascii_strtod (p->buffer->str, NULL);
      /* Underflow rounds towards zero and stays a number; overflow does not. */
      if (isinf (d))
        return out_of_range (p, negative);
      return p->b->real (p->bd, d);
    }
}

static gboolean
read_literal (Parser      *p,
              const char  *word,
              gpointer    *out)
{
  gsize n = strlen (word);

  if (p->length - p->pos < n || memcmp (p->text + p->pos, word, n) != 0)
    return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "expected a value (%s?)", word);
  p->pos += n;
  if (word[0] == 'n')
    *out = p->b->null (p->bd);
  else
    *out = p->b->boolean (p->bd, word[0] == 't');
  return TRUE;
}

static gpointer
top (Parser *p)
{
  return p->stack->len > 0 ? g_array_index (p->stack, gpointer, p->stack->len - 1) : NULL;
}

/* Hands @node (owned) to the open container, or makes it the root. */
static gboolean
add_value (Parser   *p,
           gpointer  node,
           gsize     offset)
{
  gpointer parent = top (p);
  gboolean object;
  guint *count;

  if (parent == NULL)
    {
      g_assert (p->root == NULL);
      p->root = node;
      return TRUE;
    }
  count = &p->counts[p->stack->len - 1];
  object = p->b->is_object (p->bd, parent);
  if (*count >= p->limits->max_members)
    {
      p->b->drop (p->bd, node);
      return fail (p, DIS_JSON_ERROR_TOO_MANY_MEMBERS, offset, "more than %u %s in one %s",
                   p->limits->max_members,
                   object ? "members" : "elements",
                   object ? "object" : "array");
    }
  (*count)++;
  g_assert (object == (p->key != NULL));
  p->b->add (p->bd, parent, g_steal_pointer (&p->key), node);
  return TRUE;
}

static void
after_value (Parser *p)
{
  p->state = p->stack->len == 0 ? DONE : AFTER_VALUE;
}

static gboolean
open_container (Parser  *p,
                gboolean object)
{
  gsize offset = p->pos;
  gpointer node;

  if (p->stack->len >= p->limits->max_depth)
    return fail (p, DIS_JSON_ERROR_TOO_DEEP, offset, "arrays and objects nested deeper than %u",
                 p->limits->max_depth);
  node = p->b->open (p->bd, object);
  if (!add_value (p, node, offset))
    return FALSE;
  g_array_append_val (p->stack, node);
  p->counts[p->stack->len - 1] = 0;
  p->pos++;
  p->state = object ? EXPECT_FIRST_KEY : EXPECT_FIRST_VALUE;
  return TRUE;
}

static gboolean
close_container (Parser *p)
{
  p->b->close (p->bd, top (p));
  p->pos++;
  g_array_set_size (p->stack, p->stack->len - 1);
  after_value (p);
  return TRUE;
}

static gboolean
read_value (Parser *p)
{
  gsize offset = p->pos;
  gpointer node = NULL;
  char buf[16];
  char c = p->text[p->pos];

  switch (c)
    {
    case '{':
      return open_container (p, TRUE);
    case '[':
      return open_container (p, FALSE);
    case '"':
      if (!read_string (p))
        return FALSE;
      node = p->b->string (p->bd, p->buffer->str, p->buffer->len);
      break;
    case 't':
      if (!read_literal (p, "true", &node))
        return FALSE;
      break;
    case 'f':
      if (!read_literal (p, "false", &node))
        return FALSE;
      break;
    case 'n':
      if (!read_literal (p, "null", &node))
        return FALSE;
      break;
    case ']':
    case '}':
      return fail (p, DIS_JSON_ERROR_SYNTAX, offset, "expected a value, not %s%s",
                   describe ((guchar) c, buf),
                   c == ']' && p->state == EXPECT_VALUE && p->stack->len > 0 && !p->b->is_object (p->bd, top (p)) ?
                   " (a trailing comma?)" : "");
    default:
      if (c == '-' || g_ascii_isdigit (c))
        {
          node = read_number (p);
          if (node == NULL)
            return FALSE;
          break;
        }
      return fail (p, DIS_JSON_ERROR_SYNTAX, offset, "expected a value, not %s", describe ((guchar) c, buf));
    }
  if (!add_value (p, node, offset))
    return FALSE;
  after_value (p);
  return TRUE;
}

static gboolean
read_key (Parser *p)
{
  char buf[16];
  char c = p->text[p->pos];

  if (c != '"')
    return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "expected a member name in double quotes, not %s%s",
                 describe ((guchar) c, buf), c == '}' ? " (a trailing comma?)" : "");
  if (!read_string (p))
    return FALSE;
  if (!p->repair && p->b->has_member (p->bd, top (p), p->buffer->str))
    return fail (p, DIS_JSON_ERROR_DUPLICATE_MEMBER, p->pos - 1,
                 "a member name appears twice in one object");
  p->key = p->b->key (p->bd, p->buffer->str, p->buffer->len);
  skip_whitespace (p);
  if (p->pos >= p->length || p->text[p->pos] != ':')
    return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "expected ':' after a member name");
  p->pos++;
  p->state = EXPECT_VALUE;
  return TRUE;
}

static gboolean
read_separator (Parser *p)
{
  gboolean object = p->b->is_object (p->bd, top (p));
  char buf[16];
  char c = p->text[p->pos];

  if (c == ',')
    {
      p->pos++;
      p->state = object ? EXPECT_KEY : EXPECT_VALUE;
      return TRUE;
    }
  if ((object && c == '}') || (!object && c == ']'))
    return close_container (p);
  return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "expected ',' or '%c', not %s",
               object ? '}' : ']', describe ((guchar) c, buf));
}

static gboolean
run (Parser *p)
{
  char buf[16];

  if (p->length > p->limits->max_size)
    return fail (p, DIS_JSON_ERROR_TOO_LARGE, p->limits->max_size,
                 "the document is %" G_GSIZE_FORMAT " bytes, over the limit of %" G_GSIZE_FORMAT,
                 p->length, p->limits->max_size);
  for (;;)
    {
      skip_whitespace (p);
      if (p->state == DONE)
        {
          if (p->pos < p->length)
            return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos, "%s after the end of the document (one value only)",
                         describe ((guchar) p->text[p->pos], buf));
          return TRUE;
        }
      if (p->pos >= p->length)
        return fail (p, DIS_JSON_ERROR_SYNTAX, p->pos,
                     p->root == NULL ? "the document is empty" : "the document ends too early");

      switch (p->state)
        {
        case EXPECT_FIRST_VALUE:
          if (p->text[p->pos] == ']')
            {
              close_container (p);
              break;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
          if (!read_value (p))
            return FALSE;
          break;
        case EXPECT_FIRST_KEY:
          if (p->text[p->pos] == '}')
            {
              close_container (p);
              break;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_KEY:
          if (!read_key (p))
            return FALSE;
          break;
        case AFTER_VALUE:
          if (!read_separator (p))
            return FALSE;
          break;
        case DONE:
        default:
          g_assert_not_reached ();
        }
    }
}

gpointer
_dis_json_parse_with (const char            *text,
                      gssize                 length,
                      const DisJsonLimits   *limits,
                      DisJsonParseFlags      flags,
                      const DisJsonBuilder  *builder,
                      gpointer               builder_data,
                      guint                 *out_n_repaired,
                      GError               **error)
{
  Parser p = { 0 };
  gboolean ok;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (limits != NULL && builder != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p.text = text != NULL ? text : "";
  p.length = length < 0 ? strlen (text) : (gsize) length;
  p.limits = limits;
  p.repair = (flags & DIS_JSON_PARSE_REPAIR_TEXT) != 0;
  p.buffer = g_string_new (NULL);
  p.b = builder;
  p.bd = builder_data;
  p.stack = g_array_new (FALSE, FALSE, sizeof (gpointer));
  /* One count per level the limits allow, at most one per byte of text. */
  p.counts = g_new (guint, MIN ((gsize) limits->max_depth, p.length) + 1);
  p.state = EXPECT_VALUE;

  ok = run (&p);

  g_string_free (p.buffer, TRUE);
  g_array_unref (p.stack);
  g_free (p.counts);
  if (p.key != NULL)
    builder->key_free (builder_data, p.key);
  if (out_n_repaired != NULL)
    *out_n_repaired = p.n_repaired;
  if (!ok)
    {
      if (p.root != NULL)
        builder->drop (builder_data, p.root);
      g_propagate_error (error, p.error);
      return NULL;
    }
  return p.root;
}

/* ---- The json-glib tree --------------------------------------------------- */

static gpointer
node_string (gpointer    data,
             const char *text,
             gsize       length)
{
  return json_node_init_string (json_node_alloc (), text);
}

static gpointer
node_integer (gpointer data,
              gint64   value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static gpointer
node_real (gpointer data,
           double   value)
{
  return json_node_init_double (json_node_alloc (), value);
}

static gpointer
node_boolean (gpointer data,
              gboolean value)
{
  return json_node_init_boolean (json_node_alloc (), value);
}

static gpointer
node_null (gpointer data)
{
  return json_node_init_null (json_node_alloc ());
}

static gpointer
node_open (gpointer data,
           gboolean object)
{
  JsonNode *node = json_node_alloc ();

  if (object)
    {
      g_autoptr(JsonObject) o = json_object_new ();

      json_node_init_object (node, o);
    }
  else
    {
      g_autoptr(JsonArray) a = json_array_new ();

      json_node_init_array (node, a);
    }
  return node;
}

static void
node_add (gpointer  data,
          gpointer  parent,
          char     *key,
          gpointer  child)
{
  if (key == NULL)
    {
      json_array_add_element (json_node_get_array (parent), child);
      return;
    }
  json_object_set_member (json_node_get_object (parent), key, child);
  g_free (key);
}

static void
node_close (gpointer data,
            gpointer container)
{
}

static gboolean
node_is_object (gpointer data,
                gpointer container)
{
  return JSON_NODE_HOLDS_OBJECT ((JsonNode *) container);
}

static gboolean
node_has_member (gpointer    data,
                 gpointer    object,
                 const char *name)
{
  return json_object_has_member (json_node_get_object (object), name);
}

static char *
node_key (gpointer    data,
          const char *text,
          gsize       length)
{
  return g_strndup (text, length);
}

static void
node_key_free (gpointer  data,
               char     *key)
{
  g_free (key);
}

static void
node_drop (gpointer data,
           gpointer value)
{
  json_node_unref (value);
}

static const DisJsonBuilder node_builder = {
  node_string, node_integer, node_real, node_boolean, node_null, node_open, node_add, node_close,
  node_is_object, node_has_member, node_key, node_key_free, node_drop,
};

JsonNode *
dis_json_parse_full (const char           *text,
                     gssize                length,
                     const DisJsonLimits  *limits,
                     DisJsonParseFlags     flags,
                     guint                *out_n_repaired,
                     GError              **error)
{
  return _dis_json_parse_with (text, length, limits, flags, &node_builder, NULL, out_n_repaired, error);
}

JsonNode *
dis_json_parse (const char           *text,
                gssize                length,
                const DisJsonLimits  *limits,
                GError              **error)
{
  return dis_json_parse_full (text, length, limits, DIS_JSON_PARSE_DEFAULT, NULL, error);
}

/* ---- Typed readers ---------------------------------------------------------- */

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
dis_json_node_get_int (JsonNode *node,
                       gint64   *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (!holds (node, G_TYPE_INT64))
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
dis_json_node_get_double (JsonNode *node,
                          double   *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (holds (node, G_TYPE_INT64))
    {
      *out = (double) json_node_get_int (node);
      return TRUE;
    }
  if (!holds (node, G_TYPE_DOUBLE) || !isfinite (json_node_get_double (node)))
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

gboolean
dis_json_node_get_bool (JsonNode *node,
                        gboolean *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (!holds (node, G_TYPE_BOOLEAN))
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

const char *
dis_json_node_get_string (JsonNode *node)
{
  return holds (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

gboolean
dis_json_node_is_out_of_range (JsonNode *node)
{
  return holds (node, G_TYPE_DOUBLE) && isinf (json_node_get_double (node));
}
