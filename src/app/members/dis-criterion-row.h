/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-criterion-item.h"
#include "dis-item-row.h"

G_BEGIN_DECLS

#define DIS_TYPE_CRITERION_ROW (dis_criterion_row_get_type ())
G_DECLARE_FINAL_TYPE (DisCriterionRow, dis_criterion_row, DIS, CRITERION_ROW, DisItemRow)

/* One criterion of the eligibility checklist: a tick or a cross (named
 * "Met" or "Not met" for screen readers) and the text with its figures.
 * Property "item" (DisCriterionItem, construct-only). */
GtkWidget *dis_criterion_row_new (DisCriterionItem *item);

G_END_DECLS
