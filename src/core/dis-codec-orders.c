/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-codec"

#include "config.h"

#include <string.h>

#include "dis-code.h"
#include "dis-codec-private.h"

/* Member orders (issue 13): the orders a point pushes, and the cycles,
 * availabilities, schedules and verdicts the hub's feed carries. */

/* ---- Enums ------------------------------------------------------------------ */

static const char * const fulfilments[] = {
  [DIS_CODEC_FULFILMENT_PICKUP] = "pickup",
  [DIS_CODEC_FULFILMENT_DELIVERY] = "delivery",
};
G_STATIC_ASSERT (G_N_ELEMENTS (fulfilments) == DIS_CODEC_N_FULFILMENTS);

const char *
dis_codec_fulfilment_to_string (DisCodecFulfilment fulfilment)
{
  g_return_val_if_fail ((guint) fulfilment < DIS_CODEC_N_FULFILMENTS, NULL);
  return fulfilments[fulfilment];
}

gboolean
dis_codec_fulfilment_from_string (const char         *text,
                                  DisCodecFulfilment *out_fulfilment)
{
  int i = DIS_CODE_INDEX (fulfilments, text);

  if (i >= 0 && out_fulfilment != NULL)
    *out_fulfilment = (DisCodecFulfilment) i;
  return i >= 0;
}

static const char * const order_states[] = {
  [DIS_CODEC_ORDER_STATE_ACCEPTED] = "accepted",
  [DIS_CODEC_ORDER_STATE_REFUSED] = "refused",
  [DIS_CODEC_ORDER_STATE_READY] = "ready",
  [DIS_CODEC_ORDER_STATE_HANDED_OVER] = "handed_over",
  [DIS_CODEC_ORDER_STATE_OUT_FOR_DELIVERY] = "out_for_delivery",
  [DIS_CODEC_ORDER_STATE_DELIVERED] = "delivered",
  [DIS_CODEC_ORDER_STATE_CANCELLED] = "cancelled",
};
G_STATIC_ASSERT (G_N_ELEMENTS (order_states) == DIS_CODEC_N_ORDER_STATES);

const char *
dis_codec_order_state_to_string (DisCodecOrderState state)
{
  g_return_val_if_fail ((guint) state < DIS_CODEC_N_ORDER_STATES, NULL);
  return order_states[state];
}

gboolean
dis_codec_order_state_from_string (const char         *text,
                                   DisCodecOrderState *out_state)
{
  int i = DIS_CODE_INDEX (order_states, text);

  if (i >= 0 && out_state != NULL)
    *out_state = (DisCodecOrderState) i;
  return i >= 0;
}

static const char *
fulfilment_code (int value)
{
  return fulfilments[value];
}

static const char *
order_state_code (int value)
{
  return order_states[value];
}

static const char *
cycle_state_code (int value)
{
  static const char * const codes[] = { "open", "closed" };

  return codes[value];
}

static const DisEnumType fulfilment_type = { fulfilment_code, DIS_CODEC_N_FULFILMENTS };
static const DisEnumType order_state_type = { order_state_code, DIS_CODEC_N_ORDER_STATES };
static const DisEnumType cycle_state_type = { cycle_state_code, DIS_CODEC_CYCLE_CLOSED + 1 };

/* ---- Shared rules -------------------------------------------------------------- */

/* Each line_no once in @lines, whose elements start with their gint64
 * line_no (the field checks put it in 1 … DIS_CODEC_ORDER_LINES_MAX). */
static gboolean
check_line_numbers (const GArray   *lines,
                    const DisPath  *path,
                    const char     *field,
                    GError        **error)
{
  gboolean seen[DIS_CODEC_ORDER_LINES_MAX + 1] = { FALSE, };
  guint size;

  if (lines == NULL)
    return TRUE;
  size = g_array_get_element_size ((GArray *) lines);
  for (guint i = 0; i < lines->len; i++)
    {
      gint64 line_no = *(const gint64 *) (gconstpointer) (lines->data + (gsize) i * size);

      if (seen[line_no])
        {
          DisPath line = { path, field, (int) i };

          return _dis_codec_fail (error, &line, "line_no", "duplicate %" G_GINT64_FORMAT, line_no);
        }
      seen[line_no] = TRUE;
    }
  return TRUE;
}

/* @earlier strictly before @later (or at the same time with @or_equal);
 * both already checked as ISO 8601 times. */
static gboolean
check_before (const char     *earlier,
              const char     *later,
              gboolean        or_equal,
              const DisPath  *path,
              const char     *field,
              const char     *later_field,
              GError        **error)
{
  g_autoptr(GDateTime) a = g_date_time_new_from_iso8601 (earlier, NULL);
  g_autoptr(GDateTime) b = g_date_time_new_from_iso8601 (later, NULL);
  int order = g_date_time_compare (a, b);

  if (order < 0 || (or_equal && order == 0))
    return TRUE;
  return _dis_codec_fail (error, path, field, "must be %s %s", or_equal ? "at or before" : "before", later_field);
}

/* ---- order.placed ---------------------------------------------------------------- */

static const DisField order_line_fields[] = {
  F_INT (DisCodecOrderLine, "line_no", line_no, 0, 1, DIS_CODEC_ORDER_LINES_MAX),
  F_STRING (CODE, DisCodecOrderLine, "product_code", product_code, 0),
  F_INT (DisCodecOrderLine, "quantity", quantity, 0, 1, DIS_QUANTITY_MAX),
};
static const DisSchema order_line_schema = DIS_SCHEMA (order_line_fields, DisCodecOrderLine, NULL);

static gboolean
check_placed (gconstpointer   base,
              const DisPath  *path,
              GError        **error)
{
  const DisCodecOrderPlaced *placed = base;

  if (placed->fulfilment == DIS_CODEC_FULFILMENT_PICKUP)
    {
      if (placed->window == NULL)
        return _dis_codec_fail (error, path, "window", "required for a pickup");
      if (placed->slot != NULL)
        return _dis_codec_fail (error, path, "slot", "must be null for a pickup");
    }
  else
    {
      if (placed->slot == NULL)
        return _dis_codec_fail (error, path, "slot", "required for a delivery");
      if (placed->window != NULL)
        return _dis_codec_fail (error, path, "window", "must be null for a delivery");
      if (placed->address == NULL)
        return _dis_codec_fail (error, path, "address", "required for a delivery");
    }
  return check_line_numbers (placed->lines, path, "lines", error) &&
         _dis_codec_check_unique (placed->lines, G_STRUCT_OFFSET (DisCodecOrderLine, product_code),
                                  path, "lines", "product_code", error);
}

#define F_POSITION(name, m, max) \
  { name, DIS_FIELD_DEGREES, DIS_FIELD_PRESENCE, offsetof (DisCodecOrderPlaced, m), 0, max, NULL, NULL, \
    offsetof (DisCodecOrderPlaced, has_position), 0 }
#define ORDER_TEXT (DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL)

static const DisField placed_fields[] = {
  F_STRING (UUID, DisCodecOrderPlaced, "id", id, 0),
  F_STRING (CODE, DisCodecOrderPlaced, "point", point, 0),
  F_STRING (CODE, DisCodecOrderPlaced, "device", device, 0),
  F_INT (DisCodecOrderPlaced, "revision", revision, 0, 1, DIS_CODEC_ORDER_REVISION_MAX),
  F_INT (DisCodecOrderPlaced, "number", number, 0, 1, DIS_CODEC_ORDER_NUMBER_MAX),
  /* Absent from points that did not name the till: written only when set. */
  F_STRING (CODE, DisCodecOrderPlaced, "till", till, DIS_FIELD_OPTIONAL | DIS_FIELD_PRESENCE),
  F_INT (DisCodecOrderPlaced, "cycle", cycle, 0, 1, DIS_CODEC_CYCLE_ID_MAX),
  F_STRING (CARD, DisCodecOrderPlaced, "member_card", member_card, 0),
  F_ENUM (DisCodecOrderPlaced, "tier", tier, 0, _dis_codec_tier),
  F_ENUM (DisCodecOrderPlaced, "fulfilment", fulfilment, 0, fulfilment_type),
  F_STRING (CODE, DisCodecOrderPlaced, "window", window, ORDER_TEXT),
  F_STRING (CODE, DisCodecOrderPlaced, "slot", slot, ORDER_TEXT),
  F_TEXT (DisCodecOrderPlaced, "address", address, ORDER_TEXT, DIS_CODEC_ORDER_TEXT_MAX),
  F_TEXT (DisCodecOrderPlaced, "comune", comune, ORDER_TEXT, DIS_CODEC_ORDER_TEXT_MAX),
  F_POSITION ("lat", lat, 90),
  F_POSITION ("lon", lon, 180),
  F_TEXT (DisCodecOrderPlaced, "note", note, ORDER_TEXT, DIS_CODEC_ORDER_TEXT_MAX),
  F_INT (DisCodecOrderPlaced, "operator_id", operator_id, 0, 1, DIS_CODEC_OPERATOR_ID_MAX),
  F_TEXT (DisCodecOrderPlaced, "operator_name", operator_name, 0, DIS_CODEC_NAME_MAX),
  F_STRING (TIME, DisCodecOrderPlaced, "created_at", created_at, 0),
  F_ARRAY (DisCodecOrderPlaced, "lines", lines, order_line_schema, 1, DIS_CODEC_ORDER_LINES_MAX),
};
static const DisSchema placed_schema = DIS_SCHEMA (placed_fields, DisCodecOrderPlaced, check_placed);

void
dis_codec_order_placed_clear (DisCodecOrderPlaced *placed)
{
  if (placed != NULL)
    g_clear_pointer (&placed->lines, g_array_unref);
}

static gboolean
has_value (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

gboolean
dis_codec_order_placed_decode (JsonObject           *payload,
                               DisCodecOrderPlaced  *out,
                               GError              **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  /* The two share one presence flag: one without the other is refused
   * here, before either could set it. */
  if (payload != NULL && has_value (payload, "lat") != has_value (payload, "lon"))
    {
      DisPath path = { NULL, "payload", -1 };

      memset (out, 0, sizeof *out);
      return _dis_codec_fail (error, &path, has_value (payload, "lat") ? "lon" : "lat",
                              "required with %s", has_value (payload, "lat") ? "lat" : "lon");
    }
  return _dis_codec_decode_whole (&placed_schema, payload, out, sizeof *out, "payload",
                                  (void (*) (gpointer)) dis_codec_order_placed_clear, error);
}

JsonNode *
dis_codec_order_placed_to_node (const DisCodecOrderPlaced  *placed,
                                GError                    **error)
{
  g_return_val_if_fail (placed != NULL, NULL);

  return _dis_codec_encode_at (&placed_schema, placed, "payload", error);
}

/* ---- order.cancelled --------------------------------------------------------------- */

static const DisField cancelled_fields[] = {
  F_STRING (UUID, DisCodecOrderCancelled, "id", id, 0),
  F_STRING (CODE, DisCodecOrderCancelled, "point", point, 0),
  F_STRING (CODE, DisCodecOrderCancelled, "device", device, 0),
  F_INT (DisCodecOrderCancelled, "revision", revision, 0, 1, DIS_CODEC_ORDER_REVISION_MAX),
  F_TEXT (DisCodecOrderCancelled, "reason", reason, ORDER_TEXT, DIS_CODEC_ORDER_TEXT_MAX),
};
static const DisSchema cancelled_schema = DIS_SCHEMA (cancelled_fields, DisCodecOrderCancelled, NULL);

gboolean
dis_codec_order_cancelled_decode (JsonObject              *payload,
                                  DisCodecOrderCancelled  *out,
                                  GError                 **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&cancelled_schema, payload, out, sizeof *out, "payload", NULL, error);
}

JsonNode *
dis_codec_order_cancelled_to_node (const DisCodecOrderCancelled  *cancelled,
                                   GError                       **error)
{
  g_return_val_if_fail (cancelled != NULL, NULL);

  return _dis_codec_encode_at (&cancelled_schema, cancelled, "payload", error);
}

/* ---- order.state --------------------------------------------------------------------- */

static const DisField weight_fields[] = {
  F_INT (DisCodecOrderWeight, "line_no", line_no, 0, 1, DIS_CODEC_ORDER_LINES_MAX),
  F_INT (DisCodecOrderWeight, "quantity", quantity, 0, 0, DIS_QUANTITY_MAX),
};
static const DisSchema weight_schema = DIS_SCHEMA (weight_fields, DisCodecOrderWeight, NULL);

static gboolean
check_state_event (gconstpointer   base,
                   const DisPath  *path,
                   GError        **error)
{
  const DisCodecOrderStateEvent *event = base;

  switch (event->state)
    {
    case DIS_CODEC_ORDER_STATE_READY:
    case DIS_CODEC_ORDER_STATE_HANDED_OVER:
    case DIS_CODEC_ORDER_STATE_OUT_FOR_DELIVERY:
    case DIS_CODEC_ORDER_STATE_DELIVERED:
      break;
    default:
      return _dis_codec_fail (error, path, "state", "must be ready, handed_over, out_for_delivery or delivered");
    }
  if (event->state != DIS_CODEC_ORDER_STATE_READY && event->weighed != NULL && event->weighed->len > 0)
    return _dis_codec_fail (error, path, "weighed", "must be empty but at ready");
  if (event->sale_id != NULL && event->state != DIS_CODEC_ORDER_STATE_HANDED_OVER &&
      event->state != DIS_CODEC_ORDER_STATE_DELIVERED)
    return _dis_codec_fail (error, path, "sale_id", "must be null but at handed_over or delivered");
  return check_line_numbers (event->weighed, path, "weighed", error);
}

static const DisField state_event_fields[] = {
  F_STRING (UUID, DisCodecOrderStateEvent, "id", id, 0),
  F_STRING (CODE, DisCodecOrderStateEvent, "point", point, 0),
  F_STRING (CODE, DisCodecOrderStateEvent, "device", device, 0),
  F_ENUM (DisCodecOrderStateEvent, "state", state, 0, order_state_type),
  { "weighed", DIS_FIELD_ARRAY, DIS_FIELD_OPTIONAL, offsetof (DisCodecOrderStateEvent, weighed),
    0, DIS_CODEC_ORDER_LINES_MAX, NULL, &weight_schema, -1, 0 },
  F_STRING (UUID, DisCodecOrderStateEvent, "sale_id", sale_id, ORDER_TEXT),
  F_STRING (TIME, DisCodecOrderStateEvent, "at", at, 0),
};
static const DisSchema state_event_schema = DIS_SCHEMA (state_event_fields, DisCodecOrderStateEvent,
                                                        check_state_event);

void
dis_codec_order_state_event_clear (DisCodecOrderStateEvent *event)
{
  if (event != NULL)
    g_clear_pointer (&event->weighed, g_array_unref);
}

gboolean
dis_codec_order_state_event_decode (JsonObject               *payload,
                                    DisCodecOrderStateEvent  *out,
                                    GError                  **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&state_event_schema, payload, out, sizeof *out, "payload",
                                  (void (*) (gpointer)) dis_codec_order_state_event_clear, error);
}

JsonNode *
dis_codec_order_state_event_to_node (const DisCodecOrderStateEvent  *event,
                                     GError                        **error)
{
  g_return_val_if_fail (event != NULL, NULL);

  return _dis_codec_encode_at (&state_event_schema, event, "payload", error);
}

/* ---- order_cycle ------------------------------------------------------------------------ */

static gboolean
check_cycle (gconstpointer   base,
             const DisPath  *path,
             GError        **error)
{
  const DisCodecOrderCycle *cycle = base;

  return check_before (cycle->opens, cycle->closes, FALSE, path, "opens", "closes", error);
}

static const DisField cycle_fields[] = {
  F_INT (DisCodecOrderCycle, "id", id, 0, 1, DIS_CODEC_CYCLE_ID_MAX),
  F_TEXT (DisCodecOrderCycle, "name", name, 0, DIS_CODEC_NAME_MAX),
  F_STRING (TIME, DisCodecOrderCycle, "opens", opens, 0),
  F_STRING (TIME, DisCodecOrderCycle, "closes", closes, 0),
  F_ENUM (DisCodecOrderCycle, "state", state, 0, cycle_state_type),
};
static const DisSchema cycle_schema = DIS_SCHEMA (cycle_fields, DisCodecOrderCycle, check_cycle);

gboolean
dis_codec_order_cycle_decode (JsonObject          *data,
                              DisCodecOrderCycle  *out,
                              GError             **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&cycle_schema, data, out, sizeof *out, "data", NULL, error);
}

JsonNode *
dis_codec_order_cycle_to_node (const DisCodecOrderCycle  *cycle,
                               GError                   **error)
{
  g_return_val_if_fail (cycle != NULL, NULL);

  return _dis_codec_encode_at (&cycle_schema, cycle, "data", error);
}

/* ---- cycle_product ------------------------------------------------------------------------ */

static gboolean
check_cycle_product (gconstpointer   base,
                     const DisPath  *path,
                     GError        **error)
{
  const DisCodecCycleProduct *product = base;

  if (product->has_remaining && !product->has_available)
    return _dis_codec_fail (error, path, "remaining", "must be null when available is");
  if (product->has_remaining && product->remaining > product->available)
    return _dis_codec_fail (error, path, "remaining", "must not exceed available");
  return TRUE;
}

static const DisField cycle_product_fields[] = {
  F_INT (DisCodecCycleProduct, "cycle", cycle, 0, 1, DIS_CODEC_CYCLE_ID_MAX),
  F_STRING (CODE, DisCodecCycleProduct, "product", product, 0),
  F_INT_OR_NULL (DisCodecCycleProduct, "available", available, 0, DIS_QUANTITY_MAX, has_available),
  F_INT_OR_NULL (DisCodecCycleProduct, "remaining", remaining, 0, DIS_QUANTITY_MAX, has_remaining),
};
static const DisSchema cycle_product_schema = DIS_SCHEMA (cycle_product_fields, DisCodecCycleProduct,
                                                          check_cycle_product);

static const DisField cycle_offer_fields[] = {
  F_STRING (CODE, DisCodecCycleProduct, "product", product, 0),
  F_INT_OR_NULL (DisCodecCycleProduct, "available", available, 0, DIS_QUANTITY_MAX, has_available),
};
static const DisSchema cycle_offer_schema = DIS_SCHEMA (cycle_offer_fields, DisCodecCycleProduct, NULL);

gboolean
dis_codec_cycle_product_decode (JsonObject            *data,
                                DisCodecCycleProduct  *out,
                                GError               **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&cycle_product_schema, data, out, sizeof *out, "data", NULL, error);
}

JsonNode *
dis_codec_cycle_product_to_node (const DisCodecCycleProduct  *product,
                                 GError                     **error)
{
  g_return_val_if_fail (product != NULL, NULL);

  return _dis_codec_encode_at (&cycle_product_schema, product, "data", error);
}

gboolean
dis_codec_cycle_offer_decode (JsonObject            *row,
                              DisCodecCycleProduct  *out,
                              GError               **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&cycle_offer_schema, row, out, sizeof *out, "product", NULL, error);
}

/* ---- point_schedule ------------------------------------------------------------------------ */

static gboolean
check_window (gconstpointer   base,
              const DisPath  *path,
              GError        **error)
{
  const DisCodecPickupWindow *window = base;

  return check_before (window->starts, window->ends, FALSE, path, "starts", "ends", error);
}

static const DisField window_fields[] = {
  F_STRING (CODE, DisCodecPickupWindow, "code", code, 0),
  F_STRING (TIME, DisCodecPickupWindow, "starts", starts, 0),
  F_STRING (TIME, DisCodecPickupWindow, "ends", ends, 0),
};
static const DisSchema window_schema = DIS_SCHEMA (window_fields, DisCodecPickupWindow, check_window);

static gboolean
check_slot (gconstpointer   base,
            const DisPath  *path,
            GError        **error)
{
  const DisCodecDeliverySlot *slot = base;

  return check_before (slot->starts, slot->ends, FALSE, path, "starts", "ends", error) &&
         check_before (slot->cutoff, slot->starts, TRUE, path, "cutoff", "starts", error);
}

static const DisField slot_fields[] = {
  F_STRING (CODE, DisCodecDeliverySlot, "code", code, 0),
  F_STRING (TIME, DisCodecDeliverySlot, "starts", starts, 0),
  F_STRING (TIME, DisCodecDeliverySlot, "ends", ends, 0),
  F_STRING (TIME, DisCodecDeliverySlot, "cutoff", cutoff, 0),
  F_INT (DisCodecDeliverySlot, "capacity", capacity, 0, 1, DIS_CODEC_SLOT_CAPACITY_MAX),
  F_INT (DisCodecDeliverySlot, "booked", booked, DIS_FIELD_OPTIONAL, 0, DIS_CODEC_SLOT_CAPACITY_MAX),
  F_NAMES (DisCodecDeliverySlot, "comuni", comuni, DIS_FIELD_NULLABLE | DIS_FIELD_OPTIONAL,
           1, DIS_CODEC_SLOT_COMUNI_MAX),
  F_INT_OR_NULL (DisCodecDeliverySlot, "radius_m", radius_m, 1, DIS_CODEC_SLOT_RADIUS_MAX, has_radius),
};
static const DisSchema slot_schema = DIS_SCHEMA (slot_fields, DisCodecDeliverySlot, check_slot);

static gboolean
check_schedule (gconstpointer   base,
                const DisPath  *path,
                GError        **error)
{
  const DisCodecPointSchedule *schedule = base;

  return _dis_codec_check_unique (schedule->windows, G_STRUCT_OFFSET (DisCodecPickupWindow, code),
                                  path, "windows", "code", error) &&
         _dis_codec_check_unique (schedule->slots, G_STRUCT_OFFSET (DisCodecDeliverySlot, code),
                                  path, "slots", "code", error);
}

static const DisField schedule_fields[] = {
  F_STRING (CODE, DisCodecPointSchedule, "point", point, 0),
  F_ARRAY (DisCodecPointSchedule, "windows", windows, window_schema, 0, DIS_CODEC_SCHEDULE_ITEMS_MAX),
  F_ARRAY (DisCodecPointSchedule, "slots", slots, slot_schema, 0, DIS_CODEC_SCHEDULE_ITEMS_MAX),
};
static const DisSchema schedule_schema = DIS_SCHEMA (schedule_fields, DisCodecPointSchedule, check_schedule);

/* The admin's file: the same without the point. */
static const DisSchema schedule_file_schema = {
  schedule_fields + 1, G_N_ELEMENTS (schedule_fields) - 1, sizeof (DisCodecPointSchedule), check_schedule
};

void
dis_codec_point_schedule_clear (DisCodecPointSchedule *schedule)
{
  if (schedule == NULL)
    return;
  for (guint i = 0; schedule->slots != NULL && i < schedule->slots->len; i++)
    g_clear_pointer (&g_array_index (schedule->slots, DisCodecDeliverySlot, i).comuni, g_array_unref);
  g_clear_pointer (&schedule->windows, g_array_unref);
  g_clear_pointer (&schedule->slots, g_array_unref);
}

gboolean
dis_codec_point_schedule_decode (JsonObject             *data,
                                 DisCodecPointSchedule  *out,
                                 GError                **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&schedule_schema, data, out, sizeof *out, "data",
                                  (void (*) (gpointer)) dis_codec_point_schedule_clear, error);
}

gboolean
dis_codec_point_schedule_decode_file (JsonObject             *data,
                                      DisCodecPointSchedule  *out,
                                      GError                **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&schedule_file_schema, data, out, sizeof *out, "schedule",
                                  (void (*) (gpointer)) dis_codec_point_schedule_clear, error);
}

JsonNode *
dis_codec_point_schedule_to_node (const DisCodecPointSchedule  *schedule,
                                  GError                      **error)
{
  g_return_val_if_fail (schedule != NULL, NULL);

  return _dis_codec_encode_at (&schedule_schema, schedule, "data", error);
}

/* ---- order -------------------------------------------------------------------------------- */

static gboolean
check_verdict_line (gconstpointer   base,
                    const DisPath  *path,
                    GError        **error)
{
  const DisCodecOrderVerdictLine *line = base;

  if (line->allotted > line->ordered)
    return _dis_codec_fail (error, path, "allotted", "must not exceed ordered");
  return TRUE;
}

static const DisField verdict_line_fields[] = {
  F_INT (DisCodecOrderVerdictLine, "line_no", line_no, 0, 1, DIS_CODEC_ORDER_LINES_MAX),
  F_STRING (CODE, DisCodecOrderVerdictLine, "product", product, 0),
  F_INT (DisCodecOrderVerdictLine, "ordered", ordered, 0, 1, DIS_QUANTITY_MAX),
  F_INT (DisCodecOrderVerdictLine, "allotted", allotted, 0, 0, DIS_QUANTITY_MAX),
};
static const DisSchema verdict_line_schema = DIS_SCHEMA (verdict_line_fields, DisCodecOrderVerdictLine,
                                                         check_verdict_line);

static const DisField reason_fields[] = {
  F_STRING (CODE, DisCodecOrder, "code", reason_code, 0),
  F_TEXT (DisCodecOrder, "message", reason_message, 0, DIS_CODEC_MESSAGE_MAX),
};
static const DisSchema reason_schema = DIS_SCHEMA (reason_fields, DisCodecOrder, NULL);

static gboolean
check_order (gconstpointer   base,
             const DisPath  *path,
             GError        **error)
{
  const DisCodecOrder *order = base;

  if (order->state == DIS_CODEC_ORDER_STATE_REFUSED && !order->has_reason)
    return _dis_codec_fail (error, path, "reason", "required when refused");
  if (order->has_accepted_revision && order->accepted_revision > order->revision)
    return _dis_codec_fail (error, path, "accepted_revision", "must not exceed revision");
  return check_line_numbers (order->lines, path, "lines", error) &&
         _dis_codec_check_unique (order->lines, G_STRUCT_OFFSET (DisCodecOrderVerdictLine, product),
                                  path, "lines", "product", error);
}

static const DisField order_fields[] = {
  F_STRING (UUID, DisCodecOrder, "id", id, 0),
  F_STRING (CODE, DisCodecOrder, "point", point, 0),
  F_INT (DisCodecOrder, "revision", revision, 0, 1, DIS_CODEC_ORDER_REVISION_MAX),
  F_ENUM (DisCodecOrder, "state", state, 0, order_state_type),
  F_INT_OR_NULL (DisCodecOrder, "accepted_revision", accepted_revision, 1, DIS_CODEC_ORDER_REVISION_MAX,
                 has_accepted_revision),
  F_OBJECT_OR_NULL (DisCodecOrder, "reason", reason_schema, has_reason),
  F_ARRAY (DisCodecOrder, "lines", lines, verdict_line_schema, 0, DIS_CODEC_ORDER_LINES_MAX),
};
static const DisSchema order_schema = DIS_SCHEMA (order_fields, DisCodecOrder, check_order);

void
dis_codec_order_clear (DisCodecOrder *order)
{
  if (order != NULL)
    g_clear_pointer (&order->lines, g_array_unref);
}

gboolean
dis_codec_order_decode (JsonObject     *data,
                        DisCodecOrder  *out,
                        GError        **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return _dis_codec_decode_whole (&order_schema, data, out, sizeof *out, "data",
                                  (void (*) (gpointer)) dis_codec_order_clear, error);
}

JsonNode *
dis_codec_order_to_node (const DisCodecOrder  *order,
                         GError              **error)
{
  g_return_val_if_fail (order != NULL, NULL);

  return _dis_codec_encode_at (&order_schema, order, "data", error);
}

/* ---- The order changes of the feed ----------------------------------------------------------- */

gboolean
_dis_codec_is_order_change (DisCodecChangeKind kind)
{
  return kind == DIS_CODEC_CHANGE_ORDER_CYCLE || kind == DIS_CODEC_CHANGE_CYCLE_PRODUCT ||
         kind == DIS_CODEC_CHANGE_POINT_SCHEDULE || kind == DIS_CODEC_CHANGE_ORDER;
}

gboolean
_dis_codec_order_change_decode (JsonObject      *data,
                                DisCodecChange  *out,
                                GError         **error)
{
  switch (out->kind)
    {
    case DIS_CODEC_CHANGE_ORDER_CYCLE:
      return dis_codec_order_cycle_decode (data, &out->order_cycle, error);
    case DIS_CODEC_CHANGE_CYCLE_PRODUCT:
      return dis_codec_cycle_product_decode (data, &out->cycle_product, error);
    case DIS_CODEC_CHANGE_POINT_SCHEDULE:
      return dis_codec_point_schedule_decode (data, &out->point_schedule, error);
    case DIS_CODEC_CHANGE_ORDER:
      return dis_codec_order_decode (data, &out->order, error);
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
_dis_codec_order_change_data (const DisCodecChange  *change,
                              GError               **error)
{
  switch (change->kind)
    {
    case DIS_CODEC_CHANGE_ORDER_CYCLE:
      return dis_codec_order_cycle_to_node (&change->order_cycle, error);
    case DIS_CODEC_CHANGE_CYCLE_PRODUCT:
      return dis_codec_cycle_product_to_node (&change->cycle_product, error);
    case DIS_CODEC_CHANGE_POINT_SCHEDULE:
      return dis_codec_point_schedule_to_node (&change->point_schedule, error);
    case DIS_CODEC_CHANGE_ORDER:
      return dis_codec_order_to_node (&change->order, error);
    default:
      g_assert_not_reached ();
    }
}
