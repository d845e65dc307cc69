/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-core.h"

/* RFC 9562, appendix A.6: the version 7 example. */
static void
test_layout (void)
{
  static const guint8 random[10] = { 0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f };
  g_autofree char *id = dis_id_new_full (G_GINT64_CONSTANT (0x017f22e279b0), random);

  g_assert_cmpstr (id, ==, "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
  g_assert_true (g_uuid_string_is_valid (id));
}

/* The random part never reaches the version and variant bits. */
static void
test_bits (void)
{
  static const guint8 ones[10] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  g_autofree char *id = dis_id_new_full (-5, ones);
  g_autofree char *late = dis_id_new_full (G_MAXINT64, ones);

  g_assert_cmpstr (id, ==, "00000000-0000-7fff-bfff-ffffffffffff");
  g_assert_cmpstr (late, ==, "ffffffff-ffff-7fff-bfff-ffffffffffff");
}

/* Many ids in a row: valid, version 7, all different, each after the
 * one before, their time the clock's; the counter runs out and borrows
 * the next millisecond at most a few times. */
static void
test_sequence (void)
{
  const guint n = 200000;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *last = NULL;
  gint64 before = g_get_real_time () / 1000;
  gint64 after;

  for (guint i = 0; i < n; i++)
    {
      char *id = dis_id_new ();

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_nonnull (strchr ("89ab", id[19]));
      if (last != NULL)
        g_assert_cmpstr (last, <, id);
      g_assert_true (g_hash_table_add (seen, id));
      g_free (last);
      last = g_strdup (id);
    }
  after = g_get_real_time () / 1000;
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);

  {
    g_autofree char *hex = g_strndup (last, 8);
    gint64 ms = g_ascii_strtoll (hex, NULL, 16) << 16 | g_ascii_strtoll (last + 9, NULL, 16);

    /* 2,048 or more ids fit in each millisecond: at most n / 2048
     * borrowed milliseconds ahead of the clock. */
    g_assert_cmpint (ms, >=, before);
    g_assert_cmpint (ms, <=, after + n / 2048 + 1);
  }
}

typedef struct
{
  GPtrArray *ids;
} Worker;

static gpointer
make_ids (gpointer data)
{
  Worker *worker = data;

  for (guint i = 0; i < 20000; i++)
    g_ptr_array_add (worker->ids, dis_id_new ());
  return NULL;
}

/* Threads making ids at once never make the same one, and each
 * thread's ids are in order. */
static void
test_threads (void)
{
  Worker workers[4];
  GThread *threads[4];
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint t = 0; t < G_N_ELEMENTS (workers); t++)
    {
      workers[t].ids = g_ptr_array_new_with_free_func (g_free);
      threads[t] = g_thread_new ("ids", make_ids, &workers[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (workers); t++)
    {
      g_thread_join (threads[t]);
      for (guint i = 0; i < workers[t].ids->len; i++)
        {
          const char *id = g_ptr_array_index (workers[t].ids, i);

          if (i > 0)
            g_assert_cmpstr (g_ptr_array_index (workers[t].ids, i - 1), <, id);
          g_assert_true (g_hash_table_add (seen, (gpointer) id));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 4 * 20000);
  for (guint t = 0; t < G_N_ELEMENTS (workers); t++)
    g_ptr_array_unref (workers[t].ids);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/id/layout", test_layout);
  g_test_add_func ("/core/id/bits", test_bits);
  g_test_add_func ("/core/id/sequence", test_sequence);
  g_test_add_func ("/core/id/threads", test_threads);
  return g_test_run ();
}
