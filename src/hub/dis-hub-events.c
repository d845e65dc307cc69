/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-events"

#include "config.h"

#include <string.h>

#include "dis-hub-events.h"
#include "dis-hub-json.h"
#include "dis-hub-members.h"
#include "dis-money.h"
#include "dis-tier.h"

/* A sale payload as built by the point's store (src/core/dis-store-sales.c,
 * build_payload()): the figures are the point's, the hub recomputes them. */
typedef struct
{
  gint64      line_no;
  const char *product_code;
  const char *product_name;
  const char *supplier_code;
  const char *unit;
  gint64      quantity;
  gint64      unit_price;
  gint64      unit_price_equa;
  gint64      line_total;
  gint64      line_total_equa;
  gint64      tier_delta;
  gint64      vat_rate;
} Line;

typedef struct
{
  const char *method;
  gint64      amount;
} Payment;

typedef struct
{
  const char *id;
  const char *receipt_no;
  const char *point;
  const char *device;
  gint64      seq;
  const char *created_at;
  gint64      operator_id;
  const char *operator_name;
  const char *member_card;
  const char *tier;
  DisTier     tier_value;
  const char *refund_of;
  GArray     *lines;      /* Line */
  GArray     *payments;   /* Payment */
  gint64      n_lines;
  gint64      total;
  gint64      total_equa;
  gint64      tier_delta;
  gint64      cash_tendered;
  gint64      change_due;
} Sale;

static void
sale_clear (Sale *sale)
{
  g_clear_pointer (&sale->lines, g_array_unref);
  g_clear_pointer (&sale->payments, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sale, sale_clear)

static gboolean
get_string (JsonObject  *object,
            const char  *prefix,
            const char  *field,
            gboolean     nullable,
            const char **out,
            DisHubReject *r)
{
  *out = dis_hub_json_string (object, field);
  if (*out != NULL && (**out != '\0' || nullable))
    return TRUE;
  if (nullable && dis_hub_json_is_null (object, field))
    return TRUE;
  return dis_hub_reject (r, "invalid_payload", "%s%s: %s", prefix, field,
                 !json_object_has_member (object, field) ? "missing"
                 : *out != NULL ? "must not be empty"
                 : nullable ? "must be a string or null" : "must be a string");
}

static gboolean
get_int (JsonObject *object,
         const char *prefix,
         const char *field,
         gint64     *out,
         DisHubReject *r)
{
  if (dis_hub_json_int (object, field, out))
    return TRUE;
  return dis_hub_reject (r, "invalid_payload", "%s%s: %s", prefix, field,
                 json_object_has_member (object, field) ? "must be an integer" : "missing");
}

static gboolean
parse_line (JsonNode *node,
            guint     index,
            Line     *line,
            DisHubReject *r)
{
  g_autofree char *prefix = g_strdup_printf ("payload.lines[%u].", index);
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return dis_hub_reject (r, "invalid_payload", "payload.lines[%u]: must be an object", index);
  object = json_node_get_object (node);

  if (!get_int (object, prefix, "line_no", &line->line_no, r) ||
      !get_string (object, prefix, "product_code", FALSE, &line->product_code, r) ||
      !get_string (object, prefix, "product_name", FALSE, &line->product_name, r) ||
      !get_string (object, prefix, "supplier_code", TRUE, &line->supplier_code, r) ||
      !get_string (object, prefix, "unit", FALSE, &line->unit, r) ||
      !get_int (object, prefix, "quantity", &line->quantity, r) ||
      !get_int (object, prefix, "unit_price", &line->unit_price, r) ||
      !get_int (object, prefix, "unit_price_equa", &line->unit_price_equa, r) ||
      !get_int (object, prefix, "line_total", &line->line_total, r) ||
      !get_int (object, prefix, "line_total_equa", &line->line_total_equa, r) ||
      !get_int (object, prefix, "tier_delta", &line->tier_delta, r) ||
      !get_int (object, prefix, "vat_rate", &line->vat_rate, r))
    return FALSE;

  if (!g_str_equal (line->unit, "piece") && !g_str_equal (line->unit, "kg") && !g_str_equal (line->unit, "l"))
    return dis_hub_reject (r, "invalid_payload", "%sunit: must be piece, kg or l", prefix);
  if (line->vat_rate != 4 && line->vat_rate != 5 && line->vat_rate != 10 && line->vat_rate != 22)
    return dis_hub_reject (r, "invalid_payload", "%svat_rate: must be 4, 5, 10 or 22", prefix);
  /* Bounds keep the hub's arithmetic far from overflow. */
  if (line->quantity == 0 || ABS (line->quantity) > 1000000000 ||
      line->unit_price < 0 || line->unit_price > 100000000 ||
      line->unit_price_equa < 0 || line->unit_price_equa > 100000000)
    return dis_hub_reject (r, "invalid_payload", "%squantity/unit_price: out of range", prefix);
  return TRUE;
}

static gboolean
parse_sale (JsonObject *payload,
            gboolean    is_refund,
            Sale       *sale,
            DisHubReject *r)
{
  JsonObject *op;
  JsonArray *lines, *payments;
  g_autoptr(GHashTable) line_nos = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!get_string (payload, "payload.", "id", FALSE, &sale->id, r) ||
      !get_string (payload, "payload.", "receipt_no", FALSE, &sale->receipt_no, r) ||
      !get_string (payload, "payload.", "point", FALSE, &sale->point, r) ||
      !get_string (payload, "payload.", "device", FALSE, &sale->device, r) ||
      !get_int (payload, "payload.", "seq", &sale->seq, r) ||
      !get_string (payload, "payload.", "created_at", FALSE, &sale->created_at, r))
    return FALSE;

  op = dis_hub_json_object (payload, "operator");
  if (op == NULL)
    return dis_hub_reject (r, "invalid_payload", "payload.operator: %s",
                   json_object_has_member (payload, "operator") ? "must be an object" : "missing");
  if (!get_int (op, "payload.operator.", "id", &sale->operator_id, r) ||
      !get_string (op, "payload.operator.", "name", FALSE, &sale->operator_name, r) ||
      !get_string (payload, "payload.", "member_card", TRUE, &sale->member_card, r) ||
      !get_string (payload, "payload.", "tier", FALSE, &sale->tier, r) ||
      !get_string (payload, "payload.", "refund_of", TRUE, &sale->refund_of, r))
    return FALSE;
  if (!dis_tier_from_code (sale->tier, &sale->tier_value))
    return dis_hub_reject (r, "invalid_payload", "payload.tier: unknown tier “%s”", sale->tier);
  if (is_refund && sale->refund_of == NULL)
    return dis_hub_reject (r, "invalid_payload", "payload.refund_of: required for sale.refunded");
  if (!is_refund && sale->refund_of != NULL)
    return dis_hub_reject (r, "invalid_payload", "payload.refund_of: must be null for sale.committed");

  lines = dis_hub_json_array (payload, "lines");
  if (lines == NULL || json_array_get_length (lines) == 0)
    return dis_hub_reject (r, "invalid_payload", "payload.lines: %s",
                   lines ? "must not be empty" : json_object_has_member (payload, "lines")
                   ? "must be an array" : "missing");
  sale->lines = g_array_sized_new (FALSE, TRUE, sizeof (Line), json_array_get_length (lines));
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      Line line = { 0 };

      if (!parse_line (json_array_get_element (lines, i), i, &line, r))
        return FALSE;
      g_array_append_val (sale->lines, line);
    }
  for (guint i = 0; i < sale->lines->len; i++)
    {
      Line *line = &g_array_index (sale->lines, Line, i);

      if (!g_hash_table_add (line_nos, &line->line_no))
        return dis_hub_reject (r, "invalid_payload", "payload.lines[%u].line_no: duplicate %" G_GINT64_FORMAT,
                       i, line->line_no);
    }

  payments = dis_hub_json_array (payload, "payments");
  if (payments == NULL)
    return dis_hub_reject (r, "invalid_payload", "payload.payments: %s",
                   json_object_has_member (payload, "payments") ? "must be an array" : "missing");
  sale->payments = g_array_new (FALSE, TRUE, sizeof (Payment));
  for (guint i = 0; i < json_array_get_length (payments); i++)
    {
      JsonNode *node = json_array_get_element (payments, i);
      g_autofree char *prefix = g_strdup_printf ("payload.payments[%u].", i);
      Payment payment = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return dis_hub_reject (r, "invalid_payload", "payload.payments[%u]: must be an object", i);
      if (!get_string (json_node_get_object (node), prefix, "method", FALSE, &payment.method, r) ||
          !get_int (json_node_get_object (node), prefix, "amount", &payment.amount, r))
        return FALSE;
      if (!g_str_equal (payment.method, "cash") && !g_str_equal (payment.method, "card") &&
          !g_str_equal (payment.method, "other"))
        return dis_hub_reject (r, "invalid_payload", "%smethod: must be cash, card or other", prefix);
      if (ABS (payment.amount) > G_GINT64_CONSTANT (1000000000000))
        return dis_hub_reject (r, "invalid_payload", "%samount: out of range", prefix);
      g_array_append_val (sale->payments, payment);
    }

  return get_int (payload, "payload.", "n_lines", &sale->n_lines, r) &&
         get_int (payload, "payload.", "total", &sale->total, r) &&
         get_int (payload, "payload.", "total_equa", &sale->total_equa, r) &&
         get_int (payload, "payload.", "tier_delta", &sale->tier_delta, r) &&
         get_int (payload, "payload.", "cash_tendered", &sale->cash_tendered, r) &&
         get_int (payload, "payload.", "change_due", &sale->change_due, r);
}

G_GNUC_PRINTF (2, 3)
static void
review (GString    *reasons,
        const char *format,
        ...)
{
  va_list args;

  if (reasons->len > 0)
    g_string_append (reasons, "; ");
  va_start (args, format);
  g_string_append_vprintf (reasons, format, args);
  va_end (args);
}

static gboolean
sale_exists (DisHubDb    *db,
             const char  *id,
             gboolean    *out,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = dis_hub_db_prepare (db, "SELECT 1 FROM hub_sales WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, id);
  return dis_hub_db_step (db, stmt, out, error);
}

/* Recomputes every figure from the prices and quantities and stores the
 * sale normalized; the point's disagreeing figures flag it for review. */
static gboolean
store_sale (DisHubDb    *db,
            const char  *event_id,
            gboolean     is_refund,
            Sale        *sale,
            GString     *reasons,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) insert_sale = NULL;
  g_autoptr(sqlite3_stmt) insert_line = NULL;
  g_autoptr(sqlite3_stmt) insert_payment = NULL;
  gint64 total = 0, total_equa = 0, delta = 0, paid = 0;
  gboolean has_row;

  insert_line = dis_hub_db_prepare (db,
                                    "INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
                                    " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
                                    " line_total_equa, tier_delta, vat_rate, point_line_total)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                                    error);
  insert_payment = dis_hub_db_prepare (db,
                                       "INSERT INTO hub_payments (sale_id, method, amount) VALUES (?1, ?2, ?3)",
                                       error);
  insert_sale = dis_hub_db_prepare (db,
                                    "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
                                    " created_at, operator_id, operator_name, member_card, tier, refund_of, n_lines,"
                                    " total, total_equa, tier_delta, cash_tendered, change_due, point_total,"
                                    " point_total_equa, point_tier_delta, review_flag, review_reason)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                                    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
                                    error);
  if (insert_line == NULL || insert_payment == NULL || insert_sale == NULL)
    return FALSE;

  for (guint i = 0; i < sale->lines->len; i++)
    {
      Line *line = &g_array_index (sale->lines, Line, i);
      gint64 lt = dis_line_total (line->unit_price, line->quantity);
      gint64 lte = dis_line_total (line->unit_price_equa, line->quantity);

      if (lt != line->line_total)
        review (reasons, "line %" G_GINT64_FORMAT ": line_total %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->line_total, lt);
      if (lte != line->line_total_equa)
        review (reasons, "line %" G_GINT64_FORMAT ": line_total_equa %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->line_total_equa, lte);
      if (lt - lte != line->tier_delta)
        review (reasons, "line %" G_GINT64_FORMAT ": tier_delta %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->tier_delta, lt - lte);
      if ((sale->tier_value == DIS_TIER_EQUA && line->unit_price != line->unit_price_equa) ||
          (sale->tier_value < DIS_TIER_EQUA && line->unit_price > line->unit_price_equa) ||
          (sale->tier_value == DIS_TIER_SOLIDALE && line->unit_price < line->unit_price_equa))
        review (reasons, "line %" G_GINT64_FORMAT ": unit_price %" G_GINT64_FORMAT " does not fit tier %s (equa %" G_GINT64_FORMAT ")",
                line->line_no, line->unit_price, sale->tier, line->unit_price_equa);
      if ((line->quantity < 0) != is_refund)
        review (reasons, "line %" G_GINT64_FORMAT ": quantity sign does not match a %s",
                line->line_no, is_refund ? "refund" : "sale");

      total += lt;
      total_equa += lte;
      delta += lt - lte;
    }

  if (sale->n_lines != sale->lines->len)
    review (reasons, "n_lines %" G_GINT64_FORMAT " but %u lines", sale->n_lines, sale->lines->len);
  if (sale->total != total)
    review (reasons, "total %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT, sale->total, total);
  if (sale->total_equa != total_equa)
    review (reasons, "total_equa %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT, sale->total_equa, total_equa);
  if (sale->tier_delta != delta)
    review (reasons, "tier_delta %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT, sale->tier_delta, delta);
  for (guint i = 0; i < sale->payments->len; i++)
    paid += g_array_index (sale->payments, Payment, i).amount;
  if (paid != total)
    review (reasons, "payments add up to %" G_GINT64_FORMAT ", not the total %" G_GINT64_FORMAT, paid, total);
  if (is_refund)
    {
      if (!sale_exists (db, sale->refund_of, &has_row, error))
        return FALSE;
      if (!has_row)
        review (reasons, "refund of sale %s, which the hub does not know", sale->refund_of);
    }

  dis_hub_bind_text (insert_sale, 1, sale->id);
  dis_hub_bind_text (insert_sale, 2, event_id);
  dis_hub_bind_text (insert_sale, 3, is_refund ? "refund" : "sale");
  dis_hub_bind_text (insert_sale, 4, sale->point);
  dis_hub_bind_text (insert_sale, 5, sale->device);
  sqlite3_bind_int64 (insert_sale, 6, sale->seq);
  dis_hub_bind_text (insert_sale, 7, sale->receipt_no);
  dis_hub_bind_text (insert_sale, 8, sale->created_at);
  sqlite3_bind_int64 (insert_sale, 9, sale->operator_id);
  dis_hub_bind_text (insert_sale, 10, sale->operator_name);
  dis_hub_bind_text (insert_sale, 11, sale->member_card);
  dis_hub_bind_text (insert_sale, 12, sale->tier);
  dis_hub_bind_text (insert_sale, 13, sale->refund_of);
  sqlite3_bind_int64 (insert_sale, 14, sale->lines->len);
  sqlite3_bind_int64 (insert_sale, 15, total);
  sqlite3_bind_int64 (insert_sale, 16, total_equa);
  sqlite3_bind_int64 (insert_sale, 17, delta);
  sqlite3_bind_int64 (insert_sale, 18, sale->cash_tendered);
  sqlite3_bind_int64 (insert_sale, 19, sale->change_due);
  sqlite3_bind_int64 (insert_sale, 20, sale->total);
  sqlite3_bind_int64 (insert_sale, 21, sale->total_equa);
  sqlite3_bind_int64 (insert_sale, 22, sale->tier_delta);
  sqlite3_bind_int (insert_sale, 23, reasons->len > 0);
  dis_hub_bind_text (insert_sale, 24, reasons->len > 0 ? reasons->str : NULL);
  if (!dis_hub_db_step_done (db, insert_sale, error))
    return FALSE;

  for (guint i = 0; i < sale->lines->len; i++)
    {
      Line *line = &g_array_index (sale->lines, Line, i);
      gint64 lt = dis_line_total (line->unit_price, line->quantity);
      gint64 lte = dis_line_total (line->unit_price_equa, line->quantity);

      sqlite3_reset (insert_line);
      dis_hub_bind_text (insert_line, 1, sale->id);
      sqlite3_bind_int64 (insert_line, 2, line->line_no);
      dis_hub_bind_text (insert_line, 3, line->product_code);
      dis_hub_bind_text (insert_line, 4, line->product_name);
      dis_hub_bind_text (insert_line, 5, line->supplier_code);
      dis_hub_bind_text (insert_line, 6, line->unit);
      sqlite3_bind_int64 (insert_line, 7, line->quantity);
      sqlite3_bind_int64 (insert_line, 8, line->unit_price);
      sqlite3_bind_int64 (insert_line, 9, line->unit_price_equa);
      sqlite3_bind_int64 (insert_line, 10, lt);
      sqlite3_bind_int64 (insert_line, 11, lte);
      sqlite3_bind_int64 (insert_line, 12, lt - lte);
      sqlite3_bind_int64 (insert_line, 13, line->vat_rate);
      sqlite3_bind_int64 (insert_line, 14, line->line_total);
      if (!dis_hub_db_step_done (db, insert_line, error))
        return FALSE;
    }
  for (guint i = 0; i < sale->payments->len; i++)
    {
      Payment *payment = &g_array_index (sale->payments, Payment, i);

      sqlite3_reset (insert_payment);
      dis_hub_bind_text (insert_payment, 1, sale->id);
      dis_hub_bind_text (insert_payment, 2, payment->method);
      sqlite3_bind_int64 (insert_payment, 3, payment->amount);
      if (!dis_hub_db_step_done (db, insert_payment, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_event (DisHubDb    *db,
              const char  *point,
              const char  *device,
              const char  *id,
              gint64       seq,
              const char  *type,
              const char  *at,
              JsonNode    *payload,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = dis_hub_json_to_string (payload);
  g_autofree char *now = dis_hub_now_iso ();

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO events (id, point_code, device, seq, type, at, received_at, payload)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, id);
  dis_hub_bind_text (stmt, 2, point);
  dis_hub_bind_text (stmt, 3, device);
  sqlite3_bind_int64 (stmt, 4, seq);
  dis_hub_bind_text (stmt, 5, type);
  dis_hub_bind_text (stmt, 6, at);
  dis_hub_bind_text (stmt, 7, now);
  dis_hub_bind_text (stmt, 8, text);
  return dis_hub_db_step_done (db, stmt, error);
}

/* Tracks the device's highest seq and records a gap when it jumps. */
static gboolean
track_seq (DisHubDb    *db,
           const char  *point,
           const char  *device,
           gint64       seq,
           JsonBuilder *gaps,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  gboolean has_row;
  gint64 last;

  select = dis_hub_db_prepare (db, "SELECT last_seq FROM devices WHERE point_code = ?1 AND device = ?2", error);
  if (select == NULL)
    return FALSE;
  dis_hub_bind_text (select, 1, point);
  dis_hub_bind_text (select, 2, device);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return FALSE;
  last = has_row ? sqlite3_column_int64 (select, 0) : 0;
  if (seq <= last)
    return TRUE;

  if (seq > last + 1)
    {
      g_autoptr(sqlite3_stmt) gap = NULL;

      gap = dis_hub_db_prepare (db,
                                "INSERT INTO gaps (point_code, device, from_seq, to_seq, recorded_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)",
                                error);
      if (gap == NULL)
        return FALSE;
      dis_hub_bind_text (gap, 1, point);
      dis_hub_bind_text (gap, 2, device);
      sqlite3_bind_int64 (gap, 3, last + 1);
      sqlite3_bind_int64 (gap, 4, seq - 1);
      dis_hub_bind_text (gap, 5, now);
      if (!dis_hub_db_step_done (db, gap, error))
        return FALSE;

      json_builder_begin_object (gaps);
      json_builder_set_member_name (gaps, "device");
      json_builder_add_string_value (gaps, device);
      json_builder_set_member_name (gaps, "from");
      json_builder_add_int_value (gaps, last + 1);
      json_builder_set_member_name (gaps, "to");
      json_builder_add_int_value (gaps, seq - 1);
      json_builder_end_object (gaps);
    }

  update = dis_hub_db_prepare (db, "UPDATE devices SET last_seq = ?3 WHERE point_code = ?1 AND device = ?2", error);
  if (update == NULL)
    return FALSE;
  dis_hub_bind_text (update, 1, point);
  dis_hub_bind_text (update, 2, device);
  sqlite3_bind_int64 (update, 3, seq);
  return dis_hub_db_step_done (db, update, error);
}

/* The point that first sent event @id, or NULL in *out_point. */
static gboolean
event_owner (DisHubDb    *db,
             const char  *id,
             char       **out_point,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = dis_hub_db_prepare (db, "SELECT point_code FROM events WHERE id = ?1", error);
  gboolean has_row;

  *out_point = NULL;
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *out_point = dis_hub_column_dup (stmt, 0);
  return TRUE;
}

typedef enum { APPLY_ACCEPTED, APPLY_DUPLICATE, APPLY_REJECTED, APPLY_FAILED } Outcome;

/* The envelope of one event: id, seq, type, at. Pure, no database. */
static gboolean
check_envelope (JsonNode     *node,
                JsonObject  **out_event,
                const char  **out_id,
                gint64       *out_seq,
                const char  **out_type,
                const char  **out_at,
                DisHubReject *r)
{
  g_autoptr(GDateTime) parsed = NULL;
  JsonObject *event;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return dis_hub_reject (r, "invalid_payload", "event: must be an object");
  event = *out_event = json_node_get_object (node);

  if (!get_string (event, "", "id", FALSE, out_id, r))
    return FALSE;
  if (!g_uuid_string_is_valid (*out_id))
    return dis_hub_reject (r, "invalid_payload", "id: must be a UUID");
  if (!get_int (event, "", "seq", out_seq, r))
    return FALSE;
  if (*out_seq <= 0)
    return dis_hub_reject (r, "invalid_payload", "seq: must be a positive integer");
  if (!get_string (event, "", "type", FALSE, out_type, r) ||
      !get_string (event, "", "at", FALSE, out_at, r))
    return FALSE;
  parsed = g_date_time_new_from_iso8601 (*out_at, NULL);
  if (parsed == NULL)
    return dis_hub_reject (r, "invalid_payload", "at: must be an ISO 8601 date and time with a zone");
  return TRUE;
}

/* The type and the payload of one event. Pure, no database. */
static gboolean
check_body (JsonObject  *event,
            const char  *type,
            gboolean    *out_is_refund,
            Sale        *sale,
            DisHubReject *r)
{
  JsonObject *payload;

  if (g_str_equal (type, "sale.committed"))
    *out_is_refund = FALSE;
  else if (g_str_equal (type, "sale.refunded"))
    *out_is_refund = TRUE;
  else if (!dis_hub_members_is_event_type (type))
    return dis_hub_reject (r, "unknown_type", "type: unknown event type “%s”", type);

  payload = dis_hub_json_object (event, "payload");
  if (payload == NULL)
    return dis_hub_reject (r, "invalid_payload", "payload: %s",
                   json_object_has_member (event, "payload") ? "must be an object" : "missing");
  if (dis_hub_members_is_event_type (type))
    {
      char *message = NULL;

      if (dis_hub_members_check_event (type, payload, &r->code, &message))
        return TRUE;
      g_free (r->message);
      r->message = message;
      return FALSE;
    }
  return parse_sale (payload, *out_is_refund, sale, r);
}

gboolean
dis_hub_events_check (JsonNode  *event,
                      char     **out_code,
                      char     **out_message)
{
  g_auto(Sale) sale = { 0 };
  DisHubReject r = { NULL, NULL };
  JsonObject *object;
  const char *id, *type, *at;
  gint64 seq;
  gboolean is_refund;

  g_return_val_if_fail (event != NULL, FALSE);

  if (check_envelope (event, &object, &id, &seq, &type, &at, &r) &&
      check_body (object, type, &is_refund, &sale, &r))
    return TRUE;
  if (out_code != NULL)
    *out_code = g_strdup (r.code);
  if (out_message != NULL)
    *out_message = g_steal_pointer (&r.message);
  g_free (r.message);
  return FALSE;
}

/* A member event (dis-hub-members.c), after its envelope was checked:
 * the member's new volume or data reaches the feed with it. */
static Outcome
apply_member (DisHubDb     *db,
              const char   *point,
              const char   *device,
              JsonObject   *event,
              const char   *id,
              gint64        seq,
              const char   *type,
              const char   *at,
              JsonBuilder  *gaps,
              DisHubReject *r,
              GError      **error)
{
  JsonObject *payload = dis_hub_json_object (event, "payload");
  const char *code = NULL;
  char *message = NULL;

  if (payload == NULL)
    return dis_hub_reject (r, "invalid_payload", "payload: %s",
                   json_object_has_member (event, "payload") ? "must be an object" : "missing"), APPLY_REJECTED;
  if (!dis_hub_members_apply_event (db, point, device, type, payload, &code, &message, error))
    {
      if (code == NULL)
        return APPLY_FAILED;
      r->code = code;
      g_free (r->message);
      r->message = message;
      return APPLY_REJECTED;
    }
  if (!insert_event (db, point, device, id, seq, type, at, json_object_get_member (event, "payload"), error) ||
      !track_seq (db, point, device, seq, gaps, error))
    return APPLY_FAILED;
  return APPLY_ACCEPTED;
}

/* One event, inside the batch's transaction and its own savepoint. */
static Outcome
apply_one (DisHubDb     *db,
           const char   *point,
           const char   *device,
           JsonNode     *node,
           JsonBuilder  *gaps,
           const char  **out_id,
           DisHubReject *r,
           GString      *reasons,
           GError      **error)
{
  g_auto(Sale) sale = { 0 };
  g_autofree char *owner = NULL;
  JsonObject *event = NULL;
  const char *id = NULL, *type, *at;
  gint64 seq;
  gboolean exists, is_refund;

  *out_id = NULL;
  if (!check_envelope (node, &event, &id, &seq, &type, &at, r))
    {
      /* The result names the event when its id at least was readable. */
      if (event != NULL && dis_hub_json_string (event, "id") != NULL &&
          *dis_hub_json_string (event, "id") != '\0')
        *out_id = dis_hub_json_string (event, "id");
      return APPLY_REJECTED;
    }
  *out_id = id;

  if (!event_owner (db, id, &owner, error))
    return APPLY_FAILED;
  /* An id belongs to the point that sent it first: another point's reuse
   * is neither acknowledged nor told anything about that event. */
  if (owner != NULL && !g_str_equal (owner, point))
    return dis_hub_reject (r, "event_id_conflict",
                           "id: already used by another point; the event needs a new id"), APPLY_REJECTED;
  if (owner != NULL)
    return APPLY_DUPLICATE;

  if (dis_hub_members_is_event_type (type))
    return apply_member (db, point, device, event, id, seq, type, at, gaps, r, error);
  if (!check_body (event, type, &is_refund, &sale, r))
    return APPLY_REJECTED;
  if (!g_str_equal (sale.point, point))
    return dis_hub_reject (r, "wrong_point", "payload.point: %s is not this device's point", sale.point), APPLY_REJECTED;
  if (!g_str_equal (sale.device, device))
    return dis_hub_reject (r, "wrong_device", "payload.device: %s is not this device", sale.device), APPLY_REJECTED;
  if (!sale_exists (db, sale.id, &exists, error))
    return APPLY_FAILED;
  if (exists)
    return dis_hub_reject (r, "duplicate_sale", "payload.id: sale %s was already received in another event", sale.id), APPLY_REJECTED;

  if (!insert_event (db, point, device, id, seq, type, at, json_object_get_member (event, "payload"), error) ||
      !store_sale (db, id, is_refund, &sale, reasons, error) ||
      (sale.member_card != NULL && !dis_hub_members_publish (db, sale.member_card, error)) ||
      !track_seq (db, point, device, seq, gaps, error))
    return APPLY_FAILED;
  return APPLY_ACCEPTED;
}

JsonNode *
dis_hub_events_apply (DisHubDb    *db,
                      const char  *point,
                      const char  *device,
                      JsonArray   *events,
                      GError     **error)
{
  g_autoptr(JsonBuilder) results = json_builder_new ();
  g_autoptr(JsonBuilder) gaps = json_builder_new ();
  g_autoptr(JsonNode) gaps_node = NULL;
  g_autoptr(JsonNode) results_node = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonNode *root;

  g_return_val_if_fail (point != NULL && device != NULL, NULL);

  if (!dis_hub_db_begin (db, error))
    return NULL;

  json_builder_begin_array (results);
  json_builder_begin_array (gaps);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      g_autoptr(GString) reasons = g_string_new (NULL);
      DisHubReject r = { NULL, NULL };
      const char *id = NULL;
      Outcome outcome;

      if (!dis_hub_db_exec (db, "SAVEPOINT event", error))
        goto failed;
      outcome = apply_one (db, point, device, json_array_get_element (events, i),
                           gaps, &id, &r, reasons, error);
      if (outcome == APPLY_FAILED)
        {
          g_free (r.message);
          goto failed;
        }
      if (!dis_hub_db_exec (db, outcome == APPLY_ACCEPTED ? "RELEASE event"
                                : "ROLLBACK TO event; RELEASE event", error))
        {
          g_free (r.message);
          goto failed;
        }

      json_builder_begin_object (results);
      json_builder_set_member_name (results, "id");
      if (id != NULL)
        json_builder_add_string_value (results, id);
      else
        json_builder_add_null_value (results);
      json_builder_set_member_name (results, "status");
      json_builder_add_string_value (results, outcome == APPLY_ACCEPTED ? "accepted"
                                              : outcome == APPLY_DUPLICATE ? "duplicate" : "rejected");
      if (outcome == APPLY_REJECTED)
        {
          json_builder_set_member_name (results, "code");
          json_builder_add_string_value (results, r.code);
          json_builder_set_member_name (results, "message");
          json_builder_add_string_value (results, r.message);
        }
      else if (outcome == APPLY_ACCEPTED && reasons->len > 0)
        {
          json_builder_set_member_name (results, "review");
          json_builder_add_string_value (results, reasons->str);
        }
      json_builder_end_object (results);
      g_free (r.message);
    }
  json_builder_end_array (results);
  json_builder_end_array (gaps);

  if (!dis_hub_db_commit (db, error))
    goto failed;

  results_node = json_builder_get_root (results);
  gaps_node = json_builder_get_root (gaps);
  json_object_set_member (reply, "results", g_steal_pointer (&results_node));
  json_object_set_member (reply, "gaps", g_steal_pointer (&gaps_node));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, reply);
  return root;

failed:
  dis_hub_db_rollback (db);
  return NULL;
}
