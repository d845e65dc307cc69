/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-orders"

#include "config.h"

#include "dis-codec.h"
#include "dis-store-orders.h"
#include "dis-store-sync.h"
#include "dis-test-util.h"
#include "store-test-util.h"
#include "store-test-fixture.h"

/* Member orders at the point (issue 13): the migration, each change of
 * the feed, saving, editing and cancelling with their events, the state
 * rules, the hand-over inside the sale's transaction, lookups and the
 * uncollected list. */

#define CARD DIS_TEST_ELIGIBLE_CARD
#define CYCLE 7

/* ISO 8601 UTC of now + @seconds. */
static char *
at (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static void
apply (Fixture    *f,
       const char *page)
{
  static gint64 next = 0;

  test_store_apply_changes (f->store, page, ++next);
}

/* The point delivers; cycle 7 is open (caffè: 10 left of 20, mele
 * unlimited, passata: 2 left); window W1 (this morning, over) and W2
 * (tomorrow), slot S1 (capacity 2, 1 booked) and S2 (full), S3 (its
 * cut-off passed); another point's schedule that must not count. */
static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *opens = at (-3600), *closes = at (86400);
  g_autofree char *w1s = at (-7200), *w1e = at (-60), *w2s = at (86400), *w2e = at (90000);
  g_autofree char *s1c = at (3600), *s1s = at (7200), *s1e = at (10800), *s3c = at (-60);
  g_autofree char *page = NULL;
  DisPointRecord point = { .code = "TO-TEST", .name = "Bottega di prova", .kind = "shop",
                           .address = "Via Roma 1", .comune = "Torino", .lat_e6 = 45070000,
                           .lon_e6 = 7680000, .home_delivery = TRUE };
  g_autoptr(GError) error = NULL;

  fixture_setup (f, data);
  g_assert_true (dis_store_upsert_point (f->store, &point, &error));
  g_assert_no_error (error);
  page = g_strdup_printf (
    "[{\"seq\":1,\"kind\":\"order_cycle\",\"op\":\"upsert\",\"data\":{\"id\":%d,\"name\":\"Dicembre\","
    "\"opens\":\"%s\",\"closes\":\"%s\",\"state\":\"open\"}},"
    "{\"seq\":2,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":%d,\"product\":\"B-CAFFE\","
    "\"available\":20000,\"remaining\":10000}},"
    "{\"seq\":3,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":%d,\"product\":\"B-MELE\","
    "\"available\":null,\"remaining\":null}},"
    "{\"seq\":4,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":%d,\"product\":\"B-PASSATA\","
    "\"available\":5000,\"remaining\":2000}},"
    "{\"seq\":5,\"kind\":\"point_schedule\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-TEST\","
    "\"windows\":[{\"code\":\"W1\",\"starts\":\"%s\",\"ends\":\"%s\"},{\"code\":\"W2\",\"starts\":\"%s\",\"ends\":\"%s\"}],"
    "\"slots\":[{\"code\":\"S1\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":2,\"booked\":1,"
    "\"comuni\":[\"Torino\",\"Moncalieri\"],\"radius_m\":null},"
    "{\"code\":\"S2\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":3,\"booked\":3,"
    "\"comuni\":null,\"radius_m\":5000},"
    "{\"code\":\"S3\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":3,\"booked\":0,"
    "\"comuni\":null,\"radius_m\":null}]}},"
    "{\"seq\":6,\"kind\":\"point_schedule\",\"op\":\"upsert\",\"data\":{\"point\":\"TO-ALTRO\","
    "\"windows\":[{\"code\":\"X1\",\"starts\":\"%s\",\"ends\":\"%s\"}],\"slots\":[]}}]",
    CYCLE, opens, closes, CYCLE, CYCLE, CYCLE, w1s, w1e, w2s, w2e, s1s, s1e, s1c, s1s, s1e, s1c,
    s1s, s1e, s3c, w2s, w2e);
  apply (f, page);
  g_assert_cmpint (dis_store_sync_count_unapplied (f->store, NULL), ==, 0);
}

static DisOrderDraft *
pickup_draft (const char *window)
{
  DisOrderDraft *draft = dis_order_draft_new (NULL, CYCLE, CARD, DIS_TIER_EQUA);

  dis_order_draft_set_pickup (draft, window);
  dis_order_draft_set_line (draft, "B-CAFFE", 2000);
  dis_order_draft_set_line (draft, "B-MELE", 1500);
  return draft;
}

static DisOrder *
save (Fixture             *f,
      const DisOrderDraft *draft)
{
  g_autoptr(GError) error = NULL;
  DisOrder *order = dis_store_orders_save (f->store, fixture_manager (f), draft, &error);

  g_assert_no_error (error);
  g_assert_nonnull (order);
  return order;
}

static void
save_fails (Fixture             *f,
            const DisOrderDraft *draft,
            const char          *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOrder) order = dis_store_orders_save (f->store, fixture_manager (f), draft, &error);

  g_assert_null (order);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, message_part));
}

/* The payload of the last outbox event of @type, decoded. */
static JsonObject *
last_event (Fixture    *f,
            const char *type)
{
  sqlite3 *db = test_db_open (f->path);
  sqlite3_stmt *stmt = NULL;
  JsonNode *node;
  JsonObject *object;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT payload FROM outbox WHERE type = ?1 ORDER BY seq DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  node = dis_codec_parse ((const char *) sqlite3_column_text (stmt, 0), -1, NULL);
  g_assert_nonnull (node);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  sqlite3 *db = test_db_open (f->path);
  gint64 n = test_db_int (db, sql);

  sqlite3_close (db);
  return n;
}

static void
verdict (Fixture    *f,
         DisOrder   *order,
         const char *point,
         guint       revision,
         const char *state,
         const char *accepted_revision,
         const char *reason,
         const char *lines)
{
  static gint64 seq = 100;
  g_autofree char *page = g_strdup_printf (
    "[{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"order\",\"op\":\"upsert\",\"data\":{\"id\":\"%s\",\"point\":\"%s\","
    "\"revision\":%u,\"state\":\"%s\",\"accepted_revision\":%s,\"reason\":%s,\"lines\":%s}}]",
    ++seq, dis_order_get_id (order), point, revision, state, accepted_revision, reason, lines);

  apply (f, page);
  g_assert_cmpint (dis_store_sync_count_unapplied (f->store, NULL), ==, 0);
}

static DisOrder *
reread (Fixture  *f,
        DisOrder *order)
{
  g_autoptr(GError) error = NULL;
  DisOrder *again = dis_store_orders_get (f->store, dis_order_get_id (order), &error);

  g_assert_no_error (error);
  return again;
}

/* ---- The migration and the feed ---------------------------------------------- */

static void
test_feed (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cycles = dis_store_orders_list_cycles (f->store, FALSE, &error);
  g_autoptr(DisOrderSchedule) schedule = NULL;
  g_autofree char *opens = at (-7200), *closes = at (-3600);
  g_autofree char *page = NULL;
  DisCycle *cycle;
  DisCycleProduct *caffe, *mele;
  DisDeliverySlot *s1;

  g_assert_cmpint (dis_store_get_schema_version (f->store), >=, 12);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sqlite_master WHERE name IN ('order_cycles', 'cycle_products',"
                             " 'pickup_windows', 'delivery_slots', 'orders', 'order_lines', 'order_revisions')"), ==, 7);

  g_assert_no_error (error);
  g_assert_cmpuint (cycles->len, ==, 1);
  cycle = g_ptr_array_index (cycles, 0);
  g_assert_cmpint (dis_cycle_get_id (cycle), ==, CYCLE);
  g_assert_cmpstr (dis_cycle_get_name (cycle), ==, "Dicembre");
  g_assert_true (dis_cycle_is_open_at (cycle, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (dis_cycle_get_products (cycle)), ==, 3);
  caffe = dis_cycle_find_product (cycle, "B-CAFFE");
  mele = dis_cycle_find_product (cycle, "B-MELE");
  g_assert_cmpint (dis_cycle_product_get_available (caffe), ==, 20000);
  g_assert_cmpint (dis_cycle_product_get_remaining (caffe), ==, 10000);
  g_assert_cmpint (dis_cycle_product_get_remaining (mele), ==, -1);
  g_assert_cmpint (dis_cycle_product_get_unit (mele), ==, DIS_UNIT_KG);
  g_assert_cmpint (dis_cycle_product_get_price (caffe, DIS_TIER_EQUA), ==, 450);
  g_assert_null (dis_cycle_find_product (cycle, "B-OLIO"));

  schedule = dis_store_orders_get_schedule (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (dis_order_schedule_get_home_delivery (schedule));
  /* The other point's window is not this point's. */
  g_assert_cmpuint (g_list_model_get_n_items (dis_order_schedule_get_windows (schedule)), ==, 2);
  g_assert_null (dis_order_schedule_find_window (schedule, "X1"));
  g_assert_cmpuint (g_list_model_get_n_items (dis_order_schedule_get_slots (schedule)), ==, 3);
  s1 = dis_order_schedule_find_slot (schedule, "S1");
  g_assert_cmpuint (dis_delivery_slot_get_capacity (s1), ==, 2);
  g_assert_cmpuint (dis_delivery_slot_get_booked (s1), ==, 1);
  g_assert_cmpstr (dis_delivery_slot_get_comuni (s1)[1], ==, "Moncalieri");
  g_assert_true (dis_delivery_slot_is_bookable (s1, NULL));
  g_assert_false (dis_delivery_slot_is_bookable (dis_order_schedule_find_slot (schedule, "S2"), NULL));
  g_assert_cmpuint (dis_delivery_slot_get_radius_m (dis_order_schedule_find_slot (schedule, "S2")), ==, 5000);

  /* A new remaining replaces the old; a closed cycle leaves the open list. */
  apply (f, "[{\"seq\":20,\"kind\":\"cycle_product\",\"op\":\"upsert\",\"data\":{\"cycle\":7,"
            "\"product\":\"B-CAFFE\",\"available\":20000,\"remaining\":4000}}]");
  page = g_strdup_printf ("[{\"seq\":21,\"kind\":\"order_cycle\",\"op\":\"upsert\",\"data\":{\"id\":8,"
                          "\"name\":\"Novembre\",\"opens\":\"%s\",\"closes\":\"%s\",\"state\":\"closed\"}}]",
                          opens, closes);
  apply (f, page);
  g_clear_pointer (&cycles, g_ptr_array_unref);
  cycles = dis_store_orders_list_cycles (f->store, FALSE, &error);
  g_assert_cmpuint (cycles->len, ==, 1);
  cycle = g_ptr_array_index (cycles, 0);
  g_assert_cmpint (dis_cycle_product_get_remaining (dis_cycle_find_product (cycle, "B-CAFFE")), ==, 4000);
  g_clear_pointer (&cycles, g_ptr_array_unref);
  cycles = dis_store_orders_list_cycles (f->store, TRUE, &error);
  g_assert_cmpuint (cycles->len, ==, 2);
  g_assert_true (dis_cycle_get_closed (g_ptr_array_index (cycles, 1)));
}

/* ---- Saving, editing, cancelling ----------------------------------------------- */

static void
test_save_and_edit (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DisOrderDraft) draft = pickup_draft ("W2");
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(DisOrder) edited = NULL;
  g_autoptr(DisOrderDraft) edit = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GPtrArray) cycles = dis_store_orders_list_cycles (f->store, FALSE, NULL);
  gboolean approximate = FALSE;
  guint unknown = 9;
  JsonArray *lines;

  /* The estimate: 2 caffè at 4.50 and 1.5 kg of mele at 19.90 the kg, each line rounded. */
  g_assert_cmpint (dis_store_orders_estimate (g_ptr_array_index (cycles, 0), draft, &approximate, &unknown),
                   ==, 900 + 2985);
  g_assert_true (approximate);
  g_assert_cmpuint (unknown, ==, 0);

  order = save (f, draft);
  g_assert_cmpint (dis_order_get_state (order), ==, DIS_ORDER_WAITING);
  g_assert_cmpuint (dis_order_get_number (order), ==, 1);
  g_assert_cmpstr (dis_order_get_till (order), ==, "C1");
  g_assert_cmpstr (dis_order_get_barcode (order), ==, "ORD1-C1");
  g_assert_cmpstr (dis_order_get_reference (order), ==, "1-C1");
  g_assert_cmpuint (dis_order_get_revision (order), ==, 1);
  g_assert_cmpstr (dis_order_get_cycle_name (order), ==, "Dicembre");
  g_assert_cmpstr (dis_order_get_place_code (order), ==, "W2");
  g_assert_nonnull (dis_order_get_place_ends (order));
  g_assert_nonnull (dis_order_get_member_name (order));
  g_assert_cmpuint (dis_order_get_n_lines (order), ==, 2);
  g_assert_cmpint (dis_order_get_total (order), ==, 3885);
  g_assert_cmpint (dis_order_get_total_at_order (order), ==, 3885);
  g_assert_true (dis_order_get_total_estimated (order));
  g_assert_true (dis_order_is_editable (order, NULL));

  /* Its order.placed event, in the same transaction, through the codec. */
  event = last_event (f, "order.placed");
  {
    g_auto(DisCodecOrderPlaced) placed = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_true (dis_codec_order_placed_decode (event, &placed, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (placed.id, ==, dis_order_get_id (order));
    g_assert_cmpstr (placed.point, ==, "TO-TEST");
    g_assert_cmpint (placed.revision, ==, 1);
    g_assert_cmpint (placed.number, ==, 1);
    g_assert_cmpint (placed.cycle, ==, CYCLE);
    g_assert_cmpstr (placed.window, ==, "W2");
    g_assert_null (placed.slot);
    g_assert_cmpuint (placed.lines->len, ==, 2);
    g_assert_cmpstr (g_array_index (placed.lines, DisCodecOrderLine, 1).product_code, ==, "B-MELE");
    g_assert_cmpint (g_array_index (placed.lines, DisCodecOrderLine, 1).quantity, ==, 1500);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'order.placed'"), ==, 1);

  /* An edit: revision 2, the whole order again, delivery now. */
  edit = dis_order_draft_new_from_order (order);
  dis_order_draft_set_line (edit, "B-MELE", 0);
  dis_order_draft_set_line (edit, "B-PASSATA", 2000);
  dis_order_draft_set_delivery (edit, "S1", "Via Po 3", "Torino", TRUE, 45068000, 7693000);
  edited = save (f, edit);
  g_assert_cmpstr (dis_order_get_id (edited), ==, dis_order_get_id (order));
  g_assert_cmpuint (dis_order_get_number (edited), ==, 1);
  g_assert_cmpuint (dis_order_get_revision (edited), ==, 2);
  g_assert_cmpint (dis_order_get_fulfilment (edited), ==, DIS_FULFILMENT_DELIVERY);
  g_assert_cmpstr (dis_order_get_address (edited), ==, "Via Po 3");
  g_assert_nonnull (dis_order_get_place_cutoff (edited));
  g_assert_cmpint (dis_order_get_total (edited), ==, 900 + 460);
  g_assert_false (dis_order_get_total_estimated (edited));
  g_clear_pointer (&event, json_object_unref);
  event = last_event (f, "order.placed");
  g_assert_cmpint (json_object_get_int_member (event, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (event, "slot"), ==, "S1");
  g_assert_true (json_object_has_member (event, "lat") && json_object_has_member (event, "lon"));
  lines = json_object_get_array_member (event, "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'order.placed'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM order_revisions"), ==, 2);

  /* A second order takes the next number. */
  {
    g_autoptr(DisOrderDraft) second = pickup_draft ("W1");
    g_autoptr(DisOrder) two = save (f, second);

    g_assert_cmpuint (dis_order_get_number (two), ==, 2);
  }
}

static void
test_save_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DisOrderDraft) draft = pickup_draft ("W2");
  g_autoptr(DisOrderDraft) other_cycle = dis_order_draft_new (NULL, 99, CARD, DIS_TIER_EQUA);
  g_autoptr(DisOrderDraft) stranger = dis_order_draft_new (NULL, CYCLE, "DS00000018", DIS_TIER_EQUA);

  dis_order_draft_set_line (draft, "B-OLIO", 1000);
  save_fails (f, draft, "B-OLIO");
  dis_order_draft_set_line (draft, "B-OLIO", 0);

  /* 2 passate left across the network. */
  dis_order_draft_set_line (draft, "B-PASSATA", 3000);
  save_fails (f, draft, "left");
  dis_order_draft_set_line (draft, "B-PASSATA", 0);

  dis_order_draft_set_pickup (draft, "X1");
  save_fails (f, draft, "pickup window");
  dis_order_draft_set_delivery (draft, "S1", NULL, NULL, FALSE, 0, 0);
  save_fails (f, draft, "address");
  dis_order_draft_set_delivery (draft, "S2", "Via Po 3", "Torino", FALSE, 0, 0);
  save_fails (f, draft, "full");
  dis_order_draft_set_delivery (draft, "S3", "Via Po 3", "Torino", FALSE, 0, 0);
  save_fails (f, draft, "closed");

  dis_order_draft_set_pickup (other_cycle, "W2");
  dis_order_draft_set_line (other_cycle, "B-CAFFE", 1000);
  save_fails (f, other_cycle, "not taking orders");
  dis_order_draft_set_pickup (stranger, "W2");
  dis_order_draft_set_line (stranger, "B-CAFFE", 1000);
  save_fails (f, stranger, "DS00000018");

  /* Nobody signed in takes orders. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DisOrder) none = NULL;
    g_autoptr(DisOrderDraft) good = pickup_draft ("W2");

    none = dis_store_orders_save (f->store, NULL, good, &error);
    g_assert_null (none);
    g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM orders"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type LIKE 'order.%'"), ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DisOrderDraft) draft = pickup_draft ("W2");
  g_autoptr(DisOrder) order = save (f, draft);
  g_autoptr(DisOrder) cancelled = NULL;
  g_autoptr(DisOrder) again = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GError) error = NULL;

  cancelled = dis_store_orders_cancel (f->store, fixture_manager (f), dis_order_get_id (order),
                                       "Ha cambiato idea", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dis_order_get_state (cancelled), ==, DIS_ORDER_CANCELLED);
  g_assert_cmpuint (dis_order_get_revision (cancelled), ==, 2);
  event = last_event (f, "order.cancelled");
  g_assert_cmpstr (json_object_get_string_member (event, "id"), ==, dis_order_get_id (order));
  g_assert_cmpint (json_object_get_int_member (event, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (event, "reason"), ==, "Ha cambiato idea");

  /* Once cancelled, neither cancelled again nor edited. */
  again = dis_store_orders_cancel (f->store, fixture_manager (f), dis_order_get_id (order), NULL, &error);
  g_assert_null (again);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(DisOrderDraft) edit = dis_order_draft_new_from_order (cancelled);

    save_fails (f, edit, "no longer");
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'order.cancelled'"), ==, 1);
}

/* ---- The hub's word ------------------------------------------------------------- */

static void
test_verdicts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DisOrderDraft) draft = pickup_draft ("W2");
  g_autoptr(DisOrder) order = save (f, draft);
  g_autoptr(DisOrder) now = NULL;
  g_autoptr(DisOrderDraft) edit = NULL;
  g_autoptr(DisOrder) edited = NULL;
  DisOrderLine *line;

  /* Another point's verdict on the same id is not this point's. */
  verdict (f, order, "TO-ALTRO", 1, "refused", "null",
           "{\"code\":\"sold_out\",\"message\":\"Esaurito\"}", "[]");
  now = reread (f, order);
  g_assert_cmpint (dis_order_get_state (now), ==, DIS_ORDER_WAITING);
  g_clear_object (&now);

  verdict (f, order, "TO-TEST", 1, "accepted", "1", "null",
           "[{\"line_no\":1,\"product\":\"B-CAFFE\",\"ordered\":2000,\"allotted\":2000},"
           "{\"line_no\":2,\"product\":\"B-MELE\",\"ordered\":1500,\"allotted\":1500}]");
  now = reread (f, order);
  g_assert_cmpint (dis_order_get_state (now), ==, DIS_ORDER_ACCEPTED);
  g_assert_cmpuint (dis_order_get_accepted_revision (now), ==, 1);
  g_assert_cmpint (dis_order_line_get_allotted (dis_order_find_line (now, 1)), ==, -1);

  /* An edit the hub refuses: the order is back as the hub holds it. */
  edit = dis_order_draft_new_from_order (now);
  dis_order_draft_set_line (edit, "B-CAFFE", 9000);
  edited = save (f, edit);
  g_assert_cmpint (dis_order_get_state (edited), ==, DIS_ORDER_WAITING);
  /* A late verdict on revision 1 changes nothing of revision 2's wait. */
  verdict (f, order, "TO-TEST", 1, "accepted", "1", "null", "[]");
  g_clear_object (&now);
  now = reread (f, order);
  g_assert_cmpint (dis_order_get_state (now), ==, DIS_ORDER_WAITING);

  verdict (f, order, "TO-TEST", 2, "refused", "1",
           "{\"code\":\"sold_out\",\"message\":\"Caffè esaurito\"}",
           "[{\"line_no\":1,\"product\":\"B-CAFFE\",\"ordered\":2000,\"allotted\":2000},"
           "{\"line_no\":2,\"product\":\"B-MELE\",\"ordered\":1500,\"allotted\":1500}]");
  g_clear_object (&now);
  now = reread (f, order);
  g_assert_cmpint (dis_order_get_state (now), ==, DIS_ORDER_ACCEPTED);
  g_assert_cmpstr (dis_order_get_reason_code (now), ==, "sold_out");
  g_assert_cmpstr (dis_order_get_reason_message (now), ==, "Caffè esaurito");
  g_assert_cmpint (dis_order_line_get_ordered (dis_order_find_line (now, 1)), ==, 2000);
  g_assert_cmpuint (dis_order_get_revision (now), ==, 2);

  /* A shortage: the hub allots less of the mele. */
  verdict (f, order, "TO-TEST", 2, "accepted", "1",
           "{\"code\":\"shortage\",\"message\":\"Consegnate meno mele\"}",
           "[{\"line_no\":1,\"product\":\"B-CAFFE\",\"ordered\":2000,\"allotted\":2000},"
           "{\"line_no\":2,\"product\":\"B-MELE\",\"ordered\":1500,\"allotted\":1000}]");
  g_clear_object (&now);
  now = reread (f, order);
  line = dis_order_find_line (now, 2);
  g_assert_cmpint (dis_order_line_get_allotted (line), ==, 1000);
  g_assert_cmpint (dis_order_line_get_quantity (line), ==, 1000);
  g_assert_cmpint (dis_order_line_get_allotted (dis_order_find_line (now, 1)), ==, -1);
  g_assert_cmpstr (dis_order_get_reason_code (now), ==, "shortage");

  /* A new order refused outright. */
  {
    g_autoptr(DisOrderDraft) second = pickup_draft ("W2");
    g_autoptr(DisOrder) two = save (f, second);
    g_autoptr(DisOrder) refused = NULL;

    verdict (f, two, "TO-TEST", 1, "refused", "null",
             "{\"code\":\"not_eligible\",\"message\":\"Fascia non ammessa\"}", "[]");
    refused = reread (f, two);
    g_assert_cmpint (dis_order_get_state (refused), ==, DIS_ORDER_REFUSED);
    g_assert_cmpstr (dis_order_get_reason_code (refused), ==, "not_eligible");
    g_assert_true (dis_order_is_editable (refused, NULL));
  }
}

/* ---- Preparation, delivery, hand-over ---------------------------------------------- */

static DisOrder *
accepted_order (Fixture             *f,
                const DisOrderDraft *draft)
{
  g_autoptr(DisOrder) order = save (f, draft);

  verdict (f, order, "TO-TEST", 1, "accepted", "1", "null", "[]");
  return reread (f, order);
}

static DisOrder *
move (Fixture       *f,
      DisOrder      *order,
      DisOrderState  state,
      GArray        *weighed)
{
  g_autoptr(GError) error = NULL;
  DisOrder *moved = dis_store_orders_set_state (f->store, fixture_manager (f), dis_order_get_id (order),
                                                state, weighed, &error);

  g_assert_no_error (error);
  g_assert_cmpint (dis_order_get_state (moved), ==, state);
  return moved;
}

static void
move_fails (Fixture       *f,
            DisOrder      *order,
            DisOrderState  state,
            GArray        *weighed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisOrder) moved = dis_store_orders_set_state (f->store, fixture_manager (f),
                                                          dis_order_get_id (order), state, weighed, &error);

  g_assert_null (moved);
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
}

static void
test_states (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DisOrderDraft) draft = pickup_draft ("W2");
  g_autoptr(DisOrder) waiting = save (f, draft);
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(DisOrder) ready = NULL;
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (DisOrderWeight));
  g_autoptr(JsonObject) event = NULL;
  DisOrderWeight piece = { 1, 2000 }, mele = { 2, 1620 };

  /* Not before the hub accepted it, never to handed_over by hand. */
  move_fails (f, waiting, DIS_ORDER_READY, NULL);
  g_clear_object (&waiting);
  order = accepted_order (f, draft);
  move_fails (f, order, DIS_ORDER_HANDED_OVER, NULL);
  move_fails (f, order, DIS_ORDER_OUT_FOR_DELIVERY, NULL);

  /* A piece line cannot be weighed. */
  g_array_append_val (weights, piece);
  move_fails (f, order, DIS_ORDER_READY, weights);
  g_array_set_size (weights, 0);
  g_array_append_val (weights, mele);
  ready = move (f, order, DIS_ORDER_READY, weights);
  g_assert_cmpint (dis_order_line_get_weighed (dis_order_find_line (ready, 2)), ==, 1620);
  /* The price follows the weight: 1.620 kg at 19.90 is 32.24. */
  g_assert_cmpint (dis_order_get_total (ready), ==, 900 + 3224);
  g_assert_cmpint (dis_order_get_total_at_order (ready), ==, 900 + 2985);
  g_assert_false (dis_order_get_total_estimated (ready));
  event = last_event (f, "order.state");
  g_assert_cmpstr (json_object_get_string_member (event, "state"), ==, "ready");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (event, "weighed")), ==, 1);

  /* Ready is past editing and cancelling; a pickup is never delivered. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DisOrder) none = dis_store_orders_cancel (f->store, fixture_manager (f),
                                                        dis_order_get_id (ready), NULL, &error);

    g_assert_null (none);
    g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  }
  move_fails (f, ready, DIS_ORDER_OUT_FOR_DELIVERY, NULL);

  /* A delivery goes out and arrives. */
  {
    g_autoptr(DisOrderDraft) home = pickup_draft ("W2");
    g_autoptr(DisOrder) accepted = NULL;
    g_autoptr(DisOrder) prepared = NULL;
    g_autoptr(DisOrder) out = NULL;
    g_autoptr(DisOrder) delivered = NULL;

    dis_order_draft_set_delivery (home, "S1", "Via Po 3", "Torino", FALSE, 0, 0);
    accepted = accepted_order (f, home);
    move_fails (f, accepted, DIS_ORDER_DELIVERED, NULL);
    prepared = move (f, accepted, DIS_ORDER_READY, NULL);
    out = move (f, prepared, DIS_ORDER_OUT_FOR_DELIVERY, NULL);
    delivered = move (f, out, DIS_ORDER_DELIVERED, NULL);
    g_assert_false (dis_order_get_paid (delivered));
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'order.state'"), ==, 4);
}

/* A sale at the till of the order's lines, for @card. */
static DisSale *
order_sale (Fixture    *f,
            DisOrder   *order,
            const char *card)
{
  g_autoptr(DisCart) cart = dis_cart_new ();
  DisSale *sale;

  dis_cart_set_tier (cart, dis_order_get_tier (order));
  for (guint i = 0; i < dis_order_get_n_lines (order); i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (dis_order_get_lines (order), i);
      g_autoptr(DisProduct) product = dis_store_lookup_product (f->store, dis_order_line_get_product_id (line),
                                                                NULL);

      dis_cart_add (cart, product, dis_order_line_get_quantity (line), FALSE);
    }
  dis_cart_set_order_id (cart, dis_order_get_id (order));
  sale = dis_sale_new_from_cart (cart);
  g_assert_cmpstr (sale->order_id, ==, dis_order_get_id (order));
  sale->member_card = g_strdup (card);
  dis_sale_add_payment (sale, DIS_PAYMENT_CASH, sale->total);
  return sale;
}

static void
test_hand_over (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DisOrderDraft) draft = pickup_draft ("W2");
  g_autoptr(DisOrder) accepted = NULL;
  g_autoptr(DisOrder) ready = NULL;
  g_autoptr(DisOrder) handed = NULL;
  g_autoptr(DisSale) early = NULL;
  g_autoptr(DisSale) stranger = NULL;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(DisSale) twice = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GError) error = NULL;

  open_day (f, 0);
  accepted = accepted_order (f, draft);

  /* Not ready yet: the sale fails whole. */
  early = order_sale (f, accepted, CARD);
  g_assert_false (dis_store_commit_sale (f->store, early, fixture_manager (f), &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);

  ready = move (f, accepted, DIS_ORDER_READY, NULL);
  /* Another member's sale does not take it, and leaves no sale. */
  stranger = order_sale (f, ready, NULL);
  g_assert_false (dis_store_commit_sale (f->store, stranger, fixture_manager (f), &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sales"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'sale.committed'"), ==, 0);

  sale = order_sale (f, ready, CARD);
  g_assert_true (dis_store_commit_sale (f->store, sale, fixture_manager (f), &error));
  g_assert_no_error (error);
  handed = reread (f, ready);
  g_assert_cmpint (dis_order_get_state (handed), ==, DIS_ORDER_HANDED_OVER);
  /* The receipt names the order: at commit, and loaded again to reprint. */
  g_assert_cmpstr (sale->order_label, ==, dis_order_get_barcode (ready));
  {
    g_autoptr(DisSale) again = dis_store_load_sale (f->store, sale->receipt_no, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->order_label, ==, "ORD1-C1");
    g_assert_cmpstr (again->order_id, ==, dis_order_get_id (ready));
  }
  g_assert_cmpstr (dis_order_get_sale_id (handed), ==, sale->id);
  g_assert_true (dis_order_get_paid (handed));
  event = last_event (f, "order.state");
  g_assert_cmpstr (json_object_get_string_member (event, "state"), ==, "handed_over");
  g_assert_cmpstr (json_object_get_string_member (event, "sale_id"), ==, sale->id);
  /* The sale's event first, the order's right after, in one transaction. */
  g_assert_cmpint (count (f, "SELECT (SELECT seq FROM outbox WHERE type = 'order.state'"
                             " AND payload LIKE '%handed_over%') - (SELECT seq FROM outbox"
                             " WHERE type = 'sale.committed')"), ==, 1);

  /* Handed over once only. */
  twice = order_sale (f, handed, CARD);
  g_assert_false (dis_store_commit_sale (f->store, twice, fixture_manager (f), &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sales"), ==, 1);

  /* A delivered order is paid at the till afterwards the same way. */
  {
    g_autoptr(DisOrderDraft) home = pickup_draft ("W2");
    g_autoptr(DisOrder) a = NULL, r = NULL, o = NULL, d = NULL, paid = NULL;
    g_autoptr(DisSale) pay = NULL;
    g_autoptr(GError) pay_error = NULL;

    dis_order_draft_set_delivery (home, "S1", "Via Po 3", "Torino", FALSE, 0, 0);
    a = accepted_order (f, home);
    r = move (f, a, DIS_ORDER_READY, NULL);
    o = move (f, r, DIS_ORDER_OUT_FOR_DELIVERY, NULL);
    d = move (f, o, DIS_ORDER_DELIVERED, NULL);
    pay = order_sale (f, d, CARD);
    g_assert_true (dis_store_commit_sale (f->store, pay, fixture_manager (f), &pay_error));
    g_assert_no_error (pay_error);
    paid = reread (f, d);
    g_assert_cmpint (dis_order_get_state (paid), ==, DIS_ORDER_DELIVERED);
    g_assert_cmpstr (dis_order_get_sale_id (paid), ==, pay->id);
  }
}

/* ---- Lookups and lists ---------------------------------------------------------------- */

static void
test_lookup_and_lists (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DisOrderDraft) first = pickup_draft ("W1");
  g_autoptr(DisOrderDraft) second = pickup_draft ("W2");
  g_autoptr(DisOrderDraft) home = pickup_draft ("W2");
  g_autoptr(DisOrder) one = NULL, two = NULL, three = NULL, ready = NULL, found = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  DisOrderFilter filter = { 0 };

  one = accepted_order (f, first);
  two = accepted_order (f, second);
  dis_order_draft_set_delivery (home, "S1", "Via Po 3", "Torino", FALSE, 0, 0);
  three = save (f, home);

  /* By label, whatever the state; by card, only a ready order. The
   * till is part of the label: the same number of another till, or
   * without a till, is another order. */
  found = dis_store_orders_lookup (f->store, " ord2-c1 ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dis_order_get_id (found), ==, dis_order_get_id (two));
  g_clear_object (&found);
  g_assert_null (dis_store_orders_lookup (f->store, "ORD2-C2", &error));
  g_assert_no_error (error);
  g_assert_null (dis_store_orders_lookup (f->store, "ORD2", &error));
  g_assert_no_error (error);
  g_assert_null (dis_store_orders_lookup (f->store, "ORD99-C1", &error));
  g_assert_no_error (error);
  g_assert_null (dis_store_orders_lookup (f->store, CARD, &error));
  g_assert_no_error (error);
  ready = move (f, two, DIS_ORDER_READY, NULL);
  found = dis_store_orders_lookup (f->store, "ds-9999-9997", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dis_order_get_id (found), ==, dis_order_get_id (two));
  g_assert_null (dis_store_orders_lookup (f->store, "8001234567890", &error));
  g_assert_no_error (error);

  /* By window, by slot, by state, by text. */
  filter.window_code = "W2";
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.window_code = NULL;
  filter.slot_code = "S1";
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (dis_order_get_id (g_ptr_array_index (list, 0)), ==, dis_order_get_id (three));
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.slot_code = NULL;
  filter.states = DIS_ORDER_STATE_BIT (DIS_ORDER_ACCEPTED) | DIS_ORDER_STATE_BIT (DIS_ORDER_WAITING);
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.states = 0;
  filter.text = "3";
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (dis_order_get_number (g_ptr_array_index (list, 0)), ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.text = "3-c1";
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.text = "ORD3-C1";
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.text = "3-C2";
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.text = "DS9999";
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.text = "nessuno";
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* W1 ended a minute ago: its accepted order was not collected. */
  filter.text = NULL;
  filter.uncollected = TRUE;
  list = dis_store_orders_list (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (dis_order_get_id (g_ptr_array_index (list, 0)), ==, dis_order_get_id (one));
  g_assert_true (dis_order_is_uncollected (one, NULL));
  g_assert_false (dis_order_is_uncollected (ready, NULL));
}

static void
test_barcodes (void)
{
  g_autofree char *code = dis_order_barcode_for_number (42, "C1");
  g_autofree char *old = dis_order_barcode_for_number (42, NULL);
  g_autofree char *reference = dis_order_reference_for_number (42, "C1");
  g_autofree char *old_reference = dis_order_reference_for_number (42, NULL);
  g_autofree char *till = NULL;
  guint number = 0;

  g_assert_cmpstr (code, ==, "ORD42-C1");
  g_assert_cmpstr (old, ==, "ORD42");
  g_assert_cmpstr (reference, ==, "42-C1");
  g_assert_cmpstr (old_reference, ==, "42");
  g_assert_true (dis_order_barcode_parse ("ORD42-C1", &number, &till));
  g_assert_cmpuint (number, ==, 42);
  g_assert_cmpstr (till, ==, "C1");
  g_clear_pointer (&till, g_free);
  /* A device code may hold "-" itself: the number ends at the first. */
  g_assert_true (dis_order_barcode_parse ("ORD7-cassa-2", &number, &till));
  g_assert_cmpuint (number, ==, 7);
  g_assert_cmpstr (till, ==, "cassa-2");
  g_clear_pointer (&till, g_free);
  /* Labels printed before they named the till. */
  g_assert_true (dis_order_barcode_parse ("ORD42", &number, &till));
  g_assert_cmpuint (number, ==, 42);
  g_assert_null (till);
  g_assert_true (dis_order_barcode_parse (" ord1000000000 ", &number, NULL));
  g_assert_cmpuint (number, ==, 1000000000);
  g_assert_false (dis_order_barcode_parse ("ORD0", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD0-C1", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD042", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD1000000001", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD-1", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD 1", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD1-", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD1-C 1", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD1C1", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("ORD1-CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", &number, NULL));
  g_assert_true (dis_order_barcode_parse ("ORD1-CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", &number, NULL));
  g_assert_false (dis_order_barcode_parse ("DS99999997", &number, NULL));
  g_assert_true (dis_order_state_can_move (DIS_ORDER_ACCEPTED, DIS_ORDER_READY, FALSE));
  g_assert_false (dis_order_state_can_move (DIS_ORDER_READY, DIS_ORDER_OUT_FOR_DELIVERY, FALSE));
  g_assert_true (dis_order_state_can_move (DIS_ORDER_READY, DIS_ORDER_OUT_FOR_DELIVERY, TRUE));
  g_assert_false (dis_order_state_can_move (DIS_ORDER_WAITING, DIS_ORDER_READY, FALSE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/store/orders/feed", test_feed);
  ADD ("/store/orders/save-and-edit", test_save_and_edit);
  ADD ("/store/orders/save-refusals", test_save_refusals);
  ADD ("/store/orders/cancel", test_cancel);
  ADD ("/store/orders/verdicts", test_verdicts);
  ADD ("/store/orders/states", test_states);
  ADD ("/store/orders/hand-over", test_hand_over);
  ADD ("/store/orders/lookup-and-lists", test_lookup_and_lists);
#undef ADD
  g_test_add_func ("/store/orders/barcodes", test_barcodes);

  return g_test_run ();
}
