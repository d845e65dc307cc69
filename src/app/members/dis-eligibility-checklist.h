/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_ELIGIBILITY_CHECKLIST (dis_eligibility_checklist_get_type ())
G_DECLARE_FINAL_TYPE (DisEligibilityChecklist, dis_eligibility_checklist, DIS, ELIGIBILITY_CHECKLIST, GtkWidget)

/* The criteria of the Impegno and Accessibile tiers for one member, each
 * met or not with its figure and what is missing, from
 * dis_eligibility_checklist() (the same rules the till applies). */
/* @buyer NULL empties the list. */
void dis_eligibility_checklist_set_buyer (DisEligibilityChecklist   *self,
                                          const DisBuyer            *buyer,
                                          const DisEligibilityRules *rules,
                                          guint32                    today_julian);

G_END_DECLS
