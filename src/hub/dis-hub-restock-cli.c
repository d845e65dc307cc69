/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"


#include "dis-hub-cli.h"
#include "dis-hub-stock.h"

#define RESTOCK_USAGE \
  "Usage:\n" \
  "  disotto-hub restock list --db PATH [--supplier CODE] [--status S]\n" \
  "  disotto-hub restock export --db PATH --supplier CODE --out FILE.csv|FILE.pdf\n" \
  "  disotto-hub restock confirm --db PATH ORDER_ID\n"

int
dis_hub_restock_main (int    argc,
                      char **argv)
{
  g_autofree char *db_path = NULL, *supplier = NULL, *status = NULL, *out_path = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &supplier, "Supplier code", "CODE" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, "sent, confirmed, partially_received, received or cancelled (list)", "S" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "File to write (export)", "FILE.csv|FILE.pdf" },
    { NULL }
  };
  static const char * const subs[] = { "list", "export", "confirm", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = NULL;
  const char *sub = argc >= 2 ? argv[1] : "";
  gboolean usable;
  DisHubDb *db;

  if (!g_strv_contains (subs, sub))
    {
      g_printerr ("%s", RESTOCK_USAGE);
      return 2;
    }
  name = g_strconcat ("restock ", sub, NULL);
  argc--, argv++;
  if (!dis_hub_cli_parse (name, entries, &argc, &argv, &db_path))
    return 2;
  if (g_str_equal (sub, "list"))
    usable = argc == 1 && out_path == NULL;
  else if (g_str_equal (sub, "export"))
    usable = argc == 1 && supplier != NULL && out_path != NULL && status == NULL;
  else
    usable = argc == 2 && supplier == NULL && status == NULL && out_path == NULL;
  if (!usable)
    {
      g_printerr ("%s", RESTOCK_USAGE);
      return 2;
    }
  dis_hub_cli_translate ();

  db = dis_hub_cli_open (name, db_path);
  if (db == NULL)
    return 1;
  if (g_str_equal (sub, "list"))
    out = dis_hub_restock_list (db, supplier, status, &error);
  else if (g_str_equal (sub, "export"))
    out = dis_hub_restock_export (db, supplier, out_path, &error);
  else if (dis_hub_db_begin (db, &error))
    {
      out = dis_hub_restock_confirm (db, argv[1], &error);
      if (out == NULL || !dis_hub_db_commit (db, &error))
        {
          dis_hub_db_rollback (db);
          g_clear_pointer (&out, json_node_unref);
        }
    }
  dis_hub_db_close (db);
  if (out == NULL)
    return dis_hub_cli_fail (name, error);
  dis_hub_cli_print (out);
  return 0;
}
