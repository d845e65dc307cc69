/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-operator-form"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-operator-form.h"
#include "dis-ui.h"

struct _DisOperatorForm
{
  AdwMessageDialog  parent_instance;

  DisOperator      *operator;

  AdwEntryRow      *name_row;
  AdwComboRow      *role_row;
  AdwEntryRow      *pin_row;
  AdwEntryRow      *repeat_row;
  GtkLabel         *hint_label;
};

G_DEFINE_FINAL_TYPE (DisOperatorForm, dis_operator_form, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_OPERATOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The reason the form cannot be sent, or NULL. */
static const char *
problem (DisOperatorForm *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));

  if (self->operator == NULL)
    {
      g_autofree char *name = dis_operator_form_dup_name (self);

      if (name[0] == '\0')
        return _("Type the operator’s name.");
    }

  if (!dis_pin_is_well_formed (pin))
    return _("The PIN must be 4 to 8 digits.");

  if (g_strcmp0 (pin, repeat) != 0)
    return _("The two PINs are different.");

  return NULL;
}

static void
changed_cb (DisOperatorForm *self)
{
  const char *reason = problem (self);

  gtk_label_set_label (self->hint_label, reason ? reason : "");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply", reason == NULL);
}

static void
dis_operator_form_response (AdwMessageDialog *dialog,
                            const char       *response)
{
  /* libadwaita 1.2's AdwEntryRow crashes when destroyed while focused
   * (it was, when Enter chose the default response). */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  if (ADW_MESSAGE_DIALOG_CLASS (dis_operator_form_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (dis_operator_form_parent_class)->response (dialog, response);
}

static void
dis_operator_form_constructed (GObject *object)
{
  DisOperatorForm *self = (DisOperatorForm *)object;

  G_OBJECT_CLASS (dis_operator_form_parent_class)->constructed (object);

  if (self->operator != NULL)
    {
      g_autofree char *body = g_strdup_printf (_("Choose the new PIN of “%s”."),
                                               dis_operator_get_name (self->operator));

      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Change PIN"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "apply", _("_Change PIN"));
      gtk_widget_set_visible (GTK_WIDGET (self->name_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->role_row), FALSE);
    }

  changed_cb (self);
}

static void
dis_operator_form_map (GtkWidget *widget)
{
  DisOperatorForm *self = DIS_OPERATOR_FORM (widget);

  GTK_WIDGET_CLASS (dis_operator_form_parent_class)->map (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->operator == NULL ? self->name_row : self->pin_row));
}

static void
dis_operator_form_finalize (GObject *object)
{
  DisOperatorForm *self = (DisOperatorForm *)object;

  g_clear_object (&self->operator);

  G_OBJECT_CLASS (dis_operator_form_parent_class)->finalize (object);
}

static void
dis_operator_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisOperatorForm *self = DIS_OPERATOR_FORM (object);

  switch (prop_id)
    {
    case PROP_OPERATOR:
      g_value_set_object (value, self->operator);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_operator_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DisOperatorForm *self = DIS_OPERATOR_FORM (object);

  switch (prop_id)
    {
    case PROP_OPERATOR:
      self->operator = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_operator_form_class_init (DisOperatorFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->constructed = dis_operator_form_constructed;
  object_class->finalize = dis_operator_form_finalize;
  object_class->get_property = dis_operator_form_get_property;
  object_class->set_property = dis_operator_form_set_property;

  widget_class->map = dis_operator_form_map;

  dialog_class->response = dis_operator_form_response;

  properties[PROP_OPERATOR] =
    g_param_spec_object ("operator", NULL, NULL,
                         DIS_TYPE_OPERATOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-operator-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DisOperatorForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, DisOperatorForm, role_row);
  gtk_widget_class_bind_template_child (widget_class, DisOperatorForm, pin_row);
  gtk_widget_class_bind_template_child (widget_class, DisOperatorForm, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, DisOperatorForm, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
dis_operator_form_init (DisOperatorForm *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Positions match DisRole. */
  gtk_string_list_append (roles, dis_role_get_name (DIS_ROLE_VOLONTARIO));
  gtk_string_list_append (roles, dis_role_get_name (DIS_ROLE_RESPONSABILE));
  gtk_string_list_append (roles, dis_role_get_name (DIS_ROLE_COORDINATORE));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_selected (self->role_row, DIS_ROLE_VOLONTARIO);

  dis_ui_label_entry_row (self->name_row);
  dis_ui_label_entry_row (self->pin_row);
  dis_ui_label_entry_row (self->repeat_row);
}

GtkWidget *
dis_operator_form_new (GtkWindow   *parent,
                       DisOperator *operator)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (!operator || DIS_IS_OPERATOR (operator), NULL);

  return g_object_new (DIS_TYPE_OPERATOR_FORM,
                       "transient-for", parent,
                       "operator", operator,
                       NULL);
}

DisOperator *
dis_operator_form_get_operator (DisOperatorForm *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR_FORM (self), NULL);

  return self->operator;
}

char *
dis_operator_form_dup_name (DisOperatorForm *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR_FORM (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

DisRole
dis_operator_form_get_role (DisOperatorForm *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR_FORM (self), DIS_ROLE_VOLONTARIO);

  return (DisRole) adw_combo_row_get_selected (self->role_row);
}

const char *
dis_operator_form_get_pin (DisOperatorForm *self)
{
  g_return_val_if_fail (DIS_IS_OPERATOR_FORM (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
}
