/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Saving a stock CSV (the levels, a count sheet): where to and with
 * which separator, asked in a file chooser over @widget's window (a
 * semicolon by default where the decimal mark is a comma, as Italian
 * spreadsheets expect), then the bytes written off the UI thread and a
 * message saying where they went. */

typedef void (*DisStockExportChosen) (GFile    *file,
                                      char      separator,
                                      gpointer  user_data);

/* Calls @chosen with the file and separator picked, then frees
 * @user_data with @destroy; nothing when the person cancels. */
void dis_stock_export_choose (GtkWidget            *widget,
                              const char           *title,
                              const char           *file_name,
                              DisStockExportChosen  chosen,
                              gpointer              user_data,
                              GDestroyNotify        destroy);
/* Writes @bytes to @file; the outcome is told over @widget. */
void dis_stock_export_write  (GtkWidget            *widget,
                              GFile                *file,
                              GBytes               *bytes);

G_END_DECLS
