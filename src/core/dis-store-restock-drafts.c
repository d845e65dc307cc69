/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-restock"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-id.h"
#include "dis-error.h"
#include "dis-store-restock-private.h"

/* Drafts, sending, cancelling, and the hub's confirmation. */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_note (const char  *note,
            GError     **error)
{
  if (note == NULL)
    return TRUE;
  if (!g_utf8_validate (note, -1, NULL) || g_utf8_strlen (note, -1) > DIS_RESTOCK_NOTE_MAX)
    return invalid (error, _("The note of a restock order is too long"));
  return TRUE;
}

/* Every line a product of @supplier_id, once, with a quantity in bounds. */
static gboolean
check_draft_lines (DisDb                      *db,
                   gint64                      supplier_id,
                   const DisRestockDraftLine  *lines,
                   guint                       n_lines,
                   GError                    **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (n_lines == 0)
    return invalid (error, _("A restock order needs at least one product"));
  if (n_lines > DIS_RESTOCK_LINES_MAX)
    return invalid (error, _("A restock order has at most 1000 products"));
  stmt = _dis_db_prepare (db, "SELECT supplier_id IS ?2 FROM products WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_lines; i++)
    {
      gboolean has_row = FALSE;

      if (lines[i].qty <= 0 || lines[i].qty > DIS_RESTOCK_LINE_MAX)
        return invalid (error, _("Order a quantity greater than zero and at most a million units"));
      if (!g_hash_table_add (seen, (gpointer) &lines[i].product_id))
        return invalid (error, _("A product is on the restock order twice"));
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, lines[i].product_id);
      sqlite3_bind_int64 (stmt, 2, supplier_id);
      if (!_dis_db_step_row (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("The product is not in the catalog"));
          return FALSE;
        }
      if (sqlite3_column_int (stmt, 0) == 0)
        return invalid (error, _("The supplier of the order does not supply one of its products"));
    }
  return TRUE;
}

/* The state of @order_id, DIS_ERROR_NOT_FOUND when there is none. */
static gboolean
read_state (DisDb            *db,
            const char       *order_id,
            DisRestockState  *out_state,
            GError          **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = _dis_db_prepare (db, "SELECT state FROM restock_orders WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, order_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("There is no such restock order"));
      return FALSE;
    }
  if (!dis_restock_state_from_code ((const char *) sqlite3_column_text (stmt, 0), out_state))
    g_assert_not_reached ();
  return TRUE;
}

static gboolean
write_draft (DisDb                      *db,
             DisOperator                *acting,
             const char                 *order_id,
             gboolean                    is_new,
             gint64                      supplier_id,
             const char                 *note,
             const DisRestockDraftLine  *lines,
             guint                       n_lines,
             const char                 *now,
             GError                    **error)
{
  g_autoptr(DisStmt) order = NULL;
  g_autoptr(DisStmt) clear = NULL;
  g_autoptr(DisStmt) line = NULL;

  if (is_new)
    order = _dis_db_prepare (db,
                             "INSERT INTO restock_orders (id, supplier_id, state, note, created_at,"
                             " created_by, updated_at) VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?4)",
                             error);
  else
    order = _dis_db_prepare (db,
                             "UPDATE restock_orders SET supplier_id = ?2, note = ?3, updated_at = ?4"
                             " WHERE id = ?1 AND ?5 IS NOT NULL",
                             error);
  if (order == NULL)
    return FALSE;
  _dis_bind_text (order, 1, order_id);
  sqlite3_bind_int64 (order, 2, supplier_id);
  _dis_bind_text (order, 3, note != NULL && *note != '\0' ? note : NULL);
  _dis_bind_text (order, 4, now);
  sqlite3_bind_int64 (order, 5, dis_operator_get_id (acting));
  if (!_dis_db_step_done (db, order, error))
    return FALSE;

  clear = _dis_db_prepare (db, "DELETE FROM restock_order_lines WHERE order_id = ?1", error);
  line = _dis_db_prepare (db,
                          "INSERT INTO restock_order_lines (order_id, line_no, product_id, ordered)"
                          " VALUES (?1, ?2, ?3, ?4)",
                          error);
  if (clear == NULL || line == NULL)
    return FALSE;
  _dis_bind_text (clear, 1, order_id);
  if (!_dis_db_step_done (db, clear, error))
    return FALSE;
  for (guint i = 0; i < n_lines; i++)
    {
      sqlite3_reset (line);
      _dis_bind_text (line, 1, order_id);
      sqlite3_bind_int64 (line, 2, i + 1);
      sqlite3_bind_int64 (line, 3, lines[i].product_id);
      sqlite3_bind_int64 (line, 4, lines[i].qty);
      if (!_dis_db_step_done (db, line, error))
        return FALSE;
    }
  return TRUE;
}

DisRestockOrder *
dis_store_restock_save_draft (DisStore                   *self,
                              DisOperator                *acting,
                              const char                 *order_id,
                              gint64                      supplier_id,
                              const char                 *note,
                              const DisRestockDraftLine  *lines,
                              guint                       n_lines,
                              GError                    **error)
{
  DisDb *db = &self->writer;
  g_autoptr(DisIdentity) identity = NULL;
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;
  DisRestockState state;
  DisRestockOrder *saved;

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (lines != NULL || n_lines == 0, NULL);
  DIS_DB_LOCK (db);

  if ((identity = _dis_store_restock_begin (db, acting, error)) == NULL)
    return NULL;
  if (!check_note (note, error) || !check_draft_lines (db, supplier_id, lines, n_lines, error))
    return NULL;
  if (order_id != NULL)
    {
      if (!read_state (db, order_id, &state, error))
        return NULL;
      if (state != DIS_RESTOCK_DRAFT)
        {
          invalid (error, _("Only a draft can be changed: this order was sent already"));
          return NULL;
        }
    }

  id = order_id != NULL ? g_strdup (order_id) : dis_id_new ();
  now = _dis_now_iso8601 ();
  if (!_dis_db_begin (db, error))
    return NULL;
  if (!write_draft (db, acting, id, order_id == NULL, supplier_id, note, lines, n_lines, now, error) ||
      (saved = _dis_store_restock_read_order (db, id, error)) == NULL)
    {
      _dis_db_rollback (db);
      return NULL;
    }
  if (!_dis_db_commit (db, error))
    {
      _dis_db_rollback (db);
      g_object_unref (saved);
      return NULL;
    }
  _dis_store_notify_restock_orders_changed (self);
  return saved;
}

/* Whether an order in @state may be sent (@to sent) or cancelled. */
static gboolean
may_become (DisRestockState   state,
            DisRestockState   to,
            GError          **error)
{
  const char *name = dis_restock_state_get_name (state);

  if (to == DIS_RESTOCK_SENT && state != DIS_RESTOCK_DRAFT)
    {
      /* Translators: %s is the state of the order, e.g. "Sent" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Only a draft can be sent; this order is “%s”"), name);
      return FALSE;
    }
  /* The hub never moves an order back from partly received. */
  if (to == DIS_RESTOCK_CANCELLED && state != DIS_RESTOCK_DRAFT && state != DIS_RESTOCK_SENT &&
      state != DIS_RESTOCK_CONFIRMED)
    {
      /* Translators: %s is the state of the order, e.g. "Partly received" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("This order can no longer be cancelled: it is “%s”"),
                   name);
      return FALSE;
    }
  return TRUE;
}

/* @order_id to @to (sent or cancelled), with its event. */
static DisRestockOrder *
transition (DisStore         *self,
            DisOperator      *acting,
            const char       *order_id,
            DisRestockState   to,
            GError          **error)
{
  DisDb *db = &self->writer;
  g_autoptr(DisIdentity) identity = NULL;
  g_autofree char *now = NULL;
  DisRestockState state;
  DisRestockOrder *order;

  DIS_DB_LOCK (db);

  if ((identity = _dis_store_restock_begin (db, acting, error)) == NULL)
    return NULL;
  if (!_dis_db_begin (db, error))
    return NULL;
  if (!read_state (db, order_id, &state, error))
    {
      _dis_db_rollback (db);
      return NULL;
    }
  if (!may_become (state, to, error))
    {
      _dis_db_rollback (db);
      return NULL;
    }
  now = _dis_now_iso8601 ();
  if (!_dis_store_restock_set_state (db, identity, order_id, to, now, error) ||
      (order = _dis_store_restock_read_order (db, order_id, error)) == NULL)
    {
      _dis_db_rollback (db);
      return NULL;
    }
  if (!_dis_db_commit (db, error))
    {
      _dis_db_rollback (db);
      g_object_unref (order);
      return NULL;
    }
  _dis_store_notify_restock_orders_changed (self);
  if (state != DIS_RESTOCK_DRAFT || to != DIS_RESTOCK_CANCELLED)
    _dis_store_notify_outbox_changed (self);
  return order;
}

DisRestockOrder *
dis_store_restock_send (DisStore     *self,
                        DisOperator  *acting,
                        const char   *order_id,
                        GError      **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return transition (self, acting, order_id, DIS_RESTOCK_SENT, error);
}

DisRestockOrder *
dis_store_restock_cancel (DisStore     *self,
                          DisOperator  *acting,
                          const char   *order_id,
                          GError      **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return transition (self, acting, order_id, DIS_RESTOCK_CANCELLED, error);
}

gboolean
_dis_store_apply_restock_confirm (DisDb                         *db,
                                  const DisCodecRestockConfirm  *confirm,
                                  GError                       **error)
{
  g_autoptr(DisIdentity) identity = _dis_store_read_identity (db, error);
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *now = NULL;

  if (identity == NULL)
    return error == NULL || *error == NULL;
  /* Another point's order, or a state the order has moved past. */
  if (g_strcmp0 (confirm->point, identity->point_code) != 0 || confirm->state != DIS_CODEC_RESTOCK_CONFIRMED)
    return TRUE;
  stmt = _dis_db_prepare (db,
                          "UPDATE restock_orders SET state = 'confirmed', updated_at = ?2"
                          " WHERE id = ?1 AND state = 'sent'",
                          error);
  if (stmt == NULL)
    return FALSE;
  now = _dis_now_iso8601 ();
  _dis_bind_text (stmt, 1, confirm->id);
  _dis_bind_text (stmt, 2, now);
  return _dis_db_step_done (db, stmt, error);
}
