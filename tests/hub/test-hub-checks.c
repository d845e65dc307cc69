/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hub"

#include "config.h"

#include <string.h>

#include "dis-test-util.h"
#include "hub-test-fixture.h"

/* Issue 10 §1 on a real hub: eligibility re-checked at the sale's date,
 * the refund rules, and what a point may say about a member. */

/* Today in the network's calendar, YYYY-MM-DD, @months from now. */
static char *
network_day (int months)
{
  g_autoptr(GTimeZone) rome = g_time_zone_new_identifier ("Europe/Rome");
  g_autoptr(GTimeZone) tz = rome != NULL ? g_steal_pointer (&rome) : g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) then = g_date_time_add_months (now, months);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* sale_event () at @tier to @card (NULL: anonymous), made now. */
static char *
sale_now (const char *point,
          gint64      seq,
          const char *tier,
          gint64      unit_price,
          const char *card)
{
  g_autofree char *event = sale_event (point, seq, tier, 2000, unit_price, 0);
  g_autoptr(GString) edit = g_string_new (event);
  g_autofree char *today = network_day (0);
  g_autofree char *now = g_strdup_printf ("\"%sT10:00:00+01:00\"", today);
  g_autofree char *member = g_strdup_printf ("\"member_card\":\"%s\"", card);

  g_string_replace (edit, "\"2024-05-02T10:00:00+02:00\"", now, 0);
  if (card != NULL)
    g_assert_cmpuint (g_string_replace (edit, "\"member_card\":null", member, 1), ==, 1);
  return g_string_free (g_steal_pointer (&edit), FALSE);
}

/* The id of the sale of an event of sale_now (). */
static char *
sale_id_of (const char *event)
{
  const char *p = strstr (event, "\"payload\":{\"id\":\"");

  g_assert_nonnull (p);
  return g_strndup (p + strlen ("\"payload\":{\"id\":\""), 36);
}

/* A refund by @point of @qty (milli-units, > 0) of line 1 of @refund_of
 * at @tier and @unit_price (Equa 185), with the point's figures. */
static char *
refund_event (const char *point,
              gint64      seq,
              const char *refund_of,
              const char *tier,
              gint64      qty,
              gint64      unit_price)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *sale_id = g_uuid_string_random ();
  gint64 lt = -unit_price * qty / 1000, lte = -185 * qty / 1000;

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"sale.refunded\","
                          "\"at\":\"2024-05-03T10:00:00+02:00\",\"payload\":{"
                          "\"id\":\"%s\",\"receipt_no\":\"%s-C1-%06" G_GINT64_FORMAT "\",\"point\":\"%s\","
                          "\"device\":\"C1\",\"seq\":%" G_GINT64_FORMAT ",\"created_at\":\"2024-05-03T10:00:00+02:00\","
                          "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"member_card\":null,\"tier\":\"%s\","
                          "\"refund_of\":\"%s\",\"refund_of_receipt_no\":\"TO-CEN-C1-000001\",\"lines\":[{\"line_no\":1,"
                          "\"product_code\":\"P-0001\",\"product_name\":\"Spaghetti\",\"supplier_code\":\"F-PAS\","
                          "\"unit\":\"piece\",\"quantity\":%" G_GINT64_FORMAT ",\"unit_price\":%" G_GINT64_FORMAT ","
                          "\"unit_price_equa\":185,\"line_total\":%" G_GINT64_FORMAT ",\"line_total_equa\":%" G_GINT64_FORMAT ","
                          "\"tier_delta\":%" G_GINT64_FORMAT ",\"vat_rate\":4}],"
                          "\"payments\":[{\"method\":\"card\",\"amount\":%" G_GINT64_FORMAT "}],\"n_lines\":1,"
                          "\"total\":%" G_GINT64_FORMAT ",\"total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":%" G_GINT64_FORMAT ","
                          "\"cash_tendered\":0,\"change_due\":0}}",
                          id, seq, sale_id, point, seq, point, seq, tier, refund_of, -qty, unit_price,
                          lt, lte, lt - lte, lt, lt, lte, lt - lte);
}

static char *
registered_event (gint64      seq,
                  const char *card,
                  const char *registered_on)
{
  g_autofree char *id = g_uuid_string_random ();

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"member.registered\","
                          "\"at\":\"2024-05-02T09:00:00+02:00\",\"payload\":{\"card_code\":\"%s\","
                          "\"point\":\"TO-CEN\",\"device\":\"C1\",\"operator\":{\"id\":1,\"name\":\"Anna Rossi\"},"
                          "\"display_name\":\"Giulia Bertolotti\",\"kind\":\"person\",\"contact\":null,"
                          "\"preferred_tier\":\"accessibile\",\"privacy_consent_on\":\"%s\",\"registered_on\":\"%s\"}}",
                          id, seq, card, registered_on, registered_on);
}

static char *
provisional_event (gint64      seq,
                   const char *card,
                   const char *verified_on,
                   const char *expires_on)
{
  g_autofree char *id = g_uuid_string_random ();

  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"member.provisional_basis\","
                          "\"at\":\"2024-05-02T09:10:00+02:00\",\"payload\":{\"card_code\":\"%s\","
                          "\"point\":\"TO-CEN\",\"device\":\"C1\",\"operator\":{\"id\":2,\"name\":\"Marco Bianchi\"},"
                          "\"verified_on\":\"%s\",\"expires_on\":\"%s\"}}",
                          id, seq, card, verified_on, expires_on);
}

/* Pushes one event with @token; its result, and whether the hub's state
 * stayed as it was when it was rejected. */
static JsonObject *
push_event (Fixture     *f,
            const char  *token,
            const char  *event,
            JsonNode   **out_root)
{
  g_autofree char *state = db_state (f);
  g_autofree char *after = NULL;
  JsonObject *r;
  guint status;

  *out_root = push (f, token, event, &status);
  g_assert_cmpuint (status, ==, 200);
  r = result_at (*out_root, 0);
  g_test_message ("%s %s %s", json_object_get_string_member (r, "status"),
                  json_object_get_string_member_with_default (r, "code", ""),
                  json_object_get_string_member_with_default (r, "message",
                                                              json_object_get_string_member_with_default (r, "review", "")));
  if (g_str_equal (json_object_get_string_member (r, "status"), "rejected"))
    {
      after = db_state (f);
      g_assert_cmpstr (state, ==, after);
    }
  return r;
}

static void
assert_accepted (Fixture    *f,
                 const char *token,
                 const char *event)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *r = push_event (f, token, event, &root);

  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "accepted");
}

static void
assert_rejected (Fixture    *f,
                 const char *token,
                 const char *event,
                 const char *code)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *r = push_event (f, token, event, &root);

  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, code);
}

/* ---- Eligibility ----------------------------------------------------------- */

/* A sale at Accessibile to nobody eligible for it that day is kept,
 * flagged with the reason, and stays flagged when the member later
 * becomes eligible; the eligible member's sale is not flagged. */
static void
test_eligibility_flagged (Fixture *f, gconstpointer data)
{
  g_autofree char *today = network_day (0);
  g_autofree char *later = network_day (12);
  g_autofree char *anonymous = sale_now ("TO-CEN", 1, "accessibile", 130, NULL);
  g_autofree char *registered = registered_event (2, "DS00000018", today);
  g_autofree char *pending = sale_now ("TO-CEN", 3, "accessibile", 130, "DS00000018");
  g_autofree char *impegno = sale_now ("TO-CEN", 4, "impegno", 167, "DS00000018");
  g_autofree char *eligible = sale_now ("TO-CEN", 5, "accessibile", 130, DIS_TEST_ELIGIBLE_CARD);
  g_autofree char *equa = sale_now ("TO-CEN", 6, "equa", 185, NULL);
  g_autofree char *reasons = NULL, *reasons_after = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonObject *r;
  guint status;

  dis_test_hub_add_eligible_member (f->hub);
  assert_accepted (f, f->token, registered);

  r = push_event (f, f->token, anonymous, &root);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "accepted");
  g_assert_nonnull (strstr (json_object_get_string_member (r, "review"), "tier accessibile: an anonymous buyer is not eligible"));
  g_clear_pointer (&root, json_node_unref);

  r = push_event (f, f->token, pending, &root);
  g_assert_nonnull (strstr (json_object_get_string_member (r, "review"), "tier accessibile: DS00000018 is not eligible"));
  g_assert_nonnull (strstr (json_object_get_string_member (r, "review"), "No basis on record"));
  g_clear_pointer (&root, json_node_unref);

  r = push_event (f, f->token, impegno, &root);
  g_assert_nonnull (strstr (json_object_get_string_member (r, "review"), "tier impegno: DS00000018 is not eligible"));
  g_assert_nonnull (strstr (json_object_get_string_member (r, "review"), "Membership not yet validated"));
  g_clear_pointer (&root, json_node_unref);

  assert_accepted (f, f->token, eligible);
  assert_accepted (f, f->token, equa);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales"), ==, 5);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1"), ==, 3);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1 AND seq IN (1, 3, 4)"), ==, 3);
  reasons = dis_test_hub_join (f->hub, "SELECT review_reason FROM hub_sales ORDER BY seq", "|");

  /* The member becomes eligible afterwards: what was sold stays flagged. */
  g_free (dis_test_hub_admin (f->hub, "member", "validate", "DS00000018", NULL));
  g_free (dis_test_hub_admin (f->hub, "member", "set-basis", "DS00000018", "--kind", "certificate",
                              "--verified-by", "Ufficio", "--expires", later, NULL));
  g_free (dis_test_hub_admin (f->hub, "member", "refresh", NULL));
  again = push (f, f->token, anonymous, &status);
  g_assert_cmpstr (json_object_get_string_member (result_at (again, 0), "status"), ==, "duplicate");
  reasons_after = dis_test_hub_join (f->hub, "SELECT review_reason FROM hub_sales ORDER BY seq", "|");
  g_assert_cmpstr (reasons, ==, reasons_after);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE review_flag = 1 AND seq IN (1, 3, 4)"), ==, 3);
}

/* ---- Refunds ------------------------------------------------------------------ */

/* Only the point that sold refunds, unless the network allows any;
 * never more than is left of a line; the original's tier and prices; a
 * sale the hub knows. Each is rejected with its code and stores nothing. */
static void
test_refund_rules (Fixture *f, gconstpointer data)
{
  g_autofree char *other = dis_test_hub_add_device (f->hub, "TO-SSA", "C1", FALSE);
  g_autofree char *sale = sale_event ("TO-CEN", 1, "equa", 2000, 185, 0);
  g_autofree char *sale_id = sale_id_of (sale);
  g_autofree char *unknown = g_uuid_string_random ();

  start_server (f, NULL, NULL, NULL, NULL);
  assert_accepted (f, f->token, sale);

  {
    g_autofree char *cross = refund_event ("TO-SSA", 1, sale_id, "equa", 1000, 185);
    g_autofree char *cross_again = refund_event ("TO-SSA", 1, sale_id, "equa", 1000, 185);
    g_autofree char *over = refund_event ("TO-CEN", 2, sale_id, "equa", 3000, 185);
    g_autofree char *tier = refund_event ("TO-CEN", 2, sale_id, "solidale", 1000, 185);
    g_autofree char *price = refund_event ("TO-CEN", 2, sale_id, "equa", 1000, 200);
    g_autofree char *nowhere = refund_event ("TO-CEN", 2, unknown, "equa", 1000, 185);
    g_autofree char *half = refund_event ("TO-CEN", 2, sale_id, "equa", 1000, 185);
    g_autofree char *rest_over = refund_event ("TO-CEN", 3, sale_id, "equa", 2000, 185);

    assert_rejected (f, other, cross, "refund_wrong_point");
    assert_rejected (f, f->token, over, "refund_exceeds_sale");
    assert_rejected (f, f->token, tier, "refund_mismatch");
    assert_rejected (f, f->token, price, "refund_mismatch");
    assert_rejected (f, f->token, nowhere, "refund_unknown_sale");
    assert_accepted (f, f->token, half);
    /* 1 of the 2 sold is left. */
    assert_rejected (f, f->token, rest_over, "refund_exceeds_sale");

    /* The network lets any point refund: the other point may, up to
     * what is left. */
    g_free (dis_test_hub_admin (f->hub, "settings", "set", "refunds.cross_point", "true", NULL));
    assert_accepted (f, other, cross_again);
  }
  {
    g_autofree char *more = refund_event ("TO-CEN", 3, sale_id, "equa", 1000, 185);

    assert_rejected (f, f->token, more, "refund_exceeds_sale");
  }
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM hub_sales WHERE kind = 'refund'"), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT -sum (quantity) FROM hub_sale_lines l JOIN hub_sales s ON s.id = l.sale_id"
                              " WHERE s.kind = 'refund'"), ==, 2000);
}

/* ---- Members ---------------------------------------------------------------------- */

/* registered_on is the day the hub first saw the member, not the point's. */
static void
test_registered_on (Fixture *f, gconstpointer data)
{
  g_autofree char *today = network_day (0);
  g_autofree char *event = registered_event (1, "DS00000018", "2020-01-01");
  g_autofree char *stored = NULL;
  g_autofree char *published = NULL;

  assert_accepted (f, f->token, event);
  stored = db_text (f, "SELECT registered_on FROM members WHERE card_code = ?1", "DS00000018");
  g_assert_cmpstr (stored, ==, today);
  published = db_text (f, "SELECT data FROM changes WHERE kind = 'member' AND key = ?1", "DS00000018");
  g_assert_null (strstr (published, "2020-01-01"));
}

/* A provisional basis: only for a pending member, never over a verified
 * basis, at most three months from the day it was granted. */
static void
test_provisional_rules (Fixture *f, gconstpointer data)
{
  g_autofree char *today = network_day (0);
  g_autofree char *three = network_day (3);
  g_autofree char *four = network_day (4);
  g_autofree char *year = network_day (12);
  g_autofree char *basis = NULL;

  {
    g_autofree char *a = registered_event (1, "DS00000018", today);
    g_autofree char *b = registered_event (2, "DS00000026", today);
    g_autofree char *c = registered_event (3, "DS00000034", today);

    assert_accepted (f, f->token, a);
    assert_accepted (f, f->token, b);
    assert_accepted (f, f->token, c);
  }

  /* A certificate the hub verified stays. */
  g_free (dis_test_hub_admin (f->hub, "member", "set-basis", "DS00000018", "--kind", "certificate",
                              "--verified-by", "Ufficio", "--expires", year, NULL));
  {
    g_autofree char *over = provisional_event (4, "DS00000018", today, three);

    assert_rejected (f, f->token, over, "provisional_over_verified");
  }
  basis = db_text (f, "SELECT basis || ' ' || basis_expires_on || ' ' || basis_review FROM members"
                      " WHERE card_code = ?1", "DS00000018");
  {
    g_autofree char *want = g_strdup_printf ("certificate %s 0", year);

    g_assert_cmpstr (basis, ==, want);
  }

  /* Not for ever, nor four months, nor from a day to come. */
  {
    g_autofree char *forever = provisional_event (4, "DS00000026", today, "2099-01-01");
    g_autofree char *too_long = provisional_event (4, "DS00000026", today, four);
    g_autofree char *future = provisional_event (4, "DS00000026", three, four);
    g_autofree char *fine = provisional_event (4, "DS00000026", today, three);

    assert_rejected (f, f->token, forever, "provisional_too_long");
    assert_rejected (f, f->token, too_long, "provisional_too_long");
    assert_rejected (f, f->token, future, "provisional_too_long");
    assert_accepted (f, f->token, fine);
  }
  g_clear_pointer (&basis, g_free);
  basis = db_text (f, "SELECT basis || ' ' || basis_expires_on FROM members WHERE card_code = ?1", "DS00000026");
  {
    g_autofree char *want = g_strdup_printf ("provisional %s", three);

    g_assert_cmpstr (basis, ==, want);
  }

  /* A validated member's basis is the coordinators' to set. */
  g_free (dis_test_hub_admin (f->hub, "member", "validate", "DS00000034", NULL));
  {
    g_autofree char *validated = provisional_event (5, "DS00000034", today, three);

    assert_rejected (f, f->token, validated, "provisional_not_pending");
  }
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM members WHERE basis = 'provisional'"), ==, 1);
}

void
hub_add_checks_tests (void)
{
#define ADD(path, fn) g_test_add ("/hub/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
#define ADD_NOSERVER(path, fn) g_test_add ("/hub/" path, Fixture, GINT_TO_POINTER (1), fixture_set_up, fn, fixture_tear_down)
  ADD ("checks/eligibility-flagged", test_eligibility_flagged);
  ADD_NOSERVER ("checks/refund-rules", test_refund_rules);
  ADD ("checks/registered-on", test_registered_on);
  ADD ("checks/provisional-rules", test_provisional_rules);
#undef ADD
#undef ADD_NOSERVER
}
