/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-json"

#include "config.h"

#include <string.h>

#include "dis-json-doc.h"
#include "dis-json-private.h"

/* Issue 12's profile of a push: building json-glib's tree (a hash table
 * and a queue per object, a slice per node, a copy per name) and freeing
 * it took half of a request's work outside the database. Here values,
 * names and strings are cut from large blocks, and freed with them.
 *
 * While an object or array is read, its members wait on one shared
 * stack (`scratch`): containers nest, so the open ones' members are
 * contiguous runs on it, the innermost on top. Closing a container
 * copies its run into the arena. */

#define BLOCK_SIZE      (64 * 1024)
/* Names are compared one by one up to this many members, then hashed:
 * hostile objects may have thousands. */
#define LINEAR_MEMBERS  16

typedef struct
{
  DisJsonValue *container;
  guint         start;    /* its first member on scratch */
  GHashTable   *names;    /* of an object with many members, else NULL */
} Frame;

struct _DisJsonDoc
{
  GSList             *blocks;
  char               *next;
  gsize               left;
  const DisJsonValue *root;
  /* While reading only. */
  GArray             *scratch;  /* DisJsonMember */
  GArray             *frames;   /* Frame */
};

static gpointer
arena_alloc (DisJsonDoc *doc,
             gsize       size)
{
  gpointer mem;

  size = (size + 7) & ~(gsize) 7;
  if (size > doc->left)
    {
      gsize block = MAX (size, BLOCK_SIZE);

      doc->next = g_malloc (block);
      doc->left = block;
      doc->blocks = g_slist_prepend (doc->blocks, doc->next);
    }
  mem = doc->next;
  doc->next += size;
  doc->left -= size;
  return mem;
}

static char *
arena_strndup (DisJsonDoc *doc,
               const char *text,
               gsize       length)
{
  char *copy = arena_alloc (doc, length + 1);

  memcpy (copy, text, length);
  copy[length] = '\0';
  return copy;
}

static DisJsonValue *
new_value (DisJsonDoc       *doc,
           DisJsonValueType  type)
{
  DisJsonValue *value = arena_alloc (doc, sizeof *value);

  value->type = type;
  value->n = 0;
  return value;
}

/* ---- The builder ------------------------------------------------------------ */

static gpointer
doc_string (gpointer    data,
            const char *text,
            gsize       length)
{
  DisJsonValue *value = new_value (data, DIS_JSON_VALUE_STRING);

  value->v.string = arena_strndup (data, text, length);
  return value;
}

static gpointer
doc_integer (gpointer data,
             gint64   integer)
{
  DisJsonValue *value = new_value (data, DIS_JSON_VALUE_INT);

  value->v.integer = integer;
  return value;
}

static gpointer
doc_real (gpointer data,
          double   real)
{
  DisJsonValue *value = new_value (data, DIS_JSON_VALUE_DOUBLE);

  value->v.real = real;
  return value;
}

static gpointer
doc_boolean (gpointer data,
             gboolean boolean)
{
  DisJsonValue *value = new_value (data, DIS_JSON_VALUE_BOOLEAN);

  value->v.boolean = boolean;
  return value;
}

static gpointer
doc_null (gpointer data)
{
  return new_value (data, DIS_JSON_VALUE_NULL);
}

static Frame *
top_frame (DisJsonDoc *doc)
{
  g_assert (doc->frames->len > 0);
  return &g_array_index (doc->frames, Frame, doc->frames->len - 1);
}

static gpointer
doc_open (gpointer data,
          gboolean object)
{
  DisJsonDoc *doc = data;
  DisJsonValue *value = new_value (doc, object ? DIS_JSON_VALUE_OBJECT : DIS_JSON_VALUE_ARRAY);
  /* Inside another, the reader adds it there next: its own members start
   * after that. */
  Frame frame = { value, doc->scratch->len + (doc->frames->len > 0 ? 1 : 0), NULL };

  g_array_append_val (doc->frames, frame);
  return value;
}

static void
doc_add (gpointer  data,
         gpointer  parent,
         char     *key,
         gpointer  child)
{
  DisJsonDoc *doc = data;
  DisJsonMember member = { key, child };
  Frame *frame;

  /* @child may be a container whose frame is already on top. */
  frame = &g_array_index (doc->frames, Frame,
                          doc->frames->len - (((DisJsonValue *) child)->type >= DIS_JSON_VALUE_OBJECT ? 2 : 1));
  g_assert (frame->container == parent);
  g_assert (doc->scratch->len >= frame->start);
  g_array_append_val (doc->scratch, member);
  if (key == NULL)
    return;
  if (frame->names != NULL)
    g_hash_table_add (frame->names, key);
  else if (doc->scratch->len - frame->start > LINEAR_MEMBERS)
    {
      frame->names = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = frame->start; i < doc->scratch->len; i++)
        g_hash_table_add (frame->names, (gpointer) g_array_index (doc->scratch, DisJsonMember, i).name);
    }
}

static void
doc_close (gpointer data,
           gpointer container)
{
  DisJsonDoc *doc = data;
  Frame *frame = top_frame (doc);
  DisJsonValue *value = frame->container;
  guint n = doc->scratch->len - frame->start;
  /* Not indexed when empty: its data may be NULL then. */
  const DisJsonMember *run = n > 0 ? &g_array_index (doc->scratch, DisJsonMember, frame->start) : NULL;

  g_assert (value == container);
  value->n = n;
  if (value->type == DIS_JSON_VALUE_OBJECT)
    {
      DisJsonMember *members = arena_alloc (doc, MAX (n, 1) * sizeof *members);

      if (n > 0)
        memcpy (members, run, n * sizeof *members);
      value->v.members = members;
    }
  else
    {
      const DisJsonValue **elements = arena_alloc (doc, MAX (n, 1) * sizeof *elements);

      for (guint i = 0; i < n; i++)
        elements[i] = run[i].value;
      value->v.elements = elements;
    }
  g_clear_pointer (&frame->names, g_hash_table_unref);
  g_array_set_size (doc->scratch, frame->start);
  g_array_set_size (doc->frames, doc->frames->len - 1);
}

static gboolean
doc_is_object (gpointer data,
               gpointer container)
{
  return ((DisJsonValue *) container)->type == DIS_JSON_VALUE_OBJECT;
}

static gboolean
doc_has_member (gpointer    data,
                gpointer    object,
                const char *name)
{
  DisJsonDoc *doc = data;
  Frame *frame = top_frame (doc);

  g_assert (frame->container == object);
  if (frame->names != NULL)
    return g_hash_table_contains (frame->names, name);
  /* Names of one object mostly differ from their first letter. */
  for (guint i = frame->start; i < doc->scratch->len; i++)
    {
      const char *other = g_array_index (doc->scratch, DisJsonMember, i).name;

      if (other[0] == name[0] && strcmp (other, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
doc_key (gpointer    data,
         const char *text,
         gsize       length)
{
  return arena_strndup (data, text, length);
}

/* Names, values and containers are the arena's: a failed read frees the
 * whole document. */
static void
doc_key_free (gpointer  data,
              char     *key)
{
}

static void
doc_drop (gpointer data,
          gpointer value)
{
}

static const DisJsonBuilder doc_builder = {
  doc_string, doc_integer, doc_real, doc_boolean, doc_null, doc_open, doc_add, doc_close,
  doc_is_object, doc_has_member, doc_key, doc_key_free, doc_drop,
};

static void
clear_frame (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->names, g_hash_table_unref);
}

DisJsonDoc *
dis_json_doc_parse (const char           *text,
                    gssize                length,
                    const DisJsonLimits  *limits,
                    GError              **error)
{
  g_autoptr(DisJsonDoc) doc = g_new0 (DisJsonDoc, 1);

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (limits != NULL, NULL);

  doc->scratch = g_array_new (FALSE, FALSE, sizeof (DisJsonMember));
  doc->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_set_clear_func (doc->frames, clear_frame);
  doc->root = _dis_json_parse_with (text, length, limits, DIS_JSON_PARSE_DEFAULT, &doc_builder, doc, NULL, error);
  g_clear_pointer (&doc->scratch, g_array_unref);
  g_clear_pointer (&doc->frames, g_array_unref);
  if (doc->root == NULL)
    return NULL;
  return g_steal_pointer (&doc);
}

const DisJsonValue *
dis_json_doc_get_root (DisJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return doc->root;
}

void
dis_json_doc_free (DisJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->scratch, g_array_unref);
  g_clear_pointer (&doc->frames, g_array_unref);
  g_slist_free_full (doc->blocks, g_free);
  g_free (doc);
}

/* ---- Reading it --------------------------------------------------------------- */

const DisJsonValue *
dis_json_value_get_member (const DisJsonValue *object,
                           const char         *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (object == NULL || object->type != DIS_JSON_VALUE_OBJECT)
    return NULL;
  for (guint i = 0; i < object->n; i++)
    if (object->v.members[i].name[0] == name[0] && strcmp (object->v.members[i].name, name) == 0)
      return object->v.members[i].value;
  return NULL;
}

JsonNode *
dis_json_value_to_node (const DisJsonValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  switch (value->type)
    {
    case DIS_JSON_VALUE_NULL:
      return json_node_init_null (json_node_alloc ());
    case DIS_JSON_VALUE_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), value->v.boolean);
    case DIS_JSON_VALUE_INT:
      return json_node_init_int (json_node_alloc (), value->v.integer);
    case DIS_JSON_VALUE_DOUBLE:
      return json_node_init_double (json_node_alloc (), value->v.real);
    case DIS_JSON_VALUE_STRING:
      return json_node_init_string (json_node_alloc (), value->v.string);
    case DIS_JSON_VALUE_OBJECT:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        for (guint i = 0; i < value->n; i++)
          json_object_set_member (object, value->v.members[i].name,
                                  dis_json_value_to_node (value->v.members[i].value));
        return json_node_init_object (json_node_alloc (), object);
      }
    case DIS_JSON_VALUE_ARRAY:
    default:
      {
        g_autoptr(JsonArray) array = json_array_sized_new (value->n);

        for (guint i = 0; i < value->n; i++)
          json_array_add_element (array, dis_json_value_to_node (value->v.elements[i]));
        return json_node_init_array (json_node_alloc (), array);
      }
    }
}
