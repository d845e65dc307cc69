/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub-feed"

#include "config.h"

#include "dis-hub-db.h"
#include "dis-test-hub.h"
#include "dis-test-util.h"

/* The changes feed never lets a reader skip a change (issue 12): writers
 * on their own connections take a seq, dawdle, and commit, so that
 * without a guard a later seq commits before an earlier one; a reader
 * polls the feed as a point does (seq > cursor, in order, the cursor
 * moved to the last seq read) and must see every change exactly once.
 * Runs on the engine DIS_TEST_DB names. */

#define N_WRITERS 4
#define N_CHANGES 40          /* per writer */
#define PAGE 7

typedef struct
{
  const char *location;
  guint       writer;
  gint       *n_running;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  DisHubDb *db = dis_hub_db_open (w->location, FALSE, &error);
  g_autoptr(JsonNode) node = json_from_string ("{}", NULL);
  GRand *rand = g_rand_new_with_seed (w->writer);

  g_assert_no_error (error);
  for (guint i = 0; i < N_CHANGES; i++)
    {
      g_autofree char *key = g_strdup_printf ("w%u-%03u", w->writer, i);

      g_assert_true (dis_hub_db_begin (db, &error));
      g_assert_true (dis_hub_db_append_change (db, "settings", "upsert", key, node, &error));
      g_assert_no_error (error);
      /* Between taking its seq and committing: others may commit now. */
      g_usleep (g_rand_int_range (rand, 0, 3000));
      g_assert_true (dis_hub_db_commit (db, &error));
      g_assert_no_error (error);
    }
  g_rand_free (rand);
  dis_hub_db_close (db);
  g_atomic_int_dec_and_test (w->n_running);
  return NULL;
}

/* One page of the feed after @cursor, as the changes endpoint reads it;
 * each key read is counted in @seen; returns the new cursor. */
static gint64
poll_feed (DisHubDb   *db,
           gint64      cursor,
           GHashTable *seen)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare_cached (db, "SELECT seq, key FROM changes WHERE seq > ?1"
                                                              " AND kind = 'settings' ORDER BY seq LIMIT ?2",
                                                          &error);
  gboolean has_row;

  g_assert_no_error (error);
  dis_hub_stmt_bind_int64 (stmt, 1, cursor);
  dis_hub_stmt_bind_int64 (stmt, 2, PAGE);
  while (dis_hub_db_step (db, stmt, &has_row, &error) && has_row)
    {
      const char *key = dis_hub_stmt_column_text (stmt, 1);

      g_assert_cmpint (dis_hub_stmt_column_int64 (stmt, 0), >, cursor);
      cursor = dis_hub_stmt_column_int64 (stmt, 0);
      if (g_str_has_prefix (key, "w"))
        g_hash_table_insert (seen, g_strdup (key),
                             GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (seen, key)) + 1));
    }
  g_assert_no_error (error);
  return cursor;
}

static void
test_feed_concurrent_writers (void)
{
  g_autofree char *dir = dis_test_tmpdir_new ("disotto-feed");
  g_autofree char *location = dis_test_hub_location_new (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Writer writers[N_WRITERS];
  GThread *threads[N_WRITERS];
  gint n_running = N_WRITERS;
  DisHubDb *reader;
  gint64 cursor = 0;
  guint n_polls = 0;

  reader = dis_hub_db_open (location, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_WRITERS; i++)
    {
      writers[i] = (Writer) { location, i, &n_running };
      threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
    }
  while (g_atomic_int_get (&n_running) > 0)
    {
      cursor = poll_feed (reader, cursor, seen);
      n_polls++;
    }
  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);
  /* Everything is committed now: what the cursor passed is lost. */
  for (gint64 last = -1; last != cursor;)
    {
      last = cursor;
      cursor = poll_feed (reader, cursor, seen);
    }

  g_test_message ("%u polls while writing", n_polls);
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_WRITERS * N_CHANGES);
  for (guint w = 0; w < N_WRITERS; w++)
    for (guint i = 0; i < N_CHANGES; i++)
      {
        g_autofree char *key = g_strdup_printf ("w%u-%03u", w, i);

        g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (seen, key)), ==, 1);
      }
  dis_hub_db_close (reader);
  dis_test_rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/feed/concurrent-writers", test_feed_concurrent_writers);
  return g_test_run ();
}
