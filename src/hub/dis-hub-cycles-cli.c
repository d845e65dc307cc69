/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include "dis-hub-cli.h"
#include "dis-hub-cycles.h"

#define CYCLES_USAGE \
  "Usage:\n" \
  "  disotto-hub cycle list --db PATH\n" \
  "  disotto-hub cycle close --db PATH ID\n" \
  "  disotto-hub cycle supplier-orders --db PATH ID --out DIR\n" \
  "  disotto-hub cycle delivered --db PATH ID --supplier CODE --file FILE.csv\n"

/* Runs @sub on @db, in one transaction when it writes. */
static JsonNode *
run (DisHubDb    *db,
     const char  *sub,
     gint64       id,
     const char  *supplier,
     const char  *out_dir,
     GBytes      *data,
     GError     **error)
{
  g_autoptr(JsonNode) out = NULL;

  if (g_str_equal (sub, "list"))
    return dis_hub_cycles_list (db, error);
  if (g_str_equal (sub, "supplier-orders"))
    return dis_hub_cycles_supplier_orders (db, id, out_dir, error);
  if (!dis_hub_db_begin (db, error))
    return NULL;
  if (g_str_equal (sub, "close"))
    out = dis_hub_cycles_close (db, id, error);
  else
    out = dis_hub_cycles_delivered (db, id, supplier, data, error);
  if (out == NULL || !dis_hub_db_commit (db, error))
    {
      dis_hub_db_rollback (db);
      return NULL;
    }
  return g_steal_pointer (&out);
}

int
dis_hub_cycles_main (int    argc,
                     char **argv)
{
  g_autofree char *db_path = NULL, *supplier = NULL, *out_dir = NULL, *file = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, "Folder for the files (supplier-orders)", "DIR" },
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &supplier, "Supplier code (delivered)", "CODE" },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, "What the supplier delivered (delivered)", "FILE.csv" },
    { NULL }
  };
  static const char * const subs[] = { "list", "close", "supplier-orders", "delivered", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(GBytes) data = NULL;
  const char *sub = argc >= 2 ? argv[1] : "";
  gboolean usable;
  guint64 id = 0;
  DisHubDb *db;

  if (!g_strv_contains (subs, sub))
    {
      g_printerr ("%s", CYCLES_USAGE);
      return 2;
    }
  name = g_strconcat ("cycle ", sub, NULL);
  argc--, argv++;
  if (!dis_hub_cli_parse (name, entries, &argc, &argv, &db_path))
    return 2;
  if (g_str_equal (sub, "list"))
    usable = argc == 1 && out_dir == NULL && supplier == NULL && file == NULL;
  else if (g_str_equal (sub, "close"))
    usable = argc == 2 && out_dir == NULL && supplier == NULL && file == NULL;
  else if (g_str_equal (sub, "supplier-orders"))
    usable = argc == 2 && out_dir != NULL && supplier == NULL && file == NULL;
  else
    usable = argc == 2 && out_dir == NULL && supplier != NULL && file != NULL;
  if (!usable)
    {
      g_printerr ("%s", CYCLES_USAGE);
      return 2;
    }
  if (argc == 2 && !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT32, &id, NULL))
    {
      g_printerr ("disotto-hub %s: %s is not a cycle id\n", name, argv[1]);
      return 2;
    }
  if (file != NULL)
    {
      char *contents;
      gsize length;

      if (!g_file_get_contents (file, &contents, &length, &error))
        return dis_hub_cli_fail (name, error);
      data = g_bytes_new_take (contents, length);
    }
  dis_hub_cli_translate ();

  db = dis_hub_cli_open (name, db_path);
  if (db == NULL)
    return 1;
  out = run (db, sub, (gint64) id, supplier, out_dir, data, &error);
  dis_hub_db_close (db);
  if (out == NULL)
    return dis_hub_cli_fail (name, error);
  dis_hub_cli_print (out);
  return 0;
}
