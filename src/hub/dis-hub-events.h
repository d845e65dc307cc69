/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* Applies a batch of events pushed by @device of @point in one
 * transaction (each event whole, or nothing of a rejected one), and
 * returns the reply object {"results": […], "gaps": […]}. Fails only on
 * database errors, in which case nothing of the batch is kept. */
JsonNode *dis_hub_events_apply (DisHubDb    *db,
                                const char  *point,
                                const char  *device,
                                JsonArray   *events,
                                GError     **error);

/* Decodes one event of a batch with the codec, as dis_hub_events_apply()
 * does before it touches the database (envelope, type, payload), without
 * a database: TRUE when valid, else the rejection's stable code and
 * message (free both). For the fuzz target and tools. */
gboolean  dis_hub_events_check (JsonNode    *event,
                                char       **out_code,
                                char       **out_message);

G_END_DECLS
