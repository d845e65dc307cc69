/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dis-codec.h"
#include "../codec-golden.h"
#include "codec-test-fixture.h"

/* The member orders' wire (issue 13): the golden events and changes
 * decode, read the values written by hand, and encode back to the same
 * bytes; every bound holds at its limit and refuses one past it. */

static const char *event_files[] = {
  "event-order-placed.json",
  "event-order-cancelled.json",
  "event-order-state.json",
};

static const char *change_files[] = {
  "change-order-cycle.json",
  "change-cycle-product.json",
  "change-point-schedule.json",
  "change-order.json",
  "change-order-refused.json",
};

static JsonNode *
payload_to_node (const DisCodecEvent *event)
{
  g_autoptr(GError) error = NULL;
  JsonNode *payload = NULL;

  if (event->type == DIS_CODEC_ORDER_PLACED)
    payload = dis_codec_order_placed_to_node (&event->order_placed, &error);
  else if (event->type == DIS_CODEC_ORDER_CANCELLED)
    payload = dis_codec_order_cancelled_to_node (&event->order_cancelled, &error);
  else if (event->type == DIS_CODEC_ORDER_STATE)
    payload = dis_codec_order_state_event_to_node (&event->order_state, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payload);
  return payload;
}

static void
test_event_golden (gconstpointer data)
{
  g_autofree char *text = codec_golden (data);
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) envelope = NULL;
  g_auto(DisCodecEvent) event = { NULL, };
  g_autoptr(GError) error = NULL;

  g_assert_true (dis_codec_event_decode (root, &event, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dis_codec_event_type_to_string (event.type), ==, event.type_name);
  payload = payload_to_node (&event);
  envelope = dis_codec_event_to_node (event.id, event.seq, event.type_name, event.at, payload, &error);
  g_assert_no_error (error);
  assert_text (envelope, text);
}

static void
test_change_golden (gconstpointer data)
{
  g_autofree char *text = codec_golden (data);
  g_autoptr(JsonNode) root = parse (text);
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(GString) written = g_string_new ("[");
  g_autofree char *data_text = NULL;
  g_auto(DisCodecChange) change = { 0, };
  g_autoptr(GError) error = NULL;
  JsonNode *data_node;

  g_assert_true (dis_codec_change_decode (root, &change, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change.kind, >=, DIS_CODEC_CHANGE_ORDER_CYCLE);
  g_assert_cmpstr (dis_codec_change_kind_to_string (change.kind), ==, change.kind_name);
  encoded = dis_codec_change_to_node (&change, &error);
  g_assert_no_error (error);
  assert_text (encoded, text);

  /* The hub's writer around the data as stored gives the same bytes. */
  data_node = json_object_get_member (json_node_get_object (encoded), "data");
  data_text = dis_codec_to_text (data_node, NULL);
  dis_codec_change_write (written, change.seq, change.kind_name, "upsert", data_text);
  g_assert_cmpstr (written->str + 1, ==, text);
}

/* The values as written by hand in the golden files. */
static void
test_values (void)
{
  g_autofree char *placed_text = codec_golden ("event-order-placed.json");
  g_autofree char *state_text = codec_golden ("event-order-state.json");
  g_autofree char *schedule_text = codec_golden ("change-point-schedule.json");
  g_autofree char *order_text = codec_golden ("change-order.json");
  g_autofree char *refused_text = codec_golden ("change-order-refused.json");
  g_autofree char *product_text = codec_golden ("change-cycle-product.json");
  g_autoptr(JsonNode) placed_root = parse (placed_text), state_root = parse (state_text);
  g_autoptr(JsonNode) schedule_root = parse (schedule_text), order_root = parse (order_text);
  g_autoptr(JsonNode) refused_root = parse (refused_text), product_root = parse (product_text);
  g_auto(DisCodecEvent) placed = { NULL, }, state = { NULL, };
  g_auto(DisCodecChange) schedule = { 0, }, order = { 0, }, refused = { 0, }, product = { 0, };
  const DisCodecDeliverySlot *slot;
  const DisCodecOrderLine *line;

  g_assert_true (dis_codec_event_decode (placed_root, &placed, NULL));
  g_assert_cmpint (placed.order_placed.revision, ==, 2);
  g_assert_cmpint (placed.order_placed.cycle, ==, 3);
  g_assert_cmpstr (placed.order_placed.till, ==, "C1");
  g_assert_cmpint (placed.order_placed.tier, ==, DIS_TIER_SOLIDALE);
  g_assert_cmpint (placed.order_placed.fulfilment, ==, DIS_CODEC_FULFILMENT_DELIVERY);
  g_assert_null (placed.order_placed.window);
  g_assert_cmpstr (placed.order_placed.slot, ==, "S-MAR-POM");
  g_assert_false (placed.order_placed.has_position);
  g_assert_null (placed.order_placed.note);
  g_assert_cmpuint (placed.order_placed.lines->len, ==, 2);
  line = &g_array_index (placed.order_placed.lines, DisCodecOrderLine, 1);
  g_assert_cmpstr (line->product_code, ==, "F-MELE");
  g_assert_cmpint (line->quantity, ==, 1500);

  g_assert_true (dis_codec_event_decode (state_root, &state, NULL));
  g_assert_cmpint (state.order_state.state, ==, DIS_CODEC_ORDER_STATE_READY);
  g_assert_cmpuint (state.order_state.weighed->len, ==, 1);
  g_assert_cmpint (g_array_index (state.order_state.weighed, DisCodecOrderWeight, 0).quantity, ==, 1620);
  g_assert_null (state.order_state.sale_id);

  g_assert_true (dis_codec_change_decode (schedule_root, &schedule, NULL));
  g_assert_cmpuint (schedule.point_schedule.windows->len, ==, 1);
  g_assert_cmpuint (schedule.point_schedule.slots->len, ==, 2);
  slot = &g_array_index (schedule.point_schedule.slots, DisCodecDeliverySlot, 0);
  g_assert_cmpint (slot->capacity, ==, 12);
  g_assert_cmpint (slot->booked, ==, 1);
  g_assert_cmpuint (slot->comuni->len, ==, 2);
  g_assert_cmpstr (g_array_index (slot->comuni, const char *, 1), ==, "Moncalieri");
  g_assert_false (slot->has_radius);
  slot = &g_array_index (schedule.point_schedule.slots, DisCodecDeliverySlot, 1);
  g_assert_null (slot->comuni);
  g_assert_true (slot->has_radius);
  g_assert_cmpint (slot->radius_m, ==, 5000);

  g_assert_true (dis_codec_change_decode (order_root, &order, NULL));
  g_assert_cmpint (order.order.state, ==, DIS_CODEC_ORDER_STATE_REFUSED);
  g_assert_true (order.order.has_accepted_revision);
  g_assert_cmpint (order.order.accepted_revision, ==, 2);
  g_assert_true (order.order.has_reason);
  g_assert_cmpstr (order.order.reason_code, ==, DIS_CODEC_ORDER_SOLD_OUT);
  g_assert_cmpuint (order.order.lines->len, ==, 2);

  g_assert_true (dis_codec_change_decode (refused_root, &refused, NULL));
  g_assert_false (refused.order.has_accepted_revision);
  g_assert_cmpstr (refused.order.reason_code, ==, DIS_CODEC_ORDER_SLOT_FULL);
  g_assert_cmpuint (refused.order.lines->len, ==, 0);

  g_assert_true (dis_codec_change_decode (product_root, &product, NULL));
  g_assert_true (product.cycle_product.has_available);
  g_assert_cmpint (product.cycle_product.remaining, ==, 46000);
}

#define PLACED   "event-order-placed.json"
#define CANCEL   "event-order-cancelled.json"
#define STATE    "event-order-state.json"
#define CYCLE    "change-order-cycle.json"
#define PRODUCT  "change-cycle-product.json"
#define SCHEDULE "change-point-schedule.json"
#define ORDER    "change-order.json"
#define REFUSED  "change-order-refused.json"

static void
test_bounds (void)
{
  g_autofree char *text_max = g_strnfill (DIS_CODEC_ORDER_TEXT_MAX, 'a');
  g_autofree char *text_over = g_strnfill (DIS_CODEC_ORDER_TEXT_MAX + 1, 'a');
  g_autofree char *note_at = g_strdup_printf ("\"note\":\"%s\"", text_max);
  g_autofree char *note_past = g_strdup_printf ("\"note\":\"%s\"", text_over);
  g_autofree char *reason_past = g_strdup_printf ("\"reason\":\"%s\"", text_over);
  g_autoptr(GString) many = g_string_new ("\"lines\":[");
  g_autoptr(GString) too_many = NULL;
  const Edit edits[] = {
    { PLACED, "\"revision\":2", "\"revision\":1000000", NULL },
    { PLACED, "\"revision\":2", "\"revision\":1000001", "payload.revision" },
    { PLACED, "\"revision\":2", "\"revision\":0", "payload.revision" },
    { PLACED, "\"number\":17", "\"number\":1000000000", NULL },
    { PLACED, "\"number\":17", "\"number\":1000000001", "payload.number" },
    { PLACED, "\"till\":\"C1\",", "", NULL },
    { PLACED, "\"till\":\"C1\"", "\"till\":\"cassa-2.bis_3\"", NULL },
    { PLACED, "\"till\":\"C1\"", "\"till\":\"" "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC" "\"", NULL },
    { PLACED, "\"till\":\"C1\"", "\"till\":\"" "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC" "\"", "payload.till" },
    { PLACED, "\"till\":\"C1\"", "\"till\":\"\"", "payload.till" },
    { PLACED, "\"till\":\"C1\"", "\"till\":\"C 1\"", "payload.till" },
    { PLACED, "\"till\":\"C1\"", "\"till\":17", "payload.till" },
    { PLACED, "\"cycle\":3", "\"cycle\":2147483647", NULL },
    { PLACED, "\"cycle\":3", "\"cycle\":2147483648", "payload.cycle" },
    { PLACED, "\"member_card\":\"DS00000018\"", "\"member_card\":null", "payload.member_card" },
    { PLACED, "\"fulfilment\":\"delivery\"", "\"fulfilment\":\"post\"", "payload.fulfilment" },
    { PLACED, "\"fulfilment\":\"delivery\"", "\"fulfilment\":\"pickup\"", "payload.window" },
    { PLACED, "\"window\":null", "\"window\":\"W-SAB\"", "payload.window" },
    { PLACED, "\"address\":\"Via Roma 1, scala B\"", "\"address\":null", "payload.address" },
    { PLACED, "\"address\":\"Via Roma 1, scala B\"", "\"address\":\"\"", "payload.address" },
    { PLACED, "\"note\":null", note_at, NULL },
    { PLACED, "\"note\":null", note_past, "payload.note" },
    { PLACED, "\"note\":null", "\"lat\":45.07,\"lon\":7.68,\"note\":null", NULL },
    { PLACED, "\"note\":null", "\"lat\":45.07,\"note\":null", "payload.lon" },
    { PLACED, "\"note\":null", "\"lon\":7.68,\"note\":null", "payload.lat" },
    { PLACED, "\"note\":null", "\"lat\":91,\"lon\":7.68,\"note\":null", "payload.lat" },
    { PLACED, "\"quantity\":2000", "\"quantity\":0", "payload.lines[0].quantity" },
    { PLACED, "\"quantity\":2000", "\"quantity\":1000000001", "payload.lines[0].quantity" },
    { PLACED, "\"line_no\":2", "\"line_no\":1", "payload.lines[1].line_no" },
    { PLACED, "\"line_no\":2", "\"line_no\":201", "payload.lines[1].line_no" },
    { PLACED, "\"product_code\":\"F-MELE\"", "\"product_code\":\"B-PASTA-500\"", "payload.lines[1].product_code" },
    { PLACED, "\"lines\":[", "\"lines\":[],\"x\":[", "payload.lines" },
    { CANCEL, "\"reason\":\"Il socio è in ospedale\"", "\"reason\":null", NULL },
    { CANCEL, "\"reason\":\"Il socio è in ospedale\"", reason_past, "payload.reason" },
    { CANCEL, "\"revision\":3", "\"revision\":0", "payload.revision" },
    { STATE, "\"state\":\"ready\"", "\"state\":\"accepted\"", "payload.state" },
    { STATE, "\"state\":\"ready\"", "\"state\":\"handed_over\"", "payload.weighed" },
    { STATE, "\"weighed\":[{\"line_no\":2,\"quantity\":1620}]", "\"weighed\":[]", NULL },
    { STATE, "\"state\":\"ready\",\"weighed\":[{\"line_no\":2,\"quantity\":1620}],\"sale_id\":null",
      "\"state\":\"handed_over\",\"sale_id\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"", NULL },
    { STATE, "\"sale_id\":null", "\"sale_id\":\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"", "payload.sale_id" },
    { STATE, "\"quantity\":1620", "\"quantity\":-1", "payload.weighed[0].quantity" },
    { STATE, "{\"line_no\":2,\"quantity\":1620}", "{\"line_no\":2,\"quantity\":1620},{\"line_no\":2,\"quantity\":0}",
      "payload.weighed[1].line_no" },
    { CYCLE, "\"closes\":\"2024-05-08T00:00:00+02:00\"", "\"closes\":\"2024-05-01T00:00:00+02:00\"", "data.opens" },
    { CYCLE, "\"state\":\"open\"", "\"state\":\"draft\"", "data.state" },
    { CYCLE, "\"id\":3", "\"id\":0", "data.id" },
    { CYCLE, "\"op\":\"upsert\"", "\"op\":\"delete\"", "op" },
    { PRODUCT, "\"remaining\":46000", "\"remaining\":48001", "data.remaining" },
    { PRODUCT, "\"remaining\":46000", "\"remaining\":null", NULL },
    { PRODUCT, "\"available\":48000", "\"available\":null", "data.remaining" },
    { PRODUCT, "\"available\":48000,\"remaining\":46000", "\"available\":null,\"remaining\":null", NULL },
    { PRODUCT, "\"available\":48000", "\"available\":-1", "data.available" },
    { SCHEDULE, "\"capacity\":12", "\"capacity\":10000", NULL },
    { SCHEDULE, "\"capacity\":12", "\"capacity\":10001", "data.slots[0].capacity" },
    { SCHEDULE, "\"capacity\":12", "\"capacity\":0", "data.slots[0].capacity" },
    { SCHEDULE, "\"radius_m\":5000", "\"radius_m\":100001", "data.slots[1].radius_m" },
    { SCHEDULE, "\"comuni\":[\"Torino\",\"Moncalieri\"]", "\"comuni\":[]", "data.slots[0].comuni" },
    { SCHEDULE, "\"comuni\":[\"Torino\",\"Moncalieri\"]", "\"comuni\":[\"\"]", "data.slots[0].comuni[0]" },
    { SCHEDULE, "\"comuni\":[\"Torino\",\"Moncalieri\"]", "\"comuni\":[7]", "data.slots[0].comuni[0]" },
    { SCHEDULE, "\"cutoff\":\"2024-05-13T18:00:00+02:00\"", "\"cutoff\":\"2024-05-14T15:00:01+02:00\"",
      "data.slots[0].cutoff" },
    { SCHEDULE, "\"code\":\"S-GIO\"", "\"code\":\"S-MAR-POM\"", "data.slots[1].code" },
    { SCHEDULE, "\"ends\":\"2024-05-11T12:30:00+02:00\"", "\"ends\":\"2024-05-11T09:00:00+02:00\"",
      "data.windows[0].starts" },
    { ORDER, "\"allotted\":1500", "\"allotted\":1501", "data.lines[1].allotted" },
    { ORDER, "\"allotted\":1500", "\"allotted\":0", NULL },
    { ORDER, "\"accepted_revision\":2", "\"accepted_revision\":4", "data.accepted_revision" },
    { ORDER, "\"reason\":{\"code\":\"sold_out\",\"message\":\"Non sono rimaste abbastanza F-MELE\"}",
      "\"reason\":null", "data.reason" },
    { ORDER, "\"code\":\"sold_out\"", "\"code\":\"sold out\"", "data.reason.code" },
    { ORDER, "\"state\":\"refused\"", "\"state\":\"waiting\"", "data.state" },
    { REFUSED, "\"lines\":[]", "\"lines\":null", "data.lines" },
  };

  run_edits (edits, G_N_ELEMENTS (edits));

  /* 200 lines at most. */
  for (guint i = 1; i <= DIS_CODEC_ORDER_LINES_MAX; i++)
    g_string_append_printf (many, "%s{\"line_no\":%u,\"product_code\":\"P-%04u\",\"quantity\":1000}",
                            i > 1 ? "," : "", i, i);
  too_many = g_string_new (many->str);
  g_string_append (too_many, ",{\"line_no\":1,\"product_code\":\"P-9999\",\"quantity\":1000}]");
  g_string_append (many, "]");
  {
    g_autofree char *old_lines = NULL;
    const char *start;
    g_autofree char *text = codec_golden (PLACED);
    Edit edit[2];

    start = strstr (text, "\"lines\":[");
    old_lines = g_strndup (start, strlen (start) - 2);   /* without "}}" */
    edit[0] = (Edit) { PLACED, old_lines, many->str, NULL };
    edit[1] = (Edit) { PLACED, old_lines, too_many->str, "payload.lines" };
    run_edits (edit, 2);
  }
}

/* The encoders refuse what the decoders would. */
static void
test_encode_refuses (void)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (DisCodecOrderLine));
  DisCodecOrderLine line = { 1, "P-0001", 1000 };
  DisCodecOrderPlaced placed = {
    "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b", "TO-CEN", "C1", 1, 1, "C1", 1, "DS00000018", DIS_TIER_EQUA,
    DIS_CODEC_FULFILMENT_PICKUP, NULL, NULL, NULL, NULL, FALSE, 0, 0, NULL, 1, "Anna",
    "2024-05-06T09:25:00+02:00", lines,
  };
  DisCodecOrderCycle cycle = { 1, "Settimana", "2024-05-08T00:00:00+02:00", "2024-05-01T00:00:00+02:00",
                               DIS_CODEC_CYCLE_OPEN };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_array_append_val (lines, line);
  g_assert_null (dis_codec_order_placed_to_node (&placed, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "payload.window:"));
  g_clear_error (&error);
  placed.window = "W-SAB";
  node = dis_codec_order_placed_to_node (&placed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  g_assert_null (dis_codec_order_cycle_to_node (&cycle, &error));
  g_assert_error (error, DIS_CODEC_ERROR, DIS_CODEC_ERROR_INVALID);
}

void
codec_add_orders_tests (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_files); i++)
    {
      g_autofree char *path = g_strconcat ("/codec/orders/golden/", event_files[i], NULL);

      g_test_add_data_func (path, event_files[i], test_event_golden);
    }
  for (guint i = 0; i < G_N_ELEMENTS (change_files); i++)
    {
      g_autofree char *path = g_strconcat ("/codec/orders/golden/", change_files[i], NULL);

      g_test_add_data_func (path, change_files[i], test_change_golden);
    }
  g_test_add_func ("/codec/orders/values", test_values);
  g_test_add_func ("/codec/orders/bounds", test_bounds);
  g_test_add_func ("/codec/orders/encode-refuses", test_encode_refuses);
}
