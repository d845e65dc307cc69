/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-members"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "dis-core.h"
#include "dis-member.h"
#include "dis-store-members.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-sync-private.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "../store/store-test-util.h"

/* Members from the counter to the hub and back, against a real
 * disotto-hub on 127.0.0.1: registration offline, validation on the hub,
 * eligibility from the cached data, the buyer's unsynced volume, the
 * export of one member's data, and bad input at both ends. */

typedef struct
{
  DisTestNetwork net;
  char          *url;
  DisStore      *store;
  DisSyncClient *client;
  DisOperator   *op;
  gint64         product_id;
  gint64         product_price;   /* Equa, per piece */
  char          *card;            /* what the waits look at */
  DisMemberStatus want_status;
  guint32        want_registered;
  gint64         want_volume;
} Fixture;

/* Port 0 the first time; the same port again after a stop, so the
 * enrolled point finds it. */
static void
start_hub (Fixture *f)
{
  dis_test_hub_start (f->net.hub, f->net.hub->port, NULL);
  if (f->url == NULL)
    f->url = g_strdup (f->net.hub->url);
}

static void
stop_hub (Fixture *f)
{
  dis_test_hub_stop (f->net.hub);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisProduct) product = NULL;
  sqlite3 *db;

  dis_test_network_init (&f->net, "disotto-members", "C1");

  f->store = dis_test_point_new (f->net.point_db, "TO-CEN");
  f->client = dis_sync_client_new (f->store, f->net.config_dir);
  dis_sync_client_set_timing_for_testing (f->client, 20, 400, 60000, 2, 42);
  f->op = dis_test_point_open_till (f->store, 5000);

  /* A basket product sold by the piece, for sales of a known total. */
  db = test_db_open (f->net.point_db);
  f->product_id = test_db_int (db, "SELECT id FROM products WHERE kind = 'basket' AND unit = 'piece'"
                                   " ORDER BY equa_cents DESC, id LIMIT 1");
  sqlite3_close (db);
  product = dis_store_lookup_product (f->store, f->product_id, &error);
  g_assert_no_error (error);
  f->product_price = dis_product_get_price (product, DIS_TIER_EQUA);
  g_assert_cmpint (f->product_price, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->client != NULL)
    {
      dis_sync_client_stop (f->client);
      g_assert_finalize_object (g_steal_pointer (&f->client));
    }
  g_clear_object (&f->store);
  dis_test_network_clear (&f->net);
  g_clear_object (&f->op);
  g_free (f->url);
  g_free (f->card);
}

/* ---- Helpers --------------------------------------------------------------- */

static void
enrol (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisSyncEnrolment) enrolment = dis_test_enrol (f->client, f->url, f->net.token, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (enrolment);
  g_assert_true (dis_sync_client_is_enrolled (f->client));
}

static gboolean
all_synced (gpointer data)
{
  Fixture *f = data;

  return dis_test_point_synced (f->client, f->store);
}

/* Syncs now and waits until the point has applied everything the hub has. */
static gboolean
caught_up (gpointer data)
{
  Fixture *f = data;
  gint64 cursor = -1;

  if (!all_synced (f) || !dis_store_sync_get_cursor (f->store, &cursor, NULL))
    return FALSE;
  return cursor == dis_test_hub_int (f->net.hub, "SELECT coalesce (max (seq), 0) FROM changes", NULL);
}

static void
sync_and_wait (Fixture *f)
{
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (caught_up, f, 20000));
}

static gint64
point_int (Fixture    *f,
           const char *sql)
{
  sqlite3 *db = test_db_open (f->net.point_db);
  gint64 value = test_db_int (db, sql);

  sqlite3_close (db);
  return value;
}

static guint32
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

static guint32
months_from_today (int months)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, today ());
  if (months >= 0)
    g_date_add_months (&date, months);
  else
    g_date_subtract_months (&date, -months);
  return g_date_get_julian (&date);
}

static DisMember *
register_member (Fixture    *f,
                 DisStore   *store,
                 DisOperator *op,
                 const char *card,
                 const char *name,
                 DisTier     preferred)
{
  DisMemberRegistration reg = {
    .card_code = card,
    .display_name = name,
    .kind = DIS_MEMBER_KIND_PERSON,
    .contact = "011 555 0101",
    .preferred_tier = preferred,
    .privacy_consent = TRUE,
  };
  g_autoptr(GError) error = NULL;
  DisMember *member = dis_store_register_member (store, op, &reg, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  return member;
}

/* A sale at Equa of @pieces of the fixture's product for @card. */
static gint64
sell (Fixture    *f,
      const char *card,
      gint64      pieces)
{
  gint64 quantity = pieces * 1000;
  g_autoptr(DisSale) sale = test_make_sale (f->store, DIS_TIER_EQUA, &f->product_id, &quantity, 1);
  g_autoptr(GError) error = NULL;

  sale->member_card = g_strdup (card);
  g_assert_true (dis_store_commit_sale (f->store, sale, f->op, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sale->total, ==, pieces * f->product_price);
  return sale->total;
}

static DisMember *
find (Fixture    *f,
      const char *card)
{
  g_autoptr(GError) error = NULL;
  DisMember *member = dis_store_find_member_by_card (f->store, card, &error);

  g_assert_no_error (error);
  return member;
}

static gboolean
member_has_status (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DisMember) member = dis_store_find_member_by_card (f->store, f->card, NULL);

  return member != NULL && member->status == f->want_status && member->known_to_hub;
}

static char *
http_get (Fixture    *f,
          const char *path,
          guint      *out_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (f->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* POSTs one event of @type with @payload (JSON text) as device C1 and
 * returns its result object's "status" and "code". */
static void
post_event (Fixture     *f,
            gint64       seq,
            const char  *type,
            const char  *payload,
            char       **out_status,
            char       **out_code)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (f->url, "/api/v1/events", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autofree char *auth = g_strconcat ("Bearer ", f->net.token, NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"device\":\"C1\",\"events\":[{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ","
                                           "\"type\":\"%s\",\"at\":\"2024-05-02T10:00:00+02:00\",\"payload\":%s}]}",
                                           id, seq, type, payload);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error));
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                        "results"), 0);
  *out_status = g_strdup (json_object_get_string_member (result, "status"));
  *out_code = g_strdup (json_object_get_string_member_with_default (result, "code", ""));
}

/* ---- Card codes --------------------------------------------------------------- */

static void
test_card_codes (void)
{
  g_autofree char *one = dis_member_card_from_number (1);
  g_autofree char *normal = dis_member_card_normalize (" ds 0000-0018 ");

  g_assert_cmpstr (one, ==, "DS00000018");
  g_assert_cmpstr (normal, ==, "DS00000018");
  g_assert_true (dis_member_card_is_well_formed ("DS00000018"));
  g_assert_false (dis_member_card_is_well_formed ("ds00000018"));
  g_assert_false (dis_member_card_is_well_formed ("DS0000001"));
  g_assert_false (dis_member_card_is_well_formed ("DS000000180"));
  g_assert_false (dis_member_card_is_well_formed ("XS00000018"));
  g_assert_null (dis_member_card_normalize ("DS00000019"));
  g_assert_null (dis_member_card_normalize (NULL));

  /* Every single wrong digit of many random cards is caught. */
  for (guint n = 0; n < 200; n++)
    {
      g_autofree char *card = dis_member_card_new_random ();

      g_assert_true (dis_member_card_is_well_formed (card));
      for (guint i = 2; i < DIS_MEMBER_CARD_LENGTH; i++)
        for (char d = '0'; d <= '9'; d++)
          {
            char copy[DIS_MEMBER_CARD_LENGTH + 1];

            if (card[i] == d)
              continue;
            memcpy (copy, card, sizeof copy);
            copy[i] = d;
            g_assert_false (dis_member_card_is_well_formed (copy));
          }
      /* And a swap of two different neighbours (but 0↔9, Luhn's blind spot). */
      for (guint i = 2; i + 1 < DIS_MEMBER_CARD_LENGTH; i++)
        {
          char copy[DIS_MEMBER_CARD_LENGTH + 1];

          memcpy (copy, card, sizeof copy);
          if (copy[i] == copy[i + 1] || (copy[i] + copy[i + 1] == '0' + '9'))
            continue;
          copy[i] = card[i + 1];
          copy[i + 1] = card[i];
          g_assert_false (dis_member_card_is_well_formed (copy));
        }
    }

  g_assert_cmpuint (dis_date_parse ("2024-02-29"), >, 0);
  g_assert_cmpuint (dis_date_parse ("2023-02-29"), ==, 0);
  g_assert_cmpuint (dis_date_parse ("2024-2-29"), ==, 0);
}

/* ---- Offline registration to Impegno --------------------------------------- */

static gboolean
registered_two_months_ago (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DisMember) member = dis_store_find_member_by_card (f->store, f->card, NULL);

  return member != NULL && member->registered_julian == f->want_registered && caught_up (f);
}

static void
test_offline_to_impegno (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(DisMember) pulled = NULL;
  g_autoptr(DisMember) after = NULL;
  g_autofree char *card = dis_store_new_member_card (f->store, &error);
  g_autofree char *out = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *two_months_ago = NULL;
  g_autofree char *declarations = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  DisEligibilityRules rules;
  DisEligibility eligibility;
  DisBuyer buyer;
  JsonArray *list;
  JsonObject *first;
  gint64 volume = 0, pieces;
  guint status;

  g_assert_no_error (error);
  f->card = g_strdup (card);

  /* At the counter, with no hub at all. */
  member = register_member (f, f->store, f->op, card, "Giulia Bertolotti", DIS_TIER_IMPEGNO);
  g_assert_cmpint (member->status, ==, DIS_MEMBER_PENDING);
  g_assert_false (member->known_to_hub);
  g_assert_cmpuint (member->registered_julian, ==, today ());
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, 1);
  g_assert_cmpint (point_int (f, "SELECT count(*) FROM outbox WHERE type = 'member.registered'"), ==, 1);

  /* Pending: Equa and Solidale, and Impegno says why not. */
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_get_eligibility_rules (f->store, &rules, &error));
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_false (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  g_assert_true (eligibility.allowed[DIS_TIER_EQUA]);
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "not yet validated"));
  g_assert_cmpint (eligibility.default_tier, ==, DIS_TIER_EQUA);
  dis_eligibility_clear (&eligibility);

  /* The hub comes: the registration goes up, the member comes back. */
  start_hub (f);
  enrol (f);
  sync_and_wait (f);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM members WHERE card_code = ?1 AND status = 'pending'", card), ==, 1);
  origin = dis_test_hub_text (f->net.hub, "SELECT origin_point FROM members WHERE card_code = ?1", card);
  g_assert_cmpstr (origin, ==, "TO-CEN");
  pulled = find (f, card);
  g_assert_true (pulled->known_to_hub);
  g_assert_cmpint (pulled->status, ==, DIS_MEMBER_PENDING);

  /* Validated on the hub, pulled back validated. */
  g_assert_cmpint (dis_test_hub_run (f->net.hub, &out, NULL, "member", "validate", card, NULL), ==, 0);
  f->want_status = DIS_MEMBER_VALIDATED;
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (member_has_status, f, 20000));

  /* Still not Impegno: registered today, no purchases, nothing acknowledged. */
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "Registered 0 months of 2"));
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "not acknowledged"));
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "declaration"));
  dis_eligibility_clear (&eligibility);

  /* Meet the criteria: documentation, declaration, volume, two months. */
  g_assert_true (dis_store_record_acknowledgement (f->store, f->op, card, &error));
  g_assert_no_error (error);
  g_assert_true (dis_store_set_declaration (f->store, f->op, card,
                                            "Mi impegno a fare la spesa dai produttori della rete.",
                                            "Giulia B.", &error));
  g_assert_no_error (error);
  pieces = (rules.impegno_volume_cents + f->product_price - 1) / f->product_price;
  volume += sell (f, card, pieces / 2);
  volume += sell (f, card, pieces - pieces / 2);
  g_assert_cmpint (volume, >=, rules.impegno_volume_cents);
  sync_and_wait (f);

  f->want_registered = months_from_today (-2);
  two_months_ago = dis_date_format (f->want_registered);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "set-registered", card, two_months_ago, NULL), ==, 0);
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (registered_two_months_ago, f, 20000));

  /* Everything now comes from the hub's figures. */
  after = find (f, card);
  g_assert_cmpint (after->volume_12m_cents, ==, volume);
  g_assert_cmpint (after->volume_unsynced_cents, ==, 0);
  g_assert_true (after->documentation_acknowledged);
  g_assert_true (after->has_declaration);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM members WHERE card_code = ?1"
                                                 " AND documentation_acknowledged_on IS NOT NULL AND declaration_text IS NOT NULL", card), ==, 1);

  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (buyer.volume_12m_cents, ==, volume);
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_true (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_null (eligibility.reason[DIS_TIER_IMPEGNO]);
  g_assert_false (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  g_assert_cmpint (eligibility.default_tier, ==, DIS_TIER_IMPEGNO);
  dis_eligibility_clear (&eligibility);

  /* One day short of two months is not enough. */
  dis_eligibility_evaluate (&buyer, &rules, today () - 1, &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  dis_eligibility_clear (&eligibility);

  /* The network asks for activity hours: the coordinators' figure decides. */
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "settings", "set", "eligibility.impegno_needs_activity", "true", NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "settings", "set", "eligibility.impegno_activity_min", "4", NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "set-activity", card, "3", NULL), ==, 0);
  sync_and_wait (f);
  g_assert_true (dis_store_get_eligibility_rules (f->store, &rules, &error));
  g_assert_true (rules.impegno_needs_activity);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_cmpint (buyer.activity_score, ==, 3);
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "Activity 3 hours of 4"));
  dis_eligibility_clear (&eligibility);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "set-activity", card, "4", NULL), ==, 0);
  sync_and_wait (f);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_true (eligibility.allowed[DIS_TIER_IMPEGNO]);
  dis_eligibility_clear (&eligibility);

  /* A certificate verified on the hub: Accessibile for 12 months. */
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "set-basis", card, "--kind", "certificate",
                                     "--verified-by", "CAF Torino Nord", NULL), ==, 0);
  sync_and_wait (f);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_cmpint (buyer.basis, ==, DIS_BASIS_CERTIFICATE);
  g_assert_cmpuint (buyer.basis_expires_julian, ==, months_from_today (12));
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_true (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  dis_eligibility_clear (&eligibility);
  dis_eligibility_evaluate (&buyer, &rules, months_from_today (12) + 1, &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  dis_eligibility_clear (&eligibility);

  /* The public declarations: the published name, text and date only. */
  declarations = http_get (f, "/api/v1/declarations", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_parser_load_from_data (parser, declarations, -1, &error));
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "declarations");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  first = json_array_get_object_element (list, 0);
  g_assert_cmpuint (json_object_get_size (first), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Giulia B.");
  g_assert_cmpstr (json_object_get_string_member (first, "text"), ==,
                   "Mi impegno a fare la spesa dai produttori della rete.");
  g_assert_nonnull (json_object_get_string_member (first, "date"));
  g_assert_null (strstr (declarations, card));
  g_assert_null (strstr (declarations, "Bertolotti"));

  /* Suspended on the hub: back to Equa and Solidale at the counter. */
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "suspend", card, NULL), ==, 0);
  f->want_status = DIS_MEMBER_SUSPENDED;
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (member_has_status, f, 20000));
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_false (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  dis_eligibility_clear (&eligibility);
}

/* ---- The buyer's volume includes unsynced sales ------------------------------ */

static gboolean
volume_pulled (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DisMember) member = dis_store_find_member_by_card (f->store, f->card, NULL);

  return member != NULL && member->volume_12m_cents == f->want_volume && caught_up (f);
}

static void
test_unsynced_volume (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(DisMember) offline = NULL;
  g_autoptr(DisMember) back = NULL;
  g_autofree char *card = dis_member_card_from_number (4242);
  gint64 first, second, third;
  DisBuyer buyer;

  f->card = g_strdup (card);
  start_hub (f);
  enrol (f);
  member = register_member (f, f->store, f->op, card, "Piero Gobetti", DIS_TIER_EQUA);
  sync_and_wait (f);

  first = sell (f, card, 2);
  f->want_volume = first;
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (volume_pulled, f, 20000));
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_cmpint (buyer.volume_12m_cents, ==, first);

  /* The hub stops: the next sales count at once, from the outbox. */
  stop_hub (f);
  second = sell (f, card, 3);
  third = sell (f, card, 1);
  /* Another buyer's sale does not count. */
  sell (f, NULL, 5);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (buyer.volume_12m_cents, ==, first + second + third);
  offline = find (f, card);
  g_assert_cmpint (offline->volume_12m_cents, ==, first);
  g_assert_cmpint (offline->volume_unsynced_cents, ==, second + third);

  /* Back online: the hub's figure takes them over, nothing counts twice. */
  start_hub (f);
  f->want_volume = first + second + third;
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (volume_pulled, f, 30000));
  back = find (f, card);
  g_assert_cmpint (back->volume_unsynced_cents, ==, 0);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_cmpint (buyer.volume_12m_cents, ==, first + second + third);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM hub_sales WHERE member_card = ?1", card), ==, 3);
}

/* ---- Export ---------------------------------------------------------------------- */

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMember) a = NULL;
  g_autoptr(DisMember) b = NULL;
  g_autofree char *card_a = dis_member_card_from_number (1001);
  g_autofree char *card_b = dis_member_card_from_number (2002);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *member, *summary;
  JsonArray *sales, *events;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_columns = 0;
  gint64 total;

  start_hub (f);
  enrol (f);
  a = register_member (f, f->store, f->op, card_a, "Ada Prospero", DIS_TIER_SOLIDALE);
  b = register_member (f, f->store, f->op, card_b, "Bruno Zerbinati", DIS_TIER_EQUA);
  g_assert_true (dis_store_set_declaration (f->store, f->op, card_a, "Compro dalla rete.", "Ada", &error));
  g_assert_true (dis_store_set_declaration (f->store, f->op, card_b, "Anch'io, Zerbinati.", "Bruno Z.", &error));
  g_assert_no_error (error);
  total = sell (f, card_a, 2);
  sell (f, card_b, 7);
  sync_and_wait (f);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "set-basis", card_a, "--kind", "self_declaration",
                                     "--verified-by", "Sportello Barriera", "--expires", "2099-12-31", NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "set-activity", card_a, "5", NULL), ==, 0);

  g_assert_cmpint (dis_test_hub_run (f->net.hub, &out, NULL, "member", "export", card_a, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  member = json_object_get_object_member (root, "member");

  /* Every column the hub has for members, with its value. */
  g_assert_cmpint (sqlite3_open_v2 (f->net.hub->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info ('members')", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 0);

      g_assert_true (json_object_has_member (member, column));
      n_columns++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (n_columns, >=, 20);
  g_assert_cmpuint (json_object_get_size (member), ==, n_columns);
  g_assert_cmpstr (json_object_get_string_member (member, "card_code"), ==, card_a);
  g_assert_cmpstr (json_object_get_string_member (member, "display_name"), ==, "Ada Prospero");
  g_assert_cmpstr (json_object_get_string_member (member, "contact"), ==, "011 555 0101");
  g_assert_cmpstr (json_object_get_string_member (member, "kind"), ==, "person");
  g_assert_cmpstr (json_object_get_string_member (member, "basis"), ==, "self_declaration");
  g_assert_cmpstr (json_object_get_string_member (member, "basis_verified_by"), ==, "Sportello Barriera");
  g_assert_cmpstr (json_object_get_string_member (member, "basis_expires_on"), ==, "2099-12-31");
  g_assert_cmpstr (json_object_get_string_member (member, "declaration_text"), ==, "Compro dalla rete.");
  g_assert_cmpint (json_object_get_int_member (member, "activity_hours"), ==, 5);
  g_assert_nonnull (json_object_get_string_member (member, "privacy_consent_on"));

  /* Their sales, summed; their events, without the operator. */
  summary = json_object_get_object_member (root, "sales_summary");
  g_assert_cmpint (json_object_get_int_member (summary, "sales"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "total_cents"), ==, total);
  g_assert_cmpint (json_object_get_int_member (summary, "volume_12m_cents"), ==, total);
  sales = json_object_get_array_member (root, "sales");
  g_assert_cmpuint (json_array_get_length (sales), ==, 1);
  events = json_object_get_array_member (root, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 2);

  /* Nothing about the other member, nor about the volunteer. */
  g_assert_null (strstr (out, card_b));
  g_assert_null (strstr (out, "Bruno"));
  g_assert_null (strstr (out, "Zerbinati"));
  g_assert_null (strstr (out, "\"Anna\""));

  /* Unknown or malformed cards: a clear message, exit status 1. */
  {
    g_autofree char *err = NULL;
    g_autofree char *unknown = dis_member_card_from_number (3003);

    g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, &err, "member", "export", unknown, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "no member has the card"));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, &err, "member", "validate", "DS12345678", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "not a member card code"));
  }
}

/* ---- Bad input ----------------------------------------------------------------- */

static void
assert_nothing_stored (Fixture *f,
                       gint64   members,
                       gint64   outbox)
{
  g_assert_cmpint (point_int (f, "SELECT count(*) FROM members"), ==, members);
  g_assert_cmpint (dis_store_count_outbox (f->store, NULL), ==, outbox);
}

static void
test_bad_input_point (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(DisOperator) volunteer = NULL;
  g_autofree char *card = dis_member_card_from_number (777);
  g_autofree char *other = dis_member_card_from_number (778);
  g_autofree char *unknown = dis_member_card_from_number (779);
  g_autoptr(GString) long_text = g_string_new (NULL);
  DisMemberRegistration reg = {
    .card_code = other, .display_name = "Carla", .kind = DIS_MEMBER_KIND_ASSOCIATION,
    .preferred_tier = DIS_TIER_EQUA, .privacy_consent = TRUE,
  };
  DisBuyer buyer;

  member = register_member (f, f->store, f->op, card, "Nicolò Ferrèro", DIS_TIER_EQUA);
  assert_nothing_stored (f, 1, 1);

  /* Unknown and malformed card codes. */
  g_assert_null (dis_store_find_member_by_card (f->store, unknown, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, unknown));
  g_clear_error (&error);
  g_assert_false (dis_store_get_buyer (f->store, "DS00000777", &buyer, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a member card code"));
  g_clear_error (&error);
  g_assert_false (dis_store_record_acknowledgement (f->store, f->op, unknown, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_nothing_stored (f, 1, 1);

  /* A card already in use, no consent, no name, a malformed card. */
  reg.card_code = card;
  g_assert_null (dis_store_register_member (f->store, f->op, &reg, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "belongs to another member"));
  g_clear_error (&error);
  reg.card_code = other;
  reg.privacy_consent = FALSE;
  g_assert_null (dis_store_register_member (f->store, f->op, &reg, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "privacy"));
  g_clear_error (&error);
  reg.privacy_consent = TRUE;
  reg.display_name = "   ";
  g_assert_null (dis_store_register_member (f->store, f->op, &reg, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  reg.display_name = "Carla";
  reg.card_code = "DS00000001";
  g_assert_null (dis_store_register_member (f->store, f->op, &reg, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  assert_nothing_stored (f, 1, 1);

  /* A volunteer may not register members. */
  volunteer = dis_store_create_operator (f->store, f->op, "Marco", "5678", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  reg.card_code = other;
  g_assert_null (dis_store_register_member (f->store, volunteer, &reg, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (dis_store_record_acknowledgement (f->store, volunteer, card, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  assert_nothing_stored (f, 1, 1);

  /* A declaration over the limit (characters, not bytes), then at it. */
  for (guint i = 0; i < DIS_MEMBER_DECLARATION_MAX + 1; i++)
    g_string_append (long_text, "è");
  g_assert_false (dis_store_set_declaration (f->store, f->op, card, long_text->str, "Nicolò", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1001"));
  g_assert_nonnull (strstr (error->message, "1000"));
  g_clear_error (&error);
  g_assert_false (dis_store_set_declaration (f->store, f->op, card, "Bene", "  ", &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  assert_nothing_stored (f, 1, 1);
  g_assert_cmpint (point_int (f, "SELECT has_declaration FROM members"), ==, 0);
  g_string_truncate (long_text, strlen ("è") * DIS_MEMBER_DECLARATION_MAX);
  g_assert_true (dis_store_set_declaration (f->store, f->op, card, long_text->str, "Nicolò", &error));
  g_assert_no_error (error);
  assert_nothing_stored (f, 1, 2);

  /* Search: accents and case do not matter, nor card spacing. */
  {
    const char *queries[] = { "nicolo", "FERRERO", "ferr", "nicolò ferrèro", "DS0000", "ds 0000 777", NULL };

    for (guint i = 0; queries[i] != NULL; i++)
      {
        g_autoptr(GPtrArray) found = dis_store_search_members (f->store, queries[i], 10, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (found->len, ==, 1);
        g_assert_cmpstr (((DisMember *) g_ptr_array_index (found, 0))->card_code, ==, card);
      }
    g_autoptr(GPtrArray) none = dis_store_search_members (f->store, "zanzara", 10, &error);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* Two tills of the point registered the same new card offline. */
static void
test_duplicate_card_on_hub (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir2 = g_build_filename (f->net.dir, "till2", NULL);
  g_autofree char *db2 = g_build_filename (f->net.dir, "punto2.db", NULL);
  g_autofree char *token2 = dis_test_hub_add_device (f->net.hub, "TO-CEN", "C2", FALSE);
  g_autofree char *card = dis_member_card_from_number (31415);
  g_autofree char *name = NULL;
  g_autoptr(DisStore) store2 = NULL;
  g_autoptr(DisSyncClient) client2 = NULL;
  g_autoptr(DisOperator) op2 = NULL;
  g_autoptr(DisMember) one = NULL;
  g_autoptr(DisMember) two = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  DisDeadLetter *letter;

  store2 = dis_store_open (db2, &error);
  g_assert_no_error (error);
  g_assert_true (dis_store_set_identity (store2, "TO-CEN", "Centro", "C2", &error));
  op2 = test_store_add_manager (store2);

  one = register_member (f, f->store, f->op, card, "Elena Prima", DIS_TIER_EQUA);
  two = register_member (f, store2, op2, card, "Franco Secondo", DIS_TIER_EQUA);

  start_hub (f);
  enrol (f);
  sync_and_wait (f);

  client2 = dis_sync_client_new (store2, dir2);
  dis_sync_client_set_timing_for_testing (client2, 20, 400, 60000, 2, 7);
  {
    DisSyncClient *saved = f->client;
    DisStore *saved_store = f->store;
    char *saved_token = f->net.token;

    f->client = client2;
    f->store = store2;
    f->net.token = token2;
    enrol (f);
    g_assert_true (dis_test_wait_for (caught_up, f, 20000));
    f->client = saved;
    f->store = saved_store;
    f->net.token = saved_token;
  }

  /* The second registration was refused and kept as a dead letter. */
  g_assert_cmpint (dis_store_count_outbox (store2, NULL), ==, 0);
  letters = dis_store_list_dead_letters (store2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 1);
  letter = g_ptr_array_index (letters, 0);
  g_assert_cmpstr (letter->type, ==, "member.registered");
  g_assert_cmpstr (letter->code, ==, "duplicate_card");
  g_assert_nonnull (strstr (letter->message, card));
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM members", NULL), ==, 1);
  name = dis_test_hub_text (f->net.hub, "SELECT display_name FROM members WHERE card_code = ?1", card);
  g_assert_cmpstr (name, ==, "Elena Prima");
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM events WHERE type = 'member.registered'", NULL), ==, 1);

  dis_sync_client_stop (client2);
}

/* The hub checks what a point sends, whatever the point's code did. */
static void
test_bad_input_hub (Fixture *f, gconstpointer data)
{
  g_autofree char *card = dis_member_card_from_number (99);
  g_autofree char *unknown = dis_member_card_from_number (98);
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  static const char head[] = "\"point\":\"TO-CEN\",\"device\":\"C1\",\"operator\":{\"id\":1,\"name\":\"Anna\"}";
  struct {
    const char *type;
    char       *payload;
    const char *code;
  } cases[6];
  gint64 changes_before;

  start_hub (f);
  enrol (f);
  member = register_member (f, f->store, f->op, card, "Gianni Rodari", DIS_TIER_EQUA);
  sync_and_wait (f);
  changes_before = dis_test_hub_int (f->net.hub, "SELECT count(*) FROM changes", NULL);

  for (guint i = 0; i < DIS_MEMBER_DECLARATION_MAX + 1; i++)
    g_string_append_c (text, 'x');
  cases[0].type = "member.updated";
  cases[0].payload = g_strdup_printf ("{\"card_code\":\"%s\",%s,\"documentation_acknowledged_on\":\"2024-05-02\"}",
                                      unknown, head);
  cases[0].code = "unknown_card";
  cases[1].type = "member.updated";
  cases[1].payload = g_strdup_printf ("{\"card_code\":\"%s\",%s,\"declaration\":{\"text\":\"%s\","
                                      "\"published_name\":\"G.\",\"on\":\"2024-05-02\"}}", card, head, text->str);
  cases[1].code = "invalid_payload";
  cases[2].type = "member.registered";
  cases[2].payload = g_strdup_printf ("{\"card_code\":\"%s\",%s,\"display_name\":\"Altro\",\"kind\":\"person\","
                                      "\"contact\":null,\"preferred_tier\":\"equa\",\"privacy_consent_on\":\"2024-05-02\","
                                      "\"registered_on\":\"2024-05-02\"}", card, head);
  cases[2].code = "duplicate_card";
  cases[3].type = "member.registered";
  cases[3].payload = g_strdup_printf ("{\"card_code\":\"DS00000019\",%s,\"display_name\":\"Altro\",\"kind\":\"person\","
                                      "\"contact\":null,\"preferred_tier\":\"equa\",\"privacy_consent_on\":\"2024-05-02\","
                                      "\"registered_on\":\"2024-05-02\"}", head);
  cases[3].code = "invalid_payload";
  cases[4].type = "member.registered";
  cases[4].payload = g_strdup_printf ("{\"card_code\":\"%s\",%s,\"display_name\":\"Altro\",\"kind\":\"person\","
                                      "\"contact\":null,\"preferred_tier\":\"equa\","
                                      "\"registered_on\":\"2024-05-02\"}", unknown, head);
  cases[4].code = "invalid_payload";   /* no privacy consent */
  cases[5].type = "member.provisional_basis";
  cases[5].payload = g_strdup_printf ("{\"card_code\":\"%s\",\"point\":\"TO-OTH\",\"device\":\"C1\","
                                      "\"operator\":{\"id\":1,\"name\":\"Anna\"},"
                                      "\"verified_on\":\"2024-05-02\",\"expires_on\":\"2024-08-02\"}", card);
  cases[5].code = "wrong_point";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *status = NULL, *code = NULL;

      post_event (f, 1000 + i, cases[i].type, cases[i].payload, &status, &code);
      g_assert_cmpstr (status, ==, "rejected");
      g_assert_cmpstr (code, ==, cases[i].code);
      g_free (cases[i].payload);
    }

  /* Nothing changed on the hub. */
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM members", NULL), ==, 1);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM members WHERE declaration_text IS NOT NULL"
                                                 " OR documentation_acknowledged_on IS NOT NULL OR basis <> 'none'", NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM changes", NULL), ==, changes_before);
}

/* ---- Provisional basis ----------------------------------------------------------- */

static gboolean
basis_reviewed (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DisMember) member = dis_store_find_member_by_card (f->store, f->card, NULL);

  return member != NULL && member->basis == DIS_BASIS_SELF_DECLARATION && !member->basis_flagged && caught_up (f);
}

static void
test_provisional_basis (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(DisMember) granted = NULL;
  g_autoptr(DisMember) pulled = NULL;
  g_autoptr(DisOperator) volunteer = NULL;
  g_autofree char *card = dis_member_card_from_number (5150);
  g_autofree char *out = NULL;
  g_autofree char *verified_by = NULL;
  DisEligibilityRules rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  DisEligibility eligibility;
  DisBuyer buyer;

  f->card = g_strdup (card);
  member = register_member (f, f->store, f->op, card, "Rosa Luxemburg", DIS_TIER_ACCESSIBILE);

  volunteer = dis_store_create_operator (f->store, f->op, "Marco", "5678", DIS_ROLE_VOLONTARIO, &error);
  g_assert_no_error (error);
  g_assert_null (dis_store_grant_provisional_basis (f->store, volunteer, card, 0, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (dis_store_grant_provisional_basis (f->store, f->op, card, months_from_today (4), &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dis_store_grant_provisional_basis (f->store, f->op, card, today () - 1, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_error (&error);
  assert_nothing_stored (f, 1, 1);

  /* Pending, with a provisional basis: Accessibile now, its preferred tier. */
  granted = dis_store_grant_provisional_basis (f->store, f->op, card, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (granted->basis, ==, DIS_BASIS_PROVISIONAL);
  g_assert_true (granted->basis_flagged);
  g_assert_cmpuint (granted->basis_expires_julian, ==, months_from_today (DIS_PROVISIONAL_BASIS_MONTHS));
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_true (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  g_assert_true (eligibility.allowed[DIS_TIER_IMPEGNO]);   /* any tier above */
  g_assert_cmpint (eligibility.default_tier, ==, DIS_TIER_ACCESSIBILE);
  dis_eligibility_clear (&eligibility);

  /* Flagged on the hub for review, and still provisional when pulled back. */
  start_hub (f);
  enrol (f);
  sync_and_wait (f);
  verified_by = dis_test_hub_text (f->net.hub, "SELECT basis_verified_by FROM members WHERE card_code = ?1", card);
  g_assert_cmpstr (verified_by, ==, "Anna (TO-CEN)");
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT basis_review FROM members WHERE card_code = ?1", card), ==, 1);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, &out, NULL, "member", "list", "--review", NULL), ==, 0);
  g_assert_nonnull (strstr (out, card));
  g_assert_nonnull (strstr (out, "provisional (review)"));
  pulled = find (f, card);
  g_assert_true (pulled->known_to_hub);
  g_assert_cmpint (pulled->basis, ==, DIS_BASIS_PROVISIONAL);
  g_assert_true (pulled->basis_flagged);

  /* Validated: no new provisional basis at the counter. */
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "validate", card, NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "set-basis", card, "--kind", "self_declaration",
                                     "--verified-by", "Coordinamento", NULL), ==, 0);
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (basis_reviewed, f, 20000));
  g_assert_null (dis_store_grant_provisional_basis (f->store, f->op, card, 0, &error));
  g_assert_error (error, DIS_ERROR, DIS_ERROR_INVALID);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, &out, NULL, "member", "list", "--review", NULL), ==, 0);
  g_assert_null (strstr (out, card));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/members/card-codes", test_card_codes);
#define ADD(path, fn) g_test_add ("/members/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("offline-to-impegno", test_offline_to_impegno);
  ADD ("unsynced-volume", test_unsynced_volume);
  ADD ("export", test_export);
  ADD ("bad-input-point", test_bad_input_point);
  ADD ("bad-input-hub", test_bad_input_hub);
  ADD ("duplicate-card-on-hub", test_duplicate_card_on_hub);
  ADD ("provisional-basis", test_provisional_basis);
#undef ADD

  return g_test_run ();
}
