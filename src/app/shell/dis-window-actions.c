/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-window"

#include "config.h"

#include "dis-window-private.h"

/* The views of a signed-in till (Till, Map, Members, Transparency), their actions and
 * keyboard shortcuts. */

void
_dis_window_focus_view (DisWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  /* Each view keeps the keyboard where work starts. */
  if (g_strcmp0 (name, "map") == 0)
    dis_map_page_focus_search (self->map_page);
  else if (g_strcmp0 (name, "members") == 0)
    dis_members_page_focus_search (self->members_page);
  else if (g_strcmp0 (name, "transparency") == 0)
    dis_transparency_page_focus_table (self->transparency_page);
  else
    dis_till_page_focus_search (self->till_page);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DisWindow *self = DIS_WINDOW (widget);
  const char *view = g_variant_get_string (param, NULL);

  /* Nobody signed in: the views are behind the sign-in page. */
  if (!_dis_window_is_main (self))
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, view);
}

void
_dis_window_class_add_actions (GtkWidgetClass *widget_class)
{
  static const struct {
    guint       keyval;
    const char *view;
  } views[] = {
    { GDK_KEY_1, "till" },
    { GDK_KEY_2, "map" },
    { GDK_KEY_3, "members" },
    { GDK_KEY_4, "transparency" },
  };

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_widget_class_add_binding_action (widget_class, views[i].keyval, GDK_ALT_MASK,
                                         "win.show-view", "s", views[i].view);
}
