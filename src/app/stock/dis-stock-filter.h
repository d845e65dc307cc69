/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Which levels the Stock page lists; the property "view" of the page and
 * the state of its action stock.view take these nicks. */
typedef enum
{
  DIS_STOCK_VIEW_ALL,            /* "all" */
  DIS_STOCK_VIEW_BELOW_MIN,      /* "below-min" */
  DIS_STOCK_VIEW_OUT,            /* "out" */
  DIS_STOCK_VIEW_MISSING_BASKET, /* "missing-basket" */
  DIS_STOCK_VIEW_EXPIRING,       /* "expiring" */
  DIS_STOCK_VIEW_NEGATIVE,       /* "negative" */
} DisStockView;

const char *dis_stock_view_to_nick   (DisStockView  view);
gboolean    dis_stock_view_from_nick (const char   *nick,
                                      DisStockView *out_view);

#define DIS_TYPE_STOCK_FILTER (dis_stock_filter_get_type ())
G_DECLARE_FINAL_TYPE (DisStockFilter, dis_stock_filter, DIS, STOCK_FILTER, GtkFilter)

/* Matches the DisStockLevel items in @view whose name, supplier,
 * category or code has a word beginning with each typed word (see
 * dis-stock-search.h). Each item's folded text comes with it from the
 * store's worker, so a keystroke over 20,000 products costs a substring
 * search per product. Changes say whether
 * they are stricter or looser, so GtkFilterListModel looks at as few
 * items as it can. */
DisStockFilter *dis_stock_filter_new      (void);
void            dis_stock_filter_set_text (DisStockFilter *self,
                                           const char     *text);
void            dis_stock_filter_set_view (DisStockFilter *self,
                                           DisStockView    view);
DisStockView    dis_stock_filter_get_view (DisStockFilter *self);
/* Whether @item is in the view, whatever the text. */
gboolean        dis_stock_filter_in_view  (DisStockFilter *self,
                                           gpointer        item);

G_END_DECLS
