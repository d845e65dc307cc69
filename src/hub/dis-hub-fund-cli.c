/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include <locale.h>

#include "dis-hub-cli.h"
#include "dis-hub-fund.h"

#define FUND_USAGE \
  "Usage:\n" \
  "  disotto-hub fund preview|show|verify --db PATH --period YYYY-MM\n" \
  "  disotto-hub fund close --db PATH --period YYYY-MM [--before-end]\n" \
  "  disotto-hub fund statement --db PATH --period YYYY-MM --supplier CODE --out FILE.pdf|FILE.csv\n"

int
dis_hub_fund_main (int    argc,
                   char **argv)
{
  g_autofree char *db_path = NULL, *period = NULL, *supplier = NULL, *out_path = NULL;
  g_autofree char *name = NULL;
  gboolean before_end = FALSE;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, "The period", "YYYY-MM" },
    { "before-end", 0, 0, G_OPTION_ARG_NONE, &before_end,
      "Close a period that is still running (close)", NULL },
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &supplier, "Supplier code (statement)", "CODE" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Statement file (statement)", "FILE.pdf|FILE.csv" },
    { NULL }
  };
  static const char *subs[] = { "preview", "close", "show", "verify", "statement" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = NULL;
  const char *sub = argc >= 2 ? argv[1] : "";
  gboolean ok = TRUE, known = FALSE;
  DisHubDb *db;

  for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
    known |= g_str_equal (sub, subs[i]);
  if (!known)
    {
      g_printerr ("%s", FUND_USAGE);
      return 2;
    }
  name = g_strconcat ("fund ", sub, NULL);
  argc--, argv++;
  if (!dis_hub_cli_parse (name, entries, &argc, &argv, &db_path))
    return 2;
  if (argc != 1 || period == NULL ||
      (g_str_equal (sub, "statement") && (supplier == NULL || out_path == NULL)))
    {
      g_printerr ("%s", FUND_USAGE);
      return 2;
    }
  dis_hub_cli_translate ();

  db = dis_hub_cli_open (name, db_path);
  if (db == NULL)
    return 1;
  if (g_str_equal (sub, "preview"))
    out = dis_hub_fund_preview (db, period, &error);
  else if (g_str_equal (sub, "show"))
    out = dis_hub_fund_show (db, period, &error);
  else if (g_str_equal (sub, "verify"))
    out = dis_hub_fund_verify (db, period, &ok, &error);
  else if (g_str_equal (sub, "statement"))
    out = dis_hub_fund_statement (db, period, supplier, out_path, &error);
  else if (dis_hub_db_begin (db, &error))
    {
      out = dis_hub_fund_close (db, period, before_end, &error);
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
  if (!ok)
    g_printerr ("disotto-hub %s: period %s does not match what was frozen\n", name, period);
  return ok ? 0 : 1;
}
