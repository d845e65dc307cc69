/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-member.h"

G_BEGIN_DECLS

#define DIS_TYPE_MEMBER_ROW (dis_member_row_get_type ())
G_DECLARE_FINAL_TYPE (DisMemberRow, dis_member_row, DIS, MEMBER_ROW, AdwActionRow)

/* One member in the Members page's list: name, card code and status.
 * Property "member" (DisMember, construct-only): a row shows one member;
 * when the member changes, the list model replaces the item and the list
 * makes a new row. */
GtkWidget *dis_member_row_new        (DisMember    *member);
DisMember *dis_member_row_get_member (DisMemberRow *self);

G_END_DECLS
