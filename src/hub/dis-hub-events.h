/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-db.h"
#include "dis-json-doc.h"

G_BEGIN_DECLS

/* A pushed batch decoded with the codec, with no database, so on any
 * thread (a request's worker, off the writer): each event's envelope
 * and payload, or why the codec refused it, and a sale's payload as the
 * hub stores it. */
typedef struct _DisHubPush DisHubPush;

/* Takes @doc, a push body read as a DisJsonDoc (not json-glib's tree:
 * issue 12), whose text the decoded events borrow; @events is its array
 * of events. */
DisHubPush *dis_hub_push_decode_doc (DisJsonDoc          *doc,
                                     const DisJsonValue  *events);
guint       dis_hub_push_get_length (DisHubPush  *push);
void        dis_hub_push_free       (DisHubPush  *push);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisHubPush, dis_hub_push_free)

/* Applies a batch of events pushed by @device of @point in one
 * transaction (each event whole, or nothing of a rejected one), and
 * returns the reply object {"results": […], "gaps": […]}. Fails only on
 * database errors, in which case nothing of the batch is kept. @push is
 * only read: a batch that failed can be applied again. */
JsonNode *dis_hub_events_apply (DisHubDb    *db,
                                const char  *point,
                                const char  *device,
                                DisHubPush  *push,
                                GError     **error);

/* Decodes one event of a batch with the codec, as dis_hub_events_apply()
 * does before it touches the database (envelope, type, payload), without
 * a database: TRUE when valid, else the rejection's stable code and
 * message (free both). For the fuzz target and tools. */
gboolean  dis_hub_events_check (JsonNode    *event,
                                char       **out_code,
                                char       **out_message);

G_END_DECLS
