/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-members-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-member-detail.h"
#include "dis-member-row.h"
#include "dis-members-page-private.h"
#include "dis-ui.h"

#define SEARCH_LIMIT 100

G_DEFINE_FINAL_TYPE (DisMembersPage, dis_members_page, GTK_TYPE_WIDGET)

/* A callback's way back to the page, and whether its answer is still
 * wanted: a newer search or member asked meanwhile makes it stale. */
typedef struct
{
  DisMembersPage *self;
  guint           serial;
  char           *card;
} Request;

static Request *
request_new (DisMembersPage *self,
             guint           serial,
             const char     *card)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->serial = serial;
  request->card = g_strdup (card);

  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_free (request->card);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static gboolean
same_card (gconstpointer a,
           gconstpointer b)
{
  return g_strcmp0 (((const DisMember *) a)->card_code, ((const DisMember *) b)->card_code) == 0;
}

/* Keeps the member shown selected in the list, when it is there. */
static void
select_shown (DisMembersPage *self)
{
  DisMember *shown = dis_member_detail_get_member (self->detail);
  guint position;

  if (shown == NULL ||
      !g_list_store_find_with_equal_func (self->members, shown, same_card, &position))
    return;

  self->selecting = TRUE;
  gtk_list_box_select_row (self->members_list, gtk_list_box_get_row_at_index (self->members_list, (int) position));
  self->selecting = FALSE;
}

/* ---- The member shown --------------------------------------------------- */

void
_dis_members_page_show (DisMembersPage *self,
                        DisMember      *member)
{
  g_assert (DIS_IS_MEMBERS_PAGE (self));

  dis_member_detail_set_member (self->detail, member);
  gtk_stack_set_visible_child_name (self->detail_stack, member != NULL ? "member" : "none");
  _dis_members_page_update_actions (self);
}

void
_dis_members_page_member_changed (DisMembersPage *self,
                                  DisMember      *member)
{
  DisMember *shown = dis_member_detail_get_member (self->detail);
  guint position;

  g_assert (DIS_IS_MEMBERS_PAGE (self));
  g_assert (DIS_IS_MEMBER (member));

  if (g_list_store_find_with_equal_func (self->members, member, same_card, &position))
    g_list_store_splice (self->members, position, 1, (gpointer *) &member, 1);

  if (shown != NULL && same_card (shown, member))
    {
      _dis_members_page_show (self, member);
      select_shown (self);
    }
}

static void
find_member_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  DisMembersPage *self = request->self;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;

  member = dis_store_find_member_by_card_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Someone chose another member meanwhile. */
  if (request->serial != self->show_serial)
    return;

  if (member == NULL)
    {
      if (g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
        {
          /* Translators: %s is a member card code */
          g_autofree char *sentence = g_strdup_printf (_("No member has the card %s. Check the card and search again."),
                                                       request->card);

          dis_ui_show_error (GTK_WIDGET (self), sentence, NULL);
        }
      else
        dis_ui_show_error (GTK_WIDGET (self),
                           _("The member could not be read. Try again; if it fails again, restart the till."),
                           error);
      return;
    }

  _dis_members_page_show (self, member);
  select_shown (self);
}

void
dis_members_page_show_member (DisMembersPage *self,
                              const char     *card_code)
{
  g_return_if_fail (DIS_IS_MEMBERS_PAGE (self));
  g_return_if_fail (card_code != NULL);

  if (self->store == NULL)
    return;

  dis_store_find_member_by_card_async (self->store, card_code, self->cancellable, find_member_cb,
                                       request_new (self, ++self->show_serial, card_code));
}

DisMember *
dis_members_page_get_member (DisMembersPage *self)
{
  g_return_val_if_fail (DIS_IS_MEMBERS_PAGE (self), NULL);

  return dis_member_detail_get_member (self->detail);
}

/* ---- Searching ---------------------------------------------------------- */

static GtkWidget *
create_member_row (gpointer item,
                   gpointer user_data)
{
  return dis_member_row_new (item);
}

/* Nothing to list: nothing matched what was typed, or, with nothing
 * typed, this point has no members yet (a new point, the demo). */
static void
show_empty (DisMembersPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  gboolean searched = *text != '\0';

  adw_status_page_set_icon_name (self->empty_page, searched ? "edit-find-symbolic" : "system-users-symbolic");
  adw_status_page_set_title (self->empty_page, searched ? _("No Members Found") : _("No Members Yet"));
  adw_status_page_set_description (self->empty_page,
                                   searched ? _("Try another name or card code")
                                            : _("Register the first one with the + button (Ctrl+N)"));
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  DisMembersPage *self = request->self;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  members = dis_store_search_members_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A newer query was asked: this answer is stale. */
  if (request->serial != self->search_serial)
    return;

  g_clear_object (&self->search_cancellable);

  if (members == NULL)
    {
      dis_ui_show_error (GTK_WIDGET (self),
                         _("The members could not be searched. Try again; if it fails again, restart the till."),
                         error);
      return;
    }

  g_list_store_splice (self->members, 0, g_list_model_get_n_items (G_LIST_MODEL (self->members)),
                       members->pdata, members->len);
  select_shown (self);
  gtk_stack_set_visible_child_name (self->results_stack, members->len > 0 ? "list" : "empty");
  if (members->len == 0)
    show_empty (self);
}

void
_dis_members_page_search (DisMembersPage *self)
{
  g_autofree char *text = NULL;

  g_assert (DIS_IS_MEMBERS_PAGE (self));

  if (self->store == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();

  dis_store_search_members_async (self->store, text, SEARCH_LIMIT, self->search_cancellable,
                                  search_cb, request_new (self, ++self->search_serial, NULL));
}

static void
on_search_changed (DisMembersPage *self)
{
  _dis_members_page_search (self);
}

static void
on_search_activate (DisMembersPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->members_list, 0);

  /* Enter shows the first result (a scanned card finds exactly one). */
  if (row != NULL && gtk_widget_get_visible (GTK_WIDGET (self->members_list)))
    gtk_list_box_select_row (self->members_list, row);
}

static void
on_row_selected (DisMembersPage *self,
                 GtkListBoxRow  *row)
{
  if (row == NULL || self->selecting)
    return;

  /* Read again: the list may be a few seconds old. */
  dis_members_page_show_member (self, dis_member_row_get_member (DIS_MEMBER_ROW (row))->card_code);
}

/* ---- Changes from elsewhere ------------------------------------------------ */

static void
refresh_member_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  DisMembersPage *self = request->self;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;
  DisMember *shown;
  guint position;

  member = dis_store_find_member_by_card_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (member != NULL)
    {
      _dis_members_page_member_changed (self, member);
      return;
    }

  if (!g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
    {
      /* What is shown stays; the next look at the member reads it again. */
      g_warning ("Could not read the changed member %s: %s", request->card, error->message);
      return;
    }

  /* The hub took the member away. */
  shown = dis_member_detail_get_member (self->detail);
  if (shown != NULL && g_strcmp0 (shown->card_code, request->card) == 0)
    _dis_members_page_show (self, NULL);
  for (position = 0; position < g_list_model_get_n_items (G_LIST_MODEL (self->members)); position++)
    {
      g_autoptr(DisMember) item = g_list_model_get_item (G_LIST_MODEL (self->members), position);

      if (g_strcmp0 (item->card_code, request->card) == 0)
        {
          g_list_store_remove (self->members, position);
          break;
        }
    }
}

static gboolean
is_listed (DisMembersPage *self,
           const char     *card)
{
  g_autoptr(DisMember) probe = dis_member_new ();
  guint position;

  probe->card_code = g_strdup (card);
  return g_list_store_find_with_equal_func (self->members, probe, same_card, &position);
}

/* Members changed underneath (a page of the hub's changes, a sale, another
 * page): the ones on screen are read again and replaced in place; one
 * the list does not have may now match the search. */
static void
members_changed_cb (DisMembersPage     *self,
                    const char * const *cards,
                    DisStore           *store)
{
  DisMember *shown = dis_member_detail_get_member (self->detail);
  gboolean search = FALSE;

  for (guint i = 0; cards != NULL && cards[i] != NULL; i++)
    {
      gboolean listed = is_listed (self, cards[i]);

      if (listed || (shown != NULL && g_strcmp0 (shown->card_code, cards[i]) == 0))
        dis_store_find_member_by_card_async (store, cards[i], self->cancellable, refresh_member_cb,
                                             request_new (self, 0, cards[i]));
      search = search || !listed;
    }

  if (search)
    _dis_members_page_search (self);
}

static void load_rules (DisMembersPage *self);

static void
rules_changed_cb (DisMembersPage *self)
{
  load_rules (self);
}

/* ---- Rules -------------------------------------------------------------- */

static void
load_rules_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DisMembersPage) self = user_data;
  DisEligibilityRules rules;
  g_autoptr(GError) error = NULL;

  if (!dis_store_get_eligibility_rules_finish (DIS_STORE (object), result, &rules, &error))
    {
      /* The defaults stay; the till reads the same table. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the eligibility rules: %s", error->message);
      return;
    }

  if (!self->disposed)
    dis_member_detail_set_rules (self->detail, &rules);
}

static void
load_rules (DisMembersPage *self)
{
  if (self->store != NULL)
    dis_store_get_eligibility_rules_async (self->store, self->cancellable,
                                           load_rules_cb, g_object_ref (self));
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_members_page_map (GtkWidget *widget)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  DisMember *shown = dis_member_detail_get_member (self->detail);

  GTK_WIDGET_CLASS (dis_members_page_parent_class)->map (widget);

  /* Members arrive by sync and from other pages: look again. */
  _dis_members_page_search (self);
  if (shown != NULL)
    dis_members_page_show_member (self, shown->card_code);
}

static void
dis_members_page_dispose (GObject *object)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_MEMBERS_PAGE);
  /* The toast overlay around everything has no name of its own. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->operator);
  g_clear_object (&self->members);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dis_members_page_parent_class)->dispose (object);
}

static void
dis_members_page_class_init (DisMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_members_page_dispose;
  widget_class->map = dis_members_page_map;

  _dis_members_page_class_init_actions (widget_class);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, detail);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, coordinator_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_set_css_name (widget_class, "memberspage");

  g_type_ensure (DIS_TYPE_MEMBER_DETAIL);
  g_type_ensure (DIS_TYPE_COORDINATOR_BAR);
}

static void
dis_members_page_init (DisMembersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->members = g_list_store_new (DIS_TYPE_MEMBER);
  gtk_list_box_bind_model (self->members_list, G_LIST_MODEL (self->members),
                           create_member_row, NULL, NULL);

  _dis_members_page_update_actions (self);
}

GtkWidget *
dis_members_page_new (void)
{
  return g_object_new (DIS_TYPE_MEMBERS_PAGE, NULL);
}

void
dis_members_page_set_store (DisMembersPage *self,
                            DisStore       *store)
{
  g_return_if_fail (DIS_IS_MEMBERS_PAGE (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);

  _dis_members_page_show (self, NULL);

  if (store != NULL)
    {
      g_signal_connect_object (store, "members-changed", G_CALLBACK (members_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "eligibility-rules-changed", G_CALLBACK (rules_changed_cb),
                               self, G_CONNECT_SWAPPED);
      load_rules (self);
      _dis_members_page_search (self);
    }
}

void
dis_members_page_set_operator (DisMembersPage *self,
                               DisOperator    *operator)
{
  g_return_if_fail (DIS_IS_MEMBERS_PAGE (self));
  g_return_if_fail (!operator || DIS_IS_OPERATOR (operator));

  if (!g_set_object (&self->operator, operator))
    return;

  _dis_members_page_update_actions (self);
}

void
dis_members_page_focus_search (DisMembersPage *self)
{
  g_return_if_fail (DIS_IS_MEMBERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
dis_members_page_set_coordinator (DisMembersPage *self,
                                  DisCoordinator *coordinator)
{
  g_return_if_fail (DIS_IS_MEMBERS_PAGE (self));

  dis_coordinator_bar_set_coordinator (self->coordinator_bar, coordinator);
}
