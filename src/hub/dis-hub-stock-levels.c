/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-stock"

#include "config.h"

#include <string.h>

#include "dis-hub-stock-private.h"

/* The hub's copy of the points' levels: how a movement moves one, the
 * snapshot the feed carries of a point, and the two read endpoints. */

gboolean
_dis_hub_stock_mover_init (DisHubStockMover  *mover,
                           DisHubDb          *db,
                           const char        *point,
                           const char        *event_id,
                           const char        *now,
                           GError           **error)
{
  *mover = (DisHubStockMover) { db, point, event_id, now != NULL ? g_strdup (now) : dis_hub_now_iso (), NULL, };
  mover->known = dis_hub_db_prepare_cached (db,
                                            "SELECT 1 FROM products WHERE code = ?1"
                                            " UNION ALL SELECT 1 FROM own_products"
                                            " WHERE code = ?1 AND point_code IN (?2, ?3) LIMIT 1",
                                            error);
  if (mover->known == NULL)
    return FALSE;
  mover->insert = dis_hub_db_prepare_cached (db,
                                             "INSERT INTO hub_stock_movements (event_id, point_code, product_code, kind,"
                                             " qty, at, document, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                             error);
  return mover->insert != NULL;
}

void
_dis_hub_stock_mover_clear (DisHubStockMover *mover)
{
  g_clear_pointer (&mover->now, g_free);
  g_clear_pointer (&mover->known, dis_hub_stmt_release);
  g_clear_pointer (&mover->upsert, dis_hub_stmt_release);
  g_clear_pointer (&mover->insert, dis_hub_stmt_release);
}

gboolean
_dis_hub_stock_known (DisHubStockMover  *mover,
                      const char        *product,
                      const char        *other_point,
                      gboolean          *out_known,
                      GError           **error)
{
  gboolean ok;

  dis_hub_stmt_reset (mover->known);
  dis_hub_stmt_bind_text (mover->known, 1, product);
  dis_hub_stmt_bind_text (mover->known, 2, mover->point);
  dis_hub_stmt_bind_text (mover->known, 3, other_point);
  ok = dis_hub_db_step (mover->db, mover->known, out_known, error);
  dis_hub_stmt_reset (mover->known);
  return ok;
}

/* The movement of a level that moved, kept under the mover's event. */
static gboolean
record_movement (DisHubStockMover  *mover,
                 const char        *product,
                 const char        *kind,
                 gint64             qty,
                 const char        *at,
                 const char        *document,
                 const char        *reason,
                 GError           **error)
{
  dis_hub_stmt_reset (mover->insert);
  dis_hub_stmt_bind_text (mover->insert, 1, mover->event_id);
  dis_hub_stmt_bind_text (mover->insert, 2, mover->point);
  dis_hub_stmt_bind_text (mover->insert, 3, product);
  dis_hub_stmt_bind_text (mover->insert, 4, kind);
  dis_hub_stmt_bind_int64 (mover->insert, 5, qty);
  dis_hub_stmt_bind_text (mover->insert, 6, at);
  dis_hub_stmt_bind_text (mover->insert, 7, document);
  dis_hub_stmt_bind_text (mover->insert, 8, reason);
  if (!dis_hub_db_step_done (mover->db, mover->insert, error))
    return FALSE;
  mover->moved = TRUE;
  return TRUE;
}

gboolean
_dis_hub_stock_move (DisHubStockMover  *mover,
                     const char        *product,
                     const char        *kind,
                     gint64             qty,
                     const char        *at,
                     const char        *document,
                     const char        *reason,
                     gboolean          *out_moved,
                     GError           **error)
{
  g_assert (qty != 0);

  /* The bound is checked in the same statement: no level is read and
   * written back, and one that would pass it is left as it is (no row
   * changed). Not RETURNING: SQLite builds a table for it at each run.
   * Prepared when first needed: the sales' mover keeps its levels in
   * memory and never moves one here. */
  if (mover->upsert == NULL &&
      (mover->upsert = dis_hub_db_prepare_cached (mover->db,
                                                  "INSERT INTO point_stock (point_code, product_code, qty, updated_at)"
                                                  " VALUES (?1, ?2, ?3, ?4)"
                                                  " ON CONFLICT (point_code, product_code) DO UPDATE"
                                                  " SET qty = point_stock.qty + excluded.qty,"
                                                  " updated_at = excluded.updated_at"
                                                  " WHERE abs (point_stock.qty + excluded.qty) <= ?5",
                                                  error)) == NULL)
    return FALSE;
  dis_hub_stmt_reset (mover->upsert);
  dis_hub_stmt_bind_text (mover->upsert, 1, mover->point);
  dis_hub_stmt_bind_text (mover->upsert, 2, product);
  dis_hub_stmt_bind_int64 (mover->upsert, 3, qty);
  dis_hub_stmt_bind_text (mover->upsert, 4, mover->now);
  dis_hub_stmt_bind_int64 (mover->upsert, 5, DIS_HUB_STOCK_LEVEL_MAX);
  if (!dis_hub_db_step_done (mover->db, mover->upsert, error))
    return FALSE;
  *out_moved = dis_hub_db_changes (mover->db) > 0;
  dis_hub_stmt_reset (mover->upsert);
  return !*out_moved || record_movement (mover, product, kind, qty, at, document, reason, error);
}

gboolean
_dis_hub_stock_mover_finish (DisHubStockMover  *mover,
                             GError           **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  if (!mover->moved)
    return TRUE;
  stmt = dis_hub_db_prepare_cached (mover->db,
                                    "INSERT INTO stock_snapshots (point_code, moved) VALUES (?1, 1)"
                                    " ON CONFLICT (point_code) DO UPDATE SET moved = 1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, mover->point);
  return dis_hub_db_step_done (mover->db, stmt, error);
}

/* A level as the batch's sales left it: read once, written once. */
typedef struct
{
  gint64   qty;
  gboolean exists;     /* point_stock has a row for it */
  gboolean dirty;      /* moved since it was read or written */
} Level;

struct _DisHubStockSales
{
  DisHubStockMover  mover;
  char             *point;
  GHashTable       *known;     /* product code → GINT_TO_POINTER (known + 1) */
  GHashTable       *levels;    /* product code → Level */
  DisHubStmt       *read;
  DisHubStmt       *write;
};

DisHubStockSales *
dis_hub_stock_sales_new (DisHubDb    *db,
                         const char  *point,
                         const char  *now,
                         GError     **error)
{
  g_autoptr(DisHubStockSales) sales = g_new0 (DisHubStockSales, 1);

  g_return_val_if_fail (db != NULL && point != NULL && now != NULL, NULL);

  sales->point = g_strdup (point);
  sales->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sales->levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!_dis_hub_stock_mover_init (&sales->mover, db, sales->point, NULL, now, error))
    return NULL;
  sales->read = dis_hub_db_prepare_cached (db, "SELECT qty FROM point_stock WHERE point_code = ?1 AND product_code = ?2",
                                           error);
  if (sales->read == NULL)
    return NULL;
  sales->write = dis_hub_db_prepare_cached (db,
                                            "INSERT INTO point_stock (point_code, product_code, qty, updated_at)"
                                            " VALUES (?1, ?2, ?3, ?4)"
                                            " ON CONFLICT (point_code, product_code) DO UPDATE"
                                            " SET qty = excluded.qty, updated_at = excluded.updated_at",
                                            error);
  if (sales->write == NULL)
    return NULL;
  return g_steal_pointer (&sales);
}

void
dis_hub_stock_sales_free (DisHubStockSales *sales)
{
  if (sales == NULL)
    return;
  _dis_hub_stock_mover_clear (&sales->mover);
  g_clear_pointer (&sales->read, dis_hub_stmt_release);
  g_clear_pointer (&sales->write, dis_hub_stmt_release);
  g_clear_pointer (&sales->known, g_hash_table_unref);
  g_clear_pointer (&sales->levels, g_hash_table_unref);
  g_free (sales->point);
  g_free (sales);
}

void
dis_hub_stock_sales_forget (DisHubStockSales *sales)
{
  g_return_if_fail (sales != NULL);

  g_hash_table_remove_all (sales->known);
}

/* _dis_hub_stock_known () of the batch's point, once per product. */
static gboolean
sales_known (DisHubStockSales  *sales,
             const char        *product,
             gboolean          *out_known,
             GError           **error)
{
  gpointer found = g_hash_table_lookup (sales->known, product);

  if (found != NULL)
    {
      *out_known = GPOINTER_TO_INT (found) - 1;
      return TRUE;
    }
  if (!_dis_hub_stock_known (&sales->mover, product, NULL, out_known, error))
    return FALSE;
  g_hash_table_insert (sales->known, g_strdup (product), GINT_TO_POINTER (*out_known + 1));
  return TRUE;
}

/* The level of @product as the batch has it, read when first needed. */
static Level *
sales_level (DisHubStockSales  *sales,
             const char        *product,
             GError           **error)
{
  Level *level = g_hash_table_lookup (sales->levels, product);
  gboolean has_row;

  if (level != NULL)
    return level;
  dis_hub_stmt_reset (sales->read);
  dis_hub_stmt_bind_text (sales->read, 1, sales->point);
  dis_hub_stmt_bind_text (sales->read, 2, product);
  if (!dis_hub_db_step (sales->mover.db, sales->read, &has_row, error))
    return NULL;
  level = g_new0 (Level, 1);
  level->exists = has_row;
  level->qty = has_row ? dis_hub_stmt_column_int64 (sales->read, 0) : 0;
  dis_hub_stmt_reset (sales->read);
  g_hash_table_insert (sales->levels, g_strdup (product), level);
  return level;
}

/* As _dis_hub_stock_move (), on the level in memory: a new level is the
 * move itself, a known one moves unless it would pass the bound; the
 * movement is written at once, the level by dis_hub_stock_sales_flush (). */
static gboolean
sales_move (DisHubStockSales    *sales,
            const DisCodecSale  *sale,
            const char          *product,
            gint64               qty,
            GError             **error)
{
  Level *level = sales_level (sales, product, error);

  if (level == NULL)
    return FALSE;
  if (level->exists && ABS (level->qty + qty) > DIS_HUB_STOCK_LEVEL_MAX)
    return TRUE;
  level->qty = level->exists ? level->qty + qty : qty;
  level->exists = TRUE;
  level->dirty = TRUE;
  return record_movement (&sales->mover, product, sale->refund ? "refund" : "sale", qty, sale->created_at,
                          sale->receipt_no, NULL, error);
}

gboolean
dis_hub_stock_sales_apply (DisHubStockSales    *sales,
                           const char          *event_id,
                           const DisCodecSale  *sale,
                           GError             **error)
{
  g_return_val_if_fail (sales != NULL && event_id != NULL && sale != NULL, FALSE);
  g_return_val_if_fail (g_str_equal (sale->point, sales->point), FALSE);

  sales->mover.event_id = event_id;
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const DisCodecSaleLine *line = &g_array_index (sale->lines, DisCodecSaleLine, i);
      gboolean known;

      /* The codec never lets a quantity be 0: a sale takes, a refund's
       * negative lines give back. */
      if (!sales_known (sales, line->product_code, &known, error))
        return FALSE;
      if (known && !sales_move (sales, sale, line->product_code, -line->quantity, error))
        return FALSE;
    }
  sales->mover.event_id = NULL;
  return TRUE;
}

gboolean
dis_hub_stock_sales_flush (DisHubStockSales  *sales,
                           GError           **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (sales != NULL, FALSE);

  g_hash_table_iter_init (&iter, sales->levels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Level *level = value;

      if (!level->dirty)
        continue;
      dis_hub_stmt_reset (sales->write);
      dis_hub_stmt_bind_text (sales->write, 1, sales->point);
      dis_hub_stmt_bind_text (sales->write, 2, key);
      dis_hub_stmt_bind_int64 (sales->write, 3, level->qty);
      dis_hub_stmt_bind_text (sales->write, 4, sales->mover.now);
      if (!dis_hub_db_step_done (sales->mover.db, sales->write, error))
        return FALSE;
    }
  dis_hub_stmt_reset (sales->write);
  g_hash_table_remove_all (sales->levels);
  return TRUE;
}

gboolean
dis_hub_stock_sales_finish (DisHubStockSales  *sales,
                            GError           **error)
{
  g_return_val_if_fail (sales != NULL, FALSE);

  return dis_hub_stock_sales_flush (sales, error) &&
         _dis_hub_stock_mover_finish (&sales->mover, error);
}

/* ---- Snapshots ----------------------------------------------------------- */

gboolean
dis_hub_stock_publish (DisHubDb    *db,
                       const char  *point,
                       GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GArray) levels = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *now = NULL;
  DisCodecStockSnapshot snapshot = { NULL, };
  gboolean has_row, ok;

  g_return_val_if_fail (db != NULL && point != NULL, FALSE);

  stmt = dis_hub_db_prepare_cached (db, "SELECT moved FROM stock_snapshots WHERE point_code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row || dis_hub_stmt_column_int64 (stmt, 0) == 0)
    return TRUE;

  /* Only what is in stock, at most what the codec carries: a point never
   * has that many products with stock, so the cut is only a guard. */
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT product_code, qty FROM point_stock WHERE point_code = ?1 AND qty > 0"
                                    " ORDER BY product_code LIMIT ?2",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  dis_hub_stmt_bind_int64 (stmt, 2, DIS_CODEC_SNAPSHOT_LEVELS_MAX);
  levels = g_array_new (FALSE, TRUE, sizeof (DisCodecStockLine));
  codes = g_ptr_array_new_with_free_func (g_free);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      /* The feed carries a quantity's bound; the hub's levels may pass it. */
      DisCodecStockLine level = { dis_hub_column_dup (stmt, 0),
                                  MIN (dis_hub_stmt_column_int64 (stmt, 1), DIS_QUANTITY_MAX) };

      g_ptr_array_add (codes, (char *) level.product);
      g_array_append_val (levels, level);
    }
  if (!ok)
    return FALSE;

  now = dis_hub_now_iso ();
  snapshot.point = point;
  snapshot.at = now;
  snapshot.levels = levels;
  data = dis_codec_stock_snapshot_to_node (&snapshot, error);
  if (data == NULL)
    return FALSE;

  /* A snapshot says everything of the point: the one before it is of no
   * use to anybody, so the feed keeps only the newest. */
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare_cached (db, "DELETE FROM changes WHERE kind = 'stock_snapshot' AND key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  if (!dis_hub_db_step_done (db, stmt, error) ||
      !dis_hub_db_append_change (db, "stock_snapshot", "upsert", point, data, error))
    return FALSE;

  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare_cached (db, "UPDATE stock_snapshots SET moved = 0, at = ?2 WHERE point_code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, point);
  dis_hub_stmt_bind_text (stmt, 2, now);
  return dis_hub_db_step_done (db, stmt, error);
}

/* ---- Queries ------------------------------------------------------------- */

gint64
_dis_hub_stock_age (const char *at,
                    GDateTime  *now)
{
  g_autoptr(GDateTime) then = NULL;

  if (at == NULL || (then = g_date_time_new_from_iso8601 (at, NULL)) == NULL)
    return -1;
  return MAX (g_date_time_difference (now, then) / G_TIME_SPAN_SECOND, 0);
}

/* The answers are written straight as JSON text (dis_json_append_string()
 * escapes as the hub's replies do): an availability answer is hundreds of
 * points and a completeness one hundreds of thousands of codes, and a
 * JsonNode of each would cost more than the queries. */

static void
append_member (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_printf (out, "\"%s\":", name);
  if (value != NULL)
    dis_json_append_string (out, value);
  else
    g_string_append (out, "null");
}

/* ,"snapshot_at":…,"age_seconds":… of a point, null when the hub has no
 * snapshot of it yet. */
static void
append_age (GString    *out,
            const char *at,
            GDateTime  *now)
{
  gint64 age = _dis_hub_stock_age (at, now);

  g_string_append_c (out, ',');
  append_member (out, "snapshot_at", age < 0 ? NULL : at);
  if (age < 0)
    g_string_append (out, ",\"age_seconds\":null");
  else
    g_string_append_printf (out, ",\"age_seconds\":%" G_GINT64_FORMAT, age);
}

static void
append_begin (GString    *out,
              GDateTime  *now)
{
  g_autofree char *text = g_date_time_format_iso8601 (now);

  g_string_append_c (out, '{');
  append_member (out, "at", text);
}

/* The basket's codes, in the order SQLite sorts them (bytewise, as
 * strcmp ()). */
static GPtrArray *
basket_codes (DisHubDb  *db,
              GError   **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, "SELECT code FROM products ORDER BY code", error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row, ok;

  if (stmt == NULL)
    return NULL;
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (codes, dis_hub_column_dup (stmt, 0));
  return ok ? g_steal_pointer (&codes) : NULL;
}

/* ,"missing":[…],"in_stock":N of @point: the basket walked beside the
 * point's products in stock, both in code order. */
static gboolean
append_missing (DisHubDb      *db,
                DisHubStmt    *in_stock,
                const char    *point,
                GPtrArray     *basket,
                GString       *out,
                GError       **error)
{
  gboolean has_row = FALSE, ok;
  gboolean first = TRUE;
  guint n_missing = 0;

  dis_hub_stmt_reset (in_stock);
  dis_hub_stmt_bind_text (in_stock, 1, point);
  g_string_append (out, ",\"missing\":[");
  ok = dis_hub_db_step (db, in_stock, &has_row, error);
  for (guint i = 0; ok && i < basket->len; i++)
    {
      const char *code = g_ptr_array_index (basket, i);
      int cmp = -1;

      while (ok && has_row &&
             (cmp = strcmp (dis_hub_stmt_column_text (in_stock, 0), code)) < 0)
        ok = dis_hub_db_step (db, in_stock, &has_row, error);
      if (ok && has_row && cmp == 0)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      dis_json_append_string (out, code);
      first = FALSE;
      n_missing++;
    }
  dis_hub_stmt_reset (in_stock);
  g_string_append_printf (out, "],\"in_stock\":%u,\"basket\":%u,\"percent\":%u", basket->len - n_missing,
                          basket->len, basket->len > 0 ? (basket->len - n_missing) * 100 / basket->len : 100);
  return ok;
}

char *
dis_hub_stock_completeness (DisHubDb   *db,
                            GDateTime  *now,
                            GError    **error)
{
  g_autoptr(DisHubStmt) points = NULL;
  g_autoptr(DisHubStmt) in_stock = NULL;
  g_autoptr(GPtrArray) basket = NULL;
  g_autoptr(GString) out = NULL;
  gboolean has_row, ok, first = TRUE;

  g_return_val_if_fail (db != NULL && now != NULL, NULL);

  points = dis_hub_db_prepare (db,
                               "SELECT p.code, p.name, s.at FROM points p"
                               " LEFT JOIN stock_snapshots s ON s.point_code = p.code"
                               " WHERE p.revoked_at IS NULL ORDER BY p.code",
                               error);
  in_stock = dis_hub_db_prepare (db,
                                 "SELECT product_code FROM point_stock WHERE point_code = ?1 AND qty > 0"
                                 " ORDER BY product_code",
                                 error);
  if (points == NULL || in_stock == NULL || (basket = basket_codes (db, error)) == NULL)
    return NULL;

  out = g_string_sized_new (4096);
  append_begin (out, now);
  g_string_append_printf (out, ",\"basket\":%u,\"points\":[", basket->len);
  while ((ok = dis_hub_db_step (db, points, &has_row, error)) && has_row)
    {
      const char *code = dis_hub_stmt_column_text (points, 0);

      g_string_append (out, first ? "{" : ",{");
      first = FALSE;
      append_member (out, "point", code);
      g_string_append_c (out, ',');
      append_member (out, "name", dis_hub_stmt_column_text (points, 1));
      if (!append_missing (db, in_stock, code, basket, out, error))
        return NULL;
      append_age (out, dis_hub_stmt_column_text (points, 2), now);
      g_string_append_c (out, '}');
    }
  if (!ok)
    return NULL;
  g_string_append (out, "]}");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dis_hub_stock_availability (DisHubDb    *db,
                            const char  *product,
                            GDateTime   *now,
                            GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GString) out = NULL;
  gboolean has_row, ok, first = TRUE;

  g_return_val_if_fail (db != NULL && product != NULL && now != NULL, NULL);

  stmt = dis_hub_db_prepare (db,
                             "SELECT 1 FROM products WHERE code = ?1"
                             " UNION ALL SELECT 1 FROM own_products WHERE code = ?1 LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, product);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "product: the hub knows no product %s", product);
      return NULL;
    }

  /* point_stock_product covers the levels: the points and their
   * snapshots are one lookup each by primary key. */
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db,
                             "SELECT ps.point_code, p.name, ps.qty, s.at FROM point_stock ps"
                             " JOIN points p ON p.code = ps.point_code"
                             " LEFT JOIN stock_snapshots s ON s.point_code = ps.point_code"
                             " WHERE ps.product_code = ?1 AND ps.qty > 0 AND p.revoked_at IS NULL"
                             " ORDER BY ps.qty DESC, ps.point_code",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, product);

  out = g_string_sized_new (16384);
  append_begin (out, now);
  g_string_append_c (out, ',');
  append_member (out, "product", product);
  g_string_append (out, ",\"points\":[");
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      g_string_append (out, first ? "{" : ",{");
      first = FALSE;
      append_member (out, "point", dis_hub_stmt_column_text (stmt, 0));
      g_string_append_c (out, ',');
      append_member (out, "name", dis_hub_stmt_column_text (stmt, 1));
      g_string_append_printf (out, ",\"qty\":%" G_GINT64_FORMAT, (gint64) dis_hub_stmt_column_int64 (stmt, 2));
      append_age (out, dis_hub_stmt_column_text (stmt, 3), now);
      g_string_append_c (out, '}');
    }
  if (!ok)
    return NULL;
  g_string_append (out, "]}");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
