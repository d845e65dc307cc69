/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fund"

#include "config.h"

#include <string.h>

#include "dis-hub-db.h"
#include "dis-hub-fund.h"
#include "dis-test-util.h"

#include "fund-test-claims.h"
#include "fund-test-fixture.h"

/* The fund tests' fixture: a real hub database whose sales are stored
 * as the hub stores them (rows and lines), then placed by
 * dis_hub_fund_place_sale() as apply_sale() places every sale. */

const char *
keep_string (char *text)
{
  return fund_test_keep (text);
}

void
free_kept_strings (void)
{
  fund_test_free_strings ();
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = dis_test_tmpdir_new ("disotto-fund");
  path = g_build_filename (f->dir, "hub.db", NULL);
  f->db = dis_hub_db_open (path, TRUE, &error);
  g_assert_no_error (error);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dis_hub_db_close (f->db);
  dis_test_rm_rf (f->dir);
  g_free (f->dir);
}

void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  dis_hub_db_exec (f->db, sql, &error);
  g_assert_no_error (error);
}

/* The first row of @sql, with @text bound to ?1. */
static DisHubStmt *
query (Fixture    *f,
       const char *sql,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  DisHubStmt *stmt = dis_hub_db_prepare (f->db, sql, &error);
  gboolean has_row;

  g_assert_no_error (error);
  dis_hub_stmt_bind_text (stmt, 1, text);
  dis_hub_db_step (f->db, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  return stmt;
}

gint64
db_int (Fixture    *f,
        const char *sql,
        const char *text)
{
  g_autoptr(DisHubStmt) stmt = query (f, sql, text);

  return dis_hub_stmt_column_int64 (stmt, 0);
}

const char *
db_text (Fixture    *f,
         const char *sql,
         const char *text)
{
  g_autoptr(DisHubStmt) stmt = query (f, sql, text);

  return keep_string (dis_hub_column_dup (stmt, 0));
}

/* Stores a sale as store_sale() does and places it: @lines is
 * "SUPPLIER:DELTA,…", each line worth 1000 cents at Equa; a refund
 * (@refund_of set) passes its deltas as the hub computes them. */
char *
seed (Fixture    *f,
      const char *created_at,
      const char *tier,
      const char *refund_of,
      gboolean    flagged,
      const char *lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DisHubStmt) sale = NULL;
  g_autoptr(DisHubStmt) line = NULL;
  g_autoptr(DisHubStmt) event = NULL;
  g_auto(GStrv) specs = g_strsplit (lines, ",", -1);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *event_id = g_uuid_string_random ();
  gint64 seq = ++f->seq, total = 0, total_equa = 0, equa = refund_of ? -1000 : 1000;

  event = dis_hub_db_prepare (f->db,
                              "INSERT INTO events (id, point_code, device, seq, type, at, received_at, payload)"
                              " VALUES (?1, 'TO-CEN', 'C1', ?2, 'sale.committed', ?3, ?3, '{}')",
                              &error);
  g_assert_no_error (error);
  dis_hub_stmt_bind_text (event, 1, event_id);
  dis_hub_stmt_bind_int64 (event, 2, seq);
  dis_hub_stmt_bind_text (event, 3, created_at);
  dis_hub_db_step_done (f->db, event, &error);
  g_assert_no_error (error);

  for (guint i = 0; specs[i] != NULL; i++)
    {
      total += equa + g_ascii_strtoll (strchr (specs[i], ':') + 1, NULL, 10);
      total_equa += equa;
    }
  sale = dis_hub_db_prepare (f->db,
                             "INSERT INTO hub_sales (id, event_id, kind, point_code, device, seq, receipt_no,"
                             " created_at, operator_id, operator_name, member_card, tier, refund_of, n_lines,"
                             " total, total_equa, tier_delta, cash_tendered, change_due, point_total,"
                             " point_total_equa, point_tier_delta, review_flag, review_reason)"
                             " VALUES (?1, ?2, ?3, 'TO-CEN', 'C1', ?4, 'TO-CEN-C1-' || ?4, ?5, 1, 'Anna', NULL,"
                             " ?6, ?7, ?8, ?9, ?10, ?9 - ?10, 0, 0, ?9, ?10, ?9 - ?10, ?11, ?12)",
                             &error);
  g_assert_no_error (error);
  dis_hub_stmt_bind_text (sale, 1, id);
  dis_hub_stmt_bind_text (sale, 2, event_id);
  dis_hub_stmt_bind_text (sale, 3, refund_of ? "refund" : "sale");
  dis_hub_stmt_bind_int64 (sale, 4, seq);
  dis_hub_stmt_bind_text (sale, 5, created_at);
  dis_hub_stmt_bind_text (sale, 6, tier);
  dis_hub_stmt_bind_text (sale, 7, refund_of);
  dis_hub_stmt_bind_int64 (sale, 8, g_strv_length (specs));
  dis_hub_stmt_bind_int64 (sale, 9, total);
  dis_hub_stmt_bind_int64 (sale, 10, total_equa);
  dis_hub_stmt_bind_int64 (sale, 11, flagged);
  dis_hub_stmt_bind_text (sale, 12, flagged ? "test: flagged" : NULL);
  dis_hub_db_step_done (f->db, sale, &error);
  g_assert_no_error (error);

  line = dis_hub_db_prepare (f->db,
                             "INSERT INTO hub_sale_lines (sale_id, line_no, product_code, product_name,"
                             " supplier_code, unit, quantity, unit_price, unit_price_equa, line_total,"
                             " line_total_equa, tier_delta, vat_rate, point_line_total)"
                             " VALUES (?1, ?2, 'P-X', 'X', ?3, 'piece', ?4, abs (?5), 1000, ?5, ?6, ?5 - ?6, 4, ?5)",
                             &error);
  g_assert_no_error (error);
  for (guint i = 0; specs[i] != NULL; i++)
    {
      g_autofree char *supplier = g_strndup (specs[i], strchr (specs[i], ':') - specs[i]);
      gint64 delta = g_ascii_strtoll (strchr (specs[i], ':') + 1, NULL, 10);

      dis_hub_stmt_reset (line);
      dis_hub_stmt_bind_text (line, 1, id);
      dis_hub_stmt_bind_int64 (line, 2, i + 1);
      dis_hub_stmt_bind_text (line, 3, supplier[0] != '\0' ? supplier : NULL);
      dis_hub_stmt_bind_int64 (line, 4, refund_of ? -1000 : 1000);
      dis_hub_stmt_bind_int64 (line, 5, equa + delta);
      dis_hub_stmt_bind_int64 (line, 6, equa);
      dis_hub_db_step_done (f->db, line, &error);
      g_assert_no_error (error);
    }
  dis_hub_fund_place_sale (f->db, id, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&id);
}

JsonObject *
preview (Fixture    *f,
         const char *period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dis_hub_fund_preview (f->db, period, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
close_period (Fixture    *f,
              const char *period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  dis_hub_db_begin (f->db, &error);
  g_assert_no_error (error);
  node = dis_hub_fund_close (f->db, period, FALSE, &error);
  g_assert_no_error (error);
  dis_hub_db_commit (f->db, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

void
assert_close_fails (Fixture    *f,
                    const char *period,
                    gint        code,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  dis_hub_db_begin (f->db, &error);
  g_assert_no_error (error);
  node = dis_hub_fund_close (f->db, period, FALSE, &error);
  g_assert_null (node);
  g_assert_error (error, DIS_HUB_ERROR, code);
  g_assert_nonnull (strstr (error->message, message));
  dis_hub_db_rollback (f->db);
}

gint64
member (JsonObject *fund,
        const char *name)
{
  return json_object_get_int_member (fund, name);
}

const char *
claims (JsonObject *fund)
{
  return fund_test_claims (fund);
}

/* inflow + carried in = allocations + carried out, and available is
 * their sum. */
void
assert_conserved (JsonObject *fund)
{
  JsonArray *array = json_object_get_array_member (fund, "claims");
  gint64 allocated = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *claim = json_array_get_object_element (array, i);
      gint64 a = json_object_get_int_member (claim, "allocated_cents");

      g_assert_cmpint (a, >=, 0);
      g_assert_cmpint (a, <=, MAX (json_object_get_int_member (claim, "claim_cents"), 0));
      allocated += a;
    }
  g_assert_cmpint (member (fund, "available_cents"), ==,
                   member (fund, "inflow_cents") + member (fund, "carried_in_cents"));
  g_assert_cmpint (member (fund, "inflow_cents") + member (fund, "carried_in_cents"), ==,
                   allocated + member (fund, "carried_out_cents"));
}

void
assert_verified (Fixture    *f,
                 const char *period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean ok = FALSE;

  node = dis_hub_fund_verify (f->db, period, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "sales_ok"));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "hash_ok"));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "allocations_ok"));
  g_assert_true (ok);
}
