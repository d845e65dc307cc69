/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-tier-selector"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-tier-selector.h"

struct _DisTierSelector
{
  GtkWidget  parent_instance;

  DisCart   *cart;

  GtkBox    *buttons_box;
  GtkLabel  *caption_label;

  GtkToggleButton *buttons[DIS_N_TIERS];
  GtkLabel        *price_labels[DIS_N_TIERS];

  gboolean   allowed[DIS_N_TIERS];
  char      *reasons[DIS_N_TIERS];

  /* Set while the buttons follow the cart, so their "toggled" does not
   * write the tier back. */
  guint      syncing : 1;
};

G_DEFINE_FINAL_TYPE (DisTierSelector, dis_tier_selector, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_tier_selector_sync (DisTierSelector *self)
{
  DisTier current = DIS_TIER_EQUA;

  g_assert (DIS_IS_TIER_SELECTOR (self));

  if (self->cart != NULL)
    current = dis_cart_get_tier (self->cart);

  self->syncing = TRUE;

  for (guint i = 0; i < DIS_N_TIERS; i++)
    {
      g_autofree char *price = NULL;

      if (self->cart != NULL && !dis_cart_is_empty (self->cart))
        price = dis_money_format (dis_cart_get_total_at (self->cart, i));
      else
        price = g_strdup ("—");

      gtk_label_set_label (self->price_labels[i], price);
      gtk_toggle_button_set_active (self->buttons[i], i == current);
    }

  self->syncing = FALSE;
}

static void
on_button_toggled (DisTierSelector *self,
                   GtkToggleButton *button)
{
  DisTier tier;

  g_assert (DIS_IS_TIER_SELECTOR (self));

  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;

  for (tier = 0; tier < DIS_N_TIERS && self->buttons[tier] != button; tier++)
    ;
  g_assert (tier < DIS_N_TIERS);

  if (self->cart != NULL && self->allowed[tier])
    dis_cart_set_tier (self->cart, tier);

  /* Refused or no cart: put the buttons back where the cart is. */
  dis_tier_selector_sync (self);
}

static GtkWidget *
create_button (DisTierSelector *self,
               DisTier          tier)
{
  static const char *hints[DIS_N_TIERS] = { "F1", "F2", "F3", "F4" };
  GtkWidget *button;
  GtkWidget *box;
  GtkWidget *top;
  GtkWidget *name;
  GtkWidget *hint;
  GtkWidget *price;
  g_autofree char *accessible = NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  name = gtk_label_new (dis_tier_get_name (tier));
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  hint = gtk_label_new (hints[tier]);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), hint);

  price = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (price), 0);
  gtk_widget_add_css_class (price, "numeric");

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), price);

  button = gtk_toggle_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_focus_on_click (button, FALSE);

  /* The accessible name starts with the tier name, as the e2e test expects. */
  accessible = g_strdup_printf ("%s (%s)", dis_tier_get_name (tier), hints[tier]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  g_signal_connect_object (button, "toggled",
                           G_CALLBACK (on_button_toggled),
                           self, G_CONNECT_SWAPPED);

  self->buttons[tier] = GTK_TOGGLE_BUTTON (button);
  self->price_labels[tier] = GTK_LABEL (price);

  return button;
}

static void
dis_tier_selector_dispose (GObject *object)
{
  DisTierSelector *self = (DisTierSelector *)object;

  dis_tier_selector_set_cart (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_TIER_SELECTOR);
  /* Children outside the bound ones (plain boxes of the template). */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (dis_tier_selector_parent_class)->dispose (object);
}

static void
dis_tier_selector_finalize (GObject *object)
{
  DisTierSelector *self = (DisTierSelector *)object;

  for (guint i = 0; i < DIS_N_TIERS; i++)
    g_clear_pointer (&self->reasons[i], g_free);

  G_OBJECT_CLASS (dis_tier_selector_parent_class)->finalize (object);
}

static void
dis_tier_selector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisTierSelector *self = DIS_TIER_SELECTOR (object);

  switch (prop_id)
    {
    case PROP_CART:
      g_value_set_object (value, self->cart);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_tier_selector_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DisTierSelector *self = DIS_TIER_SELECTOR (object);

  switch (prop_id)
    {
    case PROP_CART:
      dis_tier_selector_set_cart (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_tier_selector_class_init (DisTierSelectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_tier_selector_dispose;
  object_class->finalize = dis_tier_selector_finalize;
  object_class->get_property = dis_tier_selector_get_property;
  object_class->set_property = dis_tier_selector_set_property;

  properties[PROP_CART] =
    g_param_spec_object ("cart", NULL, NULL,
                         DIS_TYPE_CART,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-tier-selector.ui");
  gtk_widget_class_bind_template_child (widget_class, DisTierSelector, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, DisTierSelector, caption_label);
  gtk_widget_class_set_css_name (widget_class, "tierselector");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dis_tier_selector_init (DisTierSelector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < DIS_N_TIERS; i++)
    {
      GtkWidget *button = create_button (self, i);

      self->allowed[i] = TRUE;
      gtk_box_append (self->buttons_box, button);
      if (i > 0)
        gtk_toggle_button_set_group (self->buttons[i], self->buttons[0]);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Price tier"),
                                  -1);

  dis_tier_selector_sync (self);
}

GtkWidget *
dis_tier_selector_new (void)
{
  return g_object_new (DIS_TYPE_TIER_SELECTOR, NULL);
}

DisCart *
dis_tier_selector_get_cart (DisTierSelector *self)
{
  g_return_val_if_fail (DIS_IS_TIER_SELECTOR (self), NULL);

  return self->cart;
}

void
dis_tier_selector_set_cart (DisTierSelector *self,
                            DisCart         *cart)
{
  g_return_if_fail (DIS_IS_TIER_SELECTOR (self));
  g_return_if_fail (!cart || DIS_IS_CART (cart));

  if (self->cart == cart)
    return;

  if (self->cart != NULL)
    g_signal_handlers_disconnect_by_func (self->cart, dis_tier_selector_sync, self);

  g_set_object (&self->cart, cart);

  if (cart != NULL)
    g_signal_connect_object (cart, "changed",
                             G_CALLBACK (dis_tier_selector_sync),
                             self, G_CONNECT_SWAPPED);

  dis_tier_selector_sync (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CART]);
}

/* "Impegno and Accessibile: reason", one line per distinct reason, higher
 * tiers first, as the volunteer reads them left of the allowed ones. */
static char *
build_caption (DisTierSelector *self)
{
  g_autoptr(GString) caption = g_string_new (NULL);
  gboolean done[DIS_N_TIERS] = { FALSE, };

  for (int i = DIS_N_TIERS - 1; i >= 0; i--)
    {
      g_autoptr(GPtrArray) names = NULL;
      g_autofree char *joined = NULL;

      if (self->allowed[i] || done[i])
        continue;

      names = g_ptr_array_new ();
      for (int j = i; j >= 0; j--)
        {
          if (!self->allowed[j] && !done[j] &&
              g_strcmp0 (self->reasons[i], self->reasons[j]) == 0)
            {
              g_ptr_array_add (names, (gpointer) dis_tier_get_name (j));
              done[j] = TRUE;
            }
        }

      if (names->len == 1)
        joined = g_strdup (g_ptr_array_index (names, 0));
      else
        {
          /* "A, B and C" */
          g_autoptr(GString) head = g_string_new (g_ptr_array_index (names, 0));

          for (guint k = 1; k + 1 < names->len; k++)
            g_string_append_printf (head, ", %s", (const char *) g_ptr_array_index (names, k));
          /* Translators: the last two tier names of a list, e.g. "Impegno and Accessibile" */
          joined = g_strdup_printf (_("%s and %s"), head->str,
                                    (const char *) g_ptr_array_index (names, names->len - 1));
        }

      if (caption->len > 0)
        g_string_append_c (caption, '\n');
      g_string_append_printf (caption, "%s: %s", joined,
                              self->reasons[i] ? self->reasons[i] : _("Not available for this buyer"));
    }

  return g_string_free (g_steal_pointer (&caption), FALSE);
}

void
dis_tier_selector_set_eligibility (DisTierSelector      *self,
                                   const DisEligibility *eligibility)
{
  g_autofree char *caption = NULL;

  g_return_if_fail (DIS_IS_TIER_SELECTOR (self));
  g_return_if_fail (eligibility != NULL);

  for (guint i = 0; i < DIS_N_TIERS; i++)
    {
      self->allowed[i] = eligibility->allowed[i];
      g_free (self->reasons[i]);
      self->reasons[i] = self->allowed[i] ? NULL : g_strdup (eligibility->reason[i]);

      gtk_widget_set_sensitive (GTK_WIDGET (self->buttons[i]), self->allowed[i]);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->buttons[i]), self->reasons[i]);
    }

  caption = build_caption (self);
  gtk_label_set_label (self->caption_label, caption);
  gtk_widget_set_visible (GTK_WIDGET (self->caption_label), caption[0] != '\0');
}

gboolean
dis_tier_selector_is_allowed (DisTierSelector *self,
                              DisTier          tier)
{
  g_return_val_if_fail (DIS_IS_TIER_SELECTOR (self), FALSE);
  g_return_val_if_fail (tier < DIS_N_TIERS, FALSE);

  return self->allowed[tier];
}

const char *
dis_tier_selector_get_reason (DisTierSelector *self,
                              DisTier          tier)
{
  g_return_val_if_fail (DIS_IS_TIER_SELECTOR (self), NULL);
  g_return_val_if_fail (tier < DIS_N_TIERS, NULL);

  return self->reasons[tier];
}

const char *
dis_tier_selector_get_caption (DisTierSelector *self)
{
  g_return_val_if_fail (DIS_IS_TIER_SELECTOR (self), NULL);

  return gtk_label_get_label (self->caption_label);
}
