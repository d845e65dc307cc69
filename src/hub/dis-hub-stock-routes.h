/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-server-private.h"

G_BEGIN_DECLS

/* The stock endpoints (README-api.md "Stock"), for the routes table of
 * dis-hub-server.c; both need a device's token. Jobs: they run on a
 * worker with a read connection (dis-hub-server-private.h). */

/* GET /api/v1/basket/completeness */
void dis_hub_stock_work_completeness (DisHubJob *job,
                                      DisHubDb  *db);
/* GET /api/v1/availability?product=CODE */
void dis_hub_stock_work_availability (DisHubJob *job,
                                      DisHubDb  *db);

G_END_DECLS
