/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-count-kill"

#include "config.h"

#include <signal.h>

#include "dis-store-count.h"
#include "store-test-util.h"

/* A count survives the till being killed: count-writer records counts
 * and is killed with SIGKILL at a random moment, several times; each
 * time the store opens again with the count still open and every count
 * the writer reported committed, and the next writer resumes it. At the
 * end the resumed count validates into the levels last counted. */

#define N_KILLS 6
#define SEED    7117

static const char *writer_path;

typedef struct
{
  gint64  count_id;
  gint64  last;                          /* the last iteration reported, -1 none */
  gint64  last_of[TEST_N_PRODUCTS];      /* per product, -1 none */
} Reported;

/* Reads a line from the writer; NULL at its end. */
static char *
read_line (GDataInputStream *out)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

static void
take_report (Reported   *reported,
             const char *line)
{
  gint64 i = g_ascii_strtoll (line, NULL, 10);

  g_assert_cmpint (i, ==, reported->last < 0 ? i : reported->last + 1);
  reported->last = i;
  reported->last_of[i % TEST_N_PRODUCTS] = i;
}

static void
run_and_kill (const char *path,
              GRand      *rand,
              gint64      first,
              Reported   *reported)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *first_text = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  g_autofree char *hello = NULL;
  guint n_before_kill = g_rand_int_range (rand, 3, 40);
  gint64 count_id;

  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, writer_path, path, first_text, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));

  hello = read_line (out);
  g_assert_nonnull (hello);
  g_assert_true (g_str_has_prefix (hello, "count "));
  count_id = g_ascii_strtoll (hello + 6, NULL, 10);
  /* The writer after the first resumes the same count. */
  if (reported->count_id != 0)
    g_assert_cmpint (count_id, ==, reported->count_id);
  reported->count_id = count_id;

  /* Kill it while it is busy writing. */
  for (guint n = 0; n < n_before_kill; n++)
    {
      g_autofree char *line = read_line (out);

      g_assert_nonnull (line);
      take_report (reported, line);
    }
  g_subprocess_send_signal (writer, SIGKILL);
  /* What it reported before it died counts too. */
  for (char *line; (line = read_line (out)) != NULL; g_free (line))
    take_report (reported, line);
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);
}

/* The count as reopened: what was reported is there, plus at most the
 * one iteration committed but not reported. Returns the last iteration
 * stored. */
static gint64
check_count (const char     *path,
             const Reported *reported)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = dis_store_open (path, &error);
  g_autoptr(DisCount) count = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gint64 last = -1;
  guint n_counted = 0;

  g_assert_no_error (error);
  count = dis_store_count_get_open (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (count);
  g_assert_cmpint (dis_count_get_id (count), ==, reported->count_id);

  lines = dis_store_count_list_lines (store, reported->count_id, DIS_COUNT_LINES_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, TEST_N_PRODUCTS);
  for (guint i = 0; i < lines->len; i++)
    {
      DisCountLine *line = g_ptr_array_index (lines, i);
      guint k = (guint) dis_count_line_get_product_id (line) - 1;
      gint64 iteration;

      if (!dis_count_line_get_is_counted (line))
        {
          g_assert_cmpint (reported->last_of[k], <, 0);
          continue;
        }
      n_counted++;
      g_assert_cmpint (dis_count_line_get_counted (line) % 1000, ==, 0);
      iteration = dis_count_line_get_counted (line) / 1000;
      g_assert_cmpint (iteration % TEST_N_PRODUCTS, ==, k);
      g_assert_cmpint (iteration, >=, reported->last_of[k]);
      g_assert_cmpint (iteration, <=, reported->last + 1);
      last = MAX (last, iteration);
    }
  g_assert_cmpuint (dis_count_get_n_counted (count), ==, n_counted);
  g_assert_cmpint (last, >=, reported->last);
  return last;
}

static void
test_kill (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  Reported reported = { 0, -1, { -1, -1, -1, -1, -1 } };
  gint64 ids[TEST_N_PRODUCTS];
  gint64 last = -1;

  G_STATIC_ASSERT (TEST_N_PRODUCTS == 5);
  {
    g_autoptr(DisOperator) manager = NULL;
    DisStore *store = test_store_new (dir);

    test_store_add_catalog (store, ids);
    for (guint i = 0; i < TEST_N_PRODUCTS; i++)
      g_assert_cmpint (ids[i], ==, i + 1);   /* as count-writer counts them */
    manager = test_store_add_manager (store);
    g_assert_finalize_object (store);
  }

  for (guint round = 0; round < N_KILLS; round++)
    {
      run_and_kill (path, rand, last + 1, &reported);
      last = check_count (path, &reported);
      /* The next writer goes on from what is stored. */
      reported.last = last;
    }
  g_test_message ("%" G_GINT64_FORMAT " counts survived %d kills", last + 1, N_KILLS);
  g_assert_cmpint (last, >=, N_KILLS * 3 - 1);

  /* The resumed count validates into the quantities last counted. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DisStore) store = dis_store_open (path, &error);
    g_autoptr(GPtrArray) operators = NULL;
    g_autoptr(DisCountResult) result = NULL;
    g_autoptr(GPtrArray) lines = NULL;
    sqlite3 *db;

    g_assert_no_error (error);
    operators = dis_store_list_operators (store, &error);
    g_assert_no_error (error);
    lines = dis_store_count_list_lines (store, reported.count_id, DIS_COUNT_LINES_COUNTED, &error);
    g_assert_no_error (error);
    result = dis_store_count_validate (store, g_ptr_array_index (operators, 0), reported.count_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (dis_count_result_get_n_adjusted (result), ==, lines->len);
    for (guint i = 0; i < lines->len; i++)
      {
        DisCountLine *line = g_ptr_array_index (lines, i);

        g_assert_cmpint (dis_store_get_stock (store, dis_count_line_get_product_id (line), &error), ==,
                         dis_count_line_get_counted (line));
        g_assert_no_error (error);
      }

    db = test_db_open (path);
    test_db_check_ledger (db);
    sqlite3_close (db);
  }
  test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dis_core_init ();

  if (argc < 2)
    g_error ("Usage: %s COUNT-WRITER", argv[0]);
  writer_path = argv[1];

  g_test_add_func ("/count/killed-and-resumed", test_kill);

  return g_test_run ();
}
