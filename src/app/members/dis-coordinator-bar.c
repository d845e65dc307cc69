/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-coordinator-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "dis-coordinator-bar.h"
#include "dis-ui.h"

struct _DisCoordinatorBar
{
  GtkWidget        parent_instance;

  DisCoordinator  *coordinator;
  DisMember       *member;
  GCancellable    *cancellable;
  guint            busy : 1;

  GtkStack        *stack;
  GtkToggleButton *form_toggle;
  GtkRevealer     *form_revealer;
  AdwEntryRow     *name_row;
  AdwEntryRow     *passphrase_row;
  GtkLabel        *error_label;
  GtkLabel        *name_label;
  GtkMenuButton   *basis_button;
  GMenuModel      *basis_menu;
};

G_DEFINE_FINAL_TYPE (DisCoordinatorBar, dis_coordinator_bar, GTK_TYPE_WIDGET)

static void
update (DisCoordinatorBar *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *name = self->coordinator ? dis_coordinator_get_name (self->coordinator) : NULL;
  gboolean act = name != NULL && self->member != NULL && !self->busy;

  gtk_widget_set_visible (widget, self->coordinator != NULL);
  /* The menu exists only while someone may use it: its kinds of basis
   * are nothing a volunteer at the counter needs to read. */
  if ((gtk_menu_button_get_menu_model (self->basis_button) != NULL) != (name != NULL))
    gtk_menu_button_set_menu_model (self->basis_button, name != NULL ? self->basis_menu : NULL);
  gtk_stack_set_visible_child_name (self->stack, name != NULL ? "signed-in" : "signed-out");
  if (name != NULL)
    {
      /* Translators: %s is the coordinator's name */
      g_autofree char *text = g_strdup_printf (_("Coordinator: %s"), name);

      gtk_label_set_label (self->name_label, text);
    }
  gtk_widget_action_set_enabled (widget, "coordinator.sign-in", name == NULL && !self->busy);
  gtk_widget_action_set_enabled (widget, "coordinator.sign-out", name != NULL);
  gtk_widget_action_set_enabled (widget, "coordinator.validate",
                                 act && self->member->status != DIS_MEMBER_VALIDATED);
  gtk_widget_action_set_enabled (widget, "coordinator.suspend",
                                 act && self->member->status != DIS_MEMBER_SUSPENDED);
  gtk_widget_action_set_enabled (widget, "coordinator.set-basis", act);
}

static void
show_form_error (DisCoordinatorBar *self,
                 const char        *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
name_changed_cb (DisCoordinatorBar *self)
{
  if (self->coordinator != NULL && dis_coordinator_get_name (self->coordinator) == NULL)
    {
      gtk_toggle_button_set_active (self->form_toggle, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
    }
  update (self);
}

/* ---- Signing in ------------------------------------------------------------ */

static void
on_form_toggled (DisCoordinatorBar *self)
{
  gboolean open = gtk_toggle_button_get_active (self->form_toggle);

  gtk_revealer_set_reveal_child (self->form_revealer, open);
  show_form_error (self, NULL);
  if (open)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisCoordinatorBar) self = dis_ui_weak_take (user_data);
  g_autoptr(GError) error = NULL;

  if (!dis_coordinator_sign_in_finish (DIS_COORDINATOR (source), result, &error))
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      show_form_error (self, error->message);
      update (self);
      return;
    }
  /* Closed meanwhile: the coordinator is signed in all the same. */
  if (self == NULL)
    return;
  self->busy = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  show_form_error (self, NULL);
  update (self);
  dis_ui_message (GTK_WIDGET (self), _("Signed in as a coordinator"));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DisCoordinatorBar *self = DIS_COORDINATOR_BAR (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  if (self->coordinator == NULL || self->busy)
    return;
  if (*name == '\0' || *passphrase == '\0')
    {
      show_form_error (self, _("Type the coordinator’s name and passphrase"));
      return;
    }
  self->busy = TRUE;
  show_form_error (self, NULL);
  update (self);
  dis_coordinator_sign_in_async (self->coordinator, name, passphrase, self->cancellable,
                                 signed_in_cb, dis_ui_weak_new (self));
}

static void
on_passphrase_activated (DisCoordinatorBar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "coordinator.sign-in", NULL);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DisCoordinatorBar *self = DIS_COORDINATOR_BAR (widget);

  if (self->coordinator != NULL)
    dis_coordinator_sign_out (self->coordinator);
}

/* ---- Actions on the member ---------------------------------------------------- */

/* The bar held weakly (see dis_ui_weak_new()). */
typedef struct
{
  gpointer           weak;
  const char        *done;   /* translated */
} Action;

static void
acted_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Action *action = user_data;
  g_autoptr(DisCoordinatorBar) self = dis_ui_weak_take (action->weak);
  const char *done = action->done;
  g_autoptr(GError) error = NULL;
  gboolean done_on_hub;

  g_free (action);
  done_on_hub = dis_coordinator_member_finish (DIS_COORDINATOR (source), result, &error);
  /* Closed meanwhile: no one left to tell. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!done_on_hub)
    {
      self->busy = FALSE;
      update (self);
      /* Translators: %s says why, a sentence without its full stop */
      {
        g_autofree char *sentence = g_strdup_printf (_("Nothing was changed. %s."), error->message);

        dis_ui_warning (GTK_WIDGET (self), sentence);
      }
      return;
    }
  self->busy = FALSE;
  update (self);
  dis_ui_message (GTK_WIDGET (self), done);
}

static void
act (DisCoordinatorBar    *self,
     DisCoordinatorAction  what,
     DisBasisKind          basis,
     const char           *done)
{
  Action *action;

  if (self->coordinator == NULL || self->member == NULL || self->busy)
    return;
  action = g_new0 (Action, 1);
  action->weak = dis_ui_weak_new (self);
  action->done = done;
  self->busy = TRUE;
  update (self);
  dis_coordinator_member_async (self->coordinator, self->member->card_code, what, basis, NULL,
                                self->cancellable, acted_cb, action);
}

static void
validate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  act (DIS_COORDINATOR_BAR (widget), DIS_COORDINATOR_VALIDATE, DIS_BASIS_NONE,
       _("Validated on the hub: the till shows it after the sync"));
}

static void
suspend_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  act (DIS_COORDINATOR_BAR (widget), DIS_COORDINATOR_SUSPEND, DIS_BASIS_NONE,
       _("Suspended on the hub: the till shows it after the sync"));
}

static void
set_basis_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DisBasisKind basis;

  if (!dis_basis_kind_from_code (g_variant_get_string (parameter, NULL), &basis))
    return;
  act (DIS_COORDINATOR_BAR (widget), DIS_COORDINATOR_SET_BASIS, basis,
       _("Basis set on the hub: the till shows it after the sync"));
}

/* ---- Object ----------------------------------------------------------------------- */

void
dis_coordinator_bar_set_coordinator (DisCoordinatorBar *self,
                                     DisCoordinator    *coordinator)
{
  g_return_if_fail (DIS_IS_COORDINATOR_BAR (self));
  g_return_if_fail (!coordinator || DIS_IS_COORDINATOR (coordinator));

  if (self->coordinator != NULL)
    g_signal_handlers_disconnect_by_data (self->coordinator, self);
  if (!g_set_object (&self->coordinator, coordinator))
    return;
  if (coordinator != NULL)
    g_signal_connect_object (coordinator, "notify::name", G_CALLBACK (name_changed_cb), self,
                             G_CONNECT_SWAPPED);
  update (self);
}

void
dis_coordinator_bar_set_member (DisCoordinatorBar *self,
                                DisMember         *member)
{
  g_return_if_fail (DIS_IS_COORDINATOR_BAR (self));
  g_return_if_fail (!member || DIS_IS_MEMBER (member));

  g_set_object (&self->member, member);
  update (self);
}

static void
dis_coordinator_bar_unroot (GtkWidget *widget)
{
  /* The Basis menu, left open, would outlive the window: see
   * dis_ui_close_popovers(). */
  dis_ui_close_popovers (widget);

  GTK_WIDGET_CLASS (dis_coordinator_bar_parent_class)->unroot (widget);
}

static void
dis_coordinator_bar_dispose (GObject *object)
{
  DisCoordinatorBar *self = DIS_COORDINATOR_BAR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->coordinator != NULL)
    g_signal_handlers_disconnect_by_data (self->coordinator, self);
  g_clear_object (&self->coordinator);
  g_clear_object (&self->member);
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_COORDINATOR_BAR);
  G_OBJECT_CLASS (dis_coordinator_bar_parent_class)->dispose (object);
}

static void
dis_coordinator_bar_finalize (GObject *object)
{
  DisCoordinatorBar *self = DIS_COORDINATOR_BAR (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (dis_coordinator_bar_parent_class)->finalize (object);
}

static void
dis_coordinator_bar_class_init (DisCoordinatorBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_coordinator_bar_dispose;
  object_class->finalize = dis_coordinator_bar_finalize;
  widget_class->unroot = dis_coordinator_bar_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-coordinator-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, stack);
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, form_toggle);
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, form_revealer);
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, name_row);
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, basis_button);
  gtk_widget_class_bind_template_child (widget_class, DisCoordinatorBar, basis_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_form_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_passphrase_activated);

  gtk_widget_class_install_action (widget_class, "coordinator.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "coordinator.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "coordinator.validate", NULL, validate_action);
  gtk_widget_class_install_action (widget_class, "coordinator.suspend", NULL, suspend_action);
  gtk_widget_class_install_action (widget_class, "coordinator.set-basis", "s", set_basis_action);
}

static void
dis_coordinator_bar_init (DisCoordinatorBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  dis_ui_label_entry_row (self->name_row);
  dis_ui_label_entry_row (self->passphrase_row);
  update (self);
}
