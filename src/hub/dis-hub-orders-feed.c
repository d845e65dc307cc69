/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-orders"

#include "config.h"

#include "dis-hub-orders.h"

/* What the feed tells the points of orders (README-api.md "Orders"):
 * each change is built from the rows as they are now, in the transaction
 * that changed them, so the feed's last word on a key is the truth. */

static gboolean
append (DisHubDb    *db,
        const char  *kind,
        const char  *key,
        JsonNode    *data,
        GError     **error)
{
  g_autoptr(JsonNode) owned = data;

  if (owned == NULL)
    return FALSE;
  return dis_hub_db_append_change (db, kind, "upsert", key, owned, error);
}

/* ---- order ------------------------------------------------------------------ */

static gboolean
read_lines (DisHubDb    *db,
            const char  *id,
            GArray      *lines,
            GPtrArray   *texts,
            GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT line_no, product_code, ordered, allotted FROM hub_order_lines"
                                    " WHERE order_id = ?1 ORDER BY line_no",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    {
      DisCodecOrderVerdictLine line = {
        dis_hub_stmt_column_int64 (stmt, 0), dis_hub_column_dup (stmt, 1),
        dis_hub_stmt_column_int64 (stmt, 2), dis_hub_stmt_column_int64 (stmt, 3),
      };

      g_ptr_array_add (texts, (gpointer) line.product);
      g_array_append_val (lines, line);
    }
  return ok;
}

gboolean
dis_hub_orders_publish (DisHubDb            *db,
                        const char          *id,
                        DisCodecOrderState   state,
                        const char          *reason_code,
                        const char          *reason_message,
                        GError             **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_auto(DisCodecOrder) order = { NULL, };
  gboolean has_row;

  g_return_val_if_fail (db != NULL && id != NULL, FALSE);
  g_return_val_if_fail ((guint) state <= DIS_HUB_ORDER_OWN_STATE, FALSE);
  g_return_val_if_fail ((reason_code == NULL) == (reason_message == NULL), FALSE);

  stmt = dis_hub_db_prepare_cached (db, "SELECT point_code, revision, state, accepted_revision FROM hub_orders WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no order %s", id);
      return FALSE;
    }
  order.id = id;
  g_ptr_array_add (texts, dis_hub_column_dup (stmt, 0));
  order.point = texts->pdata[0];
  order.revision = dis_hub_stmt_column_int64 (stmt, 1);
  order.state = state;
  if (state == DIS_HUB_ORDER_OWN_STATE &&
      !dis_codec_order_state_from_string (dis_hub_stmt_column_text (stmt, 2), &order.state))
    order.state = DIS_CODEC_ORDER_STATE_REFUSED;
  order.has_accepted_revision = !dis_hub_stmt_column_is_null (stmt, 3);
  order.accepted_revision = dis_hub_stmt_column_int64 (stmt, 3);
  order.has_reason = reason_code != NULL;
  order.reason_code = reason_code;
  order.reason_message = reason_message;
  g_clear_pointer (&stmt, dis_hub_stmt_release);

  order.lines = g_array_new (FALSE, TRUE, sizeof (DisCodecOrderVerdictLine));
  if (!read_lines (db, id, order.lines, texts, error))
    return FALSE;
  return append (db, "order", id, dis_codec_order_to_node (&order, error), error);
}

/* ---- order_cycle and cycle_product ------------------------------------------- */

gboolean
dis_hub_orders_publish_cycle (DisHubDb  *db,
                              gint64     id,
                              GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  DisCodecOrderCycle cycle = { id, NULL, NULL, NULL, DIS_CODEC_CYCLE_OPEN };
  gboolean has_row;

  g_return_val_if_fail (db != NULL, FALSE);

  stmt = dis_hub_db_prepare_cached (db, "SELECT name, opens, closes, state FROM hub_cycles WHERE id = ?1", error);
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
  cycle.name = dis_hub_stmt_column_text (stmt, 0);
  cycle.opens = dis_hub_stmt_column_text (stmt, 1);
  cycle.closes = dis_hub_stmt_column_text (stmt, 2);
  cycle.state = g_str_equal (dis_hub_stmt_column_text (stmt, 3), "closed") ? DIS_CODEC_CYCLE_CLOSED
                                                                             : DIS_CODEC_CYCLE_OPEN;
  return append (db, "order_cycle", key, dis_codec_order_cycle_to_node (&cycle, error), error);
}

gboolean
dis_hub_orders_publish_product (DisHubDb    *db,
                                gint64       cycle,
                                const char  *product,
                                GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", cycle, product);
  DisCodecCycleProduct data = { cycle, product, FALSE, 0, FALSE, 0 };
  gboolean has_row;

  g_return_val_if_fail (db != NULL && product != NULL, FALSE);

  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT available, reserved FROM hub_cycle_products"
                                    " WHERE cycle_id = ?1 AND product_code = ?2",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, cycle);
  dis_hub_stmt_bind_text (stmt, 2, product);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  /* Not offered by this cycle: nothing of it to tell. */
  if (!has_row)
    return TRUE;
  if (!dis_hub_stmt_column_is_null (stmt, 0))
    {
      data.has_available = data.has_remaining = TRUE;
      data.available = dis_hub_stmt_column_int64 (stmt, 0);
      data.remaining = MAX (data.available - dis_hub_stmt_column_int64 (stmt, 1), 0);
    }
  return append (db, "cycle_product", key, dis_codec_cycle_product_to_node (&data, error), error);
}

/* ---- point_schedule ------------------------------------------------------------ */

static void
slot_clear (gpointer data)
{
  DisCodecDeliverySlot *slot = data;

  g_clear_pointer (&slot->comuni, g_array_unref);
}

/* The stored list of comuni (JSON text) as the slot's array of names,
 * borrowing from @keep. */
static gboolean
read_comuni (const char            *text,
             DisCodecDeliverySlot  *slot,
             GPtrArray             *keep,
             GError               **error)
{
  JsonNode *root;
  JsonArray *array;

  if (text == NULL)
    return TRUE;
  root = dis_hub_json_parse_stored (text, -1, "hub_delivery_slots.comuni", error);
  if (root == NULL)
    return FALSE;
  g_ptr_array_add (keep, root);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return TRUE;
  array = json_node_get_array (root);
  slot->comuni = g_array_new (FALSE, FALSE, sizeof (const char *));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *name = json_array_get_string_element (array, i);

      if (name != NULL)
        g_array_append_val (slot->comuni, name);
    }
  return TRUE;
}

gboolean
dis_hub_orders_publish_schedule (DisHubDb    *db,
                                 const char  *point,
                                 GError     **error)
{
  g_autoptr(DisHubStmt) windows = NULL;
  g_autoptr(DisHubStmt) slots = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  DisCodecPointSchedule schedule = { point, NULL, NULL };
  g_autoptr(GArray) window_array = g_array_new (FALSE, TRUE, sizeof (DisCodecPickupWindow));
  g_autoptr(GArray) slot_array = g_array_new (FALSE, TRUE, sizeof (DisCodecDeliverySlot));
  gboolean has_row, ok;

  g_return_val_if_fail (db != NULL && point != NULL, FALSE);

  g_array_set_clear_func (slot_array, slot_clear);
  windows = dis_hub_db_prepare (db,
                                "SELECT code, starts, ends FROM hub_pickup_windows WHERE point_code = ?1"
                                " ORDER BY starts_utc, code",
                                error);
  if (windows == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (windows, 1, point);
  while ((ok = dis_hub_db_step (db, windows, &has_row, error)) && has_row)
    {
      DisCodecPickupWindow window = {
        dis_hub_column_dup (windows, 0), dis_hub_column_dup (windows, 1), dis_hub_column_dup (windows, 2),
      };

      g_ptr_array_add (texts, (gpointer) window.code);
      g_ptr_array_add (texts, (gpointer) window.starts);
      g_ptr_array_add (texts, (gpointer) window.ends);
      g_array_append_val (window_array, window);
    }
  if (!ok)
    return FALSE;

  slots = dis_hub_db_prepare (db,
                              "SELECT code, starts, ends, cutoff, capacity, booked, comuni, radius_m"
                              " FROM hub_delivery_slots WHERE point_code = ?1 ORDER BY starts_utc, code",
                              error);
  if (slots == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (slots, 1, point);
  while ((ok = dis_hub_db_step (db, slots, &has_row, error)) && has_row)
    {
      DisCodecDeliverySlot slot = {
        dis_hub_column_dup (slots, 0), dis_hub_column_dup (slots, 1), dis_hub_column_dup (slots, 2),
        dis_hub_column_dup (slots, 3), dis_hub_stmt_column_int64 (slots, 4), dis_hub_stmt_column_int64 (slots, 5),
        NULL, !dis_hub_stmt_column_is_null (slots, 7), dis_hub_stmt_column_int64 (slots, 7),
      };

      g_ptr_array_add (texts, (gpointer) slot.code);
      g_ptr_array_add (texts, (gpointer) slot.starts);
      g_ptr_array_add (texts, (gpointer) slot.ends);
      g_ptr_array_add (texts, (gpointer) slot.cutoff);
      g_array_append_val (slot_array, slot);
      if (!read_comuni (dis_hub_stmt_column_text (slots, 6),
                        &g_array_index (slot_array, DisCodecDeliverySlot, slot_array->len - 1), keep, error))
        return FALSE;
    }
  if (!ok)
    return FALSE;

  schedule.windows = window_array;
  schedule.slots = slot_array;
  return append (db, "point_schedule", point, dis_codec_point_schedule_to_node (&schedule, error), error);
}
