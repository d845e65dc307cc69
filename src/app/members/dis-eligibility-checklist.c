/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-eligibility-checklist"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-criterion-item.h"
#include "dis-criterion-row.h"
#include "dis-eligibility-checklist-private.h"

struct _DisEligibilityChecklist
{
  GtkWidget             parent_instance;

  /* DisCriterionItem: every criterion, Impegno's first; each group shows
   * those of its tier through a filter. */
  GListStore           *checks;

  GListModel           *impegno_checks;
  GListModel           *accessibile_checks;

  AdwPreferencesGroup  *impegno_group;
  GtkListBox           *impegno_list;
  AdwPreferencesGroup  *accessibile_group;
  GtkListBox           *accessibile_list;
};

G_DEFINE_FINAL_TYPE (DisEligibilityChecklist, dis_eligibility_checklist, GTK_TYPE_WIDGET)

static gboolean
is_of_tier (gpointer item,
            gpointer tier)
{
  return dis_criterion_item_get_tier (item) == GPOINTER_TO_UINT (tier);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return dis_criterion_row_new (item);
}

/* The criteria of @tier only, shown in @list. */
static GListModel *
bind_tier (DisEligibilityChecklist *self,
           GtkListBox              *list,
           DisTier                  tier)
{
  GtkCustomFilter *filter = gtk_custom_filter_new (is_of_tier, GUINT_TO_POINTER (tier), NULL);
  GtkFilterListModel *model;

  model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->checks)), GTK_FILTER (filter));
  gtk_list_box_bind_model (list, G_LIST_MODEL (model), create_row, NULL, NULL);

  return G_LIST_MODEL (model);
}

/* The group's summary below its title, and the list hidden when empty.
 * @allowed is what dis_eligibility_evaluate() says of the tier: it may
 * be allowed without its own criteria, by a lower tier's (every tier
 * above the lowest allowed one is allowed too). */
static void
update_group (AdwPreferencesGroup *group,
              GtkListBox          *list,
              GListModel          *checks,
              gboolean             allowed)
{
  guint n = g_list_model_get_n_items (checks);
  gboolean met = TRUE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisCriterionItem) item = g_list_model_get_item (checks, i);

      met = met && dis_criterion_item_get_met (item);
    }

  gtk_widget_set_visible (GTK_WIDGET (list), n > 0);
  if (n == 0)
    adw_preferences_group_set_description (group, NULL);
  else if (met)
    adw_preferences_group_set_description (group, _("Every criterion is met"));
  else if (allowed)
    adw_preferences_group_set_description (group,
                                           _("Usable at the till all the same: the Accessibile basis "
                                             "allows every tier above Accessibile. Not every criterion "
                                             "below is met yet."));
  else
    adw_preferences_group_set_description (group, _("Not every criterion is met yet"));
}

void
dis_eligibility_checklist_set_buyer (DisEligibilityChecklist   *self,
                                     const DisBuyer            *buyer,
                                     const DisEligibilityRules *rules,
                                     guint32                    today_julian)
{
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  DisEligibility eligibility = { { FALSE, }, };

  g_return_if_fail (DIS_IS_ELIGIBILITY_CHECKLIST (self));

  if (buyer != NULL)
    {
      checks = dis_eligibility_checklist (buyer, rules, today_julian);
      dis_eligibility_evaluate (buyer, rules, today_julian, &eligibility);
    }

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    g_ptr_array_add (items, dis_criterion_item_new (g_ptr_array_index (checks, i)));

  g_list_store_splice (self->checks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->checks)),
                       items->pdata, items->len);

  update_group (self->impegno_group, self->impegno_list, self->impegno_checks,
                eligibility.allowed[DIS_TIER_IMPEGNO]);
  update_group (self->accessibile_group, self->accessibile_list, self->accessibile_checks,
                eligibility.allowed[DIS_TIER_ACCESSIBILE]);
  dis_eligibility_clear (&eligibility);
}

char *
dis_eligibility_checklist_dup_text (DisEligibilityChecklist *self)
{
  GString *text = g_string_new (NULL);
  GListModel *model;

  g_return_val_if_fail (DIS_IS_ELIGIBILITY_CHECKLIST (self), NULL);

  model = G_LIST_MODEL (self->checks);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DisCriterionItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s %s\n",
                              dis_criterion_item_get_met (item) ? "✓" : "✗",
                              dis_criterion_item_get_text (item));
    }

  return g_string_free (text, FALSE);
}

static void
dis_eligibility_checklist_dispose (GObject *object)
{
  DisEligibilityChecklist *self = (DisEligibilityChecklist *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_ELIGIBILITY_CHECKLIST);
  g_clear_object (&self->impegno_checks);
  g_clear_object (&self->accessibile_checks);
  g_clear_object (&self->checks);

  G_OBJECT_CLASS (dis_eligibility_checklist_parent_class)->dispose (object);
}

static void
dis_eligibility_checklist_class_init (DisEligibilityChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_eligibility_checklist_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-eligibility-checklist.ui");
  gtk_widget_class_bind_template_child (widget_class, DisEligibilityChecklist, impegno_group);
  gtk_widget_class_bind_template_child (widget_class, DisEligibilityChecklist, impegno_list);
  gtk_widget_class_bind_template_child (widget_class, DisEligibilityChecklist, accessibile_group);
  gtk_widget_class_bind_template_child (widget_class, DisEligibilityChecklist, accessibile_list);
  gtk_widget_class_set_css_name (widget_class, "eligibilitychecklist");
}

static void
dis_eligibility_checklist_init (DisEligibilityChecklist *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->checks = g_list_store_new (DIS_TYPE_CRITERION_ITEM);
  self->impegno_checks = bind_tier (self, self->impegno_list, DIS_TIER_IMPEGNO);
  self->accessibile_checks = bind_tier (self, self->accessibile_list, DIS_TIER_ACCESSIBILE);
  update_group (self->impegno_group, self->impegno_list, self->impegno_checks, FALSE);
  update_group (self->accessibile_group, self->accessibile_list, self->accessibile_checks, FALSE);

  /* Tier names are proper names, the same in every language. */
  adw_preferences_group_set_title (self->impegno_group, dis_tier_get_name (DIS_TIER_IMPEGNO));
  adw_preferences_group_set_title (self->accessibile_group, dis_tier_get_name (DIS_TIER_ACCESSIBILE));
}
