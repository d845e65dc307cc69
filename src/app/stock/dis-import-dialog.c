/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-import-dialog.h"
#include "dis-money.h"
#include "dis-ui.h"

struct _DisImportDialog
{
  AdwWindow       parent_instance;

  DisStore       *store;
  DisOperator    *operator;
  DisCountImport *import;
  GCancellable   *cancellable;
  guint           busy : 1;

  GtkLabel       *summary_label;
  GtkListBox     *changes_list;
};

G_DEFINE_FINAL_TYPE (DisImportDialog, dis_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_change_row (gpointer item,
                   gpointer user_data)
{
  DisCountChange *change = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *qty = gtk_label_new (NULL);
  const char *unit = dis_count_change_get_unit (change);
  g_autofree char *counted = dis_qty_format (dis_count_change_get_counted (change), unit);
  g_autofree char *subtitle = NULL;
  g_autofree char *text = NULL;

  /* Translators: where a change comes from: "Row 12 · PAS-001" */
  subtitle = g_strdup_printf (_("Row %u · %s"), dis_count_change_get_row (change), dis_count_change_get_code (change));
  if (dis_count_change_get_was_counted (change))
    {
      g_autofree char *previous = dis_qty_format (dis_count_change_get_previous (change), unit);

      /* Translators: a counted quantity replaced: "was 10, now 12" */
      text = g_strdup_printf (_("was %s, now %s"), previous, counted);
    }
  else
    /* Translators: a counted quantity the import adds */
    text = g_strdup_printf (_("counted %s"), counted);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dis_count_change_get_name (change));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_label (GTK_LABEL (qty), text);
  gtk_widget_add_css_class (qty, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), qty);
  return row;
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DisImportDialog) self = user_data;
  g_autoptr(DisCount) count = NULL;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  count = dis_store_count_import_apply_finish (DIS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (count == NULL)
    {
      dis_ui_show_failure (GTK_WIDGET (self), _("The count sheet was not imported."),
                           _("Nothing was written. Try again; if it fails again, restart the till."), error);
      return;
    }
  g_signal_emit (self, signals[IMPORTED], 0, count);
  gtk_window_close (GTK_WINDOW (self));
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DisImportDialog *self = DIS_IMPORT_DIALOG (widget);

  if (self->busy)
    return;
  self->busy = TRUE;
  dis_store_count_import_apply_async (self->store, self->operator, self->import, self->cancellable,
                                      applied_cb, g_object_ref (self));
}

static void
dis_import_dialog_dispose (GObject *object)
{
  DisImportDialog *self = DIS_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIS_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->import);
  g_clear_object (&self->operator);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dis_import_dialog_parent_class)->dispose (object);
}

static void
dis_import_dialog_class_init (DisImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dis_import_dialog_dispose;

  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DIS_TYPE_COUNT);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/stock/dis-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DisImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DisImportDialog, changes_list);

  gtk_widget_class_install_action (widget_class, "import.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "import.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dis_import_dialog_init (DisImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

GtkWidget *
dis_import_dialog_new (GtkWindow      *parent,
                       DisStore       *store,
                       DisOperator    *operator,
                       DisCountImport *import)
{
  DisImportDialog *self;
  GListModel *changes;
  guint n_changes, n_rows;
  g_autoptr(GString) summary = g_string_new (NULL);

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DIS_IS_STORE (store), NULL);
  g_return_val_if_fail (DIS_IS_OPERATOR (operator), NULL);
  g_return_val_if_fail (DIS_IS_COUNT_IMPORT (import), NULL);

  self = g_object_new (DIS_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->operator = g_object_ref (operator);
  self->import = g_object_ref (import);

  changes = dis_count_import_get_changes (import);
  n_changes = g_list_model_get_n_items (changes);
  n_rows = dis_count_import_get_n_rows (import);
  g_string_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u row read.", "%u rows read.", n_rows), n_rows);
  g_string_append_c (summary, ' ');
  g_string_append_printf (summary,
                          g_dngettext (GETTEXT_PACKAGE, "%u change to the count, listed below; nothing is written until you press Import.",
                                       "%u changes to the count, listed below; nothing is written until you press Import.", n_changes),
                          n_changes);
  if (dis_count_import_get_n_unchanged (import) > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u row counts what the count already has.",
                                                    "%u rows count what the count already has.",
                                                    dis_count_import_get_n_unchanged (import)),
                              dis_count_import_get_n_unchanged (import));
    }
  if (dis_count_import_get_n_blank_counted (import) > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u row has no counted quantity and is left alone.",
                                                    "%u rows have no counted quantity and are left alone.",
                                                    dis_count_import_get_n_blank_counted (import)),
                              dis_count_import_get_n_blank_counted (import));
    }
  gtk_label_set_label (self->summary_label, summary->str);
  gtk_list_box_bind_model (self->changes_list, changes, create_change_row, NULL, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.apply", n_changes > 0);
  return GTK_WIDGET (self);
}
