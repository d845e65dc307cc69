/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "store-test-util.h"

G_BEGIN_DECLS

/* The point's local SQLite store: a fresh store per test, with the test
 * catalog. */

typedef struct
{
  char        *dir;
  char        *path;
  DisStore    *store;
  gint64       ids[TEST_N_PRODUCTS];
  DisOperator *manager;
} Fixture;

void fixture_setup (Fixture *f, gconstpointer data);
void fixture_teardown (Fixture *f, gconstpointer data);
DisOperator *fixture_manager (Fixture *f);
void open_day (Fixture *f, gint64 opening_float);
DisSale *commit (Fixture *f, DisOperator *operator, DisTier tier, gint64 product, gint64 qty, gint64 cash, gint64 tendered);

void store_add_catalog_tests (void);
void store_add_day_tests (void);

G_END_DECLS
