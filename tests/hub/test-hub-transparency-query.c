/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-transparency"

#include "config.h"

#include <string.h>

#include "transparency-test-fixture.h"

/* The query of GET /api/v1/transparency: hostile ones are refused in the
 * error shape, never with a 5xx, and the hub lives on. */

/* libsoup refuses a request line with a broken percent-escape itself,
 * with a bare 400, before the hub sees it (README-api.md, Conventions). */
static gboolean
escapes_are_whole (const char *text)
{
  for (const char *p = strchr (text, '%'); p != NULL; p = strchr (p + 1, '%'))
    if (!g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]))
      return FALSE;
  return TRUE;
}

/* A 400; in the hub's error shape whenever the hub saw the request. */
static void
assert_refused (const char *path_and_query,
                guint       status,
                const char *type,
                const char *text)
{
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (status, ==, 400);
  if (!escapes_are_whole (path_and_query))
    return;
  g_assert_cmpstr (type, ==, "application/json");
  root = parse_json (text);
  assert_error (root, "invalid_request");
}

static void
assert_bad_query (Fixture    *f,
                  const char *path_and_query)
{
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  guint status;

  g_test_message ("query: %s", path_and_query);
  text = get (f, path_and_query, &status, &type);
  assert_refused (path_and_query, status, type, text);
}

/* A bad query is a 400 in the shape of every error, never a 5xx. */
static void
test_bad_period (Fixture *f, gconstpointer data)
{
  static const char *const bad[] = {
    "", "?", "?period", "?period=", "?period=2026-13", "?period=2026-00", "?period=1999-12",
    "?period=2026-1", "?period=26-11", "?period=2026-011", "?period=2026/11", "?period=2026-11-01",
    "?period=%20026-11", "?period=2026-11%00", "?period=%zz", "?period=%", "?period=2026-11%",
    "?period=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-11", "?period=+2026-11", "?period=2026-11;format=csv",
    "?period=2026-11&period=2026-12", "?period=2026-11&period=2026-11", "?period=2026-11&format=xml",
    "?period=2026-11&format=", "?period=2026-11&format=CSV", "?period=2026-11&x=1", "?period=2026-11&",
    "?&period=2026-11", "?PERIOD=2026-11", "?period=-2026-11", "?period=2026--11", "?period=0x7E-11",
    "?period=2026-11&format=csv&format=csv", "?period%00=2026-11", "?period=2026-%31%33",
  };
  g_autofree char *long_query = g_strnfill (4000, '9');
  g_autofree char *long_path = g_strconcat ("?period=", long_query, NULL);
  g_autoptr(JsonNode) root = NULL;
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/transparency", bad[i], NULL);

      assert_bad_query (f, path);
    }
  {
    g_autofree char *path = g_strconcat ("/api/v1/transparency", long_path, NULL);

    assert_bad_query (f, path);
  }
  /* Percent-encoding is honoured: these are November 2026. */
  {
    g_autoptr(JsonNode) a = document (f, "%32%30%32%36-11");
    g_autoptr(JsonNode) b = document (f, "2026-1%31&format=json");

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (a), "period"), ==, "2026-11");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (b), "period"), ==, "2026-11");
  }
  root = http (f, "POST", "/api/v1/transparency?period=2026-11", NULL, "{}", 0, &status);
  g_assert_cmpuint (status, ==, 405);
  assert_error (root, "method_not_allowed");
}

/* Whether a query should be answered: the rule as README-api.md states it. */
static gboolean
query_is_valid (const char *query)
{
  g_auto(GStrv) pairs = g_strsplit (query, "&", 0);
  g_autofree char *period = NULL;
  g_autofree char *format = NULL;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_uri_unescape_segment (pairs[i], eq, NULL) : NULL;
      g_autofree char *value = eq ? g_uri_unescape_segment (eq + 1, NULL, NULL) : NULL;

      if (name == NULL || value == NULL)
        return FALSE;
      if (g_str_equal (name, "period") && period == NULL)
        period = g_steal_pointer (&value);
      else if (g_str_equal (name, "format") && format == NULL)
        format = g_steal_pointer (&value);
      else
        return FALSE;
    }
  return period != NULL && strlen (period) == 7 && g_ascii_isdigit (period[0]) && period[0] >= '2' &&
         g_ascii_isdigit (period[1]) && g_ascii_isdigit (period[2]) && g_ascii_isdigit (period[3]) &&
         period[4] == '-' && ((period[5] == '0' && period[6] >= '1' && period[6] <= '9') ||
                              (period[5] == '1' && period[6] >= '0' && period[6] <= '2')) &&
         (format == NULL || g_str_equal (format, "json") || g_str_equal (format, "csv"));
}

/* Random queries from pieces of good and hostile ones: every answer is
 * the document or a 400 in the error shape, as the rule says, and the hub
 * lives on. */
static void
test_query_fuzz (Fixture *f, gconstpointer data)
{
  static const char *const pieces[] = {
    "period", "format", "=", "=", "&", "&", "2026", "-", "11", "1", "0", "13", "%", "%2", "%2D", "%32",
    "%00", "%FF", "%C3%A8", "csv", "json", "+", ";", ".", "9999", "2000", "1999", "%25", "%26", "%3D",
    "PERIOD", "12", "00", "x",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  guint n_ok = 0;

  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GString) query = g_string_new (NULL);
      g_autofree char *path = NULL;
      g_autofree char *type = NULL;
      g_autofree char *text = NULL;
      guint n = g_rand_int_range (rand, 1, 9), status;

      /* Half the time, start from a good query and spoil it a little. */
      if (g_rand_boolean (rand))
        g_string_append (query, g_rand_boolean (rand) ? "period=2026-11" : "period=2026-11&format=csv");
      for (guint k = 0; k < n && (query->len == 0 || g_rand_int_range (rand, 0, 3) > 0); k++)
        g_string_append (query, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      path = g_strconcat ("/api/v1/transparency?", query->str, NULL);
      text = get (f, path, &status, &type);
      g_test_message ("%s → %u", query->str, status);
      if (query_is_valid (query->str))
        {
          g_assert_cmpuint (status, ==, 200);
          n_ok++;
        }
      else
        assert_refused (path, status, type, text);
    }
  /* Both kinds were tried. */
  g_assert_cmpuint (n_ok, >=, 20);
  g_assert_cmpuint (n_ok, <=, 380);
  {
    g_autoptr(JsonNode) root = document (f, "2026-11");
  }
}

void
transparency_add_query_tests (void)
{
  g_test_add ("/hub-transparency/bad-period", Fixture, NULL, fixture_set_up, test_bad_period, fixture_tear_down);
  g_test_add ("/hub-transparency/query-fuzz", Fixture, NULL, fixture_set_up, test_query_fuzz, fixture_tear_down);
}
