/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* What the shell's forms (first run, enrolment) share: a sentence under
 * the rows when something is wrong, and a busy state while the work runs.
 * The row lists are NULL-terminated. */

/* @message in @error_label; @row (may be NULL) marked and focused. */
void dis_form_show_error   (GtkLabel    *error_label,
                            AdwEntryRow *row,
                            const char  *message);
/* Hides @error_label and unmarks the rows. */
void dis_form_clear_errors (GtkLabel    *error_label,
                            AdwEntryRow *first_row,
                            ...) G_GNUC_NULL_TERMINATED;
/* The spinner turns and the rows are read-only (rather than insensitive:
 * the focused text keeps its focus) while @busy. */
void dis_form_set_busy     (GtkSpinner  *spinner,
                            gboolean     busy,
                            AdwEntryRow *first_row,
                            ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
