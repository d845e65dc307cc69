/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-server-private.h"

G_BEGIN_DECLS

/* GET /api/v1/metrics (README-api.md "Metrics"), for the routes table of
 * dis-hub-server.c: the Prometheus text of hub->metrics. Served to
 * loopback only; with `serve --metrics-token` set, to that bearer token
 * only, wherever it comes from. */
void dis_hub_metrics_handle (Hub               *hub,
                             SoupServerMessage *msg);

G_END_DECLS
