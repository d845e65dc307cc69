/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dis-hub-events.h"

G_BEGIN_DECLS

/* The hub's one writer of pushed events: a thread with its own database
 * connection that takes every batch waiting in its queue and commits
 * them in one transaction (group commit), each batch in its own
 * savepoint so that a batch that fails rolls back alone. A batch's
 * reply is returned only once the transaction holding it committed. */
typedef struct _DisHubWriter DisHubWriter;

/* Opens @location for the writer and starts its thread. */
DisHubWriter *dis_hub_writer_new           (const char           *location,
                                            GError              **error);
/* Commits and answers every batch already queued, then stops the thread
 * and closes its connection. */
void          dis_hub_writer_free          (DisHubWriter         *writer);

/* Queues @push (dis_hub_push_decode(): decoded before, off this thread)
 * from @device of @point; the caller keeps it until @callback, and frees
 * it where it likes, so the writer spends no time on that. @callback
 * runs on the caller's thread-default main context once the batch is
 * committed, or failed. */
void          dis_hub_writer_apply_async   (DisHubWriter         *writer,
                                            const char           *point,
                                            const char           *device,
                                            DisHubPush           *push,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* The reply {"results", "gaps"} of dis_hub_events_apply(), or NULL with
 * the database error (nothing of the batch was kept). */
JsonNode     *dis_hub_writer_apply_finish  (DisHubWriter         *writer,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Batches waiting for the writer, the one it works on included. */
guint         dis_hub_writer_get_depth     (DisHubWriter         *writer);
/* Groups committed (or tried) so far: fewer than the batches when
 * batches shared a transaction. */
guint         dis_hub_writer_get_groups    (DisHubWriter         *writer);

G_END_DECLS
