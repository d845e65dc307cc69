/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-store-members.h"

G_BEGIN_DECLS

#define DIS_TYPE_MEMBER_DIALOG (dis_member_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DisMemberDialog, dis_member_dialog, DIS, MEMBER_DIALOG, AdwWindow)

/* Registers a new member at the counter (a responsabile's work): card
 * code, name, kind, contact, preferred tier and the privacy notice, which
 * the member must accept. Signal "registered" (DisMember *) after the
 * store wrote the pending member and its outbox event; then it closes.
 * Widget action "member.register"; bad input shows a message and stores
 * nothing. */
GtkWidget *dis_member_dialog_new (GtkWindow   *parent,
                                  DisStore    *store,
                                  DisOperator *operator);

G_END_DECLS
