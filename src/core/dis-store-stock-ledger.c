/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-codec.h"
#include "dis-date.h"
#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-private.h"

/* The one writer of stock movements other than a sale's: every receive,
 * adjustment, waste and transfer goes through _dis_store_stock_move(),
 * which writes the movement and moves the level by the same quantity in
 * the caller's transaction, so a level is always the sum of its
 * movements. */

#define LOT_MAX 40

static gboolean
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, "stock movement: %s", what);
  return FALSE;
}

static gboolean
text_fits (const char *text,
           glong       max_chars)
{
  return text == NULL ||
         (g_utf8_validate (text, -1, NULL) && *text != '\0' && g_utf8_strlen (text, -1) <= max_chars);
}

static gboolean
check_move (const DisStockMove  *move,
            GError             **error)
{
  static const char * const kinds[] = { "receive", "adjust", "waste", "transfer" };
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    known = known || g_strcmp0 (move->kind, kinds[i]) == 0;
  if (!known)
    return invalid (error, "unknown kind");
  if (move->qty == 0 || move->qty < -DIS_QUANTITY_MAX || move->qty > DIS_QUANTITY_MAX)
    return invalid (error, "quantity out of range");
  if (move->at == NULL || move->product_id <= 0)
    return invalid (error, "no product or time");
  /* What the hub would refuse in stock.moved, refused here already. */
  if (!text_fits (move->document, DIS_CODEC_DOCUMENT_MAX) || !text_fits (move->reason, DIS_CODEC_REASON_MAX) ||
      !text_fits (move->lot, LOT_MAX))
    return invalid (error, "text too long");
  if (move->expires_on != NULL && dis_date_parse (move->expires_on) == 0)
    return invalid (error, "bad expiry date");
  if (move->unit_cost < -1 || move->unit_cost > DIS_PRICE_MAX)
    return invalid (error, "unit cost out of range");
  return TRUE;
}

gboolean
_dis_store_stock_move (DisDb               *db,
                       const DisStockMove  *move,
                       GError             **error)
{
  g_autoptr(DisStmt) insert = NULL;
  g_autoptr(DisStmt) level = NULL;

  g_assert (move != NULL);

  if (!check_move (move, error))
    return FALSE;

  insert = _dis_db_prepare (db,
                            "INSERT INTO stock_movements (product_id, kind, qty, at, operator_id, document,"
                            " lot, expires_on, unit_cost, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                            error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, move->product_id);
  _dis_bind_text (insert, 2, move->kind);
  sqlite3_bind_int64 (insert, 3, move->qty);
  _dis_bind_text (insert, 4, move->at);
  if (move->operator_id > 0)
    sqlite3_bind_int64 (insert, 5, move->operator_id);
  _dis_bind_text (insert, 6, move->document);
  _dis_bind_text (insert, 7, move->lot);
  _dis_bind_text (insert, 8, move->expires_on);
  if (move->unit_cost >= 0)
    sqlite3_bind_int64 (insert, 9, move->unit_cost);
  _dis_bind_text (insert, 10, move->reason);
  if (!_dis_db_step_done (db, insert, error))
    return FALSE;

  level = _dis_db_prepare (db,
                           "INSERT INTO stock_levels (product_id, qty, updated_at) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (product_id) DO UPDATE SET qty = qty + excluded.qty,"
                           " updated_at = excluded.updated_at",
                           error);
  if (level == NULL)
    return FALSE;
  sqlite3_bind_int64 (level, 1, move->product_id);
  sqlite3_bind_int64 (level, 2, move->qty);
  _dis_bind_text (level, 3, move->at);
  return _dis_db_step_done (db, level, error);
}

gboolean
_dis_store_stock_next_movement_id (DisDb    *db,
                                   gint64   *out_id,
                                   GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = _dis_db_prepare (db, "SELECT coalesce (max (id), 0) + 1 FROM stock_movements", error);
  if (stmt == NULL || !_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
_dis_store_stock_unit_cost (DisDb    *db,
                            gint64    product_id,
                            gint64   *out_cents,
                            GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;

  *out_cents = -1;
  stmt = _dis_db_prepare (db,
                          "SELECT unit_cost FROM stock_movements"
                          " WHERE product_id = ?1 AND kind = 'receive' AND unit_cost IS NOT NULL"
                          " ORDER BY id DESC LIMIT 1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *out_cents = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* One stock.moved event of the movements in @moved. */
static gboolean
announce_chunk (DisDb               *db,
                DisIdentity         *identity,
                DisCodecStockMoved  *moved,
                GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  const DisCodecStockMove *last;

  last = &g_array_index (moved->movements, DisCodecStockMove, moved->movements->len - 1);
  node = dis_codec_stock_moved_to_node (moved, error);
  if (node == NULL)
    return FALSE;
  text = dis_codec_to_text (node, NULL);
  return _dis_store_insert_outbox (db, identity->device_id, dis_codec_event_type_to_string (DIS_CODEC_STOCK_MOVED),
                                   last->at, text, error);
}

gboolean
_dis_store_stock_announce (DisDb        *db,
                           DisIdentity  *identity,
                           gint64        first_movement_id,
                           GError      **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  DisCodecStockMoved moved = { g_array_new (FALSE, TRUE, sizeof (DisCodecStockMove)) };
  gboolean ok = TRUE;

  g_assert (identity != NULL);

  stmt = _dis_db_prepare (db,
                          "SELECT p.code, m.kind, m.qty, m.at, m.document, m.reason"
                          " FROM stock_movements m JOIN products p ON p.id = m.product_id"
                          " WHERE m.id >= ?1 AND m.kind IN ('receive', 'adjust', 'waste', 'transfer')"
                          " ORDER BY m.id",
                          error);
  if (stmt == NULL)
    {
      dis_codec_stock_moved_clear (&moved);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, first_movement_id);

  while (ok)
    {
      DisCodecStockMove move = { NULL, };
      gboolean has_row = FALSE;
      const char *document, *reason;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        {
          ok = FALSE;
          break;
        }
      if (!has_row)
        break;
      move.product = g_string_chunk_insert (strings, (const char *) sqlite3_column_text (stmt, 0));
      if (!dis_codec_stock_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &move.kind))
        g_assert_not_reached ();
      move.qty = sqlite3_column_int64 (stmt, 2);
      move.at = g_string_chunk_insert (strings, (const char *) sqlite3_column_text (stmt, 3));
      document = (const char *) sqlite3_column_text (stmt, 4);
      reason = (const char *) sqlite3_column_text (stmt, 5);
      move.document = document != NULL ? g_string_chunk_insert (strings, document) : NULL;
      move.reason = reason != NULL ? g_string_chunk_insert (strings, reason) : NULL;
      g_array_append_val (moved.movements, move);

      if (moved.movements->len == DIS_CODEC_STOCK_MOVES_MAX)
        {
          ok = announce_chunk (db, identity, &moved, error);
          g_array_set_size (moved.movements, 0);
        }
    }
  if (ok && moved.movements->len > 0)
    ok = announce_chunk (db, identity, &moved, error);
  dis_codec_stock_moved_clear (&moved);
  return ok;
}
