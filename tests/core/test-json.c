/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dis-json.h"

/* The strict JSON reader and the writer of src/core/dis-json.c. */

#define VALID (-1)

static const DisJsonLimits wide = { 1024 * 1024, 32, 64 * 1024, 10000 };

typedef struct
{
  const char *text;
  gssize      length;   /* -1: up to the NUL */
  int         code;     /* VALID or a DisJsonError */
} Case;

static const Case syntax_cases[] = {
  /* Valid documents, whitespace around them allowed. */
  { "{}", -1, VALID },
  { "[]", -1, VALID },
  { " \t\r\n{\"a\":1} \r\n\t", -1, VALID },
  { "0", -1, VALID },
  { "-0", -1, VALID },
  { "\"x\"", -1, VALID },
  { "true", -1, VALID },
  { "false", -1, VALID },
  { "null", -1, VALID },
  { "{\"a\":[1,2.5,-3e2,\"x\",true,false,null,{},[]],\"b\":{\"c\":{}}}", -1, VALID },
  { "[1E2,1e+2,1e-2,0.5,-0.0,10]", -1, VALID },
  { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", -1, VALID },
  { "\"\\u00e9\\ud83d\\ude00\\uD83D\\uDE00\"", -1, VALID },
  { "\"é€😀\"", -1, VALID },
  { "{\"\":0}", -1, VALID },

  /* Empty, or more than one document. */
  { "", -1, DIS_JSON_ERROR_SYNTAX },
  { "   \n", -1, DIS_JSON_ERROR_SYNTAX },
  { "{}{}", -1, DIS_JSON_ERROR_SYNTAX },
  { "{\"device\":\"C1\",\"events\":[]}{\"device\":\"C2\",\"events\":[]}", -1, DIS_JSON_ERROR_SYNTAX },
  { "{} x", -1, DIS_JSON_ERROR_SYNTAX },
  { "[1]]", -1, DIS_JSON_ERROR_SYNTAX },
  { "1 2", -1, DIS_JSON_ERROR_SYNTAX },
  { "{}\0", 3, DIS_JSON_ERROR_SYNTAX },
  { "\xef\xbb\xbf{}", -1, DIS_JSON_ERROR_SYNTAX },

  /* Comments and single quotes. */
  { "/* \" */ {}", -1, DIS_JSON_ERROR_SYNTAX },
  { "// c\n{}", -1, DIS_JSON_ERROR_SYNTAX },
  { "{\"a\":1 /* x */}", -1, DIS_JSON_ERROR_SYNTAX },
  { "# c\n{}", -1, DIS_JSON_ERROR_SYNTAX },
  { "{'a':1}", -1, DIS_JSON_ERROR_SYNTAX },
  { "['x']", -1, DIS_JSON_ERROR_SYNTAX },
  { "{a:1}", -1, DIS_JSON_ERROR_SYNTAX },
  { "{1:2}", -1, DIS_JSON_ERROR_SYNTAX },

  /* Commas, colons, brackets. */
  { "[1,]", -1, DIS_JSON_ERROR_SYNTAX },
  { "{\"a\":1,}", -1, DIS_JSON_ERROR_SYNTAX },
  { "[,1]", -1, DIS_JSON_ERROR_SYNTAX },
  { "{,}", -1, DIS_JSON_ERROR_SYNTAX },
  { "[1 2]", -1, DIS_JSON_ERROR_SYNTAX },
  { "{\"a\" 1}", -1, DIS_JSON_ERROR_SYNTAX },
  { "{\"a\":}", -1, DIS_JSON_ERROR_SYNTAX },
  { "[}", -1, DIS_JSON_ERROR_SYNTAX },
  { "{]", -1, DIS_JSON_ERROR_SYNTAX },
  { "]", -1, DIS_JSON_ERROR_SYNTAX },

  /* Ends too early. */
  { "[1,2", -1, DIS_JSON_ERROR_SYNTAX },
  { "{\"a\":1", -1, DIS_JSON_ERROR_SYNTAX },
  { "{\"a\"", -1, DIS_JSON_ERROR_SYNTAX },
  { "{\"a\":", -1, DIS_JSON_ERROR_SYNTAX },
  { "\"abc", -1, DIS_JSON_ERROR_SYNTAX },
  { "\"abc\\", -1, DIS_JSON_ERROR_SYNTAX },
  { "[", -1, DIS_JSON_ERROR_SYNTAX },

  /* Numbers. */
  { "01", -1, DIS_JSON_ERROR_SYNTAX },
  { "-01", -1, DIS_JSON_ERROR_SYNTAX },
  { "00", -1, DIS_JSON_ERROR_SYNTAX },
  { "[00.5]", -1, DIS_JSON_ERROR_SYNTAX },
  { "-", -1, DIS_JSON_ERROR_SYNTAX },
  { "1.", -1, DIS_JSON_ERROR_SYNTAX },
  { ".5", -1, DIS_JSON_ERROR_SYNTAX },
  { "1e", -1, DIS_JSON_ERROR_SYNTAX },
  { "1e+", -1, DIS_JSON_ERROR_SYNTAX },
  { "+1", -1, DIS_JSON_ERROR_SYNTAX },
  { "0x10", -1, DIS_JSON_ERROR_SYNTAX },
  { "1.5.2", -1, DIS_JSON_ERROR_SYNTAX },
  { "NaN", -1, DIS_JSON_ERROR_SYNTAX },
  { "Infinity", -1, DIS_JSON_ERROR_SYNTAX },
  { "-Infinity", -1, DIS_JSON_ERROR_SYNTAX },
  { "[nan]", -1, DIS_JSON_ERROR_SYNTAX },

  /* Literals. */
  { "tru", -1, DIS_JSON_ERROR_SYNTAX },
  { "nul", -1, DIS_JSON_ERROR_SYNTAX },
  { "True", -1, DIS_JSON_ERROR_SYNTAX },
  { "nullx", -1, DIS_JSON_ERROR_SYNTAX },

  /* Escapes and control characters. */
  { "\"\\x\"", -1, DIS_JSON_ERROR_SYNTAX },
  { "\"\\u12\"", -1, DIS_JSON_ERROR_SYNTAX },
  { "\"\\u12G4\"", -1, DIS_JSON_ERROR_SYNTAX },
  { "\"\\U00e9\"", -1, DIS_JSON_ERROR_SYNTAX },
  { "\"a\nb\"", -1, DIS_JSON_ERROR_SYNTAX },
  { "\"a\tb\"", -1, DIS_JSON_ERROR_SYNTAX },
  { "\"\x1f\"", -1, DIS_JSON_ERROR_SYNTAX },

  /* Surrogates and NUL. */
  { "\"\\ud800\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"A\\ud800B\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\\udc00\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\\udc00\\ud800\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\\ud800\\u0041\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\\ud800\\ud800\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\\ud800x\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\\ud800\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"a\\u0000b\"", -1, DIS_JSON_ERROR_ENCODING },
  { "{\"device\":\"C1\\u0000evil\"}", -1, DIS_JSON_ERROR_ENCODING },
  { "{\"a\\u0000\":1}", -1, DIS_JSON_ERROR_ENCODING },
  { "\"a\0b\"", 5, DIS_JSON_ERROR_ENCODING },
  { "[\0]", 3, DIS_JSON_ERROR_SYNTAX },

  /* Invalid UTF-8 in strings; any non-ASCII byte outside them. */
  { "\"\xc3\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\xed\xa0\x80\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\xc0\xaf\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\xf4\x90\x80\x80\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\xff\"", -1, DIS_JSON_ERROR_ENCODING },
  { "\"\xe2\x82\"", -1, DIS_JSON_ERROR_ENCODING },
  { "[\xc3\xa9]", -1, DIS_JSON_ERROR_SYNTAX },

  /* Names. */
  { "{\"a\":1,\"a\":2}", -1, DIS_JSON_ERROR_DUPLICATE_MEMBER },
  { "{\"a\":{\"b\":1,\"b\":1}}", -1, DIS_JSON_ERROR_DUPLICATE_MEMBER },
  { "[{\"a\":1},{\"a\":2}]", -1, VALID },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (syntax_cases); i++)
    {
      const Case *c = &syntax_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = dis_json_parse (c->text, c->length, &wide, &error);

      g_test_message ("case %u: %s", i, g_str_is_ascii (c->text) ? c->text : "(not ASCII)");
      if (c->code == VALID)
        {
          g_assert_no_error (error);
          g_assert_nonnull (root);
        }
      else
        {
          g_assert_error (error, DIS_JSON_ERROR, c->code);
          g_assert_null (root);
          /* Where and what, never the input's own bytes. */
          g_assert_true (g_str_is_ascii (error->message));
          g_assert_nonnull (strstr (error->message, "line "));
          g_assert_nonnull (strstr (error->message, "column "));
        }
    }
}

static void
test_positions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = dis_json_parse ("[\n  1,\n  ]", -1, &wide, &error);

  g_assert_null (root);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 3, column 3 (byte 9)"));
  g_assert_nonnull (strstr (error->message, "trailing comma"));
  g_clear_error (&error);

  /* Columns count characters, not bytes. */
  root = dis_json_parse ("{\"é\":1 2}", -1, &wide, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 1, column 8 (byte 8)"));
  g_clear_error (&error);

  root = dis_json_parse ("{\"name\":\"Mario\\ud800\"}", -1, &wide, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "byte 14"));
  g_assert_nonnull (strstr (error->message, "surrogate"));
}

static void
test_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  gint64 i;
  double d;
  gboolean b;

  root = dis_json_parse ("[9223372036854775807,-9223372036854775808,-0,1.5,1e2,1e-400,\"\\ud83d\\ude00é\",true,null]",
                         -1, &wide, &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 9);
  g_assert_true (dis_json_node_get_int (json_array_get_element (array, 0), &i));
  g_assert_cmpint (i, ==, G_MAXINT64);
  g_assert_true (dis_json_node_get_int (json_array_get_element (array, 1), &i));
  g_assert_cmpint (i, ==, G_MININT64);
  g_assert_true (dis_json_node_get_int (json_array_get_element (array, 2), &i));
  g_assert_cmpint (i, ==, 0);
  /* A fraction or an exponent makes a double, even when it is whole. */
  g_assert_false (dis_json_node_get_int (json_array_get_element (array, 3), &i));
  g_assert_true (dis_json_node_get_double (json_array_get_element (array, 3), &d));
  g_assert_cmpfloat (d, ==, 1.5);
  g_assert_false (dis_json_node_get_int (json_array_get_element (array, 4), &i));
  g_assert_true (dis_json_node_get_double (json_array_get_element (array, 4), &d));
  g_assert_cmpfloat (d, ==, 100.0);
  /* Underflow is a number, near zero. */
  g_assert_true (dis_json_node_get_double (json_array_get_element (array, 5), &d));
  g_assert_cmpfloat (fabs (d), <, 1e-300);
  g_assert_false (dis_json_node_is_out_of_range (json_array_get_element (array, 5)));
  /* An int reads as a double too. */
  g_assert_true (dis_json_node_get_double (json_array_get_element (array, 2), &d));
  g_assert_cmpstr (dis_json_node_get_string (json_array_get_element (array, 6)), ==, "\xf0\x9f\x98\x80" "é");
  g_assert_true (dis_json_node_get_bool (json_array_get_element (array, 7), &b));
  g_assert_true (b);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (array, 8)));
  /* Readers refuse other types without criticals. */
  g_assert_null (dis_json_node_get_string (json_array_get_element (array, 0)));
  g_assert_false (dis_json_node_get_bool (json_array_get_element (array, 0), &b));
  g_assert_false (dis_json_node_get_int (json_array_get_element (array, 6), &i));
  g_assert_false (dis_json_node_get_double (json_array_get_element (array, 8), &d));
  g_assert_false (dis_json_node_get_int (NULL, &i));
  g_assert_null (dis_json_node_get_string (NULL));
}

static void
test_out_of_range (void)
{
  static const struct {
    const char *literal;
    gboolean    negative;
  } cases[] = {
    { "9223372036854775808", FALSE },
    { "-9223372036854775809", TRUE },
    { "18446744073709551616", FALSE },
    { "36893488147419104232", FALSE },
    { "18446744073709550616", FALSE },
    { "1e400", FALSE },
    { "-1e400", TRUE },
    { "1.7976931348623159e308", FALSE },
    { "123456789012345678901234567890", FALSE },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *text = g_strdup_printf ("{\"quantity\":%s,\"price\":185}", cases[k].literal);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = dis_json_parse (text, -1, &wide, &error);
      g_autoptr(JsonNode) again = NULL;
      g_autofree char *written = NULL;
      JsonNode *quantity;
      gint64 i;
      double d;
      gboolean b;

      g_test_message ("%s", cases[k].literal);
      /* The document stands; the one number is unusable. */
      g_assert_no_error (error);
      quantity = json_object_get_member (json_node_get_object (root), "quantity");
      g_assert_true (dis_json_node_is_out_of_range (quantity));
      g_assert_false (dis_json_node_get_int (quantity, &i));
      g_assert_false (dis_json_node_get_double (quantity, &d));
      g_assert_false (dis_json_node_get_bool (quantity, &b));
      g_assert_null (dis_json_node_get_string (quantity));
      g_assert_cmpint (json_node_get_double (quantity) < 0, ==, cases[k].negative);
      g_assert_true (dis_json_node_get_int (json_object_get_member (json_node_get_object (root), "price"), &i));
      g_assert_cmpint (i, ==, 185);

      /* Written as ±1e999, valid JSON that reads back the same way. */
      written = dis_json_to_string (root, NULL);
      g_assert_nonnull (strstr (written, cases[k].negative ? "-1e999" : "1e999"));
      again = dis_json_parse (written, -1, &wide, &error);
      g_assert_no_error (error);
      g_assert_true (dis_json_node_is_out_of_range (json_object_get_member (json_node_get_object (again), "quantity")));
    }
}

static char *
nested (const char *prefix,
        guint       depth,
        gboolean    closed)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  if (closed)
    for (guint i = 0; i < depth; i++)
      g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
test_depth (void)
{
  DisJsonLimits limits = wide;
  g_autoptr(GError) error = NULL;
  g_autofree char *at = nested ("", 32, TRUE);
  g_autofree char *past = nested ("", 33, TRUE);
  g_autofree char *hostile = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *tail = NULL;
  JsonNode *root;

  root = dis_json_parse (at, -1, &limits, &error);
  g_assert_no_error (error);
  json_node_unref (root);
  root = dis_json_parse (past, -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "byte 32"));
  g_assert_null (root);
  g_clear_error (&error);

  /* Objects count too: {"a":{"b":{}}} is 3 deep. */
  limits.max_depth = 3;
  root = dis_json_parse ("{\"a\":{\"b\":{}}}", -1, &limits, &error);
  g_assert_no_error (error);
  json_node_unref (root);
  root = dis_json_parse ("{\"a\":{\"b\":{\"c\":[]}}}", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  limits.max_depth = 0;
  root = dis_json_parse ("7", -1, &limits, &error);
  g_assert_no_error (error);
  json_node_unref (root);
  root = dis_json_parse ("[]", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* Issue 9: 200,000 levels behind a comment holding a quote killed the
   * hub. The comment is refused where it starts; without it the depth
   * limit stops the parser at level 33, before any recursion. */
  limits = wide;
  limits.max_size = 4 * 1024 * 1024;
  hostile = nested ("/* \" */ {\"device\":\"C1\",\"events\":[],\"x\":", 200000, FALSE);
  root = dis_json_parse (hostile, -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "byte 0"));
  g_clear_error (&error);
  bare = nested ("{\"device\":\"C1\",\"events\":[],\"x\":", 200000, FALSE);
  root = dis_json_parse (bare, -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  tail = nested ("", 200000, TRUE);
  root = dis_json_parse (tail, -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* Deep but allowed: the parser keeps its own stack. The limit stays
   * modest because json-glib frees a tree recursively. */
  limits.max_depth = 5000;
  g_clear_pointer (&tail, g_free);
  tail = nested ("", 5000, TRUE);
  root = dis_json_parse (tail, -1, &limits, &error);
  g_assert_no_error (error);
  {
    g_autofree char *written = dis_json_to_string (root, NULL);

    g_assert_cmpstr (written, ==, tail);
  }
  json_node_unref (root);
}

static void
test_limits (void)
{
  DisJsonLimits limits = wide;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  /* Size: the whole text, whitespace included. */
  limits.max_size = 11;
  root = dis_json_parse ("[1,2,3,4,5]", -1, &limits, &error);
  g_assert_no_error (error);
  json_node_unref (root);
  root = dis_json_parse ("[1,2,3,4,5] ", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Strings and names, in bytes after unescaping; numbers too. */
  limits = wide;
  limits.max_string = 4;
  root = dis_json_parse ("[\"abcd\",\"\\u00e9\\u00e9\",{\"abcd\":1234}]", -1, &limits, &error);
  g_assert_no_error (error);
  json_node_unref (root);
  root = dis_json_parse ("\"abcde\"", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_LONG);
  g_clear_error (&error);
  root = dis_json_parse ("\"\\u00e9\\u00e9a\"", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_LONG);
  g_clear_error (&error);
  root = dis_json_parse ("\"\xc3\xa9\xc3\xa9\xc3\xa9\"", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_LONG);
  g_clear_error (&error);
  root = dis_json_parse ("{\"abcde\":1}", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_LONG);
  g_clear_error (&error);
  root = dis_json_parse ("12345", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_LONG);
  g_clear_error (&error);

  /* Members and elements of one container. */
  limits = wide;
  limits.max_members = 3;
  root = dis_json_parse ("[[1,2,3],{\"a\":1,\"b\":2,\"c\":3},3]", -1, &limits, &error);
  g_assert_no_error (error);
  json_node_unref (root);
  root = dis_json_parse ("[1,2,3,4]", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_MANY_MEMBERS);
  g_clear_error (&error);
  root = dis_json_parse ("{\"a\":1,\"b\":2,\"c\":3,\"d\":[]}", -1, &limits, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_TOO_MANY_MEMBERS);
  g_clear_error (&error);
}

static void
test_repair (void)
{
  static const struct {
    const char *text;
    const char *expected;
  } cases[] = {
    { "\"\\ud800\"", "\xef\xbf\xbd" },
    { "\"A\\ud800B\"", "A\xef\xbf\xbd" "B" },
    { "\"\\udc00\\ud800\"", "\xef\xbf\xbd\xef\xbf\xbd" },
    { "\"a\\u0000b\"", "a\xef\xbf\xbd" "b" },
    { "\"a\xff" "b\"", "a\xef\xbf\xbd" "b" },
    { "\"\xed\xa0\x80\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
  };
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  guint n;

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      root = dis_json_parse_full (cases[k].text, -1, &wide, DIS_JSON_PARSE_REPAIR_TEXT, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (dis_json_node_get_string (root), ==, cases[k].expected);
      g_assert_cmpuint (n, ==, 1);
      json_node_unref (root);
    }

  /* Duplicates keep the last value; the structure is still checked. */
  root = dis_json_parse_full ("{\"a\":1,\"a\":2}", -1, &wide, DIS_JSON_PARSE_REPAIR_TEXT, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "a"), ==, 2);
  json_node_unref (root);
  root = dis_json_parse_full ("[\"\\ud800\",]", -1, &wide, DIS_JSON_PARSE_REPAIR_TEXT, &n, &error);
  g_assert_error (error, DIS_JSON_ERROR, DIS_JSON_ERROR_SYNTAX);
  g_assert_null (root);
  g_clear_error (&error);

  /* Valid text: nothing repaired. */
  root = dis_json_parse_full ("[\"é\"]", -1, &wide, DIS_JSON_PARSE_REPAIR_TEXT, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  json_node_unref (root);
}

static char *
generate (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
test_write (void)
{
  static const char *same[] = {
    "{\"s\":\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u007f é €\",\"i\":-9223372036854775808,"
    "\"d\":1.0,\"e\":0.10000000000000001,\"f\":-0.0,\"g\":1.5e-10,\"n\":null,\"a\":[true,false,{},[]]}",
    "[]",
    "\"x\"",
    "{\"z\":1,\"a\":2,\"m\":{\"y\":[1,[2,[3]]]}}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *text = NULL;
  guint n;

  /* The form json-glib writes, for what it writes right; member order kept. */
  for (guint k = 0; k < G_N_ELEMENTS (same); k++)
    {
      g_autoptr(JsonNode) root = dis_json_parse (same[k], -1, &wide, &error);
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;

      g_assert_no_error (error);
      ours = dis_json_to_string (root, &n);
      theirs = generate (root);
      g_assert_cmpstr (ours, ==, same[k]);
      g_assert_cmpstr (ours, ==, theirs);
      g_assert_cmpuint (n, ==, 0);
    }

  /* Where json-glib 1.6 writes invalid JSON, ours stays valid. */
  bad = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (bad, json_array_new ());
  json_array_add_double_element (json_node_get_array (bad), 1e20);
  json_array_add_double_element (json_node_get_array (bad), NAN);
  json_array_add_double_element (json_node_get_array (bad), -INFINITY);
  json_array_add_string_element (json_node_get_array (bad), "\x1f");
  json_array_add_string_element (json_node_get_array (bad), "a\xffz\xed\xa0\x80");
  text = dis_json_to_string (bad, &n);
  g_assert_cmpstr (text, ==, "[1e+20,null,-1e999,\"\\u001f\",\"a\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"]");
  g_assert_cmpuint (n, ==, 1);
  back = dis_json_parse (text, -1, &wide, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_array_get_element (json_node_get_array (back), 0)));
  g_assert_cmpfloat (json_array_get_double_element (json_node_get_array (back), 0), ==, 1e20);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/table", test_table);
  g_test_add_func ("/json/positions", test_positions);
  g_test_add_func ("/json/values", test_values);
  g_test_add_func ("/json/out-of-range", test_out_of_range);
  g_test_add_func ("/json/depth", test_depth);
  g_test_add_func ("/json/limits", test_limits);
  g_test_add_func ("/json/repair", test_repair);
  g_test_add_func ("/json/write", test_write);
  return g_test_run ();
}
