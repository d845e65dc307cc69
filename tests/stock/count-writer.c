/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "count-writer"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "dis-store-count.h"
#include "store-test-util.h"

/* Counts the shelves of the store at argv[1] until test-count-kill kills
 * it: resumes the open count (or starts one, blind, of every product),
 * then records, from iteration argv[2] on, iteration i as i pieces of
 * product i mod n (products by id). Prints "count ID" once, then each
 * iteration's number once it is committed. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = NULL;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(DisCount) count = NULL;
  gint64 ids[TEST_N_PRODUCTS];
  guint64 first;
  DisOperator *manager;

  if (argc != 3)
    {
      g_printerr ("Usage: %s DB FIRST-ITERATION\n", argv[0]);
      return EXIT_FAILURE;
    }

  dis_core_init ();
  first = g_ascii_strtoull (argv[2], NULL, 10);

  store = dis_store_open (argv[1], &error);
  if (store == NULL || (operators = dis_store_list_operators (store, &error)) == NULL)
    {
      g_printerr ("count-writer: %s\n", error->message);
      return EXIT_FAILURE;
    }
  manager = g_ptr_array_index (operators, 0);
  for (guint i = 0; i < TEST_N_PRODUCTS; i++)
    ids[i] = i + 1;

  count = dis_store_count_get_open (store, &error);
  if (count == NULL && error == NULL)
    count = dis_store_count_start (store, manager, NULL, TRUE, &error);
  if (count == NULL)
    {
      g_printerr ("count-writer: %s\n", error->message);
      return EXIT_FAILURE;
    }
  printf ("count %" G_GINT64_FORMAT "\n", dis_count_get_id (count));
  fflush (stdout);

  for (guint64 i = first; ; i++)
    {
      g_autoptr(DisCountLine) line = NULL;

      line = dis_store_count_record (store, manager, dis_count_get_id (count), ids[i % TEST_N_PRODUCTS],
                                     (gint64) i * 1000, &error);
      if (line == NULL)
        {
          g_printerr ("count-writer: %s\n", error->message);
          return EXIT_FAILURE;
        }
      printf ("%" G_GUINT64_FORMAT "\n", i);
      fflush (stdout);
    }
}
