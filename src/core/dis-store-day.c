/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-private.h"

/* ---- Report, computed from the ledger ---------------------------------- */

static gboolean
report_header (DisDb         *db,
               gint64         day_id,
               DisDayReport  *report,
               GError       **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db,
                          "SELECT d.business_date, d.opened_at, d.closed_at,"
                          " (SELECT name FROM operators WHERE id = d.opened_by),"
                          " (SELECT name FROM operators WHERE id = d.closed_by),"
                          " d.opening_float, d.counted_cash"
                          " FROM days d WHERE d.id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, day_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, day_id);

      /* Translators: %s is the number of a business day */
      g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                   _("No business day %s"), number);
      return FALSE;
    }

  report->day_id = day_id;
  report->business_date = _dis_column_dup (stmt, 0);
  report->opened_at = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 1));
  report->closed_at = _dis_parse_iso8601 ((const char *) sqlite3_column_text (stmt, 2));
  report->opened_by = _dis_column_dup (stmt, 3);
  report->closed_by = _dis_column_dup (stmt, 4);
  report->opening_float = sqlite3_column_int64 (stmt, 5);
  report->has_counted = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
  report->counted_cash = sqlite3_column_int64 (stmt, 6);
  return TRUE;
}

static gboolean
report_by_tier (DisDb         *db,
                DisDayReport  *report,
                GError       **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  int rc;

  stmt = _dis_db_prepare (db,
                          "SELECT tier, count(*) FILTER (WHERE refund_of IS NULL),"
                          " count(*) FILTER (WHERE refund_of IS NOT NULL),"
                          " sum (total), sum (tier_delta)"
                          " FROM sales WHERE day_id = ?1 GROUP BY tier",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->day_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DisTier tier;

      if (!dis_tier_from_code ((const char *) sqlite3_column_text (stmt, 0), &tier))
        continue;
      report->by_tier[tier].n_sales = sqlite3_column_int64 (stmt, 1);
      report->by_tier[tier].gross = sqlite3_column_int64 (stmt, 3);
      report->by_tier[tier].tier_delta = sqlite3_column_int64 (stmt, 4);
      report->n_sales += sqlite3_column_int64 (stmt, 1);
      report->n_refunds += sqlite3_column_int64 (stmt, 2);
      report->gross += sqlite3_column_int64 (stmt, 3);
    }
  if (rc != SQLITE_DONE)
    return _dis_db_error (db, error);
  return TRUE;
}

static gboolean
report_by_payment (DisDb         *db,
                   DisDayReport  *report,
                   GError       **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  int rc;

  stmt = _dis_db_prepare (db,
                          "SELECT p.method, sum (p.amount),"
                          " coalesce (sum (p.amount) FILTER (WHERE s.refund_of IS NULL), 0),"
                          " coalesce (sum (-p.amount) FILTER (WHERE s.refund_of IS NOT NULL), 0)"
                          " FROM payments p JOIN sales s ON s.id = p.sale_id"
                          " WHERE s.day_id = ?1 GROUP BY p.method",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->day_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DisPaymentMethod method;

      if (!dis_payment_method_from_code ((const char *) sqlite3_column_text (stmt, 0), &method) ||
          method >= G_N_ELEMENTS (report->by_payment))
        continue;
      report->by_payment[method] = sqlite3_column_int64 (stmt, 1);
      if (method == DIS_PAYMENT_CASH)
        {
          report->cash_sales = sqlite3_column_int64 (stmt, 2);
          report->cash_refunds = sqlite3_column_int64 (stmt, 3);
        }
    }
  if (rc != SQLITE_DONE)
    return _dis_db_error (db, error);
  return TRUE;
}

/* Same rule as dis_sale_vat_breakdown(): gross per rate, net rounded once
 * per rate. */
static gboolean
report_by_vat (DisDb         *db,
               DisDayReport  *report,
               GError       **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  int rc;

  stmt = _dis_db_prepare (db,
                          "SELECT l.vat_rate, sum (l.line_total)"
                          " FROM sale_lines l JOIN sales s ON s.id = l.sale_id"
                          " WHERE s.day_id = ?1 GROUP BY l.vat_rate ORDER BY l.vat_rate",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->day_id);

  report->by_vat = g_array_new (FALSE, TRUE, sizeof (DisVatRow));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DisVatRow row = {
        .vat_rate = (guint) sqlite3_column_int (stmt, 0),
        .gross = sqlite3_column_int64 (stmt, 1),
      };

      row.net = dis_vat_net (row.gross, row.vat_rate);
      row.vat = row.gross - row.net;
      g_array_append_val (report->by_vat, row);
    }
  if (rc != SQLITE_DONE)
    return _dis_db_error (db, error);
  return TRUE;
}

static gboolean
report_pending (DisDb         *db,
                DisDayReport  *report,
                GError       **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db, "SELECT count(*) FROM outbox", error);
  if (stmt == NULL || !_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  report->pending_events = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static DisDayReport *
compute_report (DisDb    *db,
                gint64    day_id,
                GError  **error)
{
  g_autoptr(DisDayReport) report = g_new0 (DisDayReport, 1);

  if (!report_header (db, day_id, report, error) ||
      !report_by_tier (db, report, error) ||
      !report_by_payment (db, report, error) ||
      !report_by_vat (db, report, error) ||
      !report_pending (db, report, error))
    return NULL;

  report->expected_cash = report->opening_float + report->cash_sales - report->cash_refunds;
  if (report->has_counted)
    report->difference = report->counted_cash - report->expected_cash;
  return g_steal_pointer (&report);
}

gboolean
_dis_store_read_open_day (DisDb    *db,
                          gint64   *out,
                          GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;

  stmt = _dis_db_prepare (db, "SELECT id FROM days WHERE closed_at IS NULL", error);
  if (stmt == NULL || !_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

DisDayReport *
dis_store_get_open_day (DisStore  *self,
                        GError   **error)
{
  gint64 day_id;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  /* One read transaction, so the figures agree with each other. */
  if (sqlite3_exec (self->reader.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      _dis_db_error (&self->reader, error);
      return NULL;
    }
  {
    DisDayReport *report = NULL;

    if (_dis_store_read_open_day (&self->reader, &day_id, error) && day_id != 0)
      report = compute_report (&self->reader, day_id, error);
    _dis_db_rollback (&self->reader);
    return report;
  }
}

DisDayReport *
dis_store_get_day_report (DisStore  *self,
                          gint64     day_id,
                          GError   **error)
{
  DisDayReport *report;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);

  if (sqlite3_exec (self->reader.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      _dis_db_error (&self->reader, error);
      return NULL;
    }
  report = compute_report (&self->reader, day_id, error);
  _dis_db_rollback (&self->reader);
  return report;
}

/* ---- Opening and closing ----------------------------------------------- */

static gint64
open_in_transaction (DisDb        *db,
                     DisOperator  *acting,
                     gint64        opening_float,
                     GError      **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_iso = g_date_time_format_iso8601 (now);
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  gint64 existing;

  if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_SELL, error))
    return 0;
  if (!_dis_store_read_open_day (db, &existing, error))
    return 0;
  if (existing != 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("A business day is open already: close it first"));
      return 0;
    }

  stmt = _dis_db_prepare (db,
                          "INSERT INTO days (business_date, opened_at, opened_by, opening_float)"
                          " VALUES (?1, ?2, ?3, ?4) RETURNING id",
                          error);
  if (stmt == NULL)
    return 0;
  _dis_bind_text (stmt, 1, date);
  _dis_bind_text (stmt, 2, now_iso);
  sqlite3_bind_int64 (stmt, 3, dis_operator_get_id (acting));
  sqlite3_bind_int64 (stmt, 4, opening_float);
  if (!_dis_db_step_returning (db, stmt, error))
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* Opens or closes the day with @change in one transaction (its id, or 0
 * with @error); the report of that day. */
typedef gint64 (*DayChange) (DisDb        *db,
                             DisOperator  *acting,
                             gint64        amount,
                             GError      **error);

static DisDayReport *
change_day (DisStore     *self,
            DayChange     change,
            DisOperator  *acting,
            gint64        amount,
            GError      **error)
{
  gint64 day_id;

  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return NULL;
  day_id = change (&self->writer, acting, amount, error);
  if (day_id == 0 || !_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      return NULL;
    }
  return compute_report (&self->writer, day_id, error);
}

DisDayReport *
dis_store_open_day (DisStore     *self,
                    DisOperator  *acting,
                    gint64        opening_float,
                    GError      **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (acting == NULL || DIS_IS_OPERATOR (acting), NULL);

  if (opening_float < 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The opening float cannot be negative"));
      return NULL;
    }

  return change_day (self, open_in_transaction, acting, opening_float, error);
}

static gint64
close_in_transaction (DisDb        *db,
                      DisOperator  *acting,
                      gint64        counted_cash,
                      GError      **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  gint64 day_id;

  if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_CLOSE_DAY, error))
    return 0;
  if (!_dis_store_read_open_day (db, &day_id, error))
    return 0;
  if (day_id == 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_DAY_CLOSED,
                           _("No business day is open"));
      return 0;
    }

  stmt = _dis_db_prepare (db,
                          "UPDATE days SET closed_at = ?2, closed_by = ?3, counted_cash = ?4"
                          " WHERE id = ?1 AND closed_at IS NULL",
                          error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, day_id);
  _dis_bind_text (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, dis_operator_get_id (acting));
  sqlite3_bind_int64 (stmt, 4, counted_cash);
  if (!_dis_db_step_done (db, stmt, error))
    return 0;
  return day_id;
}

DisDayReport *
dis_store_close_day (DisStore     *self,
                     DisOperator  *acting,
                     gint64        counted_cash,
                     GError      **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (acting == NULL || DIS_IS_OPERATOR (acting), NULL);

  if (counted_cash < 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("The counted cash cannot be negative"));
      return NULL;
    }

  /* The day is frozen now: the report is its final figures. */
  return change_day (self, close_in_transaction, acting, counted_cash, error);
}

/* ---- For the UI thread ------------------------------------------------- */

static gpointer
get_open_day_func (DisStore  *store,
                   gpointer   data,
                   GError   **error)
{
  return dis_store_get_open_day (store, error);
}

void
dis_store_get_open_day_async (DisStore            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_get_open_day_async, .func = get_open_day_func,
                                     .result_free = (GDestroyNotify) dis_day_report_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

DisDayReport *
dis_store_get_open_day_finish (DisStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_get_open_day_async, error);
}

static gpointer
open_day_func (DisStore  *store,
               gpointer   data,
               GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_open_day (store, args->acting, args->number, error);
}

static gpointer
close_day_func (DisStore  *store,
                gpointer   data,
                GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_close_day (store, args->acting, args->number, error);
}

void
dis_store_open_day_async (DisStore            *self,
                          DisOperator         *acting,
                          gint64               opening_float,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_open_day_async, .write = TRUE,
                                     .func = open_day_func, .data_free = _dis_store_args_free,
                                     .result_free = (GDestroyNotify) dis_day_report_free };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (DIS_IS_OPERATOR (acting));

  _dis_store_run_async (self, &call, _dis_store_args_new (acting, NULL, NULL, opening_float),
                        cancellable, callback, user_data);
}

DisDayReport *
dis_store_open_day_finish (DisStore      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_open_day_async, error);
}

void
dis_store_close_day_async (DisStore            *self,
                           DisOperator         *acting,
                           gint64               counted_cash,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_close_day_async, .write = TRUE,
                                     .func = close_day_func, .data_free = _dis_store_args_free,
                                     .result_free = (GDestroyNotify) dis_day_report_free };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (DIS_IS_OPERATOR (acting));

  _dis_store_run_async (self, &call, _dis_store_args_new (acting, NULL, NULL, counted_cash),
                        cancellable, callback, user_data);
}

DisDayReport *
dis_store_close_day_finish (DisStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_close_day_async, error);
}
