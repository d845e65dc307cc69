/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-buyer-popover.h"
#include "dis-member.h"
#include "dis-parked-carts-button.h"
#include "dis-payment-view.h"
#include "dis-product-search.h"
#include "dis-tier-selector.h"
#include "dis-till-page.h"

G_BEGIN_DECLS

/* The till page is cut by concern: dis-till-page.c holds the buyer, the
 * totals and the page itself; dis-till-page-cart.c the lines, the one
 * chosen and its quantity, and the Undo of a removal;
 * dis-till-page-payment.c the business day, the payment, the commit and
 * the receipt; dis-till-page-actions.c the actions, their shortcuts, the
 * menu, parking and resuming; dis-till-page-order.c member orders. */

struct _DisTillPage
{
  GtkWidget             parent_instance;

  DisStore             *store;
  DisOperator          *operator;
  DisCart              *cart;

  /* Who is buying and what they may pay; see dis_till_page_set_buyer(). */
  DisBuyer              buyer;
  DisMember            *buyer_member;  /* NULL: anonymous, or a buyer without a card */
  guint                 buyer_serial;  /* the last identification asked */
  DisEligibilityRules   rules;
  DisEligibility        eligibility;

  /* Cancelled in dispose: reads whose answer nobody waits for anymore. */
  GCancellable         *cancellable;

  /* The last removed line, for Undo, and the toast offering it (weak). */
  DisCartLine          *removed_line;
  guint                 removed_position;
  AdwToast             *undo_toast;

  /* Whether a business day is open, as last read; see
   * _dis_till_page_check_day(). */
  guint                 day_serial;
  guint                 day_open : 1;

  guint                 disposed : 1;
  guint                 committing : 1;
  guint                 parking : 1;
  guint                 paying : 1;

  DisProductSearch     *product_search;
  DisProductResults    *product_results;
  DisParkedCartsButton *parked_button;
  GtkMenuButton        *menu_button;
  GtkStack             *main_stack;
  GtkStack             *cart_stack;
  GtkListView          *cart_view;
  GtkSingleSelection   *cart_selection;  /* the line chosen */
  guint                 scroll_source;
  DisPaymentView       *payment_view;
  DisTierSelector      *tier_selector;
  GtkLabel             *total_label;
  GtkLabel             *summary_label;
  GtkMenuButton        *buyer_button;
  GtkLabel             *buyer_label;
  GtkButton            *buyer_clear_button;
  DisBuyerPopover      *buyer_popover;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *day_revealer;
};

/* The widget the till's messages are shown from: its own toast overlay
 * at the foot of the cart, never over the tiers and totals of the footer
 * the buyer looks at. */
static inline GtkWidget *
_dis_till_page_messages (DisTillPage *self)
{
  return GTK_WIDGET (self->toast_overlay);
}

/* dis-till-page-cart.c */
void     _dis_till_page_init_cart           (DisTillPage    *self);
void     _dis_till_page_class_init_cart     (GtkWidgetClass *widget_class);
/* The sale is over (paid, parked or voided): an empty cart, no Undo, an
 * anonymous buyer. */
void     _dis_till_page_clear_sale          (DisTillPage *self);
void     _dis_till_page_undo_remove         (DisTillPage *self);
/* Chooses the line at @position and brings it into sight. */
void     _dis_till_page_show_line           (DisTillPage *self,
                                             guint        position);

/* dis-till-page.c */
/* @member is buying: their tiers are evaluated and their default one
 * chosen. */
void     _dis_till_page_take_member         (DisTillPage *self,
                                             DisMember   *member);
/* A popover of the till closed: the search gets the focus back. */
void     _dis_till_page_popover_closed      (DisTillPage *self);
/* Presents @dialog; the search gets the focus back when it goes. */
void     _dis_till_page_present_dialog      (DisTillPage *self,
                                             GtkWidget   *dialog);

/* dis-till-page-payment.c */
void     _dis_till_page_class_init_payment  (GtkWidgetClass *widget_class);
void     _dis_till_page_pay                 (DisTillPage *self);
void     _dis_till_page_show_receipt        (DisTillPage *self,
                                             DisSale     *sale);
/* Reads again whether a business day is open, and shows the bar that
 * offers to open one when none is. */
void     _dis_till_page_check_day           (DisTillPage *self);

/* dis-till-page-actions.c */
void     _dis_till_page_class_init_actions  (GtkWidgetClass *widget_class);
gboolean _dis_till_page_can_sell            (DisTillPage *self);
void     _dis_till_page_update_actions      (DisTillPage *self);
void     _dis_till_page_update_menu         (DisTillPage *self);

/* dis-till-page-order.c: member orders loaded into the cart. */
void     _dis_till_page_class_init_order    (GtkWidgetClass *widget_class);
/* @card was scanned into an empty cart: when its member has an order to
 * pay, a toast offers to load it. */
void     _dis_till_page_offer_order         (DisTillPage *self,
                                             const char  *card);

G_END_DECLS
