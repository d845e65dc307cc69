/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-stock.h"

G_BEGIN_DECLS

/* Shared by dis-hub-stock.c (the events) and dis-hub-stock-levels.c (the
 * levels, the snapshots and the queries). */

/* What moves one event's levels, or those of a batch's sales
 * (DisHubStockSales): its statements prepared once, however many
 * movements it makes. */
typedef struct
{
  DisHubDb     *db;
  const char   *point;
  const char   *event_id;   /* of the movements */
  char         *now;        /* the levels' updated_at */
  DisHubStmt   *known;
  DisHubStmt   *upsert;     /* prepared by the first move */
  DisHubStmt   *insert;
  gboolean      moved;      /* a level moved: the point's snapshot is due */
} DisHubStockMover;

/* @now NULL: the time of the call. */
gboolean _dis_hub_stock_mover_init   (DisHubStockMover  *mover,
                                      DisHubDb          *db,
                                      const char        *point,
                                      const char        *event_id,
                                      const char        *now,
                                      GError           **error);
void     _dis_hub_stock_mover_clear  (DisHubStockMover  *mover);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DisHubStockMover, _dis_hub_stock_mover_clear)

/* Whether the hub knows @product for the mover's point: a basket product,
 * or an own product the point (or @other_point, may be NULL) declared. */
gboolean _dis_hub_stock_known        (DisHubStockMover  *mover,
                                      const char        *product,
                                      const char        *other_point,
                                      gboolean          *out_known,
                                      GError           **error);
/* Moves the point's level of @product by @qty (≠ 0) and keeps the
 * movement; *@out_moved FALSE, and nothing written, when the level would
 * pass ± DIS_HUB_STOCK_LEVEL_MAX. */
gboolean _dis_hub_stock_move         (DisHubStockMover  *mover,
                                      const char        *product,
                                      const char        *kind,
                                      gint64             qty,
                                      const char        *at,
                                      const char        *document,
                                      const char        *reason,
                                      gboolean          *out_moved,
                                      GError           **error);
/* Marks the point's snapshot due when a level moved. */
gboolean _dis_hub_stock_mover_finish (DisHubStockMover  *mover,
                                      GError           **error);

/* Seconds from @at (ISO 8601) to @now, never negative; -1 when @at is
 * NULL or unreadable. */
gint64   _dis_hub_stock_age          (const char        *at,
                                      GDateTime         *now);

G_END_DECLS
