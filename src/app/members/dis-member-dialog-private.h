/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-member-dialog.h"

G_BEGIN_DECLS

/* The message shown for bad input, NULL when none (tests). */
const char *dis_member_dialog_get_message (DisMemberDialog *self);

G_END_DECLS
