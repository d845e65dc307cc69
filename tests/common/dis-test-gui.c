/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-test"

#include "config.h"

#include <string.h>

#include "dis-core.h"
#include "dis-test-gui.h"
#include "dis-test-util.h"

void
dis_test_gtk_init (int    *argc,
                   char ***argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  dis_core_init ();
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

/* The shallowest label inside @widget: a spinner and a label in a box,
 * an icon and a label in a button content. */
static GtkWidget *
nearest_label (GtkWidget *widget)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, widget);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *next = g_queue_pop_head (queue);

      for (GtkWidget *child = gtk_widget_get_first_child (next);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (GTK_IS_LABEL (child))
            return child;
          g_queue_push_tail (queue, child);
        }
    }
  return NULL;
}

static const char *
shown_text (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *label;

      if (gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
        return gtk_button_get_label (GTK_BUTTON (widget));
      label = nearest_label (widget);
      return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
    }
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
  return NULL;
}

char *
dis_test_widget_text (GtkWidget *widget)
{
  const char *text = shown_text (widget);
  GString *clean;

  if (text == NULL)
    return NULL;
  clean = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (clean, *p);
  return g_string_free (clean, FALSE);
}

GtkWidget *
dis_test_find_widget (GtkWidget          *root,
                      GType               type,
                      DisTestWidgetMatch  match,
                      gconstpointer       data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dis_test_find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
name_matches (GtkWidget     *widget,
              gconstpointer  data)
{
  return data == NULL || g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

GtkWidget *
dis_test_find_named (GtkWidget  *root,
                     GType       type,
                     const char *name)
{
  return dis_test_find_widget (root, type, name_matches, name);
}

static gboolean
tooltip_matches (GtkWidget     *widget,
                 gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

GtkWidget *
dis_test_find_tooltip (GtkWidget  *root,
                       GType       type,
                       const char *tooltip)
{
  return dis_test_find_widget (root, type, tooltip_matches, tooltip);
}

typedef struct
{
  const char   *text;
  DisTestMatch  match;
} TextMatch;

static gboolean
text_matches (GtkWidget     *widget,
              gconstpointer  data)
{
  const TextMatch *want = data;
  g_autofree char *text = NULL;

  if (want->text == NULL)
    return TRUE;
  text = dis_test_widget_text (widget);
  if (text == NULL)
    return FALSE;
  switch (want->match)
    {
    case DIS_TEST_MATCH_EXACT:
      return g_str_equal (text, want->text);
    case DIS_TEST_MATCH_PREFIX:
      return g_str_has_prefix (text, want->text);
    case DIS_TEST_MATCH_CONTAINS:
    default:
      return strstr (text, want->text) != NULL;
    }
}

GtkWidget *
dis_test_find_text (GtkWidget    *root,
                    GType         type,
                    const char   *text,
                    DisTestMatch  match)
{
  TextMatch want = { text, match };

  return dis_test_find_widget (root, type, text_matches, &want);
}

GtkWidget *
dis_test_get_text (GtkWidget  *root,
                   GType       type,
                   const char *text)
{
  GtkWidget *widget = dis_test_find_text (root, type, text, DIS_TEST_MATCH_EXACT);

  if (widget == NULL)
    g_error ("No %s “%s” found", g_type_name (type), text ? text : "(any)");
  return widget;
}

void
dis_test_click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static GtkWindow *
find_toplevel (GType    type,
               gboolean shown)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* The list keeps it alive. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          (!shown || gtk_widget_get_visible (GTK_WIDGET (window))))
        return window;
    }
  return NULL;
}

GtkWindow *
dis_test_find_toplevel (GType type)
{
  return find_toplevel (type, FALSE);
}

GtkWindow *
dis_test_find_shown_toplevel (GType type)
{
  return find_toplevel (type, TRUE);
}

void
dis_test_destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

void
dis_test_destroy_window_with_open (GtkWindow  *window,
                                   GtkPopover *popover,
                                   guint       seconds)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_POPOVER (popover));

  DIS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)), seconds);
  g_object_add_weak_pointer (G_OBJECT (popover), (gpointer *) &popover);

  gtk_window_destroy (window);
  DIS_TEST_WAIT_UNTIL (popover == NULL, seconds);
}

void
dis_test_destroy_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_WINDOW (window) || ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (window);
    }
}
