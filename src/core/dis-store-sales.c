/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dis-id.h"
#include "dis-codec.h"
#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-orders-private.h"

/* What the commit decided; copied into the DisSale only after COMMIT. */
typedef struct
{
  DisIdentity *identity;
  gint64       day_id;
  gint64       seq;
  char        *id;
  char        *receipt_no;
  GDateTime   *created_at;
  char        *created_iso;
  gint64       operator_id;
  char        *operator_name;
  char        *refund_of_receipt_no;
  char        *order_label;      /* of the order the sale hands over or pays */
  gint64      *refund_of_line;   /* per line of the sale, 0 for a sale */
  gint        *refund_line_no;   /* per line of a refund, the line_no it refunds */
  GPtrArray   *product_codes;    /* per line, for the hub */
  GPtrArray   *supplier_codes;   /* per line, NULL entries for none */
  gint64       catalog_version;  /* the feed's cursor; 0 = never pulled */
  GArray      *own_products;     /* gint64 ids of the lines' own products */
} Commit;

static void
commit_clear (Commit *commit)
{
  g_clear_pointer (&commit->identity, dis_identity_free);
  g_clear_pointer (&commit->id, g_free);
  g_clear_pointer (&commit->receipt_no, g_free);
  g_clear_pointer (&commit->created_at, g_date_time_unref);
  g_clear_pointer (&commit->created_iso, g_free);
  g_clear_pointer (&commit->operator_name, g_free);
  g_clear_pointer (&commit->refund_of_receipt_no, g_free);
  g_clear_pointer (&commit->order_label, g_free);
  g_clear_pointer (&commit->refund_of_line, g_free);
  g_clear_pointer (&commit->refund_line_no, g_free);
  g_clear_pointer (&commit->product_codes, g_ptr_array_unref);
  g_clear_pointer (&commit->supplier_codes, g_ptr_array_unref);
  g_clear_pointer (&commit->own_products, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Commit, commit_clear)

static gboolean
is_refund (DisSale *sale)
{
  return sale->refund_of != NULL;
}

static gboolean
read_open_day (DisDb    *db,
               gint64   *out_day_id,
               GError  **error)
{
  if (!_dis_store_read_open_day (db, out_day_id, error))
    return FALSE;
  if (*out_day_id == 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_DAY_CLOSED,
                           _("The business day is not open: open it before selling"));
      return FALSE;
    }
  return TRUE;
}

/* Gapless: the counter advances inside the transaction that uses it, so a
 * rolled-back commit gives its number back.
 *
 * Read, then write the next value, rather than one upsert with RETURNING:
 * SQLite 3.40 gathers RETURNING rows in an ephemeral table, whose page
 * cache is allocated and touched afresh on every execution; measured, that
 * cost more than the extra point SELECT on a page the transaction holds
 * anyway. BEGIN IMMEDIATE makes the read and the write atomic. */
static gboolean
next_counter (DisDb       *db,
              const char  *device_id,
              const char  *counter,
              gint64      *out,
              GError     **error)
{
  g_autoptr(DisStmt) read = NULL;
  g_autoptr(DisStmt) write = NULL;
  gint64 next = 1;
  gboolean has_row;

  read = _dis_db_prepare (db,
                          "SELECT last_seq FROM device_seq WHERE device_id = ?1 AND counter = ?2",
                          error);
  if (read == NULL)
    return FALSE;
  _dis_bind_text (read, 1, device_id);
  _dis_bind_text (read, 2, counter);
  if (!_dis_db_step_row (db, read, &has_row, error))
    return FALSE;
  if (has_row)
    next = sqlite3_column_int64 (read, 0) + 1;

  write = _dis_db_prepare (db,
                           "INSERT INTO device_seq (device_id, counter, last_seq) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (device_id, counter) DO UPDATE SET last_seq = excluded.last_seq",
                           error);
  if (write == NULL)
    return FALSE;
  _dis_bind_text (write, 1, device_id);
  _dis_bind_text (write, 2, counter);
  sqlite3_bind_int64 (write, 3, next);
  if (!_dis_db_step_done (db, write, error))
    return FALSE;

  *out = next;
  return TRUE;
}

static gboolean
check_signs (DisSale  *sale,
             GError  **error)
{
  gint sign = is_refund (sale) ? -1 : 1;

  if (sale->lines == NULL || sale->lines->len == 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_EMPTY, _("The sale has no lines"));
      return FALSE;
    }
  for (guint i = 0; i < sale->lines->len; i++)
    {
      DisSaleLine *line = g_ptr_array_index (sale->lines, i);

      if (line->quantity * sign <= 0)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       is_refund (sale) ? _("A refund line of “%s” has a positive quantity")
                                        : _("A line of “%s” has no positive quantity"),
                       line->product_name ? line->product_name : "");
          return FALSE;
        }
    }
  return TRUE;
}

/* Per line of the original: what was sold and what earlier refunds took
 * (sold.refunded_*), as the ledger says. */
typedef struct
{
  gint64      id;
  DisSaleLine sold;
  gboolean    taken;    /* by a line of this refund already */
} OriginalLine;

static void
original_line_clear (gpointer data)
{
  g_free (((OriginalLine *) data)->sold.product_name);
}

static gboolean
load_original (DisDb       *db,
               DisSale     *refund,
               GArray      *lines,
               char       **out_receipt_no,
               GError     **error)
{
  g_autoptr(DisStmt) sale_stmt = NULL;
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row;
  int rc;

  sale_stmt = _dis_db_prepare (db, "SELECT receipt_no, refund_of, tier FROM sales WHERE id = ?1", error);
  if (sale_stmt == NULL)
    return FALSE;
  _dis_bind_text (sale_stmt, 1, refund->refund_of);
  if (!_dis_db_step_row (db, sale_stmt, &has_row, error))
    return FALSE;
  if (!has_row || sqlite3_column_type (sale_stmt, 1) != SQLITE_NULL)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                   _("The sale %s to refund was not found"), refund->refund_of);
      return FALSE;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (sale_stmt, 2), dis_tier_to_code (refund->tier)) != 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("A refund must keep the tier of its sale"));
      return FALSE;
    }
  *out_receipt_no = _dis_column_dup (sale_stmt, 0);

  stmt = _dis_db_prepare (db,
                          "SELECT l.id, l.line_no, l.product_id, l.unit_price, l.unit_price_equa,"
                          " l.quantity, l.line_total, l.line_total_equa, l.product_name,"
                          REFUNDED_COLUMNS
                          " FROM sale_lines l WHERE l.sale_id = ?1 ORDER BY l.line_no",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, refund->refund_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OriginalLine line = {
        .id = sqlite3_column_int64 (stmt, 0),
        .sold = {
          .line_no = sqlite3_column_int (stmt, 1),
          .product_id = sqlite3_column_int64 (stmt, 2),
          .unit_price = sqlite3_column_int64 (stmt, 3),
          .unit_price_equa = sqlite3_column_int64 (stmt, 4),
          .quantity = sqlite3_column_int64 (stmt, 5),
          .line_total = sqlite3_column_int64 (stmt, 6),
          .line_total_equa = sqlite3_column_int64 (stmt, 7),
          .product_name = _dis_column_dup (stmt, 8),
          .refunded_quantity = sqlite3_column_int64 (stmt, 9),
          .refunded_total = sqlite3_column_int64 (stmt, 10),
          .refunded_total_equa = sqlite3_column_int64 (stmt, 11),
        },
      };
      g_array_append_val (lines, line);
    }
  if (rc != SQLITE_DONE)
    return _dis_db_error (db, error);
  return TRUE;
}

/* The line of the original that @line refunds: the one with its number,
 * else any line of the same product at the same prices with enough left;
 * each line of the original at most once per refund. */
static OriginalLine *
match_original (GArray            *originals,
                const DisSaleLine *line,
                gint64            *out_best_remaining)
{
  gint64 qty = -line->quantity;

  *out_best_remaining = 0;
  for (guint pass = 0; pass < 2; pass++)
    for (guint j = 0; j < originals->len; j++)
      {
        OriginalLine *orig = &g_array_index (originals, OriginalLine, j);
        gint64 remaining = orig->sold.quantity - orig->sold.refunded_quantity;

        if (orig->taken || orig->sold.product_id != line->product_id ||
            orig->sold.unit_price != line->unit_price ||
            orig->sold.unit_price_equa != line->unit_price_equa)
          continue;
        if (pass == 0 && orig->sold.line_no != line->line_no)
          continue;
        *out_best_remaining = MAX (*out_best_remaining, remaining);
        if (remaining >= qty)
          return orig;
      }
  return NULL;
}

/* The store, not the caller's copy of the original, decides how much may
 * still be refunded, in quantity and in money: sold − already refunded,
 * per line, the last refund of a line taking exactly what is left of it
 * (dis_sale_line_refund_totals ()). */
static gboolean
check_refund (DisDb    *db,
              DisSale  *refund,
              Commit   *commit,
              GError  **error)
{
  g_autoptr(GArray) originals = g_array_new (FALSE, TRUE, sizeof (OriginalLine));

  g_array_set_clear_func (originals, original_line_clear);
  if (!load_original (db, refund, originals, &commit->refund_of_receipt_no, error))
    return FALSE;

  for (guint i = 0; i < refund->lines->len; i++)
    {
      DisSaleLine *line = g_ptr_array_index (refund->lines, i);
      gint64 qty = -line->quantity;
      gint64 best_remaining, total, total_equa;
      OriginalLine *match = match_original (originals, line, &best_remaining);

      if (match == NULL)
        {
          g_autofree char *want = dis_qty_format (qty, line->unit);
          g_autofree char *left = dis_qty_format (best_remaining, line->unit);

          g_set_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT,
                       _("Cannot refund %s of “%s”: only %s is left to refund"),
                       want, line->product_name ? line->product_name : "", left);
          return FALSE;
        }

      dis_sale_line_refund_totals (&match->sold, qty, &total, &total_equa);
      if (line->line_total != total || line->line_total_equa != total_equa)
        {
          g_autofree char *due = dis_money_format (-total);
          g_autofree char *asked = dis_money_format (-line->line_total);

          /* Translators: "The refund of “Apples” must pay back € 0,24, not
           * € 0,25: load the sale again" */
          g_set_error (error, DIS_ERROR, DIS_ERROR_REFUND_LIMIT,
                       _("The refund of “%s” must pay back %s, not %s: load the sale again"),
                       line->product_name ? line->product_name : "", due, asked);
          return FALSE;
        }

      match->taken = TRUE;
      commit->refund_of_line[i] = match->id;
      commit->refund_line_no[i] = match->sold.line_no;
    }

  return TRUE;
}

static gboolean
read_product_codes (DisDb    *db,
                    DisSale  *sale,
                    Commit   *commit,
                    GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "SELECT p.code, s.code, p.kind = 'own' FROM products p"
                          " LEFT JOIN suppliers s ON s.id = p.supplier_id WHERE p.id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;

  commit->product_codes = g_ptr_array_new_with_free_func (g_free);
  commit->supplier_codes = g_ptr_array_new_with_free_func (g_free);
  commit->own_products = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < sale->lines->len; i++)
    {
      DisSaleLine *line = g_ptr_array_index (sale->lines, i);
      gboolean has_row;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, line->product_id);
      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                       _("“%s” is not in the catalog"), line->product_name ? line->product_name : "");
          return FALSE;
        }
      g_ptr_array_add (commit->product_codes, _dis_column_dup (stmt, 0));
      g_ptr_array_add (commit->supplier_codes, _dis_column_dup (stmt, 1));
      if (sqlite3_column_int (stmt, 2))
        g_array_append_val (commit->own_products, line->product_id);
    }
  return TRUE;
}

/* The catalog the sale's prices come from: the hub's feed as far as
 * this till has pulled it, read in the commit's transaction (a pull
 * applies a page and its cursor in one transaction of its own). */
static gboolean
read_catalog_version (DisDb    *db,
                      gint64   *out,
                      GError  **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "SELECT cursor FROM sync_state WHERE id = 1", error);
  gboolean has_row;

  if (stmt == NULL || !_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* The outbox payload, by the codec's writer: built inside the write
 * transaction, where every microsecond is one the till waits, and checked
 * against the protocol's bounds, so this till never stores an event the
 * hub would refuse. */
static char *
build_payload (DisSale  *sale,
               Commit   *commit,
               GError  **error)
{
  g_auto(DisCodecSale) payload = { 0, };
  g_autoptr(GError) local_error = NULL;
  char *text;

  dis_codec_sale_init (&payload, sale->lines->len);
  payload.refund = is_refund (sale);
  payload.id = commit->id;
  payload.receipt_no = commit->receipt_no;
  payload.point = commit->identity->point_code;
  payload.device = commit->identity->device_id;
  payload.seq = commit->seq;
  payload.created_at = commit->created_iso;
  payload.operator_id = commit->operator_id;
  payload.operator_name = commit->operator_name;
  payload.member_card = sale->member_card;
  payload.tier = sale->tier;
  payload.refund_of = sale->refund_of;
  payload.refund_of_receipt_no = commit->refund_of_receipt_no;
  for (guint i = 0; i < sale->lines->len; i++)
    {
      DisSaleLine *line = g_ptr_array_index (sale->lines, i);
      DisCodecSaleLine *out = &g_array_index (payload.lines, DisCodecSaleLine, i);

      /* A refund's line is numbered as the line of the sale it refunds,
       * so the hub can check it against that line. */
      out->line_no = is_refund (sale) ? commit->refund_line_no[i] : (gint) i + 1;
      out->product_code = g_ptr_array_index (commit->product_codes, i);
      out->product_name = line->product_name;
      out->supplier_code = g_ptr_array_index (commit->supplier_codes, i);
      if (!dis_unit_from_code (line->unit, &out->unit))
        out->unit = (DisUnit) -1;   /* the codec names the line */
      out->quantity = line->quantity;
      out->unit_price = line->unit_price;
      out->unit_price_equa = line->unit_price_equa;
      out->line_total = line->line_total;
      out->line_total_equa = line->line_total_equa;
      out->tier_delta = line->tier_delta;
      out->vat_rate = line->vat_rate;
    }
  for (guint i = 0; i < sale->payments->len; i++)
    {
      DisPayment *payment = g_ptr_array_index (sale->payments, i);
      DisCodecPayment out = { payment->method, payment->amount };

      g_array_append_val (payload.payments, out);
    }
  payload.n_lines = sale->lines->len;
  payload.total = sale->total;
  payload.total_equa = sale->total_equa;
  payload.tier_delta = sale->tier_delta;
  payload.cash_tendered = sale->cash_tendered;
  payload.change_due = sale->change_due;
  payload.has_catalog_version = commit->catalog_version > 0;
  payload.catalog_version = commit->catalog_version;

  text = dis_codec_sale_write (&payload, NULL, &local_error);
  if (text == NULL)
    /* Translators: %s is the technical reason, e.g. "payload.lines[0].product_name: longer than 200 characters" */
    g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                 _("This sale cannot be sent to the hub, so it was not saved (%s)"), local_error->message);
  return text;
}

static gboolean
insert_sale_row (DisDb    *db,
                 DisSale  *sale,
                 Commit   *commit,
                 GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO sales (id, point_code, device_id, seq, receipt_no, created_at,"
                          " day_id, operator_id, operator_name, member_card, tier, n_lines, total,"
                          " total_equa, tier_delta, cash_tendered, change_due, refund_of, catalog_version)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                          " ?15, ?16, ?17, ?18, ?19)",
                          error);
  if (stmt == NULL)
    return FALSE;

  _dis_bind_text (stmt, 1, commit->id);
  _dis_bind_text (stmt, 2, commit->identity->point_code);
  _dis_bind_text (stmt, 3, commit->identity->device_id);
  sqlite3_bind_int64 (stmt, 4, commit->seq);
  _dis_bind_text (stmt, 5, commit->receipt_no);
  _dis_bind_text (stmt, 6, commit->created_iso);
  sqlite3_bind_int64 (stmt, 7, commit->day_id);
  sqlite3_bind_int64 (stmt, 8, commit->operator_id);
  _dis_bind_text (stmt, 9, commit->operator_name);
  _dis_bind_text (stmt, 10, sale->member_card);
  _dis_bind_text (stmt, 11, dis_tier_to_code (sale->tier));
  sqlite3_bind_int64 (stmt, 12, sale->lines->len);
  sqlite3_bind_int64 (stmt, 13, sale->total);
  sqlite3_bind_int64 (stmt, 14, sale->total_equa);
  sqlite3_bind_int64 (stmt, 15, sale->tier_delta);
  sqlite3_bind_int64 (stmt, 16, sale->cash_tendered);
  sqlite3_bind_int64 (stmt, 17, sale->change_due);
  _dis_bind_text (stmt, 18, sale->refund_of);
  if (commit->catalog_version > 0)
    sqlite3_bind_int64 (stmt, 19, commit->catalog_version);
  return _dis_db_step_done (db, stmt, error);
}

/* Why the lines go in as few statements as possible: the schema's CHECK
 * (x IN (a, b, c)) constraints make SQLite 3.40 build an ephemeral table
 * for every execution of an INSERT into sale_lines (two) or
 * stock_movements (one), with a fresh page cache each time; within one
 * execution the table is reused row after row. One INSERT per line cost
 * about 3/4 of the commit's CPU time, measured; now a 5-line sale runs
 * one INSERT for the lines and one INSERT … SELECT each for the ledger and
 * the levels. */
#define LINES_PER_INSERT 16
#define LINE_COLUMNS 15

static char *
lines_insert_sql (guint n_rows)
{
  GString *sql = g_string_new ("INSERT INTO sale_lines (sale_id, line_no, product_id, product_name,"
                               " supplier_id, supplier_name, unit, quantity, unit_price,"
                               " unit_price_equa, line_total, line_total_equa, tier_delta, vat_rate,"
                               " refund_of_line) VALUES ");

  for (guint row = 0; row < n_rows; row++)
    {
      g_string_append (sql, row == 0 ? "(" : ", (");
      for (guint col = 1; col <= LINE_COLUMNS; col++)
        g_string_append_printf (sql, col == 1 ? "?%u" : ", ?%u", row * LINE_COLUMNS + col);
      g_string_append_c (sql, ')');
    }

  return g_string_free (sql, FALSE);
}

static gboolean
insert_line_rows (DisDb    *db,
                  DisSale  *sale,
                  Commit   *commit,
                  guint     first,
                  guint     n_rows,
                  GError  **error)
{
  g_autofree char *sql = lines_insert_sql (n_rows);
  g_autoptr(DisStmt) stmt = NULL;

  /* At most LINES_PER_INSERT texts, each prepared once and cached. */
  stmt = _dis_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint row = 0; row < n_rows; row++)
    {
      guint index = first + row;
      DisSaleLine *line = g_ptr_array_index (sale->lines, index);
      int base = (int) (row * LINE_COLUMNS);

      _dis_bind_text (stmt, base + 1, commit->id);
      sqlite3_bind_int64 (stmt, base + 2, index + 1);
      sqlite3_bind_int64 (stmt, base + 3, line->product_id);
      _dis_bind_text (stmt, base + 4, line->product_name ? line->product_name : "");
      if (line->supplier_id != 0)
        sqlite3_bind_int64 (stmt, base + 5, line->supplier_id);
      _dis_bind_text (stmt, base + 6, line->supplier_name);
      _dis_bind_text (stmt, base + 7, line->unit ? line->unit : "piece");
      sqlite3_bind_int64 (stmt, base + 8, line->quantity);
      sqlite3_bind_int64 (stmt, base + 9, line->unit_price);
      sqlite3_bind_int64 (stmt, base + 10, line->unit_price_equa);
      sqlite3_bind_int64 (stmt, base + 11, line->line_total);
      sqlite3_bind_int64 (stmt, base + 12, line->line_total_equa);
      sqlite3_bind_int64 (stmt, base + 13, line->tier_delta);
      sqlite3_bind_int64 (stmt, base + 14, line->vat_rate);
      if (commit->refund_of_line[index] != 0)
        sqlite3_bind_int64 (stmt, base + 15, commit->refund_of_line[index]);
    }

  return _dis_db_step_done (db, stmt, error);
}

static gboolean
insert_lines (DisDb    *db,
              DisSale  *sale,
              Commit   *commit,
              GError  **error)
{
  g_autoptr(DisStmt) movements = NULL;
  g_autoptr(DisStmt) levels = NULL;

  for (guint first = 0; first < sale->lines->len; first += LINES_PER_INSERT)
    if (!insert_line_rows (db, sale, commit, first,
                           MIN (LINES_PER_INSERT, sale->lines->len - first), error))
      return FALSE;

  /* The ledger follows the lines just written, one movement per line: a
   * sale takes the quantity out of stock, a refund (negative quantities)
   * puts it back. */
  movements = _dis_db_prepare (db,
                               "INSERT INTO stock_movements (product_id, kind, qty, at, sale_line_id)"
                               " SELECT product_id, ?2, -quantity, ?3, id FROM sale_lines"
                               " WHERE sale_id = ?1 ORDER BY line_no",
                               error);
  if (movements == NULL)
    return FALSE;
  _dis_bind_text (movements, 1, commit->id);
  _dis_bind_text (movements, 2, is_refund (sale) ? "refund" : "sale");
  _dis_bind_text (movements, 3, commit->created_iso);
  if (!_dis_db_step_done (db, movements, error))
    return FALSE;

  /* The level moves with its ledger; negative stock never blocks a sale.
   * Two lines of one product add up through the upsert. */
  levels = _dis_db_prepare (db,
                            "INSERT INTO stock_levels (product_id, qty, updated_at)"
                            " SELECT product_id, -quantity, ?2 FROM sale_lines"
                            " WHERE sale_id = ?1 ORDER BY line_no"
                            " ON CONFLICT (product_id) DO UPDATE SET qty = qty + excluded.qty,"
                            " updated_at = excluded.updated_at",
                            error);
  if (levels == NULL)
    return FALSE;
  _dis_bind_text (levels, 1, commit->id);
  _dis_bind_text (levels, 2, commit->created_iso);
  return _dis_db_step_done (db, levels, error);
}

static gboolean
insert_payments (DisDb    *db,
                 DisSale  *sale,
                 Commit   *commit,
                 GError  **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO payments (sale_id, method, amount) VALUES (?1, ?2, ?3)",
                          error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < sale->payments->len; i++)
    {
      DisPayment *payment = g_ptr_array_index (sale->payments, i);

      sqlite3_reset (stmt);
      _dis_bind_text (stmt, 1, commit->id);
      _dis_bind_text (stmt, 2, dis_payment_method_to_code (payment->method));
      sqlite3_bind_int64 (stmt, 3, payment->amount);
      if (!_dis_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_outbox (DisDb       *db,
               const char  *device_id,
               const char  *type,
               const char  *at,
               const char  *payload,
               const char  *sale_id,
               GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *id = dis_id_new ();
  gint64 seq;

  if (!next_counter (db, device_id, "event", &seq, error))
    return FALSE;

  /* The seq is the device's: the event keeps both, whatever device the
   * till is enrolled as when it is sent. */
  stmt = _dis_db_prepare (db,
                          "INSERT INTO outbox (id, device, seq, type, at, payload, sale_id)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, id);
  _dis_bind_text (stmt, 2, device_id);
  sqlite3_bind_int64 (stmt, 3, seq);
  _dis_bind_text (stmt, 4, type);
  _dis_bind_text (stmt, 5, at);
  _dis_bind_text (stmt, 6, payload);
  _dis_bind_text (stmt, 7, sale_id);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
commit_in_transaction (DisDb        *db,
                       DisSale      *sale,
                       DisOperator  *operator,
                       Commit       *commit,
                       GError      **error)
{
  g_autofree char *payload = NULL;

  commit->identity = _dis_store_read_identity (db, error);
  if (commit->identity == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                             _("This till has no point identity yet"));
      return FALSE;
    }
  if (!read_open_day (db, &commit->day_id, error))
    return FALSE;
  if (!_dis_store_check_acting (db, operator, DIS_PERMISSION_SELL, error))
    return FALSE;
  if (is_refund (sale) && !_dis_store_check_acting (db, operator, DIS_PERMISSION_REFUND, error))
    return FALSE;
  if (!check_signs (sale, error) || !dis_sale_validate (sale, error))
    return FALSE;

  commit->refund_of_line = g_new0 (gint64, sale->lines->len);
  commit->refund_line_no = g_new0 (gint, sale->lines->len);
  if (is_refund (sale) && !check_refund (db, sale, commit, error))
    return FALSE;
  /* The till's widget offers only the allowed tiers; the ledger takes
   * nothing else. A refund keeps its original's tier. */
  if (!is_refund (sale) && !_dis_store_check_tier (db, sale, error))
    return FALSE;
  if (!read_product_codes (db, sale, commit, error) ||
      !read_catalog_version (db, &commit->catalog_version, error))
    return FALSE;

  if (!next_counter (db, commit->identity->device_id, "receipt", &commit->seq, error))
    return FALSE;
  commit->id = dis_id_new ();
  commit->receipt_no = g_strdup_printf ("%s-%s-%06" G_GINT64_FORMAT,
                                        commit->identity->point_code,
                                        commit->identity->device_id,
                                        commit->seq);
  commit->created_at = g_date_time_new_now_local ();
  commit->created_iso = g_date_time_format_iso8601 (commit->created_at);
  commit->operator_id = dis_operator_get_id (operator);
  commit->operator_name = g_strdup (dis_operator_get_name (operator));

  if (!insert_sale_row (db, sale, commit, error))
    return FALSE;

  if (!insert_lines (db, sale, commit, error))
    return FALSE;

  if (!insert_payments (db, sale, commit, error))
    return FALSE;
  payload = build_payload (sale, commit, error);
  if (payload == NULL ||
      !_dis_store_declare_own_products (db, commit->identity, (const gint64 *) (gconstpointer) commit->own_products->data,
                                        commit->own_products->len, commit->created_iso, error))
    return FALSE;
  if (!insert_outbox (db, commit->identity->device_id,
                      is_refund (sale) ? "sale.refunded" : "sale.committed",
                      commit->created_iso, payload, commit->id, error))
    return FALSE;
  /* After the sale's event, so the hub knows the sale the order names. */
  return sale->order_id == NULL || is_refund (sale) ||
         _dis_store_orders_hand_over (db, commit->identity, sale, commit->id, commit->created_iso,
                                      &commit->order_label, error);
}

static void
fill_sale (DisSale *sale,
           Commit  *commit)
{
  g_free (sale->id);
  sale->id = g_steal_pointer (&commit->id);
  g_free (sale->point_code);
  sale->point_code = g_strdup (commit->identity->point_code);
  g_free (sale->point_name);
  sale->point_name = g_strdup (commit->identity->point_name);
  g_free (sale->device_id);
  sale->device_id = g_strdup (commit->identity->device_id);
  sale->seq = commit->seq;
  g_free (sale->receipt_no);
  sale->receipt_no = g_steal_pointer (&commit->receipt_no);
  g_clear_pointer (&sale->created_at, g_date_time_unref);
  sale->created_at = g_steal_pointer (&commit->created_at);
  sale->operator_id = commit->operator_id;
  g_free (sale->operator_name);
  sale->operator_name = g_steal_pointer (&commit->operator_name);
  if (commit->order_label != NULL)
    {
      g_free (sale->order_label);
      sale->order_label = g_steal_pointer (&commit->order_label);
    }
  if (commit->refund_of_receipt_no != NULL)
    {
      g_free (sale->refund_of_receipt_no);
      sale->refund_of_receipt_no = g_steal_pointer (&commit->refund_of_receipt_no);
    }
}

gboolean
dis_store_commit_sale (DisStore     *self,
                       DisSale      *sale,
                       DisOperator  *operator,
                       GError      **error)
{
  g_auto(Commit) commit = { 0 };

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (sale != NULL, FALSE);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), FALSE);

  if (sale->id != NULL)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("The sale %s is committed already"), sale->receipt_no);
      return FALSE;
    }

  {
    DIS_DB_LOCK (&self->writer);
    /* dis_sale_validate() fills these; a failed commit leaves @sale as it was. */
    gint64 cash_tendered = sale->cash_tendered;
    gint64 change_due = sale->change_due;

    if (!_dis_db_begin (&self->writer, error))
      return FALSE;
    if (!commit_in_transaction (&self->writer, sale, operator, &commit, error) ||
        !_dis_db_commit (&self->writer, error))
      {
        _dis_db_rollback (&self->writer);
        sale->cash_tendered = cash_tendered;
        sale->change_due = change_due;
        return FALSE;
      }
  }

  _dis_store_notify_outbox_changed (self);
  _dis_store_notify_stock_changed (self);
  /* The member's purchase volume counts this sale until the hub has it. */
  _dis_store_notify_member_changed (self, sale->member_card);
  if (sale->order_id != NULL)
    _dis_store_notify_orders_changed (self);
  fill_sale (sale, &commit);
  return TRUE;
}

static gboolean
commit_func (DisStore  *store,
             gpointer   data,
             GError   **error)
{
  DisStoreArgs *args = data;

  return dis_store_commit_sale (store, DIS_SALE (args->object), args->acting, error);
}

/* @sale is filled on the write worker: leave it alone until the callback. */
void
dis_store_commit_sale_async (DisStore            *self,
                             DisSale             *sale,
                             DisOperator         *operator,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_commit_sale_async, .write = TRUE,
                                     .bool_func = commit_func, .data_free = _dis_store_args_free };

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (DIS_IS_SALE (sale));
  g_return_if_fail (DIS_IS_OPERATOR (operator));

  _dis_store_run_async (self, &call, _dis_store_args_new (operator, sale, NULL, 0),
                        cancellable, callback, user_data);
}

gboolean
dis_store_commit_sale_finish (DisStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _dis_store_run_boolean_finish (self, result, dis_store_commit_sale_async, error);
}

gboolean
_dis_store_insert_outbox (DisDb       *db,
                          const char  *device_id,
                          const char  *type,
                          const char  *at,
                          const char  *payload,
                          GError     **error)
{
  return insert_outbox (db, device_id, type, at, payload, NULL, error);
}
