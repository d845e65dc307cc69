/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_BUYER_POPOVER (dis_buyer_popover_get_type ())
G_DECLARE_FINAL_TYPE (DisBuyerPopover, dis_buyer_popover, DIS, BUYER_POPOVER, GtkPopover)

/* Chooses who is buying: members searched by name or card code as one
 * types, or a card scanned into its entry. Property "store" (DisStore).
 * Signal "card-chosen" (const char *card), after which it closes; the
 * owner identifies the member by the card. */
void       dis_buyer_popover_set_store (DisBuyerPopover *self,
                                        DisStore        *store);

G_END_DECLS
