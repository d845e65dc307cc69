/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dis-hub-cli.h"

gboolean
dis_hub_cli_parse (const char     *name,
                   GOptionEntry   *extra,
                   int            *argc,
                   char         ***argv,
                   char          **out_db)
{
  GOptionEntry common[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, out_db, "Hub database", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (name);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, common, NULL);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("disotto-hub %s: %s\n", name, error->message);
      return FALSE;
    }
  if (*out_db == NULL)
    {
      g_printerr ("disotto-hub %s: --db PATH is required\n", name);
      return FALSE;
    }
  return TRUE;
}

DisHubDb *
dis_hub_cli_open (const char *name,
                  const char *path)
{
  g_autoptr(GError) error = NULL;
  DisHubDb *db = dis_hub_db_open (path, FALSE, &error);

  if (db == NULL)
    dis_hub_cli_fail (name, error);
  return db;
}

int
dis_hub_cli_fail (const char   *name,
                  const GError *error)
{
  g_printerr ("disotto-hub %s: %s\n", name, error->message);
  return 1;
}

void
dis_hub_cli_translate (void)
{
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
dis_hub_cli_print (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}
