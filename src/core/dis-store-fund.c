/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-date.h"
#include "dis-error.h"
#include "dis-store-fund.h"
#include "dis-store-private.h"

/* ---- A period from the feed ------------------------------------------------ */

gboolean
_dis_store_write_fund_period (DisDb                     *db,
                              const DisCodecFundPeriod  *period,
                              GError                   **error)
{
  g_auto(DisCodecFundDocument) document = { NULL, };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = NULL;

  /* The whole document is checked now, so the page never meets one it
   * cannot draw: a refused one waits among the unapplied changes. */
  if (!dis_codec_fund_document_decode (period->document, &document, &local_error))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The figures of the fund period %s cannot be read: %s"),
                   period->period, local_error->message);
      return FALSE;
    }

  node = json_node_init_object (json_node_alloc (), period->document);
  text = dis_codec_to_text (node, NULL);
  now = _dis_now_iso8601 ();
  stmt = _dis_db_prepare (db,
                          "INSERT INTO fund_periods (period, closed, document, received_at)"
                          " VALUES (?1, ?2, ?3, ?4)"
                          " ON CONFLICT (period) DO UPDATE SET closed = excluded.closed,"
                          " document = excluded.document, received_at = excluded.received_at",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, period->period);
  sqlite3_bind_int (stmt, 2, period->closed ? 1 : 0);
  _dis_bind_text (stmt, 3, text);
  _dis_bind_text (stmt, 4, now);
  return _dis_db_step_done (db, stmt, error);
}

/* ---- Reading them ------------------------------------------------------------ */

/* code → name of every supplier in the local catalog. */
static GHashTable *
read_supplier_names (DisDb   *db,
                     GError **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "SELECT code, name FROM suppliers", error);
  gboolean has_row;

  if (stmt == NULL)
    return NULL;
  while (_dis_db_step_row (db, stmt, &has_row, error))
    {
      if (!has_row)
        return g_steal_pointer (&names);
      g_hash_table_insert (names, _dis_column_dup (stmt, 0), _dis_column_dup (stmt, 1));
    }
  return NULL;
}

GPtrArray *
dis_store_list_fund_periods (DisStore  *self,
                             GError   **error)
{
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) names = NULL;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;

  if ((names = read_supplier_names (&self->reader, error)) == NULL)
    return NULL;
  stmt = _dis_db_prepare (&self->reader, "SELECT period, document FROM fund_periods ORDER BY period", error);
  if (stmt == NULL)
    return NULL;
  while (_dis_db_step_row (&self->reader, stmt, &has_row, error))
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) local_error = NULL;
      DisFundPeriod *period;

      if (!has_row)
        return g_steal_pointer (&periods);
      /* Checked when it was applied: a failure here is the database's. */
      node = dis_codec_parse ((const char *) sqlite3_column_text (stmt, 1), -1, &local_error);
      period = node != NULL ? dis_fund_period_new (node, FALSE, names, &local_error) : NULL;
      if (period == NULL)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_DATABASE, "fund_periods %s: %s",
                       (const char *) sqlite3_column_text (stmt, 0), local_error->message);
          return NULL;
        }
      g_ptr_array_add (periods, period);
    }
  return NULL;
}

static gpointer
list_fund_periods_func (DisStore  *store,
                        gpointer   data,
                        GError   **error)
{
  return dis_store_list_fund_periods (store, error);
}

void
dis_store_list_fund_periods_async (DisStore            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_list_fund_periods_async, .func = list_fund_periods_func,
                                     .result_free = (GDestroyNotify) g_ptr_array_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, NULL, cancellable, callback, user_data);
}

GPtrArray *
dis_store_list_fund_periods_finish (DisStore      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_list_fund_periods_async, error);
}

/* ---- This month from the ledger ----------------------------------------------- */

typedef struct
{
  gint64 sales;
  gint64 gross;
  gint64 equa;
  gint64 delta;
} Sums;

static void
add_cell (JsonBuilder *builder,
          const DisTier *tier,
          const Sums  *sums)
{
  json_builder_begin_object (builder);
  if (tier != NULL)
    {
      json_builder_set_member_name (builder, "tier");
      json_builder_add_string_value (builder, dis_tier_to_code (*tier));
    }
  json_builder_set_member_name (builder, "sales");
  json_builder_add_int_value (builder, sums->sales);
  json_builder_set_member_name (builder, "gross_cents");
  json_builder_add_int_value (builder, sums->gross);
  json_builder_set_member_name (builder, "equa_cents");
  json_builder_add_int_value (builder, sums->equa);
  json_builder_set_member_name (builder, "delta_cents");
  json_builder_add_int_value (builder, sums->delta);
  json_builder_set_member_name (builder, "suppressed");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
}

/* The published document's shape, so the page reads one kind of thing. */
static JsonNode *
ledger_document (const char *period,
                 const Sums  sums[DIS_N_TIERS])
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Sums total = { 0, };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "period");
  json_builder_add_string_value (builder, period);
  json_builder_set_member_name (builder, "closed");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "network");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tiers");
  json_builder_begin_array (builder);
  for (DisTier tier = 0; tier < DIS_N_TIERS; tier++)
    {
      add_cell (builder, &tier, &sums[tier]);
      total.sales += sums[tier].sales;
      total.gross += sums[tier].gross;
      total.equa += sums[tier].equa;
      total.delta += sums[tier].delta;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  add_cell (builder, NULL, &total);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

DisFundPeriod *
dis_store_fund_month_so_far (DisStore    *self,
                             const char  *period,
                             GError     **error)
{
  g_autofree char *current = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(JsonNode) document = NULL;
  Sums sums[DIS_N_TIERS] = { { 0, }, };
  gint64 start, end;
  gboolean has_row;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);

  if (period == NULL)
    period = current = dis_date_current_period ();
  if (!dis_date_period_bounds (period, &start, &end))
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("“%s” is not a month"), period);
      return NULL;
    }

  DIS_DB_LOCK (&self->reader);
  g_autoptr(DisStmt) stmt = NULL;
  if ((names = read_supplier_names (&self->reader, error)) == NULL)
    return NULL;
  /* created_at carries its offset: compared as instants. */
  stmt = _dis_db_prepare (&self->reader,
                          "SELECT tier, count (*) FILTER (WHERE refund_of IS NULL),"
                          " sum (total), sum (total_equa), sum (tier_delta)"
                          " FROM sales WHERE unixepoch (created_at) >= ?1 AND unixepoch (created_at) < ?2"
                          " GROUP BY tier",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  while (_dis_db_step_row (&self->reader, stmt, &has_row, error))
    {
      DisTier tier;

      if (!has_row)
        {
          document = ledger_document (period, sums);
          return dis_fund_period_new (document, TRUE, names, error);
        }
      if (!dis_tier_from_code ((const char *) sqlite3_column_text (stmt, 0), &tier))
        continue;
      sums[tier].sales = sqlite3_column_int64 (stmt, 1);
      sums[tier].gross = sqlite3_column_int64 (stmt, 2);
      sums[tier].equa = sqlite3_column_int64 (stmt, 3);
      sums[tier].delta = sqlite3_column_int64 (stmt, 4);
    }
  return NULL;
}

static gpointer
month_so_far_func (DisStore  *store,
                   gpointer   data,
                   GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_fund_month_so_far (store, args->text, error);
}

void
dis_store_fund_month_so_far_async (DisStore            *self,
                                   const char          *period,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_fund_month_so_far_async, .func = month_so_far_func,
                                     .data_free = _dis_store_args_free,
                                     .result_free = g_object_unref };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, _dis_store_args_new (NULL, NULL, period, 0),
                        cancellable, callback, user_data);
}

DisFundPeriod *
dis_store_fund_month_so_far_finish (DisStore      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_fund_month_so_far_async, error);
}
