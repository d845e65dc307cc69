/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-db.h"

G_BEGIN_DECLS

/* The checkpoints of a SQLite hub's log, taken off the writer's commits
 * (`disotto-hub serve` only; the commands keep SQLite's own
 * auto-checkpoint). Left to SQLite, the commit that takes the log past
 * 1000 pages copies them into the database file itself, with its syncs:
 * 15% of the hub's time in issue 12's profile, on the one thread every
 * push waits for. Here the writer only says how long the log is after
 * each commit, and a thread of its own, on a connection of its own,
 * copies the log back once it passes that size (a PASSIVE checkpoint:
 * it never waits for the writer, nor the writer for it). Should the log
 * still grow (a checkpoint never catching up with a writer that never
 * pauses), past DIS_HUB_CHECKPOINT_LIMIT_PAGES the writer checkpoints
 * inline and makes the next commit start the log over: the log stays
 * bounded, unless a reader stays in it (nothing can start it over then;
 * the writer waits for that reader 100 ms at most, then goes on). */
typedef struct _DisHubCheckpointer DisHubCheckpointer;

/* The log's size, in pages, past which the thread checkpoints (SQLite's
 * own auto-checkpoint size), and past which the writer does: the hub's. */
#define DIS_HUB_CHECKPOINT_PAGES       1000
#define DIS_HUB_CHECKPOINT_LIMIT_PAGES 16000

/* Starts checkpointing for @writer, the one connection that writes to the
 * SQLite hub database at @location, with a connection of its own, once
 * the log passes @pages, by the writer past @limit_pages (> @pages); NULL
 * with @error when that cannot be opened. On another engine, which has
 * no such log to copy back, NULL without error. */
DisHubCheckpointer *dis_hub_checkpointer_new    (DisHubDb            *writer,
                                                 const char          *location,
                                                 guint                pages,
                                                 guint                limit_pages,
                                                 GError             **error);
/* Stops the thread and closes its connection; @writer, which must not be
 * committing meanwhile, goes back to SQLite's own auto-checkpoint. */
void                dis_hub_checkpointer_free   (DisHubCheckpointer  *checkpointer);
/* Checkpoints the thread ran, and those the writer had to run inline. */
guint               dis_hub_checkpointer_get_passes (DisHubCheckpointer *checkpointer);
guint               dis_hub_checkpointer_get_inline (DisHubCheckpointer *checkpointer);

G_END_DECLS
