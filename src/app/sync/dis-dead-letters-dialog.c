/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-dead-letters-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-dead-letters-dialog.h"

struct _DisDeadLettersDialog
{
  AdwWindow        parent_instance;

  DisStore        *store;
  GCancellable    *cancellable;
  GString         *details;

  AdwToastOverlay *toast_overlay;
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

static char *
format_time (GDateTime *at)
{
  g_autoptr(GDateTime) local = NULL;

  if (at == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (at);
  /* Translators: date and time of a rejected event, see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static void
add_letter (DisDeadLettersDialog *self,
            const DisDeadLetter  *letter)
{
  g_autofree char *when = format_time (letter->at);
  g_autofree char *subtitle = NULL;
  g_autofree char *iso = letter->at ? g_date_time_format_iso8601 (letter->at) : g_strdup ("");
  const char *title = letter->receipt_no ? letter->receipt_no : letter->type;
  GtkWidget *row;

  /* Translators: time, then the hub's code and reason, e.g.
   * "2 May 2024, 10:00 — invalid_payload: payload.total: must be an integer" */
  subtitle = g_strdup_printf (_("%s — %s: %s"),
                              g_strstrip (when),
                              letter->code ? letter->code : "",
                              letter->message ? letter->message : "");

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_list_box_append (self->list_box, row);

  /* The copied text is for the administrator: stable codes, ISO times. */
  g_string_append_printf (self->details, "%s\t%s\t%s\t%s\t%s\t%s\n",
                          iso,
                          letter->type ? letter->type : "",
                          letter->receipt_no ? letter->receipt_no : "-",
                          letter->event_id ? letter->event_id : "",
                          letter->code ? letter->code : "",
                          letter->message ? letter->message : "");
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DisDeadLettersDialog) self = user_data;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;

  letters = dis_store_list_dead_letters_finish (DIS_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("The till could not read them: %s"), error->message);

      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("The Rejected Events Could Not Be Read"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_string_truncate (self->details, 0);
  g_string_append (self->details, "time\ttype\treceipt\tevent\tcode\tmessage\n");

  for (guint i = 0; letters != NULL && i < letters->len; i++)
    add_letter (self, g_ptr_array_index (letters, i));

  gtk_stack_set_visible_child_name (self->stack,
                                    letters != NULL && letters->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dead-letters.copy",
                                 letters != NULL && letters->len > 0);
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
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Details copied to the clipboard")));
}

static void
dis_dead_letters_dialog_constructed (GObject *object)
{
  DisDeadLettersDialog *self = (DisDeadLettersDialog *)object;

  G_OBJECT_CLASS (dis_dead_letters_dialog_parent_class)->constructed (object);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dead-letters.copy", FALSE);
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
  gtk_widget_class_bind_template_child (widget_class, DisDeadLettersDialog, toast_overlay);
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
