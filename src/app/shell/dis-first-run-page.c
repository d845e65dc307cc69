/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-first-run-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dis-first-run-page.h"
#include "dis-form.h"
#include "dis-ui.h"

struct _DisFirstRunPage
{
  GtkWidget     parent_instance;

  DisStore     *store;
  GCancellable *cancellable;

  AdwEntryRow  *name_row;
  AdwEntryRow  *pin_row;
  AdwEntryRow  *repeat_row;
  GtkLabel     *error_label;
  GtkButton    *create_button;
  GtkSpinner   *spinner;

  guint         busy : 1;
};

G_DEFINE_FINAL_TYPE (DisFirstRunPage, dis_first_run_page, GTK_TYPE_WIDGET)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (DisFirstRunPage *self,
          gboolean         busy)
{
  self->busy = !!busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy);
  dis_form_set_busy (self->spinner, busy, self->name_row, self->pin_row, self->repeat_row, NULL);
}

static void
show_error (DisFirstRunPage *self,
            AdwEntryRow     *row,
            const char      *message)
{
  dis_form_show_error (self->error_label, row, message);
}

static void
clear_error_cb (DisFirstRunPage *self)
{
  dis_form_clear_errors (self->error_label, self->name_row, self->pin_row, self->repeat_row, NULL);
}

static void
name_activated_cb (DisFirstRunPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
}

static void
pin_activated_cb (DisFirstRunPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
}

static void
create_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DisFirstRunPage) self = user_data;
  g_autoptr(DisOperator) operator = NULL;
  g_autoptr(GError) error = NULL;

  operator = dis_store_create_operator_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (operator == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (self), _("The point manager was not created."),
                           _("Try again; if it fails again, restart the till."), error);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, operator);
}

static void
create_cb (DisFirstRunPage *self)
{
  g_autofree char *name = NULL;
  const char *pin;
  const char *repeat;

  if (self->busy)
    return;

  clear_error_cb (self);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));

  if (name[0] == '\0')
    {
      show_error (self, self->name_row, _("Type the point manager’s name."));
      return;
    }

  if (!dis_pin_is_well_formed (pin))
    {
      show_error (self, self->pin_row, _("The PIN must be 4 to 8 digits."));
      return;
    }

  if (g_strcmp0 (pin, repeat) != 0)
    {
      show_error (self, self->repeat_row, _("The two PINs are different."));
      return;
    }

  if (self->store == NULL)
    {
      show_error (self, NULL, _("The database is not open yet."));
      return;
    }

  /* Hashing the PIN with Argon2id takes a moment. The PIN is copied
   * here, before anything may touch the entry. */
  dis_store_create_operator_async (self->store, NULL, name, pin, DIS_ROLE_RESPONSABILE,
                                   self->cancellable, create_done_cb, g_object_ref (self));
  set_busy (self, TRUE);
}

static gboolean
dis_first_run_page_grab_focus (GtkWidget *widget)
{
  DisFirstRunPage *self = DIS_FIRST_RUN_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
dis_first_run_page_dispose (GObject *object)
{
  GtkWidget *child;
  DisFirstRunPage *self = (DisFirstRunPage *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_FIRST_RUN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dis_first_run_page_parent_class)->dispose (object);
}

static void
dis_first_run_page_finalize (GObject *object)
{
  DisFirstRunPage *self = (DisFirstRunPage *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dis_first_run_page_parent_class)->finalize (object);
}

static void
dis_first_run_page_class_init (DisFirstRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_first_run_page_dispose;
  object_class->finalize = dis_first_run_page_finalize;

  widget_class->grab_focus = dis_first_run_page_grab_focus;

  /**
   * DisFirstRunPage::created:
   * @operator: the new responsabile
   */
  signals[CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DIS_TYPE_OPERATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/shell/dis-first-run-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DisFirstRunPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, DisFirstRunPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, DisFirstRunPage, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, DisFirstRunPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DisFirstRunPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, DisFirstRunPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, clear_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_cb);
}

static void
dis_first_run_page_init (DisFirstRunPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  dis_ui_label_entry_row (self->name_row);
  dis_ui_label_entry_row (self->pin_row);
  dis_ui_label_entry_row (self->repeat_row);
}

GtkWidget *
dis_first_run_page_new (void)
{
  return g_object_new (DIS_TYPE_FIRST_RUN_PAGE, NULL);
}

void
dis_first_run_page_set_store (DisFirstRunPage *self,
                              DisStore        *store)
{
  g_return_if_fail (DIS_IS_FIRST_RUN_PAGE (self));
  g_return_if_fail (!store || DIS_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
dis_first_run_page_reset (DisFirstRunPage *self)
{
  g_return_if_fail (DIS_IS_FIRST_RUN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
  clear_error_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}
