/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-dead-letter-item.h"
#include "dis-item-row.h"

G_BEGIN_DECLS

#define DIS_TYPE_DEAD_LETTER_ROW (dis_dead_letter_row_get_type ())
G_DECLARE_FINAL_TYPE (DisDeadLetterRow, dis_dead_letter_row, DIS, DEAD_LETTER_ROW, DisItemRow)

/* A row of the rejected events dialog: the item's title and subtitle. */
GtkWidget *dis_dead_letter_row_new (DisDeadLetterItem *item);

G_END_DECLS
