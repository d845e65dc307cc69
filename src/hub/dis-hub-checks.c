/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-checks"

#include "config.h"

#include "dis-date.h"
#include "dis-hub-checks.h"
#include "dis-hub-settings.h"
#include "dis-member.h"
#include "dis-money.h"
#include "dis-tier.h"

/* What the hub checks of a sale against its own records before storing it
 * (dis-hub-checks.h). The figures of the lines are dis-hub-events.c's. */

/* ---- Refunds -------------------------------------------------------------- */

gboolean
dis_hub_sold_line_is (const DisHubSoldLine    *sold,
                      const DisCodecSaleLine  *line)
{
  return g_strcmp0 (sold->product_code, line->product_code) == 0 &&
         sold->point_unit_price == line->unit_price &&
         sold->point_unit_price_equa == line->unit_price_equa;
}

void
dis_hub_sold_line_clear (DisHubSoldLine *line)
{
  g_clear_pointer (&line->product_code, g_free);
  g_clear_pointer (&line->supplier_code, g_free);
}

gboolean
dis_hub_sold_line_read (DisHubDb        *db,
                        const char      *sale_id,
                        gint64           line_no,
                        DisHubSoldLine  *out,
                        gboolean        *out_found,
                        GError         **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  g_return_val_if_fail (sale_id != NULL, FALSE);

  /* Earlier refunds of the line: every refund of the sale, by line
   * number (refund_mismatch keeps a refund's line on its original's). */
  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT l.product_code, l.point_unit_price, l.point_unit_price_equa, l.quantity,"
                                    " l.line_total, l.line_total_equa, l.unit_price, l.unit_price_equa,"
                                    " l.supplier_code, l.vat_rate,"
                                    " coalesce (-sum (r.quantity), 0), coalesce (-sum (r.line_total), 0),"
                                    " coalesce (-sum (r.line_total_equa), 0)"
                                    " FROM hub_sale_lines l"
                                    " LEFT JOIN hub_sales s ON s.refund_of = l.sale_id"
                                    " LEFT JOIN hub_sale_lines r ON r.sale_id = s.id AND r.line_no = l.line_no"
                                    " WHERE l.sale_id = ?1 AND l.line_no = ?2"
                                    " GROUP BY l.product_code, l.point_unit_price, l.point_unit_price_equa, l.quantity,"
                                    " l.line_total, l.line_total_equa, l.unit_price, l.unit_price_equa,"
                                    " l.supplier_code, l.vat_rate",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, sale_id);
  dis_hub_stmt_bind_int64 (stmt, 2, line_no);
  if (!dis_hub_db_step (db, stmt, out_found, error))
    return FALSE;
  if (*out_found)
    *out = (DisHubSoldLine) {
      .product_code = dis_hub_column_dup (stmt, 0),
      .point_unit_price = dis_hub_stmt_column_int64 (stmt, 1),
      .point_unit_price_equa = dis_hub_stmt_column_int64 (stmt, 2),
      .line = {
        .quantity = dis_hub_stmt_column_int64 (stmt, 3),
        .line_total = dis_hub_stmt_column_int64 (stmt, 4),
        .line_total_equa = dis_hub_stmt_column_int64 (stmt, 5),
        .unit_price = dis_hub_stmt_column_int64 (stmt, 6),
        .unit_price_equa = dis_hub_stmt_column_int64 (stmt, 7),
        .vat_rate = (guint) dis_hub_stmt_column_int64 (stmt, 9),
        .refunded_quantity = dis_hub_stmt_column_int64 (stmt, 10),
        .refunded_total = dis_hub_stmt_column_int64 (stmt, 11),
        .refunded_total_equa = dis_hub_stmt_column_int64 (stmt, 12),
      },
      .supplier_code = dis_hub_column_dup (stmt, 8),
    };
  return TRUE;
}

/* Each line against the original's line of the same number; lines of the
 * refund that name the same line count together. */
static gboolean
check_refund_lines (DisHubDb            *db,
                    const DisCodecSale  *sale,
                    DisHubReject        *r,
                    GError             **error)
{
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, i);
      g_auto(DisHubSoldLine) sold = { NULL, };
      gboolean found;
      gint64 taken = 0, left;

      if (!dis_hub_sold_line_read (db, sale->refund_of, line->line_no, &sold, &found, error))
        return FALSE;
      if (!found || !dis_hub_sold_line_is (&sold, line))
        return dis_hub_reject (r, "refund_mismatch",
                               "payload.lines[%u]: the refunded sale has no line %" G_GINT64_FORMAT
                               " of %s at these prices", i, line->line_no, line->product_code);

      /* The codec bounds quantities far from overflow. */
      for (guint j = 0; j <= i; j++)
        {
          const DisCodecSaleLine *other = &g_array_index (sale->lines, DisCodecSaleLine, j);

          if (other->line_no == line->line_no)
            taken -= other->quantity;
        }
      left = sold.line.quantity - sold.line.refunded_quantity;
      if (taken > left)
        return dis_hub_reject (r, "refund_exceeds_sale",
                               "payload.lines[%u]: refunds %" G_GINT64_FORMAT " of line %" G_GINT64_FORMAT
                               ", of which %" G_GINT64_FORMAT " is left to refund",
                               i, taken, line->line_no, MAX (left, 0));
    }
  return TRUE;
}

static gboolean
check_refund (DisHubDb            *db,
              const char          *point,
              const DisCodecSale  *sale,
              DisHubReject        *r,
              GError             **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  const char *tier;
  gboolean has_row;
  gint64 cross_point;

  stmt = dis_hub_db_prepare_cached (db, "SELECT point_code, tier FROM hub_sales WHERE id = ?1 AND kind = 'sale'", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, sale->refund_of);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return dis_hub_reject (r, "refund_unknown_sale",
                           "payload.refund_of: the hub has no sale %s", sale->refund_of);

  if (!g_str_equal (dis_hub_stmt_column_text (stmt, 0), point))
    {
      if (!dis_hub_settings_get (db, "refunds.cross_point", &cross_point, error))
        return FALSE;
      if (!cross_point)
        return dis_hub_reject (r, "refund_wrong_point",
                               "payload.refund_of: sale %s was sold by point %s; the network lets"
                               " only that point refund it", sale->refund_of,
                               dis_hub_stmt_column_text (stmt, 0));
    }

  tier = dis_hub_stmt_column_text (stmt, 1);
  if (!g_str_equal (tier, dis_tier_to_code (sale->tier)))
    return dis_hub_reject (r, "refund_mismatch", "payload.tier: %s, but sale %s was at %s",
                           dis_tier_to_code (sale->tier), sale->refund_of, tier);
  return check_refund_lines (db, sale, r, error);
}

/* ---- Eligibility at the sale's date --------------------------------------------- */

gboolean
dis_hub_checks_read_rules (DisHubDb             *db,
                           DisEligibilityRules  *out,
                           GError              **error)
{
  gint64 months, volume, needs, activity;

  if (!dis_hub_settings_get (db, "eligibility.impegno_min_months", &months, error) ||
      !dis_hub_settings_get (db, "eligibility.impegno_volume_cents", &volume, error) ||
      !dis_hub_settings_get (db, "eligibility.impegno_needs_activity", &needs, error) ||
      !dis_hub_settings_get (db, "eligibility.impegno_activity_min", &activity, error))
    return FALSE;
  *out = (DisEligibilityRules) { (guint) months, volume, needs != 0, activity };
  return TRUE;
}

/* The member's sales and refunds at every point from twelve months before
 * @day (that day counts) up to, not including, @before. */
static gboolean
volume_before (DisHubDb    *db,
               const char  *card_code,
               guint32      day,
               const char  *before,
               gint64      *out,
               GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *from = dis_date_format (dis_date_add_months (day, -12));
  gboolean has_row;

  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT coalesce (sum (total), 0) FROM hub_sales"
                                    " WHERE member_card = ?1 AND substr (created_at, 1, 10) >= ?2 AND created_at < ?3",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  dis_hub_stmt_bind_text (stmt, 2, from);
  dis_hub_stmt_bind_text (stmt, 3, before);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out = dis_hub_stmt_column_int64 (stmt, 0);
  return TRUE;
}

/* Whether the registry's date @text is on or before @day. */
static gboolean
by_day (DisHubStmt *stmt,
        int           column,
        guint32       day)
{
  guint32 julian = dis_date_parse (dis_hub_stmt_column_text (stmt, column));

  return julian != 0 && julian <= day;
}

gboolean
dis_hub_checks_read_buyer (DisHubDb    *db,
                           const char  *card_code,
                           guint32      day,
                           const char  *before,
                           DisBuyer    *out,
                           GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (db != NULL && before != NULL && out != NULL, FALSE);

  *out = (DisBuyer) { .is_member = FALSE };
  if (card_code == NULL)
    return TRUE;
  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT status, registered_on, documentation_acknowledged_on, declaration_on,"
                                    " declaration_text IS NOT NULL, basis, basis_verified_on, basis_expires_on,"
                                    " activity_hours, preferred_tier FROM members WHERE card_code = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, card_code);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;

  out->is_member = TRUE;
  dis_member_status_from_code (dis_hub_stmt_column_text (stmt, 0), &out->status);
  out->registered_julian = dis_date_parse (dis_hub_stmt_column_text (stmt, 1));
  out->documentation_acknowledged = by_day (stmt, 2, day);
  out->has_declaration = dis_hub_stmt_column_int64 (stmt, 4) != 0 &&
                         (dis_hub_stmt_column_is_null (stmt, 3) || by_day (stmt, 3, day));
  dis_basis_kind_from_code (dis_hub_stmt_column_text (stmt, 5), &out->basis);
  if (!dis_hub_stmt_column_is_null (stmt, 6) && !by_day (stmt, 6, day))
    out->basis = DIS_BASIS_NONE;
  out->basis_expires_julian = dis_date_parse (dis_hub_stmt_column_text (stmt, 7));
  out->activity_score = dis_hub_stmt_column_int64 (stmt, 8);
  dis_tier_from_code (dis_hub_stmt_column_text (stmt, 9), &out->preferred_tier);
  return volume_before (db, card_code, day, before, &out->volume_12m_cents, error);
}

gboolean
dis_hub_checks_tier (DisHubDb     *db,
                     const char   *card_code,
                     DisTier       tier,
                     const char   *at,
                     char        **out_reason,
                     GError      **error)
{
  g_autofree char *date = NULL;
  DisEligibilityRules rules;
  DisEligibility eligibility;
  DisBuyer buyer;
  guint32 day;

  g_return_val_if_fail (db != NULL && at != NULL && out_reason != NULL, FALSE);

  *out_reason = NULL;
  if (tier >= DIS_TIER_EQUA)
    return TRUE;
  date = g_strndup (at, 10);
  day = dis_date_parse (date);
  if (!dis_hub_checks_read_rules (db, &rules, error) ||
      !dis_hub_checks_read_buyer (db, card_code, day, at, &buyer, error))
    return FALSE;
  dis_eligibility_evaluate (&buyer, &rules, day, &eligibility);
  if (!eligibility.allowed[tier])
    *out_reason = g_strdup (eligibility.reason[tier]);
  dis_eligibility_clear (&eligibility);
  return TRUE;
}

static gboolean
check_eligibility (DisHubDb            *db,
                   const DisCodecSale  *sale,
                   GString             *reasons,
                   GError             **error)
{
  g_autofree char *reason = NULL;

  if (!dis_hub_checks_tier (db, sale->member_card, sale->tier, sale->created_at, &reason, error))
    return FALSE;
  if (reason != NULL)
    dis_hub_review (reasons, "tier %s: %s is not eligible on %.10s: %s", dis_tier_to_code (sale->tier),
          sale->member_card != NULL ? sale->member_card : "an anonymous buyer", sale->created_at, reason);
  return TRUE;
}

gboolean
dis_hub_checks_sale (DisHubDb            *db,
                     const char          *point,
                     const DisCodecSale  *sale,
                     DisHubReject        *r,
                     GString             *reasons,
                     GError             **error)
{
  g_return_val_if_fail (db != NULL && point != NULL && sale != NULL, FALSE);
  g_return_val_if_fail (r != NULL && reasons != NULL, FALSE);

  /* A refund keeps its original's tier, checked there. */
  if (sale->refund)
    return check_refund (db, point, sale, r, error);
  return check_eligibility (db, sale, reasons, error);
}
