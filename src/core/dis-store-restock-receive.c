/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-restock"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-date.h"
#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-restock-private.h"

/* Receiving goods: "receive" movements through the ledger's one writer,
 * and against an order what each of its lines received. */

#define LOT_MAX 40

typedef struct
{
  gint64  product_id;
  gint64  qty;
  char   *lot;
  char   *expires_on;
  gint64  unit_cost;
  gint64  substitute_for;
} ReceiptLine;

struct _DisReceipt
{
  char   *order_id;
  char   *delivery_note;
  GArray *lines;          /* ReceiptLine */
};

static void
receipt_line_clear (ReceiptLine *line)
{
  g_free (line->lot);
  g_free (line->expires_on);
}

DisReceipt *
dis_receipt_new (const char *order_id,
                 const char *delivery_note)
{
  DisReceipt *receipt = g_new0 (DisReceipt, 1);

  receipt->order_id = g_strdup (order_id);
  receipt->delivery_note = g_strdup (delivery_note);
  receipt->lines = g_array_new (FALSE, TRUE, sizeof (ReceiptLine));
  g_array_set_clear_func (receipt->lines, (GDestroyNotify) receipt_line_clear);
  return receipt;
}

void
dis_receipt_free (DisReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->order_id);
  g_free (receipt->delivery_note);
  g_array_unref (receipt->lines);
  g_free (receipt);
}

guint
dis_receipt_add_line (DisReceipt *receipt,
                      gint64      product_id,
                      gint64      qty,
                      const char *lot,
                      const char *expires_on,
                      gint64      unit_cost,
                      gint64      substitute_for)
{
  ReceiptLine line = { product_id, qty, g_strdup (lot), g_strdup (expires_on), unit_cost, substitute_for };

  g_return_val_if_fail (receipt != NULL, 0);

  g_array_append_val (receipt->lines, line);
  return receipt->lines->len - 1;
}

DisReceipt *
dis_receipt_copy (const DisReceipt *receipt)
{
  DisReceipt *copy;

  g_return_val_if_fail (receipt != NULL, NULL);

  copy = dis_receipt_new (receipt->order_id, receipt->delivery_note);
  for (guint i = 0; i < receipt->lines->len; i++)
    {
      const ReceiptLine *line = &g_array_index (receipt->lines, ReceiptLine, i);

      dis_receipt_add_line (copy, line->product_id, line->qty, line->lot, line->expires_on,
                            line->unit_cost, line->substitute_for);
    }
  return copy;
}

guint
dis_receipt_get_n_lines (const DisReceipt *receipt)
{
  g_return_val_if_fail (receipt != NULL, 0);

  return receipt->lines->len;
}

const char *
dis_receipt_get_order_id (const DisReceipt *receipt)
{
  g_return_val_if_fail (receipt != NULL, NULL);

  return receipt->order_id;
}

const char *
dis_receipt_get_delivery_note (const DisReceipt *receipt)
{
  g_return_val_if_fail (receipt != NULL, NULL);

  return receipt->delivery_note;
}

/* ---- Checks -------------------------------------------------------------- */

static gboolean
invalid (GError     **error,
         guint        line,
         const char  *message)
{
  if (line == 0)
    g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, message);
  else
    /* Translators: %u is a line of a delivery, %s what is wrong with it */
    g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Line %u: %s"), line, message);
  return FALSE;
}

static gboolean
text_fits (const char *text,
           glong       max_chars)
{
  return text == NULL ||
         (g_utf8_validate (text, -1, NULL) && *text != '\0' && g_utf8_strlen (text, -1) <= max_chars);
}

static gboolean
check_receipt (DisDb             *db,
               const DisReceipt  *receipt,
               GError           **error)
{
  g_autoptr(DisStmt) product = NULL;

  if (receipt->lines->len == 0)
    return invalid (error, 0, _("A delivery needs at least one product"));
  if (receipt->lines->len > DIS_RECEIPT_LINES_MAX)
    return invalid (error, 0, _("A delivery has at most 1000 lines: receive it in parts"));
  if (!text_fits (receipt->delivery_note, DIS_CODEC_DOCUMENT_MAX))
    return invalid (error, 0, _("The delivery note number is too long"));
  product = _dis_db_prepare (db, "SELECT 1 FROM products WHERE id = ?1", error);
  if (product == NULL)
    return FALSE;
  for (guint i = 0; i < receipt->lines->len; i++)
    {
      const ReceiptLine *line = &g_array_index (receipt->lines, ReceiptLine, i);
      gboolean has_row = FALSE;

      if (line->qty <= 0 || line->qty > DIS_QUANTITY_MAX)
        return invalid (error, i + 1, _("the quantity must be greater than zero and at most a million units"));
      if (!text_fits (line->lot, LOT_MAX))
        return invalid (error, i + 1, _("the lot has at most 40 characters"));
      if (line->expires_on != NULL && dis_date_parse (line->expires_on) == 0)
        return invalid (error, i + 1, _("the expiry is not a date"));
      if (line->unit_cost < -1 || line->unit_cost > DIS_PRICE_MAX)
        return invalid (error, i + 1, _("the purchase cost is out of range"));
      if (line->substitute_for != 0 && receipt->order_id == NULL)
        return invalid (error, i + 1, _("a substitute replaces a product of a restock order"));
      sqlite3_reset (product);
      sqlite3_bind_int64 (product, 1, line->product_id);
      if (!_dis_db_step_row (db, product, &has_row, error))
        return FALSE;
      if (!has_row)
        return invalid (error, i + 1, _("the product is not in the catalog"));
    }
  return TRUE;
}

/* ---- Against an order ------------------------------------------------------- */

/* The line_no of @product_id on the order, 0 when it has none. */
static gboolean
find_line (DisDb       *db,
           const char  *order_id,
           gint64       product_id,
           guint       *out_line_no,
           GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = _dis_db_prepare (db, "SELECT line_no FROM restock_order_lines WHERE order_id = ?1 AND product_id = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, product_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out_line_no = has_row ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* What @line brought, on the order: on its product's line, or on a new
 * line ordered 0 (in place of @replaced's line for a substitute). */
static gboolean
count_on_order (DisDb              *db,
                const char         *order_id,
                const ReceiptLine  *line,
                guint               index,
                GError            **error)
{
  g_autoptr(DisStmt) add = NULL;
  g_autoptr(DisStmt) insert = NULL;
  guint line_no = 0, replaced = 0;

  if (!find_line (db, order_id, line->product_id, &line_no, error))
    return FALSE;
  if (line->substitute_for != 0)
    {
      if (!find_line (db, order_id, line->substitute_for, &replaced, error))
        return FALSE;
      if (replaced == 0)
        return invalid (error, index + 1, _("the product it replaces is not on the order"));
      if (line_no != 0)
        {
          g_autoptr(DisStmt) was = _dis_db_prepare (db,
                                                    "SELECT substitute_for IS ?3 FROM restock_order_lines"
                                                    " WHERE order_id = ?1 AND line_no = ?2",
                                                    error);
          gboolean has_row = FALSE;

          if (was == NULL)
            return FALSE;
          _dis_bind_text (was, 1, order_id);
          sqlite3_bind_int64 (was, 2, line_no);
          sqlite3_bind_int64 (was, 3, replaced);
          if (!_dis_db_step_row (db, was, &has_row, error))
            return FALSE;
          /* Already on the order in its own right, it cannot stand in for another product. */
          if (!has_row || sqlite3_column_int (was, 0) == 0)
            return invalid (error, index + 1, _("a product already on the order cannot replace another one"));
        }
    }

  if (line_no != 0)
    {
      add = _dis_db_prepare (db,
                             "UPDATE restock_order_lines SET received = received + ?3"
                             " WHERE order_id = ?1 AND line_no = ?2",
                             error);
      if (add == NULL)
        return FALSE;
      _dis_bind_text (add, 1, order_id);
      sqlite3_bind_int64 (add, 2, line_no);
      sqlite3_bind_int64 (add, 3, line->qty);
      return _dis_db_step_done (db, add, error);
    }

  insert = _dis_db_prepare (db,
                            "INSERT INTO restock_order_lines (order_id, line_no, product_id, ordered,"
                            " received, substitute_for)"
                            " SELECT ?1, coalesce (max (line_no), 0) + 1, ?2, 0, ?3, ?4"
                            " FROM restock_order_lines WHERE order_id = ?1",
                            error);
  if (insert == NULL)
    return FALSE;
  _dis_bind_text (insert, 1, order_id);
  sqlite3_bind_int64 (insert, 2, line->product_id);
  sqlite3_bind_int64 (insert, 3, line->qty);
  if (replaced != 0)
    sqlite3_bind_int64 (insert, 4, replaced);
  return _dis_db_step_done (db, insert, error);
}

/* After the delivery: received when nothing ordered is open any more. */
static gboolean
update_order_state (DisDb        *db,
                    DisIdentity  *identity,
                    const char   *order_id,
                    const char   *at,
                    GError      **error)
{
  g_autoptr(DisRestockOrder) order = _dis_store_restock_read_order (db, order_id, error);
  DisRestockState state;

  if (order == NULL)
    return FALSE;
  /* Something came: at least partially received. */
  state = dis_restock_state_after_delivery (dis_restock_order_get_state (order),
                                            dis_restock_order_get_total_open (order), 1);
  return _dis_store_restock_set_state (db, identity, order_id, state, at, error);
}

static gboolean
check_order_open (DisDb       *db,
                  const char  *order_id,
                  GError     **error)
{
  g_autoptr(DisRestockOrder) order = _dis_store_restock_read_order (db, order_id, error);

  if (order == NULL)
    return FALSE;
  if (!dis_restock_state_is_open (dis_restock_order_get_state (order)))
    {
      /* Translators: %s is the state of the order, e.g. "Draft" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Goods are received against a sent order; this one is “%s”"),
                   dis_restock_state_get_name (dis_restock_order_get_state (order)));
      return FALSE;
    }
  return TRUE;
}

/* ---- Receiving --------------------------------------------------------------- */

static gboolean
write_receipt (DisDb             *db,
               DisIdentity       *identity,
               DisOperator       *acting,
               const DisReceipt  *receipt,
               const char        *at,
               GError           **error)
{
  g_autofree char *document = NULL;
  gint64 first = 0;

  if (receipt->order_id != NULL)
    {
      if (!check_order_open (db, receipt->order_id, error))
        return FALSE;
      document = g_strconcat ("restock:", receipt->order_id, NULL);
    }
  else
    document = g_strdup (receipt->delivery_note);

  if (!_dis_store_stock_next_movement_id (db, &first, error))
    return FALSE;
  for (guint i = 0; i < receipt->lines->len; i++)
    {
      const ReceiptLine *line = &g_array_index (receipt->lines, ReceiptLine, i);
      DisStockMove move = {
        .product_id = line->product_id,
        .kind = "receive",
        .qty = line->qty,
        .at = at,
        .operator_id = dis_operator_get_id (acting),
        .document = document,
        .lot = line->lot,
        .expires_on = line->expires_on,
        .unit_cost = line->unit_cost,
      };

      if (!_dis_store_stock_move (db, &move, error))
        return FALSE;
      if (receipt->order_id != NULL && !count_on_order (db, receipt->order_id, line, i, error))
        return FALSE;
    }
  if (!_dis_store_stock_announce (db, identity, first, error))
    return FALSE;
  return receipt->order_id == NULL || update_order_state (db, identity, receipt->order_id, at, error);
}

gboolean
dis_store_restock_receive (DisStore           *self,
                           DisOperator        *acting,
                           const DisReceipt   *receipt,
                           DisRestockOrder   **out_order,
                           GError            **error)
{
  DisDb *db = &self->writer;
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(DisRestockOrder) order = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (receipt != NULL, FALSE);
  g_return_val_if_fail (out_order == NULL || *out_order == NULL, FALSE);
  DIS_DB_LOCK (db);

  if ((identity = _dis_store_restock_begin (db, acting, error)) == NULL)
    return FALSE;
  if (!check_receipt (db, receipt, error))
    return FALSE;

  now = _dis_now_iso8601 ();
  if (!_dis_db_begin (db, error))
    return FALSE;
  if (!write_receipt (db, identity, acting, receipt, now, error) ||
      (receipt->order_id != NULL &&
       (order = _dis_store_restock_read_order (db, receipt->order_id, error)) == NULL) ||
      !_dis_db_commit (db, error))
    {
      _dis_db_rollback (db);
      return FALSE;
    }

  _dis_store_notify_stock_changed (self);
  _dis_store_notify_outbox_changed (self);
  if (order != NULL)
    _dis_store_notify_restock_orders_changed (self);
  if (out_order != NULL)
    *out_order = g_steal_pointer (&order);
  return TRUE;
}
