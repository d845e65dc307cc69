/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-fund"

#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "dis-hub-document.h"
#include "dis-hub-fund.h"
#include "dis-hub-json.h"
#include "dis-money.h"

/* A supplier's statement of a closed period: what it sold at each tier
 * in the period, its claim, its allocation and how it was computed, from
 * the period's frozen inputs. Kept as a PDF (cairo) or a CSV. */

static const char *tiers[] = { "accessibile", "impegno", "equa", "solidale" };

typedef struct
{
  gint64 lines, gross, equa, delta;
} TierRow;

typedef struct
{
  char            *period;
  char            *supplier;
  char            *supplier_name;
  char            *closed_at;
  char            *sha;
  TierRow          rows[G_N_ELEMENTS (tiers)];
  gint64           flagged_excluded;
  DisHubFund      *fund;
  DisHubFundClaim  claim;        /* a copy; zero when the supplier had none */
  gint64           floor, remainder, extra;
} Statement;

static void
statement_clear (Statement *s)
{
  g_free (s->period);
  g_free (s->supplier);
  g_free (s->supplier_name);
  g_free (s->closed_at);
  g_free (s->sha);
  g_clear_pointer (&s->fund, dis_hub_fund_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Statement, statement_clear)

static gboolean
load (DisHubDb    *db,
      Statement   *s,
      GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db, "SELECT closed_at, inputs, inputs_sha256 FROM fund_periods WHERE period = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, s->period);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND,
                   "period %s is not closed: a statement is of a closed period", s->period);
      return FALSE;
    }
  s->closed_at = dis_hub_column_dup (stmt, 0);
  s->sha = dis_hub_column_dup (stmt, 2);
  s->fund = dis_hub_fund_inputs_from_text (dis_hub_stmt_column_text (stmt, 1), error);
  if (s->fund == NULL)
    return FALSE;
  dis_hub_fund_compute (s->fund);
  for (guint i = 0; i < s->fund->claims->len; i++)
    {
      const DisHubFundClaim *claim = &g_array_index (s->fund->claims, DisHubFundClaim, i);

      if (g_str_equal (claim->supplier, s->supplier))
        {
          s->claim = *claim;
          dis_hub_fund_share (s->fund, claim, &s->floor, &s->remainder);
          s->extra = s->fund->pro_rata && claim->net_cents > 0 ? claim->allocated_cents - s->floor : 0;
        }
    }
  s->claim.supplier = s->supplier;

  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db, "SELECT name FROM suppliers WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, s->supplier);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  s->supplier_name = has_row ? dis_hub_column_dup (stmt, 0) : g_strdup (s->supplier);

  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db,
                             "SELECT s.tier, s.review_state IN ('none', 'accepted'), count (*), sum (l.line_total),"
                             " sum (l.line_total_equa), sum (l.tier_delta)"
                             " FROM hub_sales s JOIN hub_sale_lines l ON l.sale_id = s.id"
                             " WHERE s.fund_period = ?1 AND l.supplier_code = ?2 GROUP BY 1, 2",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, s->period);
  dis_hub_stmt_bind_text (stmt, 2, s->supplier);
  for (;;)
    {
      const char *tier;

      if (!dis_hub_db_step (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      tier = dis_hub_stmt_column_text (stmt, 0);
      if (!dis_hub_stmt_column_int64 (stmt, 1))
        {
          if (g_str_equal (tier, "accessibile"))
            s->flagged_excluded -= dis_hub_stmt_column_int64 (stmt, 5);
          continue;
        }
      for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
        if (g_str_equal (tier, tiers[t]))
          s->rows[t] = (TierRow) { dis_hub_stmt_column_int64 (stmt, 2), dis_hub_stmt_column_int64 (stmt, 3),
                                   dis_hub_stmt_column_int64 (stmt, 4), dis_hub_stmt_column_int64 (stmt, 5) };
    }
  return TRUE;
}

static const char *
method (const Statement *s)
{
  if (s->claim.net_cents <= 0)
    return "none";
  if (s->fund->available_cents <= 0)
    return "unpaid";
  return s->fund->pro_rata ? "pro_rata" : "full";
}

/* How the allocation was computed, in words, for the PDF. */
static GPtrArray *
explanation (const Statement *s)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *available = dis_money_format (s->fund->available_cents);
  g_autofree char *total = dis_money_format (s->fund->total_claims_cents);
  g_autofree char *carried = dis_money_format (s->fund->carried_out_cents);
  g_autofree char *floor = dis_money_format (s->floor);
  g_autofree char *net = dis_money_format (s->claim.net_cents);
  g_autofree char *owed = dis_money_format (-s->claim.owed_cents);
  g_autofree char *excluded = dis_money_format (s->flagged_excluded);
  const char *how = method (s);

  g_ptr_array_add (lines, g_strdup_printf (_("Available to the fund: %s (the Solidale surcharges of the period"
                                             " plus what the previous period carried). Claims of all suppliers: %s."),
                                           available, total));
  if (s->claim.owed_cents < 0)
    g_ptr_array_add (lines, g_strdup_printf (_("Refunds of earlier periods had left %s to be set against your claims:"
                                               " it is taken from this period's claim."), owed));
  if (g_str_equal (how, "none") && s->claim.net_cents < 0)
    g_ptr_array_add (lines, g_strdup_printf (_("Refunds leave your claim at %s: nothing is paid, and the amount"
                                               " is set against your next claims."), net));
  else if (g_str_equal (how, "none"))
    g_ptr_array_add (lines, g_strdup (_("You had no claim in this period.")));
  else if (g_str_equal (how, "unpaid"))
    g_ptr_array_add (lines, g_strdup (_("The fund had nothing available: no claim could be paid in this period.")));
  else if (g_str_equal (how, "full"))
    g_ptr_array_add (lines, g_strdup_printf (_("The fund covered every claim: yours is paid in full, and %s"
                                               " is carried to the next period."), carried));
  else
    {
      g_autofree char *remainder = g_strdup_printf ("%" G_GINT64_FORMAT, s->remainder);
      g_autofree char *of = g_strdup_printf ("%" G_GINT64_FORMAT, s->fund->total_claims_cents);

      g_ptr_array_add (lines, g_strdup_printf (_("The fund could not cover every claim: each supplier receives"
                                                 " claim × available ÷ claims, rounded down to the cent: %s for"
                                                 " you (remainder %s of %s)."),
                                               floor, remainder, of));
      g_ptr_array_add (lines, g_strdup (s->extra > 0
                                        ? _("The cents left over go one each to the largest remainders (ties by"
                                            " supplier code): you received one of them.")
                                        : _("The cents left over go one each to the largest remainders (ties by"
                                            " supplier code): none of them came to you.")));
    }
  if (s->flagged_excluded != 0)
    g_ptr_array_add (lines, g_strdup_printf (_("Accessibile sales of %s are waiting for a coordinator's review and"
                                               " are not counted; once accepted they count in the first open"
                                               " period."), excluded));
  return lines;
}

/* ---- CSV ------------------------------------------------------------------------- */

static void
csv_row (GString    *out,
         const char *field,
         const char *tier,
         const char *value)
{
  g_string_append_printf (out, "%s,%s,", field, tier);
  dis_hub_csv_field (out, value);
  g_string_append (out, "\r\n");
}

static void
csv_int (GString    *out,
         const char *field,
         const char *tier,
         gint64      value)
{
  g_string_append_printf (out, "%s,%s,%" G_GINT64_FORMAT "\r\n", field, tier, value);
}

static gboolean
write_csv (const Statement  *s,
           const char       *path,
           GError          **error)
{
  g_autoptr(GString) out = g_string_new ("field,tier,value\r\n");

  csv_row (out, "period", "", s->period);
  csv_row (out, "supplier", "", s->supplier);
  csv_row (out, "supplier_name", "", s->supplier_name);
  csv_row (out, "closed_at", "", s->closed_at);
  for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
    {
      csv_int (out, "lines", tiers[t], s->rows[t].lines);
      csv_int (out, "gross_cents", tiers[t], s->rows[t].gross);
      csv_int (out, "equa_cents", tiers[t], s->rows[t].equa);
      csv_int (out, "delta_cents", tiers[t], s->rows[t].delta);
    }
  csv_int (out, "claim_cents", "", s->claim.claim_cents);
  csv_int (out, "owed_cents", "", s->claim.owed_cents);
  csv_int (out, "net_claim_cents", "", s->claim.net_cents);
  csv_int (out, "allocated_cents", "", s->claim.allocated_cents);
  csv_int (out, "available_cents", "", s->fund->available_cents);
  csv_int (out, "total_claims_cents", "", s->fund->total_claims_cents);
  csv_row (out, "method", "", method (s));
  csv_int (out, "floor_cents", "", s->floor);
  csv_int (out, "remainder", "", s->remainder);
  csv_int (out, "extra_cents", "", s->extra);
  csv_int (out, "flagged_excluded_cents", "", s->flagged_excluded);
  csv_int (out, "carried_out_cents", "", s->fund->carried_out_cents);
  csv_row (out, "inputs_sha256", "", s->sha);
  return g_file_set_contents (path, out->str, out->len, error);
}

/* ---- PDF ------------------------------------------------------------------------- */

static gboolean
write_pdf (const Statement  *s,
           const char       *path,
           GError          **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, DIS_HUB_PAGE_W, DIS_HUB_PAGE_H);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GPtrArray) how = explanation (s);
  const char *tier_names[] = { N_("Accessibile"), N_("Impegno"), N_("Equa"), N_("Solidale") };
  const double columns[] = { DIS_HUB_MARGIN, 260, 360, 440, DIS_HUB_PAGE_W - DIS_HUB_MARGIN };
  g_autofree char *title = g_strdup_printf (_("Solidarity fund statement — period %s"), s->period);
  g_autofree char *who = g_strdup_printf (_("Supplier: %s (%s)"), s->supplier_name, s->supplier);
  g_autofree char *closed = g_strdup_printf (_("Period closed on %s"), s->closed_at);
  g_autofree char *claim = NULL, *allocated = NULL, *claim_line = NULL, *allocated_line = NULL;
  g_autofree char *sha = g_strdup_printf (_("SHA-256 of the period's inputs: %s"), s->sha);
  double y = DIS_HUB_MARGIN + 10;

  claim = dis_money_format (s->claim.net_cents);
  allocated = dis_money_format (s->claim.allocated_cents);
  claim_line = g_strdup_printf (_("Your claim: %s"), claim);
  allocated_line = g_strdup_printf (_("Paid to you by the fund: %s"), allocated);

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  y = dis_hub_pdf_paragraph (cr, title, 16, y);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  y = dis_hub_pdf_paragraph (cr, who, 11, y + 6);
  y = dis_hub_pdf_paragraph (cr, closed, 11, y);

  y += 14;
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 10);
  dis_hub_pdf_cell (cr, columns[0], y, _("Tier"), FALSE);
  dis_hub_pdf_cell (cr, columns[1], y, _("Lines"), TRUE);
  dis_hub_pdf_cell (cr, columns[2], y, _("Sold"), TRUE);
  dis_hub_pdf_cell (cr, columns[3], y, _("At Equa"), TRUE);
  dis_hub_pdf_cell (cr, columns[4], y, _("Difference"), TRUE);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
    {
      g_autofree char *lines = g_strdup_printf ("%" G_GINT64_FORMAT, s->rows[t].lines);
      g_autofree char *gross = dis_money_format (s->rows[t].gross);
      g_autofree char *equa = dis_money_format (s->rows[t].equa);
      g_autofree char *delta = dis_money_format_signed (s->rows[t].delta);

      y += 16;
      dis_hub_pdf_cell (cr, columns[0], y, _(tier_names[t]), FALSE);
      dis_hub_pdf_cell (cr, columns[1], y, lines, TRUE);
      dis_hub_pdf_cell (cr, columns[2], y, gross, TRUE);
      dis_hub_pdf_cell (cr, columns[3], y, equa, TRUE);
      dis_hub_pdf_cell (cr, columns[4], y, delta, TRUE);
    }

  y += 30;
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  y = dis_hub_pdf_paragraph (cr, claim_line, 12, y);
  y = dis_hub_pdf_paragraph (cr, allocated_line, 12, y);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  y += 8;
  for (guint i = 0; i < how->len; i++)
    y = dis_hub_pdf_paragraph (cr, g_ptr_array_index (how, i), 10, y + 4);
  y = dis_hub_pdf_paragraph (cr, _("Your claim is what the fund owes you for the Accessibile sales of your products:"
                       " the difference between their Equa value and what the buyers paid."), 10, y + 10);
  dis_hub_pdf_paragraph (cr, sha, 7, y + 10);

  return dis_hub_pdf_finish (surface, cr, path, error);
}

static JsonNode *
summary (const Statement *s,
         const char      *path)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) rows = json_array_new ();

  for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "tier", tiers[t]);
      json_object_set_int_member (row, "lines", s->rows[t].lines);
      json_object_set_int_member (row, "gross_cents", s->rows[t].gross);
      json_object_set_int_member (row, "equa_cents", s->rows[t].equa);
      json_object_set_int_member (row, "delta_cents", s->rows[t].delta);
      json_array_add_object_element (rows, row);
    }
  json_object_set_string_member (object, "period", s->period);
  json_object_set_string_member (object, "supplier", s->supplier);
  json_object_set_string_member (object, "out", path);
  json_object_set_array_member (object, "tiers", g_steal_pointer (&rows));
  json_object_set_int_member (object, "claim_cents", s->claim.net_cents);
  json_object_set_int_member (object, "allocated_cents", s->claim.allocated_cents);
  json_object_set_string_member (object, "method", method (s));
  json_object_set_string_member (object, "inputs_sha256", s->sha);
  return json_node_init_object (json_node_alloc (), object);
}

JsonNode *
dis_hub_fund_statement (DisHubDb    *db,
                        const char  *period,
                        const char  *supplier,
                        const char  *path,
                        GError     **error)
{
  g_auto(Statement) s = { NULL, };
  gboolean pdf;

  g_return_val_if_fail (db != NULL && period != NULL && supplier != NULL && path != NULL, NULL);

  pdf = g_str_has_suffix (path, ".pdf");
  if (!pdf && !g_str_has_suffix (path, ".csv"))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "%s: the statement is a .pdf or a .csv file", path);
      return NULL;
    }
  s.period = g_strdup (period);
  s.supplier = g_strdup (supplier);
  if (!load (db, &s, error))
    return NULL;
  if (!(pdf ? write_pdf (&s, path, error) : write_csv (&s, path, error)))
    return NULL;
  return summary (&s, path);
}
