/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-order.h"

G_BEGIN_DECLS

/* What dis-order.c and dis-order-cycle.c share: read-only property
 * specs of their immutable objects, and "now" when a caller gave none. */

GParamSpec *_dis_order_int64_property   (const char *name,
                                         gint64      minimum);
GParamSpec *_dis_order_uint_property    (const char *name,
                                         guint       maximum);
GParamSpec *_dis_order_string_property  (const char *name);
GParamSpec *_dis_order_boolean_property (const char *name);
/* A new reference to @now, or the current time (UTC) when NULL. */
GDateTime  *_dis_order_now_or           (GDateTime  *now);

G_END_DECLS
