/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-till-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-cart-row.h"
#include "dis-day-dialog.h"
#include "dis-payment-view.h"
#include "dis-receipt.h"
#include "dis-receipt-dialog.h"
#include "dis-refund-dialog.h"
#include "dis-store-members.h"
#include "dis-tier-selector.h"
#include "dis-till-page.h"
#include "dis-window.h"

#define SEARCH_LIMIT 30

struct _DisTillPage
{
  GtkWidget            parent_instance;

  DisStore            *store;
  DisOperator         *operator;
  DisCart             *cart;
  GSettings           *settings;

  /* Who is buying and what they may pay; see dis_till_page_set_buyer(). */
  DisBuyer             buyer;
  DisMember           *buyer_member;  /* NULL: anonymous, or a buyer without a card */
  guint                buyer_serial;  /* the last identification asked */
  guint                buyer_search_serial;
  DisEligibilityRules  rules;
  DisEligibility       eligibility;

  /* Cancelled in dispose: reads whose answer nobody waits for anymore. */
  GCancellable        *cancellable;
  GCancellable        *search_cancellable;
  char                *search_text;   /* the query asked or answered last */
  guint                search_serial;
  GListStore          *results;
  GtkSingleSelection  *results_selection;

  /* The last removed line, for Undo. */
  DisCartLine         *removed_line;
  guint                removed_position;
  AdwToast            *undo_toast;

  guint                n_parked;

  guint                disposed : 1;
  guint                committing : 1;
  guint                parking : 1;
  guint                paying : 1;
  /* Enter was pressed before the search answered: add the first result. */
  guint                activate_pending : 1;

  AdwToastOverlay     *toast_overlay;
  GtkSearchEntry      *search_entry;
  GtkMenuButton       *parked_button;
  GtkLabel            *parked_count_label;
  GtkPopover          *parked_popover;
  GtkStack            *parked_stack;
  GtkListBox          *parked_list;
  GtkMenuButton       *menu_button;
  GtkStack            *main_stack;
  GtkStack            *cart_stack;
  GtkListView         *cart_view;
  GtkRevealer         *results_revealer;
  GtkListView         *results_view;
  DisPaymentView      *payment_view;
  DisTierSelector     *tier_selector;
  GtkLabel            *total_label;
  GtkLabel            *summary_label;
  GtkButton           *pay_button;
  GtkMenuButton       *buyer_button;
  GtkLabel            *buyer_label;
  GtkButton           *buyer_clear_button;
  GtkPopover          *buyer_popover;
  GtkSearchEntry      *buyer_search_entry;
  GtkStack            *buyer_stack;
  GtkLabel            *buyer_hint_label;
  GtkListBox          *buyer_list;
};

G_DEFINE_FINAL_TYPE (DisTillPage, dis_till_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_OPERATOR,
  PROP_CART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void dis_till_page_update_actions (DisTillPage *self);
static void dis_till_page_refresh_parked (DisTillPage *self,
                                          gboolean     fill_list);
static void dis_till_page_resume         (DisTillPage *self,
                                          gint64       parked_id);
static void dis_till_page_park           (DisTillPage *self,
                                          gint64       then_resume_id);

/* ---- Helpers ------------------------------------------------------------ */

static GtkWindow *
get_parent_window (DisTillPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Toasts go to the window's overlay when the page lives in a DisWindow,
 * else (tests, previews) to the page's own. */
static void
show_toast (DisTillPage *self,
            AdwToast    *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (DIS_IS_WINDOW (root))
    dis_window_add_toast (DIS_WINDOW (root), toast);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_message (DisTillPage *self,
              const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  show_toast (self, toast);
}

static gboolean
is_all_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* A copy of the cart for a worker thread: the live cart belongs to the UI. */
static DisCart *
snapshot_cart (DisCart *cart)
{
  DisCart *copy = dis_cart_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cart));

  dis_cart_set_tier (copy, dis_cart_get_tier (cart));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (cart), i);
      g_autoptr(DisCartLine) line_copy =
        dis_cart_line_new (dis_cart_line_get_product (line),
                           dis_cart_line_get_quantity (line),
                           dis_cart_line_get_quantity_from_barcode (line));

      dis_cart_insert (copy, i, line_copy);
    }

  return copy;
}

static gboolean
can_sell (DisTillPage *self)
{
  return self->store != NULL && self->operator != NULL;
}

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

typedef struct
{
  DisTillPage *self;
  guint        serial;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchData, search_data_free)

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

  if (member != self->buyer_member)
    {
      g_clear_object (&self->buyer_member);
      self->buyer_member = member ? g_object_ref (member) : NULL;
    }

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
  DisBuyer buyer;

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
        /* Translators: %s is a member card code */
        message = g_strdup_printf (_("No member with card %s"), data->card);
      else
        message = g_strdup_printf (_("Could not look up the card %s: %s"), data->card, error->message);

      show_message (self, message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  /* Volume for eligibility = hub figure + this point's unsynced sales. */
  dis_member_to_buyer (member, &buyer);
  dis_till_page_set_member (self, member, &buyer);
  dis_till_page_focus_search (self);
}

static void
dis_till_page_identify (DisTillPage *self,
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

/* "DS" and 8 digits that fail the check digit: a mistyped card. */
static gboolean
looks_like_card (const char *text)
{
  guint digits = 0;

  if (g_ascii_strncasecmp (text, "DS", 2) != 0)
    return FALSE;

  for (const char *p = text + 2; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != ' ' && *p != '-')
        return FALSE;
    }

  return digits == DIS_MEMBER_CARD_LENGTH - 2;
}

static void
on_buyer_clear_clicked (DisTillPage *self)
{
  self->buyer_serial++;
  dis_till_page_set_member (self, NULL, NULL);
  dis_till_page_focus_search (self);
}

static void
buyer_search_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SearchData) data = user_data;
  DisTillPage *self = data->self;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  members = dis_store_search_members_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (data->serial != self->buyer_search_serial)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->buyer_list))))
    gtk_list_box_remove (self->buyer_list, child);

  if (members == NULL)
    {
      gtk_label_set_label (self->buyer_hint_label, error->message);
      gtk_stack_set_visible_child_name (self->buyer_stack, "hint");
      return;
    }

  for (guint i = 0; i < members->len; i++)
    {
      DisMember *member = g_ptr_array_index (members, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_markup_escape_text (member->display_name, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), member->card_code);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "card", g_strdup (member->card_code), g_free);
      gtk_list_box_append (self->buyer_list, row);
    }

  if (members->len == 0)
    gtk_label_set_label (self->buyer_hint_label, _("No members found"));
  gtk_stack_set_visible_child_name (self->buyer_stack, members->len > 0 ? "list" : "hint");
}

static void
on_buyer_search_changed (DisTillPage *self)
{
  g_autofree char *text = NULL;
  SearchData *data;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->buyer_search_entry))));
  self->buyer_search_serial++;

  if (text[0] == '\0' || self->store == NULL)
    {
      gtk_label_set_label (self->buyer_hint_label, _("Type a name or scan the card"));
      gtk_stack_set_visible_child_name (self->buyer_stack, "hint");
      return;
    }

  data = g_new0 (SearchData, 1);
  data->self = g_object_ref (self);
  data->serial = self->buyer_search_serial;

  dis_store_search_members_async (self->store, text, 20, self->cancellable, buyer_search_cb, data);
}

static void
choose_buyer_row (DisTillPage   *self,
                  GtkListBoxRow *row)
{
  const char *card = row ? g_object_get_data (G_OBJECT (row), "card") : NULL;

  if (card == NULL)
    return;

  dis_till_page_identify (self, card);
  gtk_popover_popdown (self->buyer_popover);
}

static void
on_buyer_search_activate (DisTillPage *self)
{
  g_autofree char *card = dis_member_card_normalize (gtk_editable_get_text (GTK_EDITABLE (self->buyer_search_entry)));

  /* A card scanned into the popover counts even before the search answers. */
  if (card != NULL)
    {
      dis_till_page_identify (self, card);
      gtk_popover_popdown (self->buyer_popover);
      return;
    }

  choose_buyer_row (self, gtk_list_box_get_row_at_index (self->buyer_list, 0));
}

static void
on_buyer_row_activated (DisTillPage   *self,
                        GtkListBoxRow *row)
{
  choose_buyer_row (self, row);
}

static void
on_buyer_popover_show (DisTillPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->buyer_search_entry), "");
  on_buyer_search_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->buyer_search_entry));
}

static void
on_buyer_popover_closed (DisTillPage *self)
{
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

  dis_till_page_update_actions (self);
}

/* ---- Adding products ---------------------------------------------------- */

static void
dis_till_page_add_line (DisTillPage *self,
                        DisProduct  *product,
                        gint64       quantity,
                        gboolean     from_barcode)
{
  guint position;

  g_assert (DIS_IS_TILL_PAGE (self));
  g_assert (DIS_IS_PRODUCT (product));

  position = dis_cart_add (self->cart, product, quantity, from_barcode);
  gtk_widget_activate_action (GTK_WIDGET (self->cart_view),
                              "list.scroll-to-item", "u", position);
  dis_till_page_focus_search (self);
}

static void
on_weight_entry_changed (GtkEntry         *entry,
                         AdwMessageDialog *dialog)
{
  DisProduct *product = g_object_get_data (G_OBJECT (dialog), "product");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  gint64 qty;
  gboolean valid;

  valid = dis_qty_parse (text, dis_unit_to_code (dis_product_get_unit (product)), &qty);

  adw_message_dialog_set_response_enabled (dialog, "add", valid);
  if (valid || text[0] == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
on_weight_entry_activate (GtkEntry         *entry,
                          AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "add"))
    adw_message_dialog_response (dialog, "add");
  else
    gtk_widget_error_bell (GTK_WIDGET (entry));
}

static void
on_weight_response (AdwMessageDialog *dialog,
                    const char       *response,
                    DisTillPage      *self)
{
  DisProduct *product = g_object_get_data (G_OBJECT (dialog), "product");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gint64 qty;

  if (g_strcmp0 (response, "add") == 0 &&
      dis_qty_parse (gtk_editable_get_text (entry),
                     dis_unit_to_code (dis_product_get_unit (product)), &qty))
    dis_till_page_add_line (self, product, qty, FALSE);
  else
    dis_till_page_focus_search (self);
}

/* Weighed products added from the search or a plain EAN have no quantity
 * yet: ask the scale's reading. */
static void
ask_weight (DisTillPage *self,
            DisProduct  *product)
{
  GtkWidget *dialog;
  GtkWidget *entry;
  const char *label;

  g_assert (DIS_IS_TILL_PAGE (self));

  label = dis_product_get_unit (product) == DIS_UNIT_L ? _("Quantity in litres") : _("Weight in kg");

  dialog = adw_message_dialog_new (get_parent_window (self),
                                   dis_product_get_name (product),
                                   label);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), dis_product_get_unit (product) == DIS_UNIT_L ? "1,5" : "0,350");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data_full (G_OBJECT (dialog), "product", g_object_ref (product), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_weight_entry_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_weight_entry_activate), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_weight_response), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
dis_till_page_add_product (DisTillPage *self,
                           DisProduct  *product,
                           gint64       quantity,
                           gboolean     from_barcode)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->paying || self->committing)
    return;

  if (dis_unit_is_measured (dis_product_get_unit (product)) && !from_barcode)
    ask_weight (self, product);
  else
    dis_till_page_add_line (self, product, quantity, from_barcode);
}

/* ---- Scanning ----------------------------------------------------------- */

typedef struct
{
  DisTillPage *self;
  char        *code;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_clear_object (&data->self);
  g_free (data->code);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScanData, scan_data_free)

static void
show_unknown_code (DisTillPage *self,
                   const char  *code,
                   const GError *error)
{
  g_autofree char *message = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (error == NULL ||
      g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND) ||
      g_error_matches (error, DIS_ERROR, DIS_ERROR_BARCODE))
    /* Translators: a scanned barcode that is not in the catalog */
    message = g_strdup_printf (_("Unknown code %s"), code);
  else
    message = g_strdup_printf (_("Could not look up %s: %s"), code, error->message);

  show_message (self, message);
  gtk_widget_error_bell (GTK_WIDGET (self));

  /* Put the code back, selected, so the next scan replaces it. */
  if (text[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), code);
  dis_till_page_focus_search (self);
}

static void
resolve_scan_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ScanData) data = user_data;
  DisTillPage *self = data->self;
  g_autoptr(DisScan) scan = NULL;
  g_autoptr(GError) error = NULL;

  scan = dis_store_resolve_scan_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (scan == NULL)
    {
      show_unknown_code (self, data->code, error);
      return;
    }

  dis_till_page_add_product (self, scan->product, scan->quantity, scan->from_barcode);
}

static void
dis_till_page_scan (DisTillPage *self,
                    const char  *code)
{
  ScanData *data;
  gsize len = strlen (code);

  g_assert (DIS_IS_TILL_PAGE (self));

  /* Clear at once: a scanner may type the next code before we answer. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (len != 8 && len != 13)
    {
      show_unknown_code (self, code, NULL);
      return;
    }

  data = g_new0 (ScanData, 1);
  data->self = g_object_ref (self);
  data->code = g_strdup (code);

  dis_store_resolve_scan_async (self->store, code, self->cancellable, resolve_scan_cb, data);
}

/* ---- Searching ---------------------------------------------------------- */

static void
hide_results (DisTillPage *self)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->search_text, g_free);
  self->search_serial++;
  self->activate_pending = FALSE;
  gtk_revealer_set_reveal_child (self->results_revealer, FALSE);
  g_list_store_remove_all (self->results);
}

static void
add_selected_result (DisTillPage *self)
{
  guint position = gtk_single_selection_get_selected (self->results_selection);
  g_autoptr(DisProduct) product = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  product = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  if (product == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  hide_results (self);
  dis_till_page_add_product (self, product, 1000, FALSE);
}


static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SearchData) data = user_data;
  DisTillPage *self = data->self;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = dis_store_search_products_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A newer query is on its way, or the results were closed. */
  if (data->serial != self->search_serial)
    return;

  g_clear_object (&self->search_cancellable);

  if (products == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Search failed: %s"), error->message);

      show_message (self, message);
      return;
    }

  g_list_store_splice (self->results, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       products->pdata, products->len);

  if (products->len > 0)
    gtk_single_selection_set_selected (self->results_selection, 0);

  gtk_revealer_set_reveal_child (self->results_revealer, TRUE);

  if (self->activate_pending)
    {
      self->activate_pending = FALSE;
      add_selected_result (self);
    }
}

static void
on_search_changed (DisTillPage *self)
{
  g_autofree char *text = NULL;
  SearchData *data;

  g_assert (DIS_IS_TILL_PAGE (self));

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (g_utf8_strlen (text, -1) < 2 || is_all_digits (text) || self->store == NULL)
    {
      hide_results (self);
      return;
    }

  /* Enter may have asked already, before the entry's own delay ran out. */
  if (g_strcmp0 (text, self->search_text) == 0)
    return;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  g_free (self->search_text);
  self->search_text = g_strdup (text);

  data = g_new0 (SearchData, 1);
  data->self = g_object_ref (self);
  data->serial = ++self->search_serial;

  dis_store_search_products_async (self->store, text, SEARCH_LIMIT,
                                   self->search_cancellable, search_cb, data);
}

static void
on_search_activate (DisTillPage *self)
{
  g_autofree char *text = NULL;

  g_assert (DIS_IS_TILL_PAGE (self));

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (text[0] == '\0' || self->store == NULL || self->paying || self->committing)
    return;

  /* A member card: "DS" and 8 digits, never an EAN. */
  {
    g_autofree char *card = dis_member_card_normalize (text);

    if (card != NULL || looks_like_card (text))
      {
        hide_results (self);
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

        if (card != NULL)
          dis_till_page_identify (self, card);
        else
          {
            /* Translators: %s is what was scanned or typed */
            g_autofree char *message = g_strdup_printf (_("%s is not a valid member card: check the digits"), text);

            show_message (self, message);
            gtk_widget_error_bell (GTK_WIDGET (self));
          }
        return;
      }
  }

  if (is_all_digits (text))
    {
      hide_results (self);
      dis_till_page_scan (self, text);
      return;
    }

  /* Typed and Enter at once: search now and take the first result. */
  if (g_strcmp0 (text, self->search_text) != 0)
    on_search_changed (self);

  if (self->search_cancellable != NULL)
    self->activate_pending = TRUE;
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    add_selected_result (self);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
on_search_stop (DisTillPage *self)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (gtk_revealer_get_reveal_child (self->results_revealer))
    hide_results (self);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static gboolean
on_search_key_pressed (DisTillPage           *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint selected;

  if (!gtk_revealer_get_reveal_child (self->results_revealer) || n == 0)
    return GDK_EVENT_PROPAGATE;

  selected = gtk_single_selection_get_selected (self->results_selection);

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      selected = selected == GTK_INVALID_LIST_POSITION ? 0 : MIN (selected + 1, n - 1);
      break;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      selected = selected == GTK_INVALID_LIST_POSITION || selected == 0 ? 0 : selected - 1;
      break;

    default:
      return GDK_EVENT_PROPAGATE;
    }

  gtk_single_selection_set_selected (self->results_selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->results_view),
                              "list.scroll-to-item", "u", selected);

  return GDK_EVENT_STOP;
}

static void
on_result_activate (DisTillPage *self,
                    guint        position)
{
  gtk_single_selection_set_selected (self->results_selection, position);
  add_selected_result (self);
}

static void
result_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *supplier = gtk_label_new (NULL);
  GtkWidget *price = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (supplier), 0);
  gtk_label_set_ellipsize (GTK_LABEL (supplier), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (supplier, "caption");
  gtk_widget_add_css_class (supplier, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), supplier);

  gtk_widget_add_css_class (price, "numeric");
  gtk_widget_set_valign (price, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), price);

  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "supplier", supplier);
  g_object_set_data (G_OBJECT (box), "price", price);

  gtk_list_item_set_child (item, box);
}

static void
result_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                DisTillPage              *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  DisProduct *product = gtk_list_item_get_item (item);
  const char *supplier = dis_product_get_supplier_name (product);
  g_autofree char *price = NULL;

  price = dis_format_unit_price (dis_product_get_price (product, dis_cart_get_tier (self->cart)),
                                 dis_product_get_unit (product));

  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "name"), dis_product_get_name (product));
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "supplier"), supplier ? supplier : "");
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (box), "supplier"), supplier && *supplier);
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "price"), price);
}

/* ---- The cart ----------------------------------------------------------- */

static void
on_undo_toast_dismissed (DisTillPage *self,
                         AdwToast    *toast)
{
  if (self->undo_toast != toast)
    return;

  self->undo_toast = NULL;
  g_clear_object (&self->removed_line);
}

static void
dis_till_page_undo_remove (DisTillPage *self)
{
  g_autoptr(DisCartLine) line = NULL;
  guint n;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->removed_line == NULL || self->paying || self->committing)
    return;

  line = g_steal_pointer (&self->removed_line);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));
  dis_cart_insert (self->cart, MIN (self->removed_position, n), line);

  if (self->undo_toast != NULL)
    {
      AdwToast *toast = self->undo_toast;

      self->undo_toast = NULL;
      adw_toast_dismiss (toast);
    }

  dis_till_page_focus_search (self);
  dis_till_page_update_actions (self);
}

static void
dis_till_page_remove_line (DisTillPage *self,
                           DisCartLine *line)
{
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint n;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->paying || self->committing)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) item = g_list_model_get_item (G_LIST_MODEL (self->cart), i);

      if (item != line)
        continue;

      g_clear_object (&self->removed_line);
      self->removed_line = dis_cart_take (self->cart, i);
      self->removed_position = i;

      /* Translators: toast after removing a cart line, with an Undo button */
      title = g_strdup_printf (_("Removed %s"),
                               dis_product_get_name (dis_cart_line_get_product (self->removed_line)));
      if (self->undo_toast != NULL)
        {
          AdwToast *old = self->undo_toast;

          self->undo_toast = NULL;
          adw_toast_dismiss (old);
        }

      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_object (toast, "button-clicked",
                               G_CALLBACK (dis_till_page_undo_remove),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (toast, "dismissed",
                               G_CALLBACK (on_undo_toast_dismissed),
                               self, G_CONNECT_SWAPPED);
      self->undo_toast = toast;
      show_toast (self, toast);
      break;
    }

  dis_till_page_update_actions (self);
  dis_till_page_focus_search (self);
}

static void
on_row_remove (DisTillPage *self,
               DisCartRow  *row)
{
  DisCartLine *line = dis_cart_row_get_line (row);

  if (line != NULL)
    dis_till_page_remove_line (self, line);
}

static void
cart_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               DisTillPage              *self)
{
  GtkWidget *row = dis_cart_row_new ();

  g_signal_connect_object (row, "remove", G_CALLBACK (on_row_remove), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

static void
cart_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              DisTillPage              *self)
{
  dis_cart_row_set_line (DIS_CART_ROW (gtk_list_item_get_child (item)),
                         gtk_list_item_get_item (item));
}

static void
cart_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                DisTillPage              *self)
{
  dis_cart_row_set_line (DIS_CART_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ---- Payment ------------------------------------------------------------ */

static void
dis_till_page_show_cart (DisTillPage *self)
{
  self->paying = FALSE;
  gtk_stack_set_visible_child_name (self->main_stack, "cart");
  gtk_widget_set_sensitive (GTK_WIDGET (self->tier_selector), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buyer_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buyer_clear_button), TRUE);
  dis_till_page_update_actions (self);
  dis_till_page_focus_search (self);
}

static void
dis_till_page_pay (DisTillPage *self)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (dis_cart_is_empty (self->cart) || self->committing || !can_sell (self))
    return;

  hide_results (self);
  self->paying = TRUE;
  dis_payment_view_set_total (self->payment_view, dis_cart_get_total (self->cart));
  dis_payment_view_reset (self->payment_view);
  gtk_stack_set_visible_child_name (self->main_stack, "payment");
  /* Focus first: a focused entry made insensitive misses its focus-out. */
  dis_payment_view_focus (self->payment_view);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tier_selector), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buyer_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buyer_clear_button), FALSE);
  dis_till_page_update_actions (self);
}

static void
on_payment_cancel (DisTillPage *self)
{
  if (!self->committing)
    dis_till_page_show_cart (self);
}

static void
on_day_closed_open_day (DisTillPage *self)
{
  GtkWidget *dialog;

  if (self->store == NULL || self->operator == NULL)
    return;

  dialog = dis_day_dialog_new (get_parent_window (self), self->store, self->operator,
                               DIS_DAY_DIALOG_OPEN);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_receipt_dialog_destroy (DisTillPage *self)
{
  if (!self->disposed)
    dis_till_page_focus_search (self);
}

static void
show_receipt (DisTillPage *self,
              DisSale     *sale)
{
  GtkWidget *dialog;

  dialog = dis_receipt_dialog_new (get_parent_window (self), sale);
  g_signal_connect_object (dialog, "destroy",
                           G_CALLBACK (on_receipt_dialog_destroy),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
commit_failed (DisTillPage  *self,
               const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, DIS_ERROR, DIS_ERROR_DAY_CLOSED))
    {
      AdwToast *toast;

      message = g_strdup (_("The day is closed: open a new day to sell"));
      toast = adw_toast_new (message);
      adw_toast_set_button_label (toast, _("_Open Day"));
      adw_toast_set_timeout (toast, 0);
      g_signal_connect_object (toast, "button-clicked",
                               G_CALLBACK (on_day_closed_open_day),
                               self, G_CONNECT_SWAPPED);
      show_toast (self, toast);
    }
  else if (g_error_matches (error, DIS_ERROR, DIS_ERROR_PERMISSION))
    message = g_strdup (_("You are not allowed to sell: ask a point manager"));
  else if (g_error_matches (error, DIS_ERROR, DIS_ERROR_PAYMENT))
    message = g_strdup (_("The payment does not cover the total"));
  else
    /* Translators: the sale was not saved; %s is the technical reason */
    message = g_strdup_printf (_("The sale was not saved, the cart is still here. Try again. (%s)"),
                               error->message);

  dis_payment_view_set_error (self->payment_view, message);
  dis_payment_view_focus (self->payment_view);
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
      dis_till_page_update_actions (self);
      return;
    }

  /* Only now, with the sale on disk, does the cart go. */
  g_clear_object (&self->removed_line);
  dis_cart_clear (self->cart);
  dis_till_page_set_buyer (self, NULL);
  dis_till_page_show_cart (self);

  show_receipt (self, data->sale);

  if (self->settings != NULL &&
      g_settings_get_boolean (self->settings, "print-receipt-automatically"))
    {
      g_autofree char *layout = g_settings_get_string (self->settings, "receipt-layout");

      dis_receipt_print (data->sale,
                         g_strcmp0 (layout, "a4") == 0 ? DIS_PAPER_A4 : DIS_PAPER_ROLL_80MM,
                         NULL);
    }
}

static void
on_payment_confirm (DisTillPage *self)
{
  DisPaymentSplit split;
  CommitData *data;
  DisSale *sale;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->committing || !can_sell (self) || dis_cart_is_empty (self->cart))
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
  dis_till_page_update_actions (self);

  data = g_new0 (CommitData, 1);
  data->self = g_object_ref (self);
  data->sale = sale;

  /* Not cancellable: once asked, a sale is written or fails on its own. */
  dis_store_commit_sale_async (self->store, sale, self->operator, NULL,
                               commit_sale_cb, data);
}

/* ---- Parked carts ------------------------------------------------------- */

typedef struct
{
  DisTillPage *self;
  gint64       then_resume_id;
} ParkCbData;

static void
park_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ParkCbData *data = user_data;
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
      g_autofree char *message = g_strdup_printf (_("The cart could not be parked: %s"), error->message);

      show_message (self, message);
      dis_till_page_update_actions (self);
      return;
    }

  g_clear_object (&self->removed_line);
  dis_cart_clear (self->cart);
  dis_till_page_set_buyer (self, NULL);
  show_message (self, _("Cart parked"));
  dis_till_page_refresh_parked (self, FALSE);
  dis_till_page_update_actions (self);
  dis_till_page_focus_search (self);

  if (then_resume_id > 0)
    dis_till_page_resume (self, then_resume_id);
}

static void
dis_till_page_park (DisTillPage *self,
                    gint64       then_resume_id)
{
  g_autoptr(DisCartLine) first = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *label = NULL;
  g_autoptr(DisCart) snapshot = NULL;
  ParkCbData *cb_data;

  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->store == NULL || self->parking || self->paying || self->committing)
    return;

  if (dis_cart_is_empty (self->cart))
    {
      show_message (self, _("The cart is empty"));
      return;
    }

  first = g_list_model_get_item (G_LIST_MODEL (self->cart), 0);
  now = g_date_time_new_now_local ();
  time = g_date_time_format (now, "%H:%M");

  /* The store reads the cart on its worker: a copy nobody changes. */
  snapshot = snapshot_cart (self->cart);
  /* Translators: label of a parked cart: first product and time */
  label = g_strdup_printf (_("%s · %s"),
                           dis_product_get_name (dis_cart_line_get_product (first)),
                           time);

  cb_data = g_new0 (ParkCbData, 1);
  cb_data->self = g_object_ref (self);
  cb_data->then_resume_id = then_resume_id;

  self->parking = TRUE;
  dis_till_page_update_actions (self);

  dis_store_park_cart_async (self->store, snapshot, label, NULL, park_cb, cb_data);
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
      g_autofree char *message = g_strdup_printf (_("The parked cart could not be resumed: %s"), error->message);

      show_message (self, message);
      dis_till_page_update_actions (self);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (resumed));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCartLine) line = g_list_model_get_item (G_LIST_MODEL (resumed), i);
      g_autoptr(DisCartLine) copy =
        dis_cart_line_new (dis_cart_line_get_product (line),
                           dis_cart_line_get_quantity (line),
                           dis_cart_line_get_quantity_from_barcode (line));

      dis_cart_insert (self->cart, g_list_model_get_n_items (G_LIST_MODEL (self->cart)), copy);
    }

  tier = dis_cart_get_tier (resumed);
  if (tier < DIS_N_TIERS && self->eligibility.allowed[tier])
    dis_cart_set_tier (self->cart, tier);

  dis_till_page_refresh_parked (self, FALSE);
  dis_till_page_update_actions (self);
  dis_till_page_focus_search (self);
}

static void
dis_till_page_resume (DisTillPage *self,
                      gint64       parked_id)
{
  g_assert (DIS_IS_TILL_PAGE (self));

  if (self->store == NULL || self->parking || self->paying || self->committing)
    return;

  self->parking = TRUE;
  dis_till_page_update_actions (self);

  dis_store_resume_parked_cart_async (self->store, parked_id, NULL, resume_cb, g_object_ref (self));
}

static void
on_park_first_response (AdwMessageDialog *dialog,
                        const char       *response,
                        DisTillPage      *self)
{
  gint64 parked_id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "parked-id");

  if (g_strcmp0 (response, "park") == 0)
    dis_till_page_park (self, parked_id);
  else
    dis_till_page_focus_search (self);
}

/* Resuming needs an empty cart: offer to park the current one first. */
static void
dis_till_page_request_resume (DisTillPage *self,
                              gint64       parked_id)
{
  GtkWidget *dialog;

  if (dis_cart_is_empty (self->cart))
    {
      dis_till_page_resume (self, parked_id);
      return;
    }

  dialog = adw_message_dialog_new (get_parent_window (self),
                                   _("Park the Current Cart?"),
                                   _("The cart has products in it. Park it first, then resume the other one."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "park", _("_Park and Resume"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "park", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "park");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "parked-id",
                          g_memdup2 (&parked_id, sizeof parked_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_park_first_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_parked_row (DisParkedCart *parked)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *total = dis_money_format (parked->total);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line · %s", "%u lines · %s",
                                           (gulong) parked->n_lines),
                              (guint) parked->n_lines, total);
  title = g_markup_escape_text (parked->label ? parked->label : _("Parked cart"), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "parked-id",
                          g_memdup2 (&parked->id, sizeof parked->id), g_free);

  return row;
}

typedef struct
{
  DisTillPage *self;
  gboolean     fill_list;
} ListParkedData;

static void
list_parked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ListParkedData *data = user_data;
  g_autoptr(DisTillPage) self = data->self;
  gboolean fill_list = data->fill_list;
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_free (data);

  parked = dis_store_list_parked_carts_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (parked == NULL)
    {
      g_warning ("Could not list the parked carts: %s", error->message);
      return;
    }

  self->n_parked = parked->len;
  if (parked->len > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", parked->len);

      gtk_label_set_label (self->parked_count_label, count);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->parked_count_label), parked->len > 0);

  if (!fill_list)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->parked_list))))
    gtk_list_box_remove (self->parked_list, child);

  for (guint i = 0; i < parked->len; i++)
    gtk_list_box_append (self->parked_list, create_parked_row (g_ptr_array_index (parked, i)));

  gtk_stack_set_visible_child_name (self->parked_stack, parked->len > 0 ? "list" : "empty");

  if (parked->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->parked_list, 0)));
}

static void
dis_till_page_refresh_parked (DisTillPage *self,
                              gboolean     fill_list)
{
  ListParkedData *data;

  if (self->store == NULL)
    return;

  data = g_new0 (ListParkedData, 1);
  data->self = g_object_ref (self);
  data->fill_list = fill_list;

  dis_store_list_parked_carts_async (self->store, self->cancellable, list_parked_cb, data);
}

static void
on_parked_popover_show (DisTillPage *self)
{
  dis_till_page_refresh_parked (self, TRUE);
}

static void
on_parked_popover_closed (DisTillPage *self)
{
  dis_till_page_focus_search (self);
}

static void
on_parked_row_activated (DisTillPage   *self,
                         GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "parked-id");

  if (id == NULL)
    return;

  gtk_popover_popdown (self->parked_popover);
  dis_till_page_request_resume (self, *id);
}

/* ---- Reprint ------------------------------------------------------------ */

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
    {
      g_autofree char *message = g_strdup_printf (_("The last receipt could not be loaded: %s"), error->message);

      show_message (self, message);
      return;
    }

  if (sale == NULL)
    {
      show_message (self, _("No sale yet to reprint"));
      return;
    }

  show_receipt (self, sale);
}

/* ---- Void --------------------------------------------------------------- */

static void
on_void_response (AdwMessageDialog *dialog,
                  const char       *response,
                  DisTillPage      *self)
{
  /* Voids before commit leave no trace: the lines simply go. */
  if (g_strcmp0 (response, "void") == 0 && !self->paying && !self->committing)
    {
      g_clear_object (&self->removed_line);
      dis_cart_clear (self->cart);
      dis_till_page_set_buyer (self, NULL);
    }

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

      show_message (self, message);
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
  dis_till_page_pay (DIS_TILL_PAGE (widget));
}

static void
till_park_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  dis_till_page_park (DIS_TILL_PAGE (widget), 0);
}

static void
till_resume_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);

  if (!self->paying && !self->committing)
    gtk_menu_button_popup (self->parked_button);
}

static void
till_resume_parked_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  dis_till_page_request_resume (DIS_TILL_PAGE (widget), g_variant_get_int64 (param));
}

static void
till_refund_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DisTillPage *self = DIS_TILL_PAGE (widget);
  GtkWidget *dialog;

  if (self->store == NULL || self->operator == NULL ||
      !dis_operator_can (self->operator, DIS_PERMISSION_REFUND))
    return;

  dialog = dis_refund_dialog_new (get_parent_window (self), self->store, self->operator);
  g_signal_connect_object (dialog, "destroy",
                           G_CALLBACK (on_receipt_dialog_destroy),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
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

  dialog = adw_message_dialog_new (get_parent_window (self),
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
  dis_till_page_undo_remove (DIS_TILL_PAGE (widget));
}

static gboolean
can_refund (DisTillPage *self)
{
  return self->store != NULL && self->operator != NULL &&
         dis_operator_can (self->operator, DIS_PERMISSION_REFUND);
}

static void
dis_till_page_update_menu (DisTillPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = NULL;
  g_autoptr(GMenuItem) item = NULL;

  section = g_menu_new ();
  item = g_menu_item_new (_("_Park Cart"), "till.park");
  g_menu_item_set_attribute (item, "accel", "s", "F5");
  g_menu_append_item (section, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Resume Parked Cart"), "till.resume");
  g_menu_item_set_attribute (item, "accel", "s", "F6");
  g_menu_append_item (section, item);
  g_clear_object (&item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);

  section = g_menu_new ();
  item = g_menu_item_new (_("Re_print Last Receipt"), "till.reprint");
  g_menu_item_set_attribute (item, "accel", "s", "<Control>p");
  g_menu_append_item (section, item);
  g_clear_object (&item);
  /* When refunds are not allowed the item stays, disabled, and says why. */
  item = g_menu_item_new (can_refund (self) ? _("_Refund…") : _("Refunds need a point manager"),
                          "till.refund");
  g_menu_item_set_attribute (item, "accel", "s", "<Control>r");
  g_menu_append_item (section, item);
  g_clear_object (&item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);

  section = g_menu_new ();
  item = g_menu_item_new (_("_Void Cart"), "till.clear");
  g_menu_append_item (section, item);
  g_clear_object (&item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));

  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

static void
dis_till_page_update_actions (DisTillPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = !self->paying && !self->committing && !self->parking;
  gboolean has_lines = !dis_cart_is_empty (self->cart);

  gtk_widget_action_set_enabled (widget, "till.pay", idle && has_lines && can_sell (self));
  gtk_widget_action_set_enabled (widget, "till.park", idle && has_lines && self->store != NULL);
  gtk_widget_action_set_enabled (widget, "till.resume", idle && self->store != NULL);
  gtk_widget_action_set_enabled (widget, "till.resume-parked", idle && self->store != NULL);
  gtk_widget_action_set_enabled (widget, "till.clear", idle && has_lines);
  gtk_widget_action_set_enabled (widget, "till.refund", can_refund (self));
  gtk_widget_action_set_enabled (widget, "till.reprint", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "till.undo-remove", idle && self->removed_line != NULL);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_till_page_dispose (GObject *object)
{
  DisTillPage *self = (DisTillPage *)object;

  self->disposed = TRUE;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);

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
  g_clear_object (&self->settings);
  g_clear_object (&self->removed_line);
  g_clear_object (&self->results_selection);
  g_clear_object (&self->results);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->search_text, g_free);
  self->undo_toast = NULL;

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

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-till-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, parked_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, parked_count_label);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, parked_popover);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, parked_stack);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, parked_list);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, cart_stack);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, cart_view);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, results_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, payment_view);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, tier_selector);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, pay_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_label);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_clear_button);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_popover);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_stack);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_hint_label);
  gtk_widget_class_bind_template_child (widget_class, DisTillPage, buyer_list);
  gtk_widget_class_bind_template_callback (widget_class, on_buyer_clear_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_buyer_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_buyer_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_buyer_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_buyer_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_buyer_popover_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_payment_confirm);
  gtk_widget_class_bind_template_callback (widget_class, on_payment_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_parked_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_parked_popover_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_parked_row_activated);
  gtk_widget_class_set_css_name (widget_class, "tillpage");

  g_type_ensure (DIS_TYPE_PAYMENT_VIEW);
  g_type_ensure (DIS_TYPE_TIER_SELECTOR);
}

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  /* Without the schema (a bare widget test) receipts are never auto-printed. */
  return schema ? g_settings_new (APPLICATION_ID) : NULL;
}

static void
dis_till_page_init (DisTillPage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = create_settings ();
  self->rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  self->buyer = (DisBuyer) { .is_member = FALSE };

  gtk_search_entry_set_search_delay (self->search_entry, 100);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search or scan"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pay_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pay"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->parked_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Parked"),
                                  -1);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (on_search_key_pressed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  /* The cart */
  self->cart = dis_cart_new ();
  g_signal_connect_object (self->cart, "changed",
                           G_CALLBACK (on_cart_changed),
                           self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (cart_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (cart_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (cart_unbind_cb), self, 0);
  gtk_list_view_set_factory (self->cart_view, factory);
  g_object_unref (factory);
  {
    GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->cart)));

    gtk_list_view_set_model (self->cart_view, GTK_SELECTION_MODEL (selection));
    g_object_unref (selection);
  }

  /* Search results */
  self->results = g_list_store_new (DIS_TYPE_PRODUCT);
  self->results_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->results_selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (result_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (result_bind_cb), self, 0);
  gtk_list_view_set_factory (self->results_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->results_selection));

  dis_tier_selector_set_cart (self->tier_selector, self->cart);

  dis_till_page_evaluate (self, TRUE);
  update_buyer_widgets (self);
  dis_till_page_update_menu (self);
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

  if (store != NULL)
    {
      dis_store_get_eligibility_rules_async (store, self->cancellable,
                                             load_rules_cb, g_object_ref (self));
      dis_till_page_refresh_parked (self, FALSE);
    }

  dis_till_page_update_menu (self);
  dis_till_page_update_actions (self);

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

  dis_till_page_update_menu (self);
  dis_till_page_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR]);
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

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
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
