/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* disotto-hub backup --db PATH --out FILE: an online, consistent copy of
 * a SQLite hub (SQLite's backup API), checked before it takes its name;
 * a PostgreSQL hub is refused with a pointer to pg_dump. Returns the exit
 * status. */
int dis_hub_backup_main (int    argc,
                         char **argv);

G_END_DECLS
