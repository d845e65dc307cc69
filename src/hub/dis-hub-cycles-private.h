/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by dis-hub-cycles*.c. */

/* The orders of a cycle that hold quantities (hub_orders AS o): accepted
 * once, neither refused from the start nor cancelled since. A refused
 * edit leaves its order as last accepted, with the lines it had. */
#define DIS_HUB_CYCLES_COUNTED_ORDERS \
  "o.accepted_revision IS NOT NULL AND o.state NOT IN ('cancelled', 'refused')"

G_END_DECLS
