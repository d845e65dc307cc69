/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-transparency"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "dis-test-hub.h"

#include "transparency-test-fixture.h"

const char *const tiers[N_TIERS] = { "accessibile", "impegno", "equa", "solidale" };

/* ---- Requests --------------------------------------------------------------- */

/* GET @path_and_query with no token; the body, its status and its type. */
char *
get (Fixture     *f,
     const char  *path_and_query,
     guint       *out_status,
     char       **out_type)
{
  g_autofree char *url = g_strconcat (f->hub->url, path_and_query, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* A query the test means to be hostile is sent as it is. */
  if (uri == NULL)
    {
      const char *q = strchr (path_and_query, '?');
      g_autoptr(GUri) base = g_uri_parse (f->hub->url, G_URI_FLAGS_ENCODED, NULL);

      g_assert_nonnull (q);
      uri = g_uri_build (G_URI_FLAGS_ENCODED, "http", NULL, g_uri_get_host (base), g_uri_get_port (base),
                         "/api/v1/transparency", q + 1, NULL);
    }
  msg = soup_message_new_from_uri ("GET", uri);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  if (out_type != NULL)
    *out_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Type"));
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

/* The document of @period, with a 200 and the JSON type. */
JsonNode *
document (Fixture    *f,
          const char *period)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/transparency?period=%s", period);
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  guint status;

  text = get (f, path, &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "application/json");
  return parse_json (text);
}

/* ---- The table of a document ---------------------------------------------------- */
void
table_clear (Table *t)
{
  for (guint r = 0; r < t->n_rows; r++)
    g_free (t->codes[r]);
  g_free (t->codes);
  g_free (t->suppressed);
  g_free (t->values);
}

static void
read_cell (JsonObject *cell,
           const char *tier,
           gboolean   *out_suppressed,
           Sum        *out)
{
  static const char *const names[] = { "sales", "gross_cents", "equa_cents", "delta_cents" };
  gint64 *fields[] = { &out->sales, &out->gross, &out->equa, &out->delta };

  g_assert_cmpstr (json_object_get_string_member_with_default (cell, "tier", NULL), ==, tier);
  *out_suppressed = json_object_get_boolean_member (cell, "suppressed");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *value = json_object_get_member (cell, names[i]);

      g_assert_nonnull (value);
      /* Suppressed means every number of the cell, not some. */
      g_assert_cmpint (JSON_NODE_HOLDS_NULL (value), ==, *out_suppressed);
      *fields[i] = *out_suppressed ? 0 : json_node_get_int (value);
    }
}

static void
read_row (JsonObject *row,
          Table      *t,
          guint       r)
{
  JsonArray *cells = json_object_get_array_member (row, "tiers");

  g_assert_cmpuint (json_array_get_length (cells), ==, N_TIERS);
  for (guint c = 0; c < N_TIERS; c++)
    read_cell (json_array_get_object_element (cells, c), tiers[c],
               &t->suppressed[r * N_COLUMNS + c], &t->values[r * N_COLUMNS + c]);
  read_cell (json_object_get_object_member (row, "total"), NULL,
             &t->suppressed[r * N_COLUMNS + TOTAL], &t->values[r * N_COLUMNS + TOTAL]);
}

void
table_read (JsonNode *root,
            Table    *t)
{
  JsonObject *doc = json_node_get_object (root);
  JsonArray *points = json_object_get_array_member (doc, "points");
  guint n = json_array_get_length (points);

  t->n_rows = n + 1;
  t->codes = g_new0 (char *, n + 1);
  t->suppressed = g_new0 (gboolean, (n + 1) * N_COLUMNS);
  t->values = g_new0 (Sum, (n + 1) * N_COLUMNS);
  for (guint r = 0; r < n; r++)
    {
      JsonObject *point = json_array_get_object_element (points, r);

      t->codes[r] = g_strdup (json_object_get_string_member (point, "code"));
      g_assert_nonnull (json_object_get_string_member (point, "name"));
      if (r > 0)
        g_assert_cmpstr (t->codes[r - 1], <, t->codes[r]);
      read_row (point, t, r);
    }
  read_row (json_object_get_object_member (doc, "network"), t, n);
}
/* ---- CSV -------------------------------------------------------------------------- */

/* RFC 4180 fields of one line (quoted fields may hold commas and quotes). */
static GPtrArray *
csv_fields (const char **cursor)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  const char *p = *cursor;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        while (*p != ',' && *p != '\r' && *p != '\0')
          g_string_append_c (field, *p++);
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      if (*p != ',')
        break;
      p++;
    }
  g_assert_true (g_str_has_prefix (p, "\r\n"));
  *cursor = p + 2;
  return fields;
}

static void
assert_csv_cell (GPtrArray  *fields,
                 const char *period,
                 JsonObject *point,
                 JsonObject *cell)
{
  static const char *const names[] = { "sales", "gross_cents", "equa_cents", "delta_cents" };

  g_assert_cmpuint (fields->len, ==, 9);
  g_assert_cmpstr (fields->pdata[0], ==, period);
  g_assert_cmpstr (fields->pdata[1], ==, point ? json_object_get_string_member (point, "code") : "");
  g_assert_cmpstr (fields->pdata[2], ==, point ? json_object_get_string_member (point, "name") : "");
  g_assert_cmpstr (fields->pdata[3], ==, json_object_get_string_member_with_default (cell, "tier", "total"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *value = json_object_get_member (cell, names[i]);
      g_autofree char *text = JSON_NODE_HOLDS_NULL (value) ? g_strdup ("")
                              : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));

      g_assert_cmpstr (fields->pdata[4 + i], ==, text);
    }
  g_assert_cmpstr (fields->pdata[8], ==, json_object_get_boolean_member (cell, "suppressed") ? "true" : "false");
}

static void
assert_csv_row (const char **cursor,
                const char  *period,
                JsonObject  *point,
                JsonObject  *row)
{
  JsonArray *cells = json_object_get_array_member (row, "tiers");

  for (guint c = 0; c <= N_TIERS; c++)
    {
      g_autoptr(GPtrArray) fields = csv_fields (cursor);

      assert_csv_cell (fields, period, point,
                       c < N_TIERS ? json_array_get_object_element (cells, c)
                                   : json_object_get_object_member (row, "total"));
    }
}

/* The CSV of @period says, line by line, what its JSON says. */
void
assert_csv_matches (Fixture    *f,
                    const char *period,
                    JsonNode   *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/transparency?period=%s&format=csv", period);
  g_autofree char *type = NULL;
  g_autofree char *csv = NULL;
  JsonObject *doc = json_node_get_object (json);
  JsonArray *points = json_object_get_array_member (doc, "points");
  const char *cursor;
  guint status;

  csv = get (f, path, &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/csv; charset=utf-8");
  g_assert_true (g_str_has_prefix (csv, "period,point,name,tier,sales,gross_cents,equa_cents,delta_cents,suppressed\r\n"));
  cursor = strchr (csv, '\n') + 1;
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);

      assert_csv_row (&cursor, period, point, point);
    }
  assert_csv_row (&cursor, period, NULL, json_object_get_object_member (doc, "network"));
  g_assert_cmpstr (cursor, ==, "");
}
