/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* Applies a batch of events pushed by @device of @point in one
 * transaction, each event in its own SAVEPOINT, and returns the reply
 * object {"results": […], "gaps": […]}. Fails only on database errors,
 * in which case nothing of the batch is kept. */
JsonNode *dis_hub_events_apply (DisHubDb    *db,
                                const char  *point,
                                const char  *device,
                                JsonArray   *events,
                                GError     **error);

G_END_DECLS
