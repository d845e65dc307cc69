/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-parked-cart-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-plain-number.h"
#include "dis-parked-cart-row.h"

struct _DisParkedCartRow
{
  AdwActionRow   parent_instance;

  DisParkedCart *parked;
};

G_DEFINE_FINAL_TYPE (DisParkedCartRow, dis_parked_cart_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_PARKED_CART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The time of today's carts; the date too for older ones. */
static char *
format_parked_at (GDateTime *parked_at)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = NULL;

  if (parked_at == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (parked_at);
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");

  return dis_plain_date_time (local);
}

static void
dis_parked_cart_row_set_parked_cart (DisParkedCartRow *self,
                                     DisParkedCart    *parked)
{
  g_autofree char *total = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;

  g_assert (DIS_IS_PARKED_CART_ROW (self));

  if (!g_set_object (&self->parked, parked))
    return;

  if (parked != NULL)
    {
      total = dis_money_format (parked->total);
      when = format_parked_at (parked->parked_at);
      /* Translators: when a cart was parked, its lines and its total:
       * "10:42 · 3 lines · € 12,30" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u line · %s", "%s · %u lines · %s",
                                               (gulong) parked->n_lines),
                                  when, (guint) parked->n_lines, total);
      /* The title is markup; a product name may hold an ampersand. */
      title = g_markup_escape_text (parked->label ? parked->label : _("Parked cart"), -1);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title != NULL ? title : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle != NULL ? subtitle : "");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARKED_CART]);
}

static void
dis_parked_cart_row_dispose (GObject *object)
{
  DisParkedCartRow *self = DIS_PARKED_CART_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_PARKED_CART_ROW);
  g_clear_object (&self->parked);

  G_OBJECT_CLASS (dis_parked_cart_row_parent_class)->dispose (object);
}

static void
dis_parked_cart_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DisParkedCartRow *self = DIS_PARKED_CART_ROW (object);

  switch (prop_id)
    {
    case PROP_PARKED_CART:
      g_value_set_object (value, self->parked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_parked_cart_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DisParkedCartRow *self = DIS_PARKED_CART_ROW (object);

  switch (prop_id)
    {
    case PROP_PARKED_CART:
      dis_parked_cart_row_set_parked_cart (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_parked_cart_row_class_init (DisParkedCartRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_parked_cart_row_dispose;
  object_class->get_property = dis_parked_cart_row_get_property;
  object_class->set_property = dis_parked_cart_row_set_property;

  properties[PROP_PARKED_CART] =
    g_param_spec_object ("parked-cart", NULL, NULL,
                         DIS_TYPE_PARKED_CART,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-parked-cart-row.ui");
}

static void
dis_parked_cart_row_init (DisParkedCartRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_parked_cart_row_new (DisParkedCart *parked)
{
  g_return_val_if_fail (DIS_IS_PARKED_CART (parked), NULL);

  return g_object_new (DIS_TYPE_PARKED_CART_ROW, "parked-cart", parked, NULL);
}

DisParkedCart *
dis_parked_cart_row_get_parked_cart (DisParkedCartRow *self)
{
  g_return_val_if_fail (DIS_IS_PARKED_CART_ROW (self), NULL);

  return self->parked;
}
