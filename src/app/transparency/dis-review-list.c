/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-review-list"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "dis-flagged-sale-item.h"
#include "dis-money.h"
#include "dis-review-list-private.h"
#include "dis-tier.h"
#include "dis-ui.h"

struct _DisReviewList
{
  GtkWidget       parent_instance;

  DisCoordinator *coordinator;
  GCancellable   *cancellable;     /* the reading in flight */
  guint           busy : 1;        /* a decision in flight */

  /* Template children */
  GtkStack       *stack;
  GtkLabel       *message_label;
  GtkListBox     *list;
  GListStore     *sales;           /* DisFlaggedSaleItem, as the hub sent them */
};

G_DEFINE_FINAL_TYPE (DisReviewList, dis_review_list, GTK_TYPE_WIDGET)

/* A decision on its way to the hub: the row leaves the list when it is
 * recorded. */
typedef struct
{
  DisReviewList      *self;
  DisFlaggedSaleItem *item;
  gboolean            accept;
} Decision;

static void
decision_free (Decision *decision)
{
  g_object_unref (decision->self);
  g_object_unref (decision->item);
  g_free (decision);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decision, decision_free)

static void
show_message (DisReviewList *self,
              const char    *message)
{
  gtk_label_set_label (self->message_label, message);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
show_sales (DisReviewList *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sales)) == 0)
    show_message (self, _("No flagged sales wait for a decision."));
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
decided_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Decision) decision = user_data;
  DisReviewList *self = decision->self;
  const DisFlaggedSale *sale = dis_flagged_sale_item_get_sale (decision->item);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  guint position;

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
  if (g_list_store_find (self->sales, decision->item, &position))
    g_list_store_remove (self->sales, position);
  show_sales (self);
  if (decision->accept)
    /* Translators: %s is a receipt number */
    done = g_strdup_printf (_("Receipt %s accepted: the fund counts it"), sale->receipt_no);
  else
    /* Translators: %s is a receipt number */
    done = g_strdup_printf (_("Receipt %s rejected: the fund leaves it out"), sale->receipt_no);
  dis_ui_message (GTK_WIDGET (self), done);
}

static void
decide (GtkWidget          *button,
        DisFlaggedSaleItem *item,
        gboolean            accept)
{
  DisReviewList *self = DIS_REVIEW_LIST (gtk_widget_get_ancestor (button, DIS_TYPE_REVIEW_LIST));
  Decision *decision;

  if (self == NULL || self->coordinator == NULL || self->busy)
    return;
  self->busy = TRUE;
  decision = g_new0 (Decision, 1);
  decision->self = g_object_ref (self);
  decision->item = g_object_ref (item);
  decision->accept = accept;
  dis_coordinator_decide_review_async (self->coordinator, dis_flagged_sale_item_get_sale (item)->sale_id, accept,
                                       NULL, decided_cb, decision);
}

static void
accept_clicked_cb (GtkButton          *button,
                   DisFlaggedSaleItem *item)
{
  decide (GTK_WIDGET (button), item, TRUE);
}

static void
reject_clicked_cb (GtkButton          *button,
                   DisFlaggedSaleItem *item)
{
  decide (GTK_WIDGET (button), item, FALSE);
}

/* A button deciding on @item: the button holds the item for as long as
 * it lives. */
static GtkWidget *
decision_button (DisFlaggedSaleItem *item,
                 const char         *label,
                 const char         *accessible,
                 GCallback           callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_data (button, "clicked", callback, g_object_ref (item), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return button;
}

static GtkWidget *
create_row (gpointer object,
            gpointer user_data)
{
  DisFlaggedSaleItem *item = object;
  const DisFlaggedSale *sale = dis_flagged_sale_item_get_sale (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *total = dis_money_format (sale->total_cents);
  g_autofree char *point_total = dis_money_format (sale->point_total_cents);
  g_autofree char *title = NULL, *figures = NULL, *accept = NULL, *reject = NULL;
  GtkWidget *label, *accept_button, *reject_button;
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
  accept_button = decision_button (item, _("_Accept"), accept, G_CALLBACK (accept_clicked_cb));
  gtk_widget_add_css_class (accept_button, "suggested-action");
  reject_button = decision_button (item, _("_Reject"), reject, G_CALLBACK (reject_clicked_cb));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), accept_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), reject_button);
  return row;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DisReviewList) self = user_data;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  sales = dis_coordinator_list_reviews_finish (DIS_COORDINATOR (source), result, &error);
  if (sales == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }
  /* The items take the sales over from the array. */
  g_ptr_array_set_free_func (sales, NULL);
  items = g_ptr_array_new_full (sales->len, g_object_unref);
  for (guint i = 0; i < sales->len; i++)
    g_ptr_array_add (items, dis_flagged_sale_item_new (g_ptr_array_index (sales, i)));
  g_list_store_splice (self->sales, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sales)),
                       items->pdata, items->len);
  show_sales (self);
}

void
dis_review_list_refresh (DisReviewList *self)
{
  g_return_if_fail (DIS_IS_REVIEW_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_list_store_remove_all (self->sales);
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

  if (self->coordinator == coordinator)
    return;
  if (self->coordinator != NULL)
    g_signal_handlers_disconnect_by_data (self->coordinator, self);
  g_set_object (&self->coordinator, coordinator);
  if (coordinator != NULL)
    g_signal_connect_object (coordinator, "notify::name", G_CALLBACK (name_changed_cb), self,
                             G_CONNECT_SWAPPED);
  dis_review_list_refresh (self);
}

GListModel *
_dis_review_list_get_sales (DisReviewList *self)
{
  g_return_val_if_fail (DIS_IS_REVIEW_LIST (self), NULL);

  return G_LIST_MODEL (self->sales);
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
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->coordinator != NULL)
    g_signal_handlers_disconnect_by_data (self->coordinator, self);
  g_clear_object (&self->coordinator);
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_REVIEW_LIST);
  /* The template's box has no id: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (dis_review_list_parent_class)->dispose (object);
}

static void
dis_review_list_class_init (DisReviewListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_review_list_dispose;

  g_type_ensure (DIS_TYPE_FLAGGED_SALE_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/transparency/dis-review-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DisReviewList, stack);
  gtk_widget_class_bind_template_child (widget_class, DisReviewList, message_label);
  gtk_widget_class_bind_template_child (widget_class, DisReviewList, list);
  gtk_widget_class_bind_template_child (widget_class, DisReviewList, sales);
  gtk_widget_class_install_action (widget_class, "review.refresh", NULL, refresh_action);
}

static void
dis_review_list_init (DisReviewList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->sales), create_row, NULL, NULL);
  dis_review_list_refresh (self);
}
