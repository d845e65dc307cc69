/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-ops"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-hub-ops.h"

/* `disotto-hub backup` (issue 12) taken while a point pushes: the copy
 * must be the hub as it stood between two batches, and a hub serving
 * the copy must answer every read exactly as the source answered then. */

#define BATCH 20
#define BATCHES_BEFORE 3     /* pushed before the backup starts */
#define BATCHES_AFTER 2      /* pushed after it ended */
#define BATCHES_MAX 200      /* a backup slower than this fails the test */
#define PASSPHRASE "correct horse battery"

typedef struct
{
  const char *path;
  gboolean    token;
  gboolean    session;
  gboolean    now;       /* "at" and each "age_seconds" depend on the clock */
} Read;

/* Every GET of the API that reads the database; the changes feed is
 * walked whole, page by page. */
static const Read reads[] = {
  { "/api/v1/health", FALSE, FALSE },
  { "/api/v1/me", TRUE, FALSE },
  { "/api/v1/map/pack", TRUE, FALSE },
  { "/api/v1/declarations", FALSE, FALSE },
  { "/api/v1/transparency?period=2024-05", FALSE, FALSE },
  { "/api/v1/transparency?period=2024-05&format=csv", FALSE, FALSE },
  { "/api/v1/transparency?period=2024-05&format=fund-csv", FALSE, FALSE },
  { "/api/v1/basket/completeness", TRUE, FALSE, TRUE },
  { "/api/v1/availability?product=P-0001", TRUE, FALSE, TRUE },
  { "/api/v1/coordinator/reviews", TRUE, TRUE },
};

/* Every "age_seconds" under @node, gone. */
static void
remove_ages (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        remove_ages (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = NULL;

      if (json_object_has_member (object, "age_seconds"))
        json_object_remove_member (object, "age_seconds");
      members = json_object_get_values (object);
      for (GList *l = members; l != NULL; l = l->next)
        remove_ages (l->data);
    }
}

static void
append_read (GString    *out,
             Fixture    *f,
             DisTestHub *hub,
             const Read *read,
             const char *session)
{
  g_autofree char *body = NULL;
  guint status;

  body = ops_fetch (f, hub->url, read->path, read->token ? f->token : NULL,
                    read->session ? session : NULL, &status, NULL);
  if (read->now && status == 200)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      root = json_from_string (body, &error);
      g_assert_no_error (error);
      g_assert_nonnull (json_object_get_string_member (json_node_get_object (root), "at"));
      json_object_remove_member (json_node_get_object (root), "at");
      remove_ages (root);
      g_free (body);
      body = json_to_string (root, FALSE);
    }
  g_string_append_printf (out, "GET %s → %u\n%s\n", read->path, status, body);
}

static void
append_changes (GString    *out,
                Fixture    *f,
                DisTestHub *hub)
{
  gint64 since = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
      g_autofree char *body = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *page;
      guint status;

      body = ops_fetch (f, hub->url, path, f->token, NULL, &status, NULL);
      g_assert_cmpuint (status, ==, 200);
      g_string_append_printf (out, "GET %s\n%s\n", path, body);
      root = json_from_string (body, &error);
      g_assert_no_error (error);
      page = json_node_get_object (root);
      since = json_object_get_int_member (page, "next");
      more = json_object_get_boolean_member (page, "more");
    }
}

/* What a hub answers to every read, and what its admin reads print. */
static char *
snapshot (Fixture    *f,
          DisTestHub *hub,
          const char *session)
{
  GString *out = g_string_new (NULL);
  g_autofree char *status = NULL;
  g_autofree char *reviews = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    append_read (out, f, hub, &reads[i], session);
  append_changes (out, f, hub);
  status = dis_test_hub_admin (hub, "point", "status", "--code", "TO-CEN", NULL);
  reviews = dis_test_hub_admin (hub, "review", "list", NULL);
  g_string_append_printf (out, "point status\n%s\nreview list\n%s\n", status, reviews);
  return g_string_free (out, FALSE);
}

/* Line by line, so a failure shows the first line that differs. */
static void
assert_same_answers (const char *answers,
                     const char *expected)
{
  g_auto(GStrv) lines = g_strsplit (answers, "\n", -1);
  g_auto(GStrv) expected_lines = g_strsplit (expected, "\n", -1);

  for (guint i = 0; lines[i] != NULL || expected_lines[i] != NULL; i++)
    g_assert_cmpstr (lines[i], ==, expected_lines[i]);
}

/* Batch @n (from 1) of BATCH sales; every fifth one's till total is off,
 * so the review list grows too. */
static void
push_batch (Fixture *f,
            guint    n)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *csv = NULL;
  static const char *tiers[] = { "equa", "solidale", "equa", "solidale", "equa" };
  guint status;

  for (guint i = 0; i < BATCH; i++)
    {
      gint64 seq = (gint64) (n - 1) * BATCH + i + 1;

      g_ptr_array_add (events, sale_event ("TO-CEN", seq, tiers[seq % 5], 1000 * (1 + seq % 3),
                                           g_str_equal (tiers[seq % 5], "equa") ? 185 : 213,
                                           seq % 5 == 0 ? 7 : 0));
    }
  g_ptr_array_add (events, NULL);
  csv = g_strjoinv (",", (char **) events->pdata);
  root = push (f, f->token, csv, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < BATCH; i++)
    g_assert_cmpstr (json_object_get_string_member (result_at (root, i), "status"), ==, "accepted");
}

static char *
coordinator_session (Fixture *f)
{
  g_autoptr(JsonNode) root = NULL;
  guint status;

  g_free (dis_test_hub_admin (f->hub, "settings", "set", "coordinator.pwhash_opslimit", "1", NULL));
  g_free (dis_test_hub_admin (f->hub, "settings", "set", "coordinator.pwhash_memlimit_kib", "8", NULL));
  g_assert_cmpint (dis_test_hub_run_input (f->hub, PASSPHRASE "\n", NULL, NULL,
                                           "coordinator", "add", "--name", "Marta", NULL), ==, 0);
  start_server (f, NULL, NULL, NULL, NULL);
  root = http (f, "POST", "/api/v1/coordinator/session", f->token,
               "{\"name\":\"Marta\",\"passphrase\":\"" PASSPHRASE "\"}", 0, &status);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* "backed up … N event(s)": N. */
static gint64
events_in_message (const char *message)
{
  const char *comma = g_strrstr (message, ", ");

  g_assert_nonnull (comma);
  g_assert_nonnull (strstr (comma, " event(s)"));
  return g_ascii_strtoll (comma + 2, NULL, 10);
}

static void
test_backup_while_pushing (Fixture *f, gconstpointer data)
{
  g_autofree char *session = coordinator_session (f);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *copy_dir = g_build_filename (f->dir, "copy", NULL);
  g_autofree char *copy_path = g_build_filename (copy_dir, "hub.db", NULL);
  g_autofree char *again = NULL;
  g_autofree char *message = NULL;
  g_autofree char *of_copy = NULL;
  g_autoptr(GSubprocess) backup = NULL;
  g_autoptr(DisTestHub) copy = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  guint n = 0, started_after = 0, ended_after = 0;
  gint64 events;
  GStatBuf st;

  /* The answers must be the database's alone: asked twice, the same. */
  g_ptr_array_add (answers, snapshot (f, f->hub, session));
  again = snapshot (f, f->hub, session);
  assert_same_answers (again, g_ptr_array_index (answers, 0));

  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
  while (n < BATCHES_MAX && (!done || n < ended_after + BATCHES_AFTER))
    {
      if (n == BATCHES_BEFORE)
        {
          const char *argv[] = { g_getenv ("DIS_HUB"), "backup", "--db", f->hub->db_path, "--out", copy_path, NULL };

          backup = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
          g_assert_no_error (error);
          g_subprocess_wait_async (backup, NULL, backup_done_cb, &done);
          started_after = n;
        }
      push_batch (f, ++n);
      g_ptr_array_add (answers, snapshot (f, f->hub, session));
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (done && ended_after == 0)
        ended_after = n;
    }
  g_assert_true (done);
  g_assert_cmpint (g_subprocess_get_exit_status (backup), ==, 0);

  /* The copy is whole batches, pushed while the backup ran. */
  {
    char buffer[1024];
    gsize length = 0;

    g_input_stream_read_all (g_subprocess_get_stdout_pipe (backup), buffer, sizeof buffer, &length, NULL, &error);
    g_assert_no_error (error);
    message = g_strndup (buffer, length);
  }
  g_assert_true (g_str_has_prefix (message, "backed up "));
  events = events_in_message (message);
  g_test_message ("backup started after batch %u, ended after batch %u, holds %" G_GINT64_FORMAT
                  " batch(es); %u pushed in all", started_after, ended_after, events / BATCH, n);
  copy = g_new0 (DisTestHub, 1);
  copy->dir = g_strdup (copy_dir);
  copy->db_path = g_strdup (copy_path);
  copy->log_path = g_build_filename (copy_dir, "hub.log", NULL);
  g_assert_cmpint (dis_test_hub_int (copy, "SELECT count(*) FROM events", NULL), ==, events);
  g_assert_cmpint (g_stat (copy_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (events % BATCH, ==, 0);
  g_assert_cmpint (events / BATCH, >=, started_after);
  g_assert_cmpint (events / BATCH, <=, ended_after);
  g_assert_cmpint (n, >, events / BATCH);   /* the source went on */

  /* A hub on the copy answers as the source did at that point. */
  dis_test_hub_start (copy, 0, NULL);
  of_copy = snapshot (f, copy, session);
  assert_same_answers (of_copy, g_ptr_array_index (answers, events / BATCH));
  g_assert_true (dis_test_hub_stop (copy));
}

/* The feed's next number after everything: its "next" read from 0. */
static gint64
feed_end (Fixture    *f,
          DisTestHub *hub,
          gint64      since,
          guint      *out_n)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = ops_fetch (f, hub->url, path, f->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  root = json_from_string (body, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "more"));
  if (out_n != NULL)
    *out_n = json_array_get_length (json_object_get_array_member (json_node_get_object (root), "changes"));
  return json_object_get_int_member (json_node_get_object (root), "next");
}

/* A hub restored from a copy numbers its new changes past every number
 * the lost hub had given: a point that had read further than the copy
 * still sees them. */
static void
test_backup_restore_feed (Fixture *f, gconstpointer data)
{
  g_autofree char *copy_dir = g_build_filename (f->dir, "copy", NULL);
  g_autoptr(DisTestHub) copy = g_new0 (DisTestHub, 1);
  gint64 cursor;
  guint n = 0;

  copy->dir = g_strdup (copy_dir);
  copy->db_path = g_build_filename (copy_dir, "hub.db", NULL);
  copy->log_path = g_build_filename (copy_dir, "hub.log", NULL);
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);

  start_server (f, NULL, NULL, NULL, NULL);
  g_free (dis_test_hub_admin (f->hub, "backup", "--out", copy->db_path, NULL));
  /* The lost hub went on, and the point read all of it. */
  g_free (dis_test_hub_admin (f->hub, "settings", "set", "eligibility.impegno_min_months", "3", NULL));
  g_free (dis_test_hub_admin (f->hub, "settings", "set", "eligibility.impegno_min_months", "4", NULL));
  cursor = feed_end (f, f->hub, 0, NULL);
  stop_server (f);

  dis_test_hub_start (copy, 0, NULL);
  g_assert_cmpint (feed_end (f, copy, 0, NULL), <, cursor);
  g_free (dis_test_hub_admin (copy, "settings", "set", "eligibility.impegno_min_months", "6", NULL));
  g_assert_cmpint (feed_end (f, copy, cursor, &n), >, cursor);
  g_assert_cmpuint (n, ==, 1);
}

/* A PostgreSQL hub is refused, with the way to back it up. */
static void
test_backup_postgresql (Fixture *f, gconstpointer data)
{
  g_autofree char *out_path = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (dis_test_hub_run (f->hub, NULL, &err, "backup", "--out", out_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "pg_dump"));
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
}

/* `disotto-hub backup ARGS…` run as it is (no --db added): its exit
 * status, and its standard error in *@out_err. */
static int
run_backup (char       **out_err,
            const char  *db,
            const char  *out)
{
  const char *argv[] = { g_getenv ("DIS_HUB"), "backup", "--db", db, "--out", out, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, out_err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* What backup refuses, leaving nothing behind. */
static void
test_backup_refusals (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *partial = g_strconcat (out, ".part", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *err = NULL;

  /* PostgreSQL: pg_dump's job, said before anything is touched. */
  g_assert_cmpint (run_backup (&err, "postgresql:///disotto?host=/nonexistent", out), ==, 1);
  g_assert_nonnull (strstr (err, "pg_dump"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* A file that exists is never overwritten (asked first, whatever the source). */
  g_assert_true (g_file_set_contents (out, "keep me", -1, NULL));
  g_assert_cmpint (run_backup (&err, other, out), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&err, g_free);
  {
    g_autofree char *kept = NULL;

    g_assert_true (g_file_get_contents (out, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "keep me");
  }
  g_assert_cmpint (g_unlink (out), ==, 0);

  /* Neither a database that is missing nor one that is not the hub's. */
  g_assert_cmpint (run_backup (&err, other, out), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (other, "", -1, NULL));
  g_assert_cmpint (run_backup (&err, other, out), ==, 1);
  g_assert_nonnull (strstr (err, "not a hub database"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
}

static void
test_backup (Fixture *f, gconstpointer data)
{
  if (g_str_has_prefix (f->hub->db_path, "postgres"))
    test_backup_postgresql (f, data);
  else
    test_backup_while_pushing (f, data);
}

void
hub_add_backup_tests (void)
{
  g_test_add ("/hub/ops/backup/while-pushing", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_backup, fixture_tear_down);
  g_test_add ("/hub/ops/backup/refusals", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_backup_refusals, fixture_tear_down);
  if (!g_str_equal (g_getenv ("DIS_TEST_DB") ? g_getenv ("DIS_TEST_DB") : "sqlite", "postgresql"))
    g_test_add ("/hub/ops/backup/restore-feed", Fixture, GINT_TO_POINTER (1),
                fixture_set_up, test_backup_restore_feed, fixture_tear_down);
}
