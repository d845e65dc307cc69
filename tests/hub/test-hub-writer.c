/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <glib/gstdio.h>

#include "dis-hub-checkpointer.h"
#include "dis-hub-db.h"
#include "dis-hub-writer.h"
#include "dis-test-hub.h"
#include "dis-test-util.h"

/* The hub's writer in-process (issue 12): batches queued together are
 * committed in one transaction, each answered only after that commit
 * with its own reply, and a batch that fails rolls back alone. The
 * database is a real hub's with the demo network (dis-test-hub.h). */

#define N_DEVICES 4

typedef struct
{
  char         *dir;
  DisTestHub   *hub;
  DisHubWriter *writer;
  DisHubDb     *lock;        /* a second connection holding the write lock */
  guint         pending;
} Fixture;

typedef struct
{
  Fixture    *f;
  GPtrArray  *ids;          /* the batch's event ids, in order */
  JsonNode   *reply;
  GError     *error;
  gint64      committed;    /* of its events on disk when it was answered */
  gboolean    done;
  DisHubPush   *push;
} Batch;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = dis_test_tmpdir_new ("disotto-hub-writer");
  f->hub = dis_test_hub_new_demo (f->dir);
  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autofree char *device = g_strdup_printf ("W%u", i);

      g_free (dis_test_hub_add_device (f->hub, "TO-CEN", device, FALSE));
    }
  f->writer = dis_hub_writer_new (f->hub->db_path, &error);
  g_assert_no_error (error);
  f->lock = dis_hub_db_open (f->hub->db_path, FALSE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->writer, dis_hub_writer_free);
  g_clear_pointer (&f->lock, dis_hub_db_close);
  g_clear_pointer (&f->hub, dis_test_hub_free);
  dis_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->ids);
  g_clear_pointer (&batch->push, dis_hub_push_free);
  g_clear_pointer (&batch->reply, json_node_unref);
  g_clear_error (&batch->error);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, batch_free)

/* How many of @batch's events the database holds, read on a connection
 * of its own: only what was committed. */
static gint64
count_on_disk (Fixture *f,
               Batch   *batch)
{
  gint64 n = 0;

  for (guint i = 0; i < batch->ids->len; i++)
    n += dis_test_file_int (f->hub->db_path, "SELECT count(*) FROM events WHERE id = ?1",
                            g_ptr_array_index (batch->ids, i));
  return n;
}

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Batch *batch = data;

  batch->reply = dis_hub_writer_apply_finish (batch->f->writer, result, &batch->error);
  batch->committed = count_on_disk (batch->f, batch);
  batch->done = TRUE;
  batch->f->pending--;
}

/* @n sales from @device, seq from @seq, queued at the writer. */
static Batch *
queue_batch (Fixture    *f,
             const char *device,
             gint64      seq,
             guint       n)
{
  static const DisJsonLimits limits = { G_MAXSIZE, 32, G_MAXSIZE, G_MAXUINT };
  Batch *batch = g_new0 (Batch, 1);
  g_autoptr(GString) body = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  DisJsonDoc *doc;

  batch->f = f;
  batch->ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = dis_test_hub_sale_event ("TO-CEN", device, seq + i, "equa", 1000, 185, 0);
      g_autoptr(JsonNode) event = json_from_string (text, NULL);

      g_ptr_array_add (batch->ids, g_strdup (json_object_get_string_member (json_node_get_object (event), "id")));
      g_string_append_printf (body, "%s%s", i > 0 ? "," : "", text);
    }
  g_string_append (body, "]");
  /* Read as the hub reads a push. */
  doc = dis_json_doc_parse (body->str, body->len, &limits, &error);
  g_assert_no_error (error);
  f->pending++;
  batch->push = dis_hub_push_decode_doc (doc, dis_json_doc_get_root (doc));
  dis_hub_writer_apply_async (f->writer, "TO-CEN", device, batch->push, applied_cb, batch);
  return batch;
}

static gboolean
none_pending (gpointer data)
{
  return ((Fixture *) data)->pending == 0;
}

static void
assert_accepted (Batch *batch)
{
  JsonArray *results;

  g_assert_no_error (batch->error);
  g_assert_nonnull (batch->reply);
  results = json_object_get_array_member (json_node_get_object (batch->reply), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, batch->ids->len);
  for (guint i = 0; i < batch->ids->len; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      /* Its own events, in its own order. */
      g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, g_ptr_array_index (batch->ids, i));
      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "accepted");
    }
  /* Answered after the commit that made them durable. */
  g_assert_cmpint (batch->committed, ==, batch->ids->len);
}

/* The write lock taken by another connection: the writer's first batch
 * waits for it, and everything queued meanwhile waits in the queue. */
static void
hold_lock (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  /* SQLite's write lock (BEGIN IMMEDIATE). */
  dis_hub_db_begin (f->lock, &error);
  g_assert_no_error (error);
}

static void
release_lock (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  dis_hub_db_commit (f->lock, &error);
  g_assert_no_error (error);
}

static void
test_group_commit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);
  guint groups;

  hold_lock (f);
  for (guint i = 0; i < 5 * N_DEVICES; i++)
    {
      g_autofree char *device = g_strdup_printf ("W%u", i % N_DEVICES);

      g_ptr_array_add (batches, queue_batch (f, device, 1 + (i / N_DEVICES) * 3, 3));
    }
  /* Nothing is answered while nothing can commit. */
  g_usleep (200 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->pending, ==, batches->len);
  g_assert_cmpuint (dis_hub_writer_get_depth (f->writer), ==, batches->len);
  release_lock (f);

  g_assert_true (dis_test_wait_for (none_pending, f, 20000));
  for (guint i = 0; i < batches->len; i++)
    assert_accepted (g_ptr_array_index (batches, i));
  /* The first batch alone, waiting for the lock; the others together. */
  groups = dis_hub_writer_get_groups (f->writer);
  g_assert_cmpuint (groups, <=, 2);
  g_assert_cmpuint (dis_hub_writer_get_depth (f->writer), ==, 0);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count(*) FROM events", NULL), ==, 5 * N_DEVICES * 3);
}

static void
test_failed_batch_alone (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Batch) first = NULL;
  g_autoptr(Batch) before = NULL;
  g_autoptr(Batch) failing = NULL;
  g_autoptr(Batch) after = NULL;
  g_autoptr(GError) error = NULL;

  /* A database error on any event of device W1: its batch fails. (A
   * SQLite trigger: this test runs on SQLite.) */
  dis_hub_db_exec (f->lock,
                   "CREATE TRIGGER fail_w1 BEFORE INSERT ON events WHEN NEW.device = 'W1'"
                   " BEGIN SELECT RAISE (ABORT, 'disk on fire'); END;",
                   &error);
  g_assert_no_error (error);
  hold_lock (f);
  first = queue_batch (f, "W3", 1, 2);
  g_usleep (100 * 1000);
  before = queue_batch (f, "W0", 1, 3);
  failing = queue_batch (f, "W1", 1, 3);
  after = queue_batch (f, "W2", 1, 3);
  release_lock (f);
  g_assert_true (dis_test_wait_for (none_pending, f, 20000));

  assert_accepted (first);
  assert_accepted (before);
  assert_accepted (after);
  g_assert_null (failing->reply);
  g_assert_error (failing->error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB);
  g_assert_cmpint (failing->committed, ==, 0);
  /* The three queued together shared one transaction. */
  g_assert_cmpuint (dis_hub_writer_get_groups (f->writer), ==, 2);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count(*) FROM events WHERE device = 'W1'", NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count(*) FROM hub_sales", NULL), ==, 8);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT last_seq FROM devices WHERE device = 'W1'", NULL), ==, 0);
}

/* Closing the writer commits and answers what it was given first. */
static void
test_free_drains (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);

  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autofree char *device = g_strdup_printf ("W%u", i);

      g_ptr_array_add (batches, queue_batch (f, device, 1, 4));
    }
  /* The replies reach the main context once the writer is gone. */
  dis_hub_writer_free (f->writer);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count(*) FROM events", NULL), ==, N_DEVICES * 4);
  g_assert_true (dis_test_wait_for (none_pending, f, 20000));
  f->writer = NULL;
  for (guint i = 0; i < batches->len; i++)
    assert_accepted (g_ptr_array_index (batches, i));
}

/* The log's checkpoints (dis-hub-checkpointer.h), with small sizes: up to
 * the limit the thread takes them, never the writer's commits; past it
 * the writer does, and its next commit starts the log over, so the log
 * file stays within the limit and a commit. */
#define CK_PAGES      40
#define CK_LIMIT      400
#define CK_COMMIT     20    /* rows of one page or so per commit */

static void
commit_rows (DisHubDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_hub_db_begin (db, &error));
  for (guint i = 0; i < CK_COMMIT; i++)
    g_assert_true (dis_hub_db_exec (db, "INSERT INTO scratch VALUES (randomblob (3000))", &error));
  g_assert_true (dis_hub_db_commit (db, &error));
  g_assert_no_error (error);
}

static void
test_checkpointer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->hub->db_path, "-wal", NULL);
  DisHubCheckpointer *checkpointer;
  DisHubDb *db;
  GStatBuf st;
  gint64 deadline;
  guint n;

  db = dis_hub_db_open_one_thread (f->hub->db_path, &error);
  g_assert_no_error (error);
  checkpointer = dis_hub_checkpointer_new (db, f->hub->db_path, CK_PAGES, CK_LIMIT, &error);
  g_assert_no_error (error);
  if (dis_hub_db_get_engine (db) != DIS_HUB_ENGINE_SQLITE)
    {
      /* No log to copy back: nothing to start. */
      g_assert_null (checkpointer);
      dis_hub_db_close (db);
      return;
    }
  g_assert_nonnull (checkpointer);
  /* The disk's syncs are not what is tested. */
  g_assert_true (dis_hub_db_exec (db, "PRAGMA synchronous = OFF; CREATE TABLE scratch (b BLOB)", &error));

  /* Past CK_PAGES: the thread checkpoints, the writer does not. */
  for (guint i = 0; i < 3 * CK_PAGES / CK_COMMIT; i++)
    commit_rows (db);
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (dis_hub_checkpointer_get_passes (checkpointer) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (dis_hub_checkpointer_get_passes (checkpointer), >, 0);
  g_assert_cmpuint (dis_hub_checkpointer_get_inline (checkpointer), ==, 0);

  /* A reader inside the log keeps every checkpoint from starting it
   * over: the log grows to the limit, and not before it does the writer
   * checkpoint (its RESTART gives up on the reader after 100 ms). */
  g_assert_true (dis_hub_db_exec (f->lock, "BEGIN; SELECT count(*) FROM scratch", &error));
  for (n = 0; n < 2 * CK_LIMIT / CK_COMMIT && dis_hub_checkpointer_get_inline (checkpointer) == 0; n++)
    commit_rows (db);
  g_assert_cmpuint (dis_hub_checkpointer_get_inline (checkpointer), >, 0);
  /* Step 1 left at most 4 × CK_PAGES in the log. */
  g_assert_cmpuint (n, >=, (CK_LIMIT - 4 * CK_PAGES) / CK_COMMIT);
  g_assert_true (dis_hub_db_exec (f->lock, "COMMIT", &error));

  /* The reader gone, the log is started over: it grows no further. */
  for (guint i = 0; i < 3 * CK_LIMIT / CK_COMMIT; i++)
    commit_rows (db);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  /* The limit, the commit that passed it while the reader was in, the
   * size the writer waits for before it tries again, the commit that
   * passes it: commits of a few more pages than rows. */
  g_assert_cmpint (st.st_size, <=, (CK_LIMIT + CK_PAGES + 3 * CK_COMMIT) * (4096 + 24) + 32);

  dis_hub_checkpointer_free (checkpointer);
  dis_hub_db_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/hub/writer/group-commit", Fixture, NULL, fixture_set_up, test_group_commit, fixture_tear_down);
  g_test_add ("/hub/writer/failed-batch-alone", Fixture, NULL, fixture_set_up, test_failed_batch_alone,
              fixture_tear_down);
  g_test_add ("/hub/writer/checkpointer", Fixture, NULL, fixture_set_up, test_checkpointer, fixture_tear_down);
  g_test_add ("/hub/writer/free-drains", Fixture, NULL, fixture_set_up, test_free_drains, fixture_tear_down);
  return g_test_run ();
}
