/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-order-detail.h"
#include "dis-orders-page.h"
#include "dis-store-orders.h"

G_BEGIN_DECLS

/* The lists of the page, by state (property "view"). */
typedef enum
{
  DIS_ORDERS_VIEW_OPEN,          /* not handed over, delivered nor cancelled */
  DIS_ORDERS_VIEW_WAITING,       /* saved here, not answered by the hub */
  DIS_ORDERS_VIEW_REFUSED,
  DIS_ORDERS_VIEW_TO_PREPARE,    /* accepted */
  DIS_ORDERS_VIEW_READY,
  DIS_ORDERS_VIEW_UNCOLLECTED,   /* the pickup window ended */
  DIS_ORDERS_VIEW_DELIVERY,      /* out for delivery */
  DIS_ORDERS_VIEW_DONE,          /* handed over or delivered */
  DIS_ORDERS_VIEW_CANCELLED,
  DIS_ORDERS_VIEW_ALL,
} DisOrdersView;

#define DIS_ORDERS_N_VIEWS (DIS_ORDERS_VIEW_ALL + 1)

const char *dis_orders_view_to_nick   (DisOrdersView  view);
gboolean    dis_orders_view_from_nick (const char    *nick,
                                       DisOrdersView *out_view);

/* Shared by dis-orders-page.c (the list, its filters and the search) and
 * dis-orders-page-actions.c (what the page's actions open). Tests
 * include it for the models and the loading state. */
struct _DisOrdersPage
{
  GtkWidget           parent_instance;

  DisStore           *store;
  DisOperator        *operator;

  DisOrdersView       view;
  /* The place chosen: NULL for every one. */
  char               *place_code;
  DisFulfilment       place_fulfilment;

  /* What the lists and the dialogs need, read with the orders. */
  GPtrArray          *cycles;           /* DisCycle, open ones */
  DisOrderSchedule   *schedule;
  /* The place dropdown's keys ("" then "window:…", "slot:…"). */
  GPtrArray          *place_keys;

  GListStore         *orders;           /* DisOrder, as the filter reads them */
  GtkSingleSelection *selection;

  GCancellable       *cancellable;      /* cancelled in dispose */
  guint               load_serial;
  guint               loading_full : 1;

  guint               disposed : 1;
  guint               loaded : 1;
  guint               loading : 1;
  /* Orders changed while the page was not shown: read them when it is. */
  guint               stale : 1;
  /* The place dropdown is being rebuilt: its changes are not the user's. */
  guint               filling_places : 1;

  GtkSearchEntry     *search_entry;
  GtkDropDown        *view_dropdown;
  GtkDropDown        *place_dropdown;
  GtkStringList      *place_names;
  GtkLabel           *summary_label;
  GtkStack           *list_stack;
  GtkSpinner         *spinner;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  GtkButton          *empty_button;
  DisOrderDetail     *detail;
};

/* dis-orders-page.c */
/* Reads the orders (and the cycles and schedule) again, keeping the
 * order shown. */
void        _dis_orders_page_reload            (DisOrdersPage *self);
gboolean    _dis_orders_page_is_loaded         (DisOrdersPage *self);
/* The order chosen, NULL when none. */
DisOrder   *_dis_orders_page_get_selected      (DisOrdersPage *self);
/* The order with @id among those listed, NULL when not listed. */
DisOrder   *_dis_orders_page_find              (DisOrdersPage *self,
                                                const char    *id);
/* Chooses the order with @id once it is listed (after a save). */
void        _dis_orders_page_select_id         (DisOrdersPage *self,
                                                const char    *id);
/* The open cycle with @id, NULL when it is not open. */
DisCycle   *_dis_orders_page_find_cycle        (DisOrdersPage *self,
                                                gint64         id);

/* dis-orders-page-actions.c */
void        _dis_orders_page_update_actions     (DisOrdersPage  *self);
void        _dis_orders_page_class_init_actions (GtkWidgetClass *widget_class);

G_END_DECLS
