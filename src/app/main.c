/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "disotto-punto"

#include "config.h"

#include "dis-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DisApplication) app = NULL;

  dis_application_init_process ();
  app = dis_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
