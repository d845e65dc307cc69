/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dis-order.h"

G_BEGIN_DECLS

/* How the Orders page words an order, shared by its list, its detail and
 * its dialogs. Times are shown in the local time zone. */

/* "Sat 12 Dec, 09:00–12:00" (the day once when both ends share it). */
char       *dis_orders_format_span   (GDateTime     *starts,
                                      GDateTime     *ends);
/* "Pickup Sat 12 Dec, 09:00–12:00" or "Delivery …"; the place's code
 * when the schedule no longer has its times. */
char       *dis_orders_format_place  (DisOrder      *order);
/* What the state looks like in a list: the icon and the style class of
 * its flag (words and an icon, never colour alone). */
void        dis_orders_state_look    (DisOrderState  state,
                                      const char   **out_icon_name,
                                      const char   **out_style_class);
/* Why the hub refused or changed the order, for people ("Sold out: …"),
 * NULL when it gave no reason. */
char       *dis_orders_format_reason (DisOrder      *order);
/* How much of a line's product, as the detail shows it under its name:
 * "3 × € 2,30", "0,300 kg ordered, an estimate: weighed when prepared",
 * "weighed 0,350 kg (ordered 0,300 kg) × € 14,00/kg", "2 of 3 allotted
 * (the supplier delivered less) × € 2,30". */
char       *dis_orders_format_line   (DisOrderLine  *line);
/* "€ 23,40" or "about € 23,40" while weighed items are not weighed. */
char       *dis_orders_format_total  (gint64         cents,
                                      gboolean       estimated);

G_END_DECLS
