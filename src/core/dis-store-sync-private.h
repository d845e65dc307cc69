/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-store-private.h"
#include "dis-store-sync.h"

G_BEGIN_DECLS

/* The store's sync side, by concern: dis-store-sync.c the outbox, the
 * hub's acknowledgements, the sync state and the enrolment;
 * dis-store-sync-changes.c the changes feed and the changes kept when they
 * cannot be applied; dis-store-dead-letters.c the events the hub
 * rejected. Each function runs in the caller's write transaction. */

gboolean _dis_store_sync_write_cursor     (DisDb                *db,
                                           gint64                cursor,
                                           GError              **error);
/* Another hub: its feed from the start, and nothing kept from the old
 * one's (the new feed has every product, point, member, … anew). */
gboolean _dis_store_sync_forget_feed      (DisDb                *db,
                                           GError              **error);
/* A point as the feed and GET /me publish it. */
gboolean _dis_store_sync_write_point      (DisDb                *db,
                                           const DisCodecPoint  *point,
                                           GError              **error);
/* Moves dead letters back to the end of the outbox: those whose @column
 * ("id" or "code") is one of @values, every one when @values is NULL.
 * Returns how many moved, -1 on error. */
gint64   _dis_store_requeue_dead_letters  (DisDb                *db,
                                           const char           *column,
                                           const char * const   *values,
                                           GError              **error);

/* The snapshot of @point_code taken at @taken_at (ISO 8601) replaces the
 * one kept, unless the kept one is newer; our own point's is ignored
 * (dis-store-network-stock.c). */
gboolean _dis_store_write_network_snapshot (DisDb                    *db,
                                            const char               *point_code,
                                            const char               *taken_at,
                                            const DisCodecStockLine  *levels,
                                            gsize                     n_levels,
                                            GError                  **error);
/* A "stock_snapshot" change of the feed, as above. */
gboolean _dis_store_apply_stock_snapshot   (DisDb                        *db,
                                            const DisCodecStockSnapshot  *snapshot,
                                            GError                      **error);

G_END_DECLS
