/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dis-sync.h"

G_BEGIN_DECLS

#define DIS_TYPE_DEAD_LETTER_ITEM (dis_dead_letter_item_get_type ())
G_DECLARE_FINAL_TYPE (DisDeadLetterItem, dis_dead_letter_item, DIS, DEAD_LETTER_ITEM, GObject)

/* An event the hub rejected, as an item of a list model: "title" (the
 * receipt number, or the event type) and "subtitle" (when, the hub's
 * code and reason) as the rejected events dialog shows them. Takes
 * @letter. */
DisDeadLetterItem *dis_dead_letter_item_new             (DisDeadLetter     *letter);
const char        *dis_dead_letter_item_get_title       (DisDeadLetterItem *self);
/* Appends the line the administrator gets: ISO time, type, receipt,
 * event id, code and reason, tab-separated. */
void               dis_dead_letter_item_append_details  (DisDeadLetterItem *self,
                                                         GString           *details);

G_END_DECLS
