/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-stock-detail.h"
#include "dis-stock-filter.h"
#include "dis-stock-rows.h"
#include "dis-stock-page.h"
#include "dis-store-count.h"
#include "dis-store-stock.h"

G_BEGIN_DECLS

/* Shared by dis-stock-page.c (the list, its filters and the search) and
 * dis-stock-page-actions.c (what the page's actions open). Tests include
 * it for the models and the loading state. */
struct _DisStockPage
{
  GtkWidget           parent_instance;

  DisStore           *store;
  DisOperator        *operator;
  char               *point_code;       /* this point's, NULL until read */

  /* All levels (DisStockLevel) → the view and the search → one
   * selection → the list. */
  DisStockFilter     *filter;
  DisStockRows       *filtered;
  GtkSingleSelection *selection;

  GCancellable       *cancellable;      /* cancelled in dispose */
  guint               load_serial;
  guint               n_negative;

  guint               disposed : 1;
  guint               loaded : 1;
  guint               loading : 1;
  /* The stock moved while the page was not shown: read it when it is. */
  guint               stale : 1;

  GtkSearchEntry     *search_entry;
  GtkLabel           *summary_label;
  GtkStack           *list_stack;
  GtkSpinner         *spinner;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  DisStockDetail     *detail;
};

/* dis-stock-page.c */
/* Reads every level again, keeping the product shown. */
void           _dis_stock_page_reload            (DisStockPage *self);
/* The product chosen in the list, NULL when none. */
DisStockLevel *_dis_stock_page_get_selected       (DisStockPage *self);
GListModel    *_dis_stock_page_get_shown          (DisStockPage *self);
gboolean       _dis_stock_page_is_loaded          (DisStockPage *self);

/* dis-stock-page-actions.c */
void           _dis_stock_page_update_actions     (DisStockPage   *self);
void           _dis_stock_page_class_init_actions (GtkWidgetClass *widget_class);
/* Writes the levels as CSV with @separator (',' or ';') to @file. */
void           _dis_stock_page_export_to          (DisStockPage   *self,
                                                   GFile          *file,
                                                   char            separator);
/* Reads @file as a count sheet for the open count and shows the preview. */
void           _dis_stock_page_import_from        (DisStockPage   *self,
                                                   GFile          *file);

G_END_DECLS
