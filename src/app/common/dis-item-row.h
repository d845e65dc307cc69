/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DIS_TYPE_ITEM_ROW (dis_item_row_get_type ())
G_DECLARE_DERIVABLE_TYPE (DisItemRow, dis_item_row, DIS, ITEM_ROW, AdwActionRow)

/* A row of a list bound to a model: it shows one item of the model, given
 * when the row is made ("item", construct-only) and kept as long as the
 * row. Subclasses read it in their constructed(). */
struct _DisItemRowClass
{
  AdwActionRowClass parent_class;
};

gpointer dis_item_row_get_item (DisItemRow *self);

G_END_DECLS
