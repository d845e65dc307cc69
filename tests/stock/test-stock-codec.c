/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stock-codec"

#include "config.h"

#include "dis-codec.h"
#include "../codec-golden.h"

/* The golden files of the stock events and changes (tests/data/codec,
 * written by hand) read as the protocol says. Their round trips are with
 * the other golden files' (tests/core, /codec/golden/), their bounds in
 * /codec/bounds/stock. */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = dis_codec_parse (text, -1, &error);

  g_assert_no_error (error);
  return root;
}

/* The values, as the protocol reads them. */
static void
test_values (void)
{
  g_autofree char *moved_text = codec_golden ("event-stock-moved.json");
  g_autofree char *order_text = codec_golden ("event-restock-order.json");
  g_autofree char *snapshot_text = codec_golden ("change-stock-snapshot.json");
  g_autofree char *transfer_text = codec_golden ("change-transfer.json");
  g_autofree char *confirm_text = codec_golden ("change-restock-order.json");
  g_autoptr(JsonNode) moved_root = parse (moved_text);
  g_autoptr(JsonNode) order_root = parse (order_text);
  g_autoptr(JsonNode) snapshot_root = parse (snapshot_text);
  g_autoptr(JsonNode) transfer_root = parse (transfer_text);
  g_autoptr(JsonNode) confirm_root = parse (confirm_text);
  g_auto(DisCodecEvent) moved = { NULL, };
  g_auto(DisCodecEvent) order = { NULL, };
  g_auto(DisCodecChange) snapshot = { 0, };
  g_auto(DisCodecChange) transfer = { 0, };
  g_auto(DisCodecChange) confirm = { 0, };
  const DisCodecStockMove *move;
  const DisCodecRestockLine *line;

  g_assert_true (dis_codec_event_decode (moved_root, &moved, NULL));
  g_assert_cmpint (moved.type, ==, DIS_CODEC_STOCK_MOVED);
  g_assert_cmpuint (moved.stock_moved.movements->len, ==, 3);
  move = &g_array_index (moved.stock_moved.movements, DisCodecStockMove, 0);
  g_assert_cmpstr (move->product, ==, "B-PASTA-500");
  g_assert_cmpint (move->kind, ==, DIS_CODEC_STOCK_RECEIVE);
  g_assert_cmpint (move->qty, ==, 24000);
  g_assert_cmpstr (move->document, ==, "DDT 2024/118");
  g_assert_null (move->reason);
  move = &g_array_index (moved.stock_moved.movements, DisCodecStockMove, 1);
  g_assert_cmpint (move->kind, ==, DIS_CODEC_STOCK_WASTE);
  g_assert_cmpint (move->qty, ==, -1250);
  g_assert_null (move->document);
  g_assert_cmpstr (move->reason, ==, "Vasetto rotto – \"caduto\"");

  g_assert_true (dis_codec_event_decode (order_root, &order, NULL));
  g_assert_cmpint (order.restock_order.state, ==, DIS_CODEC_RESTOCK_PARTIALLY_RECEIVED);
  g_assert_cmpstr (order.restock_order.supplier, ==, "PASTIFICIO");
  line = &g_array_index (order.restock_order.lines, DisCodecRestockLine, 0);
  g_assert_cmpint (line->ordered, ==, 48000);
  g_assert_cmpint (line->received, ==, 24000);

  g_assert_true (dis_codec_change_decode (snapshot_root, &snapshot, NULL));
  g_assert_cmpint (snapshot.kind, ==, DIS_CODEC_CHANGE_STOCK_SNAPSHOT);
  g_assert_cmpstr (snapshot.stock_snapshot.point, ==, "TO-CEN");
  g_assert_cmpuint (snapshot.stock_snapshot.levels->len, ==, 2);
  g_assert_cmpstr (g_array_index (snapshot.stock_snapshot.levels, DisCodecStockLine, 1).product, ==, "TO-CEN-01");
  g_assert_cmpint (g_array_index (snapshot.stock_snapshot.levels, DisCodecStockLine, 1).qty, ==, 1250);

  g_assert_true (dis_codec_change_decode (transfer_root, &transfer, NULL));
  g_assert_cmpint (transfer.kind, ==, DIS_CODEC_CHANGE_TRANSFER);
  g_assert_cmpstr (transfer.transfer.from, ==, "TO-CEN");
  g_assert_cmpstr (transfer.transfer.to, ==, "TO-NORD");
  g_assert_cmpint (transfer.transfer.state, ==, DIS_CODEC_TRANSFER_STATE_SENT);
  g_assert_cmpuint (transfer.transfer.lines->len, ==, 2);

  g_assert_true (dis_codec_change_decode (confirm_root, &confirm, NULL));
  g_assert_cmpint (confirm.kind, ==, DIS_CODEC_CHANGE_RESTOCK_ORDER);
  g_assert_cmpint (confirm.restock_order.state, ==, DIS_CODEC_RESTOCK_CONFIRMED);
  g_assert_cmpstr (confirm.restock_order.point, ==, "TO-CEN");

  /* The names both ways. */
  for (int k = 0; k < DIS_CODEC_N_STOCK_KINDS; k++)
    {
      DisCodecStockKind back;

      g_assert_true (dis_codec_stock_kind_from_string (dis_codec_stock_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  g_assert_false (dis_codec_stock_kind_from_string ("sale", NULL));
  for (int s = 0; s < DIS_CODEC_N_RESTOCK_STATES; s++)
    {
      DisCodecRestockState back;

      g_assert_true (dis_codec_restock_state_from_string (dis_codec_restock_state_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_false (dis_codec_restock_state_from_string ("draft", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stock/codec/values", test_values);
  return g_test_run ();
}
