/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "dis-store.h"

G_BEGIN_DECLS

/* A generated catalog: what the benchmarks draw their queries from. */
typedef struct
{
  GPtrArray *eans;         /* char*, one per product sold by EAN */
  GPtrArray *names;        /* char*, every product name */
  GArray    *product_ids;  /* gint64, every product */
  guint      n_products;
  guint      n_suppliers;
  guint      n_weighed;    /* sold by weight with a PLU, no EAN */
} BenchCatalog;

void          bench_catalog_free     (BenchCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchCatalog, bench_catalog_free)

/* Fills @store with @n_products products (Italian-ish names from word
 * lists, suppliers, categories, valid EAN-13s, about 6 % weighed with a
 * PLU), deterministically from @seed. */
BenchCatalog *bench_catalog_generate (DisStore     *store,
                                      guint         n_products,
                                      guint32       seed,
                                      GError      **error);

/* A store at @path with a generated catalog (bench_catalog_generate());
 * fails the benchmark on error. */
DisStore     *bench_store_new        (const char   *path,
                                      guint         n_products,
                                      guint32       seed,
                                      BenchCatalog **out_catalog);
/* The products of @catalog as @store has them; fails on error. */
GPtrArray    *bench_catalog_load     (BenchCatalog *catalog,
                                      DisStore     *store);
/* A sale of @n_lines different products drawn from @products (weighed
 * ones 150 g to 1.5 kg, others 1 to 3 pieces), a Solidale one in four,
 * paid by card. */
DisSale      *bench_random_sale      (GPtrArray    *products,
                                      GRand        *rand,
                                      guint         n_lines);

/* A till ready to sell, for the benchmarks that commit sales: a store
 * with a generated catalog, its products loaded, and bench_prepare_till()
 * with the responsabile "Bench", PIN 1234. Fails the benchmark on error. */
typedef struct
{
  DisStore     *store;
  BenchCatalog *catalog;
  GPtrArray    *products;   /* DisProduct, in the catalog's order */
  DisOperator  *operator;
} BenchTill;

BenchTill    *bench_till_new         (const char   *path,
                                      guint         n_products,
                                      guint32       seed);
void          bench_till_free        (BenchTill    *till);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchTill, bench_till_free)

/* Identity, one responsabile operator and an open day: what a till needs
 * before it can sell. Returns the operator. */
DisOperator  *bench_prepare_till     (DisStore     *store,
                                      const char   *operator_name,
                                      const char   *pin,
                                      GError      **error);

/* The connection settings dis-store.c uses (journal_mode=WAL,
 * synchronous=FULL, foreign_keys=ON), for the bare-SQLite references. */
sqlite3      *bench_sqlite_open      (const char   *path,
                                      GError      **error);
gboolean      bench_sqlite_exec      (sqlite3      *db,
                                      const char   *sql,
                                      GError      **error);
sqlite3_stmt *bench_sqlite_prepare   (sqlite3      *db,
                                      const char   *sql,
                                      GError      **error);
/* Steps @stmt to the end, then resets it. Returns the number of rows. */
int           bench_sqlite_run       (sqlite3      *db,
                                      sqlite3_stmt *stmt,
                                      GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
