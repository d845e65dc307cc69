/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_TIER_SELECTOR (dis_tier_selector_get_type ())
G_DECLARE_FINAL_TYPE (DisTierSelector, dis_tier_selector, DIS, TIER_SELECTOR, GtkWidget)

/* Four linked toggle buttons (Accessibile … Solidale), each with what the
 * cart costs at that tier. Property "cart": the buttons follow and set the
 * cart's tier. Tiers the buyer may not use are insensitive and the reason
 * is shown in a tooltip and a caption. */
GtkWidget *dis_tier_selector_new             (void);
DisCart   *dis_tier_selector_get_cart        (DisTierSelector      *self);
void       dis_tier_selector_set_cart        (DisTierSelector      *self,
                                              DisCart              *cart);
void       dis_tier_selector_set_eligibility (DisTierSelector      *self,
                                              const DisEligibility *eligibility);
gboolean   dis_tier_selector_is_allowed      (DisTierSelector      *self,
                                              DisTier               tier);
/* The translated reason a tier is not allowed, NULL when it is. */
const char *dis_tier_selector_get_reason     (DisTierSelector      *self,
                                              DisTier               tier);
/* The caption under the buttons ("" when every tier is allowed). */
const char *dis_tier_selector_get_caption    (DisTierSelector      *self);

G_END_DECLS
