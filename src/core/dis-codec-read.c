/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-codec-private.h"

/* The schema engine's reading (dis-codec-private.h): an object's fields
 * into a struct by its table, types only, then the checks of
 * dis-codec-schema.c. The object comes from json-glib's tree or from a
 * DisJsonDoc (the hub's pushes): one reader for both, behind Value, so
 * that they cannot disagree on a field. */

#define is_string_kind _dis_field_is_string_kind

/* ---- Values ------------------------------------------------------------------- */

/* One of the three, or none: absent. */
typedef struct
{
  JsonNode           *node;
  JsonObject         *object;   /* an object reached without its node */
  const DisJsonValue *value;
} Value;

static gboolean
is_absent (Value v)
{
  return v.node == NULL && v.object == NULL && v.value == NULL;
}

static gboolean
is_null (Value v)
{
  if (v.value != NULL)
    return v.value->type == DIS_JSON_VALUE_NULL;
  return v.node != NULL && JSON_NODE_HOLDS_NULL (v.node);
}

static gboolean
is_object (Value v)
{
  if (v.value != NULL)
    return v.value->type == DIS_JSON_VALUE_OBJECT;
  return v.object != NULL || (v.node != NULL && JSON_NODE_HOLDS_OBJECT (v.node));
}

static gboolean
is_array (Value v)
{
  if (v.value != NULL)
    return v.value->type == DIS_JSON_VALUE_ARRAY;
  return v.node != NULL && JSON_NODE_HOLDS_ARRAY (v.node);
}

/* A scalar of @type (BOOLEAN, INT, DOUBLE or STRING). */
static gboolean
holds (Value             v,
       DisJsonValueType  type)
{
  GType gtype;

  if (v.value != NULL)
    return v.value->type == type;
  if (v.node == NULL || !JSON_NODE_HOLDS_VALUE (v.node))
    return FALSE;
  gtype = json_node_get_value_type (v.node);
  switch (type)
    {
    case DIS_JSON_VALUE_BOOLEAN:
      return gtype == G_TYPE_BOOLEAN;
    case DIS_JSON_VALUE_INT:
      return gtype == G_TYPE_INT64;
    case DIS_JSON_VALUE_DOUBLE:
      return gtype == G_TYPE_DOUBLE;
    case DIS_JSON_VALUE_STRING:
      return gtype == G_TYPE_STRING;
    default:
      return FALSE;
    }
}

/* The readers below ask holds() first. */
static gint64
get_int (Value v)
{
  return v.value != NULL ? v.value->v.integer : json_node_get_int (v.node);
}

static gboolean
get_boolean (Value v)
{
  return v.value != NULL ? v.value->v.boolean : json_node_get_boolean (v.node);
}

static double
get_double (Value v)
{
  return v.value != NULL ? v.value->v.real : json_node_get_double (v.node);
}

static const char *
get_string (Value v)
{
  return v.value != NULL ? v.value->v.string : json_node_get_string (v.node);
}

static guint
get_length (Value array)
{
  return array.value != NULL ? array.value->n : json_array_get_length (json_node_get_array (array.node));
}

static Value
get_element (Value array,
             guint i)
{
  Value element = { NULL, };

  if (array.value != NULL)
    element.value = array.value->v.elements[i];
  else
    element.node = json_array_get_element (json_node_get_array (array.node), i);
  return element;
}

static Value
get_member (Value       object,
            const char *name)
{
  Value member = { NULL, };

  if (object.value != NULL)
    member.value = dis_json_value_get_member (object.value, name);
  else
    member.node = json_object_get_member (object.object != NULL ? object.object
                                                                 : json_node_get_object (object.node), name);
  return member;
}

/* ---- Field values ---------------------------------------------------------- */

static void
set_present (const DisField *f,
             gpointer        base,
             gboolean        present)
{
  char *at;

  if (!(f->flags & DIS_FIELD_PRESENCE) || is_string_kind (f->kind) || f->kind == DIS_FIELD_NAMES ||
      f->present_offset < 0)
    return;
  at = (char *) base + f->present_offset;
  if (f->present_bit == 0)
    *(gboolean *) (gpointer) at = present;
  else if (present)
    *(guint32 *) (gpointer) at |= f->present_bit;
  else
    *(guint32 *) (gpointer) at &= ~f->present_bit;
}

/* Absent, or null where that means absent. */
static void
set_absent (const DisField *f,
            gpointer        base)
{
  set_present (f, base, FALSE);
  switch (f->kind)
    {
    case DIS_FIELD_INT:
      *SLOT (base, f, gint64) = 0;
      break;
    case DIS_FIELD_BOOL:
      *SLOT (base, f, gboolean) = FALSE;
      break;
    case DIS_FIELD_DEGREES:
      *SLOT (base, f, double) = 0;
      break;
    case DIS_FIELD_ENUM:
      *SLOT (base, f, int) = 0;
      break;
    case DIS_FIELD_ENUM_SET:
      *SLOT (base, f, guint32) = 0;
      break;
    case DIS_FIELD_OBJECT:
      for (guint i = 0; i < f->schema->n_fields; i++)
        set_absent (&f->schema->fields[i], SLOT (base, f, char));
      break;
    case DIS_FIELD_ARRAY:
      break;
    case DIS_FIELD_NAMES:
      g_clear_pointer (SLOT (base, f, GArray *), g_array_unref);
      break;
    default:
      *SLOT (base, f, const char *) = (f->flags & DIS_FIELD_EMPTY_OK) && !(f->flags & DIS_FIELD_NULLABLE) ? "" : NULL;
      break;
    }
}

static const char *
type_name (const DisField *f)
{
  switch (f->kind)
    {
    case DIS_FIELD_INT:
      return f->flags & DIS_FIELD_JSON_BOOL ? "true or false" : "an integer";
    case DIS_FIELD_BOOL:
      return "true or false";
    case DIS_FIELD_DEGREES:
      return "a number";
    case DIS_FIELD_OBJECT:
      return "an object";
    case DIS_FIELD_ARRAY:
      return "an array";
    case DIS_FIELD_ENUM_SET:
      return "an array of strings";
    case DIS_FIELD_NAMES:
      return f->flags & DIS_FIELD_NULLABLE ? "an array of strings or null" : "an array of strings";
    default:
      return f->flags & DIS_FIELD_NULLABLE ? "a string or null" : "a string";
    }
}

static gboolean
enum_from_code (const DisEnumType *type,
                const char        *code,
                int               *out)
{
  for (int i = 0; i < type->n_values; i++)
    if (g_str_equal (type->to_code (i), code))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static char *
enum_codes (const DisEnumType *type)
{
  GString *out = g_string_new (NULL);

  for (int i = 0; i < type->n_values; i++)
    g_string_append_printf (out, "%s%s", i == 0 ? "" : i + 1 == type->n_values ? " or " : ", ",
                            type->to_code (i));
  return g_string_free (out, FALSE);
}

static gboolean read_object (const DisSchema *schema,
                             Value            object,
                             gpointer         base,
                             const DisPath   *path,
                             GError         **error);

static gboolean
read_array (const DisField *f,
            Value           array,
            gpointer        base,
            const DisPath  *path,
            GError        **error)
{
  guint n = get_length (array);
  GArray *elements;

  if (n < f->min || n > f->max)
    return _dis_codec_fail (error, path, f->name, "must have %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " elements",
                            f->min, f->max);
  elements = g_array_sized_new (FALSE, TRUE, (guint) f->schema->size, n);
  g_array_set_size (elements, n);
  if (*SLOT (base, f, GArray *) != NULL)
    g_array_unref (*SLOT (base, f, GArray *));
  *SLOT (base, f, GArray *) = elements;

  for (guint i = 0; i < n; i++)
    {
      Value element = get_element (array, i);
      DisPath at = { path, f->name, (int) i };

      if (!is_object (element))
        return _dis_codec_fail (error, &at, NULL, "must be an object");
      if (!read_object (f->schema, element, elements->data + (gsize) i * f->schema->size, &at, error))
        return FALSE;
    }
  return TRUE;
}

/* Each element one of the enum's codes, none twice. */
static gboolean
read_enum_set (const DisField *f,
               Value           array,
               gpointer        base,
               const DisPath  *path,
               GError        **error)
{
  guint n = get_length (array);
  guint32 set = 0;

  g_assert (f->enum_type->n_values <= 32);
  for (guint i = 0; i < n; i++)
    {
      Value element = get_element (array, i);
      DisPath at = { path, f->name, (int) i };
      int value;

      if (!holds (element, DIS_JSON_VALUE_STRING) || !enum_from_code (f->enum_type, get_string (element), &value))
        {
          g_autofree char *codes = enum_codes (f->enum_type);

          return _dis_codec_fail (error, &at, NULL, "must be %s", codes);
        }
      if (set & (1u << value))
        return _dis_codec_fail (error, &at, NULL, "repeats %s", get_string (element));
      set |= 1u << value;
    }
  *SLOT (base, f, guint32) = set;
  return TRUE;
}

/* Strings only; their bounds come with the checks. */
static gboolean
read_names (const DisField *f,
            Value           array,
            gpointer        base,
            const DisPath  *path,
            GError        **error)
{
  guint n = get_length (array);
  GArray *names;

  if (n < f->min || n > f->max)
    return _dis_codec_fail (error, path, f->name, "must have %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " elements",
                            f->min, f->max);
  names = g_array_sized_new (FALSE, TRUE, sizeof (const char *), n);
  g_clear_pointer (SLOT (base, f, GArray *), g_array_unref);
  *SLOT (base, f, GArray *) = names;
  for (guint i = 0; i < n; i++)
    {
      Value element = get_element (array, i);
      const char *name;

      if (!holds (element, DIS_JSON_VALUE_STRING))
        {
          DisPath at = { path, f->name, (int) i };

          return _dis_codec_fail (error, &at, NULL, "must be a string");
        }
      name = get_string (element);
      g_array_append_val (names, name);
    }
  return TRUE;
}

/* The JSON type of one field, into its slot; bounds come later. */
static gboolean
read_field (const DisField *f,
            Value           object,
            gpointer        base,
            const DisPath  *path,
            GError        **error)
{
  Value node = get_member (object, f->name);
  gboolean absent = is_absent (node), null = is_null (node);

  if (absent || (null && !(f->flags & DIS_FIELD_NULLABLE) && (f->flags & (DIS_FIELD_OPTIONAL | DIS_FIELD_PRESENCE))))
    {
      if (absent && !(f->flags & (DIS_FIELD_OPTIONAL | DIS_FIELD_PRESENCE)))
        return _dis_codec_fail (error, path, f->name, "missing");
      set_absent (f, base);
      return TRUE;
    }
  if (null && (f->flags & DIS_FIELD_NULLABLE) && is_string_kind (f->kind))
    {
      *SLOT (base, f, const char *) = NULL;
      return TRUE;
    }
  if (null && (f->flags & DIS_FIELD_NULLABLE))
    {
      set_absent (f, base);
      return TRUE;
    }
  set_present (f, base, TRUE);

  switch (f->kind)
    {
    case DIS_FIELD_INT:
      if ((f->flags & DIS_FIELD_JSON_BOOL) && holds (node, DIS_JSON_VALUE_BOOLEAN))
        *SLOT (base, f, gint64) = get_boolean (node) ? 1 : 0;
      else if (!(f->flags & DIS_FIELD_JSON_BOOL) && holds (node, DIS_JSON_VALUE_INT))
        *SLOT (base, f, gint64) = get_int (node);
      else
        break;
      return TRUE;
    case DIS_FIELD_BOOL:
      if (!holds (node, DIS_JSON_VALUE_BOOLEAN))
        break;
      *SLOT (base, f, gboolean) = get_boolean (node);
      return TRUE;
    case DIS_FIELD_DEGREES:
      if (holds (node, DIS_JSON_VALUE_DOUBLE))
        *SLOT (base, f, double) = get_double (node);
      else if (holds (node, DIS_JSON_VALUE_INT))
        *SLOT (base, f, double) = (double) get_int (node);
      else
        break;
      return TRUE;
    case DIS_FIELD_ENUM:
      if (!holds (node, DIS_JSON_VALUE_STRING))
        break;
      if (!enum_from_code (f->enum_type, get_string (node), SLOT (base, f, int)))
        {
          g_autofree char *codes = enum_codes (f->enum_type);

          return _dis_codec_fail (error, path, f->name, "must be %s", codes);
        }
      return TRUE;
    case DIS_FIELD_OBJECT:
      if (!is_object (node))
        break;
      {
        DisPath inner = { path, f->name, -1 };

        return read_object (f->schema, node, SLOT (base, f, char), &inner, error);
      }
    case DIS_FIELD_ARRAY:
      if (!is_array (node))
        break;
      return read_array (f, node, base, path, error);
    case DIS_FIELD_ENUM_SET:
      if (!is_array (node))
        break;
      return read_enum_set (f, node, base, path, error);
    case DIS_FIELD_NAMES:
      if (!is_array (node))
        break;
      return read_names (f, node, base, path, error);
    default:
      if (!holds (node, DIS_JSON_VALUE_STRING))
        break;
      *SLOT (base, f, const char *) = get_string (node);
      return TRUE;
    }
  return _dis_codec_fail (error, path, f->name, "must be %s", type_name (f));
}

static gboolean
read_object (const DisSchema *schema,
             Value            object,
             gpointer         base,
             const DisPath   *path,
             GError         **error)
{
  for (guint i = 0; i < schema->n_fields; i++)
    if (!read_field (&schema->fields[i], object, base, path, error))
      return FALSE;
  return TRUE;
}

/* ---- Decoding ---------------------------------------------------------------- */

gboolean
_dis_codec_decode (const DisSchema *schema,
                   JsonObject      *object,
                   gpointer         base,
                   const DisPath   *path,
                   GError         **error)
{
  Value v = { .object = object };

  g_assert (schema != NULL && base != NULL);

  if (object == NULL)
    return _dis_codec_fail (error, path, NULL, "must be an object");
  return read_object (schema, v, base, path, error) &&
         _dis_codec_check (schema, base, path, error);
}

gboolean
_dis_codec_decode_doc (const DisSchema     *schema,
                       const DisJsonValue  *object,
                       gpointer             base,
                       const DisPath       *path,
                       GError             **error)
{
  Value v = { .value = object };

  g_assert (schema != NULL && base != NULL);

  if (object == NULL || object->type != DIS_JSON_VALUE_OBJECT)
    return _dis_codec_fail (error, path, NULL, "must be an object");
  return read_object (schema, v, base, path, error) &&
         _dis_codec_check (schema, base, path, error);
}
