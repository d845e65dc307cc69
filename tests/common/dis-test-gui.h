/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Widget lookups for the GTK tests, as a person finds things on screen:
 * by type, by name, by the text shown. */

/* A GTK test program: the C.UTF-8 locale, the core's types, GTK's test
 * set-up and libadwaita. */
void       dis_test_gtk_init          (int           *argc,
                                       char        ***argv);

typedef enum
{
  DIS_TEST_MATCH_EXACT,
  DIS_TEST_MATCH_PREFIX,
  DIS_TEST_MATCH_CONTAINS,
} DisTestMatch;

/* The text @widget shows, without mnemonic underscores: a preferences
 * row's title, a label, a button's label (or the nearest label inside
 * it), a status page's title. NULL for anything else. */
char      *dis_test_widget_text       (GtkWidget    *widget);

typedef gboolean (*DisTestWidgetMatch) (GtkWidget     *widget,
                                        gconstpointer  data);

/* Depth first, @root included: the first widget of @type that @match
 * accepts. */
GtkWidget *dis_test_find_widget       (GtkWidget          *root,
                                       GType               type,
                                       DisTestWidgetMatch  match,
                                       gconstpointer       data);
/* The first widget of @type whose widget name is @name (any when NULL). */
GtkWidget *dis_test_find_named        (GtkWidget    *root,
                                       GType         type,
                                       const char   *name);
/* The first widget of @type whose tooltip is @tooltip: a menu button
 * with an icon only. */
GtkWidget *dis_test_find_tooltip      (GtkWidget    *root,
                                       GType         type,
                                       const char   *tooltip);
/* The first widget of @type whose text matches @text (any when NULL). */
GtkWidget *dis_test_find_text         (GtkWidget    *root,
                                       GType         type,
                                       const char   *text,
                                       DisTestMatch  match);
/* An exact match that must be there. */
GtkWidget *dis_test_get_text          (GtkWidget    *root,
                                       GType         type,
                                       const char   *text);

/* Like a click: only a sensitive button reacts. */
void       dis_test_click             (GtkWidget    *button);

/* The first toplevel window of @type, or NULL. */
GtkWindow *dis_test_find_toplevel       (GType         type);
/* The first visible one. */
GtkWindow *dis_test_find_shown_toplevel (GType         type);
/* Destroys every toplevel window. */
void       dis_test_destroy_toplevels (void);
/* Destroys the dialogs (AdwWindow, AdwMessageDialog) left open. */
void       dis_test_destroy_dialogs   (void);

/* Waits for @popover to show, destroys @window and waits for @popover
 * to be freed; fails after @seconds. A popover left open when its window
 * closes must go with it: GTK 4.8 keeps it otherwise, without a surface,
 * where its tooltip may still ask it for the pointer. */
void       dis_test_destroy_window_with_open (GtkWindow  *window,
                                              GtkPopover *popover,
                                              guint       seconds);

G_END_DECLS
