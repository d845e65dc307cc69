/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stock"

#include "config.h"

#include "dis-error.h"
#include "dis-store-private.h"
#include "dis-store-stock.h"
#include "dis-test-util.h"
#include "stock-test-util.h"

/* The stock ledger's operations one by one (dis-store-stock.h), on a real
 * SQLite file: waste, transfers both ways, minimum and target, days of
 * cover, expiry and flags, the history, the purchase cost, the signal. */

typedef struct
{
  char        *dir;
  char        *path;
  DisStore    *store;
  DisOperator *manager;
  gint64       ids[TEST_N_PRODUCTS];
  guint        n_changed;
} Fixture;

static void
on_stock_changed (DisStore *store,
                  gpointer  user_data)
{
  ((Fixture *) user_data)->n_changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) day = NULL;

  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "punto.db", NULL);
  f->store = test_store_new (f->dir);
  test_store_add_catalog (f->store, f->ids);
  f->manager = test_store_add_manager (f->store);
  day = dis_store_open_day (f->store, f->manager, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (f->store, "stock-changed", G_CALLBACK (on_stock_changed), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->manager);
  dis_test_iterate (5);
  g_assert_finalize_object (f->store);
  test_tmpdir_remove (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
db_int (Fixture    *f,
        const char *sql)
{
  return dis_test_file_int (f->path, sql, NULL);
}

static DisStockLevel *
find_level (Fixture *f,
            gint64   product_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) levels = dis_store_stock_list_levels (f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (levels->len, ==, TEST_N_PRODUCTS);
  for (guint i = 0; i < levels->len; i++)
    {
      DisStockLevel *level = g_ptr_array_index (levels, i);

      if (level->product_id == product_id)
        return g_object_ref (level);
    }
  g_assert_not_reached ();
}

static DisOperator *
add_volunteer (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DisOperator *volunteer = dis_store_create_operator (f->store, f->manager, "Bruno", "5678",
                                                      DIS_ROLE_VOLONTARIO, &error);

  g_assert_no_error (error);
  return volunteer;
}

static DisSale *
sell (Fixture *f,
      gint64   product_id,
      gint64   qty)
{
  g_autoptr(GError) error = NULL;
  DisSale *sale = test_make_sale (f->store, DIS_TIER_EQUA, &product_id, &qty, 1);

  g_assert_true (dis_store_commit_sale (f->store, sale, f->manager, &error));
  g_assert_no_error (error);
  return sale;
}

/* ---- Waste ---------------------------------------------------------------------- */

static void
test_waste (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOperator) volunteer = add_volunteer (f);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(DisStockLevel) level = NULL;
  gint64 caffe = f->ids[TEST_CAFFE];
  DisStockMovement *row;

  g_assert_true (dis_store_stock_record_waste (f->store, f->manager, caffe, 1500, "  Confezione rotta ", &error));
  g_assert_no_error (error);
  level = find_level (f, caffe);
  g_assert_cmpint (level->qty, ==, -1500);
  g_assert_true (level->flags & DIS_STOCK_FLAG_NEGATIVE);

  history = dis_store_stock_list_movements (f->store, caffe, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  row = g_ptr_array_index (history, 0);
  g_assert_cmpint (row->kind, ==, DIS_STOCK_KIND_WASTE);
  g_assert_cmpint (row->qty, ==, -1500);
  g_assert_cmpstr (row->operator_name, ==, "Anna");
  g_assert_cmpstr (row->reason, ==, "Confezione rotta");
  g_assert_null (row->document);

  /* The hub hears of it. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE type = 'stock.moved'"
                              " AND json_extract (payload, '$.movements[0].kind') = 'waste'"
                              " AND json_extract (payload, '$.movements[0].qty') = -1500"
                              " AND json_extract (payload, '$.movements[0].product') = 'B-CAFFE'"
                              " AND json_extract (payload, '$.movements[0].reason') = 'Confezione rotta'"), ==, 1);

  /* Refused, and nothing written. */
  g_assert_false (dis_store_stock_record_waste (f->store, f->manager, caffe, 0, "Rotto", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_record_waste (f->store, f->manager, caffe, 100, "   ", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_record_waste (f->store, f->manager, 999999, 100, "Rotto", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_record_waste (f->store, volunteer, caffe, 100, "Rotto", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_record_waste (f->store, NULL, caffe, 100, "Rotto", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM stock_movements"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE type = 'stock.moved'"), ==, 1);
}

/* ---- Transfers ------------------------------------------------------------------------- */

static void
test_transfer_out (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) transfers = NULL;
  g_autofree char *id = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *lines = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(DisCodecTransfer) sent = { NULL, };
  DisStockTransferItem items[] = { { f->ids[TEST_CAFFE], 4000 }, { f->ids[TEST_PASSATA], 1000 } };
  DisStockTransferItem twice[] = { { f->ids[TEST_CAFFE], 1000 }, { f->ids[TEST_CAFFE], 1000 } };
  DisStockTransfer *transfer;

  stock_test_write_move (f->store, f->ids[TEST_CAFFE], "receive", 10000, 0, "DDT 1", NULL, -1);
  id = dis_store_stock_send_transfer (f->store, f->manager, "TO-NORD", items, G_N_ELEMENTS (items), &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_CAFFE]), ==, 6000);
  g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_PASSATA]), ==, -1000);

  transfers = dis_store_stock_list_transfers (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (transfers->len, ==, 1);
  transfer = g_ptr_array_index (transfers, 0);
  g_assert_cmpstr (transfer->id, ==, id);
  g_assert_false (transfer->incoming);
  g_assert_cmpstr (transfer->peer, ==, "TO-NORD");
  g_assert_cmpint (transfer->state, ==, DIS_STOCK_TRANSFER_SENT);
  g_assert_cmpuint (transfer->lines->len, ==, 2);
  g_assert_cmpstr (g_array_index (transfer->lines, DisStockTransferLine, 0).product_code, ==, "B-CAFFE");
  g_assert_cmpint (g_array_index (transfer->lines, DisStockTransferLine, 0).qty_received, ==, -1);
  g_clear_pointer (&transfers, g_ptr_array_unref);
  transfers = dis_store_stock_list_transfers (f->store, TRUE, &error);
  g_assert_cmpuint (transfers->len, ==, 0);
  g_clear_pointer (&transfers, g_ptr_array_unref);

  /* The event the hub reads, and the movements with their document. */
  payload = dis_test_file_text (f->path, "SELECT payload FROM outbox WHERE type = 'transfer.sent'", NULL);
  root = dis_codec_parse (payload, -1, &error);
  g_assert_no_error (error);
  g_assert_true (dis_codec_transfer_decode (json_node_get_object (root), DIS_CODEC_TRANSFER_FORM_SENT, &sent, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sent.id, ==, id);
  g_assert_cmpstr (sent.to, ==, "TO-NORD");
  g_assert_cmpuint (sent.lines->len, ==, 2);
  g_assert_cmpint (g_array_index (sent.lines, DisCodecStockLine, 1).qty, ==, 1000);
  g_assert_cmpint (dis_test_file_int (f->path, "SELECT count(*) FROM stock_movements WHERE kind = 'transfer'"
                                               " AND qty < 0 AND document = 'transfer:' || ?1", id), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT json_array_length (payload, '$.movements') FROM outbox"
                              " WHERE type = 'stock.moved' ORDER BY seq DESC LIMIT 1"), ==, 2);

  /* Refused: to itself, a product twice, no lines, not a point code. */
  g_assert_null (dis_store_stock_send_transfer (f->store, f->manager, "TO-TEST", items, 1, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_store_stock_send_transfer (f->store, f->manager, "TO-NORD", twice, 2, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_store_stock_send_transfer (f->store, f->manager, "TO-NORD", items, 0, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_store_stock_send_transfer (f->store, f->manager, "TO NORD", items, 1, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM stock_transfers"), ==, 1);
  g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_CAFFE]), ==, 6000);

  /* The receiver confirmed less than was sent: the hub says so. */
  lines = g_strdup ("[{\"product\":\"B-CAFFE\",\"qty\":3500},{\"product\":\"B-PASSATA\",\"qty\":1000}]");
  stock_test_apply_transfer (f->store, 1, id, "TO-TEST", "TO-NORD", "received", lines);
  transfers = dis_store_stock_list_transfers (f->store, FALSE, &error);
  transfer = g_ptr_array_index (transfers, 0);
  g_assert_cmpint (transfer->state, ==, DIS_STOCK_TRANSFER_RECEIVED);
  g_assert_nonnull (transfer->received_at);
  g_assert_cmpint (g_array_index (transfer->lines, DisStockTransferLine, 0).qty_received, ==, 3500);
  /* It does not move this point's stock again. */
  g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_CAFFE]), ==, 6000);
}

static void
test_transfer_in (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) transfers = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *other = g_uuid_string_random ();
  g_autofree char *payload = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(DisCodecTransfer) arrived = { NULL, };
  g_autoptr(GPtrArray) history = NULL;
  const char *lines = "[{\"product\":\"B-CAFFE\",\"qty\":2000},{\"product\":\"X-NUOVO\",\"qty\":500}]";
  const gint64 with_unknown[] = { 1500, 500 };
  const gint64 received[] = { 1500, 0 };
  DisStockTransfer *transfer;
  DisStockMovement *row;

  stock_test_apply_transfer (f->store, 1, id, "TO-SUD", "TO-TEST", "sent", lines);
  /* The same change again, and one between two other points. */
  stock_test_apply_transfer (f->store, 2, id, "TO-SUD", "TO-TEST", "sent", lines);
  stock_test_apply_transfer (f->store, 3, other, "TO-SUD", "TO-NORD", "sent", lines);
  dis_test_iterate (5);
  g_assert_cmpuint (f->n_changed, >=, 1);

  transfers = dis_store_stock_list_transfers (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (transfers->len, ==, 1);
  transfer = g_ptr_array_index (transfers, 0);
  g_assert_true (transfer->incoming);
  g_assert_cmpstr (transfer->peer, ==, "TO-SUD");
  g_assert_cmpint (transfer->state, ==, DIS_STOCK_TRANSFER_SENT);
  g_assert_cmpuint (transfer->lines->len, ==, 2);
  g_assert_cmpint (g_array_index (transfer->lines, DisStockTransferLine, 0).product_id, ==, f->ids[TEST_CAFFE]);
  g_assert_cmpstr (g_array_index (transfer->lines, DisStockTransferLine, 0).product_name, ==, "Caffè arabica 250 g");
  g_assert_cmpint (g_array_index (transfer->lines, DisStockTransferLine, 1).product_id, ==, 0);
  g_assert_cmpint (g_array_index (transfer->lines, DisStockTransferLine, 1).qty_sent, ==, 500);
  /* Nothing moved before the point confirms. */
  g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_CAFFE]), ==, 0);

  /* A product this point does not have cannot arrive; the wrong count of
   * lines is refused; neither writes anything. */
  g_assert_false (dis_store_stock_confirm_transfer (f->store, f->manager, id, with_unknown, 2, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_confirm_transfer (f->store, f->manager, id, received, 1, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_confirm_transfer (f->store, f->manager, other, received, 2, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM stock_movements"), ==, 0);

  g_assert_true (dis_store_stock_confirm_transfer (f->store, f->manager, id, received, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_CAFFE]), ==, 1500);
  g_assert_false (dis_store_stock_confirm_transfer (f->store, f->manager, id, received, 2, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_CAFFE]), ==, 1500);

  g_clear_pointer (&transfers, g_ptr_array_unref);
  transfers = dis_store_stock_list_transfers (f->store, TRUE, &error);
  transfer = g_ptr_array_index (transfers, 0);
  g_assert_cmpint (transfer->state, ==, DIS_STOCK_TRANSFER_RECEIVED);
  g_assert_cmpint (g_array_index (transfer->lines, DisStockTransferLine, 0).qty_received, ==, 1500);
  g_assert_cmpint (g_array_index (transfer->lines, DisStockTransferLine, 1).qty_received, ==, 0);

  history = dis_store_stock_list_movements (f->store, f->ids[TEST_CAFFE], 0, &error);
  row = g_ptr_array_index (history, 0);
  g_assert_cmpint (row->kind, ==, DIS_STOCK_KIND_TRANSFER);
  g_assert_cmpint (row->qty, ==, 1500);
  g_assert_true (g_str_has_suffix (row->document, id));
  g_assert_cmpstr (row->operator_name, ==, "Anna");

  payload = dis_test_file_text (f->path, "SELECT payload FROM outbox WHERE type = 'transfer.received'", NULL);
  root = dis_codec_parse (payload, -1, &error);
  g_assert_true (dis_codec_transfer_decode (json_node_get_object (root), DIS_CODEC_TRANSFER_FORM_RECEIVED,
                                            &arrived, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (arrived.id, ==, id);
  g_assert_cmpuint (arrived.lines->len, ==, 2);
  g_assert_cmpstr (g_array_index (arrived.lines, DisCodecStockLine, 1).product, ==, "X-NUOVO");
  g_assert_cmpint (g_array_index (arrived.lines, DisCodecStockLine, 1).qty, ==, 0);

  /* Its own confirmation coming back from the hub changes nothing. */
  stock_test_apply_transfer (f->store, 4, id, "TO-SUD", "TO-TEST", "received",
                             "[{\"product\":\"B-CAFFE\",\"qty\":1500},{\"product\":\"X-NUOVO\",\"qty\":0}]");
  g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_CAFFE]), ==, 1500);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM stock_transfers"), ==, 1);
}

/* ---- Minimum, target, flags ------------------------------------------------------- */

static void
test_limits (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOperator) volunteer = add_volunteer (f);
  g_autoptr(DisStockLevel) before = NULL;
  g_autoptr(DisStockLevel) after = NULL;
  g_autoptr(DisStockLevel) unset = NULL;
  g_autoptr(DisStockLevel) own = NULL;
  gint64 caffe = f->ids[TEST_CAFFE];

  g_assert_true (dis_store_stock_set_limits (f->store, f->manager, caffe, 5000, 20000, &error));
  g_assert_no_error (error);
  before = find_level (f, caffe);
  g_assert_cmpint (before->min_qty, ==, 5000);
  g_assert_cmpint (before->target_qty, ==, 20000);
  g_assert_cmpuint (before->flags, ==, DIS_STOCK_FLAG_OUT | DIS_STOCK_FLAG_MISSING_BASKET | DIS_STOCK_FLAG_BELOW_MIN);
  own = find_level (f, f->ids[TEST_PANE]);
  g_assert_cmpuint (own->flags, ==, DIS_STOCK_FLAG_OUT);
  g_assert_cmpint (own->min_qty, ==, -1);

  stock_test_write_move (f->store, caffe, "receive", 4999, 0, NULL, NULL, -1);
  g_clear_object (&before);
  before = find_level (f, caffe);
  g_assert_cmpuint (before->flags, ==, DIS_STOCK_FLAG_BELOW_MIN);
  stock_test_write_move (f->store, caffe, "receive", 1, 0, NULL, NULL, -1);
  after = find_level (f, caffe);
  g_assert_cmpuint (after->flags, ==, 0);

  /* Unset again; bad values and a volunteer refused. */
  g_assert_true (dis_store_stock_set_limits (f->store, f->manager, caffe, -1, -1, &error));
  unset = find_level (f, caffe);
  g_assert_cmpint (unset->min_qty, ==, -1);
  g_assert_cmpint (unset->target_qty, ==, -1);
  g_assert_false (dis_store_stock_set_limits (f->store, f->manager, caffe, 5000, 4000, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_set_limits (f->store, f->manager, caffe, -2, 4000, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_set_limits (f->store, volunteer, caffe, 1, 2, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (dis_store_stock_set_limits (f->store, f->manager, 999999, 1, 2, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Limits are the point's own: nothing for the hub. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE type <> 'stock.moved'"), ==, 0);
}

/* ---- Days of cover ---------------------------------------------------------------- */

static void
test_days_of_cover (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisDayReport) closed = NULL;
  g_autoptr(DisDayReport) opened = NULL;
  g_autoptr(DisSale) old_sale = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(DisSale) recent = NULL;
  g_autoptr(DisStockLevel) caffe = NULL;
  g_autoptr(DisStockLevel) olio = NULL;
  g_autoptr(DisStockLevel) passata = NULL;
  g_autofree char *long_ago = dis_date_format (dis_date_today () - 40);
  g_autofree char *three_weeks = dis_date_format (dis_date_today () - 21);
  g_autofree char *sql = NULL;

  stock_test_write_move (f->store, f->ids[TEST_CAFFE], "receive", 100000, 0, NULL, NULL, -1);
  stock_test_write_move (f->store, f->ids[TEST_OLIO], "receive", 5000, 0, NULL, NULL, -1);

  /* 40 days ago: older than 4 weeks, it does not count. */
  old_sale = sell (f, f->ids[TEST_CAFFE], 4000);
  sql = g_strdup_printf ("UPDATE days SET business_date = '%s' WHERE closed_at IS NULL", long_ago);
  dis_test_file_exec (f->path, sql);
  closed = dis_store_close_day (f->store, f->manager, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&closed, dis_day_report_free);

  /* Three weeks ago: counts. */
  opened = dis_store_open_day (f->store, f->manager, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&opened, dis_day_report_free);
  recent = sell (f, f->ids[TEST_CAFFE], 1000);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE days SET business_date = '%s' WHERE closed_at IS NULL", three_weeks);
  dis_test_file_exec (f->path, sql);
  closed = dis_store_close_day (f->store, f->manager, 0, &error);
  g_assert_no_error (error);

  opened = dis_store_open_day (f->store, f->manager, 0, &error);
  g_assert_no_error (error);
  sale = sell (f, f->ids[TEST_CAFFE], 3000);

  /* 95 pieces left, 4 sold in the last 4 weeks: 95 × 28 / 4 days. */
  caffe = find_level (f, f->ids[TEST_CAFFE]);
  g_assert_cmpint (caffe->qty, ==, 92000);
  g_assert_cmpint (caffe->sold_4w, ==, 4000);
  g_assert_cmpint (caffe->days_of_cover, ==, 92000 * 28 / 4000);
  /* Nothing sold: no estimate; nothing on the shelf: no cover. */
  olio = find_level (f, f->ids[TEST_OLIO]);
  g_assert_cmpint (olio->days_of_cover, ==, -1);
  passata = find_level (f, f->ids[TEST_PASSATA]);
  g_assert_cmpint (passata->days_of_cover, ==, 0);
}

/* ---- Expiry ----------------------------------------------------------------------- */

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisStockLevel) both = NULL;
  g_autoptr(DisStockLevel) newest = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autofree char *soon = dis_date_format (dis_date_today () + 2);
  g_autofree char *later = dis_date_format (dis_date_today () + 60);
  gint64 caffe = f->ids[TEST_CAFFE];

  /* The older delivery expires first. */
  stock_test_write_move (f->store, caffe, "receive", 3000, 0, "DDT 1", soon, 250);
  stock_test_write_move (f->store, caffe, "receive", 2000, 0, "DDT 2", later, 260);
  both = find_level (f, caffe);
  g_assert_cmpuint (both->expires_julian, ==, dis_date_today () + 2);
  g_assert_true (both->flags & DIS_STOCK_FLAG_EXPIRING);

  /* First in, first out: once 3.5 are sold, only the newer delivery is
   * on the shelf. */
  sale = sell (f, caffe, 3500);
  newest = find_level (f, caffe);
  g_assert_cmpint (newest->qty, ==, 1500);
  g_assert_cmpuint (newest->expires_julian, ==, dis_date_today () + 60);
  g_assert_false (newest->flags & DIS_STOCK_FLAG_EXPIRING);
}

/* ---- History and purchase cost ----------------------------------------------------- */

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(DisSale) refund = NULL;
  g_autofree char *expiry = dis_date_format (dis_date_today () + 30);
  gint64 caffe = f->ids[TEST_CAFFE];
  gint64 cost = 0;
  DisStockMovement *row;

  stock_test_write_move (f->store, caffe, "receive", 12000, dis_operator_get_id (f->manager), "DDT 7", expiry, 250);
  sale = sell (f, caffe, 3000);
  {
    g_autoptr(DisSale) stored = dis_store_load_sale (f->store, sale->id, &error);
    const gint64 back[] = { 1000 };

    g_assert_no_error (error);
    refund = dis_sale_new_refund (stored, back, 1, &error);
    g_assert_no_error (error);
    dis_sale_add_payment (refund, DIS_PAYMENT_CASH, refund->total);
  }
  g_assert_true (dis_store_commit_sale (f->store, refund, f->manager, &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_stock_record_waste (f->store, f->manager, caffe, 1000, "Scaduto", &error));

  history = dis_store_stock_list_movements (f->store, caffe, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  row = g_ptr_array_index (history, 0);
  g_assert_cmpint (row->kind, ==, DIS_STOCK_KIND_WASTE);
  row = g_ptr_array_index (history, 1);
  g_assert_cmpint (row->kind, ==, DIS_STOCK_KIND_REFUND);
  g_assert_cmpint (row->qty, >, 0);
  g_assert_cmpstr (row->document, ==, refund->receipt_no);
  row = g_ptr_array_index (history, 2);
  g_assert_cmpint (row->kind, ==, DIS_STOCK_KIND_SALE);
  g_assert_cmpint (row->qty, ==, -3000);
  g_assert_cmpstr (row->operator_name, ==, "Anna");
  g_assert_cmpstr (row->document, ==, sale->receipt_no);
  row = g_ptr_array_index (history, 3);
  g_assert_cmpint (row->kind, ==, DIS_STOCK_KIND_RECEIVE);
  g_assert_cmpstr (row->document, ==, "DDT 7");
  g_assert_cmpstr (row->operator_name, ==, "Anna");
  g_assert_cmpint (row->unit_cost, ==, 250);
  g_assert_cmpuint (row->expires_julian, ==, dis_date_today () + 30);

  last = dis_store_stock_list_movements (f->store, caffe, 1, &error);
  g_assert_cmpuint (last->len, ==, 1);
  g_assert_cmpint (((DisStockMovement *) g_ptr_array_index (last, 0))->kind, ==, DIS_STOCK_KIND_WASTE);
  g_assert_null (dis_store_stock_list_movements (f->store, 999999, 0, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The purchase cost is the last receipt's that has one. */
  {
    DIS_DB_LOCK (&f->store->reader);

    g_assert_true (_dis_store_stock_unit_cost (&f->store->reader, f->ids[TEST_OLIO], &cost, &error));
    g_assert_cmpint (cost, ==, -1);
  }
  stock_test_write_move (f->store, caffe, "receive", 1000, 0, NULL, NULL, -1);
  stock_test_write_move (f->store, caffe, "adjust", 1000, 0, NULL, NULL, 999);
  {
    DIS_DB_LOCK (&f->store->reader);

    g_assert_true (_dis_store_stock_unit_cost (&f->store->reader, caffe, &cost, &error));
    g_assert_cmpint (cost, ==, 250);
  }
  stock_test_write_move (f->store, caffe, "receive", 1000, 0, NULL, NULL, 300);
  {
    DIS_DB_LOCK (&f->store->reader);

    g_assert_true (_dis_store_stock_unit_cost (&f->store->reader, caffe, &cost, &error));
    g_assert_cmpint (cost, ==, 300);
  }
}

/* ---- The signal and the async pairs ----------------------------------------------- */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_signal_and_async (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) levels = NULL;
  g_autoptr(GPtrArray) history = NULL;
  guint before;

  /* A sale moves stock: whoever shows levels hears it. */
  sale = sell (f, f->ids[TEST_CAFFE], 1000);
  DIS_TEST_WAIT_UNTIL (f->n_changed == 1, 10);

  before = f->n_changed;
  dis_store_stock_record_waste_async (f->store, f->manager, f->ids[TEST_CAFFE], 500, "Rotto", NULL, on_done, &result);
  DIS_TEST_WAIT_UNTIL (result != NULL, 10);
  g_assert_true (dis_store_stock_record_waste_finish (f->store, result, &error));
  g_assert_no_error (error);
  DIS_TEST_WAIT_UNTIL (f->n_changed == before + 1, 10);
  g_clear_object (&result);

  dis_store_stock_set_limits_async (f->store, f->manager, f->ids[TEST_CAFFE], 1000, 2000, NULL, on_done, &result);
  DIS_TEST_WAIT_UNTIL (result != NULL, 10);
  g_assert_true (dis_store_stock_set_limits_finish (f->store, result, &error));
  g_assert_no_error (error);
  DIS_TEST_WAIT_UNTIL (f->n_changed == before + 2, 10);
  g_clear_object (&result);

  dis_store_stock_list_levels_async (f->store, NULL, on_done, &result);
  DIS_TEST_WAIT_UNTIL (result != NULL, 10);
  levels = dis_store_stock_list_levels_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (levels->len, ==, TEST_N_PRODUCTS);
  g_clear_object (&result);

  dis_store_stock_list_movements_async (f->store, f->ids[TEST_CAFFE], 0, NULL, on_done, &result);
  DIS_TEST_WAIT_UNTIL (result != NULL, 10);
  history = dis_store_stock_list_movements_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_clear_object (&result);

  {
    DisStockTransferItem item = { f->ids[TEST_CAFFE], 100 };
    g_autofree char *id = NULL;
    g_autoptr(GPtrArray) transfers = NULL;

    dis_store_stock_send_transfer_async (f->store, f->manager, "TO-NORD", &item, 1, NULL, on_done, &result);
    DIS_TEST_WAIT_UNTIL (result != NULL, 10);
    id = dis_store_stock_send_transfer_finish (f->store, result, &error);
    g_assert_no_error (error);
    g_assert_true (g_uuid_string_is_valid (id));
    g_clear_object (&result);

    dis_store_stock_list_transfers_async (f->store, FALSE, NULL, on_done, &result);
    DIS_TEST_WAIT_UNTIL (result != NULL, 10);
    transfers = dis_store_stock_list_transfers_finish (f->store, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (transfers->len, ==, 1);
    g_clear_object (&result);
  }

  {
    g_autofree char *id = g_uuid_string_random ();
    const gint64 received[] = { 700 };

    stock_test_apply_transfer (f->store, 1, id, "TO-SUD", "TO-TEST", "sent", "[{\"product\":\"B-OLIO\",\"qty\":700}]");
    dis_store_stock_confirm_transfer_async (f->store, f->manager, id, received, 1, NULL, on_done, &result);
    DIS_TEST_WAIT_UNTIL (result != NULL, 10);
    g_assert_true (dis_store_stock_confirm_transfer_finish (f->store, result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (stock_test_level (f->store, f->ids[TEST_OLIO]), ==, 700);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/stock/waste", test_waste);
  ADD ("/stock/transfer/out", test_transfer_out);
  ADD ("/stock/transfer/in", test_transfer_in);
  ADD ("/stock/limits", test_limits);
  ADD ("/stock/days-of-cover", test_days_of_cover);
  ADD ("/stock/expiry", test_expiry);
  ADD ("/stock/history", test_history);
  ADD ("/stock/signal-and-async", test_signal_and_async);
#undef ADD
  return g_test_run ();
}
