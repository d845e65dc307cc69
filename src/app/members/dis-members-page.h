/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-sync-coordinator.h"
#include "dis-store-members.h"

G_BEGIN_DECLS

#define DIS_TYPE_MEMBERS_PAGE (dis_members_page_get_type ())
G_DECLARE_FINAL_TYPE (DisMembersPage, dis_members_page, DIS, MEMBERS_PAGE, GtkWidget)

/* The Members page (Soci): search members by name or card code, a
 * member's status, preferred tier and eligibility checklist, and the
 * changes a responsabile makes at the counter. Widget actions:
 * members.search-focus (Ctrl+F), members.register (Ctrl+N),
 * members.acknowledge, members.declaration, members.preferred-tier ("u",
 * a DisTier), members.provisional-basis. The window gives it the store
 * and the operator signed in. */
GtkWidget *dis_members_page_new          (void);
void       dis_members_page_set_store    (DisMembersPage *self,
                                          DisStore       *store);
void       dis_members_page_set_operator (DisMembersPage *self,
                                          DisOperator    *operator);
void       dis_members_page_focus_search (DisMembersPage *self);
/* Shows the member with @card_code (looked up off the UI thread). */
void       dis_members_page_show_member  (DisMembersPage *self,
                                          const char     *card_code);
/* The member shown, NULL when none. */
DisMember *dis_members_page_get_member   (DisMembersPage *self);
/* The coordinator who may sign in on the page (NULL: none, the till has
 * no hub); see DisCoordinatorBar. */
void       dis_members_page_set_coordinator (DisMembersPage *self,
                                             DisCoordinator *coordinator);

G_END_DECLS
