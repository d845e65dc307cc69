/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-server-private.h"

G_BEGIN_DECLS

/* GET /api/v1/metrics (README-api.md "Metrics"), for the routes table of
 * dis-hub-server.c: the Prometheus text of hub->metrics. Served to
 * loopback only; with `serve --metrics-token` set, to that bearer token
 * only, wherever it comes from. */
void  dis_hub_metrics_handle     (Hub               *hub,
                                  SoupServerMessage *msg);

/* The metrics token for `serve`, from --metrics-token or from the file of
 * --metrics-token-file (one line; kept out of the process list): NULL
 * when neither is given; FALSE with @error when both are, when the file
 * cannot be read, or when the token is shorter than 16 characters. */
gboolean dis_hub_metrics_token (const char  *token,
                                const char  *file,
                                char       **out_token,
                                GError     **error);

G_END_DECLS
