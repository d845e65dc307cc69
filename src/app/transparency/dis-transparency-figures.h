/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dis-fund-period.h"

G_BEGIN_DECLS

/* The figures of the Transparency page, as a table: each period's cells
 * per tier and in total, the fund's inflow, carry and claims, and what
 * each supplier was paid; the same rows make the CSV export. */

/* Appends to @figures (a GListStore of DisTransparencyFigure) the rows of
 * each of @periods (DisFundPeriod), in the order given. */
void  dis_transparency_figures_append (GListStore  *figures,
                                       GPtrArray   *periods);
/* The CSV of @figures (RFC 4180, CRLF, a header line): period, month,
 * figure, value (cents as euros with a dot, counts as integers; empty
 * when reserved), as shown, note. */
char *dis_transparency_figures_to_csv (GListModel  *figures);

G_END_DECLS
