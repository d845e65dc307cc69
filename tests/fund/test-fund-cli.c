/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fund-cli"

#include "config.h"

#include <string.h>

#include "dis-member.h"
#include "dis-tier.h"
#include "dis-money.h"
#include "dis-test-util.h"

#include "fund-test-claims.h"
#include "hub-test-fixture.h"

/* The fund's and the review's admin commands end to end: a real
 * disotto-hub serving, sales pushed as points push them, then `fund …`
 * and `review …` on its database: exit codes, JSON, statement files. */

typedef struct
{
  const char *product;
  const char *name;
  const char *supplier;
  gint64      equa;
  gint64      qty;     /* milli-units */
} Item;

static const Item spaghetti = { "P-0001", "Spaghetti di grano duro bio 500 g", "F-PAS", 185, 0 };
static const Item riso = { "P-0006", "Riso Carnaroli 1 kg", "F-RIS", 420, 0 };

/* The catalog's price of @item at @tier (P-0001 overrides Accessibile). */
static gint64
price (const Item *item,
       DisTier     tier)
{
  static const gint32 bp[] = { -2500, -1000, 0, 1500 };

  if (tier == DIS_TIER_ACCESSIBILE && g_str_equal (item->product, "P-0001"))
    return dis_tier_price_from_equa (item->equa, -3000);
  return dis_tier_price_from_equa (item->equa, bp[tier]);
}

/* A sale.committed event at @created_at as the point's store writes it;
 * @skew is added to the first line's total, as a till whose figures do
 * not check out. The sale's id in *@out_id. */
static char *
sale (gint64       seq,
      const char  *created_at,
      DisTier      tier,
      const char  *card,
      const Item  *items,
      guint        n_items,
      gint64       skew,
      char       **out_id)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *member = card ? g_strdup_printf ("\"%s\"", card) : g_strdup ("null");
  g_autoptr(GString) lines = g_string_new (NULL);
  gint64 total = 0, total_equa = 0;

  *out_id = g_uuid_string_random ();
  for (guint i = 0; i < n_items; i++)
    {
      const Item *item = &items[i];
      gint64 unit = price (item, tier);
      gint64 lt = dis_line_total (unit, item->qty) + (i == 0 ? skew : 0);
      gint64 lte = dis_line_total (item->equa, item->qty);

      g_string_append_printf (lines, "%s{\"line_no\":%u,\"product_code\":\"%s\",\"product_name\":\"%s\","
                              "\"supplier_code\":\"%s\",\"unit\":\"piece\",\"quantity\":%" G_GINT64_FORMAT ","
                              "\"unit_price\":%" G_GINT64_FORMAT ",\"unit_price_equa\":%" G_GINT64_FORMAT ","
                              "\"line_total\":%" G_GINT64_FORMAT ",\"line_total_equa\":%" G_GINT64_FORMAT ","
                              "\"tier_delta\":%" G_GINT64_FORMAT ",\"vat_rate\":4}",
                              i ? "," : "", i + 1, item->product, item->name, item->supplier, item->qty,
                              unit, item->equa, lt, lte, lt - lte);
      total += lt;
      total_equa += lte;
    }
  return g_strdup_printf ("{\"id\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",\"type\":\"sale.committed\","
                          "\"at\":\"%s\",\"payload\":{\"id\":\"%s\",\"receipt_no\":\"TO-CEN-C1-%06" G_GINT64_FORMAT "\","
                          "\"point\":\"TO-CEN\",\"device\":\"C1\",\"seq\":%" G_GINT64_FORMAT ",\"created_at\":\"%s\","
                          "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"member_card\":%s,\"tier\":\"%s\","
                          "\"refund_of\":null,\"refund_of_receipt_no\":null,\"lines\":[%s],"
                          "\"payments\":[{\"method\":\"card\",\"amount\":%" G_GINT64_FORMAT "}],\"n_lines\":%u,"
                          "\"total\":%" G_GINT64_FORMAT ",\"total_equa\":%" G_GINT64_FORMAT ",\"tier_delta\":%" G_GINT64_FORMAT ","
                          "\"cash_tendered\":0,\"change_due\":0}}",
                          id, seq, created_at, *out_id, seq, seq, created_at, member, dis_tier_to_code (tier),
                          lines->str, total, n_items, total, total_equa, total - total_equa);
}

static void
push_ok (Fixture    *f,
         const char *events)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *results;
  guint status;

  reply = push (f, f->token, events, &status);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (reply), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i), "status"),
                     ==, "accepted");
}

/* `disotto-hub ARGS…`: exit status, parsed stdout (NULL when it is not
 * JSON) and stderr. */
G_GNUC_NULL_TERMINATED
static int
hub (Fixture   *f,
     JsonNode **out_json,
     char     **out_stderr,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  if (out_json != NULL)
    g_clear_pointer (out_json, json_node_unref);
  if (out_stderr != NULL)
    g_clear_pointer (out_stderr, g_free);
  va_start (ap, out_stderr);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  while (args->len < 9)
    g_ptr_array_add (args, NULL);
  status = run_hub (f, &out, &err, g_ptr_array_index (args, 0), g_ptr_array_index (args, 1),
                    g_ptr_array_index (args, 2), g_ptr_array_index (args, 3), g_ptr_array_index (args, 4),
                    g_ptr_array_index (args, 5), g_ptr_array_index (args, 6), g_ptr_array_index (args, 7),
                    g_ptr_array_index (args, 8), NULL);
  if (out_json != NULL)
    *out_json = out != NULL && (out[0] == '{' || out[0] == '[') ? json_from_string (out, NULL) : NULL;
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return status;
}

static gint64
member_int (JsonNode   *node,
            const char *name)
{
  return json_object_get_int_member (json_node_get_object (node), name);
}

static const char *
claims (JsonNode *node)
{
  return fund_test_claims (json_node_get_object (node));
}

/* The value of "field,tier" in a statement CSV. */
static const char *
csv_value (const char *csv,
           const char *field,
           const char *tier)
{
  g_auto(GStrv) rows = g_strsplit (csv, "\r\n", -1);
  g_autofree char *prefix = g_strdup_printf ("%s,%s,", field, tier);

  g_assert_cmpstr (rows[0], ==, "field,tier,value");
  for (guint i = 1; rows[i] != NULL; i++)
    if (g_str_has_prefix (rows[i], prefix))
      {
        const char *value = rows[i] + strlen (prefix);

        if (value[0] == '"')
          return fund_test_keep (g_strndup (value + 1, strlen (value) - 2));
        return fund_test_keep (g_strdup (value));
      }
  g_assert_not_reached ();
}

static void
test_fund_cli (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GTimeZone) rome = g_time_zone_new_identifier ("Europe/Rome");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, rome);
  gint index = g_date_time_get_year (local) * 12 + g_date_time_get_month (local) - 1;
  g_autofree char *this_month = g_strdup_printf ("%04d-%02d", index / 12, index % 12 + 1);
  g_autofree char *last_month = g_strdup_printf ("%04d-%02d", (index - 1) / 12, (index - 1) % 12 + 1);
  g_autofree char *next_month = g_strdup_printf ("%04d-%02d", (index + 1) / 12, (index + 1) % 12 + 1);
  g_autofree char *at_now = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *at_last = g_strdup_printf ("%s-15T11:00:00Z", last_month);
  g_autofree char *today = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *card = dis_member_card_from_number (7);
  g_autofree char *id1 = NULL, *id2 = NULL, *id3 = NULL, *id4 = NULL, *id5 = NULL;
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL, *e5 = NULL, *reg = NULL, *events = NULL;
  g_autofree char *err = NULL, *csv = NULL, *csv_path = NULL, *pdf_path = NULL, *text = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) closed = NULL;
  g_autoptr(GError) error = NULL;
  Item riso2 = riso, spaghetti10 = spaghetti, access[2] = { spaghetti, riso }, riso1 = riso;
  const char *pdftotext = g_getenv ("DIS_PDFTOTEXT");

  /* An eligible member for the Accessibile sales, registered today. */
  reg = g_strdup_printf ("{\"id\":\"%s\",\"seq\":1,\"type\":\"member.registered\",\"at\":\"%s\","
                         "\"payload\":{\"card_code\":\"%s\",\"point\":\"TO-CEN\",\"device\":\"C1\","
                         "\"operator\":{\"id\":1,\"name\":\"Anna\"},\"display_name\":\"Rosa\",\"kind\":\"person\","
                         "\"contact\":null,\"preferred_tier\":\"accessibile\",\"privacy_consent_on\":\"%s\","
                         "\"registered_on\":\"%s\"}}",
                         fund_test_keep (g_uuid_string_random ()), at_now, card, today, today);
  push_ok (f, reg);
  g_assert_cmpint (hub (f, NULL, NULL, "member", "validate", card, NULL), ==, 0);
  g_assert_cmpint (hub (f, NULL, NULL, "member", "set-basis", card, "--kind", "self_declaration",
                        "--verified-by", "Carla", NULL), ==, 0);

  riso2.qty = 2000;        /* Solidale: 2 × (483 − 420) = 126 */
  spaghetti10.qty = 10000; /* Solidale: 10 × (213 − 185) = 280 */
  access[0].qty = 3000;    /* Accessibile: 3 × (130 − 185) = −165 */
  access[1].qty = 1000;    /* Accessibile: 315 − 420 = −105 */
  riso1.qty = 1000;
  e1 = sale (2, at_last, DIS_TIER_SOLIDALE, NULL, &riso2, 1, 0, &id1);
  e2 = sale (3, at_now, DIS_TIER_SOLIDALE, NULL, &spaghetti10, 1, 0, &id2);
  e3 = sale (4, at_now, DIS_TIER_ACCESSIBILE, card, access, 2, 0, &id3);
  /* The till's figures are 10 cents off: flagged, its −105 excluded. */
  e4 = sale (5, at_now, DIS_TIER_ACCESSIBILE, card, &riso1, 1, -10, &id4);
  events = g_strjoin (",", e1, e2, e3, e4, NULL);
  push_ok (f, events);
  g_assert_cmpint (db_int (f, "SELECT count (*) FROM hub_sales WHERE review_state = 'pending'"), ==, 1);

  /* Last month has sales and is open: this month cannot close. */
  g_assert_cmpint (hub (f, &out, &err, "fund", "close", "--period", this_month, "--before-end", NULL), ==, 1);
  g_assert_nonnull (strstr (err, last_month));
  g_assert_nonnull (strstr (err, "still open"));
  g_assert_null (out);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (hub (f, &out, NULL, "fund", "preview", "--period", last_month, NULL), ==, 0);
  g_assert_cmpint (member_int (out, "inflow_cents"), ==, 126);
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (hub (f, &out, NULL, "fund", "close", "--period", last_month, NULL), ==, 0);
  g_assert_cmpint (member_int (out, "carried_out_cents"), ==, 126);
  g_clear_pointer (&out, json_node_unref);

  g_assert_cmpint (hub (f, &out, NULL, "fund", "preview", "--period", this_month, NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (out), "period"), ==, this_month);
  g_assert_cmpint (member_int (out, "inflow_cents"), ==, 280);
  g_assert_cmpint (member_int (out, "carried_in_cents"), ==, 126);
  g_assert_cmpint (member_int (out, "available_cents"), ==, 406);
  g_assert_cmpstr (claims (out), ==, "F-PAS=165/165 F-RIS=105/105");
  g_assert_cmpint (member_int (out, "carried_out_cents"), ==, 136);
  g_assert_cmpint (member_int (out, "impegno_delta_cents"), ==, 0);
  g_assert_cmpint (member_int (out, "late_sales"), ==, 0);
  g_assert_cmpint (member_int (out, "flagged_excluded_cents"), ==, 105);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (out), "inputs_sha256")), ==, 64);
  g_clear_pointer (&out, json_node_unref);

  g_assert_cmpint (hub (f, &out, NULL, "review", "list", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 1);
  {
    JsonObject *row = json_array_get_object_element (json_node_get_array (out), 0);

    g_assert_cmpstr (json_object_get_string_member (row, "sale_id"), ==, id4);
    g_assert_cmpstr (json_object_get_string_member (row, "point"), ==, "TO-CEN");
    g_assert_cmpstr (json_object_get_string_member (row, "tier"), ==, "accessibile");
    g_assert_cmpint (json_object_get_int_member (row, "total_cents"), ==, 315);
    g_assert_cmpint (json_object_get_int_member (row, "point_total_cents"), ==, 305);
    g_assert_nonnull (json_object_get_string_member (row, "reason"));
    g_assert_cmpstr (json_object_get_string_member (row, "fund_period"), ==, this_month);
  }
  g_clear_pointer (&out, json_node_unref);

  /* The month is still running: closing it is a decision, said so. */
  g_assert_cmpint (hub (f, &out, &err, "fund", "close", "--period", this_month, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "still running"));
  g_assert_null (out);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hub (f, &closed, NULL, "fund", "close", "--period", this_month, "--before-end", NULL), ==, 0);
  g_assert_cmpint (member_int (closed, "carried_out_cents"), ==, 136);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (closed), "closed_at"));
  g_assert_cmpint (hub (f, &out, &err, "fund", "close", "--period", this_month, "--before-end", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already closed"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hub (f, &out, NULL, "fund", "show", "--period", this_month, NULL), ==, 0);
  g_assert_true (json_node_equal (out, closed));
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (hub (f, &out, NULL, "fund", "verify", "--period", this_month, NULL), ==, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (out), "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (out), "inputs_sha256"), ==,
                   json_object_get_string_member (json_node_get_object (closed), "inputs_sha256"));
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (hub (f, &out, &err, "fund", "show", "--period", next_month, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not closed"));
  g_clear_pointer (&err, g_free);

  /* The closed months reach the feed. */
  {
    g_autofree char *feed = http_text (f, "/api/v1/changes?since=0&limit=1000", f->token);
    g_autofree char *key = g_strdup_printf ("\"kind\":\"fund_period\",\"op\":\"upsert\"");

    g_assert_nonnull (strstr (feed, key));
    g_assert_cmpint (db_int (f, "SELECT count (*) FROM changes WHERE kind = 'fund_period'"), ==, 2);
  }

  /* Accepted after its month closed: next month, late; and a sale made
   * now arrives late too. */
  g_assert_cmpint (hub (f, &out, NULL, "review", "accept", "--by", "Carla", id4, NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (out), "fund_period"), ==, next_month);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (out), "late"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (out), "review_state"), ==, "accepted");
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (hub (f, &out, &err, "review", "reject", id4, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not waiting for review"));
  g_clear_pointer (&err, g_free);
  e5 = sale (6, at_now, DIS_TIER_SOLIDALE, NULL, &riso2, 1, 0, &id5);
  push_ok (f, e5);
  g_assert_cmpint (hub (f, &out, NULL, "fund", "preview", "--period", next_month, NULL), ==, 0);
  g_assert_cmpint (member_int (out, "late_sales"), ==, 2);
  g_assert_cmpint (member_int (out, "carried_in_cents"), ==, 136);
  g_assert_cmpint (member_int (out, "inflow_cents"), ==, 126);
  g_assert_cmpstr (claims (out), ==, "F-RIS=105/105");
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (hub (f, &out, &err, "fund", "close", "--period", next_month, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "has not begun"));
  g_clear_pointer (&err, g_free);
  /* The closed month still verifies. */
  g_assert_cmpint (hub (f, &out, NULL, "fund", "verify", "--period", this_month, NULL), ==, 0);
  g_clear_pointer (&out, json_node_unref);

  /* Statements: the CSV holds the figures. */
  csv_path = g_build_filename (f->dir, "F-PAS.csv", NULL);
  g_assert_cmpint (hub (f, &out, NULL, "fund", "statement", "--period", this_month, "--supplier", "F-PAS",
                        "--out", csv_path, NULL), ==, 0);
  g_assert_cmpint (member_int (out, "allocated_cents"), ==, 165);
  g_clear_pointer (&out, json_node_unref);
  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (csv_value (csv, "period", ""), ==, this_month);
  g_assert_cmpstr (csv_value (csv, "supplier_name", ""), ==, "Pastificio Cooperativo Val Pellice");
  g_assert_cmpstr (csv_value (csv, "lines", "accessibile"), ==, "1");
  g_assert_cmpstr (csv_value (csv, "gross_cents", "accessibile"), ==, "390");
  g_assert_cmpstr (csv_value (csv, "equa_cents", "accessibile"), ==, "555");
  g_assert_cmpstr (csv_value (csv, "delta_cents", "accessibile"), ==, "-165");
  g_assert_cmpstr (csv_value (csv, "lines", "solidale"), ==, "1");
  g_assert_cmpstr (csv_value (csv, "delta_cents", "solidale"), ==, "280");
  g_assert_cmpstr (csv_value (csv, "claim_cents", ""), ==, "165");
  g_assert_cmpstr (csv_value (csv, "allocated_cents", ""), ==, "165");
  g_assert_cmpstr (csv_value (csv, "available_cents", ""), ==, "406");
  g_assert_cmpstr (csv_value (csv, "total_claims_cents", ""), ==, "270");
  g_assert_cmpstr (csv_value (csv, "method", ""), ==, "full");
  g_assert_cmpstr (csv_value (csv, "inputs_sha256", ""), ==,
                   json_object_get_string_member (json_node_get_object (closed), "inputs_sha256"));

  /* The PDF: a real PDF that says the same. */
  pdf_path = g_build_filename (f->dir, "F-RIS.pdf", NULL);
  g_assert_cmpint (hub (f, &out, NULL, "fund", "statement", "--period", this_month, "--supplier", "F-RIS",
                        "--out", pdf_path, NULL), ==, 0);
  g_assert_cmpint (member_int (out, "claim_cents"), ==, 105);
  g_clear_pointer (&out, json_node_unref);
  {
    g_autofree char *bytes = NULL;
    gsize length;

    g_file_get_contents (pdf_path, &bytes, &length, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  }
  if (pdftotext != NULL && pdftotext[0] != '\0')
    {
      const char *argv[] = { pdftotext, pdf_path, "-", NULL };
      int wait_status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &text, NULL, &wait_status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      g_assert_nonnull (strstr (text, "Risicoltori del Vercellese"));
      g_assert_nonnull (strstr (text, "F-RIS"));
      g_assert_nonnull (strstr (text, this_month));
      g_assert_true (strstr (text, "1.05") != NULL || strstr (text, "1,05") != NULL);
      g_assert_true (strstr (text, "4.06") != NULL || strstr (text, "4,06") != NULL);
      g_assert_nonnull (strstr (text, json_object_get_string_member (json_node_get_object (closed),
                                                                     "inputs_sha256")));
    }
  else
    g_test_message ("pdftotext not installed: the PDF's text is not read");

  /* Errors: an open period, a wrong extension, a missing option. */
  g_assert_cmpint (hub (f, &out, &err, "fund", "statement", "--period", next_month, "--supplier", "F-RIS",
                        "--out", pdf_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not closed"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hub (f, &out, &err, "fund", "statement", "--period", this_month, "--supplier", "F-RIS",
                        "--out", "statement.txt", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hub (f, &out, &err, "fund", "preview", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hub (f, &out, &err, "fund", "preview", "--period", "2026-13", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a period"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hub (f, &out, &err, "review", "accept", NULL), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  int status;

  g_test_add ("/fund/cli/end-to-end", Fixture, NULL, fixture_set_up, test_fund_cli, fixture_tear_down);
  status = g_test_run ();
  fund_test_free_strings ();
  return status;
}
