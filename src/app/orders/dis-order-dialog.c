/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-order-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-order-dialog-private.h"
#include "dis-orders-format.h"
#include "dis-plain-number.h"
#include "dis-store-orders.h"
#include "dis-ui.h"

G_DEFINE_FINAL_TYPE (DisOrderDialog, dis_order_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- What is chosen ------------------------------------------------------ */

static gboolean
is_delivery (DisOrderDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->fulfilment_row)) &&
         adw_combo_row_get_selected (self->fulfilment_row) == 1;
}

DisTier
_dis_order_dialog_chosen_tier (DisOrderDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->tier_row);

  return selected < self->n_tiers ? self->tiers[selected] : DIS_TIER_EQUA;
}

static const char *
chosen_code (AdwComboRow *row,
             GPtrArray   *codes)
{
  guint selected = adw_combo_row_get_selected (row);

  return selected < codes->len ? g_ptr_array_index (codes, selected) : NULL;
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The draft as the form stands; NULL before a member is chosen. */
static DisOrderDraft *
build_draft (DisOrderDialog *self)
{
  DisOrderDraft *draft;
  g_autofree char *note = entry_text (self->note_row);

  if (self->member == NULL || self->cycle == NULL)
    return NULL;

  draft = dis_order_draft_new (self->order != NULL ? dis_order_get_id (self->order) : NULL,
                               dis_cycle_get_id (self->cycle), self->member->card_code,  _dis_order_dialog_chosen_tier (self));
  for (guint i = 0; i < self->lines->len; i++)
    {
      ProductLine *line = g_ptr_array_index (self->lines, i);

      if (line->valid && line->qty > 0)
        dis_order_draft_set_line (draft, dis_cycle_product_get_code (line->product), line->qty);
    }
  if (is_delivery (self))
    {
      g_autofree char *address = entry_text (self->address_row);
      g_autofree char *comune = entry_text (self->comune_row);
      g_autoptr(DisPlace) place = _dis_order_dialog_locate (self);

      /* A comune the map knows is saved as it spells it. */
      dis_order_draft_set_delivery (draft, chosen_code (self->slot_row, self->slot_codes), address,
                                    place != NULL ? place->comune : comune, place != NULL,
                                    place != NULL ? _dis_order_dialog_microdegrees (place->lat) : 0,
                                    place != NULL ? _dis_order_dialog_microdegrees (place->lon) : 0);
    }
  else
    dis_order_draft_set_pickup (draft, chosen_code (self->window_row, self->window_codes));
  dis_order_draft_set_note (draft, *note != '\0' ? note : NULL);
  return draft;
}

/* ---- The total and what keeps the order from being saved ---------------- */

static void
show_total (DisOrderDialog *self)
{
  g_autoptr(DisOrderDraft) draft = build_draft (self);
  gboolean approximate = FALSE;
  g_autofree char *money = NULL;
  g_autofree char *text = NULL;

  if (draft == NULL)
    {
      self->estimate = -1;
      gtk_label_set_label (self->total_label, _("Choose the member to see the total at their tier"));
      gtk_widget_set_visible (GTK_WIDGET (self->estimate_label), FALSE);
      return;
    }

  self->estimate = dis_store_orders_estimate (self->cycle, draft, &approximate, NULL);
  money = dis_money_format (self->estimate);
  /* Translators: the total of an order being taken: "Estimated total at Equa: € 23,40" */
  text = g_strdup_printf (_("Estimated total at %s: %s"), dis_tier_get_name (_dis_order_dialog_chosen_tier (self)), money);
  gtk_label_set_label (self->total_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_label), approximate);
}

static void
set_problem (DisOrderDialog *self,
             char           *problem)
{
  g_free (self->problem);
  self->problem = problem;
}

/* The first thing to fix, in the order of the form; NULL when none. */
static char *
find_problem (DisOrderDialog *self)
{
  guint n_lines = 0;

  if (self->member == NULL)
    return g_strdup (_("Choose the member: scan their card or search them by name."));
  if (self->cycle == NULL)
    return g_strdup (_("No order cycle is open."));

  {
    char *problem = _dis_order_dialog_lines_problem (self, &n_lines);

    if (problem != NULL)
      return problem;
  }
  if (n_lines == 0)
    return g_strdup (_("Type the quantity of at least one product."));
  if (n_lines > DIS_ORDER_LINES_MAX)
    return g_strdup_printf (_("An order holds at most %u products."), DIS_ORDER_LINES_MAX);

  if (is_delivery (self))
    {
      g_autofree char *address = entry_text (self->address_row);
      g_autofree char *comune = entry_text (self->comune_row);

      if (chosen_code (self->slot_row, self->slot_codes) == NULL)
        return g_strdup (_("No delivery slot can be booked: each is full or past its cut-off."));
      if (*address == '\0' || *comune == '\0')
        return g_strdup (_("Type the delivery address and its comune."));
      if (g_utf8_strlen (address, -1) > DIS_ORDER_TEXT_MAX || g_utf8_strlen (comune, -1) > DIS_ORDER_TEXT_MAX)
        return g_strdup_printf (_("The address and the comune hold at most %u characters each."), DIS_ORDER_TEXT_MAX);
      char *zone = _dis_order_dialog_place_problem (self, chosen_code (self->slot_row, self->slot_codes));

      if (zone != NULL)
        return zone;
    }
  else if (chosen_code (self->window_row, self->window_codes) == NULL)
    return g_strdup (_("This point has no pickup window yet: the hub sends them with the sync."));

  {
    g_autofree char *note = entry_text (self->note_row);

    if (g_utf8_strlen (note, -1) > DIS_ORDER_TEXT_MAX)
      return g_strdup_printf (_("The note holds at most %u characters."), DIS_ORDER_TEXT_MAX);
  }
  return NULL;
}

void
_dis_order_dialog_check (DisOrderDialog *self)
{
  gboolean delivery = is_delivery (self);

  if (self->filling)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->window_row), !delivery);
  gtk_widget_set_visible (GTK_WIDGET (self->slot_row), delivery);
  gtk_widget_set_visible (GTK_WIDGET (self->address_row), delivery);
  gtk_widget_set_visible (GTK_WIDGET (self->comune_row), delivery);
  _dis_order_dialog_show_place (self, delivery);

  set_problem (self, find_problem (self));
  gtk_label_set_label (self->problem_label, self->problem != NULL ? self->problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), self->problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.save", self->problem == NULL && !self->saving);
  show_total (self);
}

/* ---- Member and tier ------------------------------------------------------ */

/* The tiers the member may use, cheapest first; @keep stays chosen while
 * it is allowed, otherwise the till's default for the member. */
static void
show_tiers (DisOrderDialog *self,
            DisTier         keep)
{
  guint selected = 0;

  dis_eligibility_clear (&self->eligibility);
  memset (&self->eligibility, 0, sizeof self->eligibility);
  dis_eligibility_evaluate (&self->buyer, &self->rules, dis_date_today (), &self->eligibility);

  self->filling = TRUE;
  self->n_tiers = 0;
  gtk_string_list_splice (self->tier_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tier_names)), NULL);
  for (DisTier tier = 0; tier < DIS_N_TIERS; tier++)
    {
      if (!self->eligibility.allowed[tier])
        continue;
      if (tier == keep || (keep == DIS_N_TIERS && tier == self->eligibility.default_tier))
        selected = self->n_tiers;
      self->tiers[self->n_tiers++] = tier;
      gtk_string_list_append (self->tier_names, dis_tier_get_name (tier));
    }
  adw_combo_row_set_selected (self->tier_row, selected);
  self->filling = FALSE;

  /* Why a cheaper tier is not offered, as the till says it. */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->tier_row), "");
  for (DisTier tier = 0; tier < DIS_N_TIERS; tier++)
    if (!self->eligibility.allowed[tier] && self->eligibility.reason[tier] != NULL)
      {
        /* Translators: why a tier is not offered: "Impegno: registered 1 month of 2" */
        g_autofree char *why = g_strdup_printf (_("%s: %s"), dis_tier_get_name (tier), self->eligibility.reason[tier]);

        adw_action_row_set_subtitle (ADW_ACTION_ROW (self->tier_row), why);
        break;
      }
  gtk_widget_set_sensitive (GTK_WIDGET (self->tier_row), self->n_tiers > 0);
}

static void
on_tier_selected (DisOrderDialog *self)
{
  if (self->filling)
    return;
  for (guint i = 0; i < self->lines->len; i++)
    _dis_order_dialog_product_subtitle (self, g_ptr_array_index (self->lines, i));
  _dis_order_dialog_check (self);
}

typedef struct
{
  DisOrderDialog *self;
  char           *card;
  guint           serial;
} MemberLookup;

static void
member_lookup_free (MemberLookup *lookup)
{
  g_clear_object (&lookup->self);
  g_free (lookup->card);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemberLookup, member_lookup_free)

static void
member_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MemberLookup) lookup = user_data;
  DisOrderDialog *self = lookup->self;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  member = dis_store_find_member_by_card_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || lookup->serial != self->member_serial)
    return;
  if (member == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
        {
          /* Translators: %s is a member card code */
          message = g_strdup_printf (_("No member with card %s: check the card, or register the member first."),
                                     lookup->card);
          dis_ui_warning (GTK_WIDGET (self), message);
        }
      else
        dis_ui_show_error (GTK_WIDGET (self), _("The member could not be read. Scan the card again."), error);
      return;
    }

  g_set_object (&self->member, member);
  dis_member_to_buyer (member, &self->buyer);
  /* Translators: the member of an order being taken: "Maria Rossi · card DS-0042" */
  subtitle = g_strdup_printf (_("%s · card %s"), member->display_name, member->card_code);
  adw_action_row_set_subtitle (self->member_row, subtitle);
  show_tiers (self, self->order != NULL ? dis_order_get_tier (self->order) : DIS_N_TIERS);
  for (guint i = 0; i < self->lines->len; i++)
    _dis_order_dialog_product_subtitle (self, g_ptr_array_index (self->lines, i));
  _dis_order_dialog_check (self);
}

void
dis_order_dialog_choose_member (DisOrderDialog *self,
                                const char     *card)
{
  MemberLookup *lookup;

  g_return_if_fail (DIS_IS_ORDER_DIALOG (self));
  g_return_if_fail (card != NULL);

  /* However the card came, the search has done its work. */
  gtk_menu_button_popdown (self->member_button);
  lookup = g_new0 (MemberLookup, 1);
  lookup->self = g_object_ref (self);
  lookup->card = g_strdup (card);
  lookup->serial = ++self->member_serial;
  dis_store_find_member_by_card_async (self->store, card, self->cancellable, member_cb, lookup);
}

static void
on_card_chosen (DisOrderDialog *self,
                const char     *card)
{
  dis_order_dialog_choose_member (self, card);
}

static void
rules_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DisOrderDialog) self = user_data;
  DisEligibilityRules rules;
  g_autoptr(GError) error = NULL;

  if (!dis_store_get_eligibility_rules_finish (DIS_STORE (object), result, &rules, &error))
    {
      /* The defaults stay, as at the till. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the eligibility rules: %s", error->message);
      return;
    }
  self->rules = rules;
  if (self->member != NULL)
    {
      show_tiers (self,  _dis_order_dialog_chosen_tier (self));
      _dis_order_dialog_check (self);
    }
}

/* ---- Pickup or delivery ---------------------------------------------------- */

static void
fill_places (DisOrderDialog *self)
{
  GListModel *windows = dis_order_schedule_get_windows (self->schedule);
  GListModel *slots = dis_order_schedule_get_slots (self->schedule);
  const char *place = self->order != NULL ? dis_order_get_place_code (self->order) : NULL;
  gboolean delivery = self->order != NULL && dis_order_get_fulfilment (self->order) == DIS_FULFILMENT_DELIVERY;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint window = 0;
  guint slot = 0;

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(DisPickupWindow) item = g_list_model_get_item (windows, i);
      g_autofree char *span = NULL;

      /* A window that ended takes no more orders. */
      if (g_date_time_compare (dis_pickup_window_get_ends (item), now) <= 0)
        continue;
      if (!delivery && g_strcmp0 (place, dis_pickup_window_get_code (item)) == 0)
        window = self->window_codes->len;
      span = dis_orders_format_span (dis_pickup_window_get_starts (item), dis_pickup_window_get_ends (item));
      g_ptr_array_add (self->window_codes, g_strdup (dis_pickup_window_get_code (item)));
      gtk_string_list_append (self->window_names, span);
    }
  adw_combo_row_set_selected (self->window_row, window);

  for (guint i = 0; i < g_list_model_get_n_items (slots); i++)
    {
      g_autoptr(DisDeliverySlot) item = g_list_model_get_item (slots, i);
      gboolean held = delivery && g_strcmp0 (place, dis_delivery_slot_get_code (item)) == 0;
      g_autofree char *span = NULL;
      g_autofree char *name = NULL;

      /* A full slot still holds the order already in it. */
      if (!held && !dis_delivery_slot_is_bookable (item, now))
        continue;
      if (held)
        slot = self->slot_codes->len;
      span = dis_orders_format_span (dis_delivery_slot_get_starts (item), dis_delivery_slot_get_ends (item));
      /* Translators: a delivery slot: "sab 12 dic, 15:00–18:00 (3 of 10 booked)" */
      name = g_strdup_printf (_("%s (%u of %u booked)"), span, dis_delivery_slot_get_booked (item),
                              dis_delivery_slot_get_capacity (item));
      g_ptr_array_add (self->slot_codes, g_strdup (dis_delivery_slot_get_code (item)));
      gtk_string_list_append (self->slot_names, name);
    }
  adw_combo_row_set_selected (self->slot_row, slot);

  /* Only a point that delivers offers the choice. */
  gtk_widget_set_visible (GTK_WIDGET (self->fulfilment_row),
                          dis_order_schedule_get_home_delivery (self->schedule) &&
                          g_list_model_get_n_items (slots) > 0);
  adw_combo_row_set_selected (self->fulfilment_row, delivery ? 1 : 0);
  if (delivery)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                             dis_order_get_address (self->order) != NULL ? dis_order_get_address (self->order) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->comune_row),
                             dis_order_get_comune (self->order) != NULL ? dis_order_get_comune (self->order) : "");
    }
}

static void
on_fulfilment_selected (DisOrderDialog *self)
{
  _dis_order_dialog_check (self);
}

/* ---- Saving ---------------------------------------------------------------- */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DisOrderDialog) self = user_data;
  g_autoptr(DisOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = dis_store_orders_save_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  if (order == NULL)
    {
      _dis_order_dialog_check (self);
      dis_ui_show_failure (GTK_WIDGET (self), _("The order was not saved."),
                           _("Try again; if it fails again, restart the till."), error);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, order);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DisOrderDialog *self = DIS_ORDER_DIALOG (widget);
  g_autoptr(DisOrderDraft) draft = NULL;

  _dis_order_dialog_check (self);
  if (self->problem != NULL || self->saving)
    return;
  draft = build_draft (self);
  self->saving = TRUE;
  gtk_widget_action_set_enabled (widget, "order.save", FALSE);
  dis_store_orders_save_async (self->store, self->operator, draft, self->cancellable, saved_cb, g_object_ref (self));
}

/* ---- For tests --------------------------------------------------------------- */

gboolean
dis_order_dialog_has_member (DisOrderDialog *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_DIALOG (self), FALSE);

  return self->member != NULL;
}

GtkEditable *
dis_order_dialog_get_qty_entry (DisOrderDialog *self,
                                const char     *code)
{
  g_return_val_if_fail (DIS_IS_ORDER_DIALOG (self), NULL);

  for (guint i = 0; i < self->lines->len; i++)
    {
      ProductLine *line = g_ptr_array_index (self->lines, i);

      if (g_strcmp0 (dis_cycle_product_get_code (line->product), code) == 0)
        return line->entry;
    }
  return NULL;
}

const char *
dis_order_dialog_get_problem (DisOrderDialog *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_DIALOG (self), NULL);

  return self->problem != NULL ? self->problem : "";
}

gint64
dis_order_dialog_get_estimate (DisOrderDialog *self)
{
  g_return_val_if_fail (DIS_IS_ORDER_DIALOG (self), -1);

  return self->estimate;
}

/* ---- GObject ----------------------------------------------------------------- */

static void
dis_order_dialog_dispose (GObject *object)
{
  DisOrderDialog *self = DIS_ORDER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_ORDER_DIALOG);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->operator);
  g_clear_object (&self->schedule);
  g_clear_object (&self->order);
  g_clear_object (&self->member);
  g_clear_pointer (&self->cycles, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_order_dialog_parent_class)->dispose (object);
}

static void
dis_order_dialog_finalize (GObject *object)
{
  DisOrderDialog *self = DIS_ORDER_DIALOG (object);

  dis_eligibility_clear (&self->eligibility);
  g_clear_pointer (&self->window_codes, g_ptr_array_unref);
  g_clear_pointer (&self->slot_codes, g_ptr_array_unref);
  g_free (self->problem);

  G_OBJECT_CLASS (dis_order_dialog_parent_class)->finalize (object);
}

/* A new order starts from its member: the search is open, so that a
 * card scanned at once lands there (with the focus on Cancel, the
 * scanner's Enter closed the dialog). */
static void
dis_order_dialog_map (GtkWidget *widget)
{
  DisOrderDialog *self = DIS_ORDER_DIALOG (widget);

  GTK_WIDGET_CLASS (dis_order_dialog_parent_class)->map (widget);
  if (self->order == NULL && self->member == NULL)
    gtk_menu_button_popup (self->member_button);
}

/* The search goes before the dialog does, never after it. */
static void
dis_order_dialog_unmap (GtkWidget *widget)
{
  gtk_menu_button_popdown (DIS_ORDER_DIALOG (widget)->member_button);
  GTK_WIDGET_CLASS (dis_order_dialog_parent_class)->unmap (widget);
}

static void
dis_order_dialog_class_init (DisOrderDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_order_dialog_dispose;
  object_class->finalize = dis_order_dialog_finalize;
  widget_class->map = dis_order_dialog_map;
  widget_class->unmap = dis_order_dialog_unmap;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, DIS_TYPE_ORDER);

  g_type_ensure (DIS_TYPE_BUYER_POPOVER);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/orders/dis-order-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, member_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, member_button);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, buyer_popover);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, tier_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, tier_names);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, products_group);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, cycle_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, cycle_names);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, products_list);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, fulfilment_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, window_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, window_names);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, slot_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, slot_names);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, comune_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, place_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, total_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, DisOrderDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_card_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_tier_selected);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_cycle_selected", G_CALLBACK (_dis_order_dialog_cycle_selected));
  gtk_widget_class_bind_template_callback (widget_class, on_fulfilment_selected);
  gtk_widget_class_bind_template_callback_full (widget_class, "check", G_CALLBACK (_dis_order_dialog_check));

  gtk_widget_class_install_action (widget_class, "order.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "order.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "order.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_order_dialog_init (DisOrderDialog *self)
{
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;

  self->cancellable = g_cancellable_new ();
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) _dis_order_dialog_product_line_free);
  self->window_codes = g_ptr_array_new_with_free_func (g_free);
  self->slot_codes = g_ptr_array_new_with_free_func (g_free);
  self->rules = DIS_ELIGIBILITY_RULES_DEFAULT;
  self->estimate = -1;
  dis_ui_label_entry_row (self->address_row);
  dis_ui_label_entry_row (self->comune_row);
  dis_ui_label_entry_row (self->note_row);
}

GtkWidget *
dis_order_dialog_new (GtkWindow        *parent,
                      DisStore         *store,
                      DisOperator      *operator,
                      GPtrArray        *cycles,
                      DisOrderSchedule *schedule,
                      DisOrder         *order)
{
  DisOrderDialog *self;
  guint selected = 0;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);
  g_return_val_if_fail (cycles != NULL && cycles->len > 0, NULL);
  g_return_val_if_fail (DIS_IS_ORDER_SCHEDULE (schedule), NULL);
  g_return_val_if_fail (order == NULL || DIS_IS_ORDER (order), NULL);

  self = g_object_new (DIS_TYPE_ORDER_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);
  self->cycles = g_ptr_array_ref (cycles);
  self->schedule = g_object_ref (schedule);
  self->order = order != NULL ? g_object_ref (order) : NULL;
  dis_buyer_popover_set_store (self->buyer_popover, store);

  self->filling = TRUE;
  for (guint i = 0; i < cycles->len; i++)
    {
      DisCycle *cycle = g_ptr_array_index (cycles, i);

      gtk_string_list_append (self->cycle_names, dis_cycle_get_name (cycle));
      if (order != NULL && dis_cycle_get_id (cycle) == dis_order_get_cycle_id (order))
        selected = i;
    }
  adw_combo_row_set_selected (self->cycle_row, selected);
  /* An order stays in its cycle; a choice only when several are open. */
  gtk_widget_set_visible (GTK_WIDGET (self->cycle_row), order == NULL && cycles->len > 1);
  fill_places (self);
  if (order != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row),
                           dis_order_get_note (order) != NULL ? dis_order_get_note (order) : "");
  self->filling = FALSE;
  _dis_order_dialog_show_cycle (self, g_ptr_array_index (cycles, selected));

  dis_store_get_eligibility_rules_async (store, self->cancellable, rules_cb, g_object_ref (self));
  _dis_order_dialog_load_point (self);
  if (order != NULL)
    {
      /* Translators: %s is an order's reference, "12-C1" */
      g_autofree char *title = g_strdup_printf (_("Change Order No. %s"), dis_order_get_reference (order));

      gtk_window_set_title (GTK_WINDOW (self), title);
      /* The member of an order does not change: another member's is a new order. */
      gtk_widget_set_visible (GTK_WIDGET (self->member_button), FALSE);
      dis_order_dialog_choose_member (self, dis_order_get_member_card (order));
    }
  _dis_order_dialog_check (self);
  return GTK_WIDGET (self);
}
