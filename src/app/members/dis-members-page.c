/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-members-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-eligibility-checklist.h"
#include "dis-member-dialog.h"
#include "dis-members-page.h"
#include "dis-window.h"

#define SEARCH_LIMIT 100

struct _DisMembersPage
{
  GtkWidget                parent_instance;

  DisStore                *store;
  DisOperator             *operator;
  DisEligibilityRules      rules;
  DisMember               *member;       /* the one shown */

  GCancellable            *cancellable;  /* cancelled in dispose */
  GCancellable            *search_cancellable;
  guint                    search_serial;
  guint                    show_serial;

  guint                    disposed : 1;
  guint                    busy : 1;
  /* Filling the tier row from the member, not the user choosing. */
  guint                    updating : 1;

  AdwToastOverlay         *toast_overlay;
  GtkSearchEntry          *search_entry;
  GtkStack                *results_stack;
  GtkListBox              *members_list;
  GtkStack                *detail_stack;
  GtkLabel                *name_label;
  GtkLabel                *card_label;
  GtkLabel                *status_label;
  AdwActionRow            *status_row;
  AdwActionRow            *registered_row;
  AdwComboRow             *tier_row;
  DisEligibilityChecklist *checklist;
  GtkLabel                *permission_label;
};

G_DEFINE_FINAL_TYPE (DisMembersPage, dis_members_page, GTK_TYPE_WIDGET)

static void dis_members_page_search        (DisMembersPage *self);
static void dis_members_page_update_actions (DisMembersPage *self);

/* ---- Helpers ------------------------------------------------------------ */

static void
show_toast (DisMembersPage *self,
            const char     *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  if (DIS_IS_WINDOW (root))
    dis_window_add_toast (DIS_WINDOW (root), toast);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GtkWindow *
get_parent_window (DisMembersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static char *
format_julian (guint32 julian)
{
  char text[64] = "";
  GDate date;

  if (!g_date_valid_julian (julian))
    return g_strdup ("");

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  if (g_date_strftime (text, sizeof text, "%x", &date) == 0)
    text[0] = '\0';

  return g_strdup (text);
}

static gboolean
can_manage (DisMembersPage *self)
{
  return self->store != NULL && self->operator != NULL &&
         dis_operator_can (self->operator, DIS_PERMISSION_MEMBERS);
}

static void
set_status_pill (GtkLabel        *label,
                 DisMemberStatus  status)
{
  GtkWidget *widget = GTK_WIDGET (label);

  gtk_label_set_label (label, dis_member_status_get_name (status));
  gtk_widget_remove_css_class (widget, "pending");
  gtk_widget_remove_css_class (widget, "validated");
  gtk_widget_remove_css_class (widget, "suspended");
  gtk_widget_add_css_class (widget, dis_member_status_to_code (status));
}

/* ---- The member shown --------------------------------------------------- */

static void
dis_members_page_set_member (DisMembersPage *self,
                             DisMember      *member)
{
  g_autofree char *registered = NULL;
  DisBuyer buyer;

  g_assert (DIS_IS_MEMBERS_PAGE (self));

  if (member != self->member)
    {
      g_clear_object (&self->member);
      self->member = member ? g_object_ref (member) : NULL;
    }

  if (member == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      dis_eligibility_checklist_set_buyer (self->checklist, NULL, NULL, 0);
      dis_members_page_update_actions (self);
      return;
    }

  gtk_label_set_label (self->name_label, member->display_name);
  gtk_label_set_label (self->card_label, member->card_code);
  set_status_pill (self->status_label, member->status);

  switch (member->status)
    {
    case DIS_MEMBER_PENDING:
      adw_action_row_set_subtitle (self->status_row,
                                   member->known_to_hub
                                   ? _("Pending: the hub has not validated the membership yet. Equa and Solidale meanwhile.")
                                   : _("Pending: registered here, not yet received by the hub. Equa and Solidale meanwhile."));
      break;

    case DIS_MEMBER_VALIDATED:
      adw_action_row_set_subtitle (self->status_row, _("Validated by the hub"));
      break;

    case DIS_MEMBER_SUSPENDED:
    default:
      adw_action_row_set_subtitle (self->status_row, _("Suspended: Equa and Solidale only"));
      break;
    }

  registered = format_julian (member->registered_julian);
  adw_action_row_set_subtitle (self->registered_row, registered);

  self->updating = TRUE;
  adw_combo_row_set_selected (self->tier_row, MIN (member->preferred_tier, DIS_N_TIERS - 1));
  self->updating = FALSE;

  dis_member_to_buyer (member, &buyer);
  dis_eligibility_checklist_set_buyer (self->checklist, &buyer, &self->rules, dis_date_today ());

  gtk_stack_set_visible_child_name (self->detail_stack, "member");
  dis_members_page_update_actions (self);
}

typedef struct
{
  DisMembersPage *self;
  guint           serial;
} ShowData;

static void
show_data_free (ShowData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShowData, show_data_free)

static void
find_member_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ShowData) data = user_data;
  DisMembersPage *self = data->self;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;

  member = dis_store_find_member_by_card_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Someone chose another member meanwhile. */
  if (data->serial != self->show_serial)
    return;

  if (member == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  dis_members_page_set_member (self, member);
}

void
dis_members_page_show_member (DisMembersPage *self,
                              const char     *card_code)
{
  ShowData *data;

  g_return_if_fail (DIS_IS_MEMBERS_PAGE (self));
  g_return_if_fail (card_code != NULL);

  if (self->store == NULL)
    return;

  data = g_new0 (ShowData, 1);
  data->self = g_object_ref (self);
  data->serial = ++self->show_serial;

  dis_store_find_member_by_card_async (self->store, card_code, self->cancellable,
                                       find_member_cb, data);
}

DisMember *
dis_members_page_get_member (DisMembersPage *self)
{
  g_return_val_if_fail (DIS_IS_MEMBERS_PAGE (self), NULL);

  return self->member;
}

/* ---- Searching ---------------------------------------------------------- */

static GtkWidget *
create_member_row (DisMember *member)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pill = gtk_label_new (NULL);
  g_autofree char *title = g_markup_escape_text (member->display_name, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), member->card_code);
  gtk_widget_add_css_class (pill, "member-status");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  set_status_pill (GTK_LABEL (pill), member->status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);

  g_object_set_data_full (G_OBJECT (row), "card", g_strdup (member->card_code), g_free);

  return row;
}

typedef struct
{
  DisMembersPage *self;
  guint           serial;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchData, search_data_free)

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SearchData) data = user_data;
  DisMembersPage *self = data->self;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  members = dis_store_search_members_finish (DIS_STORE (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A newer query was asked: this answer is stale. */
  if (data->serial != self->search_serial)
    return;

  g_clear_object (&self->search_cancellable);

  if (members == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Search failed: %s"), error->message);

      show_toast (self, message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->members_list))))
    gtk_list_box_remove (self->members_list, child);

  for (guint i = 0; i < members->len; i++)
    {
      DisMember *member = g_ptr_array_index (members, i);
      GtkWidget *row = create_member_row (member);

      gtk_list_box_append (self->members_list, row);

      /* Keep the member shown selected in the list. */
      if (self->member != NULL && g_strcmp0 (self->member->card_code, member->card_code) == 0)
        {
          self->updating = TRUE;
          gtk_list_box_select_row (self->members_list, GTK_LIST_BOX_ROW (row));
          self->updating = FALSE;
        }
    }

  gtk_stack_set_visible_child_name (self->results_stack, members->len > 0 ? "list" : "empty");
}

static void
dis_members_page_search (DisMembersPage *self)
{
  g_autofree char *text = NULL;
  SearchData *data;

  g_assert (DIS_IS_MEMBERS_PAGE (self));

  if (self->store == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();

  data = g_new0 (SearchData, 1);
  data->self = g_object_ref (self);
  data->serial = ++self->search_serial;

  dis_store_search_members_async (self->store, text, SEARCH_LIMIT,
                                  self->search_cancellable, search_cb, data);
}

static void
on_search_changed (DisMembersPage *self)
{
  dis_members_page_search (self);
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
  const char *card;

  if (row == NULL || self->updating)
    return;

  card = g_object_get_data (G_OBJECT (row), "card");
  if (card != NULL)
    dis_members_page_show_member (self, card);
}

/* ---- Changes ------------------------------------------------------------ */

typedef enum
{
  OP_ACKNOWLEDGE,
  OP_DECLARATION,
  OP_PREFERRED_TIER,
  OP_PROVISIONAL_BASIS,
} OpKind;

typedef struct
{
  OpKind       kind;
  char        *text;
  char        *name;
  DisTier      tier;
  guint32      expires_julian;
} MemberOp;

static void
member_op_free (MemberOp *op)
{
  g_free (op->text);
  g_free (op->name);
  g_free (op);
}

/* Each change answers with the member as it is now. */
static DisMember *
member_op_finish (OpKind         kind,
                  DisStore      *store,
                  GAsyncResult  *result,
                  GError       **error)
{
  switch (kind)
    {
    case OP_ACKNOWLEDGE:
      return dis_store_record_acknowledgement_finish (store, result, error);

    case OP_DECLARATION:
      return dis_store_set_declaration_finish (store, result, error);

    case OP_PREFERRED_TIER:
      return dis_store_set_member_preferred_tier_finish (store, result, error);

    case OP_PROVISIONAL_BASIS:
      return dis_store_grant_provisional_basis_finish (store, result, error);

    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  DisMembersPage *self;
  OpKind          kind;
} OpData;

static void
member_op_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpData *data = user_data;
  g_autoptr(DisMembersPage) self = data->self;
  OpKind kind = data->kind;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;

  g_free (data);

  member = member_op_finish (kind, DIS_STORE (object), result, &error);

  if (self->disposed)
    return;

  self->busy = FALSE;

  if (member == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, DIS_ERROR, DIS_ERROR_PERMISSION))
        message = g_strdup (_("Only a point manager can change members"));
      else
        /* Translators: %s says why, for people */
        message = g_strdup_printf (_("Nothing was changed: %s"), error->message);
      show_toast (self, message);

      /* Put the tier row back as it was. */
      dis_members_page_set_member (self, self->member);
      return;
    }

  switch (kind)
    {
    case OP_ACKNOWLEDGE:
      show_toast (self, _("Documentation acknowledgement recorded"));
      break;

    case OP_DECLARATION:
      show_toast (self, _("Commitment declaration recorded"));
      break;

    case OP_PREFERRED_TIER:
      show_toast (self, _("Preferred tier changed"));
      break;

    case OP_PROVISIONAL_BASIS:
      show_toast (self, _("Provisional basis granted; the hub will review it"));
      break;

    default:
      break;
    }

  if (self->member != NULL && g_strcmp0 (self->member->card_code, member->card_code) == 0)
    dis_members_page_set_member (self, member);
  dis_members_page_search (self);
}

static void
run_member_op (DisMembersPage *self,
               MemberOp       *op)
{
  const char *card;
  OpData *data;

  g_assert (DIS_IS_MEMBERS_PAGE (self));

  if (self->store == NULL || self->member == NULL || self->busy)
    {
      member_op_free (op);
      return;
    }

  card = self->member->card_code;
  data = g_new0 (OpData, 1);
  data->self = g_object_ref (self);
  data->kind = op->kind;

  switch (op->kind)
    {
    case OP_ACKNOWLEDGE:
      dis_store_record_acknowledgement_async (self->store, self->operator, card,
                                              NULL, member_op_cb, data);
      break;

    case OP_DECLARATION:
      dis_store_set_declaration_async (self->store, self->operator, card, op->text, op->name,
                                       NULL, member_op_cb, data);
      break;

    case OP_PREFERRED_TIER:
      dis_store_set_member_preferred_tier_async (self->store, self->operator, card, op->tier,
                                                 NULL, member_op_cb, data);
      break;

    case OP_PROVISIONAL_BASIS:
      dis_store_grant_provisional_basis_async (self->store, self->operator, card, op->expires_julian,
                                               NULL, member_op_cb, data);
      break;

    default:
      g_assert_not_reached ();
    }
  member_op_free (op);

  self->busy = TRUE;
  dis_members_page_update_actions (self);
}

static void
on_tier_selected (DisMembersPage *self)
{
  guint tier = adw_combo_row_get_selected (self->tier_row);
  MemberOp *op;

  if (self->updating || self->member == NULL || tier >= DIS_N_TIERS ||
      tier == self->member->preferred_tier)
    return;

  op = g_new0 (MemberOp, 1);
  op->kind = OP_PREFERRED_TIER;
  op->tier = tier;
  run_member_op (self, op);
}

/* ---- Acknowledgement ---------------------------------------------------- */

static void
on_acknowledge_response (AdwMessageDialog *dialog,
                         const char       *response,
                         DisMembersPage   *self)
{
  MemberOp *op;

  if (g_strcmp0 (response, "record") != 0)
    return;

  op = g_new0 (MemberOp, 1);
  op->kind = OP_ACKNOWLEDGE;
  run_member_op (self, op);
}

static void
members_acknowledge_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  GtkWidget *dialog;

  if (self->member == NULL)
    return;

  dialog = adw_message_dialog_new (get_parent_window (self),
                                   _("Record the Acknowledgement?"),
                                   NULL);
  /* Translators: %s is the member's name */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s received and read the network's documentation on the solidarity economy. It is dated today."),
                                  self->member->display_name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_acknowledge_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Declaration -------------------------------------------------------- */

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_declaration_changed (AdwMessageDialog *dialog)
{
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "buffer");
  GtkEditable *name_entry = g_object_get_data (G_OBJECT (dialog), "name-entry");
  GtkLabel *count_label = g_object_get_data (G_OBJECT (dialog), "count-label");
  GtkLabel *message_label = g_object_get_data (G_OBJECT (dialog), "message-label");
  g_autofree char *text = dup_buffer_text (buffer);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (name_entry)));
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  glong n = g_utf8_strlen (text, -1);
  gboolean too_long = n > DIS_MEMBER_DECLARATION_MAX;

  /* Translators: characters typed of the most allowed, "120 / 1000" */
  count = g_strdup_printf (_("%ld / %d"), n, DIS_MEMBER_DECLARATION_MAX);
  gtk_label_set_label (count_label, count);

  if (too_long)
    {
      gtk_widget_add_css_class (GTK_WIDGET (count_label), "error");
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The declaration is too long by %ld character: at most %d",
                                              "The declaration is too long by %ld characters: at most %d",
                                              (gulong) (n - DIS_MEMBER_DECLARATION_MAX)),
                                 n - DIS_MEMBER_DECLARATION_MAX, DIS_MEMBER_DECLARATION_MAX);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (count_label), "error");

  if (message == NULL && trimmed[0] != '\0' && name[0] == '\0')
    message = g_strdup (_("Enter the name to publish the declaration under"));

  gtk_label_set_label (message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (message_label), message != NULL);

  adw_message_dialog_set_response_enabled (dialog, "save",
                                           !too_long && trimmed[0] != '\0' && name[0] != '\0');
}

static void
on_declaration_response (AdwMessageDialog *dialog,
                         const char       *response,
                         DisMembersPage   *self)
{
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "buffer");
  GtkEditable *name_entry = g_object_get_data (G_OBJECT (dialog), "name-entry");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  MemberOp *op;

  if (g_strcmp0 (response, "save") != 0)
    return;

  text = g_strstrip (dup_buffer_text (buffer));

  /* The same check the store makes, to say it before anything is sent. */
  if (!dis_member_check_declaration (text, &error))
    {
      show_toast (self, error->message);
      return;
    }

  op = g_new0 (MemberOp, 1);
  op->kind = OP_DECLARATION;
  op->text = g_steal_pointer (&text);
  op->name = g_strstrip (g_strdup (gtk_editable_get_text (name_entry)));
  run_member_op (self, op);
}

static void
members_declaration_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  GtkWidget *dialog, *box, *scroller, *view, *count_label, *message_label, *name_entry, *label;
  GtkTextBuffer *buffer;

  if (self->member == NULL)
    return;

  dialog = adw_message_dialog_new (get_parent_window (self),
                                   _("Commitment Declaration"),
                                   _("The network publishes the declaration with the name the member chooses. Write it in the member's own words."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  gtk_widget_add_css_class (scroller, "card");
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Declaration"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_box_append (GTK_BOX (box), scroller);

  count_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (count_label), 1);
  gtk_widget_add_css_class (count_label, "caption");
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_box_append (GTK_BOX (box), count_label);

  label = gtk_label_new_with_mnemonic (_("_Name to publish"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  name_entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (name_entry), self->member->display_name);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), name_entry);
  gtk_box_append (GTK_BOX (box), name_entry);

  message_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (message_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message_label), 0);
  gtk_widget_add_css_class (message_label, "error");
  gtk_widget_set_visible (message_label, FALSE);
  gtk_box_append (GTK_BOX (box), message_label);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_object_set_data (G_OBJECT (dialog), "buffer", buffer);
  g_object_set_data (G_OBJECT (dialog), "name-entry", name_entry);
  g_object_set_data (G_OBJECT (dialog), "count-label", count_label);
  g_object_set_data (G_OBJECT (dialog), "message-label", message_label);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (on_declaration_changed), dialog);
  g_signal_connect_swapped (name_entry, "changed", G_CALLBACK (on_declaration_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_declaration_response), self, 0);
  on_declaration_changed (ADW_MESSAGE_DIALOG (dialog));

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

/* ---- Provisional basis -------------------------------------------------- */

static void
update_provisional_body (AdwMessageDialog *dialog)
{
  GtkDropDown *months = g_object_get_data (G_OBJECT (dialog), "months");
  const char *name = g_object_get_data (G_OBJECT (dialog), "name");
  g_autofree char *until = format_julian (dis_date_add_months (dis_date_today (), (int) gtk_drop_down_get_selected (months) + 1));

  /* Translators: %s are the member's name and a date */
  adw_message_dialog_format_body (dialog,
                                  _("%s may buy at the Accessibile tier until %s while the membership is pending. "
                                    "The hub will review this basis. Record no document and no income: only that it was granted."),
                                  name, until);
}

static void
on_provisional_response (AdwMessageDialog *dialog,
                         const char       *response,
                         DisMembersPage   *self)
{
  GtkDropDown *months = g_object_get_data (G_OBJECT (dialog), "months");
  MemberOp *op;

  if (g_strcmp0 (response, "grant") != 0)
    return;

  op = g_new0 (MemberOp, 1);
  op->kind = OP_PROVISIONAL_BASIS;
  op->expires_julian = dis_date_add_months (dis_date_today (), (int) gtk_drop_down_get_selected (months) + 1);
  run_member_op (self, op);
}

static void
members_provisional_basis_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GtkWidget *dialog, *dropdown;

  if (self->member == NULL)
    return;

  for (guint i = 1; i <= DIS_PROVISIONAL_BASIS_MONTHS; i++)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "For %u month", "For %u months", i), i);

      gtk_string_list_append (choices, text);
    }

  dialog = adw_message_dialog_new (get_parent_window (self),
                                   _("Grant a Provisional Accessibile Basis?"),
                                   NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "grant", _("_Grant"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "grant", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), DIS_PROVISIONAL_BASIS_MONTHS - 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Valid"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);

  g_object_set_data (G_OBJECT (dialog), "months", dropdown);
  g_object_set_data_full (G_OBJECT (dialog), "name", g_strdup (self->member->display_name), g_free);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (update_provisional_body), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_provisional_response), self, 0);
  update_provisional_body (ADW_MESSAGE_DIALOG (dialog));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Registering -------------------------------------------------------- */

static void
on_member_registered (DisMembersPage *self,
                      DisMember      *member)
{
  g_autofree char *message = NULL;

  /* Translators: %s are the member's name and card code */
  message = g_strdup_printf (_("%s registered with card %s"), member->display_name, member->card_code);
  show_toast (self, message);

  self->show_serial++;
  dis_members_page_set_member (self, member);
  dis_members_page_search (self);
}

static void
members_register_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);
  GtkWidget *dialog;

  if (!can_manage (self))
    return;

  dialog = dis_member_dialog_new (get_parent_window (self), self->store, self->operator);
  g_signal_connect_object (dialog, "registered", G_CALLBACK (on_member_registered),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
members_search_focus_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  dis_members_page_focus_search (DIS_MEMBERS_PAGE (widget));
}

static void
dis_members_page_update_actions (DisMembersPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean manage = can_manage (self) && !self->busy;
  DisMember *member = self->member;

  gtk_widget_action_set_enabled (widget, "members.register", manage);
  gtk_widget_action_set_enabled (widget, "members.acknowledge",
                                 manage && member != NULL && !member->documentation_acknowledged);
  gtk_widget_action_set_enabled (widget, "members.declaration", manage && member != NULL);
  gtk_widget_action_set_enabled (widget, "members.provisional-basis",
                                 manage && member != NULL && member->status == DIS_MEMBER_PENDING &&
                                 member->basis == DIS_BASIS_NONE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tier_row), manage && member != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->permission_label), !can_manage (self));
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
  gboolean ok;

  ok = dis_store_get_eligibility_rules_finish (DIS_STORE (object), result, &rules, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!ok)
    {
      g_warning ("Could not read the eligibility rules: %s", error->message);
      return;
    }

  self->rules = rules;
  if (self->member != NULL)
    dis_members_page_set_member (self, self->member);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dis_members_page_map (GtkWidget *widget)
{
  DisMembersPage *self = DIS_MEMBERS_PAGE (widget);

  GTK_WIDGET_CLASS (dis_members_page_parent_class)->map (widget);

  /* Members arrive by sync and from other pages: look again. */
  dis_members_page_search (self);
  if (self->member != NULL)
    dis_members_page_show_member (self, self->member->card_code);
}

static void
dis_members_page_dispose (GObject *object)
{
  DisMembersPage *self = (DisMembersPage *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_MEMBERS_PAGE);

  g_clear_object (&self->store);
  g_clear_object (&self->operator);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->member);

  G_OBJECT_CLASS (dis_members_page_parent_class)->dispose (object);
}

static void
dis_members_page_class_init (DisMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_members_page_dispose;
  widget_class->map = dis_members_page_map;

  gtk_widget_class_install_action (widget_class, "members.search-focus", NULL, members_search_focus_action);
  gtk_widget_class_install_action (widget_class, "members.register", NULL, members_register_action);
  gtk_widget_class_install_action (widget_class, "members.acknowledge", NULL, members_acknowledge_action);
  gtk_widget_class_install_action (widget_class, "members.declaration", NULL, members_declaration_action);
  gtk_widget_class_install_action (widget_class, "members.provisional-basis", NULL, members_provisional_basis_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "members.search-focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "members.register", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, card_label);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, registered_row);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, tier_row);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, checklist);
  gtk_widget_class_bind_template_child (widget_class, DisMembersPage, permission_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_tier_selected);
  gtk_widget_class_set_css_name (widget_class, "memberspage");

  g_type_ensure (DIS_TYPE_ELIGIBILITY_CHECKLIST);
}

/* The status pills, here rather than in the shell's style sheet. */
static void
ensure_css (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
      GdkDisplay *display = gdk_display_get_default ();
      const char *css =
        ".member-status { border-radius: 999px; padding: 2px 10px; font-size: smaller; font-weight: bold; }\n"
        ".member-status.pending { color: @warning_color; background: alpha(@warning_color, 0.12); }\n"
        ".member-status.validated { color: @success_color; background: alpha(@success_color, 0.12); }\n"
        ".member-status.suspended { color: @error_color; background: alpha(@error_color, 0.12); }\n";

      gtk_css_provider_load_from_data (provider, css, -1);
      if (display != NULL)
        gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&done, 1);
    }
}

static void
dis_members_page_init (DisMembersPage *self)
{
  g_autoptr(GtkStringList) tier_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_css ();

  self->cancellable = g_cancellable_new ();
  self->rules = DIS_ELIGIBILITY_RULES_DEFAULT;

  for (guint i = 0; i < DIS_N_TIERS; i++)
    gtk_string_list_append (tier_names, dis_tier_get_name (i));
  self->updating = TRUE;
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (tier_names));
  self->updating = FALSE;

  gtk_search_entry_set_search_delay (self->search_entry, 150);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search members"),
                                  -1);

  dis_members_page_update_actions (self);
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

  if (!g_set_object (&self->store, store))
    return;

  dis_members_page_set_member (self, NULL);

  if (store != NULL)
    {
      dis_store_get_eligibility_rules_async (store, self->cancellable,
                                             load_rules_cb, g_object_ref (self));
      dis_members_page_search (self);
    }

  dis_members_page_update_actions (self);
}

void
dis_members_page_set_operator (DisMembersPage *self,
                               DisOperator    *operator)
{
  g_return_if_fail (DIS_IS_MEMBERS_PAGE (self));
  g_return_if_fail (!operator || DIS_IS_OPERATOR (operator));

  if (!g_set_object (&self->operator, operator))
    return;

  dis_members_page_update_actions (self);
}

void
dis_members_page_focus_search (DisMembersPage *self)
{
  g_return_if_fail (DIS_IS_MEMBERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
