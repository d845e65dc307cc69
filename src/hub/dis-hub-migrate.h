/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Moves a network from one hub database to another (issue 12): every
 * table of the SQLite hub at @from copied into the empty database at
 * @to (a postgresql:// URI, or a path), in one transaction, then each
 * table's row count and content hash read back from both and compared.
 * Refuses a target that holds any row. Returns the report: per table its
 * rows and SHA-256 (of the sorted row hashes, so the engines' orders do
 * not matter). */
JsonNode *dis_hub_migrate   (const char  *from,
                             const char  *to,
                             GError     **error);

/* `disotto-hub migrate --from FILE --to URI`. */
int       dis_hub_migrate_main (int    argc,
                                char **argv);

G_END_DECLS
