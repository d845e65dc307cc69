/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-events"

#include "config.h"

#include "dis-hub-checks.h"
#include "dis-hub-events-private.h"
#include "dis-hub-fund.h"
#include "dis-hub-json.h"
#include "dis-money.h"
#include "dis-sale.h"
#include "dis-tier.h"

/* A pushed sale as the hub stores it (dis-hub-events-private.h): every
 * line priced from the hub's own catalog, every figure recomputed. */

/* dis-hub-json.h: one way to add a reason, shared with dis-hub-checks.c. */
#define review(...) dis_hub_review (__VA_ARGS__)

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
                DisHubPriceCache        *prices,
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

  if (!dis_hub_prices_lookup (db, prices, sale->point, line->product_code, pricing->version, &price, error))
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
              DisHubPriceCache        *prices,
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

  if (!catalog_prices (db, prices, sale, line, pricing, out, &priced, reasons, error))
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

gboolean
_dis_hub_events_store_sale (DisHubDb            *db,
                            DisHubPriceCache    *prices,
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
  g_autofree char *period = NULL;
  gint64 total = 0, total_equa = 0, delta = 0, paid = 0;
  gboolean late;
  Pricing pricing = { 0, };

  g_array_set_clear_func (figures, line_figures_clear);
  g_array_set_size (figures, sale->lines->len);
  insert_line = dis_hub_db_prepare_cached (db,
                                           "INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
                                           " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
                                           " line_total_equa, tier_delta, vat_rate, point_line_total, point_unit_price,"
                                           " point_unit_price_equa, point_line_total_equa, point_supplier_code,"
                                           " point_vat_rate)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                                           " ?16, ?17, ?18, ?19)",
                                           error);
  insert_payment = dis_hub_db_prepare_cached (db,
                                              "INSERT INTO hub_payments (sale_id, method, amount) VALUES (?1, ?2, ?3)",
                                              error);
  insert_sale = dis_hub_db_prepare_cached (db,
                                           "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
                                           " created_at, operator_id, operator_name, member_card, tier, refund_of, n_lines,"
                                           " total, total_equa, tier_delta, cash_tendered, change_due, point_total,"
                                           " point_total_equa, point_tier_delta, review_flag, review_reason,"
                                           " catalog_version, priced_version, fund_period, late, review_state)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                                           " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
                                           error);
  if (insert_line == NULL || insert_payment == NULL || insert_sale == NULL)
    return FALSE;
  if (!dis_hub_prices_version (db, prices, sale, &pricing.version, &pricing.inferred, &pricing.ahead, error))
    return FALSE;
  if (pricing.ahead)
    review (reasons, "catalog_version %" G_GINT64_FORMAT " is ahead of the hub's catalog: priced at version %"
            G_GINT64_FORMAT, sale->catalog_version, pricing.version);

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, i);
      LineFigures *f = &g_array_index (figures, LineFigures, i);

      if (!line_figures (db, prices, sale, line, &pricing, f, reasons, error))
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

  /* Stored with its fund period; a flagged sale waits for review. */
  if (!dis_hub_fund_sale_period (db, sale->created_at, &period, &late, error))
    return FALSE;

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
  dis_hub_stmt_bind_text (insert_sale, 27, period);
  dis_hub_stmt_bind_int64 (insert_sale, 28, late);
  dis_hub_stmt_bind_text (insert_sale, 29, reasons->len > 0 ? "pending" : "none");
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
