/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"
#include "dis-member.h"

G_BEGIN_DECLS

#define DIS_TYPE_MEMBER_STATUS_PILL (dis_member_status_pill_get_type ())
G_DECLARE_FINAL_TYPE (DisMemberStatusPill, dis_member_status_pill, DIS, MEMBER_STATUS_PILL, GtkWidget)

/* A member's status as a small coloured pill ("Validated" in green,
 * "Waiting for validation" in amber, "Suspended" in red), in the list
 * of members and above a member's details. Property "status"
 * (a DisMemberStatus). */
void dis_member_status_pill_set_status (DisMemberStatusPill *self,
                                        DisMemberStatus      status);

G_END_DECLS
