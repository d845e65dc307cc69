/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-eligibility-checklist.h"

G_BEGIN_DECLS

/* The lines shown, one a line, each "✓ " or "✗ " then the text (tests). */
char *dis_eligibility_checklist_dup_text (DisEligibilityChecklist *self);

G_END_DECLS
