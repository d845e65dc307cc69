/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-orders"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "dis-error.h"
#include "dis-store-orders-private.h"

/* The hub's changes feed for member orders: cycles and their products,
 * this point's schedule, and the hub's word on this point's orders. Each
 * runs inside the page's transaction (dis-store-sync-changes.c); every
 * field went through the codec and is in bounds. */

/* A time the codec accepted, in the tables' form; DIS_ERROR_INVALID for
 * one GLib cannot read (the change is kept and tried again). */
static char *
time_of (const char  *iso,
         GError     **error)
{
  char *time = _dis_store_orders_normalize_time (iso);

  if (time == NULL)
    g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, "Unreadable time “%s”", iso);
  return time;
}

static gboolean
is_this_point (DisDb       *db,
               const char  *point,
               gboolean    *out_mine,
               GError     **error)
{
  g_autoptr(DisIdentity) identity = _dis_store_read_identity (db, error);

  if (identity == NULL && error != NULL && *error != NULL)
    return FALSE;
  *out_mine = identity != NULL && g_strcmp0 (identity->point_code, point) == 0;
  return TRUE;
}

gboolean
_dis_store_orders_apply_cycle (DisDb                     *db,
                               const DisCodecOrderCycle  *cycle,
                               GError                   **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;

  if ((opens = time_of (cycle->opens, error)) == NULL || (closes = time_of (cycle->closes, error)) == NULL)
    return FALSE;
  stmt = _dis_db_prepare (db,
                          "INSERT INTO order_cycles (id, name, opens, closes, closed) VALUES (?1, ?2, ?3, ?4, ?5)"
                          " ON CONFLICT (id) DO UPDATE SET name = excluded.name, opens = excluded.opens,"
                          " closes = excluded.closes, closed = excluded.closed",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cycle->id);
  _dis_bind_text (stmt, 2, cycle->name);
  _dis_bind_text (stmt, 3, opens);
  _dis_bind_text (stmt, 4, closes);
  sqlite3_bind_int (stmt, 5, cycle->state == DIS_CODEC_CYCLE_CLOSED);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
_dis_store_orders_apply_product (DisDb                       *db,
                                 const DisCodecCycleProduct  *product,
                                 GError                     **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "INSERT INTO cycle_products (cycle_id, product_code, available, remaining)"
                          " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cycle_id, product_code) DO UPDATE"
                          " SET available = excluded.available, remaining = excluded.remaining",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product->cycle);
  _dis_bind_text (stmt, 2, product->product);
  if (product->has_available)
    sqlite3_bind_int64 (stmt, 3, product->available);
  /* Unlimited has no remaining either. */
  if (product->has_available && product->has_remaining)
    sqlite3_bind_int64 (stmt, 4, product->remaining);
  else if (product->has_available)
    sqlite3_bind_int64 (stmt, 4, product->available);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
write_window (DisDb                       *db,
              const DisCodecPickupWindow  *window,
              GError                     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;

  if ((starts = time_of (window->starts, error)) == NULL || (ends = time_of (window->ends, error)) == NULL)
    return FALSE;
  stmt = _dis_db_prepare (db, "INSERT INTO pickup_windows (code, starts, ends) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, window->code);
  _dis_bind_text (stmt, 2, starts);
  _dis_bind_text (stmt, 3, ends);
  return _dis_db_step_done (db, stmt, error);
}

static gboolean
write_slot (DisDb                       *db,
            const DisCodecDeliverySlot  *slot,
            GError                     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  g_autofree char *cutoff = NULL;
  g_autoptr(GString) comuni = NULL;

  if ((starts = time_of (slot->starts, error)) == NULL || (ends = time_of (slot->ends, error)) == NULL ||
      (cutoff = time_of (slot->cutoff, error)) == NULL)
    return FALSE;
  if (slot->comuni != NULL)
    {
      comuni = g_string_new (NULL);
      for (guint i = 0; i < slot->comuni->len; i++)
        {
          /* One a line: a comune's name has no line break. */
          g_autofree char *name = g_strdelimit (g_strdup (g_array_index (slot->comuni, const char *, i)),
                                                "\r\n", ' ');

          g_string_append_printf (comuni, "%s%s", i > 0 ? "\n" : "", name);
        }
    }
  stmt = _dis_db_prepare (db,
                          "INSERT INTO delivery_slots (code, starts, ends, cutoff, capacity, booked, comuni,"
                          " radius_m) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, slot->code);
  _dis_bind_text (stmt, 2, starts);
  _dis_bind_text (stmt, 3, ends);
  _dis_bind_text (stmt, 4, cutoff);
  sqlite3_bind_int64 (stmt, 5, slot->capacity);
  sqlite3_bind_int64 (stmt, 6, slot->booked);
  _dis_bind_text (stmt, 7, comuni != NULL && comuni->len > 0 ? comuni->str : NULL);
  if (slot->has_radius)
    sqlite3_bind_int64 (stmt, 8, slot->radius_m);
  return _dis_db_step_done (db, stmt, error);
}

gboolean
_dis_store_orders_apply_schedule (DisDb                        *db,
                                  const DisCodecPointSchedule  *schedule,
                                  GError                      **error)
{
  gboolean mine;

  if (!is_this_point (db, schedule->point, &mine, error))
    return FALSE;
  if (!mine)
    return TRUE;
  /* Replaced whole: what the hub no longer lists is gone. */
  if (!_dis_db_exec (db, "DELETE FROM pickup_windows", error) ||
      !_dis_db_exec (db, "DELETE FROM delivery_slots", error))
    return FALSE;
  for (guint i = 0; i < schedule->windows->len; i++)
    if (!write_window (db, &g_array_index (schedule->windows, DisCodecPickupWindow, i), error))
      return FALSE;
  for (guint i = 0; i < schedule->slots->len; i++)
    if (!write_slot (db, &g_array_index (schedule->slots, DisCodecDeliverySlot, i), error))
      return FALSE;
  return TRUE;
}

/* ---- The hub's word on an order ------------------------------------------- */

/* The local states in the order an order goes through them: the hub's
 * word never moves an order back. */
static int
rank_of (DisOrderState state)
{
  switch (state)
    {
    case DIS_ORDER_WAITING:
    case DIS_ORDER_REFUSED:
      return 0;
    case DIS_ORDER_ACCEPTED:
      return 1;
    case DIS_ORDER_READY:
      return 2;
    case DIS_ORDER_OUT_FOR_DELIVERY:
      return 3;
    case DIS_ORDER_HANDED_OVER:
    case DIS_ORDER_DELIVERED:
      return 4;
    case DIS_ORDER_CANCELLED:
    default:
      return 5;
    }
}

static const DisOrderState local_states[DIS_CODEC_N_ORDER_STATES] = {
  [DIS_CODEC_ORDER_STATE_ACCEPTED] = DIS_ORDER_ACCEPTED,
  [DIS_CODEC_ORDER_STATE_REFUSED] = DIS_ORDER_REFUSED,
  [DIS_CODEC_ORDER_STATE_READY] = DIS_ORDER_READY,
  [DIS_CODEC_ORDER_STATE_HANDED_OVER] = DIS_ORDER_HANDED_OVER,
  [DIS_CODEC_ORDER_STATE_OUT_FOR_DELIVERY] = DIS_ORDER_OUT_FOR_DELIVERY,
  [DIS_CODEC_ORDER_STATE_DELIVERED] = DIS_ORDER_DELIVERED,
  [DIS_CODEC_ORDER_STATE_CANCELLED] = DIS_ORDER_CANCELLED,
};

/* A refused edit: the order goes back to the revision the hub holds,
 * from what this point sent as that revision. */
static gboolean
restore_revision (DisDb       *db,
                  const char  *order_id,
                  gint64       revision,
                  gboolean    *out_restored,
                  GError     **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(DisStmt) update = NULL;
  g_autoptr(DisStmt) line = NULL;
  g_autoptr(DisStmt) prices = NULL;
  g_autoptr(DisStmt) drop = NULL;
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(DisCodecOrderPlaced) placed = { 0 };
  gboolean has_row = FALSE;

  *out_restored = FALSE;
  stmt = _dis_db_prepare (db, "SELECT payload FROM order_revisions WHERE order_id = ?1 AND revision = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, revision);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  /* Written by this point with the codec: a failure is the database's. */
  if (!has_row ||
      (node = dis_codec_parse ((const char *) sqlite3_column_text (stmt, 0), -1, NULL)) == NULL ||
      !dis_codec_order_placed_decode (json_node_get_object (node), &placed, NULL))
    return TRUE;

  update = _dis_db_prepare (db,
                            "UPDATE orders SET tier = ?2, fulfilment = ?3, window_code = ?4, slot_code = ?5,"
                            " address = ?6, comune = ?7, lat_e6 = ?8, lon_e6 = ?9, note = ?10 WHERE id = ?1",
                            error);
  if (update == NULL)
    return FALSE;
  _dis_bind_text (update, 1, order_id);
  _dis_bind_text (update, 2, dis_tier_to_code (placed.tier));
  _dis_bind_text (update, 3, placed.fulfilment == DIS_CODEC_FULFILMENT_DELIVERY ? "delivery" : "pickup");
  _dis_bind_text (update, 4, placed.window);
  _dis_bind_text (update, 5, placed.slot);
  _dis_bind_text (update, 6, placed.address);
  _dis_bind_text (update, 7, placed.comune);
  if (placed.has_position)
    {
      /* Coordinates, not money: decimal degrees to microdegrees. */
      sqlite3_bind_int64 (update, 8, (gint64) llround (placed.lat * 1e6));
      sqlite3_bind_int64 (update, 9, (gint64) llround (placed.lon * 1e6));
    }
  _dis_bind_text (update, 10, placed.note);
  if (!_dis_db_step_done (db, update, error))
    return FALSE;

  /* Its lines. A product both revisions have keeps its price; one only
   * the old revision had is priced at 0 here until the next edit prices
   * it (the till prices the hand-over afresh anyway). */
  prices = _dis_db_prepare (db, "SELECT product_code, unit_price FROM order_lines WHERE order_id = ?1", error);
  if (prices == NULL)
    return FALSE;
  _dis_bind_text (prices, 1, order_id);
  kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (;;)
    {
      gint64 price;

      if (!_dis_db_step_row (db, prices, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      price = sqlite3_column_int64 (prices, 1);
      g_hash_table_insert (kept, _dis_column_dup (prices, 0), g_memdup2 (&price, sizeof price));
    }
  drop = _dis_db_prepare (db, "DELETE FROM order_lines WHERE order_id = ?1", error);
  line = _dis_db_prepare (db,
                          "INSERT INTO order_lines (order_id, line_no, product_code, ordered, unit_price)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)",
                          error);
  if (drop == NULL || line == NULL)
    return FALSE;
  _dis_bind_text (drop, 1, order_id);
  if (!_dis_db_step_done (db, drop, error))
    return FALSE;
  for (guint i = 0; i < placed.lines->len; i++)
    {
      const DisCodecOrderLine *wire = &g_array_index (placed.lines, DisCodecOrderLine, i);
      const gint64 *price = g_hash_table_lookup (kept, wire->product_code);

      sqlite3_reset (line);
      _dis_bind_text (line, 1, order_id);
      sqlite3_bind_int64 (line, 2, wire->line_no);
      _dis_bind_text (line, 3, wire->product_code);
      sqlite3_bind_int64 (line, 4, wire->quantity);
      sqlite3_bind_int64 (line, 5, price != NULL ? *price : 0);
      if (!_dis_db_step_done (db, line, error))
        return FALSE;
    }
  *out_restored = TRUE;
  return TRUE;
}

/* What the hub allotted of each line (after a shortage): NULL where all. */
static gboolean
write_allotted (DisDb                *db,
                const DisCodecOrder  *verdict,
                GError              **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db,
                          "UPDATE order_lines SET allotted = CASE WHEN ?3 < ordered THEN ?3 END"
                          " WHERE order_id = ?1 AND product_code = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < verdict->lines->len; i++)
    {
      const DisCodecOrderVerdictLine *line = &g_array_index (verdict->lines, DisCodecOrderVerdictLine, i);

      sqlite3_reset (stmt);
      _dis_bind_text (stmt, 1, verdict->id);
      _dis_bind_text (stmt, 2, line->product);
      sqlite3_bind_int64 (stmt, 3, line->allotted);
      if (!_dis_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_dis_store_orders_apply_verdict (DisDb                *db,
                                 const DisCodecOrder  *verdict,
                                 GError              **error)
{
  g_autoptr(DisStmt) read = NULL;
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *now = _dis_store_orders_now ();
  gboolean mine, has_row = FALSE, restored = FALSE;
  DisOrderState local, state;
  gint64 revision;

  if (!is_this_point (db, verdict->point, &mine, error))
    return FALSE;
  if (!mine)
    return TRUE;
  read = _dis_db_prepare (db, "SELECT state, revision FROM orders WHERE id = ?1", error);
  if (read == NULL)
    return FALSE;
  _dis_bind_text (read, 1, verdict->id);
  if (!_dis_db_step_row (db, read, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      /* Taken on another till of this point: that till shows it. */
      g_debug ("Skipping the verdict on order %s, not taken at this till", verdict->id);
      return TRUE;
    }
  if (!dis_order_state_from_code ((const char *) sqlite3_column_text (read, 0), &local))
    g_assert_not_reached ();
  revision = sqlite3_column_int64 (read, 1);
  state = local_states[verdict->state];

  /* A verdict on a revision this till has replaced since says only what
   * the hub holds; the newer one waits for its own. */
  if (verdict->revision < revision && (state == DIS_ORDER_ACCEPTED || state == DIS_ORDER_REFUSED))
    state = local;
  else if (state == DIS_ORDER_REFUSED && verdict->has_accepted_revision)
    {
      /* The hub keeps the last accepted revision: so does this till. */
      if (!restore_revision (db, verdict->id, verdict->accepted_revision, &restored, error))
        return FALSE;
      state = restored ? DIS_ORDER_ACCEPTED : DIS_ORDER_REFUSED;
    }
  else if (rank_of (state) < rank_of (local) && local != DIS_ORDER_REFUSED)
    state = local;   /* this till is ahead: its own event is on its way */

  stmt = _dis_db_prepare (db,
                          "UPDATE orders SET state = ?2,"
                          " accepted_revision = nullif (max (coalesce (accepted_revision, 0), coalesce (?3, 0)), 0),"
                          " reason_code = CASE WHEN ?6 THEN ?4 ELSE reason_code END,"
                          " reason_message = CASE WHEN ?6 THEN ?5 ELSE reason_message END,"
                          " updated_at = ?7 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, verdict->id);
  _dis_bind_text (stmt, 2, dis_order_state_to_code (state));
  if (verdict->has_accepted_revision)
    sqlite3_bind_int64 (stmt, 3, verdict->accepted_revision);
  _dis_bind_text (stmt, 4, verdict->has_reason ? verdict->reason_code : NULL);
  _dis_bind_text (stmt, 5, verdict->has_reason ? verdict->reason_message : NULL);
  /* The reason is about this revision: a stale verdict leaves it. */
  sqlite3_bind_int (stmt, 6, verdict->revision >= revision || restored);
  _dis_bind_text (stmt, 7, now);
  if (!_dis_db_step_done (db, stmt, error))
    return FALSE;
  /* The lines are the accepted revision's: they tell the allotment only
   * while no edit of this till waits for the hub's word. */
  if (verdict->has_accepted_revision && state != DIS_ORDER_WAITING && state != DIS_ORDER_REFUSED)
    return write_allotted (db, verdict, error);
  return TRUE;
}
