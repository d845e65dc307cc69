/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-buyer-row"

#include "config.h"

#include "dis-buyer-row.h"

struct _DisBuyerRow
{
  AdwActionRow  parent_instance;

  DisMember    *member;
};

G_DEFINE_FINAL_TYPE (DisBuyerRow, dis_buyer_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dis_buyer_row_set_member (DisBuyerRow *self,
                          DisMember   *member)
{
  g_autofree char *title = NULL;

  g_assert (DIS_IS_BUYER_ROW (self));

  if (!g_set_object (&self->member, member))
    return;

  /* The title is markup; a name may hold an ampersand. */
  title = member != NULL ? g_markup_escape_text (member->display_name, -1) : g_strdup ("");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), member != NULL ? member->card_code : "");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}

static void
dis_buyer_row_dispose (GObject *object)
{
  DisBuyerRow *self = DIS_BUYER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_BUYER_ROW);
  g_clear_object (&self->member);

  G_OBJECT_CLASS (dis_buyer_row_parent_class)->dispose (object);
}

static void
dis_buyer_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DisBuyerRow *self = DIS_BUYER_ROW (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_buyer_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DisBuyerRow *self = DIS_BUYER_ROW (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      dis_buyer_row_set_member (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_buyer_row_class_init (DisBuyerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_buyer_row_dispose;
  object_class->get_property = dis_buyer_row_get_property;
  object_class->set_property = dis_buyer_row_set_property;

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL,
                         DIS_TYPE_MEMBER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-buyer-row.ui");
}

static void
dis_buyer_row_init (DisBuyerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_buyer_row_new (DisMember *member)
{
  g_return_val_if_fail (DIS_IS_MEMBER (member), NULL);

  return g_object_new (DIS_TYPE_BUYER_ROW, "member", member, NULL);
}

DisMember *
dis_buyer_row_get_member (DisBuyerRow *self)
{
  g_return_val_if_fail (DIS_IS_BUYER_ROW (self), NULL);

  return self->member;
}
