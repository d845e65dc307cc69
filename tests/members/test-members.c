/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-members"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "dis-core.h"
#include "dis-hub-db.h"
#include "dis-member.h"
#include "dis-store-members.h"
#include "dis-store-sync.h"
#include "dis-sync.h"
#include "dis-sync-private.h"
#include "dis-test-hub.h"
#include "dis-test-point.h"
#include "dis-test-util.h"
#include "../store/store-test-util.h"
#include "members-test-fixture.h"

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

/* The hub's verdict, pulled: Impegno with nothing missing. */
static gboolean
impegno_verdict (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DisMember) member = dis_store_find_member_by_card (f->store, f->card, NULL);

  return member != NULL && member->has_verdicts && member->verdict[DIS_TIER_IMPEGNO].missing == 0 &&
         caught_up (f);
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
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "Registered for less than 2 months"));
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
  g_assert_true (dis_test_wait_for (impegno_verdict, f, 20000));

  /* Everything now comes from the hub's verdicts, not its figures: the
   * purchases of today hold Impegno for twelve months. */
  after = find (f, card);
  g_assert_true (after->has_verdicts);
  g_assert_cmpint (after->volume_12m_cents, ==, 0);
  g_assert_cmpuint (after->verdict[DIS_TIER_IMPEGNO].until_julian, ==, months_from_today (12));
  g_assert_cmpint (after->volume_unsynced_cents, ==, 0);
  g_assert_true (after->documentation_acknowledged);
  g_assert_true (after->has_declaration);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM members WHERE card_code = ?1"
                                                 " AND documentation_acknowledged_on IS NOT NULL AND declaration_text IS NOT NULL", card), ==, 1);

  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_no_error (error);
  g_assert_true (buyer.has_verdicts);
  g_assert_cmpint (buyer.volume_12m_cents, ==, 0);
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_true (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_null (eligibility.reason[DIS_TIER_IMPEGNO]);
  g_assert_false (eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  g_assert_cmpint (eligibility.default_tier, ==, DIS_TIER_IMPEGNO);
  dis_eligibility_clear (&eligibility);

  /* Offline, the day after the purchases leave the window is too late. */
  dis_eligibility_evaluate (&buyer, &rules, months_from_today (12) + 1, &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "Purchases in the last 12 months: less than"));
  dis_eligibility_clear (&eligibility);

  /* The network asks for activity hours: the coordinators' figure decides. */
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "settings", "set", "eligibility.impegno_needs_activity", "true", NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "settings", "set", "eligibility.impegno_activity_min", "4", NULL), ==, 0);
  g_assert_cmpint (dis_test_hub_run (f->net.hub, NULL, NULL, "member", "set-activity", card, "3", NULL), ==, 0);
  sync_and_wait (f);
  g_assert_true (dis_store_get_eligibility_rules (f->store, &rules, &error));
  g_assert_true (rules.impegno_needs_activity);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_cmpint (buyer.activity_score, ==, 0);
  g_assert_cmpuint (buyer.verdict[DIS_TIER_IMPEGNO].missing, ==, 1u << DIS_CRITERION_ACTIVITY);
  dis_eligibility_evaluate (&buyer, &rules, today (), &eligibility);
  g_assert_false (eligibility.allowed[DIS_TIER_IMPEGNO]);
  g_assert_nonnull (strstr (eligibility.reason[DIS_TIER_IMPEGNO], "Activity: less than 4 hours"));
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
  g_assert_cmpint (buyer.basis, ==, DIS_BASIS_NONE);
  g_assert_cmpuint (buyer.verdict[DIS_TIER_ACCESSIBILE].missing, ==, 0);
  g_assert_cmpuint (buyer.verdict[DIS_TIER_ACCESSIBILE].until_julian, ==, months_from_today (12));
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

/* ---- The buyer's volume: local until the hub knows the member ---------------- */

static gboolean
verdicts_pulled (gpointer data)
{
  Fixture *f = data;
  g_autoptr(DisMember) member = dis_store_find_member_by_card (f->store, f->card, NULL);

  return member != NULL && member->has_verdicts && member->volume_unsynced_cents == 0 && caught_up (f);
}

/* Registered here and not yet known to the hub, a member's purchases
 * count at once from this point's own sales; once the hub publishes the
 * member, its verdicts decide (issue 10) and the point keeps no spending
 * figure of them, nor follows their purchases. */
static void
test_unsynced_volume (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(DisMember) offline = NULL;
  g_autoptr(DisMember) back = NULL;
  g_autofree char *card = dis_member_card_from_number (4242);
  gint64 first, second, third;
  DisVerdict verdict;
  DisBuyer buyer;

  f->card = g_strdup (card);
  member = register_member (f, f->store, f->op, card, "Piero Gobetti", DIS_TIER_EQUA);

  /* No hub yet: the sales count at once, from the outbox. */
  first = sell (f, card, 2);
  second = sell (f, card, 3);
  /* Another buyer's sale does not count. */
  sell (f, NULL, 5);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_no_error (error);
  g_assert_false (buyer.has_verdicts);
  g_assert_cmpint (buyer.volume_12m_cents, ==, first + second);
  offline = find (f, card);
  g_assert_cmpint (offline->volume_unsynced_cents, ==, first + second);

  /* The hub publishes the member: verdicts, no figures. */
  start_hub (f);
  enrol (f);
  dis_sync_client_sync_now (f->client);
  g_assert_true (dis_test_wait_for (verdicts_pulled, f, 30000));
  back = find (f, card);
  g_assert_cmpint (back->volume_12m_cents, ==, 0);
  g_assert_cmpint (dis_test_hub_int (f->net.hub, "SELECT count(*) FROM hub_sales WHERE member_card = ?1", card), ==, 2);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_true (buyer.has_verdicts);
  g_assert_cmpint (buyer.volume_12m_cents, ==, 0);
  verdict = buyer.verdict[DIS_TIER_IMPEGNO];
  g_assert_cmpuint (verdict.missing & (1u << DIS_CRITERION_VOLUME), !=, 0);

  /* Offline again, a purchase changes nothing the point decides from. */
  stop_hub (f);
  third = sell (f, card, 1);
  g_assert_cmpint (third, >, 0);
  g_assert_true (dis_store_get_buyer (f->store, card, &buyer, &error));
  g_assert_true (buyer.has_verdicts);
  g_assert_cmpint (buyer.volume_12m_cents, ==, 0);
  g_assert_cmpuint (buyer.verdict[DIS_TIER_IMPEGNO].missing, ==, verdict.missing);
  g_assert_cmpuint (buyer.verdict[DIS_TIER_IMPEGNO].until_julian, ==, verdict.until_julian);
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
  DisHubDb *hub_db = NULL;
  DisHubStmt *stmt = NULL;
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
  hub_db = dis_hub_db_open (f->net.hub->db_path, FALSE, &error);
  g_assert_no_error (error);
  stmt = dis_hub_db_prepare (hub_db, "SELECT * FROM members", &error);
  g_assert_no_error (error);
  for (int c = 0; c < dis_hub_stmt_column_count (stmt); c++)
    {
      g_assert_true (json_object_has_member (member, dis_hub_stmt_column_name (stmt, c)));
      n_columns++;
    }
  dis_hub_stmt_free (stmt);
  dis_hub_db_close (hub_db);
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
#undef ADD
  members_add_input_tests ();

  return g_test_run ();
}
