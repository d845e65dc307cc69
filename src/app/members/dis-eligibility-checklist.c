/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-eligibility-checklist"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-eligibility-checklist.h"

struct _DisEligibilityChecklist
{
  GtkWidget             parent_instance;

  /* The rows we added, to take them out again. */
  GPtrArray            *rows;
  GPtrArray            *checks;

  AdwPreferencesGroup  *impegno_group;
  AdwPreferencesGroup  *accessibile_group;
};

G_DEFINE_FINAL_TYPE (DisEligibilityChecklist, dis_eligibility_checklist, GTK_TYPE_WIDGET)

static void
clear_rows (DisEligibilityChecklist *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }

  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
}

static GtkWidget *
create_row (const DisCriterionCheck *check)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *title = g_markup_escape_text (check->text, -1);

  icon = gtk_image_new_from_icon_name (check->met ? "object-select-symbolic"
                                                  : "window-close-symbolic");
  gtk_widget_add_css_class (icon, check->met ? "success" : "error");
  gtk_widget_set_tooltip_text (icon, check->met ? _("Met") : _("Not met"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, check->met ? _("Met") : _("Not met"),
                                  -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

static void
update_group (DisEligibilityChecklist *self,
              AdwPreferencesGroup     *group,
              DisTier                  tier,
              gboolean                 any)
{
  gboolean met = any;

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    {
      const DisCriterionCheck *check = g_ptr_array_index (self->checks, i);
      GtkWidget *row;

      if (check->tier != tier)
        continue;

      met = met && check->met;
      row = create_row (check);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->rows, row);
    }

  if (!any)
    adw_preferences_group_set_description (group, NULL);
  else if (met)
    adw_preferences_group_set_description (group, _("Every criterion is met"));
  else
    adw_preferences_group_set_description (group, _("Not every criterion is met yet"));
}

void
dis_eligibility_checklist_set_buyer (DisEligibilityChecklist   *self,
                                     const DisBuyer            *buyer,
                                     const DisEligibilityRules *rules,
                                     guint32                    today_julian)
{
  gboolean any;

  g_return_if_fail (DIS_IS_ELIGIBILITY_CHECKLIST (self));

  clear_rows (self);

  if (buyer != NULL)
    self->checks = dis_eligibility_checklist (buyer, rules, today_julian);

  any = self->checks != NULL && self->checks->len > 0;
  update_group (self, self->impegno_group, DIS_TIER_IMPEGNO, any);
  update_group (self, self->accessibile_group, DIS_TIER_ACCESSIBILE, any);
}

char *
dis_eligibility_checklist_dup_text (DisEligibilityChecklist *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (DIS_IS_ELIGIBILITY_CHECKLIST (self), NULL);

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    {
      const DisCriterionCheck *check = g_ptr_array_index (self->checks, i);

      g_string_append_printf (text, "%s %s\n", check->met ? "✓" : "✗", check->text);
    }

  return g_string_free (text, FALSE);
}

static void
dis_eligibility_checklist_dispose (GObject *object)
{
  DisEligibilityChecklist *self = (DisEligibilityChecklist *)object;

  g_clear_pointer (&self->checks, g_ptr_array_unref);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_ELIGIBILITY_CHECKLIST);

  G_OBJECT_CLASS (dis_eligibility_checklist_parent_class)->dispose (object);
}

static void
dis_eligibility_checklist_finalize (GObject *object)
{
  DisEligibilityChecklist *self = (DisEligibilityChecklist *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dis_eligibility_checklist_parent_class)->finalize (object);
}

static void
dis_eligibility_checklist_class_init (DisEligibilityChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_eligibility_checklist_dispose;
  object_class->finalize = dis_eligibility_checklist_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-eligibility-checklist.ui");
  gtk_widget_class_bind_template_child (widget_class, DisEligibilityChecklist, impegno_group);
  gtk_widget_class_bind_template_child (widget_class, DisEligibilityChecklist, accessibile_group);
  gtk_widget_class_set_css_name (widget_class, "eligibilitychecklist");
}

static void
dis_eligibility_checklist_init (DisEligibilityChecklist *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();

  /* Tier names are proper names, the same in every language. */
  adw_preferences_group_set_title (self->impegno_group, dis_tier_get_name (DIS_TIER_IMPEGNO));
  adw_preferences_group_set_title (self->accessibile_group, dis_tier_get_name (DIS_TIER_ACCESSIBILE));
}

GtkWidget *
dis_eligibility_checklist_new (void)
{
  return g_object_new (DIS_TYPE_ELIGIBILITY_CHECKLIST, NULL);
}
