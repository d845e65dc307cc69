/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The SELECT the restock suggestion reads its rows with
 * (dis-store-restock.c), for the benchmark's reference: on its own so a
 * benchmark need not see the store's internals. */
const char *_dis_store_restock_suggest_sql (void);

G_END_DECLS
