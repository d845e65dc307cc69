/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The till's search, in memory, for the Stock page: every typed word must
 * begin a word of what is searched (name, supplier, category, code,
 * barcode), whatever the case and the accents, as the till's full-text
 * search does ("pas bio" finds "Pasta di farro BIO"). */

/* @text lower-cased, without accents, its words separated by one space
 * and led by one (" pasta di farro"), so that a word start is a plain
 * substring search; anything but letters and digits separates words. */
char     *dis_stock_search_fold     (const char *text);

typedef struct _DisStockQuery DisStockQuery;

/* NULL when @text has no word: everything matches. */
DisStockQuery *dis_stock_query_new    (const char          *text);
void           dis_stock_query_free   (DisStockQuery       *query);
/* Whether @folded (from dis_stock_search_fold()) has a word beginning
 * with each word of @query. */
gboolean       dis_stock_query_matches (const DisStockQuery *query,
                                        const char          *folded);
/* Whether everything @narrower matches, @query matches too: @narrower
 * only added words or letters. */
gboolean       dis_stock_query_narrows (const DisStockQuery *query,
                                        const DisStockQuery *narrower);

/* What a scanner types: eight digits or more (an EAN, a scale label),
 * looked up as a barcode rather than searched. */
gboolean       dis_stock_search_is_barcode (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DisStockQuery, dis_stock_query_free)

G_END_DECLS
