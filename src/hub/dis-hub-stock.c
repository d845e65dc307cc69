/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-stock"

#include "config.h"

#include "dis-hub-stock-private.h"

/* The stock events a point pushes (README-api.md "Stock"), decoded by the
 * codec (dis-codec-stock.c) and applied here, each inside the savepoint of
 * its event, so that a refusal leaves nothing behind. The events table
 * keeps each event id once: a duplicate never reaches this file. */

gboolean
dis_hub_stock_handles (DisCodecEventType type)
{
  return type == DIS_CODEC_STOCK_MOVED || type == DIS_CODEC_TRANSFER_SENT ||
         type == DIS_CODEC_TRANSFER_RECEIVED || type == DIS_CODEC_RESTOCK_ORDER;
}

/* A refusal of the event: FALSE with the code and message, @error unset. */
#define REFUSE(code, ...) dis_hub_refuse (out_code, out_message, code, __VA_ARGS__)

/* check_products() reads the code through the first member. */
G_STATIC_ASSERT (G_STRUCT_OFFSET (DisCodecStockLine, product) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (DisCodecRestockLine, product) == 0);

/* Each product of @lines (an array of structs whose first member is the
 * product's code; the codec let each product through once) known to the
 * hub for @mover's point (or @other_point); else the refusal, naming the
 * line. */
static gboolean
check_products (DisHubStockMover  *mover,
                GArray            *lines,
                const char        *field,
                const char        *other_point,
                const char       **out_code,
                char             **out_message,
                GError           **error)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *product = *(const char **) (gpointer) (lines->data + (gsize) i * g_array_get_element_size (lines));
      gboolean known;

      if (!_dis_hub_stock_known (mover, product, other_point, &known, error))
        return FALSE;
      if (!known)
        return REFUSE ("unknown_product", "payload.%s[%u].product: the hub knows no product %s",
                       field, i, product);
    }
  return TRUE;
}

/* ---- stock.moved --------------------------------------------------------- */

static gboolean
apply_moved (DisHubStockMover  *mover,
             DisCodecEvent     *event,
             const char       **out_code,
             char             **out_message,
             GError           **error)
{
  GArray *moves = event->stock_moved.movements;

  for (guint i = 0; i < moves->len; i++)
    {
      const DisCodecStockMove *move = &g_array_index (moves, DisCodecStockMove, i);
      gboolean known, moved;

      if (!_dis_hub_stock_known (mover, move->product, NULL, &known, error))
        return FALSE;
      if (!known)
        return REFUSE ("unknown_product", "payload.movements[%u].product: the hub knows no product %s",
                       i, move->product);
      if (!_dis_hub_stock_move (mover, move->product, dis_codec_stock_kind_to_string (move->kind), move->qty,
                                move->at, move->document, move->reason, &moved, error))
        return FALSE;
      if (!moved)
        return REFUSE ("level_out_of_range",
                       "payload.movements[%u].qty: would take the level of %s past ±%" G_GINT64_FORMAT,
                       i, move->product, DIS_HUB_STOCK_LEVEL_MAX);
    }
  return _dis_hub_stock_mover_finish (mover, error);
}

/* ---- Transfers ----------------------------------------------------------- */

/* The transfer change of @transfer between @from and @to, for the
 * receiving point (and, once received, the sending one). */
static gboolean
publish_transfer (DisHubDb                *db,
                  const DisCodecTransfer  *event,
                  const char              *from,
                  const char              *to,
                  DisCodecTransferState    state,
                  GError                 **error)
{
  DisCodecTransfer change = *event;
  g_autoptr(JsonNode) data = NULL;

  change.from = from;
  change.to = to;
  change.state = state;
  data = dis_codec_transfer_to_node (&change, DIS_CODEC_TRANSFER_FORM_CHANGE, error);
  return data != NULL && dis_hub_db_append_change (db, "transfer", "upsert", change.id, data, error);
}

static gboolean
exists (DisHubDb    *db,
        const char  *sql,
        const char  *text,
        gboolean    *out,
        GError     **error)
{
  g_autoptr(DisHubStmt) stmt = dis_hub_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, text);
  return dis_hub_db_step (db, stmt, out, error);
}

static gboolean
apply_sent (DisHubStockMover  *mover,
            DisCodecEvent     *event,
            const char       **out_code,
            char             **out_message,
            GError           **error)
{
  const DisCodecTransfer *transfer = &event->transfer;
  g_autoptr(DisHubStmt) insert = NULL;
  DisHubDb *db = mover->db;
  gboolean found;

  if (g_str_equal (transfer->to, mover->point))
    return REFUSE ("same_point", "payload.to: a point cannot send a transfer to itself");
  if (!exists (db, "SELECT 1 FROM points WHERE code = ?1 AND revoked_at IS NULL", transfer->to, &found, error))
    return FALSE;
  if (!found)
    return REFUSE ("unknown_point", "payload.to: the network has no active point %s", transfer->to);
  if (!exists (db, "SELECT 1 FROM hub_transfers WHERE id = ?1", transfer->id, &found, error))
    return FALSE;
  if (found)
    return REFUSE ("duplicate_transfer", "payload.id: transfer %s was already sent", transfer->id);
  if (!check_products (mover, transfer->lines, "lines", NULL, out_code, out_message, error))
    return FALSE;

  insert = dis_hub_db_prepare (db,
                               "INSERT INTO hub_transfers (id, from_point, to_point, state, sent_at, sent_event)"
                               " VALUES (?1, ?2, ?3, 'sent', ?4, ?5)",
                               error);
  if (insert == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (insert, 1, transfer->id);
  dis_hub_stmt_bind_text (insert, 2, mover->point);
  dis_hub_stmt_bind_text (insert, 3, transfer->to);
  dis_hub_stmt_bind_text (insert, 4, transfer->at);
  dis_hub_stmt_bind_text (insert, 5, event->id);
  if (!dis_hub_db_step_done (db, insert, error))
    return FALSE;

  g_clear_pointer (&insert, dis_hub_stmt_release);
  insert = dis_hub_db_prepare (db,
                               "INSERT INTO hub_transfer_lines (transfer_id, line_no, product_code, sent_qty)"
                               " VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < transfer->lines->len; i++)
    {
      const DisCodecStockLine *line = &g_array_index (transfer->lines, DisCodecStockLine, i);

      dis_hub_stmt_reset (insert);
      dis_hub_stmt_bind_text (insert, 1, transfer->id);
      dis_hub_stmt_bind_int64 (insert, 2, i + 1);
      dis_hub_stmt_bind_text (insert, 3, line->product);
      dis_hub_stmt_bind_int64 (insert, 4, line->qty);
      if (!dis_hub_db_step_done (db, insert, error))
        return FALSE;
    }
  return publish_transfer (db, transfer, mover->point, transfer->to, DIS_CODEC_TRANSFER_STATE_SENT, error);
}

/* What arrived, line by line: a product that was sent gets its quantity,
 * one that was not is added (sent 0), and what was sent but is not
 * listed arrived as nothing. */
static gboolean
record_received (DisHubDb                *db,
                 const DisCodecTransfer  *transfer,
                 GError                 **error)
{
  g_autoptr(DisHubStmt) upsert = NULL;
  g_autoptr(DisHubStmt) rest = NULL;

  upsert = dis_hub_db_prepare (db,
                               "INSERT INTO hub_transfer_lines (transfer_id, line_no, product_code, sent_qty,"
                               " received_qty)"
                               " VALUES (?1, (SELECT coalesce (max (line_no), 0) + 1 FROM hub_transfer_lines"
                               " WHERE transfer_id = ?1), ?2, 0, ?3)"
                               " ON CONFLICT (transfer_id, product_code) DO UPDATE SET received_qty = excluded.received_qty",
                               error);
  rest = dis_hub_db_prepare (db,
                             "UPDATE hub_transfer_lines SET received_qty = 0"
                             " WHERE transfer_id = ?1 AND received_qty IS NULL",
                             error);
  if (upsert == NULL || rest == NULL)
    return FALSE;
  for (guint i = 0; i < transfer->lines->len; i++)
    {
      const DisCodecStockLine *line = &g_array_index (transfer->lines, DisCodecStockLine, i);

      dis_hub_stmt_reset (upsert);
      dis_hub_stmt_bind_text (upsert, 1, transfer->id);
      dis_hub_stmt_bind_text (upsert, 2, line->product);
      dis_hub_stmt_bind_int64 (upsert, 3, line->qty);
      if (!dis_hub_db_step_done (db, upsert, error))
        return FALSE;
    }
  dis_hub_stmt_bind_text (rest, 1, transfer->id);
  return dis_hub_db_step_done (db, rest, error);
}

static gboolean
apply_received (DisHubStockMover  *mover,
                DisCodecEvent     *event,
                const char       **out_code,
                char             **out_message,
                GError           **error)
{
  const DisCodecTransfer *transfer = &event->transfer;
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *state = NULL;
  DisHubDb *db = mover->db;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db, "SELECT from_point, to_point, state FROM hub_transfers WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, transfer->id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return REFUSE ("unknown_transfer", "payload.id: the hub knows no transfer %s", transfer->id);
  from = dis_hub_column_dup (stmt, 0);
  to = dis_hub_column_dup (stmt, 1);
  state = dis_hub_column_dup (stmt, 2);
  if (!g_str_equal (to, mover->point))
    return REFUSE ("wrong_point", "payload.id: transfer %s is not addressed to this point", transfer->id);
  if (!g_str_equal (state, "sent"))
    return REFUSE ("transfer_already_received", "payload.id: transfer %s was already received", transfer->id);
  /* The receiver may get the sender's own products. */
  if (!check_products (mover, transfer->lines, "lines", from, out_code, out_message, error) ||
      !record_received (db, transfer, error))
    return FALSE;

  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db,
                             "UPDATE hub_transfers SET state = 'received', received_at = ?2, received_event = ?3"
                             " WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, transfer->id);
  dis_hub_stmt_bind_text (stmt, 2, transfer->at);
  dis_hub_stmt_bind_text (stmt, 3, event->id);
  return dis_hub_db_step_done (db, stmt, error) &&
         publish_transfer (db, transfer, from, to, DIS_CODEC_TRANSFER_STATE_RECEIVED, error);
}

/* ---- Restock orders ------------------------------------------------------ */

/* How far along an order is: a state never goes back, except to
 * cancelled from sent or confirmed. */
static int
restock_rank (DisCodecRestockState state)
{
  switch (state)
    {
    case DIS_CODEC_RESTOCK_SENT:
      return 0;
    case DIS_CODEC_RESTOCK_CONFIRMED:
      return 1;
    case DIS_CODEC_RESTOCK_PARTIALLY_RECEIVED:
      return 2;
    case DIS_CODEC_RESTOCK_RECEIVED:
    case DIS_CODEC_RESTOCK_CANCELLED:
    case DIS_CODEC_N_RESTOCK_STATES:
    default:
      return 3;
    }
}

static gboolean
restock_moves_on (DisCodecRestockState  stored,
                  const char           *stored_at,
                  DisCodecRestockState  state,
                  const char           *at)
{
  /* The last by time: an older state that arrives late is history. */
  if (g_strcmp0 (at, stored_at) < 0)
    return FALSE;
  if (stored == DIS_CODEC_RESTOCK_RECEIVED || stored == DIS_CODEC_RESTOCK_CANCELLED)
    return FALSE;
  if (state == DIS_CODEC_RESTOCK_CANCELLED)
    return stored == DIS_CODEC_RESTOCK_SENT || stored == DIS_CODEC_RESTOCK_CONFIRMED;
  return restock_rank (state) >= restock_rank (stored);
}

static gboolean
store_restock (DisHubDb                    *db,
               const char                  *point,
               const char                  *event_id,
               const DisCodecRestockOrder  *order,
               const char                  *at_utc,
               const char                  *now,
               GError                     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO hub_restock_orders (id, point_code, supplier, state, at, at_utc, note,"
                             " event_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                             " ON CONFLICT (id) DO UPDATE SET state = excluded.state, at = excluded.at,"
                             " at_utc = excluded.at_utc, note = excluded.note, event_id = excluded.event_id,"
                             " updated_at = excluded.updated_at",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, order->id);
  dis_hub_stmt_bind_text (stmt, 2, point);
  dis_hub_stmt_bind_text (stmt, 3, order->supplier);
  dis_hub_stmt_bind_text (stmt, 4, dis_codec_restock_state_to_string (order->state));
  dis_hub_stmt_bind_text (stmt, 5, order->at);
  dis_hub_stmt_bind_text (stmt, 6, at_utc);
  dis_hub_stmt_bind_text (stmt, 7, order->note);
  dis_hub_stmt_bind_text (stmt, 8, event_id);
  dis_hub_stmt_bind_text (stmt, 9, now);
  if (!dis_hub_db_step_done (db, stmt, error))
    return FALSE;

  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db, "DELETE FROM hub_restock_order_lines WHERE order_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, order->id);
  if (!dis_hub_db_step_done (db, stmt, error))
    return FALSE;

  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO hub_restock_order_lines (order_id, line_no, product_code, ordered, received)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < order->lines->len; i++)
    {
      const DisCodecRestockLine *line = &g_array_index (order->lines, DisCodecRestockLine, i);

      dis_hub_stmt_reset (stmt);
      dis_hub_stmt_bind_text (stmt, 1, order->id);
      dis_hub_stmt_bind_int64 (stmt, 2, i + 1);
      dis_hub_stmt_bind_text (stmt, 3, line->product);
      dis_hub_stmt_bind_int64 (stmt, 4, line->ordered);
      dis_hub_stmt_bind_int64 (stmt, 5, line->received);
      if (!dis_hub_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_restock (DisHubStockMover  *mover,
               DisCodecEvent     *event,
               const char       **out_code,
               char             **out_message,
               GError           **error)
{
  const DisCodecRestockOrder *order = &event->restock_order;
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *at_utc = dis_hub_utc_key (order->at);
  DisHubDb *db = mover->db;
  DisCodecRestockState stored;
  gboolean found;

  if (!exists (db, "SELECT 1 FROM suppliers WHERE code = ?1", order->supplier, &found, error))
    return FALSE;
  if (!found)
    return REFUSE ("unknown_supplier", "payload.supplier: the hub knows no supplier %s", order->supplier);
  if (!check_products (mover, order->lines, "lines", NULL, out_code, out_message, error))
    return FALSE;

  stmt = dis_hub_db_prepare (db, "SELECT point_code, supplier, state, at_utc FROM hub_restock_orders WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, order->id);
  if (!dis_hub_db_step (db, stmt, &found, error))
    return FALSE;
  if (found)
    {
      if (!g_str_equal (dis_hub_stmt_column_text (stmt, 0), mover->point))
        return REFUSE ("wrong_point", "payload.id: restock order %s is another point's", order->id);
      if (!g_str_equal (dis_hub_stmt_column_text (stmt, 1), order->supplier))
        return REFUSE ("supplier_changed", "payload.supplier: restock order %s is for supplier %s",
                       order->id, dis_hub_stmt_column_text (stmt, 1));
      /* The table's CHECK allows only the codec's states. */
      if (!dis_codec_restock_state_from_string (dis_hub_stmt_column_text (stmt, 2), &stored))
        stored = DIS_CODEC_RESTOCK_SENT;
      if (!restock_moves_on (stored, dis_hub_stmt_column_text (stmt, 3), order->state, at_utc))
        return TRUE;
    }
  return store_restock (db, mover->point, event->id, order, at_utc, mover->now, error);
}

/* ---- Dispatch ------------------------------------------------------------ */

gboolean
dis_hub_stock_apply_event (DisHubDb       *db,
                           const char     *point,
                           const char     *device,
                           DisCodecEvent  *event,
                           const char    **out_code,
                           char          **out_message,
                           GError        **error)
{
  g_auto(DisHubStockMover) mover = { NULL, };

  g_return_val_if_fail (db != NULL && point != NULL && event != NULL, FALSE);
  g_return_val_if_fail (dis_hub_stock_handles (event->type), FALSE);

  if (!_dis_hub_stock_mover_init (&mover, db, point, event->id, NULL, error))
    return FALSE;
  switch (event->type)
    {
    case DIS_CODEC_STOCK_MOVED:
      return apply_moved (&mover, event, out_code, out_message, error);
    case DIS_CODEC_TRANSFER_SENT:
      return apply_sent (&mover, event, out_code, out_message, error);
    case DIS_CODEC_TRANSFER_RECEIVED:
      return apply_received (&mover, event, out_code, out_message, error);
    case DIS_CODEC_RESTOCK_ORDER:
    default:
      return apply_restock (&mover, event, out_code, out_message, error);
    }
}

JsonNode *
dis_hub_stock_event_payload (DisCodecEvent  *event,
                             GError        **error)
{
  g_return_val_if_fail (event != NULL && dis_hub_stock_handles (event->type), NULL);

  switch (event->type)
    {
    case DIS_CODEC_STOCK_MOVED:
      return dis_codec_stock_moved_to_node (&event->stock_moved, error);
    case DIS_CODEC_TRANSFER_SENT:
      return dis_codec_transfer_to_node (&event->transfer, DIS_CODEC_TRANSFER_FORM_SENT, error);
    case DIS_CODEC_TRANSFER_RECEIVED:
      return dis_codec_transfer_to_node (&event->transfer, DIS_CODEC_TRANSFER_FORM_RECEIVED, error);
    case DIS_CODEC_RESTOCK_ORDER:
    default:
      return dis_codec_restock_order_to_node (&event->restock_order, error);
    }
}
