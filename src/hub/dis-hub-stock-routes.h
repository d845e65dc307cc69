/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-hub-server-private.h"

G_BEGIN_DECLS

/* The stock endpoints (README-api.md "Stock"), for the routes table of
 * dis-hub-server.c; both need a device's token. */

/* GET /api/v1/basket/completeness */
void dis_hub_stock_handle_completeness (Hub               *hub,
                                        SoupServerMessage *msg);
/* GET /api/v1/availability?product=CODE */
void dis_hub_stock_handle_availability (Hub               *hub,
                                        SoupServerMessage *msg);

G_END_DECLS
