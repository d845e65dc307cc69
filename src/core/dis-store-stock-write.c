/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dis-id.h"
#include "dis-codec.h"
#include "dis-error.h"
#include "dis-money.h"
#include "dis-store-private.h"
#include "dis-store-stock.h"

/* The writes of the stock ledger (dis-store-stock.h): minimum and target,
 * waste, transfers. Each is one transaction on the writer: check the
 * operator, write the movements through _dis_store_stock_move(),
 * announce them, commit, then tell the pages. */

/* The shape of every stock write: @body inside one transaction, with the
 * point's identity read (the events need the device), the operator
 * checked. */
typedef gboolean (*StockBody) (DisDb        *db,
                               DisIdentity  *identity,
                               DisOperator  *acting,
                               gpointer      data,
                               GError      **error);

static gboolean
run_write (DisStore     *self,
           DisOperator  *acting,
           StockBody     body,
           gpointer      data,
           gboolean      moves_outbox,
           GError      **error)
{
  {
    DIS_DB_LOCK (&self->writer);
    g_autoptr(DisIdentity) identity = NULL;

    if (!_dis_db_begin (&self->writer, error))
      return FALSE;
    if (!_dis_store_check_acting (&self->writer, acting, DIS_PERMISSION_STOCK, error) ||
        (identity = _dis_store_read_identity (&self->writer, error)) == NULL)
      {
        if (identity == NULL && error != NULL && *error == NULL)
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This till has no point identity yet"));
        _dis_db_rollback (&self->writer);
        return FALSE;
      }
    if (!body (&self->writer, identity, acting, data, error) || !_dis_db_commit (&self->writer, error))
      {
        _dis_db_rollback (&self->writer);
        return FALSE;
      }
  }
  if (moves_outbox)
    _dis_store_notify_outbox_changed (self);
  _dis_store_notify_stock_changed (self);
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_product (DisDb       *db,
               gint64       product_id,
               char       **out_code,
               GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "SELECT code FROM products WHERE id = ?1", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("This product is not in the catalog"));
      return FALSE;
    }
  if (out_code != NULL)
    *out_code = _dis_column_dup (stmt, 0);
  return TRUE;
}

static gboolean
check_quantity (gint64   qty,
                gboolean zero_ok,
                GError **error)
{
  if (qty < (zero_ok ? 0 : 1) || qty > DIS_QUANTITY_MAX)
    return invalid (error, zero_ok ? _("The quantity must be zero or more")
                                   : _("The quantity must be more than zero"));
  return TRUE;
}

/* ---- Minimum and target ------------------------------------------------------- */

typedef struct
{
  gint64 product_id;
  gint64 min_qty;
  gint64 target_qty;
} Limits;

static gboolean
limits_body (DisDb        *db,
             DisIdentity  *identity,
             DisOperator  *acting,
             gpointer      data,
             GError      **error)
{
  const Limits *limits = data;
  g_autoptr(DisStmt) stmt = NULL;

  if (!check_product (db, limits->product_id, NULL, error))
    return FALSE;
  stmt = _dis_db_prepare (db,
                          "INSERT INTO stock_settings (product_id, min_qty, target_qty) VALUES (?1, ?2, ?3)"
                          " ON CONFLICT (product_id) DO UPDATE SET min_qty = excluded.min_qty,"
                          " target_qty = excluded.target_qty",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, limits->product_id);
  if (limits->min_qty >= 0)
    sqlite3_bind_int64 (stmt, 2, limits->min_qty);
  if (limits->target_qty >= 0)
    sqlite3_bind_int64 (stmt, 3, limits->target_qty);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
dis_store_stock_set_limits (DisStore     *self,
                            DisOperator  *acting,
                            gint64        product_id,
                            gint64        min_qty,
                            gint64        target_qty,
                            GError      **error)
{
  Limits limits = { product_id, min_qty, target_qty };

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);

  if (min_qty < -1 || min_qty > DIS_QUANTITY_MAX || target_qty < -1 || target_qty > DIS_QUANTITY_MAX)
    return invalid (error, _("The minimum and the target must be zero or more"));
  if (min_qty >= 0 && target_qty >= 0 && target_qty < min_qty)
    return invalid (error, _("The target cannot be below the minimum"));
  return run_write (self, acting, limits_body, &limits, FALSE, error);
}

/* ---- Waste --------------------------------------------------------------------- */

typedef struct
{
  gint64      product_id;
  gint64      qty;
  const char *reason;
} Waste;

static gboolean
waste_body (DisDb        *db,
            DisIdentity  *identity,
            DisOperator  *acting,
            gpointer      data,
            GError      **error)
{
  const Waste *waste = data;
  g_autofree char *now = _dis_now_iso8601 ();
  DisStockMove move = { .product_id = waste->product_id, .kind = "waste", .qty = -waste->qty, .at = now,
                        .operator_id = dis_operator_get_id (acting), .unit_cost = -1,
                        .reason = waste->reason };
  gint64 first = 0;

  return check_product (db, waste->product_id, NULL, error) &&
         _dis_store_stock_next_movement_id (db, &first, error) &&
         _dis_store_stock_move (db, &move, error) &&
         _dis_store_stock_announce (db, identity, first, error);
}

gboolean
dis_store_stock_record_waste (DisStore     *self,
                              DisOperator  *acting,
                              gint64        product_id,
                              gint64        qty,
                              const char   *reason,
                              GError      **error)
{
  g_autofree char *trimmed = NULL;
  Waste waste = { product_id, qty, NULL };

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);

  if (!check_quantity (qty, FALSE, error))
    return FALSE;
  if (reason == NULL || !g_utf8_validate (reason, -1, NULL) ||
      *(trimmed = g_strstrip (g_strdup (reason))) == '\0')
    return invalid (error, _("Say why the goods were thrown away"));
  if (g_utf8_strlen (trimmed, -1) > DIS_STOCK_REASON_MAX)
    return invalid (error, _("The reason is too long (at most 200 characters)"));
  waste.reason = trimmed;
  return run_write (self, acting, waste_body, &waste, TRUE, error);
}

/* ---- Sending a transfer ----------------------------------------------------------- */

typedef struct
{
  const char                  *to_point;
  const DisStockTransferItem  *items;
  guint                        n_items;
  char                        *id;       /* out */
} Sending;

static gboolean
insert_transfer (DisDb       *db,
                 const char  *id,
                 const char  *direction,
                 const char  *peer,
                 const char  *at,
                 gint64       operator_id,
                 gboolean    *out_inserted,
                 GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO stock_transfers (id, direction, peer, sent_at, state, operator_id)"
                          " VALUES (?1, ?2, ?3, ?4, 'sent', ?5) ON CONFLICT (id) DO NOTHING",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, id);
  _dis_bind_text (stmt, 2, direction);
  _dis_bind_text (stmt, 3, peer);
  _dis_bind_text (stmt, 4, at);
  if (operator_id > 0)
    sqlite3_bind_int64 (stmt, 5, operator_id);
  if (!_dis_db_step_done (db, stmt, error))
    return FALSE;
  *out_inserted = sqlite3_changes (db->db) == 1;
  return TRUE;
}

static gboolean
insert_transfer_line (DisDb       *db,
                      const char  *id,
                      guint        line_no,
                      const char  *product_code,
                      gint64       qty_sent,
                      GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO stock_transfer_lines (transfer_id, line_no, product_code, qty_sent)"
                          " VALUES (?1, ?2, ?3, ?4)",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, line_no);
  _dis_bind_text (stmt, 3, product_code);
  sqlite3_bind_int64 (stmt, 4, qty_sent);
  return _dis_db_step_done (db, stmt, error);
}

/* The event of @transfer in @form, into the outbox. */
static gboolean
outbox_transfer (DisDb                   *db,
                 DisIdentity             *identity,
                 DisCodecEventType        type,
                 DisCodecTransferForm     form,
                 const DisCodecTransfer  *transfer,
                 GError                 **error)
{
  g_autoptr(JsonNode) node = dis_codec_transfer_to_node (transfer, form, error);
  g_autofree char *text = NULL;

  if (node == NULL)
    return FALSE;
  text = dis_codec_to_text (node, NULL);
  return _dis_store_insert_outbox (db, identity->device_id, dis_codec_event_type_to_string (type),
                                   transfer->at, text, error);
}

static gboolean
send_body (DisDb        *db,
           DisIdentity  *identity,
           DisOperator  *acting,
           gpointer      data,
           GError      **error)
{
  Sending *sending = data;
  g_autofree char *now = _dis_now_iso8601 ();
  g_autofree char *document = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_auto(DisCodecTransfer) transfer = { NULL, };
  gint64 first = 0;
  gboolean inserted = FALSE;

  if (g_strcmp0 (sending->to_point, identity->point_code) == 0)
    return invalid (error, _("Choose another point than this one"));
  sending->id = dis_id_new ();
  document = g_strconcat ("transfer:", sending->id, NULL);
  transfer.id = sending->id;
  transfer.to = sending->to_point;
  transfer.at = now;
  transfer.lines = g_array_new (FALSE, TRUE, sizeof (DisCodecStockLine));

  if (!_dis_store_stock_next_movement_id (db, &first, error) ||
      !insert_transfer (db, sending->id, "out", sending->to_point, now, dis_operator_get_id (acting),
                        &inserted, error))
    return FALSE;
  for (guint i = 0; i < sending->n_items; i++)
    {
      const DisStockTransferItem *item = &sending->items[i];
      DisStockMove move = { .product_id = item->product_id, .kind = "transfer", .qty = -item->qty, .at = now,
                            .operator_id = dis_operator_get_id (acting), .document = document,
                            .unit_cost = -1 };
      DisCodecStockLine line;
      char *code = NULL;

      if (!check_product (db, item->product_id, &code, error))
        return FALSE;
      g_ptr_array_add (codes, code);
      if (!g_hash_table_add (seen, (gpointer) &item->product_id))
        return invalid (error, _("A product is on two lines of the transfer"));
      line.product = code;
      line.qty = item->qty;
      g_array_append_val (transfer.lines, line);
      if (!insert_transfer_line (db, sending->id, i + 1, code, item->qty, error) ||
          !_dis_store_stock_move (db, &move, error))
        return FALSE;
    }
  return _dis_store_stock_announce (db, identity, first, error) &&
         outbox_transfer (db, identity, DIS_CODEC_TRANSFER_SENT, DIS_CODEC_TRANSFER_FORM_SENT, &transfer, error);
}

char *
dis_store_stock_send_transfer (DisStore                    *self,
                               DisOperator                 *acting,
                               const char                  *to_point,
                               const DisStockTransferItem  *items,
                               guint                        n_items,
                               GError                     **error)
{
  Sending sending = { to_point, items, n_items, NULL };

  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (items != NULL || n_items == 0, NULL);

  if (to_point == NULL || !dis_codec_is_code (to_point))
    return invalid (error, _("Choose the point to send the goods to")), NULL;
  if (n_items == 0 || n_items > DIS_CODEC_TRANSFER_LINES_MAX)
    return invalid (error, _("A transfer has 1 to 1000 lines")), NULL;
  for (guint i = 0; i < n_items; i++)
    if (!check_quantity (items[i].qty, FALSE, error))
      return NULL;
  if (!run_write (self, acting, send_body, &sending, TRUE, error))
    {
      g_free (sending.id);
      return NULL;
    }
  return sending.id;
}

/* ---- Confirming a transfer ------------------------------------------------------ */

typedef struct
{
  const char    *id;
  const gint64  *received;
  guint          n_received;
} Confirming;

static gboolean
mark_received (DisDb       *db,
               const char  *id,
               const char  *at,
               gint64       operator_id,
               GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "UPDATE stock_transfers SET state = 'received', received_at = ?2,"
                          " operator_id = coalesce (?3, operator_id) WHERE id = ?1 AND state = 'sent'",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, id);
  _dis_bind_text (stmt, 2, at);
  if (operator_id > 0)
    sqlite3_bind_int64 (stmt, 3, operator_id);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
set_line_received (DisDb       *db,
                   const char  *id,
                   const char  *product_code,
                   gint64       qty,
                   GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "UPDATE stock_transfer_lines SET qty_received = ?3"
                          " WHERE transfer_id = ?1 AND product_code = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, id);
  _dis_bind_text (stmt, 2, product_code);
  sqlite3_bind_int64 (stmt, 3, qty);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
confirm_body (DisDb        *db,
              DisIdentity  *identity,
              DisOperator  *acting,
              gpointer      data,
              GError      **error)
{
  const Confirming *confirming = data;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *now = _dis_now_iso8601 ();
  g_autofree char *document = g_strconcat ("transfer:", confirming->id, NULL);
  g_auto(DisCodecTransfer) event = { NULL, };
  DisStockTransfer *transfer;
  gint64 first = 0;

  found = _dis_store_stock_read_transfers (db, confirming->id, TRUE, error);
  if (found == NULL)
    return FALSE;
  if (found->len == 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_NOT_FOUND, _("This transfer is not one sent to this point"));
      return FALSE;
    }
  transfer = g_ptr_array_index (found, 0);
  if (transfer->state != DIS_STOCK_TRANSFER_SENT)
    return invalid (error, _("This transfer was already confirmed"));
  if (confirming->n_received != transfer->lines->len)
    return invalid (error, _("Say what arrived of every line of the transfer"));

  event.id = transfer->id;
  event.at = now;
  event.lines = g_array_new (FALSE, TRUE, sizeof (DisCodecStockLine));
  if (!_dis_store_stock_next_movement_id (db, &first, error))
    return FALSE;
  for (guint i = 0; i < transfer->lines->len; i++)
    {
      const DisStockTransferLine *line = &g_array_index (transfer->lines, DisStockTransferLine, i);
      DisCodecStockLine arrived = { line->product_code, confirming->received[i] };

      if (!check_quantity (arrived.qty, TRUE, error))
        return FALSE;
      if (arrived.qty > 0)
        {
          DisStockMove move = { .product_id = line->product_id, .kind = "transfer", .qty = arrived.qty,
                                .at = now, .operator_id = dis_operator_get_id (acting), .document = document,
                                .unit_cost = -1 };

          if (line->product_id == 0)
            {
              g_set_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND,
                           /* Translators: a product's code */
                           _("The product %s is not in this point's catalog yet"), line->product_code);
              return FALSE;
            }
          if (!_dis_store_stock_move (db, &move, error))
            return FALSE;
        }
      g_array_append_val (event.lines, arrived);
      if (!set_line_received (db, transfer->id, line->product_code, arrived.qty, error))
        return FALSE;
    }
  return mark_received (db, transfer->id, now, dis_operator_get_id (acting), error) &&
         _dis_store_stock_announce (db, identity, first, error) &&
         outbox_transfer (db, identity, DIS_CODEC_TRANSFER_RECEIVED, DIS_CODEC_TRANSFER_FORM_RECEIVED,
                          &event, error);
}

gboolean
dis_store_stock_confirm_transfer (DisStore      *self,
                                  DisOperator   *acting,
                                  const char    *transfer_id,
                                  const gint64  *received,
                                  guint          n_received,
                                  GError       **error)
{
  Confirming confirming = { transfer_id, received, n_received };

  g_return_val_if_fail (DIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (transfer_id != NULL, FALSE);
  g_return_val_if_fail (received != NULL || n_received == 0, FALSE);

  return run_write (self, acting, confirm_body, &confirming, TRUE, error);
}

/* ---- A "transfer" change of the hub's feed -------------------------------------- */

gboolean
_dis_store_stock_apply_transfer (DisDb                   *db,
                                 const DisCodecTransfer  *transfer,
                                 GError                 **error)
{
  g_autoptr(DisIdentity) identity = _dis_store_read_identity (db, error);
  gboolean inserted = FALSE;

  if (identity == NULL)
    return error == NULL || *error == NULL;

  /* Sent to this point: one to confirm, once. */
  if (transfer->state == DIS_CODEC_TRANSFER_STATE_SENT && g_strcmp0 (transfer->to, identity->point_code) == 0)
    {
      if (!insert_transfer (db, transfer->id, "in", transfer->from, transfer->at, 0, &inserted, error))
        return FALSE;
      for (guint i = 0; inserted && i < transfer->lines->len; i++)
        {
          const DisCodecStockLine *line = &g_array_index (transfer->lines, DisCodecStockLine, i);

          if (!insert_transfer_line (db, transfer->id, i + 1, line->product, line->qty, error))
            return FALSE;
        }
      return TRUE;
    }
  /* Sent by this point and confirmed by the receiver: what arrived. */
  if (transfer->state == DIS_CODEC_TRANSFER_STATE_RECEIVED && g_strcmp0 (transfer->from, identity->point_code) == 0)
    {
      for (guint i = 0; i < transfer->lines->len; i++)
        {
          const DisCodecStockLine *line = &g_array_index (transfer->lines, DisCodecStockLine, i);

          if (!set_line_received (db, transfer->id, line->product, line->qty, error))
            return FALSE;
        }
      return mark_received (db, transfer->id, transfer->at, 0, error);
    }
  /* Another point's, or this point's own confirmation coming back. */
  return TRUE;
}

/* ---- For the UI thread --------------------------------------------------------- */

/* The copied arguments of one write. */
typedef struct
{
  DisOperator           *acting;
  gint64                 product_id;
  gint64                 a;
  gint64                 b;
  char                  *text;
  DisStockTransferItem  *items;
  gint64                *received;
  guint                  n;
} WriteArgs;

static WriteArgs *
write_args_new (DisOperator *acting,
                gint64       product_id,
                gint64       a,
                gint64       b,
                const char  *text)
{
  WriteArgs *args = g_new0 (WriteArgs, 1);

  args->acting = acting != NULL ? g_object_ref (acting) : NULL;
  args->product_id = product_id;
  args->a = a;
  args->b = b;
  args->text = g_strdup (text);
  return args;
}

static void
write_args_free (gpointer data)
{
  WriteArgs *args = data;

  g_clear_object (&args->acting);
  g_free (args->text);
  g_free (args->items);
  g_free (args->received);
  g_free (args);
}

static gboolean
set_limits_func (DisStore  *store,
                 gpointer   data,
                 GError   **error)
{
  WriteArgs *args = data;

  return dis_store_stock_set_limits (store, args->acting, args->product_id, args->a, args->b, error);
}

void
dis_store_stock_set_limits_async (DisStore            *self,
                                  DisOperator         *acting,
                                  gint64               product_id,
                                  gint64               min_qty,
                                  gint64               target_qty,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_stock_set_limits_async, .write = TRUE,
                                     .bool_func = set_limits_func, .data_free = write_args_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, write_args_new (acting, product_id, min_qty, target_qty, NULL),
                        cancellable, callback, user_data);
}

gboolean
dis_store_stock_set_limits_finish (DisStore      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _dis_store_run_boolean_finish (self, result, dis_store_stock_set_limits_async, error);
}

static gboolean
record_waste_func (DisStore  *store,
                   gpointer   data,
                   GError   **error)
{
  WriteArgs *args = data;

  return dis_store_stock_record_waste (store, args->acting, args->product_id, args->a, args->text, error);
}

void
dis_store_stock_record_waste_async (DisStore            *self,
                                    DisOperator         *acting,
                                    gint64               product_id,
                                    gint64               qty,
                                    const char          *reason,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_stock_record_waste_async, .write = TRUE,
                                     .bool_func = record_waste_func, .data_free = write_args_free };

  g_return_if_fail (DIS_IS_STORE (self));

  _dis_store_run_async (self, &call, write_args_new (acting, product_id, qty, 0, reason),
                        cancellable, callback, user_data);
}

gboolean
dis_store_stock_record_waste_finish (DisStore      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _dis_store_run_boolean_finish (self, result, dis_store_stock_record_waste_async, error);
}

static gpointer
send_transfer_func (DisStore  *store,
                    gpointer   data,
                    GError   **error)
{
  WriteArgs *args = data;

  return dis_store_stock_send_transfer (store, args->acting, args->text, args->items, args->n, error);
}

void
dis_store_stock_send_transfer_async (DisStore                    *self,
                                     DisOperator                 *acting,
                                     const char                  *to_point,
                                     const DisStockTransferItem  *items,
                                     guint                        n_items,
                                     GCancellable                *cancellable,
                                     GAsyncReadyCallback          callback,
                                     gpointer                     user_data)
{
  static const DisStoreCall call = { dis_store_stock_send_transfer_async, .write = TRUE,
                                     .func = send_transfer_func, .data_free = write_args_free,
                                     .result_free = g_free };
  WriteArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (items != NULL || n_items == 0);

  args = write_args_new (acting, 0, 0, 0, to_point);
  args->items = n_items > 0 ? g_memdup2 (items, sizeof *items * n_items) : NULL;
  args->n = n_items;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

char *
dis_store_stock_send_transfer_finish (DisStore      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _dis_store_run_finish (self, result, dis_store_stock_send_transfer_async, error);
}

static gboolean
confirm_transfer_func (DisStore  *store,
                       gpointer   data,
                       GError   **error)
{
  WriteArgs *args = data;

  return dis_store_stock_confirm_transfer (store, args->acting, args->text, args->received, args->n, error);
}

void
dis_store_stock_confirm_transfer_async (DisStore            *self,
                                        DisOperator         *acting,
                                        const char          *transfer_id,
                                        const gint64        *received,
                                        guint                n_received,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  static const DisStoreCall call = { dis_store_stock_confirm_transfer_async, .write = TRUE,
                                     .bool_func = confirm_transfer_func, .data_free = write_args_free };
  WriteArgs *args;

  g_return_if_fail (DIS_IS_STORE (self));
  g_return_if_fail (transfer_id != NULL);
  g_return_if_fail (received != NULL || n_received == 0);

  args = write_args_new (acting, 0, 0, 0, transfer_id);
  args->received = n_received > 0 ? g_memdup2 (received, sizeof *received * n_received) : NULL;
  args->n = n_received;
  _dis_store_run_async (self, &call, args, cancellable, callback, user_data);
}

gboolean
dis_store_stock_confirm_transfer_finish (DisStore      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return _dis_store_run_boolean_finish (self, result, dis_store_stock_confirm_transfer_async, error);
}
