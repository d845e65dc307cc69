/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dis-barcode.h"
#include "dis-codec-private.h"
#include "dis-date.h"

/* The schema engine (dis-codec-private.h): checking every field's bounds
 * in a struct read by its table (dis-codec-read.c), building the object
 * back. */

#define is_string_kind _dis_field_is_string_kind

/* ---- Field values ---------------------------------------------------------- */

static gboolean
is_present (const DisField *f,
            gconstpointer   base)
{
  const char *at;

  if (f->kind == DIS_FIELD_NAMES)
    return *CSLOT (base, f, GArray *) != NULL;
  if (!(f->flags & DIS_FIELD_PRESENCE))
    return TRUE;
  if (is_string_kind (f->kind))
    return *CSLOT (base, f, char *) != NULL;
  if (f->present_offset < 0)
    {
      /* An object is there when any of its fields is. */
      for (guint i = 0; i < f->schema->n_fields; i++)
        if (is_present (&f->schema->fields[i], CSLOT (base, f, char)))
          return TRUE;
      return FALSE;
    }
  at = (const char *) base + f->present_offset;
  if (f->present_bit == 0)
    return *(const gboolean *) (gconstpointer) at;
  return (*(const guint32 *) (gconstpointer) at & f->present_bit) != 0;
}

/* ---- Checks ------------------------------------------------------------------ */

typedef enum
{
  TEXT_OK,
  TEXT_NOT_UTF8,
  TEXT_UNIT_SEPARATOR,
  TEXT_BLANK,
  TEXT_TOO_LONG,
} TextProblem;

/* Valid UTF-8 (so no lone surrogate; a C string holds no NUL), not blank
 * unless allowed, at most @max characters. Control characters pass,
 * escaped, but U+001F, which json-glib writes unescaped and a strict
 * parser would refuse. */
static TextProblem
text_problem (const char *text,
              guint       flags,
              gint64      max)
{
  gint64 n_chars = 0;
  gboolean blank = TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    return TEXT_NOT_UTF8;
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == 0x1f)
        return TEXT_UNIT_SEPARATOR;
      if ((c & 0xc0) != 0x80)
        n_chars++;
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        blank = FALSE;
    }
  if (blank && !(flags & DIS_FIELD_EMPTY_OK))
    return TEXT_BLANK;
  return n_chars > max ? TEXT_TOO_LONG : TEXT_OK;
}

gboolean
dis_codec_is_code (const char *text)
{
  gsize n = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return n >= 1 && n <= DIS_CODEC_CODE_MAX;
}

static gboolean
is_time (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (strlen (text) > DIS_CODEC_TIME_MAX)
    return FALSE;
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  return parsed != NULL;
}

static gboolean
check_string (const DisField *f,
              const char     *text,
              const DisPath  *path,
              GError        **error)
{
  switch (f->kind)
    {
    case DIS_FIELD_CODE:
      if (!dis_codec_is_code (text))
        return _dis_codec_fail (error, path, f->name,
                                "must be a code of 1 to %d letters, digits, “.”, “_” or “-”", DIS_CODEC_CODE_MAX);
      return TRUE;
    case DIS_FIELD_UUID:
      if (!g_uuid_string_is_valid (text))
        return _dis_codec_fail (error, path, f->name, "must be a UUID");
      return TRUE;
    case DIS_FIELD_CARD:
      if (!dis_member_card_is_well_formed (text))
        return _dis_codec_fail (error, path, f->name, "must be a member card code (DS, 7 digits and a check digit)");
      return TRUE;
    case DIS_FIELD_DATE:
      if (dis_date_parse (text) == 0)
        return _dis_codec_fail (error, path, f->name, "must be a date YYYY-MM-DD");
      return TRUE;
    case DIS_FIELD_TIME:
      if (!is_time (text))
        return _dis_codec_fail (error, path, f->name, "must be an ISO 8601 date and time with a zone");
      return TRUE;
    case DIS_FIELD_EAN:
      if (!dis_ean_is_valid (text))
        return _dis_codec_fail (error, path, f->name, "must be an EAN-8 or EAN-13 with its check digit");
      return TRUE;
    default:
      switch (text_problem (text, f->flags, f->max))
        {
        case TEXT_NOT_UTF8:
          return _dis_codec_fail (error, path, f->name, "must be valid UTF-8 text");
        case TEXT_UNIT_SEPARATOR:
          return _dis_codec_fail (error, path, f->name, "must not hold U+001F");
        case TEXT_BLANK:
          return _dis_codec_fail (error, path, f->name, "must not be empty");
        case TEXT_TOO_LONG:
          return _dis_codec_fail (error, path, f->name, "longer than %" G_GINT64_FORMAT " characters", f->max);
        case TEXT_OK:
        default:
          return TRUE;
        }
    }
}

static gboolean
check_int (const DisField *f,
           gint64          value,
           const DisPath  *path,
           GError        **error)
{
  if (f->flags & DIS_FIELD_VAT)
    {
      if (value != 4 && value != 5 && value != 10 && value != 22)
        return _dis_codec_fail (error, path, f->name, "must be 4, 5, 10 or 22");
      return TRUE;
    }
  if (value < f->min || value > f->max)
    return _dis_codec_fail (error, path, f->name,
                            "must be an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, f->min, f->max);
  if ((f->flags & DIS_FIELD_NONZERO) && value == 0)
    return _dis_codec_fail (error, path, f->name, "must not be 0");
  return TRUE;
}

static gboolean
check_array (const DisField *f,
             const GArray   *elements,
             const DisPath  *path,
             GError        **error)
{
  guint n = elements ? elements->len : 0;

  if (n < f->min || n > f->max)
    return _dis_codec_fail (error, path, f->name, "must have %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " elements",
                            f->min, f->max);
  for (guint i = 0; i < n; i++)
    {
      DisPath element = { path, f->name, (int) i };

      if (!_dis_codec_check (f->schema, elements->data + (gsize) i * f->schema->size, &element, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_names (const DisField *f,
             const GArray   *names,
             const DisPath  *path,
             GError        **error)
{
  static const DisField name_field = { NULL, DIS_FIELD_TEXT, 0, 0, 0, DIS_CODEC_NAME_MAX, NULL, NULL, -1, 0 };

  if (names->len < f->min || names->len > f->max)
    return _dis_codec_fail (error, path, f->name, "must have %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " elements",
                            f->min, f->max);
  for (guint i = 0; i < names->len; i++)
    {
      DisPath element = { path, f->name, (int) i };

      if (!check_string (&name_field, g_array_index (names, const char *, i), &element, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_field (const DisField *f,
             gconstpointer   base,
             const DisPath  *path,
             GError        **error)
{
  if (!is_present (f, base))
    {
      if (f->kind == DIS_FIELD_NAMES && !(f->flags & (DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL)))
        return _dis_codec_fail (error, path, f->name, "missing");
      return TRUE;
    }

  switch (f->kind)
    {
    case DIS_FIELD_NAMES:
      return check_names (f, *CSLOT (base, f, GArray *), path, error);
    case DIS_FIELD_INT:
      return check_int (f, *CSLOT (base, f, gint64), path, error);
    case DIS_FIELD_BOOL:
      return TRUE;
    case DIS_FIELD_DEGREES:
      {
        double value = *CSLOT (base, f, double);

        if (!isfinite (value) || fabs (value) > (double) f->max)
          return _dis_codec_fail (error, path, f->name, "must be a number from -%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                                  f->max, f->max);
        return TRUE;
      }
    case DIS_FIELD_ENUM:
      {
        int value = *CSLOT (base, f, int);

        if (value < 0 || value >= f->enum_type->n_values)
          return _dis_codec_fail (error, path, f->name, "unknown value %d", value);
        return TRUE;
      }
    case DIS_FIELD_OBJECT:
      {
        DisPath inner = { path, f->name, -1 };

        return _dis_codec_check (f->schema, CSLOT (base, f, char), &inner, error);
      }
    case DIS_FIELD_ARRAY:
      return check_array (f, *CSLOT (base, f, GArray *), path, error);
    case DIS_FIELD_ENUM_SET:
      {
        guint32 set = *CSLOT (base, f, guint32);

        if (f->enum_type->n_values < 32 && (set >> f->enum_type->n_values) != 0)
          return _dis_codec_fail (error, path, f->name, "unknown values 0x%x", set);
        return TRUE;
      }
    default:
      {
        const char *text = *CSLOT (base, f, char *);

        if (text == NULL)
          {
            if (f->flags & (DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL))
              return TRUE;
            return _dis_codec_fail (error, path, f->name, "missing");
          }
        return check_string (f, text, path, error);
      }
    }
}

gboolean
_dis_codec_check (const DisSchema *schema,
                  gconstpointer    base,
                  const DisPath   *path,
                  GError         **error)
{
  for (guint i = 0; i < schema->n_fields; i++)
    if (!check_field (&schema->fields[i], base, path, error))
      return FALSE;
  return schema->check == NULL || schema->check (base, path, error);
}

/* ---- Encoding -------------------------------------------------------------------- */

static void
build_field (const DisField *f,
             gconstpointer   base,
             JsonBuilder    *builder)
{
  if (!is_present (f, base))
    {
      if (f->flags & DIS_FIELD_NULLABLE)
        {
          json_builder_set_member_name (builder, f->name);
          json_builder_add_null_value (builder);
        }
      return;
    }
  json_builder_set_member_name (builder, f->name);

  switch (f->kind)
    {
    case DIS_FIELD_INT:
      if (f->flags & DIS_FIELD_JSON_BOOL)
        json_builder_add_boolean_value (builder, *CSLOT (base, f, gint64) != 0);
      else
        json_builder_add_int_value (builder, *CSLOT (base, f, gint64));
      break;
    case DIS_FIELD_BOOL:
      json_builder_add_boolean_value (builder, *CSLOT (base, f, gboolean));
      break;
    case DIS_FIELD_DEGREES:
      json_builder_add_double_value (builder, *CSLOT (base, f, double));
      break;
    case DIS_FIELD_ENUM:
      json_builder_add_string_value (builder, f->enum_type->to_code (*CSLOT (base, f, int)));
      break;
    case DIS_FIELD_OBJECT:
      json_builder_begin_object (builder);
      _dis_codec_build (f->schema, CSLOT (base, f, char), builder);
      json_builder_end_object (builder);
      break;
    case DIS_FIELD_ARRAY:
      {
        const GArray *elements = *CSLOT (base, f, GArray *);

        json_builder_begin_array (builder);
        for (guint i = 0; elements != NULL && i < elements->len; i++)
          {
            json_builder_begin_object (builder);
            _dis_codec_build (f->schema, elements->data + (gsize) i * f->schema->size, builder);
            json_builder_end_object (builder);
          }
        json_builder_end_array (builder);
        break;
      }
    case DIS_FIELD_NAMES:
      {
        const GArray *names = *CSLOT (base, f, GArray *);

        json_builder_begin_array (builder);
        for (guint i = 0; i < names->len; i++)
          json_builder_add_string_value (builder, g_array_index (names, const char *, i));
        json_builder_end_array (builder);
        break;
      }
    case DIS_FIELD_ENUM_SET:
      json_builder_begin_array (builder);
      for (int i = 0; i < f->enum_type->n_values; i++)
        if (*CSLOT (base, f, guint32) & (1u << i))
          json_builder_add_string_value (builder, f->enum_type->to_code (i));
      json_builder_end_array (builder);
      break;
    default:
      {
        const char *text = *CSLOT (base, f, char *);

        if (text != NULL)
          json_builder_add_string_value (builder, text);
        else if (f->flags & DIS_FIELD_NULLABLE)
          json_builder_add_null_value (builder);
        else
          json_builder_add_string_value (builder, "");   /* OPTIONAL | EMPTY_OK */
        break;
      }
    }
}

void
_dis_codec_build (const DisSchema *schema,
                  gconstpointer    base,
                  JsonBuilder     *builder)
{
  for (guint i = 0; i < schema->n_fields; i++)
    build_field (&schema->fields[i], base, builder);
}

JsonNode *
_dis_codec_encode (const DisSchema *schema,
                   gconstpointer    base,
                   const DisPath   *path,
                   GError         **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!_dis_codec_check (schema, base, path, error))
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _dis_codec_build (schema, base, builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonObject *
_dis_codec_get_object (JsonObject *object,
                       const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gboolean
_dis_codec_decode_whole (const DisSchema  *schema,
                         JsonObject       *object,
                         gpointer          out,
                         gsize             size,
                         const char       *where,
                         void            (*clear) (gpointer),
                         GError          **error)
{
  DisPath path = { NULL, where, -1 };

  memset (out, 0, size);
  if (!_dis_codec_decode (schema, object, out, &path, error))
    {
      if (clear != NULL)
        clear (out);
      memset (out, 0, size);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
_dis_codec_encode_at (const DisSchema  *schema,
                      gconstpointer     value,
                      const char       *where,
                      GError          **error)
{
  DisPath path = { NULL, where, -1 };

  return _dis_codec_encode (schema, value, &path, error);
}

gboolean
_dis_codec_check_unique (const GArray   *elements,
                         gsize           code_offset,
                         const DisPath  *path,
                         const char     *field,
                         const char     *member,
                         GError        **error)
{
  g_autoptr(GHashTable) seen = NULL;
  guint size;

  if (elements == NULL || elements->len < 2)
    return TRUE;
  size = g_array_get_element_size ((GArray *) elements);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < elements->len; i++)
    {
      const char *code = *(const char * const *) (gconstpointer) (elements->data + (gsize) i * size + code_offset);

      if (!g_hash_table_add (seen, (gpointer) code))
        {
          DisPath element = { path, field, (int) i };

          return _dis_codec_fail (error, &element, member, "repeats %s", code);
        }
    }
  return TRUE;
}
