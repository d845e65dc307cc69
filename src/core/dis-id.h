/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ids a point gives what it sends the hub (sales, events, stock
 * documents, orders): UUID version 7 (RFC 9562), the time in
 * milliseconds first, then a counter and random bits. Their text sorts
 * by time, so the hub's indexes on them grow at one end instead of
 * taking every new row on a random page. Ids made by one process never
 * repeat and sort in the order they were made, even within a
 * millisecond or when the clock steps back. */
char *dis_id_new      (void);

/* The same, made at @unix_ms with @random (at least 10 bytes) as its
 * random part: for the tests. */
char *dis_id_new_full (gint64        unix_ms,
                       const guint8 *random);

G_END_DECLS
