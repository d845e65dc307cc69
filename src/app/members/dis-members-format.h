/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dis-tier.h"

G_BEGIN_DECLS

/* A date as the Members page shows it, in the locale's short form
 * ("05/12/2026" in Italian); "" for an invalid one. */
char *dis_members_format_date  (guint32        julian);
/* The tiers @allowed permits, by name in order of price:
 * "Impegno, Equa, Solidale". */
char *dis_members_format_tiers (const gboolean allowed[DIS_N_TIERS]);

G_END_DECLS
