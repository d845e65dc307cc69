/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-events"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-hub-events.h"
#include "dis-hub-fund.h"
#include "dis-hub-json.h"
#include "dis-hub-members.h"
#include "dis-money.h"
#include "dis-sale.h"
#include "dis-tier.h"

/* Events pushed by points (README-api.md): the codec decodes and checks
 * each (dis-codec.h), this file applies it. The figures of a sale are the
 * point's: the hub recomputes them and flags the sale when they differ. */

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

/* The line of the sale that @line refunds (same line_no, product and
 * prices), with what earlier refunds took of it, in *sold; FALSE in
 * *out_found, and a reason, when there is no such line. */
static gboolean
refunded_line (DisHubDb                *db,
               const DisCodecSale      *refund,
               const DisCodecSaleLine  *line,
               DisSaleLine             *sold,
               gboolean                *out_found,
               GString                 *reasons,
               GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT product_code, unit_price, unit_price_equa, quantity, line_total,"
                             " line_total_equa,"
                             " (SELECT coalesce (-sum (r.quantity), 0) FROM hub_sale_lines r"
                             "  JOIN hub_sales s ON s.id = r.sale_id WHERE s.refund_of = ?1 AND r.line_no = ?2),"
                             " (SELECT coalesce (-sum (r.line_total), 0) FROM hub_sale_lines r"
                             "  JOIN hub_sales s ON s.id = r.sale_id WHERE s.refund_of = ?1 AND r.line_no = ?2),"
                             " (SELECT coalesce (-sum (r.line_total_equa), 0) FROM hub_sale_lines r"
                             "  JOIN hub_sales s ON s.id = r.sale_id WHERE s.refund_of = ?1 AND r.line_no = ?2)"
                             " FROM hub_sale_lines WHERE sale_id = ?1 AND line_no = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, refund->refund_of);
  sqlite3_bind_int64 (stmt, 2, line->line_no);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;

  *out_found = has_row &&
               g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), line->product_code) == 0 &&
               sqlite3_column_int64 (stmt, 1) == line->unit_price &&
               sqlite3_column_int64 (stmt, 2) == line->unit_price_equa;
  if (!*out_found)
    {
      review (reasons, "line %" G_GINT64_FORMAT ": the refunded sale has no line %" G_GINT64_FORMAT
              " of %s at these prices", line->line_no, line->line_no, line->product_code);
      return TRUE;
    }
  *sold = (DisSaleLine) {
    .unit_price = line->unit_price,
    .unit_price_equa = line->unit_price_equa,
    .quantity = sqlite3_column_int64 (stmt, 3),
    .line_total = sqlite3_column_int64 (stmt, 4),
    .line_total_equa = sqlite3_column_int64 (stmt, 5),
    .refunded_quantity = sqlite3_column_int64 (stmt, 6),
    .refunded_total = sqlite3_column_int64 (stmt, 7),
    .refunded_total_equa = sqlite3_column_int64 (stmt, 8),
  };
  return TRUE;
}

/* The hub's own figures of one line (DESIGN.md §3, dis-money.h): a sale's
 * line is priced by its quantity, or is a scale label that printed its
 * price (dis_label_line_matches ()); a refund's line pays back what the
 * refunded line allows, the last refund of it exactly what is left
 * (dis_sale_line_refund_totals ()), never more, flagged when it takes
 * more than is left. A refund of a sale or line the hub does not know is
 * priced by quantity, and flagged. */
static gboolean
line_figures (DisHubDb                *db,
              const DisCodecSale      *sale,
              const DisCodecSaleLine  *line,
              gboolean                 known_sale,
              gint64                  *out_total,
              gint64                  *out_total_equa,
              GString                 *reasons,
              GError                 **error)
{
  DisSaleLine sold = { 0, };
  gboolean found = FALSE;

  /* The codec's bounds keep these products far from overflow. */
  *out_total = dis_line_total (line->unit_price, line->quantity);
  *out_total_equa = dis_line_total (line->unit_price_equa, line->quantity);

  if (!sale->refund)
    {
      if ((*out_total != line->line_total || *out_total_equa != line->line_total_equa) &&
          dis_label_line_matches (line->quantity, line->unit_price, line->unit_price_equa,
                                  line->line_total, line->line_total_equa))
        {
          *out_total = line->line_total;
          *out_total_equa = line->line_total_equa;
        }
      return TRUE;
    }

  if (!known_sale || line->quantity >= 0)
    return TRUE;
  if (!refunded_line (db, sale, line, &sold, &found, reasons, error))
    return FALSE;
  if (!found)
    return TRUE;
  if (-line->quantity > sold.quantity - sold.refunded_quantity)
    review (reasons, "line %" G_GINT64_FORMAT ": refunds %" G_GINT64_FORMAT " of the %" G_GINT64_FORMAT
            " left of the sale's line", line->line_no, -line->quantity,
            MAX (sold.quantity - sold.refunded_quantity, 0));
  dis_sale_line_refund_totals (&sold, -line->quantity, out_total, out_total_equa);
  return TRUE;
}

/* Recomputes every figure from the prices and quantities and stores the
 * sale normalized; the point's disagreeing figures flag it for review. */
static gboolean
store_sale (DisHubDb            *db,
            const char          *event_id,
            const DisCodecSale  *sale,
            GString             *reasons,
            GError             **error)
{
  gboolean is_refund = sale->refund;
  const char *tier = dis_tier_to_code (sale->tier);
  g_autoptr(sqlite3_stmt) insert_sale = NULL;
  g_autoptr(sqlite3_stmt) insert_line = NULL;
  g_autoptr(sqlite3_stmt) insert_payment = NULL;
  g_autofree gint64 *totals = g_new0 (gint64, 2 * MAX (sale->lines->len, 1));
  gint64 total = 0, total_equa = 0, delta = 0, paid = 0;
  gboolean has_row = FALSE;

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
  if (is_refund && !sale_exists (db, sale->refund_of, &has_row, error))
    return FALSE;

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, i);
      gint64 *lt = &totals[2 * i], *lte = &totals[2 * i + 1];

      if (!line_figures (db, sale, line, has_row, lt, lte, reasons, error))
        return FALSE;

      if (*lt != line->line_total)
        review (reasons, "line %" G_GINT64_FORMAT ": line_total %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->line_total, *lt);
      if (*lte != line->line_total_equa)
        review (reasons, "line %" G_GINT64_FORMAT ": line_total_equa %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->line_total_equa, *lte);
      if (*lt - *lte != line->tier_delta)
        review (reasons, "line %" G_GINT64_FORMAT ": tier_delta %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->tier_delta, *lt - *lte);
      if ((sale->tier == DIS_TIER_EQUA && line->unit_price != line->unit_price_equa) ||
          (sale->tier < DIS_TIER_EQUA && line->unit_price > line->unit_price_equa) ||
          (sale->tier == DIS_TIER_SOLIDALE && line->unit_price < line->unit_price_equa))
        review (reasons, "line %" G_GINT64_FORMAT ": unit_price %" G_GINT64_FORMAT " does not fit tier %s (equa %" G_GINT64_FORMAT ")",
                line->line_no, line->unit_price, tier, line->unit_price_equa);
      if ((line->quantity < 0) != is_refund)
        review (reasons, "line %" G_GINT64_FORMAT ": quantity sign does not match a %s",
                line->line_no, is_refund ? "refund" : "sale");

      total += *lt;
      total_equa += *lte;
      delta += *lt - *lte;
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
    paid += g_array_index (sale->payments, DisCodecPayment, i).amount;
  if (paid != total)
    review (reasons, "payments add up to %" G_GINT64_FORMAT ", not the total %" G_GINT64_FORMAT, paid, total);
  if (is_refund && !has_row)
    review (reasons, "refund of sale %s, which the hub does not know", sale->refund_of);

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
  dis_hub_bind_text (insert_sale, 12, tier);
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
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, i);
      gint64 lt = totals[2 * i], lte = totals[2 * i + 1];

      sqlite3_reset (insert_line);
      dis_hub_bind_text (insert_line, 1, sale->id);
      sqlite3_bind_int64 (insert_line, 2, line->line_no);
      dis_hub_bind_text (insert_line, 3, line->product_code);
      dis_hub_bind_text (insert_line, 4, line->product_name);
      dis_hub_bind_text (insert_line, 5, line->supplier_code);
      dis_hub_bind_text (insert_line, 6, dis_unit_to_code (line->unit));
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
      const DisCodecPayment *payment = &g_array_index (sale->payments, DisCodecPayment, i);

      sqlite3_reset (insert_payment);
      dis_hub_bind_text (insert_payment, 1, sale->id);
      dis_hub_bind_text (insert_payment, 2, dis_payment_method_to_code (payment->method));
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
              const char  *payload,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
  dis_hub_bind_text (stmt, 8, payload);
  return dis_hub_db_step_done (db, stmt, error);
}

/* Tracks the device's highest seq and records a gap when it jumps. */
static gboolean
track_seq (DisHubDb    *db,
           const char  *point,
           const char  *device,
           gint64       seq,
           GArray      *gaps,
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
  /* seq is at most DIS_CODEC_SEQ_MAX, so last + 1 cannot overflow here. */
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

      {
        DisCodecGap found = { device, last + 1, seq - 1 };

        g_array_append_val (gaps, found);
      }
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

/* Whether @origin is a device of @point enrolled before @device: a till
 * enrolled again under a new device code still sends the events its
 * earlier device committed, under that device's code and seq. */
static gboolean
is_earlier_device (DisHubDb    *db,
                   const char  *point,
                   const char  *device,
                   const char  *origin,
                   gboolean    *out,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dis_hub_db_prepare (db,
                             "SELECT 1 FROM devices o JOIN devices d ON d.point_code = o.point_code"
                             " WHERE o.point_code = ?1 AND d.device = ?2 AND o.device = ?3 AND o.id < d.id",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_bind_text (stmt, 1, point);
  dis_hub_bind_text (stmt, 2, device);
  dis_hub_bind_text (stmt, 3, origin);
  return dis_hub_db_step (db, stmt, out, error);
}

typedef enum { APPLY_ACCEPTED, APPLY_DUPLICATE, APPLY_REJECTED, APPLY_FAILED } Outcome;

/* A codec error as the event's rejection. */
static Outcome
rejected_by (DisHubReject *r,
             const GError *error)
{
  dis_hub_reject (r, dis_codec_error_code (error), "%s", error->message);
  return APPLY_REJECTED;
}

gboolean
dis_hub_events_check (JsonNode  *event,
                      char     **out_code,
                      char     **out_message)
{
  g_auto(DisCodecEvent) decoded = { NULL, };
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (event != NULL, FALSE);

  if (dis_codec_event_decode (event, &decoded, &error))
    return TRUE;
  if (out_code != NULL)
    *out_code = g_strdup (dis_codec_error_code (error));
  if (out_message != NULL)
    *out_message = g_strdup (error->message);
  return FALSE;
}

/* A member event (dis-hub-members.c): the member's new data reaches the
 * feed with it. */
static Outcome
apply_member (DisHubDb       *db,
              const char     *point,
              const char     *device,
              DisCodecEvent  *event,
              GArray         *gaps,
              DisHubReject   *r,
              GError        **error)
{
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *code = NULL;
  char *message = NULL;

  if (!dis_hub_members_apply_event (db, point, device, &event->member, &code, &message, error))
    {
      if (code == NULL)
        return APPLY_FAILED;
      r->code = code;
      g_free (r->message);
      r->message = message;
      return APPLY_REJECTED;
    }
  /* Stored as the codec writes it: what the hub did not read is not kept. */
  payload = dis_codec_member_event_to_node (&event->member, &local_error);
  if (payload == NULL)
    return rejected_by (r, local_error);
  text = dis_codec_to_text (payload, NULL);
  if (!insert_event (db, point, device, event->id, event->seq, event->type_name, event->at, text, error) ||
      !track_seq (db, point, device, event->seq, gaps, error))
    return APPLY_FAILED;
  return APPLY_ACCEPTED;
}

static Outcome
apply_sale (DisHubDb       *db,
            const char     *point,
            const char     *device,
            DisCodecEvent  *event,
            GArray         *gaps,
            DisHubReject   *r,
            GString        *reasons,
            GError        **error)
{
  const DisCodecSale *sale = &event->sale;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gboolean exists;

  if (!g_str_equal (sale->point, point))
    return dis_hub_reject (r, "wrong_point", "payload.point: %s is not this device's point", sale->point), APPLY_REJECTED;
  if (!g_str_equal (sale->device, device))
    return dis_hub_reject (r, "wrong_device", "payload.device: %s is not this device", sale->device), APPLY_REJECTED;
  if (!sale_exists (db, sale->id, &exists, error))
    return APPLY_FAILED;
  if (exists)
    return dis_hub_reject (r, "duplicate_sale", "payload.id: sale %s was already received in another event", sale->id), APPLY_REJECTED;
  if (sale->member_card != NULL)
    {
      if (!dis_hub_members_exists (db, sale->member_card, &exists, error))
        return APPLY_FAILED;
      if (!exists)
        return dis_hub_reject (r, "unknown_card", "payload.member_card: no member has the card %s",
                               sale->member_card), APPLY_REJECTED;
    }

  text = dis_codec_sale_write (sale, NULL, &local_error);
  if (text == NULL)
    return rejected_by (r, local_error);
  if (!insert_event (db, point, device, event->id, event->seq, event->type_name, event->at, text, error) ||
      !store_sale (db, event->id, sale, reasons, error) ||
      !dis_hub_fund_place_sale (db, sale->id, error) ||
      (sale->member_card != NULL && !dis_hub_members_publish (db, sale->member_card, error)) ||
      !track_seq (db, point, device, event->seq, gaps, error))
    return APPLY_FAILED;
  return APPLY_ACCEPTED;
}

/* One event, inside the batch's transaction and its own savepoint. */
static Outcome
apply_one (DisHubDb      *db,
           const char    *point,
           const char    *device,
           JsonNode      *node,
           GArray        *gaps,
           const char   **out_id,
           DisHubReject  *r,
           GString       *reasons,
           GError       **error)
{
  g_auto(DisCodecEvent) event = { NULL, };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *owner = NULL;
  const char *payload_point, *origin;

  /* The answer names the event when its id at least was readable. */
  if (!dis_codec_event_decode_envelope (node, &event, &local_error))
    {
      *out_id = event.id;
      return rejected_by (r, local_error);
    }
  *out_id = event.id;

  /* A known event is answered before its payload is read again. */
  if (!event_owner (db, event.id, &owner, error))
    return APPLY_FAILED;
  /* An id belongs to the point that sent it first: another point's reuse
   * is neither acknowledged nor told anything about that event. */
  if (owner != NULL && !g_str_equal (owner, point))
    return dis_hub_reject (r, DIS_CODEC_REJECT_EVENT_ID_CONFLICT,
                           "id: already used by another point; the event needs a new id"), APPLY_REJECTED;
  if (owner != NULL)
    return APPLY_DUPLICATE;

  if (!dis_codec_event_decode_payload (&event, &local_error))
    return rejected_by (r, local_error);

  /* The event is recorded, and its seq tracked, under the device that
   * numbered it: the pushing one or an earlier device of the same point. */
  payload_point = dis_codec_event_type_is_sale (event.type) ? event.sale.point : event.member.point;
  origin = dis_codec_event_type_is_sale (event.type) ? event.sale.device : event.member.device;
  if (g_str_equal (payload_point, point) && !g_str_equal (origin, device))
    {
      gboolean earlier;

      if (!is_earlier_device (db, point, device, origin, &earlier, error))
        return APPLY_FAILED;
      if (!earlier)
        return dis_hub_reject (r, DIS_CODEC_REJECT_WRONG_DEVICE,
                               "payload.device: %s is neither this device nor an earlier device of point %s",
                               origin, point), APPLY_REJECTED;
      device = origin;
    }
  if (dis_codec_event_type_is_sale (event.type))
    return apply_sale (db, point, device, &event, gaps, r, reasons, error);
  return apply_member (db, point, device, &event, gaps, r, error);
}

JsonNode *
dis_hub_events_apply (DisHubDb    *db,
                      const char  *point,
                      const char  *device,
                      JsonArray   *events,
                      GError     **error)
{
  g_autoptr(GArray) acks = g_array_new (FALSE, TRUE, sizeof (DisCodecAck));
  g_autoptr(GArray) gaps = g_array_new (FALSE, TRUE, sizeof (DisCodecGap));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (point != NULL && device != NULL, NULL);

  if (!dis_hub_db_begin (db, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      g_autoptr(GString) reasons = g_string_new (NULL);
      DisHubReject r = { NULL, NULL };
      DisCodecAck ack = { NULL, };
      Outcome outcome;

      if (!dis_hub_db_exec (db, "SAVEPOINT event", error))
        goto failed;
      outcome = apply_one (db, point, device, json_array_get_element (events, i),
                           gaps, &ack.id, &r, reasons, error);
      /* The messages live until the reply is built. */
      g_ptr_array_add (texts, r.message);
      if (outcome == APPLY_FAILED)
        goto failed;
      if (!dis_hub_db_exec (db, outcome == APPLY_ACCEPTED ? "RELEASE event"
                                : "ROLLBACK TO event; RELEASE event", error))
        goto failed;

      ack.status = outcome == APPLY_ACCEPTED ? DIS_CODEC_ACK_ACCEPTED
                   : outcome == APPLY_DUPLICATE ? DIS_CODEC_ACK_DUPLICATE : DIS_CODEC_ACK_REJECTED;
      if (outcome == APPLY_REJECTED)
        {
          ack.code = r.code;
          ack.message = r.message;
        }
      else if (outcome == APPLY_ACCEPTED && reasons->len > 0)
        {
          ack.review = reasons->str;
          g_ptr_array_add (texts, g_string_free (g_steal_pointer (&reasons), FALSE));
        }
      g_array_append_val (acks, ack);
    }

  if (!dis_hub_db_commit (db, error))
    goto failed;
  return dis_codec_reply_to_node ((const DisCodecAck *) (gconstpointer) acks->data, acks->len,
                                  (const DisCodecGap *) (gconstpointer) gaps->data, gaps->len);

failed:
  dis_hub_db_rollback (db);
  return NULL;
}
