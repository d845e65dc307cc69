/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-member-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-member-dialog-private.h"
#include "dis-ui.h"

struct _DisMemberDialog
{
  AdwWindow       parent_instance;

  DisStore       *store;
  DisOperator    *operator;
  GCancellable   *cancellable;
  char           *message;
  guint           busy : 1;

  GtkRevealer    *message_revealer;
  GtkLabel       *message_label;
  AdwEntryRow    *card_row;
  AdwEntryRow    *name_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *contact_row;
  AdwComboRow    *tier_row;
  AdwPreferencesGroup *notice_group;
  GtkCheckButton *consent_check;
};

G_DEFINE_FINAL_TYPE (DisMemberDialog, dis_member_dialog, ADW_TYPE_WINDOW)

enum {
  REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const DisMemberKind kinds[] = {
  DIS_MEMBER_KIND_PERSON,
  DIS_MEMBER_KIND_INFORMAL_GROUP,
  DIS_MEMBER_KIND_ASSOCIATION,
  DIS_MEMBER_KIND_COOPERATIVE,
  DIS_MEMBER_KIND_PRODUCER,
};

/* What is stored, where, why, for how long, and the member's rights
 * (Regulation (EU) 2016/679 and the Italian Privacy Code). */
static const char *privacy_notice =
  N_("The DiSoTTo network, the data controller, which the member can reach through "
     "this point, records the member's name, card code, kind of member, phone or e-mail, "
     "preferred tier, the date of registration and of this notice, the steps towards the "
     "Impegno and Accessibile tiers and the purchases made with the card. This point keeps "
     "what the counter needs: name, card, status, preferred tier, the figures that decide "
     "which tiers the member may use, and the purchases made here with the card. The "
     "contact and the public commitment declaration are sent to the network's hub. No "
     "income figure and no document is ever recorded.\n\n"
     "The data are used only to run the membership and the tiers, under the network's "
     "rules that the member joins (art. 6.1.b GDPR), and are kept while the membership "
     "lasts. Under Regulation (EU) 2016/679 and the Italian Privacy Code (D.Lgs. 196/2003) "
     "the member may at any time ask for a copy of all their data, also in a portable "
     "format, for their correction or deletion or for their processing to be restricted, "
     "may object to it, and may complain to the Garante per la protezione dei dati "
     "personali.");

static void
set_message (DisMemberDialog *self,
             const char      *message)
{
  g_free (self->message);
  self->message = g_strdup (message);

  if (message != NULL)
    gtk_label_set_label (self->message_label, message);
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
update_actions (DisMemberDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.register",
                                 !self->busy && self->store != NULL &&
                                 gtk_check_button_get_active (self->consent_check));
}

static void
on_input_changed (DisMemberDialog *self)
{
  g_assert (DIS_IS_MEMBER_DIALOG (self));

  /* The message was about the old input. */
  if (!self->busy)
    set_message (self, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->card_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  update_actions (self);
}

static void
new_card_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisMemberDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *card = NULL;

  card = dis_store_new_member_card_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (card == NULL)
    {
      g_warning ("No new card code: %s", error->message);
      return;
    }

  /* Someone may have scanned a card already. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->card_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->card_row), card);
}

static void
fail (DisMemberDialog *self,
      GtkWidget       *row,
      const char      *message)
{
  set_message (self, message);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
register_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DisMemberDialog) self = user_data;
  g_autoptr(DisMember) member = NULL;
  g_autoptr(GError) error = NULL;

  member = dis_store_register_member_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  update_actions (self);

  if (member == NULL)
    {
      if (g_error_matches (error, DIS_ERROR, DIS_ERROR_PERMISSION))
        fail (self, NULL, _("Only a point manager can register members"));
      else if (g_error_matches (error, DIS_ERROR, DIS_ERROR_INVALID))
        {
          /* Translators: %s says what is wrong, a sentence without its full stop */
          g_autofree char *message = g_strdup_printf (_("The member was not registered. %s."),
                                                      error->message);
          fail (self, NULL, message);
        }
      else
        {
          /* Not the person's doing: what to do, and the cause behind "Details". */
          gtk_widget_error_bell (GTK_WIDGET (self));
          dis_ui_show_error (GTK_WIDGET (self),
                             _("The member was not registered. Try again; if it fails again, restart the till."),
                             error);
        }
      return;
    }

  g_signal_emit (self, signals[REGISTERED], 0, member);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
member_register_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  DisMemberDialog *self = DIS_MEMBER_DIALOG (widget);
  g_autofree char *card = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contact = NULL;
  const char *card_text = gtk_editable_get_text (GTK_EDITABLE (self->card_row));
  DisMemberRegistration registration = { 0, };
  guint kind;

  if (self->busy || self->store == NULL)
    return;

  card = dis_member_card_normalize (card_text);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  contact = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->contact_row))));

  if (card == NULL)
    {
      g_autofree char *message = NULL;

      if (card_text[0] == '\0')
        message = g_strdup (_("Scan or type the card code"));
      else
        /* Translators: %s is what was typed as a card code */
        message = g_strdup_printf (_("“%s” is not a valid card code: DS and 8 digits, as printed on the card"),
                                   card_text);
      fail (self, GTK_WIDGET (self->card_row), message);
      return;
    }

  if (name[0] == '\0')
    {
      fail (self, GTK_WIDGET (self->name_row), _("Enter the member's name"));
      return;
    }

  if (g_utf8_strlen (name, -1) > DIS_MEMBER_NAME_MAX)
    {
      g_autofree char *message = g_strdup_printf (_("The name is too long: at most %d characters"),
                                                  DIS_MEMBER_NAME_MAX);

      fail (self, GTK_WIDGET (self->name_row), message);
      return;
    }

  if (!gtk_check_button_get_active (self->consent_check))
    {
      fail (self, GTK_WIDGET (self->consent_check),
            _("The member must read the privacy notice to be registered"));
      return;
    }

  kind = adw_combo_row_get_selected (self->kind_row);
  registration.card_code = card;
  registration.display_name = name;
  registration.kind = kinds[MIN (kind, G_N_ELEMENTS (kinds) - 1)];
  registration.contact = contact[0] != '\0' ? contact : NULL;
  registration.preferred_tier = MIN (adw_combo_row_get_selected (self->tier_row), DIS_N_TIERS - 1);
  registration.privacy_consent = TRUE;

  set_message (self, NULL);
  self->busy = TRUE;
  update_actions (self);

  dis_store_register_member_async (self->store, self->operator, &registration,
                                   self->cancellable, register_cb, g_object_ref (self));
}

const char *
dis_member_dialog_get_message (DisMemberDialog *self)
{
  g_return_val_if_fail (DIS_IS_MEMBER_DIALOG (self), NULL);

  return self->message;
}

static void
dis_member_dialog_dispose (GObject *object)
{
  DisMemberDialog *self = (DisMemberDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->operator);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (dis_member_dialog_parent_class)->dispose (object);
}

static void
dis_member_dialog_class_init (DisMemberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_member_dialog_dispose;

  signals[REGISTERED] =
    g_signal_new ("registered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DIS_TYPE_MEMBER);

  gtk_widget_class_install_action (widget_class, "member.register", NULL, member_register_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-member-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, card_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, contact_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, tier_row);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, notice_group);
  gtk_widget_class_bind_template_child (widget_class, DisMemberDialog, consent_check);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
}

static void
dis_member_dialog_init (DisMemberDialog *self)
{
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) tier_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_names, dis_member_kind_get_name (kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));

  for (guint i = 0; i < DIS_N_TIERS; i++)
    gtk_string_list_append (tier_names, dis_tier_get_name (i));
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (tier_names));
  adw_combo_row_set_selected (self->tier_row, DIS_TIER_EQUA);

  adw_preferences_group_set_description (self->notice_group, _(privacy_notice));
  update_actions (self);
}

GtkWidget *
dis_member_dialog_new (GtkWindow   *parent,
                       DisStore    *store,
                       DisOperator *operator)
{
  DisMemberDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (!operator || DIS_IS_OPERATOR (operator), NULL);

  self = g_object_new (DIS_TYPE_MEMBER_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  g_set_object (&self->operator, operator);
  update_actions (self);

  dis_store_new_member_card_async (store, self->cancellable, new_card_cb, g_object_ref (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return GTK_WIDGET (self);
}
