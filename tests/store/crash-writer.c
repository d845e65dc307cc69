/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crash-writer"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "store-test-util.h"

/* Commits sales (and now and then a refund) into the store at argv[1]
 * forever, until test-crash kills it. Prints only "ready" once set up. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = NULL;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GRand) rand = NULL;
  DisOperator *manager;

  if (argc != 3)
    {
      g_printerr ("Usage: %s DB SEED\n", argv[0]);
      return EXIT_FAILURE;
    }

  dis_core_init ();
  rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (argv[2], NULL, 10));

  store = dis_store_open (argv[1], &error);
  if (store == NULL ||
      (operators = dis_store_list_operators (store, &error)) == NULL ||
      (products = dis_store_search_products (store, "", 0, &error)) == NULL)
    {
      g_printerr ("crash-writer: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (operators->len == 0 || products->len == 0)
    {
      g_printerr ("crash-writer: no operator or no products\n");
      return EXIT_FAILURE;
    }
  manager = g_ptr_array_index (operators, 0);

  fputs ("ready\n", stdout);
  fflush (stdout);

  for (guint i = 0; ; i++)
    {
      g_autoptr(DisSale) sale = test_random_sale (rand, products);

      if (!dis_store_commit_sale (store, sale, manager, &error))
        {
          g_printerr ("crash-writer: %s\n", error->message);
          return EXIT_FAILURE;
        }

      if (i % 5 == 4)
        {
          g_autoptr(DisSale) refund = test_random_refund (store, rand, sale->id);

          if (refund != NULL && !dis_store_commit_sale (store, refund, manager, &error))
            {
              g_printerr ("crash-writer: %s\n", error->message);
              return EXIT_FAILURE;
            }
        }
    }

  return EXIT_SUCCESS;
}
