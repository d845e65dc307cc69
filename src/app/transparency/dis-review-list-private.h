/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-review-list.h"

G_BEGIN_DECLS

/* For tests: the sales the list shows (DisFlaggedSaleItem). */
GListModel *_dis_review_list_get_sales (DisReviewList *self);

G_END_DECLS
