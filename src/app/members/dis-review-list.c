/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-review-list"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "dis-money.h"
#include "dis-review-list.h"
#include "dis-tier.h"
#include "dis-ui.h"

struct _DisReviewList
{
  GtkWidget       parent_instance;

  DisCoordinator *coordinator;
  GCancellable   *cancellable;     /* the reading in flight */
  guint           busy : 1;        /* a decision in flight */

  GtkStack       *stack;
  GtkLabel       *message_label;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (DisReviewList, dis_review_list, GTK_TYPE_WIDGET)

static void
show_message (DisReviewList *self,
              const char    *message)
{
  gtk_label_set_label (self->message_label, message);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
clear_rows (DisReviewList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void decide (DisReviewList *self, GtkWidget *button, gboolean accept);

static void
accept_clicked_cb (GtkButton     *button,
                   DisReviewList *self)
{
  decide (self, GTK_WIDGET (button), TRUE);
}

static void
reject_clicked_cb (GtkButton     *button,
                   DisReviewList *self)
{
  decide (self, GTK_WIDGET (button), FALSE);
}

static GtkWidget *
decision_button (DisReviewList  *self,
                 const char     *label,
                 const char     *sale_id,
                 const char     *accessible,
                 GCallback       callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "sale-id", g_strdup (sale_id), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
sale_row (DisReviewList        *self,
          const DisFlaggedSale *sale)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *total = dis_money_format (sale->total_cents);
  g_autofree char *point_total = dis_money_format (sale->point_total_cents);
  g_autofree char *title = NULL, *figures = NULL, *accept = NULL, *reject = NULL;
  GtkWidget *label;
  DisTier tier;

  /* Translators: a flagged sale: receipt number, point code */
  title = g_strdup_printf (_("Receipt %s at %s"), sale->receipt_no, sale->point != NULL ? sale->point : "?");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sale->reason != NULL ? sale->reason : "");

  /* Translators: tier name, the hub's total, the point's total */
  figures = g_strdup_printf (_("%s · hub %s, point %s"),
                             dis_tier_from_code (sale->tier, &tier) ? dis_tier_get_name (tier) : sale->tier,
                             total, point_total);
  label = gtk_label_new (figures);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  /* Translators: %s is a receipt number */
  accept = g_strdup_printf (_("Accept receipt %s"), sale->receipt_no);
  /* Translators: %s is a receipt number */
  reject = g_strdup_printf (_("Reject receipt %s"), sale->receipt_no);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             decision_button (self, _("_Accept"), sale->sale_id, accept,
                                              G_CALLBACK (accept_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             decision_button (self, _("_Reject"), sale->sale_id, reject,
                                              G_CALLBACK (reject_clicked_cb)));
  return row;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisReviewList) self = user_data;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) error = NULL;

  sales = dis_coordinator_list_reviews_finish (DIS_COORDINATOR (source), result, &error);
  if (sales == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }
  clear_rows (self);
  if (sales->len == 0)
    {
      show_message (self, _("No flagged sales wait for a decision."));
      return;
    }
  for (guint i = 0; i < sales->len; i++)
    gtk_list_box_append (self->list, sale_row (self, g_ptr_array_index (sales, i)));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

void
dis_review_list_refresh (DisReviewList *self)
{
  g_return_if_fail (DIS_IS_REVIEW_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_rows (self);
  if (self->coordinator == NULL || dis_coordinator_get_name (self->coordinator) == NULL)
    {
      show_message (self, _("Sign in as a coordinator on the Members page to review the sales the hub flagged."));
      return;
    }
  show_message (self, _("Reading the flagged sales from the hub…"));
  self->cancellable = g_cancellable_new ();
  dis_coordinator_list_reviews_async (self->coordinator, self->cancellable, listed_cb, g_object_ref (self));
}

static void
decided_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DisReviewList) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!dis_coordinator_decide_review_finish (DIS_COORDINATOR (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s says why, a sentence without its full stop */
          g_autofree char *sentence = g_strdup_printf (_("Nothing was changed. %s."), error->message);

          dis_ui_warning (GTK_WIDGET (self), sentence);
        }
      return;
    }
  dis_ui_message (GTK_WIDGET (self), _("Decision recorded on the hub"));
  dis_review_list_refresh (self);
}

static void
decide (DisReviewList *self,
        GtkWidget     *button,
        gboolean       accept)
{
  const char *sale_id = g_object_get_data (G_OBJECT (button), "sale-id");

  if (self->coordinator == NULL || self->busy || sale_id == NULL)
    return;
  self->busy = TRUE;
  dis_coordinator_decide_review_async (self->coordinator, sale_id, accept, NULL, decided_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dis_review_list_refresh (DIS_REVIEW_LIST (widget));
}

static void
name_changed_cb (DisReviewList *self)
{
  dis_review_list_refresh (self);
}

void
dis_review_list_set_coordinator (DisReviewList  *self,
                                 DisCoordinator *coordinator)
{
  g_return_if_fail (DIS_IS_REVIEW_LIST (self));
  g_return_if_fail (!coordinator || DIS_IS_COORDINATOR (coordinator));

  if (self->coordinator != NULL)
    g_signal_handlers_disconnect_by_data (self->coordinator, self);
  if (!g_set_object (&self->coordinator, coordinator))
    return;
  if (coordinator != NULL)
    g_signal_connect_object (coordinator, "notify::name", G_CALLBACK (name_changed_cb), self,
                             G_CONNECT_SWAPPED);
  dis_review_list_refresh (self);
}

GtkWidget *
dis_review_list_new (void)
{
  return g_object_new (DIS_TYPE_REVIEW_LIST, NULL);
}

static void
dis_review_list_dispose (GObject *object)
{
  DisReviewList *self = DIS_REVIEW_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->coordinator != NULL)
    g_signal_handlers_disconnect_by_data (self->coordinator, self);
  g_clear_object (&self->coordinator);
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_REVIEW_LIST);
  G_OBJECT_CLASS (dis_review_list_parent_class)->dispose (object);
}

static void
dis_review_list_class_init (DisReviewListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_review_list_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-review-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DisReviewList, stack);
  gtk_widget_class_bind_template_child (widget_class, DisReviewList, message_label);
  gtk_widget_class_bind_template_child (widget_class, DisReviewList, list);
  gtk_widget_class_install_action (widget_class, "review.refresh", NULL, refresh_action);
}

static void
dis_review_list_init (DisReviewList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dis_review_list_refresh (self);
}
