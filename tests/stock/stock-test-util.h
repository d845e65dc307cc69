/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "store-test-util.h"

G_BEGIN_DECLS

/* Movements through the store's one movement writer (receive, adjust:
 * the kinds whose public writers are the receiving and counting parts),
 * in one transaction with their stock.moved event, as those writers do. */
void     stock_test_write_move   (DisStore    *store,
                                  gint64       product_id,
                                  const char  *kind,
                                  gint64       qty,
                                  gint64       operator_id,
                                  const char  *document,
                                  const char  *expires_on,
                                  gint64       unit_cost);
/* A "transfer" change of the hub's feed, applied as a page of it, with the
 * next cursor. @lines_json: the lines array as JSON text. */
void     stock_test_apply_transfer (DisStore    *store,
                                    gint64       seq,
                                    const char  *id,
                                    const char  *from,
                                    const char  *to,
                                    const char  *state,
                                    const char  *lines_json);
/* The product's level as the store lists it. */
gint64   stock_test_level        (DisStore    *store,
                                  gint64       product_id);

G_END_DECLS
