/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-operator-list.h"
#include "dis-operator-row.h"
#include "dis-sign-in-page.h"
#include "dis-ui.h"

struct _DisSignInPage
{
  GtkWidget         parent_instance;

  DisStore         *store;
  GCancellable     *cancellable;   /* of the running load or sign-in */
  DisOperatorList  *operators;
  GListModel       *active;        /* the operators who may sign in */
  DisOperator      *selected;
  gint64            last_operator_id;

  AdwStatusPage    *status_page;
  GtkListBox       *operators_list;
  GtkLabel         *empty_label;
  GtkPasswordEntry *pin_entry;
  GtkLabel         *error_label;
  GtkButton        *sign_in_button;
  GtkSpinner       *spinner;

  guint             busy : 1;
  guint             loading : 1;
  guint             locked : 1;
};

G_DEFINE_FINAL_TYPE (DisSignInPage, dis_sign_in_page, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
update_sensitivity (DisSignInPage *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));
  gboolean can_type = self->selected != NULL;

  /* Move the focus away before the entry goes insensitive, or its text
   * never hears that it lost it. */
  if (!can_type && has_focus_within (GTK_WIDGET (self->pin_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->operators_list));

  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_entry), can_type);
  gtk_editable_set_editable (GTK_EDITABLE (self->pin_entry), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->operators_list), !self->busy && !self->loading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            self->selected != NULL && !self->busy && pin[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static void
hide_error (DisSignInPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->pin_entry), "error");
}

static gboolean
unshake_cb (gpointer user_data)
{
  gtk_widget_remove_css_class (GTK_WIDGET (user_data), "shake");
  return G_SOURCE_REMOVE;
}

static void
show_error (DisSignInPage *self,
            const char    *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->pin_entry), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->pin_entry), "shake");
  g_timeout_add_full (G_PRIORITY_DEFAULT, 500, unshake_cb,
                      g_object_ref (self->pin_entry), g_object_unref);
}

static void
pin_changed_cb (DisSignInPage *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->pin_entry))[0] != '\0')
    hide_error (self);
  update_sensitivity (self);
}

static void
row_selected_cb (DisSignInPage *self,
                 GtkListBoxRow *row)
{
  DisOperator *operator = row ? dis_operator_row_get_operator (DIS_OPERATOR_ROW (row)) : NULL;

  /* The list deselects while the page is disposed. */
  if (self->pin_entry == NULL)
    return;

  g_set_object (&self->selected, operator);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  hide_error (self);
  update_sensitivity (self);

  if (operator != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

static void
row_activated_cb (DisSignInPage *self,
                  GtkListBoxRow *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

static void
sign_in_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DisSignInPage) self = user_data;
  g_autoptr(DisOperator) operator = NULL;
  g_autoptr(GError) error = NULL;

  operator = dis_store_sign_in_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  update_sensitivity (self);

  if (operator == NULL)
    {
      if (g_error_matches (error, DIS_ERROR, DIS_ERROR_WRONG_PIN))
        show_error (self, _("Wrong PIN"));
      else
        dis_ui_show_failure (GTK_WIDGET (self), _("Could not sign in."),
                             _("Try again; if it fails again, restart the till."), error);

      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
      return;
    }

  self->last_operator_id = dis_operator_get_id (operator);
  g_signal_emit (self, signals[SIGNED_IN], 0, operator);
}

static void
sign_in_cb (DisSignInPage *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));

  if (self->busy || self->selected == NULL || self->store == NULL || pin[0] == '\0')
    return;

  hide_error (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Verifying the Argon2id hash takes a moment. The PIN is copied here,
   * before anything may touch the entry. */
  dis_store_sign_in_async (self->store, dis_operator_get_id (self->selected), pin,
                           self->cancellable, sign_in_done_cb, g_object_ref (self));
  self->busy = TRUE;
  update_sensitivity (self);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return dis_operator_row_new (item, NULL);
}

static gboolean
is_active (gpointer item,
           gpointer user_data)
{
  return dis_operator_get_active (item);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DisSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *preselect = NULL;
  guint n_active;

  if (!dis_operator_list_load_finish (DIS_OPERATOR_LIST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      dis_ui_show_error (GTK_WIDGET (self),
                         _("The operators could not be read. Restart the till; if it happens "
                           "again, check that the disk is not full."),
                         error);
    }

  self->loading = FALSE;
  n_active = g_list_model_get_n_items (self->active);
  gtk_widget_set_visible (GTK_WIDGET (self->operators_list), n_active > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n_active == 0 && error == NULL);

  /* Whoever signed in last, or the only one: straight to the PIN. */
  for (guint i = 0; i < n_active; i++)
    {
      g_autoptr(DisOperator) operator = g_list_model_get_item (self->active, i);

      if (dis_operator_get_id (operator) == self->last_operator_id || n_active == 1)
        preselect = gtk_list_box_get_row_at_index (self->operators_list, i);
    }

  if (preselect != NULL)
    gtk_list_box_select_row (self->operators_list, preselect);

  update_sensitivity (self);
}

static void
update_status (DisSignInPage *self)
{
  if (self->locked)
    {
      adw_status_page_set_icon_name (self->status_page, "system-lock-screen-symbolic");
      adw_status_page_set_title (self->status_page, _("Locked"));
      adw_status_page_set_description (self->status_page, _("Locked — sign in to continue"));
    }
  else
    {
      adw_status_page_set_icon_name (self->status_page, "avatar-default-symbolic");
      adw_status_page_set_title (self->status_page, _("Sign In"));
      adw_status_page_set_description (self->status_page, _("Choose your name, then type your PIN"));
    }
}

static gboolean
dis_sign_in_page_grab_focus (GtkWidget *widget)
{
  DisSignInPage *self = DIS_SIGN_IN_PAGE (widget);

  if (self->selected != NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));

  return gtk_widget_grab_focus (GTK_WIDGET (self->operators_list));
}

static void
dis_sign_in_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dis_sign_in_page_parent_class)->map (widget);

  gtk_widget_grab_focus (widget);
}

static void
dis_sign_in_page_dispose (GObject *object)
{
  GtkWidget *child;
  DisSignInPage *self = (DisSignInPage *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_SIGN_IN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dis_sign_in_page_parent_class)->dispose (object);
}

static void
dis_sign_in_page_finalize (GObject *object)
{
  DisSignInPage *self = (DisSignInPage *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->selected);
  g_clear_object (&self->active);
  g_clear_object (&self->operators);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dis_sign_in_page_parent_class)->finalize (object);
}

static void
dis_sign_in_page_class_init (DisSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_sign_in_page_dispose;
  object_class->finalize = dis_sign_in_page_finalize;

  widget_class->grab_focus = dis_sign_in_page_grab_focus;
  widget_class->map = dis_sign_in_page_map;

  /**
   * DisSignInPage::signed-in:
   * @operator: who signed in
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DIS_TYPE_OPERATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-sign-in-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DisSignInPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, DisSignInPage, operators_list);
  gtk_widget_class_bind_template_child (widget_class, DisSignInPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, DisSignInPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, DisSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DisSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, DisSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_changed_cb);
}

static void
dis_sign_in_page_init (DisSignInPage *self)
{
  GtkCustomFilter *filter;

  gtk_widget_init_template (GTK_WIDGET (self));
  dis_ui_label_password_entry (self->pin_entry, _("PIN"));

  self->cancellable = g_cancellable_new ();
  self->operators = dis_operator_list_new ();
  filter = gtk_custom_filter_new (is_active, NULL, NULL);
  self->active = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->operators)),
                                                          GTK_FILTER (filter)));
  gtk_list_box_bind_model (self->operators_list, self->active, create_row, NULL, NULL);
}

GtkWidget *
dis_sign_in_page_new (void)
{
  return g_object_new (DIS_TYPE_SIGN_IN_PAGE, NULL);
}

void
dis_sign_in_page_set_store (DisSignInPage *self,
                            DisStore      *store)
{
  g_return_if_fail (DIS_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
dis_sign_in_page_reload (DisSignInPage *self)
{
  g_return_if_fail (DIS_IS_SIGN_IN_PAGE (self));

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Nobody can pick a stale row while the list reloads. */
  self->busy = FALSE;
  self->loading = TRUE;
  gtk_list_box_unselect_all (self->operators_list);
  g_clear_object (&self->selected);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  hide_error (self);
  update_sensitivity (self);

  dis_operator_list_load_async (self->operators, self->store, self->cancellable,
                                load_done_cb, g_object_ref (self));
}

void
dis_sign_in_page_set_locked (DisSignInPage *self,
                             gboolean       locked)
{
  g_return_if_fail (DIS_IS_SIGN_IN_PAGE (self));

  self->locked = !!locked;
  update_status (self);
}
