/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-bench"

#include "config.h"

#include "bench-hub-reference.h"
#include "bench-util.h"
#include "dis-hub-db.h"

BenchHubRow *
bench_hub_row_new (const char *id,
                   gint64      seq,
                   const char *type,
                   const char *at,
                   const char *text)
{
  g_autoptr(BenchHubRow) row = g_new0 (BenchHubRow, 1);
  g_autoptr(GError) error = NULL;

  row->id = g_strdup (id);
  row->seq = seq;
  row->type = g_strdup (type);
  row->at = g_strdup (at);
  row->text = g_strdup (text);
  row->payload = json_from_string (text, &error);
  if (row->payload == NULL || !JSON_NODE_HOLDS_OBJECT (row->payload))
    bench_fail ("parsing a sale payload", error);
  return g_steal_pointer (&row);
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
      BenchHubRow *row = g_new0 (BenchHubRow, 1);

      row->id = g_strdup (json_object_get_string_member (event, "id"));
      row->seq = json_object_get_int_member (event, "seq");
      row->type = g_strdup (json_object_get_string_member (event, "type"));
      row->at = g_strdup (json_object_get_string_member (event, "at"));
      row->payload = json_node_copy (json_object_get_member (event, "payload"));
      row->text = json_to_string (row->payload, FALSE);
      g_ptr_array_add (rows, row);
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
          " point_total_equa, point_tier_delta, review_flag, review_reason)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
          " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)", &error)) ||
      !(ref->line = dis_hub_db_prepare (ref->db,
          "INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
          " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
          " line_total_equa, tier_delta, vat_rate, point_line_total)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", &error)) ||
      !(ref->payment = dis_hub_db_prepare (ref->db,
          "INSERT INTO hub_payments (sale_id, method, amount) VALUES (?1, ?2, ?3)", &error)))
    bench_fail ("preparing the reference database", error);
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

static void
bind_text (DisHubStmt   *stmt,
           int           index,
           JsonObject   *object,
           const char   *member)
{
  JsonNode *node = json_object_get_member (object, member);

  dis_hub_stmt_bind_text (stmt, index, node != NULL && !JSON_NODE_HOLDS_NULL (node)
                                    ? json_node_get_string (node) : NULL);
}

static void
bind_int (DisHubStmt   *stmt,
          int           index,
          JsonObject   *object,
          const char   *member)
{
  dis_hub_stmt_bind_int64 (stmt, index, json_object_get_int_member (object, member));
}

static void
insert_sale (BenchHubReference *ref,
             BenchHubRow       *row,
             const char        *received_at)
{
  JsonObject *sale = json_node_get_object (row->payload);
  JsonObject *operator = json_object_get_object_member (sale, "operator");
  JsonArray *lines = json_object_get_array_member (sale, "lines");
  JsonArray *payments = json_object_get_array_member (sale, "payments");

  dis_hub_stmt_bind_text (ref->event, 1, row->id);
  bind_text (ref->event, 2, sale, "point");
  bind_text (ref->event, 3, sale, "device");
  dis_hub_stmt_bind_int64 (ref->event, 4, row->seq);
  dis_hub_stmt_bind_text (ref->event, 5, row->type);
  dis_hub_stmt_bind_text (ref->event, 6, row->at);
  dis_hub_stmt_bind_text (ref->event, 7, received_at);
  dis_hub_stmt_bind_text (ref->event, 8, row->text);
  run (ref, ref->event);

  bind_text (ref->sale, 1, sale, "id");
  dis_hub_stmt_bind_text (ref->sale, 2, row->id);
  dis_hub_stmt_bind_text (ref->sale, 3, json_object_get_member (sale, "refund_of") != NULL &&
                                   !json_object_get_null_member (sale, "refund_of") ? "refund" : "sale");
  bind_text (ref->sale, 4, sale, "point");
  bind_text (ref->sale, 5, sale, "device");
  bind_int (ref->sale, 6, sale, "seq");
  bind_text (ref->sale, 7, sale, "receipt_no");
  bind_text (ref->sale, 8, sale, "created_at");
  bind_int (ref->sale, 9, operator, "id");
  bind_text (ref->sale, 10, operator, "name");
  bind_text (ref->sale, 11, sale, "member_card");
  bind_text (ref->sale, 12, sale, "tier");
  bind_text (ref->sale, 13, sale, "refund_of");
  bind_int (ref->sale, 14, sale, "n_lines");
  bind_int (ref->sale, 15, sale, "total");
  bind_int (ref->sale, 16, sale, "total_equa");
  bind_int (ref->sale, 17, sale, "tier_delta");
  bind_int (ref->sale, 18, sale, "cash_tendered");
  bind_int (ref->sale, 19, sale, "change_due");
  bind_int (ref->sale, 20, sale, "total");
  bind_int (ref->sale, 21, sale, "total_equa");
  bind_int (ref->sale, 22, sale, "tier_delta");
  dis_hub_stmt_bind_int64 (ref->sale, 23, 0);
  dis_hub_stmt_bind_text (ref->sale, 24, NULL);
  run (ref, ref->sale);

  for (guint l = 0; l < json_array_get_length (lines); l++)
    {
      JsonObject *line = json_array_get_object_element (lines, l);

      bind_text (ref->line, 1, sale, "id");
      bind_int (ref->line, 2, line, "line_no");
      bind_text (ref->line, 3, line, "product_code");
      bind_text (ref->line, 4, line, "product_name");
      bind_text (ref->line, 5, line, "supplier_code");
      bind_text (ref->line, 6, line, "unit");
      bind_int (ref->line, 7, line, "quantity");
      bind_int (ref->line, 8, line, "unit_price");
      bind_int (ref->line, 9, line, "unit_price_equa");
      bind_int (ref->line, 10, line, "line_total");
      bind_int (ref->line, 11, line, "line_total_equa");
      bind_int (ref->line, 12, line, "tier_delta");
      bind_int (ref->line, 13, line, "vat_rate");
      bind_int (ref->line, 14, line, "line_total");
      run (ref, ref->line);
    }
  for (guint p = 0; p < json_array_get_length (payments); p++)
    {
      JsonObject *payment = json_array_get_object_element (payments, p);

      bind_text (ref->payment, 1, sale, "id");
      bind_text (ref->payment, 2, payment, "method");
      bind_int (ref->payment, 3, payment, "amount");
      run (ref, ref->payment);
    }
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
  if (!dis_hub_db_commit (ref->db, &error))
    bench_fail ("reference COMMIT", error);
  if (out_cpu != NULL)
    *out_cpu = bench_thread_cpu () - cpu;
  return bench_now () - start;
}
