/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dis-core.h"

G_BEGIN_DECLS

#define DIS_TYPE_PAYMENT_VIEW (dis_payment_view_get_type ())
G_DECLARE_FINAL_TYPE (DisPaymentView, dis_payment_view, DIS, PAYMENT_VIEW, GtkWidget)

typedef enum
{
  DIS_PAYMENT_MODE_CASH,
  DIS_PAYMENT_MODE_CARD,
  DIS_PAYMENT_MODE_SPLIT,
} DisPaymentMode;

/* What the buyer pays, as entered. */
typedef struct
{
  gint64 cash;       /* cash part of the total */
  gint64 card;       /* card part of the total */
  gint64 tendered;   /* cash handed over (≥ cash) */
  gint64 change;     /* tendered − cash */
} DisPaymentSplit;

/* Takes the payment of a total: Cash (amount tendered, quick notes, live
 * change), Card, or Split (a cash part, the rest on card). Signals
 * "confirm" (the entered payment is valid and Confirm or Enter was used)
 * and "cancel" (Escape or Back). */
GtkWidget      *dis_payment_view_new       (void);
void            dis_payment_view_set_total (DisPaymentView  *self,
                                            gint64           total);
gint64          dis_payment_view_get_total (DisPaymentView  *self);
/* Back to Cash with empty entries and no error. */
void            dis_payment_view_reset     (DisPaymentView  *self);
void            dis_payment_view_set_mode  (DisPaymentView  *self,
                                            DisPaymentMode   mode);
DisPaymentMode  dis_payment_view_get_mode  (DisPaymentView  *self);
/* Sets the amount tendered (cash) or the cash part (split) as text. */
void            dis_payment_view_set_cash_text (DisPaymentView *self,
                                                const char     *text);
/* FALSE while the entered payment does not cover the total. */
gboolean        dis_payment_view_get_split (DisPaymentView  *self,
                                            DisPaymentSplit *out);
/* While committing: input disabled, a spinner on Confirm. */
void            dis_payment_view_set_busy  (DisPaymentView  *self,
                                            gboolean         busy);
/* An error in plain words under the buttons; NULL hides it. */
void            dis_payment_view_set_error (DisPaymentView  *self,
                                            const char      *message);
/* Focuses the entry of the current mode. */
void            dis_payment_view_focus     (DisPaymentView  *self);

G_END_DECLS
