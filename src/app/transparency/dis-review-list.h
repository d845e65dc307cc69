/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-sync-coordinator.h"

G_BEGIN_DECLS

#define DIS_TYPE_REVIEW_LIST (dis_review_list_get_type ())
G_DECLARE_FINAL_TYPE (DisReviewList, dis_review_list, DIS, REVIEW_LIST, GtkWidget)

/* The sales the hub flagged, for a coordinator signed in at this till to
 * accept or reject (issue 10 §5), read from the hub each time the
 * coordinator signs in or asks; self-contained, for the Transparency
 * page. Without a coordinator signed in it says where to sign in. */
GtkWidget *dis_review_list_new             (void);
void       dis_review_list_set_coordinator (DisReviewList  *self,
                                            DisCoordinator *coordinator);
/* Reads the list from the hub again (nothing without a session). */
void       dis_review_list_refresh         (DisReviewList  *self);

G_END_DECLS
