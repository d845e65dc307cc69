/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-till-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-store-orders-till.h"
#include "dis-till-page-private.h"
#include "dis-ui.h"

/* Member orders at the till (issue 13): scanning an order's label, or
 * the card of a member with a ready order (offered, not imposed), loads
 * the order into the cart at the member's tier; the volunteer removes
 * what is missing and takes the payment, which hands the order over
 * (the sale carries the order's id: dis_cart_set_order_id()). A
 * delivered order is paid the same way afterwards. */

typedef struct
{
  DisTillPage *self;
  char        *code;
  guint        serial;
  gboolean     offer;   /* from a card: offer the order, say nothing else */
} OrderScan;

static void
order_scan_free (OrderScan *scan)
{
  g_clear_object (&scan->self);
  g_free (scan->code);
  g_free (scan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrderScan, order_scan_free)

/* Ready, or delivered and not paid yet: what the till takes payment for. */
static gboolean
order_is_payable (DisOrder *order)
{
  DisOrderState state = dis_order_get_state (order);

  return state == DIS_ORDER_READY ||
         (state == DIS_ORDER_DELIVERED && !dis_order_get_paid (order));
}

/* Why @order cannot be paid at the till, in words. */
static char *
describe_not_payable (DisOrder *order)
{
  const char *reference = dis_order_get_reference (order);

  if (dis_order_get_paid (order))
    /* Translators: %s is an order's reference, "12-C1" */
    return g_strdup_printf (_("Order %s was already paid"), reference);
  if (dis_order_get_state (order) == DIS_ORDER_WAITING || dis_order_get_state (order) == DIS_ORDER_ACCEPTED)
    /* Translators: %s is an order's reference, "12-C1" */
    return g_strdup_printf (_("Order %s is not ready yet: mark it ready on the Orders page first"), reference);
  if (dis_order_get_state (order) == DIS_ORDER_OUT_FOR_DELIVERY)
    /* Translators: %s is an order's reference, "12-C1" */
    return g_strdup_printf (_("Order %s is out for delivery: mark it delivered first"), reference);

  /* Translators: an order's reference ("12-C1"), then its state ("Accepted", "Cancelled"…) */
  return g_strdup_printf (_("Order %s cannot be paid at the till: it is “%s”"),
                          reference, dis_order_state_get_name (dis_order_get_state (order)));
}

static void
fill_cart (DisTillPage     *self,
           DisOrderForTill *loaded)
{
  GListModel *lines = dis_order_get_lines (loaded->order);
  guint n = g_list_model_get_n_items (lines);
  guint missing = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisOrderLine) line = g_list_model_get_item (lines, i);
      DisProduct *product = g_ptr_array_index (loaded->products, i);
      gint64 qty = dis_order_line_get_quantity (line);

      if (product == NULL)
        missing++;
      else if (qty > 0)
        dis_cart_add (self->cart, product, qty, FALSE);
    }

  if (missing > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u product of the order is no longer in the catalog: it was left out",
                                      "%u products of the order are no longer in the catalog: they were left out",
                                      missing),
                         missing);

      dis_ui_message (_dis_till_page_messages (self), message);
    }
}

/* Puts the order in the (empty) cart: its member, its tier when the
 * member may still have it, its lines at what is charged (the weight,
 * the quantity the hub allotted, else the one ordered). */
static void
load_order (DisTillPage     *self,
            DisOrderForTill *loaded)
{
  DisOrder *order = loaded->order;
  DisTier tier = dis_order_get_tier (order);
  g_autofree char *message = NULL;

  _dis_till_page_take_member (self, loaded->member);

  /* The tier is evaluated again as for any sale: the member may have
   * lost the one of the order since. */
  if (self->eligibility.allowed[tier])
    dis_cart_set_tier (self->cart, tier);

  fill_cart (self, loaded);
  dis_cart_set_order_id (self->cart, dis_order_get_id (order));

  if (dis_cart_get_tier (self->cart) != tier)
    /* Translators: an order's reference ("12-C1"), the order's tier, the tier of the sale */
    message = g_strdup_printf (_("Order %s loaded. The member may no longer buy at %s: it is charged at %s"),
                               dis_order_get_reference (order), dis_tier_get_name (tier),
                               dis_tier_get_name (dis_cart_get_tier (self->cart)));
  else
    /* Translators: %s is an order's reference, "12-C1" */
    message = g_strdup_printf (_("Order %s loaded: remove what is missing, then take the payment"),
                               dis_order_get_reference (order));
  dis_ui_message (_dis_till_page_messages (self), message);

  if (!dis_cart_is_empty (self->cart))
    _dis_till_page_show_line (self, 0);
  dis_till_page_focus_search (self);
}

/* A card's member has a ready order: a toast offers to load it. */
static void
offer_order (DisTillPage *self,
             DisOrder    *order)
{
  /* Translators: %s is an order's reference, "12-C1" */
  g_autofree char *title = g_strdup_printf (dis_order_get_state (order) == DIS_ORDER_READY
                                            ? _("Order %s is ready for this member")
                                            : _("Order %s was delivered and is still to be paid"),
                                            dis_order_get_reference (order));
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Load Order"));
  adw_toast_set_action_name (toast, "till.load-order");
  adw_toast_set_action_target_value (toast, g_variant_new_string (dis_order_get_barcode (order)));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  dis_ui_toast (_dis_till_page_messages (self), toast);
}

/* What people read of the label @code: "12-C1"; @code itself when it
 * is none. */
static char *
reference_of (const char *code)
{
  g_autofree char *till = NULL;
  guint number;

  if (!dis_order_barcode_parse (code, &number, &till))
    return g_strdup (code);
  return dis_order_reference_for_number (number, till);
}

static gboolean
cart_is_free (DisTillPage *self)
{
  return !self->paying && !self->committing && dis_cart_is_empty (self->cart);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OrderScan) scan = user_data;
  DisTillPage *self = scan->self;
  g_autoptr(DisOrderForTill) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *reference = NULL;

  loaded = dis_store_orders_load_for_till_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (scan->offer)
    {
      /* Only while that member is still the buyer of an empty cart. */
      if (loaded != NULL && loaded->order != NULL && scan->serial == self->buyer_serial && cart_is_free (self) &&
          order_is_payable (loaded->order))
        offer_order (self, loaded->order);
      return;
    }

  reference = reference_of (scan->code);
  if (error != NULL)
    {
      /* Translators: %s is an order's reference, "12-C1" */
      message = g_strdup_printf (_("The order %s could not be looked up. Scan it again; if it keeps failing, restart the till."),
                                 reference);
      dis_ui_show_error (_dis_till_page_messages (self), message, error);
    }
  else if (loaded == NULL)
    /* Translators: %s is an order's reference, "12-C1" */
    message = g_strdup_printf (_("No order %s at this point"), reference);
  else if (loaded->order == NULL)
    /* Translators: an order's reference ("1-C2"), then the till that took it and hands it over ("C2") */
    message = g_strdup_printf (_("Order %s was taken at till %s: collect it there"),
                               reference, loaded->other_till);
  else if (!order_is_payable (loaded->order))
    message = describe_not_payable (loaded->order);
  else if (loaded->member == NULL)
    /* Translators: %s is an order's reference, "12-C1" */
    message = g_strdup_printf (_("The member of order %s is not known to this till yet: synchronise, then scan again"),
                               dis_order_get_reference (loaded->order));
  else if (!cart_is_free (self))
    message = g_strdup (_("Finish or park the sale in the cart, then scan the order again"));
  else
    {
      load_order (self, loaded);
      return;
    }

  if (error == NULL)
    dis_ui_warning (_dis_till_page_messages (self), message);
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
look_up (DisTillPage *self,
         const char  *code,
         gboolean     offer)
{
  OrderScan *scan;

  if (self->store == NULL)
    return;

  scan = g_new0 (OrderScan, 1);
  scan->self = g_object_ref (self);
  scan->code = g_strdup (code);
  scan->serial = self->buyer_serial;
  scan->offer = offer;
  dis_store_orders_load_for_till_async (self->store, code, self->cancellable, load_cb, scan);
}

static void
on_order_scanned (DisTillPage *self,
                  const char  *code)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->paying || self->committing)
    return;

  look_up (self, code, FALSE);
}

void
_dis_till_page_offer_order (DisTillPage *self,
                            const char  *card)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  /* A cart already holding things, or an order, is not interrupted. */
  if (!cart_is_free (self))
    return;

  look_up (self, card, TRUE);
}

static void
till_load_order_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  on_order_scanned (DIS_TILL_PAGE (widget), g_variant_get_string (param, NULL));
}

void
_dis_till_page_class_init_order (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_order_scanned);
  gtk_widget_class_install_action (widget_class, "till.load-order", "s", till_load_order_action);
}
