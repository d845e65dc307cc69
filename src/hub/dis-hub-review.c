/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-hub-review"

#include "config.h"

#include "dis-hub-fund.h"
#include "dis-hub-review.h"

JsonNode *
dis_hub_review_list (DisHubDb  *db,
                     GError   **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char *names[] = { "sale_id", "point", "receipt_no", "created_at", "tier",
                                 "total_cents", "point_total_cents", "reason", "fund_period" };

  g_return_val_if_fail (db != NULL, NULL);

  stmt = dis_hub_db_prepare (db,
                             "SELECT id, point_code, receipt_no, created_at, tier, total, point_total,"
                             " review_reason, fund_period FROM hub_sales WHERE review_state = 'pending'"
                             " ORDER BY created_at, id",
                             error);
  if (stmt == NULL)
    return NULL;
  json_builder_begin_array (builder);
  for (;;)
    {
      gboolean has_row;

      if (!dis_hub_db_step (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          json_builder_set_member_name (builder, names[i]);
          if (dis_hub_stmt_column_type (stmt, i) == DIS_HUB_COLUMN_INTEGER)
            json_builder_add_int_value (builder, dis_hub_stmt_column_int64 (stmt, i));
          else if (dis_hub_stmt_column_is_null (stmt, i))
            json_builder_add_null_value (builder);
          else
            json_builder_add_string_value (builder, dis_hub_stmt_column_text (stmt, i));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static gboolean
decide (DisHubDb    *db,
        const char  *sale_id,
        gboolean     accept,
        const char  *who,
        GError     **error)
{
  g_autoptr(DisHubStmt) select = NULL;
  g_autoptr(DisHubStmt) update = NULL;
  g_autofree char *period = NULL;
  g_autofree char *now = dis_hub_now_iso ();
  const char *state;
  gboolean has_row;

  select = dis_hub_db_prepare (db, "SELECT review_state, fund_period FROM hub_sales WHERE id = ?1", error);
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
  state = dis_hub_stmt_column_text (select, 0);
  if (!g_str_equal (state, "pending"))
    {
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                   "sale %s is not waiting for review: it is %s", sale_id,
                   g_str_equal (state, "none") ? "not flagged" : state);
      return FALSE;
    }
  /* An accepted sale counts where it stands while that period is open;
   * a closed period stays as it was frozen, so it counts in the next. */
  period = accept ? dis_hub_fund_first_open (db, dis_hub_stmt_column_text (select, 1), error)
                  : dis_hub_column_dup (select, 1);
  if (period == NULL)
    return FALSE;

  update = dis_hub_db_prepare (db,
                               "UPDATE hub_sales SET review_state = ?2, review_by = ?3, review_at = ?4,"
                               " late = CASE WHEN fund_period = ?5 THEN late ELSE 1 END, fund_period = ?5"
                               " WHERE id = ?1",
                               error);
  if (update == NULL)
    return FALSE;
  dis_hub_stmt_bind_text (update, 1, sale_id);
  dis_hub_stmt_bind_text (update, 2, accept ? "accepted" : "rejected");
  dis_hub_stmt_bind_text (update, 3, who);
  dis_hub_stmt_bind_text (update, 4, now);
  dis_hub_stmt_bind_text (update, 5, period);
  return dis_hub_db_step_done (db, update, error);
}

gboolean
dis_hub_review_decide (DisHubDb    *db,
                       const char  *sale_id,
                       gboolean     accept,
                       const char  *who,
                       GError     **error)
{
  g_return_val_if_fail (db != NULL && sale_id != NULL && who != NULL, FALSE);

  if (!dis_hub_db_exec (db, "SAVEPOINT review", error))
    return FALSE;
  if (!decide (db, sale_id, accept, who, error))
    {
      dis_hub_db_exec (db, "ROLLBACK TO review; RELEASE review", NULL);
      return FALSE;
    }
  return dis_hub_db_exec (db, "RELEASE review", error);
}
