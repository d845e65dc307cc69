/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-enrol-page.h"
#include "dis-first-run-page.h"
#include "dis-map-page.h"
#include "dis-members-page.h"
#include "dis-orders-page.h"
#include "dis-sign-in-page.h"
#include "dis-stock-page.h"
#include "dis-sync-coordinator.h"
#include "dis-sync-indicator.h"
#include "dis-till-page.h"
#include "dis-transparency-page.h"
#include "dis-window.h"

G_BEGIN_DECLS

/* Shared by dis-window.c (states, store and operator), dis-window-idle.c
 * (the idle lock) and dis-window-actions.c (views and shortcuts). */
struct _DisWindow
{
  AdwApplicationWindow  parent_instance;

  DisStore             *store;
  DisSyncClient        *client;
  /* A coordinator's session at this till: ends with the operator's. */
  DisCoordinator       *coordinator;
  DisOperator          *operator;
  GCancellable         *cancellable;
  /* What the error page's "Details" shows. */
  char                 *error_details;

  /* Template widgets */
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  DisEnrolPage         *enrol_page;
  DisFirstRunPage      *first_run_page;
  DisSignInPage        *sign_in_page;
  DisTillPage          *till_page;
  AdwViewStack         *view_stack;
  DisMapPage           *map_page;
  DisTransparencyPage  *transparency_page;
  DisMembersPage       *members_page;
  AdwViewStackPage     *stock_view;
  DisStockPage         *stock_page;
  AdwViewStackPage     *orders_view;
  DisOrdersPage        *orders_page;
  GtkLabel             *operator_label;
  GtkMenuButton        *operator_button;
  /* The main menu, in the header bar of each state that has one. */
  GtkMenuButton        *enrol_menu_button;
  GtkMenuButton        *first_run_menu_button;
  GtkMenuButton        *sign_in_menu_button;
  GtkMenuButton        *main_menu_button;
  DisSyncIndicator     *sync_indicator;
  GtkWidget            *sync_bar;
  GtkStack             *sync_bar_action;
  GtkImage             *sync_bar_icon;
  GtkLabel             *sync_bar_label;
  GtkButton            *sync_bar_button;

  gint64                last_activity;   /* monotonic µs */
  guint                 idle_source;
  guint                 idle_lock_seconds;

  /* A first start may offer the enrolment page. */
  guint                 offer_enrolment : 1;
  /* A failed --enrol-url attempt waits on the enrolment page. */
  guint                 enrol_failed : 1;
  /* The enrolment page was shown and left: do not offer it again. */
  guint                 enrol_settled : 1;
};

/* "loading", "error", "enrol", "first-run", "sign-in" or "main". */
const char *_dis_window_get_state          (DisWindow  *self);
gboolean    _dis_window_is_main            (DisWindow  *self);

/* dis-window-idle.c: locks after the idle-lock-minutes setting without
 * a key, click or pointer motion in the window (in the "main" state). */
void        _dis_window_idle_init          (DisWindow  *self);
/* Counts the idle time from now (the state or the setting changed). */
void        _dis_window_idle_restart       (DisWindow  *self);
void        _dis_window_idle_stop          (DisWindow  *self);

/* dis-window-actions.c: the view actions and their shortcuts. */
void        _dis_window_class_add_actions  (GtkWidgetClass *widget_class);
/* Where the keyboard goes in the visible view. */
void        _dis_window_focus_view         (DisWindow  *self);
/* The Stock view for whoever is signed in: a volontario does not see it. */
void        _dis_window_update_stock_view  (DisWindow  *self);
/* The Orders view for whoever is signed in. */
void        _dis_window_update_orders_view (DisWindow  *self);

/* For tests: lock after @seconds idle instead of the idle-lock-minutes
 * setting; 0 goes back to the setting. */
void        dis_window_set_idle_lock_seconds (DisWindow *self,
                                              guint      seconds);

G_END_DECLS
