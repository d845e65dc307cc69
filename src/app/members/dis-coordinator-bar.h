/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-member.h"
#include "dis-sync-coordinator.h"

G_BEGIN_DECLS

#define DIS_TYPE_COORDINATOR_BAR (dis_coordinator_bar_get_type ())
G_DECLARE_FINAL_TYPE (DisCoordinatorBar, dis_coordinator_bar, DIS, COORDINATOR_BAR, GtkWidget)

/* On the Members page: a coordinator of the network signs in here with
 * name and passphrase, then validates, suspends or sets the basis of the
 * member shown, on the hub (issue 10 §5). Hidden without a coordinator
 * object (a till with no sync client). Every refusal is said in plain
 * words; the member's new state arrives with the sync the action starts. */
void dis_coordinator_bar_set_coordinator (DisCoordinatorBar *self,
                                          DisCoordinator    *coordinator);
/* The member the actions act on, NULL for none. */
void dis_coordinator_bar_set_member      (DisCoordinatorBar *self,
                                          DisMember         *member);

G_END_DECLS
