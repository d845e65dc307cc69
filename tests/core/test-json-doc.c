/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dis-codec.h"
#include "dis-json-doc.h"

#include "../codec-golden.h"

/* The hub reads pushes as a DisJsonDoc, everything else as json-glib's
 * tree (issue 12). Both must give the same verdict on any text: the same
 * tree or the same error, and through the codec the same event, the same
 * stored sale text, or the same rejection. Every golden event of the
 * protocol is taken apart member by member (removed, null, every wrong
 * type, out of range) and byte by byte, and the two readers compared. */

/* The hub's request limits, small enough to reach. */
static const DisJsonLimits limits = { 1024 * 1024, 32, 64 * 1024, 10000 };

static const char * const goldens[] = {
  "event-sale-committed.json", "event-sale-refunded.json", "event-member-registered.json",
  "event-member-updated.json", "event-member-provisional-basis.json", "event-product-declared.json",
  "event-stock-moved.json", "event-transfer-sent.json", "event-transfer-received.json",
  "event-restock-order.json", "event-order-placed.json", "event-order-cancelled.json",
  "event-order-state.json",
};

static guint n_compared;
static guint n_accepted;

/* Both readers on @text: both fail with the same error, or both read the
 * same tree. Returns the tree. */
static JsonNode *
compare_parse (const char *text,
               gssize      length)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) doc_error = NULL;
  g_autoptr(JsonNode) tree = dis_json_parse (text, length, &limits, &tree_error);
  g_autoptr(DisJsonDoc) doc = dis_json_doc_parse (text, length, &limits, &doc_error);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *tree_text = NULL;
  g_autofree char *doc_text = NULL;

  n_compared++;
  if (tree == NULL)
    {
      g_assert_null (doc);
      g_assert_nonnull (doc_error);
      g_assert_cmpint (tree_error->code, ==, doc_error->code);
      g_assert_cmpstr (tree_error->message, ==, doc_error->message);
      return NULL;
    }
  g_assert_no_error (doc_error);
  g_assert_nonnull (doc);
  copy = dis_json_value_to_node (dis_json_doc_get_root (doc));
  tree_text = dis_json_to_string (tree, NULL);
  doc_text = dis_json_to_string (copy, NULL);
  g_assert_cmpstr (tree_text, ==, doc_text);
  return g_steal_pointer (&tree);
}

/* Both readers, the tree not kept. */
static void
compare_text (const char *text)
{
  g_autoptr(JsonNode) tree = compare_parse (text, -1);
}

/* What the hub makes of one event: its envelope, then the verdict, and
 * a sale's stored text. */
static char *
verdict (DisCodecEvent *event,
         gboolean       enveloped,
         GError        *error)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "id=%s enveloped=%d", event->id ? event->id : "(none)", enveloped);
  if (enveloped)
    g_string_append_printf (out, " seq=%" G_GINT64_FORMAT " type=%s at=%s", event->seq, event->type_name, event->at);
  if (error != NULL)
    {
      g_string_append_printf (out, " refused %s: %s", dis_codec_error_code (error), error->message);
      return g_string_free (out, FALSE);
    }
  g_string_append_printf (out, " accepted as %d", event->type);
  if (dis_codec_event_type_is_sale (event->type))
    {
      g_autoptr(GError) text_error = NULL;
      g_autofree char *text = dis_codec_sale_write (&event->sale, NULL, &text_error);

      g_string_append_printf (out, " %s", text ? text : text_error->message);
    }
  n_accepted++;
  return g_string_free (out, FALSE);
}

static char *
verdict_of_tree (JsonNode *node)
{
  g_auto(DisCodecEvent) event = { NULL, };
  g_autoptr(GError) error = NULL;
  gboolean enveloped;

  enveloped = dis_codec_event_decode_envelope (node, &event, &error);
  if (enveloped)
    dis_codec_event_decode_payload (&event, &error);
  return verdict (&event, enveloped, error);
}

static char *
verdict_of_doc (const DisJsonValue *value)
{
  g_auto(DisCodecEvent) event = { NULL, };
  g_autoptr(GError) error = NULL;
  gboolean enveloped;

  enveloped = dis_codec_event_decode_envelope_doc (value, &event, &error);
  if (enveloped)
    dis_codec_event_decode_payload (&event, &error);
  return verdict (&event, enveloped, error);
}

/* @text as one event, and as the only event of a batch. */
static void
compare_event (const char *text)
{
  g_autoptr(JsonNode) tree = compare_parse (text, -1);
  g_autoptr(DisJsonDoc) doc = NULL;
  g_autoptr(DisJsonDoc) batch_doc = NULL;
  g_autoptr(JsonNode) batch_tree = NULL;
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) doc_error = NULL;
  g_autofree char *from_tree = NULL;
  g_autofree char *from_doc = NULL;
  g_autofree char *batch = NULL;
  const DisJsonValue *doc_events = NULL;
  JsonArray *tree_events = NULL;
  const char *tree_device = NULL, *doc_device = NULL;
  gboolean tree_ok, doc_ok;

  if (tree == NULL)
    return;
  doc = dis_json_doc_parse (text, -1, &limits, NULL);
  from_tree = verdict_of_tree (tree);
  from_doc = verdict_of_doc (dis_json_doc_get_root (doc));
  g_assert_cmpstr (from_tree, ==, from_doc);

  batch = g_strdup_printf ("{\"device\":\"C1\",\"events\":[%s]}", text);
  batch_tree = dis_json_parse (batch, -1, &limits, NULL);
  batch_doc = dis_json_doc_parse (batch, -1, &limits, NULL);
  g_assert_nonnull (batch_tree);
  g_assert_nonnull (batch_doc);
  tree_ok = dis_codec_batch_decode (batch_tree, &tree_device, &tree_events, &tree_error);
  doc_ok = dis_codec_batch_decode_doc (dis_json_doc_get_root (batch_doc), &doc_device, &doc_events, &doc_error);
  g_assert_true (tree_ok && doc_ok);
  g_assert_cmpstr (tree_device, ==, doc_device);
  g_assert_cmpuint (json_array_get_length (tree_events), ==, doc_events->n);
}

/* ---- Member by member ---------------------------------------------------------- */

static const char * const replacements[] = {
  "null", "true", "false", "\"\"", "\"x\"", "\" \"", "0", "-1", "1", "1.5", "-0.0", "1e400", "-1e400",
  "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1000000000001",
  "{}", "[]", "[1]", "[{}]", "\"\\u00e9t\\u00e9\"", "\"\\ud83d\\ude00\"", "\"a\\u001fb\"",
  "\"DS00000018\"", "\"6f9619ff-8b86-4d01-b42d-00cf4fc964ff\"", "\"2024-05-02T10:15:00+02:00\"",
  "\"2024-02-30\"", "\"piece\"", "\"solidale\"", "\"accessibile\"", "22", "4", "200", "501",
};

/* Every member and element of @node, each replaced by every value above
 * and removed, in a copy of @root written out and read by both. */
static void
mutate_all (JsonNode *root,
            JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      /* The object's own names go with their members: copies. */
      for (GList *l = members; l != NULL; l = l->next)
        g_ptr_array_add (names, g_strdup (l->data));
      for (guint n = 0; n < names->len; n++)
        {
          const char *name = g_ptr_array_index (names, n);
          JsonNode *saved = json_node_ref (json_object_get_member (object, name));

          mutate_all (root, saved);
          for (guint i = 0; i < G_N_ELEMENTS (replacements); i++)
            {
              g_autofree char *text = NULL;

              json_object_set_member (object, name, dis_json_parse (replacements[i], -1, &limits, NULL));
              text = dis_json_to_string (root, NULL);
              compare_event (text);
            }
          {
            g_autofree char *text = NULL;

            json_object_remove_member (object, name);
            text = dis_json_to_string (root, NULL);
            compare_event (text);
          }
          /* Back, at the end of the members: another order, the same event. */
          json_object_set_member (object, name, saved);
          {
            g_autofree char *text = dis_json_to_string (root, NULL);

            compare_event (text);
          }
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        mutate_all (root, json_array_get_element (array, i));
      if (json_array_get_length (array) > 0)
        {
          g_autofree char *text = NULL;
          JsonNode *first = json_node_ref (json_array_get_element (array, 0));

          /* The first element twice. */
          json_array_add_element (array, json_node_copy (first));
          text = dis_json_to_string (root, NULL);
          compare_event (text);
          json_array_remove_element (array, json_array_get_length (array) - 1);
          json_node_unref (first);
        }
    }
}

static void
test_members (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *text = codec_golden (goldens[i]);
      g_autoptr(JsonNode) root = compare_parse (text, -1);

      g_assert_nonnull (root);
      compare_event (text);
      mutate_all (root, root);
    }
  g_test_message ("%u texts compared, %u events accepted", n_compared, n_accepted);
  /* Many mutations leave an event valid (another valid value, another
   * order): the comparison saw both kinds. */
  g_assert_cmpuint (n_accepted, >, 100);
}

/* ---- Byte by byte ---------------------------------------------------------- */

static void
test_bytes (void)
{
  static const char alphabet[] = "{}[]\",:\\/0123456789-+.eEtrufalsn \t\n\r\x01\x1f\x7f\x80\xc3\xa9\xed\xa0\x80\xff";
  g_autoptr(GRand) rand = g_rand_new_with_seed (1848);
  guint n_read = 0;

  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *golden = codec_golden (goldens[i]);
      gsize length = strlen (golden);

      for (guint round = 0; round < 600; round++)
        {
          g_autofree char *text = g_malloc (length + 8);
          gsize n = length;
          guint edits = g_rand_int_range (rand, 1, 4);
          g_autoptr(JsonNode) tree = NULL;

          memcpy (text, golden, length);
          for (guint e = 0; e < edits; e++)
            {
              gsize at = g_rand_int_range (rand, 0, (gint32) n);
              char c = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

              switch (g_rand_int_range (rand, 0, 3))
                {
                case 0:
                  text[at] = c;
                  break;
                case 1:
                  memmove (text + at + 1, text + at, n - at);
                  text[at] = c;
                  n++;
                  break;
                default:
                  memmove (text + at, text + at + 1, n - at - 1);
                  n--;
                  break;
                }
            }
          /* With NUL bytes inside: the length, not the terminator. */
          tree = compare_parse (text, (gssize) n);
          if (tree != NULL)
            {
              g_autofree char *again = dis_json_to_string (tree, NULL);

              n_read++;
              compare_event (again);
            }
        }
    }
  g_test_message ("%u mutated texts still read", n_read);
  g_assert_cmpuint (n_read, >, 100);
}

/* ---- The reader's limits and names -------------------------------------- */

static void
test_limits (void)
{
  g_autoptr(GString) text = g_string_new ("{");
  g_autoptr(GString) wide = g_string_new ("[");
  g_autoptr(GString) deep = g_string_new (NULL);

  /* Past the names compared one by one: a repeated name is still seen. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "%s\"m%u\":%u", i ? "," : "", i, i);
  g_string_append (text, "}");
  compare_text (text->str);
  g_string_truncate (text, text->len - 1);
  g_string_append (text, ",\"m5\":0}");
  g_assert_null (compare_parse (text->str, -1));
  g_string_truncate (text, text->len - 8);
  g_string_append (text, ",\"m39\":0}");
  g_assert_null (compare_parse (text->str, -1));

  /* Too many elements, too deep, nested containers in arrays. */
  for (guint i = 0; i <= limits.max_members; i++)
    g_string_append_printf (wide, "%s{\"a\":[%u,{}]}", i ? "," : "", i);
  g_string_append (wide, "]");
  g_assert_null (compare_parse (wide->str, -1));
  for (guint i = 0; i < limits.max_depth + 1; i++)
    g_string_append (deep, i % 2 ? "{\"k\":" : "[");
  g_assert_null (compare_parse (deep->str, -1));

  /* Scalars and empty containers at the root, and in one another. */
  {
    static const char * const texts[] = {
      "0", "-0", "1e400", "\"\"", "null", "[]", "{}", "[[],{},[{}],{\"a\":{}}]", "{\"\":1,\"a\":[]}", "",
      " ", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[\"\\u0000\"]", "[\"\\ud800\"]", "\"\\udc00\"", "01",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      compare_text (texts[i]);
  }

  /* A member's value is found by name, whatever its place. */
  {
    g_autoptr(DisJsonDoc) doc = dis_json_doc_parse ("{\"b\":[true,null],\"a\":-2,\"c\":\"\\u00e9\"}", -1,
                                                    &limits, NULL);
    const DisJsonValue *root = dis_json_doc_get_root (doc);
    const DisJsonValue *b = dis_json_value_get_member (root, "b");

    g_assert_cmpint (dis_json_value_get_member (root, "a")->v.integer, ==, -2);
    g_assert_cmpstr (dis_json_value_get_member (root, "c")->v.string, ==, "\xc3\xa9");
    g_assert_cmpuint (b->n, ==, 2);
    g_assert_true (b->v.elements[0]->v.boolean);
    g_assert_cmpint (b->v.elements[1]->type, ==, DIS_JSON_VALUE_NULL);
    g_assert_null (dis_json_value_get_member (root, "d"));
    g_assert_null (dis_json_value_get_member (b, "a"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-doc/limits", test_limits);
  g_test_add_func ("/json-doc/members", test_members);
  g_test_add_func ("/json-doc/bytes", test_bytes);

  return g_test_run ();
}
