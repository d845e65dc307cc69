/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_CRITERION_ITEM (dis_criterion_item_get_type ())
G_DECLARE_FINAL_TYPE (DisCriterionItem, dis_criterion_item, DIS, CRITERION_ITEM, GObject)

/* One line of a member's eligibility checklist (a DisCriterionCheck from
 * dis_eligibility_checklist()) as an item of a GListModel. Read-only
 * properties "tier" (DisTier), "met" and "text" (translated, with the
 * figures). */
DisCriterionItem *dis_criterion_item_new      (const DisCriterionCheck *check);
DisTier           dis_criterion_item_get_tier (DisCriterionItem        *self);
gboolean          dis_criterion_item_get_met  (DisCriterionItem        *self);
const char       *dis_criterion_item_get_text (DisCriterionItem        *self);

G_END_DECLS
