/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-operator-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-operator-row.h"

struct _DisOperatorRow
{
  AdwActionRow  parent_instance;

  DisOperator  *operator;
  DisOperator  *acting;

  AdwAvatar    *avatar;
  GtkButton    *change_pin_button;
  GtkSwitch    *active_switch;
};

G_DEFINE_FINAL_TYPE (DisOperatorRow, dis_operator_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_OPERATOR,
  PROP_ACTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
active_changed_cb (DisOperatorRow *self)
{
  gboolean active = gtk_switch_get_active (self->active_switch);

  /* Only the person's flick: the switch starts as the operator is. */
  if (self->operator == NULL || active == dis_operator_get_active (self->operator))
    return;

  /* Until the list reloads with what the store did. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->active_switch), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "operators.set-active", "(xb)",
                              dis_operator_get_id (self->operator), active);
}

static void
show_operator (DisOperatorRow *self)
{
  const char *name = dis_operator_get_name (self->operator);
  const char *role = dis_role_get_name (dis_operator_get_role (self->operator));
  gboolean active = dis_operator_get_active (self->operator);
  g_autofree char *subtitle = NULL;

  if (active)
    subtitle = g_strdup (role);
  else
    /* Translators: role, then a state, e.g. "Volontario — inactive" */
    subtitle = g_strdup_printf (_("%s — inactive"), role);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  adw_avatar_set_text (self->avatar, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  if (self->acting != NULL)
    {
      gboolean is_me = dis_operator_get_id (self->operator) == dis_operator_get_id (self->acting);

      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->change_pin_button), "x",
                                        dis_operator_get_id (self->operator));
      gtk_widget_set_visible (GTK_WIDGET (self->change_pin_button), TRUE);

      gtk_switch_set_active (self->active_switch, active);
      /* Nobody locks themselves out. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->active_switch), !is_me);
      if (is_me)
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->active_switch),
                                     _("You cannot deactivate yourself"));
      gtk_widget_set_visible (GTK_WIDGET (self->active_switch), TRUE);
    }
}

static void
dis_operator_row_constructed (GObject *object)
{
  DisOperatorRow *self = (DisOperatorRow *)object;

  G_OBJECT_CLASS (dis_operator_row_parent_class)->constructed (object);

  g_return_if_fail (DIS_IS_OPERATOR (self->operator));
  show_operator (self);
}

static void
dis_operator_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_OPERATOR_ROW);

  G_OBJECT_CLASS (dis_operator_row_parent_class)->dispose (object);
}

static void
dis_operator_row_finalize (GObject *object)
{
  DisOperatorRow *self = (DisOperatorRow *)object;

  g_clear_object (&self->operator);
  g_clear_object (&self->acting);

  G_OBJECT_CLASS (dis_operator_row_parent_class)->finalize (object);
}

static void
dis_operator_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DisOperatorRow *self = DIS_OPERATOR_ROW (object);

  switch (prop_id)
    {
    case PROP_OPERATOR:
      g_value_set_object (value, self->operator);
      break;

    case PROP_ACTING:
      g_value_set_object (value, self->acting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_operator_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DisOperatorRow *self = DIS_OPERATOR_ROW (object);

  switch (prop_id)
    {
    case PROP_OPERATOR:
      self->operator = g_value_dup_object (value);
      break;

    case PROP_ACTING:
      self->acting = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_operator_row_class_init (DisOperatorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_operator_row_constructed;
  object_class->dispose = dis_operator_row_dispose;
  object_class->finalize = dis_operator_row_finalize;
  object_class->get_property = dis_operator_row_get_property;
  object_class->set_property = dis_operator_row_set_property;

  properties[PROP_OPERATOR] =
    g_param_spec_object ("operator", NULL, NULL,
                         DIS_TYPE_OPERATOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACTING] =
    g_param_spec_object ("acting", NULL, NULL,
                         DIS_TYPE_OPERATOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-operator-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOperatorRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, DisOperatorRow, change_pin_button);
  gtk_widget_class_bind_template_child (widget_class, DisOperatorRow, active_switch);
  gtk_widget_class_bind_template_callback (widget_class, active_changed_cb);
}

static void
dis_operator_row_init (DisOperatorRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_operator_row_new (DisOperator *operator,
                      DisOperator *acting)
{
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);
  g_return_val_if_fail (!acting || DIS_IS_OPERATOR (acting), NULL);

  return g_object_new (DIS_TYPE_OPERATOR_ROW,
                       "operator", operator,
                       "acting", acting,
                       NULL);
}

DisOperator *
dis_operator_row_get_operator (DisOperatorRow *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR_ROW (self), NULL);

  return self->operator;
}
