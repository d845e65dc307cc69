/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-declaration-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-core.h"
#include "dis-declaration-dialog.h"
#include "dis-member.h"

struct _DisDeclarationDialog
{
  AdwMessageDialog  parent_instance;

  GtkTextView      *text_view;
  GtkTextBuffer    *buffer;
  GtkLabel         *count_label;
  GtkEntry         *name_entry;
  GtkLabel         *message_label;
};

G_DEFINE_FINAL_TYPE (DisDeclarationDialog, dis_declaration_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_PUBLISHED_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
dis_declaration_dialog_dup_text (DisDeclarationDialog *self)
{
  g_return_val_if_fail (DIS_IS_DECLARATION_DIALOG (self), NULL);

  return g_strstrip (dup_buffer_text (self->buffer));
}

char *
dis_declaration_dialog_dup_published_name (DisDeclarationDialog *self)
{
  g_return_val_if_fail (DIS_IS_DECLARATION_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
}

void
dis_declaration_dialog_set_published_name (DisDeclarationDialog *self,
                                           const char           *name)
{
  g_return_if_fail (DIS_IS_DECLARATION_DIALOG (self));

  /* "changed" notifies. */
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name ? name : "");
}

/* The count, what is wrong, and whether "save" may be chosen. */
static void
on_input_changed (DisDeclarationDialog *self)
{
  g_autofree char *text = dup_buffer_text (self->buffer);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *name = dis_declaration_dialog_dup_published_name (self);
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  glong n = g_utf8_strlen (text, -1);
  gboolean too_long = n > DIS_MEMBER_DECLARATION_MAX;

  g_assert (DIS_IS_DECLARATION_DIALOG (self));

  /* Translators: characters typed of the most allowed, "120 / 1000" */
  count = g_strdup_printf (_("%ld / %d"), n, DIS_MEMBER_DECLARATION_MAX);
  gtk_label_set_label (self->count_label, count);

  if (too_long)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The declaration is too long by %ld character: at most %d",
                                              "The declaration is too long by %ld characters: at most %d",
                                              (gulong) (n - DIS_MEMBER_DECLARATION_MAX)),
                                 n - DIS_MEMBER_DECLARATION_MAX, DIS_MEMBER_DECLARATION_MAX);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");

  if (message == NULL && trimmed[0] != '\0' && name[0] == '\0')
    message = g_strdup (_("Enter the name to publish the declaration under"));

  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save",
                                           !too_long && trimmed[0] != '\0' && name[0] != '\0');
}

static void
on_name_changed (DisDeclarationDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLISHED_NAME]);
}

static void
dis_declaration_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DisDeclarationDialog *self = DIS_DECLARATION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PUBLISHED_NAME:
      g_value_take_string (value, dis_declaration_dialog_dup_published_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_declaration_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DisDeclarationDialog *self = DIS_DECLARATION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PUBLISHED_NAME:
      dis_declaration_dialog_set_published_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_declaration_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_DECLARATION_DIALOG);

  G_OBJECT_CLASS (dis_declaration_dialog_parent_class)->dispose (object);
}

static void
dis_declaration_dialog_class_init (DisDeclarationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dis_declaration_dialog_get_property;
  object_class->set_property = dis_declaration_dialog_set_property;
  object_class->dispose = dis_declaration_dialog_dispose;

  properties[PROP_PUBLISHED_NAME] =
    g_param_spec_string ("published-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-declaration-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisDeclarationDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, DisDeclarationDialog, buffer);
  gtk_widget_class_bind_template_child (widget_class, DisDeclarationDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, DisDeclarationDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, DisDeclarationDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
}

static void
dis_declaration_dialog_init (DisDeclarationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  on_input_changed (self);
  /* The declaration is what is written here: start there. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->text_view));
}

GtkWidget *
dis_declaration_dialog_new (GtkWindow  *parent,
                            const char *published_name)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (DIS_TYPE_DECLARATION_DIALOG,
                       "transient-for", parent,
                       "published-name", published_name,
                       NULL);
}
