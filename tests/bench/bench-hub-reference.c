/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include "bench-hub-reference.h"
#include "bench-util.h"
#include "dis-hub-db.h"
#include "dis-hub-fund.h"
#include "dis-product.h"
#include "dis-sale.h"
#include "dis-tier.h"

/* Decodes @payload (taken) into @row: the sale as the codec reads it and
 * its text as the hub stores it (dis_codec_sale_write()), so that the
 * timed part binds plain values and looks nothing up. */
static BenchHubRow *
row_new (const char *id,
         gint64      seq,
         const char *type,
         const char *at,
         JsonNode   *payload)
{
  g_autoptr(BenchHubRow) row = g_new0 (BenchHubRow, 1);
  g_autoptr(GError) error = NULL;

  row->id = g_strdup (id);
  row->seq = seq;
  row->type = g_strdup (type);
  row->at = g_strdup (at);
  row->payload = payload;
  if (row->payload == NULL || !JSON_NODE_HOLDS_OBJECT (row->payload) ||
      !dis_codec_sale_decode (json_node_get_object (row->payload), g_str_equal (type, "sale.refunded"),
                              &row->sale, &error) ||
      (row->text = dis_codec_sale_write (&row->sale, NULL, &error)) == NULL ||
      /* Periods of one month: the hub's default (fund.period_months). */
      (row->period = dis_hub_fund_period_of (row->sale.created_at, 1, &error)) == NULL)
    bench_fail ("decoding a sale payload", error);
  return g_steal_pointer (&row);
}

BenchHubRow *
bench_hub_row_new (const char *id,
                   gint64      seq,
                   const char *type,
                   const char *at,
                   const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *payload = json_from_string (text, &error);

  if (payload == NULL)
    bench_fail ("parsing a sale payload", error);
  return row_new (id, seq, type, at, payload);
}

void
bench_hub_row_free (BenchHubRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->type);
  g_free (row->at);
  g_free (row->text);
  g_free (row->period);
  dis_codec_sale_clear (&row->sale);
  g_clear_pointer (&row->payload, json_node_unref);
  g_free (row);
}

GPtrArray *
bench_hub_rows_from_body (GBytes *body)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_hub_row_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root, *events;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error))
    bench_fail ("parsing a push body", error);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (events = json_object_get_member (json_node_get_object (root), "events")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (events))
    bench_fail ("reading a push body: no events", NULL);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonObject *event = json_array_get_object_element (json_node_get_array (events), i);

      g_ptr_array_add (rows, row_new (json_object_get_string_member (event, "id"),
                                      json_object_get_int_member (event, "seq"),
                                      json_object_get_string_member (event, "type"),
                                      json_object_get_string_member (event, "at"),
                                      json_node_copy (json_object_get_member (event, "payload"))));
    }
  return g_steal_pointer (&rows);
}

/* ---- The inserts ---------------------------------------------------------- */

struct _BenchHubReference
{
  DisHubDb     *db;
  DisHubStmt   *event;
  DisHubStmt   *sale;
  DisHubStmt   *line;
  DisHubStmt   *payment;
  DisHubStmt   *movement;
  DisHubStmt   *level;
  GHashTable   *moves;     /* product code → gint64 *, the batch's sum */
};

BenchHubReference *
bench_hub_reference_new (const char *location,
                         gboolean    durable)
{
  g_autoptr(BenchHubReference) ref = g_new0 (BenchHubReference, 1);
  g_autoptr(GError) error = NULL;

  /* dis_hub_db_open(): the engine, pragmas and set-up the hub runs with. */
  ref->db = dis_hub_db_open (location, FALSE, &error);
  if (ref->db == NULL ||
      (!durable && !dis_hub_db_exec (ref->db, dis_hub_db_get_engine (ref->db) == DIS_HUB_ENGINE_SQLITE
                                                ? "PRAGMA synchronous = OFF"
                                                : "SET synchronous_commit = off", &error)) ||
      !(ref->event = dis_hub_db_prepare (ref->db,
          "INSERT INTO events (id, point_code, device, seq, type, at, received_at, payload)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &error)) ||
      !(ref->sale = dis_hub_db_prepare (ref->db,
          "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
          " created_at, operator_id, operator_name, member_card, tier, refund_of, n_lines,"
          " total, total_equa, tier_delta, cash_tendered, change_due, point_total,"
          " point_total_equa, point_tier_delta, review_flag, review_reason,"
          " catalog_version, priced_version, fund_period, late, review_state)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
          " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)", &error)) ||
      !(ref->line = dis_hub_db_prepare (ref->db,
          "INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
          " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
          " line_total_equa, tier_delta, vat_rate, point_line_total, point_unit_price,"
          " point_unit_price_equa, point_line_total_equa, point_supplier_code, point_vat_rate)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
          " ?16, ?17, ?18, ?19)", &error)) ||
      !(ref->payment = dis_hub_db_prepare (ref->db,
          "INSERT INTO hub_payments (sale_id, method, amount) VALUES (?1, ?2, ?3)", &error)) ||
      !(ref->movement = dis_hub_db_prepare (ref->db,
          "INSERT INTO hub_stock_movements (event_id, point_code, product_code, kind, qty, at, document, reason)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &error)) ||
      !(ref->level = dis_hub_db_prepare (ref->db,
          "INSERT INTO point_stock (point_code, product_code, qty, updated_at) VALUES (?1, ?2, ?3, ?4)"
          " ON CONFLICT (point_code, product_code) DO UPDATE"
          " SET qty = point_stock.qty + excluded.qty, updated_at = excluded.updated_at", &error)))
    bench_fail ("preparing the reference database", error);
  ref->moves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return g_steal_pointer (&ref);
}

void
bench_hub_reference_free (BenchHubReference *ref)
{
  if (ref == NULL)
    return;
  g_clear_pointer (&ref->event, dis_hub_stmt_free);
  g_clear_pointer (&ref->sale, dis_hub_stmt_free);
  g_clear_pointer (&ref->line, dis_hub_stmt_free);
  g_clear_pointer (&ref->payment, dis_hub_stmt_free);
  g_clear_pointer (&ref->movement, dis_hub_stmt_free);
  g_clear_pointer (&ref->level, dis_hub_stmt_free);
  g_clear_pointer (&ref->moves, g_hash_table_unref);
  g_clear_pointer (&ref->db, dis_hub_db_close);
  g_free (ref);
}

static void
run (BenchHubReference *ref,
     DisHubStmt        *stmt)
{
  g_autoptr(GError) error = NULL;

  if (!dis_hub_db_step_done (ref->db, stmt, &error))
    bench_fail ("reference insert", error);
  dis_hub_stmt_clear (stmt);
}

/* The rows the hub writes for a sale it agrees with (no review): its
 * figures are the point's, priced at the sale's catalog version. */
static void
insert_sale (BenchHubReference *ref,
             BenchHubRow       *row,
             const char        *received_at)
{
  const DisCodecSale *sale = &row->sale;

  dis_hub_stmt_bind_text (ref->event, 1, row->id);
  dis_hub_stmt_bind_text (ref->event, 2, sale->point);
  dis_hub_stmt_bind_text (ref->event, 3, sale->device);
  dis_hub_stmt_bind_int64 (ref->event, 4, row->seq);
  dis_hub_stmt_bind_text (ref->event, 5, row->type);
  dis_hub_stmt_bind_text (ref->event, 6, row->at);
  dis_hub_stmt_bind_text (ref->event, 7, received_at);
  dis_hub_stmt_bind_text (ref->event, 8, row->text);
  run (ref, ref->event);

  dis_hub_stmt_bind_text (ref->sale, 1, sale->id);
  dis_hub_stmt_bind_text (ref->sale, 2, row->id);
  dis_hub_stmt_bind_text (ref->sale, 3, sale->refund ? "refund" : "sale");
  dis_hub_stmt_bind_text (ref->sale, 4, sale->point);
  dis_hub_stmt_bind_text (ref->sale, 5, sale->device);
  dis_hub_stmt_bind_int64 (ref->sale, 6, sale->seq);
  dis_hub_stmt_bind_text (ref->sale, 7, sale->receipt_no);
  dis_hub_stmt_bind_text (ref->sale, 8, sale->created_at);
  dis_hub_stmt_bind_int64 (ref->sale, 9, sale->operator_id);
  dis_hub_stmt_bind_text (ref->sale, 10, sale->operator_name);
  dis_hub_stmt_bind_text (ref->sale, 11, sale->member_card);
  dis_hub_stmt_bind_text (ref->sale, 12, dis_tier_to_code (sale->tier));
  dis_hub_stmt_bind_text (ref->sale, 13, sale->refund_of);
  dis_hub_stmt_bind_int64 (ref->sale, 14, sale->lines->len);
  dis_hub_stmt_bind_int64 (ref->sale, 15, sale->total);
  dis_hub_stmt_bind_int64 (ref->sale, 16, sale->total_equa);
  dis_hub_stmt_bind_int64 (ref->sale, 17, sale->tier_delta);
  dis_hub_stmt_bind_int64 (ref->sale, 18, sale->cash_tendered);
  dis_hub_stmt_bind_int64 (ref->sale, 19, sale->change_due);
  dis_hub_stmt_bind_int64 (ref->sale, 20, sale->total);
  dis_hub_stmt_bind_int64 (ref->sale, 21, sale->total_equa);
  dis_hub_stmt_bind_int64 (ref->sale, 22, sale->tier_delta);
  dis_hub_stmt_bind_int64 (ref->sale, 23, 0);
  dis_hub_stmt_bind_null (ref->sale, 24);
  if (sale->has_catalog_version)
    dis_hub_stmt_bind_int64 (ref->sale, 25, sale->catalog_version);
  dis_hub_stmt_bind_int64 (ref->sale, 26, sale->catalog_version);
  dis_hub_stmt_bind_text (ref->sale, 27, row->period);
  dis_hub_stmt_bind_int64 (ref->sale, 28, 0);
  dis_hub_stmt_bind_text (ref->sale, 29, "none");
  run (ref, ref->sale);

  for (guint l = 0; l < sale->lines->len; l++)
    {
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, l);

      dis_hub_stmt_bind_text (ref->line, 1, sale->id);
      dis_hub_stmt_bind_int64 (ref->line, 2, line->line_no);
      dis_hub_stmt_bind_text (ref->line, 3, line->product_code);
      dis_hub_stmt_bind_text (ref->line, 4, line->product_name);
      dis_hub_stmt_bind_text (ref->line, 5, line->supplier_code);
      dis_hub_stmt_bind_text (ref->line, 6, dis_unit_to_code (line->unit));
      dis_hub_stmt_bind_int64 (ref->line, 7, line->quantity);
      dis_hub_stmt_bind_int64 (ref->line, 8, line->unit_price);
      dis_hub_stmt_bind_int64 (ref->line, 9, line->unit_price_equa);
      dis_hub_stmt_bind_int64 (ref->line, 10, line->line_total);
      dis_hub_stmt_bind_int64 (ref->line, 11, line->line_total_equa);
      dis_hub_stmt_bind_int64 (ref->line, 12, line->tier_delta);
      dis_hub_stmt_bind_int64 (ref->line, 13, line->vat_rate);
      dis_hub_stmt_bind_int64 (ref->line, 14, line->line_total);
      dis_hub_stmt_bind_int64 (ref->line, 15, line->unit_price);
      dis_hub_stmt_bind_int64 (ref->line, 16, line->unit_price_equa);
      dis_hub_stmt_bind_int64 (ref->line, 17, line->line_total_equa);
      dis_hub_stmt_bind_text (ref->line, 18, line->supplier_code);
      dis_hub_stmt_bind_int64 (ref->line, 19, line->vat_rate);
      run (ref, ref->line);
    }
  for (guint p = 0; p < sale->payments->len; p++)
    {
      const DisCodecPayment *payment = &g_array_index (sale->payments, DisCodecPayment, p);

      dis_hub_stmt_bind_text (ref->payment, 1, sale->id);
      dis_hub_stmt_bind_text (ref->payment, 2, dis_payment_method_to_code (payment->method));
      dis_hub_stmt_bind_int64 (ref->payment, 3, payment->amount);
      run (ref, ref->payment);
    }
  /* Each line moves the point's stock: a movement now, the level summed
   * for the batch's end. */
  for (guint l = 0; l < sale->lines->len; l++)
    {
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, l);
      gint64 *sum = g_hash_table_lookup (ref->moves, line->product_code);

      dis_hub_stmt_bind_text (ref->movement, 1, row->id);
      dis_hub_stmt_bind_text (ref->movement, 2, sale->point);
      dis_hub_stmt_bind_text (ref->movement, 3, line->product_code);
      dis_hub_stmt_bind_text (ref->movement, 4, sale->refund ? "refund" : "sale");
      dis_hub_stmt_bind_int64 (ref->movement, 5, -line->quantity);
      dis_hub_stmt_bind_text (ref->movement, 6, sale->created_at);
      dis_hub_stmt_bind_text (ref->movement, 7, sale->receipt_no);
      dis_hub_stmt_bind_null (ref->movement, 8);
      run (ref, ref->movement);
      if (sum == NULL)
        g_hash_table_insert (ref->moves, g_strdup (line->product_code), (sum = g_new0 (gint64, 1)));
      *sum -= line->quantity;
    }
}

/* The levels the batch's sales moved, each written once. */
static void
write_levels (BenchHubReference *ref,
              const char        *point,
              const char        *received_at)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, ref->moves);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      dis_hub_stmt_bind_text (ref->level, 1, point);
      dis_hub_stmt_bind_text (ref->level, 2, key);
      dis_hub_stmt_bind_int64 (ref->level, 3, *(gint64 *) value);
      dis_hub_stmt_bind_text (ref->level, 4, received_at);
      run (ref, ref->level);
    }
  g_hash_table_remove_all (ref->moves);
}

gint64
bench_hub_reference_batch (BenchHubReference *ref,
                           GPtrArray         *rows,
                           const char        *received_at,
                           gint64            *out_cpu)
{
  g_autoptr(GError) error = NULL;
  gint64 cpu = bench_thread_cpu ();
  gint64 start = bench_now ();

  if (!dis_hub_db_begin (ref->db, &error))
    bench_fail ("reference BEGIN", error);
  for (guint i = 0; i < rows->len; i++)
    insert_sale (ref, g_ptr_array_index (rows, i), received_at);
  if (rows->len > 0)
    write_levels (ref, ((BenchHubRow *) g_ptr_array_index (rows, 0))->sale.point, received_at);
  if (!dis_hub_db_commit (ref->db, &error))
    bench_fail ("reference COMMIT", error);
  if (out_cpu != NULL)
    *out_cpu = bench_thread_cpu () - cpu;
  return bench_now () - start;
}
