/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-geo.h"
#include "dis-map-page-private.h"
#include "dis-map-point-row.h"
#include "dis-store-points.h"

/* The side list: all points (a GListStore of DisMapPoint) → the search
 * filter → the order (by name, or by distance from the chosen place) →
 * a single selection → a GtkListView of DisMapPointRow. */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  return _dis_map_page_search_matches (DIS_MAP_PAGE (user_data), DIS_MAP_POINT (item));
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  DisMapPage *self = user_data;
  DisMapPoint *pa = (DisMapPoint *)a;
  DisMapPoint *pb = (DisMapPoint *)b;

  if (self->nearest_active)
    {
      double da = dis_map_point_get_distance (pa);
      double db = dis_map_point_get_distance (pb);

      if (da >= 0 && db >= 0 && da != db)
        return da < db ? -1 : 1;
      if ((da >= 0) != (db >= 0))
        return da >= 0 ? -1 : 1;
    }
  else if (dis_map_point_get_own (pa) != dis_map_point_get_own (pb))
    return dis_map_point_get_own (pa) ? -1 : 1;

  return g_utf8_collate (dis_map_point_get_name (pa), dis_map_point_get_name (pb));
}

static void
update_distances (DisMapPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->points));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisMapPoint) point = g_list_model_get_item (G_LIST_MODEL (self->points), i);

      if (!self->nearest_active || !dis_map_point_has_location (point))
        dis_map_point_set_distance (point, -1);
      else
        dis_map_point_set_distance (point,
                                    dis_geo_distance_m (self->nearest_lat, self->nearest_lon,
                                                        dis_map_point_get_latitude (point),
                                                        dis_map_point_get_longitude (point)));
    }
}

static void
selection_changed_cb (DisMapPage *self)
{
  DisMapPoint *point;

  if (self->syncing_selection)
    return;

  point = gtk_single_selection_get_selected_item (self->selection);
  if (point != NULL)
    _dis_map_page_select_point (self, point, TRUE, TRUE);
}

static void
point_activated_cb (DisMapPage *self,
                    guint       position)
{
  g_autoptr(DisMapPoint) point = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (point != NULL)
    _dis_map_page_select_point (self, point, TRUE, TRUE);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, g_object_new (DIS_TYPE_MAP_POINT_ROW, NULL));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  dis_map_point_row_set_point (DIS_MAP_POINT_ROW (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  dis_map_point_row_set_point (DIS_MAP_POINT_ROW (gtk_list_item_get_child (item)), NULL);
}

void
_dis_map_page_list_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, point_activated_cb);
}

void
_dis_map_page_list_init (DisMapPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->points = g_list_store_new (DIS_TYPE_MAP_POINT);
  self->points_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->points)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorter = gtk_custom_sorter_new (sort_func, self, NULL);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (GTK_SORTER (self->sorter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sorted, "items-changed",
                           G_CALLBACK (_dis_map_page_list_update_state), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->point_list, factory);
  gtk_list_view_set_model (self->point_list, GTK_SELECTION_MODEL (self->selection));
}

void
_dis_map_page_list_dispose (DisMapPage *self)
{
  /* The models call back into the page: cut them first. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  if (self->sorter != NULL)
    gtk_custom_sorter_set_sort_func (self->sorter, NULL, NULL, NULL);

  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->points_by_code, g_hash_table_unref);
  g_clear_object (&self->points);
}

void
_dis_map_page_list_set_points (DisMapPage *self,
                               GPtrArray  *points,
                               const char *own_code)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert (DIS_IS_MAP_PAGE (self));

  g_hash_table_remove_all (self->points_by_code);
  g_clear_object (&self->own_point);

  for (guint i = 0; i < points->len; i++)
    {
      const DisPointRecord *record = g_ptr_array_index (points, i);
      gboolean own = g_strcmp0 (record->code, own_code) == 0;
      DisMapPoint *point = dis_map_point_new (record, own);

      g_ptr_array_add (items, point);
      g_hash_table_replace (self->points_by_code, (gpointer)dis_map_point_get_code (point), point);
      if (own && dis_map_point_has_location (point))
        g_set_object (&self->own_point, point);
    }

  self->syncing_selection = TRUE;
  g_list_store_splice (self->points, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->points)),
                       items->pdata, items->len);
  update_distances (self);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  self->syncing_selection = FALSE;
}

DisMapPoint *
_dis_map_page_list_lookup (DisMapPage *self,
                           const char *code)
{
  g_assert (DIS_IS_MAP_PAGE (self));

  return code != NULL ? g_hash_table_lookup (self->points_by_code, code) : NULL;
}

void
_dis_map_page_list_refilter (DisMapPage *self)
{
  g_assert (DIS_IS_MAP_PAGE (self));

  update_distances (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  _dis_map_page_list_update_state (self);
}

void
_dis_map_page_list_update_state (DisMapPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > 0 || !self->loaded)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  adw_status_page_set_title (self->empty_page, _("No Points Found"));
  if (text != NULL && text[0] != '\0')
    adw_status_page_set_description (self->empty_page,
                                     _("No point of the network has this name or is in this comune. "
                                       "Choose a place above to see the nearest points."));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("The network’s points arrive with the next sync from the hub."));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

guint
_dis_map_page_list_find (DisMapPage  *self,
                         DisMapPoint *point)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DisMapPoint) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (item == point)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

void
_dis_map_page_list_select (DisMapPage *self,
                           guint       position)
{
  self->syncing_selection = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing_selection = FALSE;

  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->point_list), "list.scroll-to-item", "u", position);
}

/* The list view's rows are its children's children; only the few in
 * view are bound. */
GtkWidget *
_dis_map_page_list_get_row (DisMapPage  *self,
                            DisMapPoint *point)
{
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->point_list));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (DIS_IS_MAP_POINT_ROW (row) &&
          dis_map_point_row_get_point (DIS_MAP_POINT_ROW (row)) == point)
        return row;
    }

  return NULL;
}
