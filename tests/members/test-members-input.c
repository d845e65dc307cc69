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
#include "members-test-fixture.h"

/* Bad input at both ends: what the point refuses, what the hub refuses, a
 * card code taken on the hub, a provisional basis the hub reviews. */

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

  /* The review replaced the provisional basis: the point holds none of
   * its own any more, and the hub's verdict still grants Accessibile
   * (issue 10: the kind stays on the hub). */
  return member != NULL && member->basis == DIS_BASIS_NONE && !member->basis_flagged &&
         member->status == DIS_MEMBER_VALIDATED && member->has_verdicts &&
         member->verdict[DIS_TIER_ACCESSIBILE].missing == 0 && caught_up (f);
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

void
members_add_input_tests (void)
{
#define ADD(path, fn) g_test_add ("/members/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("bad-input-point", test_bad_input_point);
  ADD ("bad-input-hub", test_bad_input_hub);
  ADD ("duplicate-card-on-hub", test_duplicate_card_on_hub);
  ADD ("provisional-basis", test_provisional_basis);
#undef ADD
}
