/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include "dis-store-private.h"
#include "store-test-util.h"
#include "store-test-fixture.h"

/* The store tests' fixture: a fresh store with the test catalog in a
 * temporary directory; a manager, a day opened and a sale committed on
 * demand. */

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "punto.db", NULL);
  f->store = test_store_new (f->dir);
  test_store_add_catalog (f->store, f->ids);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->manager);
  g_assert_finalize_object (f->store);
  test_tmpdir_remove (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

DisOperator *
fixture_manager (Fixture *f)
{
  if (f->manager == NULL)
    f->manager = test_store_add_manager (f->store);
  return f->manager;
}

void
open_day (Fixture *f,
          gint64   opening_float)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) report = dis_store_open_day (f->store, fixture_manager (f), opening_float, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (report->opening_float, ==, opening_float);
}

/* A sale of @qty of @product at @tier by @operator, @cash of it in cash
 * (the rest by card, @tendered handed over), committed. */
DisSale *
commit (Fixture     *f,
        DisOperator *operator,
        DisTier      tier,
        gint64       product,
        gint64       qty,
        gint64       cash,
        gint64       tendered)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisCart) cart = dis_cart_new ();
  g_autoptr(DisProduct) p = dis_store_lookup_product (f->store, product, NULL);
  DisSale *sale;

  dis_cart_set_tier (cart, tier);
  dis_cart_add (cart, p, qty, FALSE);
  sale = dis_sale_new_from_cart (cart);
  test_set_buyer (sale);
  if (cash > 0)
    dis_sale_add_payment (sale, DIS_PAYMENT_CASH, MIN (cash, sale->total));
  if (cash < sale->total)
    dis_sale_add_payment (sale, DIS_PAYMENT_CARD, sale->total - MAX (cash, 0));
  sale->cash_tendered = tendered;
  g_assert_true (dis_store_commit_sale (f->store, sale, operator, &error));
  g_assert_no_error (error);
  return sale;
}
