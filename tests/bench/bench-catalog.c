/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include <locale.h>

#include "bench-fixture.h"
#include "bench-util.h"
#include "dis-test-util.h"

/* Catalog benchmark: a 20,000-product store, then barcode lookups and
 * search-as-you-type, each next to the same query on a bare SQLite
 * connection to the same file. */

#define N_PRODUCTS      20000
#define CATALOG_SEED    20240917
#define QUERY_SEED      4242
#define N_LOOKUPS       5000
#define N_WARMUP        200
#define N_TYPED_NAMES   200
#define MIN_PREFIX      2
#define MAX_PREFIX      12
#define SEARCH_LIMIT    50

#define BARCODE_AIM_USEC   1000
#define SEARCH_AIM_USEC    10000

static void
bench_barcode (DisStore     *store,
               sqlite3      *raw,
               BenchCatalog *catalog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (QUERY_SEED);
  g_autoptr(GArray) ours = bench_samples_new (N_LOOKUPS);
  g_autoptr(GArray) ref = bench_samples_new (N_LOOKUPS);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BenchStats ours_stats, ref_stats;

  stmt = bench_sqlite_prepare (raw, "SELECT id FROM products WHERE ean = ?1", &error);
  if (stmt == NULL)
    bench_fail ("preparing the reference lookup", error);

  /* Alternate the two so that both see the same cache state. */
  for (guint i = 0; i < N_WARMUP + N_LOOKUPS; i++)
    {
      const char *ean = g_ptr_array_index (catalog->eans,
                                           g_rand_int_range (rand, 0, catalog->eans->len));
      g_autoptr(DisProduct) product = NULL;
      gint64 start, ours_usec, ref_usec;
      int rows;

      start = bench_now ();
      product = dis_store_lookup_barcode (store, ean, &error);
      ours_usec = bench_now () - start;
      if (product == NULL)
        bench_fail (ean, error);
      if (g_strcmp0 (dis_product_get_ean (product), ean) != 0)
        {
          g_printerr ("bench error: lookup of %s returned a product with EAN %s\n",
                      ean, dis_product_get_ean (product));
          exit (EXIT_FAILURE);
        }

      start = bench_now ();
      sqlite3_bind_text (stmt, 1, ean, -1, SQLITE_STATIC);
      rows = bench_sqlite_run (raw, stmt, &error);
      ref_usec = bench_now () - start;
      if (rows != 1)
        bench_fail ("reference lookup", error);

      if (i >= N_WARMUP)
        {
          bench_samples_add (ours, ours_usec);
          bench_samples_add (ref, ref_usec);
        }
    }

  bench_stats_compute (ours, &ours_stats);
  bench_stats_compute (ref, &ref_stats);
  bench_print_line ("barcode lookup", &ours_stats,
                    "bare SQLite indexed SELECT", &ref_stats,
                    "p50 p99", "p99 < 1 ms",
                    ours_stats.p99 < BARCODE_AIM_USEC);
}

/* What FTS5's unicode61 tokenizer would make of the typed text, as a
 * prefix query: every word must match, the last ones as they are typed. */
static char *
fts_prefix_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) token = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (token, c);
          continue;
        }

      if (token->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", token->str);
          g_string_truncate (token, 0);
        }

      if (c == 0)
        break;
    }

  return g_string_free (g_steal_pointer (&query), FALSE);
}

static void
bench_search (DisStore     *store,
              sqlite3      *raw,
              BenchCatalog *catalog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (QUERY_SEED + 1);
  g_autoptr(GArray) ours = bench_samples_new (N_TYPED_NAMES * MAX_PREFIX);
  g_autoptr(GArray) ref = bench_samples_new (N_TYPED_NAMES * MAX_PREFIX);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BenchStats ours_stats, ref_stats;
  g_autoptr(GString) by_length = g_string_new ("text search p99 by typed length:");
  GArray *ours_by_length[MAX_PREFIX + 1] = { NULL };
  guint ours_empty = 0, ref_empty = 0;
  gint64 ours_total = 0, ref_total = 0;

  for (guint n = MIN_PREFIX; n <= MAX_PREFIX; n++)
    ours_by_length[n] = bench_samples_new (N_TYPED_NAMES);

  stmt = bench_sqlite_prepare (raw,
                               "SELECT rowid FROM products_fts "
                               "WHERE products_fts MATCH ?1 "
                               "ORDER BY rank LIMIT ?2",
                               &error);
  if (stmt == NULL)
    bench_fail ("preparing the reference search", error);

  for (guint i = 0; i < N_TYPED_NAMES; i++)
    {
      const char *name = g_ptr_array_index (catalog->names,
                                            g_rand_int_range (rand, 0, catalog->names->len));
      glong length = g_utf8_strlen (name, -1);

      /* One query per keystroke, as the till's search entry does. */
      for (glong typed = MIN_PREFIX; typed <= MIN (length, MAX_PREFIX); typed++)
        {
          g_autofree char *prefix = g_utf8_substring (name, 0, typed);
          g_autofree char *match = NULL;
          g_autoptr(GPtrArray) results = NULL;
          gint64 start, elapsed;
          int rows;

          /* A space alone does not change what is searched. */
          if (g_str_has_suffix (prefix, " "))
            continue;

          start = bench_now ();
          results = dis_store_search_products (store, prefix, SEARCH_LIMIT, &error);
          elapsed = bench_now () - start;
          bench_samples_add (ours, elapsed);
          bench_samples_add (ours_by_length[typed], elapsed);
          if (results == NULL)
            bench_fail (prefix, error);
          if (results->len == 0)
            ours_empty++;
          if (results->len > SEARCH_LIMIT)
            {
              g_printerr ("bench error: search for “%s” returned %u results, limit %u\n",
                          prefix, results->len, SEARCH_LIMIT);
              exit (EXIT_FAILURE);
            }
          ours_total += results->len;

          match = fts_prefix_query (prefix);
          start = bench_now ();
          sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, SEARCH_LIMIT);
          rows = bench_sqlite_run (raw, stmt, &error);
          bench_samples_add (ref, bench_now () - start);
          if (rows < 0)
            bench_fail (match, error);
          if (rows == 0)
            ref_empty++;
          ref_total += rows;
        }
    }

  bench_stats_compute (ours, &ours_stats);
  bench_stats_compute (ref, &ref_stats);
  bench_print_line ("text search as you type", &ours_stats,
                    "bare FTS5 MATCH prefix query", &ref_stats,
                    "p50 p99", "p99 < 10 ms",
                    ours_stats.p99 < SEARCH_AIM_USEC);
  g_print ("text search results: %.1f per query, %u of %u queries empty "
           "| reference: %.1f per query, %u empty\n",
           (double) ours_total / ours->len, ours_empty, ours->len,
           (double) ref_total / ref->len, ref_empty);

  /* Short prefixes match thousands of products: where the time goes. */
  for (guint n = MIN_PREFIX; n <= MAX_PREFIX; n++)
    {
      BenchStats stats;
      g_autofree char *p99 = NULL;

      bench_stats_compute (ours_by_length[n], &stats);
      p99 = bench_format_usec (stats.p99);
      g_string_append_printf (by_length, " %u: %s%s", n, p99, n < MAX_PREFIX ? "," : "");
      g_array_unref (ours_by_length[n]);
    }
  g_print ("%s\n", by_length->str);

  /* Every typed text is the prefix of a real product name. */
  if (ours_empty > ref_empty)
    g_print ("text search WARNING: %u typed prefixes of existing names found nothing\n",
             ours_empty);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStore) store = NULL;
  g_autoptr(BenchCatalog) catalog = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *per_product = NULL;
  g_autofree char *total = NULL;
  sqlite3 *raw;
  gint64 start, elapsed;

  setlocale (LC_ALL, "");

  tmpdir = dis_test_tmpdir_new ("dis-bench-catalog");
  path = g_build_filename (tmpdir, "punto.db", NULL);

  start = bench_now ();
  store = bench_store_new (path, N_PRODUCTS, CATALOG_SEED, &catalog);
  elapsed = bench_now () - start;

  total = bench_format_usec (elapsed);
  per_product = bench_format_usec ((double) elapsed / catalog->n_products);
  g_print ("catalog generation: %u products (%u with EAN, %u weighed with PLU, "
           "%u suppliers) in %s, %s per product (one dis_store_upsert_product each)\n",
           catalog->n_products, catalog->eans->len, catalog->n_weighed,
           catalog->n_suppliers, total, per_product);

  raw = bench_sqlite_open (path, &error);
  if (raw == NULL)
    bench_fail ("opening the reference connection", error);

  bench_barcode (store, raw, catalog);
  bench_search (store, raw, catalog);

  sqlite3_close (raw);
  g_clear_object (&store);
  dis_test_rm_rf (tmpdir);

  return EXIT_SUCCESS;
}
