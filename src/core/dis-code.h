/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Enums are stored and sent as stable codes ("equa", "cash", "kg", …),
 * each from a table indexed by the enum whose entries begin with the
 * code. One lookup serves every such table. */

/* The index of @code in the @n_entries entries of @table, each
 * @entry_size bytes long and beginning with its code (a const char *,
 * NULL for none); -1 when it is not there, or @code is NULL. */
int dis_code_index (gconstpointer  table,
                    gsize          n_entries,
                    gsize          entry_size,
                    const char    *code);

#define DIS_CODE_INDEX(table, code) \
  dis_code_index ((table), G_N_ELEMENTS (table), sizeof (table)[0], (code))

G_END_DECLS
