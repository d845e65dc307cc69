/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-cycles"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dis-hub-catalog.h"
#include "dis-hub-cycles.h"
#include "dis-hub-cycles-private.h"
#include "dis-hub-document.h"
#include "dis-money.h"
#include "dis-sheet.h"

/* What each supplier must deliver for an order cycle: the quantities the
 * cycle's orders hold (those accepted and not cancelled since), per
 * product in total and per point, as a CSV a spreadsheet opens and a PDF
 * to send. Every product the cycle offers is listed, ordered or not, so
 * the supplier sees that nothing is wanted of it. */

typedef struct
{
  char   *point;
  char   *point_name;
  gint64  orders;
  gint64  ordered;
} PointQty;

typedef struct
{
  char   *code;
  char   *name;
  char   *unit;
  gint64  orders;
  gint64  ordered;
  GArray *points;     /* PointQty, by point code */
} Product;

typedef struct
{
  char      *code;
  char      *name;
  GPtrArray *products;  /* Product, by code */
} Supplier;

static void
point_qty_clear (gpointer data)
{
  PointQty *qty = data;

  g_free (qty->point);
  g_free (qty->point_name);
}

static void
product_free (gpointer data)
{
  Product *product = data;

  g_free (product->code);
  g_free (product->name);
  g_free (product->unit);
  g_array_unref (product->points);
  g_free (product);
}

static void
supplier_free (gpointer data)
{
  Supplier *supplier = data;

  g_free (supplier->code);
  g_free (supplier->name);
  g_ptr_array_unref (supplier->products);
  g_free (supplier);
}

typedef struct
{
  gint64  id;
  char   *name;
  char   *opens;
  char   *closes;
  char   *state;
} Cycle;

static void
cycle_clear (Cycle *cycle)
{
  g_free (cycle->name);
  g_free (cycle->opens);
  g_free (cycle->closes);
  g_free (cycle->state);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cycle, cycle_clear)

static gboolean
load_cycle (DisHubDb  *db,
            gint64     id,
            Cycle     *out,
            GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db, "SELECT name, opens, closes, state FROM hub_cycles WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no order cycle %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  out->id = id;
  out->name = dis_hub_column_dup (stmt, 0);
  out->opens = dis_hub_column_dup (stmt, 1);
  out->closes = dis_hub_column_dup (stmt, 2);
  out->state = dis_hub_column_dup (stmt, 3);
  return TRUE;
}

/* The cycle's products by supplier (a product without one in
 * *@out_unassigned, by code), each product also in @by_code. */
static GPtrArray *
load_suppliers (DisHubDb    *db,
                gint64       id,
                GHashTable  *by_code,
                JsonArray   *unassigned,
                GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GPtrArray) suppliers = g_ptr_array_new_with_free_func (supplier_free);
  Supplier *supplier = NULL;
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare (db,
                             "SELECT c.product_code, p.supplier, coalesce (s.name, p.supplier)"
                             " FROM hub_cycle_products c LEFT JOIN products p ON p.code = c.product_code"
                             " LEFT JOIN suppliers s ON s.code = p.supplier"
                             " WHERE c.cycle_id = ?1 ORDER BY p.supplier, c.product_code",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      const char *code = dis_hub_stmt_column_text (stmt, 0);
      const char *supplier_code = dis_hub_stmt_column_text (stmt, 1);
      Product *product;

      if (supplier_code == NULL)
        {
          json_array_add_string_element (unassigned, code);
          continue;
        }
      if (supplier == NULL || g_strcmp0 (supplier->code, supplier_code) != 0)
        {
          supplier = g_new0 (Supplier, 1);
          supplier->code = g_strdup (supplier_code);
          supplier->name = dis_hub_column_dup (stmt, 2);
          supplier->products = g_ptr_array_new_with_free_func (product_free);
          g_ptr_array_add (suppliers, supplier);
        }
      product = g_new0 (Product, 1);
      product->code = g_strdup (code);
      product->points = g_array_new (FALSE, TRUE, sizeof (PointQty));
      g_array_set_clear_func (product->points, point_qty_clear);
      g_ptr_array_add (supplier->products, product);
      g_hash_table_insert (by_code, product->code, product);
    }
  if (!ok)
    return NULL;
  for (guint i = 0; i < suppliers->len; i++)
    {
      Supplier *s = g_ptr_array_index (suppliers, i);

      for (guint j = 0; j < s->products->len; j++)
        {
          Product *product = g_ptr_array_index (s->products, j);

          if (!dis_hub_catalog_describe (db, product->code, NULL, &product->name, &product->unit, error))
            return NULL;
        }
    }
  return g_steal_pointer (&suppliers);
}

/* What the counted orders hold of each product, per point. */
static gboolean
load_quantities (DisHubDb    *db,
                 gint64       id,
                 GHashTable  *by_code,
                 GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare (db,
                             "SELECT l.product_code, o.point_code, coalesce (pt.name, o.point_code), count (*),"
                             " CAST (sum (l.ordered) AS BIGINT)"
                             " FROM hub_order_lines l JOIN hub_orders o ON o.id = l.order_id"
                             " LEFT JOIN points pt ON pt.code = o.point_code"
                             " WHERE o.cycle_id = ?1 AND " DIS_HUB_CYCLES_COUNTED_ORDERS
                             " GROUP BY l.product_code, o.point_code, pt.name"
                             " ORDER BY l.product_code, o.point_code",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, id);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      Product *product = g_hash_table_lookup (by_code, dis_hub_stmt_column_text (stmt, 0));
      PointQty qty;

      /* A product without a supplier has no document. */
      if (product == NULL)
        continue;
      qty.point = dis_hub_column_dup (stmt, 1);
      qty.point_name = dis_hub_column_dup (stmt, 2);
      qty.orders = dis_hub_stmt_column_int64 (stmt, 3);
      qty.ordered = dis_hub_stmt_column_int64 (stmt, 4);
      product->orders += qty.orders;
      product->ordered += qty.ordered;
      g_array_append_val (product->points, qty);
    }
  return ok;
}

/* ---- The files ------------------------------------------------------------- */

/* One row per product and point, then the product's total: its row with
 * the point left empty. */
static gboolean
write_csv (const Supplier  *supplier,
           const char      *path,
           GError         **error)
{
  g_autoptr(GString) out = g_string_new ("product,product_name,unit,point,point_name,orders,ordered_milli\r\n");

  for (guint i = 0; i < supplier->products->len; i++)
    {
      const Product *product = g_ptr_array_index (supplier->products, i);

      for (guint j = 0; j <= product->points->len; j++)
        {
          const PointQty *qty = j < product->points->len ? &g_array_index (product->points, PointQty, j) : NULL;

          g_string_append_printf (out, "%s,", product->code);
          dis_hub_csv_field (out, product->name);
          g_string_append_printf (out, ",%s,%s,", product->unit, qty != NULL ? qty->point : "");
          dis_hub_csv_field (out, qty != NULL ? qty->point_name : "");
          g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "\r\n",
                                  qty != NULL ? qty->orders : product->orders,
                                  qty != NULL ? qty->ordered : product->ordered);
        }
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A row of the points' table: @product at one point. */
static void
add_point_row (DisSheet       *sheet,
               const Product  *product,
               const PointQty *qty)
{
  g_autofree char *orders = g_strdup_printf ("%" G_GINT64_FORMAT, qty->orders);
  g_autofree char *quantity = dis_qty_format (qty->ordered, product->unit);
  g_autofree char *point = g_strdup_printf ("%s  %s", qty->point, qty->point_name);
  const char *cells[] = { point, product->code, product->name, orders, quantity };

  dis_sheet_add_row (sheet, cells, FALSE);
}

/* @iso as people read it, in its own time zone: "2026-12-04 20:00". */
static char *
readable_time (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup (iso);
}

static gboolean
write_pdf (const Cycle     *cycle,
           const Supplier  *supplier,
           const char      *path,
           GError         **error)
{
  const DisSheetColumn totals[] = {
    { _("Product"), 1.2, FALSE },
    { _("Name"), 3.5, FALSE },
    { _("Orders"), 1.0, TRUE },
    { _("Quantity"), 1.5, TRUE },
  };
  const DisSheetColumn per_point[] = {
    { _("Point"), 2.5, FALSE },
    { _("Product"), 1.2, FALSE },
    { _("Name"), 2.5, FALSE },
    { _("Orders"), 0.8, TRUE },
    { _("Quantity"), 1.3, TRUE },
  };
  g_autoptr(DisSheet) sheet = dis_sheet_new_pdf (path, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) points = g_ptr_array_new ();
  g_autofree char *title = NULL, *about = NULL, *date = NULL, *when = NULL, *number = NULL;
  g_autofree char *opens = NULL, *closes = NULL;

  if (sheet == NULL)
    return FALSE;
  title = g_strdup_printf (_("Member orders for %s (%s)"), supplier->name, supplier->code);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, cycle->id);
  /* Translators: "Order cycle 12 “Settimana 49”, from 2026-12-01 08:00
   * to 2026-12-04 20:00 (closed)" */
  opens = readable_time (cycle->opens);
  closes = readable_time (cycle->closes);
  about = g_strdup_printf (_("Order cycle %s “%s”, from %s to %s (%s)"), number, cycle->name, opens, closes,
                           g_str_equal (cycle->state, "open") ? _("still open") : C_("order cycle", "closed"));
  date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  when = g_strdup_printf (_("As of %s. Quantities ordered by the network’s members, in total per product,"
                            " then per point."), date);
  dis_sheet_add_title (sheet, title);
  dis_sheet_add_subtitle (sheet, about);
  dis_sheet_add_subtitle (sheet, when);

  dis_sheet_begin_table (sheet, totals, G_N_ELEMENTS (totals));
  for (guint i = 0; i < supplier->products->len; i++)
    {
      const Product *product = g_ptr_array_index (supplier->products, i);
      g_autofree char *orders = g_strdup_printf ("%" G_GINT64_FORMAT, product->orders);
      g_autofree char *quantity = dis_qty_format (product->ordered, product->unit);
      const char *cells[] = { product->code, product->name, orders, quantity };

      dis_sheet_add_row (sheet, cells, FALSE);
    }

  /* The points' table, point by point: each point's products together. */
  for (guint i = 0; i < supplier->products->len; i++)
    {
      const Product *product = g_ptr_array_index (supplier->products, i);

      for (guint j = 0; j < product->points->len; j++)
        {
          const char *point = g_array_index (product->points, PointQty, j).point;

          if (!g_ptr_array_find_with_equal_func (points, point, g_str_equal, NULL))
            g_ptr_array_add (points, (gpointer) point);
        }
    }
  g_ptr_array_sort (points, compare_codes);
  if (points->len > 0)
    {
      dis_sheet_add_subtitle (sheet, _("Per point"));
      dis_sheet_begin_table (sheet, per_point, G_N_ELEMENTS (per_point));
    }
  for (guint k = 0; k < points->len; k++)
    for (guint i = 0; i < supplier->products->len; i++)
      {
        const Product *product = g_ptr_array_index (supplier->products, i);

        for (guint j = 0; j < product->points->len; j++)
          if (g_str_equal (g_array_index (product->points, PointQty, j).point, g_ptr_array_index (points, k)))
            add_point_row (sheet, product, &g_array_index (product->points, PointQty, j));
      }
  return dis_sheet_finish (sheet, error);
}

JsonNode *
dis_hub_cycles_supplier_orders (DisHubDb    *db,
                                gint64       id,
                                const char  *dir,
                                GError     **error)
{
  g_auto(Cycle) cycle = { 0, };
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) suppliers = NULL;
  g_autoptr(JsonObject) summary = json_object_new ();
  JsonArray *unassigned = json_array_new ();
  JsonArray *files = json_array_new ();

  g_return_val_if_fail (db != NULL && dir != NULL, NULL);

  json_object_set_int_member (summary, "cycle", id);
  json_object_set_string_member (summary, "out", dir);
  json_object_set_array_member (summary, "suppliers", files);
  json_object_set_array_member (summary, "without_supplier", unassigned);
  if (!load_cycle (db, id, &cycle, error) ||
      (suppliers = load_suppliers (db, id, by_code, unassigned, error)) == NULL ||
      !load_quantities (db, id, by_code, error))
    return NULL;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return NULL;
    }

  for (guint i = 0; i < suppliers->len; i++)
    {
      const Supplier *supplier = g_ptr_array_index (suppliers, i);
      g_autofree char *base = g_strdup_printf ("cycle-%" G_GINT64_FORMAT "-%s", id, supplier->code);
      g_autofree char *csv = g_strconcat (dir, G_DIR_SEPARATOR_S, base, ".csv", NULL);
      g_autofree char *pdf = g_strconcat (dir, G_DIR_SEPARATOR_S, base, ".pdf", NULL);
      JsonObject *file = json_object_new ();
      gint64 orders = 0;

      if (!write_csv (supplier, csv, error) || !write_pdf (&cycle, supplier, pdf, error))
        {
          json_object_unref (file);
          return NULL;
        }
      for (guint j = 0; j < supplier->products->len; j++)
        orders += ((Product *) g_ptr_array_index (supplier->products, j))->orders;
      json_object_set_string_member (file, "supplier", supplier->code);
      json_object_set_string_member (file, "csv", csv);
      json_object_set_string_member (file, "pdf", pdf);
      json_object_set_int_member (file, "products", supplier->products->len);
      json_object_set_int_member (file, "order_lines", orders);
      json_array_add_object_element (files, file);
    }
  return json_node_init_object (json_node_alloc (), summary);
}
