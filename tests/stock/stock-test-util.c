/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stock-test"

#include "config.h"

#include "dis-store-private.h"
#include "dis-store-stock.h"
#include "dis-store-sync.h"
#include "stock-test-util.h"

void
stock_test_write_move (DisStore    *store,
                       gint64       product_id,
                       const char  *kind,
                       gint64       qty,
                       gint64       operator_id,
                       const char  *document,
                       const char  *expires_on,
                       gint64       unit_cost)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisIdentity) identity = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  DisStockMove move = { .product_id = product_id, .kind = kind, .qty = qty, .at = now,
                        .operator_id = operator_id, .document = document, .expires_on = expires_on,
                        .unit_cost = unit_cost };
  gint64 first = 0;
  DIS_DB_LOCK (&store->writer);

  g_assert_true (_dis_db_begin (&store->writer, &error));
  identity = _dis_store_read_identity (&store->writer, &error);
  g_assert_no_error (error);
  g_assert_true (_dis_store_stock_next_movement_id (&store->writer, &first, &error));
  g_assert_true (_dis_store_stock_move (&store->writer, &move, &error));
  g_assert_no_error (error);
  g_assert_true (_dis_store_stock_announce (&store->writer, identity, first, &error));
  g_assert_true (_dis_db_commit (&store->writer, &error));
  g_assert_no_error (error);
}

void
stock_test_apply_transfer (DisStore    *store,
                           gint64       seq,
                           const char  *id,
                           const char  *from,
                           const char  *to,
                           const char  *state,
                           const char  *lines_json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"transfer\",\"op\":\"upsert\","
                                           "\"data\":{\"id\":\"%s\",\"from\":\"%s\",\"to\":\"%s\","
                                           "\"at\":\"2026-12-01T10:00:00Z\",\"state\":\"%s\",\"lines\":%s}}]",
                                           seq, id, from, to, state, lines_json);
  g_autoptr(JsonNode) root = dis_codec_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_true (dis_store_sync_apply_changes (store, json_node_get_array (root), seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dis_store_sync_count_unapplied (store, &error), ==, 0);
}

gint64
stock_test_level (DisStore *store,
                  gint64    product_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) levels = dis_store_stock_list_levels (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < levels->len; i++)
    {
      DisStockLevel *level = g_ptr_array_index (levels, i);

      if (level->product_id == product_id)
        return level->qty;
    }
  g_assert_not_reached ();
}
