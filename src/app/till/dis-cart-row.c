/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-cart-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-cart-row.h"
#include "dis-plain-number.h"
#include "dis-ui.h"

struct _DisCartRow
{
  GtkWidget       parent_instance;

  DisCartLine    *line;

  GtkLabel       *name_label;
  GtkLabel       *supplier_label;
  GtkMenuButton  *quantity_button;
  GtkPopover     *quantity_popover;
  GtkLabel       *quantity_heading;
  GtkSpinButton  *pieces_spin;
  GtkEntry       *measure_entry;
  GtkLabel       *unit_price_label;
  GtkLabel       *total_label;
  GtkButton      *remove_button;
};

G_DEFINE_FINAL_TYPE (DisCartRow, dis_cart_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LINE,
  N_PROPS
};

enum {
  REMOVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
line_unit_code (DisCartLine *line)
{
  return dis_unit_to_code (dis_product_get_unit (dis_cart_line_get_product (line)));
}

/* "12.00/kg" style price for measured products, plain price for pieces. */
char *
dis_format_unit_price (gint64  price,
                       DisUnit unit)
{
  g_autofree char *money = dis_money_format (price);

  switch (unit)
    {
    case DIS_UNIT_KG:
      /* Translators: a price per kilogram, e.g. "€ 12,00/kg" */
      return g_strdup_printf (_("%s/kg"), money);

    case DIS_UNIT_L:
      /* Translators: a price per litre, e.g. "€ 2,40/l" */
      return g_strdup_printf (_("%s/l"), money);

    case DIS_UNIT_PIECE:
    default:
      return g_steal_pointer (&money);
    }
}

static void
dis_cart_row_update (DisCartRow *self)
{
  DisProduct *product;
  const char *supplier;
  g_autofree char *qty = NULL;
  g_autofree char *unit_price = NULL;
  g_autofree char *total = NULL;
  g_autofree char *remove_label = NULL;

  g_assert (DIS_IS_CART_ROW (self));

  if (self->line == NULL)
    return;

  product = dis_cart_line_get_product (self->line);
  supplier = dis_product_get_supplier_name (product);

  gtk_label_set_label (self->name_label, dis_product_get_name (product));
  gtk_label_set_label (self->supplier_label, supplier ? supplier : "");
  gtk_widget_set_visible (GTK_WIDGET (self->supplier_label), supplier && *supplier);

  qty = dis_qty_format (dis_cart_line_get_quantity (self->line), line_unit_code (self->line));
  gtk_menu_button_set_label (self->quantity_button, qty);

  unit_price = dis_format_unit_price (dis_cart_line_get_unit_price (self->line),
                                      dis_product_get_unit (product));
  gtk_label_set_label (self->unit_price_label, unit_price);

  total = dis_money_format (dis_cart_line_get_total (self->line));
  gtk_label_set_label (self->total_label, total);

  /* Translators: accessible label of a cart line's remove button */
  remove_label = g_strdup_printf (_("Remove %s"), dis_product_get_name (product));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), remove_label);
}

static void
on_popover_show (DisCartRow *self)
{
  DisProduct *product;
  gboolean measured;
  gint64 qty;

  g_assert (DIS_IS_CART_ROW (self));

  if (self->line == NULL)
    return;

  product = dis_cart_line_get_product (self->line);
  measured = dis_unit_is_measured (dis_product_get_unit (product));
  qty = dis_cart_line_get_quantity (self->line);

  gtk_widget_set_visible (GTK_WIDGET (self->pieces_spin), !measured);
  gtk_widget_set_visible (GTK_WIDGET (self->measure_entry), measured);
  gtk_widget_remove_css_class (GTK_WIDGET (self->measure_entry), "error");

  if (dis_product_get_unit (product) == DIS_UNIT_KG)
    gtk_label_set_label (self->quantity_heading, _("Weight in kg"));
  else if (dis_product_get_unit (product) == DIS_UNIT_L)
    gtk_label_set_label (self->quantity_heading, _("Quantity in litres"));
  else
    gtk_label_set_label (self->quantity_heading, _("Quantity"));

  if (measured)
    {
      g_autofree char *text = dis_plain_quantity (qty, dis_product_get_unit (product));

      gtk_editable_set_text (GTK_EDITABLE (self->measure_entry), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->measure_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_label_get_label (self->quantity_heading),
                                      -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->measure_entry));
      gtk_editable_select_region (GTK_EDITABLE (self->measure_entry), 0, -1);
    }
  else
    {
      gtk_spin_button_set_value (self->pieces_spin, (double) (qty / 1000));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->pieces_spin),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Quantity"),
                                      -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->pieces_spin));
    }
}

static void
on_popover_closed (DisCartRow *self)
{
  g_assert (DIS_IS_CART_ROW (self));

  /* Back to the till's idle state; not when the row leaves its window
   * (see dis_cart_row_unroot()), whose focus must stay let go of. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "till.search-focus", NULL);
}

static gboolean
apply_quantity (DisCartRow *self)
{
  DisProduct *product;
  gint64 qty;

  g_assert (DIS_IS_CART_ROW (self));

  if (self->line == NULL)
    return FALSE;

  product = dis_cart_line_get_product (self->line);

  if (dis_unit_is_measured (dis_product_get_unit (product)))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->measure_entry));

      if (!dis_qty_parse (text, dis_unit_to_code (dis_product_get_unit (product)), &qty))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->measure_entry), "error");
          gtk_widget_error_bell (GTK_WIDGET (self));
          return FALSE;
        }
    }
  else
    {
      gtk_spin_button_update (self->pieces_spin);
      qty = (gint64) gtk_spin_button_get_value_as_int (self->pieces_spin) * 1000;
      if (qty <= 0)
        return FALSE;
    }

  if (qty != dis_cart_line_get_quantity (self->line))
    dis_cart_line_set_quantity (self->line, qty);

  return TRUE;
}

static void
on_set_clicked (DisCartRow *self)
{
  if (apply_quantity (self))
    gtk_popover_popdown (self->quantity_popover);
}

/* GtkSpinButton has no "activate" before GTK 4.14: catch Enter here. */
static gboolean
on_pieces_key_pressed (DisCartRow            *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;

  on_set_clicked (self);

  return GDK_EVENT_STOP;
}

static void
on_measure_activate (DisCartRow *self)
{
  on_set_clicked (self);
}

static void
on_measure_changed (DisCartRow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->measure_entry), "error");
}

/* A click on the row chooses its line; the keyboard stays with the
 * search, where the next scan goes. Clicks on its buttons are theirs. */
static void
on_row_released (DisCartRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "till.search-focus", NULL);
}

static void
on_remove_clicked (DisCartRow *self)
{
  g_assert (DIS_IS_CART_ROW (self));

  g_signal_emit (self, signals[REMOVE], 0);
}

static void
dis_cart_row_unroot (GtkWidget *widget)
{
  DisCartRow *self = DIS_CART_ROW (widget);

  /* Left open, the quantity popover would outlive the window: see
   * dis_ui_close_popovers(). */
  dis_ui_close_popovers (GTK_WIDGET (self->quantity_popover));

  GTK_WIDGET_CLASS (dis_cart_row_parent_class)->unroot (widget);
}

static void
dis_cart_row_dispose (GObject *object)
{
  DisCartRow *self = (DisCartRow *)object;

  dis_cart_row_set_line (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_CART_ROW);
  /* Children outside the bound ones (plain boxes of the template). */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (dis_cart_row_parent_class)->dispose (object);
}

static void
dis_cart_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DisCartRow *self = DIS_CART_ROW (object);

  switch (prop_id)
    {
    case PROP_LINE:
      g_value_set_object (value, self->line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_cart_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DisCartRow *self = DIS_CART_ROW (object);

  switch (prop_id)
    {
    case PROP_LINE:
      dis_cart_row_set_line (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_cart_row_class_init (DisCartRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_cart_row_dispose;
  object_class->get_property = dis_cart_row_get_property;
  object_class->set_property = dis_cart_row_set_property;

  widget_class->unroot = dis_cart_row_unroot;

  properties[PROP_LINE] =
    g_param_spec_object ("line", NULL, NULL,
                         DIS_TYPE_CART_LINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REMOVE] =
    g_signal_new ("remove",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-cart-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, supplier_label);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, quantity_button);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, quantity_popover);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, quantity_heading);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, pieces_spin);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, measure_entry);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, unit_price_label);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, total_label);
  gtk_widget_class_bind_template_child (widget_class, DisCartRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_measure_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_measure_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_set_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
  gtk_widget_class_set_css_name (widget_class, "cartrow");
}

static void
dis_cart_row_init (DisCartRow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (on_pieces_key_pressed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->pieces_spin), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect_object (controller, "released",
                           G_CALLBACK (on_row_released),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
dis_cart_row_new (void)
{
  return g_object_new (DIS_TYPE_CART_ROW, NULL);
}

DisCartLine *
dis_cart_row_get_line (DisCartRow *self)
{
  g_return_val_if_fail (DIS_IS_CART_ROW (self), NULL);

  return self->line;
}

void
dis_cart_row_set_line (DisCartRow  *self,
                       DisCartLine *line)
{
  g_return_if_fail (DIS_IS_CART_ROW (self));
  g_return_if_fail (!line || DIS_IS_CART_LINE (line));

  if (self->line == line)
    return;

  if (self->line != NULL)
    g_signal_handlers_disconnect_by_func (self->line, dis_cart_row_update, self);

  g_set_object (&self->line, line);

  if (line != NULL)
    {
      g_signal_connect_object (line, "notify::quantity",
                               G_CALLBACK (dis_cart_row_update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (line, "notify::unit-price",
                               G_CALLBACK (dis_cart_row_update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (line, "notify::total",
                               G_CALLBACK (dis_cart_row_update), self, G_CONNECT_SWAPPED);
      dis_cart_row_update (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE]);
}
