/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-park-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-park-dialog.h"

struct _DisParkDialog
{
  AdwMessageDialog  parent_instance;

  char             *suggested;

  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (DisParkDialog, dis_park_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Enter parks, as the Park button would, and the dialog closes with it. */
static void
on_entry_activate (DisParkDialog *self)
{
  gtk_widget_activate_default (GTK_WIDGET (self->entry));
}

static void
dis_park_dialog_dispose (GObject *object)
{
  DisParkDialog *self = DIS_PARK_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_PARK_DIALOG);

  G_OBJECT_CLASS (dis_park_dialog_parent_class)->dispose (object);
}

static void
dis_park_dialog_finalize (GObject *object)
{
  DisParkDialog *self = DIS_PARK_DIALOG (object);

  g_free (self->suggested);

  G_OBJECT_CLASS (dis_park_dialog_parent_class)->finalize (object);
}

static void
dis_park_dialog_class_init (DisParkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_park_dialog_dispose;
  object_class->finalize = dis_park_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/till/dis-park-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisParkDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
dis_park_dialog_init (DisParkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_park_dialog_new (GtkWindow  *parent,
                     const char *suggested,
                     gboolean    then_resume)
{
  DisParkDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (suggested != NULL, NULL);

  self = g_object_new (DIS_TYPE_PARK_DIALOG,
                       "transient-for", parent,
                       "heading", then_resume ? _("Park the Current Cart?") : _("Park the Cart"),
                       "body", then_resume
                               ? _("The cart has products in it. It is parked first, then the other one is resumed. A label helps to find it again, such as the buyer’s name.")
                               : _("A label helps to find it again, such as the buyer’s name."),
                       NULL);
  self->suggested = g_strdup (suggested);

  if (then_resume)
    adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "park", _("_Park and Resume"));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), suggested);
  gtk_entry_set_placeholder_text (self->entry, suggested);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);

  return GTK_WIDGET (self);
}

char *
dis_park_dialog_get_label (DisParkDialog *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (DIS_IS_PARK_DIALOG (self), NULL);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (text[0] == '\0')
    return g_strdup (self->suggested);

  return g_steal_pointer (&text);
}
