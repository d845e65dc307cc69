/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-restock"

#include "config.h"

#include "dis-store-restock.h"
#include "dis-store-sync.h"
#include "dis-test-util.h"
#include "store-test-util.h"

/* Restock orders and receiving goods on a real SQLite file (issue 11):
 * the suggestion from the store's rows, drafts, sending, what a delivery
 * leaves open (short, substitute, weighed), the purchase cost history,
 * the events the hub gets and the hub's confirmation. */

typedef struct
{
  char        *dir;
  char        *path;
  DisStore    *store;
  DisOperator *manager;
  gint64       ids[TEST_N_PRODUCTS];
  gint64       lt;     /* Libera Terra: caffè, passata */
  gint64       cb;     /* Cascina Bio: mele (kg), olio (l) */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "punto.db", NULL);
  f->store = test_store_new (f->dir);
  test_store_add_catalog (f->store, f->ids);
  f->manager = test_store_add_manager (f->store);
  f->lt = dis_test_file_int (f->path, "SELECT id FROM suppliers WHERE code = 'LT'", NULL);
  f->cb = dis_test_file_int (f->path, "SELECT id FROM suppliers WHERE code = 'CB'", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->manager);
  g_assert_finalize_object (f->store);
  test_tmpdir_remove (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Minimum, target (-1: none) and case size (0: none) of product @which,
 * straight in the file. */
static void
set_stock_rules (Fixture *f,
                 guint    which,
                 gint64   min_qty,
                 gint64   target_qty,
                 gint64   case_size)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO stock_settings (product_id, min_qty, target_qty)"
                                          " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                          " nullif (%" G_GINT64_FORMAT ", -1));"
                                          "UPDATE products SET case_size = nullif (%" G_GINT64_FORMAT ", 0)"
                                          " WHERE id = %" G_GINT64_FORMAT ";",
                                          f->ids[which], min_qty, target_qty, case_size, f->ids[which]);

  dis_test_file_exec (f->path, sql);
}

static gint64
level_of (Fixture *f,
          guint    which)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce ((SELECT qty FROM stock_levels WHERE product_id = %"
                                          G_GINT64_FORMAT "), 0)", f->ids[which]);

  return dis_test_file_int (f->path, sql, NULL);
}

/* Receives @qty of @which without an order. */
static void
receive_plain (Fixture    *f,
               guint       which,
               gint64      qty,
               const char *note,
               gint64      cost)
{
  g_autoptr(DisReceipt) receipt = dis_receipt_new (NULL, note);
  g_autoptr(GError) error = NULL;

  dis_receipt_add_line (receipt, f->ids[which], qty, NULL, NULL, cost, 0);
  g_assert_true (dis_store_restock_receive (f->store, f->manager, receipt, NULL, &error));
  g_assert_no_error (error);
}

static DisRestockLine *
line_at (DisRestockOrder *order,
         guint            i)
{
  DisRestockLine *line = g_list_model_get_item (dis_restock_order_get_lines (order), i);

  g_assert_nonnull (line);
  g_object_unref (line);    /* the order keeps it */
  return line;
}

/* A sent order to @supplier of the (product, qty) pairs. */
static DisRestockOrder *
send_order (Fixture                   *f,
            gint64                     supplier,
            const DisRestockDraftLine *lines,
            guint                      n_lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisRestockOrder) draft = NULL;
  DisRestockOrder *sent;

  draft = dis_store_restock_save_draft (f->store, f->manager, NULL, supplier, NULL, lines, n_lines, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_state (draft), ==, DIS_RESTOCK_DRAFT);
  sent = dis_store_restock_send (f->store, f->manager, dis_restock_order_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_state (sent), ==, DIS_RESTOCK_SENT);
  return sent;
}

/* ---- The suggestion ------------------------------------------------------- */

static void
test_suggest (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(DisRestockOrder) sent = NULL;
  DisRestockOrder *cb, *lt;
  DisRestockLine *line;

  /* Caffè: 2 on the shelf, min 6, target 20, cases of 12 → 18 → 24. */
  receive_plain (f, TEST_CAFFE, 2000, "DDT 1", 310);
  set_stock_rules (f, TEST_CAFFE, 6000, 20000, 12000);
  /* Passata: at its minimum, not under it. */
  receive_plain (f, TEST_PASSATA, 4000, "DDT 1", 80);
  set_stock_rules (f, TEST_PASSATA, 4000, 10000, 6000);
  /* Mele: nothing, min 5 kg, no target, cases of 2.5 kg → 5 kg. */
  set_stock_rules (f, TEST_MELE, 5000, -1, 2500);
  /* Olio: no minimum, never suggested. */
  /* Pane: an own product without a supplier, never suggested. */
  set_stock_rules (f, TEST_PANE, 10000, 20000, 0);

  orders = dis_store_restock_suggest (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 2);
  /* By supplier name: Cascina Bio, then Libera Terra. */
  cb = g_ptr_array_index (orders, 0);
  lt = g_ptr_array_index (orders, 1);
  g_assert_null (dis_restock_order_get_id (cb));
  g_assert_cmpstr (dis_restock_order_get_supplier_code (cb), ==, "CB");
  g_assert_cmpint (dis_restock_order_get_supplier_id (cb), ==, f->cb);
  g_assert_cmpuint (dis_restock_order_get_n_lines (cb), ==, 1);
  line = line_at (cb, 0);
  g_assert_cmpint (dis_restock_line_get_product_id (line), ==, f->ids[TEST_MELE]);
  g_assert_cmpint (dis_restock_line_get_ordered (line), ==, 5000);
  g_assert_cmpint (dis_restock_line_get_unit (line), ==, DIS_UNIT_KG);
  g_assert_cmpint (dis_restock_line_get_target_qty (line), ==, -1);
  g_assert_cmpint (dis_restock_line_get_unit_cost (line), ==, -1);

  g_assert_cmpstr (dis_restock_order_get_supplier_code (lt), ==, "LT");
  g_assert_cmpuint (dis_restock_order_get_n_lines (lt), ==, 1);
  line = line_at (lt, 0);
  g_assert_cmpint (dis_restock_line_get_product_id (line), ==, f->ids[TEST_CAFFE]);
  g_assert_cmpint (dis_restock_line_get_ordered (line), ==, 24000);
  g_assert_cmpint (dis_restock_line_get_level (line), ==, 2000);
  g_assert_cmpint (dis_restock_line_get_min_qty (line), ==, 6000);
  g_assert_cmpint (dis_restock_line_get_target_qty (line), ==, 20000);
  g_assert_cmpint (dis_restock_line_get_case_size (line), ==, 12000);
  g_assert_cmpint (dis_restock_line_get_unit_cost (line), ==, 310);

  /* What is on order counts: once the caffè is sent, only the mele are left. */
  {
    const DisRestockDraftLine lines[] = { { f->ids[TEST_CAFFE], 24000 } };

    sent = send_order (f, f->lt, lines, 1);
  }
  again = dis_store_restock_suggest (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (dis_restock_order_get_supplier_code (g_ptr_array_index (again, 0)), ==, "CB");
}

/* ---- Drafts, sending, cancelling ---------------------------------------------- */

static void
test_drafts (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisRestockOrder) draft = NULL;
  g_autoptr(DisRestockOrder) edited = NULL;
  g_autoptr(DisRestockOrder) sent = NULL;
  g_autoptr(DisRestockOrder) cancelled = NULL;
  g_autoptr(DisRestockOrder) refused = NULL;
  g_autoptr(DisOperator) volunteer = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *payload = NULL;
  const DisRestockDraftLine lines[] = { { f->ids[TEST_CAFFE], 12000 }, { f->ids[TEST_PASSATA], 6000 } };
  const DisRestockDraftLine wrong[] = { { f->ids[TEST_MELE], 1000 } };
  const DisRestockDraftLine twice[] = { { f->ids[TEST_CAFFE], 1000 }, { f->ids[TEST_CAFFE], 2000 } };
  gint64 events;

  draft = dis_store_restock_save_draft (f->store, f->manager, NULL, f->lt, "Consegna il martedì", lines, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dis_restock_order_get_id (draft));
  g_assert_cmpuint (dis_restock_order_get_n_lines (draft), ==, 2);
  g_assert_cmpstr (dis_restock_order_get_note (draft), ==, "Consegna il martedì");
  /* Drafts stay here. */
  events = dis_test_file_int (f->path, "SELECT count(*) FROM outbox WHERE type = 'restock.order'", NULL);
  g_assert_cmpint (events, ==, 0);

  /* Edited: one line, a new quantity. */
  edited = dis_store_restock_save_draft (f->store, f->manager, dis_restock_order_get_id (draft), f->lt, NULL,
                                         lines + 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dis_restock_order_get_n_lines (edited), ==, 1);
  g_assert_null (dis_restock_order_get_note (edited));
  g_assert_cmpint (dis_restock_line_get_ordered (line_at (edited, 0)), ==, 6000);

  /* Refused, and nothing changed. */
  g_assert_null (dis_store_restock_save_draft (f->store, f->manager, dis_restock_order_get_id (draft), f->lt, NULL,
                                               wrong, 1, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_store_restock_save_draft (f->store, f->manager, NULL, f->lt, NULL, twice, 2, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_store_restock_save_draft (f->store, f->manager, NULL, f->lt, NULL, lines, 0, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  volunteer = dis_store_create_operator (f->store, f->manager, "Bruno", "5678", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  g_assert_null (dis_store_restock_send (f->store, volunteer, dis_restock_order_get_id (draft), &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (dis_test_file_int (f->path, "SELECT count(*) FROM restock_orders", NULL), ==, 1);

  sent = dis_store_restock_send (f->store, f->manager, dis_restock_order_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_state (sent), ==, DIS_RESTOCK_SENT);
  g_assert_nonnull (dis_restock_order_get_sent_at (sent));
  payload = dis_test_file_text (f->path, "SELECT payload FROM outbox WHERE type = 'restock.order'", NULL);
  g_assert_nonnull (strstr (payload, "\"supplier\":\"LT\",\"state\":\"sent\""));
  g_assert_nonnull (strstr (payload, "\"ordered\":6000,\"received\":0"));

  /* A sent order is no draft any more. */
  g_assert_null (dis_store_restock_save_draft (f->store, f->manager, dis_restock_order_get_id (draft), f->lt, NULL,
                                               lines, 2, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_store_restock_send (f->store, f->manager, dis_restock_order_get_id (draft), &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  open = dis_store_restock_list_orders (f->store, DIS_RESTOCK_OPEN_STATES, f->lt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  drafts = dis_store_restock_list_orders (f->store, DIS_RESTOCK_STATE_BIT (DIS_RESTOCK_DRAFT), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);

  cancelled = dis_store_restock_cancel (f->store, f->manager, dis_restock_order_get_id (sent), &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_state (cancelled), ==, DIS_RESTOCK_CANCELLED);
  g_assert_cmpint (dis_test_file_int (f->path, "SELECT count(*) FROM outbox WHERE type = 'restock.order'"
                                      " AND payload ->> '$.state' = 'cancelled'", NULL), ==, 1);
  refused = dis_store_restock_cancel (f->store, f->manager, dis_restock_order_get_id (sent), &error);
  g_assert_null (refused);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_store_restock_get_order (f->store, "no-such-order", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
}

/* ---- Receiving ------------------------------------------------------------------ */

static void
test_receive_against_order (Fixture *f, gconstpointer data)
{
  const DisRestockDraftLine lines[] = { { f->ids[TEST_MELE], 3000 }, { f->ids[TEST_OLIO], 6000 } };
  g_autoptr(DisRestockOrder) sent = send_order (f, f->cb, lines, 2);
  g_autoptr(DisRestockOrder) after = NULL;
  g_autoptr(DisRestockOrder) last = NULL;
  g_autoptr(DisReceipt) first = dis_receipt_new (dis_restock_order_get_id (sent), "DDT 77");
  g_autoptr(DisReceipt) second = dis_receipt_new (dis_restock_order_get_id (sent), NULL);
  g_autoptr(DisReceipt) bad = dis_receipt_new (dis_restock_order_get_id (sent), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *document = g_strconcat ("restock:", dis_restock_order_get_id (sent), NULL);
  g_autofree char *payload = NULL;
  DisRestockLine *line;

  /* 3 kg of a weighed product received as 3.050 kg; the oil short. */
  dis_receipt_add_line (first, f->ids[TEST_MELE], 3050, "L-2024-118", "2024-06-30", 250, 0);
  dis_receipt_add_line (first, f->ids[TEST_OLIO], 4000, NULL, NULL, 980, 0);
  g_assert_true (dis_store_restock_receive (f->store, f->manager, first, &after, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_state (after), ==, DIS_RESTOCK_PARTIALLY_RECEIVED);
  line = line_at (after, 0);
  g_assert_cmpint (dis_restock_line_get_received (line), ==, 3050);
  g_assert_cmpint (dis_restock_line_get_open (line), ==, 0);
  line = line_at (after, 1);
  g_assert_cmpint (dis_restock_line_get_received (line), ==, 4000);
  g_assert_cmpint (dis_restock_line_get_open (line), ==, 2000);
  g_assert_cmpint (dis_restock_order_get_total_open (after), ==, 2000);
  g_assert_cmpint (level_of (f, TEST_MELE), ==, 3050);
  g_assert_cmpint (level_of (f, TEST_OLIO), ==, 4000);
  /* The movements name the order, with lot, expiry and cost. */
  g_assert_cmpint (dis_test_file_int (f->path, "SELECT count(*) FROM stock_movements WHERE kind = 'receive'"
                                      " AND document = ?1", document), ==, 2);
  g_assert_cmpint (dis_test_file_int (f->path, "SELECT count(*) FROM stock_movements WHERE lot = 'L-2024-118'"
                                      " AND expires_on = '2024-06-30' AND unit_cost = 250 AND qty = 3050", NULL), ==, 1);
  payload = dis_test_file_text (f->path, "SELECT payload FROM outbox WHERE type = 'restock.order'"
                                " ORDER BY position DESC LIMIT 1", NULL);
  g_assert_nonnull (strstr (payload, "\"state\":\"partially_received\""));
  g_assert_nonnull (strstr (payload, "\"ordered\":3000,\"received\":3050"));
  g_assert_nonnull (strstr (payload, "\"ordered\":6000,\"received\":4000"));
  g_assert_cmpint (dis_test_file_int (f->path, "SELECT count(*) FROM outbox WHERE type = 'stock.moved'", NULL), ==, 1);

  /* Not cancelled any more: the hub never moves it back. */
  g_assert_null (dis_store_restock_cancel (f->store, f->manager, dis_restock_order_get_id (sent), &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  /* A substitute for what is not on the order is refused, and nothing moves. */
  dis_receipt_add_line (bad, f->ids[TEST_CAFFE], 1000, NULL, NULL, -1, f->ids[TEST_PASSATA]);
  g_assert_false (dis_store_restock_receive (f->store, f->manager, bad, NULL, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (level_of (f, TEST_CAFFE), ==, 0);

  /* The 2 l of oil still open come as passata, a substitute the
   * supplier chose in their place. */
  dis_receipt_add_line (second, f->ids[TEST_PASSATA], 2000, NULL, NULL, 90, f->ids[TEST_OLIO]);
  g_assert_true (dis_store_restock_receive (f->store, f->manager, second, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_state (last), ==, DIS_RESTOCK_RECEIVED);
  g_assert_cmpuint (dis_restock_order_get_n_lines (last), ==, 3);
  line = line_at (last, 1);
  g_assert_cmpint (dis_restock_line_get_received (line), ==, 6000);
  g_assert_cmpint (dis_restock_line_get_open (line), ==, 0);
  line = line_at (last, 2);
  g_assert_cmpint (dis_restock_line_get_product_id (line), ==, f->ids[TEST_PASSATA]);
  g_assert_cmpint (dis_restock_line_get_ordered (line), ==, 0);
  g_assert_cmpint (dis_restock_line_get_received (line), ==, 2000);
  g_assert_cmpuint (dis_restock_line_get_substitute_for (line), ==, 2);
  g_assert_cmpint (level_of (f, TEST_PASSATA), ==, 2000);
  g_assert_cmpint (level_of (f, TEST_OLIO), ==, 4000);
  g_clear_pointer (&payload, g_free);
  payload = dis_test_file_text (f->path, "SELECT payload FROM outbox WHERE type = 'restock.order'"
                                " ORDER BY position DESC LIMIT 1", NULL);
  g_assert_nonnull (strstr (payload, "\"state\":\"received\""));
  g_assert_nonnull (strstr (payload, "\"ordered\":0,\"received\":2000"));

  /* Received in full: nothing more against it. */
  g_assert_false (dis_store_restock_receive (f->store, f->manager, first, NULL, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_cmpint (level_of (f, TEST_MELE), ==, 3050);
}

/* Delivery notes without an order; each new cost kept as history. */
static void
test_cost_history (Fixture *f, gconstpointer data)
{
  g_autoptr(DisReceipt) receipt = dis_receipt_new (NULL, "DDT 2024/991");
  g_autoptr(DisReceipt) empty = dis_receipt_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *costs = NULL;

  dis_receipt_add_line (receipt, f->ids[TEST_PASSATA], 6000, NULL, "2025-12-31", 95, 0);
  dis_receipt_add_line (receipt, f->ids[TEST_CAFFE], 12000, NULL, NULL, -1, 0);
  g_assert_true (dis_store_restock_receive (f->store, f->manager, receipt, NULL, &error));
  g_assert_no_error (error);
  receive_plain (f, TEST_PASSATA, 12000, "DDT 2024/1020", 99);
  receive_plain (f, TEST_PASSATA, 1000, "DDT 2024/1021", -1);

  g_assert_cmpint (level_of (f, TEST_PASSATA), ==, 19000);
  g_assert_cmpint (level_of (f, TEST_CAFFE), ==, 12000);
  costs = dis_test_file_text (f->path, "SELECT group_concat (coalesce (unit_cost, '-') || '@' || document, ' ')"
                              " FROM (SELECT unit_cost, document FROM stock_movements"
                              "  WHERE kind = 'receive' AND product_id = (SELECT id FROM products WHERE code = ?1)"
                              "  ORDER BY id)", "B-PASSATA");
  g_assert_cmpstr (costs, ==, "95@DDT 2024/991 99@DDT 2024/1020 -@DDT 2024/1021");
  /* The current purchase cost: the last one known. */
  {
    g_autoptr(GPtrArray) orders = NULL;
    const DisRestockDraftLine lines[] = { { f->ids[TEST_PASSATA], 6000 } };
    g_autoptr(DisRestockOrder) draft = dis_store_restock_save_draft (f->store, f->manager, NULL, f->lt, NULL,
                                                                     lines, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (dis_restock_line_get_unit_cost (line_at (draft, 0)), ==, 99);
  }

  /* Bad deliveries store nothing. */
  g_assert_false (dis_store_restock_receive (f->store, f->manager, empty, NULL, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  dis_receipt_add_line (empty, f->ids[TEST_CAFFE], 0, NULL, NULL, -1, 0);
  g_assert_false (dis_store_restock_receive (f->store, f->manager, empty, NULL, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_cmpint (level_of (f, TEST_CAFFE), ==, 12000);
}

/* ---- The hub's confirmation and the case size of the feed ------------------------ */


static void
count_signal (gpointer  store,
              guint    *count)
{
  (*count)++;
}

static void
test_confirm_change (Fixture *f, gconstpointer data)
{
  const DisRestockDraftLine lines[] = { { f->ids[TEST_CAFFE], 12000 } };
  g_autoptr(DisRestockOrder) sent = send_order (f, f->lt, lines, 1);
  const DisRestockDraftLine other_lines[] = { { f->ids[TEST_OLIO], 1000 } };
  g_autoptr(DisRestockOrder) other = send_order (f, f->cb, other_lines, 1);
  g_autoptr(DisRestockOrder) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  guint changed = 0;

  g_signal_connect (f->store, "restock-orders-changed", G_CALLBACK (count_signal), &changed);
  page = g_strdup_printf ("[{\"seq\":1,\"kind\":\"restock_order\",\"op\":\"upsert\",\"data\":"
                          "{\"id\":\"%s\",\"point\":\"TO-TEST\",\"state\":\"confirmed\"}},"
                          "{\"seq\":2,\"kind\":\"restock_order\",\"op\":\"upsert\",\"data\":"
                          "{\"id\":\"%s\",\"point\":\"TO-ALTRO\",\"state\":\"confirmed\"}},"
                          "{\"seq\":3,\"kind\":\"product\",\"op\":\"upsert\",\"data\":"
                          "{\"code\":\"P-NEW\",\"name\":\"Ceci secchi 500 g\",\"supplier\":\"LT\",\"category\":\"Legumi\","
                          "\"unit\":\"piece\",\"vat\":4,\"ean\":null,\"plu\":0,\"equa_cents\":210,\"case_size\":12000}}]",
                          dis_restock_order_get_id (sent), dis_restock_order_get_id (other));
  test_store_apply_changes (f->store, page, 3);
  g_assert_cmpuint (changed, ==, 1);

  after = dis_store_restock_get_order (f->store, dis_restock_order_get_id (sent), &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_state (after), ==, DIS_RESTOCK_CONFIRMED);
  g_clear_object (&after);
  /* Addressed to another point: not this one's business. */
  after = dis_store_restock_get_order (f->store, dis_restock_order_get_id (other), &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_state (after), ==, DIS_RESTOCK_SENT);
  g_assert_cmpint (dis_test_file_int (f->path, "SELECT case_size FROM products WHERE code = ?1", "P-NEW"), ==, 12000);
  g_assert_cmpint (dis_test_file_int (f->path, "SELECT case_size IS NULL FROM products WHERE code = ?1", "B-CAFFE"),
                   ==, 1);
  g_signal_handlers_disconnect_by_data (f->store, &changed);
}

/* ---- The _async pairs, as the page calls them --------------------------------------- */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  DIS_TEST_WAIT_UNTIL (*slot != NULL, 10);
  return *slot;
}

static void
test_async (Fixture *f, gconstpointer data)
{
  const DisRestockDraftLine lines[] = { { f->ids[TEST_MELE], 3000 } };
  g_autoptr(GAsyncResult) saved_result = NULL;
  g_autoptr(GAsyncResult) sent_result = NULL;
  g_autoptr(GAsyncResult) received_result = NULL;
  g_autoptr(GAsyncResult) list_result = NULL;
  g_autoptr(DisRestockOrder) draft = NULL;
  g_autoptr(DisRestockOrder) sent = NULL;
  g_autoptr(DisRestockOrder) received = NULL;
  g_autoptr(DisReceipt) receipt = NULL;
  g_autoptr(GPtrArray) done = NULL;
  g_autoptr(GError) error = NULL;
  guint stock_changed = 0;

  g_signal_connect (f->store, "stock-changed", G_CALLBACK (count_signal), &stock_changed);
  dis_store_restock_save_draft_async (f->store, f->manager, NULL, f->cb, NULL, lines, 1, NULL, on_done, &saved_result);
  draft = dis_store_restock_save_draft_finish (f->store, wait_result (&saved_result), &error);
  g_assert_no_error (error);
  dis_store_restock_send_async (f->store, f->manager, dis_restock_order_get_id (draft), NULL, on_done, &sent_result);
  sent = dis_store_restock_send_finish (f->store, wait_result (&sent_result), &error);
  g_assert_no_error (error);

  receipt = dis_receipt_new (dis_restock_order_get_id (sent), NULL);
  dis_receipt_add_line (receipt, f->ids[TEST_MELE], 2000, NULL, NULL, 240, 0);
  dis_store_restock_receive_async (f->store, f->manager, receipt, NULL, on_done, &received_result);
  g_clear_pointer (&receipt, dis_receipt_free);   /* copied */
  g_assert_true (dis_store_restock_receive_finish (f->store, wait_result (&received_result), &received, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_restock_order_get_total_open (received), ==, 1000);
  DIS_TEST_WAIT_UNTIL (stock_changed > 0, 10);

  dis_store_restock_list_orders_async (f->store, DIS_RESTOCK_OPEN_STATES, f->cb, NULL, on_done, &list_result);
  done = dis_store_restock_list_orders_finish (f->store, wait_result (&list_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done->len, ==, 1);
  g_assert_cmpint (dis_restock_order_get_state (g_ptr_array_index (done, 0)), ==, DIS_RESTOCK_PARTIALLY_RECEIVED);
  g_signal_handlers_disconnect_by_data (f->store, &stock_changed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/restock/store/suggest", test_suggest);
  ADD ("/restock/store/drafts", test_drafts);
  ADD ("/restock/store/receive-against-order", test_receive_against_order);
  ADD ("/restock/store/cost-history", test_cost_history);
  ADD ("/restock/store/confirm-change", test_confirm_change);
  ADD ("/restock/store/async", test_async);
#undef ADD

  return g_test_run ();
}
