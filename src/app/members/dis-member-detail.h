/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"
#include "dis-member.h"

G_BEGIN_DECLS

#define DIS_TYPE_MEMBER_DETAIL (dis_member_detail_get_type ())
G_DECLARE_FINAL_TYPE (DisMemberDetail, dis_member_detail, DIS, MEMBER_DETAIL, GtkWidget)

/* One member on the Members page: name, card, status, registration,
 * preferred tier, the eligibility checklist and the changes a
 * responsabile can make. It shows; the page changes: its rows activate
 * the page's actions members.acknowledge, members.declaration,
 * members.provisional-basis and, when another tier is chosen,
 * members.preferred-tier (a "u" tier).
 *
 * Properties: "member" (DisMember, NULL for none), "can-manage" (the
 * operator may change members: else a line says who may), "editable"
 * (changes can be made now: the tier can be chosen). */
DisMember *dis_member_detail_get_member     (DisMemberDetail           *self);
/* Shows @member; the same object again shows it afresh (its fields may
 * have changed). */
void       dis_member_detail_set_member     (DisMemberDetail           *self,
                                             DisMember                 *member);
/* The network's rules the checklist applies (the defaults at first). */
void       dis_member_detail_set_rules      (DisMemberDetail           *self,
                                             const DisEligibilityRules *rules);
void       dis_member_detail_set_can_manage (DisMemberDetail           *self,
                                             gboolean                   can_manage);
void       dis_member_detail_set_editable   (DisMemberDetail           *self,
                                             gboolean                   editable);

G_END_DECLS
