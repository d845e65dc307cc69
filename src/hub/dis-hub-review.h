/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* Sales the hub flagged wait for a coordinator: the fund does not count
 * them until they are accepted (help page fondo-solidale). */

/* The pending sales, oldest first: [{"sale_id", "point", "receipt_no",
 * "created_at", "tier", "total_cents", "point_total_cents", "reason",
 * "fund_period"}]. */
JsonNode *dis_hub_review_list   (DisHubDb    *db,
                                 GError     **error);
/* Accepts or rejects a pending sale on behalf of @who, in its own
 * savepoint (inside the caller's transaction, if any). An accepted sale
 * whose period is closed moves to the first open period, late. Fails
 * with DIS_HUB_ERROR_NOT_FOUND for an unknown sale, _INVALID for one
 * that is not pending. */
gboolean  dis_hub_review_decide (DisHubDb    *db,
                                 const char  *sale_id,
                                 gboolean     accept,
                                 const char  *who,
                                 GError     **error);

/* `disotto-hub review list|accept|reject …` */
int       dis_hub_review_main   (int          argc,
                                 char       **argv);

G_END_DECLS
