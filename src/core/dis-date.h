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

G_END_DECLS
