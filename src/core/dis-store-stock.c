/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-error.h"
#include "dis-store-private.h"
#include "dis-store-stock.h"

/* The reads of the stock ledger (dis-store-stock.h): levels, a product's
 * history, the transfers. The writes are in dis-store-stock-write.c. */

/* ---- Levels -------------------------------------------------------------------- */

enum
{
  LEVEL_ID, LEVEL_CODE, LEVEL_NAME, LEVEL_KIND, LEVEL_UNIT, LEVEL_CATEGORY, LEVEL_SUPPLIER_ID,
  LEVEL_SUPPLIER_NAME, LEVEL_QTY, LEVEL_MIN, LEVEL_TARGET, LEVEL_SOLD, LEVEL_EXPIRES,
};

/* Sold: the sale lines (refunds negative) of the business days after ?1.
 * Expiry: what is on the shelf is taken to be the newest receipts (first
 * in, first out), so a receipt counts when the receipts after it add up
 * to less than the level; the nearest expiry among those. */
#define LEVELS_SQL \
  "WITH sold AS (" \
  "  SELECT sl.product_id, sum (sl.quantity) AS qty FROM days d" \
  "  JOIN sales sa ON sa.day_id = d.id JOIN sale_lines sl ON sl.sale_id = sa.id" \
  "  WHERE d.business_date > ?1 GROUP BY sl.product_id)," \
  " received AS (" \
  "  SELECT m.product_id, m.expires_on," \
  "   sum (m.qty) OVER (PARTITION BY m.product_id ORDER BY m.id DESC ROWS UNBOUNDED PRECEDING) - m.qty AS newer" \
  "  FROM stock_movements m WHERE m.kind = 'receive' AND m.qty > 0)," \
  " expiry AS (" \
  "  SELECT r.product_id, min (r.expires_on) AS expires_on FROM received r" \
  "  JOIN stock_levels l ON l.product_id = r.product_id" \
  "  WHERE r.expires_on IS NOT NULL AND r.newer < l.qty GROUP BY r.product_id)" \
  " SELECT p.id, p.code, p.name, p.kind, p.unit, p.category, p.supplier_id, s.name," \
  "  coalesce (l.qty, 0), ss.min_qty, ss.target_qty, coalesce (sold.qty, 0), expiry.expires_on" \
  " FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id" \
  " LEFT JOIN stock_levels l ON l.product_id = p.id" \
  " LEFT JOIN stock_settings ss ON ss.product_id = p.id" \
  " LEFT JOIN sold ON sold.product_id = p.id" \
  " LEFT JOIN expiry ON expiry.product_id = p.id" \
  " ORDER BY p.name, p.id"

static gint64
column_or (DisStmt *stmt,
           int      column,
           gint64   fallback)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? fallback : sqlite3_column_int64 (stmt, column);
}

static DisStockLevel *
level_from_row (DisStmt *stmt,
                guint32  today)
{
  DisStockLevel *level = dis_stock_level_new ();
  const char *expires = (const char *) sqlite3_column_text (stmt, LEVEL_EXPIRES);
  DisUnit unit = DIS_UNIT_PIECE;

  level->product_id = sqlite3_column_int64 (stmt, LEVEL_ID);
  level->code = _dis_column_dup (stmt, LEVEL_CODE);
  level->name = _dis_column_dup (stmt, LEVEL_NAME);
  level->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, LEVEL_KIND), "own") == 0
                ? DIS_PRODUCT_OWN : DIS_PRODUCT_BASKET;
  if (dis_unit_from_code ((const char *) sqlite3_column_text (stmt, LEVEL_UNIT), &unit))
    level->unit = unit;
  level->category = _dis_column_dup (stmt, LEVEL_CATEGORY);
  level->supplier_id = column_or (stmt, LEVEL_SUPPLIER_ID, 0);
  level->supplier_name = _dis_column_dup (stmt, LEVEL_SUPPLIER_NAME);
  level->qty = sqlite3_column_int64 (stmt, LEVEL_QTY);
  level->min_qty = column_or (stmt, LEVEL_MIN, -1);
  level->target_qty = column_or (stmt, LEVEL_TARGET, -1);
  level->sold_4w = sqlite3_column_int64 (stmt, LEVEL_SOLD);
  if (level->qty <= 0)
    level->days_of_cover = 0;
  else if (level->sold_4w <= 0)
    level->days_of_cover = -1;
  else
    level->days_of_cover = level->qty * DIS_STOCK_COVER_DAYS / level->sold_4w;
  level->expires_julian = expires != NULL ? dis_date_parse (expires) : 0;
  dis_stock_level_set_flags (level, today);
  dis_stock_level_get_search_text (level);
  return level;
}

GPtrArray *
dis_store_stock_list_levels (DisStore  *self,
                             GError   **error)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_object_unref);
  guint32 today = dis_date_today ();
  g_autofree char *since = dis_date_format (today - DIS_STOCK_COVER_DAYS);

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;
  stmt = _dis_db_prepare (&self->reader, LEVELS_SQL, error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, since);
  for (;;)
    {
      gboolean has_row = FALSE;

      if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (levels, level_from_row (stmt, today));
    }
  return g_steal_pointer (&levels);
}

/* ---- History ------------------------------------------------------------------- */

static gboolean
product_exists (DisDb     *db,
                gint64     product_id,
                GError   **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "SELECT 1 FROM products WHERE id = ?1", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("This product is not in the catalog"));
  return has_row;
}

GPtrArray *
dis_store_stock_list_movements (DisStore  *self,
                                gint64     product_id,
                                guint      limit,
                                GError   **error)
{
  g_autoptr(GPtrArray) movements = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;
  if (!product_exists (&self->reader, product_id, error))
    return NULL;
  /* A sale's or refund's movement names its cashier and receipt. */
  stmt = _dis_db_prepare (&self->reader,
                          "SELECT m.id, m.kind, m.qty, m.at, coalesce (o.name, sa.operator_name),"
                          " coalesce (m.document, sa.receipt_no), m.lot, m.expires_on, m.unit_cost, m.reason"
                          " FROM stock_movements m"
                          " LEFT JOIN operators o ON o.id = m.operator_id"
                          " LEFT JOIN sale_lines sl ON sl.id = m.sale_line_id"
                          " LEFT JOIN sales sa ON sa.id = sl.sale_id"
                          " WHERE m.product_id = ?1 ORDER BY m.id DESC LIMIT ?2",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  for (;;)
    {
      DisStockMovement *movement;
      gboolean has_row = FALSE;
      DisStockKind kind = DIS_STOCK_KIND_ADJUST;
      const char *expires;

      if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      movement = dis_stock_movement_new ();
      movement->id = sqlite3_column_int64 (stmt, 0);
      movement->product_id = product_id;
      if (dis_stock_kind_from_code ((const char *) sqlite3_column_text (stmt, 1), &kind))
        movement->kind = kind;
      movement->qty = sqlite3_column_int64 (stmt, 2);
      movement->at = _dis_column_dup (stmt, 3);
      movement->operator_name = _dis_column_dup (stmt, 4);
      movement->document = _dis_column_dup (stmt, 5);
      movement->lot = _dis_column_dup (stmt, 6);
      expires = (const char *) sqlite3_column_text (stmt, 7);
      movement->expires_julian = expires != NULL ? dis_date_parse (expires) : 0;
      movement->unit_cost = column_or (stmt, 8, -1);
      movement->reason = _dis_column_dup (stmt, 9);
      g_ptr_array_add (movements, movement);
    }
  return g_steal_pointer (&movements);
}

/* ---- Transfers ----------------------------------------------------------------- */

static gboolean
read_transfer_lines (DisDb             *db,
                     DisStockTransfer  *transfer,
                     GError           **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "SELECT l.product_code, p.id, p.name, l.qty_sent, l.qty_received"
                          " FROM stock_transfer_lines l LEFT JOIN products p ON p.code = l.product_code"
                          " WHERE l.transfer_id = ?1 ORDER BY l.line_no",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, transfer->id);
  for (;;)
    {
      DisStockTransferLine line = { 0, };
      gboolean has_row = FALSE;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        return TRUE;
      line.product_code = _dis_column_dup (stmt, 0);
      line.product_id = column_or (stmt, 1, 0);
      line.product_name = _dis_column_dup (stmt, 2);
      line.qty_sent = sqlite3_column_int64 (stmt, 3);
      line.qty_received = column_or (stmt, 4, -1);
      g_array_append_val (transfer->lines, line);
    }
}

GPtrArray *
_dis_store_stock_read_transfers (DisDb       *db,
                                 const char  *only_id,
                                 gboolean     incoming_only,
                                 GError     **error)
{
  g_autoptr(GPtrArray) transfers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DisStmt) stmt = NULL;

  /* Those still to confirm here first. */
  stmt = _dis_db_prepare (db,
                          "SELECT t.id, t.direction, t.peer, pt.name, t.sent_at, t.state, t.received_at"
                          " FROM stock_transfers t LEFT JOIN points pt ON pt.code = t.peer"
                          " WHERE (?1 IS NULL OR t.id = ?1) AND (?2 = 0 OR t.direction = 'in')"
                          " ORDER BY (t.direction = 'in' AND t.state = 'sent') DESC, t.sent_at DESC, t.rowid DESC",
                          error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, only_id);
  sqlite3_bind_int (stmt, 2, incoming_only ? 1 : 0);
  for (;;)
    {
      DisStockTransfer *transfer;
      gboolean has_row = FALSE;

      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      transfer = dis_stock_transfer_new ();
      g_ptr_array_add (transfers, transfer);
      transfer->id = _dis_column_dup (stmt, 0);
      transfer->incoming = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "in") == 0;
      transfer->peer = _dis_column_dup (stmt, 2);
      transfer->peer_name = _dis_column_dup (stmt, 3);
      transfer->sent_at = _dis_column_dup (stmt, 4);
      transfer->state = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "received") == 0
                        ? DIS_STOCK_TRANSFER_RECEIVED : DIS_STOCK_TRANSFER_SENT;
      transfer->received_at = _dis_column_dup (stmt, 6);
    }
  for (guint i = 0; i < transfers->len; i++)
    if (!read_transfer_lines (db, g_ptr_array_index (transfers, i), error))
      return NULL;
  return g_steal_pointer (&transfers);
}

GPtrArray *
dis_store_stock_list_transfers (DisStore  *self,
                                gboolean   incoming_only,
                                GError   **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  DIS_DB_LOCK (&self->reader);
  return _dis_store_stock_read_transfers (&self->reader, NULL, incoming_only, error);
}

/* ---- For the UI thread --------------------------------------------------------- */

static gpointer
list_levels_func (DisStore  *store,
                  gpointer   data,
                  GError   **error)
{
  return dis_store_stock_list_levels (store, error);
}

void
dis_store_stock_list_levels_async (DisStore            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_stock_list_levels_async, .func = list_levels_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, NULL, 0), cancellable, callback, user_data);
}

GPtrArray *
dis_store_stock_list_levels_finish (DisStore      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_stock_list_levels_async, error);
}

static gpointer
list_movements_func (DisStore  *store,
                     gpointer   data,
                     GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_stock_list_movements (store, args->number, (guint) args->number2, error);
}

void
dis_store_stock_list_movements_async (DisStore            *self,
                                      gint64               product_id,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_stock_list_movements_async, .func = list_movements_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };
  DisStoreArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));

  args = _dis_store_args_new (NULL, NULL, NULL, product_id);
  args->number2 = limit;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

GPtrArray *
dis_store_stock_list_movements_finish (DisStore      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_stock_list_movements_async, error);
}

static gpointer
list_transfers_func (DisStore  *store,
                     gpointer   data,
                     GError   **error)
{
  return dis_store_stock_list_transfers (store, ((DisStoreArgs *) data)->number != 0, error);
}

void
dis_store_stock_list_transfers_async (DisStore            *self,
                                      gboolean             incoming_only,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_stock_list_transfers_async, .func = list_transfers_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, NULL, incoming_only ? 1 : 0),
                        cancellable, callback, user_data);
}

GPtrArray *
dis_store_stock_list_transfers_finish (DisStore      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_stock_list_transfers_async, error);
}
