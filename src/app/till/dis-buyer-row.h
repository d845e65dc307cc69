/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-member.h"

G_BEGIN_DECLS

#define DIS_TYPE_BUYER_ROW (dis_buyer_row_get_type ())
G_DECLARE_FINAL_TYPE (DisBuyerRow, dis_buyer_row, DIS, BUYER_ROW, AdwActionRow)

/* A member found in the till's buyer search: name, and card code under
 * it. Property "member" (DisMember). */
GtkWidget *dis_buyer_row_new        (DisMember   *member);
DisMember *dis_buyer_row_get_member (DisBuyerRow *self);

G_END_DECLS
