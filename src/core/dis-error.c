/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-core"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "dis-core.h"

G_DEFINE_QUARK (dis-error-quark, dis_error)

void
dis_core_init (void)
{
  /* Nothing in core can hash or compare a PIN safely without libsodium. */
  if (sodium_init () < 0)
    g_error ("Could not initialise libsodium");

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
