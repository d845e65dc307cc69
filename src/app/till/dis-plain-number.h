/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-core.h"

G_BEGIN_DECLS

/* Numbers (and dates) as a person types and reads them at the till, with the locale's decimal
 * separator and no currency or unit: what the entries show as examples
 * and prefill, and what dis_money_parse() and dis_qty_parse() read back. */

/* "20,00" in Italian, "20.00" in English. */
char *dis_plain_money    (gint64  cents);
/* "3" for pieces; "0,350" for kilograms and litres. */
char *dis_plain_quantity (gint64  qty_milli,
                          DisUnit unit);

/* Dates as the till shows them everywhere, in one format: the locale's
 * (translated: "05/12/2026" in Italian), never the ISO form the store
 * and the network use. */

/* A business day given as "YYYY-MM-DD"; "" for NULL, @iso_date itself
 * when it is no date. */
char *dis_plain_day       (const char *iso_date);
/* The same day format, then the time: "05/12/2026 08:05"; "" for NULL. */
char *dis_plain_date_time (GDateTime  *date_time);

G_END_DECLS
