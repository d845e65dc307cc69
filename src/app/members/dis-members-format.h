/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A date as the Members page shows it, in the locale's short form
 * ("05/12/2026" in Italian); "" for an invalid one. */
char *dis_members_format_date (guint32 julian);

G_END_DECLS
