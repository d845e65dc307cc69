/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-orders"

#include "config.h"

#include <string.h>

#include "dis-hub-checks.h"
#include "dis-hub-members.h"
#include "dis-hub-orders.h"
#include "dis-hub-orders-private.h"

/* The order events (issue 13): every order.placed is confirmed or
 * refused at once, in the push's transaction. An accepted revision holds
 * its quantities in hub_cycle_products.reserved and, for a delivery, one
 * place in hub_delivery_slots.booked; each is taken by one conditional
 * UPDATE that changes its row only while the bound holds, so two pushes
 * (or two hubs on one PostgreSQL) can never both take the last unit. An
 * edit gives back what the revision before it held and takes what it
 * needs in one savepoint: refused, all of it is undone and the order
 * stays as it was accepted. */

#define REFUSE(code, ...) dis_hub_refuse (out_code, out_message, code, __VA_ARGS__)

gboolean
dis_hub_orders_handles (DisCodecEventType type)
{
  return type == DIS_CODEC_ORDER_PLACED || type == DIS_CODEC_ORDER_CANCELLED || type == DIS_CODEC_ORDER_STATE;
}

void
dis_hub_orders_event_origin (const DisCodecEvent  *event,
                             const char          **out_point,
                             const char          **out_device)
{
  g_return_if_fail (event != NULL && dis_hub_orders_handles (event->type));

  switch (event->type)
    {
    case DIS_CODEC_ORDER_PLACED:
      *out_point = event->order_placed.point, *out_device = event->order_placed.device;
      break;
    case DIS_CODEC_ORDER_CANCELLED:
      *out_point = event->order_cancelled.point, *out_device = event->order_cancelled.device;
      break;
    case DIS_CODEC_ORDER_STATE:
    default:
      *out_point = event->order_state.point, *out_device = event->order_state.device;
      break;
    }
}

/* ---- The order as the hub holds it ---------------------------------------- */

typedef struct
{
  gboolean            exists;
  char               *point;
  DisCodecOrderState  state;
  gint64              revision;
  gboolean            has_accepted;     /* a revision was accepted once */
  gint64              cycle;
  DisCodecFulfilment  fulfilment;
  char               *slot;
  char               *till;             /* on its label; NULL: none */
  gint64              number;
} Held;

static void
held_clear (Held *held)
{
  g_clear_pointer (&held->point, g_free);
  g_clear_pointer (&held->slot, g_free);
  g_clear_pointer (&held->till, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Held, held_clear)

static gboolean
read_held (DisHubDb    *db,
           const char  *id,
           Held        *out,
           GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare_cached (db,
                                    "SELECT point_code, state, revision, accepted_revision, cycle_id, fulfilment,"
                                    " slot_code, till, number FROM hub_orders WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  if (!dis_hub_db_step (db, stmt, &out->exists, error))
    return FALSE;
  if (!out->exists)
    return TRUE;
  out->point = dis_hub_column_dup (stmt, 0);
  /* The table's CHECKs allow only the codec's words. */
  if (!dis_codec_order_state_from_string (dis_hub_stmt_column_text (stmt, 1), &out->state))
    out->state = DIS_CODEC_ORDER_STATE_REFUSED;
  out->revision = dis_hub_stmt_column_int64 (stmt, 2);
  out->has_accepted = !dis_hub_stmt_column_is_null (stmt, 3);
  out->cycle = dis_hub_stmt_column_int64 (stmt, 4);
  if (!dis_codec_fulfilment_from_string (dis_hub_stmt_column_text (stmt, 5), &out->fulfilment))
    out->fulfilment = DIS_CODEC_FULFILMENT_PICKUP;
  out->slot = dis_hub_column_dup (stmt, 6);
  out->till = dis_hub_column_dup (stmt, 7);
  out->number = dis_hub_stmt_column_int64 (stmt, 8);
  return TRUE;
}

/* Whether the order holds quantities and a place: accepted once, and
 * neither refused from the start nor cancelled since. */
static gboolean
holds_reservation (const Held *held)
{
  return held->exists && held->has_accepted && held->state != DIS_CODEC_ORDER_STATE_CANCELLED &&
         held->state != DIS_CODEC_ORDER_STATE_REFUSED;
}

/* Whether the point may still change or cancel it. */
static gboolean
is_editable (const Held *held)
{
  return !held->exists || held->state == DIS_CODEC_ORDER_STATE_ACCEPTED ||
         held->state == DIS_CODEC_ORDER_STATE_REFUSED;
}

/* The products of the accepted lines of @id, to republish what remains. */
static gboolean
held_products (DisHubDb    *db,
               const char  *id,
               GPtrArray   *out,
               GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row, ok;

  stmt = dis_hub_db_prepare_cached (db, "SELECT product_code FROM hub_order_lines WHERE order_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  while ((ok = dis_hub_db_step (db, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (out, dis_hub_column_dup (stmt, 0));
  return ok;
}

/* Gives back what @held's accepted lines and slot place hold. */
static gboolean
release (DisHubDb    *db,
         const char  *id,
         const Held  *held,
         GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare_cached (db,
                                    "UPDATE hub_cycle_products SET reserved = reserved -"
                                    " (SELECT l.ordered FROM hub_order_lines l WHERE l.order_id = ?1"
                                    "   AND l.product_code = hub_cycle_products.product_code)"
                                    " WHERE cycle_id = ?2"
                                    " AND product_code IN (SELECT product_code FROM hub_order_lines WHERE order_id = ?1)",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  dis_hub_stmt_bind_int64 (stmt, 2, held->cycle);
  if (!dis_hub_db_step_done (db, stmt, error))
    return FALSE;
  if (held->fulfilment != DIS_CODEC_FULFILMENT_DELIVERY || held->slot == NULL)
    return TRUE;
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare_cached (db,
                                    "UPDATE hub_delivery_slots SET booked = booked - 1"
                                    " WHERE point_code = ?1 AND code = ?2 AND booked > 0",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, held->point);
  dis_hub_stmt_bind_text (stmt, 2, held->slot);
  return dis_hub_db_step_done (db, stmt, error);
}

/* ---- Checks of an order.placed ------------------------------------------- */

/* A verdict: NULL code = accepted. */
typedef struct
{
  const char *code;
  char       *message;
} Verdict;

static void
verdict_clear (Verdict *verdict)
{
  g_clear_pointer (&verdict->message, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Verdict, verdict_clear)

G_GNUC_PRINTF (3, 4)
static gboolean
refused (Verdict    *verdict,
         const char *code,
         const char *format,
         ...)
{
  va_list args;

  verdict->code = code;
  g_free (verdict->message);
  va_start (args, format);
  verdict->message = g_strdup_vprintf (format, args);
  va_end (args);
  return TRUE;
}

/* Open now: opens ≤ now < closes, and not closed by hand. */
static gboolean
check_cycle (DisHubDb    *db,
             gint64       cycle,
             const char  *now_utc,
             Verdict     *verdict,
             GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare_cached (db, "SELECT state, opens_utc, closes_utc, name FROM hub_cycles WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_int64 (stmt, 1, cycle);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return refused (verdict, DIS_CODEC_ORDER_UNKNOWN_CYCLE, "The network has no order cycle %" G_GINT64_FORMAT,
                    cycle);
  if (!g_str_equal (dis_hub_stmt_column_text (stmt, 0), "open") ||
      strcmp (now_utc, dis_hub_stmt_column_text (stmt, 1)) < 0 ||
      strcmp (now_utc, dis_hub_stmt_column_text (stmt, 2)) >= 0)
    return refused (verdict, DIS_CODEC_ORDER_CYCLE_CLOSED, "The order cycle “%s” is not open",
                    dis_hub_stmt_column_text (stmt, 3));
  return TRUE;
}

static gboolean
check_member (DisHubDb                   *db,
              const DisCodecOrderPlaced  *order,
              const char                 *now,
              Verdict                    *verdict,
              GError                    **error)
{
  g_autofree char *reason = NULL;
  gboolean exists;

  if (!dis_hub_members_exists (db, order->member_card, &exists, error))
    return FALSE;
  if (!exists)
    return refused (verdict, DIS_CODEC_ORDER_UNKNOWN_MEMBER, "No member has the card %s", order->member_card);
  if (!dis_hub_checks_tier (db, order->member_card, order->tier, now, &reason, error))
    return FALSE;
  if (reason != NULL)
    return refused (verdict, DIS_CODEC_ORDER_NOT_ELIGIBLE, "Tier %s: %s", dis_tier_to_code (order->tier), reason);
  return TRUE;
}

static gboolean
check_fulfilment (DisHubDb                   *db,
                  const DisCodecOrderPlaced  *order,
                  const char                 *now_utc,
                  Verdict                    *verdict,
                  GError                    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *comuni = NULL;
  g_autofree char *why = NULL;
  gint64 radius_m;
  gboolean has_row;

  if (order->fulfilment == DIS_CODEC_FULFILMENT_PICKUP)
    {
      stmt = dis_hub_db_prepare_cached (db, "SELECT 1 FROM hub_pickup_windows WHERE point_code = ?1 AND code = ?2",
                                        error);
      if (stmt == NULL)
        return FALSE;
      dis_hub_stmt_bind_text (stmt, 1, order->point);
      dis_hub_stmt_bind_text (stmt, 2, order->window);
      if (!dis_hub_db_step (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        return refused (verdict, DIS_CODEC_ORDER_UNKNOWN_WINDOW, "Point %s has no pickup window %s",
                        order->point, order->window);
      return TRUE;
    }

  stmt = dis_hub_db_prepare_cached (db, "SELECT json_extract (data, '$.home_delivery') FROM points WHERE code = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, order->point);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row || g_strcmp0 (dis_hub_stmt_column_text (stmt, 0), "1") != 0)
    return refused (verdict, DIS_CODEC_ORDER_NO_DELIVERY, "Point %s does not deliver", order->point);
  g_clear_pointer (&stmt, dis_hub_stmt_release);

  stmt = dis_hub_db_prepare_cached (db, "SELECT cutoff_utc, comuni, radius_m FROM hub_delivery_slots"
                                        " WHERE point_code = ?1 AND code = ?2", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, order->point);
  dis_hub_stmt_bind_text (stmt, 2, order->slot);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return refused (verdict, DIS_CODEC_ORDER_UNKNOWN_SLOT, "Point %s has no delivery slot %s",
                    order->point, order->slot);
  if (strcmp (now_utc, dis_hub_stmt_column_text (stmt, 0)) >= 0)
    return refused (verdict, DIS_CODEC_ORDER_CUTOFF_PASSED, "Orders for the delivery slot %s closed at its cut-off",
                    order->slot);

  comuni = dis_hub_column_dup (stmt, 1);
  radius_m = dis_hub_stmt_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, dis_hub_stmt_release);
  if (!_dis_hub_orders_check_zone (db, order, comuni, radius_m, &why, error))
    return FALSE;
  if (why != NULL)
    return refused (verdict, DIS_CODEC_ORDER_OUTSIDE_ZONE, "%s", why);
  return TRUE;
}

static gboolean
check_products (DisHubDb                   *db,
                const DisCodecOrderPlaced  *order,
                Verdict                    *verdict,
                GError                    **error)
{
  for (guint i = 0; i < order->lines->len; i++)
    {
      const DisCodecOrderLine *line = &g_array_index (order->lines, DisCodecOrderLine, i);
      g_autoptr(DisHubStmt) stmt = NULL;
      gboolean has_row;

      stmt = dis_hub_db_prepare_cached (db, "SELECT 1 FROM hub_cycle_products WHERE cycle_id = ?1 AND product_code = ?2",
                                        error);
      if (stmt == NULL)
        return FALSE;
      dis_hub_stmt_bind_int64 (stmt, 1, order->cycle);
      dis_hub_stmt_bind_text (stmt, 2, line->product_code);
      if (!dis_hub_db_step (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        return refused (verdict, DIS_CODEC_ORDER_UNKNOWN_PRODUCT, "The order cycle does not offer %s",
                        line->product_code);
    }
  return TRUE;
}

/* Takes what @order needs, each with one conditional UPDATE: a row left
 * alone is a bound reached. On a refusal the caller rolls back. */
static gboolean
reserve (DisHubDb                   *db,
         const DisCodecOrderPlaced  *order,
         Verdict                    *verdict,
         GError                    **error)
{
  g_autoptr(DisHubStmt) slot = NULL;

  for (guint i = 0; i < order->lines->len; i++)
    {
      const DisCodecOrderLine *line = &g_array_index (order->lines, DisCodecOrderLine, i);
      g_autoptr(DisHubStmt) stmt = NULL;

      stmt = dis_hub_db_prepare_cached (db,
                                        "UPDATE hub_cycle_products SET reserved = reserved + ?1"
                                        " WHERE cycle_id = ?2 AND product_code = ?3"
                                        " AND (available IS NULL OR reserved + ?1 <= available)",
                                        error);
      if (stmt == NULL)
        return FALSE;
      dis_hub_stmt_bind_int64 (stmt, 1, line->quantity);
      dis_hub_stmt_bind_int64 (stmt, 2, order->cycle);
      dis_hub_stmt_bind_text (stmt, 3, line->product_code);
      if (!dis_hub_db_step_done (db, stmt, error))
        return FALSE;
      if (dis_hub_db_changes (db) != 1)
        return refused (verdict, DIS_CODEC_ORDER_SOLD_OUT, "Not enough %s is left in the order cycle",
                        line->product_code);
    }
  if (order->fulfilment != DIS_CODEC_FULFILMENT_DELIVERY)
    return TRUE;
  slot = dis_hub_db_prepare_cached (db,
                                    "UPDATE hub_delivery_slots SET booked = booked + 1"
                                    " WHERE point_code = ?1 AND code = ?2 AND booked < capacity",
                                    error);
  if (slot == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (slot, 1, order->point);
  dis_hub_stmt_bind_text (slot, 2, order->slot);
  if (!dis_hub_db_step_done (db, slot, error))
    return FALSE;
  if (dis_hub_db_changes (db) != 1)
    return refused (verdict, DIS_CODEC_ORDER_SLOT_FULL, "The delivery slot %s is full", order->slot);
  return TRUE;
}

/* ---- Storing -------------------------------------------------------------- */

static void
bind_position (DisHubStmt  *stmt,
               int          index,
               gboolean     has,
               double       degrees)
{
  if (has)
    dis_hub_stmt_bind_int64 (stmt, index, (gint64) (degrees >= 0 ? degrees * 1e7 + 0.5 : degrees * 1e7 - 0.5));
  else
    dis_hub_stmt_bind_null (stmt, index);
}

/* The whole row from @order: the revision now held (accepted), or the
 * first one, refused. */
static gboolean
write_order (DisHubDb                   *db,
             const char                 *event_id,
             const DisCodecOrderPlaced  *order,
             gboolean                    accepted,
             const Verdict              *verdict,
             const char                 *now,
             GError                    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *created_utc = dis_hub_utc_key (order->created_at);

  stmt = dis_hub_db_prepare_cached (db,
    "INSERT INTO hub_orders (id, point_code, device, number, cycle_id, member_card, tier, fulfilment,"
    " window_code, slot_code, address, comune, lat_e7, lon_e7, note, state, revision, accepted_revision,"
    " reason_code, reason_message, operator_id, operator_name, created_at, created_utc, updated_at, event_id,"
    " till)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
    " ?21, ?22, ?23, ?24, ?25, ?26, ?27)"
    " ON CONFLICT (id) DO UPDATE SET device = excluded.device, number = excluded.number,"
    " cycle_id = excluded.cycle_id, member_card = excluded.member_card, tier = excluded.tier,"
    " fulfilment = excluded.fulfilment, window_code = excluded.window_code, slot_code = excluded.slot_code,"
    " address = excluded.address, comune = excluded.comune, lat_e7 = excluded.lat_e7, lon_e7 = excluded.lon_e7,"
    " note = excluded.note, state = excluded.state, revision = excluded.revision,"
    " accepted_revision = excluded.accepted_revision, reason_code = excluded.reason_code,"
    " reason_message = excluded.reason_message, operator_id = excluded.operator_id,"
    " operator_name = excluded.operator_name, created_at = excluded.created_at,"
    " created_utc = excluded.created_utc, updated_at = excluded.updated_at, event_id = excluded.event_id",
    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, order->id);
  dis_hub_stmt_bind_text (stmt, 2, order->point);
  dis_hub_stmt_bind_text (stmt, 3, order->device);
  dis_hub_stmt_bind_int64 (stmt, 4, order->number);
  dis_hub_stmt_bind_int64 (stmt, 5, order->cycle);
  dis_hub_stmt_bind_text (stmt, 6, order->member_card);
  dis_hub_stmt_bind_text (stmt, 7, dis_tier_to_code (order->tier));
  dis_hub_stmt_bind_text (stmt, 8, dis_codec_fulfilment_to_string (order->fulfilment));
  dis_hub_stmt_bind_text (stmt, 9, order->window);
  dis_hub_stmt_bind_text (stmt, 10, order->slot);
  dis_hub_stmt_bind_text (stmt, 11, order->address);
  dis_hub_stmt_bind_text (stmt, 12, order->comune);
  bind_position (stmt, 13, order->has_position, order->lat);
  bind_position (stmt, 14, order->has_position, order->lon);
  dis_hub_stmt_bind_text (stmt, 15, order->note);
  dis_hub_stmt_bind_text (stmt, 16, accepted ? "accepted" : "refused");
  dis_hub_stmt_bind_int64 (stmt, 17, order->revision);
  if (accepted)
    dis_hub_stmt_bind_int64 (stmt, 18, order->revision);
  else
    dis_hub_stmt_bind_null (stmt, 18);
  dis_hub_stmt_bind_text (stmt, 19, verdict->code);
  dis_hub_stmt_bind_text (stmt, 20, verdict->message);
  dis_hub_stmt_bind_int64 (stmt, 21, order->operator_id);
  dis_hub_stmt_bind_text (stmt, 22, order->operator_name);
  dis_hub_stmt_bind_text (stmt, 23, order->created_at);
  dis_hub_stmt_bind_text (stmt, 24, created_utc);
  dis_hub_stmt_bind_text (stmt, 25, now);
  dis_hub_stmt_bind_text (stmt, 26, event_id);
  /* The label's till is set once (_dis_hub_orders_check_label ()). */
  dis_hub_stmt_bind_text (stmt, 27, order->till);
  return dis_hub_db_step_done (db, stmt, error);
}

/* The accepted lines replace the ones held before. */
static gboolean
write_lines (DisHubDb                   *db,
             const DisCodecOrderPlaced  *order,
             GError                    **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare_cached (db, "DELETE FROM hub_order_lines WHERE order_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, order->id);
  if (!dis_hub_db_step_done (db, stmt, error))
    return FALSE;
  for (guint i = 0; i < order->lines->len; i++)
    {
      const DisCodecOrderLine *line = &g_array_index (order->lines, DisCodecOrderLine, i);
      g_autoptr(DisHubStmt) insert = NULL;

      insert = dis_hub_db_prepare_cached (db,
                                          "INSERT INTO hub_order_lines (order_id, line_no, product_code, ordered,"
                                          " allotted) VALUES (?1, ?2, ?3, ?4, ?4)",
                                          error);
      if (insert == NULL)
        return FALSE;
      dis_hub_stmt_bind_text (insert, 1, order->id);
      dis_hub_stmt_bind_int64 (insert, 2, line->line_no);
      dis_hub_stmt_bind_text (insert, 3, line->product_code);
      dis_hub_stmt_bind_int64 (insert, 4, line->quantity);
      if (!dis_hub_db_step_done (db, insert, error))
        return FALSE;
    }
  return TRUE;
}

/* A refused revision of an order accepted before: only the revision
 * and the reason change. */
static gboolean
note_refusal (DisHubDb       *db,
              const char     *id,
              gint64          revision,
              const Verdict  *verdict,
              const char     *event_id,
              const char     *now,
              GError        **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;

  stmt = dis_hub_db_prepare_cached (db,
                                    "UPDATE hub_orders SET revision = ?2, reason_code = ?3, reason_message = ?4,"
                                    " updated_at = ?5, event_id = ?6 WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  dis_hub_stmt_bind_int64 (stmt, 2, revision);
  dis_hub_stmt_bind_text (stmt, 3, verdict->code);
  dis_hub_stmt_bind_text (stmt, 4, verdict->message);
  dis_hub_stmt_bind_text (stmt, 5, now);
  dis_hub_stmt_bind_text (stmt, 6, event_id);
  return dis_hub_db_step_done (db, stmt, error);
}

/* What remains of each product in @products, once each, in @cycle. */
static gboolean
publish_products (DisHubDb   *db,
                  gint64      cycle,
                  GPtrArray  *products,
                  GError    **error)
{
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < products->len; i++)
    if (g_hash_table_add (done, products->pdata[i]) &&
        !dis_hub_orders_publish_product (db, cycle, products->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* The checks, then the exchange of the old reservation for the new one,
 * in a savepoint of its own. */
static gboolean
decide (DisHubDb                   *db,
        const DisCodecOrderPlaced  *order,
        const Held                 *held,
        const char                 *now,
        Verdict                    *verdict,
        GError                    **error)
{
  g_autofree char *now_utc = dis_hub_utc_key (now);

  if (!check_cycle (db, order->cycle, now_utc, verdict, error))
    return FALSE;
  if (verdict->code == NULL && !check_member (db, order, now, verdict, error))
    return FALSE;
  if (verdict->code == NULL && !check_fulfilment (db, order, now_utc, verdict, error))
    return FALSE;
  if (verdict->code == NULL && !check_products (db, order, verdict, error))
    return FALSE;
  if (verdict->code != NULL)
    return TRUE;

  if (!dis_hub_db_savepoint (db, "reserve", error))
    return FALSE;
  if ((holds_reservation (held) && !release (db, order->id, held, error)) ||
      !reserve (db, order, verdict, error))
    return FALSE;
  if (verdict->code != NULL)
    dis_hub_db_rollback_to (db, "reserve");
  return dis_hub_db_release (db, "reserve", error);
}

static gboolean
apply_placed (DisHubDb       *db,
              const char     *point,
              DisCodecEvent  *event,
              const char    **out_code,
              char          **out_message,
              GError        **error)
{
  const DisCodecOrderPlaced *order = &event->order_placed;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = dis_hub_now_iso ();
  g_auto(Verdict) verdict = { NULL, NULL };
  g_auto(Held) held = { FALSE, };

  if (!g_str_equal (order->point, point))
    return REFUSE ("wrong_point", "payload.point: %s is not this device's point", order->point);
  if (!read_held (db, order->id, &held, error))
    return FALSE;
  if (held.exists && !g_str_equal (held.point, point))
    return REFUSE ("wrong_point", "payload.id: order %s is another point's", order->id);
  /* An older revision arriving late says nothing new. */
  if (held.exists && order->revision <= held.revision)
    return TRUE;
  if (!_dis_hub_orders_check_label (db, point, order, held.exists, held.till, held.number,
                                    out_code, out_message, error))
    return FALSE;

  if (!is_editable (&held))
    refused (&verdict, DIS_CODEC_ORDER_NOT_EDITABLE, "The order is %s: it can no longer change",
             dis_codec_order_state_to_string (held.state));
  else if (!decide (db, order, &held, now, &verdict, error))
    return FALSE;

  if (verdict.code == NULL)
    {
      if (holds_reservation (&held) && !held_products (db, order->id, products, error))
        return FALSE;
      for (guint i = 0; i < order->lines->len; i++)
        g_ptr_array_add (products, g_strdup (g_array_index (order->lines, DisCodecOrderLine, i).product_code));
      if (!write_order (db, event->id, order, TRUE, &verdict, now, error) || !write_lines (db, order, error))
        return FALSE;
    }
  else if (held.exists && (held.has_accepted || !is_editable (&held)))
    {
      /* The order stays as it was: only the revision and the reason. */
      if (!note_refusal (db, order->id, order->revision, &verdict, event->id, now, error))
        return FALSE;
    }
  else if (!write_order (db, event->id, order, FALSE, &verdict, now, error))
    return FALSE;

  if (!dis_hub_orders_publish (db, order->id, verdict.code == NULL ? DIS_CODEC_ORDER_STATE_ACCEPTED
                                                                     : DIS_CODEC_ORDER_STATE_REFUSED,
                               verdict.code, verdict.message, error))
    return FALSE;
  if (verdict.code != NULL)
    return TRUE;
  /* The cycle's products before (when the edit moved the order to another
   * cycle, those too) and after, and the slots given back and taken. */
  if (holds_reservation (&held) && held.cycle != order->cycle &&
      !publish_products (db, held.cycle, products, error))
    return FALSE;
  if (!publish_products (db, order->cycle, products, error))
    return FALSE;
  if ((holds_reservation (&held) && held.fulfilment == DIS_CODEC_FULFILMENT_DELIVERY) ||
      order->fulfilment == DIS_CODEC_FULFILMENT_DELIVERY)
    return dis_hub_orders_publish_schedule (db, point, error);
  return TRUE;
}

/* ---- order.cancelled and order.state -------------------------------------- */

static gboolean
set_state (DisHubDb            *db,
           const char          *id,
           DisCodecOrderState   state,
           gint64               revision,
           const char          *sale_id,
           const char          *event_id,
           GError             **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *now = dis_hub_now_iso ();

  stmt = dis_hub_db_prepare_cached (db,
                                    "UPDATE hub_orders SET state = ?2, revision = CASE WHEN revision > ?3 THEN revision ELSE ?3 END,"
                                    " sale_id = coalesce (?4, sale_id), reason_code = NULL, reason_message = NULL,"
                                    " updated_at = ?5, event_id = ?6 WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, id);
  dis_hub_stmt_bind_text (stmt, 2, dis_codec_order_state_to_string (state));
  dis_hub_stmt_bind_int64 (stmt, 3, revision);
  dis_hub_stmt_bind_text (stmt, 4, sale_id);
  dis_hub_stmt_bind_text (stmt, 5, now);
  dis_hub_stmt_bind_text (stmt, 6, event_id);
  return dis_hub_db_step_done (db, stmt, error);
}

static gboolean
apply_cancelled (DisHubDb       *db,
                 const char     *point,
                 DisCodecEvent  *event,
                 const char    **out_code,
                 char          **out_message,
                 GError        **error)
{
  const DisCodecOrderCancelled *cancel = &event->order_cancelled;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = dis_hub_now_iso ();
  g_autofree char *now_utc = dis_hub_utc_key (now);
  g_auto(Verdict) verdict = { NULL, NULL };
  g_auto(Held) held = { FALSE, };

  if (!g_str_equal (cancel->point, point))
    return REFUSE ("wrong_point", "payload.point: %s is not this device's point", cancel->point);
  if (!read_held (db, cancel->id, &held, error))
    return FALSE;
  if (!held.exists)
    return REFUSE ("unknown_order", "payload.id: the hub knows no order %s", cancel->id);
  if (!g_str_equal (held.point, point))
    return REFUSE ("wrong_point", "payload.id: order %s is another point's", cancel->id);
  if (cancel->revision <= held.revision || held.state == DIS_CODEC_ORDER_STATE_CANCELLED)
    return TRUE;

  if (!is_editable (&held))
    refused (&verdict, DIS_CODEC_ORDER_NOT_EDITABLE, "The order is %s: it can no longer be cancelled",
             dis_codec_order_state_to_string (held.state));
  else if (holds_reservation (&held) && !check_cycle (db, held.cycle, now_utc, &verdict, error))
    return FALSE;
  if (verdict.code != NULL)
    return note_refusal (db, cancel->id, cancel->revision, &verdict, event->id, now, error) &&
           dis_hub_orders_publish (db, cancel->id, DIS_CODEC_ORDER_STATE_REFUSED, verdict.code, verdict.message,
                                   error);

  if (holds_reservation (&held) &&
      (!held_products (db, cancel->id, products, error) || !release (db, cancel->id, &held, error)))
    return FALSE;
  if (!set_state (db, cancel->id, DIS_CODEC_ORDER_STATE_CANCELLED, cancel->revision, NULL, event->id, error) ||
      !dis_hub_orders_publish (db, cancel->id, DIS_HUB_ORDER_OWN_STATE, NULL, NULL, error) ||
      !publish_products (db, held.cycle, products, error))
    return FALSE;
  if (holds_reservation (&held) && held.fulfilment == DIS_CODEC_FULFILMENT_DELIVERY)
    return dis_hub_orders_publish_schedule (db, point, error);
  return TRUE;
}

/* The steps of an accepted order: ready, then handed over at the point,
 * or out for delivery and delivered (a delivered order's payment comes
 * later: delivered again, with its sale). */
static gboolean
may_become (const Held          *held,
            DisCodecOrderState   next)
{
  switch (next)
    {
    case DIS_CODEC_ORDER_STATE_READY:
      return held->state == DIS_CODEC_ORDER_STATE_ACCEPTED;
    case DIS_CODEC_ORDER_STATE_HANDED_OVER:
      return held->state == DIS_CODEC_ORDER_STATE_READY;
    case DIS_CODEC_ORDER_STATE_OUT_FOR_DELIVERY:
      return held->state == DIS_CODEC_ORDER_STATE_READY && held->fulfilment == DIS_CODEC_FULFILMENT_DELIVERY;
    case DIS_CODEC_ORDER_STATE_DELIVERED:
      return held->state == DIS_CODEC_ORDER_STATE_OUT_FOR_DELIVERY || held->state == DIS_CODEC_ORDER_STATE_DELIVERED;
    default:
      return FALSE;
    }
}

static gboolean
write_weights (DisHubDb                       *db,
               const DisCodecOrderStateEvent  *step,
               const char                    **out_code,
               char                          **out_message,
               GError                        **error)
{
  for (guint i = 0; step->weighed != NULL && i < step->weighed->len; i++)
    {
      const DisCodecOrderWeight *weight = &g_array_index (step->weighed, DisCodecOrderWeight, i);
      g_autoptr(DisHubStmt) stmt = NULL;

      stmt = dis_hub_db_prepare_cached (db, "UPDATE hub_order_lines SET weighed = ?3 WHERE order_id = ?1 AND line_no = ?2",
                                        error);
      if (stmt == NULL)
        return FALSE;
      dis_hub_stmt_bind_text (stmt, 1, step->id);
      dis_hub_stmt_bind_int64 (stmt, 2, weight->line_no);
      dis_hub_stmt_bind_int64 (stmt, 3, weight->quantity);
      if (!dis_hub_db_step_done (db, stmt, error))
        return FALSE;
      if (dis_hub_db_changes (db) != 1)
        return REFUSE ("unknown_line", "payload.weighed[%u].line_no: order %s has no line %" G_GINT64_FORMAT,
                       i, step->id, weight->line_no);
    }
  return TRUE;
}

static gboolean
apply_state (DisHubDb       *db,
             const char     *point,
             DisCodecEvent  *event,
             const char    **out_code,
             char          **out_message,
             GError        **error)
{
  const DisCodecOrderStateEvent *step = &event->order_state;
  g_auto(Held) held = { FALSE, };

  if (!g_str_equal (step->point, point))
    return REFUSE ("wrong_point", "payload.point: %s is not this device's point", step->point);
  if (!read_held (db, step->id, &held, error))
    return FALSE;
  if (!held.exists)
    return REFUSE ("unknown_order", "payload.id: the hub knows no order %s", step->id);
  if (!g_str_equal (held.point, point))
    return REFUSE ("wrong_point", "payload.id: order %s is another point's", step->id);
  if (!may_become (&held, step->state))
    return REFUSE ("invalid_transition", "payload.state: order %s is %s, it cannot become %s", step->id,
                   dis_codec_order_state_to_string (held.state), dis_codec_order_state_to_string (step->state));
  return write_weights (db, step, out_code, out_message, error) &&
         set_state (db, step->id, step->state, held.revision, step->sale_id, event->id, error) &&
         dis_hub_orders_publish (db, step->id, DIS_HUB_ORDER_OWN_STATE, NULL, NULL, error);
}

/* ---- Dispatch ------------------------------------------------------------- */

gboolean
dis_hub_orders_apply_event (DisHubDb       *db,
                            const char     *point,
                            const char     *device,
                            DisCodecEvent  *event,
                            const char    **out_code,
                            char          **out_message,
                            GError        **error)
{
  g_return_val_if_fail (db != NULL && point != NULL && event != NULL, FALSE);
  g_return_val_if_fail (dis_hub_orders_handles (event->type), FALSE);

  switch (event->type)
    {
    case DIS_CODEC_ORDER_PLACED:
      return apply_placed (db, point, event, out_code, out_message, error);
    case DIS_CODEC_ORDER_CANCELLED:
      return apply_cancelled (db, point, event, out_code, out_message, error);
    case DIS_CODEC_ORDER_STATE:
    default:
      return apply_state (db, point, event, out_code, out_message, error);
    }
}

JsonNode *
dis_hub_orders_event_payload (DisCodecEvent  *event,
                              GError        **error)
{
  g_return_val_if_fail (event != NULL && dis_hub_orders_handles (event->type), NULL);

  switch (event->type)
    {
    case DIS_CODEC_ORDER_PLACED:
      return dis_codec_order_placed_to_node (&event->order_placed, error);
    case DIS_CODEC_ORDER_CANCELLED:
      return dis_codec_order_cancelled_to_node (&event->order_cancelled, error);
    case DIS_CODEC_ORDER_STATE:
    default:
      return dis_codec_order_state_event_to_node (&event->order_state, error);
    }
}
