/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-provisional-basis-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-core.h"
#include "dis-members-format.h"
#include "dis-provisional-basis-dialog.h"
#include "dis-store-members.h"

struct _DisProvisionalBasisDialog
{
  AdwMessageDialog  parent_instance;

  char             *member_name;
  guint             months;          /* 1 … DIS_PROVISIONAL_BASIS_MONTHS */

  GtkDropDown      *months_dropdown;
};

G_DEFINE_FINAL_TYPE (DisProvisionalBasisDialog, dis_provisional_basis_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_MEMBER_NAME,
  PROP_MONTHS,
  PROP_EXPIRES_JULIAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint32
dis_provisional_basis_dialog_get_expires_julian (DisProvisionalBasisDialog *self)
{
  g_return_val_if_fail (DIS_IS_PROVISIONAL_BASIS_DIALOG (self), 0);

  return dis_date_add_months (dis_date_today (), (int) self->months);
}

static void
update_body (DisProvisionalBasisDialog *self)
{
  g_autofree char *until = dis_members_format_date (dis_provisional_basis_dialog_get_expires_julian (self));

  /* Translators: %s are the member's name and a date */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("%s may buy at the Accessibile tier until %s while the membership is pending. "
                                    "The hub will review this basis. Record no document and no income: only that it was granted."),
                                  self->member_name ? self->member_name : "", until);
}

guint
dis_provisional_basis_dialog_get_months (DisProvisionalBasisDialog *self)
{
  g_return_val_if_fail (DIS_IS_PROVISIONAL_BASIS_DIALOG (self), 0);

  return self->months;
}

void
dis_provisional_basis_dialog_set_months (DisProvisionalBasisDialog *self,
                                         guint                      months)
{
  g_return_if_fail (DIS_IS_PROVISIONAL_BASIS_DIALOG (self));
  g_return_if_fail (months >= 1 && months <= DIS_PROVISIONAL_BASIS_MONTHS);

  if (self->months == months)
    return;

  self->months = months;
  gtk_drop_down_set_selected (self->months_dropdown, months - 1);
  update_body (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTHS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_JULIAN]);
}

static void
on_months_selected (DisProvisionalBasisDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->months_dropdown);

  if (selected < DIS_PROVISIONAL_BASIS_MONTHS)
    dis_provisional_basis_dialog_set_months (self, selected + 1);
}

static void
set_member_name (DisProvisionalBasisDialog *self,
                 const char                *name)
{
  if (g_strcmp0 (self->member_name, name) == 0)
    return;

  g_free (self->member_name);
  self->member_name = g_strdup (name);
  update_body (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER_NAME]);
}

static void
dis_provisional_basis_dialog_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  DisProvisionalBasisDialog *self = DIS_PROVISIONAL_BASIS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MEMBER_NAME:
      g_value_set_string (value, self->member_name);
      break;

    case PROP_MONTHS:
      g_value_set_uint (value, self->months);
      break;

    case PROP_EXPIRES_JULIAN:
      g_value_set_uint (value, dis_provisional_basis_dialog_get_expires_julian (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_provisional_basis_dialog_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  DisProvisionalBasisDialog *self = DIS_PROVISIONAL_BASIS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MEMBER_NAME:
      set_member_name (self, g_value_get_string (value));
      break;

    case PROP_MONTHS:
      dis_provisional_basis_dialog_set_months (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_provisional_basis_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_PROVISIONAL_BASIS_DIALOG);

  G_OBJECT_CLASS (dis_provisional_basis_dialog_parent_class)->dispose (object);
}

static void
dis_provisional_basis_dialog_finalize (GObject *object)
{
  DisProvisionalBasisDialog *self = DIS_PROVISIONAL_BASIS_DIALOG (object);

  g_free (self->member_name);

  G_OBJECT_CLASS (dis_provisional_basis_dialog_parent_class)->finalize (object);
}

static void
dis_provisional_basis_dialog_class_init (DisProvisionalBasisDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dis_provisional_basis_dialog_get_property;
  object_class->set_property = dis_provisional_basis_dialog_set_property;
  object_class->dispose = dis_provisional_basis_dialog_dispose;
  object_class->finalize = dis_provisional_basis_dialog_finalize;

  properties[PROP_MEMBER_NAME] =
    g_param_spec_string ("member-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONTHS] =
    g_param_spec_uint ("months", NULL, NULL,
                       1, DIS_PROVISIONAL_BASIS_MONTHS, DIS_PROVISIONAL_BASIS_MONTHS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRES_JULIAN] =
    g_param_spec_uint ("expires-julian", NULL, NULL,
                       0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-provisional-basis-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisProvisionalBasisDialog, months_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_months_selected);
}

static void
dis_provisional_basis_dialog_init (DisProvisionalBasisDialog *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 1; i <= DIS_PROVISIONAL_BASIS_MONTHS; i++)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "For %u month", "For %u months", i), i);

      gtk_string_list_append (choices, text);
    }

  /* The longest is the usual grant. */
  self->months = DIS_PROVISIONAL_BASIS_MONTHS;
  gtk_drop_down_set_model (self->months_dropdown, G_LIST_MODEL (choices));
  gtk_drop_down_set_selected (self->months_dropdown, DIS_PROVISIONAL_BASIS_MONTHS - 1);
  update_body (self);
}

GtkWidget *
dis_provisional_basis_dialog_new (GtkWindow  *parent,
                                  const char *member_name)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (DIS_TYPE_PROVISIONAL_BASIS_DIALOG,
                       "transient-for", parent,
                       "member-name", member_name,
                       NULL);
}
