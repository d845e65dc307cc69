/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-transparency"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dis-hub-members.h"
#include "dis-hub-server-private.h"
#include "dis-hub-settings.h"
#include "dis-hub-transparency.h"
#include "dis-tier.h"

/* The published table: one row per point, then the network's row (the
 * column totals); one column per tier, then the row's total (column
 * TOTAL). Every number of a row or column adds up to its total, so the
 * table is a two-way table with all its margins published. */
#define TOTAL     DIS_N_TIERS
#define N_COLUMNS (DIS_N_TIERS + 1)

typedef struct
{
  gint64   sales;        /* sales minus refunds */
  gint64   gross_cents;
  gint64   equa_cents;
  gint64   delta_cents;
  gboolean suppressed;
} Cell;

typedef struct
{
  char *code;            /* NULL for the network */
  char *name;
  Cell  cells[N_COLUMNS];
} Row;

static void
row_free (Row *row)
{
  g_free (row->code);
  g_free (row->name);
  g_free (row);
}

/* What the endpoint answers: the document, its cells as CSV, or the
 * fund's figures as CSV. */
typedef enum { FORMAT_JSON, FORMAT_CSV, FORMAT_FUND_CSV } Format;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Row, row_free)

/* "YYYY-MM", a month from @min_year-01 to 9999-12, nothing else: the
 * public query asks for 2000 or later, the fund closes any month. */
static gboolean
parse_period (const char *text,
              int         min_year,
              int        *out_year,
              int        *out_month)
{
  static const char pattern[] = "dddd-dd";

  if (text == NULL || strlen (text) != sizeof pattern - 1)
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
  *out_year = atoi (text);
  *out_month = atoi (text + 5);
  return *out_year >= min_year && *out_month >= 1 && *out_month <= 12;
}

/* ---- Reading the figures ---------------------------------------------------- */

static void
cell_add (Cell   *cell,
          gint64  sales,
          gint64  gross,
          gint64  equa,
          gint64  delta)
{
  cell->sales += sales;
  cell->gross_cents += gross;
  cell->equa_cents += equa;
  cell->delta_cents += delta;
}

/* Each sale that counts in @period (hub_sales.fund_period: the fund's
 * period, a late sale in the first open one) with the hub's figures of
 * its lines, added to its point's row (in code order) and the network's. A refund is a negative
 * sale: its lines are stored negative, and it takes one from the number
 * of sales of its point and tier. */
static gboolean
period_sales (DisHubDb    *db,
              const char  *period,
              GPtrArray   *points,
              Row         *network,
              GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  Row *row = NULL;
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare (db,
                             "SELECT s.point_code, coalesce (p.name, s.point_code), s.tier, s.kind,"
                             " coalesce (sum (l.line_total), 0), coalesce (sum (l.line_total_equa), 0),"
                             " coalesce (sum (l.tier_delta), 0)"
                             " FROM hub_sales s"
                             " LEFT JOIN hub_sale_lines l ON l.sale_id = s.id"
                             " LEFT JOIN points p ON p.code = s.point_code"
                             " WHERE s.fund_period = ?1"
                             " GROUP BY s.id, s.point_code, p.name, s.tier, s.kind"
                             " ORDER BY s.point_code",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, period);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      const char *code = dis_hub_stmt_column_text (stmt, 0);
      gint64 sales = g_str_equal (dis_hub_stmt_column_text (stmt, 3), "refund") ? -1 : 1;
      gint64 gross = dis_hub_stmt_column_int64 (stmt, 4);
      gint64 equa = dis_hub_stmt_column_int64 (stmt, 5);
      gint64 delta = dis_hub_stmt_column_int64 (stmt, 6);
      DisTier tier;

      /* The schema allows only the four tiers. */
      if (!dis_tier_from_code (dis_hub_stmt_column_text (stmt, 2), &tier))
        g_assert_not_reached ();
      if (row == NULL || g_strcmp0 (row->code, code) != 0)
        {
          row = g_new0 (Row, 1);
          row->code = g_strdup (code);
          row->name = dis_hub_column_dup (stmt, 1);
          g_ptr_array_add (points, row);
        }
      cell_add (&row->cells[tier], sales, gross, equa, delta);
      cell_add (&row->cells[TOTAL], sales, gross, equa, delta);
      cell_add (&network->cells[tier], sales, gross, equa, delta);
      cell_add (&network->cells[TOTAL], sales, gross, equa, delta);
    }
  return ok;
}

/* ---- Suppression ----------------------------------------------------------- */

/* A cell built from fewer than min_cell sales is suppressed (primary
 * suppression), and then enough other cells (complements) that no
 * suppressed number can be recomputed from the published ones:
 *
 *  1. every row with a suppressed tier cell has its total suppressed;
 *  2. every column with exactly one suppressed cell gets a second, the
 *     cheapest published cell of that column (the network's row included);
 *  3. every row with exactly one suppressed cell gets a second, the
 *     cheapest published tier cell of that row (a guard: with rules 1
 *     and 2 applied in this order a lone total does not arise);
 *  repeated until nothing changes. "Cheapest" is the fewest sales; ties go
 *  to the lower point code (the network's cell last) or the lower tier.
 *
 * Why it holds. Within one measure the published equations are the row
 * and column sums: take rows and columns as the nodes of a graph and each
 * suppressed cell as an edge between its row and its column; a suppressed
 * value is determined exactly when its edge lies on no cycle. After the
 * rules, a suppressed tier cell (p, t) has (p, TOTAL) suppressed (1), a
 * second suppressed cell (q, t) in its column (2), and (q, TOTAL) (1):
 * the four make a cycle row p – column t – row q – column TOTAL. A
 * suppressed total has a suppressed tier cell in its row (3), so it lies
 * on that cycle too. Rule 1 is also what keeps the measures from helping
 * each other: the Equa tier's delta is always 0 and each tier's gross is
 * close to a fixed percentage of its Equa value, so two suppressed tier
 * cells under a published row total could be told apart by their gross
 * and Equa sums; with the row total hidden they cannot, and the cycle
 * above still moves every measure of its cells together. */

/* Index of the cheapest published cell among @cells (NULL entries are not
 * candidates), in the order given; -1 when none. */
static int
cheapest (Cell * const *cells,
          guint         n_cells)
{
  int best = -1;

  for (guint i = 0; i < n_cells; i++)
    if (cells[i] != NULL && !cells[i]->suppressed &&
        (best < 0 || cells[i]->sales < cells[best]->sales))
      best = (int) i;
  return best;
}

static guint
n_suppressed (Cell * const *cells,
              guint         n_cells)
{
  guint n = 0;

  for (guint i = 0; i < n_cells; i++)
    n += cells[i] != NULL && cells[i]->suppressed;
  return n;
}

/* Rules 1 and 3 on one row; TRUE when a cell was suppressed. */
static gboolean
protect_row (Row *row)
{
  Cell *cells[N_COLUMNS];
  gboolean changed = FALSE;
  int pick;

  for (guint c = 0; c < N_COLUMNS; c++)
    cells[c] = &row->cells[c];
  if (!row->cells[TOTAL].suppressed && n_suppressed (cells, DIS_N_TIERS) > 0)
    changed = row->cells[TOTAL].suppressed = TRUE;
  if (n_suppressed (cells, N_COLUMNS) == 1 && (pick = cheapest (cells, DIS_N_TIERS)) >= 0)
    changed = cells[pick]->suppressed = TRUE;
  return changed;
}

/* Rule 2 on column @column of @rows (the points in code order, then the
 * network); TRUE when a cell was suppressed. */
static gboolean
protect_column (Row  **rows,
                guint  n_rows,
                guint  column)
{
  g_autofree Cell **cells = g_new (Cell *, n_rows);
  int pick;

  for (guint r = 0; r < n_rows; r++)
    cells[r] = &rows[r]->cells[column];
  if (n_suppressed (cells, n_rows) != 1 || (pick = cheapest (cells, n_rows)) < 0)
    return FALSE;
  cells[pick]->suppressed = TRUE;
  return TRUE;
}

static void
suppress (Row    **rows,
          guint    n_rows,
          gint64   min_cell)
{
  gboolean changed;

  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < N_COLUMNS; c++)
      rows[r]->cells[c].suppressed = rows[r]->cells[c].sales < min_cell;
  /* Rows first, and again after each complement: a column is judged only
   * once every row's total follows its tiers, so the totals' column is
   * never given a complement that rule 1 would have brought anyway. */
  do
    {
      changed = FALSE;
      for (guint r = 0; r < n_rows; r++)
        changed |= protect_row (rows[r]);
      for (guint c = 0; c < N_COLUMNS && !changed; c++)
        changed = protect_column (rows, n_rows, c);
    }
  while (changed);
}

/* ---- The document ----------------------------------------------------------- */

static void
add_number (JsonBuilder *builder,
            const char  *name,
            const Cell  *cell,
            gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (cell->suppressed)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static void
add_cell (JsonBuilder *builder,
          const Row   *row,
          guint        column)
{
  const Cell *cell = &row->cells[column];

  json_builder_begin_object (builder);
  if (column != TOTAL)
    {
      json_builder_set_member_name (builder, "tier");
      json_builder_add_string_value (builder, dis_tier_to_code ((DisTier) column));
    }
  add_number (builder, "sales", cell, cell->sales);
  add_number (builder, "gross_cents", cell, cell->gross_cents);
  add_number (builder, "equa_cents", cell, cell->equa_cents);
  add_number (builder, "delta_cents", cell, cell->delta_cents);
  json_builder_set_member_name (builder, "suppressed");
  json_builder_add_boolean_value (builder, cell->suppressed);
  json_builder_end_object (builder);
}

/* "tiers" and "total" of @row, in the object being built. */
static void
add_row_cells (JsonBuilder *builder,
               const Row   *row)
{
  json_builder_set_member_name (builder, "tiers");
  json_builder_begin_array (builder);
  for (guint t = 0; t < DIS_N_TIERS; t++)
    add_cell (builder, row, t);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  add_cell (builder, row, TOTAL);
}

JsonNode *
dis_hub_transparency_document (DisHubDb    *db,
                               const char  *period,
                               JsonNode    *fund,
                               GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(Row) network = g_new0 (Row, 1);
  gint64 min_cell;
  gboolean closed;
  int year, month;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (fund == NULL || JSON_NODE_HOLDS_OBJECT (fund), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_period (period, 1, &year, &month))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "a period is a month YYYY-MM");
      return NULL;
    }
  if (!dis_hub_settings_get (db, "stats.min_cell", &min_cell, error) ||
      !period_sales (db, period, rows, network, error))
    return NULL;
  g_ptr_array_add (rows, network);
  suppress ((Row **) rows->pdata, rows->len, min_cell);
  g_ptr_array_steal_index (rows, rows->len - 1);

  /* A closed period's fund figures carry the time it closed. */
  closed = fund != NULL && json_object_has_member (json_node_get_object (fund), "closed_at");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "period");
  json_builder_add_string_value (builder, period);
  json_builder_set_member_name (builder, "closed");
  json_builder_add_boolean_value (builder, closed);
  json_builder_set_member_name (builder, "min_cell");
  json_builder_add_int_value (builder, min_cell);
  json_builder_set_member_name (builder, "network");
  json_builder_begin_object (builder);
  add_row_cells (builder, network);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = rows->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, row->code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, row->name);
      add_row_cells (builder, row);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "fund");
  if (fund != NULL)
    json_builder_add_value (builder, json_node_copy (fund));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- CSV --------------------------------------------------------------------- */

/* RFC 4180: a field with a comma, quote or line break is quoted, its
 * quotes doubled; text from the database is made valid UTF-8 first. */
static void
csv_text (GString    *out,
          const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (strpbrk (valid, ",\"\r\n") == NULL)
    {
      g_string_append (out, valid);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static const char *const csv_numbers[] = { "sales", "gross_cents", "equa_cents", "delta_cents" };

/* One line per cell: the point's code and name (empty for the network),
 * the tier ("total" for the row's total), the four numbers (empty when
 * suppressed) and the flag. */
static void
csv_cell (GString    *out,
          const char *period,
          JsonObject *row,
          JsonObject *cell)
{
  JsonObject *point = json_object_has_member (row, "code") ? row : NULL;

  g_string_append_printf (out, "%s,", period);
  csv_text (out, point ? json_object_get_string_member (point, "code") : "");
  g_string_append_c (out, ',');
  csv_text (out, point ? json_object_get_string_member (point, "name") : "");
  g_string_append_printf (out, ",%s",
                          json_object_has_member (cell, "tier") ? json_object_get_string_member (cell, "tier") : "total");
  for (guint i = 0; i < G_N_ELEMENTS (csv_numbers); i++)
    {
      JsonNode *value = json_object_get_member (cell, csv_numbers[i]);

      g_string_append_c (out, ',');
      if (!JSON_NODE_HOLDS_NULL (value))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (value));
    }
  g_string_append_printf (out, ",%s\r\n", json_object_get_boolean_member (cell, "suppressed") ? "true" : "false");
}

static void
csv_row (GString    *out,
         const char *period,
         JsonObject *row)
{
  JsonArray *tiers = json_object_get_array_member (row, "tiers");

  for (guint t = 0; t < json_array_get_length (tiers); t++)
    csv_cell (out, period, row, json_array_get_object_element (tiers, t));
  csv_cell (out, period, row, json_object_get_object_member (row, "total"));
}

/* The cells of @document as CSV: every point's, then the network's. */
static char *
document_to_csv (JsonNode *document)
{
  JsonObject *root = json_node_get_object (document);
  const char *period = json_object_get_string_member (root, "period");
  JsonArray *points = json_object_get_array_member (root, "points");
  GString *out = g_string_new ("period,point,name,tier,sales,gross_cents,equa_cents,delta_cents,suppressed\r\n");

  for (guint i = 0; i < json_array_get_length (points); i++)
    csv_row (out, period, json_array_get_object_element (points, i));
  csv_row (out, period, json_object_get_object_member (root, "network"));
  return g_string_free (out, FALSE);
}

static void
fund_csv_line (GString    *out,
               const char *period,
               const char *item,
               const char *supplier,
               gint64      cents)
{
  g_string_append_printf (out, "%s,%s,", period, item);
  if (supplier != NULL)
    csv_text (out, supplier);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT "\r\n", cents);
}

/* The fund's figures of the document as CSV, one figure a line: the
 * period's totals, then each supplier's claim and allocation. */
static char *
fund_to_csv (JsonNode *document)
{
  static const char *totals[] = {
    "inflow_cents", "carried_in_cents", "available_cents", "carried_out_cents",
    "impegno_delta_cents", "flagged_excluded_cents", "late_sales",
  };
  JsonObject *root = json_node_get_object (document);
  const char *period = json_object_get_string_member (root, "period");
  JsonObject *fund = json_object_get_object_member (root, "fund");
  JsonArray *claims = json_object_get_array_member (fund, "claims");
  GString *out = g_string_new ("period,item,supplier,value\r\n");

  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    fund_csv_line (out, period, totals[i], NULL, json_object_get_int_member (fund, totals[i]));
  for (guint i = 0; i < json_array_get_length (claims); i++)
    {
      JsonObject *claim = json_array_get_object_element (claims, i);
      const char *supplier = json_object_get_string_member (claim, "supplier");

      fund_csv_line (out, period, "claim_cents", supplier, json_object_get_int_member (claim, "claim_cents"));
      fund_csv_line (out, period, "allocated_cents", supplier, json_object_get_int_member (claim, "allocated_cents"));
    }
  return g_string_free (out, FALSE);
}

/* ---- The endpoint ------------------------------------------------------------- */

/* The raw query: "period=YYYY-MM", optionally "format=json|csv|fund-csv". */
static gboolean
parse_query (const char  *query,
             char       **out_period,
             Format      *out_format,
             const char **out_message)
{
  static const char * const names[] = { "period", "format", NULL };
  char *values[G_N_ELEMENTS (names)] = { NULL, };
  g_autofree char *period = NULL;
  g_autofree char *format = NULL;
  gboolean ok;
  int year, month;

  ok = _dis_hub_parse_query (query, names, values, out_message);
  period = values[0];
  format = values[1];
  if (!ok)
    return FALSE;
  if (period == NULL)
    {
      *out_message = "period=YYYY-MM is required";
      return FALSE;
    }
  if (!parse_period (period, 2000, &year, &month))
    {
      *out_message = "period must be a month YYYY-MM, from 2000-01 to 9999-12";
      return FALSE;
    }
  if (format == NULL || g_str_equal (format, "json"))
    *out_format = FORMAT_JSON;
  else if (g_str_equal (format, "csv"))
    *out_format = FORMAT_CSV;
  else if (g_str_equal (format, "fund-csv"))
    *out_format = FORMAT_FUND_CSV;
  else
    {
      *out_message = "format must be json, csv or fund-csv";
      return FALSE;
    }
  *out_period = g_steal_pointer (&period);
  return TRUE;
}

gboolean
dis_hub_transparency_serve (DisHubDb                   *db,
                            DisHubTransparencyFundFunc  fund_for,
                            SoupServerMessage          *msg,
                            guint              *out_status,
                            const char        **out_code,
                            const char        **out_message)
{
  g_autofree char *period = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(JsonNode) fund = NULL;
  g_autoptr(GError) error = NULL;
  Format format = FORMAT_JSON;
  char *text;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);

  if (!parse_query (g_uri_get_query (soup_server_message_get_uri (msg)), &period, &format, out_message))
    {
      *out_status = SOUP_STATUS_BAD_REQUEST;
      *out_code = "invalid_request";
      return FALSE;
    }
  fund = fund_for (db, period, &error);
  if (fund != NULL)
    document = dis_hub_transparency_document (db, period, fund, &error);
  if (document == NULL)
    {
      g_warning ("transparency: %s", error->message);
      *out_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      *out_code = "internal_error";
      *out_message = "database error";
      return FALSE;
    }
  text = format == FORMAT_CSV ? document_to_csv (document)
         : format == FORMAT_FUND_CSV ? fund_to_csv (document)
         : dis_hub_json_to_string (document);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, format != FORMAT_JSON ? "text/csv; charset=utf-8" : "application/json",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
  return TRUE;
}
