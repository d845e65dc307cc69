/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-core.h"

G_BEGIN_DECLS

/* Numbers as a person types them at the till, with the locale's decimal
 * separator and no currency or unit: what the entries show as examples
 * and prefill, and what dis_money_parse() and dis_qty_parse() read back. */

/* "20,00" in Italian, "20.00" in English. */
char *dis_plain_money    (gint64  cents);
/* "3" for pieces; "0,350" for kilograms and litres. */
char *dis_plain_quantity (gint64  qty_milli,
                          DisUnit unit);

G_END_DECLS
