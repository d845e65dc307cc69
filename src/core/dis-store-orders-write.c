/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-store-orders"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "dis-id.h"
#include "dis-error.h"
#include "dis-member.h"
#include "dis-money.h"
#include "dis-store-orders-private.h"

/* Saving, cancelling and moving member orders on, each with its outbox
 * event in the same transaction; and the hand-over inside a sale's
 * commit. */

/* ---- What every change needs --------------------------------------------- */

static DisIdentity *
begin_change (DisDb        *db,
              DisOperator  *acting,
              GError      **error)
{
  DisIdentity *identity;

  if (!_dis_store_check_acting (db, acting, DIS_PERMISSION_ORDERS, error))
    return NULL;
  identity = _dis_store_read_identity (db, error);
  if (identity == NULL && (error == NULL || *error == NULL))
    g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This till has no point identity yet"));
  return identity;
}

static gboolean
insert_event (DisDb        *db,
              DisIdentity  *identity,
              DisCodecEventType type,
              JsonNode     *node,
              const char   *at,
              GError      **error)
{
  g_autofree char *text = NULL;

  if (node == NULL)
    return FALSE;
  text = dis_codec_to_text (node, NULL);
  return _dis_store_insert_outbox (db, identity->device_id, dis_codec_event_type_to_string (type),
                                   at, text, error);
}

static gboolean
exec_order (DisDb       *db,
            const char  *sql,
            const char  *order_id,
            const char  *text,
            gint64       number,
            GError     **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, sql, error);

  int n;

  if (stmt == NULL)
    return FALSE;
  /* @sql takes ?1, and ?2 and ?3 when it uses them. */
  n = sqlite3_bind_parameter_count (stmt);
  _dis_bind_text (stmt, 1, order_id);
  if (n >= 2)
    _dis_bind_text (stmt, 2, text);
  if (n >= 3)
    sqlite3_bind_int64 (stmt, 3, number);
  return _dis_db_step_done (db, stmt, error);
}

/* ---- Checking a draft ---------------------------------------------------------- */

/* @missing: the message when @text is empty, NULL when it may be;
 * @too_long: the message when it is past DIS_ORDER_TEXT_MAX characters. */
static gboolean
check_text (const char  *text,
            const char  *missing,
            const char  *too_long,
            GError     **error)
{
  if (text == NULL || *text == '\0')
    {
      if (missing != NULL)
        g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, missing);
      return missing == NULL;
    }
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > DIS_ORDER_TEXT_MAX)
    {
      /* Translators: "The note is too long (at most 200 characters)" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("%s (at most %d characters)"),
                   too_long, DIS_ORDER_TEXT_MAX);
      return FALSE;
    }
  return TRUE;
}

/* The member is known here and may buy at the tier. */
static char *
check_member (DisDb        *db,
              const char   *card,
              DisTier       tier,
              GError      **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean has_row = FALSE;
  g_autofree char *name = NULL;

  stmt = _dis_db_prepare (db, "SELECT display_name FROM members WHERE card_code = ?1", error);
  if (stmt == NULL)
    return NULL;
  _dis_bind_text (stmt, 1, card);
  if (!_dis_db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("No member has the card %s"), card);
      return NULL;
    }
  name = _dis_column_dup (stmt, 0);
  if (!_dis_store_check_member_tier (db, card, tier, error))
    return NULL;
  return g_steal_pointer (&name);
}

/* The window or slot is this point's and still takes the order. @kept:
 * the edited order is in this slot already (its place is booked). */
static gboolean
check_place (DisDb                *db,
             const DisOrderDraft  *draft,
             gboolean              kept,
             GDateTime            *now,
             GError              **error)
{
  g_autoptr(DisOrderSchedule) schedule = _dis_store_orders_read_schedule (db, error);
  const char *code = dis_order_draft_get_place_code (draft);
  DisDeliverySlot *slot;

  if (schedule == NULL)
    return FALSE;
  if (dis_order_draft_get_fulfilment (draft) == DIS_FULFILMENT_PICKUP)
    {
      if (code == NULL || dis_order_schedule_find_window (schedule, code) == NULL)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Choose a pickup window of this point"));
          return FALSE;
        }
      return TRUE;
    }
  if (!dis_order_schedule_get_home_delivery (schedule))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This point does not deliver"));
      return FALSE;
    }
  if (code == NULL || (slot = dis_order_schedule_find_slot (schedule, code)) == NULL)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Choose a delivery slot of this point"));
      return FALSE;
    }
  if (g_date_time_compare (now, dis_delivery_slot_get_cutoff (slot)) >= 0)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID,
                           _("Orders for this delivery slot are closed"));
      return FALSE;
    }
  if (!kept && dis_delivery_slot_get_booked (slot) >= dis_delivery_slot_get_capacity (slot))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This delivery slot is full"));
      return FALSE;
    }
  return check_text (dis_order_draft_get_address (draft), _("The delivery address is missing"),
                     _("The delivery address is too long"), error) &&
         check_text (dis_order_draft_get_comune (draft), _("The comune of the delivery is missing"),
                     _("The comune of the delivery is too long"), error);
}

/* Each line a product on offer, within what remains (plus what the hub
 * holds for this order already). */
static gboolean
check_lines (const DisOrderDraft  *draft,
             DisCycle             *cycle,
             DisOrder             *previous,
             GError              **error)
{
  guint n = dis_order_draft_get_n_lines (draft);

  if (n == 0 || n > DIS_ORDER_LINES_MAX)
    {
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                   _("An order has 1 to %d products"), DIS_ORDER_LINES_MAX);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      gint64 qty, remaining, held = 0;
      const char *code = dis_order_draft_get_line (draft, i, &qty);
      DisCycleProduct *product = dis_cycle_find_product (cycle, code);

      if (product == NULL)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("The product %s is not on offer in this cycle"), code);
          return FALSE;
        }
      if (qty > DIS_ORDER_QTY_MAX)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Too much of “%s”"),
                       dis_cycle_product_get_name (product));
          return FALSE;
        }
      if (previous != NULL && dis_order_get_accepted_revision (previous) > 0)
        for (guint j = 0; j < dis_order_get_n_lines (previous); j++)
          {
            g_autoptr(DisOrderLine) line = g_list_model_get_item (dis_order_get_lines (previous), j);

            if (g_str_equal (dis_order_line_get_product_code (line), code))
              held = dis_order_line_get_ordered (line);
          }
      remaining = dis_cycle_product_get_remaining (product);
      if (remaining >= 0 && qty > remaining + held)
        {
          g_autofree char *left = dis_qty_format (remaining + held, dis_unit_to_code (dis_cycle_product_get_unit (product)));

          /* Translators: "Only 3 kg of “Apples” are left" */
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Only %s of “%s” are left"),
                       left, dis_cycle_product_get_name (product));
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- Saving ----------------------------------------------------------------------- */

/* The next number of this till. Its database holds only the orders it
 * took (another till's never come down the feed), whatever device code
 * it had then: numbers never repeat here, and the till on the label
 * tells them apart from another till's. */
static gboolean
next_number (DisDb   *db,
             gint64  *out_number,
             GError **error)
{
  g_autoptr(DisStmt) stmt = _dis_db_prepare (db, "SELECT coalesce (max (number), 0) + 1 FROM orders", error);
  gboolean has_row;

  if (stmt == NULL || !_dis_db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *out_number = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
write_order_row (DisDb                *db,
                 const DisOrderDraft  *draft,
                 const char           *id,
                 gint64                number,
                 const char           *till,
                 gint64                revision,
                 gint64                total,
                 DisOperator          *acting,
                 const char           *at,
                 gboolean              is_new,
                 GError              **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  gboolean delivery = dis_order_draft_get_fulfilment (draft) == DIS_FULFILMENT_DELIVERY;
  gint64 lat = 0, lon = 0;
  gboolean has_location = dis_order_draft_get_location (draft, &lat, &lon);

  stmt = _dis_db_prepare (db,
                          is_new
                          ? "INSERT INTO orders (id, number, cycle_id, member_card, tier, fulfilment,"
                            " window_code, slot_code, address, comune, lat_e6, lon_e6, note, state,"
                            " revision, total_at_order, created_at, created_by, operator_name, updated_at, till)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'waiting',"
                            " ?14, ?15, ?16, ?17, ?18, ?16, ?19)"
                          : "UPDATE orders SET tier = ?5, fulfilment = ?6, window_code = ?7,"
                            " slot_code = ?8, address = ?9, comune = ?10, lat_e6 = ?11, lon_e6 = ?12,"
                            " note = ?13, state = 'waiting', revision = ?14, total_at_order = ?15,"
                            " reason_code = NULL, reason_message = NULL, updated_at = ?16"
                            " WHERE id = ?1 AND number = ?2 AND cycle_id = ?3 AND member_card = ?4",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_bind_int64 (stmt, 3, dis_order_draft_get_cycle_id (draft));
  _dis_bind_text (stmt, 4, dis_order_draft_get_member_card (draft));
  _dis_bind_text (stmt, 5, dis_tier_to_code (dis_order_draft_get_tier (draft)));
  _dis_bind_text (stmt, 6, dis_fulfilment_to_code (dis_order_draft_get_fulfilment (draft)));
  _dis_bind_text (stmt, delivery ? 8 : 7, dis_order_draft_get_place_code (draft));
  _dis_bind_text (stmt, 9, dis_order_draft_get_address (draft));
  _dis_bind_text (stmt, 10, dis_order_draft_get_comune (draft));
  if (has_location)
    {
      sqlite3_bind_int64 (stmt, 11, lat);
      sqlite3_bind_int64 (stmt, 12, lon);
    }
  _dis_bind_text (stmt, 13, dis_order_draft_get_note (draft));
  sqlite3_bind_int64 (stmt, 14, revision);
  sqlite3_bind_int64 (stmt, 15, total);
  _dis_bind_text (stmt, 16, at);
  if (is_new)
    {
      sqlite3_bind_int64 (stmt, 17, dis_operator_get_id (acting));
      _dis_bind_text (stmt, 18, dis_operator_get_name (acting));
      _dis_bind_text (stmt, 19, till);
    }
  return _dis_db_step_done (db, stmt, error);
}

/* The lines numbered 1 … in the draft's order, priced at its tier. */
static gboolean
write_lines (DisDb                *db,
             const DisOrderDraft  *draft,
             DisCycle             *cycle,
             const char           *id,
             gint64               *out_total,
             GError              **error)
{
  g_autoptr(DisStmt) stmt = NULL;

  if (!exec_order (db, "DELETE FROM order_lines WHERE order_id = ?1",
                   id, NULL, 0, error))
    return FALSE;
  stmt = _dis_db_prepare (db,
                          "INSERT INTO order_lines (order_id, line_no, product_code, ordered, unit_price)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)",
                          error);
  if (stmt == NULL)
    return FALSE;
  *out_total = 0;
  for (guint i = 0; i < dis_order_draft_get_n_lines (draft); i++)
    {
      gint64 qty;
      const char *code = dis_order_draft_get_line (draft, i, &qty);
      gint64 price = dis_cycle_product_get_price (dis_cycle_find_product (cycle, code),
                                                  dis_order_draft_get_tier (draft));

      sqlite3_reset (stmt);
      _dis_bind_text (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, i + 1);
      _dis_bind_text (stmt, 3, code);
      sqlite3_bind_int64 (stmt, 4, qty);
      sqlite3_bind_int64 (stmt, 5, price);
      if (!_dis_db_step_done (db, stmt, error))
        return FALSE;
      *out_total += dis_line_total (price, qty);
    }
  return TRUE;
}

/* The "order.placed" payload of the order as it is now; kept as the
 * revision's text too. */
static char *
placed_payload (DisOrder     *order,
                DisIdentity  *identity,
                GError      **error)
{
  g_auto(DisCodecOrderPlaced) placed = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *created_at = _dis_store_orders_format_time (dis_order_get_created_at (order));
  gint64 lat = 0, lon = 0;

  placed.id = dis_order_get_id (order);
  placed.point = identity->point_code;
  placed.device = identity->device_id;
  placed.revision = dis_order_get_revision (order);
  placed.number = dis_order_get_number (order);
  placed.till = dis_order_get_till (order);
  placed.cycle = dis_order_get_cycle_id (order);
  placed.member_card = dis_order_get_member_card (order);
  placed.tier = dis_order_get_tier (order);
  placed.fulfilment = dis_order_get_fulfilment (order) == DIS_FULFILMENT_DELIVERY
                        ? DIS_CODEC_FULFILMENT_DELIVERY : DIS_CODEC_FULFILMENT_PICKUP;
  if (placed.fulfilment == DIS_CODEC_FULFILMENT_DELIVERY)
    placed.slot = dis_order_get_place_code (order);
  else
    placed.window = dis_order_get_place_code (order);
  placed.address = dis_order_get_address (order);
  placed.comune = dis_order_get_comune (order);
  placed.has_position = dis_order_get_location (order, &lat, &lon);
  /* Coordinates, not money: microdegrees to decimal degrees. */
  placed.lat = (double) lat / 1e6;
  placed.lon = (double) lon / 1e6;
  placed.note = dis_order_get_note (order);
  placed.operator_id = dis_order_get_operator_id (order);
  placed.operator_name = dis_order_get_operator_name (order);
  placed.created_at = created_at;
  placed.lines = g_array_new (FALSE, TRUE, sizeof (DisCodecOrderLine));
  for (guint i = 0; i < dis_order_get_n_lines (order); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (dis_order_get_lines (order), i);
      DisCodecOrderLine wire = {
        .line_no = dis_order_line_get_line_no (line),
        .product_code = dis_order_line_get_product_code (line),
        .quantity = dis_order_line_get_ordered (line),
      };

      g_array_append_val (placed.lines, wire);
    }
  node = dis_codec_order_placed_to_node (&placed, error);
  return node != NULL ? dis_codec_to_text (node, NULL) : NULL;
}

static gboolean
write_placed (DisDb        *db,
              DisIdentity  *identity,
              const char   *order_id,
              const char   *at,
              GError      **error)
{
  g_autoptr(DisOrder) order = _dis_store_orders_read (db, order_id, error);
  g_autoptr(DisStmt) stmt = NULL;
  g_autofree char *payload = NULL;

  if (order == NULL || (payload = placed_payload (order, identity, error)) == NULL)
    return FALSE;
  stmt = _dis_db_prepare (db, "INSERT INTO order_revisions (order_id, revision, payload) VALUES (?1, ?3, ?2)",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, order_id);
  _dis_bind_text (stmt, 2, payload);
  sqlite3_bind_int64 (stmt, 3, dis_order_get_revision (order));
  return _dis_db_step_done (db, stmt, error) &&
         _dis_store_insert_outbox (db, identity->device_id,
                                   dis_codec_event_type_to_string (DIS_CODEC_ORDER_PLACED), at, payload, error);
}

static char *
save_in_transaction (DisDb                *db,
                     DisOperator          *acting,
                     const DisOrderDraft  *draft,
                     GError              **error)
{
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(GPtrArray) cycles = NULL;
  g_autoptr(DisOrder) previous = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = _dis_store_orders_format_time (now);
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  DisCycle *cycle;
  gint64 number, revision = 1, total = 0;
  const char *till = NULL;
  gboolean kept = FALSE;

  if ((identity = begin_change (db, acting, error)) == NULL)
    return NULL;
  if (dis_order_draft_get_order_id (draft) != NULL)
    {
      if ((previous = _dis_store_orders_read (db, dis_order_draft_get_order_id (draft), error)) == NULL)
        return NULL;
      if (!dis_order_is_editable (previous, now) ||
          dis_order_get_cycle_id (previous) != dis_order_draft_get_cycle_id (draft) ||
          g_strcmp0 (dis_order_get_member_card (previous), dis_order_draft_get_member_card (draft)) != 0)
        {
          g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This order can no longer be changed"));
          return NULL;
        }
      revision = dis_order_get_revision (previous) + 1;
      kept = dis_order_get_accepted_revision (previous) > 0 &&
             dis_order_get_fulfilment (previous) == DIS_FULFILMENT_DELIVERY &&
             g_strcmp0 (dis_order_get_place_code (previous), dis_order_draft_get_place_code (draft)) == 0;
    }
  if ((cycles = _dis_store_orders_read_cycles (db, dis_order_draft_get_cycle_id (draft), TRUE, error)) == NULL)
    return NULL;
  if (cycles->len == 0 || !dis_cycle_is_open_at ((cycle = g_ptr_array_index (cycles, 0)), now))
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This order cycle is not taking orders"));
      return NULL;
    }
  if (revision > DIS_ORDER_REVISION_MAX ||
      !check_lines (draft, cycle, previous, error) ||
      !check_text (dis_order_draft_get_note (draft), NULL, _("The note is too long"), error) ||
      (name = check_member (db, dis_order_draft_get_member_card (draft), dis_order_draft_get_tier (draft),
                            error)) == NULL ||
      !check_place (db, draft, kept, now, error))
    {
      if (revision > DIS_ORDER_REVISION_MAX)
        g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This order can no longer be changed"));
      return NULL;
    }

  if (previous != NULL)
    {
      id = g_strdup (dis_order_get_id (previous));
      number = dis_order_get_number (previous);
    }
  else
    {
      id = dis_id_new ();
      /* Numbered by this till, under the device code it has now: the
       * label keeps it even if the till is enrolled again later. */
      till = identity->device_id;
      if (!next_number (db, &number, error))
        return NULL;
    }
  /* The row first (the lines refer to it), its estimated total after them. */
  if (!write_order_row (db, draft, id, number, till, revision, 0, acting, at, previous == NULL, error) ||
      !write_lines (db, draft, cycle, id, &total, error) ||
      !exec_order (db, "UPDATE orders SET total_at_order = ?3 WHERE id = ?1",
                   id, NULL, total,
                   error) ||
      !write_placed (db, identity, id, at, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* ---- Cancelling ------------------------------------------------------------------ */

static gboolean
cancel_in_transaction (DisDb        *db,
                       DisOperator  *acting,
                       const char   *order_id,
                       const char   *reason,
                       GError      **error)
{
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = _dis_store_orders_format_time (now);
  DisCodecOrderCancelled event = { 0 };
  gint64 revision;

  if ((identity = begin_change (db, acting, error)) == NULL ||
      (order = _dis_store_orders_read (db, order_id, error)) == NULL ||
      !check_text (reason, NULL, _("The reason is too long"), error))
    return FALSE;
  if (!dis_order_is_editable (order, now) || dis_order_get_revision (order) >= DIS_ORDER_REVISION_MAX)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("This order can no longer be cancelled"));
      return FALSE;
    }
  revision = dis_order_get_revision (order) + 1;
  if (!exec_order (db,
                   "UPDATE orders SET state = 'cancelled', revision = ?3, updated_at = ?2 WHERE id = ?1",
                   order_id, at, revision, error))
    return FALSE;
  event.id = order_id;
  event.point = identity->point_code;
  event.device = identity->device_id;
  event.revision = revision;
  event.reason = reason != NULL && *reason != '\0' ? reason : NULL;
  return insert_event (db, identity, DIS_CODEC_ORDER_CANCELLED,
                       dis_codec_order_cancelled_to_node (&event, error), at, error);
}

/* ---- Moving on ----------------------------------------------------------------------- */

static const DisCodecOrderState codec_states[DIS_ORDER_N_STATES] = {
  [DIS_ORDER_WAITING] = DIS_CODEC_N_ORDER_STATES,   /* never sent */
  [DIS_ORDER_ACCEPTED] = DIS_CODEC_ORDER_STATE_ACCEPTED,
  [DIS_ORDER_REFUSED] = DIS_CODEC_ORDER_STATE_REFUSED,
  [DIS_ORDER_READY] = DIS_CODEC_ORDER_STATE_READY,
  [DIS_ORDER_HANDED_OVER] = DIS_CODEC_ORDER_STATE_HANDED_OVER,
  [DIS_ORDER_OUT_FOR_DELIVERY] = DIS_CODEC_ORDER_STATE_OUT_FOR_DELIVERY,
  [DIS_ORDER_DELIVERED] = DIS_CODEC_ORDER_STATE_DELIVERED,
  [DIS_ORDER_CANCELLED] = DIS_CODEC_ORDER_STATE_CANCELLED,
};

/* @order_id's state becomes @state (sale_id set when @sale_id is), and
 * its "order.state" event carries @weighed (DisCodecOrderWeight, may be
 * NULL) and @sale_id. */
static gboolean
write_state (DisDb          *db,
             DisIdentity    *identity,
             const char     *order_id,
             DisOrderState   state,
             GArray         *weighed,
             const char     *sale_id,
             const char     *at,
             GError        **error)
{
  g_autoptr(DisStmt) stmt = NULL;
  g_autoptr(GArray) none = NULL;
  DisCodecOrderStateEvent event = { 0 };

  stmt = _dis_db_prepare (db,
                          "UPDATE orders SET state = ?2, sale_id = coalesce (?3, sale_id), updated_at = ?4"
                          " WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  _dis_bind_text (stmt, 1, order_id);
  _dis_bind_text (stmt, 2, dis_order_state_to_code (state));
  _dis_bind_text (stmt, 3, sale_id);
  _dis_bind_text (stmt, 4, at);
  if (!_dis_db_step_done (db, stmt, error))
    return FALSE;
  if (weighed == NULL)
    weighed = none = g_array_new (FALSE, TRUE, sizeof (DisCodecOrderWeight));
  event.id = order_id;
  event.point = identity->point_code;
  event.device = identity->device_id;
  event.state = codec_states[state];
  event.weighed = weighed;
  event.sale_id = sale_id;
  event.at = at;
  return insert_event (db, identity, DIS_CODEC_ORDER_STATE,
                       dis_codec_order_state_event_to_node (&event, error), at, error);
}

/* Records each weight on its line: only lines of weighed products, each
 * once. Returns the weights as the wire carries them. */
static GArray *
write_weights (DisDb     *db,
               DisOrder  *order,
               GArray    *weighed,
               GError   **error)
{
  g_autoptr(GArray) wire = g_array_new (FALSE, TRUE, sizeof (DisCodecOrderWeight));
  g_autoptr(DisStmt) stmt = NULL;

  stmt = _dis_db_prepare (db, "UPDATE order_lines SET weighed = ?3 WHERE order_id = ?1 AND line_no = ?2", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; weighed != NULL && i < weighed->len; i++)
    {
      const DisOrderWeight *weight = &g_array_index (weighed, DisOrderWeight, i);
      DisOrderLine *line = dis_order_find_line (order, weight->line_no);
      DisCodecOrderWeight out = { weight->line_no, weight->qty };

      if (line == NULL || !dis_unit_is_measured (dis_order_line_get_unit (line)) ||
          weight->qty <= 0 || weight->qty > DIS_ORDER_QTY_MAX)
        {
          g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                       _("Line %u of this order cannot take that weight"), weight->line_no);
          return NULL;
        }
      for (guint j = 0; j < wire->len; j++)
        if (g_array_index (wire, DisCodecOrderWeight, j).line_no == weight->line_no)
          {
            g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID,
                         _("Line %u of this order is weighed twice"), weight->line_no);
            return NULL;
          }
      sqlite3_reset (stmt);
      _dis_bind_text (stmt, 1, dis_order_get_id (order));
      sqlite3_bind_int64 (stmt, 2, weight->line_no);
      sqlite3_bind_int64 (stmt, 3, weight->qty);
      if (!_dis_db_step_done (db, stmt, error))
        return NULL;
      g_array_append_val (wire, out);
    }
  return g_steal_pointer (&wire);
}

static gboolean
set_state_in_transaction (DisDb          *db,
                          DisOperator    *acting,
                          const char     *order_id,
                          DisOrderState   state,
                          GArray         *weighed,
                          GError        **error)
{
  g_autoptr(DisIdentity) identity = NULL;
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(GArray) wire = NULL;
  g_autofree char *at = _dis_store_orders_now ();
  DisOrderState from;

  if ((identity = begin_change (db, acting, error)) == NULL ||
      (order = _dis_store_orders_read (db, order_id, error)) == NULL)
    return FALSE;
  from = dis_order_get_state (order);
  if (state == DIS_ORDER_HANDED_OVER ||
      !dis_order_state_can_move (from, state, dis_order_get_fulfilment (order) == DIS_FULFILMENT_DELIVERY))
    {
      /* Translators: "An order “Confirmed” cannot become “Delivered”" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("An order “%s” cannot become “%s”"),
                   dis_order_state_get_name (from), dis_order_state_get_name (state));
      return FALSE;
    }
  if (weighed != NULL && weighed->len > 0 && state != DIS_ORDER_READY)
    {
      g_set_error_literal (error, DIS_ERROR, DIS_ERROR_INVALID, _("Weights are taken when an order is prepared"));
      return FALSE;
    }
  if (state == DIS_ORDER_READY && (wire = write_weights (db, order, weighed, error)) == NULL)
    return FALSE;
  return write_state (db, identity, order_id, state, wire, NULL, at, error);
}

/* ---- The hand-over, inside a sale's commit ------------------------------------------- */

gboolean
_dis_store_orders_hand_over (DisDb        *db,
                             DisIdentity  *identity,
                             DisSale      *sale,
                             const char   *sale_id,
                             const char   *at,
                             char        **out_label,
                             GError      **error)
{
  g_autoptr(DisOrder) order = _dis_store_orders_read (db, sale->order_id, error);
  g_autofree char *utc_at = _dis_store_orders_normalize_time (at);
  DisOrderState state;

  if (order == NULL)
    return FALSE;
  state = dis_order_get_state (order);
  if (g_strcmp0 (sale->member_card, dis_order_get_member_card (order)) != 0)
    {
      /* Translators: %s is an order's reference, "12-C1" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Order %s is another member’s"),
                   dis_order_get_reference (order));
      return FALSE;
    }
  if (dis_order_get_paid (order) || (state != DIS_ORDER_READY && state != DIS_ORDER_DELIVERED))
    {
      /* Translators: "Order 12-C1 is “Handed over”: it cannot be paid now" */
      g_set_error (error, DIS_ERROR, DIS_ERROR_INVALID, _("Order %s is “%s”: it cannot be paid now"),
                   dis_order_get_reference (order), dis_order_state_get_name (state));
      return FALSE;
    }
  *out_label = g_strdup (dis_order_get_barcode (order));
  return write_state (db, identity, sale->order_id, state == DIS_ORDER_READY ? DIS_ORDER_HANDED_OVER : state,
                      NULL, sale_id, utc_at != NULL ? utc_at : at, error);
}

/* ---- The public changes ------------------------------------------------------------- */

/* One change in a transaction on the writer; returns the id of the
 * order it changed (newly allocated), NULL on error. */
typedef char *(*ChangeFunc) (DisDb        *db,
                             DisOperator  *acting,
                             const char   *order_id,
                             gconstpointer arg1,
                             gint64        arg2,
                             GError      **error);

static char *
save_change (DisDb *db, DisOperator *acting, const char *unused, gconstpointer draft, gint64 unused2,
             GError **error)
{
  return save_in_transaction (db, acting, draft, error);
}

static char *
cancel_change (DisDb *db, DisOperator *acting, const char *order_id, gconstpointer reason, gint64 unused,
               GError **error)
{
  return cancel_in_transaction (db, acting, order_id, reason, error) ? g_strdup (order_id) : NULL;
}

static char *
state_change (DisDb *db, DisOperator *acting, const char *order_id, gconstpointer weighed, gint64 state,
              GError **error)
{
  return set_state_in_transaction (db, acting, order_id, (DisOrderState) state, (GArray *) weighed, error)
           ? g_strdup (order_id) : NULL;
}

/* @func in a transaction; the order as it is after it. */
static DisOrder *
run_change (DisStore      *self,
            ChangeFunc     func,
            DisOperator   *acting,
            const char    *order_id,
            gconstpointer  arg1,
            gint64         arg2,
            GError       **error)
{
  g_autofree char *id = NULL;
  DisOrder *order;
  DIS_DB_LOCK (&self->writer);

  if (!_dis_db_begin (&self->writer, error))
    return NULL;
  if ((id = func (&self->writer, acting, order_id, arg1, arg2, error)) == NULL ||
      (order = _dis_store_orders_read (&self->writer, id, error)) == NULL)
    {
      _dis_db_rollback (&self->writer);
      return NULL;
    }
  if (!_dis_db_commit (&self->writer, error))
    {
      _dis_db_rollback (&self->writer);
      g_object_unref (order);
      return NULL;
    }
  _dis_store_notify_orders_changed (self);
  _dis_store_notify_outbox_changed (self);
  return order;
}

DisOrder *
dis_store_orders_save (DisStore             *self,
                       DisOperator          *acting,
                       const DisOrderDraft  *draft,
                       GError              **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);

  return run_change (self, save_change, acting, NULL, draft, 0, error);
}

DisOrder *
dis_store_orders_cancel (DisStore     *self,
                         DisOperator  *acting,
                         const char   *order_id,
                         const char   *reason,
                         GError      **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return run_change (self, cancel_change, acting, order_id, reason, 0, error);
}

DisOrder *
dis_store_orders_set_state (DisStore       *self,
                            DisOperator    *acting,
                            const char     *order_id,
                            DisOrderState   state,
                            GArray         *weighed,
                            GError        **error)
{
  g_return_val_if_fail (DIS_IS_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);
  g_return_val_if_fail (state < DIS_ORDER_N_STATES, NULL);

  return run_change (self, state_change, acting, order_id, weighed, state, error);
}
