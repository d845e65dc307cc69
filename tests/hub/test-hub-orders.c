/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dis-codec.h"
#include "dis-core.h"
#include "dis-test-util.h"
#include "hub-test-fixture.h"

/* Member orders at a real hub (issue 13): each order.placed confirmed or
 * refused with its reason in an "order" change, edits, cancellations and
 * the states after, and 50 points ordering at once from a product of
 * limited availability and slots of limited capacity: never oversold,
 * never overfilled, every order answered once (on PostgreSQL with two
 * hubs serving the same database). */

#define P_LIMITED "P-0001"
#define P_OPEN    "P-0002"
#define P_ABSENT  "P-0003"

/* Event seqs and order numbers; the client threads share it. */
static gint next_seq = 1;

/* An ISO time @hours from now. */
static char *
from_now (double hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, hours * 3600);

  return g_date_time_format_iso8601 (then);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* `cycle open` from @opens to @closes (hours from now) offering @products
 * (the file's JSON); its id. */
static gint64
open_cycle (Fixture    *f,
            double      opens,
            double      closes,
            const char *products)
{
  g_autofree char *o = from_now (opens), *c = from_now (closes);
  g_autofree char *file = write_file (f, "products.json", products);
  g_autofree char *out = dis_test_hub_admin (f->hub, "cycle", "open", "--name", "Settimana", "--opens", o,
                                             "--closes", c, "--products", file, NULL);
  g_autoptr(JsonNode) root = json_from_string (out, NULL);

  g_assert_nonnull (root);
  return json_object_get_int_member (json_node_get_object (root), "id");
}

/* `point schedule @point`: window W1 tomorrow, and when @slots, slots S1
 * (capacity @capacity, cut-off in 12 hours) and S-LATE (cut-off passed). */
static void
set_schedule (Fixture    *f,
              const char *point,
              gboolean    slots,
              gint64      capacity)
{
  g_autofree char *w1 = from_now (24), *w2 = from_now (26), *late_cut = from_now (-1), *late = from_now (1);
  g_autofree char *cut = from_now (12);
  g_autofree char *text =
    g_strdup_printf ("{\"windows\":[{\"code\":\"W1\",\"starts\":\"%s\",\"ends\":\"%s\"}],\"slots\":[%s]}", w1, w2,
                     slots ? "SLOTS" : "");
  g_autofree char *slot_text =
    g_strdup_printf ("{\"code\":\"S1\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":%"
                     G_GINT64_FORMAT ",\"comuni\":[\"Torino\"],\"radius_m\":null},"
                     "{\"code\":\"S-LATE\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":5}",
                     w1, w2, cut, capacity, late, w2, late_cut);
  g_autofree char *name = g_strdup_printf ("schedule-%s.json", point);
  g_autofree char *replaced = NULL;
  g_autofree char *file = NULL;
  g_auto(GStrv) parts = g_strsplit (text, "SLOTS", 2);

  replaced = g_strjoinv (slot_text, parts);
  file = write_file (f, name, replaced);
  g_free (dis_test_hub_admin (f->hub, "point", "schedule", point, "--file", file, NULL));
}

/* An order.placed event; @where a window or slot code; @place the
 * members that say where a delivery goes (comune, and lat and lon). */
static char *
placed_to (const char *id,
           const char *point,
           const char *device,
           gint64      revision,
           gint64      cycle,
           const char *card,
           const char *tier,
           gboolean    delivery,
           const char *where,
           const char *product,
           gint64      quantity,
           const char *place)
{
  g_autofree char *at = from_now (0);
  g_autofree char *event_id = g_uuid_string_random ();
  gint64 seq = g_atomic_int_add (&next_seq, 1);

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"order.placed\",\"at\":\"%s\","
                          "\"payload\":{\"id\":\"%s\",\"point\":\"%s\",\"device\":\"%s\",\"revision\":%"
                          G_GINT64_FORMAT ",\"number\":%" G_GINT64_FORMAT ",\"cycle\":%" G_GINT64_FORMAT ","
                          "\"member_card\":\"%s\",\"tier\":\"%s\",\"fulfilment\":\"%s\",\"window\":%s%s%s,"
                          "\"slot\":%s%s%s,\"address\":%s,%s,\"note\":null,\"operator_id\":1,"
                          "\"operator_name\":\"Anna\",\"created_at\":\"%s\",\"lines\":[{\"line_no\":1,"
                          "\"product_code\":\"%s\",\"quantity\":%" G_GINT64_FORMAT "}]}}",
                          event_id, seq, at, id, point, device, revision, seq, cycle, card, tier,
                          delivery ? "delivery" : "pickup",
                          delivery ? "" : "\"", delivery ? "null" : where, delivery ? "" : "\"",
                          delivery ? "\"" : "", delivery ? where : "null", delivery ? "\"" : "",
                          delivery ? "\"Via Roma 1\"" : "null", place, at, product, quantity);
}

/* A pickup, or a delivery in Torino without a position. */
static char *
placed (const char *id,
        const char *point,
        const char *device,
        gint64      revision,
        gint64      cycle,
        const char *card,
        const char *tier,
        gboolean    delivery,
        const char *where,
        const char *product,
        gint64      quantity)
{
  return placed_to (id, point, device, revision, cycle, card, tier, delivery, where, product, quantity,
                    delivery ? "\"comune\":\"Torino\"" : "\"comune\":null");
}

static char *
other_event (const char *type,
             const char *payload)
{
  g_autofree char *at = from_now (0);
  g_autofree char *event_id = g_uuid_string_random ();
  gint64 seq = g_atomic_int_add (&next_seq, 1);

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"%s\",\"at\":\"%s\","
                          "\"payload\":%s}", event_id, seq, type, at, payload);
}

static JsonNode *
push_as (Fixture    *f,
         const char *token,
         const char *device,
         const char *events)
{
  g_autofree char *body = g_strdup_printf ("{\"device\":\"%s\",\"events\":[%s]}", device, events);
  guint status = 0;
  JsonNode *reply = http (f, "POST", "/api/v1/events", token, body, 0, &status);

  g_assert_cmpuint (status, ==, 200);
  return reply;
}

/* Pushes one event; its ack's status, and code when rejected. */
static void
push_one (Fixture    *f,
          const char *token,
          const char *device,
          char       *event,
          const char *status,
          const char *code)
{
  g_autofree char *owned = event;
  g_autoptr(JsonNode) reply = push_as (f, token, device, owned);
  JsonObject *result = result_at (reply, 0);

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, status);
  if (code != NULL)
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
}

/* The last "order" change of @id: its state and reason code (NULL:
 * none), and how many changes the order has. */
static void
assert_verdict (Fixture    *f,
                const char *id,
                const char *state,
                const char *reason,
                gint64      n_changes)
{
  g_autofree char *data = db_text (f, "SELECT data FROM changes WHERE kind = 'order' AND key = ?1"
                                      " ORDER BY seq DESC LIMIT 1", id);
  g_autoptr(JsonNode) root = NULL;
  g_auto(DisCodecOrder) order = { NULL, };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (data);
  root = json_from_string (data, &error);
  g_assert_no_error (error);
  g_assert_true (dis_codec_order_decode (json_node_get_object (root), &order, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (order.id, ==, id);
  g_assert_cmpstr (dis_codec_order_state_to_string (order.state), ==, state);
  g_assert_cmpstr (order.has_reason ? order.reason_code : NULL, ==, reason);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count (*) FROM changes WHERE kind = 'order' AND key = ?1", id),
                   ==, n_changes);
}

static gint64
reserved (Fixture    *f,
          gint64      cycle,
          const char *product)
{
  g_autofree char *sql = g_strdup_printf ("SELECT reserved FROM hub_cycle_products WHERE cycle_id = %" G_GINT64_FORMAT
                                          " AND product_code = ?1", cycle);

  return dis_test_hub_int (f->hub, sql, product);
}

/* What the feed says remains of @product in @cycle. */
static gint64
remaining (Fixture    *f,
           gint64      cycle,
           const char *product)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", cycle, product);
  g_autofree char *data = db_text (f, "SELECT data FROM changes WHERE kind = 'cycle_product' AND key = ?1"
                                      " ORDER BY seq DESC LIMIT 1", key);
  g_autoptr(JsonNode) root = json_from_string (data, NULL);

  g_assert_nonnull (root);
  return json_object_get_int_member (json_node_get_object (root), "remaining");
}

/* A member in the registry who may buy at Equa only. */
static char *
add_suspended_member (Fixture *f)
{
  char *card = dis_member_card_new_random ();
  g_autofree char *sql =
    g_strdup_printf ("INSERT INTO members (card_code, kind, display_name, registered_on, status,"
                     " privacy_consent_on, created_at, updated_at)"
                     " VALUES ('%s', 'person', 'Socio sospeso', '2024-01-01', 'suspended', '2024-01-01',"
                     " '2024-01-01', '2024-01-01')", card);

  dis_test_hub_exec (f->hub, sql);
  return card;
}

/* @event (an order.placed of placed ()) numbered @number by @till
 * (NULL: no till, as points sent before labels named it). */
static char *
labelled (char       *event,
          gint64      number,
          const char *till)
{
  g_autofree char *owned = event;
  const char *at = strstr (owned, "\"number\":");
  const char *end;
  g_autofree char *head = NULL;

  g_assert_nonnull (at);
  end = at + strlen ("\"number\":");
  end += strspn (end, "0123456789");
  head = g_strndup (owned, at - owned);
  if (till == NULL)
    return g_strdup_printf ("%s\"number\":%" G_GINT64_FORMAT "%s", head, number, end);
  return g_strdup_printf ("%s\"number\":%" G_GINT64_FORMAT ",\"till\":\"%s\"%s", head, number, till, end);
}

/* The id of @point's order whose label reads @label. */
static char *
order_by_label (Fixture    *f,
                const char *label)
{
  return dis_test_hub_text (f->hub, "SELECT id FROM hub_orders WHERE point_code = 'TO-CEN'"
                                    " AND 'ORD' || number || coalesce ('-' || till, '') = ?1", label);
}

/* Two tills of one point number their orders alike: the same old-style
 * number from both is kept twice; a label with its till names one order,
 * of a device of the point, and an order keeps it. */
static void
test_labels (Fixture *f, gconstpointer data)
{
  g_autofree char *c2 = dis_test_hub_add_device (f->hub, "TO-CEN", "C2", FALSE);
  g_autofree char *a = g_uuid_string_random (), *b = g_uuid_string_random (), *c = g_uuid_string_random ();
  g_autofree char *d = g_uuid_string_random (), *e = g_uuid_string_random (), *g = g_uuid_string_random ();
  g_autofree char *found_c = NULL, *found_d = NULL;
  const char *card = DIS_TEST_ELIGIBLE_CARD;
  gint64 cycle;

  dis_test_hub_add_eligible_member (f->hub);
  set_schedule (f, "TO-CEN", FALSE, 0);
  cycle = open_cycle (f, -1, 24, "[{\"product\":\"" P_OPEN "\",\"available\":null}]");

  /* Before labels named their till: ORD5 from each till, both kept. */
  push_one (f, f->token, "C1", labelled (placed (a, "TO-CEN", "C1", 1, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                                 1000), 5, NULL), "accepted", NULL);
  push_one (f, c2, "C2", labelled (placed (b, "TO-CEN", "C2", 1, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                           1000), 5, NULL), "accepted", NULL);
  assert_verdict (f, a, "accepted", NULL, 1);
  assert_verdict (f, b, "accepted", NULL, 1);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_orders WHERE point_code = 'TO-CEN' AND number = 5"
                              " AND till IS NULL"), ==, 2);

  /* ORD7-C1 and ORD7-C2: two orders, each found by its label. */
  push_one (f, f->token, "C1", labelled (placed (c, "TO-CEN", "C1", 1, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                                 1000), 7, "C1"), "accepted", NULL);
  push_one (f, c2, "C2", labelled (placed (d, "TO-CEN", "C2", 1, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                           1000), 7, "C2"), "accepted", NULL);
  assert_verdict (f, c, "accepted", NULL, 1);
  assert_verdict (f, d, "accepted", NULL, 1);
  found_c = order_by_label (f, "ORD7-C1");
  found_d = order_by_label (f, "ORD7-C2");
  g_assert_cmpstr (found_c, ==, c);
  g_assert_cmpstr (found_d, ==, d);

  /* A label already given, a till that is no device of the point. */
  push_one (f, f->token, "C1", labelled (placed (e, "TO-CEN", "C1", 1, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                                 1000), 7, "C1"), "rejected", "label_taken");
  push_one (f, f->token, "C1", labelled (placed (g, "TO-CEN", "C1", 1, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                                 1000), 8, "C9"), "rejected", "wrong_till");
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_orders WHERE point_code = 'TO-CEN'"), ==, 4);

  /* An edit keeps the label: another till, another number, or none is refused. */
  push_one (f, f->token, "C1", labelled (placed (c, "TO-CEN", "C1", 2, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                                 2000), 7, "C2"), "rejected", "label_changed");
  push_one (f, f->token, "C1", labelled (placed (c, "TO-CEN", "C1", 2, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                                 2000), 9, "C1"), "rejected", "label_changed");
  push_one (f, f->token, "C1", labelled (placed (c, "TO-CEN", "C1", 2, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                                 2000), 7, NULL), "rejected", "label_changed");
  push_one (f, f->token, "C1", labelled (placed (c, "TO-CEN", "C1", 2, cycle, card, "equa", FALSE, "W1", P_OPEN,
                                                 2000), 7, "C1"), "accepted", NULL);
  assert_verdict (f, c, "accepted", NULL, 2);
  g_clear_pointer (&found_c, g_free);
  found_c = order_by_label (f, "ORD7-C1");
  g_assert_cmpstr (found_c, ==, c);
}

/* Every reason an order is refused for, edits, cancellation, the states
 * after, and the events the hub refuses outright. */
static void
test_verdicts (Fixture *f, gconstpointer data)
{
  g_autofree char *van = dis_test_hub_add_device (f->hub, "TO-VAN", "V1", FALSE);
  g_autofree char *a = g_uuid_string_random (), *b = g_uuid_string_random (), *c = g_uuid_string_random ();
  g_autofree char *d = g_uuid_string_random (), *e = g_uuid_string_random (), *g = g_uuid_string_random ();
  g_autofree char *h = g_uuid_string_random (), *i = g_uuid_string_random (), *j = g_uuid_string_random ();
  g_autofree char *k = g_uuid_string_random (), *l = g_uuid_string_random (), *m = g_uuid_string_random ();
  g_autofree char *sale = g_uuid_string_random ();
  g_autofree char *stranger = dis_member_card_new_random ();
  g_autofree char *suspended = NULL;
  g_autofree char *payload = NULL;
  const char *card = DIS_TEST_ELIGIBLE_CARD;
  gint64 cycle, closed;

  dis_test_hub_add_eligible_member (f->hub);
  suspended = add_suspended_member (f);
  set_schedule (f, "TO-CEN", TRUE, 1);
  set_schedule (f, "TO-VAN", FALSE, 0);
  cycle = open_cycle (f, -1, 24, "[{\"product\":\"" P_LIMITED "\",\"available\":3000},"
                                 "{\"product\":\"" P_OPEN "\",\"available\":null}]");
  closed = open_cycle (f, -48, -24, "[{\"product\":\"" P_LIMITED "\",\"available\":null}]");
  g_assert_cmpint (remaining (f, cycle, P_LIMITED), ==, 3000);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'order_cycle'"), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'point_schedule'"), ==, 2);

  /* Accepted; then more than remains: sold out. */
  push_one (f, f->token, "C1", placed (a, "TO-CEN", "C1", 1, cycle, card, "equa", FALSE, "W1", P_LIMITED, 2000),
            "accepted", NULL);
  assert_verdict (f, a, "accepted", NULL, 1);
  g_assert_cmpint (remaining (f, cycle, P_LIMITED), ==, 1000);
  push_one (f, f->token, "C1", placed (b, "TO-CEN", "C1", 1, cycle, card, "equa", FALSE, "W1", P_LIMITED, 2000),
            "accepted", NULL);
  assert_verdict (f, b, "refused", DIS_CODEC_ORDER_SOLD_OUT, 1);
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), ==, 2000);

  /* A slot of one place: the second delivery finds it full. */
  push_one (f, f->token, "C1", placed (c, "TO-CEN", "C1", 1, cycle, card, "equa", TRUE, "S1", P_OPEN, 1000),
            "accepted", NULL);
  assert_verdict (f, c, "accepted", NULL, 1);
  g_assert_cmpint (db_int (f, "SELECT booked FROM hub_delivery_slots WHERE point_code = 'TO-CEN' AND code = 'S1'"),
                   ==, 1);
  push_one (f, f->token, "C1", placed (d, "TO-CEN", "C1", 1, cycle, card, "equa", TRUE, "S1", P_OPEN, 1000),
            "accepted", NULL);
  assert_verdict (f, d, "refused", DIS_CODEC_ORDER_SLOT_FULL, 1);
  g_assert_cmpint (reserved (f, cycle, P_OPEN), ==, 1000);

  /* The other reasons, one by one. */
  push_one (f, f->token, "C1", placed (e, "TO-CEN", "C1", 1, closed, card, "equa", FALSE, "W1", P_LIMITED, 1000),
            "accepted", NULL);
  assert_verdict (f, e, "refused", DIS_CODEC_ORDER_CYCLE_CLOSED, 1);
  push_one (f, f->token, "C1", placed (g, "TO-CEN", "C1", 1, cycle, card, "equa", TRUE, "S-LATE", P_OPEN, 1000),
            "accepted", NULL);
  assert_verdict (f, g, "refused", DIS_CODEC_ORDER_CUTOFF_PASSED, 1);
  push_one (f, f->token, "C1", placed (h, "TO-CEN", "C1", 1, cycle, suspended, "accessibile", FALSE, "W1",
                                       P_OPEN, 1000), "accepted", NULL);
  assert_verdict (f, h, "refused", DIS_CODEC_ORDER_NOT_ELIGIBLE, 1);
  push_one (f, f->token, "C1", placed (i, "TO-CEN", "C1", 1, cycle, card, "equa", FALSE, "W1", P_ABSENT, 1000),
            "accepted", NULL);
  assert_verdict (f, i, "refused", DIS_CODEC_ORDER_UNKNOWN_PRODUCT, 1);
  push_one (f, van, "V1", placed (j, "TO-VAN", "V1", 1, cycle, card, "equa", TRUE, "S1", P_OPEN, 1000),
            "accepted", NULL);
  assert_verdict (f, j, "refused", DIS_CODEC_ORDER_NO_DELIVERY, 1);
  push_one (f, f->token, "C1", placed (k, "TO-CEN", "C1", 1, cycle, stranger, "equa", FALSE, "W1", P_OPEN, 1000),
            "accepted", NULL);
  assert_verdict (f, k, "refused", DIS_CODEC_ORDER_UNKNOWN_MEMBER, 1);
  push_one (f, f->token, "C1", placed (l, "TO-CEN", "C1", 1, 99999, card, "equa", FALSE, "W1", P_OPEN, 1000),
            "accepted", NULL);
  assert_verdict (f, l, "refused", DIS_CODEC_ORDER_UNKNOWN_CYCLE, 1);
  push_one (f, f->token, "C1", placed (m, "TO-CEN", "C1", 1, cycle, card, "equa", FALSE, "W9", P_OPEN, 1000),
            "accepted", NULL);
  assert_verdict (f, m, "refused", DIS_CODEC_ORDER_UNKNOWN_WINDOW, 1);
  /* Nothing refused holds anything. */
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), ==, 2000);
  g_assert_cmpint (reserved (f, cycle, P_OPEN), ==, 1000);

  /* Another point's order: the event itself is refused. */
  push_one (f, van, "V1", placed (a, "TO-VAN", "V1", 5, cycle, card, "equa", FALSE, "W1", P_LIMITED, 1000),
            "rejected", "wrong_point");

  /* An edit past what remains is refused and leaves the order as it was;
   * a smaller one is accepted and gives back the difference. */
  push_one (f, f->token, "C1", placed (a, "TO-CEN", "C1", 2, cycle, card, "equa", FALSE, "W1", P_LIMITED, 4000),
            "accepted", NULL);
  assert_verdict (f, a, "refused", DIS_CODEC_ORDER_SOLD_OUT, 2);
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), ==, 2000);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT ordered FROM hub_order_lines WHERE order_id = ?1", a), ==, 2000);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT accepted_revision FROM hub_orders WHERE id = ?1", a), ==, 1);
  push_one (f, f->token, "C1", placed (a, "TO-CEN", "C1", 3, cycle, card, "equa", FALSE, "W1", P_LIMITED, 3000),
            "accepted", NULL);
  assert_verdict (f, a, "accepted", NULL, 3);
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), ==, 3000);
  g_assert_cmpint (remaining (f, cycle, P_LIMITED), ==, 0);
  /* An older revision arriving late changes nothing and says nothing. */
  push_one (f, f->token, "C1", placed (a, "TO-CEN", "C1", 2, cycle, card, "equa", FALSE, "W1", P_LIMITED, 1000),
            "accepted", NULL);
  assert_verdict (f, a, "accepted", NULL, 3);
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), ==, 3000);

  /* A refused order may be changed into one that fits. */
  push_one (f, f->token, "C1", placed (b, "TO-CEN", "C1", 2, cycle, card, "equa", FALSE, "W1", P_OPEN, 500),
            "accepted", NULL);
  assert_verdict (f, b, "accepted", NULL, 2);

  /* Cancelling gives back the quantities and the slot's place. */
  payload = g_strdup_printf ("{\"id\":\"%s\",\"point\":\"TO-CEN\",\"device\":\"C1\",\"revision\":2,\"reason\":null}", c);
  push_one (f, f->token, "C1", other_event ("order.cancelled", payload), "accepted", NULL);
  assert_verdict (f, c, "cancelled", NULL, 2);
  g_assert_cmpint (reserved (f, cycle, P_OPEN), ==, 500);
  g_assert_cmpint (db_int (f, "SELECT booked FROM hub_delivery_slots WHERE point_code = 'TO-CEN' AND code = 'S1'"),
                   ==, 0);
  g_clear_pointer (&payload, g_free);
  payload = g_strdup_printf ("{\"id\":\"%s\",\"point\":\"TO-CEN\",\"device\":\"C1\",\"revision\":2}", sale);
  push_one (f, f->token, "C1", other_event ("order.cancelled", payload), "rejected", "unknown_order");

  /* The states after: ready with its weights, handed over with its sale;
   * a step the state does not allow, an unknown order: refused. */
  g_clear_pointer (&payload, g_free);
  payload = g_strdup_printf ("{\"id\":\"%s\",\"point\":\"TO-CEN\",\"device\":\"C1\",\"state\":\"ready\","
                             "\"weighed\":[{\"line_no\":1,\"quantity\":2950}],\"sale_id\":null,\"at\":\"%s\"}",
                             a, "2026-12-05T10:00:00+01:00");
  push_one (f, f->token, "C1", other_event ("order.state", payload), "accepted", NULL);
  assert_verdict (f, a, "ready", NULL, 4);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT weighed FROM hub_order_lines WHERE order_id = ?1", a), ==, 2950);
  g_clear_pointer (&payload, g_free);
  payload = g_strdup_printf ("{\"id\":\"%s\",\"point\":\"TO-CEN\",\"device\":\"C1\",\"state\":\"out_for_delivery\","
                             "\"at\":\"2026-12-05T10:00:00+01:00\"}", a);
  push_one (f, f->token, "C1", other_event ("order.state", payload), "rejected", "invalid_transition");
  g_clear_pointer (&payload, g_free);
  payload = g_strdup_printf ("{\"id\":\"%s\",\"point\":\"TO-CEN\",\"device\":\"C1\",\"state\":\"handed_over\","
                             "\"sale_id\":\"%s\",\"at\":\"2026-12-05T10:00:00+01:00\"}", a, sale);
  push_one (f, f->token, "C1", other_event ("order.state", payload), "accepted", NULL);
  assert_verdict (f, a, "handed_over", NULL, 5);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count (*) FROM hub_orders WHERE sale_id = ?1", sale), ==, 1);
  push_one (f, f->token, "C1", other_event ("order.state", payload), "rejected", "invalid_transition");
  g_clear_pointer (&payload, g_free);
  payload = g_strdup_printf ("{\"id\":\"%s\",\"point\":\"TO-CEN\",\"device\":\"C1\",\"state\":\"ready\","
                             "\"at\":\"2026-12-05T10:00:00+01:00\"}", sale);
  push_one (f, f->token, "C1", other_event ("order.state", payload), "rejected", "unknown_order");
  /* Handed over: neither an edit nor a cancellation any more. */
  g_clear_pointer (&payload, g_free);
  payload = g_strdup_printf ("{\"id\":\"%s\",\"point\":\"TO-CEN\",\"device\":\"C1\",\"revision\":4}", a);
  push_one (f, f->token, "C1", other_event ("order.cancelled", payload), "accepted", NULL);
  assert_verdict (f, a, "refused", DIS_CODEC_ORDER_NOT_EDITABLE, 6);
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), ==, 3000);
  g_free (payload);
  payload = db_text (f, "SELECT state FROM hub_orders WHERE id = ?1", a);
  g_assert_cmpstr (payload, ==, "handed_over");
}

/* ---- 50 points at once ------------------------------------------------------ */

#define N_POINTS     50
#define N_BATCHES    3
#define AVAILABLE    25000   /* of 30 000 asked: 100 per order, 2 orders a batch */
#define SLOT_PLACES  2       /* of the 3 deliveries each point asks */

typedef struct
{
  char        *code;
  char        *token;
  const char  *url;
  gint64       cycle;
  GPtrArray   *ids;
  guint        n_results;
  char        *failure;
  GThread     *thread;
} Client;

static void
client_free (Client *client)
{
  g_free (client->code);
  g_free (client->token);
  g_ptr_array_unref (client->ids);
  g_free (client->failure);
  g_free (client);
}

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 120, NULL);
  for (guint b = 0; b < N_BATCHES && client->failure == NULL; b++)
    {
      g_autofree char *url = g_strconcat (client->url, "/api/v1/events", NULL);
      g_autofree char *auth = g_strconcat ("Bearer ", client->token, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autofree char *pickup_id = g_uuid_string_random (), *delivery_id = g_uuid_string_random ();
      g_autofree char *pickup = placed (pickup_id, client->code, "C1", 1, client->cycle, DIS_TEST_ELIGIBLE_CARD,
                                        "equa", FALSE, "W1", P_LIMITED, 100);
      g_autofree char *delivery = placed (delivery_id, client->code, "C1", 1, client->cycle,
                                          DIS_TEST_ELIGIBLE_CARD, "equa", TRUE, "S1", P_LIMITED, 100);
      g_autofree char *body = g_strdup_printf ("{\"device\":\"C1\",\"events\":[%s,%s]}", pickup, delivery);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;
      JsonArray *results;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", g_bytes_new (body, strlen (body)));
      reply = soup_session_send_and_read (session, msg, NULL, &error);
      if (reply == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK ||
          (root = json_from_string (g_bytes_get_data (reply, NULL), NULL)) == NULL)
        {
          client->failure = g_strdup_printf ("%s: HTTP %u %s", client->code, soup_message_get_status (msg),
                                             error != NULL ? error->message : "");
          break;
        }
      results = json_object_get_array_member (json_node_get_object (root), "results");
      for (guint i = 0; i < json_array_get_length (results); i++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (results, i), "status"),
                         "accepted"))
          client->n_results++;
      g_ptr_array_add (client->ids, g_steal_pointer (&pickup_id));
      g_ptr_array_add (client->ids, g_steal_pointer (&delivery_id));
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* How many orders the feed refused for @reason. */
static gint64
refused_for (Fixture    *f,
             const char *reason)
{
  g_autofree char *pattern = g_strdup_printf ("%%\"code\":\"%s\"%%", reason);

  return dis_test_hub_int (f->hub, "SELECT count (*) FROM changes WHERE kind = 'order' AND data LIKE ?1", pattern);
}

static void
test_fifty_points (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  g_autoptr(DisTestHub) second = NULL;
  g_autofree char *second_dir = NULL;
  gint64 cycle, n_orders = N_POINTS * N_BATCHES * 2;
  gint64 accepted;

  dis_test_hub_add_eligible_member (f->hub);
  cycle = open_cycle (f, -1, 24, "[{\"product\":\"" P_LIMITED "\",\"available\":" G_STRINGIFY (AVAILABLE) "}]");
  for (guint p = 0; p < N_POINTS; p++)
    {
      Client *client = g_new0 (Client, 1);

      client->code = g_strdup_printf ("ORD-%02u", p);
      client->token = dis_test_hub_add_device (f->hub, client->code, "C1", TRUE);
      client->cycle = cycle;
      client->ids = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (clients, client);
    }
  /* Every new point delivers: the same text on both engines. */
  dis_test_hub_exec (f->hub, "UPDATE points SET data = replace (data, '\"home_delivery\":false',"
                             " '\"home_delivery\":true') WHERE code LIKE 'ORD-%'");
  for (guint p = 0; p < N_POINTS; p++)
    set_schedule (f, ((Client *) clients->pdata[p])->code, TRUE, SLOT_PLACES);

  /* On PostgreSQL, half the points push to a second hub on the same
   * database. */
  if (g_strcmp0 (g_getenv ("DIS_TEST_DB"), "postgresql") == 0)
    {
      second_dir = g_build_filename (f->dir, "second", NULL);
      g_assert_cmpint (g_mkdir_with_parents (second_dir, 0700), ==, 0);
      second = dis_test_hub_new_shared (second_dir, f->hub);
      dis_test_hub_start (second, 0, NULL);
    }
  for (guint p = 0; p < N_POINTS; p++)
    {
      Client *client = clients->pdata[p];

      client->url = second != NULL && p % 2 == 1 ? second->url : f->hub->url;
      client->thread = g_thread_new (client->code, client_thread, client);
    }
  for (guint p = 0; p < N_POINTS; p++)
    {
      Client *client = clients->pdata[p];

      g_thread_join (client->thread);
      g_assert_cmpstr (client->failure, ==, NULL);
      /* A valid event is always accepted: the verdict is the order's. */
      g_assert_cmpuint (client->n_results, ==, N_BATCHES * 2);
      for (guint i = 0; i < client->ids->len; i++)
        g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT count (*) FROM changes WHERE kind = 'order' AND key = ?1",
                                           client->ids->pdata[i]), ==, 1);
    }

  /* Every order answered exactly once; never oversold: what is reserved
   * is what the accepted orders hold, within what is available; never
   * overfilled: each slot's places are its accepted deliveries, within
   * its capacity. */
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'order'"), ==, n_orders);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_orders"), ==, n_orders);
  accepted = db_int (f, "SELECT count (*) FROM hub_orders WHERE state = 'accepted'");
  g_assert_cmpint (accepted + db_int (f, "SELECT count (*) FROM hub_orders WHERE state = 'refused'"), ==, n_orders);
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), ==,
                   db_int (f, "SELECT CAST (coalesce (sum (l.ordered), 0) AS BIGINT) FROM hub_order_lines l"
                              " JOIN hub_orders o ON o.id = l.order_id WHERE o.state = 'accepted'"));
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), <=, AVAILABLE);
  g_assert_cmpint (accepted * 100, <=, AVAILABLE);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_delivery_slots WHERE booked > capacity"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_delivery_slots s WHERE s.code = 'S1' AND s.booked <>"
                              " (SELECT count (*) FROM hub_orders o WHERE o.point_code = s.point_code"
                              " AND o.slot_code = 'S1' AND o.state = 'accepted')"), ==, 0);
  /* Both bounds were reached: the test raced for something. */
  g_assert_cmpint (refused_for (f, DIS_CODEC_ORDER_SOLD_OUT), >, 0);
  g_assert_cmpint (refused_for (f, DIS_CODEC_ORDER_SLOT_FULL), >, 0);
  g_assert_cmpint (reserved (f, cycle, P_LIMITED), ==, AVAILABLE);
}

/* A schedule that would drop a slot with bookings is refused whole. */
static void
test_schedule_rules (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *file = write_file (f, "empty.json", "{\"windows\":[],\"slots\":[]}");
  g_autofree char *a = g_uuid_string_random ();
  gint64 cycle;

  dis_test_hub_add_eligible_member (f->hub);
  set_schedule (f, "TO-CEN", TRUE, 3);
  cycle = open_cycle (f, -1, 24, "[{\"product\":\"" P_OPEN "\",\"available\":null}]");
  push_one (f, f->token, "C1", placed (a, "TO-CEN", "C1", 1, cycle, DIS_TEST_ELIGIBLE_CARD, "equa", TRUE, "S1",
                                       P_OPEN, 1000), "accepted", NULL);
  assert_verdict (f, a, "accepted", NULL, 1);
  g_assert_cmpint (run_hub (f, NULL, &err, "point", "schedule", "TO-CEN", "--file", file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "S1"));
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_delivery_slots WHERE point_code = 'TO-CEN'"), ==, 2);
  /* The same schedule again keeps the booking. */
  set_schedule (f, "TO-CEN", TRUE, 3);
  g_assert_cmpint (db_int (f, "SELECT booked FROM hub_delivery_slots WHERE point_code = 'TO-CEN' AND code = 'S1'"),
                   ==, 1);
  /* A point that does not deliver has no slots. */
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&file, g_free);
  file = g_build_filename (f->dir, "schedule-TO-CEN.json", NULL);
  g_assert_cmpint (run_hub (f, NULL, &err, "point", "schedule", "TO-VAN", "--file", file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "home_delivery"));
}

/* The slot's zone, checked on the hub whatever the point says: comuni,
 * a radius from the point (TO-CEN is at 45.0729, 7.6793), or both. */
static void
test_zone (Fixture *f, gconstpointer data)
{
  g_autofree char *w1 = from_now (24), *w2 = from_now (26), *cut = from_now (12);
  g_autofree char *text = g_strdup_printf (
    "{\"windows\":[{\"code\":\"W1\",\"starts\":\"%s\",\"ends\":\"%s\"}],\"slots\":["
    "{\"code\":\"Z-COM\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":9,"
    "\"comuni\":[\"Moncalieri\",\"Nichelino\"],\"radius_m\":null},"
    "{\"code\":\"Z-RAD\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":9,\"radius_m\":3000},"
    "{\"code\":\"Z-BOTH\",\"starts\":\"%s\",\"ends\":\"%s\",\"cutoff\":\"%s\",\"capacity\":9,"
    "\"comuni\":[\"Torino\"],\"radius_m\":3000}]}", w1, w2, w1, w2, cut, w1, w2, cut, w1, w2, cut);
  g_autofree char *file = write_file (f, "zones.json", text);
  const char *card = DIS_TEST_ELIGIBLE_CARD;
  const char *near = "\"comune\":\"Torino\",\"lat\":45.0750,\"lon\":7.6850";   /* 500 m */
  const char *moncalieri = "\"comune\":\"Moncalieri\",\"lat\":44.9994,\"lon\":7.68236";   /* 8 km */
  const struct { const char *slot, *place, *reason; } cases[] = {
    { "Z-COM", "\"comune\":\"MONCALIERI\"", NULL },
    { "Z-COM", "\"comune\":\"Torino\"", DIS_CODEC_ORDER_OUTSIDE_ZONE },
    { "Z-COM", "\"comune\":null", DIS_CODEC_ORDER_OUTSIDE_ZONE },
    { "Z-RAD", near, NULL },
    { "Z-RAD", moncalieri, DIS_CODEC_ORDER_OUTSIDE_ZONE },
    { "Z-RAD", "\"comune\":\"Torino\"", DIS_CODEC_ORDER_OUTSIDE_ZONE },
    { "Z-BOTH", near, NULL },
    { "Z-BOTH", "\"comune\":\"Torino\",\"lat\":44.9994,\"lon\":7.68236", DIS_CODEC_ORDER_OUTSIDE_ZONE },
    { "Z-BOTH", "\"comune\":\"Moncalieri\",\"lat\":45.0750,\"lon\":7.6850", DIS_CODEC_ORDER_OUTSIDE_ZONE },
  };
  g_autofree char *first = NULL;
  gint64 cycle;

  dis_test_hub_add_eligible_member (f->hub);
  g_free (dis_test_hub_admin (f->hub, "point", "schedule", "TO-CEN", "--file", file, NULL));
  cycle = open_cycle (f, -1, 24, "[{\"product\":\"" P_OPEN "\",\"available\":null}]");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_uuid_string_random ();

      push_one (f, f->token, "C1", placed_to (id, "TO-CEN", "C1", 1, cycle, card, "equa", TRUE, cases[i].slot,
                                              P_OPEN, 1000, cases[i].place), "accepted", NULL);
      assert_verdict (f, id, cases[i].reason != NULL ? "refused" : "accepted", cases[i].reason, 1);
      if (first == NULL && cases[i].reason == NULL && g_str_equal (cases[i].slot, "Z-RAD"))
        first = g_strdup (id);
    }
  g_assert_cmpint (db_int (f, "SELECT sum (booked) FROM hub_delivery_slots WHERE point_code = 'TO-CEN'"), ==, 3);
  g_assert_cmpint (reserved (f, cycle, P_OPEN), ==, 3000);

  /* Moving an accepted delivery out of its zone is refused and leaves it
   * as it was: still booked, still holding its products. */
  push_one (f, f->token, "C1", placed_to (first, "TO-CEN", "C1", 2, cycle, card, "equa", TRUE, "Z-RAD",
                                          P_OPEN, 2000, moncalieri), "accepted", NULL);
  assert_verdict (f, first, "refused", DIS_CODEC_ORDER_OUTSIDE_ZONE, 2);
  g_assert_cmpint (db_int (f, "SELECT booked FROM hub_delivery_slots WHERE point_code = 'TO-CEN' AND code = 'Z-RAD'"),
                   ==, 1);
  g_assert_cmpint (reserved (f, cycle, P_OPEN), ==, 3000);
  g_assert_cmpint (dis_test_hub_int (f->hub, "SELECT accepted_revision FROM hub_orders WHERE id = ?1", first), ==, 1);

  /* A point without a position cannot place anything in a radius. */
  dis_test_hub_exec (f->hub, "UPDATE points SET data = replace (replace (data, '\"lat\"', '\"old_lat\"'),"
                             " '\"lon\"', '\"old_lon\"') WHERE code = 'TO-CEN'");
  {
    g_autofree char *id = g_uuid_string_random ();

    push_one (f, f->token, "C1", placed_to (id, "TO-CEN", "C1", 1, cycle, card, "equa", TRUE, "Z-RAD",
                                            P_OPEN, 1000, near), "accepted", NULL);
    assert_verdict (f, id, "refused", DIS_CODEC_ORDER_OUTSIDE_ZONE, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The hubs run with Italian numbers, as a hub started from an Italian
   * desktop does: a decimal read from the database must not depend on
   * it (SQLite 3.40's json_extract() reads 45.07 as 45 under it_IT). */
  g_unsetenv ("LC_ALL");
  g_setenv ("LC_NUMERIC", "it_IT.UTF-8", TRUE);

  g_test_add ("/hub/orders/verdicts", Fixture, NULL, fixture_set_up, test_verdicts, fixture_tear_down);
  g_test_add ("/hub/orders/labels", Fixture, NULL, fixture_set_up, test_labels, fixture_tear_down);
  g_test_add ("/hub/orders/schedule-rules", Fixture, NULL, fixture_set_up, test_schedule_rules, fixture_tear_down);
  g_test_add ("/hub/orders/zone", Fixture, NULL, fixture_set_up, test_zone, fixture_tear_down);
  g_test_add ("/hub/orders/fifty-points", Fixture, NULL, fixture_set_up, test_fifty_points, fixture_tear_down);
  return g_test_run ();
}
