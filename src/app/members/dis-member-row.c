/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-member-row"

#include "config.h"

#include "dis-member-row.h"
#include "dis-member-status-pill.h"

struct _DisMemberRow
{
  AdwActionRow         parent_instance;

  DisMember           *member;

  DisMemberStatusPill *status_pill;
};

G_DEFINE_FINAL_TYPE (DisMemberRow, dis_member_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

DisMember *
dis_member_row_get_member (DisMemberRow *self)
{
  g_return_val_if_fail (DIS_IS_MEMBER_ROW (self), NULL);

  return self->member;
}

static void
dis_member_row_constructed (GObject *object)
{
  DisMemberRow *self = DIS_MEMBER_ROW (object);

  G_OBJECT_CLASS (dis_member_row_parent_class)->constructed (object);

  g_assert (DIS_IS_MEMBER (self->member));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->member->display_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->member->card_code);
  dis_member_status_pill_set_status (self->status_pill, self->member->status);
}

static void
dis_member_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DisMemberRow *self = DIS_MEMBER_ROW (object);

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
dis_member_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DisMemberRow *self = DIS_MEMBER_ROW (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      self->member = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_member_row_dispose (GObject *object)
{
  DisMemberRow *self = DIS_MEMBER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_MEMBER_ROW);
  g_clear_object (&self->member);

  G_OBJECT_CLASS (dis_member_row_parent_class)->dispose (object);
}

static void
dis_member_row_class_init (DisMemberRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_member_row_constructed;
  object_class->get_property = dis_member_row_get_property;
  object_class->set_property = dis_member_row_set_property;
  object_class->dispose = dis_member_row_dispose;

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL,
                         DIS_TYPE_MEMBER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-member-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMemberRow, status_pill);

  g_type_ensure (DIS_TYPE_MEMBER_STATUS_PILL);
}

static void
dis_member_row_init (DisMemberRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_member_row_new (DisMember *member)
{
  g_return_val_if_fail (DIS_IS_MEMBER (member), NULL);

  return g_object_new (DIS_TYPE_MEMBER_ROW, "member", member, NULL);
}
