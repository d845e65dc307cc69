/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-punto"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "dis-application.h"
#include "dis-bench.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DisApplication) app = NULL;
  const char *localedir;

  dis_bench_mark_start ();

  setlocale (LC_ALL, "");
  dis_core_init ();

  /* An uninstalled build (build-aux/run-demo, tests) points at the
   * catalogs compiled in the build directory. */
  localedir = g_getenv ("DISOTTO_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = dis_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
