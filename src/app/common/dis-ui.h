/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dis-error.h"

G_BEGIN_DECLS

/* Small helpers every page shares, so that no page needs to know the
 * window it lives in. */

/* The window @widget is in, or NULL when it is not in one yet. */
GtkWindow *dis_ui_get_parent_window (GtkWidget  *widget);

/* Shows @toast (consumed; its title is markup) in the nearest
 * AdwToastOverlay above @widget;
 * from a dialog, in its own overlay or else in the window it belongs to.
 * A preferences window shows it itself. Dropped with a debug message when
 * @widget is not shown anywhere. */
void       dis_ui_toast             (GtkWidget  *widget,
                                     AdwToast   *toast);
/* A plain message (not markup) for a few seconds. */
void       dis_ui_message           (GtkWidget  *widget,
                                     const char *message);
/* A plain message the person must see now, because what they do next
 * depends on it (a scan that found nothing): it goes before any message
 * already showing instead of waiting behind it. */
void       dis_ui_warning           (GtkWidget  *widget,
                                     const char *message);

/* What the person sees when something failed: @sentence says what
 * happened and what to do ("The sale was not saved. Try again; if it
 * fails again, restart the till."); the technical @error is one click
 * away ("Details"), never shown alone. Both are plain text. A cancelled
 * operation shows nothing; @error may be NULL when there is no detail. */
void       dis_ui_show_error        (GtkWidget    *widget,
                                     const char   *sentence,
                                     const GError *error);

/* For an operation of the store that failed: @what_failed says so ("The
 * operator was not added."). When a rule refused it (a DIS_ERROR other
 * than DIS_ERROR_DATABASE), the error's own message, written for the
 * person, says why and follows; otherwise @what_to_do follows and the
 * technical message is behind "Details", as with dis_ui_show_error(). */
void       dis_ui_show_failure      (GtkWidget    *widget,
                                     const char   *what_failed,
                                     const char   *what_to_do,
                                     const GError *error);

/* AdwEntryRow (1.2) gives its title to the row, not to the text inside
 * that takes the keyboard: this names the text after the title, for
 * screen readers and the end-to-end tests. For an AdwPasswordEntryRow
 * the eye that shows the secret is named and left out of Tab. */
void       dis_ui_label_entry_row   (AdwEntryRow  *row);
/* The eye of a password entry (show-peek-icon) for the pointer only,
 * named "Show or Hide @secret". dis_ui_label_entry_row() does the same
 * for an AdwPasswordEntryRow, with the row's title. */
void       dis_ui_label_password_entry (GtkPasswordEntry *entry,
                                        const char       *secret);

/* A dialog with @sentence as its heading and the technical @details
 * below, over the window of @widget: what "Details" opens. */
void       dis_ui_show_details      (GtkWidget    *widget,
                                     const char   *sentence,
                                     const char   *details);

/* For a dialog's "stop-search": a GtkSearchEntry keeps Esc from the
 * dialog's own binding, so Esc there clears what was typed, and closes
 * the dialog when there was nothing to clear. */
void       dis_ui_search_escape     (GtkSearchEntry *entry);

/* Closes every popover in @widget, @widget included: for the
 * GtkWidget::unroot of whoever owns one. GTK 4.8 does not close a
 * popover when its window goes, not even a GtkMenuButton's: left open,
 * it keeps the grab GTK takes for it, and the reference that comes with
 * it, past its window; it is never freed, and GTK's tooltip can still
 * ask its missing surface for the pointer position. Closed in unroot,
 * once the window has let go of its focus, it goes with the window. */
void       dis_ui_close_popovers    (GtkWidget      *widget);

/* The user data of an async call made for @object (a widget) that must
 * not keep it alive until the answer comes, past its window: a weak
 * reference. The callback passes it to dis_ui_weak_take(), which frees
 * it and returns a reference to the object, or NULL when it is gone. */
gpointer   dis_ui_weak_new          (gpointer        object);
gpointer   dis_ui_weak_take         (gpointer        weak);

G_END_DECLS
