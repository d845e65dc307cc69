/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stock-ledger"

#include "config.h"

#include "dis-store-stock.h"
#include "stock-test-util.h"

/* The ledger's property (issue 11): after many random movements of every
 * kind (sales and refunds through the till's commit, receipts and count
 * adjustments through the movement writer, waste, transfers out, incoming
 * transfers confirmed), every level equals the sum of its movements and
 * what the test itself counted, and every movement but a sale's reached
 * the outbox once. */

#define N_OPERATIONS 1000
#define SEED         20261205

typedef struct
{
  DisStore     *store;
  DisOperator  *manager;
  GPtrArray    *products;     /* DisProduct*, for random sales */
  GHashTable   *expected;     /* product id → gint64* level the test counted */
  GHashTable   *codes;        /* product id → code */
  GPtrArray    *committed;    /* sale ids */
  GRand        *rand;
  gint64        feed_seq;
  guint         n_kind[8];
} Ledger;

enum { OP_SALE, OP_REFUND, OP_RECEIVE, OP_ADJUST, OP_WASTE, OP_TRANSFER_OUT, OP_TRANSFER_IN, N_OPS };

static void
expect (Ledger *l,
        gint64  product_id,
        gint64  delta)
{
  gint64 *level = g_hash_table_lookup (l->expected, &product_id);

  g_assert_nonnull (level);
  *level += delta;
}

static DisProduct *
random_product (Ledger *l)
{
  return g_ptr_array_index (l->products, g_rand_int_range (l->rand, 0, l->products->len));
}

static void
expect_sale (Ledger  *l,
             DisSale *sale)
{
  for (guint i = 0; i < sale->lines->len; i++)
    {
      DisSaleLine *line = g_ptr_array_index (sale->lines, i);

      expect (l, line->product_id, -line->quantity);
    }
}

static gboolean
do_sale (Ledger *l)
{
  g_autoptr(DisSale) sale = test_random_sale (l->rand, l->products);
  g_autoptr(GError) error = NULL;

  if (!dis_store_commit_sale (l->store, sale, l->manager, &error))
    g_error ("sale: %s", error->message);
  g_ptr_array_add (l->committed, g_strdup (sale->id));
  expect_sale (l, sale);
  return TRUE;
}

static gboolean
do_refund (Ledger *l)
{
  g_autoptr(DisSale) refund = NULL;
  g_autoptr(GError) error = NULL;

  if (l->committed->len == 0)
    return FALSE;
  refund = test_random_refund (l->store, l->rand,
                               g_ptr_array_index (l->committed, g_rand_int_range (l->rand, 0, l->committed->len)));
  if (refund == NULL)
    return FALSE;
  if (!dis_store_commit_sale (l->store, refund, l->manager, &error))
    g_error ("refund: %s", error->message);
  expect_sale (l, refund);
  return TRUE;
}

static gboolean
do_move (Ledger     *l,
         const char *kind)
{
  gint64 id = dis_product_get_id (random_product (l));
  gint64 qty = g_rand_int_range (l->rand, 1, 50000);

  if (g_str_equal (kind, "adjust") && g_rand_boolean (l->rand))
    qty = -qty;
  stock_test_write_move (l->store, id, kind, qty, dis_operator_get_id (l->manager), "DDT 1", NULL, 250);
  expect (l, id, qty);
  return TRUE;
}

static gboolean
do_waste (Ledger *l)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dis_product_get_id (random_product (l));
  gint64 qty = g_rand_int_range (l->rand, 1, 3000);

  g_assert_true (dis_store_stock_record_waste (l->store, l->manager, id, qty, "Rotto", &error));
  g_assert_no_error (error);
  expect (l, id, -qty);
  return TRUE;
}

/* 1 … 3 distinct products. */
static guint
random_distinct (Ledger *l,
                 gint64  *ids)
{
  guint n = g_rand_int_range (l->rand, 1, 4);

  for (guint i = 0; i < n; i++)
    {
      gboolean again;

      do
        {
          ids[i] = dis_product_get_id (random_product (l));
          again = FALSE;
          for (guint j = 0; j < i; j++)
            again = again || ids[j] == ids[i];
        }
      while (again);
    }
  return n;
}

static gboolean
do_transfer_out (Ledger *l)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  DisStockTransferItem items[3];
  gint64 ids[3];
  guint n = random_distinct (l, ids);

  for (guint i = 0; i < n; i++)
    {
      items[i].product_id = ids[i];
      items[i].qty = g_rand_int_range (l->rand, 1, 5000);
    }
  id = dis_store_stock_send_transfer (l->store, l->manager, "TO-NORD", items, n, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  for (guint i = 0; i < n; i++)
    expect (l, items[i].product_id, -items[i].qty);
  return TRUE;
}

static gboolean
do_transfer_in (Ledger *l)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) lines = g_string_new ("[");
  g_autofree char *id = g_uuid_string_random ();
  gint64 ids[3], sent[3], received[3];
  guint n = random_distinct (l, ids);

  for (guint i = 0; i < n; i++)
    {
      sent[i] = g_rand_int_range (l->rand, 1, 5000);
      /* Sometimes less arrives, sometimes nothing. */
      received[i] = g_rand_int_range (l->rand, 0, 4) == 0 ? g_rand_int_range (l->rand, 0, sent[i]) : sent[i];
      g_string_append_printf (lines, "%s{\"product\":\"%s\",\"qty\":%" G_GINT64_FORMAT "}", i > 0 ? "," : "",
                              (const char *) g_hash_table_lookup (l->codes, &ids[i]), sent[i]);
    }
  g_string_append_c (lines, ']');
  stock_test_apply_transfer (l->store, ++l->feed_seq, id, "TO-SUD", "TO-TEST", "sent", lines->str);
  g_assert_true (dis_store_stock_confirm_transfer (l->store, l->manager, id, received, n, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    expect (l, ids[i], received[i]);
  return TRUE;
}

static void
test_ledger_property (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "punto.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) day = NULL;
  g_autoptr(GPtrArray) levels = NULL;
  gint64 ids[TEST_N_PRODUCTS];
  Ledger l = { NULL, };
  sqlite3 *db;

  l.store = test_store_new (dir);
  test_store_add_catalog (l.store, ids);
  l.manager = test_store_add_manager (l.store);
  day = dis_store_open_day (l.store, l.manager, 10000, &error);
  g_assert_no_error (error);
  l.products = dis_store_search_products (l.store, "", 0, &error);
  g_assert_no_error (error);
  l.expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < TEST_N_PRODUCTS; i++)
    g_hash_table_insert (l.expected, g_memdup2 (&ids[i], sizeof ids[i]), g_new0 (gint64, 1));
  l.codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  levels = dis_store_stock_list_levels (l.store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < levels->len; i++)
    {
      DisStockLevel *level = g_ptr_array_index (levels, i);

      g_assert_cmpint (level->qty, ==, 0);
      g_hash_table_insert (l.codes, g_memdup2 (&level->product_id, sizeof level->product_id), g_strdup (level->code));
    }
  g_clear_pointer (&levels, g_ptr_array_unref);
  l.committed = g_ptr_array_new_with_free_func (g_free);
  l.rand = g_rand_new_with_seed (SEED);

  for (guint i = 0; i < N_OPERATIONS; i++)
    {
      guint op = g_rand_int_range (l.rand, 0, N_OPS);
      gboolean done = FALSE;

      switch (op)
        {
        case OP_SALE: done = do_sale (&l); break;
        case OP_REFUND: done = do_refund (&l); break;
        case OP_RECEIVE: done = do_move (&l, "receive"); break;
        case OP_ADJUST: done = do_move (&l, "adjust"); break;
        case OP_WASTE: done = do_waste (&l); break;
        case OP_TRANSFER_OUT: done = do_transfer_out (&l); break;
        case OP_TRANSFER_IN: done = do_transfer_in (&l); break;
        default: g_assert_not_reached ();
        }
      if (done)
        l.n_kind[op]++;
    }
  for (guint op = 0; op < N_OPS; op++)
    g_assert_cmpuint (l.n_kind[op], >, 50);

  /* What the store lists is what the test counted, for every product. */
  levels = dis_store_stock_list_levels (l.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (levels->len, ==, TEST_N_PRODUCTS);
  for (guint i = 0; i < levels->len; i++)
    {
      DisStockLevel *level = g_ptr_array_index (levels, i);

      g_assert_cmpint (level->qty, ==, *(gint64 *) g_hash_table_lookup (l.expected, &level->product_id));
    }

  db = test_db_open (path);
  test_db_check_ledger (db);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM products p"
                                    " WHERE coalesce ((SELECT qty FROM stock_levels WHERE product_id = p.id), 0)"
                                    " <> coalesce ((SELECT sum (qty) FROM stock_movements WHERE product_id = p.id), 0)"),
                   ==, 0);
  g_assert_cmpint (test_db_int (db, "SELECT count(DISTINCT kind) FROM stock_movements"), ==, 6);
  /* Every movement but a sale's or a refund's announced once, in order. */
  g_assert_cmpint (test_db_int (db, "SELECT sum (json_array_length (payload, '$.movements')) FROM outbox"
                                    " WHERE type = 'stock.moved'"),
                   ==, test_db_int (db, "SELECT count(*) FROM stock_movements WHERE kind NOT IN ('sale', 'refund')"));
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox o, json_each (o.payload, '$.movements') j"
                                    " WHERE o.type = 'stock.moved' AND json_extract (j.value, '$.kind') IN ('sale', 'refund')"),
                   ==, 0);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox WHERE type = 'transfer.sent'"),
                   ==, l.n_kind[OP_TRANSFER_OUT]);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM outbox WHERE type = 'transfer.received'"),
                   ==, l.n_kind[OP_TRANSFER_IN]);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM stock_transfers WHERE state = 'sent' AND direction = 'in'"),
                   ==, 0);
  g_assert_cmpint (test_db_int (db, "SELECT integrity_check = 'ok' FROM pragma_integrity_check"), ==, 1);
  sqlite3_close (db);

  g_rand_free (l.rand);
  g_ptr_array_unref (l.committed);
  g_hash_table_unref (l.expected);
  g_hash_table_unref (l.codes);
  g_ptr_array_unref (l.products);
  g_object_unref (l.manager);
  g_assert_finalize_object (l.store);
  test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stock/ledger/property", test_ledger_property);
  return g_test_run ();
}
