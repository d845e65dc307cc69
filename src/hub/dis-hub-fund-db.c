/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-fund"

#include "config.h"

#include "dis-hub-fund.h"
#include "dis-hub-json.h"
#include "dis-hub-members.h"
#include "dis-hub-settings.h"
#include "dis-hub-transparency.h"

/* The fund's periods in the hub's database: where each sale counts, what
 * a period adds up to, and the frozen closed periods (fund_periods). */

#define COUNTED "review_state IN ('none', 'accepted')"

static gboolean
period_months (DisHubDb  *db,
               gint64    *out,
               GError   **error)
{
  return dis_hub_settings_get (db, "fund.period_months", out, error);
}

/* The latest closed period, before @before when not NULL; NULL in *@out
 * when there is none. */
static gboolean
latest_closed (DisHubDb    *db,
               const char  *before,
               char       **out,
               GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  *out = NULL;
  stmt = dis_hub_db_prepare_cached (db, "SELECT max (period) FROM fund_periods WHERE CAST (?1 AS TEXT) IS NULL OR period < ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, before);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out = dis_hub_column_dup (stmt, 0);
  return TRUE;
}

char *
dis_hub_fund_first_open (DisHubDb    *db,
                         const char  *natural,
                         GError     **error)
{
  g_autofree char *last = NULL;
  gint64 months;
  gint index;

  g_return_val_if_fail (db != NULL && natural != NULL, NULL);

  if (!latest_closed (db, NULL, &last, error) || !period_months (db, &months, error))
    return NULL;
  /* A period before the last closed one is closed too, sales or not: the
   * carry runs from one closed period to the next, never back. */
  if (last == NULL || g_strcmp0 (natural, last) > 0)
    return g_strdup (natural);
  if (!dis_hub_fund_period_parse (last, &index))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_DB, "fund_periods: bad period “%s”", last);
      return NULL;
    }
  return dis_hub_fund_period_format (index - index % (gint) months + (gint) months);
}

gboolean
dis_hub_fund_sale_period (DisHubDb    *db,
                          const char  *created_at,
                          char       **out_period,
                          gboolean    *out_late,
                          GError     **error)
{
  g_autofree char *natural = NULL;
  gint64 months;

  g_return_val_if_fail (db != NULL && created_at != NULL && out_period != NULL && out_late != NULL, FALSE);

  if (!period_months (db, &months, error))
    return FALSE;
  natural = dis_hub_fund_period_of (created_at, months, error);
  if (natural == NULL)
    return FALSE;
  *out_period = dis_hub_fund_first_open (db, natural, error);
  if (*out_period == NULL)
    return FALSE;
  *out_late = !g_str_equal (*out_period, natural);
  return TRUE;
}

gboolean
dis_hub_fund_place_sale (DisHubDb    *db,
                         const char  *sale_id,
                         GError     **error)
{
  g_autoptr(DisHubStmt) select = NULL;
  g_autoptr(DisHubStmt) update = NULL;
  g_autofree char *period = NULL;
  gboolean has_row, late;

  g_return_val_if_fail (db != NULL && sale_id != NULL, FALSE);

  select = dis_hub_db_prepare (db, "SELECT created_at FROM hub_sales WHERE id = ?1", error);
  if (select == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (select, 1, sale_id);
  if (!dis_hub_db_step (db, select, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "no sale %s", sale_id);
      return FALSE;
    }
  if (!dis_hub_fund_sale_period (db, dis_hub_stmt_column_text (select, 0), &period, &late, error))
    return FALSE;

  update = dis_hub_db_prepare (db,
                               "UPDATE hub_sales SET fund_period = ?2, late = ?3,"
                               " review_state = CASE WHEN review_flag = 1 THEN 'pending' ELSE 'none' END"
                               " WHERE id = ?1",
                               error);
  if (update == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (update, 1, sale_id);
  dis_hub_stmt_bind_text (update, 2, period);
  dis_hub_stmt_bind_int64 (update, 3, late);
  return dis_hub_db_step_done (db, update, error);
}

/* ---- Adding up a period ------------------------------------------------------ */

/* What a period starts with: the fund's carry and what each supplier
 * still owes (negative net claims). */
typedef struct
{
  gint64      carried;
  GHashTable *owed;   /* supplier → gint64 * */
} Carry;

static void
carry_clear (Carry *carry)
{
  g_clear_pointer (&carry->owed, g_hash_table_unref);
}

static void
carry_take (Carry            *carry,
            const DisHubFund *fund)
{
  g_hash_table_remove_all (carry->owed);
  carry->carried = fund->carried_out_cents;
  for (guint i = 0; i < fund->claims->len; i++)
    {
      const DisHubFundClaim *claim = &g_array_index (fund->claims, DisHubFundClaim, i);

      if (claim->net_cents < 0)
        g_hash_table_insert (carry->owed, g_strdup (claim->supplier), g_memdup2 (&claim->net_cents, sizeof (gint64)));
    }
}

/* The carry a closed period ended with, from its stored inputs. */
static gboolean
carry_from_closed (DisHubDb    *db,
                   const char  *period,
                   Carry       *carry,
                   GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(DisHubFund) fund = NULL;
  gboolean has_row;

  stmt = dis_hub_db_prepare (db, "SELECT inputs FROM fund_periods WHERE period = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, period);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  g_assert (has_row);
  fund = dis_hub_fund_inputs_from_text (dis_hub_stmt_column_text (stmt, 0), error);
  if (fund == NULL)
    return FALSE;
  dis_hub_fund_compute (fund);
  carry_take (carry, fund);
  return TRUE;
}

/* One period from its sales, starting from @carry, computed. */
static DisHubFund *
gather_period (DisHubDb    *db,
               const char  *period,
               Carry       *carry,
               GError     **error)
{
  g_autoptr(DisHubFund) fund = dis_hub_fund_new (period);
  g_autoptr(DisHubStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean has_row;

  fund->carried_in_cents = carry->carried;
  g_hash_table_iter_init (&iter, carry->owed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    dis_hub_fund_add_claim (fund, key, 0, *(gint64 *) value);

  /* One pass over the period's lines, grouped as the fund needs them. */
  stmt = dis_hub_db_prepare (db,
                             "SELECT s.tier, l.supplier_code, s." COUNTED ", sum (l.tier_delta)"
                             " FROM hub_sales s JOIN hub_sale_lines l ON l.sale_id = s.id"
                             " WHERE s.fund_period = ?1 AND s.tier IN ('accessibile', 'impegno', 'solidale')"
                             " GROUP BY s.tier, l.supplier_code, 3",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, period);
  for (;;)
    {
      const char *tier, *supplier;
      gboolean counted;
      gint64 delta;

      if (!dis_hub_db_step (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      tier = dis_hub_stmt_column_text (stmt, 0);
      supplier = dis_hub_stmt_column_text (stmt, 1);
      counted = dis_hub_stmt_column_int64 (stmt, 2);
      delta = dis_hub_stmt_column_int64 (stmt, 3);
      if (g_str_equal (tier, "accessibile") && !counted)
        fund->flagged_excluded_cents -= delta;
      else if (!counted)
        continue;
      else if (g_str_equal (tier, "solidale"))
        fund->inflow_cents += delta;
      else if (g_str_equal (tier, "impegno"))
        fund->impegno_delta_cents += delta;
      /* A line with no supplier has no one to pay: no claim. */
      else if (supplier != NULL)
        dis_hub_fund_add_claim (fund, supplier, -delta, 0);
    }

  g_clear_pointer (&stmt, dis_hub_stmt_release);
  stmt = dis_hub_db_prepare (db, "SELECT count (*) FROM hub_sales WHERE fund_period = ?1 AND late = 1", error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, period);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return NULL;
  fund->late_sales = dis_hub_stmt_column_int64 (stmt, 0);
  dis_hub_fund_compute (fund);
  return g_steal_pointer (&fund);
}

static gboolean
check_period (const char  *period,
              GError     **error)
{
  gint index;

  if (dis_hub_fund_period_parse (period, &index))
    return TRUE;
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "“%s” is not a period (YYYY-MM)",
               period ? period : "");
  return FALSE;
}

DisHubFund *
dis_hub_fund_gather (DisHubDb    *db,
                     const char  *period,
                     GError     **error)
{
  Carry carry = { 0, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *last = NULL;
  DisHubFund *fund = NULL;
  gboolean has_row;

  g_return_val_if_fail (db != NULL, NULL);

  if (!check_period (period, error) ||
      !latest_closed (db, period, &last, error) ||
      (last != NULL && !carry_from_closed (db, last, &carry, error)))
    goto out;

  /* Open periods with sales before this one hand on their carry too. */
  stmt = dis_hub_db_prepare (db,
                             "SELECT DISTINCT fund_period FROM hub_sales"
                             " WHERE fund_period > coalesce (?1, '') AND fund_period < ?2"
                             " ORDER BY fund_period",
                             error);
  if (stmt == NULL)
    goto out;
  dis_hub_stmt_bind_text (stmt, 1, last);
  dis_hub_stmt_bind_text (stmt, 2, period);
  for (;;)
    {
      g_autoptr(DisHubFund) earlier = NULL;

      if (!dis_hub_db_step (db, stmt, &has_row, error))
        goto out;
      if (!has_row)
        break;
      earlier = gather_period (db, dis_hub_stmt_column_text (stmt, 0), &carry, error);
      if (earlier == NULL)
        goto out;
      carry_take (&carry, earlier);
    }
  fund = gather_period (db, period, &carry, error);

out:
  carry_clear (&carry);
  return fund;
}

JsonNode *
dis_hub_fund_preview (DisHubDb    *db,
                      const char  *period,
                      GError     **error)
{
  g_autoptr(DisHubFund) fund = dis_hub_fund_gather (db, period, error);

  return fund != NULL ? dis_hub_fund_to_json (fund) : NULL;
}

/* ---- Closed periods ------------------------------------------------------------ */

/* Why @period cannot be closed now, or TRUE. */
static gboolean
check_closable (DisHubDb    *db,
                const char  *period,
                gboolean     before_end,
                GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *last = NULL;
  gboolean has_row;
  gint64 months;
  gint index, now_index;

  if (!check_period (period, error) || !latest_closed (db, NULL, &last, error) ||
      !period_months (db, &months, error))
    return FALSE;
  dis_hub_fund_period_parse (period, &index);
  if (last != NULL && g_strcmp0 (period, last) <= 0)
    {
      if (g_str_equal (period, last))
        g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_EXISTS, "period %s is already closed", period);
      else
        g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_EXISTS,
                     "period %s is closed: a later period, %s, is closed already", period, last);
      return FALSE;
    }
  tz = dis_hub_network_time_zone ();
  now = g_date_time_new_now (tz);
  now_index = g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1;
  if (index > now_index)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "period %s has not begun", period);
      return FALSE;
    }
  /* A treasurer closes a month once it is over; closing it earlier is a
   * decision (sales still to come count, late, in the next period). A
   * period of several months runs until the end of its last one. */
  if (!before_end && index + months > now_index)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "period %s is still running: close it once it has ended, or pass --before-end"
                   " to close it now (its later sales will count, late, in the next period)", period);
      return FALSE;
    }

  stmt = dis_hub_db_prepare (db,
                             "SELECT fund_period FROM hub_sales"
                             " WHERE fund_period > coalesce (?1, '') AND fund_period <= ?2"
                             " ORDER BY fund_period LIMIT 1",
                             error);
  if (stmt == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (stmt, 1, last);
  dis_hub_stmt_bind_text (stmt, 2, period);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row && !g_str_equal (dis_hub_stmt_column_text (stmt, 0), period))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "period %s has sales and is still open: close it first",
                   dis_hub_stmt_column_text (stmt, 0));
      return FALSE;
    }
  /* A period that does not start on the setting's boundary is one only
   * when sales were placed in it under an earlier setting. */
  if (!has_row && index % months != 0)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "%s does not begin a period of %" G_GINT64_FORMAT " months (fund.period_months)",
                   period, months);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
dis_hub_fund_for_period (DisHubDb    *db,
                         const char  *period,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *shown;

  g_return_val_if_fail (db != NULL, NULL);

  shown = dis_hub_fund_show (db, period, &local_error);
  if (shown != NULL || !g_error_matches (local_error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return shown;
    }
  return dis_hub_fund_preview (db, period, error);
}

JsonNode *
dis_hub_fund_close (DisHubDb    *db,
                    const char  *period,
                    gboolean     before_end,
                    GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(DisHubFund) fund = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *inputs = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *result_text = NULL;
  g_autofree char *now = dis_hub_now_iso ();

  g_return_val_if_fail (db != NULL, NULL);

  if (!check_closable (db, period, before_end, error))
    return NULL;
  fund = dis_hub_fund_gather (db, period, error);
  if (fund == NULL)
    return NULL;
  inputs = dis_hub_fund_inputs_to_text (fund);
  sha = dis_hub_fund_sha256 (inputs);
  result = dis_hub_fund_to_json (fund);
  result_text = dis_hub_json_to_string (result);

  stmt = dis_hub_db_prepare (db,
                             "INSERT INTO fund_periods (period, closed_at, inputs, result, inputs_sha256)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, period);
  dis_hub_stmt_bind_text (stmt, 2, now);
  dis_hub_stmt_bind_text (stmt, 3, inputs);
  dis_hub_stmt_bind_text (stmt, 4, result_text);
  dis_hub_stmt_bind_text (stmt, 5, sha);
  if (!dis_hub_db_step_done (db, stmt, error))
    return NULL;

  /* The feed carries the closed period's published figures to every
   * point, so coordinators see them offline. */
  shown = dis_hub_fund_show (db, period, error);
  if (shown == NULL)
    return NULL;
  node = dis_hub_transparency_document (db, period, shown, error);
  if (node == NULL ||
      !dis_hub_db_append_change (db, "fund_period", "upsert", period, node, error))
    return NULL;
  return g_steal_pointer (&shown);
}

/* A closed period's row: closed_at, inputs, result, inputs_sha256. */
static DisHubStmt *
closed_row (DisHubDb    *db,
            const char  *period,
            GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  gboolean has_row;

  if (!check_period (period, error))
    return NULL;
  stmt = dis_hub_db_prepare (db,
                             "SELECT closed_at, inputs, result, inputs_sha256 FROM fund_periods WHERE period = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, period);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_NOT_FOUND, "period %s is not closed", period);
      return NULL;
    }
  return g_steal_pointer (&stmt);
}

JsonNode *
dis_hub_fund_show (DisHubDb    *db,
                   const char  *period,
                   GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autofree char *what = NULL;
  JsonNode *node;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = closed_row (db, period, error);
  if (stmt == NULL)
    return NULL;
  what = g_strdup_printf ("fund_periods %s", period);
  node = dis_hub_json_parse_stored (dis_hub_stmt_column_text (stmt, 2), -1, what, error);
  if (node == NULL)
    return NULL;
  json_object_set_string_member (json_node_get_object (node), "closed_at",
                                 dis_hub_stmt_column_text (stmt, 0));
  return node;
}

JsonNode *
dis_hub_fund_verify (DisHubDb    *db,
                     const char  *period,
                     gboolean    *out_ok,
                     GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(DisHubFund) stored = NULL;
  g_autoptr(DisHubFund) from_sales = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonNode) recomputed = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *sales_text = NULL;
  g_autofree char *what = NULL;
  const char *inputs;
  gboolean hash_ok, allocations_ok, sales_ok;

  g_return_val_if_fail (db != NULL && out_ok != NULL, NULL);

  stmt = closed_row (db, period, error);
  if (stmt == NULL)
    return NULL;
  inputs = dis_hub_stmt_column_text (stmt, 1);
  what = g_strdup_printf ("fund_periods %s", period);
  result = dis_hub_json_parse_stored (dis_hub_stmt_column_text (stmt, 2), -1, what, error);
  stored = dis_hub_fund_inputs_from_text (inputs, error);
  if (result == NULL || stored == NULL)
    return NULL;

  sha = dis_hub_fund_sha256 (inputs);
  hash_ok = g_str_equal (sha, dis_hub_stmt_column_text (stmt, 3));
  /* The excluded figure is reported, not an input: it is taken as frozen. */
  stored->flagged_excluded_cents = json_object_get_int_member_with_default (json_node_get_object (result),
                                                                            "flagged_excluded_cents", 0);
  dis_hub_fund_compute (stored);
  recomputed = dis_hub_fund_to_json (stored);
  allocations_ok = json_node_equal (recomputed, result);

  from_sales = dis_hub_fund_gather (db, period, error);
  if (from_sales == NULL)
    return NULL;
  sales_text = dis_hub_fund_inputs_to_text (from_sales);
  sales_ok = g_str_equal (sales_text, inputs);

  *out_ok = hash_ok && allocations_ok && sales_ok;
  answer = json_object_new ();
  json_object_set_string_member (answer, "period", period);
  json_object_set_boolean_member (answer, "ok", *out_ok);
  json_object_set_string_member (answer, "inputs_sha256", dis_hub_stmt_column_text (stmt, 3));
  json_object_set_string_member (answer, "recomputed_sha256", sha);
  json_object_set_boolean_member (answer, "hash_ok", hash_ok);
  json_object_set_boolean_member (answer, "allocations_ok", allocations_ok);
  json_object_set_boolean_member (answer, "sales_ok", sales_ok);
  return json_node_init_object (json_node_alloc (), answer);
}
