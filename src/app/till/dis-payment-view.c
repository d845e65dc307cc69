/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-payment-view"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "dis-payment-view.h"
#include "dis-plain-number.h"

struct _DisPaymentView
{
  GtkWidget        parent_instance;

  gint64           total;
  guint            busy : 1;

  GtkBox          *content_box;
  GtkLabel        *total_label;
  GtkBox          *mode_box;
  GtkButton       *back_button;
  GtkToggleButton *cash_button;
  GtkToggleButton *card_button;
  GtkToggleButton *split_button;
  GtkStack        *mode_stack;
  GtkEntry        *tendered_entry;
  GtkBox          *quick_box;
  GtkLabel        *change_label;
  GtkLabel        *card_label;
  GtkEntry        *split_entry;
  GtkLabel        *split_card_label;
  GtkLabel        *error_label;
  GtkButton       *confirm_button;
  GtkSpinner      *spinner;
};

G_DEFINE_FINAL_TYPE (DisPaymentView, dis_payment_view, GTK_TYPE_WIDGET)

enum {
  CONFIRM,
  CANCEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Banknotes offered as quick amounts when they cover the total. */
static const gint64 notes[] = { 500, 1000, 2000, 5000, 10000 };

static gboolean
parse_entry (GtkEntry *entry,
             gint64   *out_cents)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (text == NULL || text[0] == '\0')
    return FALSE;

  return dis_money_parse (text, out_cents);
}

static void
set_entry_error (GtkEntry *entry,
                 gboolean  error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

gboolean
dis_payment_view_get_split (DisPaymentView  *self,
                            DisPaymentSplit *out)
{
  DisPaymentSplit split = { 0, };
  gint64 amount = 0;

  g_return_val_if_fail (DIS_IS_PAYMENT_VIEW (self), FALSE);

  if (self->total <= 0)
    return FALSE;

  switch (dis_payment_view_get_mode (self))
    {
    case DIS_PAYMENT_MODE_CASH:
      if (!parse_entry (self->tendered_entry, &amount) || amount < self->total)
        return FALSE;
      split.cash = self->total;
      split.tendered = amount;
      split.change = amount - self->total;
      break;

    case DIS_PAYMENT_MODE_CARD:
      split.card = self->total;
      break;

    case DIS_PAYMENT_MODE_SPLIT:
      if (!parse_entry (self->split_entry, &amount) || amount <= 0 || amount >= self->total)
        return FALSE;
      split.cash = amount;
      split.card = self->total - amount;
      split.tendered = amount;
      break;

    default:
      g_assert_not_reached ();
    }

  if (out != NULL)
    *out = split;

  return TRUE;
}

static void
dis_payment_view_update (DisPaymentView *self)
{
  g_autofree char *total = NULL;
  g_autofree char *change_text = NULL;
  g_autofree char *card_text = NULL;
  g_autofree char *split_text = NULL;
  gint64 amount = 0;
  gboolean parsed;
  gboolean valid;

  g_assert (DIS_IS_PAYMENT_VIEW (self));

  total = dis_money_format (self->total);
  gtk_label_set_label (self->total_label, total);

  /* Cash: live change, or what is still missing. */
  parsed = parse_entry (self->tendered_entry, &amount);
  if (parsed && amount >= self->total)
    {
      g_autofree char *change = dis_money_format (amount - self->total);
      /* Translators: the change to hand back, e.g. "Change € 2,50" */
      change_text = g_strdup_printf (_("Change %s"), change);
      gtk_widget_remove_css_class (GTK_WIDGET (self->change_label), "dim-label");
    }
  else if (parsed)
    {
      g_autofree char *missing = dis_money_format (self->total - amount);
      /* Translators: the cash tendered does not cover the total */
      change_text = g_strdup_printf (_("Still due %s"), missing);
      gtk_widget_add_css_class (GTK_WIDGET (self->change_label), "dim-label");
    }
  else
    {
      change_text = g_strdup (_("Enter the cash received"));
      gtk_widget_add_css_class (GTK_WIDGET (self->change_label), "dim-label");
    }
  gtk_label_set_label (self->change_label, change_text);
  set_entry_error (self->tendered_entry,
                   !parsed && gtk_entry_get_text_length (self->tendered_entry) > 0);

  /* Card: the whole total. */
  /* Translators: the card payment of the whole total */
  card_text = g_strdup_printf (_("%s on card"), total);
  gtk_label_set_label (self->card_label, card_text);

  /* Split: the rest on card. */
  parsed = parse_entry (self->split_entry, &amount);
  if (parsed && amount > 0 && amount < self->total)
    {
      g_autofree char *rest = dis_money_format (self->total - amount);
      /* Translators: the part of a split payment that goes on the card */
      split_text = g_strdup_printf (_("Card %s"), rest);
      gtk_widget_remove_css_class (GTK_WIDGET (self->split_card_label), "dim-label");
      set_entry_error (self->split_entry, FALSE);
    }
  else
    {
      split_text = g_strdup (_("The cash part must be less than the total"));
      gtk_widget_add_css_class (GTK_WIDGET (self->split_card_label), "dim-label");
      set_entry_error (self->split_entry, gtk_entry_get_text_length (self->split_entry) > 0);
    }
  gtk_label_set_label (self->split_card_label, split_text);

  valid = dis_payment_view_get_split (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button), valid && !self->busy);
}

/* A quick amount was chosen: @param is what the buyer hands over. */
static void
payment_activate_tendered (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  DisPaymentView *self = DIS_PAYMENT_VIEW (widget);
  g_autofree char *text = dis_plain_money (g_variant_get_int64 (param));

  dis_payment_view_set_cash_text (self, text);
  dis_payment_view_focus (self);
}

static void
add_quick_button (DisPaymentView *self,
                  const char     *label,
                  gint64          amount)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, "numeric");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "payment.tendered");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", amount);
  gtk_box_append (self->quick_box, button);
}

static void
rebuild_quick_buttons (DisPaymentView *self)
{
  GtkWidget *child;
  guint n_notes = 0;

  g_assert (DIS_IS_PAYMENT_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->quick_box))))
    gtk_box_remove (self->quick_box, child);

  if (self->total <= 0)
    return;

  add_quick_button (self, _("Exact"), self->total);

  for (guint i = 0; i < G_N_ELEMENTS (notes) && n_notes < 4; i++)
    {
      g_autofree char *label = NULL;

      if (notes[i] <= self->total)
        continue;

      label = dis_money_format (notes[i]);
      add_quick_button (self, label, notes[i]);
      n_notes++;
    }
}

static void
on_mode_toggled (DisPaymentView  *self,
                 GtkToggleButton *button)
{
  g_assert (DIS_IS_PAYMENT_VIEW (self));

  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->cash_button)
    gtk_stack_set_visible_child_name (self->mode_stack, "cash");
  else if (button == self->card_button)
    gtk_stack_set_visible_child_name (self->mode_stack, "card");
  else
    gtk_stack_set_visible_child_name (self->mode_stack, "split");

  dis_payment_view_set_error (self, NULL);
  dis_payment_view_update (self);
  dis_payment_view_focus (self);
}

static void
on_entry_changed (DisPaymentView *self)
{
  dis_payment_view_set_error (self, NULL);
  dis_payment_view_update (self);
}

static void
try_confirm (DisPaymentView *self)
{
  g_assert (DIS_IS_PAYMENT_VIEW (self));

  if (self->busy)
    return;

  if (!dis_payment_view_get_split (self, NULL))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  g_signal_emit (self, signals[CONFIRM], 0);
}

static void
on_entry_activate (DisPaymentView *self)
{
  try_confirm (self);
}

static void
on_confirm_clicked (DisPaymentView *self)
{
  try_confirm (self);
}

static void
on_back_clicked (DisPaymentView *self)
{
  if (!self->busy)
    g_signal_emit (self, signals[CANCEL], 0);
}

static void
payment_activate_confirm (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  try_confirm (DIS_PAYMENT_VIEW (widget));
}

static void
payment_activate_cancel (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  on_back_clicked (DIS_PAYMENT_VIEW (widget));
}

static void
payment_activate_mode (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DisPaymentView *self = DIS_PAYMENT_VIEW (widget);

  if (!self->busy)
    dis_payment_view_set_mode (self, g_variant_get_int32 (param));
}

static void
dis_payment_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_PAYMENT_VIEW);
  /* Children outside the bound ones (plain boxes of the template). */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (dis_payment_view_parent_class)->dispose (object);
}

static void
dis_payment_view_class_init (DisPaymentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_payment_view_dispose;

  signals[CONFIRM] =
    g_signal_new ("confirm",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[CANCEL] =
    g_signal_new ("cancel",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "payment.confirm", NULL, payment_activate_confirm);
  gtk_widget_class_install_action (widget_class, "payment.cancel", NULL, payment_activate_cancel);
  gtk_widget_class_install_action (widget_class, "payment.mode", "i", payment_activate_mode);
  gtk_widget_class_install_action (widget_class, "payment.tendered", "x", payment_activate_tendered);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "payment.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_ALT_MASK, "payment.mode", "i", DIS_PAYMENT_MODE_CASH);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_ALT_MASK, "payment.mode", "i", DIS_PAYMENT_MODE_CARD);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_ALT_MASK, "payment.mode", "i", DIS_PAYMENT_MODE_SPLIT);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-payment-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, content_box);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, total_label);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, mode_box);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, back_button);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, cash_button);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, card_button);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, split_button);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, tendered_entry);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, quick_box);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, change_label);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, card_label);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, split_entry);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, split_card_label);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, error_label);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, DisPaymentView, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_set_css_name (widget_class, "paymentview");
}

static void
dis_payment_view_init (DisPaymentView *self)
{
  g_type_ensure (ADW_TYPE_CLAMP);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* "0,00" in Italian, "0.00" in English: as the amount is typed. */
  {
    g_autofree char *zero = dis_plain_money (0);

    gtk_entry_set_placeholder_text (self->tendered_entry, zero);
    gtk_entry_set_placeholder_text (self->split_entry, zero);
  }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Confirm Payment"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tendered_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Amount tendered"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->split_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cash part"),
                                  -1);

  dis_payment_view_update (self);
}

GtkWidget *
dis_payment_view_new (void)
{
  return g_object_new (DIS_TYPE_PAYMENT_VIEW, NULL);
}

void
dis_payment_view_set_total (DisPaymentView *self,
                            gint64          total)
{
  g_return_if_fail (DIS_IS_PAYMENT_VIEW (self));

  if (self->total == total)
    return;

  self->total = total;
  rebuild_quick_buttons (self);
  dis_payment_view_update (self);
}

gint64
dis_payment_view_get_total (DisPaymentView *self)
{
  g_return_val_if_fail (DIS_IS_PAYMENT_VIEW (self), 0);

  return self->total;
}

void
dis_payment_view_reset (DisPaymentView *self)
{
  g_return_if_fail (DIS_IS_PAYMENT_VIEW (self));

  dis_payment_view_set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->tendered_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->split_entry), "");
  dis_payment_view_set_mode (self, DIS_PAYMENT_MODE_CASH);
  dis_payment_view_set_error (self, NULL);
  dis_payment_view_update (self);
}

void
dis_payment_view_set_mode (DisPaymentView *self,
                           DisPaymentMode  mode)
{
  g_return_if_fail (DIS_IS_PAYMENT_VIEW (self));

  switch (mode)
    {
    case DIS_PAYMENT_MODE_CASH:
      gtk_toggle_button_set_active (self->cash_button, TRUE);
      break;

    case DIS_PAYMENT_MODE_CARD:
      gtk_toggle_button_set_active (self->card_button, TRUE);
      break;

    case DIS_PAYMENT_MODE_SPLIT:
      gtk_toggle_button_set_active (self->split_button, TRUE);
      break;

    default:
      g_return_if_reached ();
    }
}

DisPaymentMode
dis_payment_view_get_mode (DisPaymentView *self)
{
  g_return_val_if_fail (DIS_IS_PAYMENT_VIEW (self), DIS_PAYMENT_MODE_CASH);

  if (gtk_toggle_button_get_active (self->card_button))
    return DIS_PAYMENT_MODE_CARD;
  if (gtk_toggle_button_get_active (self->split_button))
    return DIS_PAYMENT_MODE_SPLIT;

  return DIS_PAYMENT_MODE_CASH;
}

void
dis_payment_view_set_cash_text (DisPaymentView *self,
                                const char     *text)
{
  GtkEntry *entry;

  g_return_if_fail (DIS_IS_PAYMENT_VIEW (self));

  if (dis_payment_view_get_mode (self) == DIS_PAYMENT_MODE_SPLIT)
    entry = self->split_entry;
  else
    entry = self->tendered_entry;

  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}

void
dis_payment_view_set_busy (DisPaymentView *self,
                           gboolean        busy)
{
  g_return_if_fail (DIS_IS_PAYMENT_VIEW (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  /* The focused entry stays sensitive (an insensitive focused GtkText
   * loses its focus-out) but stops taking input. */
  gtk_editable_set_editable (GTK_EDITABLE (self->tendered_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->split_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_box), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quick_box), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  dis_payment_view_update (self);
}

void
dis_payment_view_set_error (DisPaymentView *self,
                            const char     *message)
{
  g_return_if_fail (DIS_IS_PAYMENT_VIEW (self));

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
dis_payment_view_focus (DisPaymentView *self)
{
  g_return_if_fail (DIS_IS_PAYMENT_VIEW (self));

  switch (dis_payment_view_get_mode (self))
    {
    case DIS_PAYMENT_MODE_CASH:
      gtk_widget_grab_focus (GTK_WIDGET (self->tendered_entry));
      break;

    case DIS_PAYMENT_MODE_SPLIT:
      gtk_widget_grab_focus (GTK_WIDGET (self->split_entry));
      break;

    case DIS_PAYMENT_MODE_CARD:
    default:
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_button));
      break;
    }
}
