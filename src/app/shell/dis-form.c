/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-form"

#include "config.h"

#include "dis-form.h"

void
dis_form_show_error (GtkLabel    *error_label,
                     AdwEntryRow *row,
                     const char  *message)
{
  g_return_if_fail (GTK_IS_LABEL (error_label));
  g_return_if_fail (!row || ADW_IS_ENTRY_ROW (row));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);

  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

void
dis_form_clear_errors (GtkLabel    *error_label,
                       AdwEntryRow *first_row,
                       ...)
{
  va_list rows;

  g_return_if_fail (GTK_IS_LABEL (error_label));

  gtk_widget_set_visible (GTK_WIDGET (error_label), FALSE);

  va_start (rows, first_row);
  for (AdwEntryRow *row = first_row; row != NULL; row = va_arg (rows, AdwEntryRow *))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  va_end (rows);
}

void
dis_form_set_busy (GtkSpinner  *spinner,
                   gboolean     busy,
                   AdwEntryRow *first_row,
                   ...)
{
  va_list rows;

  g_return_if_fail (GTK_IS_SPINNER (spinner));

  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
  gtk_spinner_set_spinning (spinner, busy);

  va_start (rows, first_row);
  for (AdwEntryRow *row = first_row; row != NULL; row = va_arg (rows, AdwEntryRow *))
    gtk_editable_set_editable (GTK_EDITABLE (row), !busy);
  va_end (rows);
}
