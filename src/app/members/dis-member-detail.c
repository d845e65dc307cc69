/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-member-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-eligibility-checklist.h"
#include "dis-member-detail.h"
#include "dis-member-status-pill.h"
#include "dis-members-format.h"

struct _DisMemberDetail
{
  GtkWidget                parent_instance;

  DisMember               *member;
  DisEligibilityRules      rules;
  guint                    can_manage : 1;
  guint                    editable : 1;
  /* Filling the tier row from the member, not the person choosing. */
  guint                    updating : 1;

  GtkLabel                *name_label;
  GtkLabel                *card_label;
  DisMemberStatusPill     *status_pill;
  AdwActionRow            *status_row;
  AdwActionRow            *registered_row;
  AdwActionRow            *tiers_row;
  AdwComboRow             *tier_row;
  DisEligibilityChecklist *checklist;
  GtkLabel                *permission_label;
};

G_DEFINE_FINAL_TYPE (DisMemberDetail, dis_member_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MEMBER,
  PROP_CAN_MANAGE,
  PROP_EDITABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The membership only: which tiers it allows is the tiers row's, from
 * the evaluation the till makes (a pending member with a provisional
 * basis may use Accessibile). */
static const char *
status_text (const DisMember *member)
{
  switch (member->status)
    {
    case DIS_MEMBER_PENDING:
      return member->known_to_hub
             ? _("Pending: the hub has not validated the membership yet")
             : _("Pending: registered here, not yet received by the hub");

    case DIS_MEMBER_VALIDATED:
      return _("Validated by the hub");

    case DIS_MEMBER_SUSPENDED:
    default:
      return _("Suspended");
    }
}

/* What the till allows this member and what it proposes: the same
 * dis_eligibility_evaluate() of the same buyer, rules and day. */
static void
update_tiers (DisMemberDetail *self,
              const DisBuyer  *buyer)
{
  DisEligibility eligibility;
  g_autofree char *tiers = NULL;
  g_autofree char *text = NULL;

  dis_eligibility_evaluate (buyer, &self->rules, dis_date_today (), &eligibility);
  tiers = dis_members_format_tiers (eligibility.allowed);
  /* Translators: the tiers a member may use at the till, then the one the
   * till selects: "Impegno, Equa, Solidale — the till proposes Impegno" */
  text = g_strdup_printf (_("%s — the till proposes %s"), tiers, dis_tier_get_name (eligibility.default_tier));
  adw_action_row_set_subtitle (self->tiers_row, text);
  dis_eligibility_clear (&eligibility);
}

static void
update_sensitivity (DisMemberDetail *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->tier_row), self->editable && self->member != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->permission_label), !self->can_manage);
}

/* Everything shown comes from the member and the rules, read again. */
static void
update (DisMemberDetail *self)
{
  DisMember *member = self->member;
  g_autofree char *registered = NULL;
  DisBuyer buyer;

  update_sensitivity (self);

  if (member == NULL)
    {
      dis_eligibility_checklist_set_buyer (self->checklist, NULL, NULL, 0);
      return;
    }

  gtk_label_set_label (self->name_label, member->display_name);
  gtk_label_set_label (self->card_label, member->card_code);
  dis_member_status_pill_set_status (self->status_pill, member->status);
  adw_action_row_set_subtitle (self->status_row, status_text (member));

  registered = dis_members_format_date (member->registered_julian);
  adw_action_row_set_subtitle (self->registered_row, registered);

  self->updating = TRUE;
  adw_combo_row_set_selected (self->tier_row, MIN (member->preferred_tier, DIS_N_TIERS - 1));
  self->updating = FALSE;

  dis_member_to_buyer (member, &buyer);
  update_tiers (self, &buyer);
  dis_eligibility_checklist_set_buyer (self->checklist, &buyer, &self->rules, dis_date_today ());
}

static void
on_tier_selected (DisMemberDetail *self)
{
  guint tier = adw_combo_row_get_selected (self->tier_row);

  if (self->updating || self->member == NULL || tier >= DIS_N_TIERS ||
      tier == self->member->preferred_tier)
    return;

  /* Not allowed now (the page is busy): show the member's tier again. */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "members.preferred-tier", "u", tier))
    update (self);
}

DisMember *
dis_member_detail_get_member (DisMemberDetail *self)
{
  g_return_val_if_fail (DIS_IS_MEMBER_DETAIL (self), NULL);

  return self->member;
}

void
dis_member_detail_set_member (DisMemberDetail *self,
                              DisMember       *member)
{
  gboolean changed;

  g_return_if_fail (DIS_IS_MEMBER_DETAIL (self));
  g_return_if_fail (!member || DIS_IS_MEMBER (member));

  changed = g_set_object (&self->member, member);
  update (self);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}

void
dis_member_detail_set_rules (DisMemberDetail           *self,
                             const DisEligibilityRules *rules)
{
  g_return_if_fail (DIS_IS_MEMBER_DETAIL (self));
  g_return_if_fail (rules != NULL);

  self->rules = *rules;
  update (self);
}

void
dis_member_detail_set_can_manage (DisMemberDetail *self,
                                  gboolean         can_manage)
{
  g_return_if_fail (DIS_IS_MEMBER_DETAIL (self));

  can_manage = !!can_manage;
  if (self->can_manage == (guint) can_manage)
    return;

  self->can_manage = can_manage;
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}

void
dis_member_detail_set_editable (DisMemberDetail *self,
                                gboolean         editable)
{
  g_return_if_fail (DIS_IS_MEMBER_DETAIL (self));

  editable = !!editable;
  if (self->editable == (guint) editable)
    return;

  self->editable = editable;
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

static void
dis_member_detail_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DisMemberDetail *self = DIS_MEMBER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;

    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;

    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_member_detail_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DisMemberDetail *self = DIS_MEMBER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      dis_member_detail_set_member (self, g_value_get_object (value));
      break;

    case PROP_CAN_MANAGE:
      dis_member_detail_set_can_manage (self, g_value_get_boolean (value));
      break;

    case PROP_EDITABLE:
      dis_member_detail_set_editable (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_member_detail_dispose (GObject *object)
{
  DisMemberDetail *self = DIS_MEMBER_DETAIL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_MEMBER_DETAIL);
  /* The scrolled window has no name of its own to be disposed with. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->member);

  G_OBJECT_CLASS (dis_member_detail_parent_class)->dispose (object);
}

static void
dis_member_detail_class_init (DisMemberDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dis_member_detail_get_property;
  object_class->set_property = dis_member_detail_set_property;
  object_class->dispose = dis_member_detail_dispose;

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL,
                         DIS_TYPE_MEMBER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-member-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, card_label);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, status_pill);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, status_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, registered_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, tiers_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, tier_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, checklist);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDetail, permission_label);
  gtk_widget_class_bind_template_callback (widget_class, on_tier_selected);
  gtk_widget_class_set_css_name (widget_class, "memberdetail");

  g_type_ensure (DIS_TYPE_ELIGIBILITY_CHECKLIST);
  g_type_ensure (DIS_TYPE_MEMBER_STATUS_PILL);
}

static void
dis_member_detail_init (DisMemberDetail *self)
{
  g_autoptr(GtkStringList) tier_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rules = DIS_ELIGIBILITY_RULES_DEFAULT;

  for (guint i = 0; i < DIS_N_TIERS; i++)
    gtk_string_list_append (tier_names, dis_tier_get_name (i));
  self->updating = TRUE;
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (tier_names));
  self->updating = FALSE;

  update (self);
}
