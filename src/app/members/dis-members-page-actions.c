/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-members-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-declaration-dialog.h"
#include "dis-member-dialog.h"
#include "dis-members-page-private.h"
#include "dis-provisional-basis-dialog.h"
#include "dis-ui.h"

/* The changes a responsabile makes to the member shown, each one typed
 * store pair; every _finish answers with the member as it is now. */

gboolean
_dis_members_page_can_manage (DisMembersPage *self)
{
  return self->store != NULL && self->operator != NULL &&
         dis_operator_can (self->operator, DIS_PERMISSION_MEMBERS);
}

void
_dis_members_page_update_actions (DisMembersPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean manage = _dis_members_page_can_manage (self) && !self->busy;
  DisMember *member = dis_member_detail_get_member (self->detail);

  gtk_widget_action_set_enabled (widget, "members.register", manage);
  gtk_widget_action_set_enabled (widget, "members.acknowledge",
                                 manage && member != NULL && !member->documentation_acknowledged);
  gtk_widget_action_set_enabled (widget, "members.declaration", manage && member != NULL);
  gtk_widget_action_set_enabled (widget, "members.preferred-tier", manage && member != NULL);
  gtk_widget_action_set_enabled (widget, "members.provisional-basis",
                                 manage && member != NULL && member->status == DIS_MEMBER_PENDING &&
                                 member->basis == DIS_BASIS_NONE);
  dis_coordinator_bar_set_member (self->coordinator_bar, member);
  dis_member_detail_set_can_manage (self->detail, _dis_members_page_can_manage (self));
  dis_member_detail_set_editable (self->detail, manage);
}

/* What the person is told when a change was refused or failed. */
static void
show_change_error (DisMembersPage *self,
                   const GError   *error)
{
  if (g_error_matches (error, DIS_ERROR, DIS_ERROR_PERMISSION))
    dis_ui_message (GTK_WIDGET (self), _("Only a point manager can change members"));
  else if (g_error_matches (error, DIS_ERROR, DIS_ERROR_INVALID) ||
           g_error_matches (error, DIS_ERROR, DIS_ERROR_NOT_FOUND))
    {
      /* Translators: %s says why, a sentence without its full stop */
      g_autofree char *sentence = g_strdup_printf (_("Nothing was changed. %s."), error->message);

      /* The store wrote the reason for people: it is the whole story. */
      dis_ui_show_error (GTK_WIDGET (self), sentence, NULL);
    }
  else
    dis_ui_show_error (GTK_WIDGET (self),
                       _("Nothing was changed. Try again; if it fails again, restart the till."),
                       error);
}

typedef DisMember *(*ChangeFinish) (DisStore      *store,
                                    GAsyncResult  *result,
                                    GError       **error);

typedef struct
{
  DisMembersPage *self;
  ChangeFinish    finish;
  const char     *done;     /* said when it worked, translated */
} Change;

static void
change_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Change *change = user_data;
  g_autoptr(DisMembersPage) self = g_steal_pointer (&change->self);
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;
  const char *done = change->done;

  member = change->finish (DIS_STORE (object), result, &error);
  g_free (change);

  if (self->disposed)
    return;

  self->busy = FALSE;

  if (member == NULL)
    {
      show_change_error (self, error);
      /* Put the tier row back as it was. */
      _dis_members_page_show (self, dis_member_detail_get_member (self->detail));
      return;
    }

  dis_ui_message (GTK_WIDGET (self), done);
  _dis_members_page_member_changed (self, member);
  _dis_members_page_update_actions (self);
}

/* The card of the member to change, and the page busy until the answer;
 * NULL when nothing may be changed now. Pass the result to the store's
 * _async with change_cb and the returned Change. */
static const char *
begin_change (DisMembersPage  *self,
              ChangeFinish     finish,
              const char      *done,
              Change         **out_change)
{
  DisMember *member = dis_member_detail_get_member (self->detail);
  Change *change;

  g_assert (DIS_IS_MEMBERS_PAGE (self));

  if (self->store == NULL || member == NULL || self->busy)
    return NULL;

  change = g_new0 (Change, 1);
  change->self = g_object_ref (self);
  change->finish = finish;
  change->done = done;
  *out_change = change;

  self->busy = TRUE;
  _dis_members_page_update_actions (self);

  return member->card_code;
}

/* Shows @dialog; @handler (swapped: the page first) answers its @signal
 * for as long as the page lives. */
static void
present (DisMembersPage *self,
         GtkWidget      *dialog,
         const char     *signal,
         GCallback       handler)
{
  g_signal_connect_object (dialog, signal, handler, self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Preferred tier ----------------------------------------------------- */

static void
members_preferred_tier_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  guint tier = g_variant_get_uint32 (param);
  Change *change = NULL;
  const char *card;

  if (tier >= DIS_N_TIERS)
    return;

  card = begin_change (self, dis_store_set_member_preferred_tier_finish,
                       _("Preferred tier changed"), &change);
  if (card != NULL)
    dis_store_set_member_preferred_tier_async (self->store, self->operator, card, tier,
                                               NULL, change_cb, change);
}

/* ---- Acknowledgement ---------------------------------------------------- */

static void
on_acknowledge_response (DisMembersPage   *self,
                         const char       *response)
{
  Change *change = NULL;
  const char *card;

  if (g_strcmp0 (response, "record") != 0)
    return;

  card = begin_change (self, dis_store_record_acknowledgement_finish,
                       _("Documentation acknowledgement recorded"), &change);
  if (card != NULL)
    dis_store_record_acknowledgement_async (self->store, self->operator, card,
                                            NULL, change_cb, change);
}

static void
members_acknowledge_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  DisMember *member = dis_member_detail_get_member (self->detail);
  AdwMessageDialog *dialog;

  if (member == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (dis_ui_get_parent_window (widget),
                                                       _("Record the Acknowledgement?"),
                                                       NULL));
  /* Translators: %s is the member's name */
  adw_message_dialog_format_body (dialog,
                                  _("%s received and read the network's documentation on the solidarity economy. It is dated today."),
                                  member->display_name);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "record");
  adw_message_dialog_set_close_response (dialog, "cancel");
  present (self, GTK_WIDGET (dialog), "response", G_CALLBACK (on_acknowledge_response));
}

/* ---- Declaration -------------------------------------------------------- */

static void
on_declaration_response (DisMembersPage       *self,
                         const char           *response,
                         DisDeclarationDialog *dialog)
{
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  Change *change = NULL;
  const char *card;

  if (g_strcmp0 (response, "save") != 0)
    return;

  text = dis_declaration_dialog_dup_text (dialog);
  name = dis_declaration_dialog_dup_published_name (dialog);

  /* The same check the store makes, to say it before anything is sent. */
  if (!dis_member_check_declaration (text, &error))
    {
      show_change_error (self, error);
      return;
    }

  card = begin_change (self, dis_store_set_declaration_finish,
                       _("Commitment declaration recorded"), &change);
  if (card != NULL)
    dis_store_set_declaration_async (self->store, self->operator, card, text, name,
                                     NULL, change_cb, change);
}

static void
members_declaration_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  DisMember *member = dis_member_detail_get_member (self->detail);

  if (member != NULL)
    present (self, dis_declaration_dialog_new (dis_ui_get_parent_window (widget), member->display_name),
             "response", G_CALLBACK (on_declaration_response));
}

/* ---- Provisional basis -------------------------------------------------- */

static void
on_provisional_response (DisMembersPage            *self,
                         const char                *response,
                         DisProvisionalBasisDialog *dialog)
{
  Change *change = NULL;
  const char *card;

  if (g_strcmp0 (response, "grant") != 0)
    return;

  card = begin_change (self, dis_store_grant_provisional_basis_finish,
                       _("Provisional basis granted; the hub will review it"), &change);
  if (card != NULL)
    dis_store_grant_provisional_basis_async (self->store, self->operator, card,
                                             dis_provisional_basis_dialog_get_expires_julian (dialog),
                                             NULL, change_cb, change);
}

static void
members_provisional_basis_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  DisMember *member = dis_member_detail_get_member (self->detail);

  if (member != NULL)
    present (self, dis_provisional_basis_dialog_new (dis_ui_get_parent_window (widget), member->display_name),
             "response", G_CALLBACK (on_provisional_response));
}

/* ---- Registering -------------------------------------------------------- */

static void
on_member_registered (DisMembersPage *self,
                      DisMember      *member)
{
  g_autofree char *message = NULL;

  /* Translators: %s are the member's name and card code */
  message = g_strdup_printf (_("%s registered with card %s"), member->display_name, member->card_code);
  dis_ui_message (GTK_WIDGET (self), message);

  /* A lookup still under way must not replace the new member. */
  self->show_serial++;
  _dis_members_page_show (self, member);
  _dis_members_page_search (self);
}

static void
members_register_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);

  if (_dis_members_page_can_manage (self))
    present (self, dis_member_dialog_new (dis_ui_get_parent_window (widget), self->store, self->operator),
             "registered", G_CALLBACK (on_member_registered));
}

static void
members_search_focus_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  dis_members_page_focus_search (DIS_MEMBERS_PAGE (widget));
}

void
_dis_members_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "members.search-focus", NULL, members_search_focus_action);
  gtk_widget_class_install_action (widget_class, "members.register", NULL, members_register_action);
  gtk_widget_class_install_action (widget_class, "members.acknowledge", NULL, members_acknowledge_action);
  gtk_widget_class_install_action (widget_class, "members.declaration", NULL, members_declaration_action);
  gtk_widget_class_install_action (widget_class, "members.preferred-tier", "u", members_preferred_tier_action);
  gtk_widget_class_install_action (widget_class, "members.provisional-basis", NULL, members_provisional_basis_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "members.search-focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "members.register", NULL);
}
