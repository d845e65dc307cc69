/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fund"

#include "config.h"

#include <sodium.h>

#include "dis-hub-db.h"
#include "dis-hub-fund.h"
#include "dis-hub-review.h"
#include "dis-hub-settings.h"
#include "fund-test-fixture.h"

/* The solidarity fund in-process: the arithmetic (test-fund-compute.c),
 * and here the periods on a real hub database (fund-test-fixture.c). */

static void
test_place_rome (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = seed (f, "2026-01-31T23:30:00Z", "equa", NULL, FALSE, "F-PAS:0");
  g_autofree char *b = seed (f, "2026-07-31T22:30:00Z", "equa", NULL, FALSE, "F-PAS:0");
  g_autofree char *c = seed (f, "2026-03-31T21:59:59Z", "equa", NULL, FALSE, "F-PAS:0");
  g_autofree char *d = seed (f, "2026-10-31T22:59:59+00:00", "equa", NULL, FALSE, "F-PAS:0");
  g_autofree char *e = NULL;
  g_autofree char *period = NULL;

  g_assert_cmpstr (db_text (f, "SELECT fund_period FROM hub_sales WHERE id = ?1", a), ==, "2026-02");
  g_assert_cmpstr (db_text (f, "SELECT fund_period FROM hub_sales WHERE id = ?1", b), ==, "2026-08");
  g_assert_cmpstr (db_text (f, "SELECT fund_period FROM hub_sales WHERE id = ?1", c), ==, "2026-03");
  g_assert_cmpstr (db_text (f, "SELECT fund_period FROM hub_sales WHERE id = ?1", d), ==, "2026-10");
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_sales WHERE late = 1 OR review_state != 'none'", NULL), ==, 0);

  /* Quarters: the period is named by its first month. */
  dis_hub_db_begin (f->db, &error);
  dis_hub_settings_set (f->db, "fund.period_months", "3", &error);
  g_assert_no_error (error);
  dis_hub_db_commit (f->db, &error);
  e = seed (f, "2026-05-20T10:00:00Z", "equa", NULL, FALSE, "F-PAS:0");
  g_assert_cmpstr (db_text (f, "SELECT fund_period FROM hub_sales WHERE id = ?1", e), ==, "2026-04");
  /* A setting of the hub's own: points never receive it. */
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'settings' AND data LIKE '%fund%'", NULL),
                   ==, 0);
  period = dis_hub_fund_period_of ("2026-12-31T23:00:00Z", 12, &error);
  g_assert_cmpstr (period, ==, "2027-01");
}

/* Full payment, the rest carried into the next month. */
static void
test_full_with_carry (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) jan = NULL;
  g_autoptr(JsonObject) feb = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) closed = NULL;
  const char *feed = NULL;

  g_free (seed (f, "2026-01-05T10:00:00Z", "solidale", NULL, FALSE, "F-PAS:600"));
  g_free (seed (f, "2026-01-06T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:250,F-CON:150"));
  g_free (seed (f, "2026-01-07T10:00:00Z", "accessibile", NULL, FALSE, "F-PAS:-300,F-RIS:-120"));
  g_free (seed (f, "2026-01-08T10:00:00Z", "accessibile", NULL, FALSE, "F-RIS:-80"));
  g_free (seed (f, "2026-01-08T11:00:00Z", "impegno", NULL, FALSE, "F-RIS:-90"));
  g_free (seed (f, "2026-01-08T12:00:00Z", "equa", NULL, FALSE, "F-RIS:0"));
  g_free (seed (f, "2026-02-02T10:00:00Z", "solidale", NULL, FALSE, "F-PAS:100"));
  g_free (seed (f, "2026-02-03T10:00:00Z", "accessibile", NULL, FALSE, "F-PAS:-400"));

  jan = close_period (f, "2026-01");
  g_assert_cmpint (member (jan, "inflow_cents"), ==, 1000);
  g_assert_cmpint (member (jan, "carried_in_cents"), ==, 0);
  g_assert_cmpint (member (jan, "available_cents"), ==, 1000);
  g_assert_cmpstr (claims (jan), ==, "F-PAS=300/300 F-RIS=200/200");
  g_assert_cmpint (member (jan, "carried_out_cents"), ==, 500);
  g_assert_cmpint (member (jan, "impegno_delta_cents"), ==, -90);
  g_assert_cmpint (member (jan, "late_sales"), ==, 0);
  g_assert_cmpint (member (jan, "flagged_excluded_cents"), ==, 0);
  g_assert_nonnull (json_object_get_string_member (jan, "closed_at"));
  assert_conserved (jan);

  feb = preview (f, "2026-02");
  g_assert_cmpint (member (feb, "carried_in_cents"), ==, 500);
  g_assert_cmpint (member (feb, "available_cents"), ==, 600);
  g_assert_cmpstr (claims (feb), ==, "F-PAS=400/400");
  g_assert_cmpint (member (feb, "carried_out_cents"), ==, 200);
  assert_conserved (feb);

  /* Frozen: show gives what close gave; the feed carries it. */
  node = dis_hub_fund_show (f->db, "2026-01", &error);
  g_assert_no_error (error);
  closed = json_node_init_object (json_node_alloc (), jan);
  g_assert_true (json_node_equal (node, closed));
  shown = json_object_ref (json_node_get_object (node));
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'fund_period' AND key = ?1", "2026-01"), ==, 1);
  feed = db_text (f, "SELECT data FROM changes WHERE kind = 'fund_period'", NULL);
  {
    g_autoptr(JsonNode) change = json_from_string (feed, &error);
    JsonObject *object = json_node_get_object (change);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (object, "period"), ==, "2026-01");
    g_assert_true (json_object_get_boolean_member (object, "closed"));
    g_assert_true (json_node_equal (json_object_get_member (object, "fund"), node));
  }
  assert_verified (f, "2026-01");
  g_assert_cmpstr (json_object_get_string_member (shown, "inputs_sha256"), ==,
                   db_text (f, "SELECT inputs_sha256 FROM fund_periods WHERE period = ?1", "2026-01"));
}

/* A shortfall: pro rata, floors, the leftover cent to the tie by code. */
static void
test_shortfall_tie (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) fund = NULL;

  g_free (seed (f, "2026-03-01T10:00:00Z", "solidale", NULL, FALSE, "F-PAS:999"));
  g_free (seed (f, "2026-03-02T10:00:00Z", "accessibile", NULL, FALSE, "F-PAS:-700"));
  g_free (seed (f, "2026-03-03T10:00:00Z", "accessibile", NULL, FALSE, "F-RIS:-300,F-CON:-400"));
  g_free (seed (f, "2026-03-04T10:00:00Z", "accessibile", NULL, FALSE, "F-CON:-300"));
  fund = close_period (f, "2026-03");
  g_assert_cmpint (member (fund, "available_cents"), ==, 999);
  g_assert_cmpstr (claims (fund), ==, "F-CON=700/412 F-PAS=700/411 F-RIS=300/176");
  g_assert_cmpint (member (fund, "carried_out_cents"), ==, 0);
  assert_conserved (fund);
  assert_verified (f, "2026-03");
}

/* Refunds count in their own month: January's sales refunded in
 * February leave the fund in debt and the supplier owing, both settled
 * from March's inflow and claim. */
static void
test_refund_crossing_month (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonObject) jan = NULL;
  g_autoptr(JsonObject) feb = NULL;
  g_autoptr(JsonObject) mar = NULL;
  g_autofree char *access = NULL;
  g_autofree char *solid = NULL;

  access = seed (f, "2026-01-10T10:00:00Z", "accessibile", NULL, FALSE, "F-PAS:-300");
  solid = seed (f, "2026-01-11T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:500");
  jan = close_period (f, "2026-01");
  g_assert_cmpstr (claims (jan), ==, "F-PAS=300/300");
  g_assert_cmpint (member (jan, "carried_out_cents"), ==, 200);

  g_free (seed (f, "2026-02-01T10:00:00Z", "accessibile", access, FALSE, "F-PAS:300"));
  g_free (seed (f, "2026-02-02T10:00:00Z", "solidale", solid, FALSE, "F-RIS:-500"));
  g_free (seed (f, "2026-02-03T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:100"));
  feb = close_period (f, "2026-02");
  g_assert_cmpint (member (feb, "inflow_cents"), ==, -400);
  g_assert_cmpint (member (feb, "carried_in_cents"), ==, 200);
  g_assert_cmpint (member (feb, "available_cents"), ==, -200);
  g_assert_cmpstr (claims (feb), ==, "F-PAS=-300/0");
  g_assert_cmpint (member (feb, "carried_out_cents"), ==, -200);
  assert_conserved (feb);

  g_free (seed (f, "2026-03-05T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:1000"));
  g_free (seed (f, "2026-03-06T10:00:00Z", "accessibile", NULL, FALSE, "F-PAS:-500"));
  mar = close_period (f, "2026-03");
  g_assert_cmpint (member (mar, "available_cents"), ==, 800);
  g_assert_cmpstr (claims (mar), ==, "F-PAS=200/200");
  g_assert_cmpint (member (mar, "carried_out_cents"), ==, 600);
  assert_conserved (mar);
  assert_verified (f, "2026-02");
  assert_verified (f, "2026-03");
}

/* A sale for a closed month counts in the first open one, late; the
 * closed month stays as frozen. */
static void
test_late_sale (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) jan = NULL;
  g_autoptr(JsonObject) feb = NULL;
  g_autofree char *late = NULL;

  g_free (seed (f, "2026-01-10T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:500"));
  jan = close_period (f, "2026-01");
  late = seed (f, "2026-01-20T10:00:00Z", "accessibile", NULL, FALSE, "F-PAS:-120");
  g_assert_cmpstr (db_text (f, "SELECT fund_period FROM hub_sales WHERE id = ?1", late), ==, "2026-02");
  g_assert_cmpint (db_int (f, "SELECT late FROM hub_sales WHERE id = ?1", late), ==, 1);
  feb = preview (f, "2026-02");
  g_assert_cmpint (member (feb, "late_sales"), ==, 1);
  g_assert_cmpint (member (feb, "carried_in_cents"), ==, 500);
  g_assert_cmpstr (claims (feb), ==, "F-PAS=120/120");
  assert_verified (f, "2026-01");

  /* A month skipped with no sales is behind the closed one: closed too. */
  g_free (seed (f, "2026-03-10T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:10"));
  {
    g_autoptr(JsonObject) mar = NULL;

    assert_close_fails (f, "2026-03", DIS_HUB_ERROR_INVALID, "2026-02 has sales and is still open");
    json_object_unref (close_period (f, "2026-02"));
    mar = close_period (f, "2026-03");
    g_assert_cmpint (member (mar, "carried_in_cents"), ==, 380);
  }
}

/* Flagged sales wait; an Accessibile one accepted after its month closed
 * counts in the next open month; a flagged Solidale sale's inflow waits
 * too; a rejected one never counts. */
static void
test_flagged_accepted_after_close (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(JsonObject) jan = NULL;
  g_autoptr(JsonObject) feb = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *flagged = NULL;
  g_autofree char *flagged_solid = NULL;

  g_free (seed (f, "2026-01-05T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:1000"));
  flagged = seed (f, "2026-01-06T10:00:00Z", "accessibile", NULL, TRUE, "F-PAS:-250");
  flagged_solid = seed (f, "2026-01-07T10:00:00Z", "solidale", NULL, TRUE, "F-RIS:700");
  g_assert_cmpstr (db_text (f, "SELECT review_state FROM hub_sales WHERE id = ?1", flagged), ==, "pending");

  list = dis_hub_review_list (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (json_node_get_array (list), 0);

    g_assert_cmpstr (json_object_get_string_member (first, "sale_id"), ==, flagged);
    g_assert_cmpstr (json_object_get_string_member (first, "point"), ==, "TO-CEN");
    g_assert_cmpstr (json_object_get_string_member (first, "tier"), ==, "accessibile");
    g_assert_cmpint (json_object_get_int_member (first, "total_cents"), ==, 750);
    g_assert_cmpstr (json_object_get_string_member (first, "reason"), ==, "test: flagged");
    g_assert_cmpstr (json_object_get_string_member (first, "fund_period"), ==, "2026-01");
  }

  jan = close_period (f, "2026-01");
  g_assert_cmpint (member (jan, "inflow_cents"), ==, 1000);
  g_assert_cmpint (member (jan, "flagged_excluded_cents"), ==, 250);
  g_assert_cmpstr (claims (jan), ==, "");
  g_assert_cmpint (member (jan, "carried_out_cents"), ==, 1000);

  dis_hub_review_decide (f->db, flagged, TRUE, "Carla", &error);
  g_assert_no_error (error);
  dis_hub_review_decide (f->db, flagged_solid, FALSE, "Carla", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (db_text (f, "SELECT fund_period || ' ' || late || ' ' || review_state || ' ' || review_by"
                               " FROM hub_sales WHERE id = ?1", flagged), ==, "2026-02 1 accepted Carla");
  g_assert_cmpstr (db_text (f, "SELECT fund_period || ' ' || late || ' ' || review_state"
                               " FROM hub_sales WHERE id = ?1", flagged_solid), ==, "2026-01 0 rejected");

  feb = preview (f, "2026-02");
  g_assert_cmpint (member (feb, "carried_in_cents"), ==, 1000);
  g_assert_cmpint (member (feb, "late_sales"), ==, 1);
  g_assert_cmpstr (claims (feb), ==, "F-PAS=250/250");
  g_assert_cmpint (member (feb, "carried_out_cents"), ==, 750);
  /* The frozen month recomputes to the same hash: its counted rows did
   * not change. */
  assert_verified (f, "2026-01");

  /* Deciding again, or an unknown sale, fails and changes nothing. */
  g_assert_false (dis_hub_review_decide (f->db, flagged, FALSE, "Carla", &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not waiting for review"));
  g_clear_error (&error);
  g_assert_false (dis_hub_review_decide (f->db, "no-such-sale", TRUE, "Carla", &error));
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND);
  g_assert_cmpstr (db_text (f, "SELECT review_state FROM hub_sales WHERE id = ?1", flagged), ==, "accepted");
}

/* A flagged sale accepted while its month is open counts there, on time. */
static void
test_flagged_accepted_open (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *flagged = NULL;

  g_free (seed (f, "2026-04-05T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:1000"));
  flagged = seed (f, "2026-04-06T10:00:00Z", "accessibile", NULL, TRUE, "F-PAS:-250");
  before = preview (f, "2026-04");
  g_assert_cmpstr (claims (before), ==, "");
  g_assert_cmpint (member (before, "flagged_excluded_cents"), ==, 250);
  dis_hub_review_decide (f->db, flagged, TRUE, "Carla", &error);
  g_assert_no_error (error);
  after = preview (f, "2026-04");
  g_assert_cmpstr (claims (after), ==, "F-PAS=250/250");
  g_assert_cmpint (member (after, "flagged_excluded_cents"), ==, 0);
  g_assert_cmpint (member (after, "late_sales"), ==, 0);
}

static void
test_close_rules (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *next = NULL;
  g_autofree char *this_month = NULL;

  g_free (seed (f, "2026-01-10T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:500"));
  g_free (seed (f, "2026-03-10T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:500"));
  assert_close_fails (f, "2026-03", DIS_HUB_ERROR_INVALID, "2026-01 has sales and is still open");
  assert_close_fails (f, "2026-1", DIS_HUB_ERROR_INVALID, "is not a period");
  next = dis_hub_fund_period_format (g_date_time_get_year (now) * 12 + g_date_time_get_month (now) + 1);
  assert_close_fails (f, next, DIS_HUB_ERROR_INVALID, "has not begun");
  this_month = dis_hub_fund_period_format (g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1);
  assert_close_fails (f, this_month, DIS_HUB_ERROR_INVALID, "is still running");
  json_object_unref (close_period (f, "2026-01"));
  assert_close_fails (f, "2026-01", DIS_HUB_ERROR_EXISTS, "already closed");
  /* February had no sales: March may close; then February cannot. */
  json_object_unref (close_period (f, "2026-03"));
  assert_close_fails (f, "2026-02", DIS_HUB_ERROR_EXISTS, "a later period, 2026-03, is closed already");
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM fund_periods", NULL), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'fund_period'", NULL), ==, 2);

  node = dis_hub_fund_show (f->db, "2026-02", &error);
  g_assert_null (node);
  g_assert_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND);
}

/* A closed period whose stored inputs, result or sales were changed
 * behind the hub's back does not verify. */
static void
test_verify_detects (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  g_free (seed (f, "2026-01-10T10:00:00Z", "solidale", NULL, FALSE, "F-RIS:500"));
  g_free (seed (f, "2026-01-11T10:00:00Z", "accessibile", NULL, FALSE, "F-PAS:-700"));
  json_object_unref (close_period (f, "2026-01"));
  assert_verified (f, "2026-01");

  exec (f, "UPDATE hub_sale_lines SET tier_delta = -701 WHERE tier_delta = -700");
  json_node_unref (dis_hub_fund_verify (f->db, "2026-01", &ok, &error));
  g_assert_no_error (error);
  g_assert_false (ok);
  exec (f, "UPDATE hub_sale_lines SET tier_delta = -700 WHERE tier_delta = -701");
  assert_verified (f, "2026-01");

  exec (f, "UPDATE fund_periods SET result = replace (result, '\"allocated_cents\":500', '\"allocated_cents\":501')");
  json_node_unref (dis_hub_fund_verify (f->db, "2026-01", &ok, &error));
  g_assert_false (ok);
  exec (f, "UPDATE fund_periods SET result = replace (result, '\"allocated_cents\":501', '\"allocated_cents\":500')");
  assert_verified (f, "2026-01");

  exec (f, "UPDATE fund_periods SET inputs_sha256 = replace (inputs_sha256, substr (inputs_sha256, 1, 1),"
           " CASE substr (inputs_sha256, 1, 1) WHEN '0' THEN '1' ELSE '0' END)");
  json_node_unref (dis_hub_fund_verify (f->db, "2026-01", &ok, &error));
  g_assert_false (ok);
}

/* 1,000 random months on the database: sales of every tier, refunds of
 * earlier months, flagged sales accepted or rejected before or after
 * their month closed, late sales. Every month conserves to the cent,
 * verifies, and recomputes to the hash it was closed with; at the end
 * every closed period is summed again from the table. */
static void
test_random_months (Fixture       *f,
                    gconstpointer  data)
{
  static const char *tiers[] = { "accessibile", "impegno", "equa", "solidale" };
  static const char *suppliers[] = { "F-CON", "F-LEG", "F-MUL", "F-PAS", "F-RIS" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (424242);
  g_autoptr(GPtrArray) sold = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(DisHubStmt) all = NULL;
  gint64 carried = 0;
  guint n_closed = 0;

  for (guint month = 0; month < 1000; month++)
    {
      gint index = 1940 * 12 + (gint) month;
      g_autofree char *period = dis_hub_fund_period_format (index);
      g_autoptr(JsonObject) fund = NULL;
      const char *sha = NULL;
      guint n = g_rand_int_range (rand, 0, 7);

      exec (f, "BEGIN");
      for (guint i = 0; i < n; i++)
        {
          const char *tier = tiers[g_rand_int_range (rand, 0, 4)];
          gboolean flagged = g_rand_int_range (rand, 0, 8) == 0;
          /* Now and then a sale made last month, arriving after it closed. */
          gint at = index - (month > 0 && g_rand_int_range (rand, 0, 10) == 0 ? 1 : 0);
          g_autofree char *created = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00Z", at / 12, at % 12 + 1,
                                                      g_rand_int_range (rand, 2, 28),
                                                      g_rand_int_range (rand, 0, 22), g_rand_int_range (rand, 0, 60));
          GString *lines = g_string_new (NULL);
          guint n_lines = g_rand_int_range (rand, 1, 4);
          gint sign = g_str_equal (tier, "solidale") ? 1 : g_str_equal (tier, "equa") ? 0 : -1;
          char *id;

          for (guint l = 0; l < n_lines; l++)
            g_string_append_printf (lines, "%s%s:%d", l ? "," : "", suppliers[g_rand_int_range (rand, 0, 5)],
                                    sign * g_rand_int_range (rand, 0, 900));
          id = seed (f, created, tier, NULL, flagged, lines->str);
          g_string_free (lines, TRUE);
          g_ptr_array_add (flagged ? pending : sold, id);
        }
      /* A refund of an earlier sale, with the opposite deltas. */
      if (sold->len > 0 && g_rand_int_range (rand, 0, 4) == 0)
        {
          const char *of = g_ptr_array_index (sold, g_rand_int_range (rand, 0, sold->len));
          const char *tier = db_text (f, "SELECT tier FROM hub_sales WHERE id = ?1", of);
          const char *lines = db_text (f, "SELECT group_concat (coalesce (supplier_code, '') || ':' ||"
                                               " (-tier_delta), ',') FROM hub_sale_lines WHERE sale_id = ?1", of);
          g_autofree char *created = g_strdup_printf ("%04d-%02d-15T10:00:00Z", index / 12, index % 12 + 1);

          g_free (seed (f, created, tier, of, FALSE, lines));
        }
      /* Decisions, some before the month closes, some after. */
      while (pending->len > 0 && g_rand_boolean (rand))
        {
          g_autofree char *id = g_ptr_array_steal_index (pending, 0);

          dis_hub_review_decide (f->db, id, g_rand_boolean (rand), "random", &error);
          g_assert_no_error (error);
        }
      exec (f, "COMMIT");

      fund = close_period (f, period);
      n_closed++;
      assert_conserved (fund);
      g_assert_cmpint (member (fund, "carried_in_cents"), ==, carried);
      carried = member (fund, "carried_out_cents");
      assert_verified (f, period);
      sha = db_text (f, "SELECT inputs_sha256 FROM fund_periods WHERE period = ?1", period);
      {
        g_autoptr(DisHubFund) again = dis_hub_fund_gather (f->db, period, &error);
        g_autofree char *text = NULL;

        g_assert_no_error (error);
        text = dis_hub_fund_inputs_to_text (again);
        g_assert_cmpstr (keep_string (dis_hub_fund_sha256 (text)), ==, sha);
      }
    }

  /* Every closed period, from the table, to the cent. */
  all = dis_hub_db_prepare (f->db, "SELECT result FROM fund_periods ORDER BY period", &error);
  g_assert_no_error (error);
  carried = 0;
  for (guint i = 0;; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      gboolean has_row;

      dis_hub_db_step (f->db, all, &has_row, &error);
      g_assert_no_error (error);
      if (!has_row)
        {
          g_assert_cmpuint (i, ==, n_closed);
          break;
        }
      node = json_from_string (dis_hub_stmt_column_text (all, 0), &error);
      g_assert_no_error (error);
      assert_conserved (json_node_get_object (node));
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "carried_in_cents"), ==, carried);
      carried = json_object_get_int_member (json_node_get_object (node), "carried_out_cents");
    }
  /* Late sales happened, and so did flags and refunds. */
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_sales WHERE late = 1", NULL), >, 10);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_sales WHERE review_state = 'accepted'", NULL), >, 10);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_sales WHERE kind = 'refund'", NULL), >, 10);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  fund_add_compute_tests ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fund/db/place-rome", test_place_rome);
  ADD ("/fund/db/full-with-carry", test_full_with_carry);
  ADD ("/fund/db/shortfall-tie", test_shortfall_tie);
  ADD ("/fund/db/refund-crossing-month", test_refund_crossing_month);
  ADD ("/fund/db/late-sale", test_late_sale);
  ADD ("/fund/db/flagged-accepted-after-close", test_flagged_accepted_after_close);
  ADD ("/fund/db/flagged-accepted-open", test_flagged_accepted_open);
  ADD ("/fund/db/close-rules", test_close_rules);
  ADD ("/fund/db/verify-detects", test_verify_detects);
  ADD ("/fund/db/random-months", test_random_months);
#undef ADD
  status = g_test_run ();
  free_kept_strings ();
  return status;
}
