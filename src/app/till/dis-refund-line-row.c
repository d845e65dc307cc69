/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-refund-line-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-plain-number.h"
#include "dis-refund-line-row.h"

struct _DisRefundLineRow
{
  AdwActionRow   parent_instance;

  DisRefundLine *line;

  GtkSpinButton *pieces_spin;
  GtkEntry      *measure_entry;
  GtkLabel      *unit_label;
  GtkLabel      *done_label;
};

G_DEFINE_FINAL_TYPE (DisRefundLineRow, dis_refund_line_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "2 × € 3,50 = € 7,00", and what was already refunded. */
static char *
describe_line (const DisSaleLine *line,
               gboolean           measured)
{
  g_autofree char *sold = dis_qty_format (line->quantity, line->unit);
  g_autofree char *money = dis_money_format (line->unit_price);
  g_autofree char *total = dis_money_format (line->line_total);
  g_autofree char *price = measured ? g_strdup_printf ("%s/%s", money, line->unit) : g_strdup (money);

  if (line->refunded_quantity > 0)
    {
      g_autofree char *refunded = dis_qty_format (line->refunded_quantity, line->unit);

      /* Translators: "2 × €3.50 = €7.00 · 1 already refunded" */
      return g_strdup_printf (_("%s × %s = %s · %s already refunded"), sold, price, total, refunded);
    }

  return g_strdup_printf ("%s × %s = %s", sold, price, total);
}

static gboolean
pieces_to_value (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_double (to, g_value_get_int (from));
  return TRUE;
}

static gboolean
value_to_pieces (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_int (to, (int) g_value_get_double (from));
  return TRUE;
}

/* Only a quantity that cannot be read is marked; an empty one is none. */
static void
on_text_changed (DisRefundLineRow *self)
{
  if (self->line == NULL || dis_refund_line_get_quantity (self->line, NULL))
    gtk_widget_remove_css_class (GTK_WIDGET (self->measure_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->measure_entry), "error");
}

static void
show_quantity_widget (DisRefundLineRow *self,
                      GtkWidget        *widget)
{
  const DisSaleLine *line = dis_refund_line_get_line (self->line);
  g_autofree char *name = g_strdup_printf ("quantity-%u", dis_refund_line_get_index (self->line));

  gtk_widget_set_visible (widget, TRUE);
  gtk_widget_set_name (widget, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, line->product_name,
                                  -1);
}

static void
dis_refund_line_row_set_line (DisRefundLineRow *self,
                              DisRefundLine    *refund_line)
{
  const DisSaleLine *line;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gint64 remaining;
  gboolean measured;

  g_assert (DIS_IS_REFUND_LINE_ROW (self));
  g_assert (self->line == NULL);

  if (refund_line == NULL)
    return;

  self->line = g_object_ref (refund_line);
  line = dis_refund_line_get_line (refund_line);
  remaining = dis_refund_line_get_remaining (refund_line);
  measured = dis_refund_line_is_measured (refund_line);

  /* The title is markup; a product name may hold an ampersand. */
  title = g_markup_escape_text (line->product_name, -1);
  subtitle = describe_line (line, measured);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  if (remaining == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->done_label), TRUE);
    }
  else if (measured)
    {
      g_autofree char *max = dis_qty_format (remaining, line->unit);
      g_autofree char *zero = dis_plain_quantity (0, DIS_UNIT_KG);
      g_autofree char *hint = g_strdup_printf (_("at most %s"), max);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->measure_entry), hint);
      gtk_entry_set_placeholder_text (self->measure_entry, zero);
      gtk_label_set_label (self->unit_label, line->unit);
      gtk_widget_set_visible (GTK_WIDGET (self->unit_label), TRUE);
      g_object_bind_property (refund_line, "text", self->measure_entry, "text",
                              G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      g_signal_connect_object (refund_line, "notify::text",
                               G_CALLBACK (on_text_changed),
                               self, G_CONNECT_SWAPPED);
      show_quantity_widget (self, GTK_WIDGET (self->measure_entry));
    }
  else
    {
      gtk_spin_button_set_range (self->pieces_spin, 0, (double) (remaining / 1000));
      g_object_bind_property_full (refund_line, "pieces", self->pieces_spin, "value",
                                   G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                   pieces_to_value, value_to_pieces, NULL, NULL);
      show_quantity_widget (self, GTK_WIDGET (self->pieces_spin));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE]);
}

static void
dis_refund_line_row_dispose (GObject *object)
{
  DisRefundLineRow *self = DIS_REFUND_LINE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_REFUND_LINE_ROW);
  g_clear_object (&self->line);

  G_OBJECT_CLASS (dis_refund_line_row_parent_class)->dispose (object);
}

static void
dis_refund_line_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DisRefundLineRow *self = DIS_REFUND_LINE_ROW (object);

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
dis_refund_line_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DisRefundLineRow *self = DIS_REFUND_LINE_ROW (object);

  switch (prop_id)
    {
    case PROP_LINE:
      dis_refund_line_row_set_line (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_refund_line_row_class_init (DisRefundLineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_refund_line_row_dispose;
  object_class->get_property = dis_refund_line_row_get_property;
  object_class->set_property = dis_refund_line_row_set_property;

  properties[PROP_LINE] =
    g_param_spec_object ("line", NULL, NULL,
                         DIS_TYPE_REFUND_LINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-refund-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisRefundLineRow, pieces_spin);
  gtk_widget_class_bind_template_child (widget_class, DisRefundLineRow, measure_entry);
  gtk_widget_class_bind_template_child (widget_class, DisRefundLineRow, unit_label);
  gtk_widget_class_bind_template_child (widget_class, DisRefundLineRow, done_label);
}

static void
dis_refund_line_row_init (DisRefundLineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_refund_line_row_new (DisRefundLine *line)
{
  g_return_val_if_fail (DIS_IS_REFUND_LINE (line), NULL);

  return g_object_new (DIS_TYPE_REFUND_LINE_ROW, "line", line, NULL);
}
