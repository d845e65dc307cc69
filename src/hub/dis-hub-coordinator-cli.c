/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-hub"

#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "dis-hub-coordinator.h"

/* `disotto-hub coordinator add|list|revoke`. */

static const char *coordinator_usage =
  "Usage:\n"
  "  disotto-hub coordinator add --db PATH --name NAME   (the passphrase on stdin, or asked for)\n"
  "  disotto-hub coordinator list --db PATH\n"
  "  disotto-hub coordinator revoke --db PATH --name NAME\n";

/* One line from @stream, without its line end; NULL at end of file or
 * past the longest passphrase. The buffer is wiped. */
static char *
read_line (FILE *stream)
{
  char buffer[DIS_HUB_COORDINATOR_PASSPHRASE_MAX + 2];
  char *line = NULL;
  gsize length;

  if (fgets (buffer, sizeof buffer, stream) != NULL)
    {
      length = strcspn (buffer, "\r\n");
      if (buffer[length] != '\0' || feof (stream))
        line = g_strndup (buffer, length);
    }
  sodium_memzero (buffer, sizeof buffer);
  return line;
}

/* From a terminal: asked twice, without echo. */
static char *
ask_passphrase (GError **error)
{
  struct termios saved, quiet;
  g_autofree char *first = NULL;
  char *second = NULL;

  if (tcgetattr (STDIN_FILENO, &saved) != 0)
    goto failed;
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
    goto failed;
  g_printerr ("Passphrase (at least %d characters): ", DIS_HUB_COORDINATOR_PASSPHRASE_MIN);
  first = read_line (stdin);
  g_printerr ("\nThe same again: ");
  second = first != NULL ? read_line (stdin) : NULL;
  g_printerr ("\n");
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  if (first == NULL || second == NULL || !g_str_equal (first, second))
    {
      if (second != NULL)
        sodium_memzero (second, strlen (second));
      g_free (second);
      if (first != NULL)
        sodium_memzero (first, strlen (first));
      g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "the two passphrases differ");
      return NULL;
    }
  sodium_memzero (first, strlen (first));
  return second;

failed:
  g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID, "cannot read from the terminal");
  return NULL;
}

static int
run (DisHubDb    *db,
     const char  *sub,
     const char  *name,
     GError     **error)
{
  if (g_str_equal (sub, "list"))
    {
      g_autoptr(JsonNode) root = dis_hub_coordinator_list (db, error);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      if (root == NULL)
        return 1;
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
      return 0;
    }
  if (name == NULL)
    return 2;
  if (g_str_equal (sub, "revoke"))
    {
      if (!dis_hub_coordinator_revoke (db, name, error))
        return 1;
      printf ("coordinator %s revoked, their sessions ended\n", name);
      return 0;
    }
  if (g_str_equal (sub, "add"))
    {
      g_autofree char *passphrase = isatty (STDIN_FILENO) ? ask_passphrase (error) : read_line (stdin);
      gboolean ok;

      if (passphrase == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, DIS_HUB_ERROR, DIS_HUB_ERROR_INVALID,
                         "no passphrase on standard input (one line, at most %d bytes)",
                         DIS_HUB_COORDINATOR_PASSPHRASE_MAX);
          return 1;
        }
      ok = dis_hub_coordinator_add (db, name, passphrase, error);
      sodium_memzero (passphrase, strlen (passphrase));
      if (!ok)
        return 1;
      printf ("coordinator %s added\n", name);
      return 0;
    }
  return 2;
}

int
dis_hub_coordinator_main (int    argc,
                          char **argv)
{
  g_autofree char *db_path = NULL, *name = NULL, *what = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Hub database", "PATH" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The coordinator's name", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *sub;
  DisHubDb *db;
  int status;

  if (argc < 2 || (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "list") &&
                   !g_str_equal (argv[1], "revoke")))
    {
      g_printerr ("%s", coordinator_usage);
      return 2;
    }
  sub = argv[1];
  what = g_strconcat ("coordinator ", sub, NULL);
  argc--, argv++;
  context = g_option_context_new (what);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("disotto-hub %s: %s\n", what, error->message);
      return 2;
    }
  if (db_path == NULL || argc != 1)
    {
      g_printerr ("%s", coordinator_usage);
      return 2;
    }
  db = dis_hub_db_open (db_path, FALSE, &error);
  if (db == NULL)
    {
      g_printerr ("disotto-hub %s: %s\n", what, error->message);
      return 1;
    }
  status = run (db, sub, name, &error);
  dis_hub_db_close (db);
  if (status == 2)
    g_printerr ("%s", coordinator_usage);
  else if (status != 0)
    g_printerr ("disotto-hub %s: %s\n", what, error ? error->message : "failed");
  return status;
}
