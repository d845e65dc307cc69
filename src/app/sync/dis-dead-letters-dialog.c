/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-dead-letters-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-dead-letter-row.h"
#include "dis-dead-letters-dialog.h"
#include "dis-ui.h"

struct _DisDeadLettersDialog
{
  AdwWindow        parent_instance;

  DisStore        *store;
  GCancellable    *cancellable;
  GString         *details;
  GListStore      *letters;   /* DisDeadLetterItem */

  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GtkListBox      *list_box;
};

G_DEFINE_FINAL_TYPE (DisDeadLettersDialog, dis_dead_letters_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return dis_dead_letter_row_new (item);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DisDeadLettersDialog) self = user_data;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  letters = dis_store_list_dead_letters_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      const char *sentence = _("The till could not read them. Close this window and open it "
                               "again; if it happens again, restart the till.");

      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("The Rejected Events Could Not Be Read"));
      adw_status_page_set_description (self->empty_page, sentence);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      dis_ui_show_error (GTK_WIDGET (self), sentence, error);
      return;
    }

  g_string_truncate (self->details, 0);
  g_string_append (self->details, "time\ttype\treceipt\tevent\tcode\tmessage\n");

  /* The items own the letters from here on. */
  if (letters != NULL)
    g_ptr_array_set_free_func (letters, NULL);
  for (guint i = 0; letters != NULL && i < letters->len; i++)
    {
      DisDeadLetterItem *item = dis_dead_letter_item_new (g_ptr_array_index (letters, i));

      dis_dead_letter_item_append_details (item, self->details);
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->letters, 0, g_list_model_get_n_items (G_LIST_MODEL (self->letters)),
                       items->pdata, items->len);

  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dead-letters.copy", items->len > 0);
}

static void
load (DisDeadLettersDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "loading");
  dis_store_list_dead_letters_async (self->store, self->cancellable, list_cb, g_object_ref (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DisDeadLettersDialog *self = DIS_DEAD_LETTERS_DIALOG (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->details->str);
  dis_ui_message (widget, _("Details copied to the clipboard"));
}

static void
dis_dead_letters_dialog_constructed (GObject *object)
{
  DisDeadLettersDialog *self = (DisDeadLettersDialog *)object;

  G_OBJECT_CLASS (dis_dead_letters_dialog_parent_class)->constructed (object);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dead-letters.copy", FALSE);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->letters), create_row, NULL, NULL);
  if (self->store != NULL)
    load (self);
}

static void
dis_dead_letters_dialog_dispose (GObject *object)
{
  DisDeadLettersDialog *self = (DisDeadLettersDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_DEAD_LETTERS_DIALOG);

  G_OBJECT_CLASS (dis_dead_letters_dialog_parent_class)->dispose (object);
}

static void
dis_dead_letters_dialog_finalize (GObject *object)
{
  DisDeadLettersDialog *self = (DisDeadLettersDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_string_free (self->details, TRUE);
  g_clear_object (&self->letters);

  G_OBJECT_CLASS (dis_dead_letters_dialog_parent_class)->finalize (object);
}

static void
dis_dead_letters_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DisDeadLettersDialog *self = DIS_DEAD_LETTERS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_dead_letters_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  DisDeadLettersDialog *self = DIS_DEAD_LETTERS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_dead_letters_dialog_class_init (DisDeadLettersDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dis_dead_letters_dialog_constructed;
  object_class->dispose = dis_dead_letters_dialog_dispose;
  object_class->finalize = dis_dead_letters_dialog_finalize;
  object_class->get_property = dis_dead_letters_dialog_get_property;
  object_class->set_property = dis_dead_letters_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIS_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/sync/dis-dead-letters-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisDeadLettersDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DisDeadLettersDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DisDeadLettersDialog, list_box);

  gtk_widget_class_install_action (widget_class, "dead-letters.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "dead-letters.copy", NULL);
}

static void
dis_dead_letters_dialog_init (DisDeadLettersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->details = g_string_new (NULL);
  self->letters = g_list_store_new (DIS_TYPE_DEAD_LETTER_ITEM);
}

GtkWidget *
dis_dead_letters_dialog_new (GtkWindow *parent,
                             DisStore  *store)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);

  return g_object_new (DIS_TYPE_DEAD_LETTERS_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}

char *
dis_dead_letters_dialog_dup_details (DisDeadLettersDialog *self)
{
  g_return_val_if_fail (DIS_IS_DEAD_LETTERS_DIALOG (self), NULL);

  if (self->details->len == 0)
    return NULL;

  return g_strdup (self->details->str);
}
