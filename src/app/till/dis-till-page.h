/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_TILL_PAGE (dis_till_page_get_type ())
G_DECLARE_FINAL_TYPE (DisTillPage, dis_till_page, DIS, TILL_PAGE, GtkWidget)

/* Properties "store" (DisStore) and "operator" (DisOperator), set by the
 * window. Widget actions: till.search-focus, till.tier (int), till.pay,
 * till.park, till.resume, till.refund, till.reprint, till.clear,
 * till.quantity (of the line chosen), till.open-day. */
GtkWidget *dis_till_page_new            (void);
void       dis_till_page_set_store      (DisTillPage *self,
                                         DisStore    *store);
void       dis_till_page_set_operator   (DisTillPage *self,
                                         DisOperator *operator);
/* Shows @message (plain text) for a few seconds where the till shows its
 * own: at the foot of the cart, clear of the tiers and the total. */
void       dis_till_page_show_message   (DisTillPage *self,
                                         const char  *message);
/* Gives focus to the search entry (the till's idle state). */
void       dis_till_page_focus_search   (DisTillPage *self);
DisCart   *dis_till_page_get_cart       (DisTillPage *self);
/* Who is buying (NULL = an anonymous walk-in): re-evaluates which tiers
 * are allowed and selects the buyer's default tier. */
void       dis_till_page_set_buyer      (DisTillPage    *self,
                                         const DisBuyer *buyer);
/* The buyer's member or the network's rules changed underneath (a sync,
 * the Members page): reads both again and evaluates the tiers anew. The
 * tier the till proposed follows; one the volunteer chose stays while it
 * is allowed. Nothing changes while a payment is under way. */
void       dis_till_page_refresh_buyer  (DisTillPage    *self);

G_END_DECLS
