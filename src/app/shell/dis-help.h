/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens the help in the help viewer (Yelp). Without one, says so in a
 * sentence over @parent and shows where the pages are: the installed
 * folder for the person's language, or else the online address. */
void dis_help_show (GtkWindow *parent);

G_END_DECLS
