/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-till-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-day-dialog.h"
#include "dis-receipt.h"
#include "dis-receipt-dialog.h"
#include "dis-settings.h"
#include "dis-till-page-private.h"
#include "dis-ui.h"

/* The business day the sales go into, the payment of the cart, its
 * commit and the receipt. */

static void
set_cart_input_sensitive (DisTillPage *self,
                          gboolean     sensitive)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->tier_selector), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->product_search), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buyer_button), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buyer_clear_button), sensitive);
}

static void
show_cart (DisTillPage *self)
{
  self->paying = FALSE;
  gtk_stack_set_visible_child_name (self->main_stack, "cart");
  set_cart_input_sensitive (self, TRUE);
  _dis_till_page_update_actions (self);
  dis_till_page_focus_search (self);
}

void
_dis_till_page_pay (DisTillPage *self)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (dis_cart_is_empty (self->cart) || self->committing || !_dis_till_page_can_sell (self))
    return;

  dis_product_search_hide_results (self->product_search);
  self->paying = TRUE;
  dis_payment_view_set_total (self->payment_view, dis_cart_get_total (self->cart));
  dis_payment_view_reset (self->payment_view);
  gtk_stack_set_visible_child_name (self->main_stack, "payment");
  /* Focus first: a focused entry made insensitive misses its focus-out. */
  dis_payment_view_focus (self->payment_view);
  set_cart_input_sensitive (self, FALSE);
  _dis_till_page_update_actions (self);
}

static void
on_payment_cancel (DisTillPage *self)
{
  if (!self->committing)
    show_cart (self);
}

void
_dis_till_page_show_receipt (DisTillPage *self,
                             DisSale     *sale)
{
  GtkWidget *dialog;

  dialog = dis_receipt_dialog_new (dis_ui_get_parent_window (GTK_WIDGET (self)), sale);
  _dis_till_page_present_dialog (self, dialog);
}

/* ---- The business day --------------------------------------------------- */

typedef struct
{
  DisTillPage *self;
  guint        serial;
} DayData;

static void
day_data_free (DayData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DayData, day_data_free)

static void
set_day_open (DisTillPage *self,
              gboolean     open)
{
  self->day_open = open;
  gtk_revealer_set_reveal_child (self->day_revealer, !open);
}

static void
get_open_day_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DayData) data = user_data;
  DisTillPage *self = data->self;
  g_autoptr(DisDayReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = dis_store_get_open_day_finish (DIS_STORE (object), result, &error);

  if (self->disposed || data->serial != self->day_serial ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Unknown: say nothing rather than something wrong; the commit still
   * refuses a sale without a day. */
  if (error != NULL)
    {
      g_debug ("Could not check the business day: %s", error->message);
      return;
    }

  set_day_open (self, report != NULL);
}

void
_dis_till_page_check_day (DisTillPage *self)
{
  DayData *data;

  g_assert (DIS_IS_TILL_PAGE (self));

  self->day_serial++;

  if (self->store == NULL || self->operator == NULL)
    {
      set_day_open (self, TRUE);
      return;
    }

  data = g_new0 (DayData, 1);
  data->self = g_object_ref (self);
  data->serial = self->day_serial;
  dis_store_get_open_day_async (self->store, self->cancellable, get_open_day_cb, data);
}

static void
till_open_day_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);
  GtkWidget *dialog;

  if (self->store == NULL || self->operator == NULL)
    return;

  dialog = dis_day_dialog_new (dis_ui_get_parent_window (widget),
                               self->store, self->operator, DIS_DAY_DIALOG_OPEN);
  g_signal_connect_object (dialog, "done", G_CALLBACK (_dis_till_page_check_day),
                           self, G_CONNECT_SWAPPED);
  _dis_till_page_present_dialog (self, dialog);
}

/* ---- The commit --------------------------------------------------------- */

static void
commit_failed (DisTillPage  *self,
               const GError *error)
{
  const char *message;

  if (g_error_matches (error, DIS_ERROR, DIS_ERROR_DAY_CLOSED))
    {
      /* Closed meanwhile: the bar above the cart offers to open a day. */
      message = _("The day is closed: open a new day to sell");
      set_day_open (self, FALSE);
    }
  else if (g_error_matches (error, DIS_ERROR, DIS_ERROR_PERMISSION))
    message = _("You are not allowed to sell: ask a point manager");
  else if (g_error_matches (error, DIS_ERROR, DIS_ERROR_PAYMENT))
    message = _("The payment does not cover the total");
  else
    {
      message = _("The sale was not saved, the cart is still here. Try again.");
      /* Unexpected: the reason is one click away, under Details. */
      dis_ui_show_error (_dis_till_page_messages (self), message, error);
    }

  dis_payment_view_set_error (self->payment_view, message);
  dis_payment_view_focus (self->payment_view);
}

/* The receipt goes to the printer by itself when the preferences say
 * so: to the printer remembered, the dialog only the first time. */
static void
print_automatically (DisTillPage *self,
                     DisSale     *sale)
{
  DisSettings *settings = dis_settings_get_default ();

  if (dis_settings_get_print_receipt_automatically (settings))
    dis_receipt_print_every (sale, dis_receipt_get_paper_layout (),
                             dis_ui_get_parent_window (GTK_WIDGET (self)));
}

typedef struct
{
  DisTillPage *self;
  DisSale     *sale;
} CommitData;

static void
commit_data_free (CommitData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->sale);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CommitData, commit_data_free)

static void
commit_sale_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CommitData) data = user_data;
  DisTillPage *self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dis_store_commit_sale_finish (DIS_STORE (object), result, &error);

  if (self->disposed)
    return;

  self->committing = FALSE;
  dis_payment_view_set_busy (self->payment_view, FALSE);

  if (!ok)
    {
      commit_failed (self, error);
      _dis_till_page_update_actions (self);
      return;
    }

  /* Only now, with the sale on disk, does the cart go. */
  _dis_till_page_clear_sale (self);
  show_cart (self);

  _dis_till_page_show_receipt (self, data->sale);
  print_automatically (self, data->sale);
}

static void
on_payment_confirm (DisTillPage *self)
{
  DisPaymentSplit split;
  CommitData *data;
  DisSale *sale;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->committing || !_dis_till_page_can_sell (self) || dis_cart_is_empty (self->cart))
    return;

  if (!dis_payment_view_get_split (self->payment_view, &split))
    return;

  sale = dis_sale_new_from_cart (self->cart);
  g_free (sale->member_card);
  sale->member_card = self->buyer_member ? g_strdup (self->buyer_member->card_code) : NULL;
  if (split.cash > 0)
    dis_sale_add_payment (sale, DIS_PAYMENT_CASH, split.cash);
  if (split.card > 0)
    dis_sale_add_payment (sale, DIS_PAYMENT_CARD, split.card);
  sale->cash_tendered = split.cash > 0 ? split.tendered : 0;
  sale->change_due = split.cash > 0 ? split.change : 0;

  self->committing = TRUE;
  dis_payment_view_set_error (self->payment_view, NULL);
  dis_payment_view_set_busy (self->payment_view, TRUE);
  _dis_till_page_update_actions (self);

  data = g_new0 (CommitData, 1);
  data->self = g_object_ref (self);
  data->sale = sale;

  /* Not cancellable: once asked, a sale is written or fails on its own. */
  dis_store_commit_sale_async (self->store, sale, self->operator, NULL,
                               commit_sale_cb, data);
}

void
_dis_till_page_class_init_payment (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_payment_confirm);
  gtk_widget_class_bind_template_callback (widget_class, on_payment_cancel);

  gtk_widget_class_install_action (widget_class, "till.open-day", NULL, till_open_day_action);
}
