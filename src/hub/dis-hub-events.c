/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-events"

#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "dis-hub-checks.h"
#include "dis-hub-events.h"
#include "dis-hub-fund.h"
#include "dis-hub-json.h"
#include "dis-hub-members.h"
#include "dis-hub-prices.h"
#include "dis-hub-stock.h"
#include "dis-money.h"
#include "dis-sale.h"
#include "dis-tier.h"

/* Events pushed by points (README-api.md): the codec decodes and checks
 * each (dis-codec.h), this file applies it. The figures of a sale are the
 * point's: the hub prices every line from its own catalog, recomputes
 * the figures and flags the sale when they differ. */

/* dis-hub-json.h: one way to add a reason, shared with dis-hub-checks.c. */
#define review(...) dis_hub_review (__VA_ARGS__)

static gboolean
sale_exists (DisHubDb    *db,
             const char  *id,
             gboolean    *out,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, "SELECT 1 FROM hub_sales WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  return dis_hub_db_step (db, stmt, out, error);
}

/* The hub's figures of one line: prices, supplier and VAT from its own
 * catalog (dis-hub-prices.h), totals from them. */
typedef struct
{
  gint64  unit_price;
  gint64  unit_price_equa;
  gint64  total;
  gint64  total_equa;
  gint64  vat_rate;
  char   *supplier;      /* NULL = none */
} LineFigures;

static void
line_figures_clear (gpointer data)
{
  g_clear_pointer (&((LineFigures *) data)->supplier, g_free);
}

/* The catalog version a sale is priced at, and what the hub says of it. */
typedef struct
{
  gint64   version;
  gboolean inferred;     /* the sale did not name it */
  gboolean ahead;        /* it named a version the hub has not reached */
  gboolean differs;      /* a line's prices differ from the hub's */
} Pricing;

/* The line of the sale that @line refunds, with what earlier refunds
 * took of it, in *sold, and the hub's prices, supplier and VAT of it in
 * @out. dis_hub_checks_sale() refused, in this transaction, any refund
 * whose line is not its original's (refund_mismatch) or takes more than
 * is left (refund_exceeds_sale). */
static gboolean
refunded_line (DisHubDb                *db,
               const DisCodecSale      *refund,
               const DisCodecSaleLine  *line,
               DisSaleLine             *sold,
               LineFigures             *out,
               GError                 **error)
{
  g_auto(DisHubSoldLine) found_line = { NULL, };
  gboolean found;

  if (!dis_hub_sold_line_read (db, refund->refund_of, line->line_no, &found_line, &found, error))
    return FALSE;
  if (!found || !dis_hub_sold_line_is (&found_line, line))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB,
                   "line %" G_GINT64_FORMAT " of refund of %s passed the checks but names no line of it",
                   line->line_no, refund->refund_of);
      return FALSE;
    }
  /* The refund pays back at the hub's prices of the line it refunds. */
  *sold = found_line.line;
  out->unit_price = sold->unit_price;
  out->unit_price_equa = sold->unit_price_equa;
  out->vat_rate = sold->vat_rate;
  out->supplier = g_steal_pointer (&found_line.supplier_code);
  return TRUE;
}

/* The hub's prices of @line at the sale's version, each disagreement of
 * the point's a reason. A product the hub cannot price (unknown, another
 * point's own product, broken) keeps the point's figures as the hub's,
 * flagged; *out_priced says whether the hub priced it. */
static gboolean
catalog_prices (DisHubDb                *db,
                const DisCodecSale      *sale,
                const DisCodecSaleLine  *line,
                Pricing                 *pricing,
                LineFigures             *out,
                gboolean                *out_priced,
                GString                 *reasons,
                GError                 **error)
{
  g_auto(DisHubPrice) price = { 0, };
  gint64 n = line->line_no;

  if (!dis_hub_prices_lookup (db, sale->point, line->product_code, pricing->version, &price, error))
    return FALSE;

  *out_priced = price.source == DIS_HUB_PRICE_CATALOG || price.source == DIS_HUB_PRICE_OWN;
  switch (price.source)
    {
    case DIS_HUB_PRICE_CATALOG:
    case DIS_HUB_PRICE_OWN:
      out->unit_price = price.prices[sale->tier];
      out->unit_price_equa = price.prices[DIS_TIER_EQUA];
      out->supplier = g_steal_pointer (&price.supplier);
      out->vat_rate = price.vat;
      if (line->unit_price != out->unit_price || line->unit_price_equa != out->unit_price_equa)
        {
          review (reasons, "line %" G_GINT64_FORMAT ": %s at %" G_GINT64_FORMAT " (equa %" G_GINT64_FORMAT
                  ") but the hub's catalog says %" G_GINT64_FORMAT " (equa %" G_GINT64_FORMAT ")",
                  n, line->product_code, line->unit_price, line->unit_price_equa,
                  out->unit_price, out->unit_price_equa);
          pricing->differs = TRUE;
        }
      if (g_strcmp0 (line->supplier_code, out->supplier) != 0)
        review (reasons, "line %" G_GINT64_FORMAT ": supplier %s but the hub's catalog says %s", n,
                line->supplier_code != NULL ? line->supplier_code : "none",
                out->supplier != NULL ? out->supplier : "none");
      if (line->vat_rate != out->vat_rate)
        review (reasons, "line %" G_GINT64_FORMAT ": VAT %" G_GINT64_FORMAT "%% but the hub's catalog says %"
                G_GINT64_FORMAT "%%", n, line->vat_rate, out->vat_rate);
      return TRUE;
    case DIS_HUB_PRICE_OTHER_OWN:
      review (reasons, "line %" G_GINT64_FORMAT ": %s is an own product of point %s", n,
              line->product_code, price.owner);
      break;
    case DIS_HUB_PRICE_UNKNOWN:
      review (reasons, "line %" G_GINT64_FORMAT ": the hub knows no product %s", n, line->product_code);
      break;
    case DIS_HUB_PRICE_BROKEN:
    default:
      review (reasons, "line %" G_GINT64_FORMAT ": %s cannot be priced: %s", n, line->product_code,
              price.problem);
      break;
    }
  out->unit_price = line->unit_price;
  out->unit_price_equa = line->unit_price_equa;
  out->supplier = g_strdup (line->supplier_code);
  out->vat_rate = line->vat_rate;
  return TRUE;
}

/* The hub's own figures of one line (DESIGN.md §3, dis-money.h), at its
 * catalog's prices: a sale's line is priced by its quantity, or is a
 * scale label that printed its price (dis_label_line_matches ()); a
 * refund's line pays back, at the hub's prices of the line it refunds,
 * what that line allows, the last refund of it exactly what is left
 * (dis_sale_line_refund_totals ()). */
static gboolean
line_figures (DisHubDb                *db,
              const DisCodecSale      *sale,
              const DisCodecSaleLine  *line,
              Pricing                 *pricing,
              LineFigures             *out,
              GString                 *reasons,
              GError                 **error)
{
  DisSaleLine sold = { 0, };
  gboolean priced;

  /* A line of the wrong sign is priced from the catalog, and flagged by
   * store_sale(). */
  if (sale->refund && line->quantity < 0)
    {
      if (!refunded_line (db, sale, line, &sold, out, error))
        return FALSE;
      dis_sale_line_refund_totals (&sold, -line->quantity, &out->total, &out->total_equa);
      return TRUE;
    }

  if (!catalog_prices (db, sale, line, pricing, out, &priced, reasons, error))
    return FALSE;
  if (!priced)
    {
      /* The point's figures stand, flagged. */
      out->total = line->line_total;
      out->total_equa = line->line_total_equa;
      return TRUE;
    }
  /* The codec's bounds keep these products far from overflow. */
  out->total = dis_line_total (out->unit_price, line->quantity);
  out->total_equa = dis_line_total (out->unit_price_equa, line->quantity);
  if (!sale->refund &&
      (out->total != line->line_total || out->total_equa != line->line_total_equa) &&
      dis_label_line_matches (line->quantity, out->unit_price, out->unit_price_equa,
                              line->line_total, line->line_total_equa))
    {
      out->total = line->line_total;
      out->total_equa = line->line_total_equa;
    }
  return TRUE;
}

/* Prices every line from the hub's catalog at the sale's version,
 * recomputes every figure and stores the sale normalized: the hub's
 * figures in the figures' columns, the point's beside them (point_*);
 * each disagreement of the point's flags it for review. */
static gboolean
store_sale (DisHubDb            *db,
            const char          *event_id,
            const DisCodecSale  *sale,
            GString             *reasons,
            GError             **error)
{
  gboolean is_refund = sale->refund;
  const char *tier = dis_tier_to_code (sale->tier);
  g_autoptr(DisHubStmt) insert_sale = NULL;
  g_autoptr(DisHubStmt) insert_line = NULL;
  g_autoptr(DisHubStmt) insert_payment = NULL;
  g_autoptr(GArray) figures = g_array_sized_new (FALSE, TRUE, sizeof (LineFigures), sale->lines->len);
  gint64 total = 0, total_equa = 0, delta = 0, paid = 0;
  Pricing pricing = { 0, };

  g_array_set_clear_func (figures, line_figures_clear);
  g_array_set_size (figures, sale->lines->len);
  insert_line = dis_hub_db_prepare (db,
                                    "INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
                                    " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
                                    " line_total_equa, tier_delta, vat_rate, point_line_total, point_unit_price,"
                                    " point_unit_price_equa, point_line_total_equa, point_supplier_code,"
                                    " point_vat_rate)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                                    " ?16, ?17, ?18, ?19)",
                                    error);
  insert_payment = dis_hub_db_prepare (db,
                                       "INSERT INTO hub_payments (sale_id, method, amount) VALUES (?1, ?2, ?3)",
                                       error);
  insert_sale = dis_hub_db_prepare (db,
                                    "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
                                    " created_at, operator_id, operator_name, member_card, tier, refund_of, n_lines,"
                                    " total, total_equa, tier_delta, cash_tendered, change_due, point_total,"
                                    " point_total_equa, point_tier_delta, review_flag, review_reason,"
                                    " catalog_version, priced_version)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                                    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
                                    error);
  if (insert_line == NULL || insert_payment == NULL || insert_sale == NULL)
    return FALSE;
  if (!dis_hub_prices_version (db, sale, &pricing.version, &pricing.inferred, &pricing.ahead, error))
    return FALSE;
  if (pricing.ahead)
    review (reasons, "catalog_version %" G_GINT64_FORMAT " is ahead of the hub's catalog: priced at version %"
            G_GINT64_FORMAT, sale->catalog_version, pricing.version);

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, i);
      LineFigures *f = &g_array_index (figures, LineFigures, i);

      if (!line_figures (db, sale, line, &pricing, f, reasons, error))
        return FALSE;

      if (f->total != line->line_total)
        review (reasons, "line %" G_GINT64_FORMAT ": line_total %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->line_total, f->total);
      if (f->total_equa != line->line_total_equa)
        review (reasons, "line %" G_GINT64_FORMAT ": line_total_equa %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->line_total_equa, f->total_equa);
      if (f->total - f->total_equa != line->tier_delta)
        review (reasons, "line %" G_GINT64_FORMAT ": tier_delta %" G_GINT64_FORMAT " but the hub computes %" G_GINT64_FORMAT,
                line->line_no, line->tier_delta, f->total - f->total_equa);
      if ((sale->tier == DIS_TIER_EQUA && line->unit_price != line->unit_price_equa) ||
          (sale->tier < DIS_TIER_EQUA && line->unit_price > line->unit_price_equa) ||
          (sale->tier == DIS_TIER_SOLIDALE && line->unit_price < line->unit_price_equa))
        review (reasons, "line %" G_GINT64_FORMAT ": unit_price %" G_GINT64_FORMAT " does not fit tier %s (equa %" G_GINT64_FORMAT ")",
                line->line_no, line->unit_price, tier, line->unit_price_equa);
      if ((line->quantity < 0) != is_refund)
        review (reasons, "line %" G_GINT64_FORMAT ": quantity sign does not match a %s",
                line->line_no, is_refund ? "refund" : "sale");

      total += f->total;
      total_equa += f->total_equa;
      delta += f->total - f->total_equa;
    }
  if (pricing.inferred && pricing.differs)
    review (reasons, "the sale does not say which catalog version priced it: the hub priced it at %s",
            pricing.version > 0 ? "the newest version before its receipt time" : "its first catalog");

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

  dis_hub_stmt_bind_text (insert_sale, 1, sale->id);
  dis_hub_stmt_bind_text (insert_sale, 2, event_id);
  dis_hub_stmt_bind_text (insert_sale, 3, is_refund ? "refund" : "sale");
  dis_hub_stmt_bind_text (insert_sale, 4, sale->point);
  dis_hub_stmt_bind_text (insert_sale, 5, sale->device);
  dis_hub_stmt_bind_int64 (insert_sale, 6, sale->seq);
  dis_hub_stmt_bind_text (insert_sale, 7, sale->receipt_no);
  dis_hub_stmt_bind_text (insert_sale, 8, sale->created_at);
  dis_hub_stmt_bind_int64 (insert_sale, 9, sale->operator_id);
  dis_hub_stmt_bind_text (insert_sale, 10, sale->operator_name);
  dis_hub_stmt_bind_text (insert_sale, 11, sale->member_card);
  dis_hub_stmt_bind_text (insert_sale, 12, tier);
  dis_hub_stmt_bind_text (insert_sale, 13, sale->refund_of);
  dis_hub_stmt_bind_int64 (insert_sale, 14, sale->lines->len);
  dis_hub_stmt_bind_int64 (insert_sale, 15, total);
  dis_hub_stmt_bind_int64 (insert_sale, 16, total_equa);
  dis_hub_stmt_bind_int64 (insert_sale, 17, delta);
  dis_hub_stmt_bind_int64 (insert_sale, 18, sale->cash_tendered);
  dis_hub_stmt_bind_int64 (insert_sale, 19, sale->change_due);
  dis_hub_stmt_bind_int64 (insert_sale, 20, sale->total);
  dis_hub_stmt_bind_int64 (insert_sale, 21, sale->total_equa);
  dis_hub_stmt_bind_int64 (insert_sale, 22, sale->tier_delta);
  dis_hub_stmt_bind_int64 (insert_sale, 23, reasons->len > 0);
  dis_hub_stmt_bind_text (insert_sale, 24, reasons->len > 0 ? reasons->str : NULL);
  if (sale->has_catalog_version)
    dis_hub_stmt_bind_int64 (insert_sale, 25, sale->catalog_version);
  dis_hub_stmt_bind_int64 (insert_sale, 26, pricing.version);
  if (!dis_hub_db_step_done (db, insert_sale, error))
    return FALSE;

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, i);
      const LineFigures *f = &g_array_index (figures, LineFigures, i);

      dis_hub_stmt_reset (insert_line);
      dis_hub_stmt_bind_text (insert_line, 1, sale->id);
      dis_hub_stmt_bind_int64 (insert_line, 2, line->line_no);
      dis_hub_stmt_bind_text (insert_line, 3, line->product_code);
      dis_hub_stmt_bind_text (insert_line, 4, line->product_name);
      dis_hub_stmt_bind_text (insert_line, 5, f->supplier);
      dis_hub_stmt_bind_text (insert_line, 6, dis_unit_to_code (line->unit));
      dis_hub_stmt_bind_int64 (insert_line, 7, line->quantity);
      dis_hub_stmt_bind_int64 (insert_line, 8, f->unit_price);
      dis_hub_stmt_bind_int64 (insert_line, 9, f->unit_price_equa);
      dis_hub_stmt_bind_int64 (insert_line, 10, f->total);
      dis_hub_stmt_bind_int64 (insert_line, 11, f->total_equa);
      dis_hub_stmt_bind_int64 (insert_line, 12, f->total - f->total_equa);
      dis_hub_stmt_bind_int64 (insert_line, 13, f->vat_rate);
      dis_hub_stmt_bind_int64 (insert_line, 14, line->line_total);
      dis_hub_stmt_bind_int64 (insert_line, 15, line->unit_price);
      dis_hub_stmt_bind_int64 (insert_line, 16, line->unit_price_equa);
      dis_hub_stmt_bind_int64 (insert_line, 17, line->line_total_equa);
      dis_hub_stmt_bind_text (insert_line, 18, line->supplier_code);
      dis_hub_stmt_bind_int64 (insert_line, 19, line->vat_rate);
      if (!dis_hub_db_step_done (db, insert_line, error))
        return FALSE;
    }
  for (guint i = 0; i < sale->payments->len; i++)
    {
      const DisCodecPayment *payment = &g_array_index (sale->payments, DisCodecPayment, i);

      dis_hub_stmt_reset (insert_payment);
      dis_hub_stmt_bind_text (insert_payment, 1, sale->id);
      dis_hub_stmt_bind_text (insert_payment, 2, dis_payment_method_to_code (payment->method));
      dis_hub_stmt_bind_int64 (insert_payment, 3, payment->amount);
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
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO events (id, point_code, device, seq, type, at, received_at, payload)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, point);
  dis_hub_stmt_bind_text (stmt, 3, device);
  dis_hub_stmt_bind_int64 (stmt, 4, seq);
  dis_hub_stmt_bind_text (stmt, 5, type);
  dis_hub_stmt_bind_text (stmt, 6, at);
  dis_hub_stmt_bind_text (stmt, 7, now);
  dis_hub_stmt_bind_text (stmt, 8, payload);
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
  g_autoptr(DisHubStmt) select = NULL;
  g_autoptr(DisHubStmt) update = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  gboolean has_row;
  gint64 last;

  select = dis_hub_db_prepare (db, "SELECT last_seq FROM devices WHERE point_code = ?1 AND device = ?2", error);
  if (select == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (select, 1, point);
  dis_hub_stmt_bind_text (select, 2, device);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return FALSE;
  last = has_row ? dis_hub_stmt_column_int64 (select, 0) : 0;
  /* seq is at most DIS_CODEC_SEQ_MAX, so last + 1 cannot overflow here. */
  if (seq <= last)
    return TRUE;

  if (seq > last + 1)
    {
      g_autoptr(DisHubStmt) gap = NULL;

      gap = dis_hub_db_prepare (db,
                                "INSERT INTO gaps (point_code, device, from_seq, to_seq, recorded_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)",
                                error);
      if (gap == NULL)
        return FALSE;
      dis_hub_stmt_bind_text (gap, 1, point);
      dis_hub_stmt_bind_text (gap, 2, device);
      dis_hub_stmt_bind_int64 (gap, 3, last + 1);
      dis_hub_stmt_bind_int64 (gap, 4, seq - 1);
      dis_hub_stmt_bind_text (gap, 5, now);
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
  dis_hub_stmt_bind_text (update, 1, point);
  dis_hub_stmt_bind_text (update, 2, device);
  dis_hub_stmt_bind_int64 (update, 3, seq);
  return dis_hub_db_step_done (db, update, error);
}

/* The point that first sent event @id, or NULL in *out_point. */
static gboolean
event_owner (DisHubDb    *db,
             const char  *id,
             char       **out_point,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, "SELECT point_code FROM events WHERE id = ?1", error);
  gboolean has_row;

  *out_point = NULL;
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
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
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare (db,
                             "SELECT 1 FROM devices o JOIN devices d ON d.point_code = o.point_code"
                             " WHERE o.point_code = ?1 AND d.device = ?2 AND o.device = ?3 AND o.id < d.id",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  dis_hub_stmt_bind_text (stmt, 2, device);
  dis_hub_stmt_bind_text (stmt, 3, origin);
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

/* How a member or declaration event is applied: its rule's refusal is
 * the event's rejection (*out_code and *out_message, FALSE with @error
 * unset); then its payload as the codec writes it is stored. */
typedef gboolean (*ApplyFunc)   (DisHubDb       *db,
                                 const char     *point,
                                 const char     *device,
                                 DisCodecEvent  *event,
                                 const char    **out_code,
                                 char          **out_message,
                                 GError        **error);
typedef JsonNode *(*PayloadFunc) (DisCodecEvent  *event,
                                  GError        **error);

static Outcome
apply_recorded (DisHubDb       *db,
                const char     *point,
                const char     *device,
                DisCodecEvent  *event,
                ApplyFunc       apply,
                PayloadFunc     payload_of,
                GArray         *gaps,
                DisHubReject   *r,
                GError        **error)
{
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *code = NULL;
  char *message = NULL;

  if (!apply (db, point, device, event, &code, &message, error))
    {
      if (code == NULL)
        return APPLY_FAILED;
      r->code = code;
      g_free (r->message);
      r->message = message;
      return APPLY_REJECTED;
    }
  /* Stored as the codec writes it: what the hub did not read is not kept. */
  payload = payload_of (event, &local_error);
  if (payload == NULL)
    return rejected_by (r, local_error);
  text = dis_codec_to_text (payload, NULL);
  if (!insert_event (db, point, device, event->id, event->seq, event->type_name, event->at, text, error) ||
      !track_seq (db, point, device, event->seq, gaps, error))
    return APPLY_FAILED;
  return APPLY_ACCEPTED;
}

/* A member event (dis-hub-members.c): the member's new data reaches the
 * feed with it. */
static gboolean
member_apply (DisHubDb       *db,
              const char     *point,
              const char     *device,
              DisCodecEvent  *event,
              const char    **out_code,
              char          **out_message,
              GError        **error)
{
  return dis_hub_members_apply_event (db, point, device, &event->member, out_code, out_message, error);
}

static JsonNode *
member_payload (DisCodecEvent  *event,
                GError        **error)
{
  return dis_codec_member_event_to_node (&event->member, error);
}

/* product.declared (dis-hub-prices.h): the point's own product prices
 * the point's later sales of it. */
static gboolean
declared_apply (DisHubDb       *db,
                const char     *point,
                const char     *device,
                DisCodecEvent  *event,
                const char    **out_code,
                char          **out_message,
                GError        **error)
{
  if (!g_str_equal (event->declared.point, point))
    {
      *out_code = "wrong_point";
      *out_message = g_strdup_printf ("payload.point: %s is not this device's point", event->declared.point);
      return FALSE;
    }
  return dis_hub_prices_declare (db, point, event->id, event->at, &event->declared.product,
                                 out_code, out_message, error);
}

static JsonNode *
declared_payload (DisCodecEvent  *event,
                  GError        **error)
{
  return dis_codec_product_declared_to_node (&event->declared, error);
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
  if (!dis_hub_checks_sale (db, point, sale, r, reasons, error))
    return r->code != NULL ? APPLY_REJECTED : APPLY_FAILED;

  text = dis_codec_sale_write (sale, NULL, &local_error);
  if (text == NULL)
    return rejected_by (r, local_error);
  if (!insert_event (db, point, device, event->id, event->seq, event->type_name, event->at, text, error) ||
      !store_sale (db, event->id, sale, reasons, error) ||
      !dis_hub_fund_place_sale (db, sale->id, error) ||
      !dis_hub_stock_apply_sale (db, event->id, sale, error) ||
      (sale->member_card != NULL && !dis_hub_members_publish_after_sale (db, sale->member_card, error)) ||
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
  if (dis_codec_event_type_is_sale (event.type))
    payload_point = event.sale.point, origin = event.sale.device;
  else if (event.type == DIS_CODEC_PRODUCT_DECLARED)
    payload_point = event.declared.point, origin = event.declared.device;
  else if (dis_hub_stock_handles (event.type))
    payload_point = point, origin = device;   /* stock payloads name neither */
  else
    payload_point = event.member.point, origin = event.member.device;
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
  if (event.type == DIS_CODEC_PRODUCT_DECLARED)
    return apply_recorded (db, point, device, &event, declared_apply, declared_payload, gaps, r, error);
  if (dis_hub_stock_handles (event.type))
    return apply_recorded (db, point, device, &event, dis_hub_stock_apply_event, dis_hub_stock_event_payload,
                           gaps, r, error);
  return apply_recorded (db, point, device, &event, member_apply, member_payload, gaps, r, error);
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

  /* One snapshot of the point for the whole batch, however many of its
   * events moved its stock. */
  if (!dis_hub_stock_publish (db, point, error) ||
      !dis_hub_db_commit (db, error))
    goto failed;
  return dis_codec_reply_to_node ((const DisCodecAck *) (gconstpointer) acks->data, acks->len,
                                  (const DisCodecGap *) (gconstpointer) gaps->data, gaps->len);

failed:
  dis_hub_db_rollback (db);
  return NULL;
}
