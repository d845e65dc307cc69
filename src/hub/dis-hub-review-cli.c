/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include "dis-hub-cli.h"
#include "dis-hub-review.h"

#define REVIEW_USAGE \
  "Usage:\n" \
  "  disotto-hub review list --db PATH\n" \
  "  disotto-hub review accept|reject --db PATH [--by NAME] SALE_ID\n"

/* The sale as it stands after the decision. */
static JsonNode *
sale_state (DisHubDb    *db,
            const char  *sale_id,
            GError     **error)
{
  g_autoptr(DisHubStmt) stmt = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  gboolean has_row;

  stmt = dis_hub_db_prepare (db,
                             "SELECT review_state, fund_period, late, review_by, review_at FROM hub_sales WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  dis_hub_stmt_bind_text (stmt, 1, sale_id);
  if (!dis_hub_db_step (db, stmt, &has_row, error))
    return NULL;
  g_assert (has_row);
  json_object_set_string_member (object, "sale_id", sale_id);
  json_object_set_string_member (object, "review_state", dis_hub_stmt_column_text (stmt, 0));
  json_object_set_string_member (object, "fund_period", dis_hub_stmt_column_text (stmt, 1));
  json_object_set_boolean_member (object, "late", dis_hub_stmt_column_int64 (stmt, 2));
  json_object_set_string_member (object, "by", dis_hub_stmt_column_text (stmt, 3));
  json_object_set_string_member (object, "at", dis_hub_stmt_column_text (stmt, 4));
  return json_node_init_object (json_node_alloc (), object);
}

int
dis_hub_review_main (int    argc,
                     char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *by = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "Who decides (default: the hub admin)", "NAME" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = NULL;
  const char *sub = argc >= 2 ? argv[1] : "";
  gboolean list = g_str_equal (sub, "list");
  DisHubDb *db;

  if (!list && !g_str_equal (sub, "accept") && !g_str_equal (sub, "reject"))
    {
      g_printerr ("%s", REVIEW_USAGE);
      return 2;
    }
  name = g_strconcat ("review ", sub, NULL);
  argc--, argv++;
  if (!dis_hub_cli_parse (name, list ? NULL : entries, &argc, &argv, &db_path))
    return 2;
  if (argc != (list ? 1 : 2))
    {
      g_printerr ("%s", REVIEW_USAGE);
      return 2;
    }
  db = dis_hub_cli_open (name, db_path);
  if (db == NULL)
    return 1;

  if (list)
    out = dis_hub_review_list (db, &error);
  else if (dis_hub_db_begin (db, &error) &&
           dis_hub_review_decide (db, argv[1], g_str_equal (sub, "accept"), by ? by : "hub admin", &error) &&
           (out = sale_state (db, argv[1], &error)) != NULL &&
           !dis_hub_db_commit (db, &error))
    g_clear_pointer (&out, json_node_unref);
  if (out == NULL && !list)
    dis_hub_db_rollback (db);
  dis_hub_db_close (db);
  if (out == NULL)
    return dis_hub_cli_fail (name, error);
  dis_hub_cli_print (out);
  return 0;
}
