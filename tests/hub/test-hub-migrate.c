/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-migrate"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dis-test-pg.h"
#include "dis-test-util.h"
#include "hub-test-fixture.h"

/* `disotto-hub migrate --from hub.db --to postgresql://…` (issue 12): a
 * SQLite hub with the demo network, 100,000 sales and a member moves to a new
 * PostgreSQL database; the copy is verified, a second run into the now
 * full database is refused, and a hub serving the copy gives the same
 * answer on every read endpoint, byte for byte, with the same tokens. */

#define N_SALES 100000
#define BATCH 500

static const char *endpoints[] = {
  "/api/v1/me",
  "/api/v1/changes?since=0&limit=1000",
  "/api/v1/changes?since=5&limit=7",
  "/api/v1/declarations",
  "/api/v1/transparency?period=2024-05",
  "/api/v1/basket/completeness",
  "/api/v1/availability?product=P-0001",
};

/* An answer without what moves with the clock: when it was made, and
 * how old each point's snapshot is then. */
static char *
timeless (const char *answer)
{
  g_autoptr(JsonNode) root = json_from_string (answer, NULL);
  JsonObject *object;
  JsonArray *points;

  g_assert_nonnull (root);
  object = json_node_get_object (root);
  json_object_remove_member (object, "at");
  points = json_object_has_member (object, "points") ? json_object_get_array_member (object, "points") : NULL;
  for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
    json_object_remove_member (json_array_get_object_element (points, i), "age_seconds");
  return json_to_string (root, FALSE);
}

static int
run_migrate (const char  *from,
             const char  *to,
             char       **out_stdout,
             char       **out_stderr)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                     &error, g_getenv ("DIS_HUB"), "migrate", "--from", from,
                                                     "--to", to, NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
push_sales (Fixture *f)
{
  for (guint b = 0; b < N_SALES / BATCH; b++)
    {
      g_autoptr(GString) events = g_string_new (NULL);
      g_autoptr(JsonNode) root = NULL;
      guint status;

      for (guint i = 1; i <= BATCH; i++)
        {
          g_autofree char *event = sale_event ("TO-CEN", b * BATCH + i, i % 3 ? "equa" : "solidale",
                                               1000 * (1 + i % 4), i % 3 ? 185 : 220, 0);

          g_string_append_printf (events, "%s%s", i > 1 ? "," : "", event);
        }
      root = push (f, f->token, events->str, &status);
      g_assert_cmpuint (status, ==, 200);
    }
}

static void
test_migrate (Fixture *f, gconstpointer data)
{
  g_autofree char *from = g_strdup (f->hub->db_path);
  g_autofree char *to = dis_test_pg_new_database ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  JsonArray *tables;
  gboolean saw_sales = FALSE;

  dis_test_hub_add_eligible_member (f->hub);
  push_sales (f);
  for (gsize i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autofree char *answer = http_text (f, endpoints[i], f->token);

      g_ptr_array_add (answers, timeless (answer));
    }
  stop_server (f);

  g_assert_cmpint (run_migrate (from, to, &out, &err), ==, 0);
  report = json_from_string (out, NULL);
  g_assert_nonnull (report);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (report), "verified"));
  tables = json_object_get_array_member (json_node_get_object (report), "tables");
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      g_assert_cmpuint (strlen (json_object_get_string_member (table, "sha256")), ==, 64);
      if (g_str_equal (json_object_get_string_member (table, "table"), "hub_sales"))
        {
          g_assert_cmpint (json_object_get_int_member (table, "rows"), ==, N_SALES);
          saw_sales = TRUE;
        }
    }
  g_assert_true (saw_sales);

  /* Never into a database that holds anything. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_migrate (from, to, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "not empty"));

  /* The copy serves the same answers, to the same tokens. */
  g_free (f->hub->db_path);
  f->hub->db_path = g_strdup (to);
  start_server (f, NULL, NULL, NULL, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autofree char *answer = http_text (f, endpoints[i], f->token);
      g_autofree char *now = timeless (answer);

      g_test_message ("%s", endpoints[i]);
      g_assert_cmpstr (now, ==, answers->pdata[i]);
    }
  /* And goes on: a new sale gets the next seq of the feed. */
  {
    g_autofree char *event = sale_event ("TO-CEN", N_SALES + 1, "equa", 1000, 185, 0);
    g_autoptr(JsonNode) root = push (f, f->token, event, &(guint) { 0 });

    g_assert_cmpstr (json_object_get_string_member (result_at (root, 0), "status"), ==, "accepted");
  }
}

static void
test_migrate_refuses_sqlite_target (Fixture *f, gconstpointer data)
{
  g_autofree char *to = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_migrate (f->hub->db_path, to, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "postgresql://"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The source is SQLite whatever the suite: only the target is PostgreSQL. */
  g_unsetenv ("DIS_TEST_DB");
  g_test_add ("/hub/migrate/sqlite-to-postgresql", Fixture, NULL, fixture_set_up, test_migrate, fixture_tear_down);
  /* Data: the hub does not serve. */
  g_test_add ("/hub/migrate/refuses-sqlite-target", Fixture, GINT_TO_POINTER (1), fixture_set_up,
              test_migrate_refuses_sqlite_target, fixture_tear_down);
  return g_test_run ();
}
