/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-cycles"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-codec.h"
#include "dis-error.h"
#include "dis-hub-catalog.h"
#include "dis-hub-cycles.h"
#include "dis-hub-cycles-private.h"
#include "dis-hub-orders.h"
#include "dis-hub-settings.h"
#include "dis-money.h"
#include "dis-shortage.h"
#include "dis-stock-csv.h"

/* A supplier's delivery for a closed cycle (issue 13, "Shortages"): what
 * arrived of each product is shared among the orders that hold it, in
 * proportion to what each ordered (dis_shortage_allot()), and every
 * order whose share changed hears of it in the feed, before the point
 * prepares it. Sharing again, after a corrected file, starts from what
 * was ordered: the same delivery always gives the same shares. */

typedef struct
{
  char   *product;
  gint64  delivered;
} Delivery;

static void
delivery_clear (gpointer data)
{
  g_free (((Delivery *) data)->product);
}

/* ---- The file --------------------------------------------------------------- */

/* The index of the column named @name (case and spaces aside) in @header, or -1. */
static int
find_column (const char * const *header,
             const char         *name)
{
  for (int i = 0; header[i] != NULL; i++)
    {
      g_autofree char *title = g_strstrip (g_ascii_strdown (header[i], -1));

      if (g_str_equal (title, name))
        return i;
    }
  return -1;
}

/* Checks that @code is one of @supplier's products in cycle @id. */
static gboolean
check_product (DisHubDb    *db,
               gint64       id,
               const char  *supplier,
               const char  *code,
               guint        row,
               GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT p.supplier FROM hub_cycle_products c LEFT JOIN products p ON p.code = c.product_code"
                             " WHERE c.cycle_id = ?1 AND c.product_code = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, code);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "row %u: the cycle offers no product %s", row, code);
      return FALSE;
    }
  if (g_strcmp0 (dis_hub_stmt_column_text (stmt, 0), supplier) != 0)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "row %u: %s is not a product of supplier %s", row, code, supplier);
      return FALSE;
    }
  return TRUE;
}

/* The rows of the delivery file: "product" and "delivered" (units, as
 * the stock CSVs write them) or "delivered_milli". Each product of the
 * supplier in the cycle at most once. */
static GArray *
read_deliveries (DisHubDb    *db,
                 gint64       id,
                 const char  *supplier,
                 GBytes      *data,
                 GError     **error)
{
  g_autoptr(DisStockCsv) csv = NULL;
  g_autoptr(GArray) deliveries = g_array_new (FALSE, TRUE, sizeof (Delivery));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char * const *header;
  gsize size;
  const char *bytes = g_bytes_get_data (data, &size);
  int product_col, units_col, milli_col;

  g_array_set_clear_func (deliveries, delivery_clear);
  csv = dis_stock_csv_parse (bytes, size, error);
  if (csv == NULL)
    return NULL;
  if (dis_stock_csv_get_n_rows (csv) == 0)
    {
      g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "the file is empty");
      return NULL;
    }
  header = dis_stock_csv_get_row (csv, 1, NULL);
  product_col = find_column (header, "product");
  units_col = find_column (header, "delivered");
  milli_col = find_column (header, "delivered_milli");
  if (product_col < 0 || (units_col < 0) == (milli_col < 0))
    {
      g_set_error_literal (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                           "row 1: the columns are product and delivered (units) or delivered_milli");
      return NULL;
    }

  for (guint row = 2; row <= dis_stock_csv_get_n_rows (csv); row++)
    {
      const char * const *fields;
      g_autofree char *code = NULL;
      g_autofree char *amount = NULL;
      Delivery delivery;
      guint n_fields;
      int col = units_col >= 0 ? units_col : milli_col;
      guint64 milli;

      if (dis_stock_csv_row_is_blank (csv, row))
        continue;
      fields = dis_stock_csv_get_row (csv, row, &n_fields);
      code = g_strstrip (g_strdup ((guint) product_col < n_fields ? fields[product_col] : ""));
      amount = g_strstrip (g_strdup ((guint) col < n_fields ? fields[col] : ""));
      if (!dis_codec_is_code (code))
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "row %u: “%s” is not a product code", row, code);
          return NULL;
        }
      if (g_hash_table_contains (seen, code))
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "row %u: %s is on an earlier row too", row, code);
          return NULL;
        }
      if (units_col >= 0 ? !dis_stock_csv_parse_qty (amount, DIS_QUANTITY_MAX, &delivery.delivered) ||
                           delivery.delivered < 0
                         : !g_ascii_string_to_unsigned (amount, 10, 0, DIS_QUANTITY_MAX, &milli, NULL))
        {
          g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                       units_col >= 0 ? "row %u: “%s” is not a quantity (like 12 or 3,250)"
                                      : "row %u: “%s” is not a quantity in milli-units (like 3250)",
                       row, amount);
          return NULL;
        }
      if (units_col < 0)
        delivery.delivered = (gint64) milli;
      if (!check_product (db, id, supplier, code, row, error))
        return NULL;
      g_hash_table_add (seen, g_strdup (code));
      delivery.product = g_steal_pointer (&code);
      g_array_append_val (deliveries, delivery);
    }
  return g_steal_pointer (&deliveries);
}

/* ---- Sharing --------------------------------------------------------------- */

typedef struct
{
  char   *order_id;
  gint64  line_no;
  gint64  before;      /* allotted until now */
} ClaimRow;

static void
claim_row_clear (gpointer data)
{
  g_free (((ClaimRow *) data)->order_id);
}

/* An order time as a number that orders as the time does. */
static gint64
time_key (const char *utc)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (utc, NULL);

  if (parsed == NULL)
    return G_MAXINT64;
  return g_date_time_to_unix (parsed) * G_USEC_PER_SEC + g_date_time_get_microsecond (parsed);
}

/* Shares @delivery among the lines of the counted orders of cycle @id;
 * the orders whose line changed go in @changed (order id → the text of
 * their changed lines). Adds the product's figures to @products. */
static gboolean
share (DisHubDb        *db,
       gint64           id,
       const Delivery  *delivery,
       gboolean         priority_first,
       GHashTable      *changed,
       JsonArray       *products,
       GError         **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GArray) claims = g_array_new (FALSE, TRUE, sizeof (DisShortageClaim));
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (ClaimRow));
  g_autofree char *name = NULL;
  g_autofree char *unit = NULL;
  JsonObject *figures;
  gint64 ordered = 0, allotted = 0;
  guint n_changed = 0;
  gboolean has_row, ok;

  g_array_set_clear_func (rows, claim_row_clear);
  if (!dis_hub_catalog_describe (db, delivery->product, NULL, &name, &unit, error))
    return FALSE;
  /* In order time, then by point and number: the index breaks the
   * remaining ties, the same way every time. */
  stmt = dis_hub_db_prepare (db,
                             "SELECT l.order_id, l.line_no, l.ordered, l.allotted, o.created_utc, o.tier"
                             " FROM hub_order_lines l JOIN hub_orders o ON o.id = l.order_id"
                             " WHERE o.cycle_id = ?1 AND l.product_code = ?2 AND " DIS_HUB_CYCLES_COUNTED_ORDERS
                             " ORDER BY o.created_utc, o.point_code, o.number, o.id",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, delivery->product);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      DisShortageClaim claim = { 0, };
      ClaimRow row;

      row.order_id = dis_hub_column_dup (stmt, 0);
      row.line_no = dis_hub_stmt_column_int64 (stmt, 1);
      row.before = dis_hub_stmt_column_int64 (stmt, 3);
      claim.ordered = dis_hub_stmt_column_int64 (stmt, 2);
      claim.at = time_key (dis_hub_stmt_column_text (stmt, 4));
      claim.priority = g_strcmp0 (dis_hub_stmt_column_text (stmt, 5), "accessibile") == 0;
      g_array_append_val (rows, row);
      g_array_append_val (claims, claim);
    }
  if (!ok)
    return FALSE;
  g_clear_pointer (&stmt, dis_hub_stmt_release);

  /* Pieces are shared whole; weighed products to the gram (or ml). */
  if (claims->len > 0)
    dis_shortage_allot ((DisShortageClaim *) claims->data, claims->len, delivery->delivered,
                        g_str_equal (unit, "piece") ? 1000 : 1, priority_first);

  for (guint i = 0; i < claims->len; i++)
    {
      const DisShortageClaim *claim = &g_array_index (claims, DisShortageClaim, i);
      const ClaimRow *row = &g_array_index (rows, ClaimRow, i);
      g_autofree char *now = NULL, *of = NULL;
      GString *text;

      ordered += claim->ordered;
      allotted += claim->allotted;
      if (claim->allotted == row->before)
        continue;
      n_changed++;
      if (stmt == NULL &&
          (stmt = dis_hub_db_prepare (db, "UPDATE hub_order_lines SET allotted = ?3 WHERE order_id = ?1 AND line_no = ?2",
                                      error)) == NULL)
        return FALSE;
      dis_hub_stmt_clear (stmt);
      dis_hub_stmt_bind_text (stmt, 1, row->order_id);
      dis_hub_stmt_bind_int64 (stmt, 2, row->line_no);
      dis_hub_stmt_bind_int64 (stmt, 3, claim->allotted);
      if (!dis_hub_db_step_done (db, stmt, error))
        return FALSE;

      /* "Pasta 500 g: 2 of 3", for the order's message. */
      now = dis_qty_format (claim->allotted, unit);
      of = dis_qty_format (claim->ordered, unit);
      text = g_hash_table_lookup (changed, row->order_id);
      if (text == NULL)
        {
          text = g_string_new (NULL);
          g_hash_table_insert (changed, g_strdup (row->order_id), text);
        }
      else
        g_string_append (text, "; ");
      /* Translators: a line of an order that a supplier delivered short:
       * "Pasta di grano duro: 2 of 3" */
      g_string_append_printf (text, _("%s: %s of %s"), name, now, of);
    }

  figures = json_object_new ();
  json_object_set_string_member (figures, "product", delivery->product);
  json_object_set_int_member (figures, "ordered", ordered);
  json_object_set_int_member (figures, "delivered", delivery->delivered);
  json_object_set_int_member (figures, "allotted", allotted);
  json_object_set_int_member (figures, "lines", claims->len);
  json_object_set_int_member (figures, "lines_changed", n_changed);
  json_array_add_object_element (products, figures);
  return TRUE;
}

/* Whether order @id still gets less than it ordered of some line. */
static gboolean
is_short (DisHubDb    *db,
          const char  *id,
          gboolean    *out_short,
          GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare_cached (db, "SELECT count (*) FROM hub_order_lines WHERE order_id = ?1 AND allotted < ordered",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out_short = has_row && dis_hub_stmt_column_int64 (stmt, 0) > 0;
  return TRUE;
}

/* The order as it now is, published with the reason "shortage" while a
 * line of it is short (the message says which lines changed), without
 * one when a corrected delivery gave it back all it ordered. */
static gboolean
publish (DisHubDb    *db,
         const char  *id,
         const char  *supplier,
         const char  *lines,
         GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *message = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  gboolean is_short_now;

  if (!is_short (db, id, &is_short_now, error))
    return FALSE;
  if (is_short_now)
    {
      /* Translators: the reason an order changed, shown at its point:
       * "Pastificio Val Pellice delivered less than was ordered: Pasta: 2 of 3" */
      message = g_strdup_printf (_("%s delivered less than was ordered: %s"), supplier, lines);
      if (g_utf8_strlen (message, -1) > DIS_CODEC_MESSAGE_MAX)
        {
          char *cut = g_utf8_substring (message, 0, DIS_CODEC_MESSAGE_MAX - 1);

          g_free (message);
          message = g_strconcat (cut, "…", NULL);
          g_free (cut);
        }
    }
  stmt = dis_hub_db_prepare (db,
                             "UPDATE hub_orders SET reason_code = ?2, reason_message = ?3, updated_at = ?4"
                             " WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, is_short_now ? DIS_CODEC_ORDER_SHORTAGE : NULL);
  dis_hub_stmt_bind_text (stmt, 3, message);
  dis_hub_stmt_bind_text (stmt, 4, now);
  return dis_hub_db_step_done (db, stmt, error) &&
         dis_hub_orders_publish (db, id, DIS_HUB_ORDER_OWN_STATE,
                                 is_short_now ? DIS_CODEC_ORDER_SHORTAGE : NULL, message, error);
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Checks that cycle @id is closed and @supplier known; its name in
 * *@out_name. */
static gboolean
check_cycle (DisHubDb    *db,
             gint64       id,
             const char  *supplier,
             char       **out_name,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  if (!dis_codec_is_code (supplier))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "--supplier: %s is not a code (1 to 32 of A-Z a-z 0-9 . _ -)", supplier);
      return FALSE;
    }
  stmt = dis_hub_db_prepare (db,
                             "SELECT state, (SELECT name FROM suppliers WHERE code = ?2) FROM hub_cycles"
                             " WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, supplier);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no order cycle %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  /* Orders may still change while it is open: share what is final. */
  if (!g_str_equal (dis_hub_stmt_column_text (stmt, 0), "closed"))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "order cycle %" G_GINT64_FORMAT " is still open: close it first", id);
      return FALSE;
    }
  if (dis_hub_stmt_column_is_null (stmt, 1))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no supplier %s", supplier);
      return FALSE;
    }
  *out_name = dis_hub_column_dup (stmt, 1);
  return TRUE;
}

JsonNode *
dis_hub_cycles_delivered (DisHubDb    *db,
                          gint64       id,
                          const char  *supplier,
                          GBytes      *data,
                          GError     **error)
{
  g_autoptr(GArray) deliveries = NULL;
  g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         string_free);
  g_autoptr(GList) ids = NULL;
  g_autoptr(JsonObject) summary = json_object_new ();
  JsonArray *products = json_array_new ();
  JsonArray *orders = json_array_new ();
  g_autofree char *supplier_name = NULL;
  gint64 priority_first;

  g_return_val_if_fail (db != NULL && supplier != NULL && data != NULL, NULL);

  json_object_set_int_member (summary, "cycle", id);
  json_object_set_string_member (summary, "supplier", supplier);
  json_object_set_array_member (summary, "products", products);
  json_object_set_array_member (summary, "orders_changed", orders);
  if (!check_cycle (db, id, supplier, &supplier_name, error) ||
      !dis_hub_settings_get (db, "orders_accessibile_first", &priority_first, error) ||
      (deliveries = read_deliveries (db, id, supplier, data, error)) == NULL)
    return NULL;
  json_object_set_boolean_member (summary, "accessibile_first", priority_first != 0);

  for (guint i = 0; i < deliveries->len; i++)
    if (!share (db, id, &g_array_index (deliveries, Delivery, i), priority_first != 0, changed, products, error))
      return NULL;

  /* Published in a fixed order: the feed reads the same for the same file. */
  ids = g_list_sort (g_hash_table_get_keys (changed), (GCompareFunc) g_strcmp0);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      GString *lines = g_hash_table_lookup (changed, l->data);

      if (!publish (db, l->data, supplier_name, lines->str, error))
        return NULL;
      json_array_add_string_element (orders, l->data);
    }
  return json_node_init_object (json_node_alloc (), summary);
}
