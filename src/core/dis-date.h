/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Calendar days as Julian day numbers (g_date_get_julian), 0 = none.
 * They travel as "YYYY-MM-DD". */

guint32  dis_date_today        (void);              /* the local date */
/* A shorter target month clamps the day (31 Dec + 2 → 28/29 Feb); 0 when
 * @julian is not a valid date. @months may be negative. */
guint32  dis_date_add_months   (guint32      julian,
                                int          months);
guint32  dis_date_parse        (const char  *text);    /* 0 when invalid */
char    *dis_date_format       (guint32      julian);  /* NULL for 0 */

/* Fund periods (DESIGN.md §3): calendar months in the network's time
 * zone, "YYYY-MM". */
#define DIS_DATE_NETWORK_ZONE "Europe/Rome"

/* "YYYY-MM" of a year 1900 … 9999. */
gboolean   dis_date_is_period      (const char  *text);
/* The network's zone; the local one where the system has no tz data. */
GTimeZone *dis_date_network_zone   (void);
/* The period @time falls in, and the one of now. */
char      *dis_date_period_of      (GDateTime   *time);
char      *dis_date_current_period (void);
/* Its first second and the first of the next period, Unix time; FALSE
 * when @period is not "YYYY-MM" of a year 1900 … 9999. */
gboolean   dis_date_period_bounds  (const char  *period,
                                    gint64      *out_start,
                                    gint64      *out_end);
/* "novembre 2026" in the user's language; NULL when not a period. */
char      *dis_date_format_period  (const char  *period);

G_END_DECLS
