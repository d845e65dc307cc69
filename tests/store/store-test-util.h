/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "dis-core.h"

G_BEGIN_DECLS

/* A fresh temporary directory, removed with everything in it. */
char        *test_tmpdir_new        (void);
void         test_tmpdir_remove     (const char *dir);

/* Opens a store in @dir with a small catalog, identity TO-TEST/C1. */
DisStore    *test_store_new         (const char *dir);
/* The product ids of the catalog, in this order. */
enum {
  TEST_CAFFE,      /* piece, 22 %, EAN, Libera Terra, Bevande */
  TEST_PASSATA,    /* piece, 4 %, EAN, Libera Terra, Conserve */
  TEST_MELE,       /* kg, 4 %, PLU 123, Cascina Bio, Frutta */
  TEST_OLIO,       /* l, 4 %, EAN, Cascina Bio, Condimenti */
  TEST_PANE,       /* kg, 4 %, PLU 456, own product, Forno */
  TEST_N_PRODUCTS
};
extern const char *test_eans[TEST_N_PRODUCTS];
void         test_store_add_catalog (DisStore *store,
                                     gint64    ids[TEST_N_PRODUCTS]);
/* The first operator, a responsabile with PIN 1234. */
DisOperator *test_store_add_manager (DisStore *store);

/* Below Equa, the buyer of @sale is DIS_TEST_ELIGIBLE_CARD, whom
 * test_store_new () adds: the store sells below Equa to no one else. */
void         test_set_buyer         (DisSale      *sale);

/* A committed-ready sale: one line per product/quantity, paid in cash. */
DisSale     *test_make_sale         (DisStore     *store,
                                     DisTier       tier,
                                     const gint64 *product_ids,
                                     const gint64 *quantities,
                                     guint         n);

/* Applies the changes-feed page @page (a JSON array) with cursor @next,
 * then runs the main context so the store's signals are delivered. */
void         test_store_apply_changes (DisStore   *store,
                                       const char *page,
                                       gint64      next);

/* Raw connection for checking with SQL. */
sqlite3     *test_db_open           (const char *path);
gint64       test_db_int            (sqlite3    *db,
                                     const char *sql);

/* Ledger invariants over the whole database; fails the test on any. */
void         test_db_check_ledger   (sqlite3    *db);

G_END_DECLS

G_BEGIN_DECLS

/* Random sales for the ledger and crash tests: 1–5 lines of random
 * products (weighed ones with random grams), a random tier, cash, card or
 * split payments. */
DisSale     *test_random_sale       (GRand       *rand,
                                     GPtrArray   *products);
/* A random partial refund of @sale_id as stored, or NULL when nothing is
 * left to refund. */
DisSale     *test_random_refund     (DisStore    *store,
                                     GRand       *rand,
                                     const char  *sale_id);

G_END_DECLS
