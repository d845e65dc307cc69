/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-codec-private.h"

/* The codec's errors, the domain's enum codes, and text: the protocol's
 * parse and json-glib's canonical printing. The schema engine is in
 * dis-codec-schema.c, the objects in dis-codec-events.c and
 * dis-codec-changes.c. */

G_DEFINE_QUARK (dis-codec-error-quark, dis_codec_error)

const char *
dis_codec_error_code (const GError *error)
{
  if (error != NULL && error->domain == DIS_CODEC_ERROR && error->code == DIS_CODEC_ERROR_UNKNOWN_TYPE)
    return "unknown_type";
  return "invalid_payload";
}

/* ---- Enums: the codes are the domain's own ------------------------------ */

static const char *
tier_code (int value)
{
  return dis_tier_to_code ((DisTier) value);
}

static const char *
unit_code (int value)
{
  return dis_unit_to_code ((DisUnit) value);
}

static const char *
payment_method_code (int value)
{
  return dis_payment_method_to_code ((DisPaymentMethod) value);
}

static const char *
member_kind_code (int value)
{
  return dis_member_kind_to_code ((DisMemberKind) value);
}

static const char *
member_status_code (int value)
{
  return dis_member_status_to_code ((DisMemberStatus) value);
}

static const char *
basis_kind_code (int value)
{
  return dis_basis_kind_to_code ((DisBasisKind) value);
}

const DisEnumType _dis_codec_tier = { tier_code, DIS_N_TIERS };
const DisEnumType _dis_codec_unit = { unit_code, DIS_UNIT_L + 1 };
const DisEnumType _dis_codec_payment_method = { payment_method_code, DIS_PAYMENT_OTHER + 1 };
const DisEnumType _dis_codec_member_kind = { member_kind_code, DIS_MEMBER_KIND_PRODUCER + 1 };
const DisEnumType _dis_codec_member_status = { member_status_code, DIS_MEMBER_SUSPENDED + 1 };
const DisEnumType _dis_codec_basis_kind = { basis_kind_code, DIS_BASIS_PROVISIONAL + 1 };

/* ---- Text ------------------------------------------------------------------ */

/* Integer literals outside gint64 (json-glib would hand back a wrapped
 * value: 2^64 reads -1) are given a ".0", so they arrive as doubles and
 * the integer check of their field refuses them. Strings and the comments
 * json-glib tolerates are skipped. NULL when there is nothing to mark. */
static gboolean
integer_overflows (const char *digits,
                   gsize       n,
                   gboolean    negative)
{
  while (n > 1 && *digits == '0')
    digits++, n--;
  if (n != 19)
    return n > 19;
  return memcmp (digits, negative ? "9223372036854775808" : "9223372036854775807", 19) > 0;
}

static gsize
skip_quoted (const char *text,
             gsize       length,
             gsize       i)
{
  char quote = text[i];

  for (i++; i < length && text[i] != quote; i++)
    if (text[i] == '\\' && quote == '"')
      i++;
  return i;
}

static gsize
skip_comment (const char *text,
              gsize       length,
              gsize       i)
{
  if (i + 1 < length && text[i + 1] == '/')
    {
      while (i < length && text[i] != '\n')
        i++;
      return i;
    }
  for (i += 2; i + 1 < length && !(text[i] == '*' && text[i + 1] == '/'); i++)
    ;
  return i + 1;
}

static char *
mark_big_integers (const char *text,
                   gsize       length,
                   gsize      *out_length)
{
  g_autoptr(GString) out = NULL;
  gsize copied = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      gsize digits;

      if (c == '"' || c == '\'')
        {
          i = skip_quoted (text, length, i);
          continue;
        }
      if (c == '/' && i + 1 < length && (text[i + 1] == '*' || text[i + 1] == '/'))
        {
          i = skip_comment (text, length, i);
          continue;
        }
      if (c != '-' && !g_ascii_isdigit (c))
        continue;

      digits = c == '-' ? i + 1 : i;
      for (i = digits; i < length && g_ascii_isdigit (text[i]); i++)
        ;
      if (i < length && (text[i] == '.' || text[i] == 'e' || text[i] == 'E'))
        {
          while (i < length && (g_ascii_isalnum (text[i]) || text[i] == '.' || text[i] == '+' || text[i] == '-'))
            i++;
        }
      else if (integer_overflows (text + digits, i - digits, c == '-'))
        {
          if (out == NULL)
            out = g_string_sized_new (length + 16);
          g_string_append_len (out, text + copied, (gssize) (i - copied));
          g_string_append (out, ".0");
          copied = i;
        }
      i--;
    }
  if (out == NULL)
    return NULL;
  g_string_append_len (out, text + copied, (gssize) (length - copied));
  *out_length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

JsonNode *
dis_codec_parse (const char  *text,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *marked = NULL;
  gsize size, marked_length = 0;

  g_return_val_if_fail (text != NULL, NULL);

  size = length < 0 ? strlen (text) : (gsize) length;
  marked = mark_big_integers (text, size, &marked_length);
  if (!json_parser_load_from_data (parser, marked ? marked : text,
                                   (gssize) (marked ? marked_length : size), error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "empty document");
      return NULL;
    }
  return json_parser_steal_root (parser);
}

char *
dis_codec_to_text (JsonNode *node,
                   gsize    *out_length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, out_length);
}

/* json-glib 1.6's escapes: \" \\ \b \f \n \r \t, \u00XX for the other
 * bytes 0x01…0x1e and 0x7f; 0x1f as it is (the checks keep it out of
 * every field). */
void
_dis_codec_append_string (GString    *out,
                          const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:   escape = NULL; break;
        }
      if (escape != NULL)
        g_string_append (out, escape);
      else if (c == 0x1f)
        g_string_append_c (out, (char) c);   /* json-glib leaves it as it is */
      else
        g_string_append_printf (out, "\\u00%02x", c);
    }
  g_string_append_len (out, run, (gssize) strlen (run));
  g_string_append_c (out, '"');
}

void
_dis_codec_append_member (GString    *out,
                          const char *name)
{
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

/* ---- Errors ---------------------------------------------------------------- */

static void
append_path (GString       *out,
             const DisPath *path)
{
  if (path == NULL)
    return;
  append_path (out, path->parent);
  if (path->name != NULL)
    {
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, path->name);
    }
  if (path->index >= 0)
    g_string_append_printf (out, "[%d]", path->index);
}

gboolean
_dis_codec_fail (GError        **error,
                 const DisPath  *path,
                 const char     *field,
                 const char     *format,
                 ...)
{
  g_autoptr(GString) message = g_string_new (NULL);
  va_list args;

  append_path (message, path);
  if (field != NULL)
    {
      if (message->len > 0)
        g_string_append_c (message, '.');
      g_string_append (message, field);
    }
  if (message->len > 0)
    g_string_append (message, ": ");
  va_start (args, format);
  g_string_append_vprintf (message, format, args);
  va_end (args);
  g_set_error_literal (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID, message->str);
  return FALSE;
}

