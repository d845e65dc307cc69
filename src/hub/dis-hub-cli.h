/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* What the admin command families in their own files share. */

/* Parses "disotto-hub @name …" with --db and @extra (NULL-terminated
 * entries, may be NULL); positional arguments stay in argv. The database
 * path in *@out_db. FALSE after saying what is wrong. */
gboolean  dis_hub_cli_parse     (const char     *name,
                                 GOptionEntry   *extra,
                                 int            *argc,
                                 char         ***argv,
                                 char          **out_db);
/* Opens an existing hub database, saying why not on stderr. */
DisHubDb *dis_hub_cli_open      (const char     *name,
                                 const char     *path);
/* Prints "disotto-hub @name: message" on stderr; returns 1. */
int       dis_hub_cli_fail      (const char     *name,
                                 const GError   *error);
/* Documents written for others to read (a supplier's statement, its
 * restock orders) come in the admin's language: binds the catalog. */
void      dis_hub_cli_translate (void);
/* Prints @node as indented JSON and a newline on stdout. */
void      dis_hub_cli_print     (JsonNode       *node);

G_END_DECLS
