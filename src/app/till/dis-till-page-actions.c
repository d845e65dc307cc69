/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-till-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-park-dialog.h"
#include "dis-refund-dialog.h"
#include "dis-till-page-private.h"
#include "dis-ui.h"

/* The till's actions and their keys: F1–F4 the tier, F5 park, F6 the
 * parked carts, F9 pay, Ctrl+F the search, Ctrl+R refund, Ctrl+P reprint,
 * * the quantity of the line chosen;
 * the menu that offers them; parking and resuming a cart. */

gboolean
_dis_till_page_can_sell (DisTillPage *self)
{
  return self->store != NULL && self->operator != NULL;
}

static gboolean
can_refund (DisTillPage *self)
{
  return self->store != NULL && self->operator != NULL &&
         dis_operator_can (self->operator, DIS_PERMISSION_REFUND);
}

void
_dis_till_page_update_actions (DisTillPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = !self->paying && !self->committing && !self->parking;
  gboolean has_lines = !dis_cart_is_empty (self->cart);

  gtk_widget_action_set_enabled (widget, "till.pay", idle && has_lines && _dis_till_page_can_sell (self));
  gtk_widget_action_set_enabled (widget, "till.park", idle && has_lines && self->store != NULL);
  gtk_widget_action_set_enabled (widget, "till.resume", idle && self->store != NULL);
  gtk_widget_action_set_enabled (widget, "till.resume-parked", idle && self->store != NULL);
  gtk_widget_action_set_enabled (widget, "till.clear", idle && has_lines);
  gtk_widget_action_set_enabled (widget, "till.quantity", idle && has_lines);
  /* Enabled for every operator: a volunteer is told who can refund. */
  gtk_widget_action_set_enabled (widget, "till.refund", self->store != NULL && self->operator != NULL);
  gtk_widget_action_set_enabled (widget, "till.reprint", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "till.undo-remove", idle && self->removed_line != NULL);
}

static void
append_item (GMenu      *section,
             const char *label,
             const char *action,
             const char *accel)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, action);

  if (accel != NULL)
    g_menu_item_set_attribute (item, "accel", "s", accel);
  g_menu_append_item (section, item);
}

void
_dis_till_page_update_menu (DisTillPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) park = g_menu_new ();
  g_autoptr(GMenu) receipts = g_menu_new ();
  g_autoptr(GMenu) cart = g_menu_new ();

  append_item (park, _("_Park Cart"), "till.park", "F5");
  append_item (park, _("_Resume Parked Cart"), "till.resume", "F6");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (park));

  append_item (receipts, _("Re_print Last Receipt"), "till.reprint", "<Control>p");
  /* When refunds are not allowed the item says why, and choosing it
   * says who can. */
  append_item (receipts,
               can_refund (self) ? _("_Refund…") : _("Refunds need a point manager"),
               "till.refund", "<Control>r");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (receipts));

  append_item (cart, _("Change _Quantity…"), "till.quantity", "asterisk");
  append_item (cart, _("_Void Cart"), "till.clear", NULL);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (cart));

  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
  /* A new popover comes with each model. */
  g_signal_connect_object (gtk_menu_button_get_popover (self->menu_button), "closed",
                           G_CALLBACK (_dis_till_page_popover_closed),
                           self, G_CONNECT_SWAPPED);
}

/* ---- Parking ------------------------------------------------------------ */

static void resume (DisTillPage *self,
                    gint64       parked_id);

/* A copy of the cart for a worker thread: the live cart belongs to the UI. */
static DisCart *
copy_cart (DisCart *cart)
{
  DisCart *copy = dis_cart_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cart));

  dis_cart_set_tier (copy, dis_cart_get_tier (cart));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (cart), i);
      g_autoptr(DisCartLine) line_copy = dis_cart_line_copy (line);

      dis_cart_insert (copy, i, line_copy);
    }

  return copy;
}

typedef struct
{
  DisTillPage *self;
  gint64       then_resume_id;
} ParkData;

static void
park_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ParkData *data = user_data;
  g_autoptr(DisTillPage) self = data->self;
  gint64 then_resume_id = data->then_resume_id;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (data);

  id = dis_store_park_cart_finish (DIS_STORE (object), result, &error);

  if (self->disposed)
    return;

  self->parking = FALSE;

  if (id <= 0)
    {
      dis_ui_show_error (_dis_till_page_messages (self),
                         _("The cart could not be parked. It is still here: try again, or take the payment."),
                         error);
      _dis_till_page_update_actions (self);
      return;
    }

  _dis_till_page_clear_sale (self);
  dis_ui_message (_dis_till_page_messages (self), _("Cart parked"));
  dis_parked_carts_button_refresh (self->parked_button);
  dis_till_page_focus_search (self);

  if (then_resume_id > 0)
    resume (self, then_resume_id);
}

static void
park (DisTillPage *self,
      const char  *label,
      gint64       then_resume_id)
{
  g_autoptr(DisCart) snapshot = NULL;
  ParkData *data;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->store == NULL || self->parking || self->paying || self->committing ||
      dis_cart_is_empty (self->cart))
    return;

  /* The store reads the cart on its worker: a copy nobody changes. */
  snapshot = copy_cart (self->cart);

  data = g_new0 (ParkData, 1);
  data->self = g_object_ref (self);
  data->then_resume_id = then_resume_id;

  self->parking = TRUE;
  _dis_till_page_update_actions (self);

  dis_store_park_cart_async (self->store, snapshot, label, NULL, park_cb, data);
}

/* What the cart is called unless the volunteer types better: the
 * member's name, else its first product. */
static char *
suggest_label (DisTillPage *self)
{
  g_autoptr(DisCartLine) first = NULL;

  if (self->buyer_member != NULL && self->buyer_member->display_name != NULL)
    return g_strdup (self->buyer_member->display_name);

  first = g_list_model_get_item (G_LIST_MODEL (self->cart), 0);
  return g_strdup (dis_product_get_name (dis_cart_line_get_product (first)));
}

typedef struct
{
  DisTillPage *self;
  gint64       then_resume_id;
} ParkRequest;

static void
park_request_free (gpointer  data,
                   GClosure *closure)
{
  ParkRequest *request = data;

  g_clear_object (&request->self);
  g_free (request);
}

static void
on_park_response (DisParkDialog *dialog,
                  const char    *response,
                  ParkRequest   *request)
{
  g_autofree char *label = NULL;

  if (g_strcmp0 (response, "park") != 0)
    return;

  label = dis_park_dialog_get_label (dialog);
  park (request->self, label, request->then_resume_id);
}

/* Asks the label, then parks; @then_resume_id > 0 resumes that parked
 * cart right after. */
static void
ask_park (DisTillPage *self,
          gint64       then_resume_id)
{
  g_autofree char *suggested = NULL;
  ParkRequest *request;
  GtkWidget *dialog;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->store == NULL || self->parking || self->paying || self->committing)
    return;

  if (dis_cart_is_empty (self->cart))
    {
      dis_ui_message (_dis_till_page_messages (self), _("The cart is empty"));
      return;
    }

  /* A parked cart keeps its lines, not the order they came from: paid
   * later, it would make the sale and leave the order ready, to be
   * handed over twice. The order waits by itself: its label loads it
   * again. */
  if (dis_cart_get_order_id (self->cart) != NULL)
    {
      dis_ui_warning (_dis_till_page_messages (self),
                      _("An order is not parked: void the cart, the order stays ready and its label loads it again"));
      return;
    }

  suggested = suggest_label (self);
  dialog = dis_park_dialog_new (dis_ui_get_parent_window (GTK_WIDGET (self)), suggested,
                                then_resume_id > 0);

  request = g_new0 (ParkRequest, 1);
  request->self = g_object_ref (self);
  request->then_resume_id = then_resume_id;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_park_response),
                         request, park_request_free, 0);
  _dis_till_page_present_dialog (self, dialog);
}

static void
resume_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisTillPage) self = user_data;
  g_autoptr(DisCart) resumed = NULL;
  g_autoptr(GError) error = NULL;
  guint n;
  DisTier tier;

  resumed = dis_store_resume_parked_cart_finish (DIS_STORE (object), result, &error);

  if (self->disposed)
    return;

  self->parking = FALSE;

  if (resumed == NULL)
    {
      dis_ui_show_error (_dis_till_page_messages (self),
                         _("The parked cart could not be resumed. It is still parked: try again."),
                         error);
      _dis_till_page_update_actions (self);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (resumed));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (resumed), i);
      g_autoptr(DisCartLine) copy = dis_cart_line_copy (line);

      dis_cart_insert (self->cart, g_list_model_get_n_items (G_LIST_MODEL (self->cart)), copy);
    }

  tier = dis_cart_get_tier (resumed);
  if (tier < DIS_N_TIERS && self->eligibility.allowed[tier])
    dis_cart_set_tier (self->cart, tier);

  /* The sale goes on from its last line. */
  if (n > 0)
    _dis_till_page_show_line (self, g_list_model_get_n_items (G_LIST_MODEL (self->cart)) - 1);
  dis_parked_carts_button_refresh (self->parked_button);
  _dis_till_page_update_actions (self);
  dis_till_page_focus_search (self);
}

static void
resume (DisTillPage *self,
        gint64       parked_id)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->store == NULL || self->parking || self->paying || self->committing)
    return;

  self->parking = TRUE;
  _dis_till_page_update_actions (self);

  dis_store_resume_parked_cart_async (self->store, parked_id, NULL, resume_cb, g_object_ref (self));
}

/* Resuming needs an empty cart: the current one is parked first. */
static void
request_resume (DisTillPage *self,
                gint64       parked_id)
{
  if (dis_cart_is_empty (self->cart))
    resume (self, parked_id);
  else
    ask_park (self, parked_id);
}

static void
on_parked_resume (DisTillPage   *self,
                  DisParkedCart *parked)
{
  request_resume (self, parked->id);
}

/* ---- Reprint and void --------------------------------------------------- */

static void
last_sale_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisTillPage) self = user_data;
  g_autoptr(DisSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  sale = dis_store_get_last_sale_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    dis_ui_show_error (_dis_till_page_messages (self),
                       _("The last receipt could not be loaded. Try again; the sale itself is saved."),
                       error);
  else if (sale == NULL)
    dis_ui_message (_dis_till_page_messages (self), _("No sale yet to reprint"));
  else
    _dis_till_page_show_receipt (self, sale);
}

static void
on_void_response (AdwMessageDialog *dialog,
                  const char       *response,
                  DisTillPage      *self)
{
  /* Voids before commit leave no trace: the lines simply go. */
  if (g_strcmp0 (response, "void") == 0 && !self->paying && !self->committing)
    _dis_till_page_clear_sale (self);

  dis_till_page_focus_search (self);
}

/* ---- Actions ------------------------------------------------------------ */

static void
till_search_focus_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  dis_till_page_focus_search (DIS_TILL_PAGE (widget));
}

static void
till_tier_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);
  int tier = g_variant_get_int32 (param);

  if (tier < 0 || tier >= DIS_N_TIERS || self->paying || self->committing)
    return;

  if (!self->eligibility.allowed[tier])
    {
      g_autofree char *message =
        g_strdup_printf ("%s: %s", dis_tier_get_name (tier),
                         self->eligibility.reason[tier] ? self->eligibility.reason[tier]
                                                        : _("Not available for this buyer"));

      dis_ui_message (_dis_till_page_messages (self), message);
      gtk_widget_error_bell (widget);
      return;
    }

  dis_cart_set_tier (self->cart, tier);
}

static void
till_pay_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  _dis_till_page_pay (DIS_TILL_PAGE (widget));
}

static void
till_park_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ask_park (DIS_TILL_PAGE (widget), 0);
}

static void
till_resume_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);

  if (!self->paying && !self->committing)
    dis_parked_carts_button_popup (self->parked_button);
}

static void
till_resume_parked_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  request_resume (DIS_TILL_PAGE (widget), g_variant_get_int64 (param));
}

static void
till_refund_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);

  if (self->store == NULL || self->operator == NULL)
    return;

  if (!can_refund (self))
    {
      dis_ui_message (_dis_till_page_messages (self),
                      _("Only a point manager can refund a sale. Ask one to sign in: lock the till with Ctrl+L and let them sign in with their PIN."));
      gtk_widget_error_bell (widget);
      return;
    }

  _dis_till_page_present_dialog (self,
                                 dis_refund_dialog_new (dis_ui_get_parent_window (widget),
                                                        self->store, self->operator));
}

static void
till_reprint_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);

  if (self->store == NULL)
    return;

  dis_store_get_last_sale_async (self->store, self->cancellable, last_sale_cb, g_object_ref (self));
}

static void
till_clear_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);
  GtkWidget *dialog;

  if (dis_cart_is_empty (self->cart) || self->paying || self->committing)
    return;

  dialog = adw_message_dialog_new (dis_ui_get_parent_window (widget),
                                   _("Void the Cart?"),
                                   _("All the products are taken off. Nothing is recorded."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "void", _("_Void Cart"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_void_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
till_undo_remove_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  _dis_till_page_undo_remove (DIS_TILL_PAGE (widget));
}

void
_dis_till_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "till.search-focus", NULL, till_search_focus_action);
  gtk_widget_class_install_action (widget_class, "till.tier", "i", till_tier_action);
  gtk_widget_class_install_action (widget_class, "till.pay", NULL, till_pay_action);
  gtk_widget_class_install_action (widget_class, "till.park", NULL, till_park_action);
  gtk_widget_class_install_action (widget_class, "till.resume", NULL, till_resume_action);
  gtk_widget_class_install_action (widget_class, "till.resume-parked", "x", till_resume_parked_action);
  gtk_widget_class_install_action (widget_class, "till.refund", NULL, till_refund_action);
  gtk_widget_class_install_action (widget_class, "till.reprint", NULL, till_reprint_action);
  gtk_widget_class_install_action (widget_class, "till.clear", NULL, till_clear_action);
  gtk_widget_class_install_action (widget_class, "till.undo-remove", NULL, till_undo_remove_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "till.search-focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "till.tier", "i", DIS_TIER_ACCESSIBILE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "till.tier", "i", DIS_TIER_IMPEGNO);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "till.tier", "i", DIS_TIER_EQUA);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F4, 0, "till.tier", "i", DIS_TIER_SOLIDALE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "till.park", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "till.resume", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "till.pay", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "till.refund", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "till.reprint", NULL);

  gtk_widget_class_bind_template_callback (widget_class, on_parked_resume);
}
