/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dis-buyer-popover.h"
#include "dis-gazetteer.h"
#include "dis-order-dialog.h"
#include "dis-store-members.h"
#include "dis-store-orders.h"

G_BEGIN_DECLS

/* One product on offer and what was typed for it. */
typedef struct
{
  DisCycleProduct *product;
  AdwActionRow    *row;
  GtkEditable     *entry;
  gint64           qty;        /* milli-units; 0: none */
  gint64           kept;       /* what the order being changed already held */
  gboolean         valid;
} ProductLine;

struct _DisOrderDialog
{
  AdwWindow         parent_instance;

  DisStore         *store;
  DisOperator      *operator;
  GPtrArray        *cycles;         /* DisCycle */
  DisOrderSchedule *schedule;
  DisOrder         *order;          /* the one being changed, NULL for a new one */
  GCancellable     *cancellable;    /* cancelled in dispose */

  DisCycle         *cycle;          /* the one chosen, in @cycles */
  GPtrArray        *lines;          /* ProductLine, the cycle's products */
  GPtrArray        *window_codes;   /* parallel to window_names */
  GPtrArray        *slot_codes;     /* parallel to slot_names */

  /* The member, once read, and what the till's rules allow them. */
  DisMember        *member;
  DisBuyer          buyer;
  DisEligibilityRules rules;
  DisEligibility    eligibility;
  DisTier           tiers[DIS_N_TIERS];  /* parallel to tier_names */
  guint             n_tiers;
  guint             member_serial;

  /* The point's position, once read: a slot's radius is from it. */
  gboolean          point_has_position;
  double            point_lat, point_lon;

  gint64            estimate;       /* -1: no member yet */
  char             *problem;
  guint             saving : 1;
  guint             filling : 1;

  AdwActionRow     *member_row;
  GtkMenuButton    *member_button;
  DisBuyerPopover  *buyer_popover;
  AdwComboRow      *tier_row;
  GtkStringList    *tier_names;
  AdwPreferencesGroup *products_group;
  AdwComboRow      *cycle_row;
  GtkStringList    *cycle_names;
  GtkListBox       *products_list;
  AdwComboRow      *fulfilment_row;
  AdwComboRow      *window_row;
  GtkStringList    *window_names;
  AdwComboRow      *slot_row;
  GtkStringList    *slot_names;
  AdwEntryRow      *address_row;
  AdwEntryRow      *comune_row;
  AdwActionRow     *place_row;
  AdwEntryRow      *note_row;
  GtkLabel         *total_label;
  GtkLabel         *estimate_label;
  GtkLabel         *problem_label;
  GtkWidget        *save_button;
};

/* Shared by dis-order-dialog.c (member, tier, place, saving) and
 * dis-order-dialog-lines.c (the products and their quantities). */

/* dis-order-dialog-place.c */
void      _dis_order_dialog_load_point     (DisOrderDialog *self);
/* Where the typed address lands on the map, or NULL. */
DisPlace *_dis_order_dialog_locate         (DisOrderDialog *self);
gint64    _dis_order_dialog_microdegrees   (double          degrees);
void      _dis_order_dialog_show_place     (DisOrderDialog *self,
                                            gboolean        delivery);
/* What keeps the address out of @slot_code's zone, or NULL. */
char     *_dis_order_dialog_place_problem  (DisOrderDialog *self,
                                            const char     *slot_code);

/* dis-order-dialog.c */
/* What keeps the order from being saved, shown again with the total. */
void     _dis_order_dialog_check            (DisOrderDialog *self);
DisTier  _dis_order_dialog_chosen_tier      (DisOrderDialog *self);

/* dis-order-dialog-lines.c */
void     _dis_order_dialog_product_line_free (ProductLine    *line);
/* The products of @cycle on offer, with the quantities of the order
 * being changed. */
void     _dis_order_dialog_show_cycle       (DisOrderDialog *self,
                                             DisCycle       *cycle);
/* The price at the tier chosen and what is left, under the product. */
void     _dis_order_dialog_product_subtitle (DisOrderDialog *self,
                                             ProductLine    *line);
/* The first quantity to fix; *@out_n_lines: the products ordered. */
char    *_dis_order_dialog_lines_problem    (DisOrderDialog *self,
                                             guint          *out_n_lines);
void     _dis_order_dialog_cycle_selected   (DisOrderDialog *self);

G_END_DECLS
