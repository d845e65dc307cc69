/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-stock"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "dis-hub-catalog.h"
#include "dis-hub-document.h"
#include "dis-hub-stock.h"
#include "dis-money.h"

/* The points' restock orders at the hub (issue 11, "Restocking"): listed
 * per supplier and state, a supplier's open ones exported for it to read
 * (CSV, PDF), and confirmed to their point. The orders themselves arrive
 * as restock.order events (dis-hub-stock.c). */

static const char * const states[] = { "sent", "confirmed", "partially_received", "received", "cancelled" };

typedef struct
{
  char   *product;
  char   *name;
  char   *unit;
  gint64  ordered;
  gint64  received;
} Line;

typedef struct
{
  char   *id;
  char   *point;
  char   *point_name;
  char   *supplier;
  char   *state;
  char   *at;
  char   *note;
  char   *confirmed_at;
  GArray *lines;          /* Line */
} Order;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_free (line->product);
  g_free (line->name);
  g_free (line->unit);
}

static void
order_free (Order *order)
{
  g_free (order->id);
  g_free (order->point);
  g_free (order->point_name);
  g_free (order->supplier);
  g_free (order->state);
  g_free (order->at);
  g_free (order->note);
  g_free (order->confirmed_at);
  g_clear_pointer (&order->lines, g_array_unref);
  g_free (order);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Order, order_free)

static gboolean
load_lines (DisHubDb   *db,
            Order      *order,
            GError    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare (db,
                             "SELECT product_code, ordered, received FROM hub_restock_order_lines"
                             " WHERE order_id = ?1 ORDER BY line_no",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, order->id);
  order->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (order->lines, line_clear);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      Line line = { dis_hub_column_dup (stmt, 0), NULL, NULL, dis_hub_stmt_column_int64 (stmt, 1),
                    dis_hub_stmt_column_int64 (stmt, 2) };
      Line *added;

      g_array_append_val (order->lines, line);
      added = &g_array_index (order->lines, Line, order->lines->len - 1);
      if (!dis_hub_catalog_describe (db, line.product, order->point, &added->name, &added->unit, error))
        return FALSE;
    }
  return ok;
}

/* Orders newest first, of @supplier and in @state when given, only the
 * open ones when @open; the SQL is one of fixed texts, every value bound. */
static GPtrArray *
load_orders (DisHubDb    *db,
             const char  *supplier,
             const char  *state,
             gboolean     open,
             GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT o.id, o.point_code, coalesce (p.name, o.point_code), o.supplier,"
                                         " o.state, o.at, o.note, o.confirmed_at FROM hub_restock_orders o"
                                         " LEFT JOIN points p ON p.code = o.point_code WHERE 1 = 1");
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) order_free);
  gboolean has_row, ok;

  if (supplier != NULL)
    g_string_append (sql, " AND o.supplier = ?1");
  if (state != NULL)
    g_string_append (sql, " AND o.state = ?2");
  if (open)
    g_string_append (sql, " AND o.state IN ('sent', 'confirmed', 'partially_received')");
  g_string_append (sql, " ORDER BY o.at_utc DESC, o.id");
  stmt = dis_hub_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, supplier);
  dis_hub_stmt_bind_text (stmt, 2, state);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(Order) order = g_new0 (Order, 1);

      order->id = dis_hub_column_dup (stmt, 0);
      order->point = dis_hub_column_dup (stmt, 1);
      order->point_name = dis_hub_column_dup (stmt, 2);
      order->supplier = dis_hub_column_dup (stmt, 3);
      order->state = dis_hub_column_dup (stmt, 4);
      order->at = dis_hub_column_dup (stmt, 5);
      order->note = dis_hub_column_dup (stmt, 6);
      order->confirmed_at = dis_hub_column_dup (stmt, 7);
      if (!load_lines (db, order, error))
        return NULL;
      g_ptr_array_add (orders, g_steal_pointer (&order));
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&orders);
}

static gboolean
check_filters (const char  *supplier,
               const char  *state,
               GError     **error)
{
  if (supplier != NULL && !dis_codec_is_code (supplier))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "--supplier: %s is not a code (1 to 32 of A-Z a-z 0-9 . _ -)", supplier);
      return FALSE;
    }
  if (state != NULL && !g_strv_contains (states, state))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "--status: %s is none of sent, confirmed, partially_received, received, cancelled", state);
      return FALSE;
    }
  return TRUE;
}

static void
add_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

JsonNode *
dis_hub_restock_list (DisHubDb    *db,
                      const char  *supplier,
                      const char  *state,
                      GError     **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(JsonArray) array = json_array_new ();

  g_return_val_if_fail (db != NULL, NULL);

  if (!check_filters (supplier, state, error) ||
      (orders = load_orders (db, supplier, state, FALSE, error)) == NULL)
    return NULL;
  for (guint i = 0; i < orders->len; i++)
    {
      const Order *order = g_ptr_array_index (orders, i);
      JsonObject *object = json_object_new ();
      JsonArray *lines = json_array_new ();

      json_object_set_string_member (object, "id", order->id);
      json_object_set_string_member (object, "point", order->point);
      json_object_set_string_member (object, "supplier", order->supplier);
      json_object_set_string_member (object, "state", order->state);
      json_object_set_string_member (object, "at", order->at);
      add_string_or_null (object, "note", order->note);
      add_string_or_null (object, "confirmed_at", order->confirmed_at);
      for (guint j = 0; j < order->lines->len; j++)
        {
          const Line *line = &g_array_index (order->lines, Line, j);
          JsonObject *row = json_object_new ();

          json_object_set_string_member (row, "product", line->product);
          json_object_set_string_member (row, "name", line->name);
          json_object_set_int_member (row, "ordered", line->ordered);
          json_object_set_int_member (row, "received", line->received);
          json_array_add_object_element (lines, row);
        }
      json_object_set_array_member (object, "lines", lines);
      json_array_add_object_element (array, object);
    }
  return json_node_init_array (json_node_alloc (), array);
}

/* What is still to deliver of a line: never below nothing. */
static gint64
to_deliver (const Line *line)
{
  return MAX (line->ordered - line->received, 0);
}

/* ---- Export -------------------------------------------------------------------- */

static gboolean
write_csv (GPtrArray   *orders,
           const char  *path,
           GError     **error)
{
  g_autoptr(GString) out = g_string_new ("order,point,point_name,state,at,product,product_name,unit,"
                                         "ordered_milli,received_milli,to_deliver_milli,note\r\n");

  for (guint i = 0; i < orders->len; i++)
    {
      const Order *order = g_ptr_array_index (orders, i);

      for (guint j = 0; j < order->lines->len; j++)
        {
          const Line *line = &g_array_index (order->lines, Line, j);

          g_string_append_printf (out, "%s,%s,", order->id, order->point);
          dis_hub_csv_field (out, order->point_name);
          g_string_append_printf (out, ",%s,%s,%s,", order->state, order->at, line->product);
          dis_hub_csv_field (out, line->name);
          g_string_append_printf (out, ",%s,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",",
                                  line->unit, line->ordered, line->received, to_deliver (line));
          dis_hub_csv_field (out, order->note != NULL ? order->note : "");
          g_string_append (out, "\r\n");
        }
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

/* A new page when fewer than @needed points are left on this one. */
static double
room (cairo_t *cr,
      double   y,
      double   needed)
{
  if (y + needed <= DIS_HUB_PAGE_H - DIS_HUB_MARGIN)
    return y;
  cairo_show_page (cr);
  return DIS_HUB_MARGIN + 10;
}

static double
draw_order (cairo_t     *cr,
            const Order *order,
            double       y)
{
  const double columns[] = { DIS_HUB_MARGIN, 360, 430, DIS_HUB_PAGE_W - DIS_HUB_MARGIN };
  const char *state = g_str_equal (order->state, "sent") ? _("sent")
                      : g_str_equal (order->state, "confirmed") ? _("confirmed")
                      : _("partially received");
  g_autofree char *title = g_strdup_printf (_("Order %s"), order->id);
  g_autofree char *from = g_strdup_printf (_("For %s (%s), sent on %s, %s"), order->point_name, order->point,
                                           order->at, state);

  y = room (cr, y, 80);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  y = dis_hub_pdf_paragraph (cr, title, 11, y);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  y = dis_hub_pdf_paragraph (cr, from, 10, y);
  if (order->note != NULL)
    y = dis_hub_pdf_paragraph (cr, order->note, 10, y);

  y += 6;
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 9);
  dis_hub_pdf_cell (cr, columns[0], y, _("Product"), FALSE);
  dis_hub_pdf_cell (cr, columns[1], y, _("Ordered"), TRUE);
  dis_hub_pdf_cell (cr, columns[2], y, C_("restock order", "Received"), TRUE);
  dis_hub_pdf_cell (cr, columns[3], y, _("To deliver"), TRUE);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (guint i = 0; i < order->lines->len; i++)
    {
      const Line *line = &g_array_index (order->lines, Line, i);
      g_autofree char *product = g_strdup_printf ("%s  %s", line->product, line->name);
      g_autofree char *ordered = dis_qty_format (line->ordered, line->unit);
      g_autofree char *received = dis_qty_format (line->received, line->unit);
      g_autofree char *left = dis_qty_format (to_deliver (line), line->unit);

      y = room (cr, y + 14, 0);
      cairo_set_font_size (cr, 9);
      dis_hub_pdf_cell (cr, columns[0], y, product, FALSE);
      dis_hub_pdf_cell (cr, columns[1], y, ordered, TRUE);
      dis_hub_pdf_cell (cr, columns[2], y, received, TRUE);
      dis_hub_pdf_cell (cr, columns[3], y, left, TRUE);
    }
  return y + 28;
}

static gboolean
write_pdf (DisHubDb    *db,
           const char  *supplier,
           GPtrArray   *orders,
           const char  *path,
           GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, "SELECT name FROM suppliers WHERE code = ?1", error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = NULL, *title = NULL, *when = NULL, *date = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean has_row;
  double y = DIS_HUB_MARGIN + 10;

  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, supplier);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  name = has_row ? dis_hub_column_dup (stmt, 0) : g_strdup (supplier);
  title = g_strdup_printf (_("Open restock orders — %s (%s)"), name, supplier);
  date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  when = g_strdup_printf (ngettext ("As of %s: %u open order", "As of %s: %u open orders", orders->len),
                          date, orders->len);

  surface = cairo_pdf_surface_create (path, DIS_HUB_PAGE_W, DIS_HUB_PAGE_H);
  cr = cairo_create (surface);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  y = dis_hub_pdf_paragraph (cr, title, 16, y);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  y = dis_hub_pdf_paragraph (cr, when, 10, y + 4) + 12;
  for (guint i = 0; i < orders->len; i++)
    y = draw_order (cr, g_ptr_array_index (orders, i), y);
  return dis_hub_pdf_finish (surface, cr, path, error);
}

JsonNode *
dis_hub_restock_export (DisHubDb    *db,
                        const char  *supplier,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(JsonObject) summary = json_object_new ();
  gboolean pdf;
  gint64 n_lines = 0;

  g_return_val_if_fail (db != NULL && supplier != NULL && path != NULL, NULL);

  pdf = g_str_has_suffix (path, ".pdf");
  if (!pdf && !g_str_has_suffix (path, ".csv"))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "%s: the export is a .pdf or a .csv file", path);
      return NULL;
    }
  if (!check_filters (supplier, NULL, error) ||
      (orders = load_orders (db, supplier, NULL, TRUE, error)) == NULL)
    return NULL;
  if (!(pdf ? write_pdf (db, supplier, orders, path, error) : write_csv (orders, path, error)))
    return NULL;

  for (guint i = 0; i < orders->len; i++)
    n_lines += ((Order *) g_ptr_array_index (orders, i))->lines->len;
  json_object_set_string_member (summary, "supplier", supplier);
  json_object_set_string_member (summary, "out", path);
  json_object_set_int_member (summary, "orders", orders->len);
  json_object_set_int_member (summary, "lines", n_lines);
  return json_node_init_object (json_node_alloc (), summary);
}

/* ---- Confirm ------------------------------------------------------------------- */

JsonNode *
dis_hub_restock_confirm (DisHubDb    *db,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *point = NULL;
  g_autofree char *state = NULL;
  g_autofree char *now = NULL;
  DisCodecRestockConfirm confirm = { NULL, };
  gboolean has_row;

  g_return_val_if_fail (db != NULL && id != NULL, NULL);

  if (!g_uuid_string_is_valid (id))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "%s is not an order id (a UUID)", id);
      return NULL;
    }
  stmt = dis_hub_db_prepare (db, "SELECT point_code, state FROM hub_restock_orders WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no restock order %s", id);
      return NULL;
    }
  point = dis_hub_column_dup (stmt, 0);
  state = dis_hub_column_dup (stmt, 1);
  /* Only a sent order waits for the hub: a confirmed one stays as it is,
   * and later states are the point's. */
  if (!g_str_equal (state, "sent"))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_EXISTS,
                   "restock order %s is %s: only a sent order can be confirmed", id, state);
      return NULL;
    }

  now = dis_hub_now_iso ();
  confirm.id = id;
  confirm.point = point;
  confirm.state = DIS_CODEC_RESTOCK_CONFIRMED;
  data = dis_codec_restock_confirm_to_node (&confirm, error);
  if (data == NULL)
    return NULL;
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db,
                             "UPDATE hub_restock_orders SET state = 'confirmed', confirmed_at = ?2, updated_at = ?2"
                             " WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, now);
  if (!dis_hub_db_step_done (db, stmt, error) ||
      !dis_hub_db_append_change (db, "restock_order", "upsert", id, data, error))
    return NULL;
  return g_steal_pointer (&data);
}
