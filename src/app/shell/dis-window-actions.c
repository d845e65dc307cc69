/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-window"

#include "config.h"

#include "dis-window-private.h"

/* The views of a signed-in till (Till, Map, Members, Transparency, Stock,
 * Orders),
 * their actions and keyboard shortcuts. */

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
  else if (g_strcmp0 (name, "stock") == 0)
    dis_stock_page_focus_search (self->stock_page);
  else if (g_strcmp0 (name, "orders") == 0)
    dis_orders_page_focus_search (self->orders_page);
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
  AdwViewStackPage *page;

  /* Nobody signed in: the views are behind the sign-in page. */
  if (!_dis_window_is_main (self))
    return;

  /* A view this operator does not see stays hidden. */
  page = adw_view_stack_get_page (self->view_stack,
                                  adw_view_stack_get_child_by_name (self->view_stack, view));
  if (page == NULL || !adw_view_stack_page_get_visible (page))
    return;

  /* Asking again for the view shown brings the keyboard back to it. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), view) == 0)
    _dis_window_focus_view (self);
  else
    adw_view_stack_set_visible_child_name (self->view_stack, view);
}

void
_dis_window_update_stock_view (DisWindow *self)
{
  gboolean can = self->operator != NULL && dis_stock_page_operator_can_see (self->operator);
  const char *shown = adw_view_stack_get_visible_child_name (self->view_stack);

  dis_stock_page_set_operator (self->stock_page, can ? self->operator : NULL);
  if (!can && g_strcmp0 (shown, "stock") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "till");
  adw_view_stack_page_set_visible (self->stock_view, can);
}

void
_dis_window_update_orders_view (DisWindow *self)
{
  gboolean can = self->operator != NULL && dis_orders_page_operator_can_see (self->operator);
  const char *shown = adw_view_stack_get_visible_child_name (self->view_stack);

  dis_orders_page_set_operator (self->orders_page, can ? self->operator : NULL);
  if (!can && g_strcmp0 (shown, "orders") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "till");
  adw_view_stack_page_set_visible (self->orders_view, can);
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
    { GDK_KEY_5, "stock" },
    { GDK_KEY_6, "orders" },
  };

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_widget_class_add_binding_action (widget_class, views[i].keyval, GDK_ALT_MASK,
                                         "win.show-view", "s", views[i].view);
}
