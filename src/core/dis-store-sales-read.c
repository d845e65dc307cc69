/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-order.h"
#include "dis-store-private.h"

static gboolean
load_lines (DisDb    *db,
            DisSale  *sale,
            GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  int rc;

  stmt = _dis_db_prepare (db,
                          "SELECT l.line_no, l.product_id, l.product_name, l.supplier_id,"
                          " l.supplier_name, l.unit, l.quantity, l.unit_price, l.unit_price_equa,"
                          " l.line_total, l.line_total_equa, l.tier_delta, l.vat_rate,"
                          REFUNDED_COLUMNS
                          " FROM sale_lines l WHERE l.sale_id = ?1 ORDER BY l.line_no",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, sale->id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DisSaleLine *line = dis_sale_line_new ();

      line->line_no = sqlite3_column_int (stmt, 0);
      line->product_id = sqlite3_column_int64 (stmt, 1);
      line->product_name = _dis_column_dup (stmt, 2);
      line->supplier_id = sqlite3_column_int64 (stmt, 3);
      line->supplier_name = _dis_column_dup (stmt, 4);
      line->unit = _dis_column_dup (stmt, 5);
      line->quantity = sqlite3_column_int64 (stmt, 6);
      line->unit_price = sqlite3_column_int64 (stmt, 7);
      line->unit_price_equa = sqlite3_column_int64 (stmt, 8);
      line->line_total = sqlite3_column_int64 (stmt, 9);
      line->line_total_equa = sqlite3_column_int64 (stmt, 10);
      line->tier_delta = sqlite3_column_int64 (stmt, 11);
      line->vat_rate = (guint) sqlite3_column_int (stmt, 12);
      line->refunded_quantity = sqlite3_column_int64 (stmt, 13);
      line->refunded_total = sqlite3_column_int64 (stmt, 14);
      line->refunded_total_equa = sqlite3_column_int64 (stmt, 15);
      g_ptr_array_add (sale->lines, line);
    }
  if (rc != SQLITE_DONE)
    return _dis_db_error (db, error);
  return TRUE;
}

static gboolean
load_payments (DisDb    *db,
               DisSale  *sale,
               GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  int rc;

  stmt = _dis_db_prepare (db,
                          "SELECT method, amount FROM payments WHERE sale_id = ?1 ORDER BY id",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, sale->id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DisPayment *payment = g_new0 (DisPayment, 1);

      dis_payment_method_from_code ((const char *) sqlite3_column_text (stmt, 0), &payment->method);
      payment->amount = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (sale->payments, payment);
    }
  if (rc != SQLITE_DONE)
    return _dis_db_error (db, error);
  return TRUE;
}

static DisSale *
load_sale (DisDb       *db,
           const char  *id_or_receipt_no,
           GError     **error)
{
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db,
                          "SELECT s.id, s.point_code,"
                          " coalesce ((SELECT name FROM points WHERE code = s.point_code),"
                          "           (SELECT value FROM meta WHERE key = 'point_name'), s.point_code),"
                          " s.device_id, s.seq, s.receipt_no, s.created_at, s.operator_id,"
                          " s.operator_name, s.member_card, s.tier, s.total, s.total_equa,"
                          " s.tier_delta, s.cash_tendered, s.change_due, s.refund_of,"
                          " (SELECT o.receipt_no FROM sales o WHERE o.id = s.refund_of),"
                          " r.id, r.number, r.till"
                          " FROM sales s LEFT JOIN orders r ON r.sale_id = s.id"
                          " WHERE s.id = ?1 OR s.receipt_no = ?1",
                          error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, id_or_receipt_no);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                   _("No sale or receipt “%s”"), id_or_receipt_no);
      return NULL;
    }

  sale = dis_sale_new ();
  sale->id = _dis_column_dup (stmt, 0);
  sale->point_code = _dis_column_dup (stmt, 1);
  sale->point_name = _dis_column_dup (stmt, 2);
  sale->device_id = _dis_column_dup (stmt, 3);
  sale->seq = sqlite3_column_int64 (stmt, 4);
  sale->receipt_no = _dis_column_dup (stmt, 5);
  sale->created_at = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 6));
  sale->operator_id = sqlite3_column_int64 (stmt, 7);
  sale->operator_name = _dis_column_dup (stmt, 8);
  sale->member_card = _dis_column_dup (stmt, 9);
  dis_tier_from_code ((const char *) sqlite3_column_text (stmt, 10), &sale->tier);
  sale->total = sqlite3_column_int64 (stmt, 11);
  sale->total_equa = sqlite3_column_int64 (stmt, 12);
  sale->tier_delta = sqlite3_column_int64 (stmt, 13);
  sale->cash_tendered = sqlite3_column_int64 (stmt, 14);
  sale->change_due = sqlite3_column_int64 (stmt, 15);
  sale->refund_of = _dis_column_dup (stmt, 16);
  sale->refund_of_receipt_no = _dis_column_dup (stmt, 17);
  /* The order it handed over or paid: its label goes on the receipt. */
  if (sqlite3_column_type (stmt, 18) != SQLITE_NULL)
    {
      sale->order_id = _dis_column_dup (stmt, 18);
      sale->order_label = dis_order_barcode_for_number ((guint) sqlite3_column_int64 (stmt, 19),
                                                        (const char *) sqlite3_column_text (stmt, 20));
    }

  if (!load_lines (db, sale, error) || !load_payments (db, sale, error))
    return NULL;
  return g_steal_pointer (&sale);
}

DisSale *
dis_store_load_sale (DisStore    *self,
                     const char  *id_or_receipt_no,
                     GError     **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_receipt_no != NULL, NULL);
  DIS_DB_LOCK (&self->reader);

  return load_sale (&self->reader, id_or_receipt_no, error);
}

DisSale *
dis_store_get_last_sale (DisStore  *self,
                         GError   **error)
{
  g_autofree char *id = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader, "SELECT id FROM sales ORDER BY rowid DESC LIMIT 1", error);
  if (stmt == NULL || !_dis_db_step_row (&self->reader, stmt, &has_row, error) || !has_row)
    return NULL;
  id = _dis_column_dup (stmt, 0);
  g_clear_pointer (&stmt, _dis_stmt_release);

  return load_sale (&self->reader, id, error);
}

GPtrArray *
dis_store_list_sales_today (DisStore  *self,
                            GError   **error)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT s.id FROM sales s JOIN days d ON d.id = s.day_id"
                          " WHERE d.closed_at IS NULL AND s.refund_of IS NULL"
                          " ORDER BY s.rowid DESC",
                          error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, _dis_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _dis_db_error (&self->reader, error);
      return NULL;
    }
  g_clear_pointer (&stmt, _dis_stmt_release);

  for (guint i = 0; i < ids->len; i++)
    {
      DisSale *sale = load_sale (&self->reader, g_ptr_array_index (ids, i), error);

      if (sale == NULL)
        return NULL;
      g_ptr_array_add (sales, sale);
    }

  return g_steal_pointer (&sales);
}

gint64
dis_store_count_outbox (DisStore  *self,
                        GError   **error)
{
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), -1);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader, "SELECT count(*) FROM outbox", error);
  if (stmt == NULL || !_dis_db_step_row (&self->reader, stmt, &has_row, error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gint64
dis_store_get_stock (DisStore  *self,
                     gint64     product_id,
                     GError   **error)
{
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), 0);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (&self->reader,
                          "SELECT coalesce (st.qty, 0) FROM products p"
                          " LEFT JOIN stock_levels st ON st.product_id = p.id WHERE p.id = ?1",
                          error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, product_id);
  if (!_dis_db_step_row (&self->reader, stmt, &has_row, error))
    return 0;
  if (!has_row)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("Product not found"));
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* ---- For the UI thread ------------------------------------------------- */

static gpointer
load_sale_func (DisStore  *store,
                gpointer   data,
                GError   **error)
{
  return dis_store_load_sale (store, data, error);
}

void
dis_store_load_sale_async (DisStore            *self,
                           const char          *id_or_receipt_no,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_load_sale_async, .func = load_sale_func,
                                     .data_free = g_free, .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (id_or_receipt_no != NULL);

  _dis_store_run_async (self, &call, g_strdup (id_or_receipt_no), cancellable, callback, user_data);
}

DisSale *
dis_store_load_sale_finish (DisStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_load_sale_async, error);
}

static gpointer
get_last_sale_func (DisStore  *store,
                    gpointer   data,
                    GError   **error)
{
  return dis_store_get_last_sale (store, error);
}

void
dis_store_get_last_sale_async (DisStore            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_get_last_sale_async, .func = get_last_sale_func,
                                     .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

DisSale *
dis_store_get_last_sale_finish (DisStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_get_last_sale_async, error);
}

static gpointer
list_sales_today_func (DisStore  *store,
                       gpointer   data,
                       GError   **error)
{
  return dis_store_list_sales_today (store, error);
}

void
dis_store_list_sales_today_async (DisStore            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_list_sales_today_async,
                                     .func = list_sales_today_func,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_list_sales_today_finish (DisStore      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_list_sales_today_async, error);
}
