/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-till-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-store-members.h"
#include "dis-till-page-private.h"
#include "dis-ui.h"

G_DEFINE_FINAL_TYPE (DisTillPage, dis_till_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_OPERATOR,
  PROP_CART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Eligibility -------------------------------------------------------- */

static void
dis_till_page_evaluate (DisTillPage *self,
                        gboolean     reset_tier)
{
  DisTier tier;

  g_assert (DIS_IS_TILL_PAGE (self));

  dis_eligibility_clear (&self->eligibility);
  memset (&self->eligibility, 0, sizeof self->eligibility);
  dis_eligibility_evaluate (&self->buyer, &self->rules, dis_date_today (), &self->eligibility);
  dis_tier_selector_set_eligibility (self->tier_selector, &self->eligibility);

  tier = dis_cart_get_tier (self->cart);
  if (reset_tier || !self->eligibility.allowed[tier])
    dis_cart_set_tier (self->cart, self->eligibility.default_tier);
}

static void
load_rules_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DisTillPage) self = user_data;
  DisEligibilityRules rules;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dis_store_get_eligibility_rules_finish (DIS_STORE (object), result, &rules, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!ok)
    {
      /* The defaults stay; anonymous buyers do not depend on them. */
      g_warning ("Could not read the eligibility rules: %s", error->message);
      return;
    }

  self->rules = rules;
  dis_till_page_evaluate (self, FALSE);
}

/* ---- The buyer ---------------------------------------------------------- */

static void
update_buyer_widgets (DisTillPage *self)
{
  DisMember *member = self->buyer_member;

  if (member != NULL)
    {
      /* Translators: the buyer at the till: member's name · card code */
      g_autofree char *text = g_strdup_printf (_("%s · %s"), member->display_name, member->card_code);

      gtk_label_set_label (self->buyer_label, text);
    }
  else if (self->buyer.is_member)
    gtk_label_set_label (self->buyer_label, _("Member"));
  else
    gtk_label_set_label (self->buyer_label, _("Anonymous buyer"));

  gtk_widget_set_visible (GTK_WIDGET (self->buyer_clear_button), self->buyer.is_member);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->buyer_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_label (self->buyer_label),
                                  -1);
}

/* Sets who is buying: the tiers are evaluated again and the buyer's
 * default tier chosen, which recomputes the cart. */
static void
dis_till_page_set_member (DisTillPage    *self,
                          DisMember      *member,
                          const DisBuyer *buyer)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  g_set_object (&self->buyer_member, member);

  if (buyer != NULL)
    self->buyer = *buyer;
  else
    self->buyer = (DisBuyer) { .is_member = FALSE };

  update_buyer_widgets (self);
  dis_till_page_evaluate (self, TRUE);
}

typedef struct
{
  DisTillPage *self;
  char        *card;
  guint        serial;
} IdentifyData;

static void
identify_data_free (IdentifyData *data)
{
  g_clear_object (&data->self);
  g_free (data->card);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IdentifyData, identify_data_free)

static void
identify_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(IdentifyData) data = user_data;
  DisTillPage *self = data->self;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;

  member = dis_store_find_member_by_card_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Another card was scanned meanwhile, or the sale went. */
  if (data->serial != self->buyer_serial || self->paying || self->committing)
    return;

  if (member == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
        {
          /* Translators: %s is a member card code */
          message = g_strdup_printf (_("No member with card %s"), data->card);
          dis_ui_message (_dis_till_page_messages (self), message);
        }
      else
        {
          /* Translators: %s is a member card code */
          message = g_strdup_printf (_("The card %s could not be looked up. Scan it again; if it keeps failing, restart the till."),
                                     data->card);
          dis_ui_show_error (_dis_till_page_messages (self), message, error);
        }
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  _dis_till_page_take_member (self, member);
  dis_till_page_focus_search (self);
  _dis_till_page_offer_order (self, data->card);
}

void
_dis_till_page_take_member (DisTillPage *self,
                            DisMember   *member)
{
  DisBuyer buyer;

  g_assert (DIS_IS_TILL_PAGE (self));
  g_assert (DIS_IS_MEMBER (member));

  /* Volume for eligibility = hub figure + this point's unsynced sales. */
  dis_member_to_buyer (member, &buyer);
  dis_till_page_set_member (self, member, &buyer);
}

static void
on_card_scanned (DisTillPage *self,
                 const char  *card)
{
  IdentifyData *data;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->store == NULL || self->paying || self->committing)
    return;

  data = g_new0 (IdentifyData, 1);
  data->self = g_object_ref (self);
  data->card = g_strdup (card);
  data->serial = ++self->buyer_serial;

  dis_store_find_member_by_card_async (self->store, card, self->cancellable, identify_cb, data);
}

static void
on_buyer_clear_clicked (DisTillPage *self)
{
  dis_till_page_set_buyer (self, NULL);
  dis_till_page_focus_search (self);
}

/* A popover of the page closed: back to the till's idle state. Not
 * when it closed because the page is leaving its window (see
 * dis_ui_close_popovers()): the search entry must not take
 * the focus of a window going away. */
void
_dis_till_page_popover_closed (DisTillPage *self)
{
  if (self->disposed || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  dis_till_page_focus_search (self);
}

/* ---- Totals ------------------------------------------------------------- */

static guint
count_items (DisCart *cart)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cart));
  guint items = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (cart), i);
      DisProduct *product = dis_cart_line_get_product (line);

      /* Pieces count one by one, a weighed product counts once. */
      if (dis_unit_is_measured (dis_product_get_unit (product)))
        items += 1;
      else
        items += MAX (1, dis_cart_line_get_quantity (line) / 1000);
    }

  return items;
}

static void
on_cart_changed (DisTillPage *self)
{
  g_autofree char *total = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  gint64 delta;
  guint items;

  g_assert (DIS_IS_TILL_PAGE (self));

  total = dis_money_format (dis_cart_get_total (self->cart));
  gtk_label_set_label (self->total_label, total);

  items = count_items (self->cart);
  if (items > 0)
    g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", items), items);

  delta = dis_cart_get_tier_delta (self->cart);
  if (delta != 0)
    {
      g_autofree char *amount = dis_money_format_signed (delta);

      if (summary->len > 0)
        g_string_append_c (summary, '\n');

      if (delta > 0)
        g_string_append_printf (summary, _("Solidarity contribution %s"), amount);
      else
        /* Translators: "Impegno discount −€ 0,80" */
        g_string_append_printf (summary, _("%s discount %s"),
                                dis_tier_get_name (dis_cart_get_tier (self->cart)), amount);
    }

  gtk_label_set_label (self->summary_label, summary->str);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary->len > 0);

  gtk_stack_set_visible_child_name (self->cart_stack,
                                    dis_cart_is_empty (self->cart) ? "empty" : "lines");

  if (self->paying)
    dis_payment_view_set_total (self->payment_view, dis_cart_get_total (self->cart));

  _dis_till_page_update_actions (self);
}

static void
on_dialog_destroy (DisTillPage *self)
{
  if (!self->disposed)
    dis_till_page_focus_search (self);
}

void
_dis_till_page_present_dialog (DisTillPage *self,
                               GtkWidget   *dialog)
{
  g_assert (DIS_IS_TILL_PAGE (self));
  g_assert (GTK_IS_WINDOW (dialog));

  g_signal_connect_object (dialog, "destroy",
                           G_CALLBACK (on_dialog_destroy),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A window of the app went away, a dialog most likely (the till's own,
 * or the day and operators dialogs of the window): back to the till's
 * idle state, and read the business day again, which such a dialog may
 * have opened or closed. */
static void
on_toplevels_changed (DisTillPage *self,
                      guint        position,
                      guint        removed,
                      guint        added)
{
  if (removed == 0 || self->disposed || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  dis_till_page_focus_search (self);
  _dis_till_page_check_day (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_till_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dis_till_page_parent_class)->map (widget);

  _dis_till_page_check_day (DIS_TILL_PAGE (widget));
}

static void
dis_till_page_unroot (GtkWidget *widget)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);

  /* The actions menu, left open, would outlive the window: see
   * dis_ui_close_popovers(). */
  dis_ui_close_popovers (GTK_WIDGET (self->menu_button));

  GTK_WIDGET_CLASS (dis_till_page_parent_class)->unroot (widget);
}

static void
dis_till_page_dispose (GObject *object)
{
  DisTillPage *self = (DisTillPage *)object;

  self->disposed = TRUE;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->scroll_source, g_source_remove);

  if (self->cart != NULL)
    g_signal_handlers_disconnect_by_func (self->cart, on_cart_changed, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_TILL_PAGE);
  /* Children outside the bound ones (plain boxes of the template). */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }

  g_clear_object (&self->store);
  g_clear_object (&self->operator);
  g_clear_object (&self->cart_selection);
  g_clear_object (&self->removed_line);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dis_till_page_parent_class)->dispose (object);
}

static void
dis_till_page_finalize (GObject *object)
{
  DisTillPage *self = (DisTillPage *)object;

  dis_eligibility_clear (&self->eligibility);
  g_clear_object (&self->buyer_member);
  g_clear_object (&self->cart);

  G_OBJECT_CLASS (dis_till_page_parent_class)->finalize (object);
}

static void
dis_till_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DisTillPage *self = DIS_TILL_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_OPERATOR:
      g_value_set_object (value, self->operator);
      break;

    case PROP_CART:
      g_value_set_object (value, self->cart);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_till_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DisTillPage *self = DIS_TILL_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      dis_till_page_set_store (self, g_value_get_object (value));
      break;

    case PROP_OPERATOR:
      dis_till_page_set_operator (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_till_page_class_init (DisTillPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_till_page_dispose;
  object_class->finalize = dis_till_page_finalize;
  object_class->get_property = dis_till_page_get_property;
  object_class->set_property = dis_till_page_set_property;
  widget_class->map = dis_till_page_map;
  widget_class->unroot = dis_till_page_unroot;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_OPERATOR] =
    g_param_spec_object ("operator", NULL, NULL,
                         DIS_TYPE_OPERATOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CART] =
    g_param_spec_object ("cart", NULL, NULL,
                         DIS_TYPE_CART,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-till-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, product_search);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, product_results);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, parked_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, cart_stack);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, cart_view);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, payment_view);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, tier_selector);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_label);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_clear_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_popover);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, day_revealer);
  gtk_widget_class_bind_template_callback (widget_class, on_buyer_clear_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_card_scanned);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_popover_closed",
                                                G_CALLBACK (_dis_till_page_popover_closed));
  gtk_widget_class_set_css_name (widget_class, "tillpage");

  _dis_till_page_class_init_cart (widget_class);
  _dis_till_page_class_init_payment (widget_class);
  _dis_till_page_class_init_actions (widget_class);
  _dis_till_page_class_init_order (widget_class);

  g_type_ensure (DIS_TYPE_BUYER_POPOVER);
  g_type_ensure (DIS_TYPE_PARKED_CARTS_BUTTON);
  g_type_ensure (DIS_TYPE_PAYMENT_VIEW);
  g_type_ensure (DIS_TYPE_PRODUCT_RESULTS);
  g_type_ensure (DIS_TYPE_PRODUCT_SEARCH);
  g_type_ensure (DIS_TYPE_TIER_SELECTOR);
}

static void
dis_till_page_init (DisTillPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  self->buyer = (DisBuyer) { .is_member = FALSE };

  self->cart = dis_cart_new ();
  g_signal_connect_object (self->cart, "changed",
                           G_CALLBACK (on_cart_changed),
                           self, G_CONNECT_SWAPPED);
  _dis_till_page_init_cart (self);

  dis_tier_selector_set_cart (self->tier_selector, self->cart);
  /* The search lists prices at the cart's tier. */
  g_object_bind_property (self->cart, "tier", self->product_results, "tier", G_BINDING_SYNC_CREATE);

  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (on_toplevels_changed),
                           self, G_CONNECT_SWAPPED);
  self->day_open = TRUE;

  dis_till_page_evaluate (self, TRUE);
  update_buyer_widgets (self);
  _dis_till_page_update_menu (self);
  on_cart_changed (self);
}

GtkWidget *
dis_till_page_new (void)
{
  return g_object_new (DIS_TYPE_TILL_PAGE, NULL);
}

void
dis_till_page_set_store (DisTillPage *self,
                         DisStore    *store)
{
  g_return_if_fail (DIS_IS_TILL_PAGE (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  dis_product_search_set_store (self->product_search, store);
  dis_buyer_popover_set_store (self->buyer_popover, store);
  dis_parked_carts_button_set_store (self->parked_button, store);

  if (store != NULL)
    dis_store_get_eligibility_rules_async (store, self->cancellable,
                                           load_rules_cb, g_object_ref (self));

  _dis_till_page_update_menu (self);
  _dis_till_page_update_actions (self);
  _dis_till_page_check_day (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
dis_till_page_set_operator (DisTillPage *self,
                            DisOperator *operator)
{
  g_return_if_fail (DIS_IS_TILL_PAGE (self));
  g_return_if_fail (!operator || DIS_IS_OPERATOR (operator));

  if (!g_set_object (&self->operator, operator))
    return;

  _dis_till_page_update_menu (self);
  _dis_till_page_update_actions (self);
  _dis_till_page_check_day (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR]);
}

void
dis_till_page_show_message (DisTillPage *self,
                            const char  *message)
{
  g_return_if_fail (DIS_IS_TILL_PAGE (self));
  g_return_if_fail (message != NULL);

  dis_ui_message (_dis_till_page_messages (self), message);
}

void
dis_till_page_focus_search (DisTillPage *self)
{
  g_return_if_fail (DIS_IS_TILL_PAGE (self));

  if (self->paying)
    {
      dis_payment_view_focus (self->payment_view);
      return;
    }

  dis_product_search_focus (self->product_search);
}

DisCart *
dis_till_page_get_cart (DisTillPage *self)
{
  g_return_val_if_fail (DIS_IS_TILL_PAGE (self), NULL);

  return self->cart;
}

void
dis_till_page_set_buyer (DisTillPage    *self,
                         const DisBuyer *buyer)
{
  g_return_if_fail (DIS_IS_TILL_PAGE (self));

  /* Forget a card being looked up: this buyer is the one. */
  self->buyer_serial++;
  dis_till_page_set_member (self, NULL, buyer);
}

static void
refresh_member_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IdentifyData) data = user_data;
  DisTillPage *self = data->self;
  g_autoptr(DisMember) member = dis_store_find_member_by_card_finish (DIS_STORE (object), result, NULL);
  gboolean proposed;

  /* Another buyer meanwhile, or the sale is being paid: it stays as it is. */
  if (self->disposed || member == NULL || data->serial != self->buyer_serial ||
      self->paying || self->committing)
    return;

  /* The tier the till proposed follows the new evaluation; one chosen stays
   * while it is allowed. */
  proposed = dis_cart_get_tier (self->cart) == self->eligibility.default_tier;
  g_set_object (&self->buyer_member, member);
  dis_member_to_buyer (member, &self->buyer);
  update_buyer_widgets (self);
  dis_till_page_evaluate (self, proposed);
}

void
dis_till_page_refresh_buyer (DisTillPage *self)
{
  IdentifyData *data;

  g_return_if_fail (DIS_IS_TILL_PAGE (self));

  if (self->store == NULL)
    return;

  dis_store_get_eligibility_rules_async (self->store, self->cancellable,
                                         load_rules_cb, g_object_ref (self));
  if (self->buyer_member == NULL)
    return;

  data = g_new0 (IdentifyData, 1);
  data->self = g_object_ref (self);
  data->card = g_strdup (self->buyer_member->card_code);
  data->serial = self->buyer_serial;
  dis_store_find_member_by_card_async (self->store, data->card, self->cancellable, refresh_member_cb, data);
}
